"""The compiled kernel against the Python reference engine, on small random models.

Random dictionaries, HMM parameters and solo characters exercise what the jieba parity
tests cannot: any ``HMMParams``, the ``solo`` option, ties, and dictionary growth.
"""

from __future__ import annotations

import mmap
import random
import threading

import pytest

from nlptk.segment.dictionary import PrefixDict
from nlptk.segment.engine import PyEngine, kernel_name
from nlptk.segment.hmm import MIN_FLOAT, BMESParams
from nlptk.sequence.tags import BMES

pytestmark = pytest.mark.skipif(
    kernel_name("auto") != "compiled", reason="the compiled kernel is not built"
)

ALPHABET = "甲乙丙丁戊己庚辛" + "ab1.%" + " \u3000\r\n，😀"
MODES = [("accurate", True), ("accurate", False), ("full", False), ("search", True)]


def _random_model(rng: random.Random) -> tuple[list[tuple[str, int]], BMESParams]:
    han = ALPHABET[:8] + "ab1"
    words = [
        ("".join(rng.choice(han) for _ in range(rng.randint(1, 4))), rng.choice([0, 1, 2, 5]))
        for _ in range(rng.randint(3, 25))
    ]
    words.append(("甲", 1))  # total > 0

    def logp() -> float:  # few distinct values, so ties happen
        return rng.choice([MIN_FLOAT, -0.5, -1.0, -1.0, -2.0])

    params = BMESParams(
        start={s: logp() for s in BMES},
        trans={s: {t: logp() for t in BMES if rng.random() < 0.8} for s in BMES},
        emit={s: {c: logp() for c in ALPHABET[:8] if rng.random() < 0.7} for s in BMES},
    )
    return words, params


def _engines(words, params, solo=frozenset()):
    from nlptk.segment.engine import CEngine

    blob = CEngine.dict_to_bytes(words)
    return CEngine.from_blob(blob, params, solo), PyEngine(
        PrefixDict.from_words(words), params, solo
    )


@pytest.mark.parametrize("seed", range(60))
def test_kernel_matches_python_engine_on_random_models(seed):
    rng = random.Random(seed)
    words, params = _random_model(rng)
    solo = frozenset(rng.sample(ALPHABET[:8], rng.randint(0, 2)))
    compiled, python = _engines(words, params, solo)
    for _ in range(30):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        for mode, hmm in MODES:
            assert compiled.spans(text, mode, hmm) == python.spans(text, mode, hmm), (text, mode)
        assert compiled.cut(text, "accurate", True) == python.cut(text, "accurate", True)
        for delimiter in (" ", "😀", ""):  # == also checks the str kind is the narrowest
            assert compiled.join(text, "search", True, delimiter) == python.join(
                text, "search", True, delimiter
            )
    for word, _ in words:
        assert compiled.get(word) == python.get(word)
    assert compiled.total == python.total


@pytest.mark.parametrize("seed", range(5))
def test_kernel_edits_follow_python_engine(seed):
    rng = random.Random(seed)
    words, params = _random_model(rng)
    compiled, python = _engines(words, params)
    for i in range(2000):  # enough new entries to grow the table several times
        word = "".join(rng.choice(ALPHABET[:8]) for _ in range(rng.randint(1, 6))) + str(i)
        freq = rng.choice([0, 1, 3])
        compiled.add(word, freq)
        python.add(word, freq)
    for word in ["甲乙", "甲", "丙丁戊", "x", ""]:
        assert compiled.get(word) == python.get(word)
    text = "甲乙丙丁戊己庚辛" * 5
    assert compiled.spans(text, "accurate", True) == python.spans(text, "accurate", True)
    assert compiled.total == python.total


