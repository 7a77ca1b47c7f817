"""pos: the ``Tagger`` — jieba's ``posseg`` algorithm over a ``Segmenter``.

Dictionary words take the dictionary's tag (a user dictionary's tag first); runs of
characters the route leaves single go to the joint position x tag HMM; Latin letters,
numbers and symbols are tagged ``eng``, ``m`` and ``x`` as jieba tags them. The words and
tags are those of ``jieba.posseg.cut`` 0.42.1 with the same dictionary and edits.

>>> from nlptk.pos import Tagger
>>> [f"{t.text}/{t.tag}" for t in Tagger().tag("我爱北京天安门")]
['我/r', '爱/v', '北京/ns', '天安门/ns']
"""

from __future__ import annotations

import importlib.util
import marshal
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from nlptk.artifacts import model_kind
from nlptk.cache import cached, load_marshal
from nlptk.errors import InputError, NlptkError
from nlptk.io import numbered_lines
from nlptk.pos.hmm import PosHMM, hmm_cut, load_jieba_pos_hmm
from nlptk.pos.tagged import POS_TASK, TaggedToken
from nlptk.segment import Segmenter

try:
    from nlptk.pos._c._posseg import PosHMM as _CPosHMM
except ImportError:  # not compiled: the Python reference decodes
    _CPosHMM = None

if TYPE_CHECKING:
    from nlptk.pos.perceptron import PerceptronTagger

__all__ = [
    "POS_ENGINES",
    "SHIPPED_POS",
    "Tagger",
    "dict_tags",
    "jieba_posseg_folder",
    "load_tagger",
]

#: The taggers, by engine name (``nlptk eval pos --engine``): ``jieba`` is jieba's posseg
#: algorithm (``Tagger``, over jieba's dictionary or a segmentation model's: what
#: ``nlptk pos`` runs by default), ``perceptron`` a POS model (``PerceptronTagger``).
POS_ENGINES = ("jieba", "perceptron")
#: The perceptron's shipped model (``--engine perceptron`` without ``--model``).
SHIPPED_POS = "pos-zh-pd98"

#: Bumped whenever the cached tag table format changes.
_TAGS_CACHE = "dict-tags-1"

#: Characters jieba's posseg keeps inside a block (``re_han_internal``); any other
#: character is a token of its own, tagged ``x``.
_ASCII_INTERNAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+#&._")
_HAN_DETAIL = re.compile("([\u4e00-\u9fd5]+)")
_SKIP_DETAIL = re.compile(r"([\.0-9]+|[a-zA-Z0-9]+)")
_NUM = re.compile(r"[\.0-9]+")
_ENG = re.compile("[a-zA-Z0-9]+")

Pairs = list[tuple[str, str]]
#: ``dict.get`` of the word -> tag table, called as ``get(word, "x")``.
TagOf = Callable[[str, str], str]


