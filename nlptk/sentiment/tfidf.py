"""sentiment: scoring text features with a fitted linear model in tf-idf space — the prediction
half of a scikit-learn ``TfidfVectorizer`` + linear classifier, in plain Python and numpy.

A fitted model is reduced to arrays (feature index, idf, weights, bias) and a sigmoid link
to the probability, so it is stored as JSON + ``.npy`` and loaded without pickle or
scikit-learn.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np

__all__ = ["LinearTextModel"]


@dataclass(frozen=True)
class LinearTextModel:
    """``P(positive | x) = sigmoid(slope * (w · tfidf(x) + bias) + offset)``.

    ``tfidf(x)`` is scikit-learn's with ``sublinear_tf=True`` and ``norm="l2"``: each
    known feature's count ``c`` becomes ``(1 + log c) * idf``, then the vector is scaled to
    unit length. With ``binary`` a known feature counts 1 however often it occurs, and
    ``idf`` holds any per-feature scale (NB-SVM's log-count ratios). ``slope``/``offset``
    are ``1``/``0`` for logistic regression and naive Bayes (whose log-odds are linear) and
    the Platt calibration for an SVM.

    >>> m = LinearTextModel({"good": 0, "bad": 1}, np.ones(2), np.array([2.0, -2.0]), 0.0)
    >>> round(m.probability(["good", "movie"]), 4)
    0.8808
    """

    index: Mapping[str, int]
    idf: np.ndarray
    coef: np.ndarray
    bias: float
    slope: float = 1.0
    offset: float = 0.0
    binary: bool = False

    def decision(self, features: Iterable[str]) -> float:
        """The linear score ``w · tfidf(x) + bias`` (``bias`` alone when no feature is known)."""
        counts = Counter(j for j in map(self.index.get, features) if j is not None)
        if not counts:
            return self.bias
        cols = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        if self.binary:
            values = self.idf[cols].astype(np.float64)
        else:
            tf = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
            values = (1.0 + np.log(tf)) * self.idf[cols]
        norm = math.sqrt(float(values @ values))
        if not norm:  # every known feature has scale 0
            return self.bias
        return float(values @ self.coef[cols]) / norm + self.bias

    def probability(self, features: Iterable[str]) -> float:
        """Probability of the positive class."""
        z = self.slope * self.decision(features) + self.offset
        return 1.0 / (1.0 + math.exp(-z)) if z >= -700 else 0.0
