"""Evaluation: full and unseen scores, the neutral policy, and the comparison plot."""

import pytest

from nlptk.errors import InputError
from nlptk.sentiment.data import LabelledDoc, fingerprint
from nlptk.sentiment.evaluate import evaluate, plot_comparison
from nlptk.sentiment.methods import Sentiment, SentimentAnalyzer

DOCS = [
    LabelledDoc(t, lab, "x", i)
    for i, (t, lab) in enumerate(
        [("good", "positive"), ("bad", "negative"), ("meh", "negative"), ("seen good", "positive")]
    )
]


class _Words(SentimentAnalyzer):
    def __init__(self, trained_on):
        self.trained_on = trained_on

    def predict(self, texts):
        return [
            Sentiment.from_score(t, 1.0 if "good" in t else -1.0 if "bad" in t else 0.0)
            for t in texts
        ]

    def training_fingerprint(self):
        return None if self.trained_on is None else fingerprint(self.trained_on)


@pytest.mark.parametrize(
    ("neutral", "accuracy", "unseen_accuracy"), [("error", 0.75, 2 / 3), ("negative", 1.0, 1.0)]
)
def test_sentiment_eval_full_and_unseen(neutral, accuracy, unseen_accuracy):
    scores = evaluate(_Words(["seen  good"]), DOCS, neutral)
    assert scores["accuracy"] == pytest.approx(accuracy)
    assert scores["unseen"]["n"] == 3
    assert scores["unseen"]["accuracy"] == pytest.approx(unseen_accuracy)


@pytest.mark.parametrize(("trained_on", "unseen"), [(None, None), ([d.text for d in DOCS], 0)])
def test_sentiment_eval_unknown_or_fully_seen(trained_on, unseen):
    scores = evaluate(_Words(trained_on), DOCS)
    if unseen is None:
        assert scores["unseen"] is None
    else:
        assert scores["unseen"]["n"] == 0 and scores["unseen"]["accuracy"] is None


@pytest.mark.parametrize("neutral", ["positive"])
def test_sentiment_eval_unknown_neutral_policy(neutral):
    with pytest.raises(InputError, match="unknown neutral policy"):
        evaluate(_Words(None), DOCS, neutral)


@pytest.mark.parametrize("name", ["cmp.png"])
def test_sentiment_eval_plot(tmp_path, name):
    pytest.importorskip("matplotlib")
    results = {"a": evaluate(_Words([]), DOCS), "b": evaluate(_Words([d.text for d in DOCS]), DOCS)}
    plot_comparison(results, tmp_path / name, "title")
    assert (tmp_path / name).read_bytes().startswith(b"\x89PNG")
