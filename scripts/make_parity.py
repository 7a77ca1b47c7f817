"""Write the golden jieba 0.42.1 outputs that tests/parity/test_jieba_golden.py checks.

    python scripts/make_parity.py        # rewrites tests/data/parity/*.jsonl

The texts are generated here (no corpus text is copied into the repository): a fixed list
of classic sentences plus a seeded mix of Chinese, English, numbers with decimals and %,
full-width characters, emoji and whitespace runs. For each text every jieba entry point is
recorded (``CALLS``); ``userdict.jsonl`` records the same after ``USER_OPS`` are applied.
The slow test (tests/parity/test_jieba_corpus.py) reuses these texts, ops and calls.
"""

from __future__ import annotations

import json
import random
import sys
import tempfile
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "parity"

#: name -> (jieba method, keyword arguments); the tests map each name to our call.
CALLS = {
    "cut": ("cut", {"HMM": True}),
    "cut_no_hmm": ("cut", {"HMM": False}),
    "cut_all": ("cut", {"cut_all": True}),
    "search": ("cut_for_search", {"HMM": True}),
    "search_no_hmm": ("cut_for_search", {"HMM": False}),
    "tokenize": ("tokenize", {"mode": "default", "HMM": True}),
    "tokenize_no_hmm": ("tokenize", {"mode": "default", "HMM": False}),
    "tokenize_search": ("tokenize", {"mode": "search", "HMM": True}),
}

CLASSIC = [
    "我来到北京清华大学",
    "他来到了网易杭研大厦",
    "小明硕士毕业于中国科学院计算所，后在日本京都大学深造",
    "永和服装饰品有限公司",
    "李小福是创新办主任也是云计算方面的专家; 什么是八一双鹿",
    "例如我输入一个带“韩玉赏鉴”的标题，在自定义词库中也增加了此词为N类",
    "「台中」正確應該不會被切開。mac上可分出「石墨烯」；此時又可以分出來凱特琳了。",
    "如果放到post中将出错。",
    "江州市长江大桥参加了长江大桥的通车仪式",
    "GDP增长7.5%，CPI上涨2.1%，c++和C#都是语言，email: a.b-c_d@x.com",
    "工信处女干事每月经过下属科室都要亲口交代24口交换机等技术性器件的安装工作",
    "",
    "   ",
    "\r\n",
    "a\r\nb\rc\nd",
]

_HAN = (
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工"
    "也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物"
    "现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全"
    "表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系"
    "鿕鿖㐀丂乂"  # ends of jieba's Han range and just outside it
)
_LATIN = ["Python", "GDP", "iPhone", "x", "ab", "c++", "C#", "R&D", "a.b", "foo_bar", "e-mail"]
_NUMBERS = ["3", "3.14", "7.5%", "100%", "2024", "0.5", "1.2.3", "12.%", "5%%", "３.５"]
_WIDE = ["ＡＢＣ", "１２３", "，", "。", "！", "（", "）", "：", "；", "％", "＃", "　"]
_EMOJI = ["😀", "👍🏽", "🇨🇳", "❤️", "𠀀", "🀄"]
_SPACE = [" ", "  ", "\t", " \t ", "\u3000", "\xa0", "\u2028", "\x1c", "\r\n", "\r"]
_PUNCT = ["，", "。", "、", "“", "”", "-", "+", "#", "&", ".", "_", "%", "/", "@", "·"]


def mixed_lines(n: int = 200, seed: int = 20260401) -> list[str]:
    """Seeded random lines mixing every character class the block splitter treats apart."""
    rng = random.Random(seed)
    pools = [_LATIN, _NUMBERS, _WIDE, _EMOJI, _SPACE, _PUNCT]
    lines = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randint(1, 12)):
            if rng.random() < 0.5:
                parts.append("".join(rng.choice(_HAN) for _ in range(rng.randint(1, 8))))
            else:
                parts.append(rng.choice(rng.choice(pools)))
        lines.append("".join(parts))
    return lines


#: User-dictionary edits applied in order to both tools: (operation, arguments).
USER_DICT = "创新办 3 i\n云计算 5\n凱特琳 nz\n台中\n石墨烯 8\n韩玉赏鉴 100 nz\n"
USER_OPS = [
    ("load_userdict", [USER_DICT]),
    ("add_word", ["八一双鹿", 20]),
    ("add_word", ["杭研大厦", None]),
    ("del_word", ["自定义词"]),
    ("del_word", ["清华"]),
    ("suggest_freq", [["中", "将"], True]),
    ("suggest_freq", ["台中", True]),
    ("add_word", ["Python3", 50]),
    ("del_word", ["网易"]),
]


def apply_ops(target: object, ops: list = USER_OPS) -> None:
    """Apply ``ops`` to a jieba ``Tokenizer`` or an nlptk ``Segmenter`` (same method names);
    ``load_userdict`` gets a temporary file with the given content."""
    for name, args in ops:
        if name == "load_userdict":
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "user.txt"
                path.write_text(args[0], encoding="utf-8")
                target.load_userdict(str(path))
        elif name == "suggest_freq":
            seg, tune = args
            target.suggest_freq(tuple(seg) if isinstance(seg, list) else seg, tune)
        else:
            getattr(target, name)(*args)


def jieba_record(tok: object, text: str) -> dict:
    """Every ``CALLS`` output of jieba tokenizer ``tok`` for ``text``."""
    rec: dict = {"text": text}
    for name, (method, kwargs) in CALLS.items():
        rec[name] = [
            list(t) if isinstance(t, tuple) else t for t in getattr(tok, method)(text, **kwargs)
        ]
    return rec


def main() -> None:
    import jieba

    jieba.setLogLevel(60)
    texts = CLASSIC + mixed_lines()
    OUT.mkdir(parents=True, exist_ok=True)
    base = jieba.Tokenizer()
    with open(OUT / "jieba.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for text in texts:
            f.write(json.dumps(jieba_record(base, text), ensure_ascii=False) + "\n")
    # Last: del_word changes jieba's finalseg globally (Force_Split_Words).
    user = jieba.Tokenizer()
    apply_ops(user)
    with open(OUT / "userdict.jsonl", "w", encoding="utf-8", newline="\n") as f:
        for text in CLASSIC + mixed_lines(60, seed=7):
            f.write(json.dumps(jieba_record(user, text), ensure_ascii=False) + "\n")
    print(f"wrote {OUT}/jieba.jsonl and userdict.jsonl", file=sys.stderr)


if __name__ == "__main__":
    main()
