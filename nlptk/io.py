"""io: streaming line input (files or stdin) with precise decode errors, and record output.

Input is read as bytes and decoded line by line, so a bad byte is reported with its file and
line number, a 10 MB line is one line, and nothing is loaded whole.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import stat
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO, TextIO

from nlptk.errors import InputError, OutputError

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None

__all__ = [
    "STDIN",
    "LineBlock",
    "check_inputs",
    "check_output",
    "iter_blocks",
    "iter_lines",
    "numbered_lines",
    "output_stream",
    "jsonl",
]

STDIN = "-"
ERROR_POLICIES = ("strict", "replace")


def check_inputs(
    paths: Sequence[str], encoding: str = "utf-8", errors: str = "strict"
) -> list[str]:
    """Validate arguments before any output: files exist and are files, and the codec is a
    known text encoding (``base64``, ``zlib``, ``rot13`` … map bytes to bytes or text to
    text, and are refused by name).

    An empty ``paths`` means stdin. Whether an output would overwrite an input is
    ``check_output``'s question.
    """
    try:
        text_codec = getattr(codecs.lookup(encoding), "_is_text_encoding", True)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
    if not text_codec:
        raise InputError(f"{encoding!r} is not a text encoding; give one such as utf-8 or gb18030")
    if errors not in ERROR_POLICIES:
        raise InputError(f"unknown error policy {errors!r}; choose strict or replace")
    paths = list(paths) or [STDIN]
    for path in paths:
        if path == STDIN:
            continue
        if not os.path.exists(path):
            raise InputError(f"{path}: no such file")
        if os.path.isdir(path):
            raise InputError(f"{path}: is a directory, expected a text file")
        if not os.access(path, os.R_OK):
            raise InputError(f"{path}: permission denied")
    return paths


def check_output(output: str, reads: Iterable[tuple[str, str]], option: str = "-o") -> None:
    """Refuse an output path that names, holds or lies inside a path the command reads.

    ``reads`` are ``(path, source)`` pairs, ``source`` being the option that gave the path
    (``--user-dict``), or ``""`` for an input file. A read path may be a file or a folder (a
    model directory: which of its files are read is the loader's business, so nothing
    inside it may be written). Paths are compared resolved (``./a``, ``sub/../a``, symbolic
    links to the file or to a folder above it) and by identity (hard links). Not checked:
    ``-``, an output that is a device or a pipe (``/dev/null``, a FIFO: written in place,
    nothing replaced), and reads that do not exist (their own check names them).
    """
    if output == STDIN:
        return
    exists = os.path.exists(output)
    if exists and not (os.path.isfile(output) or os.path.isdir(output)):
        return
    out = os.path.realpath(output)
    for path, source in reads:
        if path == STDIN or not os.path.exists(path):
            continue
        real = os.path.realpath(path)
        kind = "directory" if os.path.isdir(real) else "file"
        what = f"the {source} {kind}" if source else "an input"
        if real == out or (exists and os.path.samefile(path, output)):
            message = f"{output}: is also {what}; give {option} another path"
        elif real.startswith(os.path.join(out, "")):
            message = f"{output}: holds {path} ({what}); give {option} another directory"
        elif kind == "directory" and out.startswith(os.path.join(real, "")):
            message = f"{output}: is inside {path} ({what}); give {option} a path outside it"
        else:
            continue
        raise OutputError(message)


#: A byte-order mark opening a file (Windows editors write one; the SIGHAN CityU files start
#: with it) is not text: every reader drops it from the first line.
BOM = "\ufeff"


#: The hint under a decode error in a command's input, which --encoding and --errors govern.
INPUT_HINT = "give the input's encoding with --encoding, or --errors replace"


def _decode_error(
    name: str, line_no: int, encoding: str, byte: int, offset: int, hint: str | None
) -> InputError:
    """``FILE:LINE: not valid ENCODING`` naming the bad byte and its offset in the line.
    ``hint`` is None for a file no option re-encodes (a dictionary, training data)."""
    error = InputError(
        f"{name}:{line_no}: not valid {encoding} (byte {byte:#04x} at byte {offset + 1} "
        "of the line)"
    )
    error.hint = (
        hint or f"this file must be {encoding}: convert it (iconv -f gb18030 -t {encoding})"
    )
    return error


def _decode_lines(
    stream: Iterable[bytes],
    name: str,
    encoding: str,
    errors: str,
    first_line: int,
    hint: str | None,
) -> Iterator[tuple[int, str]]:
    for line_no, raw in enumerate(stream, first_line):
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        try:
            line = raw.decode(encoding, errors)
        except UnicodeDecodeError as exc:
            raise _decode_error(name, line_no, encoding, raw[exc.start], exc.start, hint) from None
        yield line_no, _without_bom(line_no, line)


def _wide_codec(encoding: str) -> bool:
    """UTF-16/32 lines do not end in a single b'\\n', so they are decoded as text."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _byte_order(stream: BinaryIO, name: str, encoding: str) -> tuple[str, bytes]:
    """The codec of a UTF-16/32 input with its byte order spelled out, and the bytes read to
    learn it. Plain ``utf-16``/``utf-32`` take the order from the byte-order mark, which
    must be there: guessing the machine's order (as ``bytes.decode`` does) would turn a
    file without one into other characters."""
    codec = codecs.lookup(encoding).name
    if codec not in ("utf-16", "utf-32"):
        return codec, b""
    head = stream.read(2 if codec == "utf-16" else 4)
    for order in ("le", "be"):
        if head == BOM.encode(f"{codec}-{order}"):
            return f"{codec}-{order}", head
    if not head:  # no input: no lines, whatever the order
        return codec + "-le", head
    error = InputError(f"{name}:1: no byte-order mark to tell the byte order of {encoding}")
    error.hint = f"give --encoding {codec}-le or {codec}-be"
    raise error


