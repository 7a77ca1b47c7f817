"""Data files and model directories made by ``nlptk bert train`` on the tiny generated data
(``tiny_bert``/``tiny_data`` in ``tests/conftest.py``), once per session, for the CLI tests
marked bert."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]

#: Few quick epochs with a high learning rate: the tiny model learns the generated data.
FAST = ["--epochs", "6", "--lr", "3e-3", "--batch-size", "8", "--max-length", "32"]
FAST += ["--device", "cpu", "--threads", "1"]


def nlptk(*args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """``python -m nlptk ARGS`` in a real process (exit codes, stderr), on one CPU thread."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "OMP_NUM_THREADS": "1"}
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="session")
def bert_files(tmp_path_factory, tiny_data) -> dict[str, Path]:
    """The tiny data as files: sentiment (sst), ner (conll, IOB2), segment (words)."""
    folder = tmp_path_factory.mktemp("bert-data")
    sst = "".join(f"{int(label == 'positive')} {text}\n" for text, label in tiny_data["sentiment"])
    conll = "\n\n".join(
        "\n".join(f"{w}\t{t}" for w, t in zip(*s, strict=True)) for s in tiny_data["ner"]
    )
    words = "".join(" ".join(ws) + "\n" for ws in tiny_data["segment"])
    files = {"sentiment": ("train.sst", sst), "ner": ("train.conll", conll + "\n")}
    files["segment"] = ("train.words", words)
    out = {}
    for task, (name, text) in files.items():
        out[task] = folder / name
        out[task].write_text(text, encoding="utf-8")
    return out


_FORMATS = {"sentiment": "sst", "ner": "conll", "segment": "words"}


@pytest.fixture(scope="session")
def bert_dirs(tiny_bert, bert_files, tmp_path_factory) -> dict[str, Path]:
    """A model directory per task, written by ``nlptk bert train`` (with --dev)."""
    import torch

    torch.set_num_threads(1)
    dirs = {}
    for task, data in bert_files.items():
        out = tmp_path_factory.mktemp(f"bert-{task}")
        args = ["bert", "train", "--task", task, "--model", str(tiny_bert), "--format"]
        args += [_FORMATS[task], "--train", str(data), "--dev", str(data), "-o", str(out)]
        result = CliRunner().invoke(app, [*args, *FAST])
        assert result.exit_code == 0, result.output
        dirs[task] = out
    return dirs
