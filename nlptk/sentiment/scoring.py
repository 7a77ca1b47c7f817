"""sentiment: lexicon sentiment scoring — word weights adjusted for negation, degree, contrast and
exclamation, with every contribution kept so that a score can be explained.

The rules, applied to a token sequence:

- an opinion word contributes its lexicon weight;
- degree adverbs within ``window`` tokens before it (the equative 那么/这么 not counted:
  没有想象中那么好用) multiply that weight (很 ×1.5, 稍微 ×0.6), each factor raised to
  ``degree_power`` (1: as listed; 0: degree words ignored);
- a negator in the same window multiplies by ``negation`` (a shift towards the other pole
  rather than a full flip: "not good" is weaker than "bad"), halved again when a degree word
  stands between negator and word ("不太好" is milder than "太不好");
- the window stops at punctuation and at another opinion word, so negation does not leak
  across clauses;
- a negator does not reach past a word of experience ending in 过 ("没见过这么差的" is about
  差, not against it);
- after a contrast word (但是, but) the rest of the sentence counts ``contrast`` times more
  and what came before it — the sentence so far, or the previous sentence when the contrast
  word opens a sentence — counts ``1 / contrast`` as much; a concessive word (虽然, although)
  does the same from the end of its clause: its clause counts less, the rest more;
- a word of weight 0 is no opinion word: it only keeps the segmentation whole
  (不好意思 is not 不 + 好);
- a sentence ending in an exclamation mark counts ``exclamation`` times more.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from nlptk.sentiment.tokens import CLAUSE_END

__all__ = [
    "LexiconRules",
    "Contribution",
    "score_tokens",
    "aggregate",
    "outside_negation",
    "regroup",
]

_SENTENCE_END = frozenset("。！？!?；;….")
_EXCLAIM = frozenset("！!")
#: Equative degree words ("as ... as"): they close the distance to a negator before them.
_EQUATIVES = frozenset({"那么", "这么"})
_CJK_WORD = re.compile(r"[\u3400-\u9fff]+")


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
    concessives : frozenset of str
        Words whose own clause yields to the rest of the sentence (虽然, although).
    window, negation, contrast, exclamation, degree_power : int, float
        Look-back width in tokens and the factors described in the module docstring (the
        shipped values are in ``lexicons/<lang>/rules.json``, chosen on dev splits by
        ``scripts/tune_lexicon_rules.py``).
    """

    weights: Mapping[str, float]
    negators: frozenset[str] = field(default_factory=frozenset)
    degrees: Mapping[str, float] = field(default_factory=dict)
    contrasts: frozenset[str] = field(default_factory=frozenset)
    concessives: frozenset[str] = field(default_factory=frozenset)
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
    """The product of the degree and negation factors before opinion word ``i``. The
    equative 那么/这么 does not use up the window: in 没有想象中那么好用 ("not as handy as
    imagined") it belongs to 好用 and the negator still reaches it, while 没有比这更好的
    keeps 更 in the count (it is a superlative, not a negation)."""
    factor = 1.0
    degree_seen = False
    steps = 0
    for j in range(i - 1, -1, -1):
        tok = tokens[j]
        if tok in CLAUSE_END or _is_opinion(tok, rules) or (len(tok) > 1 and tok[-1] == "过"):
            break
        if tok in rules.degrees:
            degree = rules.degrees[tok]
            factor *= math.copysign(abs(degree) ** rules.degree_power, degree)
            degree_seen = True
            if tok in _EQUATIVES:
                continue
        if tok in rules.negators:
            factor *= rules.negation / 2 if degree_seen else rules.negation
        steps += 1
        if steps == rules.window:
            break
    return factor


def _is_opinion(tok: str, rules: LexiconRules) -> bool:
    return bool(rules.weights.get(tok)) and tok not in rules.degrees


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
    conceded = -1  # contribs from this index on are in a concessive clause
    at_sentence_start = True
    for i, tok in enumerate(tokens):
        if conceded >= 0 and tok in CLAUSE_END:
            for k in range(conceded, len(contribs)):
                c = contribs[k]
                contribs[k] = Contribution(c.index, c.word, c.weight / rules.contrast)
            conceded, boosted = -1, len(contribs)
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
        if tok in rules.concessives:
            conceded = len(contribs)
        elif tok in rules.contrasts and boosted != len(contribs):
            first = previous_start if at_sentence_start else sentence_start
            for k in range(first, len(contribs)):
                c = contribs[k]
                contribs[k] = Contribution(c.index, c.word, c.weight / rules.contrast)
            boosted = len(contribs)
        elif _is_opinion(tok, rules):
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


