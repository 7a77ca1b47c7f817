"""spark: column functions — a task of ``nlptk.spark.tasks`` as a pandas UDF (Arrow batches,
iterator form), its files shipped with the job and its model loaded once per Python worker.

Why the iterator form and a cache: the iterator form builds the batch function once per task
rather than once per Arrow batch, and the per-process cache keeps it for every later task of
the same job on that worker (Spark reuses Python workers), so a dictionary loads once per
executor process — not once per row, as a plain ``udf`` around ``jieba.lcut`` would.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nlptk.errors import InputError
from nlptk.spark.tasks import TASKS, BatchFunction, Task, check_options

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import Column, SparkSession

__all__ = [
    "Shipped",
    "task_column",
    "clean_options",
    "ship_files",
    "segment",
    "tokenize",
    "pos",
    "keywords",
    "ner",
    "sentiment",
]

#: (application id, shipped name) → the driver path it was shipped from.
_SHIPPED: dict[tuple[str, str], str] = {}


@dataclass(frozen=True, slots=True)
class Shipped:
    """A driver file or folder added to the job (``SparkContext.addFile``); an executor
    finds its copy with ``SparkFiles.get(name)``."""

    name: str

    def local_path(self) -> str:
        from pyspark import SparkFiles

        return SparkFiles.get(self.name)


def _ship_one(spark: SparkSession, value: str) -> str | Shipped:
    """``value`` shipped when it is a local file or folder; otherwise it stays a name (a
    shipped model, resolved inside the installed package on the executor)."""
    path = Path(value)
    if not path.exists():
        return value
    path = path.resolve()
    key = (spark.sparkContext.applicationId, path.name)
    if _SHIPPED.setdefault(key, str(path)) != str(path):
        raise InputError(
            f"{path} and {_SHIPPED[key]} share the name {path.name!r}; files shipped to Spark "
            "executors are found by name — rename one"
        )
    spark.sparkContext.addFile(str(path), recursive=path.is_dir())
    return Shipped(path.name)


def ship_files(spark: SparkSession, task: Task, options: dict[str, Any]) -> dict[str, Any]:
    """``options`` with each local path among ``task.files`` shipped to the executors."""
    shipped = dict(options)
    for name in task.files:
        value = options.get(name)
        if isinstance(value, str):
            shipped[name] = _ship_one(spark, value)
        elif value is not None:
            shipped[name] = tuple(_ship_one(spark, v) for v in value)
    return shipped


def _local(value: Any) -> Any:
    """An option as the executor sees it: shipped files replaced by their local copies."""
    if isinstance(value, Shipped):
        return value.local_path()
    if isinstance(value, tuple):
        return tuple(_local(v) for v in value)
    return value


@functools.lru_cache(maxsize=8)
def _batch_function(task: str, options: tuple[tuple[str, Any], ...]) -> BatchFunction:
    """The task's batch function, built once per Python worker process and options."""
    return TASKS[task].build(**{k: _local(v) for k, v in options})


def _fields(schema: str) -> list[str]:
    """Field names of a ``struct<a:t,b:t>`` DDL type whose fields are scalars."""
    return [field.split(":")[0] for field in schema[len("struct<") : -1].split(",")]


def _results(task: Task, apply: BatchFunction, texts: pd.Series) -> pd.Series | pd.DataFrame:
    """One batch: results of the non-null texts, null where the text is null (a struct of
    nulls for a struct result, which a pandas UDF returns as a DataFrame)."""
    import pandas as pd

    present = texts.notna().tolist()
    values = [t for t, p in zip(texts.tolist(), present, strict=True) if p]
    done = iter(apply(values) if values else [])
    rows = [next(done) if p else None for p in present]
    if not task.is_struct:
        return pd.Series(rows, index=texts.index, dtype=object)
    fields = _fields(task.schema)
    empty = dict.fromkeys(fields)
    return pd.DataFrame([r or empty for r in rows], columns=fields, index=texts.index)


def _udf(name: str, options: tuple[tuple[str, Any], ...]) -> Any:
    import pandas as pd
    from pyspark.sql.functions import pandas_udf

    task = TASKS[name]

    def run(batches):  # noqa: ANN001, ANN202 — typed below, for pandas_udf's inference
        apply = _batch_function(name, options)
        for texts in batches:
            yield _results(task, apply, texts)

    # real objects, not strings: pandas_udf reads these to pick the iterator-of-Series form
    out = pd.DataFrame if task.is_struct else pd.Series
    run.__annotations__ = {"batches": Iterator[pd.Series], "return": Iterator[out]}
    return pandas_udf(run, task.schema)


def clean_options(options: dict[str, Any]) -> dict[str, Any]:
    """Options left out (``None``) dropped, lists made tuples (hashable, for the cache)."""
    return {
        k: tuple(v) if isinstance(v, list | tuple) else v
        for k, v in options.items()
        if v is not None
    }