def _decode_wide(
    stream: BinaryIO, name: str, encoding: str, errors: str, first_line: int, hint: str | None
) -> Iterator[tuple[int, str]]:
    """``_decode_lines`` for UTF-16/32: the bytes are decoded as they come, then cut at
    ``\\n``; a decode error still names its line and the byte's place in it."""
    codec, head = _byte_order(stream, name, encoding)
    decoder = codecs.getincrementaldecoder(codec)(errors)
    line_no, parts = first_line, []  # parts: the pieces of the line not yet ended
    while True:
        chunk, head = head + stream.read1(1 << 16), b""
        try:
            text = decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            # exc.object is this call's bytes, any the last call held back in front: the
            # text before the bad byte re-encodes to exactly the bytes it came from
            before = exc.object[: exc.start].decode(codec)
            *ended, tail = before.split("\n")
            offset = len((tail if ended else "".join(parts) + tail).encode(codec))
            bad = exc.object[exc.start]
            raise _decode_error(name, line_no + len(ended), encoding, bad, offset, hint) from None
        *ended, rest = text.split("\n")
        for piece in ended:
            parts.append(piece)
            yield line_no, _without_bom(line_no, "".join(parts).removesuffix("\r"))
            parts = []
            line_no += 1
        if rest:
            parts.append(rest)
        if not chunk:
            break
    if parts:
        yield line_no, _without_bom(line_no, "".join(parts))


def _without_bom(line_no: int, line: str) -> str:
    return line[1:] if line_no == 1 and line.startswith(BOM) else line


def _stdin() -> BinaryIO:
    """Standard input's bytes; closed standard input (``0<&-``) is an ``InputError``."""
    if sys.stdin is None:
        raise InputError("<stdin>: closed; give input files, or redirect stdin (< FILE)")
    return sys.stdin.buffer


def _numbered(path: str, encoding: str, errors: str, hint: str | None) -> Iterator[tuple[int, str]]:
    name = "<stdin>" if path == STDIN else path
    decode = _decode_wide if _wide_codec(encoding) else _decode_lines
    if path == STDIN:
        yield from decode(_stdin(), name, encoding, errors, 1, hint)
        return
    try:
        with open(path, "rb") as f:
            yield from decode(f, name, encoding, errors, 1, hint)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


