"""Shared input of the NER tests: generated Chinese lines meant to break a per-character
path (``test_char_entities.py``, ``test_perceptron_entities.py``)."""

from __future__ import annotations

import functools
import random
from collections.abc import Callable

import pytest

from nlptk.ner.recognizer import LONG_LINE

#: Characters of every kind the symbol and feature rules treat apart: full-width forms,
#: digits, Latin, emoji (with skin tone and ZWJ), combining marks, astral Han, NFKC
#: expansions (ﬁ ㈱ ① ㍿), whitespace of several kinds (the ideographic space is both
#: whitespace and full-width), controls, a lone surrogate, other scripts.
ODD = (
    "０１２３ＡＢＣｘｙｚ0123456789abcXYZ，。！？、“”《》（）·—…%$#@"
    "😀🎉👍🏽👨\u200d👩\u0301\u0308𠀀𪚥ﬁ㈱①㍿ \t\u3000\xa0\u2028\u200b\x00\x1f\udc80"
    "שלוםمرحبا한국語カタカナひらがなΑβγ"
)
NAMES = ["江泽民", "李鹏", "北京", "上海", "中国共产党", "国务院", "克林顿", "新华社", "香港"]
EDGES = ["", " ", "\u3000\t", "李", "李鹏", "😀", "\udc80", "１９９８年", "A", "李 鹏\u3000在北京"]


@functools.cache
def _odd_lines(
    han: tuple[str, ...], seed: int, count: int, name_rate: float, long_extra: int, joined: int
) -> tuple[str, ...]:
    rng = random.Random(seed)
    pool = list(han) + list(ODD) * 20
    lines = list(EDGES)
    for _ in range(count):
        parts = []
        for _ in range(rng.randrange(0, 40)):
            parts.append(rng.choice(NAMES) if rng.random() < name_rate else rng.choice(pool))
        lines.append("".join(parts))
    # past LONG_LINE, so the stream decodes them piece by piece
    lines.append("".join(rng.choice(pool + NAMES) for _ in range(LONG_LINE + long_extra)))
    lines.append("。".join(rng.choice(NAMES) + "在" + rng.choice(NAMES) for _ in range(joined)))
    return tuple(lines)


@pytest.fixture(scope="session")
def odd_lines() -> Callable[..., list[str]]:
    """``odd_lines(han, seed=0, count=400, name_rate=0.2, long_extra=5000, joined=6000)``:
    the ``EDGES``, ``count`` random lines of ``han`` characters, ``ODD`` ones and
    ``NAMES``, then two lines past ``LONG_LINE`` (the same for the same arguments)."""

    def make(
        han: list[str],
        seed: int = 0,
        count: int = 400,
        name_rate: float = 0.2,
        long_extra: int = 5000,
        joined: int = 6000,
    ) -> list[str]:
        return list(_odd_lines(tuple(han), seed, count, name_rate, long_extra, joined))

    return make
