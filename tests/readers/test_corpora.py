"""--data PATH[:FORMAT[:WEIGHT]]: the spec every train command shares, and the weight rule."""

import pytest

from nlptk.errors import InputError
from nlptk.readers.corpora import Corpus, parse_corpus, weighted

FORMATS = ("pd", "words", "bio")


@pytest.mark.parametrize(
    "spec, want",
    [
        ("x.txt", Corpus("x.txt", "pd")),
        ("x.txt:words", Corpus("x.txt", "words")),
        ("x.txt:bio:0.25", Corpus("x.txt", "bio", 0.25)),
        ("dir:with:colons/x.txt", Corpus("dir:with:colons/x.txt", "pd")),
        ("dir:a/x.txt:words:3", Corpus("dir:a/x.txt", "words", 3.0)),
    ],
)
def test_parse(spec: str, want: Corpus) -> None:
    assert parse_corpus(spec, "pd", FORMATS) == want


@pytest.mark.parametrize(
    "spec, msg",
    [
        ("x.txt:words:0", "positive"),
        ("x.txt:words:-1", "positive"),
        ("x.txt:words:nan", "positive"),
        ("x.txt:words:two", "not a number"),
        ("x.txt:2", "after a format"),
    ],
)
def test_bad_spec(spec: str, msg: str) -> None:
    with pytest.raises(InputError, match=msg):
        parse_corpus(spec, "pd", FORMATS)


def test_weighted_is_repeatable_and_sized() -> None:
    items = list(range(100))
    a, b = weighted(items, 1.3, seed=7), weighted(items, 1.3, seed=7)
    assert a == b and len(a) == 130 and a[:100] == items
    assert len(set(a[100:])) == 30
    assert weighted(items, 1.0) == items
