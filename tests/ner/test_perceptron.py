"""Perceptron NER: training on small generated data, features, save/load, the engine
table, C/Python decoding parity and the CLI."""

from __future__ import annotations

import json
import random

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk.errors import InputError, ModelFormatError
from nlptk.ner.perceptron import (
    ZH_LEXICON,
    Lexicon,
    PerceptronTagger,
    bioes_allowed,
    en_features,
    sentence_features,
    train_perceptron_tagger,
    zh_features,
    zh_features_py,
)
from nlptk.ner.recognizer import Recognizer
from nlptk.segment.perceptron.features import N_FEATURES
from nlptk.sequence.perceptron import compiled, decode_py
from nlptk.sequence.tags import bioes_to_bio, spans_to_bioes, validate_tags

SURNAMES, GIVEN = "王李张刘陈", ["明", "华", "小平", "建国", "丽"]
PLACES = ["北京", "上海", "广州", "天津"]
ORGS = ["国务院", "外交部", "清华大学", "人民银行"]


def _zh_corpus(n: int, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    """Generated sentences: ``<PER>在<LOC>会见<ORG>代表。``-like patterns."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        per = rng.choice(SURNAMES) + rng.choice(GIVEN)
        loc, org = rng.choice(PLACES), rng.choice(ORGS)
        parts = [
            (per, "PER"),
            ("在", ""),
            (loc, "LOC"),
            ("会见了", ""),
            (org, "ORG"),
            ("代表。", ""),
        ]
        chars, spans = [], []
        for text, etype in parts:
            if etype:
                spans.append((len(chars), len(chars) + len(text), etype))
            chars.extend(text)
        out.append((chars, spans_to_bioes(len(chars), spans)))
    return out


def _en_corpus(n: int, seed: int = 0) -> list[tuple[list[str], list[str]]]:
    rng = random.Random(seed)
    people, places = ["John Smith", "Mary Jones", "Peter Brown"], ["Germany", "Paris", "Japan"]
    out = []
    for _ in range(n):
        per, loc = rng.choice(people).split(), rng.choice(places).split()
        tokens = [*per, "visited", *loc, "on", "Monday", "."]
        spans = [(0, len(per), "PER"), (len(per) + 1, len(per) + 1 + len(loc), "LOC")]
        out.append((tokens, spans_to_bioes(len(tokens), spans)))
    return out


@pytest.fixture(scope="module")
def zh_tagger() -> PerceptronTagger:
    data = _zh_corpus(200)
    words = [["".join(c)] for c, _ in data]  # one "word" per sentence: a dictionary to build
    return train_perceptron_tagger(data, "zh", dictionary_words=words, epochs=3, bits=16)


def test_zh_tagger_learns_generated_entities(zh_tagger):
    gold = _zh_corpus(30, seed=1)
    pred = zh_tagger.predict([c for c, _ in gold])
    assert pred == [t for _, t in gold]


def test_zh_tagger_paths_are_well_formed_bioes(zh_tagger):
    for tags in zh_tagger.predict([list("刘丽在天津。"), list("会见"), list("王")]):
        validate_tags(tags, "bioes")


def test_zh_features_have_a_fixed_stride_with_lexicon_templates():
    lex = Lexicon.build([("北京", "LOC"), ("王明", "PER")] * 30, "zh")
    feats = sentence_features(list("王明在北京"), "zh", lex)
    assert feats.layout == N_FEATURES + len(ZH_LEXICON)
    assert len(feats) == 5
    # the gazetteer changes the ids of the characters it covers, not of the others
    empty = sentence_features(list("王明在北京"), "zh", Lexicon({}))
    same = [np.array_equal(feats.at(i), empty.at(i)) for i in range(5)]
    assert same == [False, False, True, False, False]


def test_lexicon_build_keeps_majority_type_surnames_and_suffixes():
    mentions = [("中国", "LOC")] * 3 + [("中国", "ORG")] + [("王明", "PER")] * 20
    mentions += [(f"{c}省", "LOC") for c in "河山湖广江浙福"] * 3
    lex = Lexicon.build(mentions, "zh")
    assert lex.gazetteer["中国"] == "LOC"
    assert lex.surnames == {"王"}
    assert "省" in lex.suffixes["LOC"]
    assert Lexicon.from_json(json.loads(json.dumps(lex.to_json()))).to_json() == lex.to_json()


def test_en_tagger_learns_and_uses_gazetteer_features():
    tagger = train_perceptron_tagger(_en_corpus(150), "en", epochs=3, bits=16)
    gold = _en_corpus(20, seed=2)
    assert tagger.predict([t for t, _ in gold]) == [g for _, g in gold]
    lex = Lexicon({"New York": "LOC"})
    with_gaz = en_features(["in", "New", "York"], lex)
    without = en_features(["in", "New", "York"], Lexicon({}))
    assert len(with_gaz.at(1)) > len(without.at(1))


def test_save_load_round_trip_and_damage(tmp_path, zh_tagger):
    zh_tagger.save(tmp_path / "m", {"licence": "test"})
    back = PerceptronTagger.load(tmp_path / "m")
    sents = [c for c, _ in _zh_corpus(10, seed=3)]
    assert back.predict(sents) == zh_tagger.predict(sents)
    (tmp_path / "m" / "lexicon.json").unlink()
    with pytest.raises(ModelFormatError, match="incomplete model, lexicon.json is missing"):
        PerceptronTagger.load(tmp_path / "m")


@pytest.mark.skipif(not compiled(), reason="the compiled engine is not built")
def test_compiled_decode_equals_python_reference(zh_tagger):
    m = zh_tagger.model
    for chars, _ in _zh_corpus(10, seed=4):
        feats = zh_tagger.features(chars)
        assert m.decode(feats) == decode_py(m.weights_, m.trans_, m.allowed, feats)


@pytest.mark.skipif(not compiled(), reason="the compiled engine is not built")
@pytest.mark.parametrize("seed", [0, 1])
def test_compiled_zh_features_equal_python_reference(seed):
    # odd lexicons too: one-character and 13+-character entries, two-character surnames,
    # three-character suffixes, a type without gazetteer features (MONEY)
    rng = random.Random(seed)
    alpha = "王李张北京上海市省公司大学中国人民银行部会"

    def word(lo: int, hi: int) -> str:
        return "".join(rng.choice(alpha) for _ in range(rng.randint(lo, hi)))

    for _ in range(60):
        gazetteer = {word(1, 14): rng.choice(["PER", "LOC", "ORG", "MONEY"]) for _ in range(30)}
        suffixes = {t: [word(1, 3) for _ in range(5)] for t in ("LOC", "ORG")}
        lexicon = Lexicon(gazetteer, [word(1, 2) for _ in range(4)], suffixes)
        text = "".join(rng.choice(alpha + "的在，。a1") for _ in range(rng.randint(1, 40)))
        spans = [(i, i + k) for i in range(len(text)) for k in (2, 3) if rng.random() < 0.2]
        got, ref = zh_features(text, spans, lexicon), zh_features_py(text, spans, lexicon)
        assert got.layout == ref.layout and np.array_equal(got.ids, ref.ids)


def test_bioes_allowed_forbids_ill_formed_paths():
    labels = ["O", "B-PER", "I-PER", "E-PER", "S-PER"]
    t = bioes_allowed(labels)
    start, end = len(labels), len(labels)
    assert not t[start, 2] and not t[0, 3] and t[1, 3] and not t[1, end] and t[3, end]


def test_recognizer_with_perceptron_model_and_cli(tmp_path, zh_tagger):
    from nlptk.cli.app import app

    zh_tagger.save(tmp_path / "m")
    rec = Recognizer(engine="perceptron", model=str(tmp_path / "m"))
    assert Recognizer.load(str(tmp_path / "m")).engine == "perceptron"
    ents = rec.entities("李华在上海会见了外交部代表。")
    assert [(e.text, e.label) for e in ents] == [
        ("李华", "PER"),
        ("上海", "LOC"),
        ("外交部", "ORG"),
    ]
    runner = CliRunner()
    result = runner.invoke(
        app,
        ["ner", "--engine", "perceptron", "--model", str(tmp_path / "m"), "--format", "inline"],
        input="张明在北京会见了国务院代表。\n",
    )
    assert result.exit_code == 0
    assert result.stdout == "[张明]PER在[北京]LOC会见了[国务院]ORG代表。\n"


def test_train_cli_perceptron_round_trip_and_bad_engine(tmp_path):
    from nlptk.cli.app import app

    lines = []
    for tokens, tags in _en_corpus(60):
        bio = bioes_to_bio(tags)
        lines += [f"{t}\t{g}" for t, g in zip(tokens, bio, strict=True)]
        lines.append("")
    data = tmp_path / "train.bio"
    data.write_text("\n".join(lines) + "\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "m"
    args = ["train", "ner", "--data", str(data), "--format", "bio", "--lang", "en", "-o", str(out)]
    result = runner.invoke(app, [*args, "--engine", "perceptron", "--epochs", "2"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["engine"] == "perceptron" and meta["lang"] == "en"
    result = runner.invoke(app, [*args, "--engine", "crf"])
    assert result.exit_code == 2  # a bad choice is a usage error naming the choices
    assert "'crf' is not one of hmm|perceptron" in result.output


def test_train_perceptron_rejects_pd_on_stdin(tmp_path):
    from nlptk.ner.train import train_ner

    with pytest.raises(InputError, match="not stdin"):
        train_ner("-", "pd", "zh", tmp_path / "m", engine="perceptron")


def test_types_restrict_output_and_evaluation(tmp_path, zh_tagger):
    from nlptk.ner.data import keep_types, parse_types
    from nlptk.ner.evaluate import evaluate_ner

    zh_tagger.save(tmp_path / "m")
    rec = Recognizer(engine="perceptron", model=str(tmp_path / "m"), types=parse_types("PER"))
    assert [e.text for e in rec.entities("李华在上海会见了外交部代表。")] == ["李华"]
    gold = tmp_path / "gold.bioes"
    chars, tags = _zh_corpus(1, seed=5)[0]
    gold.write_text("".join(f"{c}\t{t}\n" for c, t in zip(chars, tags, strict=True)), "utf-8")
    result = evaluate_ner(
        str(gold), "bioes", "zh", model=str(tmp_path / "m"), engine="perceptron", types="LOC"
    )
    assert list(result["per_type"]) == ["LOC"] and result["micro"]["f1"] == 1.0
    assert keep_types(["B-ORG", "E-ORG", "S-LOC"], frozenset({"LOC"})) == ["O", "O", "S-LOC"]
    with pytest.raises(InputError, match="at least one entity type"):
        parse_types(" , ")
