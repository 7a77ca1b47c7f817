"""bench: ``nlptk serve`` under load — 16 concurrent clients for 60 s against a live server on
127.0.0.1: requests/s, p50/p99 latency, errors, and the workers' RSS over the run.

    python bench/bench_serve.py [--clients 16] [--seconds 60] [--workers 1] [--texts 1]

Each client keeps one HTTP/1.1 connection (``http.client``) and posts, back to back,
``/analyze`` with ``--texts`` lines of the held-out tenth of People's Daily 1998 (the lines
of bench_analyze.py, in turn) and the tasks seg,pos,ner. The server is
``python -m nlptk serve --tasks seg,pos,ner --workers N`` with its defaults otherwise.
Every answer is checked (status 200, one doc per text, the text echoed); anything else is
an error. The workers' RSS is read from /proc once a second. The clients run in this
process, on the same machine as the server: they share its cores. Writes
bench/results/serve.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from _common import ROOT, commit, machine
from bench_analyze import held_out


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> dict[str, float] | None:
    """A process's resident memory in MB: all of it, its private (anonymous) part, and the
    part that maps files (the models' weights: shared between processes, and resident as
    the text touches their pages)."""
    fields = {"VmRSS:": "rss", "RssAnon:": "anon", "RssFile:": "file"}
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            found = {
                fields[line.split()[0]]: int(line.split()[1]) / 1024
                for line in f
                if line.split()[:1] and line.split()[0] in fields
            }
        return found if len(found) == 3 else None
    except OSError:
        return None


def _workers(pid: int) -> list[int]:
    """The worker processes of uvicorn's supervisor ``pid`` (its children but the
    resource tracker that spawning starts)."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children", encoding="ascii") as f:
            children = [int(x) for x in f.read().split()]
    except OSError:
        return []
    out = []
    for child in children:
        with open(f"/proc/{child}/cmdline", "rb") as f:
            if b"resource_tracker" not in f.read():
                out.append(child)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--texts", type=int, default=1, help="texts per request")
    args = parser.parse_args()

    lines = held_out(2000)
    port = _port()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "nlptk", "serve", "--port", str(port), "--tasks", "seg,pos,ner"]
    server = subprocess.Popen(
        [*cmd, "--workers", str(args.workers)], env=env, stderr=subprocess.DEVNULL
    )
    start = time.perf_counter()
    while True:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/health")
            if conn.getresponse().status == 200:
                break
        except OSError:
            if server.poll() is not None or time.perf_counter() - start > 600:
                sys.exit(f"the server did not start (exit code {server.returncode})")
            time.sleep(0.5)
    load_s = time.perf_counter() - start
    workers = [server.pid] if args.workers == 1 else _workers(server.pid)

    latencies: list[float] = []
    errors: list[str] = []
    chars = [0]
    lock = threading.Lock()
    stop = time.perf_counter() + args.seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        i = k * 97
        while time.perf_counter() < stop:
            texts = [lines[(i + j) % len(lines)] for j in range(args.texts)]
            i += args.texts
            body = json.dumps({"texts": texts, "tasks": ["seg", "pos", "ner"]}).encode()
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/analyze", body, {"content-type": "application/json"})
                resp = conn.getresponse()
                data = resp.read()
                ok = resp.status == 200 and [d["text"] for d in json.loads(data)["docs"]] == texts
                problem = None if ok else f"status {resp.status}: {data[:100]!r}"
            except (OSError, http.client.HTTPException, ValueError) as exc:
                problem = repr(exc)
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            took = time.perf_counter() - t0
            with lock:
                if problem is None:
                    latencies.append(took)
                    chars[0] += sum(map(len, texts))
                else:
                    errors.append(problem)
        conn.close()

    rss: dict[int, list[dict[str, float]]] = {pid: [] for pid in workers}
    threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
    begun = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        for pid in workers:
            mb = _rss_mb(pid)
            if mb is not None:
                rss[pid].append(mb)
        time.sleep(1.0)
    elapsed = time.perf_counter() - begun
    server.send_signal(signal.SIGTERM)
    code = server.wait(120)

    lat = sorted(latencies)
    pct = statistics.quantiles(lat, n=100) if len(lat) > 1 else [float("nan")] * 99
    result = {
        "requests": len(lat),
        "errors": len(errors),
        "first_errors": errors[:5],
        "requests_per_s": round(len(lat) / elapsed, 1),
        "chars_per_s": round(chars[0] / elapsed),
        "latency_ms": {
            "p50": round(pct[49] * 1000, 1),
            "p90": round(pct[89] * 1000, 1),
            "p99": round(pct[98] * 1000, 1),
            "max": round(lat[-1] * 1000, 1) if lat else None,
        },
        "rss_mb": {
            str(pid): {
                kind: {
                    "first": round(v[0][kind], 1),
                    "after_10s": round(v[min(10, len(v) - 1)][kind], 1),
                    "last": round(v[-1][kind], 1),
                    "max": round(max(x[kind] for x in v), 1),
                }
                for kind in ("rss", "anon", "file")
            }
            for pid, v in rss.items()
            if v
        },
        "server_exit_code": code,
    }
    print(json.dumps(result, indent=2), file=sys.stderr)
    from nlptk import __version__

    record = {
        "benchmark": "serve",
        "commit": commit(),
        "machine": machine(),
        "load_avg_1m_end": round(os.getloadavg()[0], 2),
        "versions": {"nlptk": __version__},
        "clients": args.clients,
        "seconds": args.seconds,
        "workers": args.workers,
        "texts_per_request": args.texts,
        "server_load_s": round(load_s, 1),
        "result": result,
    }
    name = f"serve-w{args.workers}" + (f"-texts{args.texts}" if args.texts != 1 else "") + ".json"
    out = ROOT / "bench" / "results" / name
    out.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    main()
