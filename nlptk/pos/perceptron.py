"""pos: ``PerceptronTagger`` — word-level part-of-speech tags from the averaged perceptron.

The engine is ``nlptk.sequence.perceptron`` (hashed features, first-order tag transitions,
Viterbi); this module adds the word features and the model directory. Raw text is first cut
by a segmentation model (``pd98-perceptron`` for the shipped ``pos-zh-pd98``), then each word
is tagged from:

- the word itself, its first and last one and two characters, its length (capped at 5) and
  its character classes (Han, Chinese numeral, digit, Latin, other; runs collapsed);
- its **ambiguity class**: the tags the tag dictionary allows it (``?`` outside it) joined
  with the tag jieba's dictionary gives it (``v|vn#vn``; ``#`` alone when jieba has none), so
  rare and unseen words get a class from a 349k-word lexicon instead of one shared ``?``;
- for a word outside the tag dictionary, each of its distinct characters and its first and
  last three characters (``OOV_TEMPLATES``: an unseen 国务院办公厅 shares 院, 厅 with seen
  organisations);
- the words at -2 … +2, the last character and classes of the previous word, the first
  character and classes of the next one, and the word pairs (-1, 0) and (0, +1).

A **tag dictionary** restricts the words seen often in training to the tags they were seen
with (a decoding mask): frequent words are never given a tag they never had, and the
decoder is spared scoring the rest. Words are width-normalised first (PD98 writes digits
full width), as the segmenter normalises its text.

A model directory holds ``meta.json`` (``"task": "pos"``, labels, the segmenter's name, the
feature templates), ``weights.bin`` (``nlptk.sequence.perceptron.write_weights``) and
``tagdict.json``; jieba's dictionary is read from the installed jieba package.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Bool, Int, Json, List, Obj, Opt, Str, Where
from nlptk.artifacts import (
    META,
    check_meta,
    model_file,
    model_kind,
    read_json,
    reference_to,
    resolve_reference,
    write_meta,
)
from nlptk.errors import ModelFormatError
from nlptk.pos.tagged import POS_TASK, TaggedToken
from nlptk.pos.wordtags import WordTags
from nlptk.readers.names import NAMES
from nlptk.segment import Segmenter, jieba_sources, normalize_width
from nlptk.sequence.perceptron import Feats, Perceptron, feature_id, transitions

try:  # the compiled layout of a sentence's features (WordFeatures.__call__ is its reference)
    from nlptk.pos._c import _features as _cfeatures
except ImportError:
    _cfeatures = None

__all__ = [
    "FEATURES",
    "OOV_TEMPLATES",
    "TASK",
    "TEMPLATES",
    "PerceptronTagger",
    "WordFeatures",
    "all_allowed",
    "segmenter_path",
    "LABELS",
]

TASK = POS_TASK
WEIGHTS_FILE = "weights.bin"
TAGDICT_FILE = "tagdict.json"
#: The segmenter of models that name none.
DEFAULT_SEGMENTER = "pd98-perceptron"

#: The templates every position has, in the order of its first feature ids. ``amb`` is a
#: word's ambiguity class (the tag-dictionary tags, ``#``, jieba's tag), which lets words
#: that share a class share what context tells them (发展, 建设, 改革 are all
#: ``v|vn#vn``: after 的 a ``vn``).
TEMPLATES = (
    "bias",
    "w[0]",
    "p1[0]",
    "p2[0]",
    "s1[0]",
    "s2[0]",
    "len[0]",
    "cls[0]",
    "amb[0]",
    "w[-1]",
    "s1[-1]",
    "cls[-1]",
    "amb[-1]",
    "w[1]",
    "p1[1]",
    "cls[1]",
    "amb[1]",
    "w[-2]",
    "w[2]",
    "w[-1]w[0]",
    "w[0]w[1]",
    "amb[0]w[-1]",
    "amb[0]w[1]",
    "amb[-1]amb[0]amb[1]",
)
#: The templates added after ``TEMPLATES`` for a word outside the tag dictionary: one id per
#: distinct character (``c``), and its first and last three characters.
OOV_TEMPLATES = ("c[0]", "p3[0]", "s3[0]")
#: What ``meta.json`` records as ``params.features``; a model recording other features was
#: trained by another version and is refused.
FEATURES = [*TEMPLATES, *OOV_TEMPLATES, "lexicon=jieba"]
#: The templates of a word's own vector (``WordFeatures.vector``) by the offset they are
#: used at: 0 (the word itself), -1 (it precedes the tagged word), +1, -2, +2; the rest of
#: ``TEMPLATES`` join two or three words and are hashed per sentence.
_OWN = ("bias", "w", "p1", "p2", "s1", "s2", "len", "cls", "amb")
_ROLES = (
    (0, _OWN),
    (-1, ("w", "s1", "cls", "amb")),
    (1, ("w", "p1", "cls", "amb")),
    (-2, ("w",)),
    (2, ("w",)),
)
_NUMERALS = frozenset("〇零一二三四五六七八九十百千万亿两几半")
_BOUNDS = {-2: "<s>", -1: "<s>", 1: "</s>", 2: "</s>"}
_NO_IDS = np.zeros(0, dtype=np.uint32)


@functools.cache
def jieba_lexicon() -> WordTags:
    """Word -> tag from the installed jieba's dictionary: mapped once per process (from
    nlptk's cache after the first run), as training builds a tagger per pass."""
    return WordTags.load(jieba_sources()[0])


