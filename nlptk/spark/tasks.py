"""spark: the tasks a Spark column or job can run — each one a builder of a batch function
over the single-process API, the Spark type of its result and the options that name files.

Nothing here imports pyspark: a task is plain Python, so the same registry drives the column
functions (``nlptk.spark.columns``), the file job (``nlptk.spark.job``) and the equality tests.
A new task is one ``Task`` entry in ``TASKS`` plus a column function.

>>> apply = TASKS["segment"].build()
>>> apply(["我来到北京清华大学"])
[['我', '来到', '北京', '清华大学']]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from nlptk.errors import InputError

__all__ = ["Task", "TASKS", "check_options"]

#: A batch function: one result (plain lists, dicts, numbers) per text, in order.
BatchFunction = Callable[[Sequence[str]], list[Any]]


@dataclass(frozen=True)
class Task:
    """A registry entry.

    ``build(**options)`` loads the model once and returns the batch function; ``schema`` is
    the Spark DDL type of one result; ``column`` names the result in the job's output;
    ``files`` are the options whose values may be paths on the driver (a string or a list
    of strings) — those are shipped to the executors with the job.
    """

    build: Callable[..., BatchFunction]
    schema: str
    column: str
    files: tuple[str, ...] = ()

    @property
    def is_struct(self) -> bool:
        """Whether one result is a struct (a pandas UDF returns those as a DataFrame)."""
        return self.schema.startswith("struct<")


def _one_dictionary(dictionary: str | None, model: str | None) -> None:
    if model is not None and dictionary is not None:
        raise InputError("a model brings its own dictionary; leave out dictionary")


def _segmenter(
    dictionary: str | None, user_dicts: Sequence[str], hmm: bool, model: str | None
) -> Any:
    from nlptk.segment import Segmenter

    _one_dictionary(dictionary, model)
    if model is None:
        return Segmenter(dictionary, list(user_dicts), hmm=hmm)
    return Segmenter.load(model, list(user_dicts), hmm=hmm)


def _build_segment(
    mode: str = "accurate",
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> BatchFunction:
    """``Segmenter.cut`` of each text (``Segmenter.load`` when a model is given)."""
    seg = _segmenter(dictionary, user_dicts, hmm, model)
    return lambda texts: [seg.cut(text, mode) for text in texts]


def _build_tokenize(
    mode: str = "accurate",
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> BatchFunction:
    """``Segmenter.tokenize`` of each text: words with end-exclusive character offsets."""
    seg = _segmenter(dictionary, user_dicts, hmm, model)
    return lambda texts: [
        [{"word": t.text, "start": t.start, "end": t.end} for t in seg.tokenize(text, mode)]
        for text in texts
    ]


def _build_pos(
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> BatchFunction:
    """``tag`` of each text by the tagger ``nlptk pos`` builds (``load_tagger``: jieba's
    posseg, over a segmentation model's dictionary when given one, or a POS model's
    perceptron): words, tags and end-exclusive character offsets."""
    from nlptk.pos import load_tagger

    _one_dictionary(dictionary, model)
    tagger = load_tagger(model, dictionary, list(user_dicts), hmm=hmm)
    return lambda texts: [
        [{"word": t.text, "tag": t.tag, "start": t.start, "end": t.end} for t in tagger.tag(text)]
        for text in texts
    ]


def _build_keywords(
    method: str = "tfidf",
    top_k: int | None = 20,
    pos: Sequence[str] | None = None,
    idf: str | None = None,
    stop_words: str | None = None,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> BatchFunction:
    """``extract(text, top_k, pos)`` of the extractor ``nlptk keywords`` builds
    (``build_extractor``); ``pos=None`` is the method's default filter, ``top_k`` 0 or
    ``None`` keeps every keyword."""
    from nlptk.keywords import build_extractor

    seg = _segmenter(dictionary, user_dicts, True, model)
    extractor = build_extractor(method, seg, idf, stop_words)
    return lambda texts: [
        [{"word": k.word, "weight": k.weight} for k in extractor.extract(text, top_k, pos)]
        for text in texts
    ]


def _build_ner(
    engine: str | None = None, model: str | None = None, lang: str = "auto"
) -> BatchFunction:
    """``Recognizer.analyze`` over the batch (lines grouped by language, as in the CLI;
    the engine is the model's own, else ``Recognizer``'s default)."""
    from nlptk.ner import Recognizer

    rec = Recognizer(engine=engine, model=model, lang=lang)
    return lambda texts: [
        [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in a.entities]
        for a in rec.analyze(list(texts))
    ]


def _build_sentiment(
    method: str | None = None, lang: str = "auto", model: str | None = None
) -> BatchFunction:
    """``predict`` of the analyzer ``nlptk sentiment`` would use: ``load_analyzer`` for a
    model, else ``build_analyzer`` (lexicon by default)."""
    from nlptk.sentiment import build_analyzer, load_analyzer

    if model is not None:
        analyzer = load_analyzer(model, method, lang)
    else:
        analyzer = build_analyzer(method or "lexicon", lang)
    return lambda texts: [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in analyzer.predict(list(texts))
    ]


_SEGMENT_FILES = ("dictionary", "user_dicts", "model")
_TOKEN = "struct<word:string,start:int,end:int>"
_ENTITY = "struct<text:string,label:string,start:int,end:int>"
_TAGGED = "struct<word:string,tag:string,start:int,end:int>"
_KEYWORD = "struct<word:string,weight:double>"

#: Task name → entry; the CLI job offers every key.
TASKS: dict[str, Task] = {
    "segment": Task(_build_segment, "array<string>", "words", _SEGMENT_FILES),
    "tokenize": Task(_build_tokenize, f"array<{_TOKEN}>", "tokens", _SEGMENT_FILES),
    "pos": Task(_build_pos, f"array<{_TAGGED}>", "tokens", _SEGMENT_FILES),
    "keywords": Task(
        _build_keywords, f"array<{_KEYWORD}>", "keywords", ("idf", "stop_words", *_SEGMENT_FILES)
    ),
    "ner": Task(_build_ner, f"array<{_ENTITY}>", "entities", ("model",)),
    "sentiment": Task(
        _build_sentiment,
        "struct<label:string,score:double,probability:double>",
        "sentiment",
        ("model",),
    ),
}


def check_options(task: str, options: dict[str, Any]) -> None:
    """Build ``task`` with ``options`` here and run it on one text, so a bad option, an
    unknown model or a missing dictionary fails on the driver with its own ``NlptkError``
    instead of inside every executor. A ``TypeError`` (an option the task lacks) becomes an
    ``InputError`` that lists the task's options."""
    import inspect

    build = TASKS[task].build
    known = list(inspect.signature(build).parameters)
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise InputError(
            f"{task}: unknown option {', '.join(unknown)}; its options are {', '.join(known)}"
        )
    build(**options)(["我来到北京 and Peter went home."])
