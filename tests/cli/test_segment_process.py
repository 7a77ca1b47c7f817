"""``python -m nlptk segment`` as a real process: pipes, the ``Error:`` line, exit codes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _nlptk(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args], cwd=ROOT, capture_output=True, **kwargs
    )


def test_process_stdin_to_stdout():
    proc = _nlptk("segment", input="我来到北京清华大学\n".encode())
    assert proc.returncode == 0
    assert proc.stdout.decode() == "我 来到 北京 清华大学\n"
    assert proc.stderr == b""


@pytest.mark.parametrize(
    ("args", "code", "stderr_start"),
    [
        (["segment", "no/such/file.txt"], 1, "Error: no/such/file.txt: no such file"),
        (["segment", "tests"], 1, "Error: tests: is a directory"),
        (
            ["segment", "--mode", "fast"],
            2,
            "Error: Invalid value for '--mode': 'fast' is not one of accurate|full|search",
        ),
    ],
)
def test_process_errors_are_one_line_without_traceback(args, code, stderr_start):
    proc = _nlptk(*args, input=b"")
    assert proc.returncode == code
    err = proc.stderr.decode()
    assert err.startswith(stderr_start)
    assert "Traceback" not in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_process_closed_pipe_is_quiet(tmp_path, jobs):
    """``nlptk segment big.txt | head -1``: the reader leaves early; no traceback, exit 0."""
    big = tmp_path / "big.txt"
    big.write_text("我来到北京清华大学\n" * 200_000, encoding="utf-8")
    cmd = [sys.executable, "-m", "nlptk", "segment", "-j", jobs, str(big)]
    with subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as p:
        assert p.stdout.readline() == "我 来到 北京 清华大学\n".encode()
        p.stdout.close()
        err = p.stderr.read().decode()
        assert p.wait(timeout=60) == 0
    assert err == ""
