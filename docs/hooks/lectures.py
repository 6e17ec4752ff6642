"""MkDocs hook: execute the lectures (cached, never stale) before mkdocs-jupyter renders them.

mkdocs-jupyter mounts `lectures/` with `notebook_dirs` and would execute each script itself,
caching on the script's bytes alone. Here each lecture is instead executed by
`aegan.lectures.execute`, whose cache key covers the code cells, the package and the installed
versions; the page is then rendered from the executed notebook, with execution turned off in
mkdocs-jupyter. A failing cell stops the build with the lecture's name and the cell.
"""

import logging
import os
from pathlib import Path

import mkdocs.plugins
import nbformat
from mkdocs.exceptions import PluginError

from aegan import lectures

log = logging.getLogger("mkdocs.hooks.lectures")

#: Where executed lectures are kept; AEGAN_LECTURE_CACHE overrides it (the tests use it).
CACHE_DIR = Path(
    os.environ.get("AEGAN_LECTURE_CACHE", Path(__file__).resolve().parents[2] / ".cache/lectures")
)
RENDERED_DIR = CACHE_DIR / "rendered"


def _write_if_changed(path: Path, text: str) -> None:
    """Write `text` only when it differs, so unchanged pages stay cache hits downstream."""
    if not path.is_file() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


@mkdocs.plugins.event_priority(-100)  # after mkdocs-jupyter has mounted and wrapped the files
def on_files(files, config):
    for file in files:
        # Lectures are the .py files that notebook_dirs mounts under lectures/.
        if not (file.src_path.startswith("lectures/") and file.src_path.endswith(".py")):
            continue
        source = Path(file.abs_src_path)
        try:
            executed = lectures.execute(source, cache_dir=CACHE_DIR)
        except lectures.LectureExecutionError as error:
            raise PluginError(str(error)) from None
        how = "cached" if executed.from_cache else f"executed in {executed.seconds:.1f} s"
        log.info("%s: %s", source.name, how)
        rendered = RENDERED_DIR / f"{source.stem}.ipynb"
        _write_if_changed(rendered, nbformat.writes(executed.notebook))
        file.abs_src_path = str(rendered)
    return files
