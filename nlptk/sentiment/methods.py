"""sentiment: the method registry, and document/sentence-level analysis of text streams.

Every method (hybrid — the default —, lexicon, nb, maxent, svm, nbsvm, snownlp, textblob,
bert) is a
``SentimentAnalyzer`` with one verb, ``predict(texts)``, returning ``Sentiment`` results with
the same fields whatever the method or flags.

>>> from nlptk.sentiment.methods import build_analyzer
>>> r = build_analyzer("textblob", "en").predict(["I am happy today."])[0]
>>> r.label, r.score, r.subjectivity
('positive', 0.8, 1.0)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.errors import InputError, ModelFormatError
from nlptk.io import jsonl
from nlptk.parallel import batched, imap_ordered
from nlptk.sentiment.base import (
    UNITS,
    Sentiment,
    SentimentAnalyzer,
)
from nlptk.sentiment.sentences import LANGS, detect_lang, split_sentences

__all__ = [
    "ByLanguage",
    "Method",
    "METHODS",
    "UNITS",
    "DEFAULT_METHOD",
    "build_analyzer",
    "lexicon_analyzer",
    "load_analyzer",
    "analyze",
    "analyze_lines",
    "FORMATS",
    "format_results",
]


class ByLanguage(SentimentAnalyzer):
    """Sends each text to the analyzer for its script (``--lang auto``); each analyzer is
    built on first use, so English-only input never loads a Chinese model."""

    def __init__(self, method: str, factories: dict[str, Callable[[], SentimentAnalyzer]]):
        self.method = method
        self.factories = factories
        self._built: dict[str, SentimentAnalyzer] = {}

    def _for(self, lang: str) -> SentimentAnalyzer:
        if lang not in self._built:
            self._built[lang] = self.factories[lang]()
        return self._built[lang]

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """Texts grouped by language, predicted per group, returned in input order."""
        langs = [detect_lang(t) for t in texts]
        results: list[Sentiment | None] = [None] * len(texts)
        for lang in dict.fromkeys(langs):
            idx = [i for i, x in enumerate(langs) if x == lang]
            for i, r in zip(idx, self._for(lang).predict([texts[i] for i in idx]), strict=True):
                results[i] = r
        return results  # type: ignore[return-value]

    def explain(self, text: str) -> list[tuple[str, int, int, float]]:
        """The ``explain`` of the analyzer for the text's script (lexicon methods)."""
        return self._for(detect_lang(text)).explain(text)  # type: ignore[attr-defined]

    def training_fingerprint(self) -> np.ndarray | None:
        # only the analyzers that were used: building the others would load models that
        # predicted nothing (evaluation asks after predicting)
        prints = [a.training_fingerprint() for a in self._built.values()]
        if not prints or any(p is None for p in prints):
            return None
        return np.unique(np.concatenate(prints))


@dataclass(frozen=True)
class Method:
    """A registry entry.

    ``langs``: languages it handles. ``default(lang)``: the analyzer used without
    ``--model`` (a shipped model or a rule set), or ``None`` when a model is required.
    ``load(dir)``: the analyzer stored in a model directory whose ``meta.json`` names this
    method (or a BERT sentiment model, for ``bert``: ``nlptk.artifacts.model_kind``), or
    ``None`` when the method has no model directories.
    """

    langs: tuple[str, ...]
    default: Callable[[str], SentimentAnalyzer] | None
    load: Callable[[Path], SentimentAnalyzer] | None = None


def _lexicon_default(lang: str) -> SentimentAnalyzer:
    from nlptk.sentiment.lexicon import LexiconSentiment

    return LexiconSentiment(lang)


def _lexicon_load(path: Path) -> SentimentAnalyzer:
    from nlptk.sentiment.lexicon import LexiconSentiment

    return LexiconSentiment.load(path)


def _linear(name: str) -> Method:
    def load(path: Path) -> SentimentAnalyzer:
        from nlptk.sentiment.linear import ESTIMATORS

        return ESTIMATORS[name].load(path)

    def default(lang: str) -> SentimentAnalyzer:
        from nlptk.artifacts import resolve_model

        return load(resolve_model(f"sentiment-{lang}-{name}", task="sentiment"))

    return Method(LANGS, default, load)


