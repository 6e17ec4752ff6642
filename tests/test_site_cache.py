"""The site's lecture cache: prose edits reuse outputs, code or package edits re-execute.

Each test executes a throwaway two-cell lecture in a temporary folder against a throwaway copy
of a tiny package, so no real lecture and no real package file is touched.
"""

import nbformat
import pytest

from aegan import lectures

LECTURE = """\
# %% [markdown]
# # A throwaway lecture
#
# {prose}

# %%
import uuid

print("run", uuid.uuid4().hex)
print({code})
"""


def write_lecture(path, *, prose="First prose.", code="1 + 1"):
    """Write the throwaway lecture with the given prose and printed expression."""
    path.write_text(LECTURE.format(prose=prose, code=code), encoding="utf-8")
    return path


def printed(executed: lectures.ExecutedLecture) -> str:
    """Return the text the lecture's code cell printed."""
    code = [cell for cell in executed.notebook.cells if cell.cell_type == "code"]
    return "".join(output.text for output in code[0].outputs if output.output_type == "stream")


@pytest.fixture
def package(tmp_path, monkeypatch):
    """Point the cache key at a tiny throwaway package and return its folder."""
    package_dir = tmp_path / "tinypackage"
    package_dir.mkdir()
    (package_dir / "__init__.py").write_text('"""A tiny package."""\n', encoding="utf-8")
    (package_dir / "data.py").write_text("def answer():\n    return 42\n", encoding="utf-8")
    monkeypatch.setattr(lectures, "PACKAGE_DIR", package_dir)
    return package_dir


@pytest.fixture
def cache_dir(tmp_path):
    """Return an empty cache folder."""
    return tmp_path / "cache"


@pytest.fixture
def lecture(tmp_path, package):
    """Return a throwaway lecture, executed once into the cache by the test that uses it."""
    return write_lecture(tmp_path / "lectures" / "99_throwaway.py")


@pytest.fixture(autouse=True)
def _lecture_folder(tmp_path):
    (tmp_path / "lectures").mkdir()


class TestCacheKey:
    """cache_key changes with code, package and versions, and only with them."""

    def test_prose_does_not_change_the_key(self, tmp_path, package):
        """Two lectures differing only in Markdown have the same key."""
        first = lectures.read(write_lecture(tmp_path / "a.py", prose="One."))
        second = lectures.read(write_lecture(tmp_path / "b.py", prose="Two, longer."))
        assert lectures.cache_key(first) == lectures.cache_key(second)

    def test_code_changes_the_key(self, tmp_path, package):
        """Editing a code cell changes the key."""
        first = lectures.read(write_lecture(tmp_path / "a.py", code="1 + 1"))
        second = lectures.read(write_lecture(tmp_path / "b.py", code="1 + 2"))
        assert lectures.cache_key(first) != lectures.cache_key(second)

    def test_package_dir_argument_is_used(self, tmp_path, package):
        """An explicit package_dir takes part in the key instead of PACKAGE_DIR."""
        notebook = lectures.read(write_lecture(tmp_path / "a.py"))
        other = tmp_path / "other"
        other.mkdir()
        (other / "__init__.py").write_text("", encoding="utf-8")
        assert lectures.cache_key(notebook, package_dir=other) != lectures.cache_key(notebook)

    @pytest.mark.parametrize("change", ["edit", "add", "rename"])
    def test_any_package_file_change_changes_the_key(self, tmp_path, package, change):
        """Editing, adding or renaming a package module changes the key."""
        notebook = lectures.read(write_lecture(tmp_path / "a.py"))
        before = lectures.cache_key(notebook)
        if change == "edit":
            (package / "data.py").write_text("def answer():\n    return 43\n", encoding="utf-8")
        elif change == "add":
            (package / "extra.py").write_text("", encoding="utf-8")
        else:
            (package / "data.py").rename(package / "samples.py")
        assert lectures.cache_key(notebook) != before

    def test_installed_version_changes_the_key(self, tmp_path, package, monkeypatch):
        """A different installed version of any distribution changes the key."""
        notebook = lectures.read(write_lecture(tmp_path / "a.py"))
        before = lectures.cache_key(notebook)
        versions = {**lectures.installed_versions(), "numpy": "0.0.1"}
        monkeypatch.setattr(lectures, "installed_versions", lambda: versions)
        assert lectures.cache_key(notebook) != before


