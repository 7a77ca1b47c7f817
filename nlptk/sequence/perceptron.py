"""sequence: an averaged structured perceptron — hashed features, constrained Viterbi, training.

The engine knows labels, not tasks. A tagger (segmentation, NER, POS) supplies, for each
position of a sentence, a list of 32-bit **feature ids**; the engine scores label ``y`` at
that position as the sum of ``weights[id & (rows - 1), y]`` over its ids, adds transition
weights, and decodes with Viterbi under an allowed-transition table (forbidden transitions
can never be produced, whatever the weights).

API for a tagger
----------------
- ``Perceptron(labels, allowed, bits=22)``: ``allowed`` is a ``(L+1, L+1)`` boolean matrix,
  ``allowed[p, y]`` for label ``p`` followed by ``y``; row ``L`` is the sentence start and
  column ``L`` its end (``transitions(labels, can_follow, can_start, can_end)`` builds it
  from predicates, e.g. the BIOES rules of ``nlptk.sequence.tags``).
- Features: ``pack(rows_of_ids)`` turns a list (one list of ids per position) into the
  ``Feats`` the engine takes. Ids come from ``feature_id("w[-1]=北京")`` (hashed strings,
  built in Python: the easy way for NER/POS), or from templates computed in C, such as the
  character windows of ``nlptk.segment.perceptron.features`` (a ``Feats`` with a fixed
  ``stride``: the same number of ids at every position).
- ``decode(feats, mask=None) -> list[int]``: label ids; ``mask`` (``(n, L)`` booleans) rules
  labels out position by position (e.g. user-dictionary words kept whole).
- ``Trainer(model, passive_aggressive=False, aggressiveness=1.0)``: ``step(feats, gold)``
  per sentence (shuffle outside, with your seed), ``averaged()`` a ``Perceptron`` with the
  averaged weights, to decode a dev set after each epoch or to keep.
- ``save(path)`` / ``Perceptron.load(path)``: one binary file, laid out as the decoder reads
  it (see ``write_weights``). A loaded model's ``weights_`` is a ``LeanWeights``: the kept
  rows as float16 behind a sorted key index, mapped from the file, never copied or expanded
  (a shipped NER model is a few pages of a 17 MB file instead of a 486 MB dense table);
  ``LeanWeights.dense()`` gives the dense table back, to train on from there.

The hot paths run in the compiled ``nlptk.sequence._perceptron``; ``decode_py`` and
``train_step_py`` are the pure-Python reference (the fallback when it is not built), held
equal to it by the tests.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import inf, sqrt
from pathlib import Path
from typing import BinaryIO, TypeVar

import numpy as np

from nlptk._mapped import map_file, write_replacing
from nlptk.errors import ModelFormatError

try:
    from nlptk.sequence import _perceptron as _c
except ImportError:  # not compiled: the Python reference serves
    _c = None

__all__ = [
    "Feats",
    "LeanWeights",
    "Perceptron",
    "Trainer",
    "compiled",
    "decode_py",
    "feature_id",
    "pack",
    "train_step_py",
    "transitions",
    "with_convention",
]

MAGIC = b"NLPTKAP2"
_OLD_MAGIC = b"NLPTKAP1"
# magic, labels, bits, rows kept, reserved, sha256 (of the whole file with these 32 bytes
# zeroed: the header is checked as well as the payload)
_HEADER = struct.Struct("<8sIIII32s")
_DIGEST_AT = _HEADER.size - 32
_ALIGN = 64  # every section starts on a cache line (and so is aligned for its dtype)


def compiled() -> bool:
    """Whether the compiled hot paths are built (else the Python reference runs)."""
    return _c is not None


def feature_id(feature: str) -> int:
    """A string feature's 32-bit id (CRC-32 of its UTF-8 bytes: stable across runs and
    processes, unlike ``hash``). A lone surrogate (text decoded with ``surrogateescape``,
    or built by hand) is encoded as its three bytes rather than raising.

    >>> feature_id("w[0]=北京")
    2842015302
    """
    return zlib.crc32(feature.encode("utf-8", "surrogatepass"))


@dataclass(frozen=True)
class Feats:
    """The feature ids of one sentence: ``ids`` (uint32) and either a fixed ``stride`` or
    ``offsets`` (int32, ``n + 1`` entries; position ``i`` holds
    ``ids[offsets[i]:offsets[i+1]]``)."""

    ids: np.ndarray
    layout: int | np.ndarray

    def __len__(self) -> int:
        if isinstance(self.layout, int):
            return len(self.ids) // self.layout
        return len(self.layout) - 1

    def at(self, i: int) -> np.ndarray:
        """The ids of position ``i``."""
        if isinstance(self.layout, int):
            return self.ids[i * self.layout : (i + 1) * self.layout]
        return self.ids[self.layout[i] : self.layout[i + 1]]


@dataclass(frozen=True)
class LeanWeights:
    """A trained model's rows as they are stored and decoded: only the rows a model has.

    ``values`` (float16, ``(n + 1, L)``) are the kept rows in key order (a row's key is
    ``id & (2**bits - 1)``), then a row of zeros that every key not kept reads.
    ``index`` (uint64, ``(2**bits / 64, 2)``) has, per block of 64 keys, a bitmap of the
    keys kept and the count of rows kept before the block, so a key's row is one rank
    query: its bit, then the block's count plus the set bits below it (one cache line;
    16 bytes per 64 keys, 1 MB for 2**22). A key not kept scores 0, as its all-zero row
    did in the dense table, so decoding gives the dense table's paths exactly. The arrays
    are views of the mapped file: the pages a decode touches are all the memory the model
    costs, and processes share them.
    """

    index: np.ndarray
    values: np.ndarray
    bits: int

    @classmethod
    def from_dense(cls, weights: np.ndarray) -> LeanWeights:
        """The nonzero rows of a dense ``(2**bits, L)`` table, rounded to float16."""
        values = weights.astype(np.float16)
        keys = np.flatnonzero(np.any(values != 0, axis=1))
        return cls.from_rows(keys, values[keys], weights.shape[0].bit_length() - 1)

    @classmethod
    def from_rows(cls, keys: np.ndarray, values: np.ndarray, bits: int) -> LeanWeights:
        """Kept rows: ascending ``keys`` below ``2**bits`` and their float16 ``values``."""
        keys = np.asarray(keys, dtype=np.uint64)
        blocks = max(1 << bits >> 6, 1)
        bitmap = np.zeros(blocks, dtype=np.uint64)
        np.bitwise_or.at(bitmap, keys >> np.uint64(6), np.uint64(1) << (keys & np.uint64(63)))
        index = np.empty((blocks, 2), dtype=np.uint64)
        index[:, 0] = bitmap
        index[0, 1] = 0
        np.cumsum(np.bitwise_count(bitmap)[:-1], out=index[1:, 1])
        rows = np.zeros((len(keys) + 1, values.shape[1]), dtype=np.float16)
        rows[:-1] = values
        return cls(index, rows, bits)

    def keys(self) -> np.ndarray:
        """The kept keys, ascending."""
        bits = np.unpackbits(self.index[:, 0].astype("<u8").view(np.uint8), bitorder="little")
        return np.flatnonzero(bits)

    def c_table(self) -> tuple[np.ndarray, np.ndarray, int]:
        """The tuple the compiled decoder takes in place of a dense table."""
        return self.index, self.values.view(np.uint16), self.bits

    def dense(self) -> np.ndarray:
        """The ``(2**bits, L)`` float32 table (to train on from these weights)."""
        table = np.zeros((1 << self.bits, self.values.shape[1]), dtype=np.float32)
        table[self.keys()] = self.values[:-1]
        return table


def _dense_rows(weights: np.ndarray | LeanWeights) -> tuple[np.ndarray, Callable[[int], int]]:
    """For the Python reference: float64 rows and a feature id -> its row (a lean table's
    zero row for a key not kept)."""
    if isinstance(weights, LeanWeights):
        index = weights.index.tolist()
        mask, zero = (1 << weights.bits) - 1, len(weights.values) - 1

        def row(f: int) -> int:
            key = f & mask
            word, before = index[key >> 6]
            if not word >> (key & 63) & 1:
                return zero
            return before + (word & ((1 << (key & 63)) - 1)).bit_count()

        return weights.values.astype(np.float64), row
    rows = weights.shape[0] - 1
    return weights.astype(np.float64), lambda f: f & rows


def with_convention(feats: Feats, convention: int) -> Feats:
    """``feats`` with a second copy of every id, salted with ``convention`` (a corpus's
    annotation convention, numbered from 0), right after the ids of its position.

    Why: corpora disagree on what to mark (MSRA tags 东盟 an organisation, People's Daily
    does not; Weibo keeps words PKU splits). Trained this way — each sentence with its own
    corpus's convention, the "feature augmentation" of Daumé (2007) that multi-criteria
    segmenters use — the shared ids learn what the corpora agree on and each copy where its
    corpus differs, so one model answers in the convention it is asked for.

    >>> f = pack([[1, 2], [3]])
    >>> g = with_convention(f, 0)
    >>> [len(g.at(i)) for i in range(len(g))], int(g.at(1)[0]), bool(g.at(1)[1] != 3)
    ([4, 2], 3, True)
    """
    salted = feats.ids ^ np.uint32(0x9E3779B9 * (convention + 1) & 0xFFFFFFFF)
    # murmur3's finaliser: each copy lands on rows unrelated to the shared id's
    salted ^= salted >> np.uint32(16)
    salted *= np.uint32(0x85EBCA6B)
    salted ^= salted >> np.uint32(13)
    salted *= np.uint32(0xC2B2AE35)
    salted ^= salted >> np.uint32(16)
    if isinstance(feats.layout, int):
        n, m = len(feats), feats.layout
        both = np.concatenate([feats.ids.reshape(n, m), salted.reshape(n, m)], axis=1)
        return Feats(np.ascontiguousarray(both).reshape(-1), 2 * m)
    offsets = np.asarray(feats.layout, dtype=np.int32)
    at = np.repeat(np.arange(len(feats), dtype=np.int64), np.diff(offsets))
    order = np.argsort(np.concatenate([2 * at, 2 * at + 1]), kind="stable")
    ids = np.concatenate([feats.ids, salted])[order]
    return Feats(np.ascontiguousarray(ids, dtype=np.uint32), offsets * 2)


def pack(rows: Sequence[Sequence[int]]) -> Feats:
    """``Feats`` from one list of feature ids per position."""
    offsets = np.zeros(len(rows) + 1, dtype=np.int32)
    np.cumsum([len(r) for r in rows], out=offsets[1:])
    ids = np.fromiter((f for r in rows for f in r), dtype=np.uint32, count=int(offsets[-1]))
    return Feats(ids, offsets)


def transitions(
    labels: Sequence[str],
    can_follow: Callable[[str, str], bool],
    can_start: Callable[[str], bool],
    can_end: Callable[[str], bool],
) -> np.ndarray:
    """The ``(L+1, L+1)`` allowed-transition table (row ``L`` = start, column ``L`` = end).

    >>> from nlptk.sequence.tags import BMES, PREV_BMES
    >>> t = transitions(BMES, lambda p, y: p in PREV_BMES[y], lambda y: y in "BS",
    ...                 lambda y: y in "ES")
    >>> t.astype(int).tolist()[0]  # after B: M or E
    [0, 1, 1, 0, 0]
    """
    n = len(labels)
    table = np.zeros((n + 1, n + 1), dtype=np.uint8)
    for i, p in enumerate(labels):
        table[n, i] = can_start(p)
        table[i, n] = can_end(p)
        for j, y in enumerate(labels):
            table[i, j] = can_follow(p, y)
    return table


def decode_py(
    weights: np.ndarray | LeanWeights,
    trans: np.ndarray,
    allowed: np.ndarray,
    feats: Feats,
    mask: np.ndarray | None = None,
) -> list[int]:
    """Reference Viterbi: the compiled ``decode``, in Python (sums in feature order, in
    double precision, ties to the lowest label), over a dense or a lean table."""
    n_labels = trans.shape[0] - 1
    n = len(feats)
    if n == 0:
        return []
    w, row_of = _dense_rows(weights)
    t = trans.astype(np.float64).tolist()
    ok = allowed.astype(bool).tolist()
    start = n_labels
    prev: list[float] = []
    back: list[list[int]] = []
    for i in range(n):
        emit = [0.0] * n_labels
        for f in feats.at(i).tolist():
            row = w[row_of(f)].tolist()
            for y in range(n_labels):
                emit[y] += row[y]
        cur, arg = [], []
        for y in range(n_labels):
            best, best_q = -inf, 0
            if mask is None or mask[i, y]:
                if i == 0:
                    if ok[start][y]:
                        best = t[start][y]
                else:
                    for q in range(n_labels):
                        if ok[q][y] and prev[q] != -inf and prev[q] + t[q][y] > best:
                            best, best_q = prev[q] + t[q][y], q
            cur.append(best if best == -inf else best + emit[y])
            arg.append(best_q)
        prev = cur
        back.append(arg)
    best, last = -inf, -1
    for y in range(n_labels):
        if ok[y][start] and prev[y] != -inf and prev[y] + t[y][start] > best:
            best, last = prev[y] + t[y][start], y
    if last < 0:
        raise ValueError("no label sequence satisfies the allowed transitions and the mask")
    path = [0] * n
    for i in range(n - 1, -1, -1):
        path[i] = last
        last = back[i][last]
    return path


def _path_score(weights: np.ndarray, trans: np.ndarray, feats: Feats, path: Sequence[int]) -> float:
    rows = weights.shape[0] - 1
    end = weights.shape[1]
    s, prev = 0.0, end
    for i, y in enumerate(path):
        for f in feats.at(i).tolist():
            s += float(weights[f & rows, y])
        s += float(trans[prev, y])
        prev = y
    return s + float(trans[prev, end])


def _bump(w: np.ndarray, ws: np.ndarray, index: tuple[int, int], d: float, cd: float) -> None:
    w[index] = np.float32(float(w[index]) + d)
    ws[index] += cd


def train_step_py(
    weights: np.ndarray,
    wsum: np.ndarray,
    trans: np.ndarray,
    tsum: np.ndarray,
    allowed: np.ndarray,
    feats: Feats,
    gold: Sequence[int],
    c: float,
    passive_aggressive: bool,
    aggressiveness: float,
) -> int:
    """Reference training update (the compiled ``train_step``): decode, and where the best
    path differs from ``gold`` move the weights of the differing positions and transitions
    by ``d`` (1, or the passive-aggressive step ``min(C, loss / |Δφ|²)``), adding ``c * d``
    to the sums the average is read from. Returns the positions that were wrong."""
    pred = decode_py(weights, trans, allowed, feats)
    n_labels = weights.shape[1]
    rows = weights.shape[0] - 1
    wrong = [i for i in range(len(pred)) if pred[i] != gold[i]]
    if not wrong:
        return 0
    ends = [n_labels, *gold, n_labels], [n_labels, *pred, n_labels]
    moved = [
        i
        for i in range(len(pred) + 1)
        if (ends[0][i], ends[0][i + 1]) != (ends[1][i], ends[1][i + 1])
    ]
    norm2 = sum(2 * len(feats.at(i)) for i in wrong) + 2 * len(moved)
    d = 1.0
    if passive_aggressive:
        loss = _path_score(weights, trans, feats, pred) - _path_score(weights, trans, feats, gold)
        d = min(aggressiveness, (loss + sqrt(len(wrong))) / norm2)
    cd = c * d
    for i in wrong:
        for f in feats.at(i).tolist():
            _bump(weights, wsum, (f & rows, gold[i]), d, cd)
            _bump(weights, wsum, (f & rows, pred[i]), -d, -cd)
    for i in moved:
        _bump(trans, tsum, (ends[0][i], ends[0][i + 1]), d, cd)
        _bump(trans, tsum, (ends[1][i], ends[1][i + 1]), -d, -cd)
    return len(wrong)


class Perceptron:
    """Label scores from hashed features; decoding under an allowed-transition table.

    ``weights_`` is the ``(2**bits, L)`` float32 table being trained (zeros when not
    given), or the ``LeanWeights`` of a loaded model; ``trans_`` is ``(L+1, L+1)`` float32.
    """

    def __init__(
        self,
        labels: Sequence[str],
        allowed: np.ndarray,
        bits: int = 22,
        weights: np.ndarray | LeanWeights | None = None,
    ) -> None:
        self.labels = tuple(labels)
        self.allowed = np.ascontiguousarray(allowed, dtype=np.uint8)
        self.bits = bits
        n = len(self.labels)
        if self.allowed.shape != (n + 1, n + 1):
            raise ValueError(f"allowed must be ({n + 1}, {n + 1}), got {self.allowed.shape}")
        self.weights_ = np.zeros((1 << bits, n), dtype=np.float32) if weights is None else weights
        self.trans_ = np.zeros((n + 1, n + 1), dtype=np.float32)

    @property
    def table(self) -> np.ndarray | tuple[np.ndarray, np.ndarray, np.ndarray, int]:
        """The weights as the compiled decoder takes them (dense array or lean tuple)."""
        w = self.weights_
        return w.c_table() if isinstance(w, LeanWeights) else w

    def decode(self, feats: Feats, mask: np.ndarray | None = None) -> list[int]:
        """Best label ids, one per position (``mask``: ``(n, L)``, false = ruled out)."""
        if _c is None:
            return decode_py(self.weights_, self.trans_, self.allowed, feats, mask)
        return list(self.path(feats, mask))

    def path(self, feats: Feats, mask: np.ndarray | None = None) -> bytes:
        """``decode``'s label ids as bytes, one per position: what a compiled consumer
        (``nlptk.sequence.viterbi.path_entities``) reads without an int object per
        position."""
        if _c is None:
            return bytes(decode_py(self.weights_, self.trans_, self.allowed, feats, mask))
        m = None if mask is None else np.ascontiguousarray(mask, dtype=np.uint8)
        return _c.decode(
            self.table, self.trans_, self.allowed, len(self.labels), feats.ids, feats.layout, m
        )

    def save(self, path: str | Path) -> None:
        """Write the weights (see ``write_weights``)."""
        write_weights(Path(path), self)

    @classmethod
    def load(cls, path: str | Path, labels: Sequence[str], allowed: np.ndarray) -> Perceptron:
        """Read weights written by ``save``; ``labels`` and ``allowed`` come from the model's
        ``meta.json`` and must match the file's label count."""
        return read_weights(Path(path), cls, labels, allowed)