def task_column(
    name: str, col: Column | str, options: dict[str, Any], check: bool = True
) -> Column:
    """``col`` (strings) through task ``name`` with ``options``, as a Spark column.

    The options are checked on the driver first (building the model there once), so a bad
    option or an unknown model is an ``NlptkError`` here and not a failed Spark stage.
    Options left out keep the single-process defaults. ``check=False`` skips the driver
    check for a caller that ran ``check_options`` itself.
    """
    from pyspark.sql import SparkSession

    options = clean_options(options)
    if check:
        check_options(name, options)
    spark = SparkSession.getActiveSession()
    if spark is None:
        raise InputError("no active SparkSession: create one (nlptk.spark.session()) first")
    shipped = ship_files(spark, TASKS[name], options)
    return _udf(name, tuple(sorted(shipped.items())))(col)


def segment(
    col: Column | str,
    mode: str = "accurate",
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> Column:
    """Words of each text, ``array<string>``: ``Segmenter.cut`` with the same options.

    ``dictionary``, ``user_dicts`` and ``model`` may be paths on the driver (shipped to the
    executors) or, for ``model``, the name of a shipped model (``pd98``).

    >>> from nlptk.spark import segment, session  # doctest: +SKIP
    >>> df = session().createDataFrame([("我来到北京清华大学",)], ["text"])  # doctest: +SKIP
    >>> df.select(segment("text").alias("words")).first().words  # doctest: +SKIP
    ['我', '来到', '北京', '清华大学']
    """
    options = {"mode": mode, "hmm": hmm, **_segmenter_options(dictionary, user_dicts, model)}
    return task_column("segment", col, options)


def tokenize(
    col: Column | str,
    mode: str = "accurate",
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> Column:
    """Words with character offsets, ``array<struct<word,start,end>>`` (end exclusive):
    ``Segmenter.tokenize`` with the options of ``segment``."""
    options = {"mode": mode, "hmm": hmm, **_segmenter_options(dictionary, user_dicts, model)}
    return task_column("tokenize", col, options)


def _segmenter_options(
    dictionary: str | None, user_dicts: Sequence[str], model: str | None
) -> dict[str, Any]:
    """The options that choose the segmenter (``None`` and an empty list: the default)."""
    return {
        "dictionary": dictionary,
        "user_dicts": list(user_dicts) or None,
        "model": model,
    }


def pos(
    col: Column | str,
    hmm: bool = True,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> Column:
    """Part-of-speech tagged words, ``array<struct<word,tag,start,end>>`` (end exclusive):
    ``load_tagger(model, dictionary, user_dicts, hmm).tag`` — jieba's posseg, or the
    perceptron of a POS model such as ``pos-zh-pd98`` — what ``nlptk pos --format jsonl``
    writes as ``tokens``. Paths are shipped as for ``segment``."""
    options = {"hmm": hmm, **_segmenter_options(dictionary, user_dicts, model)}
    return task_column("pos", col, options)


def keywords(
    col: Column | str,
    method: str = "tfidf",
    top_k: int | None = 20,
    pos: Sequence[str] | None = None,
    idf: str | None = None,
    stop_words: str | None = None,
    dictionary: str | None = None,
    user_dicts: Sequence[str] = (),
    model: str | None = None,
) -> Column:
    """Keywords of each text, best first, ``array<struct<word,weight>>``: ``extract(text,
    top_k, pos)`` of ``build_extractor(method, segmenter, idf, stop_words)``, as ``nlptk
    keywords --format jsonl``. ``pos=None`` is the method's default filter (none for
    ``tfidf``, ``TEXTRANK_POS`` for ``textrank``); ``top_k`` 0 or ``None`` keeps all. The IDF
    and stop-word files, dictionaries and model folders given as driver paths are shipped.
    """
    options = {
        "method": method,
        "top_k": top_k or 0,  # not None: a dropped option would take the default, 20
        "pos": list(pos) if pos is not None else None,
        "idf": idf,
        "stop_words": stop_words,
        **_segmenter_options(dictionary, user_dicts, model),
    }
    return task_column("keywords", col, options)


def ner(
    col: Column | str, model: str | None = None, lang: str = "auto", engine: str | None = None
) -> Column:
    """Entities of each text, ``array<struct<text,label,start,end>>``: ``Recognizer(engine,
    model, lang).analyze``; a model names its own engine and language; without ``model``,
    the engine's (default: perceptron) shipped model of each line's language."""
    return task_column("ner", col, {"engine": engine, "model": model, "lang": lang})


def sentiment(
    col: Column | str, method: str | None = None, lang: str = "auto", model: str | None = None
) -> Column:
    """Sentiment of each text, ``struct<label,score,probability>``: what ``nlptk sentiment``
    gives (``build_analyzer(method or "lexicon", lang)``, or ``load_analyzer(model,
    method, lang)``). ``probability`` is null for methods without one (lexicon)."""
    return task_column("sentiment", col, {"method": method, "lang": lang, "model": model})
