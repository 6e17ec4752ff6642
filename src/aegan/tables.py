"""Show a table of results: an HTML table in a notebook (and on the site), aligned text in a script.

A lecture builds its results as a pandas DataFrame and calls `tables.show(frame)`, once, where
the table belongs: Jupyter renders the frame as the HTML table it renders for any DataFrame, and
a script prints the same frame as text, with aligned columns.
"""

import pandas as pd

from aegan import outputs


def show(frame: pd.DataFrame, *, digits: int = 4, decimals: int | None = None) -> None:
    """Show `frame` as a table: displayed in a notebook, printed by a script.

    Args:
        frame: the table; its index gives the row labels.
        digits: significant digits of the floating-point cells.
        decimals: if given, every floating-point cell with this many decimals instead
            ("0.20", not "0.2"), for tables whose numbers share one scale.

    Raises:
        TypeError: if frame is not a pandas DataFrame.
        ValueError: if digits is not a positive integer or decimals a non-negative one.
    """
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"frame must be a pandas DataFrame, got {type(frame).__name__}")
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 1:
        raise ValueError(f"digits must be a positive integer, got {digits!r}")
    if decimals is not None and (
        isinstance(decimals, bool) or not isinstance(decimals, int) or decimals < 0
    ):
        raise ValueError(f"decimals must be None or an integer >= 0, got {decimals!r}")
    number = f"{{:.{digits}g}}" if decimals is None else f"{{:.{decimals}f}}"
    options = {
        "display.float_format": number.format,
        "display.max_columns": None,
        "display.max_rows": None,
        "display.width": 1000,  # a script's table is not cut into slices of columns
    }
    with pd.option_context(*[item for pair in options.items() for item in pair]):
        if outputs.in_notebook():
            import IPython.display

            IPython.display.display(frame)
        else:
            print(frame.to_string())
