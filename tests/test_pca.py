"""Tests for aegan.pca: the slide's table, shapes and errors."""

import numpy as np
import pytest

from aegan import data, pca

SLIDE_CODES = [-0.63, -0.39, 0.09, 0.41, 0.53]
SLIDE_DECODED = [[-0.54, -0.33], [-0.34, -0.20], [0.07, 0.04], [0.35, 0.21], [0.46, 0.27]]


class TestFivePointTable:
    def test_codes_match_the_slide(self):
        """Encoding the five points gives the slide's codes, signs included, to two decimals."""
        _, points = data.five_points()
        codes = pca.PCA(1).fit(points).encode(points)
        np.testing.assert_allclose(codes[:, 0], SLIDE_CODES, atol=0.005)

    def test_decoded_match_the_slide(self):
        """Decoding the codes gives the slide's decoded points to two decimals."""
        _, points = data.five_points()
        model = pca.PCA(1).fit(points)
        np.testing.assert_allclose(model.decode(model.encode(points)), SLIDE_DECODED, atol=0.005)

    def test_sign_does_not_depend_on_input_order(self):
        """Reversing the points reverses the codes without flipping their sign."""
        _, points = data.five_points()
        codes = pca.PCA(1).fit(points[::-1]).encode(points)
        np.testing.assert_allclose(codes[:, 0], SLIDE_CODES, atol=0.005)


class TestPCA:
    def test_full_rank_round_trip(self):
        """With as many components as columns, decode(encode(X)) gives X back."""
        X = np.random.default_rng(0).normal(size=(50, 3))
        model = pca.PCA(3).fit(X)
        np.testing.assert_allclose(model.decode(model.encode(X)), X, atol=1e-12)

    def test_first_axis_follows_the_largest_spread(self):
        """On points stretched along (1, 1) the first axis is (1, 1)/sqrt(2) with ratio near 1."""
        t = np.linspace(-1, 1, 101)
        X = np.stack([t, t + 0.01 * np.sin(40 * t)], axis=1) + 3.0
        model = pca.PCA(1).fit(X)
        np.testing.assert_allclose(model.components_[0], [2**-0.5, 2**-0.5], atol=0.01)
        assert model.explained_variance_ratio_[0] > 0.99
        np.testing.assert_allclose(model.mean_, X.mean(axis=0))

    def test_axes_of_data_away_from_the_origin(self):
        """Data spread along x1 around (0, 5): the first axis is x1, not the mean's direction."""
        rng = np.random.default_rng(0)
        X = np.stack([rng.normal(0.0, 1.0, 500), rng.normal(5.0, 0.1, 500)], axis=1)
        model = pca.PCA(1).fit(X)
        np.testing.assert_allclose(np.abs(model.components_[0]), [1.0, 0.0], atol=0.02)
        codes = model.encode(X)
        assert abs(codes.mean()) < 1e-9  # codes of centred data have mean 0
        assert np.abs(model.decode(codes) - X)[:, 1].max() < 0.5  # x2 kept at its mean

    def test_shapes(self):
        """Codes are (n, n_components) and decoded points (n, d)."""
        X = np.random.default_rng(1).normal(size=(20, 4))
        model = pca.PCA(2).fit(X)
        assert model.encode(X).shape == (20, 2)
        assert model.decode(np.zeros((7, 2))).shape == (7, 4)

    def test_fit_returns_self(self):
        """fit returns the model itself, so calls chain."""
        model = pca.PCA(1)
        assert model.fit(np.eye(2)) is model

    @pytest.mark.parametrize(
        ("n_components", "error", "match"),
        [(0, ValueError, "n_components must be >= 1, got 0"), (1.5, TypeError, "integer")],
    )
    def test_bad_n_components(self, n_components, error, match):
        """A non-positive or non-integer number of components is refused."""
        with pytest.raises(error, match=match):
            pca.PCA(n_components)

    def test_more_components_than_columns(self):
        """Asking for more components than the data have columns is refused at fit."""
        with pytest.raises(ValueError, match=r"n_components must be <= .* \(2\), got 3"):
            pca.PCA(3).fit(np.eye(2))

    @pytest.mark.parametrize("method", ["encode", "decode"])
    def test_use_before_fit(self, method):
        """encode and decode before fit raise a clear error."""
        with pytest.raises(ValueError, match=f"PCA.{method} called before fit"):
            getattr(pca.PCA(1), method)(np.zeros((1, 2)))

    @pytest.mark.parametrize(
        ("X", "match"),
        [
            (np.zeros(3), r"X must have shape \(n, d\), got shape \(3,\)"),
            (np.zeros((0, 2)), "at least one row"),
            (np.array([[0.0, np.nan]]), "must be finite"),
            (np.array([[0.0, np.inf], [1.0, 1.0]]), "must be finite"),
        ],
    )
    def test_bad_data(self, X, match):
        """Data of the wrong shape or with non-finite values is refused."""
        with pytest.raises(ValueError, match=match):
            pca.PCA(1).fit(X)

    def test_wrong_widths_after_fit(self):
        """encode wants the fitted width, decode wants n_components columns."""
        model = pca.PCA(1).fit(np.random.default_rng(2).normal(size=(10, 2)))
        with pytest.raises(ValueError, match=r"X must have shape \(n, 2\), got shape \(4, 3\)"):
            model.encode(np.zeros((4, 3)))
        with pytest.raises(ValueError, match=r"codes must have shape \(n, 1\)"):
            model.decode(np.zeros((4, 2)))

    def test_not_numbers(self):
        """Data that are not numbers raise a TypeError."""
        with pytest.raises(TypeError, match="X must be an array of numbers"):
            pca.PCA(1).fit([["a", "b"]])


class TestAgainstScikitLearn:
    """The lecture's own SVD agrees with scikit-learn's PCA on random data."""

    @pytest.mark.parametrize(
        ("rows", "columns", "n_components"), [(50, 3, 1), (200, 5, 3), (30, 4, 4)]
    )
    def test_same_axes_codes_and_reconstructions(self, rows, columns, n_components):
        """Axes (up to their sign), explained variance ratios, codes and reconstructions agree
        with sklearn.decomposition.PCA on correlated Gaussian data."""
        from sklearn import decomposition

        rng = np.random.default_rng(rows + columns)
        X = rng.normal(size=(rows, columns)) @ rng.normal(size=(columns, columns)) + 3.0
        ours = pca.PCA(n_components).fit(X)
        theirs = decomposition.PCA(n_components, svd_solver="full").fit(X)
        signs = np.sign(np.sum(ours.components_ * theirs.components_, axis=1))
        assert np.all(signs != 0)
        np.testing.assert_allclose(
            ours.components_, signs[:, None] * theirs.components_, atol=1e-10
        )
        np.testing.assert_allclose(
            ours.explained_variance_ratio_, theirs.explained_variance_ratio_, rtol=1e-10
        )
        codes = ours.encode(X)
        np.testing.assert_allclose(codes, theirs.transform(X) * signs, atol=1e-10)
        np.testing.assert_allclose(
            ours.decode(codes), theirs.inverse_transform(theirs.transform(X)), atol=1e-10
        )
