"""The per-user cache: entries carry a checksum checked on load; a damaged or rejected entry
is rebuilt and replaced once; the temporary-directory fallback is used only when it is the
user's own and private."""

from __future__ import annotations

import ast
import json
import os
import stat
import tempfile
import zlib
from pathlib import Path

import pytest

from nlptk import cache
from nlptk.segment import Segmenter
from nlptk.segment.engine import Kernel
from nlptk.segment.segmenter import _JiebaHMM, jieba_sources

LINE = "他来到了网易杭研大厦，小明硕士毕业于中国科学院计算所"


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """A fresh cache folder of its own, and no other (the temp fallback is pointed at a
    folder that does not exist)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("NLPTK_CACHE_DIR", str(folder))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-unused"))
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path / "no-tmp"))
    return folder


def _counting(payload: bytes):
    calls = []

    def build() -> bytes:
        calls.append(1)
        return payload

    return build, calls


def _strict_load(blob) -> bytes:
    data = bytes(blob)
    if not data.startswith(b"{"):
        raise ValueError("not ours")
    return data


@pytest.mark.parametrize(
    "damage",
    ["flip a payload byte", "truncate", "empty", "random bytes", "old format (no header)"],
)
def test_cache_damaged_entry_is_rebuilt_once(cache_dir, tmp_path, damage):
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    build, calls = _counting(b'{"payload": 1}')
    assert cache.cached("t-1", [source], build, _strict_load) == b'{"payload": 1}'
    (entry,) = cache_dir.glob("t-1-*.bin")
    data = entry.read_bytes()
    entry.write_bytes(
        {
            "flip a payload byte": data[:-2] + bytes([data[-2] ^ 1]) + data[-1:],
            "truncate": data[: len(data) - 3],
            "empty": b"",
            "random bytes": os.urandom(len(data)),
            "old format (no header)": b'{"payload": 2}',
        }[damage]
    )
    for _ in range(3):
        assert cache.cached("t-1", [source], build, _strict_load) == b'{"payload": 1}'
    assert len(calls) == 2  # the first build, and one rebuild: the entry was replaced
    assert entry.read_bytes() == data


def test_cache_entry_the_consumer_rejects_is_replaced(cache_dir, tmp_path):
    """A payload whose checksum is right but whose content is stale (``load`` raises
    ``ValueError``) is rebuilt and replaced too."""
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    cache.cached("t-2", [source], lambda: b"stale", bytes)
    build, calls = _counting(b"{fresh}")
    for _ in range(2):
        assert cache.cached("t-2", [source], build, _strict_load) == b"{fresh}"
    assert calls == [1]


@pytest.mark.parametrize("kernel", ["compiled", "python"])
@pytest.mark.parametrize("damage", ["empty", "random bytes", "valid checksum, wrong tables"])
def test_cache_damaged_segmenter_entries_are_rebuilt(cache_dir, tmp_path, kernel, damage):
    if kernel == "compiled" and Kernel is None:
        pytest.skip("compiled kernel not built")
    words = tmp_path / "dict.txt"  # small: builds take milliseconds; the HMM is jieba's
    words.write_text(
        "来到 50\n网易 30\n大厦 20\n硕士 10\n毕业 10\n中国科学院 5\n", encoding="utf-8"
    )
    segmenter = lambda: Segmenter(words, kernel=kernel)  # noqa: E731
    expected = segmenter().cut(LINE)
    assert "中国科学院" in expected
    entries = sorted(cache_dir.glob("*.bin"))
    # the compiled kernel also caches jieba's HMM packed for C
    assert {p.name.split("-")[0] for p in entries} == (
        {"jieba", "cdict", "chmm"} if kernel == "compiled" else {"jieba", "pydict"}
    )
    for entry in entries:
        if damage == "valid checksum, wrong tables":
            payload = json.dumps([{"B": 1.0}, {}, {}]).encode()
            os.remove(entry)
            cache._store(entry.name, payload)
        else:
            size = entry.stat().st_size
            entry.write_bytes(b"" if damage == "empty" else os.urandom(size))
    assert segmenter().cut(LINE) == expected
    after = {p.name: p.read_bytes() for p in cache_dir.glob("*.bin")}
    assert segmenter().cut(LINE) == expected
    assert {p.name: p.read_bytes() for p in cache_dir.glob("*.bin")} == after  # not rebuilt


def test_cache_hmm_entry_is_plain_data(cache_dir):
    """jieba's HMM is cached as a JSON line and float64 arrays (no marshal), and reads back
    exactly the tables jieba ships, built or cached."""
    folder = jieba_sources()[1]
    tables = [
        ast.literal_eval((folder / f"prob_{n}.py").read_text(encoding="utf-8").split("P=", 1)[1])
        for n in ("start", "trans", "emit")
    ]
    for _ in ("built", "cached"):
        hmm = _JiebaHMM(folder)
        assert [hmm.start, hmm.trans, hmm.emit] == tables
    (entry,) = cache_dir.glob("jieba-hmm-*.bin")
    head, _, floats = entry.read_bytes()[cache._HEADER.size :].partition(b"\n")
    assert set(json.loads(head)) == {"start", "trans", "emit"}
    assert len(floats) == 8 * sum(len(e) for e in tables[2].values())


def _tmp_fallback(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(tempfile, "gettempdir", lambda: str(tmp_path))
    return tmp_path / f"nlptk-cache-{os.getuid()}"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX user ids")
@pytest.mark.parametrize(
    ("setup", "used"),
    [
        ("absent, created", True),
        ("private", True),
        ("writable by others", False),
        ("writable by the group", False),
        ("a symlink", False),
        ("another owner", False),
        ("a file", False),
    ],
)
def test_cache_temp_fallback_only_when_private(tmp_path, monkeypatch, setup, used):
    folder = _tmp_fallback(tmp_path, monkeypatch)
    if setup == "private":
        folder.mkdir(mode=0o700)
    elif setup.startswith("writable"):
        folder.mkdir()
        folder.chmod(0o777 if "others" in setup else 0o770)
    elif setup == "a symlink":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        folder.symlink_to(tmp_path / "elsewhere")
    elif setup == "another owner":
        if os.getuid() != 0:
            pytest.skip("chown to another user needs root")
        folder.mkdir(mode=0o700)
        os.chown(folder, 12345, 12345)
    elif setup == "a file":
        folder.write_text("", encoding="utf-8")
    monkeypatch.setenv("NLPTK_CACHE_DIR", "/proc/no-cache-here")  # not writable: fall back
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-cache-here")
    assert (folder in cache.cache_dirs()) is used
    stored = cache._store("t-4-entry.bin", b"{}")
    assert (stored == folder / "t-4-entry.bin") is used
    if setup == "absent, created":
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX user ids")
def test_cache_planted_entry_in_a_shared_temp_folder_is_ignored(tmp_path, monkeypatch):
    """Another account plants an entry with a valid checksum in a world-writable fallback
    folder: it is never read."""
    monkeypatch.delenv("NLPTK_CACHE_DIR", raising=False)
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    folder = _tmp_fallback(tmp_path, monkeypatch)
    folder.mkdir()
    folder.chmod(0o777)
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    planted = b"{planted}"
    name = cache._entry_name("t-3", [source])
    header = cache._HEADER.pack(cache._MAGIC, zlib.crc32(planted), len(planted))
    (folder / name).write_bytes(header + planted)
    assert cache.cached("t-3", [source], lambda: b"{built}", bytes) == b"{built}"
    assert (home / "cache" / "nlptk" / name).is_file()  # stored in the user's own cache


def test_cache_entries_lists_and_clear_removes_only_entries(cache_dir, tmp_path):
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    cache.cached("t-3", [source], lambda: b"abc", bytes)
    cache.cached("t-4", [source], lambda: b"defgh", bytes)
    (cache_dir / ".t-3-0123456789abcdef01234567.c1.bin.tmpxyz").write_bytes(b"half")
    (cache_dir / "notes.txt").write_text("mine", encoding="utf-8")  # not an entry: kept
    entries = list(cache.cache_entries())
    assert sorted(e.kind for e in entries) == ["t-3", "t-4"]
    assert sorted(e.size for e in entries) == [32 + 3, 32 + 5]  # header and payload
    assert cache.clear_cache() == (3, 32 + 3 + 32 + 5 + 4)
    assert list(cache.cache_entries()) == []
    assert sorted(p.name for p in cache_dir.iterdir()) == ["notes.txt"]
    build, calls = _counting(b"abc")
    assert cache.cached("t-3", [source], build, bytes) == b"abc" and calls == [1]


def test_cache_build_runs_inside_the_notice(cache_dir, tmp_path, monkeypatch):
    """A build announced with ``what`` runs inside the installed notice; a load does not."""
    import contextlib

    seen = []

    @contextlib.contextmanager
    def notice(note):
        seen.append(note)
        yield

    monkeypatch.setattr(cache, "_notice", cache._notice)
    cache.on_build(notice)
    source = tmp_path / "source.txt"
    source.write_text("x", encoding="utf-8")
    for _ in range(2):
        cache.cached("t-5", [source], lambda: b"x", bytes, what="the test cache (once)")
    cache.cached("t-6", [source], lambda: b"x", bytes)  # no ``what``: not announced
    assert seen == ["building the test cache (once)"]
