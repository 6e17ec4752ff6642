"""The site's lecture cache: prose edits reuse outputs, code or package edits re-execute.

Each test executes a throwaway two-cell lecture in a temporary folder against a throwaway copy
of a tiny package, so no real lecture and no real package file is touched.
"""

import shutil

import executor
import nbformat
import pytest

pytestmark = pytest.mark.site

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


class FakeDistribution:
    """What dependency_versions reads of a distribution: its version and requirements."""

    def __init__(self, name: str, version: str, requires: list[str] | None):
        self.metadata = {"Name": name}
        self.version = version
        self.requires = requires


def fake_distribution(site, name: str, version: str, requires=()):
    """Write an installed-looking distribution (a .dist-info folder) into `site`; return it."""
    info = site / f"{name.replace('-', '_')}-{version}.dist-info"
    info.mkdir(parents=True)
    lines = ["Metadata-Version: 2.1", f"Name: {name}", f"Version: {version}"]
    lines += [f"Requires-Dist: {requirement}" for requirement in requires]
    (info / "METADATA").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return site


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
        first = executor.read(write_lecture(tmp_path / "a.py", prose="One."))
        second = executor.read(write_lecture(tmp_path / "b.py", prose="Two, longer."))
        assert executor.cache_key(first) == executor.cache_key(second)

    def test_code_changes_the_key(self, tmp_path, package):
        """Editing a code cell changes the key."""
        first = executor.read(write_lecture(tmp_path / "a.py", code="1 + 1"))
        second = executor.read(write_lecture(tmp_path / "b.py", code="1 + 2"))
        assert executor.cache_key(first) != executor.cache_key(second)

    def test_package_dir_argument_is_used(self, tmp_path, package):
        """An explicit package_dir takes part in the key instead of PACKAGE_DIR."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        other = tmp_path / "other"
        other.mkdir()
        (other / "__init__.py").write_text("", encoding="utf-8")
        assert executor.cache_key(notebook, package_dir=other) != executor.cache_key(notebook)

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

    def test_unrelated_distribution_does_not_change_the_key(self, tmp_path, package, monkeypatch):
        """Installing or removing a distribution outside aegan's tree leaves the key alone."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        site = fake_distribution(tmp_path / "site", "jupyterlab-lookalike", "4.2.0")
        with monkeypatch.context() as installed:
            installed.syspath_prepend(str(site))
            assert "jupyterlab-lookalike" in executor.installed_distributions()
            assert executor.cache_key(notebook) == before
        assert "jupyterlab-lookalike" not in executor.installed_distributions()
        assert executor.cache_key(notebook) == before

    def test_dependency_version_changes_the_key(self, tmp_path, package, monkeypatch):
        """Another version of a distribution in aegan's tree (numpy, through aegan) changes it."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        # An earlier sys.path entry holding numpy 0.0.1 is what an import would now find.
        monkeypatch.syspath_prepend(str(fake_distribution(tmp_path / "site", "numpy", "0.0.1")))
        assert executor.dependency_versions()["numpy"] == "0.0.1"
        assert executor.cache_key(notebook) != before

    def test_deep_dependency_version_changes_the_key(self, tmp_path, package, monkeypatch):
        """A version change two levels down (a dependency of a dependency) changes it too."""
        notebook = executor.read(write_lecture(tmp_path / "a.py"))
        before = executor.cache_key(notebook)
        versions = executor.dependency_versions()
        deep = next(name for name in ("kiwisolver", "pillow", "absl-py") if name in versions)
        real = executor.installed_distributions()
        fake = {**real, deep: FakeDistribution(deep, "0.0.1", real[deep].requires)}
        monkeypatch.setattr(executor, "installed_distributions", lambda: fake)
        assert executor.cache_key(notebook) != before


class TestDependencyVersions:
    """dependency_versions walks aegan's requirements as pip would install them."""

    def test_the_runtime_tree(self):
        """The tree holds aegan, its direct dependencies and theirs, and no docs tooling."""
        versions = executor.dependency_versions()
        for name in ("aegan", "tensorflow", "keras", "numpy", "scipy", "matplotlib"):
            assert versions[name] not in (None, "not installed"), name
        assert {"pillow", "kiwisolver"} <= set(versions)  # matplotlib's, one level down
        assert not {"mkdocs", "jupytext", "nbclient", "pytest"} & set(versions)

    def test_markers_and_extras(self, monkeypatch):
        """False markers and extras nobody asked for are not followed; requested extras are."""
        fake = {
            "root": FakeDistribution(
                "root",
                "1",
                [
                    "plain",
                    "withextra[fast]",
                    'never ; python_version < "3"',
                    'optional ; extra == "docs"',
                ],
            ),
            "plain": FakeDistribution("plain", "2", []),
            "withextra": FakeDistribution(
                "withextra", "3", ['speedup ; extra == "fast"', 'slowdown ; extra == "slow"']
            ),
            "speedup": FakeDistribution("speedup", "4", []),
            "slowdown": FakeDistribution("slowdown", "5", []),
            "never": FakeDistribution("never", "6", []),
            "optional": FakeDistribution("optional", "7", []),
        }
        monkeypatch.setattr(executor, "installed_distributions", lambda: fake)
        assert executor.dependency_versions("root") == {
            "plain": "2",
            "root": "1",
            "speedup": "4",
            "withextra": "3",
        }

    def test_missing_dependency_is_named(self, monkeypatch):
        """A requirement that is not installed appears as "not installed"."""
        fake = {"root": FakeDistribution("root", "1", ["ghost>=1"])}
        monkeypatch.setattr(executor, "installed_distributions", lambda: fake)
        assert executor.dependency_versions("root") == {"ghost": "not installed", "root": "1"}


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

    def test_version_change_reexecutes(self, lecture, cache_dir, monkeypatch):
        """A change of version in aegan's dependency tree re-executes the lecture."""
        executor.execute(lecture, cache_dir=cache_dir)
        versions = {**executor.dependency_versions(), "keras": "0.0.1"}
        monkeypatch.setattr(executor, "dependency_versions", lambda: versions)
        assert not executor.execute(lecture, cache_dir=cache_dir).from_cache

    def test_cached_notebook_records_the_execution(self, lecture, cache_dir):
        """The cached notebook holds the key, date, duration and the reported versions."""
        executed = executor.execute(lecture, cache_dir=cache_dir)
        stored = nbformat.read(cache_dir / f"{lecture.stem}.ipynb", as_version=4)
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
