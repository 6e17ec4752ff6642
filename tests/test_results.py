"""Tests of aegan.results: the seed benchmarks' committed results and their table."""

import json

import pytest

from aegan import results


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
    return results.write("toy_seeds", "python benchmarks/toy_seeds.py", rows, "score <= 2")


class TestWrite:
    def test_records_where_and_when(self, written):
        """The file keeps the rows with the command, the time, the commit and the versions."""
        record = json.loads(written.read_text())
        assert record["command"] == "python benchmarks/toy_seeds.py"
        assert record["measured"].endswith("UTC")
        assert {"python", "tensorflow", "keras"} <= set(record["versions"])
        assert record["commit"]
        assert len(record["rows"]) == 4


class TestSummary:
    def test_counts_and_ranges(self, written):
        """Each configuration shows its passing seeds and the median and range of a score."""
        table = results.summary("toy_seeds", {"score": "score"})
        lines = table.splitlines()
        assert "measured" in lines[1] and "commit" in lines[1]
        assert any(
            line.startswith("a") and "2 of 3" in line and "2 (1 to 3)" in line for line in lines
        )
        assert any(line.startswith("b") and "0 of 1" in line for line in lines)

    def test_missing_score_is_a_dash(self, written):
        """A score no row of a configuration has is shown as a dash."""
        assert "-" in results.summary("toy_seeds", {"other": "other"}).splitlines()[-1]


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
