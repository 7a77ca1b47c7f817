"""ner: ``nlptk eval ner`` — strict entity scores of a model (or of another tool's output)
against gold data, and the rows of the report table."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlptk.errors import CorpusFormatError, InputError
from nlptk.metrics.entities import entity_scores
from nlptk.ner.data import TaggedSentence, keep_types, load_ner_data, parse_pd_map, parse_types
from nlptk.ner.recognizer import (
    DEFAULT_ENGINE,
    NEREngine,
    check_engine,
    load_engine,
    open_engine,
    shipped_model,
)
from nlptk.sequence.tokens import detect_lang

__all__ = ["score_engine", "score_predictions", "evaluate_ner", "report_rows", "guess_lang"]


def guess_lang(sentences: Sequence[TaggedSentence]) -> str:
    """The language of the first sentences, by ``nlptk ner --lang auto``'s own rule."""
    return detect_lang(" ".join(tok for s in sentences[:50] for tok in s.tokens))


def score_engine(
    engine: NEREngine, gold: Sequence[TaggedSentence], types: frozenset[str] | None = None
) -> dict[str, Any]:
    """Scores of ``engine`` tagging the gold sentences' own tokens, in their documents
    (only entities of ``types`` on both sides, when given)."""
    pred = engine.tag_tokens([s.tokens for s in gold], [s.doc for s in gold])
    return entity_scores(
        [keep_types(s.tags, types) for s in gold], [keep_types(p, types) for p in pred]
    )


def score_predictions(
    gold: Sequence[TaggedSentence], pred: Sequence[TaggedSentence], pred_path: str
) -> dict[str, Any]:
    """Scores of predicted sentences read from a file, which must hold the gold tokens."""
    if len(gold) != len(pred):
        raise InputError(f"{pred_path}: {len(pred)} sentences, but the gold data has {len(gold)}")
    for g, p in zip(gold, pred, strict=True):
        if g.tokens != p.tokens:
            first = next(
                (i for i, (a, b) in enumerate(zip(g.tokens, p.tokens, strict=False)) if a != b),
                min(len(g.tokens), len(p.tokens)),
            )
            shown = p.tokens[first] if first < len(p.tokens) else ""
            raise CorpusFormatError(
                pred_path,
                p.line_no + first,
                shown,
                f"tokens differ from the gold sentence at line {g.line_no}",
            )
    return entity_scores([s.tags for s in gold], [s.tags for s in pred])


def evaluate_ner(
    gold_path: str,
    fmt: str,
    lang: str | None = None,
    split: str = "all",
    model: str | None = None,
    engine: str | None = None,
    pred_path: str | None = None,
    pred_format: str | None = None,
    repair: bool = False,
    types: str | None = None,
    pd_map: str | None = None,
    convention: str | None = None,
) -> dict[str, Any]:
    """Strict entity scores on ``gold_path`` (``split`` of it); ``types`` (``PER,LOC,ORG``)
    restricts gold and predictions to those entity types; ``pd_map`` (``abbrev,time``…)
    the People's Daily mappings the gold is read with; ``convention`` the annotation
    convention a model trained with several tags in (``Recognizer``).

    With ``pred_path``, its tags are scored (same tokens, ``pred_format`` or ``fmt``);
    otherwise the model tags the gold tokens: ``model`` (its engine and language read from
    its ``meta.json``; an ``engine`` or ``lang`` that contradicts it is an ``InputError``),
    else the shipped model of ``engine`` (by default ``DEFAULT_ENGINE``, as ``nlptk ner``)
    for ``lang`` (guessed from the data when not given). Returns ``entity_scores``'s dict
    plus ``model``/``pred`` and ``data`` entries saying what was scored.
    """
    from nlptk.artifacts import resolve_model

    tagger = None
    if pred_path is not None and convention is not None:
        raise InputError("--convention picks how a model tags; --pred scores given tags")
    if pred_path is None:
        check_engine(engine, model)
        if model is not None:  # loaded first: a model of the wrong language stops here
            _, tagger = load_engine(model, engine, lang, convention)
    keep = parse_types(types)
    mappings = parse_pd_map(pd_map)
    gold = load_ner_data(gold_path, fmt, lang or "zh", split, repair, mappings)
    if not gold:
        raise InputError(f"{gold_path}: no sentences to score (split {split!r})")
    data = {"file": Path(gold_path).name, "format": fmt, "split": split, "sentences": len(gold)}
    if mappings:
        data["pd_map"] = sorted(mappings)
    if pred_path is not None:
        pred = load_ner_data(pred_path, pred_format or fmt, lang or "zh", split, repair, mappings)
        return {**score_predictions(gold, pred, pred_path), "pred": pred_path, "data": data}
    name = model
    if tagger is None:
        lang = lang or guess_lang(gold)
        engine = engine or DEFAULT_ENGINE
        name = shipped_model(engine, lang)
        tagger = open_engine(engine, resolve_model(name, task="ner"), convention)
    result = score_engine(tagger, gold, keep)
    return {**result, "model": str(name), "data": data}


def report_rows(result: dict[str, Any]) -> list[tuple[Any, ...]]:
    """Table rows: one per entity type, then the micro average."""
    rows = [
        (t, s["precision"], s["recall"], s["f1"], s["support"])
        for t, s in result["per_type"].items()
    ]
    m = result["micro"]
    rows.append(("micro", m["precision"], m["recall"], m["f1"], m["support"]))
    return rows
