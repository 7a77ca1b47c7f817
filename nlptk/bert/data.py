"""bert: training examples for the three BERT tasks, as plain sequences, and their label maps.

The estimators take ``Examples`` (texts and labels, or unit lists and tag lists) and never
read a file: ``nlptk.cli.bert`` reads each task's data with that task's own reader, above
the estimators, so this package does not reach into ``ner`` or ``sentiment``.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlptk.errors import InputError
from nlptk.readers.labelled import NEGATIVE, POSITIVE
from nlptk.sequence.tags import BMES, bioes_labels, split_tag

__all__ = ["Examples", "label_set", "check_labels"]


@dataclass(frozen=True)
class Examples:
    """Inputs and gold labels of one data file.

    For ``sentiment`` ``inputs`` are texts and ``labels`` one label each; for ``ner`` and
    ``segment`` ``inputs`` are lists of units (words, or characters) and ``labels`` one
    BIOES/BMES tag per unit.
    """

    task: str
    inputs: list
    labels: list


def label_set(ex: Examples) -> list[str]:
    """The label map a new model gets for this data, in the declared order of its scheme."""
    if ex.task == "sentiment":
        return [NEGATIVE, POSITIVE]
    if ex.task == "segment":
        return list(BMES)
    return bioes_labels({split_tag(t)[1] for tags in ex.labels for t in tags} - {""})


def check_labels(ex: Examples, labels: list[str], model: str = "the model") -> None:
    """Raise ``InputError`` when the data has labels that the model's label map lacks;
    ``model`` names the model in the message."""
    seen = set(ex.labels) if ex.task == "sentiment" else {t for tags in ex.labels for t in tags}
    missing = sorted(seen - set(labels))
    if missing:
        raise InputError(
            f"the data has labels that {model} does not know: {', '.join(missing[:10])} "
            f"(its labels: {', '.join(labels)})"
        )