class TestExecuteWithCache:
    """execute re-executes exactly when the outputs could be stale."""

    def test_prose_edit_reuses_outputs_with_the_new_prose(self, lecture, cache_dir):
        """After a prose-only edit the outputs come from the cache and the prose is new."""
        cold = lectures.execute(lecture, cache_dir=cache_dir)
        assert not cold.from_cache
        write_lecture(lecture, prose="Rewritten prose.")
        warm = lectures.execute(lecture, cache_dir=cache_dir)
        assert warm.from_cache
        assert printed(warm) == printed(cold)
        assert "Rewritten prose." in warm.notebook.cells[0].source
        assert warm.metadata == cold.metadata

    def test_code_edit_reexecutes_that_lecture_only(self, lecture, cache_dir):
        """A code edit re-executes the edited lecture; another cached lecture stays cached."""
        other = write_lecture(lecture.with_name("98_other.py"))
        lectures.execute(other, cache_dir=cache_dir)
        cold = lectures.execute(lecture, cache_dir=cache_dir)
        write_lecture(lecture, code="1 + 2")
        edited = lectures.execute(lecture, cache_dir=cache_dir)
        assert not edited.from_cache
        assert "3\n" in printed(edited)
        assert printed(edited) != printed(cold)
        assert lectures.execute(other, cache_dir=cache_dir).from_cache

    def test_package_change_reexecutes(self, lecture, cache_dir, package):
        """A change in the package re-executes a lecture whose code did not change."""
        cold = lectures.execute(lecture, cache_dir=cache_dir)
        (package / "data.py").write_text("def answer():\n    return 43\n", encoding="utf-8")
        after = lectures.execute(lecture, cache_dir=cache_dir)
        assert not after.from_cache
        assert printed(after) != printed(cold)
        assert after.metadata["key"] != cold.metadata["key"]

    def test_version_change_reexecutes(self, lecture, cache_dir, monkeypatch):
        """A change in an installed version re-executes the lecture."""
        lectures.execute(lecture, cache_dir=cache_dir)
        versions = {**lectures.installed_versions(), "keras": "0.0.1"}
        monkeypatch.setattr(lectures, "installed_versions", lambda: versions)
        assert not lectures.execute(lecture, cache_dir=cache_dir).from_cache

    def test_cached_notebook_records_the_execution(self, lecture, cache_dir):
        """The cached notebook holds the key, date, duration and the reported versions."""
        executed = lectures.execute(lecture, cache_dir=cache_dir)
        stored = nbformat.read(cache_dir / f"{lecture.stem}.ipynb", as_version=4)
        record = stored.metadata["aegan"]
        assert record["key"] == lectures.cache_key(lectures.read(lecture))
        assert record["executed_at"].endswith("+00:00")
        assert record["seconds"] >= 0
        assert set(record["versions"]) == set(lectures.REPORTED_VERSIONS)
        assert executed.metadata == record


def test_unchanged_lecture_reads_to_identical_bytes(lecture, cache_dir):
    """Reading or re-serving an unchanged lecture gives the same notebook bytes every time."""
    assert nbformat.writes(lectures.read(lecture)) == nbformat.writes(lectures.read(lecture))
    lectures.execute(lecture, cache_dir=cache_dir)
    first = lectures.execute(lecture, cache_dir=cache_dir)
    second = lectures.execute(lecture, cache_dir=cache_dir)
    assert first.from_cache and second.from_cache
    assert nbformat.writes(first.notebook) == nbformat.writes(second.notebook)
