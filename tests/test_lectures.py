"""The site's executor (docs/hooks/executor.py): run a lecture as the site does, report failures."""

import json

import executor
import nbformat
import pytest

#: Tests that start a Jupyter kernel are marked `site`; the others are quick.
site = pytest.mark.site

GOOD = """# %% [markdown]
# # A throwaway lecture

# %%
numbers = [1, 2, 3]
print("sum:", sum(numbers))
"""

BROKEN = """# %% [markdown]
# # A broken lecture

# %%
x = 1

# %%
y = x / 0
"""


@pytest.fixture
def lecture(tmp_path):
    """Return a function that writes a lecture script into a temporary folder."""

    def write(text: str, name: str = "01_throwaway.py"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@site
def test_outputs_and_record(lecture, tmp_path):
    """Executing keeps each cell's output and records key, date, duration and versions."""
    executed = executor.execute(lecture(GOOD), cache_dir=tmp_path / "cache")
    code = [cell for cell in executed.notebook.cells if cell.cell_type == "code"]
    assert code[0].outputs[0].text == "sum: 6\n"
    assert not executed.from_cache
    record = executed.metadata
    assert record["key"] == executor.cache_key(executor.read(lecture(GOOD)))
    assert record["executed_at"].endswith("+00:00")
    assert set(record["versions"]) == set(executor.REPORTED_VERSIONS)
    assert (tmp_path / "cache" / "01_throwaway" / "lecture.ipynb").is_file()


@site
def test_collect_reads_variables_from_the_kernel(lecture):
    """`collect` returns the value of an expression evaluated after the last cell."""
    executed = executor.execute(lecture(GOOD), collect="{'total': sum(numbers)}")
    assert executed.results == {"total": 6}
    assert len(executed.notebook.cells) == 2  # no cell was added


@site
def test_failure_names_lecture_cell_line_and_error(lecture):
    """A raising cell fails with the lecture's name, the cell, its line and the error."""
    with pytest.raises(executor.LectureExecutionError) as failure:
        executor.execute(lecture(BROKEN, "07_broken.py"))
    message = str(failure.value)
    assert "Lecture 07_broken.py failed in cell 3" in message
    assert "line 8 of" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "y = x / 0" in message


def test_missing_lecture(tmp_path):
    """A path that is not a file is refused before any kernel starts."""
    with pytest.raises(FileNotFoundError, match="no lecture at"):
        executor.execute(tmp_path / "nothing.py")


OUTPUTS = """# %% [markdown]
# # A lecture that writes a file where it is told to

# %%
import os
import pathlib

folder = os.environ.get("AEGAN_OUTPUT_DIR")
if folder:
    pathlib.Path(folder, "figure.png").write_text("not really a figure")
print("folder:", folder)
"""

#: A lecture that leaves a file in `folder` and waits for the other lecture's: two of them
#: finish only if they run at the same time (one after the other, the first gives up).
RENDEZVOUS = """# %% [markdown]
# # A lecture that waits for another

# %%
import pathlib
import time

folder = pathlib.Path({folder!r})
(folder / "{arrived}").touch()
give_up = time.monotonic() + 300  # the other kernel's start, on a busy machine
while not (folder / "{other}").exists():
    if time.monotonic() > give_up:
        raise TimeoutError("the other lecture never started")
    time.sleep(0.05)
print("met")
"""


@site
def test_output_dir_reaches_the_kernel(lecture, tmp_path):
    """With output_dir the kernel sees AEGAN_OUTPUT_DIR, and the lecture's files land there."""
    folder = tmp_path / "written"
    executed = executor.execute(lecture(OUTPUTS), output_dir=folder)
    assert executed.output_dir == folder
    assert (folder / "figure.png").read_text() == "not really a figure"
    assert f"folder: {folder}" in executed.notebook.cells[1].outputs[0].text


@site
def test_without_output_dir_nothing_is_written(lecture, monkeypatch):
    """Without output_dir the kernel gets no AEGAN_OUTPUT_DIR (unless the caller had one)."""
    monkeypatch.delenv("AEGAN_OUTPUT_DIR", raising=False)
    executed = executor.execute(lecture(OUTPUTS))
    assert executed.output_dir is None
    assert "folder: None" in executed.notebook.cells[1].outputs[0].text


@site
class TestCollectIsCached:
    """Collected values are cached with the notebook, keyed on the expression."""

    def test_same_expression_is_served_from_the_cache(self, lecture, tmp_path):
        """A second call with the same expression reuses the execution and its values."""
        path = lecture(GOOD)
        cold = executor.execute(path, cache_dir=tmp_path / "cache", collect="sum(numbers)")
        warm = executor.execute(path, cache_dir=tmp_path / "cache", collect="sum(numbers)")
        assert (cold.from_cache, warm.from_cache) == (False, True)
        assert warm.results == cold.results == 6

    def test_no_expression_is_served_from_a_collecting_run(self, lecture, tmp_path):
        """The site's call (no collect) reuses a run that collected values (the tests')."""
        path = lecture(GOOD)
        executor.execute(path, cache_dir=tmp_path / "cache", collect="sum(numbers)")
        assert executor.execute(path, cache_dir=tmp_path / "cache").from_cache

    def test_another_expression_executes_again(self, lecture, tmp_path):
        """A different expression cannot be answered from the cache, so the lecture runs."""
        path = lecture(GOOD)
        executor.execute(path, cache_dir=tmp_path / "cache", collect="sum(numbers)")
        other = executor.execute(path, cache_dir=tmp_path / "cache", collect="max(numbers)")
        assert not other.from_cache
        assert other.results == 3

    def test_published_notebook_does_not_carry_the_values(self, lecture, tmp_path):
        """The values sit beside the cached notebook, not in it (it is a download)."""
        path = lecture(GOOD)
        executor.execute(path, cache_dir=tmp_path / "cache", collect="{'secret': 41 + 1}")
        entry = tmp_path / "cache" / path.stem
        assert "secret" not in (entry / "lecture.ipynb").read_text()
        stored = json.loads((entry / "collected.json").read_text())
        assert stored == {"{'secret': 41 + 1}": {"secret": 42}}


class TestExecuteAll:
    """execute_all runs lectures concurrently and reports each one's outcome."""

    @site
    def test_two_workers_overlap(self, lecture, tmp_path):
        """Two workers run two lectures at once: each waits for the other's file, and both end."""
        folder = tmp_path / "rendezvous"
        folder.mkdir()
        paths = [
            lecture(
                RENDEZVOUS.format(folder=str(folder), arrived=f"{n}", other=f"{3 - n}"),
                f"0{n}_meeting.py",
            )
            for n in (1, 2)
        ]
        outcomes = executor.execute_all(paths, workers=2)
        assert list(outcomes) == ["01_meeting", "02_meeting"]
        for outcome in outcomes.values():
            assert not isinstance(outcome, executor.LectureExecutionError), str(outcome)
            assert outcome.notebook.cells[1].outputs[0].text == "met\n"

    @site
    def test_a_failure_is_returned_beside_the_successes(self, lecture, tmp_path):
        """A failing lecture's error is returned; the others' results and files are kept."""
        good, broken = lecture(OUTPUTS, "01_good.py"), lecture(BROKEN, "02_broken.py")
        outcomes = executor.execute_all(
            [good, broken],
            collect={"01_good": "folder"},
            output_dirs={"01_good": tmp_path / "good", "02_broken": tmp_path / "broken"},
        )
        assert outcomes["01_good"].results == str(tmp_path / "good")
        assert (tmp_path / "good" / "figure.png").is_file()
        assert isinstance(outcomes["02_broken"], executor.LectureExecutionError)
        assert "Lecture 02_broken.py failed in cell 3" in str(outcomes["02_broken"])

    def test_longest_first(self, lecture, tmp_path):
        """Lectures start by their last recorded time, longest first, then by size."""
        short, long = lecture(GOOD, "01_short.py"), lecture(GOOD, "02_long.py")
        cache = tmp_path / "cache"
        for stem, seconds in (("01_short", 1), ("02_long", 80)):
            (cache / stem).mkdir(parents=True)
            record = {"metadata": {"aegan": {"seconds": seconds}}}
            (cache / stem / "lecture.ipynb").write_text(json.dumps(record))
        assert executor._expected_seconds(long, cache) > executor._expected_seconds(short, cache)
        bigger = lecture(GOOD + "\n# %%\n" + "x = 1\n" * 200, "03_bigger.py")
        assert executor._expected_seconds(bigger, None) > executor._expected_seconds(short, None)

    @pytest.mark.parametrize("workers", [0, -1])
    def test_workers_must_be_positive(self, workers):
        """Fewer than one worker is refused, naming the argument and the value."""
        with pytest.raises(ValueError, match=f"workers must be at least 1, got {workers}"):
            executor.execute_all([], workers=workers)


class TestTensorflowLogLines:
    """TensorFlow's C++ log lines are left out of a page's stderr, other stderr text is kept."""

    LOG = (
        "WARNING: All log messages before absl::InitializeLog() is called are written to STDERR\n"
        "E0000 00:00:1796308696.129179   10386 node_def_util.cc:682] NodeDef mentions attribute "
        "use_unbounded_threadpool which is not in the op definition\n"
    )

    def stream(self, text, name="stderr"):
        return nbformat.v4.new_output("stream", name=name, text=text)

    def test_log_lines_alone_leave_no_output(self):
        assert executor._quiet(self.stream(self.LOG)) is None

    def test_other_stderr_text_is_kept(self):
        kept = executor._quiet(self.stream("a warning of ours\n" + self.LOG + "another\n"))
        assert kept["text"] == "a warning of ours\nanother\n"

    def test_stdout_and_displays_are_untouched(self):
        printed = self.stream(self.LOG, name="stdout")
        assert executor._quiet(printed)["text"] == self.LOG
        figure = nbformat.v4.new_output("display_data", data={"text/plain": "<Figure>"})
        assert executor._quiet(figure) is figure
