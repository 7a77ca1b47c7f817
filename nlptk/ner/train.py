"""ner: ``nlptk train ner`` — fit an ``HMMTagger`` or a ``PerceptronTagger`` on tagged data
and write a model directory whose ``meta.json`` says what it was trained on and how it
scored.

The Chinese perceptron's dictionary features come from the training data's own words when
it has them (``pd``: jackknifed, as the segmenter's are) and otherwise from the shipped
perceptron segmenter's dictionary (``PERCEPTRON_DICTIONARY``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlptk._schema import check_params
from nlptk.artifacts import check_model_dir, sha256_files, source_record
from nlptk.errors import InputError
from nlptk.ner.data import NER_FORMATS, TaggedSentence, load_ner_data
from nlptk.ner.evaluate import score_engine
from nlptk.ner.hmm import LANG_DEFAULTS, HMMTagger
from nlptk.ner.hmm import PARAMS as HMM_PARAMS
from nlptk.ner.pd import PD_RULES
from nlptk.ner.recognizer import HMMEngine, TaggerEngine
from nlptk.readers.corpora import Corpus, parse_corpus, weighted
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

#: The Chinese perceptron's feature groups (``nlptk.ner.perceptron.ZH_FEATURE_GROUPS``)
#: unless ``--features`` says otherwise. Measured on MSRA (train on the first 90% of its
#: training file, F1 on the last 10% / on the test set): none 0.7884 / 0.8484; jieba 0.7807 /
#: 0.8348; jieba+window 0.7829 / 0.8408; jieba+window+words 0.7988 / 0.8522; window+words
#: 0.8020 / 0.8548; window+words+pos 0.8202 / 0.8735 (0.8269 / 0.8841 over ``zh-seg``'s words
#: and ``pos-zh``'s tags: ``--segmenter``, ``--pos-tagger``). jieba's gazetteer lowers both (as it
#: left PD98 unchanged), so it is not a default; nor, for now, is ``pos`` (pos-zh-pd98's tags
#: of the segmenter's words): it costs a POS tagging pass per sentence, and the shipped
#: models were trained without it.
ZH_FEATURES: tuple[str, ...] = ("window", "words")

#: The shipped segmenter whose ``dict.txt`` serves corpora without gold words.
PERCEPTRON_DICTIONARY = "pd98-perceptron"


def _base_dictionary() -> list[tuple[str, int]]:
    """The shipped segmenter's ``dict.txt``, checked as its loader checks it."""
    from nlptk.artifacts import model_file, read_meta, resolve_model
    from nlptk.segment import main_dict_words

    path = resolve_model(PERCEPTRON_DICTIONARY, task="segment")
    return list(main_dict_words(model_file(path, "dict.txt", read_meta(path, "segment"))))


@dataclass
class _Read:
    """One ``--data`` corpus read: its training split, held-out split and the entity types
    it annotates."""

    corpus: Corpus
    train: list[TaggedSentence]
    held_out: list[TaggedSentence]
    types: frozenset[str]


def _fit_perceptron(
    reads: Sequence[_Read],
    lang: str,
    split: str,
    epochs: int,
    bits: int,
    min_weight: float,
    track: Any,
    features: Sequence[str] = (),
    conventions: Sequence[str] = (),
    readers: dict[str, str] | None = None,
) -> Any:
    from nlptk.ner.perceptron import Part, train_perceptron_tagger
    from nlptk.readers.words import read_pd

    pairs = [(s.tokens, s.tags) for r in reads for s in r.train]
    several = len(reads) > 1
    parts = [Part(len(r.train), r.corpus.weight, r.types if several else None) for r in reads]
    common = {
        "epochs": epochs,
        "bits": bits,
        "min_weight": min_weight,
        "track": track,
        "features": features,
        "parts": parts,
        "conventions": conventions,
        **(readers or {}),
        # documents (en-doc) never span two corpora: each read's keys are its own
        "docs": [
            None if s.doc is None else (k, s.doc) for k, r in enumerate(reads) for s in r.train
        ],
    }
    if lang == "zh" and any(r.corpus.fmt == "pd" for r in reads):
        words: list[list[str] | None] = []
        for r in reads:
            if r.corpus.fmt == "pd":
                pd = take_split(list(read_pd(r.corpus.path)), split)
                words.extend([w for w, _ in p] for _, p in pd)
            else:
                words.extend([None] * len(r.train))
        return train_perceptron_tagger(pairs, lang, dictionary_words=words, **common)
    base = _base_dictionary() if lang == "zh" else []
    return train_perceptron_tagger(pairs, lang, base_dictionary=base, **common)