def _hybrid_load(path: Path) -> SentimentAnalyzer:
    from nlptk.sentiment.hybrid import HybridSentiment

    return HybridSentiment.load(path)


def _hybrid_default(lang: str) -> SentimentAnalyzer:
    from nlptk.artifacts import resolve_model

    return _hybrid_load(resolve_model(f"sentiment-{lang}-hybrid", task="sentiment"))


def _snownlp(lang: str) -> SentimentAnalyzer:
    from nlptk.sentiment.adapters import SnowNLPSentiment

    return SnowNLPSentiment()


def _textblob(lang: str) -> SentimentAnalyzer:
    from nlptk.sentiment.adapters import TextBlobSentiment

    return TextBlobSentiment()


def _bert_load(path: Path) -> SentimentAnalyzer:
    from nlptk.sentiment.bert import BertSentiment

    return BertSentiment.load(path)


#: ``--method`` name → registry entry; a new method is one entry.
METHODS: dict[str, Method] = {
    "hybrid": Method(LANGS, _hybrid_default, _hybrid_load),
    "lexicon": Method(LANGS, _lexicon_default, _lexicon_load),
    "nb": _linear("nb"),
    "maxent": _linear("maxent"),
    "svm": _linear("svm"),
    "nbsvm": _linear("nbsvm"),
    "snownlp": Method(("zh",), _snownlp),
    "textblob": Method(("en",), _textblob),
    # any language its training data had; a model from ``nlptk bert train --task sentiment``
    "bert": Method(LANGS, None, _bert_load),
}


#: The method used when none is named (``--method``): chosen by measurement, see the README.
DEFAULT_METHOD = "hybrid"


def _method(name: str) -> Method:
    if name not in METHODS:
        raise InputError(f"unknown method {name!r}; choose one of {', '.join(METHODS)}")
    return METHODS[name]


def build_analyzer(method: str, lang: str = "auto") -> SentimentAnalyzer:
    """The analyzer for ``method`` without a model directory (shipped model or rules).

    ``lang`` is ``zh``, ``en`` or ``auto`` (per text, by script; a single-language method
    such as snownlp takes every text).
    """
    spec = _method(method)
    if spec.default is None:
        raise InputError(f"method {method!r} needs a model directory (--model DIR)")
    if lang not in (*LANGS, "auto"):
        raise InputError(f"unknown language {lang!r}; choose one of zh, en, auto")
    default = spec.default
    if lang == "auto" and len(spec.langs) > 1:
        return ByLanguage(method, {x: (lambda x=x: default(x)) for x in spec.langs})
    if lang != "auto" and lang not in spec.langs:
        raise InputError(f"method {method!r} handles {', '.join(spec.langs)} only, not {lang!r}")
    return default(spec.langs[0] if lang == "auto" else lang)


def lexicon_analyzer(lang: str, lexicons: Sequence[str]) -> SentimentAnalyzer:
    """The lexicon method over the named lexicons (``--lexicon``). With ``lang`` ``auto``
    each text goes to the analyzer of its script, which looks shipped names up in its own
    language's folder; a name that no language has is an ``InputError`` before any work."""
    from nlptk.sentiment.lexicon import LexiconSentiment, check_lexicons

    if lang not in (*LANGS, "auto"):
        raise InputError(f"unknown language {lang!r}; choose one of zh, en, auto")
    check_lexicons(lexicons, LANGS if lang == "auto" else (lang,))
    if lang != "auto":
        return LexiconSentiment(lang, lexicons)
    return ByLanguage("lexicon", {x: (lambda x=x: LexiconSentiment(x, lexicons)) for x in LANGS})


def load_analyzer(model: str, method: str | None = None, lang: str = "auto") -> SentimentAnalyzer:
    """The analyzer stored in a sentiment model directory (or shipped model name); the
    method and language come from its ``meta.json`` (``nlptk.artifacts.model_kind``), and a
    ``method`` or ``lang`` given that contradicts them is an ``InputError``."""
    from nlptk.artifacts import model_kind

    kind = model_kind(model, "sentiment", method, lang)
    if kind.engine not in METHODS or METHODS[kind.engine].load is None:
        raise ModelFormatError(
            f"{kind.path}: meta.json names no known sentiment method ({kind.engine!r})"
        )
    return METHODS[kind.engine].load(kind.path)


