"""The sentiment interface: result type, registry, language dispatch, line streaming and
output formats."""

import json

import numpy as np
import pytest

from nlptk.errors import InputError
from nlptk.sentiment.methods import (
    METHODS,
    Method,
    Sentiment,
    SentimentAnalyzer,
    analyze,
    build_analyzer,
    format_results,
    load_analyzer,
)


class _Sign(SentimentAnalyzer):
    """Score +0.5 when the text has 'good' or 好, else -0.5; records what it was asked."""

    method = "sign"

    def __init__(self, tag=""):
        self.tag = tag
        self.calls = []

    def predict(self, texts):
        self.calls.append(list(texts))
        return [Sentiment.from_score(t, 0.5 if ("good" in t or "好" in t) else -0.5) for t in texts]


@pytest.mark.parametrize(
    ("score", "label"), [(0.3, "positive"), (-0.01, "negative"), (0.0, "neutral")]
)
def test_sentiment_label_follows_score_sign(score, label):
    r = Sentiment.from_score("abc", score)
    assert (r.label, r.score, r.start, r.end, r.text) == (label, score, 0, 3, "abc")


@pytest.mark.parametrize(
    ("p", "label", "score", "prob"), [(0.9, "positive", 0.8, 0.9), (0.2, "negative", -0.6, 0.8)]
)
def test_sentiment_from_probability(p, label, score, prob):
    r = Sentiment.from_positive_probability("x", p)
    assert (r.label, r.score, r.probability) == pytest.approx((label, score, prob))


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_sentiment_analyze_keeps_one_entry_per_line(unit):
    lines = ["good. bad.", "", "   ", "好。差！"]
    results = list(analyze(_Sign(), lines, unit, batch_size=3))
    assert len(results) == 4 and results[1] == [] and results[2] == []
    if unit == "document":
        assert [len(r) for r in results] == [1, 0, 0, 1]
    else:
        assert [(r.text, r.start, r.end, r.label) for r in results[0]] == [
            ("good.", 0, 5, "positive"),
            ("bad.", 6, 10, "negative"),
        ]
        assert [r.text for r in results[3]] == ["好。", "差！"]


@pytest.mark.parametrize("jobs", [2])
def test_sentiment_analyze_parallel_keeps_order(jobs):
    lines = [("good" if i % 3 else "bad") + str(i) for i in range(50)]
    serial = list(analyze(_Sign(), lines, jobs=1, batch_size=4))
    assert list(analyze(_Sign(), lines, jobs=jobs, batch_size=4)) == serial


@pytest.mark.parametrize("unit", ["paragraph"])
def test_sentiment_analyze_unknown_unit(unit):
    with pytest.raises(InputError, match="unknown unit 'paragraph'"):
        list(analyze(_Sign(), ["x"], unit))


@pytest.mark.parametrize(
    ("fmt", "unit", "results", "line"),
    [
        ("text", "document", [], ""),
        ("jsonl", "document", [], '{"text": " ", "sentiment": null}'),
        ("jsonl", "sentence", [], '{"text": " ", "sentences": []}'),
        ("text", "document", [Sentiment.from_score("好", 0.5)], "positive\t0.5000"),
        (
            "text",
            "sentence",
            [Sentiment.from_score("好", 0.5), Sentiment("negative", -0.25, None, None, "差", 1, 2)],
            "positive\t0.5000\tnegative\t-0.2500",
        ),
    ],
)
def test_sentiment_format_results(fmt, unit, results, line):
    text = "".join(r.text for r in results) or " "
    assert format_results(text, results, fmt, unit) == line


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_sentiment_format_jsonl_fields_are_fixed(unit):
    """The envelope of every jsonl output: the line, then the result (its own text and
    offsets only for a sentence)."""
    r = Sentiment("positive", 0.61234, 0.8, None, "好", 3, 4)
    out = json.loads(format_results("真的很好", [r], "jsonl", unit))
    scores = {"label": "positive", "score": 0.6123, "probability": 0.8, "subjectivity": None}
    if unit == "document":
        assert out == {"text": "真的很好", "sentiment": scores}
    else:
        sentence = {"text": "好", "start": 3, "end": 4, **scores}
        assert out == {"text": "真的很好", "sentences": [sentence]}


@pytest.mark.parametrize("fmt", ["jsonl", "text"])
def test_sentiment_format_explain_shifts_offsets(fmt):
    r = Sentiment("positive", 0.5, None, None, "很好", 10, 12)
    line = format_results("x" * 12, [r], fmt, "sentence", lambda text: [("好", 1, 2, 0.75)])
    if fmt == "text":
        assert line == "positive\t0.5000\t好:+0.75"
    else:
        assert json.loads(line)["sentences"][0]["explain"] == [
            {"word": "好", "start": 11, "end": 12, "weight": 0.75}
        ]


@pytest.mark.parametrize(("method", "message"), [("vader", "unknown method 'vader'")])
def test_sentiment_registry_unknown_method(method, message):
    with pytest.raises(InputError, match=message):
        build_analyzer(method)


@pytest.mark.parametrize(("method", "lang"), [("snownlp", "en"), ("textblob", "zh")])
def test_sentiment_registry_language_mismatch(method, lang):
    with pytest.raises(InputError, match="handles"):
        build_analyzer(method, lang)


@pytest.mark.parametrize("texts", [["good film", "好电影", "bad film"]])
def test_sentiment_auto_language_dispatch(monkeypatch, texts):
    built = {}

    def default(lang):
        built[lang] = _Sign(lang)
        return built[lang]

    monkeypatch.setitem(METHODS, "sign", Method(("zh", "en"), default))
    analyzer = build_analyzer("sign", "auto")
    assert [r.text for r in analyzer.predict(texts)] == texts
    assert built["en"].calls == [["good film", "bad film"]]
    assert built["zh"].calls == [["好电影"]]


@pytest.mark.parametrize("method", ["nb"])
def test_sentiment_load_analyzer_checks_method(tmp_path, method):
    from nlptk.artifacts import write_meta

    write_meta(tmp_path, {"task": "sentiment", "method": "lexicon"})
    with pytest.raises(InputError, match="is a 'lexicon' model, not 'nb'"):
        load_analyzer(str(tmp_path), method)


@pytest.mark.parametrize(
    ("lang", "method"), [("zh", "nb"), ("auto", None), ("zh", None), ("en", None)]
)
def test_sentiment_load_analyzer_reads_method_and_language(lang, method):
    """The model's meta.json names its method and language; --lang auto (or nothing) and
    the model's own agree, another language is one InputError."""
    if lang == "en":
        with pytest.raises(InputError, match="'sentiment-zh-nb' is for 'zh' text, not 'en'"):
            load_analyzer("sentiment-zh-nb", method, lang)
        return
    assert load_analyzer("sentiment-zh-nb", method, lang).method == "nb"


@pytest.mark.parametrize("method", ["nb", "maxent", "svm"])
def test_sentiment_shipped_models_load_and_predict(method):
    analyzer = build_analyzer(method, "auto")
    results = analyzer.predict(["房间干净，服务周到，非常满意", "a dull , boring mess ."])
    assert [r.label for r in results] == ["positive", "negative"]
    assert all(0.5 <= r.probability <= 1 for r in results)
    assert isinstance(analyzer.training_fingerprint(), np.ndarray)
