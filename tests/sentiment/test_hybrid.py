"""The hybrid method (the default) and behavioural suites: known answers, the arithmetic of
the combination, the neutral cases, model-directory errors, and the suites themselves."""

import json
import math
from pathlib import Path

import pytest

from nlptk.errors import CorpusFormatError, InputError, ModelFormatError
from nlptk.sentiment.data import seen_mask
from nlptk.sentiment.evaluate import read_suite, run_suite
from nlptk.sentiment.hybrid import CLASSIFIER_WORD, HybridSentiment
from nlptk.sentiment.methods import DEFAULT_METHOD, build_analyzer, load_analyzer

ROOT = Path(__file__).resolve().parents[2]
#: Suite 1, which the default's rules and words were written against, and suite 2, written
#: blind afterwards (README, "The behavioural suite"): (suite, lang) -> path.
SUITES = {
    (suite, lang): str(ROOT / "tests" / "data" / "sentiment" / f"{suite}.{lang}.tsv")
    for suite in ("suite", "suite2")
    for lang in ("zh", "en")
}
#: Each suite's least size per language.
SIZES = {"suite": 300, "suite2": 150}
DOMAINS = {
    "food", "delivery", "hotel", "travel", "phone", "computer", "app", "clothes", "book",
    "film", "service", "health", "school",
}  # fmt: skip


@pytest.fixture(scope="module", params=["zh", "en"])
def hybrid(request):
    return build_analyzer(DEFAULT_METHOD, request.param)


def test_sentiment_default_method_is_hybrid():
    assert DEFAULT_METHOD == "hybrid"
    assert build_analyzer("hybrid", "zh").method == "hybrid"


@pytest.mark.parametrize(
    ("lang", "text", "label"),
    [
        # the sentences of issue 26 that every shipped method got wrong
        ("zh", "这部电影太好看了", "positive"),
        ("en", "I love this phone.", "positive"),
        ("en", "Terrible service, never again.", "negative"),
        ("en", "The hotel was lovely and the staff were friendly.", "positive"),
        # input normalised as training: traditional and full-width forms read as simplified
        ("zh", "這部電影太好看了", "positive"),
        ("en", "Ｉ ＬＯＶＥ THIS PHONE", "positive"),
    ],
)
def test_sentiment_hybrid_known_answers(lang, text, label):
    assert build_analyzer("hybrid", lang).predict([text])[0].label == label


def test_sentiment_hybrid_explain_adds_up_to_the_probability(hybrid):
    text = {
        "zh": "房间很干净，但是早餐太差了！",
        "en": "The room was clean but the food was awful.",
    }[hybrid.lang]
    parts = hybrid.explain(text)
    assert parts[0][0] == CLASSIFIER_WORD and parts[0][1:3] == (0, len(text))
    assert len(parts) > 2  # the lexicon words follow, each with its offsets
    for word, start, end, _ in parts[1:]:
        assert len(text[start:end]) == len(word)
    z = math.fsum(x for *_, x in parts)
    r = hybrid.predict([text])[0]
    assert r.score == pytest.approx(2 / (1 + math.exp(-z)) - 1)
    assert r.probability == pytest.approx(max(r.score + 1, 1 - r.score) / 2)


def test_sentiment_hybrid_lexicon_share_shrinks_with_length():
    short = "质量很差"
    long = "质量很差" + "，我们" * 30
    model = build_analyzer("hybrid", "zh")
    share = {
        t: math.fsum(x for w, *_, x in model.explain(t) if w != CLASSIFIER_WORD)
        for t in (short, long)
    }
    # a short text gets the whole weight times the lexicon's score, a long one a part
    assert share[short] == pytest.approx(model.weight * model.lexicon.predict([short])[0].score)
    assert abs(share[long]) < abs(share[short]) / 4


@pytest.mark.parametrize("text", ["", "   "])
def test_sentiment_hybrid_neutral_without_evidence(hybrid, text):
    r = hybrid.predict([text])[0]
    assert r.label == "neutral"


def test_sentiment_hybrid_neutral_band(tmp_path):
    model = HybridSentiment("en", "sentiment-en-nbsvm", weight=8.0, neutral_band=0.5)
    assert model.predict(["I love this phone."])[0].label == "neutral"  # every p is inside
    model.save(tmp_path / "h")
    again = load_analyzer(str(tmp_path / "h"))
    assert again.get_params() == model.get_params()
    assert again.predict(["I love this phone."])[0].label == "neutral"


