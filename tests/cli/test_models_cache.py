"""``nlptk models`` (the shipped models and those of ``$NLPTK_MODELS``/``--model-dir``, with
what their ``meta.json`` says) and ``nlptk cache info|clear``."""

from __future__ import annotations

import json
import shutil
import tempfile

import pytest
from typer.testing import CliRunner

from nlptk.artifacts import resource_dir
from nlptk.cli.app import app

runner = CliRunner()
SHIPPED = sorted(p.parent.name for p in resource_dir("models").glob("*/meta.json"))


def _jsonl(*args: str) -> list[dict]:
    result = runner.invoke(app, ["models", "--format", "jsonl", *args])
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_models_lists_every_shipped_model_with_its_card():
    cards = {c["name"]: c for c in _jsonl()}
    assert sorted(cards) == SHIPPED
    assert cards["ner-zh-pd98-perceptron"] | {"path": None, "size": None} == {
        "name": "ner-zh-pd98-perceptron",
        "path": None,
        "task": "ner",
        "engine": "perceptron",
        "lang": "zh",
        "size": None,
        "headline": "F1 0.905 on 199801.txt:test",
        "licence": cards["ner-zh-pd98"]["licence"],
    }
    assert "research use" in cards["ner-zh-pd98"]["licence"]
    assert (cards["pd98"]["task"], cards["pd98"]["engine"], cards["pd98"]["lang"]) == (
        "segment",
        "dict",
        "zh",
    )
    assert cards["sentiment-en-svm"]["engine"] == "svm"
    assert cards["sentiment-en-svm"]["headline"].startswith("accuracy 0.82")
    assert cards["pos-zh-pd98"]["headline"].startswith("dev accuracy 0.95")
    assert all(c["licence"] for c in cards.values())  # every shipped model says its terms
    size = sum(f.stat().st_size for f in (resource_dir("models") / "pd98").iterdir())
    assert cards["pd98"]["size"] == size


def test_models_text_is_one_line_a_model():
    result = runner.invoke(app, ["models"])
    assert result.exit_code == 0
    header, *rows = result.stdout.splitlines()
    assert header.split()[:5] == ["name", "task", "engine", "lang", "size"]
    assert [r.split()[0] for r in rows] == SHIPPED
    assert "F1 0.905 on 199801.txt:test" in next(r for r in rows if r.startswith("ner-zh-pd98-p"))


def test_models_user_folders_are_listed_and_load_by_name(tmp_path, monkeypatch):
    mine = tmp_path / "mine"
    shutil.copytree(resource_dir("models") / "ner-zh-pd98", mine / "my-ner")
    other = tmp_path / "other-model"
    shutil.copytree(resource_dir("models") / "pd98", other)
    monkeypatch.setenv("NLPTK_MODELS", str(mine))
    names = [c["name"] for c in _jsonl("--model-dir", str(other))]
    assert names == [*SHIPPED, "my-ner", "other-model"]
    result = runner.invoke(app, ["ner", "--model", "my-ner", "--format", "inline"], input="北京\n")
    assert result.exit_code == 0 and result.stdout == "[北京]LOC\n"


def test_models_missing_folder_is_one_error_line(tmp_path):
    result = runner.invoke(app, ["models", "--model-dir", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "no such model folder" in str(result.exception)


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A cache of its own, and no other folder searched."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NLPTK_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "tmp"))
    return folder


def test_cache_info_then_clear(cache_dir):
    empty = runner.invoke(app, ["cache", "info"])
    assert empty.exit_code == 0
    assert f"folder  {cache_dir}" in empty.stdout
    assert empty.stdout.splitlines()[-1] == "total   0 entries, 0.0 MB"
    assert runner.invoke(app, ["keywords"], input="我来到北京清华大学\n").exit_code == 0
    info = runner.invoke(app, ["cache", "info"]).stdout
    entries = [line.split() for line in info.splitlines() if line.startswith("entry")]
    kinds = {e[1].rsplit("-", 1)[0] for e in entries}
    assert {"idf-table", "jieba-hmm"} <= kinds and len(entries) == len(list(cache_dir.iterdir()))
    cleared = runner.invoke(app, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert cleared.stdout.startswith(f"removed {len(entries)} files, ")
    assert list(cache_dir.iterdir()) == []
    assert (
        runner.invoke(app, ["cache", "info"]).stdout.splitlines()[-1].endswith("0 entries, 0.0 MB")
    )
