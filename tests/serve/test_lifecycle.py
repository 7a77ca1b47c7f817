"""The service's life: start-up errors as one ``Error:`` line, the default address, SIGTERM
with a request in flight, several workers."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import time

import pytest

SEG = ["--tasks", "seg"]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--tasks", "parse"], 1, "Error: unknown task 'parse'"),
        (["--tasks", "seg", "--seg-model", "no-such-model"], 1, "Error: "),
        (
            ["--tasks", "ner", "--ner-engine", "crf"],
            2,
            "Error: Invalid value for '--ner-engine': 'crf' is not one of hmm|perceptron|bert",
        ),
    ],
)
def test_serve_bad_options_are_one_error_line(serve_cmd, port, args, code, message):
    done = serve_cmd("--port", str(port), *args)
    assert done.returncode == code
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
    live = launch([*SEG, *limits, "--grace", "300"])
    texts = ["我来到北京清华大学，" * 2000] * 64  # 1.28 M characters: seconds of work
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=600)
    body = json.dumps({"texts": texts}).encode()
    conn.request("POST", "/analyze", body, {"content-type": "application/json"})
    time.sleep(1.5)  # the whole request is sent; give the server time to take it in
    live.proc.send_signal(signal.SIGTERM)
    signalled = time.monotonic()
    resp = conn.getresponse()
    data = json.loads(resp.read())
    answered = time.monotonic()
    conn.close()
    code = live.stop()
    assert resp.status == 200 and len(data["docs"]) == 64
    assert data["docs"][0]["tokens"][0] == {"word": "我", "start": 0, "end": 1, "tag": None}
    assert answered > signalled  # it was in flight when the signal came
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
