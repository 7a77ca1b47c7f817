"""Sentence splitting and script detection, with known answers."""

import pytest

from nlptk.sentiment.sentences import detect_lang, split_sentences


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        ("I am happy today. I feel sad today.", ["I am happy today.", "I feel sad today."]),
        ("Mr. Smith came. He left!", ["Mr. Smith came.", "He left!"]),
        ("It costs 15.4 dollars", ["It costs 15.4 dollars"]),
        ('He said "no." Then left', ['He said "no."', "Then left"]),
        ("好！！不好。。还行", ["好！！", "不好。。", "还行"]),
        ("等了很久……终于到了；还行", ["等了很久……", "终于到了；", "还行"]),
        ("他说：“太好了！”然后走了", ["他说：“太好了！”", "然后走了"]),
        ("  ", []),
        ("", []),
    ],
)
def test_sentences_split_known_answers(text, sentences):
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == sentences


@pytest.mark.parametrize("text", ["  a. b.  ", "一。二"])
def test_sentences_offsets_are_trimmed_and_ordered(text):
    spans = split_sentences(text)
    for (s, e), (s2, _) in zip(spans, spans[1:] + [(len(text), 0)], strict=True):
        assert s < e <= s2
        assert text[s:e] == text[s:e].strip()


@pytest.mark.parametrize(
    ("text", "lang"),
    [("这个 iPhone 很好用", "zh"), ("a good movie", "en"), ("", "en"), ("OK OK OK OK 好", "en")],
)
def test_sentences_detect_lang(text, lang):
    assert detect_lang(text) == lang
