"""The site hook's helpers: the Colab address, the facts box, solutions, the API page, MathJax."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("lectures_hook", ROOT / "docs/hooks/lectures.py")
hook = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hook)

RECORD = {
    "key": "abc",
    "executed_at": "2026-11-28T01:42:16+00:00",
    "seconds": 68.23,
    "python": "3.12.1",
    "versions": {
        "keras": "3.15.1",
        "matplotlib": "3.11.2",
        "numpy": "2.5.5",
        "tensorflow": "2.21.0",
    },
}


class TestColabUrl:
    """colab_url points Colab at the lecture's notebook on a GitHub branch."""

    @pytest.mark.parametrize(
        "repo_url",
        [
            "https://github.com/owner/aegan",
            "https://github.com/owner/aegan/",
            "https://github.com/owner/aegan.git",
        ],
    )
    def test_github_repository(self, repo_url):
        """A GitHub repository URL, with or without a slash or .git, gives the Colab address."""
        assert hook.colab_url(repo_url, "notebooks", "02_ring") == (
            "https://colab.research.google.com/github/owner/aegan/blob/notebooks/lectures/02_ring.ipynb"
        )

    @pytest.mark.parametrize("repo_url", [None, "", "https://gitlab.com/owner/aegan"])
    def test_no_github_repository_gives_no_link(self, repo_url):
        """Without a GitHub repository there is no Colab link."""
        assert hook.colab_url(repo_url, "main", "02_ring") is None


class TestFactsHtml:
    """facts_html says when and with what a lecture ran, and links its downloads."""

    def test_date_duration_and_versions(self):
        """The box gives the UTC date, the duration and the versions, TensorFlow first."""
        html = hook.facts_html(RECORD, stem="01_pca", colab=None, repo_url=None)
        assert "Executed <time" in html
        assert "2026-11-28 01:42 UTC</time> in 68.2 s with Python 3.12.1" in html
        assert "TensorFlow 2.21.0, Keras 3.15.1, NumPy 2.5.5, Matplotlib 3.11.2." in html

    def test_downloads_are_relative_to_the_page(self):
        """The script and the notebook are linked next to the page."""
        html = hook.facts_html(RECORD, stem="01_pca", colab=None, repo_url=None)
        assert 'href="01_pca.py" download' in html
        assert 'href="01_pca.ipynb" download' in html
        assert "Colab" not in html

    def test_colab_link_says_how_to_install_the_package(self):
        """With a Colab link the box tells the reader to install aegan from the repository."""
        colab = hook.colab_url("https://github.com/owner/aegan", "notebooks", "01_pca")
        html = hook.facts_html(
            RECORD, stem="01_pca", colab=colab, repo_url="https://github.com/owner/aegan"
        )
        assert f'href="{colab}">Open in Colab</a>' in html
        assert '%pip install "aegan @ git+https://github.com/owner/aegan"' in html
        assert "restart the session" in html  # when pip upgraded what the runtime imported


class TestInsertAfterTitle:
    """insert_after_title puts the box right under the page's first heading."""

    def test_after_the_first_heading(self):
        """The fragment follows the first </h1> and nothing else moves."""
        page = "<h1>Title</h1><p>Text</p><h1>Other</h1>"
        assert hook.insert_after_title(page, "<div>x</div>") == (
            "<h1>Title</h1><div>x</div><p>Text</p><h1>Other</h1>"
        )

    def test_no_heading_puts_it_first(self):
        """A page without a heading gets the fragment at the top."""
        assert hook.insert_after_title("<p>Text</p>", "<div>x</div>") == "<div>x</div><p>Text</p>"


def code_cell(source: str, output: str, *, tags: tuple[str, ...] = ()) -> str:
    """Return a code cell as mkdocs-jupyter renders it: tags on both nested cell divs."""
    classes = "jp-Cell jp-CodeCell jp-Notebook-cell" + "".join(f" celltag_{t}" for t in tags)
    labels = "".join(
        f'<div class="button_container tags_button_container"><span class="tag-container">'
        f'<span class="cell-tag">{tag}</span></span></div>'
        for tag in tags
    )
    toolbar = f'<div class="celltoolbar">{labels}</div>' if tags else ""
    return (
        f'<div class="{classes}">\n<div class="{classes}">'
        f'<div class="jp-InputArea">{toolbar}<pre>{source}</pre></div>'
        f'<div class="jp-OutputArea"><div class="jp-OutputArea-output"><pre>{output}</pre>'
        "</div></div></div>\n</div>\n"
    )


def markdown_cell(text: str, *, tags: tuple[str, ...] = ()) -> str:
    """Return a Markdown cell as rendered: its tags on the body, not on the cell's div."""
    classes = "jp-RenderedMarkdown" + "".join(f" celltag_{t}" for t in tags)
    return (
        f'<div class="jp-Cell jp-MarkdownCell jp-Notebook-cell">'
        f'<div class="jp-InputArea"><div class="{classes}"><p>{text}</p></div></div></div>\n'
    )


def notebook(*cells: str) -> str:
    """Return a page whose notebook holds `cells`, as the hook receives it."""
    return (
        '<h1>Lecture</h1><div class="jupyter-wrapper"><div class="jp-Notebook">\n'
        + "".join(cells)
        + "</div></div>"
    )


