"""bench: ``nlptk.pos.Tagger`` against ``jieba.posseg`` (HMM on and off), and
``nlptk.keywords`` against ``jieba.analyse`` (TF-IDF, TextRank, top 20), in the same run.

    python bench/bench_pos.py [--lines 3000] [--runs 3]

Input: the first ``--lines`` lines of People's Daily 1998 raw text (bench/data/pd98.txt;
for keywords its lines of 20+ characters). Runs of ours and jieba's alternate; the median
of ``--runs`` after one warm-up is reported, as chars/s, and written to
bench/results/pos.json with the commit and the machine's load at the start and the end.
Construction (dictionary and HMM loading) is not timed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

from _common import ROOT, commit, machine, median_times
from bench_segment import pd98_corpus


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    load_start = os.getloadavg()[0]

    import jieba
    import jieba.analyse
    import jieba.posseg

    from nlptk import __version__
    from nlptk.keywords import TextRankExtractor, TfidfExtractor
    from nlptk.keywords.extract import _ckeywords
    from nlptk.pos import Tagger

    jieba.setLogLevel(60)
    with open(pd98_corpus(), encoding="utf-8") as f:
        lines = [line.rstrip("\n") for _, line in zip(range(args.lines), f, strict=False)]
    docs = [line for line in lines if len(line) >= 20]
    tagger = Tagger()
    tfidf, textrank = TfidfExtractor(tagger.segmenter), TextRankExtractor(tagger)
    jieba.posseg.lcut("预热")
    cases = {
        "posseg_hmm": (
            lines,
            lambda: [tagger.pairs(t, True) for t in lines],
            lambda: [jieba.posseg.lcut(t, HMM=True) for t in lines],
        ),
        "posseg_no_hmm": (
            lines,
            lambda: [tagger.pairs(t, False) for t in lines],
            lambda: [jieba.posseg.lcut(t, HMM=False) for t in lines],
        ),
        "keywords_tfidf": (
            docs,
            lambda: [tfidf.extract(t, 20) for t in docs],
            lambda: [jieba.analyse.extract_tags(t, topK=20, withWeight=True) for t in docs],
        ),
        "keywords_textrank": (
            docs,
            lambda: [textrank.extract(t, 20) for t in docs],
            lambda: [jieba.analyse.textrank(t, topK=20, withWeight=True) for t in docs],
        ),
    }
    results = {}
    for name, (texts, ours, theirs) in cases.items():
        chars = sum(map(len, texts))
        secs = median_times({"nlptk": ours, "jieba": theirs}, args.runs)
        row = {
            "texts": len(texts),
            "chars": chars,
            "chars_per_s": {k: round(chars / v) for k, v in secs.items()},
            "speedup_vs_jieba": round(secs["jieba"] / secs["nlptk"], 1),
        }
        results[name] = row
        print(f"{name}: {row['chars_per_s']} ×{row['speedup_vs_jieba']}", file=sys.stderr)
    record = {
        "benchmark": "pos",
        "commit": commit(),
        "machine": machine(),
        "load_avg_1m_start": load_start,
        "versions": {"nlptk": __version__, "jieba": jieba.__version__},
        "kernel": tagger.segmenter.kernel,
        "keywords_kernel": "compiled" if _ckeywords is not None else "python",
        "runs": args.runs,
        "results": results,
    }
    out = ROOT / "bench" / "results" / "pos.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
