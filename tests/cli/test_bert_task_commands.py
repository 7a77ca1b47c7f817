"""BERT models through the task commands: ``nlptk sentiment --method bert``, ``nlptk ner
--engine bert``, ``nlptk segment --engine bert`` and their ``nlptk eval`` (marked bert).

Each command's output is checked against what the estimator itself predicts; the model
directories come from ``nlptk bert train`` (``bert_dirs`` in ``conftest.py``).
"""

import json

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.metrics.entities import entity_scores
from nlptk.ner.output import Entity, format_entities

pytestmark = pytest.mark.bert

runner = CliRunner()


def run(*args: str, input: str | None = None):
    return runner.invoke(app, list(args), input=input)


@pytest.fixture(scope="module")
def estimators(bert_dirs):
    from nlptk.bert import BertClassifier, BertSegmenter, BertTagger

    return {
        "sentiment": BertClassifier.load(bert_dirs["sentiment"], device="cpu"),
        "ner": BertTagger.load(bert_dirs["ner"], device="cpu"),
        "segment": BertSegmenter.load(bert_dirs["segment"], device="cpu"),
    }


# --- sentiment -------------------------------------------------------------------------------

SENT_LINES = ["the film was superb", "", "the plot was awful . but the acting was great"]


@pytest.mark.parametrize("unit", ["document", "sentence"])
def test_bert_sentiment_cli_equals_the_classifier(bert_dirs, estimators, unit):
    model = str(bert_dirs["sentiment"])
    args = ["sentiment", "--method", "bert", "--model", model, "--unit", unit]
    result = run(*args, "--format", "jsonl", input="\n".join(SENT_LINES) + "\n")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    out = result.stdout.split("\n")
    assert len(out) == 4 and out[3] == ""
    records = [json.loads(line) for line in out[:3]]
    if unit == "document":
        assert records[1] is None
        texts = [SENT_LINES[0], SENT_LINES[2]]
        got = [records[0], records[2]]
    else:
        assert records[1] == [] and len(records[2]) == 2
        texts = [SENT_LINES[0], "the plot was awful .", "but the acting was great"]
        got = [records[0][0], *records[2]]
        assert (got[2]["start"], got[2]["end"]) == (21, len(SENT_LINES[2]))
    expected = estimators["sentiment"].predict_scores(texts)
    assert [(r["text"], r["label"]) for r in got] == [
        (t, e.label) for t, e in zip(texts, expected, strict=True)
    ]
    for r, e in zip(got, expected, strict=True):
        assert r["score"] == round(e.score, 4) and r["probability"] == round(e.probability, 4)
    assert got[0]["label"] == "positive"


def test_bert_sentiment_cli_text_format(bert_dirs, estimators):
    result = run(
        "sentiment",
        "--method",
        "bert",
        "--model",
        str(bert_dirs["sentiment"]),
        input="the plot was awful\n\n",
    )
    e = estimators["sentiment"].predict_scores(["the plot was awful"])[0]
    assert result.stdout == f"{e.label}\t{e.score:.4f}\n\n"


def test_bert_sentiment_eval_reports_unseen(bert_dirs, estimators, tmp_path, tiny_data):
    """Two training texts and two new ones: the fingerprint marks the new two unseen."""
    seen = tiny_data["sentiment"][:2]
    new = [("the acting was superb", "positive"), ("the plot was dull", "negative")]
    test = tmp_path / "test.sst"
    test.write_text(
        "".join(f"{int(label == 'positive')} {text}\n" for text, label in seen + new),
        encoding="utf-8",
    )
    args = ["eval", "sentiment", "--model", str(bert_dirs["sentiment"]), "--test", str(test)]
    result = run(*args, "--format", "sst")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"accuracy", "macro_f1", "confusion", "n", "unseen"}
    pred = estimators["sentiment"].predict([t for t, _ in seen + new])
    right = [p == g for p, (_, g) in zip(pred, seen + new, strict=True)]
    assert scores["n"] == 4 and scores["accuracy"] == sum(right) / 4
    assert scores["unseen"]["n"] == 2 and scores["unseen"]["accuracy"] == sum(right[2:]) / 2
    assert "confusion, gold negative" in result.stderr


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--method", "bert"], 1, "Error: method 'bert' needs a model directory (--model DIR)"),
        (["--method", "bert", "--model", "ner"], 1, "model, expected a 'sentiment' model"),
        (["--method", "nb", "--model", "sentiment"], 1, "is a 'bert' model, not 'nb'"),
        (["--method", "bert", "--model", "sentiment", "-j", "2"], 2, "leave out -j"),
    ],
)
def test_bert_sentiment_cli_errors(bert_dirs, args, code, message, nlptk_process):
    args = [str(bert_dirs[a]) if a in bert_dirs else a for a in args]
    result = nlptk_process("sentiment", *args, stdin="good\n")
    assert result.returncode == code and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
    if code == 1:
        assert len(result.stderr.splitlines()) == 1


