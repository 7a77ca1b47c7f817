"""Helpers every benchmark script shares: timing, and the record of where it ran."""

from __future__ import annotations

import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The scripts measure this checkout, whether or not nlptk is installed.
sys.path.insert(0, str(ROOT))


def median_time(func: Callable[[], object], runs: int, warmup: int = 1) -> float:
    """Median wall seconds of ``runs`` calls after ``warmup`` untimed ones."""
    for _ in range(warmup):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_times(funcs: dict[str, Callable[[], object]], runs: int, warmup: int = 1) -> dict:
    """``median_time`` of each function, their calls interleaved round by round, so a change
    of load on the machine hits all of them alike and their ratios hold."""
    for _ in range(warmup):
        for func in funcs.values():
            func()
    times: dict[str, list[float]] = {name: [] for name in funcs}
    for _ in range(runs):
        for name, func in funcs.items():
            start = time.perf_counter()
            func()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(t) for name, t in times.items()}


def machine() -> dict:
    """Platform, CPU model, core count and the 1-minute load (a busy machine skews timings)."""
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            cpu = next(line.split(":", 1)[1].strip() for line in f if "model name" in line)
    except (OSError, StopIteration):
        pass
    return {
        "platform": platform.platform(),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "load_avg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "python": platform.python_version(),
    }


def commit() -> str:
    """The short hash of the checked-out commit, or ``unknown`` outside a git checkout."""
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True)
        return out.stdout.decode().strip() or "unknown"
    except OSError:
        return "unknown"
