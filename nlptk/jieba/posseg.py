"""jieba.posseg: words with part-of-speech tags, as ``jieba.posseg`` 0.42.1 gives them.

>>> import nlptk.jieba.posseg as pseg
>>> [f"{w}/{t}" for w, t in pseg.cut("我爱北京天安门")]
['我/r', '爱/v', '北京/ns', '天安门/ns']
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import Any

from nlptk.jieba import Tokenizer, strdecode
from nlptk.jieba import dt as _jieba_dt
from nlptk.pos import Tagger

__all__ = ["pair", "POSTokenizer", "dt", "cut", "lcut", "initialize"]


class pair:  # noqa: N801 - jieba's name
    """A word and its tag (``flag``); unpacks as ``word, flag``, prints as ``word/flag``."""

    def __init__(self, word: str, flag: str) -> None:
        self.word = word
        self.flag = flag

    def __str__(self) -> str:
        return f"{self.word}/{self.flag}"

    __unicode__ = __str__

    def __repr__(self) -> str:
        return f"pair({self.word!r}, {self.flag!r})"

    def __iter__(self) -> Iterator[str]:
        return iter((self.word, self.flag))

    def __lt__(self, other: pair) -> bool:
        return self.word < other.word

    def __eq__(self, other: object) -> bool:
        return isinstance(other, pair) and (self.word, self.flag) == (other.word, other.flag)

    def __hash__(self) -> int:
        return hash(self.word)

    def encode(self, encoding: str) -> bytes:
        return str(self).encode(encoding)


class POSTokenizer:
    """jieba's ``POSTokenizer``: tags the words of a ``Tokenizer`` (a new one by default);
    edits to that tokenizer (``add_word(word, freq, tag)``) apply to the tags."""

    def __init__(self, tokenizer: Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or Tokenizer()
        self._tagger: Tagger | None = None
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"<POSTokenizer tokenizer={self.tokenizer!r}>"

    @property
    def tagger(self) -> Tagger:
        """The nlptk ``Tagger`` over the tokenizer's current segmenter."""
        seg = self.tokenizer.segmenter
        with self._lock:
            if self._tagger is None or self._tagger.segmenter is not seg:
                self._tagger = Tagger(seg)
            return self._tagger

    def initialize(self, dictionary: Any = None) -> None:
        """Load the tokenizer's dictionary and the tag tables now."""
        self.tokenizer.initialize(dictionary)
        _ = self.tagger

    def cut(self, sentence: str | bytes, HMM: bool = True) -> Iterator[pair]:  # noqa: N803
        """``pair(word, flag)`` of each word, as a generator."""
        for word, flag in self.tagger.pairs(strdecode(sentence), HMM):
            yield pair(word, flag)

    def lcut(self, *args: Any, **kwargs: Any) -> list[pair]:
        """``list(cut(...))``."""
        return list(self.cut(*args, **kwargs))


#: Tags the words of ``nlptk.jieba.dt``, as jieba's ``posseg.dt`` does ``jieba.dt``'s.
dt = POSTokenizer(_jieba_dt)
initialize = dt.initialize


def cut(sentence: str | bytes, HMM: bool = True, use_paddle: bool = False) -> Iterator[pair]:  # noqa: N803
    """``dt.cut``: ``pair(word, flag)`` of each word, as a generator (``use_paddle`` is
    ignored, as in jieba without paddle)."""
    yield from dt.cut(sentence, HMM)


def lcut(sentence: str | bytes, HMM: bool = True, use_paddle: bool = False) -> list[pair]:  # noqa: N803
    """``list(cut(...))``."""
    return list(dt.cut(sentence, HMM))
