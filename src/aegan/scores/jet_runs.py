"""A run of Lecture 7 and the row of its benchmark, validated alike by construction.

Lecture 7 at SEED = k and row k of `benchmarks/jet_seeds.py` train on the same jets with the
same seed, and validate through these functions, so that the page's run is its row of the
committed table (on the machine that measured it).
"""

from aegan import _validate
from aegan.scores.jets import JetValidation, truth_jet_simulator, validate_jets

#: How far a run's validation seed sits from its training seed (`validate_jet_run`).
RUN_VALIDATION_OFFSET = 1000
#: How far the truth's draws in a run sit from its training seed (`validate_truth_run`).
RUN_TRUTH_OFFSET = 100


def validate_jet_run(simulator, *, run: int) -> JetValidation:
    """Validate a simulator trained in run `run`, as Lecture 7 and its benchmark both do.

    Lecture 7 at SEED = run and the row `run` of `benchmarks/jet_seeds.py` train on the same
    jets with the same seed and validate through this function, so that the page's run is its
    row of the committed table: `validate_jets` with the seed `RUN_VALIDATION_OFFSET` + run,
    apart from every training seed.

    Raises:
        TypeError, ValueError: as `validate_jets`, for the simulator and the run.
    """
    run = _validate.seed("run", run)
    return validate_jets(simulator, seed=RUN_VALIDATION_OFFSET + run)


def validate_truth_run(*, run: int) -> JetValidation:
    """Return run `run`'s null: the exact law's own draws validated as `validate_jet_run` does.

    Raises:
        TypeError, ValueError: if run is not an integer >= 0.
    """
    run = _validate.seed("run", run)
    return validate_jet_run(truth_jet_simulator(seed=RUN_TRUTH_OFFSET + run), run=run)
