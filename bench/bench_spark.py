"""Benchmark: the Spark job (``nlptk spark segment``) on local[1] and local[2] against the
streaming CLI (``nlptk segment -j 1`` / ``-j 2``) on People's Daily 1998 ×16, and the pandas
UDF's per-row overhead against the plain API for several Arrow batch sizes.

    python bench/bench_spark.py [--runs 2] [--times 16]

Measured, interleaved (one run of every command per round), medians of ``--runs`` rounds:

- each command's wall time on the ×16 file; for the Spark job also on a one-line file — its
  fixed cost (JVM and Python worker start, model load, job planning) — and the difference,
  the time the lines themselves take;
- in one warm ``local[1]`` session: ``segment("text")`` over the corpus into Spark's
  ``noop`` sink for each ``spark.sql.execution.arrow.maxRecordsPerBatch``, against
  ``Segmenter.cut`` over the same lines in this process: the per-row overhead in µs.

The JSON result goes to bench/results/spark-<commit>.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

from _common import ROOT, commit, machine, median_time
from bench_segment import ENV, pd98_corpus, repeated

QUIET = ["--conf", "spark.ui.showConsoleProgress=false", "--conf", "spark.log.level=ERROR"]
BATCHES = (1_000, 10_000, 50_000)


def wall(cmd: list[str]) -> float:
    """Wall seconds of one child process, output discarded."""
    start = time.perf_counter()
    subprocess.run(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV, cwd=ROOT, check=True
    )
    return time.perf_counter() - start


def spark_cmd(master: str, source: Path, out: Path) -> list[str]:
    nlptk = [sys.executable, "-m", "nlptk", "spark", "segment", str(source), "-o", str(out)]
    return [*nlptk, "--master", master, "--overwrite", *QUIET]


def commands(corpus: Path, one_line: Path, out: Path) -> dict[str, list[str]]:
    cli = [sys.executable, "-m", "nlptk", "segment"]
    found = {f"cli_j{j}": [*cli, "-j", str(j), str(corpus)] for j in (1, 2)}
    for n in (1, 2):
        found[f"spark_local{n}"] = spark_cmd(f"local[{n}]", corpus, out)
        found[f"spark_local{n}_fixed"] = spark_cmd(f"local[{n}]", one_line, out)
    return found


def udf_overhead(corpus: Path, runs: int) -> dict:
    """Per-row cost of the UDF path over the plain API, for each Arrow batch size."""
    from nlptk.segment import Segmenter
    from nlptk.spark import segment, session

    lines = corpus.read_text(encoding="utf-8").split("\n")[:-1]
    seg = Segmenter()
    api_s = median_time(lambda: [seg.cut(t) for t in lines], runs)
    conf = [("spark.ui.showConsoleProgress", "false"), ("spark.log.level", "ERROR")]
    spark = session("local[1]", conf)
    df = spark.read.text(str(corpus)).cache()
    df.count()
    scan_s = median_time(lambda: df.write.format("noop").mode("overwrite").save(), runs)
    out: dict = {"rows": len(lines), "api_s": api_s, "cached_scan_s": scan_s, "by_batch": {}}
    for batch in BATCHES:
        spark.conf.set("spark.sql.execution.arrow.maxRecordsPerBatch", str(batch))
        query = df.select(segment("value").alias("words"))
        udf_s = median_time(lambda q=query: q.write.format("noop").mode("overwrite").save(), runs)
        out["by_batch"][str(batch)] = {
            "udf_s": udf_s,
            "overhead_us_per_row": (udf_s - scan_s - api_s) / len(lines) * 1e6,
            "udf_vs_api": udf_s / api_s,
        }
    spark.stop()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--times", type=int, default=16)
    args = parser.parse_args()
    base = pd98_corpus()
    corpus = repeated(base, args.times)
    tmp = Path(tempfile.mkdtemp(prefix="bench-spark-"))
    try:
        one_line = tmp / "one.txt"
        one_line.write_text("我来到北京清华大学\n", encoding="utf-8")
        cmds = commands(corpus, one_line, tmp / "out")
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                times[name].append(wall(cmd))
        overhead = udf_overhead(base, args.runs)
    finally:
        shutil.rmtree(tmp)
    wall_s = {name: statistics.median(t) for name, t in times.items()}
    chars = len(corpus.read_text(encoding="utf-8"))
    work = {n: wall_s[f"spark_local{n}"] - wall_s[f"spark_local{n}_fixed"] for n in (1, 2)}
    result = {
        "corpus": {"file": corpus.name, "chars": chars, "bytes": corpus.stat().st_size},
        "wall_s": wall_s,
        "all_runs_s": times,
        "spark_fixed_s": {f"local{n}": wall_s[f"spark_local{n}_fixed"] for n in (1, 2)},
        "spark_work_s": {f"local{n}": work[n] for n in (1, 2)},
        "chars_per_s": {name: chars / s for name, s in wall_s.items() if "fixed" not in name},
        "ratios": {
            "spark_local1_vs_cli_j1": wall_s["spark_local1"] / wall_s["cli_j1"],
            "spark_local2_vs_cli_j2": wall_s["spark_local2"] / wall_s["cli_j2"],
            "spark_work_local1_vs_cli_j1": work[1] / wall_s["cli_j1"],
            "spark_work_local2_vs_cli_j2": work[2] / wall_s["cli_j2"],
            "spark_local2_speedup_over_local1": wall_s["spark_local1"] / wall_s["spark_local2"],
            "spark_work_local2_speedup_over_local1": work[1] / work[2],
        },
        "udf_overhead": overhead,
        "meta": {
            "commit": commit(),
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "machine": machine(),
            "shared": "2 cores shared with other helpers' builds and tests during the run",
            "versions": {"nlptk": version("nlptk"), "pyspark": version("pyspark")},
            "runs": args.runs,
        },
    }
    out = ROOT / "bench" / "results" / f"spark-{commit()}.json"
    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("wall_s", "ratios")}, indent=1))
    print(f"wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
