"""Where a lecture's figures and models go: inline on the site, files when run as a script."""

import atexit
import os
import sys
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt

#: Environment variable that overrides the folder a lecture writes its files into.
OUTPUT_DIR_VARIABLE = "AEGAN_OUTPUT_DIR"


def in_notebook() -> bool:
    """Return True when running inside a Jupyter kernel (the site, or a notebook)."""
    return "ipykernel" in sys.modules


def running_script() -> Path | None:
    """Return the path of the script Python is running, or None (interactive, `-c`, a kernel)."""
    main_file = getattr(sys.modules.get("__main__"), "__file__", None)
    return Path(main_file).resolve() if main_file else None


def default_directory(lecture: str, script: Path | None) -> Path:
    """Return where a lecture run as `script` writes its files, whatever the current folder.

    A script in a `lectures/` folder (the repository's layout) writes into `outputs/<lecture>/`
    beside that folder; a script anywhere else into `outputs/<lecture>/` beside itself; without
    a script, under the current folder.
    """
    if script is None:
        return Path.cwd().resolve() / "outputs" / lecture
    folder = script.parent
    if folder.name == "lectures":
        folder = folder.parent
    return folder / "outputs" / lecture


class Outputs:
    """Show a lecture's figures and keep its models.

    In a notebook (and so on the site) figures are shown inline and nothing is written,
    unless the AEGAN_OUTPUT_DIR environment variable names a folder. Run as a script,
    figures are written as PNG files and models as .keras files into AEGAN_OUTPUT_DIR, or
    `default_directory` (`outputs/<lecture>/` of the repository for its lectures), and the
    script prints that folder. With a display a script also opens each figure in a window
    without waiting, and at its end waits for the windows to be closed.

    Args:
        lecture: the lecture's name, such as "01_pca_vs_autoencoder".
    """

    def __init__(self, lecture: str):
        if not isinstance(lecture, str) or not lecture or Path(lecture).name != lecture:
            raise ValueError(f"lecture must be a plain file name, got {lecture!r}")
        self.lecture = lecture
        override = os.environ.get(OUTPUT_DIR_VARIABLE)
        if override:
            self.directory: Path | None = Path(override)
        elif in_notebook():
            self.directory = None
        else:
            self.directory = default_directory(lecture, running_script())
        if self.directory is not None and not in_notebook():
            print(f"outputs: figures and models are written into {self.directory.resolve()}")
        self._windows = False

    def path(self, filename: str) -> Path | None:
        """Return where `filename` is written, creating the folder; None when nothing is written."""
        if self.directory is None:
            return None
        self.directory.mkdir(parents=True, exist_ok=True)
        return self.directory / filename

    def show(self, figure, name: str) -> Path | None:
        """Show `figure` and, outside the site, save it as `<name>.png`.

        Returns the file's path as a script (None if nothing is written), and None in a
        notebook, so that a cell ending with `out.show(...)` shows the figure and nothing else.
        """
        path = self.path(f"{name}.png")
        if path is not None:
            figure.savefig(path, dpi=120, bbox_inches="tight")
        if in_notebook():
            plt.show()  # inline
            return None
        if matplotlib.get_backend().lower() == "agg":  # no display
            plt.close(figure)
        else:  # a window that does not stop the script; all of them are waited for at its end
            if not self._windows:
                self._windows = True
                print("outputs: figures open in windows; close them all to end the script")
                atexit.register(plt.show)
            plt.show(block=False)
            plt.pause(0.001)  # draw it now
        return path

    def animation(self, animation, name: str):
        """Show a matplotlib animation inline in a notebook, or write it as `<name>.html`.

        In a notebook it returns the animation as an interactive HTML player, to be the last
        expression of a cell. As a script it writes the same player into a self-contained HTML
        file, prints where, and returns the file's path.
        """
        player = animation.to_jshtml()
        path = self.path(f"{name}.html")
        if path is not None:
            path.write_text(player, encoding="utf-8")
        if in_notebook():
            from IPython.display import HTML  # a notebook kernel always has IPython

            return HTML(player)
        print(f"animation written to {path}")
        return path

    def save_model(self, model, filename: str) -> Path | None:
        """Save a Keras model as `filename` (ending in .keras); return the file's path."""
        if not filename.endswith(".keras"):
            raise ValueError(f"filename must end in .keras, got {filename!r}")
        path = self.path(filename)
        if path is not None:
            model.save(path)
        return path
