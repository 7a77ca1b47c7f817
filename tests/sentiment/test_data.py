"""Labelled data loading, the per-file 90/10 split, and training-data fingerprints."""

from pathlib import Path

import numpy as np
import pytest

from nlptk.errors import CorpusFormatError, InputError, ModelFormatError
from nlptk.sentiment.data import (
    check_training,
    fingerprint,
    load_fingerprint,
    load_labelled,
    save_fingerprint,
    seen_mask,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "sentiment"


@pytest.mark.parametrize(
    ("split", "pos", "neg"),
    [
        (
            "all",
            [f"好评{i % 15}，很满意" for i in range(20)],
            [f"差评{i}，很失望" for i in range(10)],
        ),
        # 15 unique positive lines: first 13 train, last 2 test; 10 negative: 9 / 1
        ("train", [f"好评{i}，很满意" for i in range(13)], [f"差评{i}，很失望" for i in range(9)]),
        ("test", ["好评13，很满意", "好评14，很满意"], ["差评9，很失望"]),
    ],
)
def test_sentiment_data_split_per_file(split, pos, neg):
    docs = load_labelled(str(DATA / "reviews.pos"), "lines-pos-neg", split)
    assert [d.text for d in docs if d.label == "positive"] == pos
    assert [d.text for d in docs if d.label == "negative"] == neg
    assert {d.path for d in docs if d.label == "negative"} == {str(DATA / "reviews.neg")}


@pytest.mark.parametrize("fmt", ["lines-pos-neg"])
def test_sentiment_data_train_and_test_never_overlap(fmt):
    train = load_labelled(str(DATA / "reviews.pos"), fmt, "train")
    test = load_labelled(str(DATA / "reviews.pos"), fmt, "test")
    assert not any(seen_mask([d.text for d in test], fingerprint(d.text for d in train)))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("label\ttext\n2\tbad label\n", r":2: label '2' is not one of 0/1/pos/neg"),
        ("text only\n", r":1: expected a header with a 'label' column"),
    ],
)
def test_sentiment_data_bad_line_names_it(tmp_path, content, message):
    path = tmp_path / "bad.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CorpusFormatError, match=message):
        load_labelled(str(path), "tsv")


@pytest.mark.parametrize(("fmt", "split"), [("csv", "all"), ("tsv", "dev")])
def test_sentiment_data_unknown_choices(fmt, split):
    with pytest.raises(InputError, match="choose one of"):
        load_labelled(str(DATA / "zh_train.tsv"), fmt, split)


@pytest.mark.parametrize(
    ("texts", "probe", "seen"),
    [(["很好 用", "差"], ["很好  用 ", " 差", "好"], [True, True, False])],
)
def test_sentiment_data_fingerprint_normalises_whitespace(tmp_path, texts, probe, seen):
    save_fingerprint(tmp_path, fingerprint(texts))
    known = load_fingerprint(tmp_path)
    assert known.dtype == np.uint64 and len(known) == 2
    assert seen_mask(probe, known) == seen


@pytest.mark.parametrize("payload", [np.array([1.0, 2.0]), None])
def test_sentiment_data_bad_fingerprint(tmp_path, payload):
    if payload is not None:
        np.save(tmp_path / "fingerprint.npy", payload)
    with pytest.raises(ModelFormatError, match="fingerprint"):
        load_fingerprint(tmp_path)


@pytest.mark.parametrize(
    ("texts", "labels", "message"),
    [
        (["a"], ["positive", "negative"], "1 texts but 2 labels"),
        (["a"], ["positive"], "no negative"),
    ],
)
def test_sentiment_data_check_training(texts, labels, message):
    with pytest.raises(InputError, match=message):
        check_training(texts, labels)


@pytest.mark.slow
@pytest.mark.parametrize(("leaked", "total"), [(331, 1200)])
def test_sentiment_data_chnsenticorp_leakage(shared_data, leaked, total):
    folder = shared_data / "sentiment" / "chnsenticorp"
    train = load_labelled(str(folder / "train.tsv"), "tsv")
    test = load_labelled(str(folder / "test.tsv"), "tsv")
    mask = seen_mask([d.text for d in test], fingerprint(d.text for d in train))
    assert (sum(mask), len(mask)) == (leaked, total)
