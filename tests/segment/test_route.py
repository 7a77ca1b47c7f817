"""Known-answer tests for the DAG and the route DP."""

import math

import pytest

from nlptk.segment.dag import build_dag
from nlptk.segment.dictionary import PrefixDict
from nlptk.segment.route import best_route

FREQ = {"北京": 10, "北京大学": 5, "大学": 20, "北": 1, "京": 1, "大": 3, "学": 2}


def _pdict() -> PrefixDict:
    return PrefixDict.from_words(FREQ.items())


@pytest.mark.parametrize(
    ("sentence", "dag"),
    [("北京大学", [[0, 1, 3], [1], [2, 3], [3]]), ("我北京", [[0], [1, 2], [2]])],
)
def test_dag_known_answer(sentence, dag):
    assert build_dag(sentence, _pdict().freq) == dag


def test_route_prefers_max_product_of_probabilities():
    pdict = _pdict()
    # 北京大学 as one word: 5/T; 北京|大学: 10*20/T^2 — with T=42 the single word wins.
    route = best_route("北京大学", build_dag("北京大学", pdict.freq), pdict.freq, pdict.log_total())
    assert route[0] == 3
    assert math.log(5 / 42) > math.log(10 / 42) + math.log(20 / 42)


def test_route_ties_go_to_the_longer_word():
    pdict = PrefixDict.from_words([("ab", 1), ("a", 1), ("b", 1)])
    pdict.total = 1  # every word has log-prob 0: a|b and ab tie
    route = best_route("ab", build_dag("ab", pdict.freq), pdict.freq, pdict.log_total())
    assert route[0] == 1


def test_prefix_dict_registers_prefixes_and_counts_total():
    pdict = PrefixDict.from_words([("北京大学", 5), ("北京大学", 7)])
    assert pdict.get("北京大学") == 7 and pdict.get("北京") == 0 and pdict.get("京") is None
    assert pdict.total == 12  # jieba counts a repeated word twice