T = TypeVar("T")
#: A progress wrapper: ``track(items, description, total)`` yields ``items``.
Track = Callable[[Iterable[T], str, "int | None"], Iterable[T]]


class Trainer:
    """Averaged perceptron training over a ``Perceptron`` (updated in place).

    Averaging is lazy (Daumé's trick): besides the weights ``w`` it keeps ``s``, the sum of
    ``c * update`` at example count ``c``; the average after ``c`` examples is ``w - s / c``.
    """

    def __init__(
        self, model: Perceptron, passive_aggressive: bool = False, aggressiveness: float = 1.0
    ) -> None:
        if not isinstance(model.weights_, np.ndarray):
            raise TypeError("train a dense table: Perceptron(..., weights=lean.dense())")
        self.model = model
        self.passive_aggressive = passive_aggressive
        self.aggressiveness = aggressiveness
        self.wsum = np.zeros(model.weights_.shape, dtype=np.float64)
        self.tsum = np.zeros(model.trans_.shape, dtype=np.float64)
        self.count = 1.0

    def step(
        self, feats: Feats, gold: Sequence[int] | bytes, mask: np.ndarray | None = None
    ) -> int:
        """One example: update if the decoded path is wrong; returns the wrong positions.

        ``mask`` (``(n, L)``, false = ruled out) makes the annotation partial: the gold path
        is then the best one the current weights find among those the mask allows (a corpus
        that does not tag times allows a time wherever it says ``O``), and ``gold`` is
        ignored."""
        m = self.model
        if mask is not None:
            gold = m.path(feats, mask)
        if _c is None:
            wrong = train_step_py(
                m.weights_,
                self.wsum,
                m.trans_,
                self.tsum,
                m.allowed,
                feats,
                list(gold),
                self.count,
                self.passive_aggressive,
                self.aggressiveness,
            )
        else:
            wrong = _c.train_step(
                m.weights_,
                self.wsum,
                m.trans_,
                self.tsum,
                m.allowed,
                len(m.labels),
                feats.ids,
                feats.layout,
                bytes(gold),
                self.count,
                self.passive_aggressive,
                self.aggressiveness,
            )
        self.count += 1
        return wrong

    def averaged(self) -> Perceptron:
        """A new ``Perceptron`` holding the averaged weights."""
        m = self.model
        avg = Perceptron(m.labels, m.allowed, m.bits)
        avg.weights_ = (m.weights_ - self.wsum / self.count).astype(np.float32)
        avg.trans_ = (m.trans_ - self.tsum / self.count).astype(np.float32)
        return avg

    def passes(
        self,
        examples: Sequence[tuple[Feats, bytes] | tuple[Feats, bytes, np.ndarray | None]],
        epochs: int,
        seed: int,
        track: Track | None = None,
        dev: Callable[[Perceptron], float] | None = None,
    ) -> list[float]:
        """``epochs`` passes over ``examples``, each in a fresh shuffle drawn from ``seed``
        (so a run is reproducible byte for byte), progress through ``track``; returns the
        ``dev`` score of the averaged model after each pass (empty without ``dev``)."""
        rng = np.random.default_rng(seed)
        history: list[float] = []
        for epoch in range(epochs):
            order = rng.permutation(len(examples)).tolist()
            if track is not None:
                dev_so_far = f" (dev {history[-1]:.4f} after pass {epoch})" if history else ""
                order = track(order, f"pass {epoch + 1} of {epochs}{dev_so_far}", len(order))
            for i in order:
                self.step(*examples[i])
            if dev is not None:
                history.append(dev(self.averaged()))
        return history


