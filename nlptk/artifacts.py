"""artifacts: where shipped data lives, and the ``meta.json`` every model directory carries.

The top-level ``lexicons/`` and ``models/`` folders are installed inside the package by the
build config (``nlptk/lexicons``, ``nlptk/models``); in a source checkout or an editable
install they sit beside the package. ``resource_dir`` finds them the same way in both.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlptk._schema import Json, List, Map, Obj, SchemaError, Spec, Str, Where, check, loads
from nlptk._version import __version__
from nlptk.errors import ArtifactVersionError, InputError, ModelFormatError, OutputError
from nlptk.io import STDIN

__all__ = [
    "resource_dir",
    "shipped_models",
    "user_model_folders",
    "model_dirs",
    "ModelCard",
    "model_card",
    "resolve_model",
    "ModelKind",
    "model_kind",
    "check_model_dir",
    "write_meta",
    "read_meta",
    "check_meta",
    "read_json",
    "read_arrays",
    "model_file",
    "resolve_reference",
    "reference_to",
    "file_checksums",
    "sha256_files",
    "source_record",
    "META",
    "META_SPEC",
    "CHECKSUMS",
]

META = "meta.json"
#: ``meta.json`` key: the sha256 of each file the model ships that does not check itself
#: (``weights.bin`` carries its own), verified before the file is read.
CHECKSUMS = "file_sha256"
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
        try:
            record = loads(meta.read_text(encoding="utf-8"))
        except (OSError, ValueError):  # a damaged one is reported when it is loaded
            continue
        if task is None or (isinstance(record, dict) and record.get("task") == task):
            names.append(meta.parent.name)
    return names


def user_model_folders() -> list[Path]:
    """The folders of ``$NLPTK_MODELS`` (separated as in ``PATH``): models found by name
    after the shipped ones, and listed by ``nlptk models``."""
    return [Path(p) for p in os.environ.get("NLPTK_MODELS", "").split(os.pathsep) if p]


def model_dirs(folders: Sequence[str | Path] = ()) -> Iterator[Path]:
    """Every model directory: the shipped ones, then those in ``$NLPTK_MODELS`` and in
    ``folders``; a folder is a model itself (it holds a ``meta.json``) or holds models."""
    for folder in [resource_dir("models"), *user_model_folders(), *map(Path, folders)]:
        if (folder / META).is_file():
            yield folder
        elif folder.is_dir():
            yield from sorted(meta.parent for meta in folder.glob(f"*/{META}"))
        else:
            raise ModelFormatError(f"{folder}: no such model folder")


def resolve_model(name_or_path: str | Path, task: str | None = None) -> Path:
    """A model directory from a path, or the name of a shipped model or of one in
    ``$NLPTK_MODELS``; errors list the choices."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    if isinstance(name_or_path, str) and "/" not in name_or_path:
        for folder in [resource_dir("models"), *user_model_folders()]:
            if (folder / name_or_path).is_dir():
                return folder / name_or_path
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


def file_checksums(model_dir: str | Path, names: Iterable[str]) -> dict[str, str]:
    """The ``file_sha256`` record of the named files of ``model_dir``."""
    return {name: sha256_files([Path(model_dir) / name]) or "" for name in names}


