"""sentiment: a fine-tuned BERT classifier (``nlptk bert train --task sentiment``) behind the
common sentiment interface — ``nlptk sentiment --engine bert --model DIR``.

torch and transformers load in ``BertSentiment.load`` only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.sentiment.base import Sentiment, SentimentAnalyzer
from nlptk.sentiment.data import FINGERPRINT, load_fingerprint

__all__ = ["BertSentiment"]


class BertSentiment(SentimentAnalyzer):
    """Sentiment from a classifier whose ``predict_scores(texts)`` gives each text a
    ``label``, a ``score`` in [-1, 1] and the ``probability`` of the label — the fields of
    ``Sentiment``, one to one (``BertClassifier``'s ``ClassScore``).

    Parameters
    ----------
    classifier : object
        Has ``predict_scores(texts)``; called once per batch, so it can batch on its own.
    fingerprint : ndarray of uint64, optional
        Hashes of the training texts (``sentiment_data.fingerprint``); ``None`` when the
        model directory has none (models trained before nlptk wrote one).
    """

    method = "bert"

    def __init__(self, classifier: Any, fingerprint: np.ndarray | None = None) -> None:
        self.classifier = classifier
        self.fingerprint = fingerprint

    @classmethod
    def load(cls, model_dir: str | Path, **params: Any) -> BertSentiment:
        """The model in a directory written by ``nlptk bert train --task sentiment``;
        ``params`` go to ``BertClassifier.load`` (``device``, ``threads``, …)."""
        from nlptk.bert import BertClassifier

        classifier = BertClassifier.load(model_dir, **params)
        known = None
        if (Path(model_dir) / FINGERPRINT).is_file():
            known = load_fingerprint(model_dir)
        return cls(classifier, known)

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text; a blank text is neutral with score 0, as for every method
        (a classifier would still pick a class for it)."""
        pieces = [t for t in texts if t.strip()]
        scored = iter(self.classifier.predict_scores(pieces) if pieces else [])
        return [
            self._result(t, next(scored)) if t.strip() else Sentiment.from_score(t, 0.0)
            for t in texts
        ]

    @staticmethod
    def _result(text: str, s: Any) -> Sentiment:
        return Sentiment(s.label, float(s.score), float(s.probability), None, text, 0, len(text))

    def training_fingerprint(self) -> np.ndarray | None:
        return self.fingerprint
