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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO, TextIO

from nlptk.errors import InputError, OutputError

__all__ = [
    "STDIN",
    "LineBlock",
    "check_inputs",
    "iter_blocks",
    "iter_lines",
    "numbered_lines",
    "output_stream",
    "jsonl",
]

STDIN = "-"
ERROR_POLICIES = ("strict", "replace")


def check_inputs(
    paths: Sequence[str],
    encoding: str = "utf-8",
    errors: str = "strict",
    output: str = STDIN,
) -> list[str]:
    """Validate arguments before any output: files exist and are files, codec is known,
    and ``output`` is none of them (writing it would destroy the input being read).

    An empty ``paths`` means stdin.
    """
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(f"unknown encoding {encoding!r}") from None
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
        if output != STDIN and os.path.exists(output) and os.path.samefile(path, output):
            raise InputError(f"{output}: is also an input; give -o another file")
    return paths


#: A byte-order mark opening a file (Windows editors write one; the SIGHAN CityU files start
#: with it) is not text: every reader drops it from the first line.
BOM = "\ufeff"


def _decode_lines(
    stream: Iterable[bytes], name: str, encoding: str, errors: str, first_line: int = 1
) -> Iterator[tuple[int, str]]:
    for line_no, raw in enumerate(stream, first_line):
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        try:
            line = raw.decode(encoding, errors)
            yield line_no, line[1:] if line_no == 1 and line.startswith(BOM) else line
        except UnicodeDecodeError as exc:
            error = InputError(
                f"{name}:{line_no}: not valid {encoding} (byte {raw[exc.start]:#04x} at "
                f"byte {exc.start + 1} of the line)"
            )
            error.hint = "give the input's encoding with --encoding, or --errors replace"
            raise error from None


def _wide_codec(encoding: str) -> bool:
    """UTF-16/32 lines do not end in a single b'\\n', so they are decoded as text."""
    return codecs.lookup(encoding).name.startswith(("utf-16", "utf-32"))


def _text_lines(stream: TextIO) -> Iterator[str]:
    for line_no, line in enumerate(stream, 1):
        line = line.rstrip("\r\n")
        yield line[1:] if line_no == 1 and line.startswith(BOM) else line


def iter_lines(
    paths: Iterable[str], encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[str]:
    """Lines of each file in turn (``-`` is stdin), without their ``\\n`` or ``\\r\\n``.

    Raises ``InputError`` naming file and line for undecodable input when ``errors`` is
    ``strict``; ``replace`` substitutes U+FFFD and goes on.
    """
    for path in paths:
        if _wide_codec(encoding):
            source = path if path != STDIN else sys.stdin.fileno()
            with open(
                source, encoding=encoding, errors=errors, newline="", closefd=path != STDIN
            ) as f:
                yield from _text_lines(f)
            continue
        for _, line in numbered_lines(path, encoding, errors):
            yield line


def numbered_lines(
    path: str, encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[tuple[int, str]]:
    """``(line_no, line)`` pairs of one file (``-`` is stdin), for readers whose errors must
    name the line; same decoding rules as ``iter_lines``."""
    name = "<stdin>" if path == STDIN else path
    if path == STDIN:
        yield from _decode_lines(sys.stdin.buffer, name, encoding, errors)
        return
    try:
        with open(path, "rb") as f:
            yield from _decode_lines(f, name, encoding, errors)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected a text file") from None
    except OSError as exc:
        raise InputError(f"{path}: {exc.strerror or exc}") from None


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
                stream, self.name, self.encoding, self.errors, self.first_line
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
            stream = sys.stdin.buffer if path == STDIN else open(path, "rb")  # noqa: SIM115
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from None
        try:
            for data in _byte_blocks(stream, size):
                yield LineBlock(name, line_no, data, encoding, errors)
                line_no += data.count(b"\n")
        finally:
            if stream is not sys.stdin.buffer:
                stream.close()


@contextmanager
def output_stream(path: str = STDIN, binary: bool = False) -> Iterator[TextIO | BinaryIO]:
    """A UTF-8 output stream with ``\\n`` line ends (bytes when ``binary``): stdout for ``-``.

    A file is written through a temporary file in its folder, renamed onto ``path`` when the
    block ends without error: a failed or interrupted run leaves the old file as it was and
    no half output. Devices and pipes (``/dev/null``, a FIFO) are written directly. A write
    that fails (a full disk) raises ``OutputError`` naming the target.
    """
    name = "stdout" if path == STDIN else path
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


@contextmanager
def _replacing(path: str, binary: bool) -> Iterator[TextIO | BinaryIO]:
    """A temporary file beside ``path`` that replaces it when the block succeeds (through a
    symbolic link, its target is what is replaced, as ``open(path, "w")`` would write it)."""
    path = os.path.realpath(path)
    folder = os.path.dirname(path)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{os.path.basename(path)}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb" if binary else "w", **_text_options(binary)) as out:
            yield out
        os.chmod(tmp, _new_file_mode(path))
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


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
