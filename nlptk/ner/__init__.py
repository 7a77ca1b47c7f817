"""ner: named entities (BIOES) — the ``Recognizer`` over perceptron (the default), HMM and
BERT taggers, their training data, training, scoring and output formats; Chinese by
character, English by word.

>>> from nlptk.ner import Recognizer
>>> [(e.text, e.label) for e in Recognizer().entities("我来到北京，会见了克林顿")]
[('北京', 'LOC'), ('克林顿', 'PER')]
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = ["Recognizer", "Entity", "tokenize", "load_ner_data", "NER_FORMATS"]

if TYPE_CHECKING:
    from nlptk.ner.data import NER_FORMATS, load_ner_data
    from nlptk.ner.recognizer import Recognizer
    from nlptk.sequence.tags import Entity
    from nlptk.sequence.tokens import tokenize

__getattr__ = lazy_getattr(
    __name__,
    {
        "Recognizer": "recognizer",
        "Entity": "recognizer",
        "tokenize": "recognizer",
        "load_ner_data": "data",
        "NER_FORMATS": "data",
    },
)
__dir__ = lazy_dir(__all__)
