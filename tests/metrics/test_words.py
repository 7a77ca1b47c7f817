"""SIGHAN-style scoring with hand-computed answers."""

import pytest

from nlptk.metrics.words import SegTally, same_text, tally_line, word_spans


@pytest.mark.parametrize(
    ("words", "spans"),
    [(["我", "来到", "北京"], {(0, 1), (1, 3), (3, 5)}), ([], set())],
)
def test_seg_score_word_spans(words, spans):
    assert word_spans(words) == spans


@pytest.mark.parametrize(
    "gold",
    [["我", "来到", "北京", "清华大学"], ["１９９８年", "，", "ＡＢＣ", "龘"]],
)
def test_seg_score_gold_against_gold_is_perfect(gold):
    m = tally_line(gold, gold, vocabulary={gold[0]}).metrics()
    assert (m["precision"], m["recall"], m["f1"], m["oov_recall"], m["iv_recall"]) == (
        1.0,
        1.0,
        1.0,
        1.0,
        1.0,
    )


@pytest.mark.parametrize(
    ("gold", "pred", "vocab", "expected"),
    [
        # gold spans (0,2)(2,3)(3,5); pred (0,2)(2,5): 1 correct of 2 pred, of 3 gold.
        (
            ["北京", "的", "大学"],
            ["北京", "的大学"],
            {"北京", "的"},
            {"precision": 1 / 2, "recall": 1 / 3, "f1": 0.4, "oov_rate": 1 / 3},
        ),
        # 大学 is OOV and found; 北京 is IV and missed: OOV recall 1, IV recall 1/2.
        (
            ["北京", "的", "大学"],
            ["北", "京", "的", "大学"],
            {"北京", "的"},
            {"oov_recall": 1.0, "iv_recall": 0.5, "recall": 2 / 3, "precision": 0.5},
        ),
    ],
)
def test_seg_score_known_answers(gold, pred, vocab, expected):
    metrics = tally_line(gold, pred, vocab).metrics()
    for key, value in expected.items():
        assert metrics[key] == pytest.approx(value), key


def test_seg_score_tallies_add_up_over_lines():
    total = SegTally()
    total += tally_line(["甲", "乙丙"], ["甲", "乙丙"])
    total += tally_line(["丁"], ["丁"])
    assert (total.lines, total.gold_words, total.correct) == (2, 3, 3)


@pytest.mark.parametrize(
    ("gold", "pred", "same"),
    [(["北京", "大学"], ["北", "京大学"], True), (["北京"], ["南京"], False)],
)
def test_seg_score_same_text(gold, pred, same):
    assert same_text(gold, pred) is same


def test_seg_score_undefined_rates_are_zero_not_errors():
    assert SegTally().metrics()["f1"] == 0.0
