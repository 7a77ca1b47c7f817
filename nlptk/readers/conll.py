"""readers: column files for sequence labelling — one token (or character) per line with its
tag in the last column, a blank line between sentences (CoNLL-2003, MSRA, Weibo)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from nlptk.errors import CorpusFormatError
from nlptk.io import numbered_lines

__all__ = ["TaggedSentence", "read_conll"]


@dataclass(frozen=True, slots=True)
class TaggedSentence:
    """Tokens and their tags (as written in the file), the line the sentence starts on and
    its document: the number of ``-DOCSTART-`` lines before it, ``None`` when there is none
    (each sentence then stands alone)."""

    tokens: list[str]
    tags: list[str]
    line_no: int
    doc: int | None = None


def _split(line: str) -> list[str]:
    """Columns are tab-separated when the line has a tab (so a token may be a space),
    otherwise whitespace-separated."""
    return line.split("\t") if "\t" in line else line.split()


def read_conll(path: str) -> Iterator[TaggedSentence]:
    """Sentences of a column file: first column the token, last column the tag.

    ``-DOCSTART-`` lines are skipped, and counted: the sentence's ``doc``. Raises
    ``CorpusFormatError`` naming the line when a line has a single column.
    """
    tokens: list[str] = []
    tags: list[str] = []
    start = 0
    doc: int | None = None
    for line_no, line in numbered_lines(path):
        if not line.strip():
            if tokens:
                yield TaggedSentence(tokens, tags, start, doc)
                tokens, tags = [], []
            continue
        if line.startswith("-DOCSTART-"):
            if tokens:  # no blank line before it: the sentence ends with its document
                yield TaggedSentence(tokens, tags, start, doc)
                tokens, tags = [], []
            doc = 0 if doc is None else doc + 1
            continue
        cols = _split(line)
        if len(cols) < 2 or not cols[0] or not cols[-1].strip():
            raise CorpusFormatError(path, line_no, line, "expected 'token<TAB>tag' columns")
        if not tokens:
            start = line_no
        tokens.append(cols[0])
        tags.append(cols[-1].strip())
    if tokens:
        yield TaggedSentence(tokens, tags, start, doc)
