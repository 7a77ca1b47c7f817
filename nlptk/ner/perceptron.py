"""ner: ``PerceptronTagger`` — BIOES entity tags from the averaged structured perceptron.

The engine is ``nlptk.sequence.perceptron`` (hashed features, Viterbi constrained to the
BIOES grammar, so every decoded path is well formed). What this module adds is features:

- **Chinese**, character by character: the perceptron segmenter's compiled window and
  dictionary templates (``nlptk.segment.perceptron.features``: characters and n-grams in a
  ±2 window, character classes, the longest dictionary word beginning at, ending at and
  covering each character), computed in C, then ``ZH_LEXICON`` features from lexicons built
  from the training entities: whether the character is a frequent surname, the longest
  frequent place/organisation suffix (省 市 县 局 公司 大学 …) ending at it, and for each
  entity type the longest gazetteer entry beginning at, ending at and covering it. Both
  sets are computed in one C call (``zh_features``; ``zh_features_py`` is the Python
  reference, held equal by the tests), the lexicon ids read from a table of precomputed
  ids, so extraction stays close to the segmenter's speed.
- **English**, word by word: the word, its lower case and shape, prefixes and suffixes of
  1–4 characters, capitalisation, the words and shapes at ±1 and ±2, and the gazetteer
  features over token n-grams (feature set ``en-1``). Feature set ``en-doc`` adds what the
  other mentions of each word in the same document say (``nlptk.ner.document``) and decodes
  a document in two passes: a first-pass model (``weights-pass1.bin``) tags it, then the
  model proper reads the labels the first pass gave the other mentions. The first pass's
  labels on the training data are jackknifed by document (``HISTORY_FOLDS``), so the model
  learns how far to trust a first-pass label it did not fit. ``meta.json``'s ``features``
  names the set (absent: ``en-1``, which a model saved before ``en-doc`` existed decodes
  with, unchanged).

Dictionary and gazetteer features are **jackknifed** in training (``nlptk.ner.lexicon``):
a training sentence sees only lexicons built from the other folds, so the model learns how
far to trust an entry rather than memorising the training entities.

A model directory holds ``meta.json`` (``"engine": "perceptron"``, labels, lexicon
thresholds), ``weights.bin`` (``nlptk.sequence.perceptron.write_weights``), ``lexicon.json``
(surnames, suffixes, gazetteers) and, for Chinese, ``dict.txt`` (the dictionary).
"""

from __future__ import annotations

import json
import marshal
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Int, Json, List, Map, Num, Obj, Str, Where, check_params
from nlptk.artifacts import META, check_meta, model_file, model_kind, read_json, write_meta
from nlptk.cache import Buffer, cached, load_marshal
from nlptk.errors import InputError, ModelFormatError
from nlptk.ner.document import DOC_FEATURES, doc_rows, document_spans, reads_documents
from nlptk.ner.shape import normalize, shape_en
from nlptk.ner.zh_context import pos_ids, window_ids, word_ids
from nlptk.readers.corpora import weighted
from nlptk.segment import dictionary_engine, normalize_width, read_pairs, seg_features
from nlptk.sequence.perceptron import (
    Feats,
    Perceptron,
    feature_id,
    pack,
    transitions,
    with_convention,
)
from nlptk.sequence.tags import BIOES_LABELS, can_follow, can_start, split_tag
from nlptk.sequence.viterbi import path_entities, span_tables

try:
    from nlptk.sequence import _perceptron as _c
except ImportError:  # not compiled: the Python reference serves
    _c = None

__all__ = [
    "Lexicon",
    "PerceptronTagger",
    "ZhExtras",
    "ZH_FEATURE_GROUPS",
    "jieba_gazetteer",
    "bioes_allowed",
    "zh_features",
    "zh_features_py",
    "en_features",
    "en_doc_features",
    "EN_FEATURES",
]

WEIGHTS_FILE = "weights.bin"
#: The first-pass model of an ``en-doc`` tagger.
PASS1_FILE = "weights-pass1.bin"

#: English feature sets, the newest (what ``train_perceptron_tagger`` builds) last.
EN_FEATURES = ("en-1", DOC_FEATURES)
#: Folds of training documents the first-pass labels are jackknifed over (``en-doc``).
HISTORY_FOLDS = 4
LEXICON_FILE = "lexicon.json"
DICT_FILE = "dict.txt"
GAZETTEER_FILE = "gazetteer.json"

#: The feature groups a Chinese model may add to the compiled templates (``meta.json``
#: ``"features"``, in this order): ``jieba`` (``jieba_gazetteer``'s names, places and
#: organisations, as the training gazetteer's templates), ``window``, ``words`` and ``pos``
#: (``nlptk.ner.zh_context``). A model without the key has none and decodes as before.
ZH_FEATURE_GROUPS = ("jieba", "window", "words", "pos")
#: The segmenter whose words the ``words`` and ``pos`` groups read.
SEGMENTER = "pd98-perceptron"
#: The POS tagger whose tags (of ``SEGMENTER``'s words) the ``pos`` group reads.
POS_TAGGER = "pos-zh-pd98"
#: jieba's tags read as entity types: ``nr`` names (``nrt`` transliterated ones), ``ns``
#: places, ``nt`` organisations.
JIEBA_TYPES = {"nr": "PER", "nrt": "PER", "ns": "LOC", "nt": "ORG"}

_BUCKETS = 7  # gazetteer lengths 0 (none), 1 … 5, 6+


def _known_features(value: Any) -> bool:
    """``meta.json``'s ``features``: an English model's set by name (``EN_FEATURES``), a
    Chinese model's groups as a list (``ZH_FEATURE_GROUPS``); ``load`` matches it to the
    language."""
    if isinstance(value, str):
        return value in EN_FEATURES
    return isinstance(value, list) and all(g in ZH_FEATURE_GROUPS for g in value)


#: The hyper-parameters ``meta.json`` records (``train ner`` checks its own options).
PARAMS = Obj(
    {
        "epochs": Int(lo=1),
        "folds": Int(lo=1),
        "bits": Int(lo=1, hi=30),
        "seed": Int(),
        "min_weight": Num(lo=0.0),
    },
    optional=("epochs", "folds", "bits", "seed", "min_weight"),
)
_META = Obj(
    {
        "class": Str(choices=("PerceptronTagger",)),
        "engine": Str(choices=("perceptron",)),
        "lang": Str(choices=("zh", "en")),
        "scheme": Str(choices=("bioes",)),
        "labels": BIOES_LABELS,
        "params": PARAMS,
        "features": Where(
            Json(),
            _known_features,
            f"an English feature set ({', '.join(EN_FEATURES)}) or a list of Chinese "
            f"feature groups ({', '.join(ZH_FEATURE_GROUPS)})",
        ),
        "segmenter": Str(nonempty=True),
        "pos_tagger": Str(nonempty=True),
        "conventions": List(Str(nonempty=True), min_len=2, unique=True),
        "convention": Str(nonempty=True),
        "convention_types": Map(List(Str(nonempty=True))),
    },
    optional=(
        "engine",
        "scheme",
        "params",
        "features",
        "segmenter",
        "pos_tagger",
        "conventions",
        "convention",
        "convention_types",
    ),
    extra=Json(),
)
_TEXTS = List(Str(nonempty=True))
#: ``lexicon.json``: gazetteer entries and their types, surnames, suffixes by type.
LEXICON_SPEC = Obj(
    {
        "gazetteer": Map(Str(nonempty=True), key=Str(nonempty=True)),
        "surnames": _TEXTS,
        "suffixes": Map(_TEXTS),
    },
    optional=("surnames", "suffixes"),
)


