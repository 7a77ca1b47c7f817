"""The shipped multi-domain segmenter ``zh-seg`` (issue 25): its model-card figures on the
shared test sets (skipped where ../shared/data is absent), and what its meta.json records."""

import pytest

from nlptk import Segmenter
from nlptk.artifacts import read_meta, resource_dir
from nlptk.segment.evaluate import score_segmentation

MODEL = resource_dir("models") / "zh-seg"


@pytest.fixture(scope="module")
def seg():
    return Segmenter.load("zh-seg")


def test_zh_seg_records_its_corpora_names_and_features():
    meta = read_meta(MODEL, "segment")
    assert [(c["corpus"], c["format"], c["split"]) for c in meta["data"]["corpora"]] == [
        ("199801.txt", "pd", "train"),
        ("weibo_train.utf8", "words", "train"),
    ]
    assert meta["params"]["names"] == "whole" and meta["params"]["dict_features"] == "jieba"
    assert sorted(meta["metrics"]["held_out"]) == ["199801.txt", "weibo_train.utf8"]


def test_zh_seg_keeps_names_and_todays_words_whole(seg):
    words = seg.cut("张伟在腾讯深圳总部会见了微软公司的史蒂夫。")
    assert {"张伟", "腾讯", "深圳", "微软"} <= set(words)


@pytest.mark.parametrize(
    ("gold", "split", "user_dict", "f1"),
    [
        ("weibo_train.utf8", "test", None, 0.9399),  # the card's figures, to 4 decimals
        ("pku_test_gold.utf8", "all", None, 0.9429),
        ("msr_test_gold.utf8", "all", "msr_training_words.utf8", 0.8918),
        ("cityu_test_gold.utf8", "all", None, 0.8968),
    ],
)
def test_zh_seg_figures(shared_data, gold, split, user_dict, f1):
    cws = shared_data / "cws"
    seg = Segmenter.load("zh-seg", [cws / user_dict] if user_dict else [])
    metrics = score_segmentation(str(cws / gold), split=split, segmenter=seg)
    assert round(metrics["f1"], 4) >= f1, metrics["f1"]


def test_pd98_perceptron_keeps_its_files():
    # zh-seg is a model of its own: the PKU-standard model is unchanged
    meta = read_meta(resource_dir("models") / "pd98-perceptron", "segment")
    assert "names" not in meta["params"] and meta["data"]["corpus"] == "199801.txt"
