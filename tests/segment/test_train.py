"""Training a segmentation model: files written, save → load giving identical cuts, adapt."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from nlptk import Segmenter
from nlptk.errors import InputError, ModelFormatError
from nlptk.readers.words import read_segmented
from nlptk.segment.adapt import _initial_model
from nlptk.segment.dictionary import PrefixDict
from nlptk.segment.engine import PyEngine, WidthNormalizingEngine
from nlptk.segment.estimate import (
    SegCounts,
    dictionary_entries,
    estimate_hmm,
    single_ratios,
    solo_chars,
)
from nlptk.segment.fold import normalize_width
from nlptk.segment.train import parse_threshold, train_segment
from nlptk.sequence.tags import BMES, PREV_BMES

DATA = Path(__file__).resolve().parents[1] / "data" / "seg"
CORPUS = str(DATA / "tiny_pd.txt")
TEXTS = [
    "我们来到北京清华大学学习经济。",
    "１９９８年，小明的朋友在杭研大厦。",
    "1998年12月31日，他来到网易。",
    "龘龘龘在北京",
    "",
]


def _counts(normalize: bool) -> SegCounts:
    counts = SegCounts()
    for _, words, tags in read_segmented(CORPUS, "pd"):
        counts.add([normalize_width(w) for w in words] if normalize else words, tags)
    return counts


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model")
    train_segment(CORPUS, out, solo_threshold=0.5)
    return out


def test_segment_train_writes_meta_dict_and_hmm(model_dir):
    meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
    assert meta["task"] == "segment"
    assert meta["params"]["normalize_width"] is True
    assert meta["data"]["sentences"] == 11
    assert len(meta["data"]["sha256"]) == 64
    lines = (model_dir / "dict.txt").read_text(encoding="utf-8").splitlines()
    assert "北京 4 ns" in lines
    # Width-normalised at training time: People's Daily's １９９８年 is stored half width.
    assert "1998年 1 t" in lines


@pytest.mark.parametrize("text", TEXTS)
def test_segment_train_save_load_gives_identical_cuts(model_dir, text):
    counts = _counts(normalize=True)
    pdict = PrefixDict.from_words((w, f) for w, f, _ in dictionary_entries(counts))
    solo = solo_chars(single_ratios(counts), 0.5)
    in_memory = WidthNormalizingEngine(PyEngine(pdict, estimate_hmm(counts, 0.1).params(), solo))
    loaded = Segmenter.load(model_dir)
    assert loaded.cut(text) == in_memory.cut(text, "accurate", True)
    assert "".join(loaded.cut(text)) == text


@pytest.mark.parametrize(
    ("text", "words"),
    [("１９９８年，我们", ["１９９８年", "，", "我们"]), ("1998年,我们", ["1998年", ",", "我们"])],
)
def test_segment_train_width_normalised_lookup_returns_original_characters(model_dir, text, words):
    assert Segmenter.load(model_dir).cut(text) == words


def test_segment_train_solo_threshold_auto_is_chosen_on_dev(tmp_path):
    meta = train_segment(CORPUS, tmp_path)
    scores = meta["metrics"]["dev_f1_by_solo_threshold"]
    assert set(scores) == {str(t).lower() for t in meta["params"]["solo_grid"]}
    best = str(meta["params"]["solo_threshold"]).lower()
    assert scores[best] == max(scores.values())


@pytest.mark.parametrize("text", ["", "\n\n", "   \n"])
def test_segment_train_empty_corpus_is_an_error(tmp_path, text):
    corpus = tmp_path / "empty.txt"
    corpus.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="no segmented sentences"):
        train_segment(str(corpus), tmp_path / "m", solo_threshold=None)


@pytest.mark.parametrize(
    ("value", "expected"), [("auto", "auto"), ("None", None), ("0.25", 0.25), ("1", 1.0)]
)
def test_segment_train_parse_threshold(value, expected):
    assert parse_threshold(value) == expected


@pytest.mark.parametrize("value", ["0", "1.5", "high"])
def test_segment_train_parse_threshold_rejects(value):
    with pytest.raises(InputError, match="auto, none or a number"):
        parse_threshold(value)


def test_segment_adapt_keeps_structural_zeros():
    runs = ["我们在北京学习", "龘龘来到中国", "经济发展很快"]
    model, symbols, _ = _initial_model(_counts(normalize=True), 0.1, runs, weight=0.5)
    index = {ch: k for k, ch in enumerate(symbols)}
    X = np.array([[index[ch]] for run in runs for ch in run])
    for _ in range(3):
        model.fit(X, [len(r) for r in runs])
    forbidden = [
        (i, j) for i, a in enumerate(BMES) for j, b in enumerate(BMES) if a not in PREV_BMES[b]
    ]
    assert all(model.transmat_[i, j] == 0 for i, j in forbidden)
    assert model.startprob_[BMES.index("M")] == model.startprob_[BMES.index("E")] == 0
    assert np.allclose(model.emissionprob_.sum(axis=1), 1)


def test_segment_adapt_reports_likelihood_per_iteration(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text("我们在北京学习经济。\n龘龘来到中国\n\n", encoding="utf-8")
    seen: list[str] = []

    def track(items, description, total):
        seen.append(description)
        return items

    meta = train_segment(
        CORPUS, tmp_path / "m", solo_threshold=None, adapt=str(raw), n_iter=3, track=track
    )
    history = meta["adapt"]["log_likelihood"]
    assert len(history) == 4
    assert all(math.isfinite(x) and x < 0 for x in history)
    assert "Baum-Welch" in seen
    hmm = json.loads((tmp_path / "m" / "hmm.json").read_text(encoding="utf-8"))
    assert hmm["start"]["M"] == hmm["start"]["E"] == -3.14e100
    assert Segmenter.load(tmp_path / "m").cut("龘龘来到中国")[-2:] == ["来到", "中国"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"alpha": math.inf}, "alpha: expected a finite number > 0, got inf"),
        ({"alpha": math.nan}, "alpha: expected a finite number > 0, got nan"),
        ({"alpha": 0.0}, "alpha: expected a finite number > 0, got 0.0"),
        ({"adapt_weight": math.nan}, "adapt_weight: expected a finite number >= 0"),
        ({"n_iter": 0}, "n_iter: expected an integer >= 1"),
    ],
)
def test_segment_train_refuses_non_finite_hyper_parameters(tmp_path, params, message):
    """Checked before any data is read; no model directory is made."""
    with pytest.raises(InputError, match=message):
        train_segment(CORPUS, tmp_path / "m", solo_threshold=None, **params)
    assert not (tmp_path / "m").exists()


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda m: m["params"].update(alpha=-1), "params.alpha: expected a finite number > 0"),
        (lambda m: m.update(params=[1]), "params: expected an object"),
        (lambda m: m["params"].update(normalize_width="yes"), "normalize_width: expected true"),
        (lambda m: m.update(engine="neural"), "a 'neural' segmentation model"),
        (lambda m: m.update(adapt=[1]), "adapt: expected null or an object"),
        (lambda m: m["file_sha256"].pop("hmm.json"), "file_sha256 has no entry for hmm.json"),
    ],
)
def test_segment_train_load_checks_every_meta_field(model_dir, tmp_path, edit, message):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(model_dir, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    edit(meta)
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        Segmenter.load(copy)


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda h: h["start"].update(B="x"), "start.B: expected a finite number <= 0"),
        (lambda h: h["emit"]["S"].update(ab=-1.0), "emit.S key: one character"),
        (lambda h: h["trans"]["B"].update(X=-1.0), "trans.B key: expected one of"),
        (lambda h: h.pop("solo"), "solo: missing"),
    ],
)
def test_segment_train_hmm_json_fields_checked(model_dir, tmp_path, edit, message):
    """Without its checksum (a hand-made model) hmm.json is still checked field by field."""
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(model_dir, copy)
    hmm = json.loads((copy / "hmm.json").read_text(encoding="utf-8"))
    edit(hmm)
    (copy / "hmm.json").write_text(json.dumps(hmm), encoding="utf-8")
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    del meta["file_sha256"]
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        Segmenter.load(copy)
