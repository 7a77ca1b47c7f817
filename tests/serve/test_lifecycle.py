"""The service's life: start-up errors as one ``Error:`` line, the default address, SIGTERM
with a request in flight, several workers."""

from __future__ import annotations

import os
import signal
import socket
import threading
import time

import pytest

SEG = ["--tasks", "seg"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--tasks", "parse"], "Error: unknown task 'parse'"),
        (["--tasks", "seg", "--seg-model", "no-such-model"], "Error: "),
        (["--tasks", "ner", "--ner-engine", "crf"], "Error: unknown NER engine 'crf'"),
    ],
)
def test_serve_bad_options_are_one_error_line(serve_cmd, port, args, message):
    done = serve_cmd("--port", str(port), *args)
    assert done.returncode == 1
    assert done.stderr.startswith(message) and "Traceback" not in done.stderr, done.stderr


def test_serve_port_in_use_is_one_error_line(serve_cmd):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        done = serve_cmd("--port", str(s.getsockname()[1]), *SEG)
    assert done.returncode == 1
    assert done.stderr.startswith("Error: cannot listen on 127.0.0.1:"), done.stderr


def test_serve_binds_loopback_by_default(launch):
    live = launch(SEG)
    try:
        assert f"http://127.0.0.1:{live.port}" in live.output()
        addrs = {a[4][0] for a in socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)}
        for addr in addrs - {"127.0.0.1"} - {a for a in addrs if a.startswith("127.")}:
            with pytest.raises(OSError), socket.create_connection((addr, live.port), timeout=2):
                pass
    finally:
        assert live.stop() == 0


def test_serve_sigterm_lets_the_request_in_flight_finish(launch):
    limits = ["--max-texts", "64", "--max-chars", "20000", "--max-body", "8000000"]
    live = launch([*SEG, *limits, "--grace", "120"])
    texts = ["我来到北京清华大学，" * 1000] * 32  # 320,000 characters: seconds of work
    answer: dict = {}

    def post() -> None:
        answer["result"] = live.json("POST", "/analyze", {"texts": texts}, timeout=300)

    thread = threading.Thread(target=post)
    thread.start()
    time.sleep(1.0)  # the request is in (its body is read in well under a second)
    live.proc.send_signal(signal.SIGTERM)
    thread.join(300)
    code = live.stop()
    status, body = answer["result"]
    assert status == 200 and len(body["docs"]) == 32
    assert body["docs"][0]["tokens"][0] == {"word": "我", "start": 0, "end": 1, "tag": None}
    assert code == 0, live.output()
    assert "Finished server process" in live.output()
    with pytest.raises(OSError):
        live.request("GET", "/health", timeout=2)


def test_serve_workers_share_the_port_and_stop_together(launch):
    live = launch([*SEG, "--workers", "2"])
    try:
        pids = set()
        deadline = time.monotonic() + 60
        while len(pids) < 2 and time.monotonic() < deadline:
            status, body = live.json("GET", "/health")
            assert status == 200
            pids.add(body["pid"])
        assert len(pids) == 2 and live.proc.pid not in pids
        status, doc = live.json("POST", "/segment", {"text": "我来到北京清华大学"})
        assert [t["word"] for t in doc["tokens"]] == ["我", "来到", "北京", "清华大学"]
    finally:
        code = live.stop()
    assert code == 0, live.output()
    for pid in pids:  # the workers are gone too
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
