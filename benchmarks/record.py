"""Write a seed benchmark's rows into the package's results, with where and when they were run.

Benchmark-writing code lives here, beside the benchmarks, not in the installed package: a student's
`aegan` only reads the committed results (`aegan.results`). A benchmark run as
`python benchmarks/<name>.py` imports this module from its own folder.
"""

import datetime
import json
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from aegan import results


def commit(folder: Path) -> str:
    """Return the short commit of the repository holding `folder`, '+' if its code is dirty."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            # the results themselves are not code: a part written before this one is no '+'
            [
                "git",
                "status",
                "--porcelain",
                "--",
                ":(top)src",
                ":(top)benchmarks",
                ":(top,exclude)src/aegan/benchmark_results",
            ],
            cwd=folder,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (head or "unknown") + ("+" if dirty else "")


def write(
    name: str, command: str, rows: list[dict], thresholds: str, parts: dict | None = None
) -> Path:
    """Write the rows of benchmark `name` with where and when they were measured.

    Args:
        name: the benchmark's name, its script's stem ("vae_seeds").
        command: the command that produced the rows.
        rows: one dict per run: "configuration", "seed", "passes" (bool) and the scores.
        thresholds: what "passes" means, in words.
        parts: for rows measured by several runs (`write_parts`), each configuration's own
            "command", "measured" and "commit"; None when this run measured every row.

    Returns:
        The file written.
    """
    file = results.path(name)
    file.parent.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "command": command,
        "thresholds": thresholds,
        "measured": now(),
        "commit": commit(file.parent),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "versions": {
            "python": platform.python_version(),
            **{package: metadata.version(package) for package in ("tensorflow", "keras")},
        },
        "rows": rows,
    }
    if parts:
        record["parts"] = parts
    file.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return file


def now() -> str:
    """Return the time of measurement as the records write it."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")


def write_parts(
    name: str, command: str, rows: list[dict], thresholds: str, order: list[str]
) -> Path:
    """Write the rows of some parts of benchmark `name`, keeping the other parts' rows.

    A benchmark in parts (`cgan_seeds`, `flow_seeds`) may run one part at a time, one after the
    other or at once: the rows already written for configurations this run did not measure are
    kept, with where and when they were measured, and all are sorted by `order` (the
    configurations) and seed.
    """
    measured = {row["configuration"] for row in rows}
    this_run = {"command": command, "measured": now(), "commit": commit(results.path(name).parent)}
    parts = dict.fromkeys(measured, this_run)
    if results.path(name).is_file():
        old = results.load(name)
        kept = [row for row in old["rows"] if row["configuration"] not in measured]
        header = {key: old[key] for key in ("command", "measured", "commit")}
        for row in kept:
            parts[row["configuration"]] = old.get("parts", {}).get(row["configuration"], header)
        rows = kept + rows
    rows = sorted(rows, key=lambda row: (order.index(row["configuration"]), row["seed"]))
    parts = {label: parts[label] for label in order if label in parts}
    return write(name, command, rows, thresholds, parts)
