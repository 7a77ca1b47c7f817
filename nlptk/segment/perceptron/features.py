"""segment: the perceptron segmenter's features — character windows and dictionary lengths.

Every character gets ``N_FEATURES`` hashed feature ids (``TEMPLATES`` in order), computed
from the width-normalised text and the dictionary words the full-mode cut finds in it:

- characters ``c-2 … c+2``, bigrams ``c-2c-1 … c+1c+2``, ``c-1c+1``, trigram ``c-1c0c+1``;
- character classes (``char_class``) of ``c-1 c0 c+1`` and of ``c-2 … c+2``;
- repetition: which of ``c-2 c-1 c+1 c+2`` equal ``c0`` (AA, ABA patterns);
- the longest dictionary word beginning at, ending at and covering ``c0`` (length buckets
  2 … 6+, 0 for none), the first two with ``c0``, all three together, the longest word
  ending at ``c-1`` and beginning at ``c+1``; a bias;
- trigrams ``c-2c-1c0`` and ``c0c1c2``, and the longest dictionary words beginning and
  ending at ``c0`` themselves (word-level features).

``seg_features`` runs the compiled templates (``nlptk.sequence._perceptron``) and
``seg_features_py`` is their Python reference; ``seg_decode`` is features + Viterbi.
``text_features`` is what a model reads: these, plus a second word list's
(``source_features``) and an annotation convention's copy (``with_convention``) where the
model was trained with them.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlptk.sequence.perceptron import Feats, Perceptron, decode_py, with_convention

try:
    from nlptk.sequence import _perceptron as _c
except ImportError:  # not compiled: the Python reference serves
    _c = None

__all__ = [
    "N_FEATURES",
    "TEMPLATES",
    "SOURCE_TEMPLATES",
    "char_class",
    "seg_features",
    "seg_features_py",
    "seg_decode",
    "source_features",
    "text_features",
]

TEMPLATES = (
    *(f"c[{d}]" for d in (-2, -1, 0, 1, 2)),
    *(f"c[{d}]c[{d + 1}]" for d in (-2, -1, 0, 1)),
    "c[-1]c[1]",
    "c[-1]c[0]c[1]",
    "class[-1:2]",
    "class[-2:3]",
    "repeat",
    "dict_begin",
    "dict_end",
    "dict_cover",
    "dict_begin c[0]",
    "dict_end c[0]",
    "dict_begin_end_cover",
    "dict_end[-1]",
    "dict_begin[1]",
    "bias",
    "c[-2]c[-1]c[0]",
    "c[0]c[1]c[2]",
    "dict_word_begin",
    "dict_word_end",
)
N_FEATURES = len(TEMPLATES)
#: The dictionary templates, again over a second word source (``--dict-features``: jieba's
#: dictionary beside the training vocabulary), under ids of their own.
SOURCE_TEMPLATES = tuple(t for t in TEMPLATES if "dict" in t)
_SOURCE_COLUMNS = np.array([TEMPLATES.index(t) for t in SOURCE_TEMPLATES])
#: Mixed into a source template's id so it never shares a row with its training twin.
_SOURCE_SALT = np.uint32(0x9E3779B9)

HAN, DIGIT, LATIN, PUNCT, OTHER, NUMERAL, PAD = range(7)
_NUMERALS = frozenset("〇一二三四五六七八九十百千万亿零两")
_PAD_LEFT, _PAD_RIGHT = 0x110001, 0x110002
_MAX_BUCKET = 6
_OFFSET, _PRIME, _M32 = 2166136261, 16777619, 0xFFFFFFFF

if _c is not None and _c.N_SEG_FEATURES != N_FEATURES:  # a stale build
    _c = None


def char_class(ch: str) -> int:
    """Class of one (width-normalised) character: ``HAN``, ``DIGIT``, ``LATIN``, ``PUNCT``,
    ``OTHER`` or ``NUMERAL`` (Chinese numerals, which start numbers and dates).

    >>> [char_class(c) for c in "中7a，一"]
    [0, 1, 2, 3, 5]
    """
    c = ord(ch)
    if 0x30 <= c <= 0x39:
        return DIGIT
    if 0x61 <= c <= 0x7A or 0x41 <= c <= 0x5A:
        return LATIN
    if c < 0x80:
        return PUNCT if 0x20 < c < 0x7F else OTHER
    if ch in _NUMERALS:
        return NUMERAL
    if 0x4E00 <= c <= 0x9FFF or 0x3400 <= c <= 0x4DBF or 0xF900 <= c <= 0xFAFF:
        return HAN
    if 0x20000 <= c <= 0x2FFFF:
        return HAN
    if 0x3000 <= c <= 0x303F or 0xFF00 <= c <= 0xFFEF or 0x2000 <= c <= 0x206F:
        return PUNCT
    if 0xFE30 <= c <= 0xFE4F:
        return PUNCT
    return LATIN if 0xC0 <= c <= 0x24F else OTHER


def _hash(template: int, *values: int) -> int:
    h = ((_OFFSET ^ template) * _PRIME) & _M32
    for v in values:
        h = ((h ^ v) * _PRIME) & _M32
    h ^= h >> 16
    h = (h * 0x85EBCA6B) & _M32
    h ^= h >> 13
    h = (h * 0xC2B2AE35) & _M32
    return h ^ (h >> 16)


def _dict_lengths(n: int, spans: Sequence[tuple[int, int]]) -> tuple[list[int], ...]:
    """Length buckets of the longest word beginning at, ending at and covering each
    character, and the exact lengths of the first two (for the word features)."""
    begin, end, cover, word_begin, word_end = [0] * n, [0] * n, [0] * n, [0] * n, [0] * n
    for s, e in spans:
        if s < 0 or e > n or e - s < 2:
            continue
        b = min(e - s, _MAX_BUCKET)
        begin[s] = max(begin[s], b)
        end[e - 1] = max(end[e - 1], b)
        word_begin[s] = max(word_begin[s], e - s)
        word_end[e - 1] = max(word_end[e - 1], e - s)
        for i in range(s + 1, e - 1):
            cover[i] = max(cover[i], b)
    return begin, end, cover, word_begin, word_end


def seg_features_py(text: str, spans: Sequence[tuple[int, int]]) -> Feats:
    """Reference of the compiled templates: the same ids, in Python."""
    n = len(text)
    c = [_PAD_LEFT] * 2 + [ord(ch) for ch in text] + [_PAD_RIGHT] * 2
    k = [PAD] * 2 + [char_class(ch) for ch in text] + [PAD] * 2
    begin, end, cover, word_begin, word_end = _dict_lengths(n, spans)
    out: list[int] = []
    for i in range(n):
        x = c[i : i + 5]  # x[2] is the character itself
        cl = k[i : i + 5]
        b, e, m = begin[i], end[i], cover[i]
        rep = (
            (x[2] == x[1])
            | (x[2] == x[3]) << 1
            | (x[1] == x[3]) << 2
            | (x[2] == x[0]) << 3
            | (x[2] == x[4]) << 4
        )
        values = [
            *([x[j]] for j in range(5)),
            *([x[j], x[j + 1]] for j in range(4)),
            [x[1], x[3]],
            [x[1], x[2], x[3]],
            [cl[1] * 64 + cl[2] * 8 + cl[3]],
            [(((cl[0] * 8 + cl[1]) * 8 + cl[2]) * 8 + cl[3]) * 8 + cl[4]],
            [rep],
            [b],
            [e],
            [m],
            [b, x[2]],
            [e, x[2]],
            [(b * 8 + e) * 8 + m],
            [end[i - 1] if i else 7],
            [begin[i + 1] if i + 1 < n else 7],
            [],
            [x[0], x[1], x[2]],
            [x[2], x[3], x[4]],
            c[i + 2 : i + 2 + word_begin[i]],
            c[i + 3 - word_end[i] : i + 3] if word_end[i] else [],
        ]
        out.extend(_hash(t, *v) for t, v in enumerate(values))
    return Feats(np.array(out, dtype=np.uint32), N_FEATURES)


def seg_features(text: str, spans: Sequence[tuple[int, int]]) -> Feats:
    """The ``N_FEATURES`` ids of every character of ``text`` (width-normalised), given the
    ``(start, end)`` spans of the dictionary words found in it."""
    if _c is None:
        return seg_features_py(text, spans)
    return Feats(np.frombuffer(_c.seg_features(text, spans), dtype=np.uint32), N_FEATURES)


def seg_decode(
    model: Perceptron,
    text: str,
    spans: Sequence[tuple[int, int]],
    mask: np.ndarray | None = None,
) -> bytes:
    """BMES label ids of ``text``: features and Viterbi (in one C call when compiled)."""
    if _c is None:
        return bytes(
            decode_py(
                model.weights_, model.trans_, model.allowed, seg_features_py(text, spans), mask
            )
        )
    return _c.seg_decode(text, list(spans), model.table, model.trans_, model.allowed, mask)


def source_features(
    text: str, spans: Sequence[tuple[int, int]], source: Sequence[tuple[int, int]]
) -> Feats:
    """``seg_features`` of ``text`` with the dictionary ``spans``, followed at every
    character by the ``SOURCE_TEMPLATES`` computed from the ``source`` dictionary's spans:
    the model learns how far to trust each word list on its own."""
    n = len(text)
    base = seg_features(text, spans).ids.reshape(n, N_FEATURES)
    extra = seg_features(text, source).ids.reshape(n, N_FEATURES)[:, _SOURCE_COLUMNS]
    extra = (extra ^ _SOURCE_SALT) * np.uint32(0x85EBCA6B)
    extra ^= extra >> np.uint32(15)
    ids = np.ascontiguousarray(np.concatenate([base, extra], axis=1), dtype=np.uint32)
    return Feats(ids.ravel(), N_FEATURES + len(SOURCE_TEMPLATES))


def text_features(
    text: str,
    spans: Sequence[tuple[int, int]],
    source: Sequence[tuple[int, int]] | None = None,
    convention: int | None = None,
) -> Feats:
    """The features a model reads on ``text``: ``seg_features`` over the dictionary
    ``spans``, with the ``source`` word list's (``source_features``) when the model has one,
    and the copy salted by annotation ``convention`` (``with_convention``: corpus ``k`` of a
    ``--conventions`` model) when one is asked for — one function for training and decoding,
    so the two never drift apart."""
    feats = seg_features(text, spans) if source is None else source_features(text, spans, source)
    return feats if convention is None else with_convention(feats, convention)
