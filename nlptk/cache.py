"""Per-user cache of compiled dictionaries, so a process loads in milliseconds, not seconds.

An entry is keyed by the kind of blob and by the path, size and mtime of every source file,
so editing a dictionary rebuilds it. Entries are written to a temporary file and renamed into
place: two processes building the same entry at once both succeed, and a reader never sees a
half-written file. When the cache directory cannot be written (a read-only home), the blob is
built in memory and used uncached.
"""

from __future__ import annotations

import hashlib
import mmap
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["cache_dirs", "cached_blob", "cached_buffer"]


def cache_dirs() -> list[Path]:
    """Where to look, in order: ``$NLPTK_CACHE_DIR``, ``$XDG_CACHE_HOME/nlptk`` (or
    ``~/.cache/nlptk``), then a per-user folder in the temporary directory."""
    dirs = []
    if os.environ.get("NLPTK_CACHE_DIR"):
        dirs.append(Path(os.environ["NLPTK_CACHE_DIR"]))
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    dirs.append(Path(xdg) / "nlptk")
    dirs.append(
        Path(tempfile.gettempdir()) / f"nlptk-cache-{os.getuid() if hasattr(os, 'getuid') else 0}"
    )
    return dirs


def _key(kind: str, sources: Sequence[Path]) -> str:
    h = hashlib.sha256(kind.encode())
    for src in sources:
        st = src.stat()
        h.update(f"\0{src.resolve()}\0{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def _store(name: str, dirs: Sequence[Path], blob: bytes) -> Path | None:
    """Write the entry into the first writable directory; ``None`` when none is."""
    for d in dirs:
        try:
            d.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=d, prefix=f".{name}.")
            try:
                with os.fdopen(fd, "wb") as f:
                    f.write(blob)
                os.replace(tmp, d / name)
            except BaseException:
                os.unlink(tmp)
                raise
            return d / name
        except OSError:
            continue
    return None


def _map(path: Path) -> mmap.mmap | None:
    try:
        with open(path, "rb") as f:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_COPY)
    except (OSError, ValueError):  # missing, or empty (mmap refuses length 0)
        return None


def cached_blob(kind: str, sources: Sequence[Path], build: Callable[[], bytes]) -> bytes:
    """The cached bytes for ``kind`` built from ``sources``, building and storing them if absent.

    ``kind`` must change whenever the blob's format changes (include a format version).
    """
    name = f"{kind}-{_key(kind, sources)}.bin"
    dirs = cache_dirs()
    for d in dirs:
        try:
            return (d / name).read_bytes()
        except OSError:
            continue
    blob = build()
    _store(name, dirs, blob)
    return blob


def cached_buffer(
    kind: str, sources: Sequence[Path], build: Callable[[], bytes]
) -> bytes | mmap.mmap:
    """Like ``cached_blob``, but a stored entry comes back memory-mapped copy-on-write.

    Mapping costs nothing up front (pages are read when touched and shared with the page
    cache), and a consumer may write to the buffer without changing the file. A freshly
    built entry, or one that could not be stored, comes back as the built bytes.
    """
    name = f"{kind}-{_key(kind, sources)}.bin"
    dirs = cache_dirs()
    for d in dirs:
        mapped = _map(d / name)
        if mapped is not None:
            return mapped
    blob = build()
    _store(name, dirs, blob)
    return blob
