"""sentiment: ``nlptk train sentiment`` / ``nlptk train lexicon`` — read labelled data, fit a
method, score it on held-out data, and write the model directory with its model card."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from nlptk.artifacts import check_model_dir, sha256_files
from nlptk.errors import InputError
from nlptk.readers.labelled import data_files
from nlptk.sentiment.data import LabelledDoc, load_labelled
from nlptk.sentiment.evaluate import evaluate
from nlptk.sentiment.sentences import detect_lang

__all__ = ["TRAINABLE", "train_sentiment", "corpus_lang"]

#: ``nlptk train sentiment --engine`` choices (``lexicon`` is ``nlptk train lexicon``).
TRAINABLE = ("nb", "maxent", "svm", "nbsvm", "lexicon")


def corpus_lang(docs: list[LabelledDoc]) -> str:
    """The language most documents are written in (``--lang auto`` when training)."""
    return Counter(detect_lang(d.text) for d in docs[:2000]).most_common(1)[0][0]


def _data_card(path: str, fmt: str, split: str, docs: list[LabelledDoc], note: str | None):
    files = data_files(path, fmt)
    card: dict[str, Any] = {
        # file names, not paths: a model card must not carry the trainer's directories
        "files": [Path(f).name for f in files],
        "format": fmt,
        "split": split,
        "sha256": sha256_files(files),
        "documents": len(docs),
        "labels": dict(Counter(d.label for d in docs)),
    }
    if note:
        card["note"] = note
    return card


def train_sentiment(
    method: str,
    train: str,
    fmt: str,
    output: str | Path,
    split: str = "all",
    lang: str = "auto",
    params: dict[str, Any] | None = None,
    test: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Fit ``method`` on ``train`` and save it to ``output``; returns the ``meta.json``
    extras written (data card, and metrics on the held-out data).

    Held-out data: ``test`` when given (same format, whole file); otherwise, when training
    on ``--split train``, the ``test`` split of the same corpus.

    Raises
    ------
    InputError
        Unknown method, language or parameter, unreadable data, a single-label training set.
    CorpusFormatError
        A malformed data line (file and line named).
    """
    if method not in TRAINABLE:
        raise InputError(
            f"unknown method {method!r} to train; choose one of {', '.join(TRAINABLE)}"
        )
    check_model_dir(output)
    docs = load_labelled(train, fmt, split)
    if lang == "auto":
        lang = corpus_lang(docs)
    if method == "lexicon":
        from nlptk.sentiment.lexicon import LexiconSentiment as cls
    else:
        from nlptk.sentiment.linear import ESTIMATORS

        cls = ESTIMATORS[method]
    known = set(cls(lang).get_params()) - {"lang"}  # --lang gives the language
    unknown = sorted(set(params or {}) - known)
    if unknown:
        raise InputError(
            f"unknown parameter {', '.join(unknown)} for {method}; known: "
            f"{', '.join(sorted(known))}"
        )
    model: Any = cls(lang, **(params or {}))
    # fit checks every hyper-parameter (the class's PARAMS) and the data before any work
    model.fit([d.text for d in docs], [d.label for d in docs])
    extras: dict[str, Any] = {"lang": lang, "data": _data_card(train, fmt, split, docs, note)}
    held_out = None
    if test is not None:
        held_out = (test, "all", load_labelled(test, fmt, "all"))
    elif split == "train":
        held_out = (train, "test", load_labelled(train, fmt, "test"))
    if held_out is not None:
        path, test_split, test_docs = held_out
        extras["metrics"] = {
            "test": {"file": Path(path).name, "split": test_split},
            **evaluate(model, test_docs),
        }
    model.save(output, extras)
    return extras
