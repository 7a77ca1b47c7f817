"""pipeline: one pass over a text — words, POS tags, entities, sentiment, keywords — into
one ``nlptk.doc.Doc``, consistent by construction (``nlptk analyze``, ``nlptk serve``).

>>> from nlptk.pipeline import analyze
>>> doc = analyze("我来到北京清华大学")
>>> [(e.text, e.label) for e in doc.entities]
[('北京清华大学', 'ORG')]

Modules: ``align`` (words cut at entity edges), ``pipeline`` (the ``Pipeline``),
``stream`` (``nlptk analyze``'s streaming output, ``-j``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_getattr

__all__ = [
    "Pipeline",
    "TASKS",
    "DEFAULT_TASKS",
    "JIEBA",
    "parse_tasks",
    "analyze",
    "default_pipeline",
    "analyze_stream",
]

if TYPE_CHECKING:
    from nlptk.pipeline.pipeline import (
        DEFAULT_TASKS,
        JIEBA,
        TASKS,
        Pipeline,
        analyze,
        default_pipeline,
        parse_tasks,
    )
    from nlptk.pipeline.stream import analyze_stream

__getattr__ = lazy_getattr(
    __name__, {**dict.fromkeys(__all__, "pipeline"), "analyze_stream": "stream"}
)
