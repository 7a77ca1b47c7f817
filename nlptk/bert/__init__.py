"""bert: BERT fine-tuning and prediction for sentiment, NER (BIOES) and segmentation (BMES).

torch and transformers load only when an estimator is used, so importing this package is
cheap: the names below are resolved on first use from ``classifier``, ``taggers`` and
``estimators``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = ["BertClassifier", "BertTagger", "BertSegmenter", "ClassScore", "load_estimator"]

if TYPE_CHECKING:
    from nlptk.bert.classifier import BertClassifier, ClassScore
    from nlptk.bert.estimators import load_estimator
    from nlptk.bert.taggers import BertSegmenter, BertTagger

__getattr__ = lazy_getattr(
    __name__,
    {
        "BertClassifier": "classifier",
        "ClassScore": "classifier",
        "BertTagger": "taggers",
        "BertSegmenter": "taggers",
        "load_estimator": "estimators",
    },
)
__dir__ = lazy_dir(__all__)
