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
    args = ["train", "pos", "--corpus", str(corpus), "-o", str(out), "--epochs", "3"]
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
        (["eval", "pos", "--engine", "jieba"], 1, "model, not 'jieba'"),
        (["eval", "pos", "--engine", "crf"], 1, "unknown engine 'crf'"),
        (["eval", "pos", "--format", "conll"], 1, "unknown POS gold format"),
    ],
)
def test_pos_perceptron_cli_bad_options(model, args, code, message):
    corpus, out = model
    extra = ["--gold", str(corpus)] if args[0] == "eval" else []
    result = runner.invoke(app, [*args, *extra, "--model", str(out)], input="我\n")
    assert result.exit_code == code
    # usage errors are typer's; data errors reach main() (one Error: line) as exceptions
    assert message in (result.output if code == 2 else str(result.exception))


#: PD98-style gold whose raw text jieba's posseg and the perceptron tag apart (张: nr / q).
_GOLD = [
    "他/r  用/p  iPhone/nx  拍/v  了/u  3/m  张/q  照片/n  。/w",
    "我/r  爱/v  北京/ns  天安门/ns",
]


def _spans(pairs):
    out, pos = set(), 0
    for word, tag in pairs:
        out.add((pos, pos + len(word), tag))
        pos += len(word)
    return out


def test_pos_eval_default_scores_what_pos_runs_by_default(tmp_path):
    """``nlptk eval pos`` without --model/--engine scores ``nlptk pos``'s default output (jieba's
    posseg, tags mapped to PD98's), not another tagger (it scored pos-zh-pd98 before)."""
    from nlptk.pos.evaluate import jieba_to_pd98

    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(_GOLD) + "\n", encoding="utf-8")
    gold_pairs = [[tuple(t.rsplit("/", 1)) for t in line.split()] for line in _GOLD]
    raw = "".join("".join(w for w, _ in pairs) + "\n" for pairs in gold_pairs)
    tagged = runner.invoke(app, ["pos", "--format", "jsonl"], input=raw)
    assert tagged.exit_code == 0, tagged.output
    right = predicted = 0
    for line, pairs in zip(tagged.stdout.splitlines(), gold_pairs, strict=True):
        tokens = json.loads(line)["tokens"]
        pred = {(t["start"], t["end"], jieba_to_pd98(t["tag"])) for t in tokens}
        right += len(pred & _spans(pairs))
        predicted += len(pred)
    n_gold = sum(len(p) for p in gold_pairs)
    f1 = 2 * right / (predicted + n_gold)
    assert right < n_gold  # 张/nr: the test tells the two taggers apart

    result = runner.invoke(app, ["eval", "pos", "--gold", str(gold)])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert scores["engine"] == "jieba" and scores["accuracy"] is None
    assert scores["joint_f1"] == pytest.approx(f1, abs=1e-12)


@pytest.mark.parametrize(
    ("args", "engine", "model"),
    [
        (["--engine", "perceptron"], "perceptron", "pos-zh-pd98"),
        (["--model", "pos-zh-pd98"], "perceptron", "pos-zh-pd98"),
        (["--model", "pd98"], "jieba", "jieba posseg over pd98 (tags mapped to PD98)"),
    ],
)
def test_pos_eval_engine_from_the_model(tmp_path, args, engine, model):
    """A --model names its engine (a POS model: the perceptron; a segmentation model: jieba's
    posseg over its dictionary, as ``nlptk pos --model`` runs it)."""
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(_GOLD) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "pos", "--gold", str(gold), *args])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert (scores["engine"], scores["model"]) == (engine, model)
    assert (scores["accuracy"] is None) == (engine == "jieba")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["eval", "pos", "--model", "pd98", "--engine", "perceptron"], "'jieba' model, not"),
        (["eval", "pos", "--model", "ner-zh-pd98"], "not a POS or segmentation model"),
        (["pos", "--model", "sentiment-zh-nb"], "not a POS or segmentation model"),
    ],
)
def test_pos_contradicting_model_one_error_line(tmp_path, args, message):
    gold = tmp_path / "gold.txt"
    gold.write_text("\n".join(_GOLD) + "\n", encoding="utf-8")
    extra = ["--gold", str(gold)] if args[0] == "eval" else []
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", *args, *extra],
        input="我\n",
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("Error: model '")
    assert message in proc.stderr


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
