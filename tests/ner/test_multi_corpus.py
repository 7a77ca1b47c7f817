"""Several corpora in one NER training run (``--data PATH[:FORMAT[:WEIGHT]]`` repeated),
per-corpus held-out scores, partial annotation across corpora, the Weibo NER reading, the
Chinese feature groups (``meta.json`` ``"features"``) and the old model's unchanged output."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.errors import InputError, ModelFormatError
from nlptk.ner import perceptron as P
from nlptk.ner.data import WEIBO_TYPES, load_ner_data, map_types
from nlptk.ner.perceptron import Part, PerceptronTagger, ZhExtras, train_perceptron_tagger
from nlptk.ner.train import train_ner
from nlptk.ner.zh_context import WINDOW_COLUMNS, WORD_COLUMNS, window_ids, word_ids
from nlptk.sequence.tags import spans_to_bioes

ROOT = Path(__file__).resolve().parents[2]
runner = CliRunner()


def _bio(sentences: list[list[tuple[str, str]]]) -> str:
    """BIO column text from ``(piece, type)`` runs (type ``""``: outside)."""
    lines = []
    for runs in sentences:
        for piece, etype in runs:
            for i, ch in enumerate(piece):
                tag = "O" if not etype else f"{'B' if i == 0 else 'I'}-{etype}"
                lines.append(f"{ch}\t{tag}")
        lines.append("")
    return "\n".join(lines) + "\n"


NAMES = ["王明", "李华", "张丽", "刘建国", "陈小平"]
PLACES = ["北京", "上海", "广州", "天津"]


def _news(n: int, time_type: str) -> list[list[tuple[str, str]]]:
    """``<PER>明天在<LOC>开会。`` with 明天 tagged ``time_type`` (``""``: not tagged)."""
    return [
        [
            (NAMES[i % 5], "PER"),
            ("明天", time_type),
            ("在", ""),
            (PLACES[i % 4], "LOC"),
            ("开会。", ""),
        ]
        for i in range(n)
    ]


def test_several_corpora_score_each_held_out_part_and_record_each(tmp_path):
    a, b = tmp_path / "a.bio", tmp_path / "b.txt"
    a.write_text(_bio(_news(40, "TIME")), encoding="utf-8")
    b.write_text(_bio(_news(30, "")), encoding="utf-8")
    out = tmp_path / "m"
    args = ["train", "ner", "--engine", "perceptron", "--split", "train", "--epochs", "2"]
    args += ["--data", f"{a}", "--data", f"{b}:bio:2", "--format", "bio", "--features", "none"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "a.bio:test F1" in result.output and "b.txt:test F1" in result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert list(meta["metrics"]) == ["a.bio:test", "b.txt:test"]
    assert meta["metrics"]["a.bio:test"]["micro"]["support"] == 12  # 4 sentences x 3
    assert meta["metrics"]["b.txt:test"]["micro"]["support"] == 6  # PER, LOC only
    data = meta["data"]
    assert (data["file"], data["format"], data["sentences"]) == ("a.bio+b.txt", "bio+bio", 63)
    assert [(c["file"], c["weight"], c["sentences"], c["types"]) for c in data["corpora"]] == [
        ("a.bio", 1.0, 36, ["LOC", "PER", "TIME"]),
        ("b.txt", 2.0, 27, ["LOC", "PER"]),
    ]
    assert "features" not in meta  # --features none: the model of before


def test_one_corpus_keeps_the_meta_record_of_before(tmp_path):
    a = tmp_path / "a.bio"
    a.write_text(_bio(_news(20, "TIME")), encoding="utf-8")
    meta = train_ner(
        str(a), "bio", "zh", tmp_path / "m", engine="perceptron", epochs=1, features=()
    )
    assert list(meta["data"]) == ["file", "format", "split", "sentences", "sha256", "repaired_tags"]
    assert meta["data"]["file"] == "a.bio" and meta["data"]["sentences"] == 20


@pytest.mark.parametrize(("types", "tagged"), [(frozenset({"PER", "LOC"}), True), (None, False)])
def test_a_corpus_without_a_type_does_not_teach_o_for_it(types, tagged):
    """Corpus B says nothing about times: read as partially annotated, its ``O`` on 明天 no
    longer outweighs corpus A's TIME; read as complete (``types=None``), it does."""

    def sentences(time_type: str, n: int) -> list[tuple[list[str], list[str]]]:
        out = []
        for runs in _news(n, time_type):
            chars, spans = [], []
            for piece, etype in runs:
                if etype:
                    spans.append((len(chars), len(chars) + len(piece), etype))
                chars.extend(piece)
            out.append((chars, spans_to_bioes(len(chars), spans)))
        return out

    data = sentences("TIME", 20) + sentences("", 60)
    parts = [Part(20), Part(60, 3.0, types)]
    tagger = train_perceptron_tagger(data, "zh", epochs=4, bits=16, parts=parts)
    tags = tagger.predict([list("王明明天在北京开会。")])[0]
    assert (tags[2:4] == ["B-TIME", "E-TIME"]) is tagged