def test_sentiment_hybrid_needs_a_linear_classifier(tmp_path):
    HybridSentiment("zh", "no-such-model").save(tmp_path / "h")
    with pytest.raises((InputError, ModelFormatError)):
        load_analyzer(str(tmp_path / "h")).predict(["好"])
    lexicon_dir = tmp_path / "lex"
    lexicon_dir.mkdir()
    (lexicon_dir / "meta.json").write_text(json.dumps({"task": "sentiment", "method": "lexicon"}))
    HybridSentiment("zh", str(lexicon_dir)).save(tmp_path / "h2")
    with pytest.raises(ModelFormatError, match="linear classifier"):
        load_analyzer(str(tmp_path / "h2")).predict(["好"])


def test_sentiment_hybrid_bad_params(tmp_path):
    HybridSentiment("zh", "classifier").save(tmp_path / "h")
    meta = json.loads((tmp_path / "h" / "meta.json").read_text())
    meta["params"]["colour"] = 1
    (tmp_path / "h" / "meta.json").write_text(json.dumps(meta))
    with pytest.raises(ModelFormatError, match="params.colour: unknown field"):
        load_analyzer(str(tmp_path / "h"))


@pytest.mark.parametrize(("suite", "lang"), SUITES)
def test_sentiment_suite_shape(suite, lang):
    cases = read_suite(SUITES[suite, lang])
    assert len(cases) >= SIZES[suite]
    assert len({c.text for c in cases}) == len(cases)
    groups = {c.group for c in cases}
    assert groups >= DOMAINS
    assert {"negation", "degree", "contrast", "comparison", "emoji_slang"} <= groups
    if lang == "zh":
        assert "mixed" in groups
    labels = [c.label for c in cases]
    assert abs(labels.count("positive") - labels.count("negative")) <= 10


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_sentiment_suites_share_no_sentence(lang):
    """Suite 2 is new wording, not suite 1 again."""
    first, second = ({c.text for c in read_suite(SUITES[s, lang])} for s in ("suite", "suite2"))
    assert not first & second


@pytest.mark.parametrize(("suite", "lang"), SUITES)
def test_sentiment_suite_never_trained_on(suite, lang):
    """The suites are test sets: no shipped model has any of their sentences in training."""
    texts = [c.text for c in read_suite(SUITES[suite, lang])]
    for method in ("hybrid", "nb", "maxent", "svm", "nbsvm"):
        assert not any(seen_mask(texts, build_analyzer(method, lang).training_fingerprint()))


@pytest.mark.parametrize(("suite", "lang"), SUITES)
def test_sentiment_suite_default_passes_95_percent(suite, lang):
    """Both suites (suite 2's first, blind run: zh 0.939, en 0.952; README)."""
    result = run_suite(build_analyzer("hybrid", lang), read_suite(SUITES[suite, lang]))
    assert result["pass_rate"] >= 0.95, result["failures"]
    assert result["passed"] == result["n"] - len(result["failures"])
    assert sum(g["n"] for g in result["groups"].values()) == result["n"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label\ttext\npos\tgood\n", "label, text and group"),
        ("label\ttext\tgroup\nmaybe\tgood\tx\n", "not one of"),
        ("label\ttext\tgroup\npos\tgood\n", "missing column"),
    ],
)
def test_sentiment_suite_bad_file(tmp_path, content, message):
    path = tmp_path / "suite.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=message):
        read_suite(str(path))


def test_sentiment_suite_empty_file(tmp_path):
    path = tmp_path / "suite.tsv"
    path.write_text("group\tlabel\ttext\n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no suite cases"):
        read_suite(str(path))


def test_sentiment_suite_columns_in_any_order(tmp_path):
    path = tmp_path / "suite.tsv"
    path.write_text("group\ttext\tlabel\nfood\t好吃\tpos\nfood\t难吃\tneg\n", encoding="utf-8")
    result = run_suite(build_analyzer("lexicon", "zh"), read_suite(str(path)))
    assert result["groups"] == {"food": {"pass_rate": 1.0, "passed": 2, "n": 2}}
