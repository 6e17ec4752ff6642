"""The lectures' prose: short enough for one sitting, in words a student has met, and no
temporary folder in what the executed pages show.

The word count is the course's rule for a lecture page: the Markdown cells outside the folded
exercise solutions, formulas between $ signs left out. The tables, provenance and readings of
the seed benchmarks live on the evidence pages beside the lectures (docs/evidence/), which
docs/hooks/lectures.py renders from the committed results; the last tests check that those
tables are the ones `aegan.results` prints for a lecture.
"""

import ast
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "docs" / "hooks"))  # the hook's pure helpers, no executor needed

#: The most prose words a lecture page may hold outside its folded solutions.
MAX_WORDS = 3000
#: Words a student cannot know: the project's own bookkeeping.
FORBIDDEN = {
    "issue": re.compile(r"\bissues?\b", re.IGNORECASE),
    "stricter bar": re.compile(r"\bstricter bar\b", re.IGNORECASE),
    "tracing included": re.compile(r"\btracing included\b", re.IGNORECASE),
}
#: What a temporary folder looks like in an output: a path under /tmp, a pytest or tempfile
#: folder name, wherever the machine keeps them.
TEMPORARY_PATH = re.compile(r"/tmp/|PosixPath\('/tmp|pytest-of-|\btmp[a-z0-9_]{8}\b")
LECTURE_FILES = sorted((ROOT / "lectures").glob("[0-9][0-9]_*.py"))
#: Every lecture: the session executes them all for the output check below.
LECTURES = tuple(path.stem for path in LECTURE_FILES)


def markdown_cells(text: str) -> list[str]:
    """Return the text of each Markdown cell outside the solutions, without the `# ` prefix."""
    cells = []
    for cell in re.split(r"^# %%", text, flags=re.MULTILINE):
        head, _, body = cell.partition("\n")
        if "[markdown]" not in head or "solution" in head:
            continue
        lines = body.split("\n")
        cells.append(
            "\n".join(line[2:] if line.startswith("# ") else line.lstrip("#") for line in lines)
        )
    return cells


def prose_words(text: str) -> int:
    """Return the number of prose words of a lecture script, by the course's rule."""
    prose = re.sub(r"\$[^$]*\$", " ", "\n".join(markdown_cells(text)))
    return len(re.findall(r"[A-Za-z][A-Za-z'\-]*", prose))


class TestWordCount:
    """The counting rule itself, on small scripts."""

    def test_counts_markdown_outside_solutions_and_formulas(self):
        """Only Markdown cells outside solutions count, and formulas between $ signs do not."""
        script = (
            "# %% [markdown]\n# # A title\n# One $x^2 + y$ formula, don't.\n"
            "# %%\nprint('code words')\n"
            '# %% [markdown] tags=["solution"]\n# hidden words here\n'
        )
        assert prose_words(script) == 5  # A, title, One, formula, don't

    def test_counts_hyphenated_words_once(self):
        """A hyphenated word and a number-led word are one word each, digits alone none."""
        assert prose_words("# %% [markdown]\n# two-sample test at 2,000 points\n") == 4


@pytest.mark.parametrize("path", LECTURE_FILES, ids=lambda path: path.stem)
def test_lecture_fits_one_sitting(path):
    """A lecture's prose outside its folded solutions is at most 3,000 words."""
    words = prose_words(path.read_text(encoding="utf-8"))
    assert words <= MAX_WORDS, f"{path.name}: {words} words of prose, over {MAX_WORDS}"


@pytest.mark.parametrize("path", LECTURE_FILES, ids=lambda path: path.stem)
def test_lecture_speaks_the_students_words(path):
    """No lecture's Markdown names the project's bookkeeping ("issue", "stricter bar")."""
    prose = "\n".join(markdown_cells(path.read_text(encoding="utf-8")))
    found = [word for word, pattern in FORBIDDEN.items() if pattern.search(prose)]
    assert not found, f"{path.name} says {found}"


