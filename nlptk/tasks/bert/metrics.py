"""tasks: the dev and test metrics of the BERT tasks, behind one function.

``PRIMARY`` names the metric that early stopping and model selection maximise.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["PRIMARY", "score"]

#: The metric each task is selected on.
PRIMARY = {"sentiment": "accuracy", "ner": "f1", "segment": "accuracy"}


def score(task: str, gold: Sequence[Any], pred: Sequence[Any]) -> dict[str, Any]:
    """Metrics of ``pred`` against ``gold``: labels (sentiment) or tag lists (ner, segment).

    NER: strict BIOES entity precision/recall/F1 (micro) and F1 per type; sentiment:
    accuracy; segmentation: per-character tag accuracy.

    >>> score("sentiment", ["positive", "negative"], ["positive", "positive"])
    {'accuracy': 0.5, 'n': 2}
    """
    # TODO(merge): use nlptk.core.entity_score / class_score.
    if task == "ner":
        from seqeval.metrics import classification_report
        from seqeval.scheme import IOBES

        report = classification_report(
            list(gold), list(pred), mode="strict", scheme=IOBES, output_dict=True, zero_division=0
        )
        micro = report["micro avg"]
        return {
            "precision": float(micro["precision"]),
            "recall": float(micro["recall"]),
            "f1": float(micro["f1-score"]),
            "per_type": {
                name: float(r["f1-score"]) for name, r in report.items() if " avg" not in name
            },
            "n": len(gold),
        }
    if task == "segment":
        pairs = [
            (g, p) for gs, ps in zip(gold, pred, strict=True) for g, p in zip(gs, ps, strict=True)
        ]
        return {"accuracy": sum(g == p for g, p in pairs) / max(len(pairs), 1), "n": len(gold)}
    return {
        "accuracy": sum(g == p for g, p in zip(gold, pred, strict=True)) / max(len(gold), 1),
        "n": len(gold),
    }
