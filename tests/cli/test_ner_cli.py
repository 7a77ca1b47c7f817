"""``nlptk ner``, ``nlptk train ner`` and ``nlptk eval ner`` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()

BIO = (
    "江\tB-PER\n泽\tI-PER\n民\tI-PER\n在\tO\n北\tB-LOC\n京\tI-LOC\n\n"
    "李\tB-PER\n鹏\tI-PER\n到\tO\n上\tB-LOC\n海\tI-LOC\n\n"
)


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        ("inline", "[江泽民]PER在[北京]LOC\n\n[Germany]LOC is big\n"),
        (
            "spans",
            '{"text": "江泽民在北京", "entities": [{"text": "江泽民", "label": "PER", "start": 0, '
            '"end": 3}, {"text": "北京", "label": "LOC", "start": 4, "end": 6}]}\n'
            '{"text": "", "entities": []}\n'
            '{"text": "Germany is big", "entities": [{"text": "Germany", "label": "LOC", '
            '"start": 0, "end": 7}]}\n',
        ),
        (
            "conll",
            "江\tB-PER\n泽\tI-PER\n民\tE-PER\n在\tO\n北\tB-LOC\n京\tE-LOC\n\n\n"
            "Germany\tS-LOC\nis\tO\nbig\tO\n\n",
        ),
    ],
)
def test_ner_cli_every_format(fmt, expected):
    result = run("ner", "--format", fmt, input="江泽民在北京\n\nGermany is big\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == expected
    assert result.stderr == ""


def test_ner_cli_conll_bio_scheme():
    result = run("ner", "--format", "conll", "--scheme", "bio", "--lang", "zh", input="北京\n")
    assert result.stdout == "北\tB-LOC\n京\tI-LOC\n\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--engine", "crf"],
            "Error: unknown NER engine 'crf'; choose one of hmm, perceptron, bert",
        ),
        (["--format", "xml"], "Error: unknown output format 'xml'"),
        (["--scheme", "iob1"], "Error: unknown tag scheme 'iob1'; choose one of bioes, bio"),
        (["--lang", "fr"], "Error: unknown language 'fr'"),
        (["--model", "nope"], "Error: model 'nope' not found"),
        (["missing.txt"], "Error: missing.txt: no such file"),
    ],
)
def test_ner_cli_bad_options_one_line_error(args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "ner", *args],
        input="北京\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(message) and "Traceback" not in proc.stderr


def test_ner_cli_pipe_and_output_file(tmp_path):
    out = tmp_path / "out.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "ner", "-j", "2", "-o", str(out), "-"],
        input="北京\nGermany\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 0 and proc.stdout == "" and proc.stderr == ""
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r["entities"][0]["label"] for r in records] == ["LOC", "LOC"]


def test_ner_cli_train_then_eval_round_trip(tmp_path):
    data = tmp_path / "train.bio"
    data.write_text(BIO, encoding="utf-8")
    model = tmp_path / "model"
    result = run(
        "train",
        "ner",
        "--data",
        str(data),
        "--format",
        "bio",
        "--lang",
        "zh",
        "--test",
        str(data),
        "--min-count",
        "1",
        "-o",
        str(model),
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "trained on 2 sentences" in result.stderr
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["metrics"]["train.bio"]["micro"]["f1"] == 1.0
    assert meta["data"]["sha256"] and meta["params"]["min_count"] == 1

    result = run("eval", "ner", "--gold", str(data), "--format", "bio", "--model", str(model))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["micro"]["f1"] == 1.0 and scores["per_type"]["LOC"]["support"] == 2
    assert "micro" in result.stderr and "precision" in result.stderr


def test_ner_cli_eval_pred_file_and_output(tmp_path):
    gold = tmp_path / "gold.bio"
    gold.write_text(BIO, encoding="utf-8")
    pred = tmp_path / "pred.bio"
    pred.write_text(BIO.replace("上\tB-LOC\n海\tI-LOC", "上\tO\n海\tO"), encoding="utf-8")
    out = tmp_path / "scores.json"
    result = run(
        "eval", "ner", "--gold", str(gold), "--format", "bio", "--pred", str(pred), "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert scores["micro"]["precision"] == 1.0 and scores["micro"]["recall"] == 0.75


def test_ner_cli_train_ill_formed_data_names_line(tmp_path):
    data = tmp_path / "bad.bio"
    data.write_text("a\tO\nb\tI-PER\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlptk",
            "train",
            "ner",
            "--data",
            str(data),
            "--format",
            "bio",
            "-o",
            str(tmp_path / "m"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[0] == (
        f"Error: {data}:2: ill-formed BIO tags (position 2: 'I-PER' cannot follow 'O'): 'b\\tI-PER'"
    )
    assert proc.stderr.splitlines()[1].startswith("Hint: fix the data, or pass --repair-tags")
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "iob1"], "unknown NER data format 'iob1'"),
        (["--format", "bio", "--split", "dev"], "unknown split 'dev'"),
        (["--format", "bio", "--pred", "nope.bio"], "nope.bio: no such file"),
        (
            ["--format", "bio", "--model", "ner-en-conll03", "--lang", "zh"],
            "model 'ner-en-conll03' is for 'en' text, not 'zh'",
        ),
        (
            ["--format", "bio", "--model", "ner-zh-pd98", "--lang", "en"],
            "model 'ner-zh-pd98' is for 'zh' text, not 'en'",
        ),
    ],
)
def test_ner_cli_eval_bad_arguments(tmp_path, args, message):
    gold = tmp_path / "gold.bio"
    gold.write_text(BIO, encoding="utf-8")
    result = run("eval", "ner", "--gold", str(gold), *args)
    assert result.exit_code == 1
    assert message in str(result.exception)


def test_ner_cli_train_from_stdin_scores_the_held_out_part(tmp_path):
    model = tmp_path / "model"
    result = run(
        "train",
        "ner",
        "--data",
        "-",
        "--format",
        "bio",
        "--lang",
        "zh",
        "--split",
        "train",
        "--min-count",
        "1",
        "-o",
        str(model),
        input=BIO * 10,
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["sentences"] == 18
    assert meta["metrics"]["<stdin>:test"]["micro"]["support"] == 4


# --- the engine: the model's own (meta.json), else the perceptron -------------------------------

DATED = "1998年1月江泽民在北京会见了美国总统克林顿。\n"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # the default is the perceptron: times, money, ... beside names
        ([], "[1998年1月]TIME[江泽民]PER在[北京]LOC会见了[美国]LOC总统[克林顿]PER。\n"),
        (["--engine", "hmm"], "1998年1月[江泽民]PER在[北京]LOC会见了[美国]LOC总统[克林顿]PER。\n"),
        # a model without --engine: the engine its meta.json names
        (["--model", "ner-zh-pd98-perceptron"], "[1998年1月]TIME[江泽民]PER在[北京]LOC会见了"),
        (["--model", "ner-zh-pd98"], "1998年1月[江泽民]PER"),
    ],
)
def test_ner_cli_engine_default_and_from_the_model(args, expected):
    result = run("ner", "--format", "inline", *args, input=DATED)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(expected)


def test_ner_cli_eval_engine_default_and_from_the_model(tmp_path):
    gold = tmp_path / "gold.bio"
    gold.write_text(BIO, encoding="utf-8")
    names = {}
    for args in ([], ["--model", "ner-zh-pd98-perceptron"], ["--engine", "hmm"]):
        result = run("eval", "ner", "--gold", str(gold), "--format", "bio", *args)
        assert result.exit_code == 0, result.output
        names[tuple(args)] = json.loads(result.stdout)["model"]
    assert names == {
        (): "ner-zh-pd98-perceptron",  # what nlptk ner runs by default
        ("--model", "ner-zh-pd98-perceptron"): "ner-zh-pd98-perceptron",
        ("--engine", "hmm"): "ner-zh-pd98",
    }


@pytest.mark.parametrize(
    ("command", "args", "message"),
    [
        (["ner"], ["--model", "ner-zh-pd98-perceptron", "--engine", "hmm"], "'perceptron' model"),
        (["ner"], ["--model", "ner-en-conll03", "--engine", "perceptron"], "'hmm' model, not"),
        (["ner"], ["--model", "ner-en-conll03-perceptron", "--lang", "zh"], "for 'en' text"),
        (["ner"], ["--model", "pd98"], "a 'segment' model, expected a 'ner' model"),
        (["eval", "ner"], ["--model", "ner-zh-pd98-perceptron", "--engine", "hmm"], "not 'hmm'"),
        (["eval", "ner"], ["--model", "ner-zh-pd98", "--engine", "perceptron"], "'hmm' model"),
    ],
)
def test_ner_cli_contradicting_engine_is_one_error_line(tmp_path, command, args, message):
    gold = tmp_path / "gold.bio"
    gold.write_text(BIO, encoding="utf-8")
    extra = ["--gold", str(gold), "--format", "bio"] if command[0] == "eval" else []
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", *command, *extra, *args],
        input="李鹏在上海\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith("Error: ") and proc.stderr.count("\n") == 1
    assert message in proc.stderr
