"""core: Viterbi decoding of many sequences at once, vectorised over sentences and states.

A first-order HMM's best path needs, at each position, a max over (previous state ×
state) for every sentence. Doing that for a whole batch of sentences in one numpy call —
sentences sorted by length so padding stays small — removes the per-sentence Python loop
that dominates hmmlearn's ``decode`` on short sequences. The arithmetic is hmmlearn's,
term for term (``lattice[t-1, j] + log A[j, i]``, then ``+ log B[i, x_t]``; first index on
ties), so both give the same paths; ``tests/unit/core/test_viterbi.py`` checks that on
real data. Pure numpy; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

__all__ = ["viterbi_batch"]


def _decode_padded(
    log_start: np.ndarray,
    log_trans_t: np.ndarray,
    log_emit_t: np.ndarray,
    obs: np.ndarray,
    lengths: np.ndarray,
) -> np.ndarray:
    """Best paths of a padded ``(B, T)`` batch of symbol ids, rows sorted longest first;
    returns ``(B, T)`` state ids. ``log_trans_t[i, j]`` is log P(i | previous j)."""
    n_batch, n_steps = obs.shape
    # Rows are sorted by length, so the sentences still running at step t are a prefix.
    n_active = np.searchsorted(-lengths, -np.arange(n_steps), side="left")
    delta = log_start + log_emit_t[obs[:, 0]]
    back = np.zeros((n_batch, n_steps, log_start.shape[0]), dtype=np.intp)
    for t in range(1, n_steps):
        k = n_active[t]
        scores = delta[:k, None, :] + log_trans_t  # (k, S, S_prev), previous state last
        arg = scores.argmax(axis=2)
        back[:k, t] = arg
        best = np.take_along_axis(scores, arg[:, :, None], axis=2)[:, :, 0]
        delta[:k] = best + log_emit_t[obs[:k, t]]
    paths = np.zeros((n_batch, n_steps), dtype=np.intp)
    cur = delta.argmax(axis=1)
    for t in range(n_steps - 1, 0, -1):
        k = n_active[t]
        paths[:k, t] = cur[:k]
        cur[:k] = back[np.arange(k), t, cur[:k]]
    paths[:, 0] = cur
    return paths


def viterbi_batch(
    log_start: np.ndarray,
    log_trans: np.ndarray,
    log_emit: np.ndarray,
    sequences: Sequence[np.ndarray],
    batch_size: int = 512,
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
        Sentences decoded together (memory is ``batch_size × longest × S²``).

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
        padded = np.zeros((len(idx), lens[0]), dtype=np.intp)
        for row, i in enumerate(idx):
            padded[row, : lens[row]] = sequences[i]
        paths = _decode_padded(log_start, log_trans_t, log_emit_t, padded, lens)
        for row, i in enumerate(idx):
            out[i] = paths[row, : lens[row]]
    return out
