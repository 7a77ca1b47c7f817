"""nlptk: Chinese/English NLP toolkit — segmentation, named entities, sentiment, BERT.

The segmentation API is importable from here; other tasks live in ``nlptk.tasks``.
Names are resolved lazily so that ``import nlptk`` stays cheap for the command line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "Segmenter", "Token", "cut", "tokenize", "cut_lines"]

if TYPE_CHECKING:
    from nlptk.tasks.segment import Segmenter, Token, cut, cut_lines, tokenize


def __getattr__(name: str) -> Any:
    if name in __all__:
        from nlptk.tasks import segment

        return getattr(segment, name)
    raise AttributeError(f"module 'nlptk' has no attribute {name!r}")
