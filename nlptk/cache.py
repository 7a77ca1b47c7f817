"""Per-user cache of compiled dictionaries, so a process loads in milliseconds, not seconds.

An entry is keyed by the kind of blob and by the path, size and mtime of every source file,
so editing a dictionary rebuilds it. Entries are written to a temporary file and renamed into
place (``nlptk._mapped.write_replacing``): two processes building the same entry at once both
succeed, a reader never sees a half-written file, and one that has the old entry mapped keeps
reading it whole. When the cache directory cannot be written (a read-only home), the blob is
built in memory and used uncached.

What is trusted: the folders are the user's own (``$NLPTK_CACHE_DIR``, ``~/.cache/nlptk``);
the fallback in the shared temporary directory is used only when it is owned by the user and
writable by no one else (it is created 0700), so another account cannot plant entries. Each
entry starts with a header holding the CRC-32 of its payload, checked on every load (about
9 ms for the 23 MB compiled jieba dictionary); an entry that fails it, or that its consumer
rejects, is rebuilt and replaced, so the next run finds it whole again.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import tempfile
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from nlptk._mapped import map_file, write_replacing

__all__ = ["cache_dirs", "cached", "load_marshal", "Buffer"]

T = TypeVar("T")
Buffer = bytes | memoryview

#: Entry header: magic, CRC-32 of the payload, payload length; 32 bytes keeps the payload
#: 8-byte aligned in a mapped entry (the compiled kernel uses it in place).
_MAGIC = b"nlptk\x00c\x01"
_HEADER = struct.Struct("<8sI4xQ8x")
#: Bytes read at a time while checking an entry's checksum.
_CHUNK = 1 << 20
#: In every entry's name, so nlptk versions from before the header (which would read an
#: entry with one as damaged and rebuild it on every run) and after never share a file.
_ENTRY = "c1"


def _tmp_fallback() -> Path | None:
    """The per-user folder in the temporary directory (none where there are no user ids)."""
    if not hasattr(os, "getuid"):
        return None
    return Path(tempfile.gettempdir()) / f"nlptk-cache-{os.getuid()}"


def _private(path: Path) -> bool:
    """Whether ``path`` is a real directory (not a link) owned by this user and writable
    by neither group nor others: only then can no other account plant entries in it."""
    try:
        st = os.lstat(path)
    except OSError:
        return False
    return (
        stat.S_ISDIR(st.st_mode)
        and st.st_uid == os.getuid()
        and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )


def cache_dirs() -> list[Path]:
    """Where to look, in order: ``$NLPTK_CACHE_DIR``, ``$XDG_CACHE_HOME/nlptk`` (or
    ``~/.cache/nlptk``), then a per-user folder in the temporary directory, unless it
    exists and is not private (it is made 0700 when first written)."""
    dirs = []
    if os.environ.get("NLPTK_CACHE_DIR"):
        dirs.append(Path(os.environ["NLPTK_CACHE_DIR"]))
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    dirs.append(Path(xdg) / "nlptk")
    tmp = _tmp_fallback()
    if tmp is not None and (_private(tmp) or not os.path.lexists(tmp)):
        dirs.append(tmp)
    return dirs


def _make_dir(d: Path) -> None:
    """Create a cache folder; the temporary-directory one 0700, and checked again after,
    since another account could have made it in between."""
    if d != _tmp_fallback():
        d.mkdir(parents=True, exist_ok=True)
        return
    with contextlib.suppress(FileExistsError):
        d.mkdir(mode=0o700)
    if not _private(d):
        raise PermissionError(f"{d} is not private")


def _key(kind: str, sources: Sequence[Path]) -> str:
    h = hashlib.sha256(kind.encode())
    for src in sources:
        st = src.stat()
        h.update(f"\0{src.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def _entry_name(kind: str, sources: Sequence[Path]) -> str:
    return f"{kind}-{_key(kind, sources)}.{_ENTRY}.bin"


def _store(name: str, blob: bytes) -> Path | None:
    """Write the entry, header first, into the first writable directory; ``None`` when
    none is. An entry already there (a damaged one) is replaced by a rename, never
    rewritten: another process may have it mapped (``nlptk._mapped``)."""
    header = _HEADER.pack(_MAGIC, zlib.crc32(blob), len(blob))
    for d in cache_dirs():
        try:
            _make_dir(d)
            write_replacing(d / name, (header, blob), mode=0o600, durable=False)
            return d / name
        except OSError:
            continue
    return None


def _payload(path: Path) -> memoryview | None:
    """The checked payload of an entry, mapped copy-on-write (pages come from the page
    cache, and a consumer may write to the buffer without changing the file); ``None``
    when the entry is missing, or its header or checksum is wrong.

    The checksum is computed over ``read`` chunks of the open file, not over the mapping, so
    checking it maps no page into the process: only the pages the consumer then touches
    count in its memory (the segmenter's 23 MB dictionary costs what a text looks up). The
    mapping is of the same open file, so an entry renamed into place meanwhile is never
    mistaken for the one checked. Truncating the entry while it is mapped is reported as
    one error line when the command line runs (``nlptk._mapped``); editing it in place is
    unsafe, as for any mapped file.
    """
    try:
        with open(path, "rb", buffering=0) as f:
            header = f.read(_HEADER.size)
            if len(header) < _HEADER.size:
                return None
            magic, crc, length = _HEADER.unpack(header)
            if magic != _MAGIC or os.fstat(f.fileno()).st_size != _HEADER.size + length:
                return None
            chunk, got, seen = bytearray(_CHUNK), 0, 0
            view = memoryview(chunk)
            while (n := f.readinto(chunk)) > 0:
                got = zlib.crc32(view[:n], got)
                seen += n
            if seen != length or got != crc:
                return None
            mapped = map_file(path, f, copy=True)
    except (OSError, ValueError):  # unreadable, or changed size under us
        return None
    payload = mapped.buffer[_HEADER.size :]
    return payload if len(payload) == length else None


def load_marshal(payload: Buffer) -> object:
    """A marshal payload (plain dicts, lists, numbers and strings) read back, any decoding
    failure raised as ``ValueError`` so that ``cached`` rebuilds the entry."""
    import marshal

    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError) as exc:
        raise ValueError(f"not a marshal payload: {exc}") from None


def cached(
    kind: str,
    sources: Sequence[Path],
    build: Callable[[], bytes],
    load: Callable[[Buffer], T],
) -> T:
    """``load`` of the cached payload for ``kind`` built from ``sources``.

    ``build()`` makes the payload when no entry is stored, or when the stored one fails its
    checksum or ``load`` rejects it with ``ValueError`` (stale or damaged); the new payload
    then replaces the entry, so a damaged entry costs one rebuild, not one per run. ``load``
    never sees bytes that failed the checksum. ``kind`` must change whenever the payload's
    format changes (include a format version).
    """
    name = _entry_name(kind, sources)
    for d in cache_dirs():
        payload = _payload(d / name)
        if payload is not None:
            try:
                return load(payload)
            except ValueError:
                continue  # stale or damaged: a later folder may hold a good one
    blob = build()
    result = load(blob)
    _store(name, blob)
    return result
