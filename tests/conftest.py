"""Test options and fixtures shared by every test folder.

``--run-slow`` runs whole-corpus checks, ``--run-bert`` the torch/transformers tests; both
are off by default. ``shared_data`` is ``../shared/data`` beside the checkout (or
``$NLPTK_SHARED_DATA``); tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-slow", action="store_true", help="run tests marked slow")
    parser.addoption("--run-bert", action="store_true", help="run tests marked bert")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for marker in ("slow", "bert"):
        if config.getoption(f"--run-{marker}"):
            continue
        skip = pytest.mark.skip(reason=f"needs --run-{marker}")
        for item in items:
            if item.get_closest_marker(marker):  # not `in keywords`: a folder may be named so
                item.add_marker(skip)


def shared_data_dir() -> Path | None:
    path = Path(os.environ.get("NLPTK_SHARED_DATA", ROOT.parent / "shared" / "data"))
    return path if path.is_dir() else None


@pytest.fixture(scope="session")
def shared_data() -> Path:
    path = shared_data_dir()
    if path is None:
        pytest.skip("../shared/data is not present")
    return path


@pytest.fixture(autouse=True, scope="session")
def _isolated_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Keep test runs from writing into the user's cache."""
    os.environ["NLPTK_CACHE_DIR"] = str(tmp_path_factory.mktemp("nlptk-cache"))


# --- tiny BERT (for tests marked bert): generated data, no downloads -------------------------

_POS, _NEG = ["good", "great", "superb", "fine"], ["bad", "awful", "poor", "dull"]
_FILL = ["the", "film", "was", "plot", "acting", "really", "quite", "and"]
_NAMES = {"PER": ["Alice", "Bob", "Carol Smith"], "LOC": ["Paris", "London", "New York"]}
_ZH_WORDS = ["我", "来到", "北京", "清华大学", "他", "喜欢", "学习", "中文"]


def tiny_bert_data(seed: int = 0, n: int = 48) -> dict[str, list]:
    """Generated examples: sentiment (text, label), ner (tokens, BIO tags), segment (words)."""
    import random

    rng = random.Random(seed)
    sentiment, ner, segment = [], [], []
    for i in range(n):
        label = "positive" if i % 2 else "negative"
        words = rng.sample(_FILL, 4)
        words.insert(rng.randrange(5), rng.choice(_POS if i % 2 else _NEG))
        sentiment.append((" ".join(words), label))
        tokens, tags = [], []
        for word in rng.sample(_FILL, 3):
            etype = rng.choice(["PER", "LOC"])
            parts = rng.choice(_NAMES[etype]).split()
            tokens += [word, *parts]
            tags += ["O", f"B-{etype}", *[f"I-{etype}"] * (len(parts) - 1)]
        ner.append((tokens, tags))
        segment.append(rng.choices(_ZH_WORDS, k=5))
    return {"sentiment": sentiment, "ner": ner, "segment": segment}


@pytest.fixture(scope="session")
def tiny_data() -> dict[str, list]:
    """``tiny_bert_data()``: what ``tiny_bert`` was trained on."""
    return tiny_bert_data()


