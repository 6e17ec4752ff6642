"""The site's checker reports (docs/hooks/checks.py): placeholders become real reports.

The quick tests drive the hook with fake reports; the test marked `site` reads the Assignments
page of the built site, whose reports the checker printed on the models the lectures saved.
"""

import html
import json
import re
import shlex
import sys
from pathlib import Path
from types import SimpleNamespace

import checks
import executor
import pytest
from mkdocs.exceptions import PluginError

from aegan import check

ROOT = Path(__file__).resolve().parent.parent
ASSIGNMENTS = ROOT / "docs" / "assignments.md"


def page(src_path: str = "assignments.md"):
    """Return a stand-in for an MkDocs page: what the hook reads of it."""
    return SimpleNamespace(file=SimpleNamespace(src_path=src_path))


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """Point the hook at an empty cache; return it."""
    monkeypatch.setattr(checks, "CACHE_DIR", tmp_path)
    monkeypatch.setattr(checks, "REPORTS_DIR", tmp_path / "checks")
    return tmp_path


def fake_execution(cache: Path, stem: str) -> Path:
    """Write a cache entry of lecture `stem` that saved one model; return its models."""
    models = cache / stem / "models"
    models.mkdir(parents=True)
    (cache / stem / "lecture.ipynb").write_text(json.dumps({"metadata": {"aegan": {"key": "k"}}}))
    (models / "model.keras").write_bytes(b"weights")
    return models


def test_assignments_page_asks_for_valid_checks():
    """Each placeholder of the Assignments page names a lecture and a valid checker command."""
    found = list(checks.PLACEHOLDER.finditer(ASSIGNMENTS.read_text(encoding="utf-8")))
    assert [match["lecture"] for match in found] == [
        "02_ring_autoencoder",
        "04_gan_1d_function",
        "05_conditional_generation",
        "07_event_simulation",
    ]
    for match in found:
        assert (ROOT / "lectures" / f"{match['lecture']}.py").is_file()
        check.parser().parse_args(shlex.split(match["arguments"]))


def test_long_command_continues_before_an_option():
    """A command wider than the column breaks before an option, with the shell's backslash."""
    block = checks.console_block(
        "ring autoencoder.keras --encoder encoder.keras --decoder decoder.keras", "report"
    )
    assert block.splitlines()[1:3] == [
        "$ python -m aegan.check ring autoencoder.keras --encoder encoder.keras \\",
        "    --decoder decoder.keras",
    ]
    short = checks.console_block("gan generator.keras", "report")
    assert short.splitlines()[1] == "$ python -m aegan.check gan generator.keras"


def test_placeholder_becomes_the_report_and_is_cached(cache, monkeypatch):
    """The placeholder is replaced by the command and its report; a second build reuses it."""
    models = fake_execution(cache, "02_ring")
    calls = []

    def run_checks(requests):
        calls.append(requests)
        return ["aegan check ring: model.keras\nverdict: PASS\n" for _ in requests]

    monkeypatch.setattr(checks, "run_checks", run_checks)
    markdown = "Intro\n\n<!-- aegan-check 02_ring: ring model.keras -->\n\nEnd\n"
    expected = (
        "Intro\n\n```console\n$ python -m aegan.check ring model.keras\n"
        "aegan check ring: model.keras\nverdict: PASS\n```\n\nEnd\n"
    )
    assert checks.on_page_markdown(markdown, page(), {}, None) == expected
    assert calls == [[("ring model.keras", models)]]
    assert checks.on_page_markdown(markdown, page(), {}, None) == expected
    assert calls[1:] == [[]]
    (models / "model.keras").write_bytes(b"other weights")
    checks.on_page_markdown(markdown, page(), {}, None)
    assert calls[2:] == [[("ring model.keras", models)]]


def test_lecture_without_models_stops_the_build(cache):
    """A placeholder whose lecture left no models in the cache fails the build, saying which."""
    with pytest.raises(PluginError, match="no saved models of lecture '02_ring'"):
        checks.on_page_markdown("<!-- aegan-check 02_ring: ring a.keras -->", page(), {}, None)


def test_models_are_those_of_the_lectures_entry(cache):
    """The hook reads the models folder of the lecture's cache entry, not another lecture's."""
    models = fake_execution(cache, "02_ring")
    fake_execution(cache, "04_gan")
    assert executor.cached_models(cache, "02_ring") == models
    assert executor.cached_models(cache, "03_vae") is None


def test_failing_verdict_is_shown_not_an_error(cache, monkeypatch):
    """A check that exits 1 (a FAIL verdict) is a true report: the page shows it."""
    models = fake_execution(cache, "05_simulation")
    report = "aegan check simulator: model.keras\nverdict: FAIL (1 of the required checks failed)"
    monkeypatch.setattr(
        checks,
        "command",
        lambda arguments: [sys.executable, "-c", f"print({report!r}); raise SystemExit(1)"],
    )
    assert checks.run_checks([("simulator model.keras", models)]) == [report + "\n"]


@pytest.mark.site
def test_check_that_cannot_run_stops_the_build(cache):
    """A check that exits 2 fails the build with the checker's one-line reason."""
    models = fake_execution(cache, "02_ring")
    with pytest.raises(PluginError, match="exited 2: aegan check: autoencoder: no such file"):
        checks.run_checks([("ring missing.keras", models)])


@pytest.mark.site
def test_assignments_page_shows_real_reports(built_site):
    """The built Assignments page shows the checker's four reports on the lectures' models:
    Lecture 2's autoencoder, Lecture 4's generator, Lecture 5's simulator and Lecture 7's jet
    simulator."""
    process, site_dir = built_site
    assert process.returncode == 0, process.stderr[-3000:]
    text = (site_dir / "assignments" / "index.html").read_text(encoding="utf-8")
    assert "aegan-check" not in text
    plain = html.unescape(re.sub(r"<[^>]+>", "", text))
    assert "$ python -m aegan.check ring autoencoder.keras --encoder encoder.keras" in plain
    assert "aegan check ring: autoencoder.keras" in plain
    assert re.search(r"ok\s+mean distance < 0\.1 \(ring's width\)\s+0\.0\d\d\d on 10,000", plain)
    assert "aegan check gan: generator.keras" in plain
    assert "$ python -m aegan.check simulator simulator.keras" in plain
    assert "aegan check simulator: simulator.keras" in plain
    assert re.search(r"(ok|FAIL)\s+E = 95 GeV: PIT KS <= 0\.03\s+0\.0\d{3} \(true events", plain)
    assert "$ python -m aegan.check jets jet_simulator.keras" in plain
    assert "aegan check jets: jet_simulator.keras" in plain
    # Four reports, each with its verdict; whether a GAN run passes is that run's luck.
    assert len(re.findall(r"verdict: (PASS|FAIL) ", plain)) == 4
