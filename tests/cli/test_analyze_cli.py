"""``nlptk analyze``: every format with known answers, output equal to the single commands
with the same engines (words cut at entity edges counted), -j, and the error paths."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_zh.txt"
TEXT = "江泽民在北京会见了克林顿\n\n他是江苏省长\n"
#: The People's Daily NER model: it tags 江苏省, so 省长 is split at the entity's edge (the
#: default ``ner-zh`` tags 江苏, on a word edge; tests/pipeline checks its answer).
PD98_NER = "ner-zh-pd98-perceptron"


def _run(args: list[str], stdin: str | None = None):  # noqa: ANN202
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [
        (
            "text",
            "[江泽民/nr]PER 在/p [北京/ns]LOC 会见/v 了/u [克林顿/nr]PER\n\n"
            "他/r 是/v [江苏/ns 省/n]LOC 长/a\n",
        ),
        ("inline", "[江泽民]PER在[北京]LOC会见了[克林顿]PER\n\n他是[江苏省]LOC长\n"),
        (
            "conll",
            "江泽民\tnr\tS-PER\n在\tp\tO\n北京\tns\tS-LOC\n会见\tv\tO\n了\tu\tO\n"
            "克林顿\tnr\tS-PER\n\n\n他\tr\tO\n是\tv\tO\n江苏\tns\tB-LOC\n省\tn\tE-LOC\n长\ta\tO\n\n",
        ),
    ],
)
def test_analyze_cli_formats(fmt, expected):
    assert _run(["analyze", "--ner-model", PD98_NER, "--format", fmt], TEXT) == expected


def test_analyze_cli_jsonl():
    out = _run(["analyze", "--ner-model", PD98_NER, "--format", "jsonl"], TEXT)
    lines = [json.loads(x) for x in out.splitlines()]
    assert [d["text"] for d in lines] == ["江泽民在北京会见了克林顿", "", "他是江苏省长"]
    assert lines[1] == {
        "text": "",
        "tokens": [],
        "entities": [],
        "sentiment": None,
        "keywords": None,
    }
    assert lines[2]["entities"] == [{"text": "江苏省", "label": "LOC", "start": 2, "end": 5}]
    assert lines[2]["tokens"][3] == {"word": "省", "start": 4, "end": 5, "tag": "n"}


def test_analyze_cli_every_task_in_text():
    out = _run(["analyze", "--tasks", "seg,ner,sentiment,keywords", "-k", "2"], "这家酒店很好\n\n")
    first, blank = out.split("\n")[:2]
    words, sentiment, keywords = first.split("\t")
    assert words == "这家 酒店 很 好" and sentiment.startswith("positive ")
    assert re.fullmatch(r"这家:\d+\.\d{6} 酒店:\d+\.\d{6}", keywords), keywords
    assert blank == ""  # a blank line stays blank


def test_analyze_cli_html_is_one_offline_page():
    page = _run(["analyze", "--format", "html"], TEXT)
    assert page.startswith("<!DOCTYPE html>") and page.endswith("</html>\n")
    assert page.count('<div class="nlptk-doc">') == 3
    assert 'data-label="PER" style="background: #aa9cfc"' in page
    assert not re.search(r"(?:src|href)=", page)  # the stylesheet is inlined, nothing fetched


def test_analyze_cli_equals_the_single_commands():
    """tokens = ``segment``, tags = ``pos``, entities = ``ner`` with the same engines; a
    word differs only where an entity edge fell inside it (counted: 1 here, 省长)."""
    text = SAMPLE.read_text(encoding="utf-8") + TEXT
    out = _run(["analyze", "--ner-model", PD98_NER, "--format", "jsonl"], text)
    docs = [json.loads(x) for x in out.splitlines()]
    seg = _run(["segment", "--model", "zh-seg", "--format", "jsonl"], text)
    pos = _run(["pos", "--model", "pos-zh", "--format", "jsonl"], text)
    ner = _run(["ner", "--model", PD98_NER, "--format", "jsonl"], text)
    split = 0
    rows = zip(docs, *(s.splitlines() for s in (seg, pos, ner)), strict=True)
    for doc, s, p, n in rows:
        s, p, n = json.loads(s), json.loads(p), json.loads(n)
        assert doc["entities"] == n["entities"]
        assert [t["word"] for t in s["tokens"]] == [t["word"] for t in p["tokens"]]
        ours = {(t["start"], t["end"]): t["tag"] for t in doc["tokens"]}
        for word in p["tokens"]:
            span = (word["start"], word["end"])
            if span in ours:
                assert ours[span] == word["tag"]
            else:
                split += 1
                edges = [x for e in n["entities"] for x in (e["start"], e["end"])]
                assert any(span[0] < x < span[1] for x in edges)
    assert split == 1


def test_analyze_cli_jobs_keep_order():
    text = (SAMPLE.read_text(encoding="utf-8") + TEXT) * 50
    one = _run(["analyze", "--format", "jsonl", "-"], text)
    assert _run(["analyze", "--format", "jsonl", "-j", "2"], text) == one


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--tasks", "parse"], 1, "Error: unknown task 'parse'"),
        (["--tasks", "ner", "--format", "conll"], 1, "Error: the conll format lists tokens"),
        (["--pos-model", "pd98"], 1, "Error: "),
        (
            ["--keywords-engine", "lda", "--tasks", "keywords"],
            2,
            "Error: Invalid value for '--keywords-engine': 'lda' is not one of tfidf|textrank",
        ),
        (["no-such-file.txt"], 1, "Error: no-such-file.txt"),
    ],
)
def test_analyze_cli_errors(args, code, message):
    done = subprocess.run(
        [sys.executable, "-m", "nlptk", "analyze", *args],
        input="李鹏\n",
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == code
    assert done.stderr.startswith(message) and "Traceback" not in done.stderr, done.stderr
    assert done.stdout == ""


@pytest.mark.slow
def test_analyze_equals_the_single_capabilities_on_msr(shared_data):
    """The whole MSR test text (held out, 3,985 lines): entities equal, words and tags equal
    except the words an entity edge split (a few in a thousand)."""
    from nlptk.ner import Recognizer
    from nlptk.pipeline import Pipeline
    from nlptk.pos import load_tagger

    lines = (shared_data / "cws" / "msr_test.utf8").read_text(encoding="utf-8").splitlines()
    pipeline = Pipeline("seg,pos,ner")
    pos, rec = load_tagger("pos-zh"), Recognizer(engine="perceptron")
    words = split = 0
    for doc, text in zip(pipeline.pipe(lines), lines, strict=True):
        assert [(e.start, e.end, e.label) for e in doc.entities] == [
            (e.start, e.end, e.label) for e in rec.entities(text)
        ]
        ours = {(t.start, t.end): t.tag for t in doc.tokens}
        start = 0
        for w, tag in pos.pairs(text):
            span, start = (start, start + len(w)), start + len(w)
            words += 1
            if span in ours:
                assert ours[span] == tag
            else:
                split += 1
    assert split == pipeline.stats["words_split"] and split < words / 100