def _read_corpora(
    data: str | Sequence[str],
    fmt: str,
    lang: str,
    split: str,
    engine: str,
    repair: bool,
    pd_map: frozenset[str],
) -> list[_Read]:
    corpora = [
        parse_corpus(d, fmt, NER_FORMATS) for d in ([data] if isinstance(data, str) else data)
    ]
    if not corpora:
        raise InputError("give the training data: --data PATH[:FORMAT[:WEIGHT]]")
    if sum(c.path == "-" for c in corpora) > 1:
        raise InputError("only one --data can be standard input (-)")
    reads = []
    for c in corpora:
        if engine == "perceptron" and c.fmt == "pd" and c.path == "-":
            raise InputError(
                "the pd format is read twice for the perceptron; give a file, not stdin"
            )
        # one read: stdin cannot be read twice, and the split is a slice of the same sentences
        everything = load_ner_data(c.path, c.fmt, lang, "all", repair, pd_map)
        types = frozenset(split_tag(t)[1] for s in everything for t in s.tags) - {""}
        held_out = list(take_split(everything, "test")) if split == "train" else []
        reads.append(_Read(c, list(take_split(everything, split)), held_out, types))
    return reads


def _data_record(reads: Sequence[_Read], split: str, repair: bool, pd_map: frozenset[str]) -> dict:
    """``meta.json``'s ``data``: one corpus as it always was; several as their names and
    formats joined by ``+``, one sha256 over all, and a ``corpora`` list of each one's."""
    corpora = []
    for r in reads:
        name, sha = source_record(r.corpus.path)
        corpora.append(
            {
                "file": name,
                "format": r.corpus.fmt,
                "weight": r.corpus.weight,
                "sentences": len(r.train),
                "sha256": sha,
                "types": sorted(r.types),
            }
        )
    record: dict[str, Any] = {
        "file": "+".join(c["file"] for c in corpora),
        "format": "+".join(c["format"] for c in corpora),
        "split": split,
        "sentences": sum(c["sentences"] for c in corpora),
        "sha256": corpora[0]["sha256"],
        "repaired_tags": repair,
    }
    if len(reads) > 1 or reads[0].corpus.weight != 1:
        paths = [r.corpus.path for r in reads]
        record["sha256"] = None if "-" in paths else sha256_files(paths)
        record["corpora"] = corpora
        record["partial"] = "a corpus's O is no evidence for the types it does not annotate"
    if pd_map:
        record["pd_map"] = {name: PD_RULES[name] for name in sorted(pd_map)}
    return record


