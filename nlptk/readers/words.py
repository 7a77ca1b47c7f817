"""readers: segmented Chinese corpora — People's Daily ``word/tag`` lines, whitespace-separated
gold words (SIGHAN), and raw text."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

from nlptk.errors import CorpusFormatError, InputError
from nlptk.io import STDIN, numbered_lines
from nlptk.readers.names import NAMES, join_names
from nlptk.readers.split import check_split, n_train

__all__ = [
    "read_pd",
    "read_words",
    "read_raw",
    "read_segmented",
    "split_lines",
    "SEG_FORMATS",
]

#: ``nlptk train segment --format`` choices.
SEG_FORMATS = ("pd", "words")


T = TypeVar("T")


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


def _split_start(path: str) -> int:
    """Line number of the first test line: the one after the training share of the
    non-empty lines (counted in a first pass, so the data itself still streams)."""
    nonempty = [line_no for line_no, line in numbered_lines(path) if line.strip()]
    k = n_train(len(nonempty))
    return nonempty[k] if nonempty else 1


def split_lines(path: str, records: Iterable[tuple[int, T]], split: str) -> Iterator[tuple[int, T]]:
    """The records of ``path`` (``(line_no, ...)`` pairs) that fall in ``split``.

    The project's fixed split: ``train`` is the first 90% of the non-empty lines, ``test``
    the last 10%, ``all`` everything.
    """
    check_split(split)
    if split == "all":
        yield from records
        return
    if path == STDIN:
        raise InputError(f"--split {split} needs a file to count lines in, not stdin")
    first_test = _split_start(path)
    for record in records:
        if (record[0] < first_test) == (split == "train"):
            yield record


def read_segmented(
    path: str, fmt: str, split: str = "all", names: str = "split"
) -> Iterator[tuple[int, list[str], list[str] | None]]:
    """``(line_no, words, tags or None)`` for a segmented corpus in ``fmt`` (``pd`` or
    ``words``), restricted to ``split``. Empty lines of a ``words`` file give no words.

    ``names="whole"`` joins People's Daily's surname + given name into one ``nr`` word
    (``nlptk.readers.names``); other formats already write a name as they mean it."""
    if names not in NAMES:
        raise InputError(f"unknown names reading {names!r}; choose one of {', '.join(NAMES)}")
    if fmt == "pd":
        pairs = split_lines(path, read_pd(path), split)
        for line_no, tagged in pairs:
            if names == "whole":
                tagged = join_names(tagged)
            yield line_no, [w for w, _ in tagged], [t for _, t in tagged]
    elif fmt == "words":
        for line_no, words in split_lines(path, read_words(path), split):
            yield line_no, words, None
    else:
        raise InputError(f"unknown corpus format {fmt!r}; choose one of {', '.join(SEG_FORMATS)}")
