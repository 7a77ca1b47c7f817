"""cli: ``nlptk spark segment|pos|keywords|ner|sentiment`` — the task over files on Apache
Spark, written as rows that keep the source file and line number. pyspark is imported inside
the job."""

from __future__ import annotations

from typing import Annotated, Any, Optional

import typer

from nlptk.cli._options import EPILOG, IdfFile, Model, PosFilter, StopWordsFile, split_tags

spark_app = typer.Typer(
    help="Run segment, pos, keywords, ner or sentiment over files on Apache Spark (needs "
    "the spark extra and Java 17+); rows keep the source file and line number.",
    epilog=EPILOG,
    no_args_is_help=True,
)

SparkInputs = Annotated[
    list[str],
    typer.Argument(
        help="Anything Spark reads as text: paths, globs, folders, hdfs://, s3a:// (UTF-8).",
        show_default=False,
    ),
]
OutDir = Annotated[
    str, typer.Option("-o", "--output", help="Output directory to write.", show_default=False)
]
Master = Annotated[
    Optional[str],
    typer.Option(
        "--master",
        help="Spark master URL (local[2], spark://host:7077, yarn); default: "
        "spark-submit's configuration, or local[*].",
    ),
]
JobFormat = Annotated[str, typer.Option("--format", help="jsonl or parquet.")]
Partitions = Annotated[
    Optional[int],
    typer.Option("--partitions", min=1, help="Spread the lines over this many partitions."),
]
Overwrite = Annotated[bool, typer.Option("--overwrite", help="Replace an existing -o DIR.")]
Conf = Annotated[
    Optional[list[str]],
    typer.Option("--conf", help="Spark setting KEY=VALUE; repeatable."),
]
Lang = Annotated[str, typer.Option("--lang", help="zh, en, or auto (per line, by script).")]
Dictionary = Annotated[
    Optional[str], typer.Option("--dict", help="Main dictionary (shipped to the executors).")
]
UserDicts = Annotated[
    Optional[list[str]],
    typer.Option("--user-dict", help="User dictionary (shipped to the executors); repeatable."),
]


def _run(
    task: str,
    inputs: list[str],
    output: str,
    options: dict[str, Any],
    settings: tuple[str, Optional[str], Optional[int], bool, Optional[list[str]]],
) -> None:
    """The job with ``settings`` = (format, master, partitions, overwrite, conf list)."""
    from nlptk.spark.job import JobSettings, run_job

    fmt, master, partitions, overwrite, conf = settings
    pairs = []
    for item in conf or []:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"--conf expects KEY=VALUE, got {item!r}")
        pairs.append((key, value))
    job = JobSettings(fmt, master, partitions, overwrite, tuple(pairs))
    run_job(task, inputs, output, options, job)


@spark_app.command("segment", epilog=EPILOG)
def spark_segment_cli(
    inputs: SparkInputs,
    output: OutDir,
    mode: Annotated[str, typer.Option("--mode", help="accurate, full or search.")] = "accurate",
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not guess unknown words with the HMM.")
    ] = False,
    dictionary: Dictionary = None,
    model: Model = None,
    user_dict: UserDicts = None,
    offsets: Annotated[
        bool,
        typer.Option("--offsets", help="A tokens column of {word, start, end} instead of words."),
    ] = False,
    master: Master = None,
    fmt: JobFormat = "jsonl",
    partitions: Partitions = None,
    overwrite: Overwrite = False,
    conf: Conf = None,
) -> None:
    """Segment every line of the inputs; rows {file, line, text, words} in -o DIR.

    Example: nlptk spark segment 'corpus/*.txt' -o words/ --master local[2]
    """
    options = {"mode": mode, "hmm": not no_hmm, "dictionary": dictionary, "model": model}
    options["user_dicts"] = user_dict
    task = "tokenize" if offsets else "segment"
    _run(task, inputs, output, options, (fmt, master, partitions, overwrite, conf))


