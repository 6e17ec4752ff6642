"""The site: a strict build renders every lecture, and a failing cell fails the build."""

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
LECTURE_NAMES = sorted(path.stem for path in (ROOT / "lectures").glob("*.py"))
#: A jupytext cell marker that tags its cell `solution`: `# %% tags=["solution"]`.
SOLUTION_MARKER = re.compile(r'^# %%.*\btags=\[[^\]]*"solution"', re.MULTILINE)

pytestmark = pytest.mark.site


def test_strict_build_succeeds(built_site):
    """`mkdocs build --strict` passes and writes the home page."""
    process, site_dir = built_site
    assert process.returncode == 0, process.stderr[-3000:]
    assert (site_dir / "index.html").is_file()


def test_build_executes_no_lecture_again(built_site):
    """The build reads every lecture from the session's executions: none runs a second time."""
    process, _ = built_site
    reported = dict(re.findall(r"(\d\d_\w+)\.py: (cached|executed in [\d.]+ s)", process.stderr))
    assert reported == dict.fromkeys(LECTURE_NAMES, "cached"), process.stderr[-3000:]


def test_api_page_lists_the_modules(built_site):
    """The API page, generated from the package's files, documents every public module."""
    _, site_dir = built_site
    page = (site_dir / "api" / "index.html").read_text(encoding="utf-8")
    modules = [
        path.stem for path in (ROOT / "src" / "aegan").glob("*.py") if not path.stem.startswith("_")
    ]
    assert modules
    for name in modules:
        assert f'id="aegan.{name}"' in page, name


@pytest.mark.parametrize("name", LECTURE_NAMES)
def test_lecture_page_is_rendered_with_figures(built_site, name):
    """Each lecture has a page with its outputs and inline figures, and no traceback."""
    _, site_dir = built_site
    page = (site_dir / "lectures" / name / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<img [^>]*src="data:image/png;base64,', page)
    assert "jp-OutputArea-output" in page
    assert '"nbformat":' not in page  # rendered, not the notebook's JSON
    assert "Traceback" not in page
    assert not re.search(r"\bError\b.*\bline \d+", page)


@pytest.mark.parametrize("name", LECTURE_NAMES)
def test_solutions_are_folded_with_their_outputs(built_site, name):
    """Every cell tagged `solution` is on the page once, in a closed box that shows outputs."""
    _, site_dir = built_site
    page = (site_dir / "lectures" / name / "index.html").read_text(encoding="utf-8")
    source = (ROOT / "lectures" / f"{name}.py").read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    boxes = soup.select("details.solution")
    cells = [
        cell for box in boxes for cell in box.find_all("div", class_="jp-Cell", recursive=False)
    ]
    assert len(cells) == len(SOLUTION_MARKER.findall(source))
    for box in boxes:
        assert box.find("summary").get_text(strip=True) == "Solution"
        assert not box.has_attr("open")
        assert box.select_one(".jp-OutputArea-output"), "a solution with no executed output"
    loose = [
        tagged for tagged in soup.select(".celltag_solution") if not tagged.find_parent("details")
    ]
    assert loose == []


def test_failing_cell_fails_the_build(tmp_path):
    """A lecture whose cell raises stops the build, naming the lecture and the cell."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "lectures").mkdir()
    (tmp_path / "lectures" / "09_throwaway.py").write_text(
        textwrap.dedent(
            """\
            # %% [markdown]
            # # A lecture that breaks

            # %%
            ready = True

            # %%
            raise RuntimeError("the detector caught fire")
            """
        )
    )
    (tmp_path / "mkdocs.yml").write_text(
        textwrap.dedent(
            f"""\
            site_name: Throwaway
            hooks:
              - {ROOT / "docs" / "hooks" / "lectures.py"}
            plugins:
              - mkdocs-jupyter:
                  notebook_dirs:
                    lectures: lectures
                  include: ["*.py"]
            """
        )
    )
    env = {
        **os.environ,
        "AEGAN_LECTURE_CACHE": str(tmp_path / "cache"),
        "NO_MKDOCS_2_WARNING": "1",
    }
    process = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=600,
    )
    assert process.returncode != 0
    assert "Lecture 09_throwaway.py failed in cell 3" in process.stderr
    assert "RuntimeError: the detector caught fire" in process.stderr
    assert not (tmp_path / "site" / "lectures").exists()
