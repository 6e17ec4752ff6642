"""Tests of aegan.results: the seed benchmarks' committed results and their table."""

import json
import sys
from pathlib import Path

import pytest

from aegan import results

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
import record


@pytest.fixture
def written(tmp_path, monkeypatch):
    """A benchmark 'toy_seeds' written into a temporary results folder."""
    monkeypatch.setattr(results, "path", lambda name: tmp_path / f"{name}.json")
    rows = [
        {"configuration": "a", "seed": 0, "passes": True, "score": 1.0},
        {"configuration": "a", "seed": 1, "passes": False, "score": 3.0},
        {"configuration": "a", "seed": 2, "passes": True, "score": 2.0},
        {"configuration": "b", "seed": 0, "passes": False, "score": 10.0},
    ]
    return record.write("toy_seeds", "python benchmarks/toy_seeds.py", rows, "score <= 2")


class TestWrite:
    def test_records_where_and_when(self, written):
        """The file keeps the rows with the command, the time, the commit and the versions."""
        written_record = json.loads(written.read_text())
        assert written_record["command"] == "python benchmarks/toy_seeds.py"
        assert written_record["measured"].endswith("UTC")
        assert {"python", "tensorflow", "keras"} <= set(written_record["versions"])
        assert written_record["commit"]
        assert len(written_record["rows"]) == 4

    def test_parts_keep_the_other_parts_rows(self, written):
        """Writing some configurations again keeps the others' rows, sorted by the order."""
        again = [{"configuration": "b", "seed": 0, "passes": True, "score": 1.0}]
        record.write_parts("toy_seeds", "python x.py", again, "score <= 2", ["b", "a"])
        rows = results.load("toy_seeds")["rows"]
        assert [(row["configuration"], row["seed"]) for row in rows] == [
            ("b", 0),
            ("a", 0),
            ("a", 1),
            ("a", 2),
        ]
        assert rows[0]["passes"] is True

    def test_parts_keep_where_and_when_each_was_measured(self, written):
        """Rows kept from an earlier run keep that run's command, time and commit, and the
        provenance names each run with its configurations; one run alone reads as before."""
        again = [{"configuration": "b", "seed": 0, "passes": True, "score": 1.0}]
        record.write_parts("toy_seeds", "python x.py b", again, "score <= 2", ["b", "a"])
        parts = results.load("toy_seeds")["parts"]
        assert parts["a"]["command"] == "python benchmarks/toy_seeds.py"
        assert parts["b"]["command"] == "python x.py b"
        lines = results.provenance("toy_seeds").splitlines()
        assert lines[0] == "toy_seeds, measured in 2 runs:"
        assert lines[1].startswith("- b: python x.py b, measured ")
        assert lines[2].startswith("- a: python benchmarks/toy_seeds.py, measured ")
        every = results.load("toy_seeds")["rows"]
        record.write_parts("toy_seeds", "python x.py a b", every, "score <= 2", ["b", "a"])
        assert results.provenance("toy_seeds").splitlines()[0] == "toy_seeds: python x.py a b"


class TestFrame:
    def test_counts_and_ranges(self, written):
        """Each configuration is a row: its passing seeds, a score's median and range."""
        table = results.frame("toy_seeds", {"score": "the score"})
        assert list(table.index) == ["a", "b"]
        assert list(table.columns) == ["passing", "the score"]
        assert table.loc["a", "passing"] == "2 of 3"
        assert table.loc["a", "the score"] == "2 [1, 3]"
        assert table.loc["b", "passing"] == "0 of 1"

    def test_missing_score_is_a_dash(self, written):
        """A score no row of a configuration has is shown as a dash."""
        assert results.frame("toy_seeds", {"other": "other"}).loc["b", "other"] == "-"


class TestShow:
    def test_prints_provenance_then_the_table(self, written, capsys):
        """A script prints what was run, where and when, then the table as aligned text."""
        results.show("toy_seeds", {"score": "score"})
        lines = capsys.readouterr().out.splitlines()
        assert lines[0] == "toy_seeds: python benchmarks/toy_seeds.py"
        assert "measured" in lines[1] and "commit" in lines[1]
        assert lines[3] == "passing: score <= 2"
        assert lines[-2].split() == ["a", "2", "of", "3", "2", "[1,", "3]"]


@pytest.mark.parametrize("name", ["cgan_seeds", "flow_seeds", "vae_seeds", "ring_gan_seeds"])
def test_provenance_lines_fit_a_page(name):
    """Every committed benchmark's provenance keeps to `WIDTH`, its criteria wrapped whole."""
    text = results.provenance(name)
    assert max(map(len, text.splitlines())) <= results.WIDTH
    record = results.load(name)
    assert " ".join(text.split()).count(" ".join(record["thresholds"].split())) == 1


class TestSummary:
    def test_is_provenance_and_table(self, written):
        """The text summary is the provenance followed by the table, as `show` prints it."""
        text = results.summary("toy_seeds", {"score": "score"})
        assert text.startswith(results.provenance("toy_seeds") + "\n")
        assert text.endswith(results.frame("toy_seeds", {"score": "score"}).to_string())


class TestLoad:
    @pytest.mark.parametrize("name", ["vae_seeds", "gan_seeds"])
    def test_committed_results_load(self, name):
        """The lectures' seed benchmarks have committed results with five seeds per recipe."""
        record = results.load(name)
        seeds = {}
        for row in record["rows"]:
            seeds.setdefault(row["configuration"], set()).add(row["seed"])
        assert all(found == {0, 1, 2, 3, 4} for found in seeds.values())

    def test_missing_benchmark(self):
        """An unknown benchmark names the script to run."""
        with pytest.raises(FileNotFoundError, match=r"benchmarks/nothing_here\.py"):
            results.load("nothing_here")

    @pytest.mark.parametrize("name", ["../x", "", 3])
    def test_bad_name(self, name):
        """A name that is not an identifier is refused, naming the argument."""
        with pytest.raises(ValueError, match="name must be"):
            results.path(name)


def test_ring_training_seeds_support_lecture_2():
    """Lecture 2's seed table supports its page: over the committed seeds each change lowers
    the whole range of distances, and only the full recipe reaches the course's target."""
    rows = results.load("ring_training_seeds")["rows"]

    def distances(configuration):
        return [row["distance"] for row in rows if row["configuration"] == configuration]

    plain = distances("plain Keras")
    short = distances("distance loss, AdamW, cosine")
    full = distances("RING_AUTOENCODER (1000 epochs)")
    assert len(plain) == len(short) == len(full) == 5
    assert max(short) < min(plain)
    assert max(full) < min(short)
    assert all(row["passes"] for row in rows if row["configuration"].startswith("RING_AUTOENCODER"))
    assert not any(row["passes"] for row in rows if not row["configuration"].startswith("RING"))
