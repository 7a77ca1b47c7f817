"""The lexicon method: shipped lexicons, rules end to end, user files, induction, save/load."""

from pathlib import Path

import pytest

from nlptk.errors import DictFormatError, InputError, NotFittedError
from nlptk.sentiment.data import load_labelled
from nlptk.sentiment.lexicon import LexiconSentiment

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment"


@pytest.fixture(scope="module")
def zh():
    # the contrast rule on: the shipped zh constants (rules.json, tuned on dev) turn it off
    return LexiconSentiment("zh", constants={"contrast": 1.5})


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("房间很干净，服务也热情", "positive"),
        ("房间很脏，服务冷漠", "negative"),
        ("房间不干净", "negative"),
        ("虽然价格贵，但是非常值得", "positive"),
        ("房间很干净，但是早餐太差了！", "negative"),
        ("今天星期三", "neutral"),
        # the equative 那么 does not use up the negator's window; 更 (a superlative) does
        ("没有想象中那么好用。", "negative"),
        ("没有比这更好的选择了。", "positive"),
        ("吃药以后睡眠改善了", "positive"),
    ],
)
def test_sentiment_lexicon_zh_known_labels(zh, text, label):
    assert zh.predict([text])[0].label == label


def test_sentiment_lexicon_zh_jiushi_is_a_contrast_word(zh):
    """…，就是早餐一般: the clause after 就是 counts ``contrast`` times, the one before
    ``1 / contrast`` (1.5 in the fixture)."""
    plain = {w: x for w, *_, x in zh.explain("房间干净，早餐一般")}
    contrasted = {w: x for w, *_, x in zh.explain("房间干净，就是早餐一般")}
    assert contrasted["一般"] == pytest.approx(plain["一般"] * 1.5)
    assert contrasted["干净"] == pytest.approx(plain["干净"] / 1.5)


@pytest.mark.parametrize(
    ("text", "words"), [("房间不干净，但是很安静", [("不干净", 2, 5), ("安静", 9, 11)])]
)
def test_sentiment_lexicon_explain_names_words_and_offsets(zh, text, words):
    explained = zh.explain(text)
    assert [(w, s, e) for w, s, e, _ in explained] == words
    assert explained[0][3] < 0 < explained[1][3]
    assert all(text[s:e] == w for w, s, e, _ in explained)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("I am happy today.", "positive"),
        ("This is not a good movie.", "negative"),
        ("The plot is dull, but the acting is great!", "positive"),
        ("a table", "neutral"),
    ],
)
def test_sentiment_lexicon_en_uses_textblob_lexicon(text, label):
    assert LexiconSentiment("en").predict([text])[0].label == label


@pytest.mark.parametrize("entry", ["外星人\t0.9\n", "外星人 0.9\n"])
def test_sentiment_lexicon_user_file_adds_words(tmp_path, zh, entry):
    path = tmp_path / "user.tsv"
    path.write_text("# my words\n" + entry, encoding="utf-8")
    assert zh.predict(["外星人"])[0].label == "neutral"
    assert LexiconSentiment("zh", ["seed", str(path)]).predict(["外星人"])[0].label == "positive"


@pytest.mark.parametrize(
    ("content", "message"),
    [("好\n", r"user.tsv:1: expected 'word<TAB>weight'"), ("好\t5\n", "outside")],
)
def test_sentiment_lexicon_bad_user_file(tmp_path, content, message):
    path = tmp_path / "user.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DictFormatError, match=message):
        LexiconSentiment("zh", [str(path)]).predict(["好"])


@pytest.mark.parametrize("name", ["no-such-lexicon"])
def test_sentiment_lexicon_unknown_name(name):
    with pytest.raises(InputError, match="lexicon 'no-such-lexicon' not found"):
        LexiconSentiment("zh", [name]).predict(["好"])


@pytest.mark.parametrize("lexicons", [()])
def test_sentiment_lexicon_fit_save_load(tmp_path, lexicons):
    docs = load_labelled(str(DATA / "zh_train.tsv"), "tsv")
    texts, labels = [d.text for d in docs], [d.label for d in docs]
    model = LexiconSentiment("zh", lexicons, min_docs=3, min_z=1.0)
    with pytest.raises(NotFittedError):
        model.save(tmp_path)
    assert model.fit(texts, labels) is model
    induced = {w.word: w.weight for w in model.induced_}
    assert induced["干净"] > 0 > induced["脏"]
    assert "很" not in induced  # degree words are rules, not opinion words
    test = load_labelled(str(DATA / "zh_test.tsv"), "tsv")
    pred = model.predict([d.text for d in test])
    assert sum(r.label == d.label for r, d in zip(pred, test, strict=True)) / len(test) >= 0.9
    model.save(tmp_path)
    loaded = LexiconSentiment.load(tmp_path)
    assert loaded.get_params() == model.get_params()
    assert loaded.predict([d.text for d in test]) == pred
    # as a base lexicon, the directory brings its training fingerprint along
    reused = LexiconSentiment("zh", [str(tmp_path)])
    assert set(reused.training_fingerprint()) == set(model.training_fingerprint())


def test_sentiment_lexicon_shipped_rule_constants_and_overrides():
    from nlptk.sentiment.lexicon import rule_constants

    shipped = rule_constants("zh")
    assert shipped == {"negation": -1.0, "contrast": 1.0, "degree_power": 1.5}
    rules = LexiconSentiment("zh", constants={"contrast": 2.0}).rules
    assert (rules.negation, rules.contrast, rules.degree_power) == (-1.0, 2.0, 1.5)
    # degree_power 0 ignores degree words: 很好 scores as 好
    flat = LexiconSentiment("zh", constants={"degree_power": 0.0})
    assert flat.predict(["非常好"])[0].score == flat.predict(["好"])[0].score


@pytest.mark.parametrize(
    ("constants", "message"),
    [({"negaton": -1.0}, "unknown lexicon rule constant 'negaton'"), ({"contrast": "2"}, "number")],
)
def test_sentiment_lexicon_bad_rule_constants(constants, message):
    from nlptk.errors import ModelFormatError

    with pytest.raises(ModelFormatError, match=message):
        _ = LexiconSentiment("zh", constants=constants).rules
