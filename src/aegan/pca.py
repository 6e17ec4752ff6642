"""Principal component analysis with the autoencoders' vocabulary: fit, encode, decode."""

import numpy as np

from aegan import _validate


class PCA:
    """Project onto the first `n_components` principal axes and back.

    The axes come from numpy's SVD of the centred data. Each axis is oriented so that its
    largest component (in absolute value) is positive, so codes have a fixed sign: with one
    component the lecture's five points encode to -0.63, -0.39, 0.09, 0.41, 0.53.

    Args:
        n_components: number of numbers in the code, at least 1.
    """

    def __init__(self, n_components: int = 1):
        self.n_components = _validate.positive_int("n_components", n_components)
        self.mean_: np.ndarray | None = None
        self.components_: np.ndarray | None = None
        self.explained_variance_ratio_: np.ndarray | None = None

    def fit(self, X) -> "PCA":
        """Find the principal axes of X, an (n, d) array; return self."""
        X = _validate.array("X", X, ndim=2)
        n_features = X.shape[1]
        if self.n_components > n_features:
            raise ValueError(
                f"n_components must be <= the number of columns of X ({n_features}), "
                f"got {self.n_components}"
            )
        self.mean_ = X.mean(axis=0)
        _, singular_values, axes = np.linalg.svd(X - self.mean_, full_matrices=False)
        largest = np.argmax(np.abs(axes), axis=1)
        axes = axes * np.sign(axes[np.arange(len(axes)), largest])[:, None]
        self.components_ = axes[: self.n_components]
        variance = singular_values**2
        total = variance.sum()
        ratio = variance / total if total > 0 else np.zeros_like(variance)
        self.explained_variance_ratio_ = ratio[: self.n_components]
        return self

    def encode(self, X) -> np.ndarray:
        """Return the codes of X, shape (n, n_components)."""
        self._check_fitted("encode")
        X = _validate.array("X", X, ndim=2, columns=self.mean_.shape[0])
        return (X - self.mean_) @ self.components_.T

    def decode(self, codes) -> np.ndarray:
        """Return the points that `codes`, shape (n, n_components), stand for."""
        self._check_fitted("decode")
        codes = _validate.array("codes", codes, ndim=2, columns=self.n_components)
        return self.mean_ + codes @ self.components_

    def _check_fitted(self, method: str) -> None:
        if self.components_ is None:
            raise ValueError(f"PCA.{method} called before fit: call fit(X) first")
