"""``nlptk pos``, ``nlptk keywords`` and ``nlptk train idf`` through typer's CliRunner:
exact output of every format, one output line per input line, and bad input."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize(
    ("args", "stdin", "stdout"),
    [
        ([], "我爱北京天安门\n\n他叫Tom\n", "我/r 爱/v 北京/ns 天安门/ns\n\n他/r 叫/v Tom/eng\n"),
        (["-d", "|"], "我爱北京 天安门\n", "我/r|爱/v|北京/ns|天安门/ns\n"),
        (["--no-hmm"], "我爱北京\n", "我/r 爱/v 北京/ns\n"),
    ],
)
def test_pos_cli_text(args, stdin, stdout):
    result = runner.invoke(app, ["pos", *args], input=stdin)
    assert result.exit_code == 0, result.output
    assert result.stdout == stdout


@pytest.mark.parametrize("stdin", ["我爱北京\n"])
def test_pos_cli_jsonl(stdin):
    result = runner.invoke(app, ["pos", "--format", "jsonl"], input=stdin)
    assert result.exit_code == 0
    assert json.loads(result.stdout) == {
        "text": "我爱北京",
        "tokens": [
            {"word": "我", "tag": "r", "start": 0, "end": 1},
            {"word": "爱", "tag": "v", "start": 1, "end": 2},
            {"word": "北京", "tag": "ns", "start": 2, "end": 4},
        ],
    }


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_keywords_cli_one_line_per_document(method):
    stdin = "北京大学的学生在北京学习\n\n清华大学的学生在北京学习\n"
    result = runner.invoke(app, ["keywords", "--engine", method, "-k", "2"], input=stdin)
    assert result.exit_code == 0, result.output
    lines = result.stdout.split("\n")
    assert len(lines) == 4 and lines[1] == "" and lines[3] == ""
    assert all(len(item.split(":")) == 2 for item in lines[0].split(" "))


@pytest.mark.parametrize("stdin", ["北京 北京 上海\n上海\n"])
def test_keywords_cli_whole_jsonl_with_idf(tmp_path, stdin):
    idf = tmp_path / "idf.txt"
    idf.write_text("北京 2.0\n上海 1.0\n", encoding="utf-8")
    args = ["keywords", "--whole", "--format", "jsonl", "--idf", str(idf)]
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["text"] == "北京 北京 上海\n上海"
    assert record["keywords"] == [{"word": "北京", "weight": 1.0}, {"word": "上海", "weight": 0.5}]


@pytest.mark.parametrize("corpus", ["北京 上海\n北京\n"])
def test_train_idf_cli_round_trips_into_keywords(tmp_path, corpus):
    src = tmp_path / "corpus.txt"
    src.write_text(corpus, encoding="utf-8")
    out = tmp_path / "idf.txt"
    result = runner.invoke(app, ["train", "idf", "--data", str(src), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == "上海 0.693147181\n北京 0.000000000\n"


@pytest.mark.parametrize("content", ["only-one-field\n"])
def test_keywords_cli_bad_idf_is_an_error(tmp_path, content):
    idf = tmp_path / "idf.txt"
    idf.write_text(content, encoding="utf-8")
    result = runner.invoke(app, ["keywords", "--idf", str(idf)], input="北京\n")
    assert result.exit_code == 1
    assert "only-one-field" in str(result.exception)
