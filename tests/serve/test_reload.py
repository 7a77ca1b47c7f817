"""Issue 31: a model deployed under a running ``nlptk serve``. The server watches the model
directories it was started with; switching a symbolic link to a new directory (one rename,
``ln -s v2 tmp && mv -T tmp current``) is seen by the next request, which is answered by the
new model, while every request before and after the switch succeeds."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from nlptk.artifacts import CHECKSUMS, META, file_checksums, resolve_model

TEXT = "张伟在腾讯深圳总部开会"


def _words(live, text: str = TEXT) -> list[str]:
    status, body = live.json("POST", "/segment", {"text": text})
    assert status == 200, body
    return [t["word"] for t in body["tokens"]]


def _version(tmp_path: Path, name: str, extra_words: list[str]) -> Path:
    """A copy of the shipped ``pd98`` model with ``extra_words`` in its dictionary, sealed
    again as ``scripts/seal_model.py`` seals an edited model."""
    out = tmp_path / name
    shutil.copytree(resolve_model("pd98"), out)
    with open(out / "dict.txt", "a", encoding="utf-8") as f:
        f.writelines(f"{w} 100000 nz\n" for w in extra_words)
    meta = json.loads((out / META).read_text(encoding="utf-8"))
    meta[CHECKSUMS] = file_checksums(out, sorted(meta[CHECKSUMS]))
    (out / META).write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")
    return out


def _switch(link: Path, target: Path) -> None:
    tmp = link.with_name(link.name + ".new")
    os.symlink(target, tmp)
    os.replace(tmp, link)  # mv -T: one rename, no moment without a model


def test_serve_answers_with_the_new_model_after_a_deploy(tmp_path, launch):
    v1 = _version(tmp_path, "v1", [])
    v2 = _version(tmp_path, "v2", ["张伟", "腾讯"])
    current = tmp_path / "current"
    os.symlink(v1, current)
    live = launch(["--tasks", "seg", "--seg-model", str(current)])
    before = _words(live)
    assert "腾讯" not in before and "张伟" not in before, before
    status, models = live.json("GET", "/models")
    generation = models["generation"]

    _switch(current, v2)
    after = _words(live)
    assert "腾讯" in after and "张伟" in after, after
    status, models = live.json("GET", "/models")
    assert status == 200 and models["generation"] == generation + 1
    assert models["reload_error"] is None
    assert _words(live) == after  # not reloaded again: nothing changed since

    # a half-deployed directory (a file changed, its seal not): the old model keeps
    # answering, and /models says why
    broken = tmp_path / "v3"
    shutil.copytree(v2, broken)
    with open(broken / "dict.txt", "a", encoding="utf-8") as f:
        f.write("深圳总部 100000 nz\n")
    _switch(current, broken)
    assert _words(live) == after
    status, models = live.json("GET", "/models")
    assert "checksum" in (models["reload_error"] or ""), models
    assert live.json("GET", "/health")[0] == 200
