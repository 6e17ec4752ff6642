"""Check a student's saved models against the assignments: `python -m aegan.check`.

    python -m aegan.check ring AUTOENCODER.keras [--encoder E.keras --decoder D.keras] [--json]
    python -m aegan.check gan GENERATOR.keras [--latent normal|uniform]
                              [--function "x**2" --low -0.5 --high 0.5] [--json]
    python -m aegan.check simulator SIMULATOR.keras [--json]
    python -m aegan.check jets SIMULATOR.keras [--json]

`ring` checks Assignment 5's autoencoder, `gan` Assignment 6's generator, `simulator`
Lecture 5's fast calorimeter simulation and `jets` Lecture 7's fast simulation of jets. Each
prints one line per check, required or for information, and a verdict (or the same as JSON
with `--json`). The exit status is 0 when every required check passes, 1 when one fails and
2 when the input cannot be checked: a missing file, a file that is not a Keras model, a model
of the wrong shape or one that outputs NaN, an unknown latent law or function. Models are
loaded without compiling them, so a custom loss or optimizer never stops the check, and every
event the checker draws comes from its own fixed seed, so two runs on the same file print the
same report.

The package holds one module per command (`ring`, `gan`, `simulator`, `jets`), the report
and the loading every command shares (`report`) and the command line (`cli`).
"""

from aegan.check.cli import main, parser, report_for
from aegan.check.gan import GAN_POINTS, GAN_SAMPLES, check_gan, parse_function
from aegan.check.jets import check_jets
from aegan.check.report import SEED, Check, CheckError, Report, load, run, size
from aegan.check.ring import ABOUT_50, RING_EVENTS, SCAN_CHECK, SCAN_CODES, check_ring
from aegan.check.simulator import check_simulator

__all__ = [
    "ABOUT_50",
    "GAN_POINTS",
    "GAN_SAMPLES",
    "RING_EVENTS",
    "SCAN_CHECK",
    "SCAN_CODES",
    "SEED",
    "Check",
    "CheckError",
    "Report",
    "check_gan",
    "check_jets",
    "check_ring",
    "check_simulator",
    "load",
    "main",
    "parse_function",
    "parser",
    "report_for",
    "run",
    "size",
]
