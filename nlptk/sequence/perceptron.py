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
- ``save(path)`` / ``Perceptron.load(path)``: one binary file (header, sha256, nonzero rows
  as float16); see ``write_weights``.

The hot paths run in the compiled ``nlptk.sequence._perceptron``; ``decode_py`` and
``train_step_py`` are the pure-Python reference (the fallback when it is not built), held
equal to it by the tests.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from math import inf, sqrt
from pathlib import Path
from typing import TypeVar

import numpy as np

from nlptk.errors import ModelFormatError

try:
    from nlptk.sequence import _perceptron as _c
except ImportError:  # not compiled: the Python reference serves
    _c = None

__all__ = [
    "Feats",
    "Perceptron",
    "Trainer",
    "compiled",
    "decode_py",
    "feature_id",
    "pack",
    "train_step_py",
    "transitions",
]

MAGIC = b"NLPTKAP1"
_HEADER = struct.Struct("<8sIIII32s")  # magic, labels, bits, rows stored, reserved, sha256


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
    weights: np.ndarray,
    trans: np.ndarray,
    allowed: np.ndarray,
    feats: Feats,
    mask: np.ndarray | None = None,
) -> list[int]:
    """Reference Viterbi: the compiled ``decode``, in Python (sums in feature order, in
    double precision, ties to the lowest label)."""
    n_labels = weights.shape[1]
    rows = weights.shape[0] - 1
    n = len(feats)
    if n == 0:
        return []
    w = weights.astype(np.float64)
    t = trans.astype(np.float64).tolist()
    ok = allowed.astype(bool).tolist()
    start = n_labels
    prev: list[float] = []
    back: list[list[int]] = []
    for i in range(n):
        emit = [0.0] * n_labels
        for f in feats.at(i).tolist():
            row = w[f & rows].tolist()
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

    ``weights_`` is ``(2**bits, L)`` float32, ``trans_`` ``(L+1, L+1)`` float32.
    """

    def __init__(self, labels: Sequence[str], allowed: np.ndarray, bits: int = 22) -> None:
        self.labels = tuple(labels)
        self.allowed = np.ascontiguousarray(allowed, dtype=np.uint8)
        self.bits = bits
        n = len(self.labels)
        if self.allowed.shape != (n + 1, n + 1):
            raise ValueError(f"allowed must be ({n + 1}, {n + 1}), got {self.allowed.shape}")
        self.weights_ = np.zeros((1 << bits, n), dtype=np.float32)
        self.trans_ = np.zeros((n + 1, n + 1), dtype=np.float32)

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
            self.weights_, self.trans_, self.allowed, len(self.labels), feats.ids, feats.layout, m
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
        self.model = model
        self.passive_aggressive = passive_aggressive
        self.aggressiveness = aggressiveness
        self.wsum = np.zeros(model.weights_.shape, dtype=np.float64)
        self.tsum = np.zeros(model.trans_.shape, dtype=np.float64)
        self.count = 1.0

    def step(self, feats: Feats, gold: Sequence[int] | bytes) -> int:
        """One example: update if the decoded path is wrong; returns the wrong positions."""
        m = self.model
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
        examples: Sequence[tuple[Feats, bytes]],
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


def write_weights(path: Path, model: Perceptron) -> None:
    """The binary weights file: a header (magic, label count, bits, stored rows, sha256 of
    the payload), then the transitions (float32), the indices of the nonzero rows (uint32)
    and those rows (float16: half the size, and no decision we measured changes).
    Deterministic: the same weights give the same bytes."""
    values = model.weights_.astype(np.float16)
    nonzero = np.flatnonzero(np.any(values != 0, axis=1)).astype("<u4")
    payload = (
        model.trans_.astype("<f4").tobytes()
        + nonzero.tobytes()
        + values[nonzero].astype("<f2").tobytes()
    )
    digest = hashlib.sha256(payload).digest()
    header = _HEADER.pack(MAGIC, len(model.labels), model.bits, len(nonzero), 0, digest)
    path.write_bytes(header + payload)


def read_weights(
    path: Path, cls: type[Perceptron], labels: Sequence[str], allowed: np.ndarray
) -> Perceptron:
    """Inverse of ``write_weights``; a wrong magic, size or checksum is a ``ModelFormatError``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    if len(data) < _HEADER.size:
        raise ModelFormatError(f"{path}: too short for a perceptron weights file")
    magic, n_labels, bits, n_rows, _, digest = _HEADER.unpack_from(data)
    n = len(labels)
    sizes = 4 * (n + 1) ** 2, 4 * n_rows, 2 * n_rows * n
    if magic != MAGIC or n_labels != n or not 1 <= bits <= 30:
        raise ModelFormatError(f"{path}: not perceptron weights for {n} labels")
    if len(data) != _HEADER.size + sum(sizes):
        raise ModelFormatError(f"{path}: truncated or padded ({len(data)} bytes)")
    payload = memoryview(data)[_HEADER.size :]
    if hashlib.sha256(payload).digest() != digest:
        raise ModelFormatError(f"{path}: checksum mismatch (the file is damaged)")
    model = cls(labels, allowed, bits)
    model.trans_ = np.frombuffer(payload, "<f4", (n + 1) ** 2).reshape(n + 1, n + 1).copy()
    rows = np.frombuffer(payload, "<u4", n_rows, sizes[0])
    if n_rows and int(rows.max()) >= 1 << bits:
        raise ModelFormatError(f"{path}: row index beyond 2**{bits}")
    values = np.frombuffer(payload, "<f2", n_rows * n, sizes[0] + sizes[1]).reshape(n_rows, n)
    model.weights_[rows] = values
    return model
