"""The site's lecture cache: prose edits reuse outputs; code, package or lock edits re-execute.

Each test reads or executes a throwaway two-cell lecture in a temporary folder against a tiny
throwaway package and lock, so no real lecture, package file or lock is touched. The key tests
start no kernel (quick); the tests that execute are marked `site`.
"""

import shutil

import executor
import nbformat
import pytest

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


def printed(executed: executor.ExecutedLecture) -> str:
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
    monkeypatch.setattr(executor, "PACKAGE_DIR", package_dir)
    return package_dir


@pytest.fixture
def lock(tmp_path, monkeypatch):
    """Point the cache key at a throwaway lock file and return it."""
    path = tmp_path / "runtime.txt"
    path.write_text("numpy==2.0.0\n", encoding="utf-8")
    monkeypatch.setattr(executor, "LOCK", path)
    return path


@pytest.fixture
def cache_dir(tmp_path):
    """Return an empty cache folder."""
    return tmp_path / "cache"


@pytest.fixture
def lecture(tmp_path, package, lock):
    """Return a throwaway lecture, executed once into the cache by the test that uses it."""
    return write_lecture(tmp_path / "lectures" / "99_throwaway.py")


@pytest.fixture(autouse=True)
def _lecture_folder(tmp_path):
    (tmp_path / "lectures").mkdir()


@pytest.mark.usefixtures("lock")
class TestCacheKey:
    """cache_key changes with code, package, lock and Python version, and only with them."""

    def test_prose_does_not_change_the_key(self, tmp_path, package):
        """Two lectures differing only in Markdown have the same key."""
        first = executor.read(write_lecture(tmp_path / "a.py", prose="One."))
        second = executor.read(write_lecture(tmp_path / "b.py", prose="Two, longer."))
        assert executor.cache_key(first) == executor.cache_key(second)

    def test_code_changes_the_key(self, tmp_path, package):
        """Editing a code cell changes the key."""
        first = executor.read(write_lecture(tmp_path / "a.py", code="1 + 1"))
        second = executor.read(write_lecture(tmp_path / "b.py", code="1 + 2"))
        assert executor.cache_key(first) != executor.cache_key(second)

    @pytest.mark.parametrize("change", ["edit", "add", "rename"])
    def test_any_package_file_change_changes_the_key(self, tmp_path, package, change):
        """Editing, adding or renaming a package module changes the key."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        if change == "edit":
            (package / "data.py").write_text("def answer():\n    return 43\n", encoding="utf-8")
        elif change == "add":
            (package / "extra.py").write_text("", encoding="utf-8")
        else:
            (package / "data.py").rename(package / "samples.py")
        assert executor.cache_key(notebook) != before

    def test_lock_change_changes_the_key(self, tmp_path, package, lock):
        """Another version in the lock (what `make lock` writes) changes the key."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        lock.write_text("numpy==2.0.1\n", encoding="utf-8")
        assert executor.cache_key(notebook) != before

    def test_python_version_changes_the_key(self, tmp_path, package, monkeypatch):
        """Another Python version changes the key."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        monkeypatch.setattr(executor.platform, "python_version", lambda: "3.99.0")
        assert executor.cache_key(notebook) != before

    def test_the_real_key_reads_the_package_and_the_lock(self, monkeypatch):
        """By default the key covers src/aegan/ and requirements/runtime.txt of this work tree."""
        monkeypatch.undo()
        assert executor.PACKAGE_DIR == executor.ROOT / "src" / "aegan"
        assert executor.LOCK == executor.ROOT / "requirements" / "runtime.txt"
        assert "tensorflow==" in executor.LOCK.read_text(encoding="utf-8")


@pytest.mark.site
class TestExecuteWithCache:
    """execute re-executes exactly when the outputs could be stale."""

    def test_prose_edit_reuses_outputs_with_the_new_prose(self, lecture, cache_dir):
        """After a prose-only edit the outputs come from the cache and the prose is new."""
        cold = executor.execute(lecture, cache_dir=cache_dir)
        assert not cold.from_cache
        write_lecture(lecture, prose="Rewritten prose.")
        warm = executor.execute(lecture, cache_dir=cache_dir)
        assert warm.from_cache
        assert printed(warm) == printed(cold)
        assert "Rewritten prose." in warm.notebook.cells[0].source
        assert warm.metadata == cold.metadata

    def test_code_edit_reexecutes_that_lecture_only(self, lecture, cache_dir):
        """A code edit re-executes the edited lecture; another cached lecture stays cached."""
        other = write_lecture(lecture.with_name("98_other.py"))
        executor.execute(other, cache_dir=cache_dir)
        cold = executor.execute(lecture, cache_dir=cache_dir)
        write_lecture(lecture, code="1 + 2")
        edited = executor.execute(lecture, cache_dir=cache_dir)
        assert not edited.from_cache
        assert "3\n" in printed(edited)
        assert printed(edited) != printed(cold)
        assert executor.execute(other, cache_dir=cache_dir).from_cache

    def test_package_change_reexecutes(self, lecture, cache_dir, package):
        """A change in the package re-executes a lecture whose code did not change."""
        cold = executor.execute(lecture, cache_dir=cache_dir)
        (package / "data.py").write_text("def answer():\n    return 43\n", encoding="utf-8")
        after = executor.execute(lecture, cache_dir=cache_dir)
        assert not after.from_cache
        assert printed(after) != printed(cold)
        assert after.metadata["key"] != cold.metadata["key"]

    def test_lock_change_reexecutes(self, lecture, cache_dir, lock):
        """A change of the lock (another version of a dependency) re-executes the lecture."""
        executor.execute(lecture, cache_dir=cache_dir)
        lock.write_text("numpy==2.0.1\n", encoding="utf-8")
        assert not executor.execute(lecture, cache_dir=cache_dir).from_cache

    def test_cached_notebook_records_the_execution(self, lecture, cache_dir):
        """The cached notebook holds the key, date, duration and the reported versions."""
        executed = executor.execute(lecture, cache_dir=cache_dir)
        stored = nbformat.read(cache_dir / lecture.stem / "lecture.ipynb", as_version=4)
        record = stored.metadata["aegan"]
        assert record["key"] == executor.cache_key(executor.read(lecture))
        assert record["executed_at"].endswith("+00:00")
        assert record["seconds"] >= 0
        assert set(record["versions"]) == set(executor.REPORTED_VERSIONS)
        assert executed.metadata == record

    def test_saved_models_are_kept_with_the_cache(self, tmp_path, package, cache_dir):
        """The models a lecture saves are kept in the cache and served with its outputs; a cache
        entry that lost them is executed again."""
        save = (
            '__import__("pathlib").Path(__import__("os").environ["AEGAN_OUTPUT_DIR"], '
            '"model.keras").write_text("weights")'
        )
        lecture = write_lecture(tmp_path / "lectures" / "97_saves.py", code=save)
        cold = executor.execute(lecture, cache_dir=cache_dir)
        assert (cold.models_dir / "model.keras").read_text() == "weights"
        warm = executor.execute(lecture, cache_dir=cache_dir)
        assert warm.from_cache
        assert warm.models_dir == cold.models_dir == executor.cached_models(cache_dir, "97_saves")
        shutil.rmtree(cold.models_dir)
        assert executor.cached_models(cache_dir, "97_saves") is None
        again = executor.execute(lecture, cache_dir=cache_dir)
        assert not again.from_cache
        assert (again.models_dir / "model.keras").is_file()

    def test_a_new_execution_replaces_the_whole_entry(self, tmp_path, package, cache_dir):
        """Re-executed after a code edit, a lecture that no longer saves a model leaves none of
        the old execution's models in the cache (an entry is written whole)."""
        save = (
            '__import__("pathlib").Path(__import__("os").environ["AEGAN_OUTPUT_DIR"], '
            '"model.keras").write_text("weights")'
        )
        lecture = write_lecture(tmp_path / "lectures" / "96_saves.py", code=save)
        executor.execute(lecture, cache_dir=cache_dir)
        write_lecture(lecture, code="'nothing saved'")
        edited = executor.execute(lecture, cache_dir=cache_dir)
        assert not edited.from_cache
        assert list(edited.models_dir.iterdir()) == []
        assert sorted(path.name for path in cache_dir.iterdir()) == ["96_saves", "96_saves.ipynb"]


