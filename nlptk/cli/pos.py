"""cli: ``nlptk pos`` — part-of-speech tags of files or stdin, one line per line, with
jieba's ``posseg`` algorithm over jieba's dictionary or a segmentation model's."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Model, Output
from nlptk.cli._output import write_chunks
from nlptk.io import check_inputs, iter_blocks
from nlptk.pos import POS_FORMATS


def pos_cli(
    files: Inputs = None,
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not tag unknown words with the POS HMM.")
    ] = False,
    dictionary: Annotated[
        Optional[str],
        typer.Option("--dict", help="Main dictionary (jieba format: word freq tag)."),
    ] = None,
    model: Model = None,
    user_dict: Annotated[
        Optional[list[str]],
        typer.Option("--user-dict", help="User dictionary (word [freq] [tag]); repeatable."),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("-d", "--delimiter", help="Token separator for --format text.")
    ] = " ",
    fmt: Annotated[
        Literal[POS_FORMATS],
        typer.Option(
            "--format",
            help='text (word/tag joined by the delimiter) or jsonl ({"text", "tokens": '
            '[{"word", "tag", "start", "end"}]}).',
        ),
    ] = "text",
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Tag words with parts of speech (jieba's posseg), one output line per input line.

    Example: echo 我爱北京天安门 | nlptk pos  →  我/r 爱/v 北京/ns 天安门/ns
    """
    from nlptk.pos import Tagger, pos_stream
    from nlptk.segment import Segmenter

    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    paths = check_inputs(files or [], encoding, errors)
    if model is not None:
        seg = Segmenter.load(model, user_dict or [])
    else:
        seg = Segmenter(dictionary, user_dict or [])
    tagger = Tagger(seg, hmm=not no_hmm)
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(pos_stream(tagger, blocks, fmt=fmt, delimiter=delimiter, jobs=jobs), output)
