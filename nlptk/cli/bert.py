"""cli: ``nlptk bert train`` — fine-tune a BERT-family model for sentiment, NER or segmentation.

Its models predict and are scored through the task commands: ``nlptk sentiment --engine
bert``, ``nlptk ner --engine bert``, ``nlptk segment --engine bert`` and ``nlptk eval``.
torch and transformers are imported inside the command, so registering it costs nothing.

The training data is read here, above the capabilities, by the task's own reader —
sentiment by ``nlptk.sentiment.load_labelled`` (``tsv``, ``sst``, ``lines-pos-neg``), NER by
``nlptk.ner.load_ner_data`` (the formats of ``nlptk train ner``, converted to BIOES),
segmentation by ``readers.words.read_segmented`` (``words`` or ``pd``, turned into
per-character BMES tags) — so formats and error messages are those of the other commands,
and ``nlptk.bert`` gets plain sequences (``Examples``) and reaches into neither package.
"""

from __future__ import annotations

import sys
import time
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal, Optional

import typer

from nlptk.cli._options import EPILOG, ModelDir
from nlptk.cli._output import err_console
from nlptk.io import check_inputs
from nlptk.readers.split import SPLITS

if TYPE_CHECKING:
    from nlptk.bert.data import Examples

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


#: ``--task`` choices.
TASKS = ("sentiment", "ner", "segment")


def _default_first(default: str, formats: tuple[str, ...]) -> tuple[str, ...]:
    return (default, *(f for f in formats if f != default))


@cache
def task_formats() -> dict[str, tuple[str, ...]]:
    """``--format`` choices per task (those of the task's own commands); the first is the
    default. Read from the readers on first use, so listing the commands imports none."""
    from nlptk.ner import NER_FORMATS
    from nlptk.readers.labelled import LABEL_FORMATS
    from nlptk.readers.words import SEG_FORMATS

    return {
        "sentiment": LABEL_FORMATS,
        "ner": _default_first("conll", NER_FORMATS),
        "segment": _default_first("words", SEG_FORMATS),
    }


def data_format(task: str, fmt: str | None = None) -> str:
    """``fmt``, or the task's default format; ``InputError`` for an unknown task or format."""
    from nlptk.errors import InputError

    formats = task_formats()
    if task not in formats:
        raise InputError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    fmt = fmt or formats[task][0]
    if fmt not in formats[task]:
        raise InputError(f"unknown {task} format {fmt!r}; choose one of {', '.join(formats[task])}")
    return fmt


def _read(task: str, path: str, fmt: str, split: str, repair: bool) -> Examples:
    from nlptk.bert.data import Examples

    if task == "sentiment":
        from nlptk.sentiment import load_labelled

        docs = load_labelled(path, fmt, split)
        return Examples(task, [d.text for d in docs], [d.label for d in docs])
    if task == "ner":
        from nlptk.ner import load_ner_data

        # ``lang`` only guards ``pd``, which is Chinese; column files carry any language.
        sents = load_ner_data(path, fmt, "zh" if fmt == "pd" else "en", split, repair)
        return Examples(task, [s.tokens for s in sents], [s.tags for s in sents])
    from nlptk.readers.words import read_segmented
    from nlptk.sequence.tags import words_to_bmes

    inputs, labels = [], []
    for _, words, _ in read_segmented(path, fmt, split):
        if words:
            inputs.append(list("".join(words)))
            labels.append(words_to_bmes(words))
    return Examples(task, inputs, labels)


def load_examples(
    task: str, path: str, fmt: str | None = None, split: str = "all", repair: bool = False
) -> Examples:
    """Read ``path`` as ``task`` data in format ``fmt`` (the task's default when ``None``).

    ``split`` is ``all``, ``train`` (first 90%) or ``test`` (last 10%); ``repair`` reads
    ill-formed NER tag sequences as conlleval does (``nlptk train ner --repair-tags``).

    Raises ``InputError`` for an unknown task or format or an empty file, and
    ``CorpusFormatError`` naming the line for malformed data (a bad label, an ill-formed tag
    sequence).
    """
    from nlptk.errors import InputError

    fmt = data_format(task, fmt)
    ex = _read(task, path, fmt, split, repair)
    if not ex.inputs:
        raise InputError(f"{path}: no examples found (is it {fmt} data?)")
    return ex


def train_files(
    task: str,
    train_path: str,
    output: str | Path,
    fmt: str | None = None,
    split: str = "all",
    repair: bool = False,
    dev_path: str | None = None,
    checkpoint: bool = False,
    resume: bool = False,
    callback: Any = None,
    **params: Any,
) -> dict[str, Any]:
    """What ``nlptk bert train`` does: read ``train_path`` (and ``dev_path``, read whole) as
    ``task`` data, fine-tune ``params["model"]`` on it (``nlptk.bert.run.train``) and write
    the model to ``output``. A sentiment model also gets the fingerprint of its training
    texts (``fingerprint.npy``, as the classical sentiment models), so ``nlptk eval
    sentiment`` can score unseen items apart. Returns the metadata of ``output/meta.json``.
    """
    from nlptk.artifacts import sha256_files
    from nlptk.bert.run import check_hyper_parameters, check_output, train
    from nlptk.readers.labelled import data_files

    check_hyper_parameters(params)  # before torch is imported or data read
    fmt = data_format(task, fmt)
    check_output(output, resume)
    ex = load_examples(task, train_path, fmt, split, repair)
    dev = load_examples(task, dev_path, fmt, "all", repair) if dev_path else None
    record = {
        # file names, not paths: a model card must not carry the trainer's directories
        "train": Path(train_path).name,
        "dev": Path(dev_path).name if dev_path else None,
        "format": fmt,
        "split": split,
        "train_sha256": sha256_files(data_files(train_path, fmt)),
    }
    meta = train(ex, output, dev, record, checkpoint, resume, callback, **params)
    if task == "sentiment":
        from nlptk.sentiment import fingerprint, save_fingerprint

        save_fingerprint(output, fingerprint(ex.inputs))
    return meta


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
    if patience is not None and dev is None:
        raise typer.BadParameter(
            "early stopping needs --dev data to score", param_hint="--patience"
        )
    check_inputs([p for p in (data, dev) if p])
    progress = _Progress()
    try:
        meta = train_files(
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
