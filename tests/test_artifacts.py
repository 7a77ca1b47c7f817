"""Damaged model files: every loader checks what it reads and raises ``ModelFormatError``
naming the file — a truncated ``.npz``, an empty file, valid JSON of the wrong shape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlptk.errors import InputError, ModelFormatError

ROOT = Path(__file__).resolve().parents[1]


def _load_ner(path: Path) -> object:
    from nlptk.ner.hmm import HMMTagger

    return HMMTagger.load(path)


def _load_sentiment(path: Path) -> object:
    from nlptk.sentiment.methods import load_analyzer

    return load_analyzer(str(path))


def _load_segment(path: Path) -> object:
    from nlptk.segment import Segmenter

    return Segmenter.load(path)


def _load_pos(path: Path) -> object:
    from nlptk.pos import PerceptronTagger

    return PerceptronTagger.load(path)


MODELS = {
    "models/ner-zh-pd98": (_load_ner, ["meta.json", "hmm.npz", "vocab.json"]),
    "models/sentiment-zh-nb": (
        _load_sentiment,
        ["meta.json", "weights.npz", "linear.json", "fingerprint.npy"],
    ),
    "lexicons/zh/auto": (_load_sentiment, ["meta.json", "fingerprint.npy"]),
    "models/pd98": (_load_segment, ["meta.json", "hmm.json"]),
    "models/pos-zh-pd98": (_load_pos, ["meta.json", "weights.bin", "tagdict.json"]),
}
#: Models without a training fingerprint: loading them is the whole check.
_NO_FINGERPRINT = ("models/pd98", "models/pos-zh-pd98")
DAMAGES = {
    "truncated": lambda data: data[: len(data) // 2],
    "empty": lambda data: b"",
    "json list": lambda data: b"[1, 2]\n",
    "json object": lambda data: b'{"task": [1], "class": {}, "params": 3, "labels": 4}\n',
    "garbage": lambda data: bytes(range(256)) * 4,
}
CASES = [(model, name) for model, (_, names) in MODELS.items() for name in names]


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize(("model", "name"), CASES)
def test_artifacts_damaged_file_is_a_model_format_error(tmp_path, model, name, damage):
    load, _ = MODELS[model]
    copy = tmp_path / Path(model).name
    shutil.copytree(ROOT / model, copy)
    target = copy / name
    target.write_bytes(DAMAGES[damage](target.read_bytes()))
    with pytest.raises(ModelFormatError) as info:
        load(copy) if model in _NO_FINGERPRINT else load(copy).training_fingerprint()
    assert name in str(info.value) or (name == "meta.json" and str(copy) in str(info.value))
    assert "\n" not in str(info.value)


# --- model_kind: what a model directory is, from its meta.json ---------------------------------


@pytest.mark.parametrize(
    ("model", "kind"),
    [
        ("pd98", ("segment", "dict", "zh")),  # a card from before cards named their engine
        ("pd98-perceptron", ("segment", "perceptron", "zh")),
        ("pos-zh-pd98", ("pos", "perceptron", "zh")),
        ("ner-zh-pd98", ("ner", "hmm", "zh")),
        ("ner-en-conll03-perceptron", ("ner", "perceptron", "en")),
        ("sentiment-en-nbsvm", ("sentiment", "nbsvm", "en")),
    ],
)
def test_model_kind_of_the_shipped_models(model, kind):
    from nlptk.artifacts import model_kind

    found = model_kind(model)
    assert (found.task, found.engine, found.lang) == kind
    assert model_kind(model, kind[0], kind[1], kind[2]) == found  # agreeing is no error
    assert model_kind(model, kind[0], None, "auto") == found


@pytest.mark.parametrize(
    ("card", "kind"),
    [
        ({"task": "bert-ner", "unit": "char"}, ("ner", "bert", "zh")),
        ({"task": "bert-ner", "unit": "word"}, ("ner", "bert", "en")),
        ({"task": "bert-segment"}, ("segment", "bert", "zh")),
        ({"task": "bert-sentiment"}, ("sentiment", "bert", None)),
        (
            {"task": "sentiment", "method": "lexicon", "params": {"lang": "en"}},
            ("sentiment", "lexicon", "en"),
        ),
    ],
)
def test_model_kind_of_cards_written_by_other_commands(tmp_path, card, kind):
    from nlptk.artifacts import model_kind, write_meta

    write_meta(tmp_path, card)
    found = model_kind(tmp_path)
    assert (found.task, found.engine, found.lang) == kind


@pytest.mark.parametrize(
    ("args", "error", "message"),
    [
        (("ner-zh-pd98", "segment"), ModelFormatError, "a 'ner' model, expected a 'segment' model"),
        (("ner-zh-pd98", "ner", "perceptron"), InputError, "is a 'hmm' model, not 'perceptron'"),
        (("ner-zh-pd98", "ner", None, "en"), InputError, "is for 'zh' text, not 'en'"),
        (("pd98", None, "bert"), InputError, "model 'pd98' is a 'dict' model, not 'bert'"),
    ],
)
def test_model_kind_contradictions(args, error, message):
    from nlptk.artifacts import model_kind

    with pytest.raises(error, match=message):
        model_kind(*args)


def test_model_kind_card_without_an_engine(tmp_path):
    from nlptk.artifacts import model_kind, write_meta

    write_meta(tmp_path, {"task": "ner"})
    with pytest.raises(ModelFormatError, match="names no engine"):
        model_kind(tmp_path, "ner")


def test_segmenter_load_refuses_a_bert_segmentation_model(tmp_path):
    from nlptk.artifacts import write_meta
    from nlptk.segment import Segmenter

    write_meta(tmp_path, {"task": "bert-segment"})
    with pytest.raises(ModelFormatError, match="a 'bert' segmentation model; Segmenter.load"):
        Segmenter.load(tmp_path)
