"""A bounded, seeded fuzz run through every entry point that reaches C, each held to its
pure-Python reference: the segmentation kernel (``_kernel.c``), the POS HMM (``_posseg.c``),
the keyword rankers (``_keywords.c``), the perceptron features, decoder and training step
(``_perceptron.c``) and the NER Viterbi and span readers (``_viterbi.c``).

Strings mix CJK, dictionary words, ASCII letters, digits and punctuation, full-width
forms, emoji and astral characters (ZWJ sequences, skin tones), combining marks, lone
surrogates, control and odd space characters, other scripts, any code point, and long runs
(of one character or of everything). The same ``SEED`` gives the same strings, so a failure
names a string that reproduces it. Nothing may crash, and compiled and Python must agree
exactly.

The references are slow (the pure-Python POS HMM and perceptron decoder run at a few
thousand characters per second), so each entry point takes as many strings as keeps the
module under a minute on a loaded 2-core machine; the perceptron paths are compared on small
models trained here on the fuzz strings, in C and in Python side by side (a shipped
model's weights would make every Python decode copy hundreds of megabytes).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import numpy as np
import pytest

import nlptk.ner.perceptron as ner_perceptron
import nlptk.ner.recognizer as recognizer
import nlptk.segment.perceptron.features as seg_features
import nlptk.sequence.perceptron as perceptron
from nlptk.artifacts import resolve_model
from nlptk.keywords import extract
from nlptk.keywords.idf import IDFTable
from nlptk.ner.hmm import HMMTagger
from nlptk.ner.recognizer import HMMEngine, PerceptronEngine, TaggerEngine
from nlptk.pos import Tagger
from nlptk.segment import Segmenter
from nlptk.segment.engine import MODES, Kernel
from nlptk.segment.perceptron.tagger import BMES_ALLOWED
from nlptk.segment.segmenter import PerceptronSegmenter
from nlptk.sequence.tags import BMES
from nlptk.sequence.tokens import tokenize
from nlptk.sequence.viterbi import COMPILED

pytestmark = pytest.mark.skipif(
    Kernel is None or not COMPILED or not perceptron.compiled() or extract._ckeywords is None,
    reason="the C extensions are not built",
)

SEED = 30  # issue 30

WORDS = [
    "我来到北京清华大学",
    "中华人民共和国",
    "江泽民",
    "李鹏",
    "北京",
    "上海",
    "克林顿",
    "新华社",
    "网易杭研大厦",
    "小明硕士毕业于中国科学院计算所",
    "今天天气很好",
    "１９９８年",
    "一九九八年",
    "Peter Blackburn",
]
LATIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
ASCII_PUNCT = " .,;:!?'\"()[]{}-_/\\@#$%^&*+=<>|~`"
CJK_PUNCT = "，。！？、；：“”‘’《》（）【】…—·\u3000"
ODD_SPACE_AND_CONTROL = (
    "\x00\x01\x07\x08\x0b\x0c\x1b\x1f\x7f\x85\x9f\u2028\u2029\ufeff\ufffd\u200b\xa0\t\r"
)
CLUSTERS = ["\u200d", "\ufe0f", "👨\u200d👩\u200d👧", "👍🏽", "🇨🇳"]
OTHER_SCRIPTS = "שלוםمرحباΩΣабв가나カタカナひらがなﬁ㈱①㍿"


def _between(lo: int, hi: int) -> Callable[[random.Random], str]:
    return lambda rng: chr(rng.randint(lo, hi))


def _one_of(items: str | list[str]) -> Callable[[random.Random], str]:
    return lambda rng: rng.choice(items)


#: (weight, draw one piece)
PIECES = [
    (6, _between(0x4E00, 0x9FFF)),  # CJK unified ideographs
    (3, _one_of(WORDS)),
    (3, _one_of(LATIN)),
    (2, _one_of("0123456789")),
    (2, _one_of(ASCII_PUNCT)),
    (2, _between(0xFF01, 0xFF5E)),  # full-width forms
    (1, _one_of(CJK_PUNCT)),
    (1, _between(0x1F300, 0x1FAFF)),  # emoji (astral)
    (1, _between(0x20000, 0x2A6DF)),  # CJK extension B (astral)
    (1, _one_of(CLUSTERS)),
    (1, _between(0x0300, 0x036F)),  # combining marks
    (1, _between(0xD800, 0xDFFF)),  # lone surrogates (a str may hold them; UTF-8 may not)
    (1, _one_of(ODD_SPACE_AND_CONTROL)),
    (1, _one_of(OTHER_SCRIPTS)),
    (1, _between(0x80, 0x10FFFF)),  # anything
]
_WEIGHTS = [w for w, _ in PIECES]


def _piece(rng: random.Random) -> str:
    return rng.choices(PIECES, _WEIGHTS)[0][1](rng)


def _string(rng: random.Random) -> str:
    n = rng.randint(0, 3) if rng.random() < 0.1 else rng.randint(4, 40)
    return "".join(_piece(rng) for _ in range(n))


def _long(rng: random.Random) -> str:
    if rng.random() < 0.5:  # a run of one piece: 啊啊啊…, ，，，…, 😀😀😀…
        return _piece(rng) * rng.randint(500, 3000)
    return "".join(_string(rng) for _ in range(rng.randint(50, 150)))


def fuzz_strings(n: int, seed: int = SEED, long_every: int = 250) -> list[str]:
    """``n`` strings, reproducible from ``seed``; every ``long_every``-th is a long run."""
    rng = random.Random(seed)
    out = [_string(rng) for _ in range(n)]
    for i in range(long_every - 1, n, long_every):
        out[i] = _long(rng)
    return out


STRINGS = fuzz_strings(3000)
SHORT = [s for s in STRINGS if len(s) <= 60]


def test_fuzz_strings_are_reproducible_and_varied():
    assert fuzz_strings(50) == fuzz_strings(50) != fuzz_strings(50, seed=SEED + 1)
    text = "".join(STRINGS)
    for probe in ("\u200d", "\ufe0f", "，", "０"):
        assert probe in text
    assert any("\ud800" <= ch <= "\udfff" for ch in text)
    assert any(ord(ch) > 0xFFFF for ch in text)
    assert any(len(s) >= 500 and len(set(s)) <= 3 for s in STRINGS)  # a long run of one piece


@contextmanager
def _pure_python() -> Iterator[None]:
    """Every compiled path off, as on an install where the extensions did not build:
    dictionary engines built meanwhile are the Python ones, and the perceptron features,
    decoder and training step, and the NER per-character path, run their references."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NLPTK_KERNEL", "python")
        for module in (perceptron, seg_features, ner_perceptron):
            patch.setattr(module, "_c", None)
        patch.setattr(recognizer, "COMPILED", False)
        yield


