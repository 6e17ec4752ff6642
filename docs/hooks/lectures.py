"""MkDocs hook: execute the lectures (cached, never stale) and give each page its downloads.

mkdocs-jupyter mounts `lectures/` with `notebook_dirs` and would execute each script itself,
caching on the script's bytes alone. Here the lectures are instead executed by `executor.py`
(next to this file; MkDocs puts this folder on sys.path while it imports the hook), whose cache
key covers the code cells, the package and the versions of its dependency tree; lectures that
are not cached run together, one kernel per core. The page is then rendered from the executed
notebook, with execution turned off in mkdocs-jupyter. A failing cell stops the build with the
lecture's name and the cell.

The hook never imports `aegan` (that would import TensorFlow into every build, seconds for
nothing): the package is only a folder here, read for the cache key and the API page.

Each lecture page also gets, under its title, when and with what it ran, and links to the
script, to the executed notebook (both written next to the page) and to Colab. An exercise's
solution is ordinary cells tagged `solution` (`# %% tags=["solution"]`), executed like every
other cell; on the page each run of consecutive solution cells is folded into one collapsed
`<details class="solution">`. MathJax is served from the site: its files are added from the
django-static-mathjax package.
"""

import html
import logging
import os
import re
from datetime import datetime
from pathlib import Path

import executor
import mathjax
import mkdocs.plugins
import nbformat
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.lectures")

#: Where executed lectures are kept; AEGAN_LECTURE_CACHE overrides it (the tests use it).
CACHE_DIR = Path(os.environ.get("AEGAN_LECTURE_CACHE") or executor.ROOT / ".cache" / "lectures")
RENDERED_DIR = CACHE_DIR / "rendered"
#: mkdocs-jupyter's cache of rendered pages, beside the executed lectures it renders (rather
#: than under the current folder, where a test's build would evict the working tree's entries).
HTML_CACHE_DIR = CACHE_DIR / "html"
#: How many lectures execute at once: one kernel per core, two at most, which the Performance
#: page measured faster than one after another. AEGAN_LECTURE_WORKERS overrides it (the
#: site-build benchmark times both).
WORKERS = int(os.environ.get("AEGAN_LECTURE_WORKERS") or max(1, min(2, os.cpu_count() or 1)))
#: MathJax 3 as shipped by django-static-mathjax, and the parts of it the site serves.
MATHJAX_DIR = Path(mathjax.__file__).parent / "static/mathjax/es5"
MATHJAX_PARTS = ("tex-mml-chtml.js", "a11y", "input", "output", "sre", "ui")
#: How the reported distributions are spelled on the page.
DISPLAY_NAMES = {
    "tensorflow": "TensorFlow",
    "keras": "Keras",
    "numpy": "NumPy",
    "matplotlib": "Matplotlib",
}

#: The API reference lists the package's public modules in the order the course meets them.
MODULE_ORDER = (
    "data",
    "pca",
    "autoencoder",
    "vae",
    "gan",
    "training",
    "stats",
    "scores",
    "plotting",
)
API_INTRO = """\
# API reference

Everything the lectures call lives in the `aegan` package (`src/aegan/`), with tests. This page
is generated from the package's docstrings, one section per module, in the order the course
meets them.
"""

#: Stylesheets that notebook outputs link from a CDN, and why the site can do without them.
#: matplotlib's `to_jshtml()` animations link Font Awesome 4 for their buttons' icons;
#: assets/stylesheets/lectures.css draws those icons with plain characters instead.
#: (nbconvert rewrites the tag, so its attributes may come in any order.)
EXTERNAL_STYLESHEETS = re.compile(
    r'<link\b[^>]*\bhref="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"[^>]*>'
)

#: The cell tag that marks an exercise's solution, and the class nbconvert gives its cells.
SOLUTION_TAG = "solution"
SOLUTION_CLASS = f"celltag_{SOLUTION_TAG}"

#: The lectures of this build: page src_path -> (script, executed lecture).
_executed: dict[str, tuple[Path, executor.ExecutedLecture]] = {}


