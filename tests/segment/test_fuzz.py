"""Fixed-seed fuzzing of both segmentation kernels: random Unicode and random bytes (decoded
as the CLI decodes them) in every mode, with and without the HMM. Nothing may crash, the
compiled and Python kernels must agree token for token, offsets must slice the input
exactly, and the accurate cut must give the input back when its words are joined."""

from __future__ import annotations

import random

import pytest

from nlptk.io import LineBlock
from nlptk.segment import Segmenter
from nlptk.segment.engine import MODES, Kernel

SEED = 20261202
POOLS = [
    "我来到北京清华大学他了网易杭研大厦小明硕士毕业于中国科学院计算所的是在",  # dictionary words
    "犇骉鱻龘靐齉爩",  # rare Han characters (HMM territory)
    "abcXYZ019 .,%-_'",  # ASCII that the cut groups
    "１２３ＡＢＣ，。！？、（）",  # full width
    "😀🎉👨\u200d👩\u200d👧\ufe0f",  # emoji, ZWJ, variation selector
    "e\u0301a\u0308\u0327",  # combining marks
    "שלוםمرحباΩΣабв가나",  # other scripts
    "\t\r\x00\x0b\x0c\u3000\u00a0\u2028",  # control and space characters
    "\U00020000\U0002a700\U0001f600",  # astral: CJK extension B/C, emoji
]


def _random_text(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.15:  # any code point, lone surrogates included (library callers)
            out.append(chr(rng.randint(0, 0x10FFFF)))
        else:
            out.append(rng.choice(rng.choice(POOLS)))
    return "".join(out)


def _random_bytes_lines(rng: random.Random) -> list[str]:
    data = bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 60)))
    data += rng.choice(POOLS).encode("utf-8")[: rng.randint(0, 20)]  # maybe a cut character
    return LineBlock("<fuzz>", 1, data, errors="replace").lines()


def _texts() -> list[str]:
    rng = random.Random(SEED)
    texts = [_random_text(rng) for _ in range(300)]
    for _ in range(100):
        texts += _random_bytes_lines(rng)
    return texts


TEXTS = _texts()


@pytest.fixture(scope="module")
def kernels() -> dict[str, Segmenter]:
    if Kernel is None:
        pytest.skip("the compiled kernel is not built")
    return {name: Segmenter(kernel=name) for name in ("compiled", "python")}


@pytest.mark.parametrize("hmm", [True, False])
@pytest.mark.parametrize("mode", MODES)
def test_fuzz_kernels_agree_and_offsets_are_exact(kernels, mode, hmm):
    for text in TEXTS:
        compiled = kernels["compiled"].tokenize(text, mode, hmm)
        python = kernels["python"].tokenize(text, mode, hmm)
        assert compiled == python, (text, mode, hmm)
        for tok in compiled:
            assert 0 <= tok.start < tok.end <= len(text) and text[tok.start : tok.end] == tok.text
        assert kernels["compiled"].cut(text, mode, hmm) == [t.text for t in compiled]
        if mode == "accurate":
            assert "".join(t.text for t in compiled) == text, text
            starts = [0, *(t.end for t in compiled[:-1])]
            assert [t.start for t in compiled] == starts[: len(compiled)]


@pytest.mark.parametrize("delimiter", [" ", "/"])
def test_fuzz_join_matches_cut(kernels, delimiter):
    for text in TEXTS[:150]:
        words = kernels["python"].cut(text)
        expected = delimiter.join(w for w in words if not w.isspace())
        for seg in kernels.values():
            assert seg.join(text, delimiter=delimiter) == expected, text
