"""Files nlptk reads through ``mmap``: how they are written, mapped and watched.

A mapping reads a file's pages when they are touched, so it sees what happens to the file
while it is mapped:

- **replaced by rename** (a new file under the old name): the mapping keeps the old file,
  whole, until it is dropped. nlptk writes every file it maps this way (``write_replacing``),
  and this is the deployment recipe for model files: write the new file beside the old
  one, then rename it over (``mv``, ``os.replace``).
- **truncated in place**: the next read past the new end raises SIGBUS, which kills the
  process with no message. ``report_sigbus`` (installed by the command line) turns it into
  one ``Error:`` line naming the file, and exit status 1.
- **rewritten in place**: the mapping sees the new bytes, which no checksum covers any more:
  wrong output, or a crash. As for LMDB or SQLite files, editing a mapped file in place is
  unsafe; nlptk does not detect it.

A long-running process (``nlptk serve``, a Spark executor) serves new requests from new
files with ``ReloadingModel``: the files' identity (``stamp``) is compared on each request,
and a replaced one is loaded while the requests holding the old model finish on it.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import stat
import tempfile
import threading
import weakref
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Generic, TypeVar

__all__ = [
    "Mapped",
    "ReloadingModel",
    "map_file",
    "report_sigbus",
    "stamp",
    "write_replacing",
]

T = TypeVar("T")
#: A file's identity and version: device, inode, size, modification time (ns). Renaming a
#: new file over it changes the inode; an edit in place, the size or the time.
Stamp = tuple[int, int, int, int]

try:
    from nlptk._c import _sigbus
except ImportError:  # not compiled (no C compiler, or no SIGBUS: Windows): a fault kills
    _sigbus = None


def _stamp_of(st: os.stat_result) -> Stamp:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def stamp(paths: Iterable[str | Path]) -> tuple[tuple[str, Stamp | None], ...]:
    """The identity of each path, following links (``None``: missing); a directory stands
    for the files in it (not its subfolders), so adding, removing or replacing one shows."""
    out: list[tuple[str, Stamp | None]] = []
    for path in map(str, paths):
        try:
            st = os.stat(path)
        except OSError:
            out.append((path, None))
            continue
        if not stat.S_ISDIR(st.st_mode):
            out.append((path, _stamp_of(st)))
            continue
        with contextlib.suppress(OSError), os.scandir(path) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                with contextlib.suppress(OSError):
                    if entry.is_file():
                        out.append((entry.path, _stamp_of(entry.stat())))
    return tuple(out)


def write_replacing(
    path: str | Path, chunks: Iterable[bytes], mode: int | None = None, durable: bool = True
) -> None:
    """Write ``path`` as a new file that replaces the old one in one rename: a process that
    has the old one mapped keeps reading it whole, and no reader ever sees half a file.

    The temporary file lies beside ``path`` (a rename does not cross file systems) and is
    removed when writing fails. ``mode`` defaults to a new file's (0o666 less the umask).
    ``durable`` syncs the data to disk before the rename, so that a crash leaves the old
    file or the new one, not an empty one; a cache, whose entries are checksummed and
    rebuilt, can skip it.
    """
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            for chunk in chunks:
                f.write(chunk)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        if mode is None:
            umask = os.umask(0o022)
            os.umask(umask)
            mode = 0o666 & ~umask
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


@dataclass(frozen=True, slots=True)
class Mapped:
    """A mapped file: ``buffer`` is all of it, read (or, ``copy``, written privately) in
    place; ``stamp`` the file's identity when it was mapped."""

    path: Path
    buffer: memoryview
    stamp: Stamp

    def changed(self) -> bool:
        """Whether ``path`` now names another file (replaced: this mapping still reads the
        old one, whole) or the file was edited (unsafe: see the module's docstring)."""
        try:
            return _stamp_of(os.stat(self.path)) != self.stamp
        except OSError:
            return True


def _fault_message(path: Path) -> bytes:
    name = os.fsencode(str(path)).replace(b"\n", b"\\n")
    return (
        b"Error: " + name + b" was truncated while nlptk was reading it; replace a file nlptk "
        b"maps by renaming a new file over it, never edit it in place\n"
    )


def map_file(path: str | Path, file: BinaryIO | None = None, copy: bool = False) -> Mapped:
    """``path`` mapped: the open ``file`` of it when given (so that what is mapped is the
    file that was read and checked, even if the name was replaced meanwhile), else the file
    ``path`` names now. ``copy`` maps it copy-on-write, so the caller may write to the
    buffer without changing the file. ``OSError``/``ValueError`` when it cannot be mapped
    (an empty file cannot).

    A read of the mapping that faults because the file was truncated is reported as one
    error line naming ``path`` once ``report_sigbus`` is installed.
    """
    path = Path(path)
    with contextlib.ExitStack() as stack:
        if file is None:
            file = stack.enter_context(open(path, "rb", buffering=0))  # noqa: SIM115
        fd = file.fileno()
        st = os.fstat(fd)
        mapped = mmap.mmap(fd, 0, access=mmap.ACCESS_COPY if copy else mmap.ACCESS_READ)
    if _sigbus is not None:
        slot = _sigbus.watch(mapped, _fault_message(path))
        if slot >= 0:
            weakref.finalize(mapped, _sigbus.unwatch, slot)
    return Mapped(path, memoryview(mapped), _stamp_of(st))


def report_sigbus() -> bool:
    """Report a SIGBUS in a file mapped by ``map_file`` as one ``Error:`` line naming it,
    exit status 1 (the command line installs this; a library's host may prefer its own
    handling). A fault elsewhere keeps its earlier handling. ``False`` where the compiled
    helper is not built."""
    if _sigbus is None:
        return False
    _sigbus.install()
    return True


class ReloadingModel(Generic[T]):
    """``load()``'s model, loaded again for new requests once a file it came from is
    replaced.

    ``get()`` per request compares the ``stamp`` of ``paths`` (model directories or files;
    a few ``stat`` calls) with the one taken before the last load; when it differs it loads
    anew (one thread at a time), and returns the newest model. A request still holding the
    old model finishes on it: its files were renamed over, not edited, so its mappings stay
    whole. A load that fails (a directory caught half deployed) keeps the old model, leaves
    the exception in ``error`` and is tried again at the next change of the files.

    Deploy by writing each new file beside the old and renaming it over, or better, by
    writing a new directory and switching a symbolic link that ``paths`` names to it with
    one rename (``ln -s v2 tmp && mv -T tmp current``), so no request sees half a model.
    """

    def __init__(self, load: Callable[[], T], paths: Sequence[str | Path]) -> None:
        self._load = load
        self.paths = [Path(p) for p in paths]
        self._lock = threading.Lock()
        self._stamp = stamp(self.paths)
        self._model = load()
        self.error: BaseException | None = None

    def stale(self) -> bool:
        """Whether a watched file changed since the model in use was loaded."""
        return stamp(self.paths) != self._stamp

    def get(self) -> T:
        """The model for a new request, reloaded first when its files were replaced."""
        now = stamp(self.paths)
        if now != self._stamp:
            with self._lock:
                if now != self._stamp:
                    try:
                        model = self._load()
                    except Exception as exc:  # noqa: BLE001 - kept for the caller to log
                        self.error = exc
                    else:
                        self._model, self.error = model, None
                    self._stamp = now
        return self._model
