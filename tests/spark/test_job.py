"""The file job (``nlptk spark``, ``nlptk.spark.run_job``) on ``local[2]``: rows keep file
and line, results equal the single-process API (segment, ner, sentiment, pos, keywords),
partitioning changes nothing, option files are shipped, and missing inputs, bad models or
methods, a missing IDF file, an existing output and a missing Java are one ``Error:`` line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _lines(path: Path) -> list[str]:
    """Lines as Spark splits them: at newlines only (``str.splitlines`` also splits at
    U+2028 and other separators, which the People's Daily text contains)."""
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _read_jsonl(folder: Path) -> list[dict]:
    rows = []
    for part in sorted(folder.glob("part-*")):
        rows += [json.loads(line) for line in _lines(part)]
    return sorted(rows, key=lambda r: (r["file"], r["line"]))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, pd98, mixed) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("spark-in")
    a, b = folder / "a.txt", folder / "b.txt"
    a.write_text("\n".join(pd98[:300]) + "\n", encoding="utf-8")
    b.write_text("\n".join(mixed) + "\n", encoding="utf-8")
    return a, b


def _expected(paths: tuple[Path, ...], api) -> list[tuple[str, int, str, object]]:
    rows = []
    for path in paths:
        lines = _lines(path)
        rows += [
            (path.name, i, t, r) for i, (t, r) in enumerate(zip(lines, api(lines), strict=True), 1)
        ]
    return rows


def _got(folder: Path, column: str) -> list[tuple[str, int, str, object]]:
    return [(Path(r["file"]).name, r["line"], r["text"], r[column]) for r in _read_jsonl(folder)]


def _cut(lines):
    from nlptk.segment import Segmenter

    seg = Segmenter()
    return [seg.cut(t) for t in lines]


@pytest.mark.parametrize("partitions", [None, 8])
def test_job_segment_rows_keep_file_and_line(spark, inputs, tmp_path, partitions):
    """Small splits (maxPartitionBytes) put one file in several partitions: line numbers
    still count from 1 in each file; a glob that names a file again reads it once."""
    out = tmp_path / "out"
    args = ["spark", "segment", str(inputs[0]), str(inputs[0].parent / "*.txt"), "-o", str(out)]
    if partitions:
        args += ["--partitions", str(partitions)]
    spark.conf.set("spark.sql.files.maxPartitionBytes", "8192")
    try:
        result = runner.invoke(app, args)
    finally:
        spark.conf.unset("spark.sql.files.maxPartitionBytes")
    assert result.exit_code == 0, result.output
    assert _got(out, "words") == _expected(inputs, _cut)


def _entities(lines):
    from nlptk.ner import Recognizer

    return [
        [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in a.entities]
        for a in Recognizer().analyze(lines)
    ]


def _sentiments(lines):
    from nlptk.sentiment import build_analyzer

    return [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in build_analyzer("lexicon", "auto").predict(lines)
    ]


def _tagged(lines):
    from nlptk.pos import Tagger

    tagger = Tagger()
    return [
        [{"word": t.text, "tag": t.tag, "start": t.start, "end": t.end} for t in tagger.tag(x)]
        for x in lines
    ]


def _textrank_top5(lines):
    from nlptk.keywords import TextRankExtractor

    extractor = TextRankExtractor()
    return [[{"word": k.word, "weight": k.weight} for k in extractor.extract(x, 5)] for x in lines]


