"""Strict entity scores: known answers, and agreement with seqeval (strict IOBES and its
default conlleval mode) on random and real tag sequences."""

from __future__ import annotations

import random

import pytest

from nlptk.metrics.entities import entity_scores, span_scores, strict_entities
from nlptk.sequence.tags import bioes_to_bio

seqeval = pytest.importorskip("seqeval")
from seqeval.metrics import classification_report  # noqa: E402
from seqeval.scheme import IOBES  # noqa: E402


@pytest.mark.parametrize(
    ("tags", "entities"),
    [
        (["B-PER", "I-PER", "E-PER"], [(0, 3, "PER")]),
        (["S-LOC", "S-LOC"], [(0, 1, "LOC"), (1, 2, "LOC")]),
        (["B-PER", "I-PER", "O"], []),  # never closed
        (["B-PER", "E-LOC"], []),  # type changes
        (["B-PER", "B-PER", "E-PER"], [(1, 3, "PER")]),  # the broken run's end restarts
        (["I-PER", "E-PER", "S-ORG"], [(2, 3, "ORG")]),  # no B
    ],
)
def test_entity_score_strict_entities(tags, entities):
    assert strict_entities(tags) == entities


def test_entity_score_known_counts():
    gold = [["B-PER", "E-PER", "O", "S-LOC"], ["S-ORG", "O"]]
    pred = [["B-PER", "E-PER", "O", "O"], ["S-LOC", "O"]]
    s = entity_scores(gold, pred)
    assert s["micro"]["precision"] == 0.5 and s["micro"]["recall"] == pytest.approx(1 / 3)
    assert s["micro"]["f1"] == pytest.approx(0.4)
    assert s["per_type"]["PER"]["f1"] == 1.0
    assert s["per_type"]["LOC"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "support": 1,
        "predicted": 1,
        "correct": 0,
    }
    assert s["per_type"]["ORG"]["support"] == 1 and s["per_type"]["ORG"]["predicted"] == 0


def test_entity_score_length_mismatch_names_sentence():
    with pytest.raises(ValueError, match="sentence 2: 2 gold tags but 1 predicted"):
        entity_scores([["O"], ["O", "O"]], [["O"], ["O"]])


def test_entity_score_span_lists():
    assert span_scores([[(0, 2, "PER")]], [[(0, 2, "PER")]])["micro"]["f1"] == 1.0


def _seqeval(gold, pred, **kwargs):
    report = classification_report(gold, pred, output_dict=True, zero_division=0, **kwargs)
    return {
        k: (v["precision"], v["recall"], v["f1-score"], v["support"])
        for k, v in report.items()
        if k not in ("macro avg", "weighted avg")
    }


def _ours(gold, pred):
    s = entity_scores(gold, pred)
    rows = {t: v for t, v in s["per_type"].items() if v["support"]}
    rows["micro avg"] = s["micro"]
    return {k: (v["precision"], v["recall"], v["f1"], v["support"]) for k, v in rows.items()}


def _random_tags(rng, n):
    return [
        rng.choice(
            ["O", "O", "O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "E-LOC", "S-LOC", "I-LOC"]
        )
        for _ in range(n)
    ]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_entity_score_matches_seqeval_strict_on_ill_formed_sequences(seed):
    rng = random.Random(seed)
    gold = [_random_tags(rng, rng.randint(1, 12)) for _ in range(300)]
    pred = [_random_tags(rng, len(g)) for g in gold]
    theirs = _seqeval(gold, pred, mode="strict", scheme=IOBES)
    ours = _ours(gold, pred)
    assert ours.keys() == theirs.keys()
    for key in ours:
        assert ours[key] == pytest.approx(theirs[key]), key


@pytest.mark.parametrize("n_sentences", [600])
def test_entity_score_matches_seqeval_and_conlleval_on_conll_test(shared_data, n_sentences):
    from nlptk.ner.data import load_ner_data
    from nlptk.ner.recognizer import Recognizer

    gold = load_ner_data(str(shared_data / "ner/conll2003/test.txt"), "conll", "en")[:n_sentences]
    pred = Recognizer(lang="en").engine_for("en").tag_tokens([s.tokens for s in gold])
    gold_tags = [s.tags for s in gold]
    ours = _ours(gold_tags, pred)
    strict = _seqeval(gold_tags, pred, mode="strict", scheme=IOBES)
    # seqeval's default mode is conlleval's; it reads the IOB2 form of the same tags.
    conlleval = _seqeval([bioes_to_bio(t) for t in gold_tags], [bioes_to_bio(t) for t in pred])
    for theirs in (strict, conlleval):
        assert ours.keys() == theirs.keys()
        for key in ours:
            assert ours[key] == pytest.approx(theirs[key]), key
    assert 0.5 < ours["micro avg"][2] < 1.0