def train_ner(
    data: str | Sequence[str],
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
    features: Sequence[str] | None = None,
    conventions: Sequence[str] = (),
    convention: str | None = None,
    segmenter: str | None = None,
    pos_tagger: str | None = None,
) -> dict[str, Any]:
    """Train on ``data`` (its ``split``) and save the model to ``output``.

    ``data`` is one corpus spec or several (``PATH[:FORMAT[:WEIGHT]]``,
    ``nlptk.readers.corpora.parse_corpus``; ``fmt`` is the default format). Several
    corpora train one model: each sentence counts ``WEIGHT`` times, and a corpus that does
    not annotate some of the model's types (MSRA: no TIME) is read as partially annotated
    for them (``nlptk.ner.perceptron.Part``; the HMM reads it as it is).

    The model is then scored, and the scores stored in ``meta.json``: on the held-out ``test``
    part of each corpus when ``split`` is ``train`` (``NAME:test``, on the types that corpus
    annotates when there are several), and on every ``test`` file (``PATH[:FORMAT]``, default
    ``test_format`` or ``fmt``), on the entity types it annotates (a model with TIME scored on
    MSRA's PER/LOC/ORG). ``pd_map`` (``nlptk.ner.pd.PD_MAPPINGS`` names) applies to People's
    Daily training and test data; ``min_weight`` prunes the perceptron's weak weight rows
    (``train_perceptron_tagger``), whose passes go through ``track`` (a progress wrapper,
    ``nlptk.sequence.perceptron.Track``). Hyperparameters left ``None`` take the language's
    ``LANG_DEFAULTS`` (HMM); ``epochs`` are the perceptron's passes (default
    ``PERCEPTRON_DEFAULTS``); ``features`` the Chinese perceptron's feature groups (default
    ``ZH_FEATURES``); ``conventions`` a name per corpus for the Chinese perceptron's
    annotation conventions (``train_perceptron_tagger``): each held-out part is then scored
    in its own corpus's convention (``NAME:test``) and in the others (``NAME:test@CONV``),
    each ``test`` file in every convention (``NAME`` in the model's default, ``convention``
    or else the first; ``NAME@CONV``). ``segmenter`` and ``pos_tagger`` are the models the
    ``words`` and ``pos`` groups read (default ``nlptk.ner.perceptron.SEGMENTER`` and
    ``POS_TAGGER``). Returns the meta record written.
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
    if conventions and (engine != "perceptron" or lang != "zh"):
        raise InputError("--conventions is for the Chinese perceptron")
    if conventions and len(conventions) != len(data if not isinstance(data, str) else [data]):
        raise InputError("--conventions needs one name per --data, in the same order")
    if len(set(conventions)) != len(conventions):
        raise InputError("--conventions names each corpus's convention once")
    if convention is not None and convention not in conventions:
        raise InputError(f"--convention {convention!r} is not one of --conventions")
    readers = {k: v for k, v in (("segmenter", segmenter), ("pos_tagger", pos_tagger)) if v}
    wanted = set(ZH_FEATURES if features is None else features)
    if readers and (engine != "perceptron" or lang != "zh"):
        raise InputError("--segmenter and --pos-tagger are for the Chinese perceptron")
    if segmenter and not {"words", "pos"} & wanted:
        raise InputError("--segmenter is read by the words and pos feature groups (--features)")
    if pos_tagger and "pos" not in wanted:
        raise InputError("--pos-tagger is read by the pos feature group (--features …,pos)")
    reads = _read_corpora(data, fmt, lang, split, engine, repair, pd_map)
    tagger: Any
    if engine == "hmm":
        sentences = [s for r in reads for s in weighted(r.train, r.corpus.weight)]
        tagger = HMMTagger(lang=lang, **params).fit((s.tokens, s.tags) for s in sentences)
        scorer: Any = HMMEngine(tagger)
    else:
        defaults = PERCEPTRON_DEFAULTS[lang]
        groups = ZH_FEATURES if features is None and lang == "zh" else features or ()
        tagger = _fit_perceptron(
            reads,
            lang,
            split,
            epochs or defaults["epochs"],
            defaults["bits"],
            min_weight,
            track,
            groups,
            conventions,
            readers,
        )
        scorer = TaggerEngine(tagger, lang)

    # (suffix, convention) pairs: the default first, unsuffixed
    styles: list[tuple[str, str | None]] = [("", None)]
    if conventions:
        default = convention or conventions[0]
        styles = [("", default)] + [(f"@{c}", c) for c in conventions if c != default]
    metrics: dict[str, Any] = {}
    if split == "train":
        for k, r in enumerate(reads):
            name, _ = source_record(r.corpus.path)
            for _, convention in styles:
                if convention is not None:
                    tagger.use_convention(convention)
                own = convention is None or convention == conventions[k]
                key = f"{name}:test" + ("" if own else f"@{convention}")
                metrics[key] = score_engine(scorer, r.held_out, r.types if len(reads) > 1 else None)
    for spec in test:
        c = parse_corpus(spec, test_format or fmt, NER_FORMATS)
        gold = load_ner_data(c.path, c.fmt, lang, "all", repair, pd_map)
        annotated = frozenset(split_tag(t)[1] for s in gold for t in s.tags) - {""}
        for suffix, convention in styles:
            if convention is not None:
                tagger.use_convention(convention)
            metrics[c.name + suffix] = score_engine(scorer, gold, annotated)
    if conventions:
        tagger.use_convention(default)

    meta = {
        "data": _data_record(reads, split, repair, pd_map),
        "licence": licence or "unspecified: the training data's licence applies",
        "metrics": metrics,
    }
    tagger.save(output, meta)
    return meta
