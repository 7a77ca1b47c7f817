"""Classification scores against hand-computed answers and scikit-learn's definitions."""

import random

import pytest

from nlptk.metrics.classes import classification_scores

#: Crafted cases where averaging over the gold labels alone would go wrong.
CRAFTED = [
    # pos: tp 2, fp 1, fn 0 -> F1 0.8; neg: tp 1, fp 0, fn 1 -> F1 2/3
    (["p", "p", "n", "n"], ["p", "p", "p", "n"]),
    # an all-negative test set with false positives: positive is a label with F1 0
    (["n"] * 40, ["n"] * 38 + ["p"] * 2),
    # a neutral answer on binary data: an error and a third label whose F1 is 0
    (["p", "n"], ["neutral", "n"]),
    (["p", "p", "n", "n"], ["neutral", "p", "neutral", "n"]),
    # a gold label never predicted
    (["a", "b", "c"], ["a", "a", "a"]),
]


@pytest.mark.parametrize(
    ("gold", "pred", "accuracy", "macro_f1"),
    [
        (["p", "p", "n", "n"], ["p", "p", "p", "n"], 0.75, (0.8 + 2 / 3) / 2),
        # F1(n) = 2*38/(40+38) = 76/78; F1(p) = 0
        (["n"] * 40, ["n"] * 38 + ["p"] * 2, 0.95, (76 / 78) / 2),
        (["p", "n"], ["neutral", "n"], 0.5, (1.0 + 0.0 + 0.0) / 3),
        ([], [], 0.0, 0.0),
    ],
)
def test_class_score_known_answers(gold, pred, accuracy, macro_f1):
    scores = classification_scores(gold, pred)
    assert scores["accuracy"] == pytest.approx(accuracy)
    assert scores["macro_f1"] == pytest.approx(macro_f1)
    assert scores["n"] == len(gold)


@pytest.mark.parametrize(("gold", "pred"), CRAFTED)
def test_class_score_macro_f1_matches_sklearn_on_crafted_cases(gold, pred):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    scores = classification_scores(gold, pred)
    expected = sklearn_metrics.f1_score(gold, pred, average="macro", zero_division=0)
    assert scores["macro_f1"] == pytest.approx(expected)


@pytest.mark.parametrize(("gold", "pred"), [(["p", "p", "n", "n"], ["neutral"] * 3 + ["p"])])
def test_class_score_abstaining_macro_f1_not_above_accuracy(gold, pred):
    scores = classification_scores(gold, pred)
    assert scores["macro_f1"] <= scores["accuracy"]


@pytest.mark.parametrize("seed", [0, 1])
def test_class_score_matches_sklearn(seed):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    rng = random.Random(seed)
    gold = [rng.choice("abc") for _ in range(200)]
    pred = [g if rng.random() < 0.7 else rng.choice("abcd") for g in gold]
    scores = classification_scores(gold, pred)
    assert scores["accuracy"] == pytest.approx(sklearn_metrics.accuracy_score(gold, pred))
    assert scores["macro_f1"] == pytest.approx(
        sklearn_metrics.f1_score(gold, pred, average="macro", zero_division=0)
    )
    matrix = sklearn_metrics.confusion_matrix(gold, pred, labels=list("abc"))
    for i, g in enumerate("abc"):
        for j, p in enumerate("abc"):
            assert scores["confusion"][g].get(p, 0) == matrix[i][j]


@pytest.mark.parametrize(("gold", "pred"), [(["a"], [])])
def test_class_score_length_mismatch_raises(gold, pred):
    with pytest.raises(ValueError, match="1 gold labels but 0 predictions"):
        classification_scores(gold, pred)
