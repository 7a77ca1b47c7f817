"""cli: what commands show people — stderr console, progress, and the ``nlptk eval`` report.

stdout carries data only. The console is bound to stderr; progress bars appear only when
stderr is a terminal.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TypeVar

import typer

from nlptk.io import output_stream

__all__ = ["err_console", "progress", "write_chunks", "emit_eval"]

T = TypeVar("T")


def err_console():  # noqa: ANN201 - rich is imported lazily
    """A rich console on stderr (imported on first use: rich costs start-up time)."""
    from rich.console import Console

    return Console(stderr=True)


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate with a progress bar on stderr when it is a terminal; silently otherwise."""
    if not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import track

    yield from track(
        items, description=description, total=total, console=err_console(), transient=True
    )


def write_chunks(chunks: Iterator[bytes] | Iterator[str], output: str = "-") -> None:
    """Write chunks to ``output`` (``-`` is stdout) as they are produced, in UTF-8; bytes
    chunks are taken as already encoded (workers that encode spare this process the work).

    A reader that goes away (``nlptk segment big.txt | head``) ends the command quietly with
    exit code 0; typer would otherwise report exit code 1 for a closed pipe. A file output
    appears only once every chunk is written (``output_stream``).
    """
    try:
        with output_stream(output, binary=True) as out:
            for chunk in chunks:
                out.write(chunk if isinstance(chunk, bytes) else chunk.encode())
    except BrokenPipeError:
        # Point stdout at /dev/null so the interpreter's last flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    finally:
        if hasattr(chunks, "close"):
            chunks.close()  # stops worker processes at once


def _fmt(value: Any) -> str:
    return f"{value:.4f}" if isinstance(value, float) else str(value)


def emit_eval(
    result: dict[str, Any],
    title: str,
    columns: Sequence[str],
    rows: Iterable[Sequence[Any]],
    output: str = "-",
) -> None:
    """The convention of every ``nlptk eval``: a table on stderr, the metrics as one JSON
    object on stdout, or in ``output`` when it is a file path."""
    from rich.table import Table

    table = Table(title=title)
    for col in columns:
        table.add_column(col, justify="left" if col == columns[0] else "right")
    for row in rows:
        table.add_row(*(_fmt(v) for v in row))
    err_console().print(table)
    with output_stream(output) as out:
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
