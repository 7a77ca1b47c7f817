"""``BertSentiment``: a BERT classifier behind the sentiment interface and registry.

The registry and result mapping are checked with a stand-in classifier (no torch); the
``bert``-marked tests use the tiny fitted ``classifier`` (``tests/unit/tasks/conftest.py``).
"""

import json
from dataclasses import dataclass

import numpy as np
import pytest

from nlptk.artifacts import write_meta
from nlptk.errors import InputError, ModelFormatError
from nlptk.sentiment.bert import BertSentiment
from nlptk.sentiment.data import fingerprint
from nlptk.sentiment.methods import METHODS, analyze, build_analyzer, format_results, load_analyzer

LINES = ["the film was superb", "", "   ", "the plot was awful"]


@dataclass(frozen=True)
class _Score:
    label: str
    score: float
    probability: float


class _Classifier:
    """Stands in for ``BertClassifier``: ``predict_scores`` and a record of its calls."""

    def __init__(self):
        self.calls = []

    def predict_scores(self, texts):
        self.calls.append(list(texts))
        return [
            _Score("positive", 0.9, 0.95) if "good" in t else _Score("negative", -0.4, 0.7)
            for t in texts
        ]


@pytest.mark.parametrize("lines", [["a good day", "", "bad"]])
def test_sentiment_bert_fields_map_one_to_one(lines):
    clf = _Classifier()
    results = list(analyze(BertSentiment(clf), lines))
    assert [[(r.label, r.score, r.probability, r.subjectivity) for r in rs] for rs in results] == [
        [("positive", 0.9, 0.95, None)],
        [],
        [("negative", -0.4, 0.7, None)],
    ]
    assert clf.calls == [["a good day", "bad"]]  # one batch, blank lines never sent


@pytest.mark.parametrize("text", ["", "  "])
def test_sentiment_bert_blank_text_is_neutral(text):
    clf = _Classifier()
    result = BertSentiment(clf).predict([text])[0]
    assert (result.label, result.score, result.probability) == ("neutral", 0.0, None)
    assert clf.calls == []


@pytest.mark.parametrize("task", ["bert-sentiment"])
def test_sentiment_bert_registry_loads_a_bert_model_dir(monkeypatch, tmp_path, task):
    """A directory whose meta.json says ``bert-sentiment`` is loaded by the ``bert`` entry."""
    from dataclasses import replace

    known = fingerprint(["a good day"])
    entry = replace(METHODS["bert"], load=lambda d: BertSentiment(_Classifier(), known))
    monkeypatch.setitem(METHODS, "bert", entry)
    write_meta(tmp_path, {"task": task})
    analyzer = load_analyzer(str(tmp_path), "bert")
    assert analyzer.method == "bert"
    assert np.array_equal(analyzer.training_fingerprint(), known)
    with pytest.raises(InputError, match="is a 'bert' model, not 'nb'"):
        load_analyzer(str(tmp_path), "nb")
    with pytest.raises(InputError, match="method 'bert' needs a model directory"):
        build_analyzer("bert")


@pytest.mark.parametrize("task", ["bert-ner", "segment"])
def test_sentiment_bert_other_model_dirs_are_refused(tmp_path, task):
    write_meta(tmp_path, {"task": task})
    with pytest.raises(ModelFormatError, match=f"a '{task}' model, expected a 'sentiment' model"):
        load_analyzer(str(tmp_path), "bert")


@pytest.mark.bert
@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_sentiment_bert_equals_the_classifier(classifier, unit):
    analyzer = BertSentiment(classifier)
    results = list(analyze(analyzer, LINES, unit))
    assert [len(r) for r in results] == [1, 0, 0, 1]
    expected = classifier.predict_scores([LINES[0], LINES[3]])
    got = [results[0][0], results[3][0]]
    assert [(r.label, r.score, r.probability) for r in got] == [
        (e.label, e.score, e.probability) for e in expected
    ]
    assert [r.label for r in got] == ["positive", "negative"]
    envelope = json.loads(format_results(LINES[0], results[0], "jsonl", "document"))
    record = envelope["sentiment"]
    assert envelope["text"] == LINES[0]
    assert record["label"] == "positive" and 0.5 < record["probability"] <= 1
    assert record["score"] > 0


@pytest.mark.bert
def test_sentiment_bert_load_reads_fingerprint(classifier, tmp_path):
    from nlptk.sentiment.data import save_fingerprint

    path = classifier.save(tmp_path / "m")
    assert BertSentiment.load(path, device="cpu").training_fingerprint() is None
    save_fingerprint(path, fingerprint(["the film was superb"]))
    loaded = BertSentiment.load(path, device="cpu")
    assert loaded.training_fingerprint().tolist() == fingerprint(["the film was superb"]).tolist()
    assert loaded.predict(["the film was superb"])[0].label == "positive"
