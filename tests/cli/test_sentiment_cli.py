"""``nlptk sentiment`` / ``train sentiment`` / ``train lexicon`` / ``eval sentiment``: exit
codes, exact stdout, errors on stderr; a few real subprocess runs."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "sentiment"


@pytest.fixture
def runner():
    return CliRunner()


@pytest.mark.parametrize(
    ("args", "stdin", "stdout"),
    [
        # empty lines stay, one output line per input line
        (
            ["--engine", "textblob"],
            "I am happy today.\n\nI feel sad today.\n",
            "positive\t0.8000\n\nnegative\t-0.5000\n",
        ),
        # the seed example in sentence mode
        (
            ["--engine", "textblob", "--unit", "sentence"],
            "I am happy today. I feel sad today.\n",
            "positive\t0.8000\tnegative\t-0.5000\n",
        ),
        (
            ["--lang", "zh", "--explain", "--engine", "lexicon"],
            "房间不干净\n",
            "negative\t-0.7000\t不干净:-0.70\n",
        ),
        # the default, hybrid: the classifier's share of the log-odds, then the lexicon's
        (
            ["--lang", "zh", "--explain"],
            "房间不干净\n",
            "negative\t-0.9978\t<classifier>:-4.02 不干净:-2.80\n",
        ),
        (["--format", "jsonl"], "\n", '{"text": "", "sentiment": null}\n'),
        (["--format", "jsonl", "--unit", "sentence"], " \n", '{"text": " ", "sentences": []}\n'),
    ],
)
def test_sentiment_cli_text_output(runner, args, stdin, stdout):
    result = runner.invoke(app, ["sentiment", *args], input=stdin)
    assert result.exit_code == 0, result.output
    assert result.stdout == stdout


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_sentiment_cli_jsonl_fields(runner, unit):
    line = "I am happy today. I feel sad today."
    args = ["sentiment", "--engine", "textblob", "--format", "jsonl", "--unit", unit]
    result = runner.invoke(app, args, input=line + "\n")
    assert result.exit_code == 0
    envelope = json.loads(result.stdout)
    scores = {"label", "score", "probability", "subjectivity"}
    assert list(envelope) == ["text", "sentences" if unit == "sentence" else "sentiment"]
    assert envelope["text"] == line
    if unit == "document":
        assert set(envelope["sentiment"]) == scores
    else:
        record = envelope["sentences"]
        assert set(record[0]) == scores | {"text", "start", "end"}
        assert [(r["score"], r["subjectivity"], r["start"], r["end"]) for r in record] == [
            (0.8, 1.0, 0, 17),
            (-0.5, 1.0, 18, 35),
        ]
        assert line[record[1]["start"] : record[1]["end"]] == record[1]["text"]


def _main(*args, stdin=None):
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},  # keeps the test cache dir
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sentiment", "--engine", "nb", "--explain"], "--explain works with the hybrid and"),
        (["sentiment", "--unit", "word"], "'word' is not one of document|sentence"),
        (["eval", "sentiment", "--model", "m", "--engine", "nb"], "not both"),
        (["eval", "sentiment", "--engine", "nb"], "give either --gold FILE or --suite FILE"),
        # checked before the data is read or anything predicted
        (
            [
                "eval",
                "sentiment",
                "--gold",
                "missing.tsv",
                "--engine",
                "lexicon",
                "--neutral",
                "x",
            ],
            "'x' is not one of error|negative",
        ),
        (
            ["sentiment", "--aggregate", "paragraph"],
            "'paragraph' is not one of document|sentences",
        ),
        (
            ["sentiment", "--aggregate", "sentences", "--unit", "sentence"],
            "--aggregate sentences goes with --unit document",
        ),
        (
            [
                "eval",
                "sentiment",
                "--gold",
                "missing.tsv",
                "--engine",
                "lexicon",
                "--aggregate",
                "x",
            ],
            "'x' is not one of document|sentences",
        ),
    ],
)
def test_sentiment_cli_usage_errors(runner, args, message):
    result = runner.invoke(app, args, input="好\n")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
    assert message in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["sentiment", "no-such-file.txt"], "Error: no-such-file.txt: no such file"),
        (["sentiment", "--model", "no-such-model"], "Error: model 'no-such-model' not found"),
        (
            ["sentiment", "--model", "sentiment-zh-nb", "--lang", "en"],
            "Error: model 'sentiment-zh-nb' is for 'zh' text, not 'en'",
        ),
        (
            ["sentiment", "--model", "sentiment-en-svm", "--engine", "nb"],
            "Error: model 'sentiment-en-svm' is a 'svm' model, not 'nb'",
        ),
        (
            [
                "eval",
                "sentiment",
                "--gold",
                str(DATA / "en.sst"),
                "--format",
                "sst",
                "--model",
                "sentiment-en-nb",
                "--lang",
                "zh",
            ],
            "Error: model 'sentiment-en-nb' is for 'en' text, not 'zh'",
        ),
    ],
)
def test_sentiment_cli_errors_are_one_line(args, message):
    proc = _main(*args, stdin="好\n")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1


@pytest.mark.parametrize("label", ["2"])
def test_sentiment_cli_bad_label_names_line(tmp_path, label):
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"label\ttext\n1\t好\n{label}\t坏\n", encoding="utf-8")
    proc = _main("train", "sentiment", "--data", str(bad), "-o", str(tmp_path / "m"))
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {bad}:3: label '2' is not one of 0/1/pos/neg")
    assert "Traceback" not in proc.stderr and proc.stdout == ""


@pytest.mark.parametrize("method", ["svm"])
def test_sentiment_cli_train_eval_predict_round_trip(tmp_path, method):
    model = tmp_path / "model"
    proc = _main(
        "train",
        "sentiment",
        "--engine",
        method,
        "--data",
        str(DATA / "zh_train.tsv"),
        "--param",
        "min_df=1",
        "--note",
        "tiny",
        "-o",
        str(model),
    )
    assert proc.returncode == 0, proc.stderr
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert (meta["method"], meta["lang"], meta["data"]["documents"]) == (method, "zh", 100)
    proc = _main("eval", "sentiment", "--gold", str(DATA / "zh_test.tsv"), "--model", str(model))
    assert proc.returncode == 0, proc.stderr
    scores = json.loads(proc.stdout)
    assert scores["n"] == 30 and scores["accuracy"] >= 0.9
    # the last 10 test lines are copies of training lines: only 20 are unseen
    assert scores["unseen"]["n"] == 20
    assert "accuracy" in proc.stderr  # the table
    proc = _main("sentiment", "--model", str(model), stdin="房间很干净，服务热情\n\n")
    assert proc.returncode == 0
    assert proc.stdout.split("\n")[0].startswith("positive\t") and proc.stdout.endswith("\n\n")


@pytest.mark.parametrize("fmt", ["lines-pos-neg"])
def test_sentiment_cli_train_lexicon_split(runner, tmp_path, fmt):
    out = tmp_path / "lex"
    args = [
        "train",
        "lexicon",
        "--data",
        str(DATA / "reviews.pos"),
        "--format",
        fmt,
        "--split",
        "train",
        "--min-docs",
        "2",
        "--min-z",
        "0.5",
        "-o",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["data"]["documents"] == 22 and meta["metrics"]["test"]["split"] == "test"
    assert meta["metrics"]["n"] == 3 and meta["metrics"]["unseen"]["n"] == 3
    words = (out / "lexicon.tsv").read_text(encoding="utf-8")
    assert "满意\t" in words and "失望\t" in words


@pytest.mark.parametrize("methods", ["lexicon,textblob"])
def test_sentiment_cli_eval_methods_json_and_file(runner, tmp_path, methods):
    out = tmp_path / "scores.json"
    args = [
        "eval",
        "sentiment",
        "--gold",
        str(DATA / "en.sst"),
        "--format",
        "sst",
        "--engine",
        methods,
        "--lang",
        "en",
        "-o",
        str(out),
    ]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    scores = json.loads(out.read_text(encoding="utf-8"))
    assert list(scores) == ["lexicon", "textblob"]
    for r in scores.values():
        assert set(r) == {"accuracy", "macro_f1", "confusion", "n", "unseen"}
        assert r["n"] == 64 and r["unseen"]["n"] == 64  # neither learned from labelled text


@pytest.mark.parametrize("version", ["1.0.0"])
def test_sentiment_cli_newer_model_is_refused(tmp_path, version):
    from nlptk.sentiment.data import load_labelled
    from nlptk.sentiment.linear import NBSentiment

    docs = load_labelled(str(DATA / "zh_train.tsv"), "tsv")
    NBSentiment(min_df=1).fit([d.text for d in docs], [d.label for d in docs]).save(tmp_path)
    meta = json.loads((tmp_path / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "meta.json").write_text(json.dumps({**meta, "nlptk_version": version}))
    proc = _main("sentiment", "--model", str(tmp_path), stdin="好\n")
    assert proc.returncode == 1
    assert f"was written by nlptk {version}" in proc.stderr and "Traceback" not in proc.stderr


def test_sentiment_cli_train_unknown_param_is_one_line(tmp_path):
    proc = _main(
        "train",
        "sentiment",
        "--engine",
        "nb",
        "--data",
        str(DATA / "zh_train.tsv"),
        "--param",
        "depth=3",
        "-o",
        str(tmp_path / "m"),
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: unknown parameter depth for nb; known: ")
    assert "Traceback" not in proc.stderr


TINY = "label\ttext\npositive\tgood\nnegative\tbad\n"


@pytest.mark.parametrize(
    ("data", "args", "message"),
    [
        (TINY, ["--engine", "maxent"], "no feature occurs in min_df=2 of the 2 training texts"),
        (TINY, ["--engine", "svm"], "svm needs at least 5 texts of each label"),
        (TINY, ["--param", "C=-1"], "hyper-parameter C: expected a finite number > 0, got -1"),
        (TINY, ["--param", "C=NaN"], "hyper-parameter C: expected a finite number > 0, got nan"),
        (TINY, ["--param", "max_features=0"], "hyper-parameter max_features"),
        (TINY, ["--param", "word_ngrams=5,1"], "hyper-parameter word_ngrams"),
        (TINY, ["--param", "word_ngrams=[5,1]"], "hyper-parameter word_ngrams"),
        (TINY, ["--param", "lang=zh"], "unknown parameter lang"),
        (TINY, ["--engine", "lexicon", "--param", "min_z=NaN"], "hyper-parameter min_z"),
    ],
)
def test_sentiment_cli_train_degenerate_is_one_line(tmp_path, data, args, message):
    """Tiny data and out-of-range parameters stop with nlptk's one line, not scikit-learn's
    traceback, and leave no model directory."""
    train = tmp_path / "tiny.tsv"
    train.write_text(data, encoding="utf-8")
    proc = _main(
        "train",
        "sentiment",
        "--data",
        str(train),
        "--lang",
        "en",
        *args,
        "-o",
        str(tmp_path / "m"),
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith(f"Error: {message}"), proc.stderr
    assert len(proc.stderr.splitlines()) == 1
    assert not (tmp_path / "m").exists()


def test_sentiment_cli_train_from_stdin_on_seen_test_data(tmp_path):
    train = (DATA / "zh_train.tsv").read_text(encoding="utf-8")
    model = tmp_path / "m"
    proc = _main(
        "train",
        "sentiment",
        "--engine",
        "nb",
        "--data",
        "-",
        "--param",
        "min_df=1",
        "--gold",
        str(DATA / "zh_train.tsv"),
        "-o",
        str(model),
        stdin=train,
    )
    assert proc.returncode == 0, proc.stderr
    assert "no unseen items" in proc.stderr
    data = json.loads((model / "meta.json").read_text(encoding="utf-8"))["data"]
    assert data["sha256"] is None and data["documents"] == 100


@pytest.mark.parametrize(
    ("stdin", "lang"),
    [("这家酒店很好，房间干净\n", "zh"), ("房间太脏了，服务很差\n\n", "zh")],
)
def test_sentiment_cli_lexicon_with_lang_auto_goes_by_script(runner, stdin, lang):
    """``--lexicon auto`` as the README shows it: without ``--lang`` each line takes the
    lexicon of its script, exactly as with that ``--lang``."""
    auto = runner.invoke(app, ["sentiment", "--lexicon", "auto", "--explain"], input=stdin)
    given = runner.invoke(
        app, ["sentiment", "--lexicon", "auto", "--explain", "--lang", lang], input=stdin
    )
    assert auto.exit_code == given.exit_code == 0, auto.output
    assert auto.stdout == given.stdout and auto.stdout.count("\n") == stdin.count("\n")
    assert ":" in auto.stdout  # the lexicon's words were used


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lexicon", "nosuch"], "Error: lexicon 'nosuch' not found for zh"),
        (["--lexicon", "auto", "--lang", "en"], "Error: lexicon 'auto' not found for en"),
    ],
)
def test_sentiment_cli_unknown_lexicon_fails_before_any_output(args, message):
    proc = _main("sentiment", *args, stdin="好\n")
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr.startswith(message) and proc.stderr.count("\n") == 1


def test_sentiment_cli_aggregate_sentences_scores_long_lines_by_sentence(runner):
    # three sentences: the length-weighted mean of 1.0, -1.0 and -0.9; a short line is whole
    stdin = "房间很干净。早餐太差了！服务很差。\n\n房间很干净。\n"
    args = ["sentiment", "--lang", "zh", "--engine", "lexicon", "--aggregate", "sentences"]
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output
    assert result.stdout == "negative\t-0.2647\n\npositive\t1.0000\n"
    whole = runner.invoke(app, ["sentiment", "--lang", "zh"], input=stdin)
    assert whole.stdout.splitlines()[0] != "negative\t-0.2647"


def test_sentiment_cli_eval_aggregate_sentences(runner):
    args = ["eval", "sentiment", "--gold", str(DATA / "zh_test.tsv"), "--engine", "lexicon"]
    result = runner.invoke(app, [*args, "--lang", "zh", "--aggregate", "sentences"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)["lexicon"]
    assert scores["n"] == scores["unseen"]["n"] > 0


def test_sentiment_cli_eval_suite_table_and_json(runner, tmp_path):
    suite = tmp_path / "suite.tsv"
    suite.write_text("label\ttext\tgroup\npos\t好吃\tfood\nneg\t好吃\tfood\n", encoding="utf-8")
    args = ["eval", "sentiment", "--suite", str(suite), "--engine", "lexicon", "--lang", "zh"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)["lexicon"]
    assert record["groups"] == {"food": {"pass_rate": 0.5, "passed": 1, "n": 2}}
    assert [f["line"] for f in record["failures"]] == [3]


@pytest.mark.parametrize("lang", [["--lang", "zh"], []])
def test_sentiment_cli_eval_gold_without_method_scores_the_default(runner, lang):
    """As the other eval commands do: no --engine, no --model (and no --lang: each text's
    own) scores the default, the same JSON as naming it."""
    args = ["eval", "sentiment", "--gold", str(DATA / "zh_test.tsv"), *lang]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    default = json.loads(result.stdout)
    assert default["n"] == 30 and default["accuracy"] >= 0.9
    named = runner.invoke(app, [*args, "--engine", "hybrid"])
    assert default == json.loads(named.stdout)["hybrid"]


def test_sentiment_cli_choices_are_the_librarys():
    """The command line spells the library's choices itself (building it imports no numpy):
    they must be the registry's and the modules' own."""
    from nlptk.cli import sentiment as cli
    from nlptk.sentiment import base, documents, evaluate, methods, train

    assert tuple(methods.METHODS) == cli.METHOD_NAMES
    assert (cli.FORMATS, cli.UNITS, cli.TRAINABLE) == (methods.FORMATS, base.UNITS, train.TRAINABLE)
    assert (cli.AGGREGATES, cli.NEUTRAL_POLICIES) == (
        documents.AGGREGATES,
        evaluate.NEUTRAL_POLICIES,
    )