@pytest.fixture(scope="session")
def tiny_bert(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2-layer, 32-wide BERT with a WordPiece vocabulary trained on ``tiny_bert_data``."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    import torch
    from tokenizers import BertWordPieceTokenizer
    from transformers import BertConfig, BertModel, BertTokenizer

    torch.set_num_threads(1)
    data = tiny_bert_data()
    texts = [t for t, _ in data["sentiment"]] + [" ".join(t) for t, _ in data["ner"]]
    texts += ["".join(w) for w in data["segment"]]
    wordpiece = BertWordPieceTokenizer(lowercase=True)
    wordpiece.train_from_iterator(texts, vocab_size=200, min_frequency=1, show_progress=False)
    path = tmp_path_factory.mktemp("tiny-bert")
    tokenizer = BertTokenizer(vocab=wordpiece.get_vocab())
    tokenizer.save_pretrained(path)
    config = BertConfig(
        vocab_size=len(tokenizer),
        hidden_size=32,
        num_hidden_layers=2,
        num_attention_heads=2,
        intermediate_size=64,
        max_position_embeddings=64,
    )
    torch.manual_seed(0)
    BertModel(config).save_pretrained(path)
    return path


# --- tiny BERT estimators fitted once per session on ``tiny_bert_data`` ---------------------

#: Few quick steps with a high learning rate: the tiny model learns the generated data.
_FAST_FIT = dict(
    epochs=8, learning_rate=3e-3, batch_size=8, max_length=32, device="cpu", threads=1, workers=0
)


@pytest.fixture(scope="session")
def fast():
    """Hyperparameters for a quick CPU fit of the tiny model."""
    return dict(_FAST_FIT)


@pytest.fixture(scope="session")
def data(tiny_data):
    return tiny_data


def _fit_tiny(cls, tiny_bert, inputs, labels, **params):
    return cls(model=str(tiny_bert), **{**_FAST_FIT, **params}).fit(inputs, labels)


@pytest.fixture(scope="session")
def classifier(tiny_bert, data):
    from nlptk.bert import BertClassifier

    texts, labels = zip(*data["sentiment"], strict=True)
    return _fit_tiny(BertClassifier, tiny_bert, list(texts), list(labels))


@pytest.fixture(scope="session")
def tagger(tiny_bert, data):
    from nlptk.bert import BertTagger

    tokens = [t for t, _ in data["ner"]]
    from nlptk.sequence.tags import to_bioes

    tags = [to_bioes(t, "bio") for _, t in data["ner"]]
    return _fit_tiny(BertTagger, tiny_bert, tokens, tags, case_feature=True)


@pytest.fixture(scope="session")
def segmenter(tiny_bert, data):
    from nlptk.bert import BertSegmenter
    from nlptk.sequence.tags import words_to_bmes

    chars = [list("".join(w)) for w in data["segment"]]
    return _fit_tiny(BertSegmenter, tiny_bert, chars, [words_to_bmes(w) for w in data["segment"]])


# --- model directories from `nlptk bert train` on the tiny data, for the CLI tests ------------

#: Few quick epochs with a high learning rate: the tiny model learns the generated data.
FAST = ["--epochs", "6", "--lr", "3e-3", "--batch-size", "8", "--max-length", "32"]
FAST += ["--device", "cpu", "--threads", "1"]
_FORMATS = {"sentiment": "sst", "ner": "conll", "segment": "words"}


def _nlptk(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def nlptk_process():
    """``nlptk_process(*args, stdin="")``: ``python -m nlptk ARGS`` in a real process (exit
    codes, stderr), offline and on one CPU thread."""
    return _nlptk


@pytest.fixture(scope="session")
def bert_fast():
    """``nlptk bert train`` options for a quick CPU fit of the tiny model."""
    return list(FAST)


@pytest.fixture(scope="session")
def bert_files(tmp_path_factory, tiny_data) -> dict[str, Path]:
    """The tiny data as files: sentiment (sst), ner (conll, IOB2), segment (words)."""
    folder = tmp_path_factory.mktemp("bert-data")
    sst = "".join(f"{int(label == 'positive')} {text}\n" for text, label in tiny_data["sentiment"])
    conll = "\n\n".join(
        "\n".join(f"{w}\t{t}" for w, t in zip(*s, strict=True)) for s in tiny_data["ner"]
    )
    words = "".join(" ".join(ws) + "\n" for ws in tiny_data["segment"])
    files = {"sentiment": ("train.sst", sst), "ner": ("train.conll", conll + "\n")}
    files["segment"] = ("train.words", words)
    out = {}
    for task, (name, text) in files.items():
        out[task] = folder / name
        out[task].write_text(text, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def bert_dirs(tiny_bert, bert_files, tmp_path_factory) -> dict[str, Path]:
    """A model directory per task, written by ``nlptk bert train`` (with --dev)."""
    from typer.testing import CliRunner

    from nlptk.cli.app import app

    dirs = {}
    for task, data in bert_files.items():
        out = tmp_path_factory.mktemp(f"bert-{task}")
        args = ["bert", "train", "--task", task, "--model", str(tiny_bert), "--format"]
        args += [_FORMATS[task], "--data", str(data), "--dev", str(data), "-o", str(out)]
        result = CliRunner().invoke(app, [*args, *FAST])
        assert result.exit_code == 0, result.output
        dirs[task] = out
    return dirs