@pytest.mark.parametrize("path", LECTURE_FILES, ids=lambda path: path.stem)
def test_lecture_imports_aegan_before_tensorflow(path):
    """`import aegan` comes before any import of Keras or TensorFlow, so that TensorFlow's
    start-up lines (which a student reads as errors) stay quiet in a script and a notebook."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    first = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            root = name.split(".")[0]
            first[root] = min(first.get(root, node.lineno), node.lineno)
    assert "aegan" in first, f"{path.name} does not import aegan"
    for heavy in ("keras", "tensorflow"):
        assert first.get(heavy, first["aegan"] + 1) > first["aegan"], f"{path.name}: {heavy}"


def test_temporary_path_pattern():
    """The pattern sees the temporary folders a run meets, and not ordinary file names."""
    assert TEMPORARY_PATH.search("PosixPath('/tmp/pytest-of-me/pytest-3/x/vae.keras')")
    assert TEMPORARY_PATH.search("written into /var/folders/ab/tmpk2j4l9x_/model.keras")
    assert not TEMPORARY_PATH.search("saved vae_encoder.keras into outputs/03_vae/")


@pytest.mark.lecture
@pytest.mark.parametrize("name", LECTURES)
def test_outputs_hold_no_temporary_path(run_lecture, name):
    """No output of an executed lecture shows a temporary folder (the session's runs write
    into temporary folders, so a printed path would show one)."""
    executed = run_lecture(name)
    shown = []
    for cell in executed.notebook.cells:
        for output in cell.get("outputs", []):
            shown.append(output.get("text", ""))
            shown.extend(
                value if isinstance(value, str) else "".join(value)
                for kind, value in output.get("data", {}).items()
                if kind.startswith("text/")
            )
    found = [text for text in shown if TEMPORARY_PATH.search(text)]
    assert not found, f"{name} shows a temporary path: {found[0][:200]!r}"


def _hook():
    """Return docs/hooks/lectures.py as a module (the site's hook, which never imports aegan).

    The hook needs the docs toolchain (MkDocs and the executor's Jupyter packages): where the
    package is installed without it, as the lowest-versions test installs it, the test skips.
    """
    import importlib.util

    pytest.importorskip("mkdocs")
    pytest.importorskip("nbclient")

    spec = importlib.util.spec_from_file_location("lectures_hook", ROOT / "docs/hooks/lectures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


EVIDENCE_PAGES = sorted((ROOT / "docs" / "evidence").glob("*.md"))


class TestEvidencePages:
    """The evidence pages' tables are rendered from the committed results, as `aegan.results`
    prints them for a lecture, and every lecture page links to its evidence page if it has one."""

    @pytest.mark.parametrize("page", EVIDENCE_PAGES, ids=lambda page: page.stem)
    def test_tables_are_the_ones_aegan_results_prints(self, page):
        """Each `aegan-results` placeholder becomes the table of `results.frame`, cell for cell,
        under the provenance of `results.provenance` (its command and commit)."""
        from aegan import results

        hook = _hook()
        text = page.read_text(encoding="utf-8")
        placeholders = list(hook.RESULTS_PLACEHOLDER.finditer(text))
        assert placeholders, f"{page.name} has no table"
        for match in placeholders:
            kind, name, spec = match.groups()
            record = results.load(name)
            if kind == "misses":
                continue
            columns = dict(item.split("=", 1) for item in spec.split(";") if item.strip())
            columns = {key.strip(): title.strip() for key, title in columns.items()}
            expected = results.frame(name, columns)
            rows = hook.results_rows(record, columns)
            assert list(rows) == list(expected.index)
            for configuration, line in rows.items():
                assert line == expected.loc[configuration].to_dict(), configuration
            rendered = hook.evidence_markdown(match.group(0))
            assert record["commit"] in rendered and record["machine"] in rendered
            assert all(configuration in rendered for configuration in rows)

    def test_misses_count_the_criteria(self):
        """An `aegan-misses` table counts, per configuration, the seeds whose failures name
        each criterion."""
        record = {
            "rows": [
                {"configuration": "a", "failures": ["PIT KS 0.04 > 0.03", "C2ST AUC 0.51"]},
                {"configuration": "a", "failures": []},
                {"configuration": "b", "failures": ["C2ST AUC 0.52"]},
            ]
        }
        rows = _hook().miss_rows(record, ["PIT KS", "C2ST"])
        assert rows == {
            "a": {"PIT KS": "1 of 2", "C2ST": "1 of 2"},
            "b": {"PIT KS": "0 of 1", "C2ST": "1 of 1"},
        }

    def test_unknown_benchmark_stops_the_build(self, tmp_path):
        """A placeholder naming results that were never committed stops the build, naming them."""
        hook = _hook()  # skips first where MkDocs is not installed
        from mkdocs.exceptions import PluginError

        with pytest.raises(PluginError, match=r"no committed results nothing_here\.json"):
            hook.evidence_markdown("<!-- aegan-results nothing_here: a=b -->", tmp_path)

    @pytest.mark.parametrize("page", EVIDENCE_PAGES, ids=lambda page: page.stem)
    def test_lecture_links_to_its_evidence(self, page):
        """The lecture an evidence page belongs to links to it from its prose."""
        lecture = ROOT / "lectures" / f"{page.stem}.py"
        prose = "\n".join(markdown_cells(lecture.read_text(encoding="utf-8")))
        assert f"(../../evidence/{page.stem}/)" in prose