@pytest.mark.site
def test_the_page_notebook_is_left_beside_the_entry(lecture, cache_dir):
    """`<cache>/<lecture>.ipynb` is the notebook the page shows, fresh prose and cached outputs
    (what the site renders and ../shared/tools/prose_numbers.py reads), after each call."""
    cold = executor.execute(lecture, cache_dir=cache_dir)
    page = cache_dir / f"{lecture.stem}.ipynb"
    assert nbformat.read(page, as_version=4) == cold.notebook
    write_lecture(lecture, prose="Rewritten prose.")
    warm = executor.execute(lecture, cache_dir=cache_dir)
    assert warm.from_cache
    stored = nbformat.read(page, as_version=4)
    assert "Rewritten prose." in stored.cells[0].source
    assert printed(executor.ExecutedLecture(lecture, stored, True, 0.0)) == printed(cold)


@pytest.mark.site
def test_unchanged_lecture_reads_to_identical_bytes(lecture, cache_dir):
    """Reading or re-serving an unchanged lecture gives the same notebook bytes every time."""
    assert nbformat.writes(executor.read(lecture)) == nbformat.writes(executor.read(lecture))
    cold = executor.execute(lecture, cache_dir=cache_dir)
    first = executor.execute(lecture, cache_dir=cache_dir)
    second = executor.execute(lecture, cache_dir=cache_dir)
    assert first.from_cache and second.from_cache
    assert nbformat.writes(first.notebook) == nbformat.writes(second.notebook)
    # The execution itself gives those bytes too, so the build after a cold one re-renders
    # no page (the render cache is keyed on them).
    assert nbformat.writes(cold.notebook) == nbformat.writes(first.notebook)