@pytest.mark.parametrize(
    ("args", "column", "api"),
    [
        (["ner"], "entities", _entities),
        (["sentiment"], "sentiment", _sentiments),
        (["pos"], "tokens", _tagged),
        (["keywords", "--method", "textrank", "-k", "5"], "keywords", _textrank_top5),
    ],
    ids=["ner", "sentiment", "pos", "keywords"],
)
def test_job_tasks_equal_api(spark, inputs, tmp_path, args, column, api):
    out = tmp_path / "out"
    result = runner.invoke(app, ["spark", *args, *map(str, inputs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert _got(out, column) == _expected(inputs, api)


@pytest.mark.parametrize("stop", ["学生\n北京\n"])
def test_job_keywords_parquet_with_shipped_files(spark, inputs, tmp_path, stop):
    """--idf and --stop-words files reach the executors; parquet rows as the API gives."""
    from nlptk.keywords import IDFTable, TfidfExtractor, read_stop_words

    idf, stop_file = tmp_path / "job_idf.txt", tmp_path / "job_stop.txt"
    idf.write_text("北京 2.0\n学生 5.0\n学习 1.0\n", encoding="utf-8")
    stop_file.write_text(stop, encoding="utf-8")
    out = tmp_path / "out"
    args = ["spark", "keywords", str(inputs[1]), "-o", str(out), "--format", "parquet"]
    args += ["--idf", str(idf), "--stop-words", str(stop_file), "-k", "0"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = sorted(spark.read.parquet(str(out)).collect(), key=lambda r: r.line)
    extractor = TfidfExtractor(idf=IDFTable.load(idf), stop_words=read_stop_words(stop.split()))
    assert [[(k.word, k.weight) for k in r.keywords] for r in rows] == [
        [(k.word, k.weight) for k in extractor.extract(x, None)] for x in _lines(inputs[1])
    ]


def test_job_parquet_and_offsets(spark, inputs, tmp_path):
    out = tmp_path / "out"
    args = ["spark", "segment", str(inputs[1]), "-o", str(out), "--format", "parquet", "--offsets"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    rows = sorted(spark.read.parquet(str(out)).collect(), key=lambda r: r.line)
    from nlptk.segment import Segmenter

    seg = Segmenter()
    lines = _lines(inputs[1])
    assert [[(t.word, t.start, t.end) for t in r.tokens] for r in rows] == [
        [(t.text, t.start, t.end) for t in seg.tokenize(x)] for x in lines
    ]


@pytest.mark.parametrize("reason", ["missing", "exists"])
def test_job_missing_input_or_existing_output_is_input_error(spark, inputs, tmp_path, reason):
    from nlptk.errors import InputError

    out = tmp_path / "out"
    source = str(tmp_path / "missing.txt") if reason == "missing" else str(inputs[1])
    if reason == "exists":
        out.mkdir()
    result = runner.invoke(app, ["spark", "segment", source, "-o", str(out)])
    assert isinstance(result.exception, InputError)
    want = "PATH_NOT_FOUND" if reason == "missing" else "PATH_ALREADY_EXISTS"
    assert want in str(result.exception)


def _nlptk(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=120,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["ner", "--model", "nope"], "Error: model 'nope' not found"),
        (
            ["ner", "--model", "ner-zh-pd98", "--engine", "perceptron"],
            "Error: model 'ner-zh-pd98' is a 'hmm' model, not 'perceptron'",
        ),
        (["segment", "--mode", "fast"], "Error: unknown mode 'fast'"),
        (["sentiment", "--method", "x"], "Error: unknown method 'x'"),
        (["segment", "--format", "csv"], "Error: unknown format 'csv'"),
        (["keywords", "--method", "x"], "Error: unknown method 'x'; choose one of tfidf, textrank"),
        (["keywords", "--idf", "/nonexistent/i.txt"], "Error: /nonexistent/i.txt: no such file"),
        (["pos", "--model", "nope"], "Error: model 'nope' not found"),
    ],
)
def test_job_bad_option_one_error_line_before_spark_starts(tmp_path, args, message):
    proc = _nlptk("spark", *args, "in.txt", "-o", str(tmp_path / "out"))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(message) and "Traceback" not in proc.stderr


@pytest.mark.parametrize("java_home", ["", "/nonexistent"])
def test_job_without_java_one_error_line(tmp_path, java_home):
    pytest.importorskip("pyspark")
    bin_dir = Path(sys.executable).parent  # no java on this PATH
    env = {"PATH": str(bin_dir), "JAVA_HOME": java_home}
    proc = _nlptk("spark", "segment", "in.txt", "-o", str(tmp_path / "out"), env=env)
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "Error: Java not found: Spark needs Java 17 or later",
        "Hint: install a JDK or JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) or set "
        "JAVA_HOME",
    ]
