"""segment: traditional -> simplified folding, one character to one character.

jieba's dictionary and the shipped models are simplified, so traditional text finds few of
its words. Folding looks words up in the simplified form of the text and returns the
user's characters; like width normalisation (``width``) the mapping keeps the length, so
spans on the folded text slice the original exactly. The table is
``lexicons/zh/traditional.tsv``, built from OpenCC's data by scripts/make_fold_table.py;
it never changes a simplified character.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from nlptk.artifacts import resource_dir
from nlptk.segment.width import normalize_width

__all__ = ["fold_traditional", "normalizer"]

_TABLE_FILE = ("zh", "traditional.tsv")


@lru_cache(maxsize=1)
def _table() -> dict[int, int]:
    # a shipped file (checked by the tests), read whole: a line reader's per-line decoding
    # and error reporting cost more than the rest of a one-line run's folding
    path = resource_dir("lexicons").joinpath(*_TABLE_FILE)
    rows = path.read_text(encoding="utf-8").splitlines()
    pairs = (line.split("\t") for line in rows if line and not line.startswith("#"))
    return {ord(trad): ord(simple) for trad, simple in pairs}


def fold_traditional(text: str) -> str:
    """``text`` with traditional characters replaced by their simplified forms.

    >>> fold_traditional("臺灣的電腦軟體")
    '台湾的电脑软体'
    """
    return text.translate(_table())


def _both(text: str) -> str:
    return fold_traditional(normalize_width(text))


def normalizer(width: bool, traditional: bool) -> Callable[[str], str] | None:
    """The lookup normalisation a segmenter applies (``None``: none)."""
    if width and traditional:
        return _both
    return normalize_width if width else fold_traditional if traditional else None
