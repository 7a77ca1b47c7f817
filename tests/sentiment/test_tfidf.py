"""The linear tf-idf scorer against a hand computation."""

import math

import numpy as np
import pytest

from nlptk.sentiment.tfidf import LinearTextModel


@pytest.mark.parametrize(("slope", "offset"), [(1.0, 0.0), (-2.0, 0.5)])
def test_linear_text_known_answer(slope, offset):
    model = LinearTextModel(
        {"a": 0, "b": 1}, np.array([1.0, 2.0]), np.array([1.0, -1.0]), 0.25, slope, offset
    )
    # counts a=2, b=1 -> tf (1 + ln 2, 1) * idf (1, 2), then unit length
    va, vb = 1 + math.log(2), 2.0
    norm = math.hypot(va, vb)
    decision = (va - vb) / norm + 0.25
    assert model.decision(["a", "a", "b", "unknown"]) == pytest.approx(decision)
    expected = 1 / (1 + math.exp(-(slope * decision + offset)))
    assert model.probability(["b", "a", "a"]) == pytest.approx(expected)


@pytest.mark.parametrize("features", [[], ["unknown"]])
def test_linear_text_no_known_feature_gives_bias(features):
    model = LinearTextModel({"a": 0}, np.ones(1), np.ones(1), -0.5)
    assert model.decision(features) == -0.5


@pytest.mark.parametrize("scale", [(0.5, -2.0)])
def test_linear_text_binary_counts_presence_once(scale):
    model = LinearTextModel(
        {"a": 0, "b": 1}, np.array(scale), np.array([1.0, 1.0]), 0.0, binary=True
    )
    # presence 1 each, scaled by (0.5, -2), unit length: (0.5 - 2) / hypot(0.5, 2)
    expected = (scale[0] + scale[1]) / math.hypot(*scale)
    assert model.decision(["a", "a", "a", "b"]) == pytest.approx(expected)
    assert model.decision(["a", "b"]) == pytest.approx(expected)


@pytest.mark.parametrize("features", [["a"]])
def test_linear_text_zero_scale_gives_bias(features):
    model = LinearTextModel({"a": 0}, np.zeros(1), np.ones(1), 0.3, binary=True)
    assert model.decision(features) == 0.3
