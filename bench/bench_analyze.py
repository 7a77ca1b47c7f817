"""bench: ``nlptk analyze`` — seg+pos+ner in one pass with the perceptron models, on one
core, beside its parts; and how often an entity edge moved a word boundary.

    python bench/bench_analyze.py [--lines 2000] [--runs 5] [--models default|pd98]

``--models default``: what ``nlptk analyze`` runs by default (``zh-seg``, ``pos-zh``,
``ner-zh``); ``pd98``: the PKU-standard set (``pd98-perceptron``, ``pos-zh-pd98``,
``ner-zh-pd98-perceptron``). Results go to bench/results/analyze[-pd98].json.

Input: the held-out tenth of People's Daily 1998 raw text (the last 10% of the lines of
bench/data/pd98.txt, as the perceptron benches use), its first ``--lines`` lines. Timed,
interleaved round by round (median of ``--runs`` after a warm-up, wall and CPU seconds),
all in this process (one core: the perceptron kernels are single-threaded):

- ``pipeline``: ``Pipeline("seg,pos,ner").analyze_batch`` over batches of 256 lines;
- ``pipeline_jsonl``: the same, each ``Doc`` written as ``nlptk analyze --format jsonl``;
- ``seg``, ``pos_tag_only``, ``ner``: the parts alone (the segmenter's ``tokenize``, the
  tagger's ``tag_words`` on those words, the recogniser's ``entities_batch``).

The consistency figures compare the pipeline's output with the three single commands'
with the same models (``segment --model``, ``pos --model``, ``ner --model``): entities
must be equal; words and tags differ only where an entity edge fell inside a word, which is
split there (counted).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time

from _common import ROOT, commit, machine
from bench_segment import pd98_corpus


def held_out(lines: int) -> list[str]:
    """The first ``lines`` non-empty lines of PD98's last tenth."""
    with open(pd98_corpus(), encoding="utf-8") as f:
        text = [line.rstrip("\n") for line in f if line.strip()]
    return text[len(text) - len(text) // 10 :][:lines]


def timed(funcs: dict, runs: int) -> tuple[dict, dict]:
    """Median wall and CPU seconds of each function, calls interleaved round by round
    after one warm-up round. The CPU time is this process's alone: on a shared machine
    the wall time also counts the waits for a core, the CPU time does not."""
    for func in funcs.values():
        func()
    wall: dict[str, list[float]] = {name: [] for name in funcs}
    cpu: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            w, c = time.perf_counter(), time.process_time()
            func()
            wall[name].append(time.perf_counter() - w)
            cpu[name].append(time.process_time() - c)
    med = statistics.median
    return {k: med(v) for k, v in wall.items()}, {k: med(v) for k, v in cpu.items()}


#: --models: (segmenter, POS model, NER model); None = the default NER model.
MODELS = {
    "default": (None, None, None),
    "pd98": ("pd98-perceptron", "pos-zh-pd98", "ner-zh-pd98-perceptron"),
}


def consistency(pipeline, lines: list[str], models: tuple) -> dict:  # noqa: ANN001
    """The pipeline against the single commands' engines (the same models), line by line."""
    from nlptk.ner import Recognizer
    from nlptk.pipeline.pipeline import POS_MODEL, SEG_MODEL
    from nlptk.pos import load_tagger
    from nlptk.segment import Segmenter

    seg = Segmenter.load(models[0] or SEG_MODEL)
    pos = load_tagger(models[1] or POS_MODEL)
    ner = Recognizer(engine="perceptron", model=models[2])
    counts = dict.fromkeys(
        ("words", "words_equal", "words_split", "tags_equal_on_unsplit", "entities"), 0
    )
    counts["entities_equal_lines"] = 0
    for doc, text in zip(pipeline.analyze_batch(lines), lines, strict=True):
        ours = {(t.start, t.end): t.tag for t in doc.tokens}
        theirs = [(t.start, t.end) for t in seg.tokenize(text)]
        tags = dict(zip(theirs, (tag for _, tag in pos.pairs(text)), strict=True))
        counts["words"] += len(theirs)
        for span in theirs:
            if span in ours:
                counts["words_equal"] += 1
                counts["tags_equal_on_unsplit"] += ours[span] == tags[span]
            else:
                counts["words_split"] += 1
        ents = [(e.text, e.label, e.start, e.end) for e in ner.entities(text)]
        counts["entities"] += len(ents)
        counts["entities_equal_lines"] += ents == [
            (e.text, e.label, e.start, e.end) for e in doc.entities
        ]
    counts["lines"] = len(lines)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--models", choices=sorted(MODELS), default="default")
    args = parser.parse_args()

    from nlptk import __version__
    from nlptk.doc import format_doc
    from nlptk.parallel import batched
    from nlptk.pipeline import Pipeline

    lines = held_out(args.lines)
    chars = sum(map(len, lines))
    start = time.perf_counter()
    models = MODELS[args.models]
    chosen = dict(zip(("seg_model", "pos_model", "ner_model"), models, strict=True))
    pipeline = Pipeline("seg,pos,ner", **{k: v for k, v in chosen.items() if v}).preload()
    load_s = time.perf_counter() - start
    batches = list(batched(lines, 256))
    seg, tagger, rec = pipeline.segmenter, pipeline.tagger, pipeline.recognizer
    words = [[t.text for t in seg.tokenize(line)] for line in lines]

    def run() -> None:
        for batch in batches:
            pipeline.analyze_batch(batch)

    def run_jsonl() -> None:
        for batch in batches:
            "".join(format_doc(d, "jsonl") + "\n" for d in pipeline.analyze_batch(batch))

    funcs = {
        "pipeline": run,
        "pipeline_jsonl": run_jsonl,
        "seg": lambda: [seg.tokenize(line) for line in lines],
        "pos_tag_only": lambda: [tagger.tag_words(w) for w in words],
        "ner": lambda: [rec.entities_batch(b) for b in batches],
    }
    wall, cpu = timed(funcs, args.runs)
    results = {
        name: {
            "chars_per_s": round(chars / wall[name]),
            "chars_per_cpu_s": round(chars / cpu[name]),
            "seconds": round(wall[name], 4),
            "cpu_seconds": round(cpu[name], 4),
        }
        for name in funcs
    }
    parts = [sum(t[k] for k in ("seg", "pos_tag_only", "ner")) for t in (wall, cpu)]
    results["parts_summed"] = {
        "chars_per_s": round(chars / parts[0]),
        "chars_per_cpu_s": round(chars / parts[1]),
    }
    pipeline.stats.clear()
    counts = consistency(pipeline, lines, models)
    counts["edges"] = pipeline.stats["edges"]
    counts["pieces"] = pipeline.stats["pieces"]
    for name, row in results.items():
        print(
            f"{name}: {row['chars_per_s']:,} chars/s wall, {row['chars_per_cpu_s']:,} per CPU s",
            file=sys.stderr,
        )
    print(f"consistency: {counts}", file=sys.stderr)
    record = {
        "benchmark": "analyze",
        "commit": commit(),
        "machine": machine(),
        "versions": {"nlptk": __version__},
        "lines": len(lines),
        "chars": chars,
        "runs": args.runs,
        "models": args.models,
        "load_avg_1m_end": round(os.getloadavg()[0], 2),
        "load_s": round(load_s, 3),
        "results": results,
        "consistency": counts,
    }
    suffix = "" if args.models == "default" else f"-{args.models}"
    out = ROOT / "bench" / "results" / f"analyze{suffix}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
