"""bert: training examples for the three BERT tasks, read by the task's own reader.

Sentiment is read by ``sentiment_data.load_labelled`` (``tsv``, ``sst``, ``lines-pos-neg``),
NER by ``ner_data.load_ner_data`` (the formats of ``nlptk train ner``, converted to BIOES),
segmentation by ``readers.words.read_segmented`` (``words`` or ``pd``, turned into
per-character BMES tags) — so formats and error messages are those of the other commands.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlptk.errors import InputError
from nlptk.ner import NER_FORMATS, load_ner_data
from nlptk.readers.labelled import LABEL_FORMATS, NEGATIVE, POSITIVE
from nlptk.readers.words import SEG_FORMATS, read_segmented
from nlptk.sentiment import load_labelled
from nlptk.sequence.tags import BMES, bioes_labels, split_tag, words_to_bmes

__all__ = [
    "TASKS",
    "FORMATS",
    "Examples",
    "data_format",
    "load_examples",
    "label_set",
    "check_labels",
]

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
