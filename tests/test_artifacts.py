"""Damaged model files: every loader checks what it reads and raises ``ModelFormatError``
naming the file — a truncated ``.npz``, an empty file, valid JSON of the wrong shape."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from nlptk.errors import ModelFormatError

ROOT = Path(__file__).resolve().parents[1]


def _load_ner(path: Path) -> object:
    from nlptk.ner.hmm import HMMTagger

    return HMMTagger.load(path)


def _load_sentiment(path: Path) -> object:
    from nlptk.sentiment.analyze import load_analyzer

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
