"""cli: ``nlptk bert train`` — fine-tune a BERT-family model for sentiment, NER or segmentation.

Its models predict and are scored through the task commands: ``nlptk sentiment --engine
bert``, ``nlptk ner --engine bert``, ``nlptk segment --engine bert`` and ``nlptk eval``.
torch and transformers are imported inside the command, so registering it costs nothing.
"""

from __future__ import annotations

import sys
import time
from typing import Annotated, Any, Literal, Optional

import typer

from nlptk.cli._options import EPILOG, ModelDir
from nlptk.cli._output import err_console
from nlptk.io import check_inputs
from nlptk.readers.split import SPLITS

bert_app = typer.Typer(
    help="Fine-tune BERT-family models for sentiment, NER and segmentation (predict and "
    "score with the task commands: --engine bert --model DIR).",
    epilog=EPILOG,
    no_args_is_help=True,
)

Task = Annotated[
    Literal["sentiment", "ner", "segment"],
    typer.Option("--task", help="What the model learns.", show_default=False),
]
DataFormat = Annotated[
    Optional[str],
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="Data format, as in the task's own commands. sentiment: tsv (default), sst, "
        "lines-pos-neg; ner: conll (default; IOB2 tags in the last column), bio, bioes, bmes "
        "(token<TAB>tag columns), pd; segment: words (default), pd.",
    ),
]
Device = Annotated[
    Literal["auto", "cpu", "cuda"],
    typer.Option("--device", help="Where to train: auto (cuda when there is one), cpu or cuda."),
]
Threads = Annotated[
    Optional[int], typer.Option("--threads", min=1, metavar="N", help="CPU threads for torch.")
]
Bf16 = Annotated[
    Optional[bool],
    typer.Option(
        "--bf16/--no-bf16",
        help="bf16 autocast; default on for CUDA GPUs that have it, off on CPU.",
        show_default=False,
    ),
]


class _Progress:
    """Rich progress on stderr (when it is a terminal): loss, samples/s, dev metric."""

    def __init__(self) -> None:
        from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

        self.console = err_console()
        self.bar = Progress(
            TextColumn("[bold]train"),
            BarColumn(),
            TextColumn("{task.completed}/{task.total}"),
            TextColumn("loss {task.fields[loss]}"),
            TextColumn("{task.fields[speed]} samples/s"),
            TextColumn("dev {task.fields[dev]}"),
            TimeRemainingColumn(),
            console=self.console,
            disable=not sys.stderr.isatty(),
        )
        self.samples, self.started = 0, time.perf_counter()

    def start(self, total_steps: int, first_step: int) -> None:
        self.bar.start()
        self.task = self.bar.add_task(
            "train", total=total_steps, completed=first_step, loss="-", speed="-", dev="-"
        )

    def step(self, samples: int, loss: float | None) -> None:
        self.samples += samples
        fields: dict[str, Any] = {}
        if loss is not None:
            rate = self.samples / max(time.perf_counter() - self.started, 1e-9)
            fields = {"loss": f"{loss:.4f}", "speed": f"{rate:.0f}"}
        self.bar.update(self.task, advance=1, **fields)

    def epoch(self, record: dict[str, Any]) -> None:
        shown = {k: v for k, v in record.items() if isinstance(v, (int, float))}
        dev = next((f"{shown[k]:.4f}" for k in ("f1", "accuracy") if k in shown), "-")
        self.bar.update(self.task, dev=dev)
        if sys.stderr.isatty():
            values = ", ".join(
                f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}"
                for k, v in shown.items()
                if k != "epoch"
            )
            self.console.print(f"epoch {record['epoch']}: {values}")

    def stop(self) -> None:
        self.bar.stop()


