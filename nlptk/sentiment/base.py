"""sentiment: the result type and the analyzer interface every method implements.

They sit below the methods and the registry (``analyze``), so that a method module imports
its base types from here and the registry imports the methods, never the reverse.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["POSITIVE", "NEGATIVE", "NEUTRAL", "UNITS", "Sentiment", "SentimentAnalyzer"]

POSITIVE, NEGATIVE, NEUTRAL = "positive", "negative", "neutral"
#: ``--unit`` choices: one result per line, or one per sentence of the line.
UNITS = ("document", "sentence")


@dataclass(frozen=True, slots=True)
class Sentiment:
    """The sentiment of a text (a whole line, or one sentence of it in sentence mode).

    Attributes
    ----------
    label : str
        ``positive``, ``negative`` or ``neutral`` (no evidence either way).
    score : float
        Polarity in [-1, 1]; its sign gives the label.
    probability : float or None
        The method's probability of ``label``, where it has one (classifiers, snownlp).
    subjectivity : float or None
        In [0, 1], where the method estimates it (textblob, the English lexicon).
    text, start, end : str, int, int
        The text scored and its character offsets in the input line (end exclusive).
    """

    label: str
    score: float
    probability: float | None = None
    subjectivity: float | None = None
    text: str = ""
    start: int = 0
    end: int = 0

    @classmethod
    def from_score(
        cls,
        text: str,
        score: float,
        probability: float | None = None,
        subjectivity: float | None = None,
    ) -> Sentiment:
        """The result for a whole ``text``, labelled by the sign of ``score``."""
        label = POSITIVE if score > 0 else NEGATIVE if score < 0 else NEUTRAL
        return cls(label, float(score), probability, subjectivity, text, 0, len(text))

    @classmethod
    def from_positive_probability(cls, text: str, p_positive: float) -> Sentiment:
        """The result of a binary classifier: score ``2p - 1``, probability of the label."""
        p = float(p_positive)
        return cls.from_score(text, 2 * p - 1, max(p, 1 - p))


class SentimentAnalyzer:
    """Base of every sentiment method: one verb, ``predict``.

    Subclasses implement ``predict``; those that learn from data add ``fit`` (returning
    ``self``), ``save(dir)`` and ``load(dir)``. ``training_fingerprint`` tells evaluation
    which texts the method was trained on.
    """

    #: Method name, as in ``--method``.
    method = ""

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One ``Sentiment`` per text (an empty text is ``neutral`` with score 0)."""
        raise NotImplementedError

    def training_fingerprint(self) -> np.ndarray | None:
        """Hashes of the normalised training texts (see ``sentiment_data.fingerprint``);
        empty when the method learned from no labelled text, ``None`` when unknown."""
        return None
