"""--aggregate sentences: sentence scores combined into a document score."""

import pytest

from nlptk.errors import InputError
from nlptk.sentiment.base import Sentiment, SentimentAnalyzer
from nlptk.sentiment.documents import SentenceAggregate, aggregated
from nlptk.sentiment.lexicon import LexiconSentiment


class _ByLength(SentimentAnalyzer):
    """Positive for texts with 好, negative otherwise; probability 0.9; records its inputs."""

    method = "fake"

    def __init__(self):
        self.seen = []

    def predict(self, texts):
        self.seen.extend(texts)
        return [Sentiment.from_positive_probability(t, 0.9 if "好" in t else 0.1) for t in texts]


def test_sentence_aggregate_weights_sentences_by_length():
    inner = _ByLength()
    text = "好。差差差差差差。坏。"  # 2 + 7 + 2 characters: the long negative one wins
    r = SentenceAggregate(inner, min_sentences=3).predict([text])[0]
    assert inner.seen == ["好。", "差差差差差差。", "坏。"]
    assert r.label == "negative"
    assert r.score == pytest.approx((2 * 0.8 - 9 * 0.8) / 11)
    assert r.probability == pytest.approx(1 - (2 * 0.9 + 9 * 0.1) / 11)
    assert (r.text, r.start, r.end) == (text, 0, len(text))


def test_sentence_aggregate_leaves_short_texts_whole():
    inner = _ByLength()
    texts = ["好。差。", "差。好。好。"]
    results = SentenceAggregate(inner, min_sentences=3).predict(texts)
    assert inner.seen == ["好。差。", "差。", "好。", "好。"]
    assert results[0] == Sentiment.from_positive_probability("好。差。", 0.9)
    assert results[1].label == "positive"


def test_sentence_aggregate_real_lexicon_keeps_method_and_explain():
    a = aggregated(LexiconSentiment("zh"), "sentences")
    assert a.method == "lexicon"
    r = a.predict(["房间很干净。早餐太差了！服务很差。"])[0]
    assert (r.label, round(r.score, 4)) == ("negative", -0.2647)  # (6·1.0 − 6·1.0 − 5·0.9) / 17
    assert [w for w, *_ in a.explain("房间很干净。")] == ["干净"]
    assert a.training_fingerprint().size == 0


def test_aggregated_document_is_the_analyzer_itself():
    inner = _ByLength()
    assert aggregated(inner, "document") is inner


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: aggregated(_ByLength(), "paragraph"), "unknown aggregate 'paragraph'"),
        (lambda: SentenceAggregate(_ByLength(), 0).predict(["好。"]), "at least 1"),
    ],
)
def test_aggregate_errors(make, message):
    with pytest.raises(InputError, match=message):
        make()
