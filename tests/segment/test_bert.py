"""``bert_segment_stream``: ``nlptk segment``'s formats from a ``BertSegmenter`` (marked bert;
the tiny fitted ``segmenter`` is in ``tests/unit/tasks/conftest.py``)."""

import json

import pytest

from nlptk.errors import NlptkError
from nlptk.segment.bert import bert_segment_stream

pytestmark = pytest.mark.bert


@pytest.mark.parametrize(
    ("fmt", "delimiter", "expected"),
    [
        ("text", " ", ["我 来到 北京", "", "他 喜欢 学习"]),
        ("text", "/", ["我/来到/北京", "", "他/喜欢/学习"]),
        (
            "jsonl",
            " ",
            [
                '{"text": "我来到北京", "tokens": [{"word": "我", "start": 0, "end": 1}, '
                '{"word": "来到", "start": 1, "end": 3}, {"word": "北京", "start": 3, "end": 5}]}',
                '{"text": "", "tokens": []}',
                None,
            ],
        ),
    ],
)
def test_segment_bert_formats(segmenter, fmt, delimiter, expected):
    lines = ["我来到北京\n", "\n", "他 喜欢学习\n"]
    out = b"".join(bert_segment_stream(segmenter, lines, fmt, delimiter, batch_size=2)).decode()
    got = out.split("\n")
    assert got[-1] == "" and len(got) == 4  # one line out per line in
    assert [g for g, e in zip(got, expected, strict=False) if e is not None] == [
        e for e in expected if e is not None
    ]


@pytest.mark.parametrize("line", ["他 喜欢学习  中文"])
def test_segment_bert_jsonl_tokens_tile_the_line(segmenter, line):
    """As with the dictionary engine, each whitespace character is a token of its own."""
    record = json.loads(next(bert_segment_stream(segmenter, [line], "jsonl")))
    tokens = record["tokens"]
    assert "".join(t["word"] for t in tokens) == line
    assert [t["word"] for t in tokens if t["word"].isspace()] == [" ", " ", " "]
    words = [t["word"] for t in tokens if not t["word"].isspace()]
    assert words == segmenter.cut(line)


def test_segment_bert_unknown_format(segmenter):
    with pytest.raises(NlptkError, match="choose one of text, jsonl"):
        list(bert_segment_stream(segmenter, ["我"], "conll"))
