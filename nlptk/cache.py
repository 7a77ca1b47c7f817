"""Per-user cache of compiled dictionaries, so a process loads in milliseconds, not seconds.

An entry is keyed by the kind of blob and by the path, size and mtime of every source file,
so editing a dictionary rebuilds it. Entries are written to a temporary file and renamed into
place: two processes building the same entry at once both succeed, and a reader never sees a
half-written file. When the cache directory cannot be written (a read-only home), the blob is
built in memory and used uncached.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

__all__ = ["cache_dirs", "cached_blob"]


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
            break
        except OSError:
            continue
    return blob