@spark_app.command("pos", epilog=EPILOG)
def spark_pos_cli(
    inputs: SparkInputs,
    output: OutDir,
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not tag unknown words with the POS HMM.")
    ] = False,
    dictionary: Dictionary = None,
    model: Model = None,
    user_dict: UserDicts = None,
    master: Master = None,
    fmt: JobFormat = "jsonl",
    partitions: Partitions = None,
    overwrite: Overwrite = False,
    conf: Conf = None,
) -> None:
    """Part-of-speech tags of every line (jieba's posseg, or --model pos-zh-pd98); rows
    {file, line, text, tokens: [{word, tag, start, end}]} in -o DIR.

    Example: nlptk spark pos 'corpus/*.txt' -o tagged/ --master local[2]
    """
    options = {"hmm": not no_hmm, "dictionary": dictionary, "model": model}
    options["user_dicts"] = user_dict
    _run("pos", inputs, output, options, (fmt, master, partitions, overwrite, conf))


@spark_app.command("keywords", epilog=EPILOG)
def spark_keywords_cli(
    inputs: SparkInputs,
    output: OutDir,
    method: Annotated[
        str, typer.Option("--method", help="tfidf (count x IDF) or textrank (co-occurrence graph).")
    ] = "tfidf",
    top_k: Annotated[
        int, typer.Option("-k", "--top-k", min=0, help="Keywords per line; 0 for all.")
    ] = 20,
    pos: PosFilter = None,
    idf: IdfFile = None,
    stop_words: StopWordsFile = None,
    dictionary: Dictionary = None,
    model: Model = None,
    user_dict: UserDicts = None,
    master: Master = None,
    fmt: JobFormat = "jsonl",
    partitions: Partitions = None,
    overwrite: Overwrite = False,
    conf: Conf = None,
) -> None:
    """TF-IDF or TextRank keywords of every line (a document); rows {file, line, text,
    keywords: [{word, weight}]} in -o DIR. IDF, stop-word and dictionary files are shipped.

    Example: nlptk spark keywords 'news/*.txt' -o keywords/ -k 5 --method textrank
    """
    options = {"method": method, "top_k": top_k, "pos": split_tags(pos), "idf": idf}
    options |= {"stop_words": stop_words, "dictionary": dictionary, "model": model}
    options["user_dicts"] = user_dict
    _run("keywords", inputs, output, options, (fmt, master, partitions, overwrite, conf))


@spark_app.command("ner", epilog=EPILOG)
def spark_ner_cli(
    inputs: SparkInputs,
    output: OutDir,
    lang: Lang = "auto",
    model: Model = None,
    engine: Annotated[
        Optional[str],
        typer.Option(
            "--engine",
            help="perceptron (the default), hmm, or bert (needs --model); a --model names its own.",
            show_default=False,
        ),
    ] = None,
    master: Master = None,
    fmt: JobFormat = "jsonl",
    partitions: Partitions = None,
    overwrite: Overwrite = False,
    conf: Conf = None,
) -> None:
    """Named entities of every line; rows {file, line, text, entities} in -o DIR.

    Example: nlptk spark ner 'news/*.txt' -o entities/ --format parquet
    """
    options = {"engine": engine, "model": model, "lang": lang}
    _run("ner", inputs, output, options, (fmt, master, partitions, overwrite, conf))


@spark_app.command("sentiment", epilog=EPILOG)
def spark_sentiment_cli(
    inputs: SparkInputs,
    output: OutDir,
    method: Annotated[
        Optional[str],
        typer.Option("--method", help="As nlptk sentiment --method; default lexicon."),
    ] = None,
    model: Annotated[
        Optional[str], typer.Option("--model", help="A sentiment model directory.")
    ] = None,
    lang: Lang = "auto",
    master: Master = None,
    fmt: JobFormat = "jsonl",
    partitions: Partitions = None,
    overwrite: Overwrite = False,
    conf: Conf = None,
) -> None:
    """Sentiment of every line; rows {file, line, text, sentiment: {label, score,
    probability}} in -o DIR.

    Example: nlptk spark sentiment reviews.txt -o scores/ --method nb --lang zh
    """
    options = {"method": method, "model": model, "lang": lang}
    _run("sentiment", inputs, output, options, (fmt, master, partitions, overwrite, conf))
