"""cli: ``nlptk train segment`` — a segmentation model (dictionary + BMES HMM) from a corpus."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from nlptk.cli._output import err_console, progress
from nlptk.cli.app import train_app
from nlptk.readers.split import SPLITS
from nlptk.readers.words import SEG_FORMATS


@train_app.command("segment")
def train_segment_cli(
    corpus: Annotated[
        str, typer.Option("--corpus", help="Segmented training corpus.", show_default=False)
    ],
    output: Annotated[
        str, typer.Option("-o", "--output", help="Model directory to write.", show_default=False)
    ],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help=f"Corpus format: {' or '.join(SEG_FORMATS)} (People's Daily word/TAG lines, "
            "or whitespace-separated words as in SIGHAN).",
        ),
    ] = "pd",
    split: Annotated[
        str,
        typer.Option(
            "--split",
            help=f"{'|'.join(SPLITS)}: train on the whole corpus, its first 90% of non-empty "
            "lines, or the last 10%.",
        ),
    ] = "all",
    solo_threshold: Annotated[
        str,
        typer.Option(
            "--solo-threshold",
            help="Characters that are single words at least this share of the time are never "
            "merged by the HMM: a number in (0, 1], 'none' (jieba's behaviour) or 'auto' "
            "(the best F1 on a dev split: the last 10% of the training lines).",
        ),
    ] = "auto",
    no_normalize_width: Annotated[
        bool,
        typer.Option(
            "--no-normalize-width",
            help="Keep full-width digits and letters distinct from ASCII in dictionary lookup.",
        ),
    ] = False,
    alpha: Annotated[
        float, typer.Option("--alpha", min=1e-9, help="Add-alpha smoothing of HMM emissions.")
    ] = 0.1,
    adapt: Annotated[
        Optional[str],
        typer.Option(
            "--adapt",
            help="Raw text of a new domain: refine the HMM on it with Baum-Welch.",
            show_default=False,
        ),
    ] = None,
    n_iter: Annotated[
        int, typer.Option("--n-iter", min=1, help="Baum-Welch iterations for --adapt.")
    ] = 5,
    adapt_weight: Annotated[
        float,
        typer.Option(
            "--adapt-weight",
            min=0.0,
            help="Weight of the labelled counts against the raw text in --adapt.",
        ),
    ] = 1.0,
) -> None:
    """Train a segmentation model: word frequencies (and POS tags) plus a B/M/E/S HMM.

    Example: nlptk train segment --corpus 199801.txt --split train -o models/pd98
    """
    from nlptk.io import check_inputs
    from nlptk.tasks.segment_train import train_segment

    check_inputs([corpus] + ([adapt] if adapt else []))
    meta = train_segment(
        corpus,
        output,
        fmt=fmt,
        split=split,
        normalize_width=not no_normalize_width,
        solo_threshold=solo_threshold,
        alpha=alpha,
        adapt=adapt,
        n_iter=n_iter,
        adapt_weight=adapt_weight,
        track=progress,
    )
    _report(output, meta)


def _report(output: str, meta: dict) -> None:
    """What was trained, on stderr (stdout stays empty: the model is the output)."""
    from rich.table import Table

    table = Table(title=f"nlptk train segment → {output}")
    table.add_column("")
    table.add_column("value", justify="right")
    data, params = meta["data"], meta["params"]
    table.add_row("sentences", str(data["sentences"]))
    table.add_row("words", str(data["words"]))
    table.add_row("dictionary words", str(meta["dictionary_words"]))
    table.add_row("width normalised", str(params["normalize_width"]).lower())
    table.add_row("solo threshold", str(params["solo_threshold"]).lower())
    table.add_row("solo characters", str(meta["solo_chars"]))
    dev = meta["metrics"].get("dev_f1_by_solo_threshold")
    if dev:
        table.add_row(
            "dev F1 (chosen threshold)", f"{dev[str(params['solo_threshold']).lower()]:.4f}"
        )
        table.add_row("dev F1 (no solo characters)", f"{dev['none']:.4f}")
    if meta["adapt"]:
        for i, ll in enumerate(meta["adapt"]["log_likelihood"]):
            table.add_row(f"Baum-Welch log-likelihood, iteration {i}", f"{ll:.1f}")
    err_console().print(table)
