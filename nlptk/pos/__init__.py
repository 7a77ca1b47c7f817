"""pos: part-of-speech tagging — jieba's ``posseg`` algorithm (dictionary tags plus the joint
position x tag HMM, decoded in C with a pure-Python reference), the averaged-perceptron
tagger (``PerceptronTagger.load("pos-zh-pd98")``) and the ``nlptk pos`` output.

>>> from nlptk.pos import Tagger
>>> Tagger().pairs("我爱北京天安门")
[('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]

Modules: ``hmm`` (parameters, reference Viterbi), ``_c/_posseg.c`` (the Viterbi in C),
``tagger`` (the API), ``perceptron`` (the perceptron tagger, ``load_tagger``), ``train``,
``evaluate`` (``nlptk train pos``, ``nlptk eval pos``), ``output`` (formats and the stream).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = ["Tagger", "TaggedToken", "PerceptronTagger", "load_tagger", "POS_FORMATS", "pos_stream"]

if TYPE_CHECKING:
    from nlptk.pos.output import POS_FORMATS, pos_stream
    from nlptk.pos.perceptron import PerceptronTagger
    from nlptk.pos.tagged import TaggedToken
    from nlptk.pos.tagger import Tagger, load_tagger

__getattr__ = lazy_getattr(
    __name__,
    {
        "Tagger": "tagger",
        "TaggedToken": "tagged",
        "PerceptronTagger": "perceptron",
        "load_tagger": "tagger",
        "POS_FORMATS": "output",
        "pos_stream": "output",
    },
)
__dir__ = lazy_dir(__all__)
