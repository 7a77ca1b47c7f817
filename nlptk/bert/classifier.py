"""bert: ``BertClassifier`` — sequence classification (sentiment) with BERT; long texts are
windowed and their probabilities averaged."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlptk.bert import encode
from nlptk.bert.base import BertEstimator

__all__ = ["ClassScore", "BertClassifier"]


@dataclass(frozen=True, slots=True)
class ClassScore:
    """A document label, ``score`` = P(positive) − P(negative) in [-1, 1] (0 when the labels
    are not a polarity pair), and the ``probability`` of the chosen label."""

    label: str
    score: float
    probability: float


class BertClassifier(BertEstimator):
    """Sequence classification (sentiment). Long texts: probabilities averaged over windows."""

    task = "sentiment"

    def _windows(self, inputs: Sequence[str]) -> list[encode.Window]:
        return encode.encode_texts(self.tokenizer_, inputs, self.max_length, self.stride)

    def _targets(self, windows: Sequence[encode.Window], labels: Sequence[str]) -> list[int]:
        return [self.label2id_[labels[w.example]] for w in windows]

    def _label_map(self, labels: Sequence[str]) -> list[str]:
        return sorted(set(labels))

    def predict_scores(self, texts: Sequence[str]) -> list[ClassScore]:
        """A ``ClassScore`` per text (an empty text still gets one)."""
        from nlptk.bert.predict import merge_text_scores

        self._check_fitted()
        windows = self._windows(texts)
        probs = merge_text_scores(
            windows, self._scores(windows, False), len(texts), len(self.labels_)
        )
        polar = {"positive", "negative"} <= set(self.labels_)
        out = []
        for p in probs:
            best = int(p.argmax())
            s = p[self.label2id_["positive"]] - p[self.label2id_["negative"]] if polar else 0.0
            out.append(ClassScore(self.labels_[best], float(s), float(p[best])))
        return out

    def predict(self, inputs: Sequence[str]) -> list[str]:
        """The label of each text."""
        return [s.label for s in self.predict_scores(inputs)]
