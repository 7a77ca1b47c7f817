"""nlptk: Chinese/English NLP toolkit — segmentation, named entities, sentiment, BERT.

The segmentation API is importable from here (``from nlptk import Segmenter``), and so is
one pass of every task (``nlptk.analyze(text)``, ``nlptk.Pipeline``); each
capability has its own package: ``nlptk.segment``, ``nlptk.ner``, ``nlptk.sentiment``,
``nlptk.bert``. Names are resolved lazily so that ``import nlptk`` stays cheap for the
command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

__all__ = ["__version__", "Segmenter", "Token", "cut", "tokenize", "cut_lines"]
__all__ += ["analyze", "Pipeline"]

if TYPE_CHECKING:
    from nlptk.pipeline import Pipeline, analyze
    from nlptk.segment import Segmenter, Token, cut, cut_lines, tokenize


def __getattr__(name: str):  # noqa: ANN202 - resolves the names of __all__ on first use
    if name in ("analyze", "Pipeline"):
        import nlptk.pipeline

        return getattr(nlptk.pipeline, name)
    if name in __all__:
        import nlptk.segment

        return getattr(nlptk.segment, name)
    raise AttributeError(f"module 'nlptk' has no attribute {name!r}")
