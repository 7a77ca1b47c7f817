"""Sentiment speed: documents per second of every method, beside snownlp (Chinese) and
TextBlob (English) in the same run.

Corpora: the first N documents of ChnSentiCorp test and SST-2 test from ../shared/data
(or $NLPTK_SHARED_DATA). Construction (loading a model or lexicon) is timed apart from
prediction; prediction is the median of --runs runs after one warm-up run. Writes JSON to
bench/results/. No assertions: this measures, tests check.

    python bench/bench_sentiment.py [--docs 300] [--runs 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import time
from importlib.metadata import version
from pathlib import Path

from _common import commit, machine

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlptk.sentiment.data import load_labelled  # noqa: E402
from nlptk.sentiment.methods import build_analyzer  # noqa: E402

CORPORA = {
    "zh": ("chnsenticorp/test.tsv", "tsv", ["lexicon", "nb", "maxent", "svm", "nbsvm", "snownlp"]),
    "en": ("sst2/stsa.binary.test", "sst", ["lexicon", "nb", "maxent", "svm", "nbsvm", "textblob"]),
}
PEER = {"zh": "snownlp", "en": "textblob"}


def _bench(method: str, lang: str, texts: list[str], runs: int) -> dict:
    start = time.perf_counter()
    analyzer = build_analyzer(method, lang)
    analyzer.predict(texts[:1])  # lazy loads (segmenter dictionary, lexicon) count as setup
    setup = time.perf_counter() - start
    analyzer.predict(texts)  # warm-up
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        analyzer.predict(texts)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)
    chars = sum(map(len, texts))
    return {
        "setup_s": round(setup, 3),
        "median_s": round(median, 4),
        "docs_per_s": round(len(texts) / median, 1),
        "chars_per_s": round(chars / median),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = Path(os.environ.get("NLPTK_SHARED_DATA", ROOT.parent / "shared" / "data"))
    if not (data / "sentiment").is_dir():
        sys.exit(f"bench_sentiment: {data}/sentiment not found (set NLPTK_SHARED_DATA)")
    results: dict = {}
    for lang, (rel, fmt, methods) in CORPORA.items():
        texts = [d.text for d in load_labelled(str(data / "sentiment" / rel), fmt)][: args.docs]
        rows = {m: _bench(m, lang, texts, args.runs) for m in methods}
        peer = rows[PEER[lang]]["docs_per_s"]
        for row in rows.values():
            row["vs_peer"] = round(row["docs_per_s"] / peer, 2)
        results[lang] = {"corpus": rel, "docs": len(texts), "peer": PEER[lang], "methods": rows}
        for m, row in rows.items():
            print(
                f"{lang} {m:9s} {row['docs_per_s']:>9.1f} docs/s  x{row['vs_peer']:<6} "
                f"setup {row['setup_s']:.2f}s",
                file=sys.stderr,
            )
    record = {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": commit(),
        "machine": machine(),
        "versions": {
            p: version(p) for p in ("numpy", "scikit-learn", "snownlp", "textblob", "jieba")
        },
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"sentiment-{dt.date.today().isoformat()}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