def _pad(n: int) -> int:
    return -n % _ALIGN


def write_weights(path: Path, model: Perceptron) -> None:
    """The binary weights file, laid out as ``read_weights`` maps it: a 64-byte header
    (magic, label count, bits, kept rows, sha256), then, each on a 64-byte boundary, the
    transitions (float32), the rank index and the kept rows (float16: half the size, and no
    figure we report changes; see ``LeanWeights``). The sha256 covers every byte but its
    own, the header included. Deterministic: the same weights give the same bytes. Written
    to a temporary file and renamed into place, so a process mapping the old file keeps
    reading whole data."""
    w = model.weights_
    lean = w if isinstance(w, LeanWeights) else LeanWeights.from_dense(w)
    sections = [
        model.trans_.astype("<f4").tobytes(),
        lean.index.astype("<u8").tobytes(),
        lean.values.astype("<f2").tobytes(),
    ]
    header = _HEADER.pack(MAGIC, len(model.labels), lean.bits, len(lean.values) - 1, 0, bytes(32))
    blob = bytearray(header + bytes(_pad(len(header))))
    for section in sections:
        blob += section + bytes(_pad(len(section)))
    blob[_DIGEST_AT : _HEADER.size] = hashlib.sha256(blob).digest()
    write_replacing(path, [bytes(blob)])


