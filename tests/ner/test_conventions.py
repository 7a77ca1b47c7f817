"""Annotation conventions (``train ner --conventions``, ``ner --convention``): one Chinese
model trained on corpora that disagree answers in the convention it is asked for; the
errors name what to do; models without conventions read and tag as before."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.errors import InputError
from nlptk.ner.perceptron import PerceptronTagger
from nlptk.ner.recognizer import Recognizer
from nlptk.sequence.perceptron import pack, with_convention

runner = CliRunner()
PLACES = ["北京", "上海", "广州", "天津", "南京"]


def _bio(sentences: list[list[tuple[str, str]]]) -> str:
    lines = []
    for runs in sentences:
        for piece, etype in runs:
            for i, ch in enumerate(piece):
                lines.append(f"{ch}\t{'O' if not etype else ('B-' if i == 0 else 'I-') + etype}")
        lines.append("")
    return "\n".join(lines) + "\n"


def _corpus(n: int, asean: str) -> list[list[tuple[str, str]]]:
    """``东盟在<LOC>开会。`` (东盟 tagged ``asean``, ``""``: not) and ``<LOC>的联合国会议。``
    (联合国 always ORG): the corpora agree on places and 联合国, not on 东盟."""
    out = []
    for i in range(n):
        out.append([("东盟", asean), ("在", ""), (PLACES[i % 5], "LOC"), ("开会。", "")])
        out.append([(PLACES[(i + 2) % 5], "LOC"), ("的", ""), ("联合国", "ORG"), ("会议。", "")])
    return out


@pytest.fixture(scope="module")
def model(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("conventions")
    (d / "a.bio").write_text(_bio(_corpus(30, "ORG")), encoding="utf-8")
    (d / "b.bio").write_text(_bio(_corpus(30, "")), encoding="utf-8")
    out = d / "m"
    args = ["train", "ner", "--engine", "perceptron", "--lang", "zh", "--split", "train"]
    args += ["--epochs", "4", "--format", "bio", "--features", "none"]
    args += ["--data", str(d / "a.bio"), "--data", str(d / "b.bio"), "--gold", str(d / "a.bio")]
    result = runner.invoke(app, [*args, "--conventions", "ours,theirs", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_the_model_answers_in_the_convention_asked_for(model):
    inline = ["ner", "--model", str(model), "--format", "inline"]
    ours = runner.invoke(app, inline, input="东盟在北京开会。\n")
    theirs = runner.invoke(app, [*inline, "--convention", "theirs"], input="东盟在北京开会。\n")
    assert ours.exit_code == theirs.exit_code == 0, ours.output + theirs.output
    assert ours.stdout == "[东盟]ORG在[北京]LOC开会。\n"  # the default: the first convention
    assert theirs.stdout == "东盟在[北京]LOC开会。\n"
    # what the corpora share reads the same in both
    both = [
        Recognizer(model=str(model), convention=c).entities("上海的联合国会议。")
        for c in ("ours", "theirs")
    ]
    assert [[(e.text, e.label) for e in es] for es in both] == [
        [("上海", "LOC"), ("联合国", "ORG")]
    ] * 2


def test_meta_records_the_conventions_and_scores_each(model):
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert (meta["conventions"], meta["convention"]) == (["ours", "theirs"], "ours")
    assert list(meta["metrics"]) == [
        "a.bio:test",
        "a.bio:test@theirs",
        "b.bio:test@ours",
        "b.bio:test",
        "a.bio",
        "a.bio@theirs",
    ]
    f1 = {k: v["micro"]["f1"] for k, v in meta["metrics"].items()}
    assert f1["a.bio:test"] == f1["b.bio:test"] == 1.0  # each part in its own convention
    assert f1["a.bio:test@theirs"] < 1.0 and f1["b.bio:test@ours"] < 1.0
    assert PerceptronTagger.load(model).convention == "ours"
    assert PerceptronTagger.load(model, "theirs").convention == "theirs"


def test_train_convention_picks_the_default(tmp_path):
    (tmp_path / "a.bio").write_text(_bio(_corpus(10, "ORG")), encoding="utf-8")
    (tmp_path / "b.bio").write_text(_bio(_corpus(10, "")), encoding="utf-8")
    args = ["train", "ner", "--engine", "perceptron", "--lang", "zh", "--split", "train"]
    args += [
        "--epochs",
        "3",
        "--format",
        "bio",
        "--features",
        "none",
        "--gold",
        str(tmp_path / "b.bio"),
    ]
    args += ["--data", str(tmp_path / "a.bio"), "--data", str(tmp_path / "b.bio")]
    out = tmp_path / "m"
    result = runner.invoke(
        app, [*args, "--conventions", "ours,theirs", "--convention", "theirs", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["convention"] == "theirs"
    assert list(meta["metrics"])[-2:] == ["b.bio", "b.bio@ours"]
    assert meta["metrics"]["b.bio"]["micro"]["f1"] == 1.0  # b in its own convention
    assert Recognizer(model=str(out)).entities("东盟在北京开会。")[0].text == "北京"


def test_eval_scores_in_the_convention_given(model, tmp_path):
    gold = tmp_path / "b.bio"
    gold.write_text(_bio(_corpus(3, "")), encoding="utf-8")
    args = ["eval", "ner", "--gold", str(gold), "--model", str(model), "--format", "bio"]
    scores = {}
    for c in ("ours", "theirs"):
        result = runner.invoke(app, [*args, "--convention", c])
        assert result.exit_code == 0, result.output
        scores[c] = json.loads(result.stdout)["micro"]["f1"]
    assert scores["theirs"] == 1.0 > scores["ours"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["ner", "--convention", "nope"],
            "--convention nope: not one of the model's conventions (ours, theirs)",
        ),
        (["eval", "ner", "--gold", "G", "--pred", "G", "--convention", "ours"], "--pred scores"),
    ],
)
def test_bad_conventions_are_one_error_line(model, tmp_path, args, message):
    gold = tmp_path / "g.bio"
    gold.write_text(_bio(_corpus(1, "")), encoding="utf-8")
    args = [str(gold) if a == "G" else a for a in args]
    if args[0] == "ner":
        args += ["--model", str(model)]
    result = runner.invoke(app, args, input="东盟\n")
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError) and message in str(result.exception)


def test_the_command_line_says_it_in_one_error_line(model):
    args = [sys.executable, "-m", "nlptk", "ner", "--model", str(model), "--convention", "pd"]
    done = subprocess.run(args, input="东盟\n", capture_output=True, text=True, timeout=120)
    assert done.returncode != 0 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "Error: --convention pd: not one of the model's conventions (ours, theirs)"
    ]


@pytest.mark.parametrize("lang", ["auto", "zh"])
def test_a_bad_convention_stops_before_the_first_line(lang):
    # English-looking input never loads the Chinese model: the name is checked at the start
    with pytest.raises(InputError, match="--convention foo: not one of the model's conventions"):
        Recognizer(lang=lang, convention="foo")
    with pytest.raises(InputError, match="for the Chinese model"):
        Recognizer(lang="en", convention="msra")
    rec = Recognizer(lang=lang, convention="pd98")
    assert [(e.text, e.label) for e in rec.entities("北约和欧盟在北京开会")] == [("北京", "LOC")]


@pytest.mark.parametrize(
    "edit",
    [
        {"convention": "nope"},  # a default that is not one of them
        {"conventions": None},  # a default without the list
    ],
)
def test_a_damaged_convention_record_is_a_model_format_error(model, tmp_path, edit):
    import shutil

    from nlptk.errors import ModelFormatError

    copy = tmp_path / "m"
    shutil.copytree(model, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    for key, value in edit.items():
        if value is None:
            del meta[key]
        else:
            meta[key] = value
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="is not one of its conventions"):
        PerceptronTagger.load(copy)


def test_a_model_without_conventions_says_so():
    with pytest.raises(InputError, match="trained without --conventions; leave it out"):
        Recognizer(model="ner-zh-pd98-perceptron", convention="msra")
    with pytest.raises(InputError, match="perceptron models trained with --conventions"):
        Recognizer(model="ner-en-conll03", convention="msra")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--conventions", "one"], "one name per --data"),
        (["--conventions", "x,x"], "names each corpus's convention once"),
        (["--conventions", "x,y", "--engine", "hmm"], "for the Chinese perceptron"),
        (["--conventions", "x,y", "--convention", "z"], "'z' is not one of --conventions"),
    ],
)
def test_train_refuses_conventions_it_cannot_keep(tmp_path, extra, message):
    a = tmp_path / "a.bio"
    a.write_text(_bio(_corpus(5, "ORG")), encoding="utf-8")
    args = ["train", "ner", "--engine", "perceptron", "--lang", "zh", "--format", "bio"]
    args += ["--data", str(a), "--data", str(a), *extra, "-o", str(tmp_path / "m")]
    result = runner.invoke(app, args)
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError) and message in str(result.exception)
    assert not (tmp_path / "m").exists()


def test_with_convention_interleaves_a_salted_copy_per_position():
    feats = pack([[7, 8, 9], [], [7]])
    ids_before = feats.ids.copy()
    a, b = with_convention(feats, 0), with_convention(feats, 1)
    assert np.array_equal(feats.ids, ids_before)  # the input is not touched
    assert a.layout.tolist() == [0, 6, 6, 8]
    assert a.ids[:3].tolist() == [7, 8, 9] and a.ids[6] == 7  # the shared ids first
    assert a.ids[3] == a.ids[7] != 7  # the same id gets the same copy wherever it is
    assert a.ids[3] != b.ids[3]  # each convention its own


def test_a_convention_tags_only_the_types_its_corpus_annotates():
    from nlptk.ner.perceptron import Part, train_perceptron_tagger
    from nlptk.sequence.tags import spans_to_bioes

    def tagged(runs: list[tuple[str, str]]) -> tuple[list[str], list[str]]:
        chars = list("".join(p for p, _ in runs))
        spans, at = [], 0
        for piece, etype in runs:
            if etype:
                spans.append((at, at + len(piece), etype))
            at += len(piece)
        return chars, spans_to_bioes(len(chars), spans)

    full = [tagged([("明天", "TIME"), *r]) for r in _corpus(20, "ORG")]
    # the second corpus tags no times, and has none: only the shared ids know 明天
    names = [tagged(r) for r in _corpus(20, "ORG")]
    tagger = train_perceptron_tagger(
        full + names,
        "zh",
        epochs=4,
        parts=[Part(len(full)), Part(len(names), types=frozenset({"LOC", "ORG"}))],
        conventions=["all", "names"],
    )
    assert tagger.convention_types == {"names": frozenset({"LOC", "ORG"})}
    text = "明天上海的联合国会议。"
    assert tagger.char_entities([text]) == [
        [("明天", "TIME", 0, 2), ("上海", "LOC", 2, 4), ("联合国", "ORG", 5, 8)]
    ]
    tagger.use_convention("names")
    (found,) = tagger.char_entities([text])
    assert {("上海", "LOC", 2, 4), ("联合国", "ORG", 5, 8)} <= set(found)
    (tags,) = tagger.predict([list(text)])
    assert tags[2:8] == ["B-LOC", "E-LOC", "O", "B-ORG", "I-ORG", "E-ORG"]


def test_a_narrower_convention_takes_the_other_types_from_a_full_one():
    from nlptk.ner.perceptron import _fill_in

    labels = ["O", "B-LOC", "E-LOC", "S-LOC", "B-TIME", "E-TIME", "S-TIME"]
    ids = {y: i for i, y in enumerate(labels)}

    def path(tags: str) -> bytes:
        return bytes(ids[t] for t in tags.split())

    own = path("O O B-LOC E-LOC O O")  # names only: its convention tags LOC
    other = path("B-TIME E-TIME B-TIME E-TIME S-LOC S-TIME")
    # 明天 (0-2) is added; the TIME over own's LOC (2-4) is not; other's LOC (4) is not its to give
    assert _fill_in(own, other, labels, frozenset({"LOC"})) == path(
        "B-TIME E-TIME B-LOC E-LOC O S-TIME"
    )
    assert _fill_in(own, path("O O O O O O"), labels, frozenset({"LOC"})) == own