@pytest.mark.parametrize("seed", range(5))
def test_kernel_blob_keeps_edits(seed):
    """``to_bytes`` lays the entries added since loading (the overlay) out as records too: a
    kernel loaded from it cuts as the edited one does, force-split marks and all."""
    from nlptk.segment.engine import CEngine

    rng = random.Random(seed)
    words, params = _random_model(rng)
    compiled, python = _engines(words, params)
    for _ in range(300):
        word = "".join(rng.choice(ALPHABET[:8] + "ab1") for _ in range(rng.randint(1, 5)))
        freq = rng.choice([0, 1, 3])
        compiled.add(word, freq)
        python.add(word, freq)
    reloaded = CEngine.from_blob(compiled.to_bytes(), params, frozenset())
    assert reloaded.size == compiled.size and reloaded.total == python.total
    for _ in range(30):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 30)))
        for mode, hmm in MODES:
            assert reloaded.spans(text, mode, hmm) == python.spans(text, mode, hmm), (text, mode)


def test_kernel_blob_in_place_is_copy_on_write(tmp_path):
    from nlptk.segment.engine import CEngine

    words, params = _random_model(random.Random(1))
    path = tmp_path / "dict.bin"
    path.write_bytes(CEngine.dict_to_bytes(words))
    before = path.read_bytes()
    with open(path, "rb") as f:
        mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    engine = CEngine.from_blob(mapped, params, frozenset())
    engine.add("新词", 7)  # writes into the private copy ...
    for i in range(3000):  # ... then grows into owned memory
        engine.add(f"词{i}", 1)
    assert engine.get("新词") == 7 and engine.get("词2999") == 1
    assert path.read_bytes() == before


@pytest.mark.parametrize("damage", ["truncate", "magic", "count"])
def test_kernel_rejects_damaged_blob(damage):
    from nlptk.segment.engine import CEngine

    blob = bytearray(CEngine.dict_to_bytes([("甲", 1)]))
    if damage == "truncate":
        blob = blob[:-8]
    elif damage == "magic":
        blob[0] ^= 1
    else:
        blob[20] ^= 1  # the entry count in the header
    with pytest.raises(ValueError, match="not a dictionary blob"):
        CEngine(bytes(blob))


def test_kernel_concurrent_readers_agree():
    from nlptk import Segmenter

    seg = Segmenter(kernel="compiled")
    texts = ["我来到北京清华大学", "他来到了网易杭研大厦", "小明硕士毕业于中国科学院计算所"] * 50
    expected = [seg.cut(t) for t in texts]
    results: list[bool] = []

    def read() -> None:
        results.append(all(seg.cut(t) == e for t, e in zip(texts, expected, strict=True)))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [True] * 8


# More distinct characters than the record array's 16-bit codes hold, and more distinct
# characters after one prefix than its 16-bit child blocks hold (issue 30.6): both used to
# raise OverflowError from ``to_bytes``; the kernel now cuts them from its edit overlay.
_CJK = [chr(c) for c in (*range(0x4E00, 0x9FD6), *range(0x3400, 0x4DB6), *range(0x20000, 0x2A6D7))]
_TOO_BIG = {
    "characters": [(c, 3) for c in _CJK[:66_000]] + [("来到", 40), ("北京", 30)],
    "children": [("甲", 5)] + [("甲" + c, 3) for c in _CJK[:33_000]] + [("来到", 40)],
}


@pytest.mark.parametrize("shape", sorted(_TOO_BIG))
def test_kernel_serves_dictionaries_beyond_its_record_layout(shape, tmp_path):
    from nlptk import Segmenter
    from nlptk.segment.engine import CEngine

    words = _TOO_BIG[shape]
    kernel = CEngine()
    for word, freq in words:
        kernel.add(word, freq)
    assert kernel.to_bytes() is None  # the layout cannot hold it ...
    path = tmp_path / "dict.txt"
    path.write_text("".join(f"{w} {f}\n" for w, f in words), encoding="utf-8")
    rare = "".join(_CJK[100:110]) + "甲" + _CJK[32_999]
    texts = ["我来到北京清华大学", "甲" + rare, "\U00020001甲乙"]
    python = Segmenter(path, kernel="python")
    for _ in range(2):  # built, then loaded from the cache entry
        compiled = Segmenter(path, kernel="compiled")  # ... and the engine still serves it
        assert compiled.total == python.total
        for text in texts:
            for mode, hmm in MODES:
                assert compiled.cut(text, mode, hmm) == python.cut(text, mode, hmm), (text, mode)
