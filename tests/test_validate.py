"""Tests of aegan._validate: the argument checks behind every public function's errors."""

import numpy as np
import pytest

from aegan import _validate


class TestSeed:
    @pytest.mark.parametrize("value", [0, 7, np.int64(3), 2**40])
    def test_accepts_non_negative_integers(self, value):
        """A non-negative integer, numpy's included, comes back as a Python int."""
        result = _validate.seed("seed", value)
        assert result == value and type(result) is int

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (-1, ValueError, "seed must be >= 0, got -1"),
            (None, TypeError, "seed must be an integer, got None"),
            (1.0, TypeError, "seed must be an integer"),
            (True, TypeError, "seed must be an integer"),
            (np.random.default_rng(0), TypeError, "seed must be an integer"),
        ],
    )
    def test_rejects(self, value, error, match):
        """Negative numbers, None, floats, booleans and generators are refused, naming seed."""
        with pytest.raises(error, match=match):
            _validate.seed("seed", value)


class TestSizes:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [(15, (15,)), ((32, 16), (32, 16)), ([8], (8,)), ((np.int64(4),), (4,))],
    )
    def test_int_or_sequence(self, value, expected):
        """An int is one layer; a sequence gives one width per layer, as a tuple of ints."""
        assert _validate.sizes("hidden", value) == expected

    def test_empty_only_when_allowed(self):
        """An empty sequence is refused unless allow_empty is set."""
        assert _validate.sizes("hidden", (), allow_empty=True) == ()
        with pytest.raises(ValueError, match="hidden must name at least one layer width"):
            _validate.sizes("hidden", ())

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (0, ValueError, r"hidden must hold integers >= 1, got \(0,\)"),
            ((8, -1), ValueError, "hidden must hold integers >= 1"),
            ((8, 2.5), ValueError, "hidden must hold integers >= 1"),
            ((8, True), ValueError, "hidden must hold integers >= 1"),
            ("8", TypeError, "hidden must be a layer width or a sequence of widths"),
            (None, TypeError, "hidden must be a layer width"),
            (8.0, TypeError, "hidden must be a layer width"),
            (True, TypeError, "hidden must be a layer width"),
        ],
    )
    def test_rejects(self, value, error, match):
        """Widths below 1, non-integers, strings and scalars other than ints are refused."""
        with pytest.raises(error, match=match):
            _validate.sizes("hidden", value)


class TestPositiveFloat:
    def test_accepts(self):
        """A positive number comes back as a float."""
        assert _validate.positive_float("learning_rate", 1) == 1.0

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (0.0, ValueError, "learning_rate must be > 0, got 0.0"),
            (-1e-3, ValueError, "learning_rate must be > 0"),
            (float("inf"), ValueError, "learning_rate must be finite"),
            ("0.1", TypeError, "learning_rate must be a real number"),
        ],
    )
    def test_rejects(self, value, error, match):
        """Zero, negative, infinite and non-numbers are refused, naming the argument."""
        with pytest.raises(error, match=match):
            _validate.positive_float("learning_rate", value)


class TestFraction:
    @pytest.mark.parametrize("value", [0, 0.5, 0.999])
    def test_accepts(self, value):
        """A number in [0, 1) comes back as a float."""
        assert _validate.fraction("beta_1", value) == pytest.approx(value)

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            (1.0, ValueError, r"beta_1 must be in \[0, 1\), got 1.0"),
            (-0.1, ValueError, r"beta_1 must be in \[0, 1\)"),
            (float("nan"), ValueError, "beta_1 must be finite"),
            (None, TypeError, "beta_1 must be a real number"),
        ],
    )
    def test_rejects(self, value, error, match):
        """Numbers outside [0, 1) and non-numbers are refused, naming the argument."""
        with pytest.raises(error, match=match):
            _validate.fraction("beta_1", value)


class TestChoice:
    def test_accepts_an_option(self):
        """One of the options comes back unchanged."""
        assert _validate.choice("latent", "uniform", ("normal", "uniform")) == "uniform"

    @pytest.mark.parametrize("value", ["Uniform", "gaussian", None, 0])
    def test_rejects(self, value):
        """Anything else raises ValueError listing the options and the value."""
        with pytest.raises(ValueError, match=r"latent must be one of \('normal', 'uniform'\)"):
            _validate.choice("latent", value, ("normal", "uniform"))