def _char_class(ch: str) -> str:
    if ch in _NUMERALS:
        return "N"
    if "\u4e00" <= ch <= "\u9fff":
        return "H"
    if ch.isdigit():
        return "D"
    if ch.isascii() and ch.isalpha():
        return "L"
    return "O"


def _classes(word: str) -> str:
    out: list[str] = []
    for ch in word:
        k = _char_class(ch)
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)[:4]


def _values(word: str, amb: str) -> dict[str, str]:
    return {
        "bias": "",
        "w": word,
        "p1": word[:1],
        "p2": word[:2],
        "s1": word[-1:],
        "s2": word[-2:],
        "len": str(min(len(word), 5)),
        "cls": _classes(word),
        "amb": amb,
    }


class _Keys:
    """A word's bytes, its class's, and the CRCs of the joined templates' prefixes it
    starts (the sentence boundaries are ``<s>``/``</s>`` as both word and class)."""

    __slots__ = ("word", "amb", "amb_bar", "pair_prev", "pair_next", "amb_prev", "amb_next", "amb3")

    def __init__(self, word: str, amb: str) -> None:
        self.word = word.encode("utf-8", "surrogatepass")  # as feature_id encodes
        self.amb = amb.encode("utf-8")
        self.amb_bar = f"{amb}|".encode()  # the middle of "aaa=a|b|c"
        self.pair_prev = feature_id(f"ww[-1]={word}|")  # this word, then the tagged one
        self.pair_next = feature_id(f"ww[1]={word}|")  # the tagged word, then the next
        self.amb_prev = feature_id(f"aw[-1]={amb}|")
        self.amb_next = feature_id(f"aw[1]={amb}|")
        self.amb3 = feature_id(f"aaa={amb}|")


