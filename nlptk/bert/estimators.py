"""bert: ``load_estimator`` — any saved nlptk BERT model as the estimator its ``meta.json``
names; the registry of estimators by task, above ``base`` and the estimators it dispatches to
(they subclass ``base.BertEstimator``, so the registry cannot live there)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlptk.artifacts import read_meta
from nlptk.bert.base import BertEstimator
from nlptk.bert.classifier import BertClassifier
from nlptk.bert.taggers import BertSegmenter, BertTagger
from nlptk.errors import ModelFormatError

__all__ = ["load_estimator"]


def load_estimator(path: str | Path, device: str = "auto", **params: Any) -> BertEstimator:
    """Load any nlptk BERT model directory as the estimator its ``meta.json`` names."""
    classes = {c.task: c for c in (BertClassifier, BertTagger, BertSegmenter)}
    meta = read_meta(path)
    task = str(meta.get("task", ""))
    if not task.startswith("bert-") or task[5:] not in classes:
        raise ModelFormatError(
            f"{path}: a {task or 'unknown'!r} model, not an nlptk BERT model "
            f"(tasks: {', '.join('bert-' + t for t in classes)})"
        )
    return classes[task[5:]].load(path, device=device, **params)