def _write_if_changed(path: Path, text: str) -> None:
    """Write `text` only when it differs, so unchanged pages stay cache hits downstream."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def colab_url(repo_url: str | None, branch: str, stem: str) -> str | None:
    """Return the Colab address of a lecture's notebook on a GitHub branch, or None."""
    prefix = "https://github.com/"
    if not repo_url or not repo_url.startswith(prefix):
        return None
    repository = repo_url.removeprefix(prefix).strip("/").removesuffix(".git")
    return (
        f"https://colab.research.google.com/github/{repository}/blob/{branch}/lectures/{stem}.ipynb"
    )


def facts_html(record: dict, *, stem: str, colab: str | None, repo_url: str | None) -> str:
    """Return the box under a lecture's title: when and with what it ran, and its downloads."""
    executed_at = datetime.fromisoformat(record["executed_at"]).strftime("%Y-%m-%d %H:%M UTC")
    # TensorFlow first, as in DISPLAY_NAMES: the stored record's keys come back sorted.
    rank = {name: index for index, name in enumerate(DISPLAY_NAMES)}
    ordered = sorted(record["versions"], key=lambda name: (rank.get(name, len(rank)), name))
    versions = ", ".join(
        f"{DISPLAY_NAMES.get(name, name)} {record['versions'][name]}" for name in ordered
    )
    links = [
        f'<a href="{stem}.py" download>script (.py)</a>',
        f'<a href="{stem}.ipynb" download>notebook with outputs (.ipynb)</a>',
    ]
    if colab:
        links.append(f'<a href="{html.escape(colab)}">Open in Colab</a>')
    colab_note = (
        '<p class="lecture-facts__note">In Colab, first run '
        f'<code>%pip install "aegan @ git+{html.escape(repo_url)}"</code> in a new cell: '
        "the lecture imports the course package.</p>"
        if colab and repo_url
        else ""
    )
    stamp = html.escape(record["executed_at"])
    return (
        '<div class="lecture-facts" markdown="0">'
        f'<p class="lecture-facts__run">Executed <time datetime="{stamp}">'
        f"{executed_at}</time> in {record['seconds']:.1f} s with Python "
        f"{html.escape(record['python'])}, {html.escape(versions)}.</p>"
        f'<p class="lecture-facts__links">Download: {" · ".join(links)}</p>'
        f"{colab_note}</div>"
    )


def insert_after_title(page_html: str, fragment: str) -> str:
    """Insert `fragment` after the page's first heading (or at the top if it has none)."""
    end = page_html.find("</h1>")
    if end < 0:
        return fragment + page_html
    end += len("</h1>")
    return page_html[:end] + fragment + page_html[end:]


def public_modules(package_dir: Path) -> list[str]:
    """Return the package's public module names, in MODULE_ORDER first, then by name."""
    names = [path.stem for path in package_dir.glob("*.py") if not path.stem.startswith("_")]
    ranked = {name: index for index, name in enumerate(MODULE_ORDER)}
    return sorted(names, key=lambda name: (ranked.get(name, len(ranked)), name))


def api_markdown(package_dir: Path) -> str:
    """Return the API reference page: an intro and a mkdocstrings block per public module."""
    blocks = [f"::: aegan.{name}\n" for name in public_modules(package_dir)]
    return API_INTRO + "\n" + "\n".join(blocks)


def without_external_stylesheets(page_html: str) -> str:
    """Remove the CDN stylesheet links that notebook outputs carry (see EXTERNAL_STYLESHEETS)."""
    return EXTERNAL_STYLESHEETS.sub("", page_html)


def _is_solution(cell) -> bool:
    """Return True for a notebook cell whose div (or, for Markdown, whose body) has the tag."""
    # nbconvert puts a code cell's tags on the cell's div, a Markdown cell's on its body.
    classes = cell.get("class", [])
    return SOLUTION_CLASS in classes or cell.select_one(f".{SOLUTION_CLASS}") is not None