class WordFeatures:
    """Feature ids of word sequences under a tag dictionary and a word -> tag lexicon
    (``None``: jieba's dictionary), with each word's own ids computed once and cached (a
    sentence then costs five CRCs per word for the templates that join words, and array
    indexing).

    >>> f = WordFeatures({"爱": ["v"]}, {"北京": "ns"})
    >>> f.amb("爱"), f.amb("北京")
    ('v#', '?#ns')
    >>> feats = f(["我", "爱", "北京"])
    >>> len(feats), [len(feats.at(i)) - len(TEMPLATES) for i in range(3)]
    (3, [3, 0, 4])
    """

    #: The cache is dropped when it grows past this many words (memory stays bounded on
    #: streams with an open vocabulary).
    max_cache = 200_000

    def __init__(
        self,
        tagdict: dict[str, Sequence[str]],
        lexicon: Mapping[str, str] | WordTags | None = None,
    ) -> None:
        self._amb = {w: "|".join(tags) for w, tags in tagdict.items()}
        self._lexicon = jieba_lexicon() if lexicon is None else lexicon
        self._cache: dict[str, tuple[np.ndarray, np.ndarray]] = {}
        self._key_cache: dict[str, _Keys] = {}
        self._first, self._last = _Keys("<s>", "<s>"), _Keys("</s>", "</s>")
        # boundary words: only the ids of their own offset are ever read
        self._pad = {off: self._vector(token, only=off) for off, token in _BOUNDS.items()}

    def amb(self, word: str) -> str:
        """The ambiguity class of ``word``: its tags joined by ``|`` (``?`` outside the tag
        dictionary), ``#``, and the lexicon's tag for it (empty if none)."""
        return f"{self._amb.get(word, '?')}#{self._lexicon.get(word, '')}"

    def _oov(self, word: str) -> np.ndarray:
        """The ``OOV_TEMPLATES`` ids of ``word``: none for a tag-dictionary word."""
        if word in self._amb:
            return _NO_IDS
        ids = [feature_id(f"c[0]={ch}") for ch in dict.fromkeys(word)]
        ids += (feature_id(f"p3[0]={word[:3]}"), feature_id(f"s3[0]={word[-3:]}"))
        return np.array(ids, dtype=np.uint32)

    def _vector(self, word: str, only: int | None = None) -> np.ndarray:
        """Ids of ``word`` in every role: ``{template}[{offset}]={value}`` hashed."""
        vals = _values(word, self.amb(word)) if only is None else dict.fromkeys(_OWN, word)
        ids = []
        for off, names in _ROLES:
            for name in names:
                ids.append(feature_id(f"{name}[{off}]={vals[name]}") if only in (None, off) else 0)
        return np.array(ids, dtype=np.uint32)

    def _keys(self, word: str) -> _Keys:
        k = self._key_cache.get(word)
        if k is None:
            if len(self._key_cache) >= self.max_cache:
                self._key_cache.clear()
            k = self._key_cache[word] = _Keys(word, self.amb(word))
        return k

    def vector(self, word: str) -> tuple[np.ndarray, np.ndarray]:
        """The cached ids of ``word`` in every role, and its ``OOV_TEMPLATES`` ids."""
        v = self._cache.get(word)
        if v is None:
            if len(self._cache) >= self.max_cache:
                self._cache.clear()
            v = self._cache[word] = (self._vector(word), self._oov(word))
        return v

    def record(self, word: str, mask_row: int) -> tuple:
        """What the compiled layout (``_features.sentence``) reads of a normalised word: its
        vector and OOV ids as bytes, the bytes and CRC states of ``_Keys``, its mask row."""
        k = _Keys(word, self.amb(word))
        ids = (self._vector(word).tobytes(), self._oov(word).tobytes())
        return (*ids, k.word, k.amb, k.amb_bar, *self._states(k), mask_row)

    def boundaries(self) -> tuple[tuple, tuple, bytes]:
        """The ``<s>`` and ``</s>`` records and the four boundary vectors (-2, -1, +1, +2)
        of the compiled layout."""
        first, last = (
            (b"", b"", k.word, k.amb, k.amb_bar, *self._states(k), 0)
            for k in (self._first, self._last)
        )
        return first, last, b"".join(self._pad[o].tobytes() for o in (-2, -1, 1, 2))

    @staticmethod
    def _states(k: _Keys) -> tuple[int, ...]:
        return (k.pair_prev, k.pair_next, k.amb_prev, k.amb_next, k.amb3)

    def __call__(self, words: Sequence[str]) -> Feats:
        """``Feats`` of ``words`` (normalised already): the ``TEMPLATES`` ids of each word,
        then the ``OOV_TEMPLATES`` ids of a word outside the tag dictionary."""
        n = len(words)
        pad = self._pad
        own = [self.vector(w) for w in words]
        table = np.stack(
            [pad[-2], pad[-1], *(v for v, _ in own), pad[1], pad[2]]
        )  # row i + 2 is word i
        # Each joined id is the CRC of "{prefix}{a}|{b}", computed as the CRC of b's bytes
        # continued from the cached CRC of "{prefix}{a}|" (the same value, no formatting).
        keys = [self._keys(w) for w in words]
        seq = [self._first, *keys, self._last]
        crc = zlib.crc32
        flat: list[int] = []
        for prev, cur, nxt in zip(seq, seq[1:], seq[2:], strict=False):
            flat += (
                crc(cur.word, prev.pair_prev),
                crc(nxt.word, cur.pair_next),
                crc(prev.word, cur.amb_prev),
                crc(nxt.word, cur.amb_next),
                crc(nxt.amb, crc(cur.amb_bar, prev.amb3)),
            )
        joined = np.array(flat, dtype=np.uint32).reshape(n, 5)
        rows = np.arange(2, n + 2)
        out = np.concatenate(
            [
                table[rows, 0:9],  # the word
                table[rows - 1, 9:13],  # the previous word
                table[rows + 1, 13:17],  # the next word
                table[rows - 2, 17:18],
                table[rows + 2, 18:19],
                joined,
            ],
            axis=1,
        )
        extra = [e for _, e in own]
        counts = np.fromiter(map(len, extra), dtype=np.int32, count=n)
        if not counts.any():
            return Feats(np.ascontiguousarray(out).reshape(-1), len(TEMPLATES))
        # each row: its TEMPLATES ids, then its extra ids
        offsets = np.zeros(n + 1, dtype=np.int32)
        np.cumsum(counts + len(TEMPLATES), out=offsets[1:])
        ids = np.empty(int(offsets[-1]), dtype=np.uint32)
        ids[offsets[:-1, None] + np.arange(len(TEMPLATES))] = out
        starts = np.repeat(offsets[:-1] + len(TEMPLATES) - np.cumsum(counts) + counts, counts)
        ids[starts + np.arange(int(counts.sum()))] = np.concatenate(extra)
        return Feats(ids, offsets)


