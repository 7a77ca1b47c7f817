"""sequence: constrained Viterbi over per-position label scores — only well-formed tag paths.

A neural tagger scores each position independently, so its arg-max can read ``B-PER O`` or
``M S``, which no span decoder can interpret faithfully (the transformers pipeline groups
such runs wrongly). Decoding the best path through the scheme's grammar instead always gives
a valid BIOES (entities) or BMES (segmentation) sequence. Pure numpy; no I/O.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nlptk.sequence.tags import BMES, OUTSIDE, PREV_BMES, split_tag

__all__ = ["TagGrammar", "tag_grammar", "constrained_viterbi"]

_OPENS = ("B", "I")  # entity prefixes after which the entity is still open


class TagGrammar:
    """Which labels may start, end and follow which: boolean arrays over label indices.

    ``allowed[i, j]`` is true when label ``j`` may follow label ``i``.
    """

    def __init__(self, start: np.ndarray, end: np.ndarray, allowed: np.ndarray) -> None:
        self.start, self.end, self.allowed = start, end, allowed


def _entity_follows(prev: str, tag: str) -> bool:
    p_prefix, p_type = split_tag(prev)
    prefix, etype = split_tag(tag)
    if p_prefix in _OPENS:
        return prefix in ("I", "E") and etype == p_type
    return prefix in (OUTSIDE, "B", "S")


def tag_grammar(labels: Sequence[str]) -> TagGrammar:
    """The grammar of ``labels``: bare ``B/M/E/S`` (segmentation) or ``O``/``P-TYPE`` BIOES.

    >>> g = tag_grammar(["B", "M", "E", "S"])
    >>> g.allowed[0].tolist(), g.start.tolist()
    ([False, True, True, False], [True, False, False, True])
    >>> g = tag_grammar(["O", "B-PER", "I-PER", "E-PER", "S-PER"])
    >>> g.allowed[1].tolist(), g.end.tolist()
    ([False, False, True, True, False], [True, False, False, True, True])
    """
    n = len(labels)
    if set(labels) <= set(BMES):
        follows = [[prev in PREV_BMES[tag] for tag in labels] for prev in labels]
        start = [tag in "BS" for tag in labels]
        end = [tag in "ES" for tag in labels]
    else:
        follows = [[_entity_follows(prev, tag) for tag in labels] for prev in labels]
        start = [split_tag(tag)[0] in (OUTSIDE, "B", "S") for tag in labels]
        end = [split_tag(tag)[0] in (OUTSIDE, "E", "S") for tag in labels]
    allowed = np.array(follows, dtype=bool).reshape(n, n)
    return TagGrammar(np.array(start, dtype=bool), np.array(end, dtype=bool), allowed)


def constrained_viterbi(
    scores: np.ndarray, grammar: TagGrammar, mask: np.ndarray | None = None
) -> list[int]:
    """Best label index per position among the paths the grammar allows.

    Parameters
    ----------
    scores : ndarray, shape (n_positions, n_labels)
        Log-probabilities (any additive scores) of each label at each position.
    grammar : TagGrammar
        From ``tag_grammar``; a path must start, continue and end as it says.
    mask : ndarray of bool, same shape, optional
        Labels allowed at each position (e.g. a word boundary forced by a space).

    Returns
    -------
    list of int
        One label index per position; empty for no positions.

    >>> g = tag_grammar(["B", "M", "E", "S"])
    >>> s = np.log([[0.3, 0.1, 0.1, 0.5], [0.1, 0.6, 0.25, 0.05]])  # arg-max would be S M
    >>> constrained_viterbi(s, g)
    [0, 2]
    """
    n, k = scores.shape
    if n == 0:
        return []
    forbid = np.float64(-np.inf)
    emit = np.where(mask, scores, forbid) if mask is not None else scores.astype(np.float64)
    trans = np.where(grammar.allowed, 0.0, forbid)
    score = np.where(grammar.start, emit[0], forbid)
    back = np.zeros((n, k), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + trans  # (prev, cur)
        back[i] = cand.argmax(axis=0)
        score = cand[back[i], np.arange(k)] + emit[i]
    score = np.where(grammar.end, score, forbid)
    if not np.isfinite(score.max()):
        # A mask that leaves no valid path: fall back to the grammar alone rather than fail.
        return constrained_viterbi(scores, grammar) if mask is not None else [0] * n
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return path[::-1]
