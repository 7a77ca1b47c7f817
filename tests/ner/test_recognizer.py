"""Recognizer: engines, language choice, shipped models."""

from __future__ import annotations

import pytest

from nlptk.errors import InputError, ModelFormatError
from nlptk.ner.output import Entity
from nlptk.ner.recognizer import Recognizer, ner_stream


def test_ner_recognizer_chinese_known_sentence():
    ents = Recognizer(lang="zh").entities("江泽民主席在北京会见了克林顿。")
    assert ents == [
        Entity("江泽民", "PER", 0, 3),
        Entity("北京", "LOC", 6, 8),
        Entity("克林顿", "PER", 11, 14),
    ]


def test_ner_recognizer_auto_language_per_line():
    rec = Recognizer()
    zh, en, empty = rec.analyze(["我在北京。", "He lives in Germany .", ""])
    assert [e.label for e in zh.entities] == ["LOC"] and zh.tokens[0] == (0, 1)
    assert en.entities == [Entity("Germany", "LOC", 12, 19)]
    assert empty.tokens == [] and empty.entities == []


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"engine": "crf"},
            InputError,
            "unknown NER engine 'crf'; choose one of hmm, perceptron, bert",
        ),
        ({"engine": "bert"}, InputError, "the bert engine needs a model directory"),
        ({"lang": "fr"}, InputError, "unknown language 'fr'; choose one of zh, en, auto"),
        ({"model": "ner-zh-pd98", "lang": "en"}, InputError, "is for 'zh' text, not 'en'"),
        ({"model": "no-such-model"}, ModelFormatError, "shipped ner models: ner-en-conll03"),
    ],
)
def test_ner_recognizer_bad_arguments(kwargs, error, message):
    with pytest.raises(error, match=message):
        Recognizer(**kwargs)


def test_ner_stream_keeps_one_output_per_line_with_jobs():
    lines = ["北京", "", "Germany"] * 5
    one = "".join(ner_stream(Recognizer(), lines, "inline", batch_size=2))
    two = "".join(ner_stream(Recognizer(), lines, "inline", jobs=2, batch_size=2))
    assert one == two and one.split("\n")[:3] == ["[北京]LOC", "", "[Germany]LOC"]
    assert one.count("\n") == len(lines)


# --- the bert engine, with the tiny fitted ``tagger`` of tests/unit/tasks/conftest.py ----------


@pytest.fixture(scope="module")
def bert_ner_dir(tagger, tmp_path_factory):
    return tagger.save(tmp_path_factory.mktemp("bert-ner") / "m")


@pytest.mark.bert
@pytest.mark.parametrize("line", ["Alice and Bob Smith went to New York.", "the film"])
def test_ner_bert_engine_equals_the_tagger(tagger, bert_ner_dir, line):
    rec = Recognizer(engine="bert", model=str(bert_ner_dir))
    assert rec.lang == "en"  # a word-level model; its tokens are nlptk ner's English ones
    analysis = rec.analyze([line])[0]
    assert [(e.start, e.end, e.label) for e in analysis.entities] == tagger.predict_spans([line])[0]
    assert analysis.tokens == [(s, e) for _, s, e in tagger.split_units(line)]
    if "York." in line:  # the full stop is a token of its own, as in CoNLL
        assert Entity("New York", "LOC", 28, 36) in analysis.entities


@pytest.mark.bert
def test_ner_bert_engine_blank_lines_and_batches(bert_ner_dir):
    lines = ["Alice went to Paris", "", "  ", "Bob went to London"]
    out = "".join(ner_stream(Recognizer("bert", str(bert_ner_dir)), lines, "inline", batch_size=3))
    assert out.split("\n") == [
        "[Alice]PER went to [Paris]LOC",
        "",
        "  ",
        "[Bob]PER went to [London]LOC",
        "",
    ]


@pytest.mark.bert
@pytest.mark.parametrize(
    ("model", "lang", "error", "message"),
    [
        ("ner-en-conll03", "auto", InputError, "is a 'hmm' model, not 'bert'"),
        (None, "zh", InputError, "is for 'en' text, not 'zh'"),
    ],
)
def test_ner_bert_engine_bad_arguments(bert_ner_dir, model, lang, error, message):
    with pytest.raises(error, match=message):
        Recognizer("bert", model or str(bert_ner_dir), lang)