def bioes_allowed(labels: Sequence[str]) -> np.ndarray:
    """The BIOES transition table: ``B-X`` is followed by ``I-X``/``E-X``, a path never
    starts inside an entity nor ends before closing one."""
    return transitions(
        labels,
        can_follow,
        can_start,
        lambda y: split_tag(y)[0] in ("O", "E", "S"),
    )


@dataclass(frozen=True)
class ZhTables:
    """A ``Lexicon``'s Chinese lexicons laid out for the compiled features
    (``Lexicon.zh_tables``)."""

    keys: np.ndarray
    flags: np.ndarray
    scan: dict[str, int]
    top: int


_ZH_CACHE = "nerzh-1"


def _pack_tables(t: ZhTables) -> bytes:
    return marshal.dumps((t.keys.astype("<u8").tobytes(), t.flags.tobytes(), t.scan, t.top))


def _unpack(payload: Buffer) -> ZhTables:
    keys, flags, scan, top = load_marshal(payload)  # type: ignore[misc]
    if not (isinstance(scan, dict) and isinstance(top, int) and len(keys) == 8 * len(flags)):
        raise ValueError("not the NER tables")
    return ZhTables(np.frombuffer(keys, "<u8"), np.frombuffer(flags, np.uint8), scan, top)


class Lexicon:
    """Lexicons built from training entities: ``gazetteer`` (entity text → type),
    ``surnames`` (first characters of Chinese person names) and ``suffixes`` (type →
    frequent final 1–2 characters of places and organisations)."""

    def __init__(
        self,
        gazetteer: dict[str, str],
        surnames: Iterable[str] = (),
        suffixes: dict[str, Iterable[str]] | None = None,
    ) -> None:
        self.gazetteer = dict(gazetteer)
        self.surnames = frozenset(surnames)
        self.suffixes = {t: frozenset(s) for t, s in (suffixes or {}).items()}
        self.max_len = max((len(k) for k in self.gazetteer), default=0)
        self._word_types: dict[str, str] | None = None
        self._prefixes: frozenset[str] | None = None
        self._zh_tables: ZhTables | None = None
        #: the lexicon.json this was read from: its Chinese tables are then built once into
        #: nlptk's cache (47k prefixes: about a tenth of a one-line run) and read back
        self.source: Path | None = None

    def prefixes(self) -> frozenset[str]:
        """Chinese: every prefix of 2–12 characters of a gazetteer entry, so the scan of a
        sentence stops extending a span as soon as no entry can begin with it (1–2 lookups a
        character instead of 11)."""
        if self._prefixes is None:
            self._prefixes = frozenset(
                text[:k] for text in self.gazetteer for k in range(2, min(len(text), 12) + 1)
            )
        return self._prefixes

    def zh_tables(self) -> ZhTables:
        """The Chinese lexicons as the compiled ``zh_features`` reads them, built once.

        ``keys``/``flags``: sorted uint64 keys, a character's code point or
        ``1 << 63 | first << 32 | second`` for a two-character suffix, and their flags
        (1 surname, 2 place suffix, 4 organisation suffix); entries of other lengths can
        never match, as in ``zh_features_py``. ``scan``: every prefix of 2–12 characters of
        a gazetteer entry → the entry's type index (``_ZH_TYPES``), or 3 when it is only a
        prefix or of another type, so one lookup a span both continues the scan and reads
        the type. ``top``: the longest span scanned."""
        if self._zh_tables is None and self.source is not None:
            self._zh_tables = cached(
                _ZH_CACHE, [self.source], lambda: _pack_tables(self._build_zh_tables()), _unpack
            )
        if self._zh_tables is None:
            self._zh_tables = self._build_zh_tables()
        return self._zh_tables

    def _build_zh_tables(self) -> ZhTables:
        found: dict[int, int] = {}
        for chars, flag in (
            (self.surnames, 1),
            (self.suffixes.get("LOC", ()), 2),
            (self.suffixes.get("ORG", ()), 4),
        ):
            for c in chars:
                if len(c) == 1:
                    key = ord(c)
                elif len(c) == 2 and flag != 1:
                    key = 1 << 63 | ord(c[0]) << 32 | ord(c[1])
                else:
                    continue
                found[key] = found.get(key, 0) | flag
        keys = np.array(sorted(found), dtype=np.uint64)
        flags = np.array([found[k] for k in sorted(found)], dtype=np.uint8)
        scan = dict.fromkeys(self.prefixes(), 3)
        for text, etype in self.gazetteer.items():
            if text in scan and etype in _ZH_TYPES:
                scan[text] = _ZH_TYPES[etype]
        return ZhTables(keys, flags, scan, min(self.max_len, 12))

    def word_types(self) -> dict[str, str]:
        """English: each word of a gazetteer entry → the types of the entries it occurs
        in (``"LOC|ORG"``), so a known surname or place word is a clue inside an unseen
        name (``Smith`` in ``Jane Smith``)."""
        if self._word_types is None:
            found: dict[str, set[str]] = {}
            for text, etype in self.gazetteer.items():
                for word in text.split(" "):
                    found.setdefault(word, set()).add(etype)
            self._word_types = {w: "|".join(sorted(t)) for w, t in found.items()}
        return self._word_types

    @classmethod
    def build(
        cls,
        entities: Iterable[tuple[str, str]],
        lang: str,
        min_surname: int = 20,
        min_suffix: int = 20,
    ) -> Lexicon:
        """From ``(text, type)`` entity mentions; an entity text seen with several types
        keeps its most frequent one. Surnames and suffixes only for Chinese."""
        from collections import Counter

        mentions = Counter(entities)
        best: dict[str, tuple[int, str]] = {}
        for (text, etype), n in mentions.items():
            if (n, etype) > best.get(text, (0, "")):
                best[text] = (n, etype)
        gazetteer = {text: etype for text, (_, etype) in best.items()}
        if lang != "zh":
            return cls(gazetteer)
        sur = Counter(
            t[0]
            for (t, e), n in mentions.items()
            if e == "PER" and 2 <= len(t) <= 3
            for _ in range(n)
        )
        suffixes: dict[str, set[str]] = {}
        for etype in ("LOC", "ORG"):
            counts: Counter[str] = Counter()
            for (t, e), n in mentions.items():
                if e == etype:
                    for k in (1, 2):
                        if len(t) > k:
                            counts[t[-k:]] += n
            suffixes[etype] = {s for s, n in counts.items() if n >= min_suffix}
        return cls(gazetteer, {c for c, n in sur.items() if n >= min_surname}, suffixes)

    def to_json(self) -> dict[str, Any]:
        return {
            "gazetteer": dict(sorted(self.gazetteer.items())),
            "surnames": sorted(self.surnames),
            "suffixes": {t: sorted(s) for t, s in sorted(self.suffixes.items())},
        }

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> Lexicon:
        return cls(record["gazetteer"], record.get("surnames", ()), record.get("suffixes", {}))


