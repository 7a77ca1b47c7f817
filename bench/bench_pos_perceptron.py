"""bench: the perceptron POS tagger (``pos-zh-pd98``) next to jieba's posseg algorithm
(``nlptk.pos.Tagger``) and ``jieba.posseg`` itself, in the same run.

    python bench/bench_pos_perceptron.py [--lines 3000] [--runs 3]

Input: the first ``--lines`` lines of People's Daily 1998 raw text (bench/data/pd98.txt).
All three cut and tag raw text (the perceptron through its ``pd98-perceptron`` segmenter);
``perceptron_tag_only`` times the perceptron on the words its segmenter gave, to show what
tagging costs beside segmentation. Runs alternate; the median of ``--runs`` after one
warm-up is reported as chars/s and written to bench/results/pos_perceptron.json. Loading is
timed apart (``load_s``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from _common import ROOT, commit, machine, median_times
from bench_segment import pd98_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    import jieba
    import jieba.posseg

    from nlptk import __version__
    from nlptk.pos import Tagger
    from nlptk.pos.perceptron import PerceptronTagger

    jieba.setLogLevel(60)
    with open(pd98_corpus(), encoding="utf-8") as f:
        lines = [line.rstrip("\n") for _, line in zip(range(args.lines), f, strict=False)]
    load = {}
    start = time.perf_counter()
    perceptron = PerceptronTagger.load("pos-zh-pd98")
    perceptron.segmenter.cut("预热")
    load["perceptron"] = time.perf_counter() - start
    start = time.perf_counter()
    posseg = Tagger()
    posseg.pairs("预热")
    load["nlptk_posseg"] = time.perf_counter() - start
    start = time.perf_counter()
    jieba.posseg.lcut("预热")
    load["jieba_posseg"] = time.perf_counter() - start
    words = [perceptron.segmenter.cut(t) for t in lines]
    funcs = {
        "perceptron": lambda: [perceptron.pairs(t) for t in lines],
        "perceptron_tag_only": lambda: [perceptron.tag_words(w) for w in words],
        "nlptk_posseg": lambda: [posseg.pairs(t, True) for t in lines],
        "jieba_posseg": lambda: [jieba.posseg.lcut(t, HMM=True) for t in lines],
    }
    chars = sum(map(len, lines))
    secs = median_times(funcs, args.runs)
    results = {
        name: {"chars_per_s": round(chars / s), "seconds": round(s, 3)} for name, s in secs.items()
    }
    for name, row in results.items():
        print(f"{name}: {row['chars_per_s']} chars/s", file=sys.stderr)
    record = {
        "benchmark": "pos_perceptron",
        "commit": commit(),
        "machine": machine(),
        "versions": {"nlptk": __version__, "jieba": jieba.__version__},
        "lines": len(lines),
        "chars": chars,
        "runs": args.runs,
        "load_s": {k: round(v, 3) for k, v in load.items()},
        "results": results,
    }
    out = ROOT / "bench" / "results" / "pos_perceptron.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
