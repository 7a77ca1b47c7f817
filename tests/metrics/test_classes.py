"""Classification scores against hand-computed answers and scikit-learn's definitions."""

import pytest

from nlptk.metrics.classes import classification_scores


@pytest.mark.parametrize(
    ("gold", "pred", "labels", "accuracy", "macro_f1"),
    [
        # pos: tp 2, fp 1, fn 0 -> F1 0.8; neg: tp 1, fp 0, fn 1 -> F1 2/3
        (["p", "p", "n", "n"], ["p", "p", "p", "n"], None, 0.75, (0.8 + 2 / 3) / 2),
        # a neutral answer on binary data: an error, not a third class in the average
        (["p", "n"], ["neutral", "n"], ["n", "p"], 0.5, (1.0 + 0.0) / 2),
        # the same with every seen label averaged: neutral adds an F1 of 0
        (["p", "n"], ["neutral", "n"], None, 0.5, (1.0 + 0.0 + 0.0) / 3),
        ([], [], None, 0.0, 0.0),
    ],
)
def test_class_score_known_answers(gold, pred, labels, accuracy, macro_f1):
    scores = classification_scores(gold, pred, labels)
    assert scores["accuracy"] == pytest.approx(accuracy)
    assert scores["macro_f1"] == pytest.approx(macro_f1)
    assert scores["n"] == len(gold)


@pytest.mark.parametrize("seed", [0])
def test_class_score_matches_sklearn(seed):
    sklearn_metrics = pytest.importorskip("sklearn.metrics")
    import random

    rng = random.Random(seed)
    gold = [rng.choice("abc") for _ in range(200)]
    pred = [g if rng.random() < 0.7 else rng.choice("abc") for g in gold]
    scores = classification_scores(gold, pred)
    assert scores["accuracy"] == pytest.approx(sklearn_metrics.accuracy_score(gold, pred))
    assert scores["macro_f1"] == pytest.approx(
        sklearn_metrics.f1_score(gold, pred, average="macro")
    )
    matrix = sklearn_metrics.confusion_matrix(gold, pred, labels=list("abc"))
    for i, g in enumerate("abc"):
        for j, p in enumerate("abc"):
            assert scores["confusion"][g].get(p, 0) == matrix[i][j]


@pytest.mark.parametrize(("gold", "pred"), [(["a"], [])])
def test_class_score_length_mismatch_raises(gold, pred):
    with pytest.raises(ValueError, match="1 gold labels but 0 predictions"):
        classification_scores(gold, pred)
