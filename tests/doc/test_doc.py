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


def _columns_doc() -> Doc:
    """``DOC``'s words given as columns, as the pipeline gives them."""
    words = ["李鹏", " ", "在", "<", "上海", ">"]
    doc = Doc.of_words(DOC.text, words, [2, 3, 4, 5, 7, 8], ["nr", "x", "p", "w", "ns", "w"])
    doc.entities, doc.sentiment, doc.keywords = DOC.entities, DOC.sentiment, DOC.keywords
    return doc


@pytest.mark.parametrize("fmt", ["text", "jsonl", "conll", "inline"])
def test_doc_of_words_writes_as_the_tokens_doc(fmt):
    """A Doc built from columns writes every format as the one built from ``Token`` s,
    without making a ``Token`` for it."""
    doc = _columns_doc()
    assert format_doc(doc, fmt) == format_doc(DOC, fmt)
    assert doc._tokens is None  # written from the columns alone
    assert "".join(write_docs([doc], "html")) == "".join(write_docs([DOC], "html"))
    assert doc.tokens == DOC.tokens and doc == DOC


def test_doc_columns_of_tokens_and_tokens_replaced():
    assert DOC.columns()[2] == [2, 3, 4, 5, 7, 8]
    untagged = Doc("ab", tokens=[Token("a", 0, 1), Token("b", 1, 2)])
    assert untagged.columns() == (["a", "b"], [0, 1], [1, 2], None)
    doc = Doc.of_words("ab", ["a", "b"], [1, 2])
    doc.tokens = [Token("ab", 0, 2)]  # the columns go with the words they described
    assert doc.columns() == (["ab"], [0], [2], None) and format_doc(doc, "text") == "ab"
    assert Doc.of_words("", [], []).columns() == ([], [], [], None)
    assert doc.copy(text="x").text == "x" and doc.copy() == doc and doc != "ab"


def test_doc_entity_tags_take_tokens_inside_an_entity():
    """The one BIOES writer (``nlptk ner --format conll`` too): a token inside an entity
    is tagged even where the entity's edges are not token edges."""
    from nlptk.doc.output import entity_tags

    ents = [Span("李鹏", "PER", 0, 2), Span("北京", "LOC", 3, 5)]
    assert entity_tags([0, 1, 2, 3, 4], [1, 2, 3, 4, 5], ents) == [
        "B-PER",
        "E-PER",
        "O",
        "B-LOC",
        "E-LOC",
    ]
    assert entity_tags([0, 2], [2, 5], [Span("北京", "LOC", 3, 5)]) == ["O", "O"]