#: Chinese particles a fused token may hold besides lexicon words (好吃到, 好得多, 太好了).
_PARTICLES = frozenset("了的得地到啊呀吧啦哦嘛呢哈多")
_LONGEST_PHRASE = 4
_LONGEST_WORD = 8  # characters of the longest Chinese lexicon entry tried


def _known(word: str, rules: LexiconRules) -> bool:
    return (
        word in rules.weights
        or word in rules.degrees
        or word in rules.negators
        or word in rules.contrasts
        or word in rules.concessives
    )


def _resplit(
    run: Sequence[tuple[str, int, int]], rules: LexiconRules
) -> list[tuple[str, int, int]]:
    """A run of Chinese tokens the lexicon does not know, cut again into the cheapest pieces
    that cover it whole — known words and particles, or dearer, the tokens as cut (挺好吃 →
    挺 + 好吃, 太拉/胯 → 太 + 拉胯) — when an opinion word is among them; otherwise the run
    as it was (好几 stays whole: 几 is neither a known word nor a particle)."""
    text = "".join(w for w, _, _ in run)
    start = run[0][1]
    as_cut = {(s - start, e - start) for _, s, e in run}
    # best[i]: the cheapest cover of text[:i], and where its last piece starts
    best: list[tuple[int, int] | None] = [(0, 0)] + [None] * len(text)
    longest = max(_LONGEST_WORD, *(e - s for s, e in as_cut))
    for i in range(len(text)):
        done = best[i]
        if done is None:
            continue
        for j in range(i + 1, min(len(text), i + longest) + 1):
            piece = text[i:j]
            if _known(piece, rules) or (j == i + 1 and piece in _PARTICLES):
                cost = done[0] + 1
            elif (i, j) in as_cut:
                cost = done[0] + 3  # a token kept as cut costs more than two known words
            else:
                continue
            if best[j] is None or cost < best[j][0]:  # type: ignore[index]
                best[j] = (cost, i)
    if best[-1] is None:
        return list(run)
    pieces = []
    j = len(text)
    while j:
        i = best[j][1]  # type: ignore[index]
        pieces.append((text[i:j], start + i, start + j))
        j = i
    pieces.reverse()
    if not any(_is_opinion(p, rules) for p, _, _ in pieces):
        return list(run)
    return pieces


def regroup(
    tokens: Sequence[tuple[str, int, int]], rules: LexiconRules, joiner: str
) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` tokens regrouped into the lexicon's words: runs of up to four
    tokens that make a lexicon entry are joined (``waste of time``, 没有/比 → 没有比), the
    longest first; with ``joiner`` "" (Chinese) a run of adjacent Chinese tokens the
    lexicon lacks is cut again into the entries it holds (``_resplit``).

    The segmenter cuts by its own dictionary, which knows neither idioms of opinion nor
    every fused negation; regrouping lets one lexicon entry match however the text was cut.

    >>> rules = LexiconRules({"waste of time": -0.9, "好吃": 0.8}, frozenset({"不"}))
    >>> [w for w, _, _ in regroup([("a", 0, 1), ("waste", 2, 7), ("of", 8, 10),
    ...                            ("time", 11, 15)], rules, " ")]
    ['a', 'waste of time']
    >>> regroup([("不好吃", 0, 3)], rules, "")
    [('不', 0, 1), ('好吃', 1, 3)]
    """
    merged: list[tuple[str, int, int]] = []
    i = 0
    while i < len(tokens):
        for n in range(min(_LONGEST_PHRASE, len(tokens) - i), 1, -1):
            run = [t[0] for t in tokens[i : i + n]]
            # a run of marks is an emoticon, written without spaces: ":)", "-_-"
            word = ("" if not any(w.isalnum() for w in run) else joiner).join(run)
            if _known(word, rules):
                merged.append((word, tokens[i][1], tokens[i + n - 1][2]))
                i += n
                break
        else:
            merged.append(tokens[i])
            i += 1
    if joiner:
        return merged
    out: list[tuple[str, int, int]] = []
    unknown: list[tuple[str, int, int]] = []
    for tok in [*merged, ("", -1, -1)]:  # a sentinel ends the last run
        if tok[0] and not _known(tok[0], rules) and _CJK_WORD.fullmatch(tok[0]):
            unknown.append(tok)
            continue
        if unknown:
            out.extend(_resplit(unknown, rules))
            unknown = []
        if tok[0]:
            out.append(tok)
    return out
