"""Tests for aegan.outputs: where figures, animations and models go."""

import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib import animation

from aegan import outputs


@pytest.fixture
def script_mode(monkeypatch):
    """Pretend to run as a script: no Jupyter kernel, no override folder, no script file."""
    monkeypatch.setattr(outputs, "in_notebook", lambda: False)
    monkeypatch.setattr(outputs, "running_script", lambda: None)
    monkeypatch.delenv(outputs.OUTPUT_DIR_VARIABLE, raising=False)


class TestDefaultDirectory:
    """default_directory puts a script's files in one place, whatever the current folder."""

    def test_lecture_of_the_repository(self, tmp_path):
        """A script in lectures/ writes into outputs/<lecture>/ beside lectures/."""
        script = tmp_path / "lectures" / "02_ring.py"
        assert outputs.default_directory("02_ring", script) == tmp_path / "outputs" / "02_ring"

    def test_script_anywhere_else(self, tmp_path):
        """A script in any other folder writes into outputs/<lecture>/ beside itself."""
        script = tmp_path / "downloads" / "02_ring.py"
        expected = tmp_path / "downloads" / "outputs" / "02_ring"
        assert outputs.default_directory("02_ring", script) == expected

    def test_no_script_uses_the_current_folder(self, tmp_path, monkeypatch):
        """Without a script file (python -c, an interactive session) the current folder counts."""
        monkeypatch.chdir(tmp_path)
        assert outputs.default_directory("02_ring", None) == tmp_path / "outputs" / "02_ring"

    def test_current_folder_does_not_matter_to_a_script(
        self, tmp_path, monkeypatch, script_mode, capsys
    ):
        """Run from inside lectures/, a lecture still writes beside it, and prints where."""
        lectures = tmp_path / "lectures"
        lectures.mkdir()
        monkeypatch.setattr(outputs, "running_script", lambda: lectures / "01_test.py")
        monkeypatch.chdir(lectures)
        out = outputs.Outputs("01_test")
        assert out.directory == tmp_path / "outputs" / "01_test"
        assert capsys.readouterr().out == (
            f"outputs: figures and models are written into {tmp_path / 'outputs' / '01_test'}\n"
        )

    def test_running_script_is_the_main_module(self, monkeypatch, tmp_path):
        """The running script is __main__'s file, and None when __main__ has no file."""
        import types

        main = types.ModuleType("__main__")
        monkeypatch.setitem(sys.modules, "__main__", main)
        assert outputs.running_script() is None
        main.__file__ = str(tmp_path / "lecture.py")
        assert outputs.running_script() == tmp_path / "lecture.py"


def test_notebook_prints_no_folder(tmp_path, monkeypatch, capsys):
    """In a notebook (the site) nothing about folders is printed, even with AEGAN_OUTPUT_DIR."""
    monkeypatch.setattr(outputs, "in_notebook", lambda: True)
    monkeypatch.setenv(outputs.OUTPUT_DIR_VARIABLE, str(tmp_path))
    outputs.Outputs("01_test")
    assert capsys.readouterr().out == ""


def test_notebook_with_output_folder_writes_and_shows_no_path(tmp_path, monkeypatch):
    """In a notebook with AEGAN_OUTPUT_DIR the figure is written, and show returns None."""
    monkeypatch.setattr(outputs, "in_notebook", lambda: True)
    monkeypatch.setenv(outputs.OUTPUT_DIR_VARIABLE, str(tmp_path))
    monkeypatch.setattr(plt, "show", lambda: None)
    figure, _ = plt.subplots()
    assert outputs.Outputs("01_test").show(figure, "written") is None
    plt.close(figure)
    assert (tmp_path / "written.png").read_bytes().startswith(b"\x89PNG")


def test_display_does_not_block_the_script(tmp_path, monkeypatch, script_mode, capsys):
    """With a display, each figure opens without waiting; the script waits once, at its end."""
    calls, at_exit = [], []
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "TkAgg")
    monkeypatch.setattr(plt, "show", lambda **kwargs: calls.append(("show", kwargs)))
    monkeypatch.setattr(plt, "pause", lambda seconds: calls.append(("pause", seconds)))
    monkeypatch.setattr(outputs.atexit, "register", at_exit.append)
    monkeypatch.chdir(tmp_path)
    out = outputs.Outputs("01_test")
    for name in ("first", "second"):
        figure, _ = plt.subplots()
        out.show(figure, name)
        plt.close(figure)
    assert [call for call in calls if call[0] == "show"] == [("show", {"block": False})] * 2
    assert at_exit == [plt.show]
    printed = capsys.readouterr().out
    assert printed.count("close them all to end the script") == 1


