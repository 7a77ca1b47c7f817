"""segment: character folding for dictionary lookup, one character to one character —
full-width ASCII forms to their half-width twins, and traditional characters to simplified.

People's Daily 1998 writes digits and Latin letters full width (``１９９８年``), most other
text writes them half width. A trained model looks words up in the normalised text but must
return the characters the user gave it, so the mapping is one character to one character
and spans found on the normalised text slice the original text exactly.

jieba's dictionary and the shipped models are simplified, so traditional text finds few of
its words. Folding looks words up in the simplified form of the text and returns the
user's characters; like width normalisation (``normalize_width``) the mapping keeps the
length, so spans on the folded text slice the original exactly. The table is
``lexicons/zh/traditional.tsv``, built from OpenCC's data by scripts/make_fold_table.py;
it never changes a simplified character.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from nlptk.artifacts import resource_dir

__all__ = ["normalize_width", "fold_traditional", "normalizer"]

# U+FF01..U+FF5E are U+0021..U+007E shifted by 0xFEE0; U+3000 is the ideographic space.
_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def normalize_width(text: str) -> str:
    """``text`` with full-width ASCII forms and the ideographic space made half width.

    The result has the same length as ``text``, character for character.

    >>> normalize_width("１９９８年ＡＢＣ，３．５％")
    '1998年ABC,3.5%'
    """
    return text.translate(_WIDTH)


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
