"""keywords: TF-IDF and TextRank keyword extraction, as ``jieba.analyse`` computes them.

The same words in the same order, ties included (stable sorts over first occurrence), and
the same weights: the arithmetic runs in jieba's order.
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from functools import partial
from operator import itemgetter
from pathlib import Path

from nlptk.errors import InputError
from nlptk.io import numbered_lines
from nlptk.keywords.idf import IDFTable
from nlptk.pos import Tagger
from nlptk.segment import Segmenter

try:
    from nlptk.keywords._c import _keywords as _ckeywords
except ImportError:  # not compiled: the Python reference ranks
    _ckeywords = None

__all__ = [
    "Keyword",
    "METHODS",
    "STOP_WORDS",
    "TEXTRANK_POS",
    "TfidfExtractor",
    "TextRankExtractor",
    "read_stop_words",
    "build_extractor",
    "textrank_top",
    "tfidf_top",
]

METHODS = ("tfidf", "textrank")

#: jieba's built-in stop words (``KeywordExtractor.STOP_WORDS``).
STOP_WORDS = frozenset(
    (
        "the",
        "of",
        "is",
        "and",
        "to",
        "in",
        "that",
        "we",
        "for",
        "an",
        "are",
        "by",
        "be",
        "as",
        "on",
        "with",
        "can",
        "if",
        "from",
        "which",
        "you",
        "it",
        "this",
        "then",
        "at",
        "have",
        "all",
        "not",
        "one",
        "has",
        "or",
    )
)
#: TextRank's default part-of-speech filter.
TEXTRANK_POS = ("ns", "n", "vn", "v")


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword and its weight (TF-IDF, or TextRank's rank scaled to at most 1)."""

    word: str
    weight: float


def read_stop_words(lines: Iterable[str]) -> frozenset[str]:
    """``STOP_WORDS`` plus one word per line (jieba's ``set_stop_words`` adds them)."""
    return STOP_WORDS | {line.rstrip("\r\n") for line in lines}


def _top(ranked: Iterable[tuple[str, float]], top_k: int) -> list[Keyword]:
    # sorted() is stable: equal weights keep first-occurrence order, as in jieba
    tags = sorted(ranked, key=itemgetter(1), reverse=True)
    return [Keyword(w, x) for w, x in (tags[:top_k] if top_k else tags)]


def tfidf_top(
    words: list[str], stop: frozenset[str], idf: dict[str, float], median: float, top_k: int
) -> list[Keyword]:
    """The Python reference of ``_keywords.tfidf``: keywords best first, the ``top_k``
    first (all with 0)."""
    # Counted once per distinct word (Counter keeps first-occurrence order, which
    # filtering preserves): the same counts, in the same order, as jieba's loop.
    freq = {
        w: float(c)
        for w, c in Counter(words).items()
        if len(w.strip()) >= 2 and w.lower() not in stop
    }
    total = sum(freq.values())
    return _top(((w, c * (idf.get(w, median) / total)) for w, c in freq.items()), top_k)


def textrank_top(
    pairs: list[tuple[str, str]],
    allow: frozenset[str],
    stop: frozenset[str],
    span: int,
    damping: float,
    n_iter: int,
    top_k: int,
) -> list[Keyword]:
    """The Python reference of ``_keywords.textrank``: PageRank over the co-occurrence
    graph of the ``(word, tag)`` pairs that pass the filter, keywords best first."""
    # positions of the words that pass the filter; a word links to each later one
    # fewer than ``span`` positions on
    kept = [
        i
        for i, (w, t) in enumerate(pairs)
        if t in allow and len(w.strip()) >= 2 and w.lower() not in stop
    ]
    co: dict[tuple[str, str], int] = {}
    n_kept = len(kept)
    for a, i in enumerate(kept):
        word = pairs[i][0]
        b = a + 1
        while b < n_kept and kept[b] < i + span:
            key = (word, pairs[kept[b]][0])
            co[key] = co.get(key, 0) + 1
            b += 1
    return _top(_rank(co, damping, n_iter).items(), top_k)


