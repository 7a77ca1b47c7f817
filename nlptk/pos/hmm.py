"""pos: jieba's joint word-position x tag HMM — its parameters and the reference Viterbi.

A state is a pair such as ``("B", "nr")``: the character's place in its word (B/M/E/S)
and the word's tag. States are numbered in the order Python sorts the pairs, so that
"the larger state wins a tie" (jieba compares ``(score, state)`` tuples) is "the larger
index wins" in C as well as here.
"""

from __future__ import annotations

import ast
import marshal
from dataclasses import dataclass
from pathlib import Path

from nlptk.cache import cached, load_marshal

__all__ = ["PosHMM", "MIN_FLOAT", "load_jieba_pos_hmm", "viterbi", "hmm_cut"]

#: jieba's score for an emission it never saw (``posseg/viterbi.py``).
MIN_FLOAT = -3.14e100
#: Bumped whenever the cached parameter format changes.
_CACHE = "jieba-posseg-1"
_FILES = ("char_state_tab", "prob_start", "prob_trans", "prob_emit")


@dataclass(frozen=True)
class PosHMM:
    """The joint HMM in index form.

    Attributes
    ----------
    states : list of (str, str)
        ``(position, tag)`` pairs, sorted.
    start : list of float
        Start log-probability of each state.
    trans : list of dict[int, float]
        Successors of each state and their log-probabilities (missing: impossible).
    emit : list of dict[str, float]
        Emission log-probabilities of each state (missing: ``MIN_FLOAT``).
    char_states : dict[str, tuple[int, ...]]
        The states a character may take (a character not listed may take any).
    """

    states: list[tuple[str, str]]
    start: list[float]
    trans: list[dict[int, float]]
    emit: list[dict[str, float]]
    char_states: dict[str, tuple[int, ...]]


def _parse(folder: Path) -> bytes:
    texts = [(folder / f"{name}.py").read_text(encoding="utf-8") for name in _FILES]
    # Each file is one literal dict, ``P={...}``: parsed, never executed.
    tab, start, trans, emit = (ast.literal_eval(t[t.index("P=") + 2 :]) for t in texts)
    states = sorted(trans)
    index = {s: i for i, s in enumerate(states)}
    return marshal.dumps(
        (
            [list(s) for s in states],
            [start[s] for s in states],
            [{index[y]: p for y, p in trans[s].items()} for s in states],
            [emit.get(s, {}) for s in states],
            {c: tuple(index[s] for s in ss) for c, ss in tab.items()},
        )
    )


def load_jieba_pos_hmm(folder: Path) -> PosHMM:
    """The HMM of jieba's ``posseg/`` folder, parsed once and then read from the cache."""
    files = [folder / f"{name}.py" for name in _FILES]
    states, start, trans, emit, char_states = cached(
        _CACHE, files, lambda: _parse(folder), load_marshal, what="the POS HMM cache (once, ~5 s)"
    )
    return PosHMM([tuple(s) for s in states], start, trans, emit, char_states)


def viterbi(text: str, hmm: PosHMM) -> list[int]:
    """The best state of each character of ``text`` (non-empty), as jieba decodes it:
    each step considers only states that the previous step's states can reach and the
    character allows (or, when none is both, what can be reached, else every state)."""
    all_states = range(len(hmm.states))
    emit = hmm.emit
    first = text[0]
    score = {
        y: hmm.start[y] + emit[y].get(first, MIN_FLOAT)
        for y in hmm.char_states.get(first, all_states)
    }
    back: list[dict[int, int]] = [dict.fromkeys(score, -1)]
    for char in text[1:]:
        prev = [y0 for y0 in score if hmm.trans[y0]]
        reachable = {y for y0 in prev for y in hmm.trans[y0]}
        allowed = set(hmm.char_states.get(char, all_states)) & reachable
        if not allowed:
            allowed = reachable or set(all_states)
        step: dict[int, float] = {}
        ptr: dict[int, int] = {}
        for y in allowed:
            e = emit[y].get(char, MIN_FLOAT)
            step[y], ptr[y] = max(
                (score[y0] + hmm.trans[y0].get(y, float("-inf")) + e, y0) for y0 in prev
            )
        score = step
        back.append(ptr)
    state = max((p, y) for y, p in score.items())[1]
    path = [0] * len(text)
    for i in range(len(text) - 1, -1, -1):
        path[i] = state
        state = back[i][state]
    return path


def hmm_cut(text: str, hmm: PosHMM) -> list[tuple[str, str]]:
    """``(word, tag)`` pairs of a run of Han characters: a word ends at an E or S state
    and takes that state's tag (jieba's ``POSTokenizer.__cut``, its quirks included: a
    trailing unfinished word takes the tag of its first character)."""
    path = viterbi(text, hmm)
    states = hmm.states
    out: list[tuple[str, str]] = []
    begin = nexti = 0
    for i, y in enumerate(path):
        pos, tag = states[y]
        if pos == "B":
            begin = i
        elif pos == "E":
            out.append((text[begin : i + 1], tag))
            nexti = i + 1
        elif pos == "S":
            out.append((text[i], tag))
            nexti = i + 1
    if nexti < len(text):
        out.append((text[nexti:], states[path[nexti]][1]))
    return out
