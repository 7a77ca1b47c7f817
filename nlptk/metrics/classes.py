"""metrics: scores of a single-label classifier — accuracy, macro-F1 and the confusion matrix.

Pure functions over two equal-length label sequences, shared by every ``nlptk eval`` that
scores classes (sentiment methods, the BERT classifier).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

__all__ = ["classification_scores", "macro_f1"]


def macro_f1(confusion: dict[str, dict[str, int]], labels: Sequence[str]) -> float:
    """Unweighted mean of the per-label F1 over ``labels``.

    A label with no true positive scores 0 (scikit-learn's ``zero_division=0``), so a label
    that is only ever predicted — ``neutral`` on binary data, ``positive`` on an all-negative
    test set — pulls the mean down instead of vanishing from it.

    >>> macro_f1({"a": {"a": 2, "b": 1}, "b": {"b": 1}}, ["a", "b"])
    0.7333333333333334
    """
    f1s = []
    for label in labels:
        tp = confusion.get(label, {}).get(label, 0)
        gold = sum(confusion.get(label, {}).values())
        pred = sum(row.get(label, 0) for row in confusion.values())
        f1s.append(2 * tp / (gold + pred) if gold + pred else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


def classification_scores(gold: Sequence[str], pred: Sequence[str]) -> dict[str, Any]:
    """Accuracy, macro-F1, confusion matrix and item count of ``pred`` against ``gold``.

    Macro-F1 averages over the union of the gold and the predicted labels, as
    ``sklearn.metrics.f1_score(gold, pred, average="macro")`` does. Averaging over the gold
    labels alone would drop every label that is only predicted: an all-negative test set
    with false positives would score the F1 of ``negative`` alone, and an abstaining
    method's ``neutral`` answers would raise its macro-F1 above its accuracy.

    Parameters
    ----------
    gold, pred : sequences of str
        Gold and predicted labels, one per item, in the same order.

    Returns
    -------
    dict
        ``{"accuracy": float, "macro_f1": float, "confusion": {gold: {pred: count}}, "n": int}``;
        the confusion matrix has a row for every gold label and a column only where a count
        is non-zero. Scores are 0.0 when there are no items.

    Raises
    ------
    ValueError
        When ``gold`` and ``pred`` differ in length.

    >>> s = classification_scores(["pos", "pos", "neg"], ["pos", "neg", "neg"])
    >>> s["accuracy"], round(s["macro_f1"], 4), s["confusion"]["pos"], s["n"]
    (0.6666666666666666, 0.6667, {'neg': 1, 'pos': 1}, 3)
    """
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold labels but {len(pred)} predictions")
    pairs = Counter(zip(gold, pred, strict=True))
    confusion: dict[str, dict[str, int]] = {}
    for g in sorted(set(gold)):
        confusion[g] = {p: n for (gg, p), n in sorted(pairs.items()) if gg == g}
    labels = sorted(set(gold) | set(pred))
    correct = sum(n for (g, p), n in pairs.items() if g == p)
    return {
        "accuracy": correct / len(gold) if gold else 0.0,
        "macro_f1": macro_f1(confusion, labels),
        "confusion": confusion,
        "n": len(gold),
    }
