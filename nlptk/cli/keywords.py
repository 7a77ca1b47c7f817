"""cli: ``nlptk keywords`` and ``nlptk train idf`` — TF-IDF or TextRank keywords of each line
(or of the whole input), as ``jieba.analyse``, and building an IDF file from a corpus."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Model, Output
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
    method: Annotated[
        Literal[METHODS],
        typer.Option("--method", help="tfidf (count x IDF) or textrank (co-occurrence graph)."),
    ] = "tfidf",
    top_k: Annotated[
        int, typer.Option("-k", "--top-k", min=0, help="Keywords per document; 0 for all.")
    ] = 20,
    pos: Annotated[
        Optional[str],
        typer.Option(
            "--pos",
            help="Comma-separated POS tags to keep (default: none for tfidf, ns,n,vn,v for "
            "textrank).",
        ),
    ] = None,
    idf: Annotated[
        Optional[str], typer.Option("--idf", help="IDF file (word idf lines); jieba's by default.")
    ] = None,
    stop_words: Annotated[
        Optional[str],
        typer.Option("--stop-words", help="Extra stop words, one per line (UTF-8)."),
    ] = None,
    whole: Annotated[
        bool, typer.Option("--whole", help="The whole input is one document (one output line).")
    ] = False,
    dictionary: Annotated[
        Optional[str], typer.Option("--dict", help="Main dictionary (word freq tag).")
    ] = None,
    model: Model = None,
    user_dict: Annotated[
        Optional[list[str]],
        typer.Option("--user-dict", help="User dictionary (word [freq] [tag]); repeatable."),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("-d", "--delimiter", help="Separator of word:weight items (text).")
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

    Example: nlptk keywords -k 5 --method textrank news.txt > keywords.txt
    """
    from nlptk.io import numbered_lines
    from nlptk.keywords import IDFTable, TextRankExtractor, TfidfExtractor, read_stop_words
    from nlptk.keywords.output import keywords_stream
    from nlptk.pos import Tagger

    if method == "textrank" and idf is not None:
        raise typer.BadParameter("--idf is used by --method tfidf only")
    paths = check_inputs(files or [], encoding, errors)
    stop = read_stop_words(line for _, line in numbered_lines(stop_words)) if stop_words else None
    seg = _segmenter(model, dictionary, user_dict)
    if method == "tfidf":
        extractor = TfidfExtractor(
            seg, IDFTable.load(idf), **({"stop_words": stop} if stop else {})
        )
    else:
        extractor = TextRankExtractor(Tagger(seg), **({"stop_words": stop} if stop else {}))
    lines = iter_lines(paths, encoding, errors)
    documents = ["\n".join(lines)] if whole else lines
    tags = tuple(t for t in pos.split(",") if t) if pos is not None else None
    write_chunks(keywords_stream(extractor, documents, top_k or None, tags, fmt, delimiter), output)


def train_idf_cli(
    corpus: Annotated[
        str, typer.Option("--corpus", help="Corpus, one document per line.", show_default=False)
    ],
    output: Output = "-",
    dictionary: Annotated[
        Optional[str], typer.Option("--dict", help="Main dictionary for segmenting the corpus.")
    ] = None,
    model: Model = None,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
) -> None:
    """Build an IDF file (word idf lines, log(N/df)) for nlptk keywords --idf.

    Example: nlptk train idf --corpus news.txt -o idf.txt
    """
    from nlptk.keywords import build_idf
    from nlptk.keywords.idf import format_idf

    paths = check_inputs([corpus], encoding, errors)
    seg = _segmenter(model, dictionary, None)
    docs = (seg.cut(line) for line in iter_lines(paths, encoding, errors) if line.strip())
    write_chunks(iter(format_idf(build_idf(docs))), output)
