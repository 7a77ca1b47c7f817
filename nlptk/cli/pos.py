"""cli: ``nlptk pos`` — part-of-speech tags of files or stdin, one line per line, with
jieba's ``posseg`` algorithm over jieba's dictionary or a segmentation model's, or with a
perceptron POS model (``--model pos-zh-pd98``); ``nlptk train pos`` and ``nlptk eval pos``."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Model, Output
from nlptk.cli._output import emit_eval, err_console, progress, write_chunks
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
    model: Annotated[
        Optional[str],
        typer.Option(
            "--model",
            help="A POS model (perceptron, e.g. pos-zh-pd98) or a segmentation model whose "
            "dictionary tags (jieba's posseg); a directory or a shipped model's name.",
        ),
    ] = None,
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
            help='text (word/tag joined by the delimiter), jsonl ({"text", "tokens": '
            '[{"word", "tag", "start", "end"}]}) or conll (word<TAB>tag lines, a blank line '
            "after each input line).",
        ),
    ] = "text",
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Tag words with parts of speech (jieba's posseg, or a perceptron model with
    --model pos-zh-pd98), one output line per input line.

    The default is jieba's posseg, word and tag as jieba 0.42.1; the most accurate shipped
    model is --model pos-zh-pd98: joint word+tag F1 0.936 on PD98 held-out against posseg's
    0.696 (tags mapped; README, nlptk eval pos).

    Example: echo 我爱北京天安门 | nlptk pos  →  我/r 爱/v 北京/ns 天安门/ns
    """
    from nlptk.pos import load_tagger, pos_stream

    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    paths = check_inputs(files or [], encoding, errors)
    tagger = load_tagger(model, dictionary, user_dict or [], hmm=not no_hmm)
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(pos_stream(tagger, blocks, fmt=fmt, delimiter=delimiter, jobs=jobs), output)


Split = Annotated[
    str,
    typer.Option(
        "--split",
        help="all, train (the first 90% of the non-empty lines) or test (the last 10%).",
    ),
]
CorpusFormat = Annotated[str, typer.Option("--format", help="pd (People's Daily word/tag lines).")]


def train_pos_cli(
    corpus: Annotated[
        str, typer.Option("--corpus", help="Tagged corpus (word/tag lines).", show_default=False)
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="Model directory to write.", show_default=False)
    ],
    fmt: CorpusFormat = "pd",
    split: Split = "all",
    epochs: Annotated[
        int,
        typer.Option(
            "--epochs",
            min=1,
            help="The most passes; the best on a dev split (the last 10% of the training "
            "lines) is kept, then retrained on all lines.",
        ),
    ] = 12,
    choose_epochs: Annotated[
        bool,
        typer.Option("--choose-epochs/--no-choose-epochs", help="Pick the passes on a dev split."),
    ] = True,
    tagdict_min: Annotated[
        int,
        typer.Option(
            "--tagdict-min",
            min=1,
            help="Words seen this often form the tag dictionary: they only take tags they "
            "were seen with, and their tag sets are features.",
        ),
    ] = 5,
    max_rows: Annotated[
        int,
        typer.Option("--max-rows", min=1, help="Weight rows kept (the model's size)."),
    ] = 200_000,
    segmenter: Annotated[
        str,
        typer.Option("--segmenter", help="Segmentation model that cuts raw text for tagging."),
    ] = "pd98-perceptron",
    seed: Annotated[int, typer.Option("--seed", help="Shuffling seed.")] = 0,
    licence: Annotated[
        str, typer.Option("--licence", help="Licence note for meta.json (the data's terms).")
    ] = "",
) -> None:
    """Train a perceptron POS tagger: weights.bin, tagdict.json and meta.json in -o DIR.

    Example: nlptk train pos --corpus 199801.txt --format pd --split train -o my-pos
    """
    from nlptk.artifacts import check_model_dir
    from nlptk.io import check_inputs
    from nlptk.pos.train import train_pos

    check_inputs([corpus])
    check_model_dir(output)
    meta = train_pos(
        corpus,
        output,
        fmt=fmt,
        split=split,
        epochs=epochs,
        choose_epochs=choose_epochs,
        max_rows=max_rows,
        tagdict_min=tagdict_min,
        seed=seed,
        segmenter=segmenter,
        licence=licence,
        track=progress,
    )
    dev = meta["metrics"]["dev_accuracy_by_epoch"]
    err_console().print(
        f"trained on {meta['data']['sentences']} sentences, {meta['params']['epochs']} "
        f"passes → {output}" + (f" (dev accuracy {max(dev):.4f})" if dev else "")
    )


def eval_pos_cli(
    gold: Annotated[str, typer.Option("--gold", help="Gold word/tag lines.", show_default=False)],
    fmt: CorpusFormat = "pd",
    split: Split = "all",
    model: Model = None,
    engine: Annotated[
        Optional[str],
        typer.Option(
            "--engine",
            help="jieba (the default, as nlptk pos: jieba's posseg, its tags mapped to "
            "PD98's; joint figures only) or perceptron (pos-zh-pd98). A --model names its "
            "own; leave this out.",
            show_default=False,
        ),
    ] = None,
    output: Output = "-",
) -> None:
    """Score POS tags: accuracy on the gold words, and word+tag F1 from raw text, of what
    nlptk pos runs with the same --model (by default jieba's posseg).

    Example: nlptk eval pos --gold 199801.txt --format pd --split test > scores.json
    """
    from nlptk.io import check_inputs
    from nlptk.pos.evaluate import evaluate_pos

    check_inputs([gold])
    result = evaluate_pos(gold, fmt, split, model, engine)
    keys = ("accuracy", "rare_accuracy", "joint_f1", "joint_precision", "joint_recall", "seg_f1")
    rows = [(k, "–" if result[k] is None else result[k]) for k in keys]
    emit_eval(result, f"POS {result['model']} on {gold}", ("metric", "value"), rows, output)
