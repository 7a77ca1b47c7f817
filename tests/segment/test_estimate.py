"""Counting, estimation and smoothing for a trained segmentation model, by hand."""

import math

import pytest

from nlptk.segment.estimate import (
    SOLO_GRID,
    SegCounts,
    dictionary_entries,
    estimate_hmm,
    han_alphabet,
    single_ratios,
    solo_chars,
)
from nlptk.segment.hmm import MIN_FLOAT, viterbi
from nlptk.sequence.tags import BMES, PREV_BMES


@pytest.fixture
def counts() -> SegCounts:
    c = SegCounts()
    c.add(["我", "来到", "北京"], ["r", "v", "ns"])
    c.add(["北京", "的", "大学生"], ["ns", "u", "n"])
    c.add(["我", "的", "1998年"], ["r", "u", "t"])
    c.add([])
    return c


def test_seg_train_counts_words_tags_and_states(counts):
    assert counts.sentences == 3
    assert counts.words["北京"] == 2
    assert counts.start == {"S": 2, "B": 1}
    # S B E B E | B E S B M E | S S B M M M E
    assert counts.trans["S"] == {"B": 3, "S": 1}
    assert counts.trans["E"] == {"B": 1, "S": 1}
    assert counts.emit["B"]["北"] == 2
    # Only Han characters are emitted: the digits of 1998年 are not.
    assert "1" not in set().union(*counts.emit.values())
    assert counts.emit["E"]["年"] == 1


def test_seg_train_dictionary_most_frequent_first_with_tag(counts):
    entries = dictionary_entries(counts)
    assert entries[:3] == [("北京", 2, "ns"), ("我", 2, "r"), ("的", 2, "u")]
    assert ("1998年", 1, "t") in entries


def test_seg_train_dictionary_tag_ties_break_alphabetically():
    c = SegCounts()
    c.add(["发展"], ["vn"])
    c.add(["发展"], ["v"])
    assert dictionary_entries(c) == [("发展", 2, "v")]


def test_seg_train_hmm_probabilities_by_hand(counts):
    hmm = estimate_hmm(counts, alpha=0.5)
    assert math.exp(hmm.start["S"]) == pytest.approx(2 / 3)
    assert hmm.start["M"] == hmm.start["E"] == MIN_FLOAT
    assert math.exp(hmm.trans["S"]["B"]) == pytest.approx(3 / 4)
    # Only allowed transitions are listed: the structural zeros stay impossible.
    for prev in BMES:
        assert set(hmm.trans[prev]) == {s for s in BMES if prev in PREV_BMES[s]}
    # B emits 北 twice; the 1 of 1998年 is a B state but not a Han character.
    n_b = sum(counts.emit["B"].values())
    den = n_b + 0.5 * len(han_alphabet())
    assert math.exp(hmm.emit["B"]["北"]) == pytest.approx(2.5 / den)
    assert math.exp(hmm.emit_unseen["B"]) == pytest.approx(0.5 / den)


def test_seg_train_emissions_sum_to_one_over_the_han_range(counts):
    params = estimate_hmm(counts, alpha=0.1).params()
    for s in BMES:
        assert len(params.emit[s]) == len(han_alphabet())
        assert math.fsum(math.exp(v) for v in params.emit[s].values()) == pytest.approx(1.0)


def test_seg_train_smoothing_lets_the_hmm_decode_unseen_characters(counts):
    params = estimate_hmm(counts, alpha=0.1).params()
    # No character of 龘龘 was seen: the transitions alone decide, and the path is valid.
    assert viterbi("龘龘", params) in (["B", "E"], ["S", "S"])


def test_seg_train_single_ratios_and_solo(counts):
    ratios = single_ratios(counts)
    assert ratios["的"] == 1.0
    assert ratios["北"] == 0.0
    assert "1" not in ratios
    assert solo_chars(ratios, 0.5) == {"我", "的"}
    assert solo_chars(ratios, None) == frozenset()


def test_seg_train_solo_grid_ends_with_off():
    assert SOLO_GRID[-1] is None
    assert all(0 < t <= 1 for t in SOLO_GRID[:-1])