def _rank(co: dict[tuple[str, str], int], d: float, n_iter: int) -> dict[str, float]:
    graph: dict[str, list[tuple[str, int]]] = {}
    for (a, b), weight in co.items():
        graph.setdefault(a, []).append((b, weight))
        graph.setdefault(b, []).append((a, weight))
    if not graph:
        return {}
    # Nodes by index, each edge as (neighbour, weight / neighbour's out-sum): the
    # products and sums below are jieba's, term by term, so the weights are too.
    nodes = list(graph)
    index = {node: i for i, node in enumerate(nodes)}
    out_sum = [sum((w for _, w in graph[node]), 0.0) for node in nodes]
    links = [[(index[o], w / out_sum[index[o]]) for o, w in graph[node]] for node in nodes]
    ws = [1.0 / len(nodes)] * len(nodes)
    order = sorted(range(len(nodes)), key=nodes.__getitem__)
    for _ in range(n_iter):
        for i in order:
            s = 0
            for j, c in links[i]:
                s += c * ws[j]
            ws[i] = (1 - d) + d * s
    # jieba starts from the largest float and from sys.float_info[3] (min_exp)
    lo, hi = sys.float_info.max, float(sys.float_info.min_exp)
    for w in ws:
        lo = min(lo, w)
        hi = max(hi, w)
    return {node: (w - lo / 10.0) / (hi - lo / 10.0) for node, w in zip(nodes, ws, strict=True)}


Ranker = Callable[..., list[Keyword]]


def _kernels(kernel: str) -> tuple[Ranker, Ranker]:
    """TF-IDF and TextRank ranking: in C unless the segmenter runs the Python reference."""
    if _ckeywords is None or kernel == "python":
        return tfidf_top, textrank_top
    # the C kernels build the Keyword objects themselves
    return partial(_ckeywords.tfidf, Keyword), partial(_ckeywords.textrank, Keyword)


class TfidfExtractor:
    """TF-IDF keywords: a word's count over all counted words, times its IDF.

    Parameters
    ----------
    segmenter : Segmenter, optional
        Cuts the text (accurate mode, HMM on); jieba's dictionary by default.
    idf : IDFTable, optional
        jieba's ``idf.txt`` by default.
    stop_words : collection of str
        Words never counted (compared in lower case); jieba's by default.
    tagger : Tagger, optional
        Used only with ``pos=``; built over ``segmenter`` when needed.

    >>> [k.word for k in TfidfExtractor().extract("我爱北京天安门", top_k=1)]
    ['天安门']
    """

    def __init__(
        self,
        segmenter: Segmenter | None = None,
        idf: IDFTable | None = None,
        stop_words: Collection[str] = STOP_WORDS,
        tagger: Tagger | None = None,
    ) -> None:
        self.segmenter = segmenter if segmenter is not None else Segmenter()
        self.idf = idf if idf is not None else IDFTable.load()
        self.stop_words = frozenset(stop_words)
        self._tagger = tagger
        self._tfidf = _kernels(self.segmenter.kernel)[0]

    def extract(
        self, text: str, top_k: int | None = 20, pos: Collection[str] | None = ()
    ) -> list[Keyword]:
        """The ``top_k`` best keywords of ``text`` (all with ``None`` or 0), best first;
        ``pos`` keeps only words with those tags (``jieba.analyse.extract_tags(allowPOS=)``;
        empty or ``None``: every word).
        """
        if pos:
            if self._tagger is None:
                self._tagger = Tagger(self.segmenter)
            allow = frozenset(pos)
            words = [w for w, t in self._tagger.pairs(text) if t in allow]
        else:
            words = self.segmenter.cut(text)
        return self.rank(words, top_k)

    def rank(self, words: list[str], top_k: int | None = 20) -> list[Keyword]:
        """The keywords of a text already cut into ``words`` (``nlptk analyze`` gives its
        pipeline's words, so keywords are words of its output)."""
        idf = self.idf.lookup(words)
        return self._tfidf(words, self.stop_words, idf, self.idf.median, top_k or 0)


