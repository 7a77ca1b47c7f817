"""segment: the files of a trained segmentation model — write what ``Segmenter.load`` reads.

A model directory holds ``meta.json`` (``nlptk.artifacts``), ``dict.txt`` (jieba's
``word freq [tag]`` format, so jieba itself can load it) and ``hmm.json``: BMES
log-probabilities, the emissions of seen characters plus one value per state for every other
Han character, and the characters the HMM must leave single (``solo``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlptk.artifacts import model_kind, read_json
from nlptk.errors import ModelFormatError
from nlptk.io import numbered_lines
from nlptk.segment.dictionary import iter_dict_entries
from nlptk.segment.estimate import SmoothedHMM
from nlptk.sequence.tags import BMES

__all__ = [
    "TASK",
    "DICT_FILE",
    "HMM_FILE",
    "PERCEPTRON",
    "DICT",
    "SHIPPED_BY_ENGINE",
    "resolve_engine",
    "SegmentModel",
    "write_dictionary",
    "write_hmm",
    "load_model",
]

TASK = "segment"
DICT_FILE = "dict.txt"
HMM_FILE = "hmm.json"
#: ``meta.json`` ``engine`` of a perceptron model (``nlptk.segment.perceptron``).
PERCEPTRON = "perceptron"
#: The dictionary + HMM engine: jieba's dictionary, or a model from ``nlptk train segment``.
DICT = "dict"
#: The model an engine runs when named without ``--model`` (``dict``: jieba's dictionary;
#: ``bert`` ships none). ``pd98-perceptron`` is the most accurate shipped segmenter.
SHIPPED_BY_ENGINE = {PERCEPTRON: "pd98-perceptron"}


def resolve_engine(engine: str | None, model: str | None) -> tuple[str, str | None]:
    """The engine and model ``nlptk segment`` (and ``eval segment``) run: ``model``'s own
    engine, read from its ``meta.json`` (an ``engine`` given that contradicts it is an
    ``InputError``); without a model, ``engine`` (default ``dict``, jieba's dictionary —
    jieba parity) with its shipped model, if it has one.

    >>> resolve_engine(None, "pd98-perceptron"), resolve_engine("perceptron", None)
    (('perceptron', 'pd98-perceptron'), ('perceptron', 'pd98-perceptron'))
    """
    if model is not None:
        return model_kind(model, TASK, engine).engine, model
    engine = engine or DICT
    return engine, SHIPPED_BY_ENGINE.get(engine)


def write_dictionary(path: Path, entries: Iterable[tuple[str, int, str | None]]) -> None:
    """``word freq [tag]`` lines, in the order given."""
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for word, freq, tag in entries:
            f.write(f"{word} {freq} {tag}\n" if tag else f"{word} {freq}\n")


def write_hmm(path: Path, hmm: SmoothedHMM, solo: Collection[str]) -> None:
    """``hmm.json``: states in ``BMES`` order, emissions sorted by character."""
    record = {
        "states": "".join(BMES),
        "start": {s: hmm.start[s] for s in BMES},
        "trans": {s: dict(hmm.trans[s]) for s in BMES},
        "emit_unseen": {s: hmm.emit_unseen[s] for s in BMES},
        "solo": "".join(sorted(solo)),
        "emit": {s: dict(sorted(hmm.emit[s].items())) for s in BMES},
    }
    path.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def _read_hmm(path: Path) -> tuple[SmoothedHMM, frozenset[str]]:
    record = read_json(path)
    try:
        if record["states"] != "".join(BMES):
            raise ModelFormatError(
                f"{path}: states {record['states']!r}, expected {''.join(BMES)!r}"
            )
        hmm = SmoothedHMM(
            start=record["start"],
            trans=record["trans"],
            emit=record["emit"],
            emit_unseen=record["emit_unseen"],
        )
        missing = [s for s in BMES if s not in hmm.emit or s not in hmm.emit_unseen]
        if missing:
            raise ModelFormatError(f"{path}: no emissions for state(s) {', '.join(missing)}")
        return hmm, frozenset(record["solo"])
    except (KeyError, TypeError, AttributeError, ValueError) as exc:
        raise ModelFormatError(f"{path}: not a segmentation HMM ({exc!r})") from None


@dataclass(frozen=True)
class SegmentModel:
    """A model directory, read: where the dictionary is, and the decoding options."""

    path: Path
    meta: dict[str, Any]
    hmm: SmoothedHMM | None  # None for a perceptron model (``engine``)
    solo: frozenset[str]
    normalize_width: bool
    fold_traditional: bool = False
    engine: str = DICT

    @property
    def dictionary(self) -> Path:
        return self.path / DICT_FILE

    def vocabulary(self) -> set[str]:
        """The dictionary's words (width-normalised if the model normalises)."""
        lines = (line for _, line in numbered_lines(str(self.dictionary)))
        return {word for word, _, _ in iter_dict_entries(lines, str(self.dictionary))}


def load_model(name_or_path: str | Path) -> SegmentModel:
    """Read a model directory, or a shipped model by name (``pd98``)."""
    kind = model_kind(name_or_path, TASK)
    path, meta = kind.path, kind.meta
    if kind.engine not in (DICT, PERCEPTRON):
        raise ModelFormatError(
            f"{path}: a {kind.engine!r} segmentation model; Segmenter.load reads {DICT} and "
            f"{PERCEPTRON} models (nlptk segment --model runs any)"
        )
    if not (path / DICT_FILE).is_file():
        raise ModelFormatError(f"{path}: incomplete model, {DICT_FILE} is missing")
    params = meta.get("params", {})
    normalize = bool(params.get("normalize_width", False))
    # models trained before folding existed did not fold
    fold = bool(params.get("fold_traditional", False))
    if kind.engine == PERCEPTRON:  # weights.bin is read by its segmenter
        return SegmentModel(path, meta, None, frozenset(), normalize, fold, PERCEPTRON)
    hmm, solo = _read_hmm(path / HMM_FILE)
    return SegmentModel(path, meta, hmm, solo, normalize, fold)