# -- Chinese ------------------------------------------------------------------------------------

#: The lexicon templates appended to the segmenter's, per character (values are small ints).
ZH_LEXICON = (
    "surname[0]",
    "surname[-1]",
    "suffix_LOC",
    "suffix_ORG",
    *(f"gaz_{p}_{t}" for t in ("PER", "LOC", "ORG") for p in ("begin", "end", "cover")),
    "gaz_begin_end_cover",
)
_ZH_TABLE = np.array(
    [[feature_id(f"{t}={v}") for v in range(_BUCKETS**3)] for t in ZH_LEXICON], dtype=np.uint32
)


def _gaz_lengths(text: str, lexicon: Lexicon, etype_index: dict[str, int]) -> np.ndarray:
    """``(3 types, 3 kinds, n)`` buckets of the longest gazetteer entry of each type
    beginning at, ending at and covering each character."""
    n = len(text)
    out = np.zeros((len(etype_index), 3, n), dtype=np.int64)
    gaz, top, prefixes = lexicon.gazetteer, min(lexicon.max_len, 12), lexicon.prefixes()
    for s in range(n):
        for e in range(s + 2, min(n, s + top) + 1):
            piece = text[s:e]
            if piece not in prefixes:
                break
            t = gaz.get(piece)
            if t is None or t not in etype_index:
                continue
            k, b = etype_index[t], min(e - s, _BUCKETS - 1)
            o = out[k]
            o[0, s] = max(o[0, s], b)
            o[1, e - 1] = max(o[1, e - 1], b)
            if e - s > 2:
                o[2, s + 1 : e - 1] = np.maximum(o[2, s + 1 : e - 1], b)
    return out


_ZH_TYPES = {"PER": 0, "LOC": 1, "ORG": 2}


def zh_features(
    text: str,
    dict_spans: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    table: np.ndarray = _ZH_TABLE,
) -> Feats:
    """Feature ids of each character of ``text`` (width-normalised): the segmenter's
    templates over ``dict_spans`` (dictionary words found in it), then ``ZH_LEXICON``
    (ids read from ``table``: another table names the same templates over another
    lexicon); compiled (one C call) when built, else ``zh_features_py``."""
    if _c is None:
        return zh_features_py(text, dict_spans, lexicon, table)
    t = lexicon.zh_tables()
    ids = _c.zh_features(text, dict_spans, t.keys, t.flags, t.scan, t.top, table)
    return Feats(np.frombuffer(ids, dtype=np.uint32), _c.N_SEG_FEATURES + _c.N_ZH_LEXICON)


def zh_features_py(
    text: str,
    dict_spans: Sequence[tuple[int, int]],
    lexicon: Lexicon,
    table: np.ndarray = _ZH_TABLE,
) -> Feats:
    """Reference of the compiled ``zh_features``: the same ids, in Python and numpy."""
    n = len(text)
    base = np.frombuffer(seg_features(text, dict_spans).ids, dtype=np.uint32).reshape(n, -1)
    vals = np.zeros((len(ZH_LEXICON), n), dtype=np.int64)
    sur = np.fromiter((ch in lexicon.surnames for ch in text), dtype=np.int64, count=n)
    vals[0] = sur
    vals[1, 1:] = sur[:-1]
    for row, etype in ((2, "LOC"), (3, "ORG")):
        suffixes = lexicon.suffixes.get(etype, frozenset())
        if suffixes:  # 2: the two characters ending here are a suffix, 1: this one is
            two = [False] + [text[i - 1 : i + 1] in suffixes for i in range(1, n)]
            vals[row] = np.where(two, 2, [ch in suffixes for ch in text])
    gaz = _gaz_lengths(text, lexicon, _ZH_TYPES)
    vals[4:13] = gaz.reshape(9, n)
    best = gaz.max(axis=0)
    vals[13] = (best[0] * _BUCKETS + best[1]) * _BUCKETS + best[2]
    extra = table[np.arange(len(ZH_LEXICON))[:, None], vals].T
    ids = np.ascontiguousarray(np.concatenate([base, extra], axis=1)).reshape(-1)
    return Feats(ids, base.shape[1] + len(ZH_LEXICON))


#: ``ZH_LEXICON``'s ids over an external gazetteer (``jieba``): the same templates, other
#: names, so its entries weigh apart from the training gazetteer's.
_JIEBA_TABLE = np.array(
    [[feature_id(f"jieba_{t}={v}") for v in range(_BUCKETS**3)] for t in ZH_LEXICON],
    dtype=np.uint32,
)
#: The columns of ``ZH_LEXICON`` the ``jieba`` group keeps: its gazetteer templates (it has
#: no surnames nor suffixes).
_GAZ_FIRST, _GAZ_END = 4, len(ZH_LEXICON)


def jieba_gazetteer(path: Path | None = None) -> dict[str, str]:
    """Entity text -> type from a jieba-format dictionary (default: the installed jieba's):
    its words tagged ``JIEBA_TYPES``, 2–12 characters, width-normalised. Noisy (jieba tags
    some phrases ``nr``), which the perceptron learns to weigh."""
    from nlptk.segment import jieba_sources

    out: dict[str, str] = {}
    with open(path or jieba_sources()[0], encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) == 3 and parts[2] in JIEBA_TYPES and 2 <= len(parts[0]) <= 12:
                out.setdefault(normalize_width(parts[0]), JIEBA_TYPES[parts[2]])
    return out


@dataclass(frozen=True)
class ZhExtras:
    """The Chinese feature groups a model adds (``ZH_FEATURE_GROUPS``) and what they read:
    ``gazetteer`` for ``jieba``, ``segmenter`` (a ``Segmenter``) for ``words`` and
    ``pos``, ``tagger`` (a POS ``PerceptronTagger``) for ``pos``."""

    groups: tuple[str, ...] = ()
    gazetteer: Lexicon | None = None
    segmenter: Any = None
    tagger: Any = None
    #: the models ``segmenter`` and ``tagger`` were loaded from, as ``meta.json`` names them
    segmenter_name: str = SEGMENTER
    tagger_name: str = POS_TAGGER

    @classmethod
    def build(
        cls,
        groups: Sequence[str],
        gazetteer_path: Path | None = None,
        segmenter: str = SEGMENTER,
        tagger: str = POS_TAGGER,
    ) -> ZhExtras:
        """The groups with their resources: jieba's gazetteer (``jieba_gazetteer``), the
        ``segmenter`` and POS ``tagger`` models (names or directories; default the shipped
        ``SEGMENTER`` and ``POS_TAGGER``). ``InputError`` for an unknown group."""
        unknown = sorted(set(groups) - set(ZH_FEATURE_GROUPS))
        if unknown:
            raise InputError(
                f"unknown feature group {', '.join(unknown)}; choose from "
                f"{', '.join(ZH_FEATURE_GROUPS)}"
            )
        ordered = tuple(g for g in ZH_FEATURE_GROUPS if g in groups)
        gazetteer = Lexicon(jieba_gazetteer(gazetteer_path)) if "jieba" in ordered else None
        readers = _word_readers(ordered, segmenter, tagger)
        return cls(ordered, gazetteer, *readers, str(segmenter), str(tagger))

    def ids(self, text: str, base: Feats) -> Feats:
        """``base`` (the compiled features of ``text``) with this model's groups appended to
        every character's row."""
        if not self.groups:
            return base
        n = len(text)
        parts = [base.ids.reshape(n, -1)]
        if self.gazetteer is not None:
            own = zh_features(text, [], self.gazetteer, _JIEBA_TABLE)
            width = len(own.ids) // n
            first = width - len(ZH_LEXICON)
            parts.append(own.ids.reshape(n, width)[:, first + _GAZ_FIRST : first + _GAZ_END])
        if "window" in self.groups:
            parts.append(window_ids(text))
        if self.segmenter is not None:
            words = self.segmenter.cut(text)
            if sum(map(len, words)) != n:  # never seen; a character each keeps the row
                words = list(text)
            if "words" in self.groups:
                parts.append(word_ids(words))
            if self.tagger is not None:
                parts.append(pos_ids(words, self.tagger.tag_words(words)))
        ids = np.ascontiguousarray(np.concatenate(parts, axis=1))
        return Feats(ids.reshape(-1), ids.shape[1])


