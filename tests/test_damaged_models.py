"""Fault injection on every shipped model: each of its files truncated, flipped, deleted, and
its ``meta.json`` given odd values. Loading through the public API must raise
``ModelFormatError`` (naming the file, on one line) — never another exception, never a model
that loads and answers differently — and the CLI must print one ``Error:`` line and exit 1.

The cases are built from the files present, so the test follows format changes (a new file,
``weights.bin`` in a new layout: its own checksum must still catch a flipped byte).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from nlptk.errors import ModelFormatError

ROOT = Path(__file__).resolve().parents[1]

#: Every shipped model directory (the automatic Chinese lexicon is one too, and so is a
#: model shipped inside another: the Chinese hybrid's classifier).
SHIPPED = sorted(p.parent for p in (ROOT / "models").glob("*/meta.json"))
SHIPPED += sorted(p.parent for p in (ROOT / "models").glob("*/*/meta.json"))
SHIPPED.append(ROOT / "lexicons" / "zh" / "auto")

#: Files a model ships that no loader reads: nothing a model answers depends on them.
UNCHECKED = {"README.md": "documentation; no loader reads it"}

#: One text per language the probes run.
TEXTS = {
    "zh": "李鹏在北京会见了江泽民，１９９８年很好用",
    "en": "John Smith visited Paris, a great movie",
}


def _meta(model: Path) -> dict:
    return json.loads((model / "meta.json").read_text(encoding="utf-8"))


#: Each model's task, read from the intact copy (a damaged one may not say).
TASKS = {model.name: _meta(model)["task"] for model in SHIPPED}


def _load(model: Path) -> object:
    """The model through the public API its task has (the CLI's path, without the CLI)."""
    task = TASKS[model.name]
    if task == "segment":
        from nlptk.segment import Segmenter

        return Segmenter.load(model)
    if task == "ner":
        from nlptk.ner import Recognizer

        return Recognizer.load(str(model))
    if task == "pos":
        from nlptk.pos import load_tagger

        return load_tagger(str(model))
    from nlptk.sentiment import load_analyzer

    analyzer = load_analyzer(str(model))
    analyzer.training_fingerprint()  # read on load, but make sure
    return analyzer


def _answers(loaded: object) -> object:
    """What the loaded model says about the probe texts."""
    if hasattr(loaded, "predict"):  # sentiment
        results = loaded.predict(list(TEXTS.values()))
        return [(r.label, r.score) for r in results]
    if hasattr(loaded, "entities"):  # ner
        return [[(e.text, e.label) for e in loaded.entities(t)] for t in TEXTS.values()]
    if hasattr(loaded, "pairs"):  # pos
        return loaded.pairs(TEXTS["zh"])
    return loaded.cut(TEXTS["zh"])  # segment


_BASELINE: dict[str, object] = {}


def _baseline(model: Path) -> object:
    if model.name not in _BASELINE:
        _BASELINE[model.name] = _answers(_load(model))
    return _BASELINE[model.name]


def _copy(model: Path, tmp_path: Path) -> Path:
    copy = tmp_path / model.name
    shutil.copytree(model, copy)
    return copy


def _flip(data: bytes) -> bytes:
    middle = len(data) // 2
    return data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :]


DAMAGES = {
    "truncated": lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
    "flipped": lambda path: path.write_bytes(_flip(path.read_bytes())),
    "deleted": lambda path: path.unlink(),
}
CASES = [
    pytest.param(model, file.name, damage, id=f"{model.name}/{file.name}/{damage}")
    for model in SHIPPED
    for file in sorted(model.iterdir())
    if file.is_file()
    for damage in DAMAGES
]


def _assert_refused(copy: Path) -> ModelFormatError:
    with pytest.raises(ModelFormatError) as info:
        _load(copy)
    assert "\n" not in str(info.value)
    return info.value


@pytest.mark.parametrize(("model", "name", "damage"), CASES)
def test_damaged_models_every_file(tmp_path, model, name, damage):
    if name in UNCHECKED:
        pytest.skip(f"{name}: {UNCHECKED[name]}")
    copy = _copy(model, tmp_path)
    DAMAGES[damage](copy / name)
    if name == "meta.json" and damage == "flipped":
        # the middle of a meta.json may be documentation (metrics, a licence): it must then
        # load and answer exactly as before, or be refused
        try:
            loaded = _load(copy)
        except ModelFormatError as exc:
            assert "\n" not in str(exc)
            return
        assert _answers(loaded) == _baseline(model)
        return
    error = _assert_refused(copy)
    assert name in str(error) or str(copy) in str(error)


def _set(path: list, value: object):
    def edit(meta: dict) -> None:
        target = meta
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return edit


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


