"""Time the site build: cold, and after a prose edit, a code edit and a package change.

Works on a temporary copy of the project with its own lecture cache, so nothing in the work
tree changes. The copy's `src/` comes first on PYTHONPATH, so the package change is seen by the
build and by the kernels that execute the lectures. The cold build is timed twice in the same
run, with empty caches each time: executing the lectures one after another, then one kernel per
core (AEGAN_LECTURE_WORKERS), which is how the hook decides how many to run at once. Then, with
`mkdocs serve` running on the copy (as `make serve` runs it), it times how long a prose edit
takes to show on the page.

    .venv/bin/python benchmarks/site_build.py            # everything (several minutes)
    .venv/bin/python benchmarks/site_build.py --no-serve # the four builds only
"""

import argparse
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
IGNORED = shutil.ignore_patterns(
    ".venv", ".git", ".cache", "site", "outputs", "test-artifacts", "kernel-ipc-*", "__pycache__"
)
MKDOCS = [sys.executable, "-m", "mkdocs"]


def environment(copy: Path, workers: int | None = None) -> dict[str, str]:
    """Return the build's environment: the copy's package first, its own lecture cache."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(copy / "src"), os.environ.get("PYTHONPATH", "")]),
        "AEGAN_LECTURE_CACHE": str(copy / ".cache" / "lectures"),
        "NO_MKDOCS_2_WARNING": "1",
        "TF_CPP_MIN_LOG_LEVEL": "2",
    }
    if workers is not None:
        env["AEGAN_LECTURE_WORKERS"] = str(workers)
    return env


def build(copy: Path, workers: int | None = None) -> tuple[float, str]:
    """Build the copy's site with --strict; return the wall time and what the build did."""
    started = time.perf_counter()
    process = subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(copy / "site")],
        cwd=copy,
        env=environment(copy, workers),
        capture_output=True,
        text=True,
    )
    seconds = time.perf_counter() - started
    if process.returncode != 0:
        sys.exit(f"the build failed:\n{process.stderr[-3000:]}")
    done = re.findall(r"(\d\d_\w+)\.py: (cached|executed in [\d.]+ s)", process.stderr)
    executed = [name for name, how in done if how != "cached"]
    rendered = len(re.findall(r"Converting notebook", process.stderr))
    return seconds, (
        f"{len(executed)} of {len(done)} lectures executed {executed or ''}, "
        f"{rendered} pages rendered by nbconvert"
    )


def clear_caches(copy: Path) -> None:
    """Remove the copy's executed lectures and rendered pages, for a cold build."""
    shutil.rmtree(copy / ".cache", ignore_errors=True)


def first_lecture(copy: Path) -> Path:
    """Return the copy's first lecture."""
    return sorted((copy / "lectures").glob("*.py"))[0]


def edit_prose(lecture: Path, marker: str) -> None:
    """Add a sentence under the lecture's title (a Markdown-only change)."""
    text = lecture.read_text(encoding="utf-8")
    title = re.search(r"^# # .*$", text, flags=re.MULTILINE)
    lecture.write_text(
        text[: title.end()] + f"\n#\n# {marker}" + text[title.end() :], encoding="utf-8"
    )


def edit_code(lecture: Path) -> None:
    """Add a code cell at the end of the lecture."""
    with lecture.open("a", encoding="utf-8") as file:
        file.write('\n# %%\nprint("benchmark: an added code cell")\n')


def edit_package(copy: Path) -> None:
    """Change a module of the copy's package (a comment is enough to change its bytes)."""
    with (copy / "src" / "aegan" / "data.py").open("a", encoding="utf-8") as file:
        file.write("\n# benchmark: a package change\n")


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    """Return the page's text, or "" when the server does not answer yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def serve_refresh(copy: Path, timeout: float = 60.0) -> float:
    """Run `mkdocs serve` on the copy, edit a lecture's prose, return seconds until it shows."""
    port = free_port()
    lecture = first_lecture(copy)
    url = f"http://127.0.0.1:{port}/lectures/{lecture.stem}/"
    server = subprocess.Popen(
        [*MKDOCS, "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=copy,
        env=environment(copy),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 600
        while "lecture-facts" not in fetch(url):
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("mkdocs serve did not serve the lecture page")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle after the first build
        marker = f"Served fresh at {time.time_ns()}."
        edit_prose(lecture, marker)
        edited = time.perf_counter()
        while marker not in fetch(url):
            if time.perf_counter() - edited > timeout:
                sys.exit(f"the prose edit did not show within {timeout:.0f} s")
            # Poll gently: the dev server builds and serves in one process, and fetching the
            # page (a megabyte of inline figures) too often would slow the rebuild it times.
            time.sleep(0.25)
        return time.perf_counter() - edited
    finally:
        server.terminate()
        server.wait(timeout=30)


def machine() -> str:
    """Describe the machine: CPU model, cores, Python."""
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), flags=re.MULTILINE)
        model = found.group(1) if found else model
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-serve", action="store_true", help="skip the mkdocs serve timing")
    arguments = parser.parse_args()
    print(f"machine: {machine()}")
    with tempfile.TemporaryDirectory(prefix="aegan-site-bench-") as folder:
        copy = Path(folder) / "aegan"
        shutil.copytree(ROOT, copy, ignore=IGNORED)
        lecture = first_lecture(copy)
        rows = []
        rows.append(("cold build, one lecture at a time", *build(copy, workers=1)))
        clear_caches(copy)
        rows.append(("cold build, two lectures at a time", *build(copy, workers=2)))
        rows.append(("rebuild, nothing changed", *build(copy)))
        edit_prose(lecture, "A sentence added by the benchmark.")
        rows.append((f"prose edit in {lecture.name}", *build(copy)))
        edit_code(lecture)
        rows.append((f"code-cell edit in {lecture.name}", *build(copy)))
        edit_package(copy)
        rows.append(("package change (src/aegan/data.py)", *build(copy)))
        width = max(len(row[0]) for row in rows)
        print(f"{'build':<{width}}  {'wall s':>7}  lectures")
        for what, seconds, note in rows:
            print(f"{what:<{width}}  {seconds:7.1f}  {note}")
        if not arguments.no_serve:
            seconds = serve_refresh(copy)
            print(f"{'mkdocs serve: prose edit on the page':<{width}}  {seconds:7.1f}")


if __name__ == "__main__":
    main()