# --- named entities --------------------------------------------------------------------------

NER_LINES = ["Alice went to Paris.", "", "Bob Smith and Carol Smith saw New York"]


@pytest.mark.parametrize(
    ("fmt", "scheme"),
    [("spans", "bioes"), ("inline", "bioes"), ("conll", "bioes"), ("conll", "bio")],
)
def test_bert_ner_cli_every_format(bert_dirs, estimators, fmt, scheme):
    tagger = estimators["ner"]
    args = ["ner", "--engine", "bert", "--model", str(bert_dirs["ner"]), "--format", fmt]
    result = run(*args, "--scheme", scheme, input="\n".join(NER_LINES) + "\n")
    assert result.exit_code == 0, result.output
    expected = ""
    for line, spans in zip(NER_LINES, tagger.predict_spans(NER_LINES), strict=True):
        tokens = [(s, e) for _, s, e in tagger.split_units(line)]
        ents = [Entity(line[s:e], label, s, e) for s, e, label in spans]
        expected += format_entities(fmt, line, tokens, ents, scheme) + "\n"
    assert result.stdout == expected
    if fmt == "conll":  # tokens as nlptk ner's English tokenizer gives them, "." apart
        first = [row.split("\t")[0] for row in result.stdout.split("\n\n")[0].split("\n")]
        assert first == ["Alice", "went", "to", "Paris", "."]


def test_bert_ner_eval(bert_dirs, estimators, bert_files, tiny_data):
    model = str(bert_dirs["ner"])
    args = ["eval", "ner", "--engine", "bert", "--model", model, "--gold", str(bert_files["ner"])]
    result = run(*args, "--format", "conll")
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert set(scores) == {"micro", "per_type", "sentences", "model", "data"}
    tokens = [t for t, _ in tiny_data["ner"]]
    gold = [tags for _, tags in tiny_data["ner"]]
    from nlptk.sequence.tags import to_bioes

    expected = entity_scores([to_bioes(g, "bio") for g in gold], estimators["ner"].predict(tokens))
    assert scores["micro"] == expected["micro"] and scores["micro"]["f1"] >= 0.8
    assert set(scores["per_type"]) == {"PER", "LOC"}
    assert scores["model"] == model and scores["data"]["sentences"] == 48


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--engine", "bert"], 1, "Error: the bert engine needs a model directory (--model DIR)"),
        (["--engine", "bert", "--model", "ner-en-conll03"], 1, "is a 'hmm' model, not 'bert'"),
        (["--engine", "bert", "--model", "sentiment"], 1, "expected a 'ner' model"),
        (["--engine", "hmm", "--model", "ner"], 1, "is a 'bert' model, not 'hmm'"),
        (["--engine", "bert", "--model", "ner", "--lang", "zh"], 1, "is for 'en' text"),
        (["--engine", "bert", "--model", "ner", "-j", "2"], 2, "leave out -j"),
    ],
)
def test_bert_ner_cli_errors(bert_dirs, args, code, message, nlptk_process):
    args = [str(bert_dirs[a]) if a in bert_dirs else a for a in args]
    result = nlptk_process("ner", *args, stdin="Alice\n")
    assert result.returncode == code and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
    if code == 1:
        assert len(result.stderr.splitlines()) == 1


def test_bert_ner_eval_needs_model(nlptk_process):
    result = nlptk_process("eval", "ner", "--engine", "bert", "--gold", "-", "--format", "conll")
    assert result.returncode == 1
    assert result.stderr == "Error: the bert engine needs a model directory (--model DIR)\n"


# --- segmentation ----------------------------------------------------------------------------