class TestFoldSolutions:
    """fold_solutions folds each run of cells tagged `solution` into one collapsed <details>."""

    def folded(self, page: str):
        from bs4 import BeautifulSoup

        return BeautifulSoup(hook.fold_solutions(page), "html.parser")

    def test_code_and_its_prose_fold_together_with_the_output(self):
        """A solution's code cell and the Markdown after it make one closed box, output kept."""
        page = notebook(
            markdown_cell("1. Exercise?"),
            code_cell("print(42)", "42", tags=("solution",)),
            markdown_cell("It prints 42.", tags=("solution",)),
            markdown_cell("2. Next exercise?"),
        )
        soup = self.folded(page)
        [details] = soup.select("details")
        assert details["class"] == ["solution"]
        assert not details.has_attr("open")
        assert details.find("summary").get_text() == "Solution"
        assert details.select_one(".jp-OutputArea-output").get_text() == "42"
        assert "It prints 42." in details.get_text()
        assert "Exercise?" not in details.get_text()
        assert "Next exercise?" not in details.get_text()
        cells = soup.select_one(".jp-Notebook").find_all(True, recursive=False)
        assert [cell.name for cell in cells] == ["div", "details", "div"]

    def test_every_cell_is_kept_once(self):
        """Folding moves the cells: the page has as many cells, and as many outputs, as before."""
        page = notebook(
            code_cell("a = 1", "1"),
            code_cell("b = 2", "2", tags=("solution",)),
            code_cell("c = 3", "3", tags=("solution",)),
            markdown_cell("Prose", tags=("solution",)),
        )
        soup = self.folded(page)
        assert len(soup.select("details > .jp-Cell")) == 3
        assert [output.get_text() for output in soup.select(".jp-OutputArea-output")] == [
            "1",
            "2",
            "3",
        ]

    def test_separated_solutions_get_a_box_each(self):
        """Two solutions with an exercise between them are two boxes."""
        page = notebook(
            code_cell("x", "1", tags=("solution",)),
            markdown_cell("2. Second exercise?"),
            code_cell("y", "2", tags=("solution",)),
        )
        boxes = self.folded(page).select("details.solution")
        assert [box.select_one(".jp-OutputArea-output").get_text() for box in boxes] == ["1", "2"]

    def test_the_tag_label_is_dropped_and_other_tags_stay(self):
        """The box says "Solution", so the cell's `solution` label goes; any other tag stays."""
        page = notebook(code_cell("x", "1", tags=("solution", "slow")))
        soup = self.folded(page)
        assert [label.get_text() for label in soup.select(".cell-tag")] == ["slow"]
        page = notebook(code_cell("x", "1", tags=("solution",)))
        assert not self.folded(page).select(".celltoolbar")

    def test_page_without_solutions_is_unchanged(self):
        """A page with no solution cell comes back byte for byte."""
        page = notebook(code_cell("x", "1", tags=("other",)), markdown_cell("text"))
        assert hook.fold_solutions(page) == page


class TestApiPage:
    """The API reference lists every public module of the package."""

    def test_course_order_then_by_name(self, tmp_path):
        """Known modules come in course order, others after them by name, private ones never."""
        for name in ["plotting", "data", "zeta", "_validate", "gan", "alpha", "__init__"]:
            (tmp_path / f"{name}.py").write_text("")
        assert hook.public_modules(tmp_path) == ["data", "gan", "plotting", "alpha", "zeta"]

    def test_one_block_per_module(self, tmp_path):
        """The page has a mkdocstrings block for each public module."""
        for name in ["data", "pca"]:
            (tmp_path / f"{name}.py").write_text("")
        markdown = hook.api_markdown(tmp_path)
        assert markdown.startswith("# API reference")
        assert "::: aegan.data\n" in markdown
        assert "::: aegan.pca\n" in markdown


def test_mathjax_ships_what_the_site_loads():
    """The MathJax package holds the combined component and the fonts the site serves."""
    assert (hook.MATHJAX_DIR / "tex-mml-chtml.js").is_file()
    assert any((hook.MATHJAX_DIR / "output/chtml/fonts/woff-v2").glob("*.woff"))
    for part in hook.MATHJAX_PARTS:
        assert (hook.MATHJAX_DIR / part).exists(), part


FONT_AWESOME = "https://maxcdn.bootstrapcdn.com/font-awesome/4.4.0/css/font-awesome.min.css"


@pytest.mark.parametrize(
    "link",
    [
        "matplotlib",  # as matplotlib writes it
        f'<link href="{FONT_AWESOME}" rel="stylesheet"/>',  # as nbconvert rewrites it
    ],
)
def test_font_awesome_link_of_animations_is_dropped(link):
    """The Font Awesome CDN link of matplotlib's animations is removed, the rest is kept."""
    from matplotlib import _animation_data

    if link == "matplotlib":
        link = _animation_data.JS_INCLUDE
    else:
        link += "<script>function isInternetExplorer() {}</script>"
    page = f"<p>before</p>{link}<p>after</p>"
    cleaned = hook.without_external_stylesheets(page)
    assert "maxcdn" not in cleaned
    assert "https://" not in cleaned
    assert cleaned.startswith("<p>before</p>")
    assert "function isInternetExplorer" in cleaned


def test_hook_imports_neither_aegan_nor_tensorflow():
    """Loading the hook, as MkDocs does for every build, imports no aegan and no TensorFlow."""
    hooks = ROOT / "docs" / "hooks"
    script = (
        "import importlib.util, sys\n"
        f"sys.path.insert(0, {str(hooks)!r})\n"
        f"spec = importlib.util.spec_from_file_location('hook', {str(hooks / 'lectures.py')!r})\n"
        "spec.loader.exec_module(importlib.util.module_from_spec(spec))\n"
        "heavy = ('aegan', 'tensorflow', 'keras')\n"
        "print(sorted(name for name in sys.modules if name.split('.')[0] in heavy))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]"


def test_api_page_comes_from_the_package_folder():
    """The hook finds the package as a folder of the repository, and its modules by file."""
    assert hook.executor.PACKAGE_DIR == ROOT / "src" / "aegan"
    assert "data" in hook.public_modules(hook.executor.PACKAGE_DIR)
