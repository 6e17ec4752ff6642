"""The toy jet detector's exact law: conditions, six observables, their Rosenblatt transform.

A jet is generated with a transverse momentum pT, a pseudorapidity eta and a flavour f
(the conditions), and the detector returns six observables. The law, exactly:

Conditions (`sample_conditions`):
    pT in [20, 300] GeV with density proportional to pT^-2; eta ~ U(-2.5, 2.5);
    f = 0 (light), 1 (c), 2 (b) with probabilities 0.6, 0.2, 0.2; all three independent.

Observables, in order (`sample_observables`), given (pT, eta, f):
    1. Response R = pT_reco / pT_gen = G (1 - B T), with G ~ Gamma of mean
       mu = 0.97 - 0.15 exp(-pT / 40 GeV) - 0.02 [f = b] and standard deviation
       sd = sqrt(1 GeV / pT + 0.05^2) (1 + 0.2 |eta| / 2.5); B ~ Bernoulli(p_nu) with
       p_nu = 0.03, 0.10, 0.25 for light, c, b (a semileptonic decay's neutrino);
       T ~ Beta(1, 3) the fraction it carries away.
    2. b-tag score s ~ Beta(a, b): (1, 8) light, (2, 4) c, (6 + 4 (1 - min(R, 1)), 1.5) b.
    3. d_eta = eta_reco - eta_gen ~ N(0, sa^2), sa = 0.002 + 0.5 GeV / pT.
    4. d_phi given d_eta ~ N(0.4 d_eta, sa^2 (1 - 0.4^2)) (so corr(d_eta, d_phi) = 0.4).
    5. Mass ratio q = m / pT_reco: ln q ~ N(ln m0 + 0.8 (R - mu), 0.25^2), m0 = 0.10, 0.12,
       0.15 for light, c, b.
    6. Track count ~ Poisson(3 + 4 ln(pT / 20 GeV) + 2 [f in {c, b}]), stored as a float.

Outside the generated spectrum the same formulas hold, with two guards that never act inside
it: the track mean is clipped at 0 (below 9.4 GeV for light jets), and a negative R (a bad
simulator's) enters the b-tag as 0. Every conditional CDF is closed form (`response_cdf`:
see there), so the Rosenblatt transform (`rosenblatt`) maps true jets to six independent
uniforms.

What it simplifies: a pure power-law spectrum flat in eta with flavour fractions that depend
on neither; no pile-up, no calorimeter geometry, no out-of-cone or detector cracks; one
Gamma core for the response (the calorimeter toy of `aegan.data` with the leak replaced by
a neutrino); the b-tag's link to the response stands in for the soft lepton of a
semileptonic b decay; a Gaussian angular resolution with an invented d_eta-d_phi
correlation; a lognormal mass; tracks that know nothing of the response or the mass.
"""

from numbers import Integral

import numpy as np
from scipy import special

from aegan import _validate

#: The generated pT range (GeV) and the |eta| acceptance.
PT_MIN, PT_MAX = 20.0, 300.0
ETA_MAX = 2.5
#: Flavours, coded 0, 1, 2 in the conditions' third column, and their probabilities.
FLAVOURS = ("light", "c", "b")
FLAVOUR_PROBABILITIES = (0.6, 0.2, 0.2)
#: The columns of a conditions array and of an observables array.
CONDITIONS = ("pt", "eta", "flavour")
OBSERVABLES = ("response", "btag", "d_eta", "d_phi", "mass_ratio", "tracks")
#: Probability of a neutrino in the jet (B = 1), and the mass ratio's median m0, per flavour.
NEUTRINO_PROBABILITIES = (0.03, 0.10, 0.25)
MASS_RATIOS = (0.10, 0.12, 0.15)
#: b-tag cuts: a b-tagging working point and a looser one for mistag studies.
BTAG_WORKING_POINT = 0.7
MISTAG_WORKING_POINT = 0.3
#: The correlation of d_phi with d_eta.
DPHI_CORRELATION = 0.4
#: The neutrino's fraction T ~ Beta(1, NEUTRINO_BETA), and the width of ln q.
NEUTRINO_BETA = 3.0
MASS_WIDTH = 0.25
#: The b-tag's Beta parameters (a, b) for light and c jets; b jets' a depends on R.
_BTAG_SHAPES = ((1.0, 8.0), (2.0, 4.0))
_BTAG_B_BETA = 1.5
#: Gauss-Legendre nodes of the neutrino integral where the Gamma shape is <= 3 (pT below
#: 4.5 to 7 GeV, outside the spectrum); above, the integral has a closed form.
_NODES, _WEIGHTS = np.polynomial.legendre.leggauss(200)


