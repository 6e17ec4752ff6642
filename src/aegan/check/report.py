"""The checker's report, and loading and running a student's model without surprises."""

import textwrap
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import keras
import numpy as np

#: The checker's own seed: every event, latent point and noise it draws comes from it.
SEED = 20_240_605
#: The widest line of a report: a terminal's 88 columns, and the site's code column.
WIDTH = 88


class CheckError(Exception):
    """The input cannot be checked: the message says why, in one line."""


@dataclass
class Check:
    """One line of the report: a check, whether it passed and what was found.

    `required` checks decide the verdict; the others are for information. `value` is the
    number behind the check, when there is one, for machines reading the JSON.
    """

    name: str
    passed: bool
    found: str
    required: bool = True
    value: float | None = None


@dataclass
class Report:
    """What the checker found in one model, and its verdict."""

    kind: str
    path: str
    checks: list[Check] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, passed, found: str, *, required: bool = True, value=None) -> None:
        """Add a check to the report."""
        value = None if value is None else round(float(value), 6)
        self.checks.append(Check(name, bool(passed), found, required, value))

    @property
    def passed(self) -> bool:
        """Return True when every required check passed."""
        return all(check.passed for check in self.checks if check.required)

    @property
    def failed(self) -> list[str]:
        """Return the names of the required checks that failed."""
        return [check.name for check in self.checks if check.required and not check.passed]

    def text(self) -> str:
        """Return the report as a table for the terminal, ending with the verdict.

        Each line keeps to `WIDTH` characters: what a check found continues, aligned, on the
        next lines, and a note's lines are indented under its first.
        """
        width = max(len(check.name) for check in self.checks)
        lines = [f"aegan check {self.kind}: {self.path}", ""]
        for check in self.checks:
            mark = ("ok" if check.passed else "FAIL") if check.required else "info"
            head = f"{mark:<4}  {check.name:<{width}}  "
            found = textwrap.wrap(check.found, max(WIDTH - len(head), 30)) or [""]
            lines.append(head + found[0])
            lines += [" " * len(head) + line for line in found[1:]]
        lines.append("")
        for note in self.notes:
            lines += textwrap.wrap(f"note: {note}", WIDTH, subsequent_indent=" " * 6)
        if self.failed:
            count = len(self.failed)
            lines.append(f"verdict: FAIL ({count} of the required checks failed)")
        else:
            lines.append("verdict: PASS (every required check passed)")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """Return the report as plain data: kind, path, passed, checks and notes."""
        return {
            "kind": self.kind,
            "path": self.path,
            "passed": self.passed,
            "checks": [asdict(check) for check in self.checks],
            "notes": self.notes,
        }


def load(path: str | Path, role: str = "model") -> keras.Model:
    """Load a saved Keras model without compiling it.

    Args:
        path: a `.keras` file, as `model.save("name.keras")` writes.
        role: what the model is, for the messages ("autoencoder", "generator", ...).

    Returns:
        The model.

    Raises:
        CheckError: if the file is missing, is not a Keras model or cannot be loaded.
    """
    path = Path(path)
    if not path.is_file():
        raise CheckError(f"{role}: no such file: {path}")
    if path.suffix != ".keras" or not zipfile.is_zipfile(path):
        raise CheckError(
            f"{role}: {path} is not a Keras model file (a .keras file, as "
            'model.save("name.keras") writes)'
        )
    try:
        model = keras.saving.load_model(path, compile=False)
    except Exception as error:
        lines = str(error).strip().splitlines()
        reason = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
        raise CheckError(
            f"{role}: {path} could not be loaded as a Keras model ({reason})"
        ) from None
    if not isinstance(model, keras.Model):
        raise CheckError(f"{role}: {path} holds a {type(model).__name__}, not a Keras model")
    return model


def size(model: keras.Model, which: str, role: str) -> int:
    """Return the width d of the model's single input or output, of shape (n, d).

    Raises:
        CheckError: if the model has several inputs (outputs) or one of another shape, or is
            a subclassed model, which has none fixed.
    """
    try:
        tensors = model.inputs if which == "input" else model.outputs
    except AttributeError:  # a subclassed model has no fixed inputs and outputs
        raise CheckError(
            f"{role}: the file holds a {type(model).__name__}, a subclassed Keras model with no "
            f"fixed {which}s to check; save a Functional or Sequential {role}"
        ) from None
    shapes = [tuple(tensor.shape) for tensor in tensors or []]
    if len(shapes) != 1 or len(shapes[0]) != 2 or shapes[0][1] is None:
        raise CheckError(f"{role}: expected one {which} of shape (n, d), got {shapes}")
    return int(shapes[0][1])


def run(model: keras.Model, inputs: np.ndarray, role: str, *, columns: int) -> np.ndarray:
    """Return the model's outputs for `inputs` as float64, checked to be (n, columns) and finite.

    Raises:
        CheckError: if the model cannot run on the inputs, returns another shape, or returns
            NaN or infinite values.
    """
    try:
        outputs = keras.ops.convert_to_numpy(model(inputs, training=False))
    except Exception as error:
        raise CheckError(
            f"{role}: the model cannot run on inputs of shape {inputs.shape} "
            f"({type(error).__name__})"
        ) from None
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.shape != (len(inputs), columns):
        raise CheckError(
            f"{role}: the model returns shape {outputs.shape} for {len(inputs)} inputs, "
            f"expected ({len(inputs)}, {columns})"
        )
    if not np.all(np.isfinite(outputs)):
        raise CheckError(f"{role}: the model outputs NaN or infinite values")
    return outputs