# -- segmentation kernel (_kernel.c) ----------------------------------------------------------


@pytest.fixture(scope="module")
def segmenters() -> dict[str, Segmenter]:
    """Both kernels, with the same user words: fuzz strings of every kind."""
    out = {kernel: Segmenter(kernel=kernel) for kernel in ("compiled", "python")}
    rng = random.Random(SEED)
    for word in [s for s in SHORT if s.strip()][:60]:
        freq = rng.choice([None, 1, 3, 1000, 10**6])
        for seg in out.values():
            seg.add_word(word, freq)
    return out


@pytest.mark.parametrize("mode", MODES)
def test_fuzz_segment_kernels_agree(segmenters, mode):
    compiled, python = segmenters["compiled"], segmenters["python"]
    for text in STRINGS[:1000]:
        for hmm in (True, False):
            tokens = compiled.tokenize(text, mode, hmm)
            assert tokens == python.tokenize(text, mode, hmm), (text, mode, hmm)
            assert all(text[t.start : t.end] == t.text for t in tokens)
            if mode == "accurate":
                assert "".join(t.text for t in tokens) == text
        assert compiled.join(text, mode, True, "/") == python.join(text, mode, True, "/")


def test_fuzz_segment_word_lookups_agree(segmenters):
    words = [s for text in STRINGS[:500] for s in (text, text[:2], text[1:4])]
    compiled, python = segmenters["compiled"], segmenters["python"]
    assert [compiled.freq(w) for w in words] == [python.freq(w) for w in words]


# -- POS HMM and route tagging (_posseg.c) ----------------------------------------------------


def test_fuzz_pos_tagger_agrees(segmenters):
    compiled, python = (Tagger(segmenters[k]) for k in ("compiled", "python"))
    for text in SHORT[:150]:
        for hmm in (True, False):
            assert compiled.pairs(text, hmm) == python.pairs(text, hmm), (text, hmm)


# -- keyword rankers (_keywords.c) ------------------------------------------------------------


def _word_lists(rng: random.Random, n: int) -> list[list[str]]:
    pool = [w for text in SHORT for w in (text, text[:2], text[:3]) if w] + WORDS
    return [[rng.choice(pool) for _ in range(rng.randint(0, 30))] for _ in range(n)]


