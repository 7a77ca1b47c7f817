"""nlptk: Chinese/English NLP toolkit — segmentation, named entities, sentiment, BERT.

The segmentation API is importable from here (``from nlptk import Segmenter``), and so are
one pass of every task (``nlptk.analyze(text)``, ``nlptk.Pipeline``) and jieba's own names
(``nlptk.lcut``, ``nlptk.cut_for_search``, ``nlptk.add_word``, … from ``nlptk.jieba``,
jieba's whole API as a drop-in); each capability has its own package: ``nlptk.segment``,
``nlptk.pos``, ``nlptk.keywords``, ``nlptk.ner``, ``nlptk.sentiment``, ``nlptk.bert``.
Names are resolved lazily so that ``import nlptk`` stays cheap for the command line.

>>> import nlptk
>>> nlptk.lcut("我来到北京清华大学")
['我', '来到', '北京', '清华大学']
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from nlptk._version import __version__

__all__ = [
    "__version__",
    "Segmenter",
    "Token",
    "cut",
    "tokenize",
    "cut_lines",
    "analyze",
    "Pipeline",
    "lcut",
    "cut_for_search",
    "lcut_for_search",
    "load_userdict",
    "add_word",
    "del_word",
    "suggest_freq",
]

#: Where each public name lives: the segmentation API, the pipeline, and jieba's names
#: (over the segmenter ``cut`` uses).
_HOME = (
    {name: "nlptk.segment" for name in __all__[1:6]}
    | {name: "nlptk.pipeline" for name in __all__[6:8]}
    | {name: "nlptk.jieba" for name in __all__[8:]}
)

if TYPE_CHECKING:
    from nlptk.jieba import (
        add_word,
        cut_for_search,
        del_word,
        lcut,
        lcut_for_search,
        load_userdict,
        suggest_freq,
    )
    from nlptk.pipeline import Pipeline, analyze
    from nlptk.segment import Segmenter, Token, cut, cut_lines, tokenize


def __getattr__(name: str):  # noqa: ANN202 - resolves the names of __all__ on first use
    if name in _HOME:
        return getattr(import_module(_HOME[name]), name)
    raise AttributeError(f"module 'nlptk' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
