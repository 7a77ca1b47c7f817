"""sequence: Viterbi decoding of many sequences at once, vectorised over sentences and states.

A first-order HMM's best path needs, at each position, a max over (previous state ×
state) for every sentence. Doing that for a whole batch of sentences in one numpy call —
sentences sorted by length so padding stays small — removes the per-sentence Python loop
that dominates hmmlearn's ``decode`` on short sequences. The arithmetic is hmmlearn's,
term for term (``lattice[t-1, j] + log A[j, i]``, then ``+ log B[i, x_t]``; ties between
predecessors go to the higher state, the final state is the first maximum; logs taken as
hmmlearn takes them, see ``log_params``), so both give the same paths;
``tests/unit/core/test_viterbi.py`` checks that on real data. Pure numpy; no I/O.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from nlptk.sequence.tags import split_tag

try:
    from nlptk.sequence._viterbi import char_entities, path_entities, unmapped
    from nlptk.sequence._viterbi import viterbi_paths as _viterbi_paths
except ImportError:  # not compiled: viterbi_batch serves, and taggers their own Python path
    _viterbi_paths = char_entities = path_entities = unmapped = None

__all__ = [
    "viterbi_batch",
    "viterbi_compiled",
    "log_params",
    "COMPILED",
    "char_entities",
    "path_entities",
    "span_tables",
    "unmapped",
    "CHAR_UNMAPPED",
    "CHAR_SPACE",
]

#: Whether the C decoder (``viterbi_compiled``) was built, and with it the per-character
#: kernels ``char_entities`` (raw lines to entity spans in one call), ``path_entities`` (its
#: last step, for label paths decoded elsewhere) and ``unmapped``.
COMPILED = _viterbi_paths is not None

#: Entries of a ``char_entities`` table: a code point not looked up yet, and whitespace (no
#: token); every other entry is the character's symbol id.
CHAR_UNMAPPED, CHAR_SPACE = -1, -2


def span_tables(labels: Sequence[str]) -> tuple[bytes, bytes, tuple[str, ...]]:
    """How ``char_entities`` and ``path_entities`` read label ids as BIOES tags: each
    label's prefix (one ASCII letter), its type's index, and the type names in order.

    >>> span_tables(["O", "B-PER", "E-PER", "S-LOC"])
    (b'OBES', b'\\x00\\x01\\x01\\x02', ('', 'PER', 'LOC'))
    """
    prefixes, types = zip(*map(split_tag, labels), strict=True)
    names = tuple(dict.fromkeys(types))
    return "".join(prefixes).encode("ascii"), bytes(names.index(t) for t in types), names


def _libm_log(probs: np.ndarray) -> np.ndarray:
    """Elementwise C-library log (``-inf`` for 0): hmmlearn takes the log of the start and
    transition probabilities in C, and numpy's vectorised log can differ from it in the
    last bit, which is enough to flip a near-tie between two paths."""
    flat = [math.log(p) if p > 0 else -math.inf for p in probs.ravel().tolist()]
    return np.array(flat, dtype=float).reshape(probs.shape)


def log_params(
    start: np.ndarray, trans: np.ndarray, emit: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log start, transition and emission probabilities computed exactly as hmmlearn's
    ``decode`` computes them, so ``viterbi_batch`` reproduces its paths bit for bit."""
    with np.errstate(divide="ignore"):
        return _libm_log(start), _libm_log(trans), np.log(emit)


def _decode_padded(
    log_start: np.ndarray,
    log_trans_t: np.ndarray,
    log_emit_t: np.ndarray,
    obs_t: np.ndarray,
    lengths: np.ndarray,
) -> np.ndarray:
    """Best paths of a time-major ``(T, B)`` batch of symbol ids, sentences sorted longest
    first; returns ``(B, T)`` state ids. ``log_trans_t[i, j]`` is log P(i | previous j)."""
    n_steps, n_batch = obs_t.shape
    last = log_start.shape[0] - 1
    # hmmlearn breaks ties between predecessors towards the higher state index; argmax
    # takes the first maximum, so the predecessor axis is scanned in reverse.
    rev_trans_t = np.ascontiguousarray(log_trans_t[:, ::-1])
    # Sentences are sorted by length, so those still running at step t are a prefix, and
    # each step's back-pointers cover only them (memory: total tokens × states).
    n_active = np.searchsorted(-lengths, -np.arange(n_steps), side="left")
    delta = log_start + log_emit_t[obs_t[0]]
    back: list[np.ndarray] = [np.zeros((0, last + 1), dtype=np.intp)]
    for t in range(1, n_steps):
        k = n_active[t]
        scores = delta[:k, None, ::-1] + rev_trans_t  # (k, S, S_prev reversed)
        arg = scores.argmax(axis=2)
        back.append(last - arg)
        best = np.take_along_axis(scores, arg[:, :, None], axis=2)[:, :, 0]
        delta[:k] = best + log_emit_t[obs_t[t, :k]]
    paths = np.zeros((n_batch, n_steps), dtype=np.intp)
    cur = delta.argmax(axis=1)
    for t in range(n_steps - 1, 0, -1):
        k = n_active[t]
        paths[:k, t] = cur[:k]
        cur[:k] = back[t][np.arange(k), cur[:k]]
    paths[:, 0] = cur
    return paths


