"""Tests of aegan.tables: one table, an HTML table in a notebook and aligned text in a script."""

import sys
import types

import pandas as pd
import pytest

from aegan import tables

#: The cells of the distance column as a script prints them: header, then four digits.
COLUMN = ["distance", "0.02761", "0.6312"]


@pytest.fixture
def frame():
    """A small table of two configurations and two scores."""
    return pd.DataFrame(
        {"distance": [0.027614, 0.6312], "passing": ["5 of 5", "0 of 5"]},
        index=["autoencoder", "PCA, 1 code"],
    )


class TestShow:
    def test_script_prints_aligned_columns(self, frame, capsys, monkeypatch):
        """In a script the table is printed as text: a header, then one aligned line a row."""
        monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
        tables.show(frame)
        lines = capsys.readouterr().out.splitlines()
        assert len(lines) == 3
        assert lines[1].startswith("autoencoder") and lines[2].startswith("PCA, 1 code")
        cells = zip(lines, COLUMN, strict=True)
        right_edges = [line.index(cell) + len(cell) for line, cell in cells]
        assert len(set(right_edges)) == 1
        assert len({len(line) for line in lines}) == 1

    def test_digits_are_significant(self, frame, capsys, monkeypatch):
        """`digits` sets the significant digits of the float cells."""
        monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
        tables.show(frame, digits=2)
        printed = capsys.readouterr().out
        assert "0.028" in printed and "0.63" in printed and "0.0276" not in printed

    def test_notebook_displays_the_frame(self, frame, capsys, monkeypatch):
        """In a kernel the frame itself is displayed (Jupyter renders it as an HTML table)."""
        shown = []
        display = types.ModuleType("IPython.display")
        display.display = lambda value: shown.append(value._repr_html_())
        package = types.ModuleType("IPython")
        package.display = display
        monkeypatch.setitem(sys.modules, "ipykernel", types.ModuleType("ipykernel"))
        monkeypatch.setitem(sys.modules, "IPython", package)
        monkeypatch.setitem(sys.modules, "IPython.display", display)
        tables.show(frame, digits=3)
        assert capsys.readouterr().out == ""
        assert len(shown) == 1
        assert "<table" in shown[0] and "<th>autoencoder</th>" in shown[0]
        assert "0.0276" in shown[0] and "0.02761" not in shown[0]

    def test_decimals_fix_the_decimals(self, frame, capsys, monkeypatch):
        """`decimals` prints every float with that many decimals, trailing zeros kept."""
        monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
        tables.show(frame.assign(distance=[0.2, 0.6312]), decimals=2)
        printed = capsys.readouterr().out
        assert "0.20" in printed and "0.63" in printed and "0.631" not in printed

    @pytest.mark.parametrize("decimals", [-1, 1.5, True])
    def test_refuses_bad_decimals(self, frame, decimals):
        """decimals must be None or a non-negative integer."""
        with pytest.raises(ValueError, match="decimals must be None or an integer"):
            tables.show(frame, decimals=decimals)

    @pytest.mark.parametrize("value", [[1, 2], {"a": [1]}, None])
    def test_refuses_what_is_not_a_frame(self, value):
        """Anything but a DataFrame is refused, naming the argument."""
        with pytest.raises(TypeError, match="frame must be a pandas DataFrame"):
            tables.show(value)

    @pytest.mark.parametrize("digits", [0, -1, 2.5, True, "3"])
    def test_refuses_bad_digits(self, frame, digits):
        """digits must be a positive integer."""
        with pytest.raises(ValueError, match="digits must be a positive integer"):
            tables.show(frame, digits=digits)
