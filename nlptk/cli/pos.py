"""cli: ``nlptk pos`` — part-of-speech tags of files or stdin, one line per line, with
jieba's ``posseg`` algorithm over jieba's dictionary or a segmentation model's, or with a
perceptron POS model (``--model pos-zh-pd98``); ``nlptk train pos`` and ``nlptk eval pos``."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import (
    ChooseEpochs,
    Encoding,
    Errors,
    Gold,
    Inputs,
    Jobs,
    Model,
    ModelDir,
    Output,
)
from nlptk.cli._output import emit_eval, err_console, progress, working, write_chunks
from nlptk.io import check_inputs, iter_blocks
from nlptk.pos import POS_FORMATS
from nlptk.pos.tagger import POS_ENGINES
from nlptk.readers.split import SPLITS

PosEngine = Annotated[
    Optional[Literal[POS_ENGINES]],
    typer.Option(
        "--engine",
        help="jieba (jieba's posseg: dictionary tags, and an HMM for unknown words; over "
        "jieba's dictionary, --dict or a segmentation --model) or perceptron (a POS --model; "
        "pos-zh-pd98 by default). Default: the --model's engine, else jieba.",
        show_default=False,
    ),
]


def pos_cli(
    files: Inputs = None,
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not tag unknown words with the POS HMM.")
    ] = False,
    dictionary: Annotated[
        Optional[str],
        typer.Option(
            "--dict", metavar="FILE", help="Main dictionary (jieba format: word freq tag)."
        ),
    ] = None,
    model: Annotated[
        Optional[str],
        typer.Option(
            "--model",
            metavar="NAME|DIR",
            help="A POS model (perceptron: pos-zh-pd98, or pos-zh with names whole, cut by "
            "zh-seg) or a segmentation model whose "
            "dictionary tags (jieba's posseg); a directory or a shipped model's name.",
        ),
    ] = None,
    engine: PosEngine = None,
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
            help="Token separator for --format text (a space by default).",
            show_default=False,
        ),
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
    """Tag words with parts of speech (jieba's posseg, or the perceptron with --engine
    perceptron), one output line per input line.

    The default is jieba's posseg, word and tag as jieba 0.42.1; the most accurate shipped
    model is --model pos-zh-pd98: joint word+tag F1 0.936 on PD98 held-out against posseg's
    0.696 (tags mapped; README, nlptk eval pos).

    Example: echo 我爱北京天安门 | nlptk pos  →  我/r 爱/v 北京/ns 天安门/ns
    """
    from nlptk.pos import load_tagger, pos_stream

    if (model is not None or engine == "perceptron") and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    paths = check_inputs(files or [], encoding, errors)
    tagger = load_tagger(model, dictionary, user_dict or [], hmm=not no_hmm, engine=engine)
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(pos_stream(tagger, blocks, fmt=fmt, delimiter=delimiter, jobs=jobs), output)


Split = Annotated[
    Literal[SPLITS],
    typer.Option(
        "--split",
        help="all, train (the first 90% of the non-empty lines) or test (the last 10%).",
    ),
]
#: ``--names`` for POS data: which words the tagger learns or is scored on, so that they are
#: the words of the segmenter it is paired with (``zh-seg`` cuts names whole).
PosNames = Annotated[
    Literal["split", "whole"],
    typer.Option(
        "--names",
        help="People's Daily names: split (surname and given name two nr words, as PKU and "
        "pd98-perceptron) or whole (one nr word, as zh-seg cuts them).",
    ),
]
CorpusFormat = Annotated[
    Literal["pd"], typer.Option("--format", help="pd (People's Daily word/tag lines).")
]


def train_pos_cli(
    data: Annotated[
        list[str],
        typer.Option(
            "--data",
            metavar="FILE[:FORMAT[:WEIGHT]]",
            help="Tagged corpus (word/tag lines); repeat for several corpora, each with its "
            "format (default --format) and weight (1: each sentence once; 2: twice).",
            show_default=False,
        ),
    ],
    output: ModelDir,
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
    choose_epochs: ChooseEpochs = True,
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
        typer.Option(
            "--segmenter",
            metavar="NAME|DIR",
            help="Segmentation model that cuts raw text for tagging.",
        ),
    ] = "pd98-perceptron",
    seed: Annotated[int, typer.Option("--seed", help="Shuffling seed.")] = 0,
    names: PosNames = "split",
    licence: Annotated[
        str, typer.Option("--licence", help="Licence note for meta.json (the data's terms).")
    ] = "",
) -> None:
    """Train a perceptron POS tagger: weights.bin, tagdict.json and meta.json in -o DIR.
    With --split train, each corpus's held-out 10% is scored at the end (stderr, meta.json).

    Example: nlptk train pos --data 199801.txt --format pd --split train -o my-pos
    """
    from nlptk.artifacts import check_model_dir
    from nlptk.io import check_inputs
    from nlptk.pos.train import POS_CORPUS_FORMATS, train_pos
    from nlptk.readers.corpora import parse_corpus

    corpora = [parse_corpus(spec, fmt, POS_CORPUS_FORMATS) for spec in data]
    check_inputs([c.path for c in corpora])
    check_model_dir(output)
    meta = train_pos(
        corpora,
        output,
        split=split,
        epochs=epochs,
        choose_epochs=choose_epochs,
        max_rows=max_rows,
        tagdict_min=tagdict_min,
        seed=seed,
        segmenter=segmenter,
        names=names,
        licence=licence,
        track=progress,
    )
    dev = meta["metrics"]["dev_accuracy_by_epoch"]
    console = err_console()
    console.print(
        f"trained on {meta['data']['sentences']} sentences, {meta['params']['epochs']} "
        f"passes → {output}" + (f" (dev accuracy {max(dev):.4f})" if dev else "")
    )
    for corpus, held in meta["metrics"].get("held_out", {}).items():
        score = "–" if held["accuracy"] is None else f"{held['accuracy']:.4f}"
        console.print(
            f"held-out {corpus} ({held['format']}, {held['sentences']} sentences, "
            f"{held['words']} words): accuracy {score}",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )


def eval_pos_cli(
    gold: Gold,
    fmt: CorpusFormat = "pd",
    split: Split = "all",
    model: Model = None,
    engine: Annotated[
        Optional[Literal[POS_ENGINES]],
        typer.Option(
            "--engine",
            help="jieba (the default, as nlptk pos: jieba's posseg, its tags mapped to "
            "PD98's; joint figures only) or perceptron (pos-zh-pd98). A --model names its "
            "own; leave this out.",
            show_default=False,
        ),
    ] = None,
    names: PosNames = "split",
    output: Output = "-",
) -> None:
    """Score POS tags: accuracy on the gold words, and word+tag F1 from raw text, of what
    nlptk pos runs with the same --model (by default jieba's posseg).

    Example: nlptk eval pos --gold 199801.txt --format pd --split test > scores.json
    """
    from nlptk.io import check_inputs
    from nlptk.pos.evaluate import evaluate_pos

    check_inputs([gold])
    with working(f"scoring POS tags on {gold}"):
        result = evaluate_pos(gold, fmt, split, model, engine, names)
    keys = ("accuracy", "rare_accuracy", "joint_f1", "joint_precision", "joint_recall", "seg_f1")
    rows = [(k, "–" if result[k] is None else result[k]) for k in keys]
    emit_eval(result, f"POS {result['model']} on {gold}", ("metric", "value"), rows, output)
