"""bert: fine-tune on examples and write the model directory — the core of ``nlptk bert train``.

``train`` takes plain sequences (``Examples``); reading a task's data file with that task's
own reader is the caller's (``nlptk.cli.bert.train_files``), above ``ner`` and ``sentiment``,
so this package reaches into neither. Prediction and scoring go through the task commands
(``nlptk sentiment --engine bert``, ``nlptk ner --engine bert``, ``nlptk segment --engine
bert`` and their ``nlptk eval``). Plain functions: they raise, never print or exit.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nlptk._schema import Json, Num, Obj, check_params
from nlptk.artifacts import META, check_model_dir, read_meta
from nlptk.bert.data import Examples, check_labels, label_set
from nlptk.bert.metrics import PRIMARY
from nlptk.errors import InputError

__all__ = ["check_hyper_parameters", "check_output", "train"]

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


def check_hyper_parameters(params: dict[str, Any]) -> None:
    """Raise ``InputError`` for a real-valued hyper-parameter the command line cannot keep
    from being NaN or out of range (checked before torch is imported or data read)."""
    check_params(params, _PARAMS)


def check_output(output: str | Path, resume: bool = False) -> Path:
    """The checkpoint folder of ``output``; ``InputError`` when ``resume`` finds none there,
    or when ``output`` may not be written (``check_model_dir``)."""
    from nlptk.bert.train import has_checkpoint

    checkpoint_dir = Path(output) / _CHECKPOINTS
    if resume and not has_checkpoint(checkpoint_dir):
        raise InputError(f"--resume: no checkpoint in {checkpoint_dir} to continue from")
    check_model_dir(output)
    return checkpoint_dir


def train(
    ex: Examples,
    output: str | Path,
    dev: Examples | None = None,
    data: dict[str, Any] | None = None,
    checkpoint: bool = False,
    resume: bool = False,
    callback: Any = None,
    **params: Any,
) -> dict[str, Any]:
    """Fine-tune ``params["model"]`` on ``ex`` (scored on ``dev`` after each epoch) and write
    the model to ``output``.

    ``params`` are the estimator's hyperparameters; ``data`` is what ``meta.json`` records
    of the training data (file names, format, checksum). With ``checkpoint`` the training
    state is kept in ``output/checkpoint`` after each epoch; ``resume`` continues from there.
    Returns the metadata written to ``output/meta.json``.
    """
    check_hyper_parameters(params)
    from nlptk.bert.classifier import BertClassifier
    from nlptk.bert.taggers import BertSegmenter, BertTagger

    task = ex.task
    cls = {"sentiment": BertClassifier, "ner": BertTagger, "segment": BertSegmenter}[task]
    checkpoint_dir = check_output(output, resume)
    model = params.get("model", "")
    labels = _label_map(ex, model)
    for examples in (ex, dev) if dev else (ex,):
        check_labels(examples, labels, f"model {model}")
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
        data={**(data or {}), "n_train": len(ex.inputs)},
        metrics={"dev": {k: v for k, v in best.items() if k != "loss"}} if dev else {},
    )
    return read_meta(output)
