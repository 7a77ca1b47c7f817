"""``nlptk bert train`` end to end on a tiny generated BERT (marked ``bert``); prediction and
scoring of its models are in ``test_bert_task_commands.py``."""

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

pytestmark = pytest.mark.bert


def test_bert_cli_train_writes_model_dir(bert_dirs):
    meta = json.loads((bert_dirs["ner"] / "meta.json").read_text(encoding="utf-8"))
    assert meta["task"] == "bert-ner" and meta["scheme"] == "bioes" and meta["unit"] == "word"
    assert meta["labels"][0] == "O" and "S-LOC" in meta["labels"]
    assert meta["data"]["format"] == "conll" and meta["data"]["split"] == "all"
    assert len(meta["data"]["train_sha256"]) == 64
    # dev metrics are nlptk eval ner's strict entity scores
    assert meta["metrics"]["dev"]["f1"] >= 0.8
    assert set(meta["metrics"]["dev"]["per_type"]) == {"PER", "LOC"}
    assert (bert_dirs["ner"] / "bert" / "config.json").is_file()
    assert (bert_dirs["ner"] / "bert" / "tokenizer.json").is_file()


def test_bert_cli_train_sentiment_writes_fingerprint(bert_dirs, tiny_data):
    from nlptk.sentiment.data import fingerprint, load_fingerprint

    texts = [t for t, _ in tiny_data["sentiment"]]
    assert np.array_equal(load_fingerprint(bert_dirs["sentiment"]), fingerprint(texts))
    meta = json.loads((bert_dirs["sentiment"] / "meta.json").read_text(encoding="utf-8"))
    assert set(meta["metrics"]["dev"]) >= {"accuracy", "macro_f1", "confusion", "n"}


def test_bert_cli_train_segment_selects_on_word_f1(bert_dirs, bert_files):
    meta = json.loads((bert_dirs["segment"] / "meta.json").read_text(encoding="utf-8"))
    dev = meta["metrics"]["dev"]
    assert set(dev) == {"epoch", "precision", "recall", "f1", "n"}
    assert dev["f1"] == max(r["f1"] for r in meta["history"])
    # the saved weights are that best epoch's: scoring the dev file again gives its F1
    args = ["eval", "segment", "--engine", "bert", "--model", str(bert_dirs["segment"])]
    result = CliRunner().invoke(app, [*args, "--gold", str(bert_files["segment"])])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["f1"] == pytest.approx(dev["f1"], abs=1e-6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--model", "/nonexistent/model"], "not found"),
        (["--model", "tests"], "no config.json"),
    ],
)
def test_bert_cli_bad_model_is_one_line(bert_files, tmp_path, args, message, nlptk_process):
    train = str(bert_files["ner"])
    result = nlptk_process(
        "bert", "train", "--task", "ner", "--data", train, "-o", str(tmp_path), *args
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr
    assert "Traceback" not in result.stderr


def test_bert_cli_labels_missing_from_model(bert_dirs, tmp_path, nlptk_process):
    """Training an nlptk model further keeps its label map: new labels are an error."""
    data = tmp_path / "gpe.conll"
    data.write_text("Rome\tB-GPE\n", encoding="utf-8")
    model = str(bert_dirs["ner"])
    result = nlptk_process(
        "bert",
        "train",
        "--task",
        "ner",
        "--model",
        model,
        "--data",
        str(data),
        "-o",
        str(tmp_path / "m"),
    )
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"Error: the data has labels that model {model} does not know: S-GPE")
    assert "Traceback" not in result.stderr


def test_bert_cli_cuda_absent(bert_files, tiny_bert, tmp_path, nlptk_process):
    import torch

    if torch.cuda.is_available():
        pytest.skip("CUDA is present")
    result = nlptk_process(
        "bert",
        "train",
        "--task",
        "segment",
        "--model",
        str(tiny_bert),
        "--data",
        str(bert_files["segment"]),
        "-o",
        str(tmp_path / "m"),
        "--device",
        "cuda",
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        "Error: --device cuda was asked for, but CUDA is not available here"
    )


@pytest.mark.parametrize(
    ("fmt", "text", "message"),
    [
        ("conll", "Alice\tI-PER\nsmiles\n", ":2: "),
        ("bio", "Alice\tB-PER\nx\tO\ny\tI-PER\n", ":3: ill-formed BIO tags"),
        ("iob", "Alice\tB-PER\n", "unknown ner format 'iob'; choose one of conll, pd, bio"),
    ],
)
def test_bert_cli_malformed_training_data(tiny_bert, tmp_path, fmt, text, message, nlptk_process):
    data = tmp_path / "bad.conll"
    data.write_text(text, encoding="utf-8")
    result = nlptk_process(
        "bert",
        "train",
        "--task",
        "ner",
        "--format",
        fmt,
        "--model",
        str(tiny_bert),
        "--data",
        str(data),
        "-o",
        str(tmp_path / "m"),
    )
    assert result.returncode == 1
    assert result.stderr.startswith("Error: ") and message in result.stderr.splitlines()[0]


@pytest.mark.parametrize("split", ["train"])
def test_bert_cli_train_split(tiny_bert, bert_files, tmp_path, split, bert_fast):
    out = tmp_path / "m"
    args = ["bert", "train", "--task", "sentiment", "--format", "sst", "--split", split]
    args += ["--model", str(tiny_bert), "--data", str(bert_files["sentiment"]), "-o", str(out)]
    result = CliRunner().invoke(app, [*args, *bert_fast, "--epochs", "1"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["n_train"] == 43 and meta["data"]["split"] == "train"  # 90% of 48
