"""bert: the dev metrics of the BERT tasks, from the scorers every ``nlptk eval`` uses.

``PRIMARY`` names the metric that early stopping and model selection maximise. The records
are flat (one number per key, besides NER's F1 per type and sentiment's confusion matrix),
as they appear per epoch in ``meta.json``'s history.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from nlptk.metrics.classes import classification_scores
from nlptk.metrics.entities import entity_scores
from nlptk.metrics.words import SegTally, tally_line
from nlptk.sequence.tags import bmes_to_spans

__all__ = ["PRIMARY", "score"]

#: The metric each task is selected on.
PRIMARY = {"sentiment": "accuracy", "ner": "f1", "segment": "f1"}


def _words(chars: Sequence[str], tags: Sequence[str]) -> list[str]:
    return ["".join(chars[s:e]) for s, e in bmes_to_spans(tags)]


def score(
    task: str, gold: Sequence[Any], pred: Sequence[Any], inputs: Sequence[Any]
) -> dict[str, Any]:
    """Metrics of ``pred`` against ``gold``: labels (sentiment) or tag lists (ner, segment)
    of ``inputs`` (texts, or lists of words or characters).

    NER: strict BIOES entity precision/recall/F1 (micro, ``nlptk eval ner``'s scorer) and F1
    per type; sentiment: accuracy, macro-F1 and confusion (``nlptk eval sentiment``'s);
    segmentation: word precision/recall/F1 (``nlptk eval segment``'s).

    >>> s = score("sentiment", ["positive", "negative"], ["positive", "positive"], ["a", "b"])
    >>> s["accuracy"], s["confusion"]["negative"]
    (0.5, {'positive': 1})
    >>> score("segment", [["B", "E", "S"]], [["S", "S", "S"]], [list("北京人")])["f1"]
    0.4
    """
    if task == "ner":
        scores = entity_scores(gold, pred)
        micro = scores["micro"]
        return {
            "precision": micro["precision"],
            "recall": micro["recall"],
            "f1": micro["f1"],
            "per_type": {name: s["f1"] for name, s in scores["per_type"].items()},
            "n": len(gold),
        }
    if task == "segment":
        tally = SegTally()
        for chars, g, p in zip(inputs, gold, pred, strict=True):
            tally += tally_line(_words(chars, g), _words(chars, p))
        m = tally.metrics()
        return {"precision": m["precision"], "recall": m["recall"], "f1": m["f1"], "n": len(gold)}
    return classification_scores(gold, pred)
