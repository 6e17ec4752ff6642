"""MkDocs hook: a placeholder `<!-- aegan-check LECTURE: ARGUMENTS -->` in a page becomes what
`python -m aegan.check ARGUMENTS` reports on the models that lecture's cached execution saved.

The checker runs in subprocesses (this hook never imports `aegan`), a page's checks at once.
README.md beside this file says more.
"""

import hashlib
import json
import os
import platform
import re
import shlex
import subprocess
import sys
from pathlib import Path

import executor
from mkdocs.exceptions import PluginError

from lectures import CACHE_DIR

#: `<!-- aegan-check LECTURE: ARGUMENTS -->`, ARGUMENTS being the checker's command line.
PLACEHOLDER = re.compile(r"<!--\s*aegan-check\s+(?P<lecture>[\w-]+):\s*(?P<arguments>.*?)\s*-->")
#: Where the reports are cached.
REPORTS_DIR = CACHE_DIR / "checks"
#: Seconds one check may take (it takes seconds; TensorFlow's import is most of it).
TIMEOUT = 600


def command(arguments: str) -> list[str]:
    """Return the checker's command line for the placeholder's arguments."""
    return [sys.executable, "-m", "aegan.check", *shlex.split(arguments)]


def report_key(arguments: str, models: Path) -> str:
    """Return a report's cache key: the arguments, the models, the package, the lock, Python."""
    digests = [
        executor.files_digest(path) for path in (models, executor.PACKAGE_DIR, executor.LOCK)
    ]
    parts = ["aegan-check-2", arguments, *digests, platform.python_version()]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def console_block(arguments: str, report: str) -> str:
    """Return the Markdown of a console session: the command, then the report it printed."""
    return f"```console\n$ python -m aegan.check {arguments}\n{report.rstrip()}\n```"


def run_checks(requests: list[tuple[str, Path]]) -> list[str]:
    """Run the checker for each (arguments, models folder) at once; return the reports.

    Raises:
        PluginError: if a check cannot run (exit status 2, or any status but 0 and 1).
    """
    environment = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "2"}
    processes = [
        subprocess.Popen(
            command(arguments),
            cwd=models,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for arguments, models in requests
    ]
    reports = []
    for (arguments, _), process in zip(requests, processes, strict=True):
        out, err = process.communicate(timeout=TIMEOUT)
        if process.returncode not in (0, 1):
            raise PluginError(
                f"python -m aegan.check {arguments} exited {process.returncode}: {err.strip()}"
            )
        reports.append(out)
    return reports


def on_page_markdown(markdown, page, config, files):
    found = list(PLACEHOLDER.finditer(markdown))
    if not found:
        return markdown
    blocks, missing = {}, []  # placeholder -> Markdown; the checks that must run
    for match in found:
        lecture, arguments = match["lecture"], match["arguments"]
        models = executor.cached_models(CACHE_DIR, lecture)
        if models is None:
            raise PluginError(
                f"{page.file.src_path}: no saved models of lecture {lecture!r} in {CACHE_DIR} "
                f"for `aegan-check {lecture}: {arguments}`"
            )
        stored = REPORTS_DIR / f"{report_key(arguments, models)}.json"
        if stored.is_file():
            blocks[match[0]] = console_block(arguments, json.loads(stored.read_text())["report"])
        else:
            missing.append((match[0], arguments, models, stored))
    reports = run_checks([(arguments, models) for _, arguments, models, _ in missing])
    for (placeholder, arguments, _, stored), report in zip(missing, reports, strict=True):
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps({"arguments": arguments, "report": report}), encoding="utf-8")
        blocks[placeholder] = console_block(arguments, report)
    return PLACEHOLDER.sub(lambda match: blocks[match[0]], markdown)
