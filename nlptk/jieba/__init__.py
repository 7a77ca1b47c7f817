"""jieba: a drop-in for jieba 0.42.1's API, run by nlptk's segmenter.

``import nlptk.jieba as jieba`` and code written for jieba keeps working, with the same words
(tested against jieba itself on People's Daily 1998, in every mode, after the same
user-dictionary edits): ``cut`` and ``cut_for_search`` and ``tokenize`` are generators,
``lcut`` and ``lcut_for_search`` lists; ``posseg`` and ``analyse`` are here too.

>>> import nlptk.jieba as jieba
>>> "/".join(jieba.cut("我来到北京清华大学"))
'我/来到/北京/清华大学'
>>> jieba.lcut("我来到北京清华大学", cut_all=True)
['我', '来到', '北京', '清华', '清华大学', '华大', '大学']
>>> list(jieba.tokenize("永和服装饰品有限公司"))[:2]
[('永和', 0, 2), ('服装', 2, 4)]

The module-level functions work on ``dt``, a ``Tokenizer`` over the same segmenter as
``nlptk.cut`` (so ``jieba.add_word`` changes what ``nlptk.cut`` gives). Nothing is built at
import: the dictionary is loaded on first use, from nlptk's cache. What is not here: paddle
mode (``use_paddle`` is accepted and ignored, as jieba does without paddle installed) and
``enable_parallel`` (``nlptk segment -j N`` runs worker processes).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

from nlptk.segment import Segmenter, default_segmenter

__all__ = [
    "Tokenizer",
    "dt",
    "cut",
    "lcut",
    "cut_for_search",
    "lcut_for_search",
    "tokenize",
    "load_userdict",
    "add_word",
    "del_word",
    "suggest_freq",
    "initialize",
    "set_dictionary",
    "get_FREQ",
    "get_DAG",
    "setLogLevel",
    "strdecode",
]

# jieba 0.42.1's block rules (``re_han_default``, ``re_skip_default``, ``re_eng``, and the
# user-dictionary line ``re_userdict``).
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&\\._%\\-]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]")
_RE_USERDICT = re.compile("^(.+?)( [0-9]+)?( [a-z]+)?$")


def strdecode(sentence: str | bytes) -> str:
    """Text as jieba takes it: bytes are decoded as UTF-8, else GBK (errors dropped)."""
    if isinstance(sentence, str):
        return sentence
    try:
        return sentence.decode("utf-8")
    except UnicodeDecodeError:
        return sentence.decode("gbk", "ignore")


def _missing(path: str | Path) -> FileNotFoundError:
    """jieba's message for a missing file (an ``Exception`` there; a subclass of it here)."""
    return FileNotFoundError(f"jieba: file does not exist: {Path(path).resolve()}")


