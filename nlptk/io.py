"""io: streaming line input (files or stdin) with precise decode errors, and record output.

Input is read as bytes and decoded line by line, so a bad byte is reported with its file and
line number, a 10 MB line is one line, and nothing is loaded whole.
"""

from __future__ import annotations

import codecs
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import BinaryIO, TextIO

from nlptk.errors import InputError

__all__ = ["STDIN", "check_inputs", "iter_lines", "numbered_lines", "open_output", "jsonl"]

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
    stream: BinaryIO, name: str, encoding: str, errors: str
) -> Iterator[tuple[int, str]]:
    for line_no, raw in enumerate(stream, 1):
        if raw.endswith(b"\n"):
            raw = raw[:-2] if raw.endswith(b"\r\n") else raw[:-1]
        try:
            yield line_no, raw.decode(encoding, errors)
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{name}:{line_no}: not valid {encoding} (byte {raw[exc.start]:#04x} at "
                f"byte {exc.start + 1} of the line); use --encoding or --errors replace"
            ) from None


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


def open_output(path: str = STDIN) -> TextIO:
    """A UTF-8 text stream with ``\\n`` line ends: stdout for ``-``, else the file."""
    if path == STDIN:
        sys.stdout.reconfigure(encoding="utf-8", newline="\n")
        return sys.stdout
    try:
        return open(path, "w", encoding="utf-8", newline="\n")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None


def jsonl(record: object) -> str:
    """One JSON object on one line, non-ASCII kept readable."""
    return json.dumps(record, ensure_ascii=False, separators=(", ", ": "))