def jieba_posseg_folder() -> Path:
    """The ``posseg/`` folder of the installed jieba (located without importing it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise NlptkError("the jieba package is not installed; its POS HMM is needed")
    return Path(next(iter(spec.submodule_search_locations))) / "posseg"


def dict_tags(path: Path) -> dict[str, str]:
    """Word -> tag from the third column of a ``word freq tag`` dictionary (cached)."""

    def build() -> bytes:
        tags = {}
        for _, line in numbered_lines(str(path)):
            fields = line.split()
            if len(fields) == 3:
                tags[fields[0].lstrip("\ufeff")] = fields[2]
        return marshal.dumps(tags)

    return cached(_TAGS_CACHE, [path], build, load_marshal)


def _is_internal(char: str) -> bool:
    return char in _ASCII_INTERNAL or "\u4e00" <= char <= "\u9fd5"


def _c_hmm(hmm: PosHMM, kernel: str) -> _CPosHMM | None:
    """The HMM compiled, unless it is not built or the segmenter runs the Python reference."""
    if _CPosHMM is None or kernel == "python":
        return None
    positions = "".join(pos for pos, _ in hmm.states)
    tags = [tag for _, tag in hmm.states]
    return _CPosHMM(positions, tags, hmm.start, hmm.trans, hmm.emit, hmm.char_states)


class Tagger:
    """Part-of-speech tagger with jieba's ``posseg`` algorithm.

    Parameters
    ----------
    segmenter : Segmenter, optional
        Supplies the dictionary route, frequencies and user-dictionary tags; a new
        ``Segmenter()`` (jieba's dictionary) by default. Edits made to it later
        (``add_word(word, freq, tag)``, ``load_userdict``) apply to tagging.
    hmm : bool
        Whether runs of single characters go to the POS HMM by default.
    pos_hmm : PosHMM, optional
        The joint HMM; jieba's own by default.

    Tags of the main dictionary come from its third column (``word freq tag``); a word
    with none, or not in the dictionary, is tagged ``x``, as in jieba.
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        hmm: bool = True,
        *,
        pos_hmm: PosHMM | None = None,
    ) -> None:
        self.segmenter = segmenter if segmenter is not None else Segmenter()
        self.hmm = hmm
        self.pos_hmm = pos_hmm if pos_hmm is not None else load_jieba_pos_hmm(jieba_posseg_folder())
        self._word_tags = dict_tags(self.segmenter.dictionary)
        self._user_seen: dict[str, str] = {}
        self._merged = self._word_tags
        self._no_hmm_for: dict[str, str] | None = None
        self._no_hmm: dict[str, str] = {}
        self._c_hmm = _c_hmm(self.pos_hmm, self.segmenter.kernel)
        self._hmm_cut: Callable[[str], Pairs] = (
            self._c_hmm.cut if self._c_hmm is not None else lambda t: hmm_cut(t, self.pos_hmm)
        )

    def tag(self, text: str, hmm: bool | None = None) -> list[TaggedToken]:
        """Words of ``text`` with their tags and offsets; every character is in a token.

        >>> Tagger().tag("他叫Tom")[-1]
        TaggedToken(text='Tom', tag='eng', start=2, end=5)
        """
        out = []
        start = 0
        for word, tag in self.pairs(text, hmm):
            end = start + len(word)
            out.append(TaggedToken(word, tag, start, end))
            start = end
        return out

    def pairs(self, text: str, hmm: bool | None = None) -> Pairs:
        """``(word, tag)`` pairs of ``text``: ``jieba.posseg.lcut`` as plain tuples."""
        use_hmm = self.hmm if hmm is None else hmm
        if not use_hmm:
            return self._without_hmm(text)
        words = self.segmenter.cut(text, "accurate", False)
        if self._c_hmm is not None:  # _with_hmm, _flush and _detail in C
            return self._c_hmm.tag_route(
                words, self._tags(), self.segmenter.freq, self._merged_singles
            )
        return self._with_hmm(words, self._tags().get)

    def _tags(self) -> dict[str, str]:
        """Word -> tag: the dictionary's, overridden by the segmenter's user tags (merged
        again only when those changed)."""
        user = self.segmenter.tags
        if user != self._user_seen:
            self._merged = {**self._word_tags, **{w: t for w, t in user.items() if t}}
            self._user_seen = dict(user)
        return self._merged

    def _with_hmm(self, words: list[str], get: TagOf) -> Pairs:
        # The Python reference of _posseg.PosHMM.tag_route. Single-character route words
        # (and runs of them the no-HMM cut merged, see _merged_singles) collect in a
        # buffer, as in jieba's POSTokenizer.__cut_DAG.
        out: Pairs = []
        append = out.append
        buf: list[str] = []
        for word in words:
            if len(word) == 1:
                if word in _ASCII_INTERNAL or "\u4e00" <= word <= "\u9fd5":
                    buf.append(word)
                    continue
                tag = "x"  # a character outside jieba's blocks
            elif word.isascii() and word.isalnum() and self._merged_singles(word):
                buf.append(word)
                continue
            else:
                tag = get(word, "x")
            if buf:
                self._flush("".join(buf), out, get)
                buf = []
            append((word, tag))
        if buf:
            self._flush("".join(buf), out, get)
        return out

    def _flush(self, buf: str, out: Pairs, get: TagOf) -> None:
        if len(buf) == 1:
            out.append((buf, get(buf, "x")))
        elif not self.segmenter.freq(buf):
            out.extend(self._detail(buf))
        else:
            out.extend((char, get(char, "x")) for char in buf)

    def _detail(self, text: str) -> Pairs:
        """jieba's ``__cut_detail``: Han runs through the HMM, numbers ``m``, Latin ``eng``."""
        out: Pairs = []
        for block in _HAN_DETAIL.split(text):
            if not block:
                continue
            if _HAN_DETAIL.match(block):
                out.extend(self._hmm_cut(block))
                continue
            for piece in _SKIP_DETAIL.split(block):
                if piece:
                    tag = "m" if _NUM.match(piece) else "eng" if _ENG.match(piece) else "x"
                    out.append((piece, tag))
        return out

    def _without_hmm(self, text: str) -> Pairs:
        # jieba's __cut_DAG_NO_HMM: runs of single Latin letters and digits become one
        # ``eng`` word (the no-HMM cut has merged them already); other words take their
        # tag. The table answers every word but the exceptions, which _no_hmm_tag decides.
        words = self.segmenter.cut(text, "accurate", False)
        tags = list(map(self._no_hmm_table().get, words))
        at = -1
        try:
            while True:  # list.index finds the few misses at C speed
                at = tags.index(None, at + 1)
                tags[at] = self._no_hmm_tag(words[at])
        except ValueError:
            return list(zip(words, tags, strict=True))

    def _no_hmm_table(self) -> dict[str, str]:
        """The tag table less the words whose no-HMM tag is not simply their tag (a lone
        symbol, a Latin/digit word that may be merged single letters), plus ``eng`` for
        each single letter and digit; rebuilt when the tags change."""
        tags = self._tags()
        if self._no_hmm_for is not tags:
            table = dict(tags)
            for w in tags:
                if (len(w) == 1 and not _is_internal(w)) or (
                    len(w) > 1 and w.isascii() and w.isalnum()
                ):
                    del table[w]
            table.update(dict.fromkeys((c for c in _ASCII_INTERNAL if c.isalnum()), "eng"))
            self._no_hmm, self._no_hmm_for = table, tags
        return self._no_hmm

    def _no_hmm_tag(self, word: str) -> str:
        if len(word) == 1:
            # a lone character missing from the table: "x" whatever its context, so
            # remembered (until the tags change)
            self._no_hmm[word] = "x"
            return "x"
        if word.isascii() and word.isalnum() and self._merged_singles(word):
            return "eng"
        return self._merged.get(word, "x")

    def _merged_singles(self, word: str) -> bool:
        """Whether an all-Latin/digit span of the no-HMM cut is a run of single-character
        route words (which that cut merges) rather than one dictionary word."""
        return not self.segmenter.freq(word) or not self._route_keeps_whole(word)

    def _route_keeps_whole(self, word: str) -> bool:
        """jieba's route (``get_DAG`` + ``calc``) over ``word`` alone: one word or not."""
        seg = self.segmenter
        n = len(word)
        log_total = math.log(seg.total)
        route: list[tuple[float, int]] = [(0.0, 0)] * (n + 1)
        for i in range(n - 1, -1, -1):
            ends = [j for j in range(i + 1, n + 1) if seg.freq(word[i:j])] or [i + 1]
            route[i] = max(
                (math.log(seg.freq(word[i:j]) or 1) - log_total + route[j][0], j - 1) for j in ends
            )
        return route[0][1] == n - 1


