"""Tokens for NER: characters for Chinese, a download-free regex for English."""

from __future__ import annotations

import pytest

from nlptk.sequence.tokens import detect_lang, tokenize, tokenize_chars, tokenize_en


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("EU rejects German call.", ["EU", "rejects", "German", "call", "."]),
        ("It's Smith's, isn't it?", ["It", "'s", "Smith", "'s", ",", "is", "n't", "it", "?"]),
        ("U.S. GDP rose 3.5% to $1,000", ["U.S.", "GDP", "rose", "3.5%", "to", "$", "1,000"]),
        ("Jean-Marie O'Neill (AT&T) 3rd", ["Jean-Marie", "O'Neill", "(", "AT&T", ")", "3rd"]),
        ("", []),
    ],
)
def test_ner_tokens_en(text, tokens):
    spans = tokenize_en(text)
    assert [text[s:e] for s, e in spans] == tokens


def test_ner_tokens_chars_skip_whitespace_and_keep_offsets():
    assert tokenize_chars("李 鹏\t好") == [(0, 1), (2, 3), (4, 5)]
    assert tokenize("北京", "zh") == [(0, 1), (1, 2)]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("江泽民在北京", "zh"),
        ("Peter visited Beijing", "en"),
        ("我在New York工作", "zh"),
        ("I met 王小明 in Beijing", "en"),
        ("", "en"),
        ("１２３", "en"),
    ],
)
def test_ner_tokens_detect_lang(text, lang):
    assert detect_lang(text) == lang