def test_fuzz_keyword_rankers_agree():
    rng = random.Random(SEED)
    c_tfidf, c_textrank = extract._kernels("compiled")
    lists = _word_lists(rng, 600)
    vocab = sorted({w for words in lists for w in words})
    idf = {w: rng.choice([0.0, 1e-9, 0.5, 3.25, 12.0]) for w in rng.sample(vocab, len(vocab) // 2)}
    stop = frozenset(rng.sample(vocab, 20)) | extract.STOP_WORDS
    tags = ["n", "ns", "nr", "v", "vn", "x", "eng", "m"]
    allow = frozenset(extract.TEXTRANK_POS)
    for words in lists:
        top_k = rng.choice([0, 1, 5, 20])
        assert c_tfidf(words, stop, idf, 7.5, top_k) == extract.tfidf_top(
            words, stop, idf, 7.5, top_k
        ), words
        pairs = [(w, rng.choice(tags)) for w in words]
        span = rng.choice([2, 5, 9])
        assert c_textrank(pairs, allow, stop, span, 0.85, 10, top_k) == extract.textrank_top(
            pairs, allow, stop, span, 0.85, 10, top_k
        ), pairs


def test_fuzz_keyword_extractors_agree(segmenters):
    idf = IDFTable.load()
    tfidf = [extract.TfidfExtractor(segmenters[k], idf) for k in ("compiled", "python")]
    textrank = [extract.TextRankExtractor(Tagger(segmenters[k])) for k in ("compiled", "python")]
    for text in SHORT[:60]:
        for compiled, python in (tfidf, textrank):
            assert compiled.extract(text) == python.extract(text), text


# -- perceptron features (_perceptron.c) ------------------------------------------------------


def _random_spans(rng: random.Random, n: int) -> list[tuple[int, int]]:
    """Word spans as a caller might pass them: mostly inside the text, some not at all."""
    return [
        (s, s + rng.randint(-1, 7))
        for s in (rng.randint(-2, n + 2) for _ in range(rng.randint(0, 8)))
    ]


def _word_spans(seg: Segmenter, text: str) -> list[tuple[int, int]]:
    """The full-mode dictionary words of ``text``, as the perceptrons' features take them."""
    return [(t.start, t.end) for t in seg.tokenize(text, "full")]


def test_fuzz_segment_features_agree(segmenters):
    rng = random.Random(SEED)
    for text in STRINGS[:500]:
        spans = (
            _word_spans(segmenters["compiled"], text)
            if rng.random() < 0.7
            else _random_spans(rng, len(text))
        )
        got = seg_features.seg_features(text, spans).ids
        assert np.array_equal(got, seg_features.seg_features_py(text, spans).ids), (text, spans)


@pytest.fixture(scope="module")
def ner_shipped() -> ner_perceptron.PerceptronTagger:
    """The shipped Chinese NER perceptron: its lexicon, dictionary and tagging."""
    return ner_perceptron.PerceptronTagger.load(resolve_model("ner-zh-pd98-perceptron", task="ner"))


def test_fuzz_ner_features_agree(ner_shipped, segmenters):
    tagger = ner_shipped
    rng = random.Random(SEED)
    for text in SHORT[:400]:
        if not text:  # the reference cannot shape an empty line (no caller sends one)
            continue
        spans = (
            _word_spans(segmenters["compiled"], text)
            if rng.random() < 0.7
            else _random_spans(rng, len(text))
        )
        got = ner_perceptron.zh_features(text, spans, tagger.lexicon).ids
        ref = ner_perceptron.zh_features_py(text, spans, tagger.lexicon).ids
        assert np.array_equal(got, ref), (text, spans)


def test_fuzz_char_class_agrees_on_every_code_point():
    c_class = seg_features._c.char_class
    for cp in range(0x110000):
        assert c_class(cp) == seg_features.char_class(chr(cp)), hex(cp)


# -- perceptron training and decoding, on small models trained on the fuzz strings -------------


def _train_pair(examples: list, labels: tuple | list, allowed: np.ndarray, pa: bool = False):
    """One pass of averaged-perceptron training in C and, beside it, in Python (``pa``:
    passive-aggressive); both averaged models, and the steps where the two found different
    numbers of wrong positions (there must be none)."""
    pair = [
        perceptron.Trainer(perceptron.Perceptron(labels, allowed, bits=10), pa) for _ in range(2)
    ]
    differ = []
    for i, (feats, gold) in enumerate(examples):
        wrong = pair[0].step(feats, gold)
        with _pure_python():
            if pair[1].step(feats, gold) != wrong:
                differ.append(i)
    return pair[0].averaged(), pair[1].averaged(), differ


def _bmes(words: list[str]) -> bytes:
    b, m, e, s = range(4)
    return bytes(y for w in words for y in ([s] if len(w) == 1 else [b, *[m] * (len(w) - 2), e]))


def _mask(rng: random.Random, n: int, labels: int) -> np.ndarray | None:
    """No mask, or one ruling labels out here and there (maybe leaving no path at all)."""
    if rng.random() < 0.5:
        return None
    cells = np.random.default_rng(rng.randrange(1 << 30)).random((n, labels))
    return (cells > 0.15).astype(np.uint8)


def _decode_or_error(model: perceptron.Perceptron, feats, mask) -> list[int] | str:
    try:
        return model.decode(feats, mask)
    except ValueError as exc:  # no path left: both must say so
        return str(exc)


@pytest.fixture(scope="module")
def seg_examples(segmenters) -> list[tuple[perceptron.Feats, bytes]]:
    """Fuzz strings (two long ones among them) as features over their full-mode dictionary
    words, with the compiled dictionary cut as gold."""
    seg = segmenters["compiled"]
    texts = [t for t in SHORT[:300] if t] + [STRINGS[249], STRINGS[499]]
    return [(seg_features.seg_features(t, _word_spans(seg, t)), _bmes(seg.cut(t))) for t in texts]


@pytest.fixture(scope="module")
def seg_models(seg_examples) -> dict[bool, tuple]:
    """``_train_pair`` on ``seg_examples``, plain and passive-aggressive."""
    return {pa: _train_pair(seg_examples, BMES, BMES_ALLOWED, pa) for pa in (False, True)}


@pytest.mark.parametrize("pa", [False, True])
def test_fuzz_perceptron_training_and_decoding_agree(seg_examples, seg_models, pa):
    trained_c, trained_py, differ = seg_models[pa]
    assert differ == []
    rng = random.Random(SEED)
    for feats, _ in seg_examples:
        mask = _mask(rng, len(feats), len(BMES))
        got = _decode_or_error(trained_c, feats, mask)
        assert _decode_or_error(trained_py, feats, mask) == got
        with _pure_python():
            assert _decode_or_error(trained_c, feats, mask) == got


def test_fuzz_perceptron_segmenter_agrees(seg_models, segmenters):
    """The public ``PerceptronSegmenter`` (fused features + Viterbi in one C call, whole
    words kept by masks) against its all-Python twin, over the same small model."""
    model = seg_models[False][0]
    dictionary = segmenters["compiled"].dictionary
    whole = [t for t in SHORT if len(t.strip()) > 1][:40]

    def build() -> PerceptronSegmenter:
        seg = PerceptronSegmenter(dictionary, model)
        for word in whole:
            seg.add_word(word, 100)
        return seg

    texts = SHORT[:150] + [w + t for w, t in zip(whole, SHORT[: len(whole)], strict=True)]
    compiled = build()
    got = {mode: [compiled.cut(t, mode) for t in texts] for mode in MODES}
    with _pure_python():
        python = build()
        assert python.kernel == "python"
        for mode in MODES:
            assert [python.cut(t, mode) for t in texts] == got[mode], mode


def test_fuzz_perceptron_ner_agrees(ner_shipped):
    """The compiled per-character NER path (features, decoder and span reading in C)
    against the Python one, over a small model trained on the fuzz strings to tag as the
    shipped model does."""
    shipped = ner_shipped
    texts = SHORT[:150]
    examples = []
    for text in texts:
        chars = "".join(text.split())  # one token per character, as the NER reads a line
        if chars:
            feats = shipped.features(list(chars))
            examples.append((feats, shipped.model.path(feats)))
    labels = shipped.labels_
    model, _, differ = _train_pair(examples, labels, ner_perceptron.bioes_allowed(labels))
    assert differ == []

    def build() -> ner_perceptron.PerceptronTagger:
        return ner_perceptron.PerceptronTagger("zh", model, shipped.lexicon, shipped.dictionary)

    got = PerceptronEngine(build()).entities(texts)
    assert sum(map(len, got)) > 20  # the small model finds entities: the span reader is used
    with _pure_python():
        assert TaggerEngine(build(), "zh").entities(texts) == got


# -- NER HMM Viterbi and span readers (_viterbi.c) --------------------------------------------


class _NumpyDecoded:
    """An HMM tagger decoding with the numpy Viterbi: a reference that shares no C."""

    def __init__(self, tagger: HMMTagger) -> None:
        self.tagger = tagger

    def predict(self, sentences: list[list[str]]) -> list[list[str]]:
        return self.tagger.predict(sentences, decoder="numpy")


def test_fuzz_hmm_ner_chinese_agrees():
    tagger = HMMTagger.load(resolve_model("ner-zh-pd98", task="ner"))
    texts = STRINGS[:1500]
    got = HMMEngine(tagger).entities(texts)
    assert TaggerEngine(_NumpyDecoded(tagger), "zh").entities(texts) == got
    assert sum(map(len, got)) > 50


def test_fuzz_hmm_ner_english_agrees():
    tagger = HMMTagger.load(resolve_model("ner-en-conll03", task="ner"))
    sentences = [[t[s:e] for s, e in tokenize(t, "en")] for t in STRINGS[:1500]]
    sentences = [s for s in sentences if s]
    assert tagger.predict(sentences, decoder="c") == tagger.predict(sentences, decoder="numpy")
