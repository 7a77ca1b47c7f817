"""sequence: what a tagger reads — tokens with character offsets, and the script of a line.

Chinese is tagged character by character (whitespace skipped); English by a regular-
expression tokenizer close to the CoNLL-2003 tokenisation — words with inner hyphens or
apostrophes, abbreviations such as ``U.S.``, numbers with separators, the clitics ``n't``
and ``'s`` split off, every other symbol alone — which needs no downloaded model.
"""

from __future__ import annotations

import re

__all__ = ["tokenize_chars", "tokenize_en", "detect_lang", "tokenize"]

Span = tuple[int, int]

_EN_TOKEN = re.compile(
    r"""
      (?:[A-Za-z]\.){2,}(?![A-Za-z])          # U.S.  e.g.
    | \d+(?:[.,:/-]\d+)*%?(?![^\W_])          # 1,000  3.5  1996-08-22  50%
    | [^\W\d_]+(?=n't\b)                      # do|n't
    | n't\b
    | '(?:s|re|ve|ll|d|m)\b                   # 's 're ...
    | [^\W_]+(?:[-.&][^\W_]+|'(?!(?:s|re|ve|ll|d|m)\b)[^\W_]+)*  # Jean-Marie O'Neill AT&T
    | \S                                       # any other symbol alone
    """,
    re.VERBOSE | re.IGNORECASE,
)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]+")
_SPACE = re.compile(r"\s")  # str.isspace's characters (both use Py_UNICODE_ISSPACE)


def tokenize_chars(text: str) -> list[Span]:
    """One token per non-whitespace character.

    >>> tokenize_chars("江 泽民")
    [(0, 1), (2, 3), (3, 4)]
    """
    if _SPACE.search(text) is None:  # the common line: every character a token, at C speed
        return list(zip(range(len(text)), range(1, len(text) + 1), strict=True))
    return [(i, i + 1) for i, ch in enumerate(text) if not ch.isspace()]


def tokenize_en(text: str) -> list[Span]:
    """English tokens as ``(start, end)`` character spans.

    >>> text = "Mr. O'Neill didn't visit the U.S. on 1996-08-22."
    >>> [text[s:e] for s, e in tokenize_en(text)]
    ['Mr', '.', "O'Neill", 'did', "n't", 'visit', 'the', 'U.S.', 'on', '1996-08-22', '.']
    """
    return [m.span() for m in _EN_TOKEN.finditer(text)]


def detect_lang(text: str) -> str:
    """``zh`` when the line has more Han characters than Latin words, else ``en``.

    A Chinese sentence quoting ``New York`` stays Chinese; an English one mentioning
    ``北京`` stays English.

    >>> detect_lang("我在New York工作"), detect_lang("I met 王小明 in Beijing")
    ('zh', 'en')
    """
    # counted without a list of matches: a 10 MB line would make millions of strings
    han = len(text) - len(_HAN.sub("", text))
    return "zh" if han > sum(1 for _ in _LATIN_WORD.finditer(text)) else "en"


def tokenize(text: str, lang: str) -> list[Span]:
    """Token spans for a model of language ``lang`` (characters for ``zh``)."""
    return tokenize_chars(text) if lang == "zh" else tokenize_en(text)
