"""cli: ``nlptk eval segment`` — SIGHAN-style word precision, recall, F1 and OOV recall."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from nlptk.cli._options import Model, Output
from nlptk.cli._output import emit_eval
from nlptk.cli.app import eval_app
from nlptk.cli.segment import SegEngine, check_bert_usage
from nlptk.readers.split import SPLITS
from nlptk.readers.words import SEG_FORMATS

_ROWS = (
    ("precision", "precision"),
    ("recall", "recall"),
    ("F1", "f1"),
    ("OOV rate", "oov_rate"),
    ("OOV recall", "oov_recall"),
    ("IV recall", "iv_recall"),
    ("gold words", "gold_words"),
    ("predicted words", "pred_words"),
    ("lines", "lines"),
)


@eval_app.command("segment")
def eval_segment_cli(
    gold: Annotated[str, typer.Option("--gold", help="Gold segmentation.", show_default=False)],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"Gold format: {' or '.join(SEG_FORMATS)} (whitespace-separated words, as "
            "SIGHAN's *_gold files, or People's Daily word/TAG lines).",
        ),
    ] = "words",
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help=f"{'|'.join(SPLITS)}: score the whole gold file, its first 90% of "
            "non-empty lines, or the last 10%.",
        ),
    ] = "all",
    pred: Annotated[
        Optional[str],
        typer.Option(
            "--pred",
            help="Score this file (whitespace-separated words, one line per gold line) "
            "instead of segmenting the gold text.",
            show_default=False,
        ),
    ] = None,
    train_words: Annotated[
        Optional[str],
        typer.Option(
            "--train-words",
            help="Training vocabulary, one word per line, for the OOV figures (default with "
            "a dict --model: the model's dictionary).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
    engine: SegEngine = "dict",
    dictionary: Annotated[
        Optional[str],
        typer.Option("--dict", help="Main dictionary for the segmenter (jieba's by default)."),
    ] = None,
    user_dict: Annotated[
        Optional[list[str]],
        typer.Option("--user-dict", help="User dictionary for the segmenter; repeatable."),
    ] = None,
    no_hmm: Annotated[bool, typer.Option("--no-hmm", help="Segment without the HMM.")] = False,
    output: Output = "-",
) -> None:
    """Score a segmentation against gold words, as the SIGHAN bakeoff scorer does.

    Example: nlptk eval segment --gold pku_test_gold.utf8 --model pd98 > scores.json
    """
    from nlptk.io import check_inputs
    from nlptk.tasks.segment import Segmenter
    from nlptk.tasks.segment_eval import NormalizedVocabulary, read_word_list, score_segmentation
    from nlptk.tasks.segment_model import load_model

    if pred is not None and (model or dictionary or user_dict or no_hmm or engine != "dict"):
        raise typer.BadParameter("--pred scores a file; it takes no segmenter option")
    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    if engine == "bert":
        options = {"--no-hmm": no_hmm, "--dict": dictionary, "--user-dict": user_dict}
        check_bert_usage(model, options)
    check_inputs([gold] + [p for p in (pred, train_words) if p])
    vocabulary = read_word_list(train_words) if train_words else None
    segmenter = None
    if engine == "bert":
        from nlptk.tasks.segment_bert import load_bert_segmenter

        segmenter = load_bert_segmenter(model)
    elif model is not None:
        loaded = load_model(model)
        segmenter = Segmenter.load(loaded.path, user_dict or [], hmm=not no_hmm)
        if vocabulary is None:
            words = loaded.vocabulary()
            vocabulary = NormalizedVocabulary(words) if loaded.normalize_width else words
    elif pred is None:
        segmenter = Segmenter(dictionary, user_dict or [], hmm=not no_hmm)
    result = score_segmentation(
        gold, fmt=fmt, split=split, pred=pred, segmenter=segmenter, vocabulary=vocabulary
    )
    rows = [(label, "–" if result[key] is None else result[key]) for label, key in _ROWS]
    emit_eval(result, "nlptk eval segment", ("metric", "value"), rows, output)
