"""``nlptk keywords`` on one line against ``nlptk segment`` on the same line, warm cache.

    python bench/bench_keywords_startup.py [--runs 15]

Each command runs as its own process (``python -m nlptk``, this checkout), the two
interleaved run by run so a change of load hits both alike, after one warm-up run each that
fills the per-user cache (the dictionary, and for keywords the IDF table). Prints the
median wall seconds of each and their difference (the price of keywords over segmentation
on a one-line input, which issue 24 asks to keep within 0.15 s) and writes them to
``bench/results/keywords-startup.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

from _common import ROOT, commit, machine, median_times

LINE = "小明硕士毕业于中国科学院计算所，后在日本京都大学深造\n"


def _command(*args: str):  # noqa: ANN202
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run() -> None:
        proc = subprocess.run(
            [sys.executable, "-m", "nlptk", *args],
            input=LINE,
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        if proc.returncode or not proc.stdout.strip():
            raise SystemExit(f"nlptk {' '.join(args)} failed: {proc.stderr}")

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    secs = median_times(
        {"segment": _command("segment"), "keywords": _command("keywords")}, args.runs
    )
    result = {
        "segment_s": round(secs["segment"], 4),
        "keywords_s": round(secs["keywords"], 4),
        "difference_s": round(secs["keywords"] - secs["segment"], 4),
        "runs": args.runs,
        "commit": commit(),
        "machine": machine(),
    }
    text = json.dumps(result, indent=2) + "\n"
    (ROOT / "bench" / "results" / "keywords-startup.json").write_text(text, encoding="utf-8")
    print(text, end="")


if __name__ == "__main__":
    main()
