"""segment: Chinese word segmentation — jieba's algorithm (prefix dictionary → DAG →
maximum-probability route → B/M/E/S HMM) in a C kernel with a pure-Python reference, trained
models, and their training and scoring.

>>> from nlptk.segment import Segmenter
>>> Segmenter().cut("我来到北京清华大学")
['我', '来到', '北京', '清华大学']

Modules: ``dictionary``, ``dag``, ``route``, ``hmm``, ``pipeline`` (the reference kernels),
``_c/_kernel.c`` and ``engine`` (the engines behind a ``Segmenter``), ``fold`` (width and
traditional folding), ``segmenter`` (the API), ``model``, ``estimate``, ``train``, ``adapt``,
``evaluate``, ``output``, ``bert``,
``perceptron/`` (the averaged-perceptron segmenter, ``Segmenter.load("pd98-perceptron")``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = [
    "Segmenter",
    "Token",
    "cut",
    "tokenize",
    "cut_lines",
    "default_segmenter",
    "describe_default_dictionary",
    "jieba_sources",
    "main_dict_words",
    "MAX_FREQ",
    "normalize_width",
    "fold_traditional",
    "dictionary_engine",
    "read_pairs",
    "seg_features",
]

if TYPE_CHECKING:
    from nlptk.segment.dictionary import MAX_FREQ
    from nlptk.segment.fold import fold_traditional, normalize_width
    from nlptk.segment.perceptron.features import seg_features
    from nlptk.segment.perceptron.tagger import dictionary_engine, read_pairs
    from nlptk.segment.segmenter import (
        Segmenter,
        Token,
        cut,
        cut_lines,
        default_segmenter,
        describe_default_dictionary,
        jieba_sources,
        main_dict_words,
        tokenize,
    )

#: For other capabilities (NER's perceptron reuses the segmenter's dictionary features;
#: sentiment normalises its input as the segmenter does).
_SHARED = {
    "MAX_FREQ": "dictionary",
    "normalize_width": "fold",
    "fold_traditional": "fold",
    "dictionary_engine": "perceptron.tagger",
    "read_pairs": "perceptron.tagger",
    "seg_features": "perceptron.features",
}
__getattr__ = lazy_getattr(__name__, {**dict.fromkeys(__all__, "segmenter"), **_SHARED})
__dir__ = lazy_dir(__all__)
