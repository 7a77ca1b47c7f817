"""bert: what ``nlptk bert train`` does — read the data, fine-tune, write the model directory.

The data is read by the task's own reader — sentiment by ``nlptk.sentiment.load_labelled``
(``tsv``, ``sst``, ``lines-pos-neg``), NER by ``nlptk.ner.load_ner_data`` (the formats of
``nlptk train ner``, converted to BIOES), segmentation by ``readers.words.read_segmented``
(``words`` or ``pd``, turned into per-character BMES tags) — so formats and error messages
are those of the other commands; the estimators below get plain sequences (``Examples``).

Prediction and scoring go through the task commands (``nlptk sentiment --engine bert``,
``nlptk ner --engine bert``, ``nlptk segment --engine bert`` and their ``nlptk eval``).
A plain function the CLI calls and tests import; it raises, never prints or exits.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlptk._schema import Json, Num, Obj, check_params
from nlptk.artifacts import META, check_model_dir, read_meta, sha256_files
from nlptk.bert.data import Examples, check_labels, label_set
from nlptk.bert.metrics import PRIMARY
from nlptk.errors import InputError
from nlptk.ner import NER_FORMATS, load_ner_data
from nlptk.readers.labelled import LABEL_FORMATS, data_files
from nlptk.readers.words import SEG_FORMATS, read_segmented
from nlptk.sentiment import fingerprint, load_labelled, save_fingerprint
from nlptk.sequence.tags import words_to_bmes

__all__ = ["TASKS", "FORMATS", "data_format", "load_examples", "train"]

#: ``--task`` choices.
TASKS = ("sentiment", "ner", "segment")


def _default_first(default: str, formats: tuple[str, ...]) -> tuple[str, ...]:
    return (default, *(f for f in formats if f != default))


#: ``--format`` choices per task (those of the task's own commands); the first is the default.
FORMATS: dict[str, tuple[str, ...]] = {
    "sentiment": LABEL_FORMATS,
    "ner": _default_first("conll", NER_FORMATS),
    "segment": _default_first("words", SEG_FORMATS),
}


def _read(task: str, path: str, fmt: str, split: str, repair: bool) -> Examples:
    if task == "sentiment":
        docs = load_labelled(path, fmt, split)
        return Examples(task, [d.text for d in docs], [d.label for d in docs])
    if task == "ner":
        # ``lang`` only guards ``pd``, which is Chinese; column files carry any language.
        sents = load_ner_data(path, fmt, "zh" if fmt == "pd" else "en", split, repair)
        return Examples(task, [s.tokens for s in sents], [s.tags for s in sents])
    inputs, labels = [], []
    for _, words, _ in read_segmented(path, fmt, split):
        if words:
            inputs.append(list("".join(words)))
            labels.append(words_to_bmes(words))
    return Examples(task, inputs, labels)


def data_format(task: str, fmt: str | None = None) -> str:
    """``fmt``, or the task's default format; ``InputError`` for an unknown task or format."""
    if task not in FORMATS:
        raise InputError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    fmt = fmt or FORMATS[task][0]
    if fmt not in FORMATS[task]:
        raise InputError(f"unknown {task} format {fmt!r}; choose one of {', '.join(FORMATS[task])}")
    return fmt


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
    fmt = data_format(task, fmt)
    ex = _read(task, path, fmt, split, repair)
    if not ex.inputs:
        raise InputError(f"{path}: no examples found (is it {fmt} data?)")
    return ex


_CHECKPOINTS = "checkpoint"

#: The real-valued hyper-parameters, which the command line cannot keep from being NaN.
_PARAMS = Obj(
    {
        "learning_rate": Num(above=0.0),
        "warmup_ratio": Num(lo=0.0, hi=1.0),
        "weight_decay": Num(lo=0.0),
    },
    optional=("learning_rate", "warmup_ratio", "weight_decay"),
    extra=Json(),
)


def _label_map(ex: Examples, model: str) -> list[str]:
    """A fine-tuned nlptk model keeps its label map (the data must fit it); a base model
    gets the data's."""
    meta_path = Path(model) / META
    if not meta_path.is_file():
        return label_set(ex)
    return read_meta(model, f"bert-{ex.task}")["labels"]


def train(
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
    """Fine-tune ``params["model"]`` on ``train_path`` and write the model to ``output``.

    ``params`` are the estimator's hyperparameters. ``split`` and ``repair`` are as in
    ``load_examples`` (the dev file is read whole). With ``checkpoint`` the training state is
    kept in ``output/checkpoint`` after each epoch; ``resume`` continues from there. A
    sentiment model also gets the fingerprint of its training texts (``fingerprint.npy``, as
    the classical sentiment models), so ``nlptk eval sentiment`` can score unseen items
    apart. Returns the metadata written to ``output/meta.json``.
    """
    check_params(params, _PARAMS)  # before torch is imported or data read
    from nlptk.bert.classifier import BertClassifier
    from nlptk.bert.taggers import BertSegmenter, BertTagger
    from nlptk.bert.train import has_checkpoint

    fmt = data_format(task, fmt)
    cls = {"sentiment": BertClassifier, "ner": BertTagger, "segment": BertSegmenter}[task]
    checkpoint_dir = Path(output) / _CHECKPOINTS
    if resume and not has_checkpoint(checkpoint_dir):
        raise InputError(f"--resume: no checkpoint in {checkpoint_dir} to continue from")
    check_model_dir(output)
    ex = load_examples(task, train_path, fmt, split, repair)
    dev = load_examples(task, dev_path, fmt, "all", repair) if dev_path else None
    model = params.get("model", "")
    labels = _label_map(ex, model)
    for data in (ex, dev) if dev else (ex,):
        check_labels(data, labels, f"model {model}")
    est = cls(**params)
    est.fit(
        ex.inputs,
        ex.labels,
        dev=(dev.inputs, dev.labels) if dev else None,
        label_map=labels,
        checkpoint_dir=checkpoint_dir if checkpoint or resume else None,
        resume=resume,
        callback=callback,
    )
    best = max(est.history_, key=lambda r: r[PRIMARY[task]]) if dev else {}
    est.save(
        output,
        data={
            # file names, not paths: a model card must not carry the trainer's directories
            "train": Path(train_path).name,
            "dev": Path(dev_path).name if dev_path else None,
            "format": fmt,
            "split": split,
            "train_sha256": sha256_files(data_files(train_path, fmt or "")),
            "n_train": len(ex.inputs),
        },
        metrics={"dev": {k: v for k, v in best.items() if k != "loss"}} if dev else {},
    )
    if task == "sentiment":
        save_fingerprint(output, fingerprint(ex.inputs))
    return read_meta(output)
