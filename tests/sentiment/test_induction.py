"""Log-odds lexicon induction: direction, evidence ranking and shrinkage of rare words."""

import math

import pytest

from nlptk.sentiment.induction import induce_lexicon


def _docs():
    docs = [(["好", "房间"], True)] * 40 + [(["差", "房间"], False)] * 40
    docs += [(["赞", "房间"], True)] * 8 + [(["房间", "稀有"], True)] * 2
    return docs


@pytest.mark.parametrize("prior", [50.0])
def test_lexicon_induction_known_answer(prior):
    words = {w.word: w for w in induce_lexicon(_docs(), min_docs=2, min_z=0.0, prior=prior)}
    assert words["好"].weight > 0 > words["差"].weight
    assert words["好"].pos_docs == 40 and words["好"].neg_docs == 0
    # hand computation for 好: n_pos = 100 distinct-token counts, n_neg = 80, total 180
    alpha = prior * 40 / 180
    delta = math.log((40 + alpha) / (100 + prior - 40 - alpha)) - math.log(
        alpha / (80 + prior - alpha)
    )
    assert words["好"].z == pytest.approx(delta / math.sqrt(1 / (40 + alpha) + 1 / alpha), abs=1e-3)
    # a word seen in 8 documents outranks one seen in 2, though both are always positive
    assert abs(words["赞"].z) > abs(words["稀有"].z)


@pytest.mark.parametrize(("min_z", "max_words"), [(2.58, 5000), (0.0, 2)])
def test_lexicon_induction_thresholds(min_z, max_words):
    words = induce_lexicon(_docs(), min_docs=5, min_z=min_z, max_words=max_words)
    assert "稀有" not in {w.word for w in words}  # below min_docs
    assert len(words) <= max_words
    assert [abs(w.z) for w in words] == sorted((abs(w.z) for w in words), reverse=True)


@pytest.mark.parametrize("docs", [[], [(["好"], True)] * 10])
def test_lexicon_induction_needs_both_classes(docs):
    assert induce_lexicon(docs) == []