# --- Validation ---


def conditions_array(name: str, value) -> np.ndarray:
    """Return jet conditions (pT, eta, flavour) as an (n, 3) float64 array, or raise.

    Raises:
        ValueError: if it is not 2-D with 3 columns and a row, a value is not finite, a pT
            is not > 0 or a flavour not exactly 0, 1 or 2. The message names `name`.
        TypeError: if it is not made of numbers.
    """
    conditions = _validate.array(name, value, ndim=2, columns=3)
    pt, flavour = conditions[:, 0], conditions[:, 2]
    if np.any(pt <= 0):
        bad = float(pt[pt <= 0][0])
        raise ValueError(f"{name} must have pT > 0 GeV in column 0, got {bad!r}")
    known = (flavour == 0) | (flavour == 1) | (flavour == 2)
    if not np.all(known):
        bad = float(flavour[~known][0])
        raise ValueError(f"{name} must have a flavour of 0, 1 or 2 in column 2, got {bad!r}")
    return conditions


def observables_array(name: str, value, rows: int | None = None) -> np.ndarray:
    """Return observables as an (n, 6) float64 array of finite values, or raise.

    Values outside the law's support are allowed: a bad simulator makes them.

    Raises:
        ValueError: if it is not 2-D with 6 columns, a value is not finite, or it has not
            `rows` rows (when given). The message names `name`.
        TypeError: if it is not made of numbers.
    """
    observables = _validate.array(name, value, ndim=2, columns=len(OBSERVABLES))
    if rows is not None and len(observables) != rows:
        raise ValueError(f"{name} must have {rows} rows, one per condition, got {len(observables)}")
    return observables


def _numbers(name: str, value, *, positive: bool = False) -> np.ndarray:
    """Return a number or numbers as a finite float64 array of one dimension (> 0 if asked)."""
    try:
        numbers = np.atleast_1d(np.asarray(value, dtype=np.float64))
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers, got {type(value).__name__}") from error
    numbers = _validate.array(name, numbers, ndim=1)
    if positive and np.any(numbers <= 0):
        raise ValueError(f"{name} must be > 0 GeV, got {float(numbers[numbers <= 0][0])!r}")
    return numbers


def _streams(seed, count: int) -> list[np.random.Generator]:
    """Return `count` independent generators from a seed (int >= 0) or a Generator."""
    if isinstance(seed, np.random.Generator):
        entropy = int(seed.integers(2**63))
    elif isinstance(seed, Integral) and not isinstance(seed, bool):
        if seed < 0:
            raise ValueError(f"seed must be an integer >= 0, got {seed!r}")
        entropy = int(seed)
    else:
        raise TypeError(
            f"seed must be an integer >= 0 or a numpy.random.Generator, got {seed!r} "
            f"({type(seed).__name__})"
        )
    return [np.random.default_rng(child) for child in np.random.SeedSequence(entropy).spawn(count)]


def _flavour_table(values: tuple, flavour: np.ndarray) -> np.ndarray:
    """Return one of three per-flavour `values` for each flavour code."""
    return np.asarray(values, dtype=np.float64)[flavour.astype(np.intp)]


