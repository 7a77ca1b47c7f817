"""``predict_lines``: one output line per input line, in every task's formats (marked bert)."""

import json

import pytest

from nlptk.tasks.bert.run import predict_lines

pytestmark = pytest.mark.bert

LINES = ["the film was superb", "", "   ", "the plot was awful"]


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_run_sentiment_lines(classifier, fmt):
    out = list(predict_lines(classifier, LINES, fmt, batch_lines=3))
    assert len(out) == 4 and out[1] == out[2] == ""
    if fmt == "text":
        assert [out[0], out[3]] == ["positive", "negative"]
    else:
        record = json.loads(out[0])
        assert record["text"] == LINES[0] and record["label"] == "positive"
        assert 0.5 < record["probability"] <= 1 and record["score"] > 0


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", ["我 来到 北京", "", "他 喜欢 学习"]),
        (
            "jsonl",
            [
                '{"text": "我来到北京", "tokens": [{"word": "我", "start": 0, "end": 1}, '
                '{"word": "来到", "start": 1, "end": 3}, {"word": "北京", "start": 3, "end": 5}]}',
                "",
                None,
            ],
        ),
    ],
)
def test_run_segment_lines(segmenter, fmt, expected):
    out = list(predict_lines(segmenter, ["我来到北京", "", "他 喜欢学习"], fmt))
    assert len(out) == 3
    assert [e for e in expected if e is not None] == [
        o for o, e in zip(out, expected, strict=True) if e is not None
    ]


def test_run_unknown_format(segmenter):
    with pytest.raises(ValueError, match="choose one of text, jsonl"):
        list(predict_lines(segmenter, ["我"], "conll"))
