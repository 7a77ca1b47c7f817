"""io: streaming line input (files or stdin) with precise decode errors, and record output.

Input is read as bytes and decoded line by line, so a bad byte is reported with its file and
line number, a 10 MB line is one line, and nothing is loaded whole.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import BinaryIO, TextIO

from nlptk.errors import InputError

__all__ = [
    "STDIN",
    "LineBlock",
    "check_inputs",
    "iter_blocks",
    "iter_lines",
    "numbered_lines",
    "open_output",
    "open_binary_output",
    "jsonl",
]

STDIN = "-"
ERROR_POLICIES = ("strict", "replace")


def check_inputs(
    paths: Sequence[str], encoding: str = "utf-8", errors: str = "strict"
) -> list[str]:
    """Validate arguments before any output: files exist and are files, codec is known.

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
    return paths


def _decode_lines(
    stream: Iterable[bytes], name: str, encoding: str, errors: str, first_line: int = 1
) -> Iterator[tuple[int, str]]:
    for line_no, raw in enumerate(stream, first_line):
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        try:
            yield line_no, raw.decode(encoding, errors)
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
    for line in stream:
        yield line.rstrip("\r\n")


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


def open_output(path: str = STDIN) -> TextIO:
    """A UTF-8 text stream with ``\\n`` line ends: stdout for ``-``, else the file."""
    if path == STDIN:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def open_binary_output(path: str = STDIN) -> BinaryIO:
    """A byte stream for already-encoded UTF-8 output: stdout's buffer for ``-``, else the
    file. Writers that encode in worker processes use it to skip a decode/encode round."""
    if path == STDIN:
        sys.stdout.flush()
        return sys.stdout.buffer
    try:
        return open(path, "wb")  # noqa: SIM115 - the caller closes it
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def jsonl(record: object) -> str:
    """One JSON object on one line, non-ASCII kept readable."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
