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
    folders = (models, executor.PACKAGE_DIR, executor.LOCK)
    parts = ["aegan-check-2", arguments, *map(executor.files_digest, folders)]
    return hashlib.sha256("\0".join([*parts, platform.python_version()]).encode()).hexdigest()


def console_block(arguments: str, report: str) -> str:
    """Return the Markdown of a console session: the command, then the report it printed.

    A command longer than the report's lines continues on the next line (a shell's `\\`)
    before an option, so that the block fits the page's column.
    """
    lines = ["$ python -m aegan.check"]
    for word in shlex.split(arguments):
        if word.startswith("--") and len(lines[-1]) + len(word) > 60:
            lines[-1] += " \\"
            lines.append("    " + word)
        else:
            lines[-1] += " " + shlex.quote(word)
    command = "\n".join(lines)
    return f"```console\n{command}\n{report.rstrip()}\n```"


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
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for arguments, models in requests
    ]
    reports = []
    for (arguments, _), process in zip(requests, processes, strict=True):
        out, err = process.communicate(timeout=TIMEOUT)
        if process.returncode not in (0, 1):  # 1 is a FAIL verdict: a true report, shown
            raise PluginError(
                f"python -m aegan.check {arguments} exited {process.returncode}: {err.strip()}"
            )
        reports.append(out)
    return reports


def on_page_markdown(markdown, page, config, files):
    todo = {}  # placeholder -> (arguments, models, stored report)
    for match in PLACEHOLDER.finditer(markdown):
        models = executor.cached_models(CACHE_DIR, match["lecture"])
        if models is None:
            raise PluginError(
                f"{page.file.src_path}: no saved models of lecture {match['lecture']!r} in "
                f"{CACHE_DIR} for `{match[0]}`"
            )
        todo[match[0]] = (
            match["arguments"],
            models,
            REPORTS_DIR / f"{report_key(match['arguments'], models)}.json",
        )
    missing = [item for item in todo.values() if not item[2].is_file()]
    for (arguments, _, stored), report in zip(
        missing, run_checks([item[:2] for item in missing]), strict=True
    ):
        stored.parent.mkdir(parents=True, exist_ok=True)
        stored.write_text(json.dumps({"arguments": arguments, "report": report}), encoding="utf-8")
    blocks = {
        placeholder: console_block(arguments, json.loads(stored.read_text())["report"])
        for placeholder, (arguments, _, stored) in todo.items()
    }
    return PLACEHOLDER.sub(lambda match: blocks[match[0]], markdown)
