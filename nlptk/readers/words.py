"""readers: segmented Chinese corpora — People's Daily ``word/tag`` lines, whitespace-separated
gold words (SIGHAN), and raw text."""

from __future__ import annotations

from collections.abc import Iterator

from nlptk.errors import CorpusFormatError
from nlptk.io import numbered_lines

__all__ = ["read_pd", "read_words", "read_raw", "SEG_FORMATS"]

#: ``nlptk train segment --format`` choices.
SEG_FORMATS = ("pd", "words")


def parse_pd_line(line: str) -> list[tuple[str, str]]:
    """``迈向/v  充满/v`` → ``[("迈向", "v"), ("充满", "v")]``; raises ``ValueError``.

    The word is everything before the last ``/`` (a word may itself contain ``/``).
    """
    pairs = []
    for token in line.split():
        word, sep, tag = token.rpartition("/")
        if not sep or not word or not tag:
            raise ValueError(f"expected word/TAG tokens, got {token!r}")
        pairs.append((word, tag))
    return pairs


def read_pd(path: str) -> Iterator[tuple[int, list[tuple[str, str]]]]:
    """``(line_no, [(word, tag), ...])`` for each non-empty line of a People's Daily file."""
    for line_no, line in numbered_lines(path):
        if not line.strip():
            continue
        try:
            yield line_no, parse_pd_line(line)
        except ValueError as exc:
            raise CorpusFormatError(path, line_no, line, str(exc)) from None


def read_words(path: str) -> Iterator[tuple[int, list[str]]]:
    """``(line_no, words)`` for each line of whitespace-segmented gold text; empty lines give
    an empty list, so line numbers stay aligned with the raw text."""
    for line_no, line in numbered_lines(path):
        yield line_no, line.split()


def read_raw(path: str) -> Iterator[tuple[int, str]]:
    """``(line_no, text)`` for each non-empty line of raw text (whitespace-stripped)."""
    for line_no, line in numbered_lines(path):
        if line.strip():
            yield line_no, line.strip()
