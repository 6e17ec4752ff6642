"""The checker's command line: `python -m aegan.check ring|gan|simulator|jets FILE [--json]`."""

import argparse
import json
import sys
from collections.abc import Sequence

from aegan.check.gan import check_gan
from aegan.check.jets import check_jets
from aegan.check.report import CheckError, Report
from aegan.check.ring import check_ring
from aegan.check.simulator import check_simulator


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are CheckErrors: one line, exit status 2."""

    def error(self, message):
        """Raise the usage error as a CheckError."""
        raise CheckError(f"{message} (see {self.prog} --help)")


def parser() -> argparse.ArgumentParser:
    """Return the command line's parser: the subcommands ring, gan, simulator and jets."""
    main_parser = _Parser(
        prog="python -m aegan.check",
        description="Check saved models against the course's assignments.",
        epilog="Exit status: 0 every required check passed, 1 one failed, 2 unusable input.",
    )
    commands = main_parser.add_subparsers(dest="command", required=True)
    ring = commands.add_parser("ring", help="Assignment 5: the ring autoencoder")
    ring.add_argument("autoencoder", help="the autoencoder, a .keras file")
    ring.add_argument("--encoder", help="the encoder (input -> latent), a .keras file")
    ring.add_argument("--decoder", help="the decoder (latent -> output), a .keras file")
    generator = commands.add_parser("gan", help="Assignment 6: the GAN of a 1-D function")
    generator.add_argument("generator", help="the generator, a .keras file")
    generator.add_argument(
        "--latent", help="the latent law, normal or uniform (default: the model's own)"
    )
    generator.add_argument("--function", default="x**2", help='x2 = f(x1), such as "sin(3*x)"')
    generator.add_argument("--low", type=float, default=-0.5, help="lower end of x1")
    generator.add_argument("--high", type=float, default=0.5, help="upper end of x1")
    simulator = commands.add_parser("simulator", help="Lecture 5: the calorimeter simulation")
    simulator.add_argument("simulator", help="the simulator, a .keras file")
    jet = commands.add_parser("jets", help="Lecture 7: the fast simulation of jets")
    jet.add_argument("simulator", help="the jet simulator, (n, 3) -> (n, 6), a .keras file")
    for command in (ring, generator, simulator, jet):
        command.add_argument("--json", action="store_true", help="print the report as JSON")
    return main_parser


def report_for(arguments: argparse.Namespace) -> Report:
    """Run the check the parsed command line asks for."""
    if arguments.command == "ring":
        return check_ring(
            arguments.autoencoder, encoder_path=arguments.encoder, decoder_path=arguments.decoder
        )
    if arguments.command == "gan":
        return check_gan(
            arguments.generator,
            latent=arguments.latent,
            function=arguments.function,
            low=arguments.low,
            high=arguments.high,
        )
    if arguments.command == "jets":
        return check_jets(arguments.simulator)
    return check_simulator(arguments.simulator)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the checker's command line.

    Args:
        argv: the arguments; None reads them from `sys.argv`.

    Returns:
        The exit status: 0 when every required check passed, 1 when one failed, 2 when the
        input cannot be checked (the reason is printed on stderr, in one line).
    """
    try:
        arguments = parser().parse_args(argv)
        report = report_for(arguments)
    except SystemExit as exit_:  # --help
        return int(exit_.code or 0)
    except CheckError as error:
        print(f"aegan check: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # a model no check foresaw: still one line, never a traceback
        lines = str(error).strip().splitlines()
        reason = f"{type(error).__name__}: {lines[0][:200]}" if lines else type(error).__name__
        print(f"aegan check: cannot check this model ({reason})", file=sys.stderr)
        return 2
    print(json.dumps(report.to_dict(), indent=2) if arguments.json else report.text())
    return 0 if report.passed else 1
