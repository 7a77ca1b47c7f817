"""The longest dictionary word (issue 30.16): a word that is a long run of one character made
every cut of such a run quadratic, and its prefixes filled gigabytes in the Python engine.
Words longer than ``MAX_WORD`` are not held, by either engine, and the readers say so."""

import warnings

import pytest

from nlptk import Segmenter
from nlptk.errors import NlptkError
from nlptk.segment.dictionary import MAX_WORD, PrefixDict
from nlptk.segment.engine import kernel_name
from nlptk.segment.train import train_segment

KERNELS = ["python"] + (["compiled"] if kernel_name("auto") == "compiled" else [])
RUN = "啊" * 2000


def test_kernel_holds_the_same_longest_word():
    if "compiled" not in KERNELS:
        pytest.skip("the compiled kernel is not built")
    from nlptk.segment._c._kernel import MAX_WORD as KERNEL_MAX_WORD

    assert KERNEL_MAX_WORD == MAX_WORD == 64


def test_prefix_dict_leaves_longer_words_out():
    pdict = PrefixDict.from_words([("啊" * MAX_WORD, 3), ("啊" * (MAX_WORD + 1), 5)])
    assert pdict.get("啊" * MAX_WORD) == 3 and pdict.get("啊" * (MAX_WORD + 1)) is None
    assert pdict.total == 3 and len(pdict.freq) == MAX_WORD


@pytest.mark.parametrize("kernel", KERNELS)
def test_user_dict_longer_word_ignored_with_one_warning(kernel, tmp_path):
    path = tmp_path / "user.txt"
    path.write_text(f"{'啊' * 5000} 5\n{'啊' * 300} 5\n{'啊' * MAX_WORD} 4\n", encoding="utf-8")
    seg = Segmenter(kernel=kernel)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        seg.load_userdict(path)
    assert [str(w.message) for w in caught] == [
        f"{path}: 2 word(s) longer than 64 characters ignored (the longest word a dictionary holds)"
    ]
    assert seg.freq("啊" * 300) == 0 and seg.freq("啊" * MAX_WORD) == 4
    assert max(map(len, seg.cut(RUN))) == MAX_WORD


def test_engines_agree_on_runs_around_the_limit(tmp_path):
    path = tmp_path / "dict.txt"
    path.write_text(
        "".join(f"{'啊' * n} {n}\n" for n in (1, 2, 3, 40, MAX_WORD - 1, MAX_WORD, MAX_WORD + 1))
        + "我 5\n来到 9\n",
        encoding="utf-8",
    )
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        segs = [Segmenter(path, kernel=k) for k in KERNELS]
    assert len(caught) == len(KERNELS)  # one per dictionary compiled
    for text in [RUN, "我来到" + "啊" * 130 + "了", "啊" * (MAX_WORD + 1)]:
        for mode in ("accurate", "full", "search"):
            cuts = [seg.cut(text, mode) for seg in segs]
            assert cuts == [cuts[0]] * len(cuts), (text[:10], mode)
            assert max(map(len, cuts[0])) <= MAX_WORD


@pytest.mark.parametrize("kernel", KERNELS)
def test_add_word_longer_than_limit_refused(kernel):
    seg = Segmenter(kernel=kernel)
    with pytest.raises(NlptkError, match="at most 64"):
        seg.add_word("啊" * (MAX_WORD + 1), 5)
    assert seg.freq("啊" * (MAX_WORD + 1)) == 0


def test_train_leaves_longer_words_out_of_the_dictionary(tmp_path):
    corpus = tmp_path / "corpus.txt"
    lines = ["他 来到 北京 了", "我 来到 清华大学", "他 喜欢 学习 中文"] * 10
    lines[4] = "他 " + "啊" * 50_000 + " 了"  # the PrefixDict of it was 1.25 G characters
    corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        meta = train_segment(str(corpus), tmp_path / "m", fmt="words")
    assert [str(w.message) for w in caught] == [
        "training corpus: 1 word(s) longer than 64 characters ignored (the longest word a "
        "dictionary holds)"
    ]
    words = (tmp_path / "m" / "dict.txt").read_text(encoding="utf-8").split()
    assert "啊" * 50_000 not in words and "来到" in words
    assert meta["dictionary_words"] == 9
    assert Segmenter.load(tmp_path / "m").cut("他来到北京了") == ["他", "来到", "北京", "了"]
