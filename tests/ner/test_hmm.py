"""HMMTagger: estimator contract, known answers, artifacts."""

from __future__ import annotations

import json

import pytest

from nlptk.errors import InputError, ModelFormatError, NotFittedError
from nlptk.ner.hmm import HMMTagger

TRAIN = [
    (list("江泽民在北京"), ["B-PER", "I-PER", "E-PER", "O", "B-LOC", "E-LOC"]),
    (list("李鹏到上海"), ["B-PER", "E-PER", "O", "B-LOC", "E-LOC"]),
    (list("新华社在北京"), ["B-ORG", "I-ORG", "E-ORG", "O", "B-LOC", "E-LOC"]),
]
EN = [
    (["Peter", "Blackburn", "visited", "Germany", "."], ["B-PER", "E-PER", "O", "S-LOC", "O"]),
    (["He", "visited", "France", "."], ["O", "O", "S-LOC", "O"]),
]


@pytest.fixture
def tagger():
    return HMMTagger(lang="zh", min_count=2).fit(TRAIN)


def test_ner_hmm_fit_returns_self():
    tagger = HMMTagger()
    assert tagger.fit(TRAIN) is tagger


def test_ner_hmm_predict_before_fit_raises():
    with pytest.raises(NotFittedError, match="not fitted"):
        HMMTagger().predict([list("北京")])


def test_ner_hmm_get_params_round_trip():
    params = {"lang": "en", "min_count": 3, "alpha": 0.3, "beta": 0.2}
    assert HMMTagger(**params).get_params() == params
    assert HMMTagger(**HMMTagger(**params).get_params()).get_params() == params


@pytest.mark.parametrize(
    ("tokens", "tags"),
    [
        (list("李鹏在上海"), ["B-PER", "E-PER", "O", "B-LOC", "E-LOC"]),
        ([], []),
    ],
)
def test_ner_hmm_known_answers(tagger, tokens, tags):
    assert tagger.predict([tokens]) == [tags]


def test_ner_hmm_probabilities_and_structural_zeros(tagger):
    assert tagger.labels_[0] == "O" and len(tagger.labels_) == 13
    assert abs(tagger.transmat_.sum(axis=1) - 1).max() < 1e-12
    b_per, o = tagger.labels_.index("B-PER"), tagger.labels_.index("O")
    assert tagger.transmat_[b_per, o] == 0.0  # an open entity cannot stop
    assert tagger.startprob_[tagger.labels_.index("E-PER")] == 0.0
    assert (tagger.emissionprob_ > 0).all()


def test_ner_hmm_unseen_english_word_uses_its_shape():
    tagger = HMMTagger(lang="en", min_count=2).fit(EN * 3 + [(["Spain"], ["S-LOC"])])
    assert tagger.predict([["He", "visited", "Narnia", "."]]) == [["O", "O", "S-LOC", "O"]]


def test_ner_hmm_decoders_agree(tagger):
    sents = [list("江泽民到上海"), [], list("北京")]
    assert tagger.predict(sents, decoder="hmmlearn") == tagger.predict(sents, decoder="numpy")


def test_ner_hmm_unknown_decoder(tagger):
    message = "unknown decoder 'fast'; choose one of auto, c, numpy, hmmlearn"
    with pytest.raises(InputError, match=message):
        tagger.predict([["a"]], decoder="fast")


@pytest.mark.parametrize(
    ("kwargs", "data", "message"),
    [
        ({"lang": "fr"}, TRAIN, "lang: expected one of 'zh', 'en', got 'fr'"),
        ({"alpha": 0}, TRAIN, "alpha: expected a finite number > 0, got 0"),
        ({"alpha": float("nan")}, TRAIN, "alpha: expected a finite number > 0, got nan"),
        ({"beta": float("inf")}, TRAIN, "beta: expected a finite number > 0, got inf"),
        ({}, [([], [])], "no training sentences"),
        ({}, [(["a"], ["O"])], "holds no entity"),
    ],
)
def test_ner_hmm_bad_fit(kwargs, data, message):
    with pytest.raises(InputError, match=message):
        HMMTagger(**kwargs).fit(data)


def test_ner_hmm_save_load_same_predictions(tagger, tmp_path):
    tagger.save(tmp_path / "m", {"licence": "test"})
    loaded = HMMTagger.load(tmp_path / "m")
    sents = [list("江泽民到上海"), list("新华社")]
    assert loaded.predict(sents) == tagger.predict(sents)
    assert loaded.get_params() == tagger.get_params()
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    assert meta["task"] == "ner" and meta["labels"] == tagger.labels_ and meta["licence"] == "test"
    assert not list((tmp_path / "m").glob("*.pkl"))


def test_ner_hmm_load_damaged_model(tagger, tmp_path):
    tagger.save(tmp_path / "m")
    (tmp_path / "m" / "vocab.json").write_text('["<unk>"]', encoding="utf-8")
    with pytest.raises(ModelFormatError, match="vocab.json: checksum mismatch"):
        HMMTagger.load(tmp_path / "m")
    # without its checksums (a hand-made model) the shapes still do not pass
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    del meta["file_sha256"]
    (tmp_path / "m" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="do not match"):
        HMMTagger.load(tmp_path / "m")
    with pytest.raises(ModelFormatError, match="not an nlptk model directory"):
        HMMTagger.load(tmp_path)


UNSEEN = ["😀", "🎉", "\u200d", "א", "שלום", "\u0301", "e\u0301", "ü", "Ω", "가", "ⅷ", "Q"]


@pytest.mark.parametrize("text", UNSEEN)
def test_ner_hmm_unseen_characters_are_no_entity_alone(text):
    """The shipped Chinese model: characters never seen in training — emoji, ZWJ, Hebrew,
    combining marks, a stray Latin letter — do not make an entity by themselves."""
    from nlptk.ner.recognizer import Recognizer

    rec = Recognizer(lang="zh")
    assert rec.entities(text) == []
    around = rec.entities(f"江泽民{text}在北京")
    assert [(e.text, e.label) for e in around] == [("江泽民", "PER"), ("北京", "LOC")]


def test_ner_hmm_unknown_symbol_is_equally_likely_in_every_state(tagger):
    """``<unk>`` does not favour the rarest states (smoothing alone would)."""
    from nlptk.ner.hmm import UNKNOWN

    column = tagger.emissionprob_[:, tagger.index_[UNKNOWN]]
    assert column == pytest.approx(column[0], rel=1e-12)
    assert tagger.emissionprob_.sum(axis=1) == pytest.approx(1.0)
    assert tagger.predict([["😀"], ["😀", "😀"]]) == [["O"], ["O", "O"]]


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        ([f"T{i:02d}" for i in range(64)], "labels: expected a list of 5 to 253"),
        ("OBIES", "labels: expected a list"),
        (["O", "B-", "I-", "E-", "S-"], "labels: O, then B-, I-, E-, S- of each non-empty type"),
    ],
)
def test_ner_hmm_load_refuses_label_sets_decoders_cannot_hold(tagger, tmp_path, labels, message):
    from nlptk.sequence.tags import bioes_labels

    tagger.save(tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "meta.json").read_text(encoding="utf-8"))
    meta["labels"] = (
        bioes_labels(labels) if isinstance(labels, list) and len(labels) > 5 else labels
    )
    (tmp_path / "m" / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match=message):
        HMMTagger.load(tmp_path / "m")
