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

from nlptk._schema import Bool, Int, Json, List, Map, Num, Obj, Opt, Str, Where
from nlptk.artifacts import check_meta, model_file, model_kind, read_json
from nlptk.errors import ModelFormatError
from nlptk.io import numbered_lines
from nlptk.readers.names import NAMES
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


#: A log-probability (``MIN_FLOAT``, -3.14e100, stands for an impossible event).
_LOGP = Num(hi=0.0)
_CHAR = Where(Str(), lambda c: len(c) == 1, "one character")


def _per_state(spec: Obj | Num | Map) -> Obj:
    return Obj(dict.fromkeys(BMES, spec))


#: ``hmm.json``: every state's start, transitions (to the states that may follow it),
#: unseen-character emission and the emissions of seen characters; ``solo`` characters.
HMM_SPEC = Obj(
    {
        "states": Str(choices=("".join(BMES),)),
        "start": _per_state(_LOGP),
        "trans": _per_state(Map(_LOGP, key=Str(choices=BMES))),
        "emit_unseen": _per_state(_LOGP),
        "solo": Str(),
        "emit": _per_state(Map(_LOGP, key=_CHAR)),
    }
)

_THRESHOLD = Num(above=0.0, hi=1.0)
_COMMON_PARAMS = {
    "normalize_width": Bool(),
    "fold_traditional": Bool(),
    "names": Str(choices=NAMES),
}
#: ``meta.json`` of a dictionary + HMM model (``engine`` absent or ``dict``) and of a
#: perceptron model; both fold traditional characters only when told (models from before
#: folding did not fold), and normalise width only when told.
META_SPECS = {
    "dict": Obj(
        {
            "class": Str(choices=("Segmenter",)),
            "engine": Str(choices=("dict",)),
            "tag_scheme": Str(choices=("".join(BMES),)),
            "params": Obj(
                {
                    **_COMMON_PARAMS,
                    "solo_threshold": Opt(_THRESHOLD),
                    "solo_grid": Opt(List(Opt(_THRESHOLD))),
                    "alpha": Num(above=0.0),
                },
                optional=("normalize_width", "fold_traditional", "names", "solo_grid"),
            ),
            "adapt": Opt(Map(Json())),
            "dictionary_words": Int(lo=0),
            "solo_chars": Int(lo=0),
        },
        optional=("class", "engine", "tag_scheme", "adapt", "dictionary_words", "solo_chars"),
        extra=Json(),
    ),
    PERCEPTRON: Obj(
        {
            "class": Str(choices=("PerceptronSegmenter",)),
            "tag_scheme": Str(choices=("".join(BMES),)),
            "params": Obj(
                {
                    **_COMMON_PARAMS,
                    "epochs": Int(lo=1),
                    "max_epochs": Opt(Int(lo=1)),
                    "update": Str(choices=("plain", "pa")),
                    "folds": Int(lo=1),
                    "bits": Int(lo=1, hi=30),
                    "seed": Int(),
                    "features": List(Str()),
                    "dict_features": Opt(Str()),
                },
                optional=(
                    "normalize_width",
                    "fold_traditional",
                    "names",
                    "max_epochs",
                    "update",
                    "dict_features",
                ),
            ),
            "dictionary_words": Int(lo=0),
            "weight_rows": Int(lo=0),
            # --conventions: one name per training corpus, and the default one
            "conventions": List(Str()),
            "convention": Str(),
            # what --dict-features read: documentation of features.txt (sealed by its sha256)
            "dict_features": Obj(
                {
                    "source": Str(),
                    "sha256": Str(),
                    "words": Int(lo=0),
                    "templates": List(Str()),
                }
            ),
        },
        optional=(
            "class",
            "tag_scheme",
            "dictionary_words",
            "weight_rows",
            "conventions",
            "convention",
            "dict_features",
        ),
        extra=Json(),
    ),
}


def _read_hmm(path: Path) -> tuple[SmoothedHMM, frozenset[str]]:
    record = read_json(path, spec=HMM_SPEC)
    hmm = SmoothedHMM(
        start=record["start"],
        trans=record["trans"],
        emit=record["emit"],
        emit_unseen=record["emit_unseen"],
    )
    return hmm, frozenset(record["solo"])


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
    """Read a model directory, or a shipped model by name (``pd98``): ``meta.json`` checked
    against ``META_SPECS``, ``dict.txt`` and ``hmm.json`` against their checksums (and
    ``HMM_SPEC``). A perceptron model's ``weights.bin`` is read by its segmenter."""
    kind = model_kind(name_or_path, TASK)
    path, meta = kind.path, kind.meta
    if kind.engine not in META_SPECS:
        raise ModelFormatError(
            f"{path}: a {kind.engine!r} segmentation model; Segmenter.load reads {DICT} and "
            f"{PERCEPTRON} models (nlptk segment --model runs any)"
        )
    check_meta(meta, META_SPECS[kind.engine], path / "meta.json")
    model_file(path, DICT_FILE, meta)
    params = meta.get("params", {})
    # models trained before folding existed did not fold
    normalize = params.get("normalize_width", False)
    fold = params.get("fold_traditional", False)
    if kind.engine == PERCEPTRON:  # weights.bin is read by its segmenter
        from nlptk.segment.perceptron.features import TEMPLATES

        if params["features"] != list(TEMPLATES):
            raise ModelFormatError(
                f"{path}: trained with other feature templates than this version computes; "
                "retrain it with `nlptk train segment --engine perceptron`"
            )
        return SegmentModel(path, meta, None, frozenset(), normalize, fold, PERCEPTRON)
    hmm, solo = _read_hmm(model_file(path, HMM_FILE, meta))
    return SegmentModel(path, meta, hmm, solo, normalize, fold)
