"""ner: context feature groups of the Chinese perceptron beyond the segmenter's ±2 window.

A Chinese NER model may add these groups (``meta.json`` ``"features"``) to the compiled
window, dictionary and lexicon templates of ``nlptk.ner.perceptron``:

- ``window``: characters at ±3 and the n-grams reaching them (``c-3``, ``c+3``,
  ``c-3c-2``, ``c+2c+3``, ``c-3c-2c-1``, ``c+1c+2c+3``): the verbs and titles that announce
  a name (``会见``, ``总统``) often stand three characters away from its first character;
- ``words``: the word our perceptron segmenter puts each character in — its position and
  length, the character with its position, the word itself, and the words before and after
  it — so an entity boundary can follow a word boundary the segmenter is sure of;
- ``pos``: the tag our perceptron POS tagger gives each of those words — the tag of a
  character's word with the character's position in it, the tags of the one and two words
  before and after with that position, the three tags together, the character with its
  position and tag — so a name can follow ``nr``/``ns``
  where the tagger knows the word (a name's word class generalises over names it has not
  seen as entities).

Each group is a fixed number of ids per character (``WINDOW_COLUMNS``, ``WORD_COLUMNS``,
``POS_COLUMNS``)
appended to the row of the compiled features. Window ids are hashed from code points in
numpy (no string per character); word and tag ids are CRC-32s of strings (``feature_id``), one
sentence's worth at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np

from nlptk.sequence.perceptron import feature_id

__all__ = [
    "WINDOW_TEMPLATES",
    "WINDOW_COLUMNS",
    "WORD_COLUMNS",
    "POS_COLUMNS",
    "window_ids",
    "word_ids",
    "pos_ids",
]

#: Offsets joined by each window template.
WINDOW_TEMPLATES: tuple[tuple[int, ...], ...] = (
    (-3,),
    (3,),
    (-3, -2),
    (2, 3),
    (-3, -2, -1),
    (1, 2, 3),
)
WINDOW_COLUMNS = len(WINDOW_TEMPLATES)
WORD_COLUMNS = 5
POS_COLUMNS = 7

_PAD = 0x110000  # beyond every code point: the sentence's edge
_PRIME = np.uint64(16777619)
_M32 = np.uint64(0xFFFFFFFF)
_SEEDS = np.array([feature_id(f"win{t}") for t in WINDOW_TEMPLATES], dtype=np.uint64)


def window_ids(text: str) -> np.ndarray:
    """``(len(text), WINDOW_COLUMNS)`` uint32 ids of the window templates: FNV-style mixes of
    the template's seed and the code points at its offsets (``_PAD`` past either edge)."""
    n = len(text)
    cps = np.full(n + 6, _PAD, dtype=np.uint64)
    cps[3 : n + 3] = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")
    out = np.empty((n, WINDOW_COLUMNS), dtype=np.uint32)
    for k, offsets in enumerate(WINDOW_TEMPLATES):
        h = np.full(n, _SEEDS[k], dtype=np.uint64)
        for d in offsets:
            h = ((h ^ cps[3 + d : 3 + d + n]) * _PRIME) & _M32
        h ^= h >> np.uint64(15)
        out[:, k] = ((h * np.uint64(0x2C1B3C6D)) & _M32).astype(np.uint32)
    return out


def word_ids(words: Sequence[str]) -> np.ndarray:
    """``(characters, WORD_COLUMNS)`` uint32 ids from a segmentation of the sentence: each
    character's position in its word (``B``/``M``/``E``/``S``) with the word's length
    (1 … 5+), the position with the character, the position with the word, and the
    position with the word before and with the word after."""
    rows: list[tuple[int, ...]] = []
    n = len(words)
    for j, word in enumerate(words):
        before = words[j - 1] if j else "<s>"
        after = words[j + 1] if j + 1 < n else "</s>"
        for pos, own in zip(_positions(len(word)), _own_ids(word), strict=True):
            rows.append((*own, _id(f"sw-1={pos}{before}"), _id(f"sw+1={pos}{after}")))
    return np.array(rows, dtype=np.uint32).reshape(-1, WORD_COLUMNS)


def pos_ids(words: Sequence[str], tags: Sequence[str]) -> np.ndarray:
    """``(characters, POS_COLUMNS)`` uint32 ids from the sentence's words and their tags:
    each character's position in its word with the word's tag, with the tag of the word
    before and of the word after, the three tags together, the position with the two tags
    before and with the two after, and the position with the character and the tag."""
    rows: list[tuple[int, ...]] = []
    n = len(words)
    for j, word in enumerate(words):
        tag = tags[j]
        before = tags[j - 1] if j else "<s>"
        after = tags[j + 1] if j + 1 < n else "</s>"
        before2 = tags[j - 2] if j > 1 else "<s>"
        after2 = tags[j + 2] if j + 2 < n else "</s>"
        three = _id(f"st3={before}|{tag}|{after}")
        for pos, ch in zip(_positions(len(word)), word, strict=True):
            rows.append(
                (
                    _id(f"st={pos}{tag}"),
                    _id(f"st-1={pos}{before}"),
                    _id(f"st+1={pos}{after}"),
                    three,
                    _id(f"st-2={pos}{before2}|{before}"),
                    _id(f"st+2={pos}{after}|{after2}"),
                    feature_id(f"stc={pos}{ch}{tag}"),
                )
            )
    return np.array(rows, dtype=np.uint32).reshape(-1, POS_COLUMNS)


def _positions(size: int) -> str:
    """``BM…E`` (``S`` for one character, nothing for none)."""
    return "S" if size == 1 else "B" + "M" * (size - 2) + "E" if size else ""


@functools.lru_cache(maxsize=1 << 16)
def _own_ids(word: str) -> tuple[tuple[int, int, int], ...]:
    """Per character of ``word``: the ids of its position with the length, with the
    character and with the word (cached: a text repeats its words)."""
    bucket = min(len(word), 5)
    return tuple(
        (_id(f"sw={pos}{bucket}"), feature_id(f"swc={pos}{ch}"), feature_id(f"sww={pos}{word}"))
        for pos, ch in zip(_positions(len(word)), word, strict=True)
    )


_id = functools.lru_cache(maxsize=1 << 16)(feature_id)
