"""Shape classes that stand in for unseen tokens."""

from __future__ import annotations

import pytest

from nlptk.ner.shape import normalize, shape, shape_en, shape_zh


@pytest.mark.parametrize(
    ("token", "first", "expected"),
    [
        ("96", False, "<2digit>"),
        ("1996", False, "<4digit>"),
        ("1,000.5", False, "<num-sep>"),
        ("A4", False, "<digit-alpha>"),
        ("J.", False, "<cap-period>"),
        ("U.S.", False, "<acronym>"),
        ("NATO", False, "<caps>"),
        ("Zhejiang", False, "<cap>"),
        ("Zhejiang", True, "<cap:first>"),
        ("Chinese", False, "<cap-ese>"),
        ("Anglo-Dutch", False, "<cap-hyphen>"),
        ("eBay", False, "<camel>"),
        ("walking", False, "<lower-ing>"),
        ("well-known", False, "<lower-hyphen>"),
        ("--", False, "<num-sep>"),
        ("(", False, "<punct>"),
    ],
)
def test_word_shape_en(token, first, expected):
    assert shape_en(token, first) == expected


@pytest.mark.parametrize(
    ("char", "expected"),
    [
        ("犇", "<han>"),
        ("7", "<digit>"),
        ("b", "<latin>"),
        ("。", "<punct>"),
        ("α", "<alpha>"),
        ("...", "<punct>"),
        ("", "<other>"),
        ("\u0301", "<mark>"),  # a combining acute accent
        ("\u200d", "<other>"),  # zero-width joiner
        ("😀", "<punct>"),  # symbols share the punctuation class
    ],
)
def test_word_shape_zh(char, expected):
    assert shape_zh(char) == expected
    assert shape(char, False, "zh") == expected


def test_word_shape_normalize_full_width():
    assert normalize("１９９８") == "1998" and normalize("Ａ") == "A"
