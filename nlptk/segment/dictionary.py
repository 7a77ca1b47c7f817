"""segment: the prefix dictionary — word frequencies plus every word prefix, as jieba builds it."""

from __future__ import annotations

import math
import warnings
from collections.abc import Iterable, Iterator
from typing import TypeVar

from nlptk.errors import DictFormatError

__all__ = [
    "MAX_WORD",
    "MAX_FREQ",
    "DictEntry",
    "PrefixDict",
    "parse_dict_line",
    "iter_dict_entries",
    "held_entries",
]

DictEntry = tuple[str, "int | None", "str | None"]
E = TypeVar("E", bound=tuple)

#: The longest word a dictionary holds (the compiled kernel's ``MAX_WORD`` too). jieba has no
#: limit, so a word that is a long run of one character made every cut of such a run
#: quadratic (each position scanned the whole run) and its prefixes filled gigabytes; with
#: the limit the DAG scan from a character stops within 64, whatever the dictionary. No
#: real word comes near: jieba's longest is 16 characters, SIGHAN's and Weibo's training
#: words at most 57 (URLs and glued English).
MAX_WORD = 64

#: The largest frequency a dictionary line (or ``add_word``) may give, and the largest sum
#: of a main dictionary's: the compiled kernel keeps the total in a signed 64-bit integer,
#: and this leaves room for user words on top.
MAX_FREQ = 2**62 - 1


def parse_dict_line(line: str) -> DictEntry | None:
    """Parse ``word [freq] [tag]``; ``None`` for a blank line.

    Raises ``ValueError`` with the reason when the line is malformed. Fields are separated by
    any whitespace (jieba needs single spaces); a word can therefore not contain a space — it
    could never be matched anyway, since the segmenter splits text at whitespace.
    """
    fields = line.split()
    if not fields:
        return None
    if len(fields) > 3:
        raise ValueError("expected 'word [freq] [tag]', got more than three fields")
    word, rest = fields[0], fields[1:]
    freq: int | None = None
    tag: str | None = None
    if len(rest) == 2:
        if not rest[0].isdigit():
            raise ValueError("frequency must be a non-negative integer")
        freq, tag = int(rest[0]), rest[1]
    elif rest:
        if rest[0].isdigit():
            freq = int(rest[0])
        else:
            tag = rest[0]
    if freq is not None and freq > MAX_FREQ:
        raise ValueError(f"frequency above the largest supported, 2**62 - 1 ({MAX_FREQ})")
    if tag is not None and not (tag.isascii() and tag.isalpha()):
        raise ValueError("tag must be ASCII letters")
    return word, freq, tag


def iter_dict_entries(lines: Iterable[str], source: str) -> Iterator[DictEntry]:
    """Entries of a dictionary text, skipping blank lines; errors name ``source`` and the line."""
    for line_no, line in enumerate(lines, 1):
        if line_no == 1:
            line = line.lstrip("\ufeff")
        try:
            entry = parse_dict_line(line)
        except ValueError as exc:
            raise DictFormatError(source, line_no, line.rstrip("\r\n"), str(exc)) from None
        if entry is not None:
            yield entry


def held_entries(entries: Iterable[E], source: str) -> Iterator[E]:
    """The entries (a word first) whose word is at most ``MAX_WORD`` characters; the others
    are left out, with one warning for ``source`` once all are read."""
    longer = 0
    for entry in entries:
        if len(entry[0]) > MAX_WORD:
            longer += 1
        else:
            yield entry
    if longer:
        warnings.warn(
            f"{source}: {longer} word(s) longer than {MAX_WORD} characters ignored "
            "(the longest word a dictionary holds)",
            stacklevel=2,
        )


class PrefixDict:
    """Word → frequency, where every prefix of a word is present (frequency 0 if not a word).

    The same structure and the same update rules as jieba's ``FREQ``/``total``, so that
    routes, ties and user-dictionary edits give the same answers.
    """

    __slots__ = ("freq", "total")

    def __init__(self) -> None:
        self.freq: dict[str, int] = {}
        self.total = 0

    @classmethod
    def from_words(cls, words: Iterable[tuple[str, int]]) -> PrefixDict:
        """Build from ``(word, freq)`` pairs; a repeated word keeps its last frequency but
        every occurrence counts towards the total, as in jieba."""
        pdict = cls()
        for word, freq in words:
            pdict.add(word, freq)
        return pdict

    def add(self, word: str, freq: int) -> None:
        """Set a word's frequency (0 deletes it) and register its prefixes; a word longer
        than ``MAX_WORD`` is not held (the compiled kernel's ``add`` agrees), which bounds the
        DAG's scan from any character."""
        if len(word) > MAX_WORD:
            return
        freqs = self.freq
        freqs[word] = freq
        self.total += freq
        for end in range(1, len(word)):
            freqs.setdefault(word[:end], 0)

    def get(self, word: str) -> int | None:
        """Frequency of ``word``: 0 for a bare prefix, ``None`` when absent."""
        return self.freq.get(word)

    def log_total(self) -> float:
        """``log(total)``, the normaliser of every route score."""
        return math.log(self.total)

    def words(self) -> Iterator[tuple[str, int]]:
        """The entries with a positive frequency."""
        return ((w, f) for w, f in self.freq.items() if f)