@pytest.mark.parametrize(
    ("text", "size", "expected"),
    [
        ("甲乙。丙丁。戊", 3, [(0, 3), (3, 6), (6, 7)]),
        ("甲乙丙丁戊己", 4, [(0, 4), (4, 6)]),  # no sentence end: cut at the size
        ("ab cd ef", 4, [(0, 3), (3, 6), (6, 8)]),  # no sentence end: cut after a space
        ("One. Two. Three", 6, [(0, 5), (5, 10), (10, 15)]),
        ("U.S. is", 4, [(0, 4), (4, 7)]),  # "." inside a word is no sentence end
        ("短", 4, [(0, 1)]),
    ],
)
def test_recognizer_pieces_cover_the_line(text, size, expected):
    from nlptk.ner.recognizer import pieces

    got = list(pieces(text, size))
    assert got == expected
    assert "".join(text[s:e] for s, e in got) == text


@pytest.mark.parametrize("fmt", ["jsonl", "conll", "inline"])
@pytest.mark.parametrize(
    "sentence", ["江泽民主席在北京会见了克林顿。", "Peter Blackburn visited Germany. "]
)
def test_recognizer_long_line_decoded_in_pieces_like_a_whole(fmt, sentence):
    """A line over ``LONG_LINE`` characters is decoded piece by piece (bounded memory); its
    output is the one line the whole decode gives, entities at the right offsets."""
    from nlptk.ner.output import format_entities
    from nlptk.ner.recognizer import LONG_LINE, ner_stream

    line = sentence * (LONG_LINE // len(sentence) + 50)
    rec = Recognizer()
    out = "".join(ner_stream(rec, [line], fmt=fmt))
    (whole,) = rec.analyze([line])
    assert out == format_entities(fmt, line, whole.tokens, whole.entities) + "\n"
    assert out.count("\n") == (1 if fmt != "conll" else len(whole.tokens) + 1)


@pytest.mark.parametrize("engine", ["hmm", "perceptron"])
@pytest.mark.parametrize("fmt", ["jsonl", "conll", "inline"])
def test_recognizer_long_line_output_streams_in_bounded_chunks(engine, fmt, monkeypatch):
    """Issue 30.17: a long line's output was built whole (a 5 M character line: a million
    entities, 594 MB). With the limits lowered, a long line comes out in chunks no bigger
    than a batch of pieces makes, and joined they are exactly the whole decode's lines; the
    pieces without entities leave no stray ", " in the spans list."""
    from nlptk.ner import recognizer
    from nlptk.ner.output import format_entities

    monkeypatch.setattr(recognizer, "LONG_LINE", 200)
    monkeypatch.setattr(recognizer, "PIECE", 40)
    monkeypatch.setattr(recognizer, "BATCH_CHARS", 80)
    quiet = "他来了，我们走了。" * 8  # no entity in these pieces
    long_line = ("江泽民主席在北京会见了克林顿。" + quiet) * 100
    lines = ["李鹏在上海。", long_line, "", long_line[:150], long_line + "香港"]
    rec = Recognizer(engine, lang="zh")
    outputs = [format_entities(fmt, w.text, w.tokens, w.entities) for w in rec.analyze(lines)]
    assert min(len(outputs[1]), len(outputs[4])) > 10_000
    for jobs in (1, 2):
        chunks = list(recognizer.ner_stream(rec, lines, fmt=fmt, jobs=jobs, batch_size=4))
        assert "".join(chunks) == "".join(out + "\n" for out in outputs)
        assert max(map(len, chunks)) < 3_000  # a batch's worth, not a line's


def test_ner_recognizer_default_is_the_perceptron_with_every_type():
    rec = Recognizer()
    assert rec.engine == "perceptron"
    ents = rec.entities("1998年1月江泽民在北京，价值30亿美元。")
    assert [e.label for e in ents] == ["TIME", "PER", "LOC", "MONEY"]
    assert Recognizer(engine="hmm").entities("1998年1月江泽民在北京")[0].label == "PER"


@pytest.mark.parametrize(
    ("model", "engine", "lang"),
    [
        ("ner-zh", "perceptron", "zh"),
        ("ner-zh-pd98-perceptron", "perceptron", "zh"),
        ("ner-en-conll03-perceptron", "perceptron", "en"),
        ("ner-en-conll03", "hmm", "en"),
    ],
)
def test_ner_recognizer_reads_engine_and_language_from_the_model(model, engine, lang):
    for rec in (Recognizer(model=model), Recognizer.load(model)):
        assert (rec.engine, rec.lang) == (engine, lang)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"model": "ner-zh-pd98-perceptron", "engine": "hmm"}, "is a 'perceptron' model, not"),
        ({"model": "ner-zh-pd98", "engine": "perceptron"}, "is a 'hmm' model, not 'perceptron'"),
        ({"model": "ner-en-conll03-perceptron", "lang": "zh"}, "is for 'en' text, not 'zh'"),
    ],
)
def test_ner_recognizer_contradicting_model_is_an_input_error(kwargs, message):
    with pytest.raises(InputError, match=message):
        Recognizer(**kwargs)
