"""``nlptk bert train/predict/eval`` end to end on a tiny generated BERT (marked ``bert``)."""

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

pytestmark = pytest.mark.bert

FAST = ["--epochs", "6", "--lr", "3e-3", "--batch-size", "8", "--max-length", "32"]
FAST += ["--device", "cpu", "--threads", "1"]


def _nlptk(*args, stdin=""):
    env = {**os.environ, "PYTHONPATH": os.getcwd(), "HF_HUB_OFFLINE": "1"}
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


@pytest.fixture(scope="module")
def conll(tmp_path_factory, tiny_data):
    path = tmp_path_factory.mktemp("data") / "train.conll"
    blocks = ["\n".join(f"{w}\t{t}" for w, t in zip(*s, strict=True)) for s in tiny_data["ner"]]
    path.write_text("\n\n".join(blocks) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def ner_model(tiny_bert, conll, tmp_path_factory):
    out = tmp_path_factory.mktemp("ner-model")
    args = ["bert", "train", "--task", "ner", "--model", str(tiny_bert), "--train", str(conll)]
    result = CliRunner().invoke(app, [*args, "--dev", str(conll), "-o", str(out), *FAST])
    assert result.exit_code == 0, result.output
    return out


def test_bert_cli_train_writes_model_dir(ner_model, conll):
    meta = json.loads((ner_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["task"] == "bert-ner" and meta["scheme"] == "bioes" and meta["unit"] == "word"
    assert meta["labels"][0] == "O" and "S-LOC" in meta["labels"]
    assert len(meta["data"]["train_sha256"]) == 64
    assert meta["metrics"]["dev"]["f1"] >= 0.8
    assert (ner_model / "bert" / "config.json").is_file()
    assert (ner_model / "bert" / "tokenizer.json").is_file()


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_bert_cli_predict_keeps_one_line_per_line(ner_model, fmt):
    lines = "Alice went to Paris\n\nthe film\n"
    result = CliRunner().invoke(
        app,
        ["bert", "predict", "--model", str(ner_model), "--format", fmt, "--device", "cpu"],
        input=lines,
    )
    assert result.exit_code == 0, result.output
    out = result.stdout.split("\n")
    assert len(out) == 4 and out[1] == "" and out[3] == ""
    if fmt == "text":
        assert [w.rsplit("/", 1)[0] for w in out[0].split()] == ["Alice", "went", "to", "Paris"]
        assert out[0].split()[-1] == "Paris/S-LOC"
    else:
        record = json.loads(out[0])
        assert {"text": "Paris", "label": "LOC", "start": 14, "end": 19} in record["entities"]


def test_bert_cli_eval_reports_json(ner_model, conll):
    result = CliRunner().invoke(
        app, ["bert", "eval", str(conll), "--model", str(ner_model), "--device", "cpu"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["f1"] >= 0.8 and set(scores["per_type"]) == {"PER", "LOC"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "/nonexistent/model"], "not found"),
        (["--model", "tests"], "no config.json"),
    ],
)
def test_bert_cli_bad_model_is_one_line(conll, tmp_path, args, message):
    result = _nlptk(
        "bert", "train", "--task", "ner", "--train", str(conll), "-o", str(tmp_path), *args
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_bert_cli_labels_missing_from_model(ner_model, tmp_path):
    data = tmp_path / "gpe.conll"
    data.write_text("Rome\tB-GPE\n", encoding="utf-8")
    result = _nlptk("bert", "eval", str(data), "--model", str(ner_model), "--device", "cpu")
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("Error: the data has labels that the model does not know: S-GPE")
    assert "Traceback" not in result.stderr


def test_bert_cli_cuda_absent(ner_model):
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA is present")
    result = _nlptk("bert", "predict", "--model", str(ner_model), "--device", "cuda", stdin="a\n")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "Error: --device cuda was asked for, but CUDA is not available here"
    )


def test_bert_cli_malformed_training_data(tiny_bert, tmp_path):
    data = tmp_path / "bad.conll"
    data.write_text("Alice\tI-PER\nsmiles\n", encoding="utf-8")
    result = _nlptk(
        "bert",
        "train",
        "--task",
        "ner",
        "--model",
        str(tiny_bert),
        "--train",
        str(data),
        "-o",
        str(tmp_path / "m"),
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {data}:2: ")