# --- The law's parameters ---


def response_mean(conditions) -> np.ndarray:
    """Return mu = 0.97 - 0.15 exp(-pT / 40) - 0.02 [b], the response core's mean, per jet.

    Raises:
        ValueError: if conditions are not valid (see `conditions_array`).
    """
    conditions = conditions_array("conditions", conditions)
    pt, flavour = conditions[:, 0], conditions[:, 2]
    return 0.97 - 0.15 * np.exp(-pt / 40.0) - 0.02 * (flavour == 2)


def response_width(conditions) -> np.ndarray:
    """Return sd = sqrt(1 / pT + 0.05^2) (1 + 0.2 |eta| / 2.5), the core's deviation, per jet.

    Raises:
        ValueError: if conditions are not valid (see `conditions_array`).
    """
    conditions = conditions_array("conditions", conditions)
    pt, eta = conditions[:, 0], conditions[:, 1]
    return np.sqrt(1.0 / pt + 0.05**2) * (1.0 + 0.2 * np.abs(eta) / ETA_MAX)


def angular_width(pt) -> np.ndarray:
    """Return sa = 0.002 + 0.5 / pT, the standard deviation of d_eta (pT in GeV).

    Raises:
        ValueError: if a pT is not finite and > 0.
        TypeError: if pt is not numbers.
    """
    return 0.002 + 0.5 / _numbers("pt", pt, positive=True)


def track_mean(conditions) -> np.ndarray:
    """Return max(0, 3 + 4 ln(pT / 20) + 2 [c or b]), the track count's Poisson mean, per jet.

    Raises:
        ValueError: if conditions are not valid (see `conditions_array`).
    """
    conditions = conditions_array("conditions", conditions)
    pt, flavour = conditions[:, 0], conditions[:, 2]
    return np.maximum(3.0 + 4.0 * np.log(pt / PT_MIN) + 2.0 * (flavour > 0), 0.0)


def btag_shapes(responses, conditions) -> tuple[np.ndarray, np.ndarray]:
    """Return the b-tag's Beta parameters (a, b) per jet, given its response and flavour.

    Raises:
        ValueError: if conditions are not valid or responses not finite, one per condition.
    """
    conditions = conditions_array("conditions", conditions)
    responses = _numbers("responses", responses)
    _validate.same_length("responses", responses, "conditions", conditions)
    flavour = conditions[:, 2]
    (light_a, light_b), (c_a, c_b) = _BTAG_SHAPES
    b_jet_a = 6.0 + 4.0 * (1.0 - np.clip(responses, 0.0, 1.0))
    alpha = np.where(flavour == 2, b_jet_a, _flavour_table((light_a, c_a, 0.0), flavour))
    return alpha, _flavour_table((light_b, c_b, _BTAG_B_BETA), flavour)


