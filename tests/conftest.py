"""Test options and fixtures shared by every test folder.

``--run-slow`` runs whole-corpus checks, ``--run-bert`` the torch/transformers tests; both
are off by default. ``shared_data`` is ``../shared/data`` beside the checkout (or
``$NLPTK_SHARED_DATA``); tests that need it skip when it is absent.
"""

from __future__ import annotations

import os
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