def fold_solutions(page_html: str) -> str:
    """Fold each run of consecutive cells tagged `solution` into a collapsed <details>.

    The cells stay as they are (code, outputs and figures included) inside
    `<details class="solution"><summary>Solution</summary>...</details>`; the tag's label,
    which the notebook template shows on a code cell, is dropped: the box says it. A page
    without solution cells is returned unchanged.
    """
    if SOLUTION_CLASS not in page_html:
        return page_html
    soup = BeautifulSoup(page_html, "html.parser")
    for notebook in soup.select("div.jp-Notebook"):
        runs: list[list] = []
        previous = None
        for cell in notebook.find_all("div", class_="jp-Cell", recursive=False):
            if not _is_solution(cell):
                continue
            # Consecutive: nothing but whitespace between this cell and the last solution cell.
            if previous is not None and cell.find_previous_sibling(True) is previous:
                runs[-1].append(cell)
            else:
                runs.append([cell])
            previous = cell
        for run in runs:
            details = soup.new_tag("details", attrs={"class": "solution"})
            summary = soup.new_tag("summary")
            summary.string = "Solution"
            details.append(summary)
            run[0].insert_before(details)
            for cell in run:
                details.append(cell.extract())
            for label in details.select(".celltoolbar .cell-tag"):
                if label.get_text(strip=True) == SOLUTION_TAG:
                    label.find_parent(class_="button_container").decompose()
            for toolbar in details.select(".celltoolbar"):
                if not toolbar.find(True):
                    toolbar.decompose()
    return str(soup)


def _mathjax_files(config) -> list[File]:
    """Return MathJax's files as site files under assets/mathjax/."""
    found = []
    for part in MATHJAX_PARTS:
        root = MATHJAX_DIR / part
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file():
                src_uri = f"assets/mathjax/{path.relative_to(MATHJAX_DIR).as_posix()}"
                found.append(File.generated(config, src_uri, abs_src_path=str(path)))
    return found


def on_config(config):
    if "mkdocs-jupyter" in config["plugins"]:
        config["plugins"]["mkdocs-jupyter"].config["cache_dir"] = str(HTML_CACHE_DIR)
    return config


@mkdocs.plugins.event_priority(-100)  # after mkdocs-jupyter has mounted and wrapped the files
def on_files(files, config):
    _executed.clear()
    # Lectures are the .py files that notebook_dirs mounts under lectures/.
    pages = [
        file
        for file in files
        if file.src_path.startswith("lectures/") and file.src_path.endswith(".py")
    ]
    outcomes = executor.execute_all(
        [file.abs_src_path for file in pages], cache_dir=CACHE_DIR, workers=WORKERS
    )
    failures = [str(outcome) for outcome in outcomes.values() if isinstance(outcome, Exception)]
    if failures:
        raise PluginError("\n\n".join(failures))
    downloads = []
    for file in pages:
        source = Path(file.abs_src_path)
        executed = outcomes[source.stem]
        how = "cached" if executed.from_cache else f"executed in {executed.seconds:.1f} s"
        log.info("%s: %s", source.name, how)
        text = nbformat.writes(executed.notebook)
        rendered = RENDERED_DIR / f"{source.stem}.ipynb"
        _write_if_changed(rendered, text)
        file.abs_src_path = str(rendered)
        _executed[file.src_path] = (source, executed)
        # The downloads sit next to the page: lectures/<stem>/<stem>.py and .ipynb.
        folder = Path(file.dest_uri).parent.as_posix()
        downloads.append(
            File.generated(config, f"{folder}/{source.stem}.py", abs_src_path=str(source))
        )
        downloads.append(File.generated(config, f"{folder}/{source.stem}.ipynb", content=text))
    if "mkdocstrings" in config["plugins"]:  # the API page needs it to render
        downloads.append(
            File.generated(config, "api.md", content=api_markdown(executor.PACKAGE_DIR))
        )
    for extra in [*downloads, *_mathjax_files(config)]:
        files.append(extra)
    return files


def on_page_content(html_content, page, config, files):
    if page.file.src_path not in _executed:
        return html_content
    source, executed = _executed[page.file.src_path]
    repo_url = config.get("repo_url")
    colab = colab_url(repo_url, config["extra"].get("colab_branch", "main"), source.stem)
    fragment = facts_html(executed.metadata, stem=source.stem, colab=colab, repo_url=repo_url)
    page_html = fold_solutions(without_external_stylesheets(html_content))
    return insert_after_title(page_html, fragment)
