"""Traditional folding: one character to one character, simplified text untouched, words
returned in the caller's characters, on by default for trained models and recorded."""

import json
from pathlib import Path

import pytest

from nlptk import Segmenter
from nlptk.segment.fold import fold_traditional
from nlptk.segment.train import train_segment

CORPUS = str(Path(__file__).resolve().parents[1] / "data" / "seg" / "tiny_pd.txt")


@pytest.mark.parametrize(
    ("text", "folded"),
    [("臺灣的電腦軟體", "台湾的电脑软体"), ("之後，裡面", "之后，里面"), ("ＡＢ臺", "ＡＢ台")],
)
def test_fold_known_answers(text, folded):
    assert fold_traditional(text) == folded


# 著 (著名), 乾 (乾隆) and 於 (a surname) are simplified characters too
@pytest.mark.parametrize("text", ["著名的乾隆皇帝姓於", "我来到北京清华大学", "后来他说：发展"])
def test_fold_leaves_simplified_text_unchanged(text):
    assert fold_traditional(text) == text


@pytest.mark.parametrize(
    ("text", "plain", "folded"),
    [("臺灣的電腦", ["臺", "灣的", "電腦"], ["臺灣", "的", "電腦"])],
)
def test_fold_segmenter_returns_original_characters(text, plain, folded):
    assert Segmenter().cut(text) == plain
    assert Segmenter(fold_traditional=True).cut(text) == folded


@pytest.mark.parametrize(("flag", "expected"), [(True, ["北京", "清華大學"]), (False, None)])
def test_fold_trained_model_records_and_applies_it(tmp_path, flag, expected):
    train_segment(CORPUS, tmp_path, solo_threshold=0.5, fold_traditional=flag)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    assert meta["params"]["fold_traditional"] is flag
    words = Segmenter.load(tmp_path).cut("北京清華大學")
    if expected is not None:
        assert words == expected
    else:  # unfolded, the traditional characters are unknown to the tiny dictionary
        assert words != ["北京", "清華大學"]