def _word_readers(
    groups: Sequence[str], segmenter: str | Path, tagger: str | Path
) -> tuple[Any, Any]:
    """The segmenter (for ``words`` or ``pos``) and the POS tagger (for ``pos``) the groups
    read, ``None`` for those they do not."""
    from nlptk.segment import Segmenter

    seg = Segmenter.load(segmenter) if {"words", "pos"} & set(groups) else None
    if "pos" not in groups:
        return seg, None
    from nlptk.pos import PerceptronTagger

    return seg, PerceptronTagger.load(tagger)


# -- English ------------------------------------------------------------------------------------


def _short_shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        k = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)[:6]


def _gaz_tags(tokens: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    """Per token, the gazetteer matches over token n-grams (1–4) it is part of, as
    ``B-LOC``/``I-LOC``/``E-LOC``/``S-LOC`` strings."""
    out: list[list[str]] = [[] for _ in tokens]
    n = len(tokens)
    for s in range(n):
        for k in range(1, min(4, n - s) + 1):
            t = lexicon.gazetteer.get(" ".join(tokens[s : s + k]))
            if t is None:
                continue
            if k == 1:
                out[s].append(f"S-{t}")
            else:
                out[s].append(f"B-{t}")
                out[s + k - 1].append(f"E-{t}")
                for i in range(s + 1, s + k - 1):
                    out[i].append(f"I-{t}")
    return out


def en_features(tokens: Sequence[str], lexicon: Lexicon) -> Feats:
    """Feature ids of each English token (strings hashed with ``feature_id``)."""
    return pack([[feature_id(x) for x in row] for row in en_rows(tokens, lexicon)])


def en_rows(tokens: Sequence[str], lexicon: Lexicon) -> list[list[str]]:
    """The feature strings of each English token (feature set ``en-1``)."""
    words = [normalize(t) for t in tokens]
    lower = [w.lower() for w in words]
    shapes = [_short_shape(w) for w in words]
    gaz = _gaz_tags(words, lexicon)
    known = lexicon.word_types()
    types = [known.get(w, "-") for w in words]
    n = len(words)

    def at(seq: Sequence[str], i: int) -> str:
        return seq[i] if 0 <= i < n else ("<s>" if i < 0 else "</s>")

    rows = []
    for i, w in enumerate(words):
        lw = lower[i]
        f = [
            "bias",
            f"w={w}",
            f"lw={lw}",
            f"sh={shapes[i]}",
            f"cls={shape_en(w, i == 0)}",
            f"cap={w[:1].isupper()}|first={i == 0}",
            f"allcap={w.isupper()}",
            f"lw-1={at(lower, i - 1)}",
            f"lw+1={at(lower, i + 1)}",
            f"lw-2={at(lower, i - 2)}",
            f"lw+2={at(lower, i + 2)}",
            f"sh-1={at(shapes, i - 1)}",
            f"sh+1={at(shapes, i + 1)}",
            f"sh-1|sh={at(shapes, i - 1)}|{shapes[i]}",
            f"sh|sh+1={shapes[i]}|{at(shapes, i + 1)}",
            f"lw-1|lw={at(lower, i - 1)}|{lw}",
            f"lw|lw+1={lw}|{at(lower, i + 1)}",
            f"w-1={at(words, i - 1)}",
            f"w+1={at(words, i + 1)}",
            f"sh-2={at(shapes, i - 2)}",
            f"sh+2={at(shapes, i + 2)}",
            f"sh-1|sh|sh+1={at(shapes, i - 1)}|{shapes[i]}|{at(shapes, i + 1)}",
            f"lw-2|lw-1={at(lower, i - 2)}|{at(lower, i - 1)}",
            f"lw+1|lw+2={at(lower, i + 1)}|{at(lower, i + 2)}",
            f"s3-1={at(lower, i - 1)[-3:]}",
            f"s3+1={at(lower, i + 1)[-3:]}",
            f"wt={types[i]}",
            f"wt-1={at(types, i - 1)}",
            f"wt+1={at(types, i + 1)}",
            f"wt|sh={types[i]}|{shapes[i]}",
        ]
        f.extend(f"p{k}={lw[:k]}" for k in range(1, 5) if len(lw) >= k)
        f.extend(f"s{k}={lw[-k:]}" for k in range(1, 5) if len(lw) >= k)
        f.extend(f"gaz={g}" for g in gaz[i])
        f.extend(f"gaz-1={g}" for g in (gaz[i - 1] if i else ()))
        f.extend(f"gaz+1={g}" for g in (gaz[i + 1] if i + 1 < n else ()))
        rows.append(f)
    return rows


def _joined(local: Sequence[Sequence[str]], extra: Sequence[Sequence[str]]) -> Feats:
    return pack([[feature_id(x) for x in (*a, *b)] for a, b in zip(local, extra, strict=True)])


def en_doc_features(
    doc: Sequence[Sequence[str]],
    local: Sequence[Sequence[Sequence[str]]],
    history: Sequence[Sequence[str]] | None = None,
) -> list[Feats]:
    """Feature ids (set ``en-doc``) of each sentence of one document: its ``local`` rows
    (``en_rows`` of each sentence) and ``nlptk.ner.document.doc_rows``, with the first-pass
    labels ``history`` for the second pass."""
    return [_joined(a, b) for a, b in zip(local, doc_rows(doc, history), strict=True)]


def _tags(model: Perceptron, feats: Sequence[Feats], labels: Sequence[str]) -> list[list[str]]:
    return [[labels[y] for y in model.decode(f)] if len(f) else [] for f in feats]


# -- the tagger ---------------------------------------------------------------------------------


class PerceptronTagger:
    """BIOES entity tagger for ``lang`` (``zh``: characters, ``en``: words).

    ``model`` is the ``Perceptron`` over ``labels``; ``lexicon`` the training lexicons;
    ``dictionary`` the ``(word, freq)`` pairs of the Chinese dictionary features, or the
    ``dict.txt`` they were saved to (a loaded model: compiled once into the cache and
    mapped, rather than 52k word objects in every process). ``features``: the English
    feature set (``EN_FEATURES``); ``first``: the first-pass model of ``en-doc``;
    ``extras``: a Chinese model's feature groups (``ZhExtras``); ``conventions``: the
    annotation conventions of a Chinese model trained on several corpora, one per corpus
    (``train_perceptron_tagger``), of which ``convention`` is the one it tags in
    (``use_convention``); ``convention_types``: the entity types of the conventions whose
    corpus annotates fewer than the model (MSRA: no times).
    """

    def __init__(
        self,
        lang: str,
        model: Perceptron,
        lexicon: Lexicon,
        dictionary: Sequence[tuple[str, int]] | Path = (),
        params: dict[str, Any] | None = None,
        *,
        features: str = "en-1",
        first: Perceptron | None = None,
        extras: ZhExtras | None = None,
        conventions: Sequence[str] = (),
        convention_types: dict[str, frozenset[str]] | None = None,
        convention: str | None = None,
    ) -> None:
        if lang == "en" and features not in EN_FEATURES:
            raise InputError(f"unknown feature set {features!r}; choose {', '.join(EN_FEATURES)}")
        if (lang == "en" and features == DOC_FEATURES) != (first is not None):
            raise InputError("an en-doc tagger needs a first-pass model, and only it has one")
        if extras is not None and extras.groups and lang != "zh":
            raise InputError("feature groups (--features) are for Chinese models")
        if bool(conventions) != (convention is not None):
            raise ValueError("a tagger with conventions tags in one of them, and only it")
        self.conventions = tuple(conventions)
        self.convention_types = dict(convention_types or {})
        #: the convention tagged in and the one that fills in the types it lacks (indexes)
        self._convention: int | None = None
        self._fill: int | None = None
        #: ``(L,)`` labels the convention may give (``None``: every one), a decoding mask row
        self._labels_allowed: np.ndarray | None = None
        self.lang = lang
        self.extras = extras
        self.features_ = features
        self.first = first
        #: whether tags depend on the other sentences of the document (``predict``'s docs)
        self.documents = reads_documents({"lang": lang, "features": features})
        self.model = model
        self.labels_ = list(model.labels)
        self.lexicon = lexicon
        self.dictionary = dictionary if isinstance(dictionary, Path) else list(dictionary)
        self.params = dict(params or {})
        self._dict_engine = dictionary_engine(self.dictionary) if lang == "zh" else None
        self._span_args: tuple[bytes, bytes, tuple[str, ...]] | None = None
        if convention is not None:
            self.use_convention(convention)

    @property
    def convention(self) -> str | None:
        """The annotation convention this tagger tags in (``None``: trained without)."""
        return None if self._convention is None else self.conventions[self._convention]

    def use_convention(self, name: str) -> None:
        """Tag in convention ``name`` from now on; ``InputError`` naming the model's
        conventions when it has no such one.

        A convention whose corpus annotates fewer types than the model (MSRA: no times)
        tags only those (its corpus's ``O`` said nothing else); the others come from the
        first convention that annotates every type, where they do not overlap its entities:
        ``msra`` is MSRA's people, places and organisations with People's Daily's times."""
        if name not in self.conventions:
            if not self.conventions:  # worded as nlptk segment --convention words it
                raise InputError(
                    f"--convention {name}: the model was trained without --conventions; "
                    "leave it out"
                )
            raise InputError(
                f"--convention {name}: not one of the model's conventions "
                f"({', '.join(self.conventions)})"
            )
        self._convention = self.conventions.index(name)
        types = self.convention_types.get(name)
        self._labels_allowed, self._fill = None, None
        if types is not None:
            self._labels_allowed = np.array(
                [y == "O" or split_tag(y)[1] in types for y in self.labels_], dtype=np.uint8
            )
            full = [k for k, c in enumerate(self.conventions) if c not in self.convention_types]
            self._fill = full[0] if full else None

    def _path(self, feats: Feats) -> bytes:
        """The label ids of one sentence (its shared ``feats``) in the current convention."""
        if self._convention is None:
            return self.model.path(feats)
        mask = None
        if self._labels_allowed is not None:
            mask = np.broadcast_to(self._labels_allowed, (len(feats), len(self.labels_)))
        own = self.model.path(with_convention(feats, self._convention), mask)
        if self._fill is None:
            return own
        other = self.model.path(with_convention(feats, self._fill))
        return _fill_in(
            own, other, self.labels_, self.convention_types[self.conventions[self._convention]]
        )

    def features(self, tokens: Sequence[str]) -> Feats:
        """The features of one sentence's tokens under this tagger's lexicons."""
        return sentence_features(tokens, self.lang, self.lexicon, self._dict_engine, self.extras)

    def predict(
        self, sentences: Sequence[Sequence[str]], docs: Sequence[int | None] | None = None
    ) -> list[list[str]]:
        """BIOES tags for each token list. ``docs``: each sentence's document (consecutive
        equal keys; ``None`` a document of its own), read by a ``documents`` tagger; without
        it every sentence is its own document."""
        labels = self.labels_
        if self.documents:
            keys = list(range(len(sentences))) if docs is None else docs
            out: list[list[str]] = []
            for s, e in document_spans(keys):
                out += self.document_tags(sentences[s:e])
            return out
        return [
            [labels[y] for y in self._path(self.features(tokens))] if tokens else []
            for tokens in sentences
        ]

    def document_tags(self, doc: Sequence[Sequence[str]]) -> list[list[str]]:
        """``en-doc``: BIOES tags of the sentences of one document, in two passes."""
        assert self.first is not None
        local = [en_rows(tokens, self.lexicon) for tokens in doc]
        history = _tags(self.first, en_doc_features(doc, local), self.labels_)
        return _tags(self.model, en_doc_features(doc, local, history), self.labels_)

    def char_entities(self, texts: Sequence[str]) -> list[list[tuple[str, str, int, int]]]:
        """Chinese: each raw line's entities as ``(text, type, start, end)`` (character
        offsets, end exclusive), one token per non-whitespace character.

        The same entities as ``predict`` on ``nlptk.sequence.tokens.tokenize_chars``'s tokens
        read off by ``nlptk.ner.output.entities_from_tags``, without a token string, tag
        string or int per character: each line's characters go to the compiled features
        and decoder, and the label paths of the batch to one C call that reads the spans
        (``nlptk.sequence.viterbi.path_entities``). Needs ``nlptk.sequence.viterbi.COMPILED``;
        ``tests/ner/test_perceptron_entities.py`` holds it to the Python path.

        >>> from nlptk.artifacts import resolve_model
        >>> tagger = PerceptronTagger.load(resolve_model("ner-zh-pd98-perceptron", task="ner"))
        >>> tagger.char_entities(["李鹏在北京", "", "江泽民 会见"])
        [[('李鹏', 'PER', 0, 2), ('北京', 'LOC', 3, 5)], [], [('江泽民', 'PER', 0, 3)]]
        """
        if self.lang != "zh" or path_entities is None:
            raise InputError("char_entities needs a Chinese model and the compiled kernel")
        if self._span_args is None:
            self._span_args = span_tables(self.labels_)
        lexicon, engine, path, extras = (
            self.lexicon,
            self._dict_engine,
            self._path,
            self.extras,
        )
        paths = []
        for text in texts:
            chars = "".join(text.split())  # str.split's whitespace is str.isspace's
            paths.append(path(chars_features(chars, lexicon, engine, extras)) if chars else b"")
        return path_entities(texts, paths, *self._span_args)

    def save(self, model_dir: str | Path, meta: dict[str, Any] | None = None) -> Path:
        """Write ``weights.bin``, ``lexicon.json``, ``dict.txt`` (zh) and ``meta.json``."""
        out = Path(model_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.model.save(out / WEIGHTS_FILE)
        (out / LEXICON_FILE).write_text(
            json.dumps(self.lexicon.to_json(), ensure_ascii=False, indent=0) + "\n",
            encoding="utf-8",
        )
        files = [WEIGHTS_FILE, LEXICON_FILE]
        sealed = [LEXICON_FILE]
        if self.first is not None:
            self.first.save(out / PASS1_FILE)
            files.insert(1, PASS1_FILE)
        if self.lang == "zh":
            pairs = self.dictionary
            if isinstance(pairs, Path):
                pairs = read_pairs(pairs)
            with open(out / DICT_FILE, "w", encoding="utf-8", newline="\n") as f:
                f.writelines(f"{w} {n}\n" for w, n in pairs)
            files.append(DICT_FILE)
            sealed.append(DICT_FILE)
        groups: dict[str, Any] = {}
        if self.extras is not None and self.extras.groups:
            groups["features"] = list(self.extras.groups)
            if self.extras.gazetteer is not None:
                (out / GAZETTEER_FILE).write_text(
                    json.dumps(self.extras.gazetteer.to_json(), ensure_ascii=False, indent=0)
                    + "\n",
                    encoding="utf-8",
                )
                files.append(GAZETTEER_FILE)
                sealed.append(GAZETTEER_FILE)
            if self.extras.segmenter is not None:
                groups["segmenter"] = self.extras.segmenter_name
            if self.extras.tagger is not None:
                groups["pos_tagger"] = self.extras.tagger_name
        if self.documents:
            groups["features"] = self.features_
        if self.conventions:
            groups["conventions"] = list(self.conventions)
            groups["convention"] = self.convention
            groups["convention_types"] = {
                c: sorted(t) for c, t in self.convention_types.items() if c in self.conventions
            }
        record = {
            "task": "ner",
            "class": type(self).__name__,
            "engine": "perceptron",
            "lang": self.lang,
            "scheme": "bioes",
            "labels": self.labels_,
            "files": files,
            "params": self.params,
            **groups,
            **(meta or {}),
        }
        write_meta(out, record, sealed)  # a weights file carries its own checksum
        return out

    @classmethod
    def load(cls, model_dir: str | Path, convention: str | None = None) -> PerceptronTagger:
        """Read a directory written by ``save`` (or a shipped model's name), to tag in
        ``convention`` (default: ``meta.json``'s); ``ModelFormatError`` if it is not one: the
        fields of ``meta.json`` and ``lexicon.json``, and ``dict.txt``'s lines, are checked
        before use, and every file against its checksum. ``InputError`` if its ``meta.json``
        names another engine, or for a convention it does not have."""
        kind = model_kind(model_dir, "ner", "perceptron")
        model_dir, meta = kind.path, kind.meta
        if meta.get("class") != cls.__name__:
            raise ModelFormatError(
                f"{model_dir}: a {meta.get('class')!r} NER model, expected {cls.__name__}"
            )
        check_meta(meta, _META, model_dir / META)
        labels, lang = meta["labels"], meta["lang"]
        lexicon_path = model_file(model_dir, LEXICON_FILE, meta)
        record = read_json(lexicon_path, spec=LEXICON_SPEC)
        types = {label[2:] for label in labels[1:]}
        stray = sorted(set(record["gazetteer"].values()) - types)
        if stray:
            raise ModelFormatError(
                f"{lexicon_path}: gazetteer types {', '.join(stray)} are not among the labels"
            )
        lexicon = Lexicon.from_json(record)
        lexicon.source = lexicon_path
        # dict.txt is read through the segment cache (mapped, parsed once), from the path
        # model_file has checked (inside the model, its checksum).
        dictionary: Path | tuple[()] = ()
        if lang == "zh":
            dictionary = model_file(model_dir, DICT_FILE, meta)
        extras = _load_extras(model_dir, meta)
        conventions = meta.get("conventions", [])
        if (conventions or "convention" in meta) and meta.get("convention") not in conventions:
            raise ModelFormatError(
                f"{model_dir / META}: convention {meta.get('convention')!r} is not one "
                f"of its conventions ({', '.join(conventions) or 'none'})"
            )
        allowed = bioes_allowed(labels)
        model = Perceptron.load(model_file(model_dir, WEIGHTS_FILE), labels, allowed)
        features = meta.get("features")
        first = None
        if reads_documents(meta):
            first = Perceptron.load(model_file(model_dir, PASS1_FILE), labels, allowed)
        en_set = features if isinstance(features, str) else "en-1"
        tagger = cls(
            lang,
            model,
            lexicon,
            dictionary,
            meta.get("params"),
            features=en_set,
            first=first,
            extras=extras,
            conventions=conventions,
            convention_types={c: frozenset(t) for c, t in meta.get("convention_types", {}).items()},
            convention=meta.get("convention"),
        )
        if convention is not None:
            tagger.use_convention(convention)
        return tagger


def _fill_in(own: bytes, other: bytes, labels: Sequence[str], types: frozenset[str]) -> bytes:
    """BIOES label ids: the entities of path ``own`` (a convention tagging ``types``), and
    those of ``other`` of the types ``own``'s convention does not tag, where they overlap
    none of ``own``'s."""
    from nlptk.sequence.tags import bioes_to_spans, spans_to_bioes

    mine = bioes_to_spans([labels[y] for y in own])
    taken = bytearray(len(own))
    for s, e, _ in mine:
        taken[s:e] = b"\x01" * (e - s)
    added = [
        (s, e, t)
        for s, e, t in bioes_to_spans([labels[y] for y in other])
        if t not in types and not any(taken[s:e])
    ]
    if not added:
        return own
    index = {y: i for i, y in enumerate(labels)}
    return bytes(index[y] for y in spans_to_bioes(len(own), sorted(mine + added)))


def _load_extras(model_dir: Path, meta: dict[str, Any]) -> ZhExtras | None:
    """A Chinese model's feature groups (``meta.json`` ``"features"``: a list; an English
    model's is the name of its set) with what they read: ``gazetteer.json`` (checked as
    ``lexicon.json`` is), the named segmenter and POS tagger. ``ModelFormatError`` for the other
    language's features."""
    features = meta.get("features", ())
    if isinstance(features, str):
        if meta["lang"] != "en":
            raise ModelFormatError(
                f"{model_dir / META}: features {features!r} is an English feature set"
            )
        return None
    groups = tuple(features)
    if not groups:
        return None
    if meta["lang"] != "zh":
        raise ModelFormatError(f"{model_dir / META}: feature groups are for Chinese models")
    gazetteer = None
    if "jieba" in groups:
        path = model_file(model_dir, GAZETTEER_FILE, meta)
        gazetteer = Lexicon.from_json(read_json(path, spec=LEXICON_SPEC))
        gazetteer.source = path
    names = meta.get("segmenter", SEGMENTER), meta.get("pos_tagger", POS_TAGGER)
    return ZhExtras(groups, gazetteer, *_word_readers(groups, *names), *names)


def sentence_features(
    tokens: Sequence[str],
    lang: str,
    lexicon: Lexicon,
    dict_engine: Any = None,
    extras: ZhExtras | None = None,
) -> Feats:
    """Features of one sentence: Chinese tokens are characters (``chars_features`` of
    them joined), English tokens words."""
    if lang == "en":
        return en_features(tokens, lexicon)
    return chars_features("".join([t[:1] for t in tokens]), lexicon, dict_engine, extras)


def chars_features(
    chars: str, lexicon: Lexicon, dict_engine: Any = None, extras: ZhExtras | None = None
) -> Feats:
    """Features of a Chinese sentence given as its characters, one per token:
    width-normalised, dictionary words found by ``dict_engine``'s full mode, then the
    ``extras`` groups."""
    text = normalize_width(chars)
    spans = dict_engine.spans(text, "full", False) if dict_engine is not None else []
    base = zh_features(text, spans, lexicon)
    return extras.ids(text, base) if extras is not None else base


# -- training -----------------------------------------------------------------------------------


def _entities(tokens: Sequence[str], tags: Sequence[str], lang: str) -> list[tuple[str, str]]:
    from nlptk.sequence.tags import bioes_to_spans

    sep = "" if lang == "zh" else " "
    return [(sep.join(tokens[s:e]), t) for s, e, t in bioes_to_spans(list(tags))]


@dataclass(frozen=True)
class Part:
    """A run of consecutive training sentences from one corpus: how many, the weight its
    sentences count with (``nlptk.readers.corpora.weighted``) and the entity types its
    corpus annotates (``None``: all the model's). Where a corpus leaves a type out (MSRA
    tags no times), its ``O`` is no evidence against that type: training reads its
    sentences as partially annotated (``Trainer.step``'s mask)."""

    count: int
    weight: float = 1.0
    types: frozenset[str] | None = None


def _partial(
    examples: list[tuple[Feats, bytes]], labels: Sequence[str], types: frozenset[str]
) -> list[Any]:
    """``examples`` with the mask that lets every ``O`` be an entity of a type outside
    ``types`` (their own entities stay as tagged)."""
    other = np.array([y != "O" and split_tag(y)[1] not in types for y in labels])
    if not other.any():
        return examples
    outside = labels.index("O")
    out = []
    for feats, gold in examples:
        g = np.frombuffer(gold, dtype=np.uint8)
        mask = np.zeros((len(g), len(labels)), dtype=np.uint8)
        mask[np.arange(len(g)), g] = 1
        mask[g == outside] |= other.astype(np.uint8)
        out.append((feats, gold, mask))
    return out


def train_perceptron_tagger(
    sentences: Sequence[tuple[Sequence[str], Sequence[str]]],
    lang: str,
    dictionary_words: Sequence[Sequence[str] | None] | None = None,
    base_dictionary: Sequence[tuple[str, int]] = (),
    epochs: int = 8,
    folds: int = 10,
    bits: int = 21,
    seed: int = 0,
    track: Any = None,
    min_weight: float = 0.0,
    docs: Sequence[Hashable | None] | None = None,
    features: str | Sequence[str] | None = None,
    parts: Sequence[Part] | None = None,
    conventions: Sequence[str] = (),
    segmenter: str = SEGMENTER,
    pos_tagger: str = POS_TAGGER,
) -> PerceptronTagger:
    """Train on ``(tokens, bioes_tags)`` sentences, from the corpora ``parts`` describes
    (default: one, every sentence once).

    Lexicons are jackknifed: sentence ``j`` (fold ``j % folds``) gets features from the
    lexicon of the other folds' entities and, for Chinese, the dictionary of the other
    folds' words when ``dictionary_words`` (each sentence's gold words, or ``None`` for a
    sentence without: it sees the dictionary of every sentence's words) is given; otherwise
    ``base_dictionary`` (an external dictionary, e.g. the shipped segmenter's) serves every
    sentence. The saved model keeps the lexicons of all the sentences.

    ``features`` is what ``meta.json`` records under that key: for Chinese the
    ``ZH_FEATURE_GROUPS`` to add (external resources: never jackknifed; default none; the
    ``words`` and ``pos`` groups read the ``segmenter`` and ``pos_tagger`` models), for
    English the feature set (``EN_FEATURES``, default the newest; ``en-doc``: see
    ``_train_en_doc``), the documents from ``docs`` (each sentence's, as ``predict`` reads
    them; without it every sentence is its own).

    ``conventions`` (Chinese, several ``parts``): a name per part. Each sentence's features
    then carry its corpus's copy (``with_convention``), so the corpora's disagreements (what
    counts as an organisation) live in the copies; the tagger tags in the first convention
    until told otherwise (``PerceptronTagger.use_convention``). A corpus's ``O`` is then
    evidence in its own convention, types it does not annotate included, rather than read
    as partial: a partially read corpus gives its copy no evidence against those types,
    and measured on ner-zh's three corpora the MSRA copy drifted to tagging every
    untagged character MONEY or TIME. Its convention tags only its own types.

    Raises ``InputError`` for a hyper-parameter ``PARAMS`` does not allow, no tagged
    tokens, no entity, more entity types than ``nlptk.sequence.tags.MAX_TYPES``, or
    ``features`` of the other language.
    """
    from nlptk.sequence.tags import training_labels

    params = {"epochs": epochs, "folds": folds, "bits": bits, "seed": seed}
    params["min_weight"] = min_weight
    check_params(params, PARAMS)
    en_set, groups = _feature_args(lang, features)
    parts = list(parts or [Part(len(sentences))])
    part_of = [k for k, p in enumerate(parts) for _ in range(p.count)]
    if len(part_of) != len(sentences):
        raise ValueError(f"parts count {len(part_of)} sentences, not {len(sentences)}")
    if conventions and (lang != "zh" or len(conventions) != len(parts) or len(parts) < 2):
        raise InputError("conventions are for Chinese models: one name per training corpus")
    keep = [j for j, (t, _) in enumerate(sentences) if len(t)]
    data = [(list(sentences[j][0]), list(sentences[j][1])) for j in keep]
    keys = list(range(len(sentences))) if docs is None else list(docs)
    if len(keys) != len(sentences):
        raise ValueError("docs needs one entry per sentence")
    doc_keys = [keys[j] for j in keep]
    if not data:
        raise InputError("no training sentences: the data holds no tagged tokens")
    words: list[list[str] | None] | None = None
    if dictionary_words is not None:
        given = list(dictionary_words)
        if len(given) != len(sentences):
            raise ValueError("dictionary_words needs one entry per sentence")
        words = [None if given[j] is None else list(given[j]) for j in keep]
    labels = training_labels(tag for _, tags in data for tag in tags)
    label_id = {label: i for i, label in enumerate(labels)}
    mentions = [_entities(t, g, lang) for t, g in data]
    all_mentions = Counter(m for ms in mentions for m in ms)
    all_words = Counter(normalize_width(w) for ws in words or () if ws is not None for w in ws)
    full_lexicon = Lexicon.build(all_mentions.elements(), lang)
    fit_parts = [replace(p, types=None) for p in parts] if conventions else parts
    fit = _Fit(labels, bits, epochs, seed, track, min_weight, fit_parts, [part_of[j] for j in keep])
    if lang == "en" and en_set == DOC_FEATURES:
        lexicons = [_fold_lexicon(mentions, all_mentions, k, folds, lang) for k in range(folds)]
        local = [en_rows(tokens, lexicons[j % folds]) for j, (tokens, _) in enumerate(data)]
        golds = [bytes(label_id[t] for t in tags) for _, tags in data]
        second, first = _train_en_doc(data, document_spans(doc_keys), local, golds, fit)
        return PerceptronTagger(
            lang, second, full_lexicon, (), params, features=en_set, first=first
        )
    examples: list[tuple[Feats, bytes] | None] = [None] * len(data)
    base_engine = dictionary_engine(list(base_dictionary)) if lang == "zh" else None
    extras = ZhExtras.build(groups, None, segmenter, pos_tagger) if groups else None
    if lang == "zh" and words is not None and None in words:
        base_engine = dictionary_engine(sorted(all_words.items()))
    for k in range(folds):
        lexicon = _fold_lexicon(mentions, all_mentions, k, folds, lang)
        engine = base_engine
        if lang == "zh" and words is not None:
            own_words = Counter(
                normalize_width(w) for ws in words[k::folds] if ws is not None for w in ws
            )
            engine = dictionary_engine(sorted((all_words - own_words).items()))
        for j in range(k, len(data), folds):
            tokens, tags = data[j]
            use = engine if words is None or words[j] is not None else base_engine
            feats = sentence_features(tokens, lang, lexicon, use, extras)
            if conventions:
                feats = with_convention(feats, part_of[keep[j]])
            examples[j] = (feats, bytes(label_id[t] for t in tags))
    averaged = fit(examples, range(len(data)))  # type: ignore[arg-type]
    dictionary = sorted(all_words.items()) if words is not None else list(base_dictionary)
    types: dict[str, frozenset[str]] = {}
    if conventions:
        every = frozenset(split_tag(y)[1] for y in labels) - {""}
        types = {c: p.types for c, p in zip(conventions, parts, strict=True) if p.types}
        types = {c: t for c, t in types.items() if every - t}
    return PerceptronTagger(
        lang,
        averaged,
        full_lexicon,
        dictionary,
        params,
        features=en_set,
        extras=extras,
        conventions=conventions,
        convention_types=types,
        convention=conventions[0] if conventions else None,
    )


def _feature_args(lang: str, features: str | Sequence[str] | None) -> tuple[str, tuple[str, ...]]:
    """``train_perceptron_tagger``'s ``features`` as ``(English set, Chinese groups)``: a
    set name is English, a sequence of groups Chinese; ``InputError`` for the other
    language's."""
    if lang == "en":
        if features is None or isinstance(features, str):
            return features or EN_FEATURES[-1], ()
        if features:
            raise InputError("feature groups (--features) are for Chinese models")
        return EN_FEATURES[-1], ()
    if isinstance(features, str):
        raise InputError(f"feature set {features!r} is for English models")
    return "en-1", tuple(features or ())


def _fold_lexicon(
    mentions: Sequence[Sequence[tuple[str, str]]], every: Counter, k: int, folds: int, lang: str
) -> Lexicon:
    """The lexicon of the entities of every fold but ``k`` (sentence ``j`` is in ``j % folds``)."""
    own = Counter(m for ms in mentions[k::folds] for m in ms)
    return Lexicon.build((every - own).elements(), lang)


@dataclass(frozen=True)
class _Fit:
    """Training with fixed settings: ``(examples, their sentences) -> averaged Perceptron``,
    its weight rows within ±``min_weight`` dropped. Each corpus's examples (``parts``; the
    part of each training sentence in ``part_ids``) count with its weight and, where it
    annotates fewer types than the model, with ``_partial``'s mask."""

    labels: Sequence[str]
    bits: int
    epochs: int
    seed: int
    track: Any
    min_weight: float
    parts: Sequence[Part]
    part_ids: Sequence[int]

    def __call__(self, examples: Sequence[tuple[Feats, bytes]], rows: Iterable[int]) -> Perceptron:
        from nlptk.sequence.perceptron import Trainer

        trainer = Trainer(Perceptron(self.labels, bioes_allowed(self.labels), self.bits))
        trainer.passes(self.mixed(examples, rows), self.epochs, self.seed, self.track)
        averaged = trainer.averaged()
        if self.min_weight > 0:
            weak = np.abs(averaged.weights_).max(axis=1) <= self.min_weight
            averaged.weights_[weak] = 0.0
        return averaged

    def mixed(self, examples: Sequence[tuple[Feats, bytes]], rows: Iterable[int]) -> list[Any]:
        """``examples`` (of the training sentences ``rows``), corpus by corpus, weighted
        (``nlptk.readers.corpora.weighted``) and masked; one corpus of weight 1 with every
        type: ``examples`` as they are."""
        ids = [self.part_ids[i] for i in rows]
        types = frozenset(split_tag(y)[1] for y in self.labels) - {""}
        out: list[Any] = []
        for k, part in enumerate(self.parts):
            own = [e for e, p in zip(examples, ids, strict=True) if p == k]
            if part.types is not None and types - part.types:
                own = _partial(own, self.labels, part.types)
            out.extend(weighted(own, part.weight, self.seed))
        return out


def _train_en_doc(
    data: Sequence[tuple[list[str], list[str]]],
    spans: Sequence[tuple[int, int]],
    local: Sequence[list[list[str]]],
    golds: Sequence[bytes],
    fit: _Fit,
) -> tuple[Perceptron, Perceptron]:
    """``en-doc``: the second-pass and first-pass models. The first pass is trained on
    ``local`` (jackknifed-lexicon rows) and the document rows; the second on those and the
    labels that first-pass models trained without each document (``HISTORY_FOLDS`` folds of
    the documents ``spans``) gave it, as a first pass on unseen text would."""

    def doc_feats(history: Sequence[list[str]] | None) -> list[Feats]:
        out: list[Feats] = []
        for s, e in spans:
            past = None if history is None else history[s:e]
            out += en_doc_features([t for t, _ in data[s:e]], local[s:e], past)
        return out

    feats = doc_feats(None)
    history: list[list[str]] = [[] for _ in data]
    everything = range(len(data))
    for k in range(HISTORY_FOLDS):
        held = [i for d, (s, e) in enumerate(spans) if d % HISTORY_FOLDS == k for i in range(s, e)]
        kept = sorted(set(everything) - set(held))
        model = fit([(feats[i], golds[i]) for i in kept], kept)
        for i, tags in zip(held, _tags(model, [feats[i] for i in held], fit.labels), strict=True):
            history[i] = tags
    first = fit(list(zip(feats, golds, strict=True)), everything)
    second = fit(list(zip(doc_feats(history), golds, strict=True)), everything)
    return second, first
