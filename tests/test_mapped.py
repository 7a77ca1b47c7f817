"""Mapped files changed under a running process (issue 31): written only by rename, a
truncation reported as one error line, a replaced model loaded for new requests."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from nlptk import _mapped
from nlptk._mapped import ReloadingModel, map_file, stamp, write_replacing
from nlptk.artifacts import CHECKSUMS, file_checksums

ROOT = Path(__file__).resolve().parents[1]
SEG_CORPUS = ROOT / "tests" / "data" / "seg" / "tiny_pd.txt"
needs_reporter = pytest.mark.skipif(
    _mapped._sigbus is None, reason="the SIGBUS reporter (nlptk/_c/_sigbus.c) is not built"
)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT), **extra}


def test_write_replacing_renames_a_new_file_over(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(b"old")
    inode = path.stat().st_ino
    write_replacing(path, [b"new ", b"bytes"], mode=0o640)
    assert path.read_bytes() == b"new bytes"
    assert path.stat().st_ino != inode and path.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.bin"]


def test_write_replacing_failure_keeps_the_old_file_and_no_temp(tmp_path):
    path = tmp_path / "weights.bin"
    path.write_bytes(b"old")

    def chunks():
        yield b"half"
        raise OSError("disk full")

    with pytest.raises(OSError, match="disk full"):
        write_replacing(path, chunks())
    assert path.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["weights.bin"]


def test_mapping_keeps_the_old_file_when_it_is_renamed_over(tmp_path):
    path = tmp_path / "entry.bin"
    path.write_bytes(b"A" * 10_000)
    mapped = map_file(path)
    assert not mapped.changed()
    write_replacing(path, [b"B" * 20_000])
    assert mapped.changed()
    assert bytes(mapped.buffer) == b"A" * 10_000  # the old file, whole


def test_stamp_of_a_directory_sees_a_file_replaced_added_or_removed(tmp_path):
    (tmp_path / "a").write_text("1")
    before = stamp([tmp_path])
    assert stamp([tmp_path]) == before
    write_replacing(tmp_path / "a", [b"1"])
    after_replace = stamp([tmp_path])
    assert after_replace != before
    (tmp_path / "b").write_text("2")
    assert stamp([tmp_path]) != after_replace
    assert stamp([tmp_path / "missing"]) == ((str(tmp_path / "missing"), None),)


def test_reloading_model_serves_new_files_and_old_requests_finish(tmp_path):
    """The wrapper an ``nlptk serve`` calls per request, on a segmentation model replaced
    file by file with renames (its compiled dictionary mapped from the cache)."""
    from nlptk import Segmenter
    from nlptk.segment.train import train_segment

    model = tmp_path / "model"
    train_segment(str(SEG_CORPUS), model, solo_threshold=0.5)
    loads = []

    def load():
        loads.append(1)
        return Segmenter.load(model)

    served = ReloadingModel(load, [model])
    text = "我们来到北京清华大学学习经济。"
    old = served.get()
    assert old.cut(text) == ["我们", "来到", "北京", "清华大学", "学习", "经济", "。"]
    assert served.get() is old and len(loads) == 1 and not served.stale()

    staged = tmp_path / "staged"
    shutil.copytree(model, staged)
    with open(staged / "dict.txt", "a", encoding="utf-8") as f:
        f.write("学习经济 100000\n")
    meta = json.loads((staged / "meta.json").read_text(encoding="utf-8"))
    meta[CHECKSUMS] = file_checksums(staged, meta[CHECKSUMS])
    (staged / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    os.replace(staged / "dict.txt", model / "dict.txt")
    assert served.stale()
    # half deployed: the new dict.txt fails the old meta.json's checksum; the old model serves
    assert served.get() is old and "checksum mismatch" in str(served.error)
    write_replacing(model / "meta.json", [(staged / "meta.json").read_bytes()])
    new = served.get()
    assert new is not old and len(loads) == 3 and served.error is None
    assert new.cut(text)[4] == "学习经济"  # the new model answers new requests ...
    assert old.cut(text)[4] == "学习"  # ... and a request holding the old one finishes on it

    (model / "meta.json").write_text("{broken", encoding="utf-8")  # a half deployment
    assert served.get() is new and served.error is not None
    write_replacing(model / "meta.json", [(staged / "meta.json").read_bytes()])
    assert served.get() is not new and served.error is None


@needs_reporter
def test_truncated_mapping_is_one_error_line(tmp_path):
    """A read of a mapped file truncated under the process: one line naming the file and
    exit 1 (it was a silent death by SIGBUS, exit 135)."""
    path = tmp_path / "entry.bin"
    path.write_bytes(b"x" * (1 << 20))
    code = textwrap.dedent(
        f"""
        import os, sys
        from nlptk._mapped import map_file, report_sigbus
        report_sigbus()
        mapped = map_file({str(path)!r})
        os.truncate({str(path)!r}, 4096)
        print(mapped.buffer[4096 * 100], flush=True)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == (
        f"Error: {path} was truncated while nlptk was reading it; replace a file nlptk maps "
        "by renaming a new file over it, never edit it in place\n"
    )


@needs_reporter
def test_sigbus_outside_a_mapping_keeps_its_default():
    code = "import os, signal; from nlptk._mapped import report_sigbus; report_sigbus(); "
    code += "os.kill(os.getpid(), signal.SIGBUS)"
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=_env(), timeout=60
    )
    assert proc.returncode == -signal.SIGBUS and proc.stderr == ""


def _maps(pid: int, path: Path) -> bool:
    try:
        return str(path) in Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return False


@needs_reporter
@pytest.mark.skipif(not Path("/proc/self/maps").exists(), reason="needs /proc")
def test_segment_cache_entry_truncated_while_running(tmp_path):
    """Issue 31's reproduction: ``nlptk segment`` reading its compiled dictionary from the
    cache while the entry is truncated in place."""
    from nlptk.segment.engine import kernel_name

    if kernel_name("auto") != "compiled":
        pytest.skip("the Python engine copies its dictionary out of the cache")
    env = _env(NLPTK_CACHE_DIR=str(tmp_path / "cache"), XDG_CACHE_HOME=str(tmp_path / "xdg"))
    warm = [sys.executable, "-m", "nlptk", "segment"]
    subprocess.run(warm, input="我来到北京\n", text=True, env=env, check=True, timeout=120)
    (entry,) = (tmp_path / "cache").glob("cdict-*.bin")
    proc = subprocess.Popen(
        warm, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env
    )
    deadline = time.monotonic() + 60
    while not _maps(proc.pid, entry) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _maps(proc.pid, entry)
    os.truncate(entry, 4096)
    out, err = proc.communicate("我来到北京清华大学\n".encode() * 1000, timeout=60)
    assert proc.returncode == 1
    assert err.decode() == (
        f"Error: {entry} was truncated while nlptk was reading it; replace a file nlptk maps "
        "by renaming a new file over it, never edit it in place\n"
    )
