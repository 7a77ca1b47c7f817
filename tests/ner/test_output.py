"""Output formats shared by every NER engine."""

from __future__ import annotations

import json

import pytest

from nlptk.errors import InputError
from nlptk.io import jsonl
from nlptk.ner.output import (
    Entity,
    entities_from_tags,
    format_entities,
    format_spans,
    tags_for_tokens,
)

TEXT = "江泽民 在北京"
TOKENS = [(0, 1), (1, 2), (2, 3), (4, 5), (5, 6), (6, 7)]
ENTS = [Entity("江泽民", "PER", 0, 3), Entity("北京", "LOC", 5, 7)]


@pytest.mark.parametrize(
    ("fmt", "scheme", "expected"),
    [
        (
            "jsonl",
            "bioes",
            '{"text": "江泽民 在北京", "entities": [{"text": "江泽民", "label": "PER", "start": 0, '
            '"end": 3}, {"text": "北京", "label": "LOC", "start": 5, "end": 7}]}',
        ),
        ("inline", "bioes", "[江泽民]PER 在[北京]LOC"),
        ("conll", "bioes", "江\tB-PER\n泽\tI-PER\n民\tE-PER\n在\tO\n北\tB-LOC\n京\tE-LOC\n"),
        ("conll", "bio", "江\tB-PER\n泽\tI-PER\n民\tI-PER\n在\tO\n北\tB-LOC\n京\tI-LOC\n"),
    ],
)
def test_ner_output_every_format(fmt, scheme, expected):
    assert format_entities(fmt, TEXT, TOKENS, ENTS, scheme) == expected


@pytest.mark.parametrize(
    ("fmt", "expected"), [("jsonl", '{"text": "", "entities": []}'), ("inline", ""), ("conll", "")]
)
def test_ner_output_empty_line(fmt, expected):
    assert format_entities(fmt, "", [], [], "bioes") == expected


def test_ner_output_spans_offsets_index_the_text():
    record = json.loads(format_entities("jsonl", TEXT, TOKENS, ENTS))
    assert all(TEXT[e["start"] : e["end"]] == e["text"] for e in record["entities"])


@pytest.mark.parametrize(
    "text",
    ['他说"你好"\\再见', "a\tb\nc\x00\x1f\x7f\u2028", "😀𠀀 ｆｕｌｌ", "", " \u3000"],
)
def test_format_spans_as_json_dumps(text):
    # format_spans writes its JSON out by hand: it must be jsonl's, character for character
    labels = ["PER", 'L"O\\C'][: len(text)]
    ents = [Entity(text[i : i + 2], label, i, i + 2) for i, label in enumerate(labels)]
    record = {
        "text": text,
        "entities": [
            {"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in ents
        ],
    }
    assert format_spans(text, ents) == jsonl(record)


def test_ner_output_tags_and_entities_round_trip():
    tags = tags_for_tokens(TOKENS, ENTS)
    assert tags == ["B-PER", "I-PER", "E-PER", "O", "B-LOC", "E-LOC"]
    assert entities_from_tags(TEXT, TOKENS, tags) == ENTS


def test_ner_output_unknown_format():
    with pytest.raises(InputError, match="unknown output format 'xml'; choose one of jsonl"):
        format_entities("xml", TEXT, TOKENS, ENTS)