SEG_LINES = ["我来到北京清华大学", "", "他 喜欢学习中文"]


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_bert_segment_cli_equals_the_segmenter(bert_dirs, estimators, fmt):
    args = ["segment", "--engine", "bert", "--model", str(bert_dirs["segment"]), "--format", fmt]
    result = run(*args, input="\n".join(SEG_LINES) + "\n")
    assert result.exit_code == 0, result.output
    out = result.stdout.split("\n")
    assert len(out) == 4 and out[3] == ""
    cuts = estimators["segment"].cut_many(SEG_LINES)
    if fmt == "text":
        assert out[:3] == [" ".join(c) for c in cuts]
        assert out[0] == "我 来到 北京 清华大学"
    else:
        records = [json.loads(line) for line in out[:3]]
        assert [r["text"] for r in records] == SEG_LINES
        words = [[t["word"] for t in r["tokens"] if not t["word"].isspace()] for r in records]
        assert words == cuts
        assert records[2]["tokens"][1] == {"word": " ", "start": 1, "end": 2}


@pytest.mark.parametrize(
    ("command", "option"), [(["ner", "--format", "inline"], "--engine"), (["segment"], "--engine")]
)
def test_bert_model_names_its_engine(bert_dirs, command, option):
    """A BERT model directory runs without --engine bert: its meta.json says what it is."""
    model = str(bert_dirs[command[0]])
    lines = "Alice went to Paris.\n" if command[0] == "ner" else "我来到北京清华大学\n"
    named = run(*command, option, "bert", "--model", model, input=lines)
    bare = run(*command, "--model", model, input=lines)
    assert named.exit_code == bare.exit_code == 0, bare.output
    assert bare.stdout == named.stdout != ""


def test_bert_segment_eval(bert_dirs, estimators, tmp_path):
    gold = tmp_path / "gold.words"
    gold.write_text("我 来到 北京\n他 喜欢 学习 中文\n", encoding="utf-8")
    model = str(bert_dirs["segment"])
    result = run("eval", "segment", "--engine", "bert", "--model", model, "--gold", str(gold))
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    cuts = estimators["segment"].cut_many(["我来到北京", "他喜欢学习中文"])
    gold_words = [["我", "来到", "北京"], ["他", "喜欢", "学习", "中文"]]
    correct = sum(
        len(set(_spans(g)) & set(_spans(c))) for g, c in zip(gold_words, cuts, strict=True)
    )
    n_pred = sum(map(len, cuts))
    assert scores["gold_words"] == 7 and scores["pred_words"] == n_pred
    assert scores["correct"] == correct and scores["precision"] == correct / n_pred
    assert scores["oov_rate"] is None  # a BERT model has no dictionary to count OOV against


def _spans(words):
    out, pos = [], 0
    for w in words:
        out.append((pos, pos + len(w)))
        pos += len(w)
    return out


@pytest.mark.parametrize(
    ("command", "args", "code", "message"),
    [
        (["segment"], ["--engine", "bert"], 2, "--engine bert needs --model DIR"),
        (["segment"], ["--engine", "bert", "--model", "segment", "--mode", "full"], 2, "--mode"),
        (["segment"], ["--engine", "bert", "--model", "segment", "--no-hmm"], 2, "--no-hmm"),
        (["segment"], ["--engine", "bert", "--model", "pd98"], 1, "is a 'dict' model, not 'bert'"),
        (["segment"], ["--engine", "bert", "--model", "ner"], 1, "expected a 'segment' model"),
        (["segment"], ["--engine", "dict", "--model", "segment"], 1, "a 'bert' model, not"),
        (["segment"], ["--model", "segment", "--no-hmm"], 2, "--no-hmm"),
        (["eval", "segment", "--gold", "-"], ["--engine", "bert"], 2, "needs --model DIR"),
    ],
)
def test_bert_segment_cli_errors(bert_dirs, command, args, code, message, nlptk_process):
    args = [str(bert_dirs[a]) if a in bert_dirs else a for a in args]
    result = nlptk_process(*command, *args, stdin="我\n")
    assert result.returncode == code and result.stdout == ""
    assert message in result.stderr and "Traceback" not in result.stderr
    if code == 1:
        assert len(result.stderr.splitlines()) == 1
