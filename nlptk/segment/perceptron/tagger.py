"""segment: the perceptron segmenter's engine — a BMES character tagger behind the
``Segmenter`` API (``nlptk.segment.segmenter.PerceptronSegmenter`` wraps it: the class sits
with ``Segmenter``, whose ``load`` picks it for a perceptron model, so this engine below
imports neither).

A model directory holds ``meta.json`` (``"engine": "perceptron"``), ``dict.txt`` (the
training vocabulary, jieba's format: the dictionary features and the full/search modes),
``weights.bin`` (``nlptk.sequence.perceptron.write_weights``) and, for a model trained with
``--dict-features``, ``features.txt``: a second word list (jieba's dictionary) that only
feeds features (``source_features``) and never binds the output. A model trained with
``--conventions`` lists them in ``meta.json`` (``"conventions"``, ``"convention"`` the
default); it decodes with one convention's copy of the features (``convention_index``).

Accurate mode tags every character from its window and the dictionary words around it; the
dictionary is the engine's prefix dictionary, so ``--user-dict``, ``add_word`` and
``del_word`` change the features, and words added **with a frequency** are kept whole (the
decoder is constrained to tag them B M… E). Full mode is the dictionary's full mode; search
mode adds the dictionary's 2- and 3-character words inside each accurate word, as jieba's
``cut_for_search`` does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np

from nlptk.errors import InputError, ModelFormatError
from nlptk.segment import engine as dict_engines
from nlptk.segment.engine import Engine, PyEngine, join_words
from nlptk.segment.hmm import BMESParams
from nlptk.segment.perceptron.features import seg_decode, text_features
from nlptk.sequence.perceptron import Perceptron, compiled, transitions
from nlptk.sequence.tags import BMES, PREV_BMES

__all__ = [
    "WEIGHTS_FILE",
    "FEATURES_FILE",
    "BMES_ALLOWED",
    "NO_HMM",
    "PerceptronEngine",
    "convention_index",
    "dictionary_engine",
    "labels_to_spans",
]

WEIGHTS_FILE = "weights.bin"
#: The feature-only word list of a ``--dict-features`` model (``word freq`` lines).
FEATURES_FILE = "features.txt"

#: BMES transitions: a word starts with B or S and ends with E or S.
BMES_ALLOWED = transitions(
    BMES, lambda p, y: p in PREV_BMES[y], lambda y: y in "BS", lambda y: y in "ES"
)
_B, _M, _E, _S = range(4)

#: The dictionary engine only serves full mode here, which never calls its HMM.
NO_HMM = BMESParams(
    start=dict.fromkeys(BMES, 0.0), trans={s: {} for s in BMES}, emit={s: {} for s in BMES}
)

_SPACE = re.compile(r"\s+")


def dictionary_engine(words: Iterable[tuple[str, int]] | Path, kernel: str | None = None) -> Engine:
    """A dictionary engine over ``(word, freq)`` pairs (no file, no cache: the jackknifed
    training dictionaries), or over a model's ``word freq`` file, compiled once into
    nlptk's cache and mapped from it (a loaded model then holds no word objects)."""
    if isinstance(words, Path):
        path = words
        return dict_engines.load_engine(path, lambda: read_pairs(path), NO_HMM, kernel=kernel)
    compiled_dict = dict_engines.kernel_name(kernel) == "compiled"
    cls = dict_engines.CEngine if compiled_dict else PyEngine
    return cls.from_blob(cls.dict_to_bytes(words), NO_HMM, frozenset())


def read_pairs(path: Path) -> list[tuple[str, int]]:
    """The ``(word, freq)`` pairs of a model's dictionary file (``word freq`` lines);
    anything else is a ``ModelFormatError`` naming the line."""
    pairs = []
    try:
        with open(path, encoding="utf-8") as f:
            for no, line in enumerate(f, 1):
                word, _, freq = line.rstrip("\n").partition(" ")
                if not word or not freq.isdigit():
                    raise ModelFormatError(f"{path}:{no}: not a 'word freq' line")
                pairs.append((word, int(freq)))
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ModelFormatError(f"{path}: unreadable ({exc})") from None
    return pairs


