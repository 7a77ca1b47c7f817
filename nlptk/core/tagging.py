"""core: the tag schemes, declared once — BMES for segmentation, BIOES (and BIO) for entities.

Trainers, decoders and artifact writers all import the orders from here, so a state index
means the same thing everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "BMES",
    "PREV_BMES",
    "Span",
    "words_to_bmes",
    "bmes_to_spans",
]

#: Segmentation states, in the order every HMM array uses.
BMES: tuple[str, ...] = ("B", "M", "E", "S")

#: For each BMES state, the states allowed right before it (the structural zeros of the HMM).
PREV_BMES: dict[str, str] = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}

Span = tuple[int, int]


def words_to_bmes(words: Iterable[str]) -> list[str]:
    """One BMES tag per character of the concatenated words.

    >>> words_to_bmes(["我", "来到", "北京大学"])
    ['S', 'B', 'E', 'B', 'M', 'M', 'E']
    """
    tags: list[str] = []
    for word in words:
        n = len(word)
        if n == 1:
            tags.append("S")
        elif n > 1:
            tags.extend(["B", *("M" * (n - 2)), "E"])
    return tags


def bmes_to_spans(tags: Sequence[str]) -> list[Span]:
    """Word spans (start, end-exclusive) from BMES tags, tolerant of ill-formed sequences.

    A word ends at E or S; a B or S starts a new word even when the previous one was left
    open, so every character lands in exactly one span.

    >>> bmes_to_spans(["S", "B", "E", "B", "M", "M", "E"])
    [(0, 1), (1, 3), (3, 7)]
    """
    spans: list[Span] = []
    start = 0
    for i, tag in enumerate(tags):
        if tag in ("B", "S") and i > start:
            spans.append((start, i))
            start = i
        if tag in ("E", "S"):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(tags):
        spans.append((start, len(tags)))
    return spans
