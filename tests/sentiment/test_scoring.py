"""Lexicon scoring rules, each with a hand-computed answer."""

import pytest

from nlptk.sentiment.scoring import LexiconRules, aggregate, score_tokens

RULES = LexiconRules(
    weights={"好": 0.8, "差": -0.8, "喜欢": 0.6},
    negators=frozenset({"不", "没有"}),
    degrees={"很": 1.5, "有点": 0.6},
    contrasts=frozenset({"但是"}),
)


@pytest.mark.parametrize(
    ("tokens", "weights"),
    [
        ("好", [0.8]),
        ("很 好", [1.2]),  # degree
        ("不 好", [-0.56]),  # negation shifts: 0.8 * -0.7
        ("很 不 好", [-0.84]),  # "very not good": 0.8 * -0.7 * 1.5
        ("不 很 好", [-0.42]),  # "not very good" is milder: 0.8 * 1.5 * -0.35
        ("不 是 不 好", [0.392]),  # double negation
        ("不 ， 好", [0.8]),  # punctuation ends the negation scope
        ("不 差 好", [0.56, 0.8]),  # scope stops at an opinion word
        ("好 但是 差", [0.8 / 1.5, -1.2]),  # contrast
        ("好 。 但是 差", [0.8 / 1.5, -1.2]),  # contrast opening a sentence discounts the last
        ("好 。 差 但是", [0.8, -0.8 / 1.5]),
        ("差 ！", [-1.04]),  # exclamation
        ("好 ！ 差", [1.04, -0.8]),  # ... only for its own sentence
        ("天气", []),
    ],
)
def test_lexicon_score_rules(tokens, weights):
    contribs = score_tokens(tokens.split(), RULES)
    assert [c.weight for c in contribs] == pytest.approx(weights)
    assert all(tokens.split()[c.index] == c.word for c in contribs)


@pytest.mark.parametrize(
    ("weights", "score"), [([], 0.0), ([0.5, -0.1], 0.2), ([1.5, 1.0], 1.0), ([-3.0], -1.0)]
)
def test_lexicon_score_aggregate_is_clipped_mean(weights, score):
    from nlptk.sentiment.scoring import Contribution

    contribs = [Contribution(i, "w", w) for i, w in enumerate(weights)]
    assert aggregate(contribs) == pytest.approx(score)
