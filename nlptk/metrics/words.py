"""metrics: word-segmentation scoring as the SIGHAN bakeoff scorer does it — words as character
spans, precision/recall/F1, and recall split into out-of-vocabulary and in-vocabulary words.

A predicted word is correct when a gold word covers exactly the same characters; the texts
must be the same characters once whitespace is removed (the caller checks that).
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, fields

__all__ = ["SegTally", "word_spans", "tally_line", "same_text"]


def word_spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """Character spans (start, end-exclusive) of consecutive words.

    >>> sorted(word_spans(["我", "来到", "北京"]))
    [(0, 1), (1, 3), (3, 5)]
    """
    spans = set()
    pos = 0
    for word in words:
        spans.add((pos, pos + len(word)))
        pos += len(word)
    return spans


def same_text(gold: Sequence[str], pred: Sequence[str]) -> bool:
    """Whether two segmentations cover the same characters."""
    return "".join(gold) == "".join(pred)


@dataclass
class SegTally:
    """Counts behind the scores, summed over lines; ``metrics()`` turns them into rates.

    OOV words are gold words absent from the training vocabulary; their recall is the share
    found exactly, as is the IV recall for the others.
    """

    lines: int = 0
    gold_words: int = 0
    pred_words: int = 0
    correct: int = 0
    oov_words: int = 0
    oov_correct: int = 0

    def __iadd__(self, other: SegTally) -> SegTally:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))
        return self

    def metrics(self) -> dict[str, float | int]:
        """``precision``, ``recall``, ``f1``, ``oov_rate``, ``oov_recall``, ``iv_recall``
        (0.0 where undefined), then the raw counts.

        >>> round(SegTally(1, gold_words=4, pred_words=5, correct=3).metrics()["f1"], 4)
        0.6667
        """
        p = _rate(self.correct, self.pred_words)
        r = _rate(self.correct, self.gold_words)
        iv_words = self.gold_words - self.oov_words
        return {
            "precision": p,
            "recall": r,
            "f1": _rate(2 * p * r, p + r),
            "oov_rate": _rate(self.oov_words, self.gold_words),
            "oov_recall": _rate(self.oov_correct, self.oov_words),
            "iv_recall": _rate(self.correct - self.oov_correct, iv_words),
            **{f.name: getattr(self, f.name) for f in fields(self)},
        }


def _rate(num: float, den: float) -> float:
    return num / den if den else 0.0


def tally_line(
    gold: Sequence[str], pred: Sequence[str], vocabulary: Container[str] | None = None
) -> SegTally:
    """Counts for one line; without a vocabulary no word is OOV.

    >>> t = tally_line(["我", "来到", "北京"], ["我", "来", "到", "北京"], {"我", "来到"})
    >>> (t.gold_words, t.pred_words, t.correct, t.oov_words, t.oov_correct)
    (3, 4, 2, 1, 1)
    """
    gold_spans = word_spans(gold)
    pred_spans = word_spans(pred)
    tally = SegTally(1, len(gold), len(pred), len(gold_spans & pred_spans))
    if vocabulary is not None:
        pos = 0
        for word in gold:
            if word not in vocabulary:
                tally.oov_words += 1
                tally.oov_correct += (pos, pos + len(word)) in pred_spans
            pos += len(word)
    return tally
