"""The pipeline: consistent by construction, and equal to the single capabilities with the
same engines except where an entity edge split a word."""

from __future__ import annotations

import pytest

from nlptk.doc import Doc
from nlptk.errors import InputError
from nlptk.pipeline import Pipeline, analyze, parse_tasks
from nlptk.pipeline.align import split_at_edges

LINES = [
    "江泽民在北京会见了克林顿。",
    "他是江苏省长",  # 省长 is one word, 江苏省 one entity: the word is split after 省
    "北京市长王岐山在上海考察",
    "",
    "   ",
    "我在New York的中国银行工作，真好！",
    "Peter Blackburn visited Germany on 1996-08-22.",
    "Ｐｙｔｈｏｎ　３.１２ 比 3.11 快了 25%，iPhone 15 Pro 售价 7999 元。",
    "😀江泽民\u0301在北京\t工作",
]


#: The People's Daily NER model, which tags 江苏省 in 他是江苏省长 and so cuts the word 省长:
#: the edge-splitting cases below need it (the default ``ner-zh`` tags 江苏, on a word edge).
PD98_NER = "ner-zh-pd98-perceptron"


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline("seg,pos,ner", ner_model=PD98_NER)


@pytest.mark.parametrize(
    ("tokens", "edges", "expected"),
    [
        ([(0, 2), (2, 4)], [0, 2, 4], ([(0, 2), (2, 4)], [0, 1])),
        ([(0, 4)], [1], ([(0, 1), (1, 4)], [-1, -1])),
        ([(0, 4)], [1, 3, 3], ([(0, 1), (1, 3), (3, 4)], [-1, -1, -1])),
        (
            [(0, 1), (1, 4), (5, 7)],
            [2, 6],
            ([(0, 1), (1, 2), (2, 4), (5, 6), (6, 7)], [0, -1, -1, -1, -1]),
        ),
        ([], [3], ([], [])),
        ([(0, 3)], [], ([(0, 3)], [0])),
    ],
)
def test_align_split_at_edges(tokens, edges, expected):
    assert split_at_edges(tokens, edges) == expected


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        ("ner", ("ner",)),
        ("pos", ("seg", "pos")),
        ("keywords,sentiment", ("seg", "sentiment", "keywords")),
        (["ner", "seg", "ner"], ("seg", "ner")),
    ],
)
def test_pipeline_parse_tasks(tasks, expected):
    assert parse_tasks(tasks) == expected


@pytest.mark.parametrize(("tasks", "message"), [("parse", "unknown task 'parse'"), ("", "no task")])
def test_pipeline_parse_tasks_errors(tasks, message):
    with pytest.raises(InputError, match=message):
        parse_tasks(tasks)


def test_pipeline_known_answers(pipeline):
    doc = pipeline.analyze("他是江苏省长")
    assert [(t.text, t.tag) for t in doc.tokens] == [
        ("他", "r"),
        ("是", "v"),
        ("江苏", "ns"),
        ("省", "n"),
        ("长", "a"),
    ]
    assert [(e.text, e.label, e.start, e.end) for e in doc.entities] == [("江苏省", "LOC", 2, 5)]
    assert doc.sentiment is None and doc.keywords is None


def test_pipeline_default_ner_model_known_answer():
    """The default Chinese NER (``ner-zh``) tags 江苏 alone: no word is split, and the
    entities are the default ``Recognizer``'s."""
    from nlptk.ner import Recognizer

    p = Pipeline("seg,pos,ner")
    doc = p.analyze("他是江苏省长")
    assert [(t.text, t.tag) for t in doc.tokens] == [
        ("他", "r"),
        ("是", "v"),
        ("江苏", "ns"),
        ("省长", "n"),
    ]
    assert [(e.text, e.label, e.start, e.end) for e in doc.entities] == [("江苏", "LOC", 2, 4)]
    assert p.stats["words_split"] == 0
    rec = Recognizer(engine="perceptron")
    for d, text in zip(p.analyze_batch(LINES), LINES, strict=True):
        ours = [(e.text, e.label, e.start, e.end) for e in d.entities]
        assert ours == [(e.text, e.label, e.start, e.end) for e in rec.entities(text)]


def test_pipeline_every_entity_on_token_edges(pipeline):
    for doc in pipeline.analyze_batch(LINES):
        starts = {t.start for t in doc.tokens}
        ends = {t.end for t in doc.tokens}
        assert all(e.start in starts and e.end in ends for e in doc.entities), doc
        # the tokens cover the text, in order
        assert "".join(t.text for t in doc.tokens) == doc.text
        assert all(doc.text[t.start : t.end] == t.text for t in doc.tokens)