def viterbi_batch(
    log_start: np.ndarray,
    log_trans: np.ndarray,
    log_emit: np.ndarray,
    sequences: Sequence[np.ndarray],
    batch_size: int = 4096,
) -> list[np.ndarray]:
    """Most likely state path of each symbol sequence.

    Parameters
    ----------
    log_start : ndarray, shape (S,)
        Log start probabilities (``-inf`` where a state cannot start).
    log_trans : ndarray, shape (S, S)
        ``log_trans[j, i]`` = log P(state i | previous state j).
    log_emit : ndarray, shape (S, V)
        Log emission probabilities of the ``V`` symbols.
    sequences : sequence of int ndarrays
        Symbol ids per sentence; an empty sentence gets an empty path.
    batch_size : int
        Sentences decoded together; bigger batches mean fewer numpy calls per token.

    Returns
    -------
    list of int ndarrays, the state path of each sentence, in input order.

    >>> ls = np.log([0.6, 0.4]); lt = np.log([[0.7, 0.3], [0.4, 0.6]])
    >>> le = np.log([[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])  # Wikipedia's healthy/fever example
    >>> [p.tolist() for p in viterbi_batch(ls, lt, le, [np.array([0, 1, 2]), np.array([])])]
    [[0, 0, 1], []]
    """
    log_emit_t = np.ascontiguousarray(log_emit.T)
    log_trans_t = np.ascontiguousarray(log_trans.T)
    lengths = np.array([len(s) for s in sequences], dtype=np.intp)
    order = np.argsort(-lengths, kind="stable")
    out: list[np.ndarray] = [np.zeros(0, dtype=np.intp)] * len(sequences)
    for first in range(0, len(order), batch_size):
        idx = order[first : first + batch_size]
        idx = idx[lengths[idx] > 0]
        if not len(idx):
            continue
        lens = lengths[idx]
        padded = np.zeros((lens[0], len(idx)), dtype=np.intp)
        for col, i in enumerate(idx):
            padded[: lens[col], col] = sequences[i]
        paths = _decode_padded(log_start, log_trans_t, log_emit_t, padded, lens)
        for row, i in enumerate(idx):
            out[i] = paths[row, : lens[row]]
    return out


def viterbi_compiled(
    log_start: np.ndarray,
    log_trans: np.ndarray,
    log_emit: np.ndarray,
    sequences: Sequence[np.ndarray],
) -> list[np.ndarray]:
    """``viterbi_batch``'s paths, decoded in C one sentence at a time (same arguments, same
    arithmetic and ties, so the same paths); needs ``COMPILED``.

    Batching makes numpy pay its call overhead per position rather than per token, but it
    still pays it; the C loop has none, and needs no sorting or padding.

    >>> ls = np.log([0.6, 0.4]); lt = np.log([[0.7, 0.3], [0.4, 0.6]])
    >>> le = np.log([[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])
    >>> [p.tolist() for p in viterbi_compiled(ls, lt, le, [np.array([0, 1, 2]), np.array([])])]
    [[0, 0, 1], []]
    """
    paths = _viterbi_paths(
        np.ascontiguousarray(log_start, dtype=np.float64),
        np.ascontiguousarray(log_trans, dtype=np.float64),
        np.ascontiguousarray(log_emit, dtype=np.float64),
        [np.ascontiguousarray(s, dtype=np.int64) for s in sequences],
    )
    return [np.frombuffer(p, dtype=np.int64).astype(np.intp, copy=False) for p in paths]
