"""MkDocs hook: lecture pages from executed, cached notebooks, with their downloads.

It never imports `aegan` (TensorFlow would load into every build): the package is a folder here,
read for the cache key and the API page. README.md beside this file says what it does and why.
"""

import html
import json
import logging
import os
import re
import statistics
from datetime import datetime
from pathlib import Path

import executor
import mathjax
import mkdocs.plugins
from bs4 import BeautifulSoup
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

log = logging.getLogger("mkdocs.hooks.lectures")

#: Where executed lectures are kept; AEGAN_LECTURE_CACHE overrides it (the tests use it).
CACHE_DIR = Path(os.environ.get("AEGAN_LECTURE_CACHE") or executor.ROOT / ".cache" / "lectures")
#: How many lectures execute at once: one kernel per core, two at most (docs/performance.md).
WORKERS = int(os.environ.get("AEGAN_LECTURE_WORKERS") or max(1, min(2, os.cpu_count() or 1)))
#: MathJax 3 as shipped by django-static-mathjax, and the parts of it the site serves.
MATHJAX_DIR = Path(mathjax.__file__).parent / "static/mathjax/es5"
MATHJAX_PARTS = ("tex-mml-chtml.js", "a11y", "input", "output", "sre", "ui")
#: How the page spells the distributions the executor reports, in this order.
DISPLAY_NAMES = dict(tensorflow="TensorFlow", keras="Keras", numpy="NumPy", matplotlib="Matplotlib")
#: The API reference lists the public modules in the order the course meets them, then the rest.
MODULE_ORDER = (
    "data",
    "pca",
    "autoencoder",
    "vae",
    "gan",
    "layers",
    "callbacks",
    "recipes",
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
#: matplotlib's `to_jshtml()` animations link Font Awesome 4 from a CDN for their buttons;
#: assets/stylesheets/lectures.css draws those icons with plain characters instead.
EXTERNAL_STYLESHEETS = re.compile(
    r'<link\b[^>]*\bhref="https://maxcdn\.bootstrapcdn\.com/font-awesome/[^"]*"[^>]*>'
)
#: The cell tag of an exercise's solution, and the class nbconvert gives its cells.
SOLUTION_TAG = "solution"
SOLUTION_CLASS = f"celltag_{SOLUTION_TAG}"

#: A seed benchmark's table on an evidence page: `<!-- aegan-results gan_seeds: ks=KS; ... -->`
#: (score key = column title, as `aegan.results.show` takes them), and the count of seeds that
#: miss each criterion of the bar: `<!-- aegan-misses cgan_seeds: PIT KS; median; C2ST -->`.
RESULTS_PLACEHOLDER = re.compile(r"<!--\s*aegan-(results|misses)\s+(\w+)\s*:(.*?)-->", re.DOTALL)
#: The committed results of the seed benchmarks, which `aegan.results` reads too.
RESULTS_DIR = executor.PACKAGE_DIR / "benchmark_results"

#: The lectures of this build: page src_path -> (script, executed lecture).
_executed: dict[str, tuple[Path, executor.ExecutedLecture]] = {}


def colab_url(repo_url: str | None, branch: str, stem: str) -> str | None:
    """Return the Colab address of a lecture's notebook on a GitHub branch, or None."""
    if not repo_url or not repo_url.startswith("https://github.com/"):
        return None
    repository = repo_url.removeprefix("https://github.com/").strip("/").removesuffix(".git")
    return (
        f"https://colab.research.google.com/github/{repository}/blob/{branch}/lectures/{stem}.ipynb"
    )


def facts_html(record: dict, *, stem: str, colab: str | None, repo_url: str | None) -> str:
    """Return the box under a lecture's title: when and with what it ran, and its downloads."""
    executed_at = datetime.fromisoformat(record["executed_at"]).strftime("%Y-%m-%d %H:%M UTC")
    versions = ", ".join(f"{shown} {record['versions'][n]}" for n, shown in DISPLAY_NAMES.items())
    links = [
        f'<a href="{stem}.py" download>script (.py)</a>',
        f'<a href="{stem}.ipynb" download>notebook with outputs (.ipynb)</a>',
    ]
    note = ""
    if colab:
        links.append(f'<a href="{html.escape(colab)}">Open in Colab</a>')
    if colab and repo_url:
        note = (
            '<p class="lecture-facts__note">In Colab, first run '
            f'<code>%pip install "aegan @ git+{html.escape(repo_url)}"</code> in a new cell: '
            "the lecture imports the course package. If pip lists anything besides aegan as "
            "installed, restart the session (Runtime, Restart session) before running on.</p>"
        )
    stamp = html.escape(record["executed_at"])
    return (
        '<div class="lecture-facts" markdown="0">'
        f'<p class="lecture-facts__run">Executed <time datetime="{stamp}">{executed_at}</time>'
        f" in {record['seconds']:.1f} s with Python "
        f"{html.escape(record['python'])}, {html.escape(versions)}.</p>"
        f'<p class="lecture-facts__links">Download: {" · ".join(links)}</p>{note}</div>'
    )


def insert_after_title(page_html: str, fragment: str) -> str:
    """Insert `fragment` after the page's first heading (or at the top if it has none)."""
    end = page_html.find("</h1>")
    end = 0 if end < 0 else end + len("</h1>")
    return page_html[:end] + fragment + page_html[end:]


def public_modules(package_dir: Path) -> list[str]:
    """Return the package's public modules and subpackages, in MODULE_ORDER first, then by name."""
    paths = [
        *package_dir.glob("*.py"),
        *(path.parent for path in package_dir.glob("*/__init__.py")),
    ]
    names = [path.stem for path in paths if not path.stem.startswith("_")]
    ranked = {name: index for index, name in enumerate(MODULE_ORDER)}
    return sorted(names, key=lambda name: (ranked.get(name, len(ranked)), name))


def api_markdown(package_dir: Path) -> str:
    """Return the API reference page: an intro and a mkdocstrings block per public module."""
    return API_INTRO + "\n" + "\n".join(f"::: aegan.{n}\n" for n in public_modules(package_dir))


def without_external_stylesheets(page_html: str) -> str:
    """Remove the CDN stylesheet links that notebook outputs carry (see EXTERNAL_STYLESHEETS)."""
    return EXTERNAL_STYLESHEETS.sub("", page_html)


def fold_solutions(page_html: str) -> str:
    """Fold each run of consecutive cells tagged `solution` into one collapsed
    `<details class="solution"><summary>Solution</summary>...</details>`, outputs and all,
    without the tag's label (the box says it). A page without solutions comes back unchanged.
    """
    if SOLUTION_CLASS not in page_html:
        return page_html
    soup = BeautifulSoup(page_html, "html.parser")
    runs: list[list] = []
    for notebook in soup.select("div.jp-Notebook"):
        previous = None
        for cell in notebook.find_all("div", class_="jp-Cell", recursive=False):
            # nbconvert puts a code cell's tags on its div, a Markdown cell's on its body.
            if SOLUTION_CLASS in cell["class"] or cell.select_one(f".{SOLUTION_CLASS}"):
                if previous is None or cell.find_previous_sibling(True) is not previous:
                    runs.append([])
                runs[-1].append(cell)
                previous = cell
    for run in runs:
        details = soup.new_tag("details", attrs={"class": "solution"})
        details.append(soup.new_tag("summary", string="Solution"))
        run[0].insert_before(details)
        details.extend(cell.extract() for cell in run)
        for label in details.select(".celltoolbar .cell-tag"):
            if label.get_text(strip=True) == SOLUTION_TAG:
                label.find_parent(class_="button_container").decompose()
        for toolbar in details.select(".celltoolbar"):
            if not toolbar.find(True):
                toolbar.decompose()
    return str(soup)


def benchmark_record(name: str, results_dir: Path = RESULTS_DIR) -> dict:
    """Return the committed results of seed benchmark `name`, or stop the build naming it."""
    file = results_dir / f"{name}.json"
    if not file.is_file():
        raise PluginError(f"evidence: no committed results {file.name} (run benchmarks/{name}.py)")
    return json.loads(file.read_text(encoding="utf-8"))


def median_range(values: list[float]) -> str:
    """Return "median [smallest, largest]" to three significant digits, as `aegan.results`."""
    return f"{statistics.median(values):.3g} [{min(values):.3g}, {max(values):.3g}]"


def results_rows(record: dict, columns: dict[str, str]) -> dict[str, dict[str, str]]:
    """Return a benchmark's table as `aegan.results.frame` makes it: per configuration, in the
    order the benchmark ran them, the passing seeds and each score's median and range."""
    table = {}
    for configuration in dict.fromkeys(row["configuration"] for row in record["rows"]):
        rows = [row for row in record["rows"] if row["configuration"] == configuration]
        line = {"passing": f"{sum(bool(row['passes']) for row in rows)} of {len(rows)}"}
        for key, title in columns.items():
            values = [float(row[key]) for row in rows if key in row]
            line[title] = median_range(values) if values else "-"
        table[configuration] = line
    return table


def miss_rows(record: dict, criteria: list[str]) -> dict[str, dict[str, str]]:
    """Return, per configuration, how many seeds miss each criterion (a word of `failures`)."""
    table = {}
    for configuration in dict.fromkeys(row["configuration"] for row in record["rows"]):
        rows = [row for row in record["rows"] if row["configuration"] == configuration]
        table[configuration] = {
            criterion: f"{sum(any(criterion in f for f in row['failures']) for row in rows)}"
            f" of {len(rows)}"
            for criterion in criteria
        }
    return table


def markdown_table(rows: dict[str, dict[str, str]], corner: str = "") -> str:
    """Return a Markdown table: one row per key of `rows`, one column per key of its values."""
    titles = list(next(iter(rows.values())))
    lines = [
        "| " + " | ".join([corner, *titles]) + " |",
        "| " + " | ".join(["---"] + ["---:"] * len(titles)) + " |",
    ]
    # A cell "median [smallest, largest]" may break before its range, never inside it.
    lines += [
        "| " + " | ".join([name, *(v.replace(", ", ",\u00a0") for v in line.values())]) + " |"
        for name, line in rows.items()
    ]
    return "\n".join(lines)


def provenance_markdown(record: dict) -> str:
    """Return where and when a benchmark ran and how its table reads, as `aegan.results`."""
    runs: dict[tuple, list[str]] = {}
    for configuration, run in record.get("parts", {}).items():
        runs.setdefault((run["command"], run["measured"], run["commit"]), []).append(configuration)
    if len(runs) > 1:
        measured = [f"Measured in {len(runs)} runs:", ""] + [
            f"- {', '.join(labels)}: `{command}`, {when} at commit `{commit}`"
            for (command, when, commit), labels in runs.items()
        ]
    else:
        measured = [
            f"Measured by `{record['command']}`, {record['measured']} at commit "
            f"`{record['commit']}`."
        ]
    return "\n".join(
        [
            *measured,
            "",
            f"On {record['machine']}, TensorFlow {record['versions']['tensorflow']}. "
            f"Passing: {record['thresholds']}. Each score: the median over the seeds "
            "[smallest, largest].",
        ]
    )


def evidence_markdown(markdown: str, results_dir: Path = RESULTS_DIR) -> str:
    """Replace each `aegan-results` and `aegan-misses` placeholder with its table, rendered
    from the committed results (see RESULTS_PLACEHOLDER)."""

    def render(match: re.Match) -> str:
        kind, name, spec = match.group(1), match.group(2), match.group(3)
        record = benchmark_record(name, results_dir)
        items = [item.strip() for item in spec.split(";") if item.strip()]
        if kind == "misses":
            return markdown_table(miss_rows(record, items), "seeds that miss")
        columns = dict(item.split("=", 1) for item in items)
        columns = {key.strip(): title.strip() for key, title in columns.items()}
        table = markdown_table(results_rows(record, columns), "configuration")
        return provenance_markdown(record) + "\n\n" + table

    return RESULTS_PLACEHOLDER.sub(render, markdown)


def on_config(config):
    # mkdocs-jupyter's render cache sits beside the executed lectures: a test's build, with a
    # cache of its own, then never evicts the work tree's entries.
    if "mkdocs-jupyter" in config["plugins"]:
        config["plugins"]["mkdocs-jupyter"].config["cache_dir"] = str(CACHE_DIR / "html")
    return config


@mkdocs.plugins.event_priority(-100)  # after mkdocs-jupyter has mounted and wrapped the files
def on_files(files, config):
    _executed.clear()
    pages = [f for f in files if f.src_path.startswith("lectures/") and f.src_path.endswith(".py")]
    outcomes = executor.execute_all(
        [file.abs_src_path for file in pages], cache_dir=CACHE_DIR, workers=WORKERS
    )
    failures = [str(outcome) for outcome in outcomes.values() if isinstance(outcome, Exception)]
    if failures:
        raise PluginError("\n\n".join(failures))
    for file in pages:
        source = Path(file.abs_src_path)
        executed = outcomes[source.stem]
        how = "cached" if executed.from_cache else f"executed in {executed.seconds:.1f} s"
        log.info("%s: %s", source.name, how)
        # mkdocs-jupyter renders the executed notebook that the executor left in the cache.
        file.abs_src_path = str(CACHE_DIR / f"{source.stem}.ipynb")
        _executed[file.src_path] = (source, executed)
        folder = Path(file.dest_uri).parent.as_posix()  # downloads sit next to the page
        for download in (source, Path(file.abs_src_path)):
            files.append(
                File.generated(config, f"{folder}/{download.name}", abs_src_path=str(download))
            )
    if "mkdocstrings" in config["plugins"]:  # the API page needs it to render
        files.append(File.generated(config, "api.md", content=api_markdown(executor.PACKAGE_DIR)))
    for part in MATHJAX_PARTS:
        root = MATHJAX_DIR / part
        for path in [root] if root.is_file() else sorted(root.rglob("*")):
            if path.is_file():
                uri = f"assets/mathjax/{path.relative_to(MATHJAX_DIR).as_posix()}"
                files.append(File.generated(config, uri, abs_src_path=str(path)))
    return files


def on_page_markdown(markdown, page, config, files):
    # Evidence pages (docs/evidence/) show the seed benchmarks' tables, rendered from the
    # committed results at every build: no number on them is typed by hand.
    return evidence_markdown(markdown) if RESULTS_PLACEHOLDER.search(markdown) else markdown


def on_page_content(html_content, page, config, files):
    if page.file.src_path not in _executed:
        return html_content
    source, executed = _executed[page.file.src_path]
    repo_url = config.get("repo_url")
    colab = colab_url(repo_url, config["extra"].get("colab_branch", "main"), source.stem)
    fragment = facts_html(executed.metadata, stem=source.stem, colab=colab, repo_url=repo_url)
    return insert_after_title(fold_solutions(without_external_stylesheets(html_content)), fragment)
