"""ner: ``nlptk train ner`` — fit an ``HMMTagger`` on tagged data and write a model
directory whose ``meta.json`` says what it was trained on and how it scored."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlptk.artifacts import check_model_dir, source_record
from nlptk.errors import InputError
from nlptk.ner.data import load_ner_data
from nlptk.ner.evaluate import score_engine
from nlptk.ner.hmm import LANG_DEFAULTS, HMMTagger
from nlptk.ner.recognizer import HMMEngine
from nlptk.readers.split import take_split

__all__ = ["train_ner"]


def train_ner(
    data: str,
    fmt: str,
    lang: str,
    output: str | Path,
    split: str = "all",
    test: Sequence[str] = (),
    test_format: str | None = None,
    min_count: int | None = None,
    alpha: float | None = None,
    beta: float | None = None,
    licence: str = "",
    repair: bool = False,
) -> dict[str, Any]:
    """Train on ``data`` (its ``split``) and save the model to ``output``.

    The model is then scored, and the scores stored in ``meta.json``: on the held-out
    ``test`` part of the same file when ``split`` is ``train``, and on every ``test`` file
    (in ``test_format``, default ``fmt``). Hyperparameters left ``None`` take the
    language's ``LANG_DEFAULTS``. Returns the meta record written.
    """
    if lang not in LANG_DEFAULTS:
        raise InputError(f"unknown language {lang!r}; choose zh or en")
    check_model_dir(output)
    given = {"min_count": min_count, "alpha": alpha, "beta": beta}
    params = {**LANG_DEFAULTS[lang], **{k: v for k, v in given.items() if v is not None}}
    # one read: stdin cannot be read twice, and the split is a slice of the same sentences
    everything = load_ner_data(data, fmt, lang, "all", repair)
    sentences = list(take_split(everything, split))
    tagger = HMMTagger(lang=lang, **params).fit((s.tokens, s.tags) for s in sentences)

    data_name, data_sha = source_record(data)
    engine = HMMEngine(tagger)
    metrics: dict[str, Any] = {}
    if split == "train":
        held_out = list(take_split(everything, "test"))
        metrics[f"{data_name}:test"] = score_engine(engine, held_out)
    for path in test:
        gold = load_ner_data(path, test_format or fmt, lang, "all", repair)
        metrics[Path(path).name] = score_engine(engine, gold)

    meta = {
        "data": {
            "file": data_name,
            "format": fmt,
            "split": split,
            "sentences": len(sentences),
            "sha256": data_sha,
            "repaired_tags": repair,
        },
        "licence": licence or "unspecified: the training data's licence applies",
        "metrics": metrics,
    }
    tagger.save(output, meta)
    return meta
