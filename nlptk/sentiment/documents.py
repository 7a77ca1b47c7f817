"""sentiment: document scores aggregated from sentence scores (``--aggregate sentences``).

A classifier trained on short reviews or single sentences sees a long document as one bag of
n-grams, where a few strong sentences can drown in many neutral ones; a lexicon's mean
contribution has the same problem. Scoring each sentence and combining the scores, weighted
by sentence length, is the usual remedy. Whether it helps is an empirical question per model
and corpus (the README gives the measured figures), so it is an option, not the default.

>>> from nlptk.sentiment.lexicon import LexiconSentiment
>>> a = SentenceAggregate(LexiconSentiment("zh"), min_sentences=2)
>>> a.predict(["房间很干净。早餐太差了！服务很差。"])[0].label
'negative'
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlptk.errors import InputError
from nlptk.sentiment.base import Sentiment, SentimentAnalyzer
from nlptk.sentiment.sentences import split_sentences

__all__ = ["AGGREGATES", "SentenceAggregate", "aggregated"]

#: ``--aggregate`` choices: the whole text at once, or its sentences' scores combined.
AGGREGATES = ("document", "sentences")


class SentenceAggregate(SentimentAnalyzer):
    """Scores a text of at least ``min_sentences`` sentences as the length-weighted mean of
    its sentences' scores (shorter texts go to ``analyzer`` whole).

    The probability of the label, where the analyzer has one, is the same weighted mean of
    the sentences' probabilities of the positive class, read for the chosen label.
    """

    def __init__(self, analyzer: SentimentAnalyzer, min_sentences: int = 3) -> None:
        self.analyzer = analyzer
        self.min_sentences = min_sentences
        self.method = analyzer.method

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text, offsets covering the whole text as in document mode."""
        if self.min_sentences < 1:
            raise InputError(f"min_sentences must be at least 1, not {self.min_sentences}")
        spans = [split_sentences(t) for t in texts]
        long_ = [len(s) >= self.min_sentences for s in spans]
        pieces = [t for t, is_long in zip(texts, long_, strict=True) if not is_long]
        for t, s, is_long in zip(texts, spans, long_, strict=True):
            if is_long:
                pieces.extend(t[a:b] for a, b in s)
        flat = iter(self.analyzer.predict(pieces) if pieces else [])
        whole = [next(flat) if not is_long else None for is_long in long_]
        results = []
        for t, s, is_long, w in zip(texts, spans, long_, whole, strict=True):
            results.append(_combine(t, [next(flat) for _ in s]) if is_long else w)
        return results  # type: ignore[return-value]

    def explain(self, text: str) -> list[tuple[str, int, int, float]]:
        """The wrapped analyzer's ``explain`` (lexicon methods)."""
        return self.analyzer.explain(text)  # type: ignore[attr-defined]

    def training_fingerprint(self) -> np.ndarray | None:
        """What the wrapped analyzer was trained on."""
        return self.analyzer.training_fingerprint()


def _combine(text: str, parts: list[Sentiment]) -> Sentiment:
    sizes = np.array([len(p.text) for p in parts], dtype=float)
    weights = sizes / sizes.sum()
    score = float(np.dot(weights, [p.score for p in parts]))
    probability = None
    if all(p.probability is not None for p in parts):
        p_pos = [p.probability if p.score >= 0 else 1 - p.probability for p in parts]
        mean = float(np.dot(weights, p_pos))
        probability = mean if score >= 0 else 1 - mean
    return Sentiment.from_score(text, score, probability)


def aggregated(analyzer: SentimentAnalyzer, aggregate: str) -> SentimentAnalyzer:
    """``analyzer`` as is for ``document``, wrapped in ``SentenceAggregate`` for
    ``sentences``; ``InputError`` for anything else."""
    if aggregate not in AGGREGATES:
        raise InputError(f"unknown aggregate {aggregate!r}; choose one of {', '.join(AGGREGATES)}")
    return analyzer if aggregate == "document" else SentenceAggregate(analyzer)
