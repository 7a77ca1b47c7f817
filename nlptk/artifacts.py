"""artifacts: where shipped data lives, and the ``meta.json`` every model directory carries.

The top-level ``lexicons/`` and ``models/`` folders are installed inside the package by the
build config (``nlptk/lexicons``, ``nlptk/models``); in a source checkout or an editable
install they sit beside the package. ``resource_dir`` finds them the same way in both.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import shutil
import tempfile
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlptk import __version__
from nlptk.errors import ArtifactVersionError, InputError, ModelFormatError, OutputError
from nlptk.io import STDIN

__all__ = [
    "resource_dir",
    "shipped_models",
    "resolve_model",
    "ModelKind",
    "model_kind",
    "check_model_dir",
    "write_meta",
    "read_meta",
    "read_json",
    "read_arrays",
    "sha256_files",
    "source_record",
    "META",
]

META = "meta.json"
_PKG = Path(__file__).resolve().parent


def resource_dir(name: str) -> Path:
    """The shipped ``models`` or ``lexicons`` folder (inside the package, else beside it)."""
    for candidate in (_PKG / name, _PKG.parent / name):
        if candidate.is_dir():
            return candidate
    raise ModelFormatError(f"the shipped '{name}' folder is missing from this installation")


def shipped_models(task: str | None = None) -> list[str]:
    """Names of the model directories in ``models/`` (for one task when given)."""
    root = resource_dir("models")
    names = []
    for meta in sorted(root.glob(f"*/{META}")):
        if task is None or json.loads(meta.read_text(encoding="utf-8")).get("task") == task:
            names.append(meta.parent.name)
    return names


def resolve_model(name_or_path: str | Path, task: str | None = None) -> Path:
    """A model directory from a path or the name of a shipped model; errors list the choices."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    if isinstance(name_or_path, str) and "/" not in name_or_path:
        shipped = resource_dir("models") / name_or_path
        if shipped.is_dir():
            return shipped
    choices = ", ".join(shipped_models(task)) or "none"
    raise ModelFormatError(
        f"model {str(name_or_path)!r} not found: not a directory nor a shipped model "
        f"(shipped{' ' + task if task else ''} models: {choices})"
    )


