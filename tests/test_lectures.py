"""Tests for aegan.lectures: executing a lecture as the site does, and reporting failures."""

import pytest

from aegan import lectures

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


def test_outputs_and_record(lecture, tmp_path):
    """Executing keeps each cell's output and records key, date, duration and versions."""
    executed = lectures.execute(lecture(GOOD), cache_dir=tmp_path / "cache")
    code = [cell for cell in executed.notebook.cells if cell.cell_type == "code"]
    assert code[0].outputs[0].text == "sum: 6\n"
    assert not executed.from_cache
    record = executed.metadata
    assert record["key"] == lectures.cache_key(lectures.read(lecture(GOOD)))
    assert record["executed_at"].endswith("+00:00")
    assert set(record["versions"]) == set(lectures.REPORTED_VERSIONS)
    assert (tmp_path / "cache" / "01_throwaway.ipynb").is_file()


def test_collect_reads_variables_from_the_kernel(lecture):
    """`collect` returns the value of an expression evaluated after the last cell."""
    executed = lectures.execute(lecture(GOOD), collect="{'total': sum(numbers)}")
    assert executed.results == {"total": 6}
    assert len(executed.notebook.cells) == 2  # no cell was added


def test_failure_names_lecture_cell_line_and_error(lecture):
    """A raising cell fails with the lecture's name, the cell, its line and the error."""
    with pytest.raises(lectures.LectureExecutionError) as failure:
        lectures.execute(lecture(BROKEN, "07_broken.py"))
    message = str(failure.value)
    assert "Lecture 07_broken.py failed in cell 3" in message
    assert "line 8 of" in message
    assert "ZeroDivisionError: division by zero" in message
    assert "y = x / 0" in message


def test_missing_lecture(tmp_path):
    """A path that is not a file is refused before any kernel starts."""
    with pytest.raises(FileNotFoundError, match="no lecture at"):
        lectures.execute(tmp_path / "nothing.py")
