"""Batched Viterbi: a hand-computed path, and the same paths as hmmlearn's decode."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlptk.sequence.viterbi import log_params, viterbi_batch


def _logs(start, trans, emit):
    return log_params(np.array(start), np.array(trans), np.array(emit))


@pytest.mark.parametrize(
    ("obs", "path"),
    [
        ([0, 1, 2], [0, 0, 1]),  # Wikipedia: normal, cold, dizzy → Healthy, Healthy, Fever
        ([2, 2, 2], [1, 1, 1]),
        ([0], [0]),
    ],
)
def test_viterbi_wikipedia_example(obs, path):
    logs = _logs([0.6, 0.4], [[0.7, 0.3], [0.4, 0.6]], [[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])
    assert viterbi_batch(*logs, [np.array(obs)])[0].tolist() == path


def _hmmlearn_paths(start, trans, emit, seqs):
    hmm = pytest.importorskip("hmmlearn.hmm")
    model = hmm.CategoricalHMM(n_components=len(start), init_params="", params="")
    model.n_features = emit.shape[1]
    model.startprob_, model.transmat_, model.emissionprob_ = start, trans, emit
    lengths = [len(s) for s in seqs]
    _, states = model.decode(np.concatenate(seqs)[:, None], lengths=lengths)
    return np.split(states, np.cumsum(lengths)[:-1])


@pytest.mark.parametrize("seed", [0, 1])
def test_viterbi_matches_hmmlearn_on_random_models_with_structural_zeros(seed):
    rng = np.random.default_rng(seed)
    n_states, n_symbols = 5, 20
    trans = rng.random((n_states, n_states)) * (rng.random((n_states, n_states)) > 0.3)
    trans[np.arange(n_states), np.arange(n_states)] += 0.1
    trans /= trans.sum(axis=1, keepdims=True)
    start = rng.dirichlet(np.ones(n_states))
    emit = rng.dirichlet(np.ones(n_symbols), size=n_states)
    seqs = [rng.integers(0, n_symbols, rng.integers(1, 40)) for _ in range(700)]
    ours = viterbi_batch(*_logs(start, trans, emit), seqs, batch_size=64)
    theirs = _hmmlearn_paths(start, trans, emit, seqs)
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


@pytest.mark.parametrize(
    ("model", "path", "fmt"),
    [
        ("ner-zh-pd98", "ner/msra/msra_test_bio.txt", "bio"),
        ("ner-en-conll03", "ner/conll2003/test.txt", "conll"),
    ],
)
def test_viterbi_matches_hmmlearn_on_real_data(shared_data, model, path, fmt):
    from nlptk.ner.data import load_ner_data
    from nlptk.ner.hmm import HMMTagger

    tagger = HMMTagger.load(Path(__file__).resolve().parents[2] / "models" / model)
    sents = [s.tokens for s in load_ner_data(str(shared_data / path), fmt, tagger.lang)[:800]]
    assert tagger.predict(sents, decoder="numpy") == tagger.predict(sents, decoder="hmmlearn")
