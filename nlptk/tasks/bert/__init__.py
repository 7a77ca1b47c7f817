"""tasks: BERT fine-tuning and prediction for sentiment, NER (BIOES) and segmentation (BMES).

torch and transformers load only when an estimator is used, so importing this package is
cheap: the names below are resolved on first use from ``classifier``, ``taggers`` and
``base``.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__all__ = ["BertClassifier", "BertTagger", "BertSegmenter", "ClassScore", "load_estimator"]

_HOME = {
    "BertClassifier": "classifier",
    "ClassScore": "classifier",
    "BertTagger": "taggers",
    "BertSegmenter": "taggers",
    "load_estimator": "base",
}

if TYPE_CHECKING:
    from nlptk.tasks.bert.base import load_estimator
    from nlptk.tasks.bert.classifier import BertClassifier, ClassScore
    from nlptk.tasks.bert.taggers import BertSegmenter, BertTagger


def __getattr__(name: str) -> Any:
    if name in _HOME:
        return getattr(import_module(f"nlptk.tasks.bert.{_HOME[name]}"), name)
    raise AttributeError(f"module 'nlptk.tasks.bert' has no attribute {name!r}")