def test_script_writes_under_outputs(tmp_path, monkeypatch, script_mode):
    """As a script without a script file, figures go to outputs/<lecture>/ under the cwd."""
    monkeypatch.chdir(tmp_path)
    figure, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    path = outputs.Outputs("01_test").show(figure, "line")
    assert path == tmp_path / "outputs" / "01_test" / "line.png"
    assert path.read_bytes().startswith(b"\x89PNG")


def test_environment_variable_overrides_the_folder(tmp_path, monkeypatch, script_mode):
    """AEGAN_OUTPUT_DIR names the folder the files go to."""
    monkeypatch.setenv(outputs.OUTPUT_DIR_VARIABLE, str(tmp_path / "elsewhere"))
    figure, _ = plt.subplots()
    path = outputs.Outputs("01_test").show(figure, "empty")
    assert path == tmp_path / "elsewhere" / "empty.png"
    assert path.is_file()


def test_notebook_writes_nothing(tmp_path, monkeypatch):
    """In a notebook without AEGAN_OUTPUT_DIR nothing is written."""
    monkeypatch.setattr(outputs, "in_notebook", lambda: True)
    monkeypatch.delenv(outputs.OUTPUT_DIR_VARIABLE, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(plt, "show", lambda: None)
    figure, _ = plt.subplots()
    out = outputs.Outputs("01_test")
    assert out.show(figure, "nothing") is None
    assert out.save_model(object(), "model.keras") is None
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("lecture", ["", "../escape", "a/b", None])
def test_bad_lecture_name(lecture):
    """A lecture name must be a plain file name."""
    with pytest.raises(ValueError, match="lecture must be a plain file name"):
        outputs.Outputs(lecture)


def test_model_file_must_end_in_keras(tmp_path, monkeypatch, script_mode):
    """Models are saved in the .keras format only."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"filename must end in \.keras, got 'model\.h5'"):
        outputs.Outputs("01_test").save_model(object(), "model.h5")


class FakeAnimation:
    """Stand in for a matplotlib animation: what Outputs.animation needs is to_jshtml()."""

    def to_jshtml(self) -> str:
        return "<div class='player'>frames</div>"


class TestAnimation:
    def test_script_writes_html(self, tmp_path, monkeypatch, script_mode, capsys):
        """As a script, the player is written to <name>.html, whose path is printed and returned."""
        monkeypatch.chdir(tmp_path)
        path = outputs.Outputs("04_test").animation(FakeAnimation(), "training")
        assert path == tmp_path / "outputs" / "04_test" / "training.html"
        assert path.read_text(encoding="utf-8") == FakeAnimation().to_jshtml()
        assert capsys.readouterr().out.splitlines()[-1] == f"animation written to {path}"

    def test_notebook_returns_the_player(self, tmp_path, monkeypatch, capsys):
        """In a notebook the player comes back as IPython HTML and no file is written."""
        from IPython.display import HTML

        monkeypatch.setattr(outputs, "in_notebook", lambda: True)
        monkeypatch.delenv(outputs.OUTPUT_DIR_VARIABLE, raising=False)
        monkeypatch.chdir(tmp_path)
        shown = outputs.Outputs("04_test").animation(FakeAnimation(), "training")
        assert isinstance(shown, HTML)
        assert shown.data == FakeAnimation().to_jshtml()
        assert list(tmp_path.iterdir()) == []
        assert capsys.readouterr().out == ""

    def test_notebook_with_output_folder(self, tmp_path, monkeypatch):
        """In a notebook with AEGAN_OUTPUT_DIR the player is both returned and written."""
        from IPython.display import HTML

        monkeypatch.setattr(outputs, "in_notebook", lambda: True)
        monkeypatch.setenv(outputs.OUTPUT_DIR_VARIABLE, str(tmp_path))
        shown = outputs.Outputs("04_test").animation(FakeAnimation(), "training")
        assert isinstance(shown, HTML)
        assert (tmp_path / "training.html").read_text(encoding="utf-8") == shown.data

    def test_real_animation(self, tmp_path, monkeypatch, script_mode):
        """A matplotlib FuncAnimation is written as a self-contained HTML player."""
        monkeypatch.chdir(tmp_path)
        figure, ax = plt.subplots(figsize=(1, 1), dpi=20)
        (line,) = ax.plot([0, 1], [0, 0])
        player = animation.FuncAnimation(figure, lambda k: line.set_ydata([k, k]), frames=2)
        path = outputs.Outputs("04_test").animation(player, "line")
        plt.close(figure)
        html = path.read_text(encoding="utf-8")
        assert html.count("data:image/png;base64") == 2  # one embedded image per frame
