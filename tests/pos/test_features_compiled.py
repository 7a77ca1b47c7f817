"""The compiled feature layout of the perceptron POS tagger (``nlptk.pos._c._features``) against
its reference, ``WordFeatures.__call__``: the same ids, layout and mask, so the same tags."""

from __future__ import annotations

import numpy as np
import pytest

import nlptk.pos.perceptron as perceptron
from nlptk.pos.perceptron import PerceptronTagger

pytestmark = pytest.mark.skipif(perceptron._cfeatures is None, reason="not compiled")

SENTENCES = [
    ["我"],
    ["１９９８年", "新年", "讲话"],
    ["江", "泽民", "在", "北京", "会见", "了", "克林顿", "。"],
    ["国务院办公厅", "发布", "通知"],  # words outside the tag dictionary: OOV ids
    ["Python", "3.12", "比", "3.11", "快", "了", "25%", "，", "😀", "e\u0301"],
    ["他", "是"],
    ["\ud800", "孤"],  # a lone surrogate hashes, as feature_id hashes it
]


@pytest.fixture(scope="module")
def tagger() -> PerceptronTagger:
    return PerceptronTagger.load("pos-zh-pd98")


def _reference(tagger: PerceptronTagger, words: list[str]):  # noqa: ANN202
    norm = [perceptron.normalize_width(w) for w in words]
    return tagger._features(norm), tagger.mask(norm)


@pytest.mark.parametrize("words", SENTENCES)
def test_features_compiled_equal_the_reference(tagger, words):
    feats, mask = tagger._compiled(words, True)
    ref, ref_mask = _reference(tagger, words)
    assert np.array_equal(feats.ids, ref.ids)
    if isinstance(ref.layout, int):
        assert feats.layout == ref.layout
    else:
        assert np.array_equal(feats.layout, ref.layout)
    assert (mask is None) == (ref_mask is None)
    if mask is not None:
        assert np.array_equal(mask, ref_mask)
    assert tagger._compiled(words, False)[1] is None


@pytest.mark.parametrize("words", SENTENCES)
def test_features_compiled_tags_equal_the_python_path(tagger, words, monkeypatch):
    compiled = tagger.tag_words(words)
    monkeypatch.setattr(perceptron, "_cfeatures", None)
    assert tagger.tag_words(words) == compiled


def test_features_compiled_on_generated_sentences(tagger, monkeypatch):
    """A thousand generated sentences, the cached records reused across them."""
    rng = np.random.default_rng(0)
    vocab = ["我", "爱", "北京", "天安门", "国务院", "发展", "改革", "ＡＢＣ", "x", "，", "１２"]
    sentences = [
        [str(w) for w in rng.choice(vocab, size=int(rng.integers(1, 30)))] for _ in range(1000)
    ]
    compiled = [tagger.tag_words(s) for s in sentences]
    monkeypatch.setattr(perceptron, "_cfeatures", None)
    assert [tagger.tag_words(s) for s in sentences] == compiled
