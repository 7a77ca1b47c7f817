"""cli: ``nlptk segment`` — Chinese word segmentation of files or stdin, one line per line."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Model, Output
from nlptk.cli._output import write_chunks
from nlptk.cli.app import EPILOG, app
from nlptk.core.cut import MODES
from nlptk.io import check_inputs, iter_blocks
from nlptk.tasks.segment import FORMATS


@app.command("segment", epilog=EPILOG)
def segment_cli(
    files: Inputs = None,
    mode: Annotated[
        Literal[MODES],
        typer.Option(
            "--mode",
            help="accurate (best route), full (every dictionary "
            "word) or search (accurate plus sub-words of long words).",
        ),
    ] = "accurate",
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not guess unknown words with the HMM.")
    ] = False,
    dictionary: Annotated[
        Optional[str],
        typer.Option("--dict", help="Main dictionary (jieba format: word freq [tag])."),
    ] = None,
    model: Model = None,
    user_dict: Annotated[
        Optional[list[str]],
        typer.Option("--user-dict", help="User dictionary (word [freq] [tag]); repeatable."),
    ] = None,
    delimiter: Annotated[
        str, typer.Option("-d", "--delimiter", help="Word separator for --format text.")
    ] = " ",
    fmt: Annotated[
        Literal[FORMATS],
        typer.Option(
            "--format",
            help="text (words joined by the delimiter) or jsonl "
            '({"text", "tokens": [{"word", "start", "end"}]}).',
        ),
    ] = "text",
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Segment Chinese text into words, one output line per input line.

    Example: echo 我来到北京清华大学 | nlptk segment  →  我 来到 北京 清华大学
    """
    from nlptk.tasks.segment import Segmenter, segment_stream

    paths = check_inputs(files or [], encoding, errors)
    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    if model is not None:
        seg = Segmenter.load(model, user_dict or [], hmm=not no_hmm)
    else:
        seg = Segmenter(dictionary, user_dict or [], hmm=not no_hmm)
    # bigger blocks when workers share them: fewer hand-offs per line
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 18))
    write_chunks(
        segment_stream(seg, blocks, mode=mode, fmt=fmt, delimiter=delimiter, jobs=jobs), output
    )