#: Odd values for fields a model's meta.json has (applied where the field exists).
ODD = {
    "params list": (["params"], [1]),
    "params null": (["params"], None),
    "labels string": (["labels"], "OBIES"),
    "labels empty type": (["labels", 1], "B-"),
    "labels numbers": (["labels"], [1, 2]),
    "lang unknown": (["lang"], "fr"),
    "task list": (["task"], ["ner"]),
    "version garbage": (["nlptk_version"], "x"),
    "newer major version": (["nlptk_version"], "9.0.0"),
    "files outside": (["files"], ["../../etc/passwd"]),
    "checksum short": (["file_sha256"], {"x": "00"}),
    "params alpha string": (["params", "alpha"], "nan"),
    "params alpha negative": (["params", "alpha"], -1.0),
    "params C zero": (["params", "C"], 0),
    "params word_ngrams reversed": (["params", "word_ngrams"], [5, 1]),
    "params features": (["params", "features"], ["bias"]),
    "params normalize_width": (["params", "normalize_width"], "yes"),
    "segmenter absolute": (["segmenter"], "/etc"),
    "segmenter missing": (["segmenter"], "no-such-model"),
    "lexicons absolute": (["params", "lexicons"], ["/etc/passwd"]),
    "classifier absolute": (["params", "classifier"], "/etc"),
    "classifier missing": (["params", "classifier"], "no-such-model"),
    "constants unknown": (["params", "constants"], {"bogus": 1.0}),
    "constants string": (["params", "constants", "contrast"], "2"),
    "neutral_band above half": (["params", "neutral_band"], 0.7),
}


def _has(meta: dict, path: list) -> bool:
    target = meta
    for key in path[:-1]:
        if not isinstance(target, dict) or key not in target:
            return False
        target = target[key]
    last = path[-1]
    if isinstance(last, int):
        return isinstance(target, list) and len(target) > last
    return isinstance(target, dict) and last in target


ODD_CASES = [
    pytest.param(model, name, id=f"{model.name}/{name}")
    for model in SHIPPED
    for name, (path, _) in ODD.items()
    if _has(_meta(model), path)
]
TOP_CASES = [
    pytest.param(model, key, id=f"{model.name}/{key}") for model in SHIPPED for key in _meta(model)
]


@pytest.mark.parametrize(("model", "odd"), ODD_CASES)
def test_damaged_models_odd_meta_values(tmp_path, model, odd):
    copy = _copy(model, tmp_path)
    meta = _meta(copy)
    path, value = ODD[odd]
    _set(path, value)(meta)
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    _assert_refused(copy)


@pytest.mark.parametrize(("model", "key"), TOP_CASES)
def test_damaged_models_every_meta_field_typed(tmp_path, model, key):
    """A list of numbers is the wrong type for every field a model writes."""
    copy = _copy(model, tmp_path)
    meta = _meta(copy)
    meta[key] = [1]
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    _assert_refused(copy)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param(lambda meta: meta[:-2] + ', "deep": ' + _nested(200_000) + "}\n", id="deep"),
        pytest.param(lambda meta: meta[:-2] + ', "x": NaN}\n', id="nan"),
        pytest.param(lambda meta: meta[:-2] + ', "x": 1e400}\n', id="huge"),
        pytest.param(lambda meta: _nested(200_000), id="deep-only"),
    ],
)
@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.name)
def test_damaged_models_meta_not_json(tmp_path, model, text):
    copy = _copy(model, tmp_path)
    path = copy / "meta.json"
    path.write_text(text(path.read_text(encoding="utf-8")), encoding="utf-8")
    _assert_refused(copy)


@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.name)
def test_damaged_models_files_must_stay_inside(tmp_path, model):
    """A model file that is a link out of the model directory is refused, and the error
    quotes nothing of what it points to."""
    secret = tmp_path / "secret.txt"
    secret.write_text("SECRET-LINE 1\nzz:x:0:0\n", encoding="utf-8")
    copy = _copy(model, tmp_path)
    for file in sorted(copy.iterdir()):
        if file.name in UNCHECKED or not file.is_file():  # a model inside: its own case
            continue
        file.unlink()
        file.symlink_to(secret)
        error = _assert_refused(copy)
        assert "SECRET" not in str(error) and "zz:x" not in str(error)
        assert "out of the model directory" in str(error)
        file.unlink()
        shutil.copy(model / file.name, file)


def _cli(model: Path, copy: Path) -> list[str]:
    """The command running ``copy`` (damaged) of ``model`` (intact: what it is)."""
    meta = _meta(model)
    task = meta["task"]
    if task == "ner":
        return ["ner", "--model", str(copy), "--engine", meta["engine"]]
    return [task, "--model", str(copy)]


#: The payload file each model's CLI run damages: the largest file a loader reads.
def _payload(model: Path) -> str:
    files = [f for f in model.iterdir() if f.is_file() and f.name not in UNCHECKED]
    return max(files, key=lambda f: (f.name != "meta.json", f.stat().st_size)).name


@pytest.mark.parametrize("model", SHIPPED, ids=lambda m: m.name)
def test_damaged_models_cli_one_error_line(tmp_path, model):
    copy = _copy(model, tmp_path)
    payload = _payload(copy)
    DAMAGES["flipped"](copy / payload)
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", *_cli(model, copy)],
        input=TEXTS["zh"] + "\n",
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), proc.stderr
    assert payload in lines[0]
