"""``nlptk.spark`` column functions give what the single-process API gives, row for row, on
``local[2]``: People's Daily 1998 raw lines (the first 400; all of them with --run-slow) and
a mixed sample, for segment, tokenize, pos, keywords, ner and sentiment; 1 and 8 partitions
agree; option files (user dictionaries, IDF and stop-word files, model folders) reach the
executors.

Spark jobs are few on purpose (each costs seconds of stage start-up on ``local[2]``): one
job computes every task's column over the lines at 8 partitions, another at 1, and the
tests compare slices of those rows with the API.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

#: PD98 lines in the parity sample; the mixed sample follows them.
N_PD98 = 400


def _plain(value: Any) -> Any:
    """Spark Rows as dicts, recursively (what the batch functions return)."""
    if hasattr(value, "asDict"):
        return {k: _plain(v) for k, v in value.asDict().items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _rows(spark, lines: list[str], column: Callable, partitions: int) -> list[Any]:
    """``column("text")`` over ``lines`` spread over ``partitions``, back in line order."""
    df = spark.createDataFrame(list(enumerate(lines)), "i long, text string")
    got = df.repartition(partitions).select("i", column("text").alias("out")).collect()
    return [_plain(r.out) for r in sorted(got, key=lambda r: r.i)]


def _segment_api(lines):
    from nlptk.segment import Segmenter

    seg = Segmenter()
    return [seg.cut(t) for t in lines]


def _tokenize_api(lines):
    from nlptk.segment import Segmenter

    seg = Segmenter()
    return [
        [{"word": t.text, "start": t.start, "end": t.end} for t in seg.tokenize(x)] for x in lines
    ]


def _pos_api(lines):
    from nlptk.pos import Tagger

    tagger = Tagger()
    return [
        [{"word": t.text, "tag": t.tag, "start": t.start, "end": t.end} for t in tagger.tag(x)]
        for x in lines
    ]


def _keywords_api(lines):
    from nlptk.keywords import TfidfExtractor

    extractor = TfidfExtractor()
    return [[{"word": k.word, "weight": k.weight} for k in extractor.extract(x)] for x in lines]


def _ner_api(lines):
    from nlptk.ner import Recognizer

    rec = Recognizer()
    return [
        [{"text": e.text, "label": e.label, "start": e.start, "end": e.end} for e in a.entities]
        for a in rec.analyze(lines)
    ]


def _sentiment_api(lines):
    from nlptk.sentiment import build_analyzer

    return [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in build_analyzer("lexicon", "auto").predict(lines)
    ]


#: task → (column function, the single-process API over a list of lines)
TASKS = {
    "segment": ("segment", _segment_api),
    "tokenize": ("tokenize", _tokenize_api),
    "pos": ("pos", _pos_api),
    "keywords": ("keywords", _keywords_api),
    "ner": ("ner", _ner_api),
    "sentiment": ("sentiment", _sentiment_api),
}


def _column(task: str) -> Callable:
    import nlptk.spark

    return getattr(nlptk.spark, TASKS[task][0])


def _all_tasks(spark, lines: list[str], partitions: int) -> dict[str, list[Any]]:
    """Every task's column over ``lines`` in one Spark job: task → rows in line order."""
    import nlptk.spark

    df = spark.createDataFrame(list(enumerate(lines)), "i long, text string")
    columns = [getattr(nlptk.spark, TASKS[t][0])("text").alias(t) for t in TASKS]
    got = sorted(df.repartition(partitions).select("i", *columns).collect(), key=lambda r: r.i)
    return {t: [_plain(r[t]) for r in got] for t in TASKS}


@pytest.fixture(scope="module")
def sample(pd98, mixed) -> list[str]:
    return pd98[:N_PD98] + mixed


@pytest.fixture(scope="module")
def eight(spark, sample) -> dict[str, list[Any]]:
    return _all_tasks(spark, sample, 8)


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_equal_api_on_pd98_sample(eight, sample, task):
    assert eight[task][:N_PD98] == TASKS[task][1](sample[:N_PD98])


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_equal_api_on_mixed_sample(eight, sample, task):
    assert eight[task][N_PD98:] == TASKS[task][1](sample[N_PD98:])


@pytest.mark.slow
@pytest.mark.parametrize("task", ["segment", "ner", "sentiment"])
def test_columns_equal_api_on_whole_pd98(spark, pd98, task):
    assert _rows(spark, pd98, _column(task), 4) == TASKS[task][1](pd98)


