"""ner: the symbols an HMM emits — a token as itself when known, else its shape class.

An HMM can only score symbols it saw in training. Rare and unseen tokens are replaced by a
class that keeps what predicts an entity: for English the word's shape (capitalised,
all caps, digits and punctuation, first in the sentence, a telling suffix — Bikel et al.'s
IdentiFinder features); for Chinese the kind of character by Unicode category (Han, digit,
Latin, other letters, punctuation and symbols, combining marks, the rest). A class never
trained stands as ``<unk>``, which the tagger gives no preference for any state.
Tokens are NFKC-normalised first so full- and half-width forms (``１``/``1``) share
statistics. Pure functions; no I/O.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize", "shape_en", "shape_zh", "shape", "SHAPE_PREFIX"]

#: Shape classes are written ``<shape>`` so they never collide with a real token.
SHAPE_PREFIX = "<"

_SUFFIXES = ("ese", "ian", "ish", "ean", "an", "ic", "ist", "ers", "ing", "ed", "ly", "s")

_EN_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("2digit", re.compile(r"\d\d")),
    ("4digit", re.compile(r"\d{4}")),
    ("num", re.compile(r"\d+")),
    ("num-sep", re.compile(r"[\d.,:/%-]+")),
    ("digit-alpha", re.compile(r"(?=.*\d)(?=.*[^\W\d_])[\w.-]+")),
    ("cap-period", re.compile(r"[A-Z]\.")),
    ("acronym", re.compile(r"(?:[A-Z]\.)+[A-Z]?")),
    ("caps", re.compile(r"[A-Z]+")),
    ("caps-mixed", re.compile(r"[A-Z][A-Z0-9&.'-]+")),
    ("cap-hyphen", re.compile(r"[A-Z]\w*(?:-\w+)+")),
    ("cap", re.compile(r"[A-Z][^\W\d_]*")),
    ("camel", re.compile(r"[A-Z]?[a-z]+[A-Z]\w*")),
    ("lower-hyphen", re.compile(r"[a-z]\w*(?:-\w+)+")),
    ("lower", re.compile(r"[a-z]+")),
    ("punct", re.compile(r"[^\w\s]+")),
)


def normalize(token: str) -> str:
    """The form a token is looked up by: NFKC (full-width ``１Ａ`` → ``1A``)."""
    return unicodedata.normalize("NFKC", token)


def shape_en(token: str, first: bool) -> str:
    """English shape class; capitalised words also carry a telling suffix and whether they
    open the sentence (where every word is capitalised).

    >>> shape_en("Zhejiang", False), shape_en("Italian", True), shape_en("1996", False)
    ('<cap>', '<cap-ian:first>', '<4digit>')
    """
    name = next((n for n, rx in _EN_RULES if rx.fullmatch(token)), "other")
    if name in ("cap", "lower"):
        lower = token.lower()
        suffix = next((s for s in _SUFFIXES if lower.endswith(s) and len(lower) > len(s) + 2), "")
        if suffix:
            name = f"{name}-{suffix}"
    if first and name.startswith("cap"):
        name += ":first"
    return f"{SHAPE_PREFIX}{name}>"


def shape_zh(token: str) -> str:
    """Chinese character class (of the first character: NFKC may turn one into several).

    >>> shape_zh("犇"), shape_zh("7"), shape_zh("，"), shape_zh("Q"), shape_zh("\u0301")
    ('<han>', '<digit>', '<punct>', '<latin>', '<mark>')
    """
    char = token[:1]
    if "\u3400" <= char <= "\u9fff" or "\uf900" <= char <= "\ufaff":
        return "<han>"
    if char.isdigit():
        return "<digit>"
    if char.isascii() and char.isalpha():
        return "<latin>"
    if char.isalpha():
        return "<alpha>"
    category = unicodedata.category(char) if char else "Cn"
    if category.startswith(("P", "S")):
        return "<punct>"
    if category.startswith("M"):
        return "<mark>"  # combining marks: a class of their own, never a letter's
    return "<other>"  # format (ZWJ), control, space


def shape(token: str, first: bool, lang: str) -> str:
    """The shape class of a normalised token for a model of language ``lang``."""
    return shape_zh(token) if lang == "zh" else shape_en(token, first)
