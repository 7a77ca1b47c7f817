"""jieba.analyse: TF-IDF and TextRank keywords, as ``jieba.analyse`` 0.42.1 gives them (the
same words in the same order, the same weights).

>>> import nlptk.jieba.analyse as analyse
>>> analyse.extract_tags("我爱北京天安门", topK=1)
['天安门']
>>> analyse.textrank("北京大学的学生在北京学习", topK=2)
['学生', '学习']
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path
from typing import Any

from nlptk.jieba import dt as _jieba_dt
from nlptk.jieba import posseg as _posseg
from nlptk.jieba import strdecode
from nlptk.jieba.posseg import pair
from nlptk.keywords import STOP_WORDS, IDFTable, Keyword, TextRankExtractor, TfidfExtractor

__all__ = [
    "TFIDF",
    "TextRank",
    "default_tfidf",
    "default_textrank",
    "extract_tags",
    "tfidf",
    "textrank",
    "set_idf_path",
    "set_stop_words",
]

#: Where a (word, flag) node is cut in two: a character no word or tag holds.
_JOIN = "\x00"


class KeywordExtractor:
    """What both extractors share: their stop words (jieba's, plus ``set_stop_words``)."""

    STOP_WORDS = set(STOP_WORDS)

    def __init__(self) -> None:
        self.stop_words = set(self.STOP_WORDS)

    def set_stop_words(self, stop_words_path: str | Path) -> None:
        """Add the words of a UTF-8 file, one a line, to the stop words."""
        if not Path(stop_words_path).is_file():
            raise FileNotFoundError(
                f"jieba: file does not exist: {Path(stop_words_path).resolve()}"
            )
        content = Path(stop_words_path).read_bytes().decode("utf-8")
        self.stop_words.update(content.splitlines())


def _shaped(
    keywords: list[Keyword], top_k: int | None, with_weight: bool, as_pair: bool
) -> list[Any]:
    """jieba's return value: words, or ``(word, weight)``; ``pair``s for ``withFlag``."""
    if top_k:
        keywords = keywords[:top_k]
    if as_pair:
        items = [(pair(*k.word.split(_JOIN)), k.weight) for k in keywords]
    else:
        items = [(k.word, k.weight) for k in keywords]
    return items if with_weight else [word for word, _ in items]


class TFIDF(KeywordExtractor):
    """jieba's ``TFIDF``: a word's count over all counted words, times its IDF (jieba's
    ``idf.txt`` by default, read from nlptk's cache). ``tokenizer`` cuts the text,
    ``postokenizer`` tags it when ``allowPOS`` is given."""

    def __init__(self, idf_path: str | Path | None = None) -> None:
        super().__init__()
        self.tokenizer = _jieba_dt
        self.postokenizer = _posseg.dt
        self._idf_path = idf_path
        self._idf: IDFTable | None = None

    @property
    def idf(self) -> IDFTable:
        """The IDF table, read on first use."""
        if self._idf is None:
            self._idf = IDFTable.load(self._idf_path)
        return self._idf

    @property
    def idf_freq(self) -> dict[str, float]:
        return self.idf.idf

    @property
    def median_idf(self) -> float:
        return self.idf.median

    def set_idf_path(self, idf_path: str | Path) -> None:
        """Use another IDF file (``word idf`` lines)."""
        if not Path(idf_path).is_file():
            raise FileNotFoundError(f"jieba: file does not exist: {Path(idf_path).resolve()}")
        self._idf_path, self._idf = idf_path, None

    def extract_tags(
        self,
        sentence: str | bytes,
        topK: int | None = 20,  # noqa: N803 - jieba's keywords
        withWeight: bool = False,  # noqa: N803
        allowPOS: Collection[str] = (),  # noqa: N803
        withFlag: bool = False,  # noqa: N803
    ) -> list[Any]:
        """The best ``topK`` keywords (all with ``None`` or 0), best first: words, or
        ``(word, weight)`` with ``withWeight``; ``allowPOS`` keeps only words with those
        tags, and with ``withFlag`` a word with two tags counts as two (``pair``s back)."""
        text = strdecode(sentence)
        table = self.idf
        stop = frozenset(self.stop_words)
        if allowPOS and withFlag:
            allow = frozenset(allowPOS)
            counts: dict[str, float] = {}
            for word, flag in self.postokenizer.tagger.pairs(text):
                if flag in allow and len(word.strip()) >= 2 and word.lower() not in stop:
                    key = f"{word}{_JOIN}{flag}"
                    counts[key] = counts.get(key, 0.0) + 1.0
            total = sum(counts.values())
            weights = [
                Keyword(k, c * (table.get(k.split(_JOIN)[0], table.median) / total))
                for k, c in counts.items()
            ]
            ranked = sorted(weights, key=lambda k: k.weight, reverse=True)
            return _shaped(ranked, topK, withWeight, True)
        extractor = TfidfExtractor(
            self.tokenizer.segmenter, table, stop, tagger=self.postokenizer.tagger
        )
        return _shaped(extractor.extract(text, 0, tuple(allowPOS)), topK, withWeight, False)


class TextRank(KeywordExtractor):
    """jieba's ``TextRank``: PageRank over the co-occurrence graph of the tagged words that
    pass the filter, within a window of ``span`` words; ``tokenizer`` tags the text."""

    def __init__(self) -> None:
        super().__init__()
        self.tokenizer = self.postokenizer = _posseg.dt
        self.pos_filt = frozenset(("ns", "n", "vn", "v"))
        self.span = 5

    def textrank(
        self,
        sentence: str | bytes,
        topK: int | None = 20,  # noqa: N803 - jieba's keywords
        withWeight: bool = False,  # noqa: N803
        allowPOS: Collection[str] = ("ns", "n", "vn", "v"),  # noqa: N803
        withFlag: bool = False,  # noqa: N803
    ) -> list[Any]:
        """The best ``topK`` keywords (all with ``None`` or 0), best first, among the words
        tagged with one of ``allowPOS``: words, or ``(word, weight)`` with ``withWeight``.

        With ``withFlag`` the graph's nodes are (word, tag) pairs; when one word comes
        with two tags, jieba updates its two nodes in the order first seen and this in the
        order of the tags, so their weights may differ in the last digits.
        """
        self.pos_filt = frozenset(allowPOS)
        pairs = self.tokenizer.tagger.pairs(strdecode(sentence))
        extractor = TextRankExtractor(
            self.tokenizer.tagger, frozenset(self.stop_words), span=self.span
        )
        if allowPOS and withFlag:
            # each (word, flag) a node of its own: the word carries its flag, and what the
            # filter drops loses its tag (its position still counts in the window)
            stop = extractor.stop_words
            pairs = [
                (f"{w}{_JOIN}{t}", t)
                if t in self.pos_filt and len(w.strip()) >= 2 and w.lower() not in stop
                else (w, "")
                for w, t in pairs
            ]
            ranked = extractor.rank(pairs, top_k=0, pos=self.pos_filt)
            return _shaped(ranked, topK, withWeight, True)
        return _shaped(extractor.rank(pairs, top_k=0, pos=self.pos_filt), topK, withWeight, False)

    extract_tags = textrank


default_tfidf = TFIDF()
default_textrank = TextRank()

extract_tags = tfidf = default_tfidf.extract_tags
set_idf_path = default_tfidf.set_idf_path
textrank = default_textrank.extract_tags


def set_stop_words(stop_words_path: str | Path) -> None:
    """Add a file's stop words to both default extractors."""
    default_tfidf.set_stop_words(stop_words_path)
    default_textrank.set_stop_words(stop_words_path)