def test_weibo_types_map_to_per_loc_org_and_nominals_go():
    tags = ["B-PER.NAM", "I-PER.NAM", "E-PER.NAM", "B-PER.NOM", "E-PER.NOM", "S-GPE.NAM"]
    assert map_types(tags, WEIBO_TYPES) == ["B-PER", "I-PER", "E-PER", "O", "O", "S-LOC"]


def test_weibo_format_reads_known_lines(tmp_path):
    path = tmp_path / "w.bio"
    path.write_text(
        "我\tO\n在\tO\n北\tB-GPE.NAM\n京\tI-GPE.NAM\n见\tO\n记\tB-PER.NOM\n者\tI-PER.NOM\n"
        "张\tB-PER.NAM\n三\tI-PER.NAM\n\n腾\tB-ORG.NAM\n讯\tI-ORG.NAM\n\n",
        encoding="utf-8",
    )
    first, second = load_ner_data(str(path), "weibo")
    assert first.tags == ["O", "O", "B-LOC", "E-LOC", "O", "O", "O", "B-PER", "E-PER"]
    assert second.tags == ["B-ORG", "E-ORG"]


def test_weibo_corpus_counts(shared_data):
    path = shared_data / "ner" / "weibo" / "weibo_ner.char.bio.test"
    if not path.exists():
        pytest.skip("Weibo NER absent")
    found: dict[str, int] = {}
    for s in load_ner_data(str(path), "weibo", repair=True):
        for t in s.tags:
            if t[0] in "BS":
                found[t[2:]] = found.get(t[2:], 0) + 1
    assert found == {"PER": 113, "LOC": 66, "ORG": 39}  # .NAM only, GPE in LOC


def test_window_and_word_ids_are_fixed_width_and_see_their_context():
    ids = window_ids("ab李鹏cd")
    assert ids.shape == (6, WINDOW_COLUMNS) and ids.dtype == np.uint32
    # c+3 of position 1 is "c": changing "c" changes it, not c-3 (past the edge)
    other = window_ids("ab李鹏xd")
    assert ids[1, 1] != other[1, 1] and ids[1, 0] == other[1, 0]
    assert (window_ids("\udc80😀") != 0).all()  # a lone surrogate, an astral character
    words = word_ids(["李鹏", "在", "北京市"])
    assert words.shape == (6, WORD_COLUMNS)
    assert words[0, 0] != words[1, 0]  # B2 vs E2
    assert words[3, 2] == words[3, 2] and words[3, 2] != words[5, 2]


def test_jieba_group_compiled_equals_python_reference():
    gaz = P.Lexicon({"李鹏": "PER", "北京市": "LOC", "北京": "LOC", "国务院": "ORG"})
    text = "李鹏在北京市国务院李"
    a = P.zh_features(text, [], gaz, P._JIEBA_TABLE)
    b = P.zh_features_py(text, [], gaz, P._JIEBA_TABLE)
    assert np.array_equal(a.ids, b.ids)
    assert not np.array_equal(a.ids, P.zh_features(text, [], gaz).ids)  # ids of their own


def test_unknown_feature_group_is_an_input_error():
    with pytest.raises(InputError, match="unknown feature group crf"):
        ZhExtras.build(["crf"])
    with pytest.raises(InputError, match="for Chinese"):
        train_perceptron_tagger([(["a"], ["S-PER"])], "en", features=["window"])
    with pytest.raises(InputError, match="for English models"):
        train_perceptron_tagger([(["王"], ["S-PER"])], "zh", features="en-doc")


@pytest.fixture(scope="module")
def grouped(tmp_path_factory) -> Path:
    """A small Chinese model with every feature group, saved."""
    gaz = tmp_path_factory.mktemp("jieba") / "dict.txt"
    gaz.write_text("王明 5 nr\n北京 9 ns\n国务院 3 nt\n开会 8 v\n", encoding="utf-8")
    data = []
    for runs in _news(60, "TIME"):
        chars, spans = [], []
        for piece, etype in runs:
            if etype:
                spans.append((len(chars), len(chars) + len(piece), etype))
            chars.extend(piece)
        data.append((chars, spans_to_bioes(len(chars), spans)))
    extras = ZhExtras.build(["words", "jieba", "window"], gaz)
    assert extras.groups == ("jieba", "window", "words")  # canonical order
    base = train_perceptron_tagger(data, "zh", epochs=2, bits=16)
    tagger = PerceptronTagger(
        base.lang, base.model, base.lexicon, base.dictionary, None, extras=extras
    )
    return tagger.save(tmp_path_factory.mktemp("m") / "grouped")


