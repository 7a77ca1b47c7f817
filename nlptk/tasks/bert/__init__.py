"""tasks: BERT fine-tuning and prediction for sentiment, NER (BIOES) and segmentation (BMES).

torch and transformers load only when an estimator is used, so importing this package is
cheap; the estimators live in ``nlptk.tasks.bert.estimators``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["BertClassifier", "BertTagger", "BertSegmenter", "ClassScore", "load_estimator"]

if TYPE_CHECKING:
    from nlptk.tasks.bert.estimators import (
        BertClassifier,
        BertSegmenter,
        BertTagger,
        ClassScore,
        load_estimator,
    )


def __getattr__(name: str) -> Any:
    if name in __all__:
        from nlptk.tasks.bert import estimators

        return getattr(estimators, name)
    raise AttributeError(f"module 'nlptk.tasks.bert' has no attribute {name!r}")
