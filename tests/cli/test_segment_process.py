"""``python -m nlptk segment`` as a real process: pipes, the ``Error:`` line, exit codes."""

from __future__ import annotations

import os
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
        (["segment", "--mode", "fast"], 2, "Usage:"),
    ],
)
def test_process_errors_are_one_line_without_traceback(args, code, stderr_start):
    proc = _nlptk(*args, input=b"")
    assert proc.returncode == code
    err = proc.stderr.decode()
    assert err.startswith(stderr_start)
    assert "Traceback" not in err
    if code == 1:
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


@pytest.mark.parametrize(
    "args",
    [["--model", "pd98-perceptron"], ["--engine", "perceptron"], ["--model", "pd98"]],
)
def test_process_model_names_its_engine(args):
    """A model runs by its meta.json's engine without --engine; --engine perceptron alone is
    the shipped pd98-perceptron (both models cut 中国 科学院 计算 所 here, jieba's dictionary
    中国科学院 计算所)."""
    from nlptk.segment import Segmenter

    line = "他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所"
    proc = _nlptk("segment", *args, input=f"{line}\n".encode())
    assert proc.returncode == 0, proc.stderr.decode()
    model = args[1] if args[0] == "--model" else "pd98-perceptron"
    assert proc.stdout.decode() == " ".join(Segmenter.load(model).cut(line)) + "\n"
    assert proc.stdout.decode() != " ".join(Segmenter().cut(line)) + "\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["segment", "--model", "pd98-perceptron", "--engine", "dict"], "'perceptron' model"),
        (["segment", "--model", "pd98", "--engine", "perceptron"], "is a 'dict' model, not"),
        (["segment", "--model", "ner-zh-pd98"], "a 'ner' model, expected a 'segment' model"),
        (["eval", "segment", "--gold", "-", "--model", "pd98", "--engine", "bert"], "'dict'"),
        (["keywords", "--model", "pos-zh-pd98"], "a 'pos' model, expected a 'segment' model"),
    ],
)
def test_process_contradicting_engine_is_one_error_line(args, message):
    proc = _nlptk(*args, input="我来到北京\n".encode())
    err = proc.stderr.decode()
    assert proc.returncode == 1 and proc.stdout == b""
    assert err.startswith("Error: ") and err.count("\n") == 1 and message in err


def test_process_segment_help_names_the_most_accurate_model():
    proc = _nlptk("segment", "--help", env={**os.environ, "COLUMNS": "200"})
    help_text = " ".join(proc.stdout.decode().split())
    assert "--model pd98-perceptron" in help_text and "0.952" in help_text and "0.818" in help_text
