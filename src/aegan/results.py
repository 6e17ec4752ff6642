"""The seed benchmarks' results, as measured and committed: what a lecture's comparisons rest on.

A seed benchmark in `benchmarks/` trains a lecture's configurations from several seeds and
writes, with `benchmarks/record.py`, one JSON file here
(`src/aegan/benchmark_results/<name>.json`) with every seed's scores, the command, the
machine, the versions, the commit and the time of the run (of each run, for a benchmark
measured in parts: `parts`, configuration by configuration). A lecture shows
`show(name, columns)`: the table, with where and when it was measured. The files belong to
the package, so a lecture that prints them is executed again whenever they change; the code
that writes them does not (it runs git and writes into the source tree).
"""

import json
import textwrap
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from aegan import tables

#: The folder of the results, inside the package.
RESULTS = "benchmark_results"
#: The widest line of `provenance` (the site's output column holds about 100 characters).
WIDTH = 88


def path(name: str) -> Path:
    """Return the file `<name>.json` of the package's benchmark results (it may not exist)."""
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"name must be a benchmark's name such as 'vae_seeds', got {name!r}")
    return Path(str(resources.files("aegan") / RESULTS / f"{name}.json"))


def load(name: str) -> dict:
    """Return the results of benchmark `name` as its benchmark wrote them.

    Raises:
        ValueError: if name is not an identifier.
        FileNotFoundError: if the benchmark has not been run and committed, naming its script.
    """
    file = path(name)
    if not file.is_file():
        raise FileNotFoundError(f"no results for {name!r}: run `python benchmarks/{name}.py`")
    return json.loads(file.read_text(encoding="utf-8"))


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
    runs = {}  # (command, measured, commit) -> the configurations it measured
    for configuration, run in record.get("parts", {}).items():
        runs.setdefault((run["command"], run["measured"], run["commit"]), []).append(configuration)
    if len(runs) > 1:
        lines = [f"{record['benchmark']}, measured in {len(runs)} runs:"] + [
            f"- {', '.join(labels)}: {command}, measured {measured} at commit {commit}"
            for (command, measured, commit), labels in runs.items()
        ]
    else:
        lines = [
            f"{record['benchmark']}: {record['command']}",
            f"measured {record['measured']} at commit {record['commit']}",
        ]
    lines += [
        f"on {record['machine']}, TensorFlow {record['versions']['tensorflow']}",
        f"passing: {record['thresholds']}",
        "each score: median over the seeds [smallest, largest]",
    ]
    # Lines of a page's width: a long criterion continues, indented, on the next lines.
    return "\n".join(
        textwrap.fill(line, WIDTH, subsequent_indent="    ", break_long_words=False)
        for line in lines
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
