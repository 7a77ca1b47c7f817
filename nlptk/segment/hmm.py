"""segment: the B/M/E/S hidden Markov model for characters the dictionary does not know.

``viterbi`` is the reference decoder (the compiled kernel is checked against it); the
parameters sit behind the small ``HMMParams`` protocol so jieba's built-in model and one
trained by ``nlptk train segment`` are interchangeable.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import Protocol

from nlptk.sequence.tags import BMES, PREV_BMES

__all__ = ["MIN_FLOAT", "HAN_RANGE", "HMMParams", "BMESParams", "viterbi", "hmm_cut"]

#: Log-probability of anything impossible (jieba's value; keeps ties identical).
MIN_FLOAT = -3.14e100

#: First and last character the HMM decodes (jieba's Han range); others never reach Viterbi.
HAN_RANGE = ("\u4e00", "\u9fd5")

_RE_HAN = re.compile(f"([{HAN_RANGE[0]}-{HAN_RANGE[1]}]+)")
_RE_SKIP = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


class HMMParams(Protocol):
    """Start, transition and emission log-probabilities over the BMES states."""

    start: Mapping[str, float]
    trans: Mapping[str, Mapping[str, float]]
    emit: Mapping[str, Mapping[str, float]]


@dataclass(frozen=True)
class BMESParams:
    """Plain-dict HMM parameters (log-probabilities), keyed by the letters of ``BMES``."""

    start: Mapping[str, float]
    trans: Mapping[str, Mapping[str, float]]
    emit: Mapping[str, Mapping[str, float]]


def viterbi(obs: str, params: HMMParams) -> list[str]:
    """Most likely BMES state per character; the path must end in E or S.

    Sums are formed in jieba's order and ties go to the larger state letter, as jieba's
    ``max((prob, state))`` does, so both give the same path.

    >>> p = BMESParams({"B": -0.5, "M": MIN_FLOAT, "E": MIN_FLOAT, "S": -1.0},
    ...                {"B": {"E": -0.1, "M": -2.0}, "E": {"B": -0.5, "S": -1.0},
    ...                 "M": {"E": -0.3, "M": -1.2}, "S": {"B": -0.7, "S": -0.7}},
    ...                {s: {"中": -1.0, "国": -1.0} for s in BMES})
    >>> viterbi("中国", p)
    ['B', 'E']
    """
    start, trans, emit = params.start, params.trans, params.emit
    probs = {y: start[y] + emit[y].get(obs[0], MIN_FLOAT) for y in BMES}
    paths = {y: [y] for y in BMES}
    for ch in obs[1:]:
        new_probs = {}
        new_paths = {}
        for y in BMES:
            em = emit[y].get(ch, MIN_FLOAT)
            prob, prev = max(
                (probs[y0] + trans[y0].get(y, MIN_FLOAT) + em, y0) for y0 in PREV_BMES[y]
            )
            new_probs[y] = prob
            new_paths[y] = paths[prev] + [y]
        probs, paths = new_probs, new_paths
    _, last = max((probs[y], y) for y in "ES")
    return paths[last]


def _han_spans(text: str, offset: int, params: HMMParams) -> Iterator[tuple[int, int]]:
    states = viterbi(text, params)
    begin = nexti = 0
    for i, state in enumerate(states):
        if state == "B":
            begin = i
        elif state == "E":
            yield offset + begin, offset + i + 1
            nexti = i + 1
        elif state == "S":
            yield offset + i, offset + i + 1
            nexti = i + 1
    if nexti < len(text):
        yield offset + nexti, offset + len(text)


def hmm_cut(
    text: str, params: HMMParams, force_split: Collection[str] = ()
) -> Iterator[tuple[int, int]]:
    """Spans of ``text`` cut by the HMM: Han runs by Viterbi, Latin/number runs kept whole.

    Words in ``force_split`` (user words deleted with frequency 0) come out one character
    at a time, as jieba's ``finalseg`` does.
    """
    pos = 0
    for block in _RE_HAN.split(text):
        if _RE_HAN.match(block):
            for s, e in _han_spans(block, pos, params):
                if text[s:e] in force_split:
                    yield from ((i, i + 1) for i in range(s, e))
                else:
                    yield s, e
        else:
            p = pos
            for piece in _RE_SKIP.split(block):
                if piece:
                    yield p, p + len(piece)
                    p += len(piece)
        pos += len(block)
