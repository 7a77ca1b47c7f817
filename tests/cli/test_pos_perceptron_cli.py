"""``nlptk train pos``, ``nlptk eval pos`` and ``nlptk pos --model`` with a perceptron POS
model: every output format, the eval JSON, and bad models or options (one ``Error:`` line)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

runner = CliRunner()

_LINES = [
    "我/r  喜欢/v  电影/n  。/w",
    "他/r  很/d  喜欢/v  新/a  的/u  书/n  。/w",
    "你/r  买/v  苹果/n  。/w",
    "我们/r  研究/v  经济/n  问题/n  。/w",
]


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("poscli")
    corpus = root / "tiny.txt"
    corpus.write_text("\n".join(_LINES * 30) + "\n", encoding="utf-8")
    out = root / "model"
    args = ["train", "pos", "--data", str(corpus), "-o", str(out), "--epochs", "3"]
    result = runner.invoke(app, [*args, "--tagdict-min", "2", "--max-rows", "5000"])
    assert result.exit_code == 0, result.output
    assert "trained on 120 sentences" in result.stderr
    return corpus, out


@pytest.mark.parametrize(
    ("fmt", "stdout"),
    [
        ("text", "我/r 喜欢/v 电影/n 。/w\n\n你/r 买/v 苹果/n\n"),
        ("conll", "我\tr\n喜欢\tv\n电影\tn\n。\tw\n\n\n你\tr\n买\tv\n苹果\tn\n\n"),
    ],
)
def test_pos_perceptron_cli_formats(model, fmt, stdout):
    result = runner.invoke(
        app, ["pos", "--model", str(model[1]), "--format", fmt], input="我喜欢电影。\n\n你买苹果\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == stdout


def test_pos_perceptron_cli_jsonl_offsets(model):
    result = runner.invoke(
        app, ["pos", "--model", str(model[1]), "--format", "jsonl"], input="你买苹果\n"
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {
        "text": "你买苹果",
        "tokens": [
            {"word": "你", "tag": "r", "start": 0, "end": 1},
            {"word": "买", "tag": "v", "start": 1, "end": 2},
            {"word": "苹果", "tag": "n", "start": 2, "end": 4},
        ],
    }


def test_pos_perceptron_cli_eval_json(model):
    corpus, out = model
    result = runner.invoke(app, ["eval", "pos", "--gold", str(corpus), "--model", str(out)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["accuracy"] == 1.0
    assert {"accuracy", "joint_f1", "seg_f1", "rare_accuracy"} <= scores.keys()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["pos", "--no-hmm"], 1, "has no HMM; leave out --no-hmm"),
        (["eval", "pos", "--engine", "dict"], 1, "takes no --model"),
        (["eval", "pos", "--format", "conll"], 2, "'conll' is not one of pd"),
    ],
)
def test_pos_perceptron_cli_bad_options(model, args, code, message):
    corpus, out = model
    extra = ["--gold", str(corpus)] if args[0] == "eval" else []
    result = runner.invoke(app, [*args, *extra, "--model", str(out)], input="我\n")
    assert result.exit_code == code
    # usage errors are one Error: line; data errors reach main() (one too) as exceptions
    assert message in (result.stderr if code == 2 else str(result.exception))


def test_pos_perceptron_damaged_model_one_error_line(model, tmp_path):
    import shutil

    damaged = tmp_path / "m"
    shutil.copytree(model[1], damaged)
    data = bytearray((damaged / "weights.bin").read_bytes())
    data[100] ^= 0xFF
    (damaged / "weights.bin").write_bytes(bytes(data))
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "pos", "--model", str(damaged)],
        input="我喜欢电影\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "checksum" in lines[0]