def test_pipeline_equals_the_single_capabilities(pipeline):
    """Tokens = the segmenter's, tags = ``nlptk pos --model pos-zh``'s, entities =
    ``nlptk ner --engine perceptron``'s; the only difference is a word cut at an entity
    edge, whose pieces rebuild it."""
    from nlptk.ner import Recognizer
    from nlptk.pos import load_tagger
    from nlptk.segment import Segmenter

    seg, pos = Segmenter.load("zh-seg"), load_tagger("pos-zh")
    rec = Recognizer(engine="perceptron", model=PD98_NER)
    split = 0
    for doc, text in zip(pipeline.analyze_batch(LINES), LINES, strict=True):
        assert [(e.text, e.label, e.start, e.end) for e in doc.entities] == [
            (e.text, e.label, e.start, e.end) for e in rec.entities(text)
        ]
        ours = {(t.start, t.end): t for t in doc.tokens}
        edges = {x for e in doc.entities for x in (e.start, e.end)}
        for word, (w, tag) in zip(seg.tokenize(text), pos.pairs(text), strict=True):
            assert word.text == w
            if (word.start, word.end) in ours:
                assert ours[(word.start, word.end)].tag == tag, (text, w)
                continue
            split += 1
            assert any(word.start < x < word.end for x in edges), (text, w)
            pieces = [t for t in doc.tokens if word.start <= t.start and t.end <= word.end]
            assert "".join(t.text for t in pieces) == w
    assert split == 2  # 省长 and 市长


def test_pipeline_batches_equal_single_texts(pipeline):
    assert pipeline.analyze_batch(LINES) == [pipeline.analyze(t) for t in LINES]
    assert list(pipeline.pipe(iter(LINES), batch_size=2)) == pipeline.analyze_batch(LINES)


def test_pipeline_counts_split_words():
    p = Pipeline("seg,ner", ner_model=PD98_NER)
    doc = p.analyze("他是江苏省长")
    assert [t.tag for t in doc.tokens] == [None] * 5
    assert (p.stats["words_split"], p.stats["pieces"], p.stats["edges"]) == (1, 2, 2)


def test_pipeline_task_subsets(pipeline):
    doc = pipeline.analyze("李鹏在上海", ["ner"])
    assert doc.tokens is None and [e.text for e in doc.entities] == ["李鹏", "上海"]
    with pytest.raises(InputError, match="'sentiment' is not loaded"):
        pipeline.analyze("李鹏", ["sentiment"])


def test_pipeline_sentiment_and_keywords():
    p = Pipeline("sentiment,keywords", keywords_method="textrank", top_k=2)
    assert p.tasks == ("seg", "pos", "sentiment", "keywords")  # textrank ranks tagged words
    good, blank, bad = p.analyze_batch(
        ["这家酒店很好，服务热情，环境优美", "", "房间不干净，早餐太差了！"]
    )
    assert good.sentiment.label == "positive" and bad.sentiment.label == "negative"
    assert blank.sentiment is None and blank.keywords == []
    words = {t.text for t in good.tokens}
    assert len(good.keywords) == 2 and all(k.word in words for k in good.keywords)


def test_pipeline_keywords_tfidf_equal_the_extractor_on_its_words():
    from nlptk.keywords import IDFTable, TfidfExtractor

    p = Pipeline("keywords", top_k=3)
    text = "北京大学的学生在北京学习计算机科学"
    doc = p.analyze(text)
    ref = TfidfExtractor(p.segmenter, IDFTable.load()).extract(text, top_k=3)
    assert [(k.word, k.weight) for k in doc.keywords] == [(k.word, k.weight) for k in ref]


def test_pipeline_jieba_segmenter():
    p = Pipeline("seg,pos", seg_model="jieba")
    assert [t.text for t in p.analyze("我来到北京清华大学").tokens] == [
        "我",
        "来到",
        "北京",
        "清华大学",
    ]


def test_pipeline_top_level_analyze():
    import nlptk

    doc = nlptk.analyze("江泽民在北京会见了克林顿。")
    assert isinstance(doc, Doc) and doc == analyze("江泽民在北京会见了克林顿。", "seg,pos,ner")
    assert [e.label for e in doc.entities] == ["PER", "LOC", "PER"]
    assert nlptk.Pipeline is Pipeline