def _layout(n_labels: int, n_rows: int, bits: int) -> list[int]:
    """Byte offsets of the three sections and of the end, for a header's counts."""
    sizes = [4 * (n_labels + 1) ** 2, 16 * max(1 << bits >> 6, 1), 2 * (n_rows + 1) * n_labels]
    offsets = [_HEADER.size + _pad(_HEADER.size)]
    for size in sizes:
        offsets.append(offsets[-1] + size + _pad(size))
    return offsets


def _check_file(f: BinaryIO, size: int, digest: bytes, values_at: int) -> None:
    """Read the file once in chunks (page cache, not this process's memory): its sha256
    with the digest field zeroed must match, and no stored weight may be inf or NaN
    (a half with every exponent bit set). Raises ``ValueError`` naming what is wrong."""
    h = hashlib.sha256()
    buf = bytearray(1 << 20)
    at, finite = 0, True
    f.seek(0)
    while at < size:
        n = f.readinto(buf)  # type: ignore[attr-defined]
        if not n:
            raise ValueError("shorter than its header says")
        chunk = memoryview(buf)[:n]
        if at < _HEADER.size:
            head = bytearray(chunk[: _HEADER.size])
            head[_DIGEST_AT : _HEADER.size] = bytes(32)
            h.update(head)
            h.update(chunk[_HEADER.size :])
        else:
            h.update(chunk)
        lo = max(values_at - at, 0)  # even: sections and chunks start on even offsets
        if lo < n:  # a half is inf or NaN when its exponent bits are all set
            finite &= int((np.frombuffer(chunk[lo:n], "<u2") & 0x7FFF).max()) < 0x7C00
        at += n
    if h.digest() != digest:
        raise ValueError("checksum mismatch (the file is damaged)")
    if not finite:
        raise ValueError("a weight is inf or NaN")


