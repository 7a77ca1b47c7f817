"""ner: ``nlptk train ner`` — fit an ``HMMTagger`` or a ``PerceptronTagger`` on tagged data
and write a model directory whose ``meta.json`` says what it was trained on and how it
scored.

The Chinese perceptron's dictionary features come from the training data's own words when
it has them (``pd``: jackknifed, as the segmenter's are) and otherwise from the shipped
perceptron segmenter's dictionary (``PERCEPTRON_DICTIONARY``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlptk._schema import check_params
from nlptk.artifacts import check_model_dir, source_record
from nlptk.errors import InputError
from nlptk.ner.data import load_ner_data
from nlptk.ner.evaluate import score_engine
from nlptk.ner.hmm import LANG_DEFAULTS, HMMTagger
from nlptk.ner.hmm import PARAMS as HMM_PARAMS
from nlptk.ner.pd import PD_RULES
from nlptk.ner.recognizer import HMMEngine, TaggerEngine
from nlptk.readers.split import take_split
from nlptk.sequence.tags import split_tag

__all__ = ["NER_TRAIN_ENGINES", "PERCEPTRON_DEFAULTS", "PERCEPTRON_DICTIONARY", "train_ner"]

#: ``nlptk train ner --engine`` choices.
NER_TRAIN_ENGINES = ("hmm", "perceptron")

#: The perceptron's passes and hash bits (``2**bits`` weight rows) per language: Chinese
#: character windows and dictionary features fill more rows than English words do (22 bits
#: and 12 passes: +0.4 F1 on PD98 held-out and MSRA against 21 and 8; English gains
#: nothing from more).
PERCEPTRON_DEFAULTS = {"zh": {"epochs": 12, "bits": 22}, "en": {"epochs": 10, "bits": 21}}

#: The shipped segmenter whose ``dict.txt`` serves corpora without gold words.
PERCEPTRON_DICTIONARY = "pd98-perceptron"


def _base_dictionary() -> list[tuple[str, int]]:
    """The shipped segmenter's ``dict.txt``, checked as its loader checks it."""
    from nlptk.artifacts import model_file, read_meta, resolve_model
    from nlptk.segment import main_dict_words

    path = resolve_model(PERCEPTRON_DICTIONARY, task="segment")
    return list(main_dict_words(model_file(path, "dict.txt", read_meta(path, "segment"))))


def _fit_perceptron(
    data: str,
    fmt: str,
    lang: str,
    split: str,
    sentences: list[Any],
    epochs: int,
    bits: int,
    min_weight: float,
    track: Any,
) -> Any:
    from nlptk.ner.perceptron import train_perceptron_tagger
    from nlptk.readers.words import read_pd

    pairs = [(s.tokens, s.tags) for s in sentences]
    if lang == "zh" and fmt == "pd":
        words = [[w for w, _ in p] for _, p in take_split(list(read_pd(data)), split)]
        return train_perceptron_tagger(
            pairs,
            lang,
            dictionary_words=words,
            epochs=epochs,
            bits=bits,
            min_weight=min_weight,
            track=track,
        )
    base = _base_dictionary() if lang == "zh" else []
    return train_perceptron_tagger(
        pairs,
        lang,
        base_dictionary=base,
        docs=[s.doc for s in sentences],
        epochs=epochs,
        bits=bits,
        min_weight=min_weight,
        track=track,
    )


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
    engine: str = "hmm",
    epochs: int | None = None,
    pd_map: frozenset[str] = frozenset(),
    min_weight: float = 0.0,
    track: Any = None,
) -> dict[str, Any]:
    """Train on ``data`` (its ``split``) and save the model to ``output``.

    The model is then scored, and the scores stored in ``meta.json``: on the held-out
    ``test`` part of the same file when ``split`` is ``train``, and on every ``test`` file
    (in ``test_format``, default ``fmt``), on the entity types that file annotates (a model
    with TIME scored on MSRA's PER/LOC/ORG). ``pd_map`` (``nlptk.ner.pd.PD_MAPPINGS`` names)
    applies to People's Daily training and test data alike; ``min_weight`` prunes the
    perceptron's weak weight rows (``train_perceptron_tagger``), whose passes go through
    ``track`` (a progress wrapper, ``nlptk.sequence.perceptron.Track``). Hyperparameters left
    ``None`` take the language's ``LANG_DEFAULTS`` (HMM); ``epochs`` are the perceptron's
    passes (default ``PERCEPTRON_DEFAULTS``). Returns the meta record written.
    """
    if lang not in LANG_DEFAULTS:
        raise InputError(f"unknown language {lang!r}; choose zh or en")
    check_model_dir(output)
    if engine not in NER_TRAIN_ENGINES:
        raise InputError(
            f"unknown NER training engine {engine!r}; choose one of {', '.join(NER_TRAIN_ENGINES)}"
        )
    given = {"min_count": min_count, "alpha": alpha, "beta": beta}
    params = {**LANG_DEFAULTS[lang], **{k: v for k, v in given.items() if v is not None}}
    # every hyper-parameter checked before the data is read (NaN included)
    if engine == "hmm":
        check_params({"lang": lang, **params}, HMM_PARAMS)
    else:
        from nlptk.ner.perceptron import PARAMS as PERCEPTRON_PARAMS

        tried = {"min_weight": min_weight, **({"epochs": epochs} if epochs is not None else {})}
        check_params(tried, PERCEPTRON_PARAMS)
    if engine == "perceptron" and fmt == "pd" and data == "-":
        raise InputError("the pd format is read twice for the perceptron; give a file, not stdin")
    # one read: stdin cannot be read twice, and the split is a slice of the same sentences
    everything = load_ner_data(data, fmt, lang, "all", repair, pd_map)
    sentences = list(take_split(everything, split))
    tagger: Any
    if engine == "hmm":
        tagger = HMMTagger(lang=lang, **params).fit((s.tokens, s.tags) for s in sentences)
        scorer: Any = HMMEngine(tagger)
    else:
        defaults = PERCEPTRON_DEFAULTS[lang]
        n_epochs = epochs or defaults["epochs"]
        tagger = _fit_perceptron(
            data, fmt, lang, split, sentences, n_epochs, defaults["bits"], min_weight, track
        )
        scorer = TaggerEngine(tagger, lang)

    data_name, data_sha = source_record(data)
    metrics: dict[str, Any] = {}
    if split == "train":
        held_out = list(take_split(everything, "test"))
        metrics[f"{data_name}:test"] = score_engine(scorer, held_out)
    for path in test:
        gold = load_ner_data(path, test_format or fmt, lang, "all", repair, pd_map)
        annotated = frozenset(split_tag(t)[1] for s in gold for t in s.tags) - {""}
        metrics[Path(path).name] = score_engine(scorer, gold, annotated)

    meta = {
        "data": {
            "file": data_name,
            "format": fmt,
            "split": split,
            "sentences": len(sentences),
            "sha256": data_sha,
            "repaired_tags": repair,
            **({"pd_map": {name: PD_RULES[name] for name in sorted(pd_map)}} if pd_map else {}),
        },
        "licence": licence or "unspecified: the training data's licence applies",
        "metrics": metrics,
    }
    tagger.save(output, meta)
    return meta
