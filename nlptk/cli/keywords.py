"""cli: ``nlptk keywords`` and ``nlptk train idf`` — TF-IDF or TextRank keywords of each line
(or of the whole input), as ``jieba.analyse``, and building an IDF file from a corpus."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import (
    Encoding,
    Errors,
    IdfFile,
    Inputs,
    Model,
    Output,
    PosFilter,
    StopWordsFile,
    split_tags,
)
from nlptk.cli._output import write_chunks
from nlptk.io import check_inputs, iter_lines
from nlptk.keywords import METHODS
from nlptk.keywords.output import KEYWORD_FORMATS


def _segmenter(model: Optional[str], dictionary: Optional[str], user_dict: Optional[list[str]]):
    from nlptk.segment import Segmenter

    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    if model is not None:
        return Segmenter.load(model, user_dict or [])
    return Segmenter(dictionary, user_dict or [])


def keywords_cli(
    files: Inputs = None,
    engine: Annotated[
        Literal[METHODS],
        typer.Option("--engine", help="tfidf (count x IDF) or textrank (co-occurrence graph)."),
    ] = "tfidf",
    top_k: Annotated[
        int,
        typer.Option("-k", "--top-k", min=0, metavar="N", help="Keywords per document; 0 for all."),
    ] = 20,
    pos: PosFilter = None,
    idf: IdfFile = None,
    stop_words: StopWordsFile = None,
    whole: Annotated[
        bool, typer.Option("--whole", help="The whole input is one document (one output line).")
    ] = False,
    dictionary: Annotated[
        Optional[str],
        typer.Option("--dict", metavar="FILE", help="Main dictionary (word freq tag)."),
    ] = None,
    model: Model = None,
    user_dict: Annotated[
        Optional[list[str]],
        typer.Option(
            "--user-dict",
            metavar="FILE",
            help="User dictionary (word \\[freq] \\[tag]); repeatable.",
        ),
    ] = None,
    delimiter: Annotated[
        str,
        typer.Option(
            "-d",
            "--delimiter",
            metavar="TEXT",
            help="Separator of word:weight items in --format text (a space by default).",
            show_default=False,
        ),
    ] = " ",
    fmt: Annotated[
        Literal[KEYWORD_FORMATS],
        typer.Option(
            "--format",
            help="text (word:weight items, best first, one line per document) or jsonl "
            '({"text", "keywords": [{"word", "weight"}]}).',
        ),
    ] = "text",
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Keywords of each input line (a document), one output line per document.

    Example: nlptk keywords -k 5 --engine textrank news.txt > keywords.txt
    """
    from nlptk.keywords import build_extractor
    from nlptk.keywords.output import keywords_stream

    if engine == "textrank" and idf is not None:
        raise typer.BadParameter("--idf is used by --engine tfidf only")
    paths = check_inputs(files or [], encoding, errors)
    extractor = build_extractor(engine, _segmenter(model, dictionary, user_dict), idf, stop_words)
    lines = iter_lines(paths, encoding, errors)
    documents = ["\n".join(lines)] if whole else lines
    tags = split_tags(pos)
    write_chunks(keywords_stream(extractor, documents, top_k or None, tags, fmt, delimiter), output)


def train_idf_cli(
    data: Annotated[
        str,
        typer.Option(
            "--data", metavar="FILE", help="Corpus, one document per line.", show_default=False
        ),
    ],
    output: Output = "-",
    dictionary: Annotated[
        Optional[str],
        typer.Option("--dict", metavar="FILE", help="Main dictionary for segmenting the corpus."),
    ] = None,
    model: Model = None,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
) -> None:
    """Build an IDF file (word idf lines, log(N/df)) for nlptk keywords --idf.

    Example: nlptk train idf --data news.txt -o idf.txt
    """
    from nlptk.keywords import build_idf
    from nlptk.keywords.idf import format_idf

    paths = check_inputs([data], encoding, errors)
    seg = _segmenter(model, dictionary, None)
    docs = (seg.cut(line) for line in iter_lines(paths, encoding, errors) if line.strip())
    write_chunks(iter(format_idf(build_idf(docs))), output)