def test_feature_groups_are_recorded_and_reloaded(grouped):
    meta = json.loads((grouped / "meta.json").read_text(encoding="utf-8"))
    assert meta["features"] == ["jieba", "window", "words"]
    assert meta["segmenter"] == "pd98-perceptron"
    assert "gazetteer.json" in meta["file_sha256"]
    tagger = PerceptronTagger.load(grouped)
    assert tagger.extras is not None and tagger.extras.groups == ("jieba", "window", "words")
    assert tagger.extras.gazetteer.gazetteer == {"王明": "PER", "北京": "LOC", "国务院": "ORG"}
    stride = P.chars_features("王明在北京", tagger.lexicon, tagger._dict_engine, tagger.extras)
    plain = P.chars_features("王明在北京", tagger.lexicon, tagger._dict_engine)
    assert stride.layout == plain.layout + 10 + WINDOW_COLUMNS + WORD_COLUMNS


def test_feature_group_model_char_entities_equal_python_path(grouped, odd_lines):
    from nlptk.ner.recognizer import TaggerEngine

    tagger = PerceptronTagger.load(grouped)
    lines = list(odd_lines(tuple("王明李华在北京上海开会"), 3, 40, 0.3, 10, 20))
    ref = [
        [(e.text, e.label, e.start, e.end) for e in a.entities]
        for a in TaggerEngine(tagger, "zh").analyze(lines)
    ]
    assert tagger.char_entities(lines) == ref


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        ({"features": ["crf"]}, "features"),
        ({"features": "en-doc"}, "English feature set"),
        ({"features": ["jieba"], "file_sha256": {}}, "gazetteer.json"),
    ],
)
def test_bad_feature_records_are_model_format_errors(grouped, tmp_path, edit, message):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(grouped, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta.update(edit)
    if "file_sha256" in edit:
        (copy / "gazetteer.json").unlink()
        meta["file_sha256"] = {
            k: v
            for k, v in json.loads((grouped / "meta.json").read_text("utf-8"))[
                "file_sha256"
            ].items()
            if k != "gazetteer.json"
        }
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        PerceptronTagger.load(copy)


#: ``nlptk ner --model ner-zh-pd98-perceptron`` on these lines before the feature groups
#: existed (main at 7a687d1): the old model must decode byte for byte as it did.
OLD_MODEL_LINES = (
    "张伟在腾讯深圳总部会见了微软公司的史蒂夫。\n"
    "1998年1月江泽民在北京会见了美国总统克林顿，双方讨论了百分之五的增长。\n"
)
OLD_MODEL_OUTPUT = (
    '{"text": "张伟在腾讯深圳总部会见了微软公司的史蒂夫。", "entities": [{"text": "张伟", '
    '"label": "PER", "start": 0, "end": 2}, {"text": "深圳", "label": "LOC", "start": 5, '
    '"end": 7}, {"text": "微软公司", "label": "ORG", "start": 12, "end": 16}]}\n'
    '{"text": "1998年1月江泽民在北京会见了美国总统克林顿，双方讨论了百分之五的增长。", '
    '"entities": [{"text": "1998年1月", "label": "TIME", "start": 0, "end": 7}, {"text": '
    '"江泽民", "label": "PER", "start": 7, "end": 10}, {"text": "北京", "label": "LOC", '
    '"start": 11, "end": 13}, {"text": "美国", "label": "LOC", "start": 16, "end": 18}, '
    '{"text": "克林顿", "label": "PER", "start": 20, "end": 23}, {"text": "百分之五", '
    '"label": "PERCENT", "start": 29, "end": 33}]}\n'
)


def test_old_model_decodes_as_before():
    result = runner.invoke(app, ["ner", "--model", "ner-zh-pd98-perceptron"], input=OLD_MODEL_LINES)
    assert result.exit_code == 0, result.output
    assert result.stdout == OLD_MODEL_OUTPUT
    assert PerceptronTagger.load(ROOT / "models" / "ner-zh-pd98-perceptron").extras is None


def test_default_chinese_model_is_the_multi_domain_one():
    from nlptk.ner.recognizer import Recognizer, shipped_model

    assert shipped_model("perceptron", "zh") == "ner-zh"
    rec = Recognizer(lang="zh")
    assert (rec.engine, rec.model) == ("perceptron", None)  # resolved on first use
    tagger = PerceptronTagger.load(ROOT / "models" / "ner-zh")
    assert tagger.extras is not None and tagger.extras.groups == ("window", "words")