def _analyze_batch(state: tuple[SentimentAnalyzer, str], lines: list[str]) -> list[list[Sentiment]]:
    analyzer, unit = state
    spans = [
        []
        if not line.strip()
        else split_sentences(line)
        if unit == "sentence"
        else [(0, len(line))]
        for line in lines
    ]
    # one predict call per batch, so batching methods (BERT) see many texts at once
    pieces = [
        line[s:e] for line, line_spans in zip(lines, spans, strict=True) for s, e in line_spans
    ]
    flat = iter(analyzer.predict(pieces) if pieces else [])
    return [[replace(next(flat), start=s, end=e) for s, e in line_spans] for line_spans in spans]


def analyze(
    analyzer: SentimentAnalyzer,
    lines: Iterable[str],
    unit: str = "document",
    jobs: int = 1,
    batch_size: int = 64,
) -> Iterator[list[Sentiment]]:
    """Per input line, in order, its results: one for the line in ``document`` mode, one per
    sentence in ``sentence`` mode (offsets relative to the line). A blank line gives ``[]``.
    ``jobs`` > 1 forks worker processes."""
    if unit not in UNITS:
        raise InputError(f"unknown unit {unit!r}; choose one of {', '.join(UNITS)}")
    for batch in imap_ordered(_analyze_batch, (analyzer, unit), batched(lines, batch_size), jobs):
        yield from batch


#: ``nlptk sentiment --format`` choices.
FORMATS = ("text", "jsonl")


def analyze_lines(
    analyzer: SentimentAnalyzer,
    lines: Iterable[str],
    unit: str = "document",
    jobs: int = 1,
) -> Iterator[tuple[str, list[Sentiment]]]:
    """``analyze``, each input line beside its results (the ``text`` of the jsonl output,
    which a blank line's empty results cannot give back)."""
    seen: deque[str] = deque()

    def read() -> Iterator[str]:
        for line in lines:
            seen.append(line)
            yield line

    for results in analyze(analyzer, read(), unit, jobs):
        yield seen.popleft(), results


def _record(r: Sentiment, explained: list[tuple[str, int, int, float]] | None, whole: bool) -> dict:
    """A result as JSON; ``whole`` (document mode) leaves out its text and offsets, which
    are the line's."""
    record: dict[str, Any] = {} if whole else {"text": r.text, "start": r.start, "end": r.end}
    record |= {
        "label": r.label,
        "score": round(r.score, 4),
        "probability": None if r.probability is None else round(r.probability, 4),
        "subjectivity": None if r.subjectivity is None else round(r.subjectivity, 4),
    }
    if explained is not None:
        record["explain"] = [
            {"word": w, "start": s, "end": e, "weight": round(x, 4)} for w, s, e, x in explained
        ]
    return record


def format_results(
    line: str,
    results: list[Sentiment],
    fmt: str,
    unit: str,
    explain: Callable[[str], list[tuple[str, int, int, float]]] | None = None,
) -> str:
    """One output line (without ``\\n``) for one input ``line``'s results.

    ``text``: ``label<TAB>score`` per result, tab-joined in sentence mode; with ``explain``,
    each is followed by a tab and the ``word:weight`` pairs that moved it; a blank line
    gives an empty line. ``jsonl``: the envelope every command's jsonl has,
    ``{"text": line, ...}`` with, in document mode, ``"sentiment"``: ``{label, score,
    probability, subjectivity}`` (``null`` for a blank line), in sentence mode
    ``"sentences"``: a list of those with each sentence's ``text``, ``start`` and ``end``;
    ``explain`` adds the words with their offsets in the line.
    """
    explained = [
        [(w, r.start + s, r.start + e, x) for w, s, e, x in explain(r.text)] if explain else None
        for r in results
    ]
    if fmt == "text":
        cells = []
        for r, ex in zip(results, explained, strict=True):
            cells.append(f"{r.label}\t{r.score:.4f}")
            if ex is not None:
                cells.append(" ".join(f"{w}:{x:+.2f}" for w, _, _, x in ex))
        return "\t".join(cells)
    if fmt != "jsonl":
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    whole = unit != "sentence"
    records = [_record(r, ex, whole) for r, ex in zip(results, explained, strict=True)]
    if not whole:
        return jsonl({"text": line, "sentences": records})
    return jsonl({"text": line, "sentiment": records[0] if records else None})