@pytest.fixture(scope="module")
def one(spark, sample) -> dict[str, list[Any]]:
    return _all_tasks(spark, sample, 1)


@pytest.mark.parametrize("task", list(TASKS))
def test_columns_one_and_eight_partitions_identical(one, eight, task):
    assert one[task] == eight[task]


@pytest.mark.parametrize("text", [None])
def test_columns_null_text_gives_null(spark, text):
    from nlptk.spark import keywords, ner, pos, segment, sentiment

    df = spark.createDataFrame([(text,)], "text string")
    row = df.select(
        segment("text").alias("w"),
        ner("text").alias("e"),
        sentiment("text").alias("s"),
        pos("text").alias("p"),
        keywords("text").alias("k"),
    ).first()
    assert row.w is None and row.e is None and row.p is None and row.k is None
    assert row.s.asDict() == {"label": None, "score": None, "probability": None}


@pytest.mark.parametrize(
    ("options", "want"),
    [
        ({"method": "snownlp", "lang": "zh"}, "snownlp"),
        ({"method": "nb", "lang": "zh"}, "nb"),
    ],
)
def test_columns_sentiment_method_options_equal_api(spark, mixed, options, want):
    from nlptk.sentiment import build_analyzer
    from nlptk.spark import sentiment

    lines = [x for x in mixed if any("\u4e00" <= c <= "\u9fff" for c in x)][:40]
    expected = [
        {"label": r.label, "score": r.score, "probability": r.probability}
        for r in build_analyzer(want, "zh").predict(lines)
    ]
    assert _rows(spark, lines, lambda c: sentiment(c, **options), 2) == expected


def test_columns_user_dictionary_shipped_to_executors(spark, tmp_path):
    from nlptk.segment import Segmenter
    from nlptk.spark import segment

    user = tmp_path / "spark_user.txt"
    user.write_text("清华大学出版社 100 nt\n杭研大厦 50\n", encoding="utf-8")
    lines = ["我来到北京清华大学出版社", "他来到了网易杭研大厦"]
    got = _rows(spark, lines, lambda c: segment(c, user_dicts=[str(user)]), 2)
    assert got == [Segmenter(user_dicts=[user]).cut(t) for t in lines]
    assert got[0][-1] == "清华大学出版社"


def test_columns_model_folder_shipped_to_executors(spark, tmp_path):
    """A model directory given on the driver reaches the executors (addFile, recursive) and
    gives what ``Segmenter.load`` gives; a shipped model name resolves on the executor."""
    import shutil

    from nlptk.artifacts import resolve_model
    from nlptk.segment import Segmenter
    from nlptk.spark import segment

    folder = tmp_path / "my-pd98"
    shutil.copytree(resolve_model("pd98"), folder)
    lines = ["１９９８年我来到北京大学", "江泽民在北京会见克林顿"]
    want = [Segmenter.load("pd98").cut(t) for t in lines]
    assert _rows(spark, lines, lambda c: segment(c, model=str(folder)), 2) == want
    assert _rows(spark, lines, lambda c: segment(c, model="pd98"), 2) == want