def convention_index(meta: dict, name: str | None, model: str) -> int | None:
    """The number of annotation convention ``name`` in a model's ``meta`` (``None``: the
    model's default), or ``None`` for a model trained without conventions (and no name).

    Raises ``InputError`` for a name the model does not know, listing those it does, and
    for any name given to a model trained without conventions; ``ModelFormatError`` for a
    default that is not one of the model's conventions.
    """
    conventions = meta.get("conventions")
    if not conventions:
        if name is not None:
            raise InputError(
                f"--convention {name}: model {model} was trained without --conventions; "
                "leave it out"
            )
        return None
    if name is None:
        if meta.get("convention") not in conventions:
            raise ModelFormatError(
                f"{model}: meta.json's convention {meta.get('convention')!r} is not one of "
                f"its conventions ({', '.join(conventions)})"
            )
        return int(conventions.index(meta["convention"]))
    if name not in conventions:
        raise InputError(
            f"--convention {name}: not one of model {model}'s conventions "
            f"({', '.join(conventions)})"
        )
    return int(conventions.index(name))


def labels_to_spans(labels: bytes, offset: int = 0) -> list[tuple[int, int]]:
    """Word spans from BMES label ids: a word ends at every E or S.

    >>> labels_to_spans(bytes([3, 0, 2, 0, 1, 2]))
    [(0, 1), (1, 3), (3, 6)]
    """
    spans, start = [], offset
    for i, y in enumerate(labels, offset + 1):
        if y >= _E:
            spans.append((start, i))
            start = i
    return spans


def _whole_mask(text: str, spans: Sequence[tuple[int, int]], whole: set[str]) -> np.ndarray | None:
    """The decoding mask that keeps the ``whole`` words found in ``spans`` whole (leftmost,
    then longest, first; overlapping later ones yield); ``None`` when there is none."""
    found = sorted(((s, -e) for s, e in spans if e - s > 1 and text[s:e] in whole))
    if not found:
        return None
    mask = np.ones((len(text), 4), dtype=np.uint8)
    free = 0
    for s, neg_e in found:
        e = -neg_e
        if s < free:
            continue
        mask[s:e] = 0
        mask[s, _B] = mask[e - 1, _E] = 1
        mask[s + 1 : e - 1, _M] = 1
        free = e
    return mask


class PerceptronEngine:
    """The ``Engine`` of a perceptron segmenter: a dictionary engine for words and the full
    mode, a ``Perceptron`` for the accurate cut. Works on width-normalised text when the
    ``Segmenter`` wraps it in a ``WidthNormalizingEngine``. ``source`` is the feature-only
    dictionary of a ``--dict-features`` model (``None`` for others); ``convention`` the
    number of the annotation convention a ``--conventions`` model answers in (``None``
    for others)."""

    def __init__(
        self,
        words: Engine,
        model: Perceptron,
        whole: set[str],
        source: Engine | None = None,
        convention: int | None = None,
    ) -> None:
        self.words = words
        self.model = model
        self.whole = whole
        self.source = source
        self.convention = convention
        self.name = "compiled" if compiled() and words.name == "compiled" else "python"

    @property
    def total(self) -> int:
        return self.words.total

    def get(self, word: str) -> int | None:
        return self.words.get(word)

    def add(self, word: str, freq: int) -> None:
        # a user's word is a word to both word lists: their features agree on it
        self.words.add(word, freq)
        if self.source is not None:
            self.source.add(word, freq)

    def _tag(self, text: str, offset: int, out: list[tuple[int, int]]) -> None:
        spans = self.words.spans(text, "full", False)
        mask = _whole_mask(text, spans, self.whole) if self.whole else None
        if self.source is None and self.convention is None:
            labels = seg_decode(self.model, text, spans, mask)  # one C call
        else:
            source = self.source.spans(text, "full", False) if self.source is not None else None
            labels = self.model.path(text_features(text, spans, source, self.convention), mask)
        out.extend(labels_to_spans(labels, offset))

    def _accurate(self, text: str) -> list[tuple[int, int]]:
        out: list[tuple[int, int]] = []
        pos = 0
        for space in _SPACE.finditer(text):  # whitespace: never inside a word, one token
            if space.start() > pos:
                self._tag(text[pos : space.start()], pos, out)
            out.append(space.span())
            pos = space.end()
        if pos < len(text):
            self._tag(text[pos:] if pos else text, pos, out)
        return out

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]:
        if mode == "full":
            return self.words.spans(text, "full", False)
        spans = self._accurate(text)
        if mode == "search":
            return self._search(text, spans)
        return spans

    def _search(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        out = []
        for s, e in spans:
            for n in (2, 3):
                if e - s > n:
                    out.extend(
                        (i, i + n) for i in range(s, e - n + 1) if self.words.get(text[i : i + n])
                    )
            out.append((s, e))
        return out

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]:
        return [text[s:e] for s, e in self.spans(text, mode, hmm)]

    def join(self, text: str, mode: str, hmm: bool, delimiter: str) -> str:
        return join_words(self.cut(text, mode, hmm), delimiter)
