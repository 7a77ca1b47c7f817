"""segment: supervised estimates for a segmentation model — word counts, BMES HMM, solo chars.

Everything here is counting and arithmetic over words the caller has already read (and, for
a width-normalising model, normalised); ``nlptk.segment.train`` does the reading.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from nlptk.segment.dictionary import held_entries
from nlptk.segment.hmm import HAN_RANGE, MIN_FLOAT, BMESParams
from nlptk.sequence.tags import BMES, PREV_BMES, words_to_bmes

__all__ = [
    "SOLO_GRID",
    "SegCounts",
    "SmoothedHMM",
    "han_alphabet",
    "dictionary_entries",
    "estimate_hmm",
    "single_ratios",
    "solo_chars",
]

#: Thresholds tried when the solo threshold is chosen on a dev split (``None``: no solo
#: characters, jieba's behaviour).
SOLO_GRID: tuple[float | None, ...] = (*(round(0.05 * i, 2) for i in range(1, 20)), None)


def han_alphabet() -> list[str]:
    """Every character the HMM can be asked to emit, in code-point order."""
    first, last = (ord(c) for c in HAN_RANGE)
    return [chr(code) for code in range(first, last + 1)]


def _is_han(ch: str) -> bool:
    return HAN_RANGE[0] <= ch <= HAN_RANGE[1]


class SegCounts:
    """Sufficient statistics of a segmented corpus, filled one sentence at a time.

    Transitions are counted over whole sentences, emissions only for Han characters: the
    HMM never sees anything else (``hmm_cut`` keeps Latin and number runs whole), so mass
    spent on punctuation would only distort the per-state distributions.
    """

    __slots__ = ("words", "tags", "single", "occur", "start", "trans", "emit", "sentences")

    def __init__(self) -> None:
        self.words: Counter[str] = Counter()
        self.tags: dict[str, Counter[str]] = {}
        self.single: Counter[str] = Counter()
        self.occur: Counter[str] = Counter()
        self.start: Counter[str] = Counter()
        self.trans: dict[str, Counter[str]] = {s: Counter() for s in BMES}
        self.emit: dict[str, Counter[str]] = {s: Counter() for s in BMES}
        self.sentences = 0

    def add(self, words: Sequence[str], tags: Sequence[str] | None = None) -> None:
        """Count one sentence (its words in order, and their POS tags when known)."""
        if not words:
            return
        self.sentences += 1
        self.words.update(words)
        if tags is not None:
            for word, tag in zip(words, tags, strict=True):
                self.tags.setdefault(word, Counter())[tag] += 1
        for word in words:
            if len(word) == 1:
                self.single[word] += 1
            self.occur.update(word)
        states = words_to_bmes(words)
        text = "".join(words)
        self.start[states[0]] += 1
        for prev, state in zip(states, states[1:], strict=False):
            self.trans[prev][state] += 1
        for ch, state in zip(text, states, strict=True):
            if _is_han(ch):
                self.emit[state][ch] += 1


def dictionary_entries(counts: SegCounts) -> list[tuple[str, int, str | None]]:
    """``(word, freq, most frequent tag)`` for every word, most frequent first; words longer
    than ``MAX_WORD``, which no dictionary holds, left out with a warning.

    Ties (in frequency, and between tags) break on code-point order, so the same corpus
    always gives the same file.
    """
    entries = []
    for word, freq in held_entries(counts.words.items(), "training corpus"):
        tag_counts = counts.tags.get(word)
        tag = min(tag_counts, key=lambda t: (-tag_counts[t], t)) if tag_counts else None
        entries.append((word, freq, tag))
    entries.sort(key=lambda e: (-e[1], e[0]))
    return entries


def _log_ratio(num: float, den: float) -> float:
    return math.log(num / den) if num > 0 else MIN_FLOAT


@dataclass(frozen=True)
class SmoothedHMM:
    """BMES log-probabilities with emissions stored for seen characters only.

    ``emit_unseen[s]`` is the log-probability of each Han character the training data never
    showed in any state; ``params()`` spells it out over the whole Han range, so decoders
    need no notion of "unknown" and every kernel sees a plain table.
    """

    start: Mapping[str, float]
    trans: Mapping[str, Mapping[str, float]]
    emit: Mapping[str, Mapping[str, float]]
    emit_unseen: Mapping[str, float]

    def params(self) -> BMESParams:
        """Complete parameters for the engine."""
        alphabet = han_alphabet()
        emit = {s: dict.fromkeys(alphabet, self.emit_unseen[s]) | dict(self.emit[s]) for s in BMES}
        return BMESParams(start=dict(self.start), trans=self.trans, emit=emit)


def estimate_hmm(counts: SegCounts, alpha: float) -> SmoothedHMM:
    """Maximum-likelihood start and transition log-probabilities, and emissions with
    add-``alpha`` smoothing over the whole Han range.

    Forbidden starts (M, E) and transitions (those not in ``PREV_BMES``) stay impossible:
    they are structural zeros, not sparse data.

    >>> c = SegCounts()
    >>> c.add(["我", "来到", "北京"])
    >>> hmm = estimate_hmm(c, alpha=0.5)
    >>> hmm.start["S"], hmm.start["M"] == MIN_FLOAT
    (0.0, True)
    >>> round(math.exp(hmm.trans["B"]["E"]), 3)
    1.0
    """
    n_start = sum(counts.start.values())
    start = {s: _log_ratio(counts.start[s], n_start) for s in BMES}
    trans: dict[str, dict[str, float]] = {}
    for prev in BMES:
        row = counts.trans[prev]
        allowed = [s for s in BMES if prev in PREV_BMES[s]]
        n_row = sum(row[s] for s in allowed)
        trans[prev] = {s: _log_ratio(row[s], n_row) for s in allowed}
    seen = sorted(set().union(*counts.emit.values()))
    n_alphabet = len(han_alphabet())
    emit: dict[str, dict[str, float]] = {}
    unseen: dict[str, float] = {}
    for s in BMES:
        den = sum(counts.emit[s].values()) + alpha * n_alphabet
        emit[s] = {ch: math.log((counts.emit[s][ch] + alpha) / den) for ch in seen}
        unseen[s] = math.log(alpha / den)
    return SmoothedHMM(start=start, trans=trans, emit=emit, emit_unseen=unseen)


def single_ratios(counts: SegCounts) -> dict[str, float]:
    """For each Han character: the share of its occurrences that are one-character words.

    >>> c = SegCounts()
    >>> c.add(["的", "目的", "是"])
    >>> single_ratios(c)["的"], single_ratios(c)["目"]
    (0.5, 0.0)
    """
    return {ch: counts.single[ch] / n for ch, n in counts.occur.items() if _is_han(ch)}


def solo_chars(ratios: Mapping[str, float], threshold: float | None) -> frozenset[str]:
    """Characters that are single words at least ``threshold`` of the time; the HMM will
    not merge them. ``None`` gives the empty set (every single-character run goes to the
    HMM, as in jieba).

    >>> sorted(solo_chars({"的": 0.98, "目": 0.01}, 0.5))
    ['的']
    """
    if threshold is None:
        return frozenset()
    return frozenset(ch for ch, r in ratios.items() if r >= threshold)
