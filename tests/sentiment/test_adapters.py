"""snownlp and TextBlob adapters give the libraries' own numbers in the common result."""

import pytest

from nlptk.sentiment.adapters import SnowNLPSentiment, TextBlobSentiment
from nlptk.sentiment.methods import analyze


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # the seed example: TextBlob(text).sentences[i].sentiment
        ("I am happy today. I feel sad today.", [(0.8, 1.0), (-0.5, 1.0)]),
    ],
)
def test_sentiment_adapters_textblob_sentence_mode(line, expected):
    (results,) = list(analyze(TextBlobSentiment(), [line], "sentence"))
    # flat lists: pytest 9.2's approx no longer compares nested sequences
    got = [x for r in results for x in (r.score, r.subjectivity)]
    assert got == pytest.approx([x for pair in expected for x in pair])
    assert [r.label for r in results] == ["positive", "negative"]
    assert results[0].probability is None


@pytest.mark.parametrize("text", ["这个酒店很干净，服务也好", "太差了，再也不来了"])
def test_sentiment_adapters_snownlp_matches_library(text):
    from snownlp import SnowNLP

    p = SnowNLP(text).sentiments
    r = SnowNLPSentiment().predict([text])[0]
    assert r.score == pytest.approx(2 * p - 1)
    assert r.probability == pytest.approx(max(p, 1 - p))


@pytest.mark.parametrize("text", ["很好", "差"])
def test_sentiment_adapters_snownlp_fingerprint_covers_its_corpus(text):
    from nlptk.sentiment.data import seen_mask

    known = SnowNLPSentiment().training_fingerprint()
    assert len(known) > 15000
    assert seen_mask([text + "不在语料里的一句话"], known) == [False]
