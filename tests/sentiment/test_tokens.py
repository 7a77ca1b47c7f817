"""Tokens and n-gram features: negation scope marking."""

import pytest

from nlptk.sentiment.tokens import features, mark_negation, negators


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["不", "好", "吃", "，", "但", "便宜"], ["不", "NOT_好", "NOT_吃", "，", "但", "便宜"]),
        # a second negator inside the scope is marked and keeps the scope open
        (["not", "bad", "not", "good", "."], ["not", "NOT_bad", "NOT_not", "NOT_good", "."]),
        (["good"], ["good"]),
    ],
)
def test_tokens_mark_negation_until_punctuation(words, expected):
    assert mark_negation(words, frozenset({"不", "not"})) == expected


@pytest.mark.parametrize(("lang", "word"), [("zh", "没有"), ("en", "n't")])
def test_tokens_shipped_negators(lang, word):
    assert word in negators(lang)


@pytest.mark.parametrize("text", ["it does n't work , sadly"])
def test_tokens_features_with_negation(text):
    marked = features(text, "en", (1, 2), (0, 0), negation=True)
    assert "w:NOT_work" in marked and "w:n't NOT_work" in marked and "w:sadly" in marked
    assert "w:work" in features(text, "en", (1, 1), (0, 0))
