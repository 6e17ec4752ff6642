"""Tests of aegan.scores.modes: quality and coverage of points drawn from separate modes."""

import numpy as np
import pytest

from aegan import data, scores


def centres():
    """Return the eight centres of the default ring of Gaussians."""
    return data.mode_centres(8, 2.0)


class TestNearestMode:
    def test_index_and_distance_of_the_nearest_centre(self):
        """Each point gets the index of its nearest centre and the distance to it."""
        points = np.array([[2.1, 0.0], [0.0, -1.5], [0.0, 0.0]])
        indices, distances = scores.nearest_mode(points, centres())
        assert indices[:2].tolist() == [0, 6]
        np.testing.assert_allclose(distances, [0.1, 0.5, 2.0])

    def test_mismatched_widths(self):
        """Centres of another width than the points raise ValueError naming centres."""
        with pytest.raises(ValueError, match=r"centres must have shape \(n, 2\)"):
            scores.nearest_mode(np.zeros((3, 2)), np.zeros((8, 3)))


class TestModeScores:
    def test_real_points_cover_every_mode(self):
        """2,000 real points: about 98.9 % on a mode, all eight modes covered."""
        points = data.gaussian_modes(2000, seed=0)
        result = scores.mode_scores(points, centres(), 0.1)
        assert result["quality"] == pytest.approx(1 - np.exp(-4.5), abs=0.01)
        assert result["modes_covered"] == result["modes"] == 8
        assert sum(result["counts"]) == round(result["quality"] * 2000)
        assert result["mean_distance"] == pytest.approx(np.sqrt(np.pi / 2), rel=0.05)

    def test_collapsed_points_are_good_but_cover_one_mode(self):
        """Points all on one mode keep the real points' quality and cover one mode of eight."""
        points = data.gaussian_modes(2000, seed=1)
        nearest = scores.nearest_mode(points, centres())[0]
        collapsed = points - centres()[nearest] + centres()[3]
        result = scores.mode_scores(collapsed, centres(), 0.1)
        assert result["quality"] > 0.98
        assert result["modes_covered"] == 1
        assert result["counts"][3] == max(result["counts"])

    def test_share_sets_the_coverage_bar(self):
        """A mode with a tenth of its fair share is covered at share 0.05, not at 0.25."""
        points = np.concatenate([np.repeat(centres()[:1], 90, 0), np.repeat(centres()[1:2], 10, 0)])
        pair = np.stack([centres()[0], centres()[1]])
        assert scores.mode_scores(points, pair, 0.1)["modes_covered"] == 1
        assert scores.mode_scores(points, pair, 0.1, share=0.1)["modes_covered"] == 2

    @pytest.mark.parametrize(
        ("kwargs", "error", "match"),
        [
            ({"width": 0.0}, ValueError, "width must be > 0"),
            ({"width": "wide"}, TypeError, "width must be a real number"),
            ({"share": 0.0}, ValueError, r"share must be in \(0, 1\]"),
            ({"share": 1.5}, ValueError, r"share must be in \(0, 1\]"),
            ({"radius_widths": -1.0}, ValueError, "radius_widths must be > 0"),
            ({"centres": np.zeros((1, 2))}, ValueError, "centres must hold at least 2 modes"),
            ({"points": np.full((2, 2), np.nan)}, ValueError, "points must be finite"),
        ],
    )
    def test_bad_arguments(self, kwargs, error, match):
        """Each bad argument raises an error that names it."""
        arguments = {"points": np.zeros((4, 2)), "centres": centres(), "width": 0.1, **kwargs}
        with pytest.raises(error, match=match):
            scores.mode_scores(**arguments)