def load_tagger(
    model: str | Path | None = None,
    dictionary: str | Path | None = None,
    user_dicts: Sequence[str | Path] = (),
    hmm: bool = True,
    engine: str | None = None,
) -> Tagger | PerceptronTagger:
    """The tagger ``nlptk pos`` runs: jieba's posseg algorithm over jieba's dictionary (or
    ``dictionary``) or over a segmentation model's; for a POS model (``"task": "pos"``,
    e.g. ``pos-zh-pd98``) the perceptron tagger, over its segmenter with ``user_dicts``.
    Only a POS model imports numpy.

    ``engine`` (one of ``POS_ENGINES``) is what the caller was told: without ``model``,
    ``perceptron`` means ``SHIPPED_POS``; with one, it must be the model's (read from its
    ``meta.json``), else an ``InputError``. So is ``hmm=False`` with a POS model (it has no
    HMM to switch off).
    """
    if engine is not None and engine not in POS_ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(POS_ENGINES)}")
    if model is None and engine == "perceptron":
        model = SHIPPED_POS
    if model is None:
        return Tagger(Segmenter(dictionary, user_dicts), hmm=hmm)
    kind = model_kind(model)
    if kind.task not in (POS_TASK, "segment") or kind.engine == "bert":
        raise InputError(
            f"model {str(model)!r} is a {kind.engine} {kind.task} model, not a POS or "
            "segmentation model"
        )
    own = "perceptron" if kind.task == POS_TASK else "jieba"
    if engine is not None and engine != own:
        raise InputError(f"model {str(model)!r} is a {own!r} model, not {engine!r}")
    if own == "jieba":
        return Tagger(Segmenter.load(kind.path, user_dicts), hmm=hmm)
    if not hmm:
        raise InputError(f"{model}: a perceptron POS model has no HMM; leave out --no-hmm")
    from nlptk.pos.perceptron import PerceptronTagger, segmenter_path

    segmenter = Segmenter.load(segmenter_path(kind.path, kind.meta), user_dicts)
    return PerceptronTagger.load(kind.path, segmenter)
