"""keywords: the output of ``nlptk keywords`` — one line per document (an input line, or the
whole input with ``--whole``), in text or jsonl."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlptk.errors import NlptkError
from nlptk.io import jsonl
from nlptk.keywords.extract import Keyword, TextRankExtractor, TfidfExtractor

__all__ = ["KEYWORD_FORMATS", "format_keywords", "keywords_stream"]

KEYWORD_FORMATS = ("text", "jsonl")


def format_keywords(text: str, keywords: list[Keyword], fmt: str, delimiter: str) -> str:
    """One output line: ``text`` is ``word:weight`` items (weight to 6 decimals) joined by
    ``delimiter``, best first, empty when the document has none; ``jsonl`` is
    ``{"text", "keywords": [{"word", "weight"}]}`` with full-precision weights."""
    if fmt == "text":
        return delimiter.join(f"{k.word}:{k.weight:.6f}" for k in keywords)
    return jsonl(
        {"text": text, "keywords": [{"word": k.word, "weight": k.weight} for k in keywords]}
    )


def keywords_stream(
    extractor: TfidfExtractor | TextRankExtractor,
    documents: Iterable[str],
    top_k: int | None = 20,
    pos: tuple[str, ...] | None = None,
    fmt: str = "text",
    delimiter: str = " ",
) -> Iterator[str]:
    """``\\n``-terminated output lines, one per document; ``pos=None`` is the method's
    default filter (none for TF-IDF, ``ns,n,vn,v`` for TextRank)."""
    if fmt not in KEYWORD_FORMATS:
        raise NlptkError(f"unknown format {fmt!r}; choose one of {', '.join(KEYWORD_FORMATS)}")
    for doc in documents:
        yield format_keywords(doc, extractor.extract(doc, top_k, pos), fmt, delimiter) + "\n"