def _gamma_parameters(conditions: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return the core's mean, its Gamma shape k = (mu / sd)^2 and scale theta = sd^2 / mu."""
    mean, width = response_mean(conditions), response_width(conditions)
    return mean, (mean / width) ** 2, width**2 / mean


# --- Sampling ---


def sample_conditions(n: int, *, seed) -> np.ndarray:
    """Draw `n` jet conditions (pT, eta, flavour): pT^-2 on [20, 300] GeV, flat eta, flavours.

    Args:
        n: number of jets, at least 1.
        seed: an integer >= 0 or a `numpy.random.Generator`.

    Returns:
        float64 array of shape (n, 3); the flavour column holds 0.0, 1.0 or 2.0.

    Raises:
        ValueError: if n < 1 or seed < 0.
        TypeError: if n or seed is not an integer (or seed a Generator).
    """
    n = _validate.positive_int("n", n)
    pt_stream, eta_stream, flavour_stream = _streams(seed, 3)
    uniform = pt_stream.uniform(size=n)
    pt = 1.0 / (1.0 / PT_MIN - uniform * (1.0 / PT_MIN - 1.0 / PT_MAX))
    eta = eta_stream.uniform(-ETA_MAX, ETA_MAX, size=n)
    cumulative = np.cumsum(FLAVOUR_PROBABILITIES)[:-1]
    flavour = np.searchsorted(cumulative, flavour_stream.uniform(size=n), side="right")
    return np.stack([pt, eta, flavour.astype(np.float64)], axis=1)


def sample_observables(
    conditions,
    *,
    seed,
    width_scale: float = 1.0,
    neutrino_probabilities=NEUTRINO_PROBABILITIES,
    dphi_correlation: float = DPHI_CORRELATION,
) -> np.ndarray:
    """Draw the six observables of each jet given its conditions (see the module's law).

    Each observable draws from a stream of its own. The three keywords draw from a law
    slightly off the toy's instead (a response core wider by a factor, other neutrino
    probabilities, another d_eta-d_phi correlation): a wrong simulator made by hand, to see
    which check notices it. `rosenblatt` and the CDFs are always the toy's own law.

    Args:
        conditions: (n, 3) array of (pT in GeV, eta, flavour 0/1/2).
        seed: an integer >= 0 or a `numpy.random.Generator`.
        width_scale: factor on the response core's standard deviation, > 0.
        neutrino_probabilities: the semileptonic probabilities of light, c and b jets.
        dphi_correlation: the correlation of d_phi with d_eta, in (-1, 1).

    Returns:
        float64 array of shape (n, 6), columns as `OBSERVABLES`; the track count is integral.

    Raises:
        ValueError: if conditions are not valid (see `conditions_array`), seed < 0, or a
            keyword is out of its range.
        TypeError: if seed is not an integer or a Generator.
    """
    conditions = conditions_array("conditions", conditions)
    width_scale = _validate.positive_float("width_scale", width_scale)
    neutrino_probabilities = _validate.array(
        "neutrino_probabilities", neutrino_probabilities, ndim=1
    )
    if len(neutrino_probabilities) != len(FLAVOURS) or np.any(
        (neutrino_probabilities < 0) | (neutrino_probabilities > 1)
    ):
        raise ValueError(
            "neutrino_probabilities must be 3 probabilities in [0, 1] (light, c, b), got "
            f"{neutrino_probabilities.tolist()}"
        )
    dphi_correlation = _validate.finite_float("dphi_correlation", dphi_correlation)
    if not -1 < dphi_correlation < 1:
        raise ValueError(f"dphi_correlation must lie in (-1, 1), got {dphi_correlation!r}")
    streams = _streams(seed, len(OBSERVABLES))
    n = len(conditions)
    pt, flavour = conditions[:, 0], conditions[:, 2]
    mean, shape, scale = _gamma_parameters(conditions)
    shape, scale = shape / width_scale**2, scale * width_scale**2  # same mean, sd times the factor

    core = streams[0].gamma(shape, scale)
    neutrino = streams[0].uniform(size=n) < _flavour_table(tuple(neutrino_probabilities), flavour)
    carried = streams[0].beta(1.0, NEUTRINO_BETA, size=n)
    response = core * (1.0 - neutrino * carried)

    btag = streams[1].beta(*btag_shapes(response, conditions))

    width = angular_width(pt)
    d_eta = width * streams[2].standard_normal(n)
    d_phi = dphi_correlation * d_eta + width * np.sqrt(1.0 - dphi_correlation**2) * streams[
        3
    ].standard_normal(n)

    log_mass = _log_mass_mean(response, mean, flavour) + MASS_WIDTH * streams[4].standard_normal(n)
    tracks = streams[5].poisson(track_mean(conditions)).astype(np.float64)
    return np.stack([response, btag, d_eta, d_phi, np.exp(log_mass), tracks], axis=1)


def sample(n: int, *, seed) -> tuple[np.ndarray, np.ndarray]:
    """Draw `n` true jets: their conditions and their observables, from independent streams.

    Args:
        n: number of jets, at least 1.
        seed: an integer >= 0 or a `numpy.random.Generator`.

    Returns:
        (conditions, observables), float64 arrays of shapes (n, 3) and (n, 6).

    Raises:
        ValueError: if n < 1 or seed < 0.
        TypeError: if n or seed is not an integer (or seed a Generator).
    """
    n = _validate.positive_int("n", n)
    condition_stream, observable_stream = _streams(seed, 2)
    conditions = sample_conditions(n, seed=condition_stream)
    return conditions, sample_observables(conditions, seed=observable_stream)


def _log_mass_mean(response: np.ndarray, mean: np.ndarray, flavour: np.ndarray) -> np.ndarray:
    """Return the mean of ln q given the response: ln m0 + 0.8 (R - mu)."""
    return np.log(_flavour_table(MASS_RATIOS, flavour)) + 0.8 * (response - mean)


# --- The exact conditional CDFs ---


def _carried_cdf(responses: np.ndarray, shape: np.ndarray, scale: np.ndarray) -> np.ndarray:
    """Return P(G (1 - T) <= r) for G ~ Gamma(shape, scale), T ~ Beta(1, 3), r > 0.

    1 - T has CDF u^3 on [0, 1], so P = F_G(r) + r^3 E[G^-3; G > r]; for shape > 3 that is
    F_G(r) + z^3 Q(k - 3, z) / ((k - 1)(k - 2)(k - 3)), z = r / theta. Otherwise the integral
    over the kept fraction of F_G(r / u) 3 u^2 is done by Gauss-Legendre.
    """
    result = np.empty_like(responses)
    closed = shape > 3.0
    k, z = shape[closed], responses[closed] / scale[closed]
    upper = special.gammaincc(k - 3.0, z)
    tail = np.zeros_like(z)
    kept = upper > 0  # far above the mean Q underflows (and z^3 overflows): the tail is 0
    log_tail = np.log(upper[kept]) + 3.0 * np.log(z[kept])
    log_tail -= np.log((k[kept] - 1.0) * (k[kept] - 2.0) * (k[kept] - 3.0))
    tail[kept] = np.exp(log_tail)
    result[closed] = special.gammainc(k, z) + tail
    if np.any(~closed):
        k, z = shape[~closed, None], responses[~closed, None] / scale[~closed, None]
        kept = 0.5 * (_NODES + 1.0)
        density = NEUTRINO_BETA * kept ** (NEUTRINO_BETA - 1.0)
        result[~closed] = 0.5 * (special.gammainc(k, z / kept) * density) @ _WEIGHTS
    return result


def _broadcast_conditions(conditions: np.ndarray, rows: int, name: str) -> np.ndarray:
    """Return conditions with one row per value: as given, or one row repeated."""
    if len(conditions) == 1:
        return np.repeat(conditions, rows, axis=0)
    if len(conditions) != rows:
        raise ValueError(
            f"conditions must have one row or as many rows as {name} ({rows}), "
            f"got {len(conditions)}"
        )
    return conditions


def response_cdf(responses, conditions) -> np.ndarray:
    """Return the exact CDF of the response, F(R | pT, eta, f), at each (response, jet) pair.

    F = (1 - p_nu) F_G(r) + p_nu P(G (1 - T) <= r), with F_G the core's Gamma CDF (shape
    k = (mu / sd)^2, scale theta = sd^2 / mu) and, for k > 3 (all of the spectrum),
    P(G (1 - T) <= r) = F_G(r) + z^3 Q(k - 3, z) / ((k - 1)(k - 2)(k - 3)), z = r / theta,
    Q the regularised upper incomplete gamma function (by quadrature for k <= 3).

    Args:
        responses: a response or a 1-D array of them, any finite values.
        conditions: (n, 3) conditions, one row per response, or a single row for all.

    Returns:
        float64 array of shape (n,), in [0, 1]; 0 where r <= 0.

    Raises:
        ValueError: if a value is not finite, the conditions are not valid or the rows differ.
    """
    responses = _numbers("responses", responses)
    conditions = conditions_array("conditions", conditions)
    conditions = _broadcast_conditions(conditions, len(responses), "responses")
    _, shape, scale = _gamma_parameters(conditions)
    positive = np.maximum(responses, 1e-300)
    with np.errstate(over="ignore"):  # r / theta beyond the floats: F = 1
        core = special.gammainc(shape, positive / scale)
        carried = _carried_cdf(positive, shape, scale)
    probability = _flavour_table(NEUTRINO_PROBABILITIES, conditions[:, 2])
    cdf = (1.0 - probability) * core + probability * carried
    return np.where(responses > 0, np.clip(cdf, 0.0, 1.0), 0.0)


def rosenblatt(conditions, observables, *, seed) -> np.ndarray:
    """Return the Rosenblatt transform u_i = F_i(x_i | x_<i, condition) of each jet.

    Each conditional CDF is the law's own: the response's `response_cdf`, the b-tag's Beta
    given R and the flavour, d_eta's normal, d_phi's normal given d_eta, ln q's normal given
    R, and the track count's Poisson, randomised: with k = floor(tracks),
    u = F(k - 1) + v P(k), v ~ U(0, 1). Values outside the support map to the CDF's limits.
    True jets give six independent U(0, 1), independent of the condition.

    Args:
        conditions: (n, 3) conditions.
        observables: (n, 6) observables, columns as `OBSERVABLES`.
        seed: seed of the randomisation v, an integer >= 0 or a `numpy.random.Generator`.

    Returns:
        float64 array of shape (n, 6) in [0, 1].

    Raises:
        ValueError: if conditions or observables are not valid or their rows differ.
        TypeError: if seed is not an integer or a Generator.
    """
    conditions = conditions_array("conditions", conditions)
    observables = observables_array("observables", observables, rows=len(conditions))
    (stream,) = _streams(seed, 1)
    response, btag, d_eta, d_phi, mass_ratio, tracks = observables.T
    pt, flavour = conditions[:, 0], conditions[:, 2]
    mean = response_mean(conditions)
    width = angular_width(pt)

    randomiser = stream.uniform(size=len(observables))
    # A bad simulator's huge values overflow on the way to the CDF's limits, 0 or 1.
    with np.errstate(over="ignore"):
        u_response = response_cdf(response, conditions)
        u_btag = special.betainc(*btag_shapes(response, conditions), np.clip(btag, 0.0, 1.0))
        u_d_eta = special.ndtr(d_eta / width)
        conditional_width = width * np.sqrt(1.0 - DPHI_CORRELATION**2)
        u_d_phi = special.ndtr((d_phi - DPHI_CORRELATION * d_eta) / conditional_width)
        log_mass = np.log(np.maximum(mass_ratio, 1e-300))
        u_mass = special.ndtr((log_mass - _log_mass_mean(response, mean, flavour)) / MASS_WIDTH)
        u_mass = np.where(mass_ratio > 0, u_mass, 0.0)

        rate = track_mean(conditions)
        # The Poisson mean is below 3,000 for any pT a float holds: 10^7 tracks has F = 1.
        count = np.floor(np.clip(tracks, 0.0, 1e7))
        below = np.where(count >= 1, special.pdtr(np.maximum(count - 1.0, 0.0), rate), 0.0)
        probability = np.exp(special.xlogy(count, rate) - rate - special.gammaln(count + 1.0))
        u_tracks = below + randomiser * probability
        u_tracks = np.where(tracks >= 0, u_tracks, 0.0)

        u = np.stack([u_response, u_btag, u_d_eta, u_d_phi, u_mass, u_tracks], axis=1)
    return np.clip(u, 0.0, 1.0)