class TestPaired:
    def test_points_alone(self):
        """Without a condition, the points come back as one float32 array."""
        points = _validate.paired(
            [[1, 2], [3, 4]], name="points", columns=2, condition_columns=0, model="the field"
        )
        assert points.dtype == np.float32 and points.shape == (2, 2)

    def test_points_with_conditions(self):
        """With a condition, a pair of float32 arrays with as many rows each."""
        points, conditions = _validate.paired(
            (np.zeros((3, 1)), np.ones((3, 2))),
            name="samples",
            columns=1,
            condition_columns=2,
            model="the GAN",
        )
        assert (points.shape, conditions.shape) == ((3, 1), (3, 2))
        assert points.dtype == conditions.dtype == np.float32

    @pytest.mark.parametrize(
        ("data", "condition_columns", "match"),
        [
            (np.zeros((3, 1)), 1, r"data must be a \(points, conditions\) pair, since the field"),
            ((np.zeros((3, 1)), np.zeros((3, 1))), 0, "data must be the points alone, since"),
            ((np.zeros((3, 1)), np.zeros((2, 1))), 1, r"conditions must have as many rows as "),
            ((np.zeros((3, 2)), np.zeros((3, 1))), 1, r"points must have shape \(n, 1\)"),
            ((np.zeros((3, 1)), np.zeros((3, 2))), 1, r"conditions must have shape \(n, 1\)"),
            (np.full((3, 1), np.nan), 0, "data must be finite"),
        ],
    )
    def test_bad_data(self, data, condition_columns, match):
        """A missing, unexpected or mismatched part raises ValueError naming it."""
        with pytest.raises(ValueError, match=match):
            _validate.paired(
                data,
                name="points",
                columns=1,
                condition_columns=condition_columns,
                model="the field",
            )


def test_same_length_names_both_arrays():
    """Arrays of different lengths raise naming both, in the unit asked for."""
    _validate.same_length("widths", [1, 2], "energies", [3, 4])
    with pytest.raises(
        ValueError, match=r"widths must have as many values as energies \(2\), got 1"
    ):
        _validate.same_length("widths", [1], "energies", [3, 4], unit="values")


class TestCountAndConditions:
    def test_one_point_per_condition(self):
        """With a condition, the count is the conditions' rows, given or not."""
        for n in (None, 3):
            count, conditions = _validate.count_and_conditions(
                n, np.zeros((3, 2)), condition_columns=2, model="the generator"
            )
            assert count == 3 and conditions.shape == (3, 2) and conditions.dtype == np.float32

    def test_count_alone(self):
        """Without a condition, the count is n and the conditions None."""
        assert _validate.count_and_conditions(
            4, None, condition_columns=0, model="the generator"
        ) == (4, None)

    @pytest.mark.parametrize(
        ("n", "conditions", "condition_columns", "error", "match"),
        [
            (3, None, 1, ValueError, "conditions are needed: the field takes conditions of size 1"),
            (2, np.zeros((3, 1)), 1, ValueError, r"n must equal the number of conditions \(3\)"),
            (None, np.zeros((3, 2)), 1, ValueError, r"conditions must have shape \(n, 1\)"),
            (3, np.zeros((3, 1)), 0, ValueError, "conditions were given, but the field takes none"),
            (None, None, 0, ValueError, "n is needed"),
            (0, None, 0, ValueError, "n must be >= 1"),
            (2.0, None, 0, TypeError, "n must be an integer"),
        ],
    )
    def test_bad_arguments(self, n, conditions, condition_columns, error, match):
        """Missing, unexpected or disagreeing counts and conditions raise naming them."""
        with pytest.raises(error, match=match):
            _validate.count_and_conditions(
                n, conditions, condition_columns=condition_columns, model="the field"
            )


class TestRealArray:
    def test_numbers_as_float64(self):
        """Integers and floats, listed or in an array, come back as a float64 array."""
        found = _validate.real_array("points", [[1, 2.5], [3, 4]], ndim=2, columns=2)
        assert found.dtype == np.float64
        np.testing.assert_array_equal(found, [[1.0, 2.5], [3.0, 4.0]])

    @pytest.mark.parametrize(
        ("value", "error", "match"),
        [
            ([[True, 1.0]], TypeError, "points must be numbers, got booleans"),
            (np.array([[0.5, 1.0]]).astype(str), TypeError, "an array of strings"),
            ([[1 + 1j, 0.0]], TypeError, "got complex"),
            ([[np.nan, 0.0]], ValueError, "points must be finite"),
            ([1.0, 2.0], ValueError, r"points must have shape \(n, 2\)"),
        ],
    )
    def test_rejects(self, value, error, match):
        """Booleans, strings, complex numbers, non-finite values or the wrong shape, by name."""
        with pytest.raises(error, match=match):
            _validate.real_array("points", value, ndim=2, columns=2)
