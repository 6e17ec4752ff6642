"""The seed benchmarks' results, as measured and committed: what a lecture's comparisons rest on.

A seed benchmark in `benchmarks/` trains a lecture's configurations from several seeds and
writes one JSON file here (`src/aegan/benchmark_results/<name>.json`) with every seed's
scores, the command, the machine, the versions, the commit and the time of the run. A lecture
shows `show(name, columns)`: the table, with where and when it was measured. The files belong to
the package, so a lecture that prints them is executed again whenever they change.
"""

import datetime
import json
import os
import platform
import subprocess
from importlib import metadata, resources
from pathlib import Path

import numpy as np
import pandas as pd

from aegan import tables

#: The folder of the results, inside the package.
RESULTS = "benchmark_results"


def path(name: str) -> Path:
    """Return the file `<name>.json` of the package's benchmark results (it may not exist)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a benchmark's name such as 'vae_seeds', got {name!r}")
    return Path(str(resources.files("aegan") / RESULTS / f"{name}.json"))


def load(name: str) -> dict:
    """Return the results of benchmark `name` as written by `write`.

    Raises:
        ValueError: if name is not an identifier.
        FileNotFoundError: if the benchmark has not been run and committed, naming its script.
    """
    file = path(name)
    if not file.is_file():
        raise FileNotFoundError(f"no results for {name!r}: run `python benchmarks/{name}.py`")
    return json.loads(file.read_text(encoding="utf-8"))


def _commit(folder: Path) -> str:
    """Return the short commit of the repository holding `folder`, '+' if the tree is dirty."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=folder, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", ":(top)src", ":(top)benchmarks"],
            cwd=folder,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return (commit or "unknown") + ("+" if dirty else "")


def write(name: str, command: str, rows: list[dict], thresholds: str) -> Path:
    """Write the rows of benchmark `name` with where and when they were measured.

    Args:
        name: the benchmark's name, its script's stem ("vae_seeds").
        command: the command that produced the rows.
        rows: one dict per run: "configuration", "seed", "passes" (bool) and the scores.
        thresholds: what "passes" means, in words.

    Returns:
        The file written.
    """
    file = path(name)
    file.parent.mkdir(exist_ok=True)
    record = {
        "benchmark": name,
        "command": command,
        "thresholds": thresholds,
        "measured": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": _commit(file.parent),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.system()}",
        "versions": {
            "python": platform.python_version(),
            **{package: metadata.version(package) for package in ("tensorflow", "keras")},
        },
        "rows": rows,
    }
    file.write_text(json.dumps(record, indent=1) + "\n", encoding="utf-8")
    return file


def frame(name: str, columns: dict[str, str]) -> pd.DataFrame:
    """Return the table of benchmark `name`: per configuration, the passing seeds and ranges.

    Args:
        name: the benchmark's name.
        columns: score key -> column title; each cell is the median over the seeds and, in
            brackets, the smallest and the largest value, "0.041 [0.027, 0.050]".

    Returns:
        One row per configuration, in the order the benchmark ran them; a score no run of a
        configuration has is "-".
    """
    record = load(name)
    configurations = list(dict.fromkeys(row["configuration"] for row in record["rows"]))
    lines = {}
    for configuration in configurations:
        rows = [row for row in record["rows"] if row["configuration"] == configuration]
        line = {"passing": f"{sum(row['passes'] for row in rows)} of {len(rows)}"}
        for key, title in columns.items():
            values = np.array([row[key] for row in rows if key in row], dtype=float)
            line[title] = (
                f"{np.median(values):.3g} [{values.min():.3g}, {values.max():.3g}]"
                if values.size
                else "-"
            )
        lines[configuration] = line
    return pd.DataFrame.from_dict(lines, orient="index")


def provenance(name: str) -> str:
    """Return what benchmark `name` ran, where and when, and how its table reads."""
    record = load(name)
    return "\n".join(
        [
            f"{record['benchmark']}: {record['command']}",
            f"measured {record['measured']} at commit {record['commit']}",
            f"on {record['machine']}, TensorFlow {record['versions']['tensorflow']}",
            f"passing: {record['thresholds']}",
            "each score: median over the seeds [smallest, largest]",
        ]
    )


def show(name: str, columns: dict[str, str]) -> None:
    """Print where benchmark `name` was measured, then show its table (`tables.show`).

    Args:
        name: the benchmark's name.
        columns: score key -> column title, as for `frame`.
    """
    print(provenance(name))
    tables.show(frame(name, columns))


def summary(name: str, columns: dict[str, str]) -> str:
    """Return `provenance(name)` and `frame(name, columns)` as one text, for a terminal.

    Args:
        name: the benchmark's name.
        columns: score key -> column title, as for `frame`.
    """
    return provenance(name) + "\n" + frame(name, columns).to_string()
