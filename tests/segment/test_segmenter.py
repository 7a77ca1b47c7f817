"""Segmenter behaviour with known answers (jieba 0.42.1 gives the same)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from nlptk import Segmenter, Token
from nlptk.errors import DictFormatError, InputError, NlptkError
from nlptk.segment.engine import kernel_name

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize(
    ("text", "mode", "hmm", "words"),
    [
        ("我来到北京清华大学", "accurate", True, ["我", "来到", "北京", "清华大学"]),
        ("他来到了网易杭研大厦", "accurate", True, ["他", "来到", "了", "网易", "杭研", "大厦"]),
        (
            "他来到了网易杭研大厦",
            "accurate",
            False,
            ["他", "来到", "了", "网易", "杭", "研", "大厦"],
        ),
        (
            "我来到北京清华大学",
            "full",
            True,
            ["我", "来到", "北京", "清华", "清华大学", "华大", "大学"],
        ),
        (
            "小明硕士毕业于中国科学院计算所",
            "search",
            True,
            [
                "小明",
                "硕士",
                "毕业",
                "于",
                "中国",
                "科学",
                "学院",
                "科学院",
                "中国科学院",
                "计算",
                "计算所",
            ],
        ),
        ("Python 3.5% ab", "accurate", True, ["Python", " ", "3.5%", " ", "ab"]),
        ("", "accurate", True, []),
    ],
)
def test_segment_cut_known_answers(seg, text, mode, hmm, words):
    assert seg.cut(text, mode=mode, hmm=hmm) == words


def test_segment_tokenize_offsets(seg):
    text = "永和服装饰品有限公司"
    tokens = seg.tokenize(text)
    assert tokens[0] == Token("永和", 0, 2)
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert tokens[-1].end == len(text)


@pytest.mark.parametrize("kernel", ["compiled", "python"])
def test_segment_tokenize_same_tokens_either_kernel(seg, kernel):
    text = "１９９８年我来到北京清华大学 and went home"
    other = Segmenter(kernel=kernel).tokenize(text)
    assert other == seg.tokenize(text)
    assert [t.text for t in other] == seg.cut(text)
    assert all(text[t.start : t.end] == t.text for t in other)


@pytest.mark.parametrize("token", [Token("永和", 0, 2)])
def test_segment_token_value_semantics(token):
    """The C Token keeps the frozen dataclass's behaviour: keywords, repr, equality and hash
    over the fields, no mutation, pickling by value, positional pattern matching."""
    import pickle

    assert Token(text="永和", start=0, end=2) == token
    assert token != Token("永和", 0, 3) and token != ("永和", 0, 2)
    assert repr(token) == "Token(text='永和', start=0, end=2)"
    assert hash(token) == hash(("永和", 0, 2))
    assert len({token, Token("永和", 0, 2)}) == 1
    with pytest.raises(AttributeError):
        token.text = "x"
    assert pickle.loads(pickle.dumps(token)) == token
    match token:
        case Token(text, start, end):
            assert (text, start, end) == ("永和", 0, 2)


def test_segment_user_dictionary_edits(tmp_path):
    seg = Segmenter()
    assert seg.cut("李小福是创新办主任") == ["李小福", "是", "创新", "办", "主任"]
    user = tmp_path / "user.txt"
    user.write_text("创新办 3 i\n", encoding="utf-8")
    seg.load_userdict(user)
    assert seg.cut("李小福是创新办主任") == ["李小福", "是", "创新办", "主任"]
    assert seg.tags["创新办"] == "i"
    seg.del_word("创新办")
    assert "创新办" not in seg.cut("李小福是创新办主任")


def test_segment_malformed_user_dictionary_names_line(tmp_path):
    user = tmp_path / "bad.txt"
    user.write_text("好词 5\n坏词 x5 n\n", encoding="utf-8")
    with pytest.raises(DictFormatError, match=r"bad.txt:2: frequency"):
        Segmenter().load_userdict(user)


def test_segment_unknown_mode(seg):
    with pytest.raises(NlptkError, match="unknown mode 'fast'"):
        seg.cut("我", mode="fast")


@pytest.mark.parametrize("kernel", ["compiled", "python"])
@pytest.mark.parametrize(
    ("text", "error", "message"),
    [
        (
            "我 100000000000000000000000000\n来到 5\n",
            DictFormatError,
            r"big.txt:1: frequency above",
        ),
        ("我 0\n来到 0\n", InputError, "no word with a frequency above 0"),
        ("", InputError, "no word with a frequency above 0"),
        (f"我 {2**62 - 1}\n来到 {2**62 - 1}\n", DictFormatError, "add up to more than"),
    ],
)
def test_segment_main_dictionary_frequency_limits(tmp_path, kernel, text, error, message):
    """A --dict frequency too big for the kernel's 64-bit total, or a dictionary whose
    total is 0 (every route score divides by it), is one error naming the file — with
    either kernel, where one overflowed and the other divided by zero on the first line."""
    if kernel == "compiled" and kernel_name() != "compiled":
        pytest.skip("the compiled kernel is not built")
    path = tmp_path / "big.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        Segmenter(path, kernel=kernel).cut("我来到北京")


@pytest.mark.parametrize("freq", [2**62, 10**26])
def test_segment_user_dictionary_frequency_limit(tmp_path, freq):
    user = tmp_path / "user.txt"
    user.write_text(f"新词 {freq}\n", encoding="utf-8")
    with pytest.raises(DictFormatError, match=r"user.txt:1: frequency above the largest"):
        Segmenter().load_userdict(user)


def test_segment_module_cut_callable_again_with_python_kernel():
    """Issue 30.10: the Python engine imported a submodule named ``cut`` on its first line,
    which bound the module over ``nlptk.segment.cut``; the second ``nlptk.cut`` call raised
    "'module' object is not callable" wherever the C extension did not build."""
    code = (
        "import nlptk, nlptk.segment\n"
        "print(nlptk.cut('我来到北京'), nlptk.cut('他来了'), nlptk.segment.cut('他来了'))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NLPTK_KERNEL": "python"}
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "['我', '来到', '北京'] ['他来', '了'] ['他来', '了']\n"
