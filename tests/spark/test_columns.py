"""``nlptk.spark`` column functions give what the single-process API gives, row for row, on
``local[2]``: People's Daily 1998 raw lines (the first 2,000; all of them with --run-slow)
and a mixed sample, for segment, tokenize, ner and sentiment; 1 and 8 partitions agree."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def _plain(value: Any) -> Any:
    """Spark Rows as dicts, recursively (what the batch functions return)."""
    if hasattr(value, "asDict"):
        return {k: _plain(v) for k, v in value.asDict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(spark, lines: list[str], column: Callable, partitions: int) -> list[Any]:
    """``column("text")`` over ``lines`` spread over ``partitions``, back in line order."""
    df = spark.createDataFrame(list(enumerate(lines)), "i long, text string")
    got = df.repartition(partitions).select("i", column("text").alias("out")).collect()
    return [_plain(r.out) for r in sorted(got, key=lambda r: r.i)]


def _segment_api(lines):
    from nlptk.segment import Segmenter

    seg = Segmenter()
    return [seg.cut(t) for t in lines]


def _tokenize_api(lines):
    from nlptk.segment import Segmenter

    seg = Segmenter()
    return [
        [{"word": t.text, "start": t.start, "end": t.end} for t in seg.tokenize(x)] for x in lines
    ]


def _ner_api(lines):
    from nlptk.ner import Recognizer

    rec = Recognizer()
    return [
        [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in a.entities]
        for a in rec.analyze(lines)
    ]


def _sentiment_api(lines):
    from nlptk.sentiment import build_analyzer

    return [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in build_analyzer("lexicon", "auto").predict(lines)
    ]


#: task → (column function, the single-process API over a list of lines)
TASKS = {
    "segment": ("segment", _segment_api),
    "tokenize": ("tokenize", _tokenize_api),
    "ner": ("ner", _ner_api),
    "sentiment": ("sentiment", _sentiment_api),
}


def _column(task: str) -> Callable:
    import nlptk.spark

    return getattr(nlptk.spark, TASKS[task][0])


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_equal_api_on_pd98_sample(spark, pd98, task):
    lines = pd98[:2000]
    assert _rows(spark, lines, _column(task), 8) == TASKS[task][1](lines)


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_equal_api_on_mixed_sample(spark, mixed, task):
    lines = mixed
    assert _rows(spark, lines, _column(task), 3) == TASKS[task][1](lines)


@pytest.mark.slow
@pytest.mark.parametrize("task", ["segment", "ner", "sentiment"])
def test_columns_equal_api_on_whole_pd98(spark, pd98, task):
    assert _rows(spark, pd98, _column(task), 4) == TASKS[task][1](pd98)


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_one_and_eight_partitions_identical(spark, pd98, mixed, task):
    lines = pd98[:300] + mixed
    assert _rows(spark, lines, _column(task), 1) == _rows(spark, lines, _column(task), 8)


@pytest.mark.parametrize("text", [None])
def test_columns_null_text_gives_null(spark, text):
    from nlptk.spark import ner, segment, sentiment

    df = spark.createDataFrame([(text,)], "text string")
    row = df.select(
        segment("text").alias("w"), ner("text").alias("e"), sentiment("text").alias("s")
    ).first()
    assert row.w is None and row.e is None
    assert row.s.asDict() == {"label": None, "score": None, "probability": None}


@pytest.mark.parametrize(
    ("options", "want"),
    [
        ({"method": "snownlp", "lang": "zh"}, "snownlp"),
        ({"method": "nb", "lang": "zh"}, "nb"),
    ],
)
def test_columns_sentiment_method_options_equal_api(spark, mixed, options, want):
    from nlptk.sentiment import build_analyzer
    from nlptk.spark import sentiment

    lines = [x for x in mixed if any("\u4e00" <= c <= "\u9fff" for c in x)][:40]
    expected = [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in build_analyzer(want, "zh").predict(lines)
    ]
    assert _rows(spark, lines, lambda c: sentiment(c, **options), 2) == expected


def test_columns_user_dictionary_shipped_to_executors(spark, tmp_path):
    from nlptk.segment import Segmenter
    from nlptk.spark import segment

    user = tmp_path / "spark_user.txt"
    user.write_text("清华大学出版社 100 nt\n杭研大厦 50\n", encoding="utf-8")
    lines = ["我来到北京清华大学出版社", "他来到了网易杭研大厦"]
    got = _rows(spark, lines, lambda c: segment(c, user_dicts=[str(user)]), 2)
    assert got == [Segmenter(user_dicts=[user]).cut(t) for t in lines]
    assert got[0][-1] == "清华大学出版社"


def test_columns_model_folder_shipped_to_executors(spark, tmp_path):
    """A model directory given on the driver reaches the executors (addFile, recursive) and
    gives what ``Segmenter.load`` gives; a shipped model name resolves on the executor."""
    import shutil

    from nlptk.artifacts import resolve_model
    from nlptk.segment import Segmenter
    from nlptk.spark import segment

    folder = tmp_path / "my-pd98"
    shutil.copytree(resolve_model("pd98"), folder)
    lines = ["１９９８年我来到北京大学", "江泽民在北京会见克林顿"]
    want = [Segmenter.load("pd98").cut(t) for t in lines]
    assert _rows(spark, lines, lambda c: segment(c, model=str(folder)), 2) == want
    assert _rows(spark, lines, lambda c: segment(c, model="pd98"), 2) == want


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("ner", {"model": "nope"}, "model 'nope' not found"),
        ("segment", {"mode": "fast"}, "unknown mode 'fast'"),
        ("sentiment", {"method": "x"}, "unknown method 'x'"),
    ],
)
def test_columns_bad_option_fails_on_driver(spark, name, options, message):
    import nlptk.spark
    from nlptk.errors import NlptkError

    with pytest.raises(NlptkError, match=message):
        getattr(nlptk.spark, name)("text", **options)