class Tokenizer:
    """jieba's ``Tokenizer``: a dictionary, its user edits, and the cuts over them.

    Parameters
    ----------
    dictionary : path, optional
        A main dictionary (``word freq [tag]``); jieba's own by default.
    """

    def __init__(self, dictionary: str | Path | None = None) -> None:
        self.dictionary = dictionary
        self._segmenter: Segmenter | None = None
        self._shared = False  # ``dt`` uses nlptk's default segmenter for jieba's dictionary
        self.lock = threading.RLock()

    def __repr__(self) -> str:
        return f"<Tokenizer dictionary={self.dictionary!r}>"

    @property
    def segmenter(self) -> Segmenter:
        """The nlptk ``Segmenter`` behind this tokenizer, built on first use."""
        with self.lock:
            if self._segmenter is None:
                if self._shared and self.dictionary is None:
                    self._segmenter = default_segmenter()
                else:
                    self._segmenter = Segmenter(self.dictionary)
            return self._segmenter

    def initialize(self, dictionary: str | Path | None = None) -> None:
        """Load the dictionary now (``dictionary`` first replaces it), not on first use."""
        if dictionary is not None and dictionary != self.dictionary:
            with self.lock:
                self.dictionary = dictionary
                self._segmenter = None
        _ = self.segmenter

    check_initialized = initialize

    def set_dictionary(self, dictionary_path: str | Path) -> None:
        """Use another main dictionary from the next cut on (user edits are dropped, as in
        jieba)."""
        if not Path(dictionary_path).is_file():
            raise _missing(dictionary_path)
        with self.lock:
            self.dictionary = dictionary_path
            self._segmenter = None

    # -- cutting ------------------------------------------------------------------------------

    def cut(
        self,
        sentence: str | bytes,
        cut_all: bool = False,
        HMM: bool = True,  # noqa: N803 - jieba's keyword
        use_paddle: bool = False,
    ) -> Iterator[str]:
        """The words of ``sentence``, as a generator: accurate mode (the best route, unknown
        runs to the HMM when ``HMM``), or every dictionary word with ``cut_all``."""
        sentence = strdecode(sentence)
        seg = self.segmenter
        if not cut_all:
            yield from seg.cut(sentence, "accurate", HMM)
            return
        for block in _RE_HAN.split(sentence):
            if not block:
                continue
            if not _RE_HAN.match(block):
                # jieba yields every piece here, the empty strings between whitespace too
                yield from _RE_SKIP.split(block)
            elif _RE_ENG.search(block):
                # jieba glues Latin/digit words across a gap; nlptk's full mode does not
                yield from _cut_all(block, self.get_DAG(block))
            else:
                yield from seg.cut(block, "full")

    def lcut(self, *args: Any, **kwargs: Any) -> list[str]:
        """``list(cut(...))``."""
        return list(self.cut(*args, **kwargs))

    def cut_for_search(self, sentence: str | bytes, HMM: bool = True) -> Iterator[str]:  # noqa: N803
        """Accurate-mode words, each long one preceded by its dictionary 2- and 3-grams."""
        yield from self.segmenter.cut(strdecode(sentence), "search", HMM)

    def lcut_for_search(self, *args: Any, **kwargs: Any) -> list[str]:
        """``list(cut_for_search(...))``."""
        return list(self.cut_for_search(*args, **kwargs))

    def tokenize(
        self,
        unicode_sentence: str,
        mode: str = "default",
        HMM: bool = True,  # noqa: N803
    ) -> Iterator[tuple[str, int, int]]:
        """``(word, start, end)`` of each word; ``mode="search"`` adds the sub-words."""
        if not isinstance(unicode_sentence, str):
            raise ValueError("jieba: the input parameter should be unicode.")
        where = "accurate" if mode == "default" else "search"
        for token in self.segmenter.tokenize(unicode_sentence, where, HMM):
            yield token.text, token.start, token.end

    # -- the dictionary -----------------------------------------------------------------------

    def get_FREQ(self, word: str, default: int | None = None) -> int | None:  # noqa: N802
        """jieba's ``FREQ.get``: 0 for a bare prefix of a word, ``default`` when absent."""
        freq = self.segmenter.lookup(word)
        return default if freq is None else freq

    def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802
        """For each position, the end positions (inclusive) of the dictionary words that
        start there, or the position itself when none does."""
        lookup = self.segmenter.lookup
        dag: dict[int, list[int]] = {}
        n = len(sentence)
        for k in range(n):
            ends, i = [], k
            frag = sentence[k]
            while i < n and (freq := lookup(frag)) is not None:
                if freq:
                    ends.append(i)
                i += 1
                frag = sentence[k : i + 1]
            dag[k] = ends or [k]
        return dag

    @property
    def total(self) -> int:
        """Sum of the dictionary frequencies."""
        return self.segmenter.total

    @property
    def user_word_tag_tab(self) -> dict[str, str]:
        """Tags given by ``add_word`` and user dictionaries."""
        return self.segmenter.tags

    def add_word(
        self, word: str | bytes, freq: int | str | None = None, tag: str | None = None
    ) -> None:
        """Add ``word`` (frequency ``freq``, else the one that keeps it whole; 0 deletes it)."""
        self.segmenter.add_word(strdecode(word), None if freq is None else int(freq), tag)

    def del_word(self, word: str | bytes) -> None:
        """Delete ``word``: it is never produced, not even by the HMM."""
        self.add_word(word, 0)

    def suggest_freq(self, segment: str | bytes | Sequence[str | bytes], tune: bool = False) -> int:
        """The frequency that keeps ``segment`` whole (a str) or cut into its pieces (a
        sequence); ``tune=True`` also sets it."""
        if isinstance(segment, (str, bytes)):
            return self.segmenter.suggest_freq(strdecode(segment), tune)
        return self.segmenter.suggest_freq(tuple(map(strdecode, segment)), tune)

    def load_userdict(self, f: str | Path | IO[Any]) -> None:
        """Apply a user dictionary, a path or an open file (text or bytes, UTF-8): one
        ``word [freq] [tag]`` a line, as jieba reads it."""
        if isinstance(f, (str, Path)):
            with open(f, "rb") as handle:
                self._load_lines(handle, str(f))
        else:
            self._load_lines(f, str(getattr(f, "name", f)))

    def _load_lines(self, lines: Iterable[str | bytes], name: str) -> None:
        for raw in lines:
            line = raw.strip()
            if isinstance(line, bytes):
                try:
                    line = line.decode("utf-8").lstrip("\ufeff")
                except UnicodeDecodeError:
                    raise ValueError(f"dictionary file {name} must be utf-8") from None
            if not line:
                continue
            word, freq, tag = _RE_USERDICT.match(line).groups()  # type: ignore[union-attr]
            self.add_word(word, None if freq is None else freq.strip(), tag and tag.strip())


def _cut_all(block: str, dag: dict[int, list[int]]) -> Iterator[str]:
    """jieba's ``__cut_all`` over a block's DAG, its Latin/digit buffer included."""
    old_j, eng_buf, eng_scan = -1, "", False
    for k, ends in dag.items():
        if eng_scan and not _RE_ENG.match(block[k]):
            eng_scan = False
            yield eng_buf
        if len(ends) == 1 and k > old_j:
            word = block[k : ends[0] + 1]
            if _RE_ENG.match(word):
                eng_buf = eng_buf + word if eng_scan else word
                eng_scan = True
            if not eng_scan:
                yield word
            old_j = ends[0]
        else:
            for j in ends:
                if j > k:
                    yield block[k : j + 1]
                    old_j = j
    if eng_scan:
        yield eng_buf


def setLogLevel(log_level: int | str) -> None:  # noqa: N802 - jieba's name
    """Accepted for jieba's sake; nlptk logs nothing while cutting."""


#: The default tokenizer behind the module-level functions.
dt = Tokenizer()
dt._shared = True

cut = dt.cut
lcut = dt.lcut
cut_for_search = dt.cut_for_search
lcut_for_search = dt.lcut_for_search
tokenize = dt.tokenize
load_userdict = dt.load_userdict
add_word = dt.add_word
del_word = dt.del_word
suggest_freq = dt.suggest_freq
initialize = dt.initialize
set_dictionary = dt.set_dictionary
get_FREQ = dt.get_FREQ
get_DAG = dt.get_DAG


def __getattr__(name: str) -> Any:
    if name == "user_word_tag_tab":  # jieba's module attribute; built with the segmenter
        return dt.user_word_tag_tab
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*__all__, "posseg", "analyse", "user_word_tag_tab"])
