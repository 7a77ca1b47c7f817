"""``nlptk.doc``: the Doc's JSON shape and round trip, every line format on a hand-made Doc
with known answers, and the HTML rendering (escaping, colours, a standalone page)."""

from __future__ import annotations

import json

import pytest

from nlptk.doc import Doc, DocKeyword, DocSentiment, Span, Token, format_doc, render_doc, write_docs
from nlptk.errors import InputError

DOC = Doc(
    "李鹏 在<上海>",
    tokens=[
        Token("李鹏", 0, 2, "nr"),
        Token(" ", 2, 3, "x"),
        Token("在", 3, 4, "p"),
        Token("<", 4, 5, "w"),
        Token("上海", 5, 7, "ns"),
        Token(">", 7, 8, "w"),
    ],
    entities=[Span("李鹏", "PER", 0, 2), Span("上海", "LOC", 5, 7)],
    sentiment=DocSentiment("positive", 0.5, None),
    keywords=[DocKeyword("上海", 1.25)],
)


def test_doc_round_trip_through_json():
    data = json.loads(format_doc(DOC, "jsonl"))
    assert Doc.from_dict(data) == DOC
    assert list(data) == ["text", "tokens", "entities", "sentiment", "keywords"]
    assert Doc.from_dict(json.loads(format_doc(Doc("x"), "jsonl"))) == Doc("x")


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("text", "[李鹏/nr]PER 在/p </w [上海/ns]LOC >/w\tpositive 0.5000\t上海:1.250000"),
        ("inline", "[李鹏]PER 在<[上海]LOC>"),
        (
            "conll",
            "# sentiment = positive 0.5000\n# keywords = 上海:1.250000\n"
            "李鹏\tnr\tS-PER\n在\tp\tO\n<\tw\tO\n上海\tns\tS-LOC\n>\tw\tO\n",
        ),
    ],
)
def test_doc_line_formats(fmt, expected):
    assert format_doc(DOC, fmt) == expected


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        (Doc("李鹏", entities=[Span("李鹏", "PER", 0, 2)]), "[李鹏]PER"),  # no tokens: inline
        (Doc("好", sentiment=DocSentiment("positive", 1.0)), "positive 1.0000"),
        (Doc("", tokens=[], keywords=[]), ""),  # a blank line stays blank
        (Doc("a b", tokens=[Token("a", 0, 1), Token(" ", 1, 2), Token("b", 2, 3)]), "a|b"),
    ],
)
def test_doc_text_format_fields(doc, expected):
    assert format_doc(doc, "text", delimiter="|") == expected


def test_doc_conll_needs_tokens_and_formats_are_checked():
    with pytest.raises(InputError, match="add the seg task"):
        format_doc(Doc("李鹏", entities=[]), "conll")
    with pytest.raises(InputError, match="unknown format 'xml'"):
        format_doc(DOC, "xml")
    with pytest.raises(InputError, match="unknown format 'xml'"):
        list(write_docs([DOC], "xml"))


def test_doc_html_escapes_and_colours():
    html = render_doc(DOC)
    assert "&lt;" in html and "&gt;" in html and "<上海>" not in html
    assert html.count('<mark class="nlptk-ent"') == 2
    assert 'data-label="PER" style="background: #aa9cfc"' in html
    assert 'data-label="LOC" style="background: #ff9561"' in html
    assert '<span class="nlptk-tok">在<span class="nlptk-tag">p</span></span>' in html
    assert 'data-label="positive"' in html and "上海</span> 1.2500" in html
    hostile = render_doc(Doc("x", entities=[Span("x", '"><script>', 0, 1)]))
    assert "<script>" not in hostile


def test_doc_html_page_stands_alone():
    page = "".join(write_docs([DOC, Doc("", tokens=[], entities=[])], "html"))
    assert page.startswith("<!DOCTYPE html>") and page.count('class="nlptk-doc"') == 2
    assert ".nlptk-ent" in page  # the stylesheet inlined
    assert page.rstrip().endswith("</html>") and '<footer><ul class="nlptk-legend">' in page
