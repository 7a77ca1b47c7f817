"""spark: the session and the file job behind ``nlptk spark segment|ner|sentiment`` — read
lines from anything Spark reads, number them per file, run a task column, write JSONL or
Parquet rows that keep the source file and line number.

pyspark is imported inside the functions: ``nlptk.spark.job`` is importable (and its
errors testable) where pyspark is missing.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nlptk.errors import InputError, NlptkError

if TYPE_CHECKING:
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["JOB_FORMATS", "JobSettings", "session", "read_lines", "run_job"]

#: ``--format`` choices of the job's output.
JOB_FORMATS = ("jsonl", "parquet")

_PYSPARK_HINT = 'install the Spark extra: pip install "nlptk[spark]"'


def _hinted(exc: NlptkError, hint: str) -> NlptkError:
    exc.hint = hint
    return exc


def _under_spark_submit() -> bool:
    """Whether a JVM started this interpreter (spark-submit, pyspark shell): its
    configuration then already says where Spark runs and which Python the executors use."""
    return "PYSPARK_GATEWAY_PORT" in os.environ


def _check_java() -> None:
    """Spark's JVM needs Java 17+; without it pyspark dies with a long gateway message."""
    home = os.environ.get("JAVA_HOME")
    if home and os.access(os.path.join(home, "bin", "java"), os.X_OK):
        return
    if shutil.which("java") is None:
        raise _hinted(
            NlptkError("Java not found: Spark needs Java 17 or later"),
            "install a JDK or JRE 17+ (e.g. apt-get install openjdk-17-jre-headless) "
            "or set JAVA_HOME",
        )


def session(
    master: str | None = None, conf: Sequence[tuple[str, str]] = (), app_name: str = "nlptk"
) -> SparkSession:
    """A SparkSession whose Python workers run this interpreter (so they import this nlptk).

    ``master`` is a Spark master URL (``local[2]``, ``spark://host:7077``, ``yarn``);
    without it spark-submit's configuration applies, or ``local[*]`` outside spark-submit.
    ``conf`` pairs are set on the builder. Outside spark-submit, ``PYSPARK_PYTHON`` defaults
    to this interpreter — right for local masters, and for clusters whose nodes have the same
    path (set ``PYSPARK_PYTHON`` otherwise).

    Raises ``NlptkError`` when pyspark or Java is missing.
    """
    try:
        from pyspark.errors import PySparkRuntimeError
        from pyspark.sql import SparkSession
    except ImportError as exc:
        raise _hinted(NlptkError("pyspark is not installed"), _PYSPARK_HINT) from exc
    if not _under_spark_submit():
        _check_java()
    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if not _under_spark_submit():
        # pyspark takes the workers' interpreter from this variable, not from the
        # spark.pyspark.python setting (which only spark-submit reads)
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    for key, value in conf:
        builder = builder.config(key, value)
    try:
        return builder.getOrCreate()
    except PySparkRuntimeError as exc:
        raise NlptkError(f"Spark did not start: {_first_line(exc)}") from exc


def _first_line(exc: Exception) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def read_lines(spark: SparkSession, inputs: Sequence[str]) -> DataFrame:
    """Rows ``(file, line, text)`` of the text inputs: ``line`` counts from 1 within each
    file, whatever the split of files into partitions.

    Spark numbers no lines, so: ``_metadata.file_block_start`` tells which split of its file
    a row comes from, and ``monotonically_increasing_id`` (consecutive within a partition,
    where a split's rows are read in order) its place in the split; one small aggregate
    counts the rows of each split, and a running sum over a file's splits gives each split's
    first line. The join with that table is a broadcast: the lines are not shuffled.

    Raises ``InputError`` for an input that does not exist (or a glob matching nothing).
    """
    from pyspark.errors import AnalysisException
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    try:
        # the files once each, even when two inputs name the same file (a path and a glob)
        files = sorted(set(spark.read.text(list(inputs)).inputFiles()))
        raw = spark.read.text(files).select(
            F.col("_metadata.file_path").alias("file"),
            F.col("_metadata.file_block_start").alias("block"),
            F.monotonically_increasing_id().alias("row"),
            F.col("value").alias("text"),
        )
    except AnalysisException as exc:
        raise InputError(_first_line(exc)) from exc
    blocks = raw.groupBy("file", "block").agg(
        F.count("*").alias("rows"), F.min("row").alias("first_row")
    )
    earlier = Window.partitionBy("file").orderBy("block").rowsBetween(Window.unboundedPreceding, -1)
    blocks = blocks.withColumn("before", F.coalesce(F.sum("rows").over(earlier), F.lit(0)))
    line = F.col("before") + F.col("row") - F.col("first_row") + 1
    return raw.join(F.broadcast(blocks), ["file", "block"]).select(
        "file", line.cast("long").alias("line"), "text"
    )


@dataclass(frozen=True)
class JobSettings:
    """Where and how the job runs and writes.

    ``fmt``: ``jsonl`` or ``parquet``; ``partitions``: repartition the lines into this many
    (default: Spark's split of the inputs); ``overwrite``: replace an existing output
    directory; ``master`` and ``conf``: as for ``session``.
    """

    fmt: str = "jsonl"
    master: str | None = None
    partitions: int | None = None
    overwrite: bool = False
    conf: tuple[tuple[str, str], ...] = ()


def run_job(
    task: str,
    inputs: Sequence[str],
    output: str,
    options: dict[str, Any],
    settings: JobSettings = JobSettings(),  # noqa: B008 — frozen, so sharing it is safe
) -> None:
    """Run ``task`` (a key of ``nlptk.spark.tasks.TASKS``) over every line of ``inputs``;
    write rows ``file, line, text, <result>`` to the directory ``output``.

    Raises ``InputError`` for a missing input or an existing output (without
    ``overwrite``), and the task's own ``NlptkError`` for a bad option or unknown model —
    before any Spark stage runs.
    """
    if settings.fmt not in JOB_FORMATS:
        raise InputError(f"unknown format {settings.fmt!r}; choose one of {', '.join(JOB_FORMATS)}")
    from nlptk.spark.columns import clean_options, task_column
    from nlptk.spark.tasks import TASKS, check_options

    options = clean_options(options)
    check_options(task, options)  # before the JVM starts: a bad model fails in a moment
    # Spark logs a Java stack trace at WARN for a missing input; the Error: line says it all
    spark = session(settings.master, (("spark.log.level", "ERROR"), *settings.conf))
    from pyspark.errors import AnalysisException

    lines = read_lines(spark, inputs)
    if settings.partitions is not None:
        lines = lines.repartition(settings.partitions)
    column = task_column(task, "text", options, check=False).alias(TASKS[task].column)
    writer = lines.select("file", "line", "text", column).write
    writer = writer.mode("overwrite" if settings.overwrite else "errorifexists")
    try:
        if settings.fmt == "jsonl":
            writer.json(output, ignoreNullFields=False)
        else:
            writer.parquet(output)
    except AnalysisException as exc:
        error = InputError(_first_line(exc))
        if exc.getCondition() == "PATH_ALREADY_EXISTS":
            error.hint = "pass --overwrite to replace it"
        raise error from exc
