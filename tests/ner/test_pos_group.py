"""The Chinese NER ``pos`` feature group: the ``pos-zh-pd98`` tags of the ``pd98-perceptron``
segmenter's words as per-character ids, recorded in ``meta.json`` and read back on load."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nlptk.ner import perceptron as P
from nlptk.ner.perceptron import PerceptronTagger, ZhExtras, train_perceptron_tagger
from nlptk.ner.zh_context import POS_COLUMNS, pos_ids
from nlptk.sequence.perceptron import feature_id
from nlptk.sequence.tags import spans_to_bioes

TEXT = "江泽民主席会见了美国总统克林顿。"


@pytest.fixture(scope="module")
def extras() -> ZhExtras:
    return ZhExtras.build(["pos"])


def test_pos_ids_are_the_tag_with_position_and_neighbours():
    ids = pos_ids(["李鹏", "在", "北京"], ["nr", "p", "ns"])
    assert ids.shape == (5, POS_COLUMNS) and ids.dtype == np.uint32
    assert ids[0, 0] == feature_id("st=Bnr") and ids[1, 0] == feature_id("st=Enr")
    assert ids[2, 0] == feature_id("st=Sp")
    assert ids[0, 1] == feature_id("st-1=B<s>") and ids[4, 2] == feature_id("st+1=E</s>")
    assert ids[2, 1] == feature_id("st-1=Snr") and ids[2, 2] == feature_id("st+1=Sns")
    assert ids[2, 3] == feature_id("st3=nr|p|ns")
    assert ids[4, 4] == feature_id("st-2=Enr|p") and ids[0, 5] == feature_id("st+2=Bp|ns")
    assert ids[1, 4] == feature_id("st-2=E<s>|<s>") and ids[4, 5] == feature_id("st+2=E</s>|</s>")
    assert ids[1, 6] == feature_id("stc=E鹏nr") and ids[3, 6] == feature_id("stc=B北ns")
    # another tag for 在 changes its own ids and its neighbours' context, not their own tag
    other = pos_ids(["李鹏", "在", "北京"], ["nr", "v", "ns"])
    assert other[2, 0] != ids[2, 0] and other[2, 3] != ids[2, 3] and other[2, 6] != ids[2, 6]
    assert other[2, 1] == ids[2, 1] and other[2, 2] == ids[2, 2]  # 在's neighbours kept theirs
    assert other[4, 4] != ids[4, 4] and other[0, 5] != ids[0, 5]  # two words away
    assert other[0, 0] == ids[0, 0] and other[0, 2] != ids[0, 2]
    assert other[3, 0] == ids[3, 0] and other[3, 1] != ids[3, 1]
    assert np.array_equal(pos_ids(["李鹏", "在", "北京"], ["nr", "p", "ns"]), ids)


def test_pos_group_reads_the_taggers_tags_of_the_segmenters_words(extras):
    assert extras.groups == ("pos",) and extras.tagger is not None
    words = extras.segmenter.cut(TEXT)
    tags = extras.tagger.tag_words(words)
    assert words[:2] == ["江", "泽民"] and tags[:2] == ["nr", "nr"]  # the shipped models' reading
    n = len(TEXT)
    base = P.chars_features(TEXT, P.Lexicon({}), None)
    full = extras.ids(TEXT, base)
    assert full.layout == base.layout + POS_COLUMNS
    own = full.ids.reshape(n, -1)[:, base.layout :]
    assert np.array_equal(own, pos_ids(words, tags))
    assert np.array_equal(extras.ids(TEXT, base).ids, full.ids)  # deterministic


@pytest.fixture(scope="module")
def pos_model(tmp_path_factory) -> Path:
    """A small Chinese model with the ``words`` and ``pos`` groups, saved."""
    data = []
    for i in range(40):
        name, place = ["王明", "李华", "张丽"][i % 3], ["北京", "上海"][i % 2]
        text = f"{name}在{place}开会。"
        spans = [(0, 2, "PER"), (3, 5, "LOC")]
        data.append((list(text), spans_to_bioes(len(text), spans)))
    base = train_perceptron_tagger(data, "zh", epochs=2, bits=16)
    extras = ZhExtras.build(["pos", "words"])
    assert extras.groups == ("words", "pos")  # canonical order
    tagger = PerceptronTagger(
        base.lang, base.model, base.lexicon, base.dictionary, None, extras=extras
    )
    return tagger.save(tmp_path_factory.mktemp("m") / "pos")


def test_pos_group_is_recorded_and_reloaded(pos_model):
    meta = json.loads((pos_model / "meta.json").read_text(encoding="utf-8"))
    assert meta["features"] == ["words", "pos"]
    assert meta["segmenter"] == "pd98-perceptron" and meta["pos_tagger"] == "pos-zh-pd98"
    tagger = PerceptronTagger.load(pos_model)
    assert tagger.extras is not None and tagger.extras.groups == ("words", "pos")
    assert tagger.extras.tagger is not None
    lines = ["王明在北京开会。\n", "李华在上海。\n"]
    from nlptk.ner.recognizer import TaggerEngine

    ref = [
        [(e.text, e.label, e.start, e.end) for e in a.entities]
        for a in TaggerEngine(tagger, "zh").analyze(lines)
    ]
    assert tagger.char_entities(lines) == ref


def test_model_without_pos_loads_no_tagger(tmp_path, pos_model):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(pos_model, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["features"] = ["words"]
    del meta["pos_tagger"]
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    extras = PerceptronTagger.load(copy).extras
    assert extras is not None and extras.tagger is None and extras.segmenter is not None


def test_another_segmenter_and_tagger_feed_the_groups_and_are_recorded(tmp_path):
    """``train ner --segmenter zh-seg --pos-tagger pos-zh``: the groups read zh-seg's words
    (江泽民 whole, where pd98-perceptron splits it) and pos-zh's tags, and the model reads
    the same ones back."""
    bio = tmp_path / "a.bio"
    lines = []
    for _ in range(20):
        for j, ch in enumerate(TEXT):
            tag = "O"
            if j < 3:
                tag = "B-PER" if j == 0 else "I-PER"
            lines.append(f"{ch}\t{tag}")
        lines.append("")
    bio.write_text("\n".join(lines) + "\n", encoding="utf-8")
    from typer.testing import CliRunner

    from nlptk.cli.app import app

    out = tmp_path / "m"
    args = ["train", "ner", "--engine", "perceptron", "--lang", "zh", "--format", "bio"]
    args += ["--data", str(bio), "--epochs", "2", "--features", "words,pos", "-o", str(out)]
    result = CliRunner().invoke(app, [*args, "--segmenter", "zh-seg", "--pos-tagger", "pos-zh"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert (meta["segmenter"], meta["pos_tagger"]) == ("zh-seg", "pos-zh")
    extras = PerceptronTagger.load(out).extras
    assert extras is not None and extras.segmenter.cut(TEXT)[0] == "江泽民"
    assert (extras.segmenter_name, extras.tagger_name) == ("zh-seg", "pos-zh")
    n = len(TEXT)
    base = P.chars_features(TEXT, P.Lexicon({}), None)
    words = extras.segmenter.cut(TEXT)
    own = extras.ids(TEXT, base).ids.reshape(n, -1)[:, -POS_COLUMNS:]
    assert np.array_equal(own, pos_ids(words, extras.tagger.tag_words(words)))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--features", "window", "--segmenter", "zh-seg"], "read by the words and pos"),
        (["--features", "words", "--pos-tagger", "pos-zh"], "read by the pos feature group"),
        (["--engine", "hmm", "--segmenter", "zh-seg"], "for the Chinese perceptron"),
    ],
)
def test_segmenter_options_without_a_group_to_read_them_are_refused(tmp_path, extra, message):
    from typer.testing import CliRunner

    from nlptk.cli.app import app
    from nlptk.errors import InputError

    bio = tmp_path / "a.bio"
    bio.write_text("李\tB-PER\n鹏\tI-PER\n", encoding="utf-8")
    args = ["train", "ner", "--lang", "zh", "--format", "bio", "--data", str(bio)]
    if "--engine" not in extra:
        args += ["--engine", "perceptron"]
    result = CliRunner().invoke(app, [*args, *extra, "-o", str(tmp_path / "m")])
    assert result.exit_code != 0
    assert isinstance(result.exception, InputError) and message in str(result.exception)
    assert not (tmp_path / "m").exists()