def sha256_files(paths: Iterable[str | Path]) -> str | None:
    """One sha256 over the bytes of the given files, read in chunks (training-data hash).

    ``None`` when the data came from standard input (``-``): it cannot be read a second
    time to hash, nor checked again later.
    """
    paths = list(paths)
    if any(str(p) == STDIN for p in paths):
        return None
    h = hashlib.sha256()
    for path in paths:
        with open(path, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    return h.hexdigest()


def source_record(path: str) -> tuple[str, str | None]:
    """A data file's name (``<stdin>`` for ``-``) and sha256 for a model card."""
    return ("<stdin>" if path == STDIN else Path(path).name), sha256_files([path])


def check_model_dir(model_dir: str | Path) -> None:
    """Raise ``OutputError`` unless a model can be written to ``model_dir``: run before
    training, so a bad ``-o`` fails in a second rather than after the work.

    The folder may exist (it must be a directory) or not (its nearest existing parent is
    then used); either way a scratch folder is made and removed there, which answers for
    read-only and virtual file systems (``/proc``) where permission bits do not. Nothing is
    left behind.
    """
    path = Path(model_dir)
    if path.exists() and not path.is_dir():
        raise OutputError(f"{path}: exists and is not a directory; give -o a model directory")
    probe_in = path
    while not probe_in.exists():
        probe_in = probe_in.parent
    if not probe_in.is_dir():
        raise OutputError(f"{path}: {probe_in} is not a directory")
    try:
        shutil.rmtree(tempfile.mkdtemp(dir=probe_in, prefix=".nlptk-probe-"))
    except OSError as exc:
        raise OutputError(f"{path}: cannot write a model here ({exc.strerror or exc})") from None


def write_meta(model_dir: str | Path, meta: dict[str, Any]) -> Path:
    """Write ``meta.json`` with the nlptk version added (and the date, unless given)."""
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    record = {"nlptk_version": __version__, **meta}
    record.setdefault("date", _dt.date.today().isoformat())
    path = model_dir / META
    path.write_text(json.dumps(record, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def read_json(path: Path, kind: type = dict) -> Any:
    """A model file's JSON, which must be a ``kind`` (an object by default); anything else —
    missing, undecodable, another shape — is a ``ModelFormatError`` naming the file."""
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError included
        raise ModelFormatError(f"{path}: unreadable ({exc})") from None
    if not isinstance(value, kind):
        raise ModelFormatError(
            f"{path}: expected a JSON {'object' if kind is dict else kind.__name__}, "
            f"got {type(value).__name__}"
        )
    return value


def read_arrays(path: Path, names: Iterable[str]) -> dict[str, Any]:
    """The named arrays of a model's ``.npz`` file, read without pickle; a missing,
    truncated or foreign file is a ``ModelFormatError`` naming it."""
    import zipfile

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as arrays:
            return {name: arrays[name] for name in names}
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except (OSError, ValueError, EOFError, KeyError, TypeError, zipfile.BadZipFile) as exc:
        raise ModelFormatError(f"{path}: not a model array file ({exc})") from None


def _major_minor(version: str) -> tuple[int, int]:
    parts = (version.split(".") + ["0", "0"])[:2]
    return int(parts[0]), int(parts[1])


def read_meta(model_dir: str | Path, task: str | None = None) -> dict[str, Any]:
    """Read and check ``meta.json``: right task, not from a newer major version of nlptk.

    A different minor version only warns, as the format is kept within a major version.
    """
    model_dir = Path(model_dir)
    path = model_dir / META
    if not path.is_file():
        raise ModelFormatError(f"{model_dir}: not an nlptk model directory (no {META})")
    meta = read_json(path)
    if task is not None and meta.get("task") != task:
        raise ModelFormatError(
            f"{model_dir}: a {meta.get('task', 'unknown')!r} model, expected a {task!r} model"
        )
    written = str(meta.get("nlptk_version", "0.0"))
    try:
        theirs, ours = _major_minor(written), _major_minor(__version__)
    except ValueError:
        raise ModelFormatError(f"{path}: bad nlptk_version {written!r}") from None
    if theirs[0] != ours[0] or (theirs[0] == 0 and theirs[1] > ours[1]):
        raise ArtifactVersionError(
            f"{model_dir} was written by nlptk {written}, which this nlptk {__version__} "
            "cannot read; upgrade nlptk or retrain the model"
        )
    if theirs != ours:
        warnings.warn(
            f"{model_dir} was written by nlptk {written}; this is {__version__}", stacklevel=2
        )
    return meta


#: A card's engine when it names none: segmentation models from before cards named theirs.
_UNNAMED_ENGINE = {"segment": "dict"}
#: Tasks whose models read Chinese only (their cards name no language).
_CHINESE_TASKS = ("segment", "pos")
_BERT = "bert-"


@dataclass(frozen=True)
class ModelKind:
    """What a model directory is, as its ``meta.json`` says — so a command or ``load`` given
    only ``--model`` picks the engine itself instead of asking for ``--engine``.

    ``task``: ``segment``, ``pos``, ``ner``, ``sentiment`` (a BERT model's task without its
    ``bert-`` prefix). ``engine``: what reads it — ``dict``, ``perceptron``, ``hmm``,
    ``bert``, or a sentiment method (``nb``, ``lexicon``, …). ``lang``: ``zh`` or ``en``,
    ``None`` for a model of any language.
    """

    path: Path
    task: str
    engine: str
    lang: str | None
    meta: dict[str, Any]


def _kind_lang(stored: str, task: str, meta: dict[str, Any]) -> str | None:
    """A card's language: its own, else what its task implies (BERT NER: its unit)."""
    params = meta.get("params")
    lang = meta.get("lang") or (params.get("lang") if isinstance(params, dict) else None)
    if lang in ("zh", "en"):
        return lang
    if task in _CHINESE_TASKS:
        return "zh"
    if stored == _BERT + "ner":  # BertTagger.lang's rule
        return "zh" if meta.get("unit") == "char" else "en"
    return None


def model_kind(
    model: str | Path,
    task: str | None = None,
    engine: str | None = None,
    lang: str | None = None,
) -> ModelKind:
    """The kind of ``model`` (a directory or a shipped model's name), read from its card.

    ``task``, when given, must be the model's (``ModelFormatError`` otherwise). ``engine``
    and ``lang`` are what the caller was told explicitly (``None``, or ``lang`` ``auto``:
    nothing); one that contradicts the card is an ``InputError`` — one line, before any
    weights are read.

    >>> kind = model_kind("ner-zh-pd98-perceptron", "ner")
    >>> kind.task, kind.engine, kind.lang
    ('ner', 'perceptron', 'zh')
    """
    path = resolve_model(model, task)
    meta = read_meta(path)
    stored = str(meta.get("task", ""))
    own_task = stored[len(_BERT) :] if stored.startswith(_BERT) else stored
    if task is not None and own_task != task:
        raise ModelFormatError(
            f"{path}: a {stored or 'unknown'!r} model, expected a {task!r} model"
        )
    own_engine = (
        "bert"
        if stored.startswith(_BERT)
        else meta.get("engine") or meta.get("method") or _UNNAMED_ENGINE.get(own_task)
    )
    if not isinstance(own_engine, str):
        raise ModelFormatError(f"{path}/{META}: names no engine for its {stored!r} model")
    kind = ModelKind(path, own_task, own_engine, _kind_lang(stored, own_task, meta), meta)
    if engine is not None and engine != kind.engine:
        raise InputError(f"model {str(model)!r} is a {kind.engine!r} model, not {engine!r}")
    if lang not in (None, "auto") and kind.lang is not None and lang != kind.lang:
        raise InputError(f"model {str(model)!r} is for {kind.lang!r} text, not {lang!r}")
    return kind
