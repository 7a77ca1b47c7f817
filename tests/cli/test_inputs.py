"""A UTF-8 byte-order mark opening a file is not data, whichever reader takes the file: text
input, gold and predictions, training words, dictionaries, lexicons, training data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
BOM = b"\xef\xbb\xbf"
runner = CliRunner()


def _bom_copy(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(BOM + data)
    return str(path)


def _ok(*args: str, input: str | None = None):
    result = runner.invoke(app, list(args), input=input)
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout


@pytest.mark.parametrize("command", ["segment", "ner", "sentiment"])
def test_inputs_bom_text_input(tmp_path, command):
    text = (ROOT / "tests/data/sample_zh.txt").read_bytes()
    assert _ok(command, _bom_copy(tmp_path, "in.txt", text)) == _ok(command, input=text.decode())


@pytest.mark.parametrize("words", ["我 来到 北京 清华大学 。\n他 的 朋友 来到 中国 。\n"])
def test_inputs_bom_gold_pred_and_train_words(tmp_path, words):
    gold = _bom_copy(tmp_path, "gold.txt", words.encode())
    pred = tmp_path / "pred.txt"
    pred.write_text(words, encoding="utf-8")
    vocab = _bom_copy(tmp_path, "vocab.txt", "我\n来到\n".encode())
    out = json.loads(
        _ok("eval", "segment", "--gold", gold, "--pred", str(pred), "--train-words", vocab)
    )
    assert out["f1"] == 1.0
    assert out["oov_words"] == 8  # 我 and 来到 are known, the first line's included


@pytest.mark.parametrize("which", ["--user-dict", "--dict"])
def test_inputs_bom_dictionaries(tmp_path, which):
    entries = "创新办 3 i\n" if which == "--user-dict" else "创新办 3 i\n李小福 5\n是 9\n主任 4\n"
    path = _bom_copy(tmp_path, "dict.txt", entries.encode())
    assert "创新办" in _ok("segment", which, path, input="李小福是创新办主任\n").split()


@pytest.mark.parametrize("line", ["太好了\t0.9\n"])
def test_inputs_bom_lexicon(tmp_path, line):
    path = _bom_copy(tmp_path, "lex.tsv", line.encode())
    out = _ok("sentiment", "--lang", "zh", "--lexicon", path, "--explain", input="太好了\n")
    assert out.startswith("positive") and "太好了:+" in out


@pytest.mark.parametrize("method", ["nb"])
def test_inputs_bom_training_data(tmp_path, method):
    data = (ROOT / "tests/data/sentiment/zh_train.tsv").read_bytes()
    path = _bom_copy(tmp_path, "train.tsv", data)
    _ok("train", "sentiment", "--engine", method, "--data", path, "-o", str(tmp_path / "m"))
    assert json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))["task"] == (
        "sentiment"
    )


def test_inputs_bom_cityu_gold(shared_data, tmp_path):
    """The SIGHAN CityU files start with a BOM; a clean prediction must line up with them."""
    gold = shared_data / "cws" / "cityu_test_gold.utf8"
    pred = tmp_path / "pred.txt"
    pred.write_bytes(gold.read_bytes().removeprefix(BOM))
    out = json.loads(_ok("eval", "segment", "--gold", str(gold), "--pred", str(pred)))
    assert out["f1"] == 1.0 and out["lines"] == 1493
