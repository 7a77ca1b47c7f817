"""Viterbi decoders (batched numpy, C): a hand-computed path, the same paths as hmmlearn's
decode, and the same paths as each other on real data."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nlptk.sequence.viterbi import COMPILED, log_params, viterbi_batch, viterbi_compiled

needs_c = pytest.mark.skipif(not COMPILED, reason="the C decoder is not built")
DECODERS = [viterbi_batch, pytest.param(viterbi_compiled, marks=needs_c)]


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
@pytest.mark.parametrize("decode", DECODERS)
def test_viterbi_wikipedia_example(decode, obs, path):
    logs = _logs([0.6, 0.4], [[0.7, 0.3], [0.4, 0.6]], [[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])
    assert decode(*logs, [np.array(obs)])[0].tolist() == path


def _hmmlearn_paths(start, trans, emit, seqs):
    hmm = pytest.importorskip("hmmlearn.hmm")
    model = hmm.CategoricalHMM(n_components=len(start), init_params="", params="")
    model.n_features = emit.shape[1]
    model.startprob_, model.transmat_, model.emissionprob_ = start, trans, emit
    lengths = [len(s) for s in seqs]
    _, states = model.decode(np.concatenate(seqs)[:, None], lengths=lengths)
    return np.split(states, np.cumsum(lengths)[:-1])


@pytest.mark.parametrize("decode", DECODERS)
@pytest.mark.parametrize("seed", [0, 1])
def test_viterbi_matches_hmmlearn_on_random_models_with_structural_zeros(decode, seed):
    rng = np.random.default_rng(seed)
    n_states, n_symbols = 5, 20
    trans = rng.random((n_states, n_states)) * (rng.random((n_states, n_states)) > 0.3)
    trans[np.arange(n_states), np.arange(n_states)] += 0.1
    trans /= trans.sum(axis=1, keepdims=True)
    start = rng.dirichlet(np.ones(n_states))
    emit = rng.dirichlet(np.ones(n_symbols), size=n_states)
    seqs = [rng.integers(0, n_symbols, rng.integers(1, 40)) for _ in range(700)]
    ours = decode(*_logs(start, trans, emit), seqs)
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


@needs_c
@pytest.mark.parametrize("n_states", [1, 4])
def test_viterbi_compiled_ties_and_empty_as_numpy(n_states):
    """Equal scores everywhere: both decoders break every tie the same way."""
    logs = _logs(
        np.full(n_states, 1 / n_states),
        np.full((n_states, n_states), 1 / n_states),
        np.full((n_states, 3), 1 / 3),
    )
    seqs = [np.array([0, 1, 2, 1]), np.array([], dtype=np.intp), np.array([2])]
    ours = viterbi_compiled(*logs, seqs)
    assert [p.tolist() for p in ours] == [p.tolist() for p in viterbi_batch(*logs, seqs)]


@needs_c
@pytest.mark.parametrize("obs", [[0, 3], [-1]])
def test_viterbi_compiled_rejects_unknown_symbols(obs):
    logs = _logs([0.6, 0.4], [[0.7, 0.3], [0.4, 0.6]], [[0.5, 0.4, 0.1], [0.1, 0.3, 0.6]])
    with pytest.raises(IndexError, match="symbol id"):
        viterbi_compiled(*logs, [np.array(obs)])


@needs_c
@pytest.mark.parametrize(
    ("model", "path", "fmt"),
    [
        ("ner-zh-pd98", "ner/msra/msra_test_bio.txt", "bio"),
        ("ner-en-conll03", "ner/conll2003/test.txt", "conll"),
    ],
)
def test_viterbi_compiled_matches_numpy_on_real_data(shared_data, model, path, fmt):
    from nlptk.ner.data import load_ner_data
    from nlptk.ner.hmm import HMMTagger

    tagger = HMMTagger.load(Path(__file__).resolve().parents[2] / "models" / model)
    sents = [s.tokens for s in load_ner_data(str(shared_data / path), fmt, tagger.lang)]
    assert tagger.predict(sents, decoder="c") == tagger.predict(sents, decoder="numpy")
