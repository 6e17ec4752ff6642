"""Tests of how aegan.simulation prepares the pairs its conditional GAN is trained on."""

import dataclasses

import numpy as np
import pytest

from aegan import data, simulation

#: A few iterations of small networks: the mechanics only.
TINY = dataclasses.replace(
    simulation.RECIPE, generator_hidden=(8,), discriminator_hidden=(8,), iterations=10
)


@pytest.fixture(scope="module")
def pairs():
    """20,000 (E, R) pairs of the toy: enough for the 20 bins of the scale."""
    return data.calorimeter(20_000, seed=5)


class TestFlatInLogEnergy:
    def test_half_the_pairs_lie_in_each_half_decade(self, pairs):
        """Under E^-2, 76 % of the pairs lie below 31.6 GeV; resampled with weight E, half."""
        energies, _ = pairs
        middle = np.sqrt(data.E_MIN * data.E_MAX)
        assert np.mean(energies < middle) == pytest.approx(0.76, abs=0.01)
        resampled, _ = simulation.flat_in_log_energy(*pairs, seed=0)
        assert np.mean(resampled < middle) == pytest.approx(0.5, abs=0.02)

    def test_pairs_stay_together(self, pairs):
        """Every resampled pair is one of the given pairs, its response with its energy."""
        energies, responses = pairs
        drawn_energies, drawn_responses = simulation.flat_in_log_energy(*pairs, seed=1)
        assert len(drawn_energies) == len(energies)
        where = np.searchsorted(np.sort(energies), drawn_energies)
        order = np.argsort(energies)
        np.testing.assert_array_equal(energies[order][where], drawn_energies)
        np.testing.assert_array_equal(responses[order][where], drawn_responses)

    def test_seeded(self, pairs):
        """The same seed draws the same pairs, another seed others."""
        first, _ = simulation.flat_in_log_energy(*pairs, seed=2)
        again, _ = simulation.flat_in_log_energy(*pairs, seed=2)
        other, _ = simulation.flat_in_log_energy(*pairs, seed=3)
        np.testing.assert_array_equal(first, again)
        assert not np.array_equal(first, other)

    def test_bad_input(self, pairs):
        """Pairs of different lengths, a negative energy or a bad seed are refused."""
        energies, responses = pairs
        with pytest.raises(ValueError, match="responses must have as many values"):
            simulation.flat_in_log_energy(energies, responses[:-1], seed=0)
        with pytest.raises(ValueError, match="energies must be > 0"):
            simulation.flat_in_log_energy(-energies, responses, seed=0)
        with pytest.raises(ValueError, match="seed"):
            simulation.flat_in_log_energy(energies, responses, seed=-1)


class TestAblations:
    def test_condition_without_per_energy_scale(self, pairs):
        """per_energy_scale=False keeps the condition and drops the per-energy scale alone."""
        trained = simulation.train(*pairs, recipe=TINY, per_energy_scale=False, seed=0)
        assert trained.gan.condition_dim == 1
        assert trained.scale.stochastic == 0.0 and trained.scale.median[:2] == (0.0, 0.0)

    def test_per_energy_scale_without_condition(self, pairs):
        """conditional=False with per_energy_scale=True keeps the scale and drops the condition."""
        trained = simulation.train(
            *pairs, recipe=TINY, conditional=False, per_energy_scale=True, seed=0
        )
        assert trained.gan.condition_dim == 0
        assert trained.scale.stochastic > 0.0

    def test_bad_switches(self, pairs):
        """The two switches are booleans, named when they are not."""
        with pytest.raises(TypeError, match="conditional"):
            simulation.train(*pairs, recipe=TINY, conditional="yes", seed=0)
        with pytest.raises(TypeError, match="per_energy_scale"):
            simulation.train(*pairs, recipe=TINY, per_energy_scale=1, seed=0)
