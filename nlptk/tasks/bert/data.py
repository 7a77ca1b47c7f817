"""tasks: training and evaluation examples for the three BERT tasks, from nlptk's data formats.

Sentiment reads labelled documents (``tsv``, ``sst``, ``lines-pos-neg``); NER reads column
files (``conll``) in BIO, BIOES or BMES and trains on BIOES; segmentation reads gold words
(``words``) or People's Daily (``pd``) and trains on per-character BMES tags.
"""

from __future__ import annotations

from dataclasses import dataclass

from nlptk.core.tagging import (
    BMES,
    TagSchemeError,
    bioes_labels,
    split_tag,
    to_bioes,
    validate_tags,
    words_to_bmes,
)
from nlptk.errors import CorpusFormatError, InputError
from nlptk.readers.conll import read_conll
from nlptk.readers.labelled import LABEL_FORMATS, NEGATIVE, POSITIVE, read_labelled
from nlptk.readers.words import read_pd, read_words

__all__ = ["TASKS", "FORMATS", "Examples", "load_examples", "label_set", "check_labels"]

#: ``--task`` choices.
TASKS = ("sentiment", "ner", "segment")

#: ``--format`` choices per task; the first is the default.
FORMATS: dict[str, tuple[str, ...]] = {
    "sentiment": LABEL_FORMATS,
    "ner": ("conll",),
    "segment": ("words", "pd"),
}


@dataclass(frozen=True)
class Examples:
    """Inputs and gold labels of one data file.

    For ``sentiment`` ``inputs`` are texts and ``labels`` one label each; for ``ner`` and
    ``segment`` ``inputs`` are lists of units (words, or characters) and ``labels`` one
    BIOES/BMES tag per unit. ``unit`` is ``word`` or ``char``.
    """

    task: str
    inputs: list
    labels: list
    unit: str


def _ner(path: str, scheme: str) -> Examples:
    inputs, labels = [], []
    for sent in read_conll(path):
        try:
            validate_tags(sent.tags, scheme)
            tags = to_bioes(sent.tags, scheme)
        except (TagSchemeError, ValueError) as exc:
            pos = getattr(exc, "position", 0)
            line = sent.line_no + min(pos, len(sent.tokens) - 1)
            text = "\t".join((sent.tokens[pos], sent.tags[pos])) if pos < len(sent.tags) else ""
            raise CorpusFormatError(path, line, text, f"not {scheme.upper()}: {exc}") from None
        inputs.append(sent.tokens)
        labels.append(tags)
    unit = "char" if inputs and all(len(t) == 1 for s in inputs for t in s) else "word"
    return Examples("ner", inputs, labels, unit)


def _segment(path: str, fmt: str) -> Examples:
    if fmt == "pd":
        sentences = ([w for w, _ in pairs] for _, pairs in read_pd(path))
    else:
        sentences = (words for _, words in read_words(path) if words)
    inputs, labels = [], []
    for words in sentences:
        inputs.append(list("".join(words)))
        labels.append(words_to_bmes(words))
    return Examples("segment", inputs, labels, "char")


def load_examples(task: str, path: str, fmt: str | None = None, scheme: str = "bio") -> Examples:
    """Read ``path`` as ``task`` data in format ``fmt`` (the task's default when ``None``).

    Raises ``InputError`` for an unknown task or format, and ``CorpusFormatError`` naming the
    line for malformed data (a bad label, an ill-formed tag sequence).
    """
    # TODO(merge): NER data via nlptk.tasks.ner_data.load_ner_data(path, fmt, lang).
    if task not in FORMATS:
        raise InputError(f"unknown task {task!r}; choose one of {', '.join(TASKS)}")
    fmt = fmt or FORMATS[task][0]
    if fmt not in FORMATS[task]:
        raise InputError(f"unknown {task} format {fmt!r}; choose one of {', '.join(FORMATS[task])}")
    if task == "sentiment":
        records = list(read_labelled(path, fmt))
        ex = Examples(task, [r[2] for r in records], [r[1] for r in records], "text")
    elif task == "ner":
        ex = _ner(path, scheme)
    else:
        ex = _segment(path, fmt)
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