def _open(path: Path) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 (the caller's with closes it)
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except OSError as exc:
        raise ModelFormatError(f"{path}: unreadable ({exc.strerror or exc})") from None


def read_weights(
    path: Path, cls: type[Perceptron], labels: Sequence[str], allowed: np.ndarray
) -> Perceptron:
    """Map a file written by ``write_weights``; a wrong magic, size, header field or
    checksum is a ``ModelFormatError``. The arrays are views of the mapping (no copy), so
    the file must be replaced by rename, never rewritten in place, while it is in use."""
    with _open(path) as f:
        head = f.read(_HEADER.size)
        if len(head) < _HEADER.size:
            raise ModelFormatError(f"{path}: too short for a perceptron weights file")
        magic, n_labels, bits, n_rows, _, digest = _HEADER.unpack(head)
        n = len(labels)
        if magic == _OLD_MAGIC:
            raise ModelFormatError(
                f"{path}: weights in the format of nlptk before 0.2 (dense rows); retrain the "
                "model with this nlptk, or convert it with scripts/convert_weights.py"
            )
        if magic != MAGIC or n_labels != n:
            raise ModelFormatError(f"{path}: not perceptron weights for {n} labels")
        size = os.fstat(f.fileno()).st_size
        if not 1 <= bits <= 30 or n_rows > 1 << bits:
            raise ModelFormatError(f"{path}: bad header (bits={bits}, rows={n_rows})")
        offsets = _layout(n, n_rows, bits)
        if size != offsets[-1]:
            raise ModelFormatError(f"{path}: truncated or padded ({size} bytes)")
        try:
            _check_file(f, size, digest, offsets[2])
        except ValueError as exc:
            raise ModelFormatError(f"{path}: {exc}") from None
        mapped = map_file(path, f).buffer  # a truncation under us: one Error line
    # rows are read at random, a few per feature: without these a touched page can map
    # the whole 2 MB page-cache folio around it (or its fault-around neighbours), and a
    # one-line run would carry the whole file (measured: 18 of 18 MB for POS, 1.1 MB with)
    mapped.obj.madvise(mmap.MADV_RANDOM)  # type: ignore[union-attr]
    if hasattr(mmap, "MADV_NOHUGEPAGE"):
        mapped.obj.madvise(mmap.MADV_NOHUGEPAGE)  # type: ignore[union-attr]
    trans = np.frombuffer(mapped, "<f4", (n + 1) ** 2, offsets[0]).reshape(n + 1, n + 1)
    blocks = max(1 << bits >> 6, 1)
    index = np.frombuffer(mapped, "<u8", 2 * blocks, offsets[1]).reshape(blocks, 2)
    values = np.frombuffer(mapped, "<f2", (n_rows + 1) * n, offsets[2]).reshape(n_rows + 1, n)
    if not np.all(np.isfinite(trans)):
        raise ModelFormatError(f"{path}: a transition weight is inf or NaN")
    counts = np.bitwise_count(index[:, 0])
    if index[0, 1] != 0 or np.any(index[1:, 1] != np.cumsum(counts[:-1])) or counts.sum() != n_rows:
        raise ModelFormatError(f"{path}: the row index does not count its rows")
    if np.any(values[-1]):
        raise ModelFormatError(f"{path}: the zero row (features not kept) is not zero")
    model = cls(labels, allowed, bits, weights=LeanWeights(index, values, bits))
    model.trans_ = trans
    return model