def all_allowed(n_labels: int) -> np.ndarray:
    """Any tag may follow any tag (the transition weights alone score tag bigrams)."""
    return transitions(range(n_labels), lambda p, y: True, lambda y: True, lambda y: True)


class PerceptronTagger:
    """Part-of-speech tagger: a segmenter cuts the text, the averaged perceptron tags words.

    Parameters
    ----------
    model : Perceptron
        Weights over ``labels`` (the tags).
    tagdict : dict of str to list of str
        Frequent training words (normalised) and the only tags they may take.
    segmenter : Segmenter, optional
        Cuts raw text for ``tag``/``pairs``; loaded from ``segmenter_name`` on first use.
    segmenter_name : str
        The segmentation model: a shipped name or a path (``save`` records it in
        ``meta.json`` relative to the model directory).

    >>> PerceptronTagger.load("pos-zh-pd98").pairs("我爱北京天安门")
    [('我', 'r'), ('爱', 'v'), ('北京', 'ns'), ('天安门', 'ns')]
    """

    #: ``nlptk pos`` passes its ``--no-hmm`` choice; the perceptron has no HMM to switch.
    hmm = False

    def __init__(
        self,
        model: Perceptron,
        tagdict: dict[str, Sequence[str]],
        segmenter: Segmenter | None = None,
        segmenter_name: str = DEFAULT_SEGMENTER,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.model = model
        self.labels_ = list(model.labels)
        index = {t: i for i, t in enumerate(self.labels_)}
        self.tagdict = {w: t if type(t) is list else list(t) for w, t in tagdict.items()}
        # one mask row per tag-dictionary word (the last row, all ones, for other words),
        # gathered per sentence
        self._mask_index = {w: i for i, w in enumerate(self.tagdict)}
        self._mask_table = np.ones((len(self.tagdict) + 1, len(self.labels_)), dtype=np.uint8)
        self._mask_table[:-1] = 0
        rows = [i for i, tags in enumerate(self.tagdict.values()) for _ in tags]
        cols = [index[t] for tags in self.tagdict.values() for t in tags]
        self._mask_table[rows, cols] = 1
        self._segmenter = segmenter
        self.segmenter_name = segmenter_name
        self.params = dict(params or {})
        self._features = WordFeatures(self.tagdict)
        self._records: dict[str, tuple] = {}  # raw word -> its record for _cfeatures
        self._bounds = self._features.boundaries()

    @property
    def segmenter(self) -> Segmenter:
        """The segmenter that cuts raw text (loaded on first use)."""
        if self._segmenter is None:
            self._segmenter = Segmenter.load(self.segmenter_name)
        return self._segmenter

    def mask(self, words: Sequence[str]) -> np.ndarray | None:
        """The tag-dictionary decoding mask of normalised ``words`` (``None``: no word in it)."""
        get, free = self._mask_index.get, len(self._mask_index)
        rows = np.fromiter((get(w, free) for w in words), dtype=np.intp, count=len(words))
        if not len(rows) or rows.min() == free:
            return None
        return self._mask_table[rows]

    def tag_words(self, words: Sequence[str], use_tagdict: bool = True) -> list[str]:
        """One tag per word of an already segmented sentence.

        >>> PerceptronTagger.load("pos-zh-pd98").tag_words(["１９９８年", "新年", "讲话"])
        ['t', 't', 'n']
        """
        if not words:
            return []
        labels = self.labels_
        if _cfeatures is not None:
            return [labels[y] for y in self.model.decode(*self._compiled(words, use_tagdict))]
        norm = [normalize_width(w) for w in words]
        mask = self.mask(norm) if use_tagdict else None
        return [labels[y] for y in self.model.decode(self._features(norm), mask)]

    def _compiled(self, words: Sequence[str], use_tagdict: bool) -> tuple[Feats, np.ndarray | None]:
        """The features and mask of ``tag_words``, laid out in C from one cached record per
        distinct raw word (width-normalised once, not per occurrence)."""
        cache = self._records
        recs = [cache.get(w) for w in words]
        if None in recs:
            if len(cache) >= WordFeatures.max_cache:
                cache.clear()
            free = len(self._mask_index)
            for i, w in enumerate(words):
                if recs[i] is None:
                    norm = normalize_width(w)
                    recs[i] = cache[w] = self._features.record(
                        norm, self._mask_index.get(norm, free)
                    )
        ids, offsets, rows = _cfeatures.sentence(recs, *self._bounds)
        layout = len(TEMPLATES) if offsets is None else np.frombuffer(offsets, dtype=np.int32)
        feats = Feats(np.frombuffer(ids, dtype=np.uint32), layout)
        if not use_tagdict:
            return feats, None
        index = np.frombuffer(rows, dtype=np.int64)
        return feats, None if index.min() == len(self._mask_index) else self._mask_table[index]

    def pairs(self, text: str, hmm: bool | None = None) -> list[tuple[str, str]]:
        """``(word, tag)`` pairs of raw ``text`` (``hmm`` is accepted and ignored); whitespace
        runs are tokens tagged ``x``, as jieba's posseg tags them."""
        words = self.segmenter.cut(text, "accurate", False)
        keep = [w for w in words if not w.isspace()]
        tags = iter(self.tag_words(keep))
        return [(w, "x" if w.isspace() else next(tags)) for w in words]

    def tag(self, text: str, hmm: bool | None = None) -> list[TaggedToken]:
        """Words of ``text`` with their tags and offsets; every character is in a token."""
        out, start = [], 0
        for word, tag in self.pairs(text):
            out.append(TaggedToken(word, tag, start, start + len(word)))
            start += len(word)
        return out

    def save(self, model_dir: str | Path, meta: dict[str, Any] | None = None) -> Path:
        """Write ``weights.bin``, ``tagdict.json`` and ``meta.json`` (``meta`` adds to it)."""
        import json

        out = Path(model_dir)
        out.mkdir(parents=True, exist_ok=True)
        self.model.save(out / WEIGHTS_FILE)
        (out / TAGDICT_FILE).write_text(
            json.dumps(dict(sorted(self.tagdict.items())), ensure_ascii=False, indent=0) + "\n",
            encoding="utf-8",
        )
        record = {
            "task": TASK,
            "class": type(self).__name__,
            "engine": "perceptron",
            "labels": self.labels_,
            "segmenter": reference_to(out, self.segmenter_name),
            "files": [WEIGHTS_FILE, TAGDICT_FILE],
            "params": {**self.params, "features": FEATURES},
            **(meta or {}),
        }
        write_meta(out, record, [TAGDICT_FILE])  # weights.bin carries its own checksum
        return out

    @classmethod
    def load(cls, model: str | Path, segmenter: Segmenter | None = None) -> PerceptronTagger:
        """A tagger from a directory written by ``save`` or a shipped model's name; a wrong
        or damaged file is a ``ModelFormatError`` (every field of ``meta.json`` and
        ``tagdict.json`` is checked, and every file's checksum), another engine's model an
        ``InputError``. ``segmenter`` replaces the recorded one."""
        kind = model_kind(model, TASK, "perceptron")
        path, meta = kind.path, kind.meta
        check_meta(meta, _META, path / META)
        labels, params = meta["labels"], meta["params"]
        if params["features"] != FEATURES:
            raise ModelFormatError(
                f"{path}: trained with other feature templates than this version computes; "
                "retrain it with `nlptk train pos`"
            )
        tagdict_path = model_file(path, TAGDICT_FILE, meta)
        tagdict = read_json(tagdict_path)
        _check_tagdict(tagdict_path, tagdict, labels)
        name = str(segmenter_path(path, meta))
        weights = Perceptron.load(model_file(path, WEIGHTS_FILE), labels, all_allowed(len(labels)))
        return cls(weights, tagdict, segmenter, name, params)


#: A POS model's tags: ASCII letters and digits (People's Daily's ``nr``, ``Ng``), at most
#: 255 of them (label ids are bytes).
LABELS = List(
    Where(Str(nonempty=True), lambda t: t.isascii() and t.isalnum(), "ASCII letters and digits"),
    min_len=1,
    max_len=255,
    unique=True,
)
#: ``meta.json`` of a POS model.
_META = Obj(
    {
        "class": Str(choices=("PerceptronTagger",)),
        "engine": Str(choices=("perceptron",)),
        "labels": LABELS,
        "segmenter": Str(nonempty=True),
        "params": Obj(
            {
                "features": List(Str()),
                "epochs": Int(lo=1),
                "max_epochs": Opt(Int(lo=1)),
                "bits": Int(lo=1, hi=30),
                "max_rows": Int(lo=1),
                "tagdict_min": Int(lo=1),
                "seed": Int(),
                "normalize_width": Bool(),
                "names": Str(choices=NAMES),
            },
            optional=(
                "epochs",
                "max_epochs",
                "bits",
                "max_rows",
                "tagdict_min",
                "seed",
                "normalize_width",
                "names",
            ),
        ),
        "tagdict_words": Int(lo=0),
        "weight_rows": Int(lo=0),
    },
    optional=("class", "engine", "segmenter", "tagdict_words", "weight_rows"),
    extra=Json(),
)


#: ``tagdict.json``: word → the tags it may take.
def _check_tagdict(path: Path, tagdict: dict[str, Any], labels: Sequence[str]) -> None:
    """Each word (non-empty) maps to a non-empty list of distinct tags among ``labels``:
    checked in bulk, a few set operations for the 14k words rather than a schema walk per
    entry (which took about a tenth of a one-line run)."""
    values = list(tagdict.values())
    try:
        ok = (
            "" not in tagdict
            and all(type(v) is list and v and len(set(v)) == len(v) for v in values)
            and set().union(*values) <= set(labels)
        )
    except TypeError:  # an unhashable tag
        ok = False
    if not ok:
        raise ModelFormatError(
            f"{path}: each word must map to a list of distinct tags among the model's labels"
        )


def segmenter_path(model_dir: Path, meta: dict[str, Any]) -> Path:
    """The segmentation model a POS model's ``meta.json`` names: a shipped name or a path
    relative to the model directory (``nlptk.artifacts.resolve_reference``)."""
    return resolve_reference(model_dir, meta.get("segmenter", DEFAULT_SEGMENTER), "segment")