@pytest.fixture(scope="module")
def option_files(tmp_path_factory) -> dict[str, str]:
    """A user dictionary with tags, an IDF file and a stop-word file (distinct names: files
    shipped to executors are found by name)."""
    folder = tmp_path_factory.mktemp("spark-options")
    texts = {
        "pos_user.txt": "清华大学出版社 100 nt\n杭研大厦 50 nz\n",
        "kw_idf.txt": "北京 2.0\n学生 5.0\n学习 1.0\n大厦 3.0\n",
        "kw_stop.txt": "北京大学\n学生\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {name: str(folder / name) for name in texts}


def _option_cases(files: dict[str, str]) -> dict[str, tuple[Callable, Callable]]:
    """Case → (column over "text", the single-process API over one line)."""
    from nlptk.io import numbered_lines
    from nlptk.keywords import IDFTable, TextRankExtractor, TfidfExtractor, read_stop_words
    from nlptk.pos import Tagger, load_tagger
    from nlptk.segment import Segmenter
    from nlptk.spark import keywords, pos

    def tags(tagger):
        return lambda x: [
            {"word": t.text, "tag": t.tag, "start": t.start, "end": t.end} for t in tagger.tag(x)
        ]

    def words(extract):
        return lambda x: [{"word": k.word, "weight": k.weight} for k in extract(x)]

    user, idf, stop = files["pos_user.txt"], files["kw_idf.txt"], files["kw_stop.txt"]
    stop_words = read_stop_words(line for _, line in numbered_lines(stop))
    tfidf, textrank = TfidfExtractor(), TextRankExtractor()  # built once, not once a line
    with_files = TfidfExtractor(idf=IDFTable.load(idf), stop_words=stop_words)
    return {
        "pos-no-hmm": (lambda c: pos(c, hmm=False), tags(Tagger(hmm=False))),
        "pos-user-dict": (
            lambda c: pos(c, user_dicts=[user]),
            tags(Tagger(Segmenter(user_dicts=[user]))),
        ),
        "pos-model": (lambda c: pos(c, model="pd98"), tags(Tagger(Segmenter.load("pd98")))),
        # a POS model: its perceptron, as ``nlptk pos --model pos-zh-pd98`` runs it
        "pos-pos-model": (lambda c: pos(c, model="pos-zh-pd98"), tags(load_tagger("pos-zh-pd98"))),
        "keywords-textrank": (
            lambda c: keywords(c, method="textrank", top_k=5),
            words(lambda x: textrank.extract(x, 5)),
        ),
        "keywords-all-of-pos": (
            lambda c: keywords(c, top_k=0, pos=["ns", "n"]),
            words(lambda x: tfidf.extract(x, None, ("ns", "n"))),
        ),
        "keywords-idf-stop-words": (
            lambda c: keywords(c, idf=idf, stop_words=stop),
            words(with_files.extract),
        ),
    }


#: Lines of the option cases: dictionary words, user-dictionary words, Latin and digits.
OPTION_LINES = [
    "我来到北京清华大学出版社",
    "他来到了网易杭研大厦",
    "北京大学的学生在北京学习，学生在北京大厦学习",
    "Python 3.12 比 3.11 快了 25%，iPhone 15 Pro 售价 7999 元。",
    "１９９８年江泽民在北京会见克林顿",
    "",
]


@pytest.fixture(scope="module")
def option_rows(spark, mixed, option_files) -> dict[str, tuple[list[Any], list[Any]]]:
    """Case → (its column's rows, the API's results) over the option lines and the mixed
    sample; every column in one job."""
    lines = OPTION_LINES + mixed
    cases = _option_cases(option_files)
    df = spark.createDataFrame(list(enumerate(lines)), "i long, text string")
    columns = [column("text").alias(name) for name, (column, _) in cases.items()]
    got = sorted(df.repartition(3).select("i", *columns).collect(), key=lambda r: r.i)
    return {
        name: ([_plain(r[name]) for r in got], [api(x) for x in lines])
        for name, (_, api) in cases.items()
    }


@pytest.mark.parametrize(
    "case",
    [
        "pos-no-hmm",
        "pos-user-dict",
        "pos-model",
        "pos-pos-model",
        "keywords-textrank",
        "keywords-all-of-pos",
        "keywords-idf-stop-words",
    ],
)
def test_columns_pos_keywords_options_equal_api(option_rows, case):
    got, want = option_rows[case]
    assert got == want


@pytest.mark.parametrize(("case", "line", "want"), [("pos-user-dict", 0, ("清华大学出版社", "nt"))])
def test_columns_pos_user_dictionary_tag_shipped(option_rows, case, line, want):
    last = option_rows[case][0][line][-1]
    assert (last["word"], last["tag"]) == want


@pytest.mark.parametrize(
    ("name", "options", "message"),
    [
        ("ner", {"model": "nope"}, "model 'nope' not found"),
        ("ner", {"model": "ner-zh-pd98-perceptron", "engine": "hmm"}, "'perceptron' model, not"),
        ("sentiment", {"model": "sentiment-zh-nb", "lang": "en"}, "is for 'zh' text, not 'en'"),
        ("segment", {"mode": "fast"}, "unknown mode 'fast'"),
        ("sentiment", {"method": "x"}, "unknown method 'x'"),
        ("keywords", {"method": "x"}, "unknown method 'x'; choose one of tfidf, textrank"),
        ("keywords", {"idf": "/nonexistent/idf.txt"}, "/nonexistent/idf.txt: no such file"),
        ("keywords", {"method": "textrank", "idf": "idf.txt"}, "used by method tfidf only"),
        ("pos", {"model": "nope"}, "model 'nope' not found"),
    ],
)
def test_columns_bad_option_fails_on_driver(spark, name, options, message):
    import nlptk.spark
    from nlptk.errors import NlptkError

    with pytest.raises(NlptkError, match=message):
        getattr(nlptk.spark, name)("text", **options)
