"""cli: ``nlptk analyze`` — words, POS tags, entities, sentiment and keywords of each line
in one pass (``nlptk.pipeline``), written in one of ``nlptk.doc``'s formats."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import AutoLang, Encoding, Errors, Inputs, Jobs, Output
from nlptk.cli._output import write_chunks
from nlptk.cli.sentiment import METHOD_NAMES
from nlptk.io import check_inputs, iter_blocks
from nlptk.keywords import METHODS as KEYWORD_ENGINES
from nlptk.pipeline.pipeline import POS_MODEL, SEG_MODEL

Formats = Literal["text", "jsonl", "conll", "inline", "html"]

# The model options, shared with ``nlptk serve`` (``nlptk.cli.serve``).
Tasks = Annotated[
    str,
    typer.Option(
        "--tasks",
        help="Comma-separated: seg, pos, ner, sentiment, keywords (pos and keywords add seg).",
    ),
]
SegModel = Annotated[
    str,
    typer.Option(
        "--seg-model",
        help="Segmentation model (directory or shipped name), or 'jieba' for jieba's "
        "dictionary; the default zh-seg is the segmenter pos-zh (the default --pos-model) "
        "pairs with.",
    ),
]
PosModel = Annotated[
    str, typer.Option("--pos-model", help="POS model that tags the segmenter's words.")
]
NerEngine = Annotated[
    Literal["hmm", "perceptron", "bert"],
    typer.Option("--ner-engine", help="hmm, perceptron or bert (bert needs --ner-model)."),
]
NerModel = Annotated[
    Optional[str],
    typer.Option(
        "--ner-model", help="NER model directory or shipped name (default: the engine's)."
    ),
]
Lang = AutoLang
NerTypes = Annotated[
    Optional[str], typer.Option("--types", help="Keep only these entity types, e.g. PER,LOC.")
]
SentimentMethod = Annotated[
    Optional[Literal[METHOD_NAMES]],
    typer.Option(
        "--sentiment-engine",
        help="As nlptk sentiment --engine (default lexicon).",
        show_default=False,
    ),
]
SentimentModel = Annotated[
    Optional[str], typer.Option("--sentiment-model", help="As nlptk sentiment --model.")
]
KeywordsMethod = Annotated[
    Literal[KEYWORD_ENGINES],
    typer.Option("--keywords-engine", help="tfidf or textrank (over the pipeline's words)."),
]
TopK = Annotated[int, typer.Option("-k", "--top-k", min=0, help="Keywords per line; 0 for all.")]
UserDict = Annotated[
    Optional[list[str]],
    typer.Option("--user-dict", help="User dictionary for the segmenter; repeatable."),
]


def build_pipeline(
    tasks: str,
    seg_model: str,
    pos_model: str,
    ner_engine: str,
    ner_model: Optional[str],
    lang: str,
    types: Optional[str],
    sentiment_method: Optional[str],
    sentiment_model: Optional[str],
    keywords_method: str,
    top_k: int,
    user_dict: Optional[list[str]],
):  # noqa: ANN201 - nlptk.pipeline is imported lazily
    """The ``Pipeline`` the shared options describe."""
    from nlptk.ner.data import parse_types
    from nlptk.pipeline import Pipeline

    return Pipeline(
        tasks,
        seg_model=seg_model,
        pos_model=pos_model,
        ner_engine=ner_engine,
        ner_model=ner_model,
        lang=lang,
        types=parse_types(types),
        sentiment_method=sentiment_method,
        sentiment_model=sentiment_model,
        keywords_method=keywords_method,
        top_k=top_k,
        user_dicts=user_dict or [],
    )


def analyze_cli(
    files: Inputs = None,
    tasks: Tasks = "seg,pos,ner",
    seg_model: SegModel = SEG_MODEL,
    pos_model: PosModel = POS_MODEL,
    ner_engine: NerEngine = "perceptron",
    ner_model: NerModel = None,
    lang: Lang = "auto",
    types: NerTypes = None,
    sentiment_method: SentimentMethod = None,
    sentiment_model: SentimentModel = None,
    keywords_method: KeywordsMethod = "tfidf",
    top_k: TopK = 10,
    user_dict: UserDict = None,
    fmt: Annotated[
        Formats,
        typer.Option(
            "--format",
            help="text (word/TAG, entities in [..]LABEL, then tab-separated sentiment and "
            "keywords), jsonl (the Doc: tokens, entities, sentiment, keywords), conll "
            "(word, tag, BIOES entity tag; a blank line after each input line), inline "
            "([北京]LOC) or html (one page: entities highlighted, tags under words).",
        ),
    ] = "text",
    delimiter: Annotated[
        str, typer.Option("-d", "--delimiter", help="Word separator for --format text.")
    ] = " ",
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Words, POS tags, entities (and sentiment, keywords) of each line in one pass.

    The tags are for the segmenter's words, and a word that an entity edge falls inside
    is split there, so every entity starts and ends on a word boundary.

    Example: echo 江泽民在北京会见了克林顿 | nlptk analyze  →
    [江/nr 泽民/nr]PER 在/p [北京/ns]LOC 会见/v 了/u [克林顿/nr]PER
    """
    from nlptk.pipeline import analyze_stream

    if jobs > 1 and ner_engine == "bert":
        raise typer.BadParameter("a BERT model batches and threads on its own; leave out -j")
    paths = check_inputs(files or [], encoding, errors)
    pipeline = build_pipeline(
        tasks,
        seg_model,
        pos_model,
        ner_engine,
        ner_model,
        lang,
        types,
        sentiment_method,
        sentiment_model,
        keywords_method,
        top_k,
        user_dict,
    )
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(analyze_stream(pipeline, blocks, fmt, delimiter, jobs), output)