def write_meta(model_dir: str | Path, meta: dict[str, Any], checked: Iterable[str] = ()) -> Path:
    """Write ``meta.json`` with the nlptk version added (and the date, unless given).

    ``checked`` names the files already written that ``model_file`` is to verify on load
    (their sha256 go under ``file_sha256``): every file a model ships is either checked
    or checks itself. No ``NaN``/``Infinity`` is ever written (they are not JSON).
    """
    model_dir = Path(model_dir)
    model_dir.mkdir(parents=True, exist_ok=True)
    record = {"nlptk_version": __version__, **meta}
    record.setdefault("date", _dt.date.today().isoformat())
    names = list(checked)
    if names:
        record[CHECKSUMS] = file_checksums(model_dir, names)
    path = model_dir / META
    text = json.dumps(record, ensure_ascii=False, indent=2, allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path


def read_json(path: Path, kind: type = dict, spec: Spec | None = None) -> Any:
    """A model file's JSON, which must be a ``kind`` (an object by default) of the shape
    ``spec`` declares; anything else — missing, undecodable (``NaN``, nested too deep
    included), another shape, a field out of range — is a ``ModelFormatError`` naming the
    file and the field."""
    try:
        value = loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except (OSError, ValueError) as exc:  # JSONDecodeError and UnicodeDecodeError included
        raise ModelFormatError(f"{path}: unreadable ({exc})") from None
    if not isinstance(value, kind):
        raise ModelFormatError(
            f"{path}: expected a JSON {'object' if kind is dict else kind.__name__}, "
            f"got {type(value).__name__}"
        )
    if spec is not None:
        check_meta(value, spec, path)
    return value


def check_meta(value: Any, spec: Spec, path: str | Path) -> None:
    """``_schema.check`` of a model file's content, a mismatch a ``ModelFormatError``
    naming the file and the field."""
    try:
        check(value, spec)
    except SchemaError as exc:
        raise ModelFormatError(f"{path}: {exc}") from None


def read_arrays(path: Path, names: Iterable[str], dtype: str = "float64") -> dict[str, Any]:
    """The named arrays of a model's ``.npz`` file, read without pickle, each of ``dtype``
    with finite values; a missing, truncated or foreign file, or another array, is a
    ``ModelFormatError`` naming it. (Shapes are the loader's to check: they relate the
    arrays to each other.)"""
    import zipfile
    import zlib

    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as arrays:
            if not hasattr(arrays, "files"):
                raise ValueError("a single array, not an archive of named arrays")
            found = {name: arrays[name] for name in names}
    except FileNotFoundError:
        raise ModelFormatError(f"{path.parent}: incomplete model, {path.name} is missing") from None
    except (
        OSError,
        ValueError,
        EOFError,
        KeyError,
        TypeError,
        zipfile.BadZipFile,
        zlib.error,
    ) as exc:
        raise ModelFormatError(f"{path}: not a model array file ({exc})") from None
    for name, array in found.items():
        if array.dtype != np.dtype(dtype):
            raise ModelFormatError(f"{path}: {name}: expected {dtype} values, got {array.dtype}")
        if not np.isfinite(array).all():
            raise ModelFormatError(f"{path}: {name}: values that are not finite numbers")
    return found


def _major_minor(version: str) -> tuple[int, int]:
    parts = (version.split(".") + ["0", "0"])[:2]
    return int(parts[0]), int(parts[1])


def _plain_name(name: str) -> bool:
    """A file name directly inside a model directory: no folder, no ``..``, no ``/``."""
    return name not in (".", "..") and "/" not in name and "\\" not in name and "\0" not in name


def _hex64(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


#: A file name of a model directory (``files``, ``file_sha256``).
FILE_NAME = Where(Str(nonempty=True), _plain_name, "a file name in the model directory")

#: What every ``meta.json`` may hold, whatever the model: each field is optional but
#: ``task``, and of its declared type when present; a model's loader adds its own fields
#: (``params``, ``labels``…) with ``check_meta``. Unknown fields (a newer minor version's)
#: may hold any JSON.
_META_FIELDS = {
    "nlptk_version": Where(Str(), lambda v: v.count(".") >= 1, "a version like 0.1.0"),
    "task": Str(nonempty=True),
    "class": Str(nonempty=True),
    "engine": Str(nonempty=True),
    "method": Str(nonempty=True),
    "lang": Str(nonempty=True),
    "date": Str(),
    "licence": Str(),
    "params": Map(Json()),
    "labels": List(Str(nonempty=True)),
    "files": List(FILE_NAME, unique=True),
    CHECKSUMS: Map(Where(Str(), _hex64, "a sha256 in hex"), key=FILE_NAME),
    "data": Map(Json()),
    "metrics": Map(Json()),
    "data_card": Map(Json()),
}
META_SPEC = Obj(_META_FIELDS, optional=_META_FIELDS.keys() - {"task"}, extra=Json())


def read_meta(model_dir: str | Path, task: str | None = None) -> dict[str, Any]:
    """Read and check ``meta.json``: the fields every model has (``META_SPEC``), the right
    task, not from a newer major version of nlptk.

    A different minor version only warns, as the format is kept within a major version.
    """
    model_dir = Path(model_dir)
    path = model_dir / META
    if not os.path.lexists(path):
        raise ModelFormatError(f"{model_dir}: not an nlptk model directory (no {META})")
    meta = read_json(model_file(model_dir, META), spec=META_SPEC)
    if task is not None and meta["task"] != task:
        raise ModelFormatError(f"{model_dir}: a {meta['task']!r} model, expected a {task!r} model")
    written = meta.get("nlptk_version", "0.0")
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


def model_file(model_dir: str | Path, name: str, meta: dict[str, Any] | None = None) -> Path:
    """The path of the model file ``name``, after checking that it is a regular file
    inside ``model_dir`` (a link may point elsewhere in the directory, never out of it:
    a model from elsewhere must not make nlptk read, or quote in an error, a file of the
    user's) and, given the model's ``meta``, that its bytes match ``file_sha256``.

    A model whose ``meta.json`` has a ``file_sha256`` record must list every file its
    loader reads but those that carry their own checksum (``weights.bin``; the loader
    passes no ``meta`` for them). Raises ``ModelFormatError`` naming the file.
    """
    model_dir = Path(model_dir)
    path = model_dir / name
    if not os.path.lexists(path):
        raise ModelFormatError(f"{model_dir}: incomplete model, {name} is missing")
    root, target = model_dir.resolve(), path.resolve()
    if root not in target.parents:
        raise ModelFormatError(
            f"{path}: a link out of the model directory; model files must be inside it"
        )
    if not target.is_file():
        raise ModelFormatError(f"{path}: not a regular file")
    sums = (meta or {}).get(CHECKSUMS)
    if meta is not None and sums is not None:
        if name not in sums:
            raise ModelFormatError(f"{model_dir / META}: {CHECKSUMS} has no entry for {name}")
        if sha256_files([target]) != sums[name]:
            raise ModelFormatError(
                f"{path}: checksum mismatch (the file is damaged or was changed after training)"
            )
    return path


def resolve_reference(model_dir: str | Path, ref: Any, task: str | None = None) -> Path:
    """The model directory another model's ``meta.json`` refers to (a POS model's
    segmenter): a shipped model's name, else a path relative to ``model_dir`` — never an
    absolute path nor one read against the working directory, so what a model loads does
    not depend on where it is run from. Raises ``ModelFormatError``."""
    model_dir = Path(model_dir)
    if not isinstance(ref, str) or not ref or Path(ref).is_absolute() or "\0" in ref:
        raise ModelFormatError(
            f"{model_dir / META}: refers to {ref!r}; a reference must be a shipped model's "
            "name or a path relative to the model directory"
        )
    if "/" not in ref and ref not in (".", ".."):
        shipped = resource_dir("models") / ref
        if (shipped / META).is_file():
            return shipped
    path = model_dir / ref
    if not path.is_dir():
        choices = ", ".join(shipped_models(task)) or "none"
        raise ModelFormatError(
            f"{model_dir / META}: refers to model {ref!r}, which is neither a shipped model "
            f"(shipped{' ' + task if task else ''} models: {choices}) nor a directory "
            "relative to the model directory"
        )
    return path


def reference_to(model_dir: str | Path, name_or_path: str | Path) -> str:
    """What a model written to ``model_dir`` records for the model ``name_or_path`` it
    uses (``resolve_reference`` reads it back): a shipped model by its name, any other
    directory by its path relative to ``model_dir``."""
    path = Path(name_or_path)
    if not path.is_dir():
        return str(name_or_path)  # a shipped name (resolve_model has found it)
    target = path.resolve()
    if target.parent == resource_dir("models").resolve():
        return target.name
    return os.path.relpath(target, Path(model_dir).resolve())


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


@dataclass(frozen=True)
class ModelCard:
    """What ``nlptk models`` shows of a model: its name (the directory's), task, engine,
    language, size in bytes, headline figure and the licence of its data (as its
    ``meta.json`` records them; ``None`` where it does not)."""

    name: str
    path: Path
    task: str
    engine: str
    lang: str | None
    size: int
    headline: str | None
    licence: str | None


def _headline(meta: dict[str, Any]) -> str | None:
    """The figure a model's ``meta.json`` leads with: held-out F1 or accuracy where it was
    scored, else its best dev figure."""
    metrics = meta.get("metrics") or {}
    if isinstance(metrics.get("accuracy"), float):
        test = (metrics.get("test") or {}).get("file")
        return f"accuracy {metrics['accuracy']:.3f}" + (f" on {test}" if test else "")
    for name, value in metrics.items():
        if isinstance(value, dict) and isinstance((value.get("micro") or {}).get("f1"), float):
            return f"F1 {value['micro']['f1']:.3f} on {name}"
    dev = metrics.get("dev")
    if isinstance(dev, dict):
        for key in ("f1", "accuracy"):
            if isinstance(dev.get(key), float):
                return f"dev {'F1' if key == 'f1' else key} {dev[key]:.3f}"
    for key, label in (("dev_f1_by_epoch", "F1"), ("dev_accuracy_by_epoch", "accuracy")):
        if metrics.get(key):
            return f"dev {label} {max(metrics[key]):.3f}"
    by_threshold = metrics.get("dev_f1_by_solo_threshold")
    if by_threshold:
        chosen = str((meta.get("params") or {}).get("solo_threshold")).lower()
        if chosen in by_threshold:
            return f"dev F1 {by_threshold[chosen]:.3f}"
    return None


def model_card(path: str | Path) -> ModelCard:
    """The ``ModelCard`` of a model directory (its kind, ``model_kind``, and its card)."""
    kind = model_kind(path)
    size = sum(f.stat().st_size for f in kind.path.rglob("*") if f.is_file())
    return ModelCard(
        kind.path.name,
        kind.path,
        kind.task,
        kind.engine,
        kind.lang,
        size,
        _headline(kind.meta),
        _licence(kind.path, kind.meta),
    )


def _licence(path: Path, meta: dict[str, Any]) -> str | None:
    """The terms of a model's training data: its card's ``licence`` or data note, else those
    of the model it is built on (a hybrid's ``classifier``, a folder inside it or a shipped
    model's name)."""
    own = meta.get("licence") or (meta.get("data") or {}).get("note")
    base = (meta.get("params") or {}).get("classifier")
    if own or not isinstance(base, str):
        return own
    inner = path / base
    try:
        return _licence(inner, read_meta(inner if inner.is_dir() else resolve_model(base)))
    except ModelFormatError:
        return None
