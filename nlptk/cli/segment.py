"""cli: ``nlptk segment`` — Chinese word segmentation of files or stdin, one line per line."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Model, Output
from nlptk.cli._output import write_chunks
from nlptk.cli.app import EPILOG, app
from nlptk.core.cut import MODES
from nlptk.io import check_inputs, iter_blocks, iter_lines
from nlptk.tasks.segment_output import ENGINES, FORMATS

SegEngine = Annotated[
    Literal[ENGINES],
    typer.Option(
        "--engine",
        help="dict (dictionary + HMM for unknown words: jieba's, or --model from nlptk train "
        "segment) or bert (--model from nlptk bert train --task segment; --mode accurate only, "
        "no dictionary options).",
    ),
]


def check_bert_usage(model: Optional[str], dict_options: dict[str, object]) -> None:
    """Usage errors of ``--engine bert``: no ``--model``, or dictionary-engine options."""
    if model is None:
        raise typer.BadParameter("--engine bert needs --model DIR")
    given = [name for name, value in dict_options.items() if value]
    if given:
        raise typer.BadParameter(f"{', '.join(given)}: not used by --engine bert; leave out")


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
    engine: SegEngine = "dict",
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
    from nlptk.tasks.segment import Segmenter
    from nlptk.tasks.segment_output import segment_stream

    if engine == "bert":
        check_bert_usage(
            model,
            {
                "--mode": mode != "accurate",
                "--no-hmm": no_hmm,
                "--dict": dictionary,
                "--user-dict": user_dict,
                "-j": jobs > 1,
            },
        )
    paths = check_inputs(files or [], encoding, errors)
    if engine == "bert":
        from nlptk.tasks.segment_bert import bert_segment_stream, load_bert_segmenter

        lines = iter_lines(paths, encoding, errors)
        chunks = bert_segment_stream(load_bert_segmenter(model), lines, fmt, delimiter)
        write_chunks(chunks, output)
        return
    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    if model is not None:
        seg = Segmenter.load(model, user_dict or [], hmm=not no_hmm)
    else:
        seg = Segmenter(dictionary, user_dict or [], hmm=not no_hmm)
    # bigger blocks when workers share them: fewer hand-offs per line
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(
        segment_stream(seg, blocks, mode=mode, fmt=fmt, delimiter=delimiter, jobs=jobs), output
    )
