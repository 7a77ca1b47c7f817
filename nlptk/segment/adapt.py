"""segment: refine a segmentation HMM on unlabelled text of a new domain with Baum-Welch.

Semi-supervised EM (hmmlearn's ``CategoricalHMM``): the labelled counts enter as Dirichlet
priors (``weight`` × counts), so each M-step re-estimates from labelled plus expected raw
counts and characters absent from the raw text keep their supervised estimates. hmmlearn
leaves zero start and transition probabilities at zero, so the structural zeros of BMES
(no M or E at the start, no B→B, …) survive every iteration.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from nlptk.errors import InputError
from nlptk.segment.estimate import SegCounts, SmoothedHMM, han_alphabet
from nlptk.segment.hmm import HAN_RANGE, MIN_FLOAT
from nlptk.sequence.tags import BMES, PREV_BMES

if TYPE_CHECKING:
    from nlptk.segment.train import Track

__all__ = ["adapt_hmm"]

_RE_HAN_RUN = re.compile(f"[{HAN_RANGE[0]}-{HAN_RANGE[1]}]+")


def _pseudo_counts(
    counts: SegCounts, alpha: float, symbols: Sequence[str], n_other: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Start, transition and emission counts in BMES order; the emission matrix has one
    column per symbol plus a last one for every other Han character (``alpha`` each), so
    the normalised rows are exactly ``estimate_hmm``'s probabilities."""
    start = np.array([counts.start[s] for s in BMES], dtype=float)
    trans = np.array([[counts.trans[a][b] for b in BMES] for a in BMES], dtype=float)
    # A state never left in the corpus (a tiny one) gets its allowed moves, equally likely,
    # so every row is a distribution.
    allowed = np.array([[a in PREV_BMES[b] for b in BMES] for a in BMES], dtype=float)
    unseen_rows = trans.sum(axis=1) == 0
    trans[unseen_rows] = allowed[unseen_rows]
    emit = np.array(
        [[counts.emit[s][ch] + alpha for ch in symbols] + [alpha * n_other] for s in BMES]
    )
    return start, trans, emit


def _log(p: float) -> float:
    return float(np.log(p)) if p > 0 else MIN_FLOAT


def _to_hmm(model: Any, symbols: Sequence[str], n_other: int) -> SmoothedHMM:
    start = {s: _log(model.startprob_[i]) for i, s in enumerate(BMES)}
    trans = {
        a: {b: _log(model.transmat_[i, j]) for j, b in enumerate(BMES) if a in PREV_BMES[b]}
        for i, a in enumerate(BMES)
    }
    emit = {
        s: {ch: _log(model.emissionprob_[i, k]) for k, ch in enumerate(symbols)}
        for i, s in enumerate(BMES)
    }
    unseen = {s: _log(model.emissionprob_[i, -1] / max(n_other, 1)) for i, s in enumerate(BMES)}
    return SmoothedHMM(start=start, trans=trans, emit=emit, emit_unseen=unseen)


def _initial_model(
    counts: SegCounts, alpha: float, runs: Sequence[str], weight: float
) -> tuple[Any, list[str], int]:
    """A ``CategoricalHMM`` set to the supervised model, with the labelled counts as
    priors; also its symbols (one per character) and how many Han characters share the
    last, catch-all symbol."""
    from hmmlearn.hmm import CategoricalHMM

    seen = set().union(*counts.emit.values())
    symbols = sorted(seen.union(*runs))
    n_other = len(han_alphabet()) - len(symbols)
    start, trans, emit = _pseudo_counts(counts, alpha, symbols, n_other)
    model = CategoricalHMM(
        n_components=len(BMES),
        n_features=len(symbols) + 1,
        startprob_prior=1 + weight * start,
        transmat_prior=1 + weight * trans,
        emissionprob_prior=1 + weight * emit,
        n_iter=1,
        params="ste",
        init_params="",
    )
    model.startprob_ = start / start.sum()
    model.transmat_ = trans / trans.sum(axis=1, keepdims=True)
    model.emissionprob_ = emit / emit.sum(axis=1, keepdims=True)
    return model, symbols, n_other


def adapt_hmm(
    counts: SegCounts,
    alpha: float,
    texts: Sequence[str],
    n_iter: int,
    weight: float,
    track: Track,
) -> tuple[SmoothedHMM, list[float]]:
    """The HMM after ``n_iter`` Baum-Welch iterations on the Han runs of ``texts``, and the
    log-likelihood of those runs before the first and after every iteration.

    The starting point is ``estimate_hmm(counts, alpha)``; ``weight`` scales the labelled
    counts against the raw text (1: one labelled character counts as much as one raw one).
    Raises ``InputError`` when the texts hold no Han character.
    """
    runs = [run for text in texts for run in _RE_HAN_RUN.findall(text)]
    if not runs:
        raise InputError("the text to adapt to holds no Chinese characters")
    model, symbols, n_other = _initial_model(counts, alpha, runs, weight)
    index = {ch: k for k, ch in enumerate(symbols)}
    X = np.fromiter((index[ch] for run in runs for ch in run), dtype=np.int64).reshape(-1, 1)
    lengths = [len(run) for run in runs]
    history = []
    # hmmlearn warns of a degenerate fit when there are fewer raw characters than
    # parameters; the labelled-count priors keep the estimate well defined, so it is muted.
    hmm_log = logging.getLogger("hmmlearn.base")
    level = hmm_log.level
    hmm_log.setLevel(logging.ERROR)
    try:
        # One fit call per iteration: each reports the likelihood under the parameters it
        # started from, which is what the progress bar and the report show.
        for _ in track(range(n_iter), "Baum-Welch", n_iter):
            model.fit(X, lengths)
            history.append(float(model.monitor_.history[-1]))
    finally:
        hmm_log.setLevel(level)
    history.append(float(model.score(X, lengths)))
    return _to_hmm(model, symbols, n_other), history
