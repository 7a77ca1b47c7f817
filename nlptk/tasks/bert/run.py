"""tasks: what ``nlptk bert`` does — train from data files, predict over lines, evaluate.

Plain functions the CLI calls and tests import; they raise, never print or exit.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from nlptk.artifacts import META, read_meta, sha256_files
from nlptk.errors import InputError
from nlptk.io import jsonl
from nlptk.readers.labelled import negative_pair
from nlptk.tasks._parallel import batched
from nlptk.tasks.bert.data import Examples, check_labels, label_set, load_examples
from nlptk.tasks.bert.metrics import PRIMARY

__all__ = ["OUTPUT_FORMATS", "train", "predict_lines", "evaluate"]

#: ``nlptk bert predict --format`` choices.
OUTPUT_FORMATS = ("text", "jsonl")

_CHECKPOINTS = "checkpoint"


def _data_files(path: str, fmt: str | None) -> list[str]:
    return [path, negative_pair(path)] if fmt == "lines-pos-neg" else [path]


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
    scheme: str = "bio",
    dev_path: str | None = None,
    checkpoint: bool = False,
    resume: bool = False,
    callback: Any = None,
    **params: Any,
) -> dict[str, Any]:
    """Fine-tune ``params["model"]`` on ``train_path`` and write the model to ``output``.

    ``params`` are the estimator's hyperparameters. With ``checkpoint`` the training state is
    kept in ``output/checkpoint`` after each epoch; ``resume`` continues from there. Returns
    the metadata written to ``output/meta.json``.
    """
    from nlptk.tasks.bert.classifier import BertClassifier
    from nlptk.tasks.bert.taggers import BertSegmenter, BertTagger
    from nlptk.tasks.bert.train import has_checkpoint

    cls = {"sentiment": BertClassifier, "ner": BertTagger, "segment": BertSegmenter}[task]
    checkpoint_dir = Path(output) / _CHECKPOINTS
    if resume and not has_checkpoint(checkpoint_dir):
        raise InputError(f"--resume: no checkpoint in {checkpoint_dir} to continue from")
    ex = load_examples(task, train_path, fmt, scheme)
    dev = load_examples(task, dev_path, fmt, scheme) if dev_path else None
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
            "train": train_path,
            "dev": dev_path,
            "format": fmt,
            "scheme": scheme if task == "ner" else None,
            "train_sha256": sha256_files(_data_files(train_path, fmt)),
            "n_train": len(ex.inputs),
        },
        metrics={"dev": {k: v for k, v in best.items() if k != "loss"}} if dev else {},
    )
    return read_meta(output)


def _format_batch(est: Any, lines: list[str], fmt: str) -> list[str]:
    task = est.task
    if task == "sentiment":
        results = est.predict_scores(lines)
        if fmt == "text":
            return [r.label for r in results]
        return [
            jsonl({"text": t, "label": r.label, "score": r.score, "probability": r.probability})
            for t, r in zip(lines, results, strict=True)
        ]
    if task == "segment":
        spans = est.spans(lines)
        if fmt == "text":
            return [" ".join(t[s:e] for s, e in sp) for t, sp in zip(lines, spans, strict=True)]
        return [
            jsonl({"text": t, "tokens": [{"word": t[s:e], "start": s, "end": e} for s, e in sp]})
            for t, sp in zip(lines, spans, strict=True)
        ]
    if fmt == "text":
        units = [[u for u, _, _ in est.split_units(t)] for t in lines]
        tags = est.predict(units)
        return [
            " ".join(f"{u}/{tag}" for u, tag in zip(us, ts, strict=True))
            for us, ts in zip(units, tags, strict=True)
        ]
    return [
        jsonl(
            {
                "text": t,
                "entities": [
                    {"text": t[s:e], "label": label, "start": s, "end": e} for s, e, label in ents
                ],
            }
        )
        for t, ents in zip(lines, est.predict_spans(lines), strict=True)
    ]


def predict_lines(
    est: Any, lines: Iterable[str], fmt: str = "text", batch_lines: int = 2048
) -> Iterator[str]:
    """One output line (without ``\\n``) per input line, streaming in batches of lines.

    An empty (or all-space) input line gives an empty output line.
    """
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
    for batch in batched(lines, batch_lines):
        keep = [i for i, line in enumerate(batch) if line.strip()]
        done = _format_batch(est, [batch[i] for i in keep], fmt) if keep else []
        out = [""] * len(batch)
        for i, text in zip(keep, done, strict=True):
            out[i] = text
        yield from out


def evaluate(est: Any, path: str, fmt: str | None = None, scheme: str = "bio") -> dict[str, Any]:
    """Metrics of ``est`` on a labelled file; its labels must be in the model's label map."""
    ex = load_examples(est.task, path, fmt, scheme)
    check_labels(ex, est.labels_)
    return est.score(ex.inputs, ex.labels)