@bert_app.command("train")
def train_cli(
    task: Task,
    model: Annotated[
        str,
        typer.Option(
            "--model",
            metavar="NAME|DIR",
            help="Base model: a local Hugging Face BERT-family directory, a hub "
            "name already in the local cache, or an nlptk BERT model to train further.",
            show_default=False,
        ),
    ],
    data: Annotated[
        str,
        typer.Option("--data", metavar="FILE", help="Training data file.", show_default=False),
    ],
    output: ModelDir,
    dev: Annotated[
        Optional[str],
        typer.Option("--dev", metavar="FILE", help="Dev data: scored each epoch, best kept."),
    ] = None,
    fmt: DataFormat = None,
    split: Annotated[
        Literal[SPLITS],
        typer.Option(
            "--split",
            help="all, train (first 90% of the --data file) or test (the last 10%).",
        ),
    ] = "all",
    repair: Annotated[
        bool,
        typer.Option(
            "--repair-tags",
            help="NER: read ill-formed tag sequences as conlleval does instead of stopping.",
        ),
    ] = False,
    epochs: Annotated[
        int, typer.Option("--epochs", min=1, metavar="N", help="Passes over the data.")
    ] = 3,
    learning_rate: Annotated[float, typer.Option("--lr", help="Peak learning rate.")] = 5e-5,
    batch_size: Annotated[
        int, typer.Option("--batch-size", min=1, metavar="N", help="Examples per batch.")
    ] = 32,
    max_length: Annotated[
        int,
        typer.Option(
            "--max-length", min=8, metavar="N", help="Sub-tokens per window (longer: windowed)."
        ),
    ] = 128,
    stride: Annotated[
        int,
        typer.Option("--stride", min=0, metavar="N", help="Overlap of windows, in sub-tokens."),
    ] = 32,
    warmup: Annotated[
        float, typer.Option("--warmup", help="Fraction of steps of linear warm-up.")
    ] = 0.1,
    weight_decay: Annotated[
        float, typer.Option("--weight-decay", help="AdamW weight decay.")
    ] = 0.01,
    grad_accum: Annotated[
        int,
        typer.Option("--grad-accum", min=1, metavar="N", help="Batches per optimizer step."),
    ] = 1,
    patience: Annotated[
        Optional[int],
        typer.Option(
            "--patience",
            min=1,
            metavar="N",
            help="Stop after N epochs without dev improvement.",
        ),
    ] = None,
    seed: Annotated[int, typer.Option("--seed", metavar="N", help="Random seed.")] = 0,
    device: Device = "auto",
    bf16: Bf16 = None,
    threads: Threads = None,
    compile_model: Annotated[
        bool, typer.Option("--compile", help="torch.compile the model (GPU; slow to start).")
    ] = False,
    workers: Annotated[
        int,
        typer.Option("--workers", min=0, metavar="N", help="DataLoader workers (CUDA only)."),
    ] = 2,
    extend_vocab: Annotated[
        bool,
        typer.Option("--extend-vocab", help="Add training characters the tokenizer does not know."),
    ] = False,
    case_feature: Annotated[
        bool,
        typer.Option(
            "--case-feature",
            help="Mark capitalised words with token type 1 (NER with an uncased model).",
        ),
    ] = False,
    checkpoint: Annotated[
        bool, typer.Option("--checkpoint", help="Keep the training state in OUTPUT/checkpoint.")
    ] = False,
    resume: Annotated[
        bool, typer.Option("--resume", help="Continue from OUTPUT/checkpoint.")
    ] = False,
) -> None:
    """Fine-tune a BERT-family model; writes the model, tokenizer, labels and meta.json.

    Example: nlptk bert train --task sentiment --model ./minilm --data train.tsv
    --dev dev.tsv -o sent-bert
    """
    from nlptk.bert.run import train as run_train

    if patience is not None and dev is None:
        raise typer.BadParameter(
            "early stopping needs --dev data to score", param_hint="--patience"
        )
    check_inputs([p for p in (data, dev) if p])
    progress = _Progress()
    try:
        meta = run_train(
            task,
            data,
            output,
            fmt=fmt,
            split=split,
            repair=repair,
            dev_path=dev,
            checkpoint=checkpoint,
            resume=resume,
            callback=progress,
            model=model,
            epochs=epochs,
            learning_rate=learning_rate,
            batch_size=batch_size,
            max_length=max_length,
            stride=stride,
            warmup_ratio=warmup,
            weight_decay=weight_decay,
            grad_accum=grad_accum,
            patience=patience,
            random_state=seed,
            device=device,
            bf16=bf16,
            threads=threads,
            compile=compile_model,
            workers=workers,
            extend_vocab=extend_vocab,
            case_feature=case_feature,
        )
    finally:
        progress.stop()
    if sys.stderr.isatty():
        err_console().print(f"wrote {output} (dev: {meta.get('metrics', {}).get('dev', '-')})")
