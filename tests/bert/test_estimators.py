"""BERT estimators on a tiny generated model: fit, save/load round trip, valid decoding.

Fixtures (``classifier``, ``tagger``, ``segmenter``, ``fast``) are in this folder's conftest.

Marked ``bert`` (needs torch and transformers; ``make test`` passes ``--run-bert``).
"""

import json

import numpy as np
import pytest

from nlptk.errors import InputError, ModelFormatError, NlptkError, NotFittedError
from nlptk.sequence.tags import to_bioes, validate_tags

pytestmark = pytest.mark.bert


@pytest.mark.parametrize("text", ["the film was really superb", "the plot was awful"])
def test_estimators_classifier_learns_and_round_trips(classifier, data, tmp_path, text):
    from nlptk.bert import BertClassifier

    texts, labels = zip(*data["sentiment"], strict=True)
    assert classifier.score(list(texts), list(labels))["accuracy"] >= 0.9
    loaded = BertClassifier.load(classifier.save(tmp_path / "m"), device="cpu")
    before, after = classifier.predict_scores([text]), loaded.predict_scores([text])
    assert before[0].label == after[0].label == ("positive" if "superb" in text else "negative")
    assert after[0].probability == pytest.approx(before[0].probability, abs=1e-5)
    assert -1.0 <= after[0].score <= 1.0


@pytest.mark.parametrize("line", ["Alice and Bob Smith went to New York", "the film"])
def test_estimators_tagger_decodes_valid_bioes_and_round_trips(tagger, tmp_path, line):
    from nlptk.bert import BertTagger

    loaded = BertTagger.load(tagger.save(tmp_path / "m"), device="cpu")
    tags = loaded.predict([line.split()])[0]
    assert tags == tagger.predict([line.split()])[0]
    assert len(tags) == len(line.split())
    validate_tags(tags, "bioes")
    for start, end, _ in loaded.predict_spans([line])[0]:
        assert line[start:end].strip() == line[start:end] and line[start:end]


def test_estimators_tagger_finds_generated_entities(tagger, data):
    tokens = [t for t, _ in data["ner"]]
    tags = [to_bioes(t, "bio") for _, t in data["ner"]]
    assert tagger.score(tokens, tags)["f1"] >= 0.8


@pytest.mark.parametrize("n_words", [3, 60])
def test_estimators_tagger_windows_long_input(tagger, n_words):
    # max_length 32 holds ~30 sub-tokens: 60 words need several windows, none is dropped.
    words = ("Paris and the film " * n_words).split()[:n_words]
    tags = tagger.predict([words])[0]
    assert len(tags) == n_words
    validate_tags(tags, "bioes")


@pytest.mark.parametrize("text", ["我来到北京清华大学", "他 喜欢学习", ""])
def test_estimators_segmenter_cuts_whole_text(segmenter, tmp_path, text):
    from nlptk.bert import BertSegmenter

    loaded = BertSegmenter.load(segmenter.save(tmp_path / "m"), device="cpu")
    words = loaded.cut(text)
    assert words == segmenter.cut(text)
    assert "".join(words) == text.replace(" ", "")
    if "他 喜欢" in text:  # a space is a word boundary the model may not bridge
        assert words[0] == "他"


def test_estimators_segmenter_learns_generated_words(segmenter):
    assert segmenter.cut("我来到北京清华大学") == ["我", "来到", "北京", "清华大学"]


@pytest.mark.parametrize("name", ["BertClassifier", "BertTagger", "BertSegmenter"])
def test_estimators_contract(name):
    import nlptk.bert as bert

    est = getattr(bert, name)(model="x", epochs=2, learning_rate=1e-4)
    assert type(est)(**est.get_params()).get_params() == est.get_params()
    with pytest.raises(NotFittedError):
        est.predict(["a"])


@pytest.mark.parametrize("labels", [["positive", "negative"], ["negative"] * 2])
def test_estimators_fit_returns_self(tiny_bert, fast, labels):
    from nlptk.bert import BertClassifier

    est = BertClassifier(model=str(tiny_bert), **{**fast, "epochs": 1})
    assert est.fit(["good film", "bad film"], labels) is est


def test_estimators_checkpoint_and_resume(tiny_bert, fast, data, tmp_path):
    from nlptk.bert import BertClassifier

    texts, labels = map(list, zip(*data["sentiment"], strict=True))
    dev = (texts[:8], labels[:8])
    first = BertClassifier(model=str(tiny_bert), **{**fast, "epochs": 1})
    first.fit(texts, labels, dev=dev, checkpoint_dir=tmp_path)
    resumed = BertClassifier(model=str(tiny_bert), **{**fast, "epochs": 2})
    resumed.fit(texts, labels, dev=dev, checkpoint_dir=tmp_path, resume=True)
    assert [r["epoch"] for r in resumed.history_] == [1, 2]
    assert resumed.history_[0] == first.history_[0]


def test_estimators_extend_vocab_adds_unknown_characters(tiny_bert, fast):
    from nlptk.bert import BertSegmenter

    est = BertSegmenter(model=str(tiny_bert), **{**fast, "epochs": 1}, extend_vocab=True)
    est.fit([list("鑫淼")], [["B", "E"]])
    assert est.added_tokens_ == 2
    assert est.model_.get_input_embeddings().num_embeddings == len(est.tokenizer_)


def test_estimators_bad_models(tmp_path, monkeypatch):
    from nlptk.bert.model import model_source

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(ModelFormatError, match="not found"):
        model_source(tmp_path / "missing")
    with pytest.raises(ModelFormatError, match="nor a Hugging Face model in the local cache"):
        model_source("nlptk-no-such-org/no-such-model")
    with pytest.raises(ModelFormatError, match="no config.json"):
        model_source(tmp_path)
    (tmp_path / "config.json").write_text(json.dumps({"model_type": "gpt2"}))
    with pytest.raises(ModelFormatError, match="BERT-family"):
        model_source(tmp_path)


def test_estimators_labels_missing_from_label_map():
    from nlptk.bert.data import Examples, check_labels

    ex = Examples("ner", [["Rome"]], [["S-GPE"]])
    with pytest.raises(InputError, match="S-GPE"):
        check_labels(ex, ["O", "B-PER", "I-PER", "E-PER", "S-PER"], "m")


def test_estimators_cuda_absent():
    import torch

    from nlptk.bert.runtime import resolve_device

    if torch.cuda.is_available():
        pytest.skip("CUDA is present")
    with pytest.raises(NlptkError, match="CUDA is not available"):
        resolve_device("cuda")


def test_estimators_mask_has_no_effect_without_spaces(segmenter):
    chars = [(c, i) for i, c in enumerate("北京大学")]
    assert np.all(segmenter._masks(chars))


def test_estimators_load_rejects_head_meta_mismatch(classifier, tmp_path):
    from nlptk.bert import BertClassifier

    path = classifier.save(tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["labels"] = ["negative", "neutral", "positive"]
    (path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="different labels"):
        BertClassifier.load(path, device="cpu")