class TextRankExtractor:
    """TextRank keywords: PageRank over the co-occurrence graph of the tagged words that
    pass the filter, within a window of ``span`` words (jieba's ``TextRank``).

    Parameters
    ----------
    tagger : Tagger, optional
        Tags the text (HMM on); jieba's dictionary by default.
    stop_words : collection of str
        Words left out of the graph (compared in lower case); jieba's by default.
    span : int
        Window width: a word links to the next ``span - 1`` words.
    """

    #: Damping factor and iteration count of jieba's ``UndirectWeightedGraph``.
    damping = 0.85
    n_iter = 10

    def __init__(
        self, tagger: Tagger | None = None, stop_words: Collection[str] = STOP_WORDS, span: int = 5
    ) -> None:
        self.tagger = tagger if tagger is not None else Tagger()
        self.stop_words = frozenset(stop_words)
        self.span = span
        self._textrank = _kernels(self.tagger.segmenter.kernel)[1]

    def extract(
        self, text: str, top_k: int | None = 20, pos: Collection[str] | None = TEXTRANK_POS
    ) -> list[Keyword]:
        """The ``top_k`` best keywords of ``text`` (all with ``None`` or 0), best first;
        only words tagged with one of ``pos`` (``None``: ``TEXTRANK_POS``) are ranked."""
        return self.rank(self.tagger.pairs(text), top_k, pos)

    def rank(
        self,
        pairs: list[tuple[str, str]],
        top_k: int | None = 20,
        pos: Collection[str] | None = TEXTRANK_POS,
    ) -> list[Keyword]:
        """The keywords of a text already tagged as ``(word, tag)`` ``pairs``."""
        return self._textrank(
            pairs,
            frozenset(TEXTRANK_POS if pos is None else pos),
            self.stop_words,
            self.span,
            self.damping,
            self.n_iter,
            top_k or 0,
        )


def build_extractor(
    method: str = "tfidf",
    segmenter: Segmenter | None = None,
    idf: str | Path | None = None,
    stop_words: str | Path | None = None,
) -> TfidfExtractor | TextRankExtractor:
    """The extractor of ``nlptk keywords --engine``, its files read here, so the command
    and the Spark column build the same one.

    Parameters
    ----------
    method : str
        ``tfidf`` or ``textrank`` (one of ``METHODS``).
    segmenter : Segmenter, optional
        Cuts (TF-IDF) or, through a ``Tagger``, tags (TextRank) the text; jieba's
        dictionary by default.
    idf : str or Path, optional
        An IDF file (``word idf`` lines) for TF-IDF; jieba's ``idf.txt`` by default.
    stop_words : str or Path, optional
        A file of extra stop words, one per line, added to ``STOP_WORDS``.

    Raises
    ------
    InputError
        For an unknown method, an IDF file with ``textrank``, or a missing file.

    >>> [k.word for k in build_extractor("textrank").extract("北京大学的学生在北京学习", 2)]
    ['学生', '学习']
    """
    if method not in METHODS:
        raise InputError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")
    if method == "textrank" and idf is not None:
        raise InputError("an IDF file is used by method tfidf only, not textrank")
    seg = segmenter if segmenter is not None else Segmenter()
    extra = {}
    if stop_words is not None:
        lines = (line for _, line in numbered_lines(str(stop_words)))
        extra["stop_words"] = read_stop_words(lines)
    if method == "tfidf":
        return TfidfExtractor(seg, IDFTable.load(idf), **extra)
    return TextRankExtractor(Tagger(seg), **extra)