def iter_lines(
    paths: Iterable[str], encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[str]:
    """Lines of each input in turn (``-`` is stdin), without their ``\\n`` or ``\\r\\n``.

    Raises ``InputError`` naming file and line for undecodable input when ``errors`` is
    ``strict``; ``replace`` substitutes U+FFFD and goes on.
    """
    for path in paths:
        for _, line in _numbered(path, encoding, errors, INPUT_HINT):
            yield line


def numbered_lines(
    path: str, encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[tuple[int, str]]:
    """``(line_no, line)`` pairs of one file (``-`` is stdin), for readers whose errors must
    name the line; same decoding rules as ``iter_lines``, but a decode error's hint is to
    convert the file (no option re-encodes a dictionary or training data)."""
    return _numbered(path, encoding, errors, None)


@dataclass(frozen=True, slots=True)
class LineBlock:
    """Whole consecutive lines of one input, still undecoded.

    Decoding is left to whoever processes the block, so with ``-j N`` the worker processes
    share it and the reading process only moves bytes; errors still name file and line.
    """

    name: str
    first_line: int
    data: bytes
    encoding: str = "utf-8"
    errors: str = "strict"

    def lines(self) -> list[str]:
        """The block's lines, decoded, without their ``\n`` or ``\r\n``."""
        stream = io.BytesIO(self.data)
        return [
            line
            for _, line in _decode_lines(
                stream, self.name, self.encoding, self.errors, self.first_line, INPUT_HINT
            )
        ]


def _byte_blocks(stream: BinaryIO, size: int) -> Iterator[bytes]:
    """Runs of whole lines as they arrive: ``read1`` returns what a pipe has, so an
    interactive stdin is answered line by line, while a file comes in ``size`` pieces.
    A line longer than ``size`` is gathered piece by piece (linear, not quadratic)."""
    parts: list[bytes] = []
    while chunk := stream.read1(size):
        end = chunk.rfind(b"\n") + 1
        if not end:
            parts.append(chunk)
            continue
        parts.append(chunk[:end])
        yield b"".join(parts)
        parts = [chunk[end:]] if end < len(chunk) else []
    if parts:
        yield b"".join(parts)


def iter_blocks(
    paths: Iterable[str], encoding: str = "utf-8", errors: str = "strict", size: int = 1 << 16
) -> Iterator[LineBlock]:
    """The lines of each file in turn (``-`` is stdin) as ``LineBlock`` s of about ``size``
    bytes; ``block.lines()`` decodes with the same rules as ``iter_lines``."""
    for path in paths:
        name = "<stdin>" if path == STDIN else path
        if _wide_codec(encoding):
            # UTF-16/32 lines do not end in a b"\n" byte: decode here, pass UTF-8 on.
            lines = iter_lines([path], encoding, errors)
            line_no = 1
            while batch := list(islice(lines, 1024)):
                yield LineBlock(name, line_no, "".join(line + "\n" for line in batch).encode())
                line_no += len(batch)
            continue
        line_no = 1
        try:
            stream = _stdin() if path == STDIN else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
        try:
            for data in _byte_blocks(stream, size):
                yield LineBlock(name, line_no, data, encoding, errors)
                line_no += data.count(b"\n")
        finally:
            if path != STDIN:
                stream.close()


@contextmanager
def output_stream(path: str = STDIN, binary: bool = False) -> Iterator[TextIO | BinaryIO]:
    """A UTF-8 output stream with ``\\n`` line ends (bytes when ``binary``): stdout for ``-``.

    A file is written through a temporary file in its folder, renamed onto ``path`` when the
    block ends without error: a failed or interrupted run leaves the old file as it was and
    no half output (a killed one leaves the temporary file, which a later run removes: see
    ``_remove_stale``). Devices and pipes (``/dev/null``, a FIFO) are written directly. A write
    that fails (a full disk) raises ``OutputError`` naming the target.
    """
    name = "stdout" if path == STDIN else path
    if path == STDIN and sys.stdout is None:
        error = OutputError("stdout: closed")
        error.hint = "give -o FILE, or redirect stdout (> FILE)"
        raise error
    try:
        if path == STDIN:
            if binary:
                sys.stdout.flush()
                yield sys.stdout.buffer
                sys.stdout.buffer.flush()
            else:
                sys.stdout.reconfigure(encoding="utf-8", newline="\n")
                yield sys.stdout
                sys.stdout.flush()
        elif os.path.exists(path) and not stat.S_ISREG(os.stat(path).st_mode):
            with open(path, "wb" if binary else "w", **_text_options(binary)) as out:
                yield out
        else:
            with _replacing(path, binary) as out:
                yield out
    except BrokenPipeError:
        raise
    except OSError as exc:
        if path == STDIN:
            # What is still buffered cannot be written either: let the interpreter's last
            # flush go to /dev/null instead of printing a second error.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise OutputError(f"{name}: cannot write ({exc.strerror or exc})") from None


def _text_options(binary: bool) -> dict[str, str]:
    return {} if binary else {"encoding": "utf-8", "newline": "\n"}


#: How the temporary file of ``-o NAME`` is named: ``.NAME.<random>.nlptk.tmp``, beside it.
TMP_SUFFIX = ".nlptk.tmp"
#: A temporary file of ours untouched this long, and locked by no process, is left over from
#: a killed run (its writer holds a lock on it while alive; the age covers the instant
#: between a writer creating its file and locking it).
STALE_AFTER_S = 60.0


@contextmanager
def _replacing(path: str, binary: bool) -> Iterator[TextIO | BinaryIO]:
    """A temporary file beside ``path`` that replaces it when the block succeeds (through a
    symbolic link, its target is what is replaced, as ``open(path, "w")`` would write it).

    The file stays locked (``flock``) from its creation to its rename, so that
    ``_remove_stale`` can tell a live writer's file from one a killed run left behind.
    """
    path = os.path.realpath(path)
    folder, base = os.path.split(path)
    _remove_stale(folder, base)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{base}.", suffix=TMP_SUFFIX)
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        with os.fdopen(fd, "wb" if binary else "w", **_text_options(binary)) as out:
            yield out
            out.flush()
            os.chmod(tmp, _new_file_mode(path))
            os.replace(tmp, path)  # still locked: no cleaner can take it meanwhile
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _remove_stale(folder: str, base: str) -> None:
    """Remove the temporary files a killed run writing ``folder/base`` left (``kill -9``,
    a power cut): ours by name and owner, untouched for ``STALE_AFTER_S`` and locked by no
    process. A file still being written is always locked by its writer, so it is kept.
    Anything unexpected (no right to list the folder, a file that vanished) skips the file:
    cleaning is a courtesy, never a reason to fail.
    """
    if fcntl is None:  # no flock (Windows): a leftover cannot be told from a live writer's
        return
    prefix = f".{base}."
    try:
        names = [n for n in os.listdir(folder) if n.startswith(prefix) and n.endswith(TMP_SUFFIX)]
    except OSError:
        return
    for name in names:
        tmp = os.path.join(folder, name)
        try:
            fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        except OSError:
            continue
        try:
            info = os.fstat(fd)
            if (
                stat.S_ISREG(info.st_mode)
                and info.st_uid == os.getuid()
                and time.time() - info.st_mtime >= STALE_AFTER_S
            ):
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError: a live writer
                if os.stat(tmp, follow_symlinks=False).st_ino == info.st_ino:
                    os.unlink(tmp)
        except OSError:
            continue
        finally:
            os.close(fd)


def _new_file_mode(path: str) -> int:
    """The mode ``open(path, "w")`` would leave: the old file's, else 0o666 less the umask
    (``mkstemp`` creates its file 0o600)."""
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except FileNotFoundError:
        umask = os.umask(0o022)
        os.umask(umask)
        return 0o666 & ~umask


def jsonl(record: object) -> str:
    """One JSON object on one line, non-ASCII kept readable."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
