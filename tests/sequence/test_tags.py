"""Tag schemes: spans ↔ tags, scheme conversion, validation and the BIOES grammar."""

from __future__ import annotations

import pytest

from nlptk._schema import Obj, SchemaError, check
from nlptk.errors import InputError
from nlptk.sequence.tags import (
    BIOES_LABELS,
    MAX_LABELS,
    MAX_TYPES,
    TagSchemeError,
    bio_to_spans,
    bioes_labels,
    bioes_to_bio,
    bioes_to_spans,
    can_follow,
    can_start,
    spans_to_bio,
    spans_to_bioes,
    to_bioes,
    training_labels,
    validate_tags,
)

SPANS = [(0, 3, "PER"), (4, 5, "LOC"), (5, 7, "ORG")]
BIOES = ["B-PER", "I-PER", "E-PER", "O", "S-LOC", "B-ORG", "E-ORG"]
BIO = ["B-PER", "I-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG"]
BMES = ["B-PER", "M-PER", "E-PER", "O", "S-LOC", "B-ORG", "E-ORG"]


@pytest.mark.parametrize(("n", "spans", "tags"), [(7, SPANS, BIOES), (0, [], [])])
def test_tagging_spans_bioes_round_trip(n, spans, tags):
    assert spans_to_bioes(n, spans) == tags
    assert bioes_to_spans(tags) == spans


@pytest.mark.parametrize(("tags", "scheme"), [(BIO, "bio"), (BMES, "bmes"), (BIOES, "bioes")])
def test_tagging_to_bioes(tags, scheme):
    assert to_bioes(tags, scheme) == BIOES


def test_tagging_bioes_bio_both_ways():
    assert bioes_to_bio(BIOES) == BIO
    assert spans_to_bio(7, SPANS) == BIO
    assert bio_to_spans(BIO) == SPANS


@pytest.mark.parametrize(
    ("tags", "scheme", "position", "fragment"),
    [
        (["O", "I-PER"], "bio", 1, "'I-PER' cannot follow 'O'"),
        (["B-PER", "I-LOC"], "bio", 1, "'I-LOC' cannot follow 'B-PER'"),
        (["B-PER", "O"], "bioes", 1, "expected I-PER or E-PER"),
        (["S-PER", "E-PER"], "bioes", 1, "'E-PER' cannot follow 'S-PER'"),
        (["O", "B-LOC"], "bioes", 2, "never closed by E-LOC"),
        (["O", "X-LOC"], "bioes", 1, "not a BIOES tag"),
        (["B-PER", "I-PER"], "bmes", 1, "not a BMES tag"),
        (["PER"], "bio", 0, "expected O or P-TYPE"),
    ],
)
def test_tagging_validate_names_first_bad_position(tags, scheme, position, fragment):
    with pytest.raises(TagSchemeError, match=fragment) as info:
        validate_tags(tags, scheme)
    assert info.value.position == position


@pytest.mark.parametrize(("tags", "scheme"), [(BIO, "bio"), (BIOES, "bioes"), (BMES, "bmes")])
def test_tagging_validate_accepts_well_formed(tags, scheme):
    validate_tags(tags, scheme)


def test_tagging_unknown_scheme_lists_choices():
    with pytest.raises(ValueError, match="choose one of bioes, bio, bmes"):
        validate_tags(["O"], "iob1")


@pytest.mark.parametrize(
    ("prev", "tag", "ok"),
    [
        ("O", "B-PER", True),
        ("O", "I-PER", False),
        ("B-PER", "I-PER", True),
        ("B-PER", "E-LOC", False),
        ("I-PER", "O", False),
        ("E-PER", "S-LOC", True),
        ("S-PER", "E-PER", False),
    ],
)
def test_tagging_can_follow(prev, tag, ok):
    assert can_follow(prev, tag) is ok


def test_tagging_bioes_grammar_accepts_exactly_valid_sequences():
    labels = bioes_labels(["PER", "LOC"])
    for prev in labels:
        for tag in labels:
            seq = ([prev] if can_start(prev) else ["B-" + prev[2:], prev]) + [tag]
            valid = True
            try:
                validate_tags(seq + ([] if tag[0] in "OES" else [f"E-{tag[2:]}"]), "bioes")
            except TagSchemeError:
                valid = False
            assert can_follow(prev, tag) is valid, (prev, tag)


@pytest.mark.parametrize(
    ("types", "ok"),
    [
        (["PER"], True),
        ([f"T{i:02d}" for i in range(MAX_TYPES)], True),
        ([f"T{i:02d}" for i in range(MAX_TYPES + 1)], False),
    ],
)
def test_tagging_training_labels_fit_in_a_byte(types, ok):
    tags = [f"S-{t}" for t in types] + ["O"]
    if ok:
        labels = training_labels(tags)
        assert len(labels) <= MAX_LABELS and labels == bioes_labels(types)
        check({"labels": labels}, Obj({"labels": BIOES_LABELS}))
    else:
        with pytest.raises(InputError, match=f"{len(types)} entity types; at most 63"):
            training_labels(tags)
        with pytest.raises(SchemaError, match="labels"):
            check({"labels": bioes_labels(types)}, Obj({"labels": BIOES_LABELS}))


@pytest.mark.parametrize(
    "labels",
    [
        ["O"],
        "OBIES",
        ["O", "B-", "I-", "E-", "S-"],
        ["O", "B-PER", "E-PER", "I-PER", "S-PER"],
        ["B-PER", "I-PER", "E-PER", "S-PER", "O"],
        ["O", "B-PER", "I-PER", "E-PER", "S-PER", "B-LOC", "I-LOC", "E-LOC", "S-LOC"],
    ],
)
def test_tagging_bioes_labels_spec_refuses_other_sets(labels):
    with pytest.raises(SchemaError, match="labels"):
        check({"labels": labels}, Obj({"labels": BIOES_LABELS}))


def test_tagging_training_labels_need_an_entity():
    with pytest.raises(InputError, match="holds no entity"):
        training_labels(["O", "O"])
