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
            "jsonl",
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
    ("args", "code", "message"),
    [
        (
            ["--engine", "crf"],
            2,
            "Error: Invalid value for '--engine': 'crf' is not one of hmm|perceptron|bert; see",
        ),
        (
            ["--format", "xml"],
            2,
            "Error: Invalid value for '--format': 'xml' is not one of jsonl|conll|inline; see",
        ),
        (
            ["--scheme", "iob1"],
            2,
            "Error: Invalid value for '--scheme': 'iob1' is not one of bioes|bio; see",
        ),
        (
            ["--lang", "fr"],
            2,
            "Error: Invalid value for '--lang': 'fr' is not one of auto|zh|en; see",
        ),
        (["--model", "nope"], 1, "Error: model 'nope' not found"),
        (["missing.txt"], 1, "Error: missing.txt: no such file"),
    ],
)
def test_ner_cli_bad_options_one_line_error(args, code, message):
    """A bad choice is a usage error (2) naming the choices, bad data exit 1: one line."""
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "ner", *args],
        input="北京\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == code
    assert proc.stdout == ""
    assert proc.stderr.startswith(message) and "Traceback" not in proc.stderr
    assert proc.stderr.count("\n") == 1


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
        "--gold",
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
    ("args", "code", "message"),
    [
        (["--format", "iob1"], 2, "'iob1' is not one of pd|conll|bio|bioes|bmes"),
        (["--format", "bio", "--split", "dev"], 2, "'dev' is not one of all|train|test"),
        (["--format", "bio", "--pred", "nope.bio"], 1, "nope.bio: no such file"),
        (
            ["--format", "bio", "--model", "ner-en-conll03", "--lang", "zh"],
            1,
            "model 'ner-en-conll03' is for 'en' text, not 'zh'",
        ),
        (
            ["--format", "bio", "--model", "ner-zh-pd98", "--lang", "en"],
            1,
            "model 'ner-zh-pd98' is for 'zh' text, not 'en'",
        ),
    ],
)
def test_ner_cli_eval_bad_arguments(tmp_path, args, code, message):
    gold = tmp_path / "gold.bio"
    gold.write_text(BIO, encoding="utf-8")
    result = run("eval", "ner", "--gold", str(gold), *args)
    assert result.exit_code == code
    assert message in (result.stderr if code == 2 else str(result.exception))


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


def _types_data(n_types: int) -> str:
    return "".join(f"{chr(0x4E00 + i)}\tB-T{i:02d}\n甲\tO\n\n" for i in range(n_types))


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        ("", ["--engine", "perceptron"], "no training sentences"),
        ("", [], "no training sentences"),
        ("a\tO\nb\tO\n\n", ["--engine", "perceptron"], "holds no entity"),
        (BIO, ["--alpha", "nan"], "hyper-parameter alpha: expected a finite number > 0, got nan"),
        (BIO, ["--alpha", "inf"], "hyper-parameter alpha: expected a finite number > 0, got inf"),
        (_types_data(64), [], "64 entity types; at most 63 are supported"),
        (_types_data(64), ["--engine", "perceptron"], "64 entity types; at most 63"),
        ("a\tB-\nb\tI-\n\n", ["--repair-tags"], "bad tag 'B-'"),
    ],
)
def test_ner_cli_train_refuses_in_one_line_and_writes_nothing(tmp_path, data, args, message):
    """Empty or entity-free data, NaN/inf smoothing, too many types for byte label ids and
    typeless tags under --repair-tags: exit 1, one Error line, no model directory."""
    path = tmp_path / "data.bio"
    path.write_text(data, encoding="utf-8")
    model = tmp_path / "model"
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "train", "ner", "--data", str(path), "--format", "bio"]
        + ["--min-count", "1", "-o", str(model), *args],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [proc.stderr.strip()], proc.stderr
    assert proc.stderr.startswith("Error: ") and message in proc.stderr
    assert not model.exists()


def test_ner_cli_trains_63_types(tmp_path):
    """The largest label set byte ids hold: 63 types (253 labels) train, load and tag."""
    path = tmp_path / "data.bio"
    path.write_text(_types_data(63), encoding="utf-8")
    model = tmp_path / "model"
    result = run(
        "train", "ner", "--data", str(path), "--format", "bio", "--min-count", "1", "-o", str(model)
    )
    assert result.exit_code == 0, result.output
    char = chr(0x4E00 + 62)
    result = run("ner", "--model", str(model), "--format", "inline", input=f"{char}甲\n")
    assert result.exit_code == 0, result.output
    assert result.stdout == f"[{char}]T62甲\n"


def test_ner_cli_eval_pred_repair_typeless_tag_is_one_line(tmp_path):
    gold, pred = tmp_path / "gold.bio", tmp_path / "pred.bio"
    gold.write_text("我\tB-PER\n来\tO\n\n", encoding="utf-8")
    pred.write_text("我\tB-\n来\tI-\n\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "eval", "ner", "--gold", str(gold), "--pred", str(pred)]
        + ["--format", "bio", "--repair-tags"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.startswith(f"Error: {pred}:1: bad tag 'B-'")
    assert len(proc.stderr.splitlines()) == 1


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
        (): "ner-zh",  # what nlptk ner runs by default
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
