"""Live servers for the service tests: ``python -m nlptk serve`` in a child process on a
free port of 127.0.0.1, spoken to with a real HTTP client (``http.client``)."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

ROOT = Path(__file__).resolve().parents[2]
#: Small limits, so every error path is cheap to reach.
LIMITS = ["--max-body", "8192", "--max-texts", "4", "--max-chars", "300"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Live:
    """A server process and a client for it."""

    def __init__(self, args: list[str], timeout: float = 240.0) -> None:
        self.port = free_port()
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.log = Path(os.environ.get("TMPDIR", "/tmp")) / f"nlptk-serve-{self.port}.log"
        self._log = open(self.log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "nlptk", "serve", "--port", str(self.port), *args],
            stdout=self._log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=ROOT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {self.output()}")
            try:
                if self.request("GET", "/health")[0] == 200:
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"server did not start in {timeout} s: {self.output()}")

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        timeout: float = 60.0,
    ) -> tuple[int, dict[str, str], bytes]:
        """One request on a new connection: status, headers (lower-case names), body."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            data = raw if raw is not None else None if body is None else json.dumps(body).encode()
            hdrs = {"content-type": "application/json"} if body is not None else {}
            conn.request(method, path, body=data, headers={**hdrs, **(headers or {})})
            resp = conn.getresponse()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
        finally:
            conn.close()

    def json(self, method: str, path: str, body: Any = None, **kw: Any) -> tuple[int, Any]:
        status, headers, data = self.request(method, path, body, **kw)
        assert headers["content-type"].startswith("application/json"), (status, data[:200])
        return status, json.loads(data)

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 60.0) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()
        return self.proc.returncode


@pytest.fixture(scope="session")
def server() -> Iterator[Live]:
    """Every task loaded, small limits."""
    live = Live(LIMITS)
    yield live
    assert live.stop() == 0, live.output()


@pytest.fixture
def launch() -> Iterator[Any]:
    """Start a server of one's own: ``launch(args) -> Live``; stopped after the test."""
    started: list[Live] = []

    def start(args: list[str]) -> Live:
        started.append(Live(args))
        return started[-1]

    yield start
    for live in started:
        live.stop(signal.SIGKILL) if live.proc.poll() is None else None


@pytest.fixture
def serve_cmd() -> Any:
    """Run ``nlptk serve ARGS`` to its end (for start-up errors)."""

    def run(*args: str) -> subprocess.CompletedProcess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        cmd = [sys.executable, "-m", "nlptk", "serve", *args]
        return subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT, timeout=120)

    return run


@pytest.fixture
def port() -> int:
    return free_port()
