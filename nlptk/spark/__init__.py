"""spark: scale-out on Apache Spark — column functions over pandas UDFs (``segment``,
``tokenize``, ``pos``, ``keywords``, ``ner``, ``sentiment``) that give what the
single-process API gives, and the file job behind ``nlptk spark``. Needs the ``spark``
extra and Java 17+.

>>> from nlptk.spark import segment, session  # doctest: +SKIP
>>> df = session("local[2]").createDataFrame([("我来到北京清华大学",)], ["text"])  # doctest: +SKIP
>>> df.select(segment("text").alias("words")).first().words  # doctest: +SKIP
['我', '来到', '北京', '清华大学']

Modules: ``tasks`` (what a column runs; no pyspark), ``columns`` (the pandas UDFs, files
shipped with the job), ``job`` (the session, numbered lines, the file job).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = [
    "segment",
    "tokenize",
    "pos",
    "keywords",
    "ner",
    "sentiment",
    "session",
    "read_lines",
    "run_job",
    "JobSettings",
    "TASKS",
]

if TYPE_CHECKING:
    from nlptk.spark.columns import keywords, ner, pos, segment, sentiment, tokenize
    from nlptk.spark.job import JobSettings, read_lines, run_job, session
    from nlptk.spark.tasks import TASKS

__getattr__ = lazy_getattr(
    __name__,
    {
        **dict.fromkeys(["segment", "tokenize", "pos", "keywords", "ner", "sentiment"], "columns"),
        **dict.fromkeys(["session", "read_lines", "run_job", "JobSettings"], "job"),
        "TASKS": "tasks",
    },
)
__dir__ = lazy_dir(__all__)
