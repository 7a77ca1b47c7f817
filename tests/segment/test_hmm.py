"""Hand-computed Viterbi cases for the BMES HMM."""

import pytest

from nlptk.segment.hmm import MIN_FLOAT, BMESParams, hmm_cut, viterbi
from nlptk.sequence.tags import BMES, bmes_to_spans, words_to_bmes

TRANS = {
    "B": {"E": -0.5, "M": -0.9},
    "E": {"B": -0.6, "S": -0.8},
    "M": {"E": -0.3, "M": -1.3},
    "S": {"B": -0.7, "S": -0.7},
}
START = {"B": -0.3, "E": MIN_FLOAT, "M": MIN_FLOAT, "S": -1.5}


def _params(emit_b, emit_e, emit_s, emit_m=None):
    return BMESParams(START, TRANS, {"B": emit_b, "E": emit_e, "S": emit_s, "M": emit_m or {}})


def test_viterbi_two_chars_known_answer():
    # B→E: -0.3-1 + -0.5-1 = -2.8 ; S→S: -1.5-3 + -0.7-3 = -8.2 ; E/S end only.
    p = _params({"甲": -1.0}, {"乙": -1.0}, {"甲": -3.0, "乙": -3.0})
    assert viterbi("甲乙", p) == ["B", "E"]


def test_viterbi_single_char_must_be_s():
    p = _params({"甲": -0.1}, {}, {"甲": -5.0})
    assert viterbi("甲", p) == ["S"]


@pytest.mark.parametrize(
    ("text", "spans"),
    [("甲乙 3.5%", [(0, 2), (2, 3), (3, 7)])],
)
def test_hmm_cut_keeps_numbers_whole(text, spans):
    p = _params({"甲": -1.0}, {"乙": -1.0}, {"甲": -3.0, "乙": -3.0})
    assert list(hmm_cut(text, p)) == spans


def test_hmm_cut_force_split():
    p = _params({"甲": -1.0}, {"乙": -1.0}, {"甲": -3.0, "乙": -3.0})
    assert list(hmm_cut("甲乙", p, {"甲乙"})) == [(0, 1), (1, 2)]


@pytest.mark.parametrize("words", [["我", "来到", "北京大学"], ["a"], []])
def test_tagging_bmes_round_trip(words):
    tags = words_to_bmes(words)
    assert set(tags) <= set(BMES)
    text = "".join(words)
    assert [text[s:e] for s, e in bmes_to_spans(tags)] == words
