"""sentiment: an opinion lexicon induced from labelled documents — log-odds with an informative
Dirichlet prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words").

SO-PMI (Turney 2002) scores a word by ``PMI(w, pos) - PMI(w, neg)``, which with document
labels is the log-ratio of the word's rates in the two classes. That ratio is unstable for
rare words: a word seen twice, both times in positive reviews, gets an extreme score. The
log-odds estimate shrinks each word's rates toward its rate in the whole corpus and divides
by its standard error, so the z-score ranks words by evidence, not by rarity; the log-odds
ratio itself (shrunk) is the weight.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["InducedWord", "induce_lexicon"]


@dataclass(frozen=True, slots=True)
class InducedWord:
    """A lexicon entry: weight in [-1, 1], z-score, and document counts in each class."""

    word: str
    weight: float
    z: float
    pos_docs: int
    neg_docs: int


def induce_lexicon(
    docs: Iterable[tuple[Iterable[str], bool]],
    min_docs: int = 5,
    min_z: float = 2.58,
    max_words: int = 5000,
    prior: float = 500.0,
    scale: float = 2.0,
) -> list[InducedWord]:
    """Words that separate positive from negative documents, strongest first.

    Parameters
    ----------
    docs : iterable of (tokens, is_positive)
        Each document counts once per distinct token (document frequency), so a word
        repeated within one review does not outweigh one used across many.
    min_docs : int
        Ignore words in fewer documents than this.
    min_z : float
        Keep words whose log-odds z-score magnitude reaches this (2.58: two-sided p < 0.01).
    max_words : int
        Keep at most this many words, by decreasing ``|z|``.
    prior : float
        Total pseudo-count of the Dirichlet prior (larger shrinks rare words more).
    scale : float
        Log-odds ratio that maps to weight ±1 (2.0: odds e² ≈ 7.4 times higher).

    Returns
    -------
    list of InducedWord

    >>> docs = [("好 干净".split(), True)] * 20 + [("差 干净".split(), False)] * 20
    >>> [(w.word, w.weight > 0) for w in induce_lexicon(docs, prior=10)]
    [('好', True), ('差', False)]
    """
    pos: Counter[str] = Counter()
    neg: Counter[str] = Counter()
    for tokens, positive in docs:
        (pos if positive else neg).update(set(tokens))
    n_pos, n_neg = sum(pos.values()), sum(neg.values())
    total = n_pos + n_neg
    if not n_pos or not n_neg:
        return []
    entries = []
    for word in pos.keys() | neg.keys():
        yp, yn = pos[word], neg[word]
        if yp + yn < min_docs:
            continue
        alpha = prior * (yp + yn) / total
        delta = math.log((yp + alpha) / (n_pos + prior - yp - alpha)) - math.log(
            (yn + alpha) / (n_neg + prior - yn - alpha)
        )
        z = delta / math.sqrt(1 / (yp + alpha) + 1 / (yn + alpha))
        if abs(z) >= min_z:
            weight = max(-1.0, min(1.0, delta / scale))
            entries.append(InducedWord(word, round(weight, 4), round(z, 3), yp, yn))
    entries.sort(key=lambda e: (-abs(e.z), e.word))
    return entries[:max_words]
