"""Tiny BERT estimators fitted once per session on ``tiny_bert_data`` (tests marked bert)."""

import pytest

from nlptk.core.tagging import to_bioes

#: Few quick steps with a high learning rate: the tiny model learns the generated data.
_FAST = dict(
    epochs=8, learning_rate=3e-3, batch_size=8, max_length=32, device="cpu", threads=1, workers=0
)


@pytest.fixture(scope="session")
def fast():
    """Hyperparameters for a quick CPU fit of the tiny model."""
    return dict(_FAST)


@pytest.fixture(scope="session")
def data(tiny_data):
    return tiny_data


def _fit(cls, tiny_bert, inputs, labels, **params):
    return cls(model=str(tiny_bert), **{**_FAST, **params}).fit(inputs, labels)


@pytest.fixture(scope="session")
def classifier(tiny_bert, data):
    from nlptk.tasks.bert import BertClassifier

    texts, labels = zip(*data["sentiment"], strict=True)
    return _fit(BertClassifier, tiny_bert, list(texts), list(labels))


@pytest.fixture(scope="session")
def tagger(tiny_bert, data):
    from nlptk.tasks.bert import BertTagger

    tokens = [t for t, _ in data["ner"]]
    tags = [to_bioes(t, "bio") for _, t in data["ner"]]
    return _fit(BertTagger, tiny_bert, tokens, tags, case_feature=True)


@pytest.fixture(scope="session")
def segmenter(tiny_bert, data):
    from nlptk.core.tagging import words_to_bmes
    from nlptk.tasks.bert import BertSegmenter

    chars = [list("".join(w)) for w in data["segment"]]
    return _fit(BertSegmenter, tiny_bert, chars, [words_to_bmes(w) for w in data["segment"]])
