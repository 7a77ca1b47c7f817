"""``Tagger``: word and tag equal to ``jieba.posseg.cut`` 0.42.1 (HMM on and off), for both
decoders, before and after user-dictionary edits; the C Viterbi against the reference.

The unit cases run jieba on the generated mixed sample (the texts of
tests/data/parity/jieba.jsonl); the ``slow`` ones on People's Daily 1998 and the SIGHAN PKU
and MSR test text.
"""

from __future__ import annotations

import importlib.util
import json
import random
from pathlib import Path

import pytest

from nlptk.pos import Tagger
from nlptk.pos.hmm import hmm_cut
from nlptk.segment import Segmenter
from nlptk.segment.engine import kernel_name

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_parity = _load("make_parity", ROOT / "scripts" / "make_parity.py")
seg_parity = _load("seg_parity", ROOT / "tests" / "segment" / "test_jieba_parity.py")

KERNELS = ["python"] + (["compiled"] if kernel_name("auto") == "compiled" else [])


def _mixed() -> list[str]:
    with open(ROOT / "tests" / "data" / "parity" / "jieba.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


def _posseg(user_ops: bool):
    pytest.importorskip("jieba")
    import jieba
    import jieba.posseg

    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    if user_ops:
        make_parity.apply_ops(tok)
    return jieba.posseg.POSTokenizer(tok)


def _mismatches(taggers: list[Tagger], ref, lines: list[str]) -> list[str]:
    bad = []
    for hmm in (True, False):
        for text in lines:
            want = [(p.word, p.flag) for p in ref.cut(text, HMM=hmm)]
            for tagger in taggers:
                got = tagger.pairs(text, hmm)
                if got != want:
                    name = tagger.segmenter.kernel
                    bad.append(f"{name} hmm={hmm} {text[:40]!r}: {got[:6]} != {want[:6]}")
    return bad


def _taggers(user_ops: bool) -> list[Tagger]:
    taggers = []
    for kernel in KERNELS:
        seg = Segmenter(kernel=kernel)
        if user_ops:
            make_parity.apply_ops(seg)
        taggers.append(Tagger(seg))
    return taggers


@pytest.mark.parametrize("user_ops", [False, True])
def test_tagger_parity_mixed_sample(user_ops):
    ref = _posseg(user_ops)
    bad = _mismatches(_taggers(user_ops), ref, _mixed())
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("user_ops", [False, True])
def test_tagger_parity_corpus(shared_data, user_ops):
    ref = _posseg(user_ops)
    # the compiled decoder only: the Python reference is checked on the sample above
    taggers = [t for t in _taggers(user_ops) if t.segmenter.kernel == KERNELS[-1]]
    bad = _mismatches(taggers, ref, seg_parity._corpus_lines(shared_data))
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("我爱北京天安门", [("我", "r"), ("爱", "v"), ("北京", "ns"), ("天安门", "ns")]),
        (
            "他叫Tom，7.5%",
            [("他", "r"), ("叫", "v"), ("Tom", "eng"), ("，", "x"), ("7.5", "m"), ("%", "x")],
        ),
    ],
)
def test_tagger_known_answers(text, want):
    assert Tagger().pairs(text) == want


@pytest.mark.parametrize("text", ["创新办主任也是云计算方面的专家", "a b"])
def test_tagger_tokens_cover_text(text):
    tokens = Tagger().tag(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize("word", ["韩玉赏鉴"])
def test_tagger_user_tag_applies_after_construction(word):
    seg = Segmenter()
    tagger = Tagger(seg)
    assert (word, "nz") not in tagger.pairs(f"我喜欢{word}")
    seg.add_word(word, 100, "nz")
    assert (word, "nz") in tagger.pairs(f"我喜欢{word}")


@pytest.mark.skipif(KERNELS[-1] != "compiled", reason="the C decoder is not built")
@pytest.mark.parametrize("seed", [0, 1])
def test_tagger_c_viterbi_equals_reference(seed):
    tagger = Tagger(Segmenter(kernel="compiled"))
    hmm = tagger.pos_hmm
    chars = sorted(hmm.char_states)[:3000] + ["\u9fd5", "\u4e00"]
    rng = random.Random(seed)
    runs = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 30))) for _ in range(500)]
    bad = [r for r in runs if tagger._hmm_cut(r) != hmm_cut(r, hmm)]
    assert not bad, bad[:3]


@pytest.mark.skipif(KERNELS[-1] != "compiled", reason="the C decoder is not built")
@pytest.mark.parametrize("seed", [0])
def test_tagger_c_route_tagging_equals_reference(seed):
    tagger = Tagger(Segmenter(kernel="compiled"))
    tagger.segmenter.add_word("C++", 5, "nz")
    chars = list("的一是在中国人民北京天安门石墨烯蔀龘") + list("aZ09.+#&_ ，。Ａ１é") + ["C++"]
    rng = random.Random(seed)
    texts = ["".join(rng.choice(chars) for _ in range(rng.randint(1, 40))) for _ in range(2000)]
    tags = tagger._tags()
    bad = []
    for text in texts:
        words = tagger.segmenter.cut(text, "accurate", False)
        got = tagger._c_hmm.tag_route(words, tags, tagger.segmenter.freq, tagger._merged_singles)
        if got != tagger._with_hmm(words, tags.get):
            bad.append(text)
    assert not bad, bad[:3]
