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
    assert meta["conventions"] == ["pd98", "weibo"] and meta["convention"] == "pd98"


@pytest.mark.parametrize("convention", ["pd98", "weibo"])
def test_zh_seg_keeps_names_and_todays_words_whole_in_each_convention(convention):
    seg = Segmenter.load("zh-seg", convention=convention)
    words = seg.cut("张伟在腾讯深圳总部会见了微软公司的史蒂夫。江泽民主席发表讲话")
    assert {"张伟", "腾讯", "深圳", "微软", "江泽民"} <= set(words)


@pytest.mark.parametrize(("convention", "words"), [("pd98", ["一个"]), ("weibo", ["一", "个"])])
def test_zh_seg_conventions_differ_where_the_corpora_do(convention, words):
    # People's Daily writes 一个 as one word, the Weibo corpus as two
    cut = Segmenter.load("zh-seg", convention=convention).cut("这是一个好消息")
    assert cut[2 : 2 + len(words)] == words


def test_zh_seg_keeps_names_and_todays_words_whole(seg):
    words = seg.cut("张伟在腾讯深圳总部会见了微软公司的史蒂夫。")
    assert {"张伟", "腾讯", "深圳", "微软"} <= set(words)


@pytest.mark.parametrize(
    ("gold", "split", "user_dict", "convention", "f1"),
    [
        ("weibo_train.utf8", "test", None, "weibo", 0.9508),  # the card's figures, 4 decimals
        ("weibo_train.utf8", "test", None, None, 0.9069),  # the default: pd98
        ("pku_test_gold.utf8", "all", None, None, 0.9511),
        ("msr_test_gold.utf8", "all", "msr_training_words.utf8", None, 0.9106),
        ("cityu_test_gold.utf8", "all", None, None, 0.8840),
        ("cityu_test_gold.utf8", "all", None, "weibo", 0.9001),
    ],
)
def test_zh_seg_figures(shared_data, gold, split, user_dict, convention, f1):
    cws = shared_data / "cws"
    user_dicts = [cws / user_dict] if user_dict else []
    seg = Segmenter.load("zh-seg", user_dicts, convention=convention)
    metrics = score_segmentation(str(cws / gold), split=split, segmenter=seg)
    assert round(metrics["f1"], 4) >= f1, metrics["f1"]


def test_pd98_perceptron_keeps_its_files():
    # zh-seg is a model of its own: the PKU-standard model is unchanged
    meta = read_meta(resource_dir("models") / "pd98-perceptron", "segment")
    assert "names" not in meta["params"] and meta["data"]["corpus"] == "199801.txt"
