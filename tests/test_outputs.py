"""Tests for aegan.outputs: where figures, animations and models go."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib import animation

from aegan import outputs


@pytest.fixture
def script_mode(monkeypatch):
    """Pretend to run as a script: no Jupyter kernel, no override folder."""
    monkeypatch.setattr(outputs, "in_notebook", lambda: False)
    monkeypatch.delenv(outputs.OUTPUT_DIR_VARIABLE, raising=False)


def test_script_writes_under_outputs(tmp_path, monkeypatch, script_mode):
    """As a script, figures go to outputs/<lecture>/<name>.png under the current folder."""
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
        assert capsys.readouterr().out.strip() == f"animation written to {path}"

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
