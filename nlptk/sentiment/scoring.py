"""sentiment: lexicon sentiment scoring — word weights adjusted for negation, degree, contrast and
exclamation, with every contribution kept so that a score can be explained.

The rules, applied to a token sequence:

- an opinion word contributes its lexicon weight;
- degree adverbs within ``window`` tokens before it multiply that weight (很 ×1.5, 稍微 ×0.6),
  each factor raised to ``degree_power`` (1: as listed; 0: degree words ignored);
- a negator in the same window multiplies by ``negation`` (a shift towards the other pole
  rather than a full flip: "not good" is weaker than "bad"), halved again when a degree word
  stands between negator and word ("不太好" is milder than "太不好");
- the window stops at punctuation and at another opinion word, so negation does not leak
  across clauses;
- after a contrast word (但是, but) the rest of the sentence counts ``contrast`` times more
  and what came before it — the sentence so far, or the previous sentence when the contrast
  word opens a sentence — counts ``1 / contrast`` as much;
- a sentence ending in an exclamation mark counts ``exclamation`` times more.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nlptk.sentiment.tokens import CLAUSE_END

__all__ = ["LexiconRules", "Contribution", "score_tokens", "aggregate", "outside_negation"]

_SENTENCE_END = frozenset("。！？!?；;….")
_EXCLAIM = frozenset("！!")


@dataclass(frozen=True)
class LexiconRules:
    """Everything the scorer needs: weights in [-1, 1] and the modifier word lists.

    Parameters
    ----------
    weights : mapping of str to float
        Opinion words and their polarity (positive above 0).
    negators : frozenset of str
        Words that shift the polarity of the next opinion word (不, 没有, not, n't).
    degrees : mapping of str to float
        Degree adverbs and the factor they apply (极其 2.0 … 稍微 0.6).
    contrasts : frozenset of str
        Words after which the rest of the sentence dominates (但是, 可是, but, however).
    window, negation, contrast, exclamation, degree_power : int, float
        Look-back width in tokens and the factors described in the module docstring (the
        shipped values are in ``lexicons/<lang>/rules.json``, chosen on dev splits by
        ``scripts/tune_lexicon_rules.py``).
    """

    weights: Mapping[str, float]
    negators: frozenset[str] = field(default_factory=frozenset)
    degrees: Mapping[str, float] = field(default_factory=dict)
    contrasts: frozenset[str] = field(default_factory=frozenset)
    window: int = 3
    negation: float = -0.7
    contrast: float = 1.5
    exclamation: float = 1.3
    degree_power: float = 1.0


@dataclass(frozen=True, slots=True)
class Contribution:
    """One opinion word's share of the score: token index, word and final weight."""

    index: int
    word: str
    weight: float


def _modifier_factor(tokens: Sequence[str], i: int, rules: LexiconRules) -> float:
    factor = 1.0
    degree_seen = False
    for j in range(i - 1, max(-1, i - 1 - rules.window), -1):
        tok = tokens[j]
        if tok in CLAUSE_END or (tok in rules.weights and tok not in rules.degrees):
            break
        if tok in rules.degrees:
            degree = rules.degrees[tok]
            factor *= math.copysign(abs(degree) ** rules.degree_power, degree)
            degree_seen = True
        elif tok in rules.negators:
            factor *= rules.negation / 2 if degree_seen else rules.negation
    return factor


def score_tokens(tokens: Sequence[str], rules: LexiconRules) -> list[Contribution]:
    """Contributions of the opinion words in ``tokens`` (lower-cased for English), in order.

    >>> rules = LexiconRules({"好": 0.8, "差": -0.8}, frozenset({"不"}), {"很": 1.5},
    ...                      frozenset({"但是"}))
    >>> tokens = "房间 很 好 ， 但是 早餐 不 好".split()
    >>> [(c.word, round(c.weight, 2)) for c in score_tokens(tokens, rules)]
    [('好', 0.8), ('好', -0.84)]
    >>> [round(c.weight, 2) for c in score_tokens(["不", "很", "好", "！"], rules)]
    [-0.55]
    """
    contribs: list[Contribution] = []
    sentence_start = 0  # index in contribs where the current sentence's contributions begin
    previous_start = 0
    boosted = -1  # contribs from this index on are after a contrast word
    at_sentence_start = True
    for i, tok in enumerate(tokens):
        if tok in _SENTENCE_END:
            if tok in _EXCLAIM:
                for k in range(sentence_start, len(contribs)):
                    c = contribs[k]
                    contribs[k] = Contribution(c.index, c.word, c.weight * rules.exclamation)
            if len(contribs) > sentence_start:
                previous_start, sentence_start = sentence_start, len(contribs)
            boosted = -1
            at_sentence_start = True
            continue
        if tok in rules.contrasts:
            first = previous_start if at_sentence_start else sentence_start
            for k in range(first, len(contribs)):
                c = contribs[k]
                contribs[k] = Contribution(c.index, c.word, c.weight / rules.contrast)
            boosted = len(contribs)
        elif tok in rules.weights and tok not in rules.degrees:
            weight = rules.weights[tok] * _modifier_factor(tokens, i, rules)
            if boosted >= 0:
                weight *= rules.contrast
            contribs.append(Contribution(i, tok, weight))
        at_sentence_start = False
    return contribs


def aggregate(contribs: Sequence[Contribution]) -> float:
    """The score in [-1, 1]: the mean contribution, clipped (0.0 when there is none).

    The mean, as in pattern/TextBlob, keeps long texts from saturating; the sign is that
    of the sum.
    """
    if not contribs:
        return 0.0
    mean = math.fsum(c.weight for c in contribs) / len(contribs)
    return max(-1.0, min(1.0, mean))


def outside_negation(tokens: Sequence[str], rules: LexiconRules) -> list[str]:
    """The tokens that are not modifiers and not in a negator's scope (``window`` tokens on,
    within the clause).

    Lexicon induction counts only these: a word seen as "不 满意" in a negative review
    is evidence about "满意" only through the negation rule, so counting it as an
    ordinary occurrence would pull its weight toward the wrong pole.

    >>> rules = LexiconRules({}, frozenset({"不"}), {"很": 1.5})
    >>> outside_negation("服务 不 很 好 ， 早餐 好".split(), rules)
    ['服务', '，', '早餐', '好']
    """
    kept = []
    negated_until = -1
    for i, tok in enumerate(tokens):
        if tok in rules.negators:
            negated_until = i + rules.window
            continue
        if tok in CLAUSE_END:
            negated_until = -1
        elif i <= negated_until or tok in rules.degrees or tok in rules.contrasts:
            continue
        kept.append(tok)
    return kept
