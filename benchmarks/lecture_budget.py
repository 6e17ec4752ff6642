"""Time each lecture as a script beside the reference workload, in the same run: the budget.

The developers' guide budgets each lecture at 7 times the reference workload
(`../shared/tools/refwork.py`: import Keras, build and train the ring autoencoder's shape with a
plain `fit`), Lecture 7 at 12 times (three trainings and a classifier), and all lectures
together at 40 times, each timed as a whole process on the same
machine in the same run, since machines differ in speed and a busy machine slows everything.
Here the reference workload runs before the first lecture and after each one; each lecture is
divided by the mean of the reference times just before and just after it.

Each lecture runs as a student runs it (`python lectures/NN_name.py`), with `MPLBACKEND=Agg`
and its figures and models written into a temporary folder (`AEGAN_OUTPUT_DIR`). A quiet
machine is needed for numbers worth comparing: run nothing else meanwhile.

Usage: .venv/bin/python benchmarks/lecture_budget.py [lecture_stem ...]   (default: all)
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT.parent / "shared" / "tools" / "refwork.py"
#: The guide's budgets, in reference workloads: each lecture's (some have their own), all.
EACH, ALL = 7.0, 40.0
OWN = {"07_event_simulation": 12.0}


def timed(script: Path, output_dir: str, extra: dict[str, str] | None = None) -> float:
    """Return the wall-clock seconds of `python script`, raising if it fails.

    `extra` adds variables to its environment (`benchmarks/tensorflow_settings.py`).
    """
    environment = {
        **os.environ,
        "MPLBACKEND": "Agg",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "AEGAN_OUTPUT_DIR": output_dir,
        **(extra or {}),
    }
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(script)],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def main(stems: list[str]) -> None:
    """Time the reference workload and the lectures alternately; print the ratios."""
    if not REFERENCE.is_file():
        raise SystemExit(f"the reference workload is not at {REFERENCE}")
    lectures = sorted((ROOT / "lectures").glob("0*.py"))
    if stems:
        unknown = sorted(set(stems) - {lecture.stem for lecture in lectures})
        if unknown:
            raise SystemExit(f"no lecture {unknown}; the lectures are {[p.stem for p in lectures]}")
        lectures = [lecture for lecture in lectures if lecture.stem in stems]
    with tempfile.TemporaryDirectory() as output_dir:
        reference = [timed(REFERENCE, output_dir)]
        rows = []
        for lecture in lectures:
            seconds = timed(lecture, output_dir)
            reference.append(timed(REFERENCE, output_dir))
            unit = statistics.mean(reference[-2:])
            rows.append((lecture.stem, seconds, seconds / unit))
            budget = OWN.get(lecture.stem, EACH)
            print(
                f"{lecture.stem:<32} {seconds:7.1f} s  {seconds / unit:5.1f} x reference "
                f"({unit:.1f} s)  {'within' if seconds / unit <= budget else 'OVER'} {budget:g} x",
                flush=True,
            )
    total = sum(seconds for _, seconds, _ in rows)
    unit = statistics.mean(reference)
    print(f"reference workload: {', '.join(f'{t:.1f}' for t in reference)} s")
    print(
        f"all {len(rows)} lectures: {total:.1f} s = {total / unit:.1f} x the mean reference "
        f"({unit:.1f} s); budget {ALL:g} x"
        + ("" if len(rows) == len(sorted((ROOT / "lectures").glob("0*.py"))) else " (a subset)")
    )


if __name__ == "__main__":
    main(sys.argv[1:])
