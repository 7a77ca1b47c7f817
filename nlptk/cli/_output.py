"""cli: where commands write and what they show people — the output guard every command
runs under, the stderr console, progress, and the ``nlptk eval`` report.

stdout carries data only. The console is bound to stderr; progress bars and spinners appear
only when stderr is a terminal, one at a time (an inner one, such as a cache build during a
scoring run, leaves the outer one showing).
"""

from __future__ import annotations

import functools
import glob
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

import typer

from nlptk.io import check_output, output_stream

__all__ = [
    "READS",
    "WRITES",
    "guard_outputs",
    "err_console",
    "progress",
    "working",
    "write_chunks",
    "emit_eval",
]

#: The parameters, by their name in the command functions, that give paths a command reads
#: (files or directories), and those that give paths it writes. ``tests/cli/
#: test_reliability_io.py`` fails on a parameter of any command that is in neither and not
#: on its list of parameters that name no local path, so a new option must be placed here.
READS = frozenset(
    {"files", "inputs", "corpus", "data", "train", "dev", "test", "gold", "pred", "adapt", "suite"}
    | {"train_words", "dictionary", "user_dict", "idf", "stop_words", "lexicon", "model"}
    | {"segmenter", "model_dir", "init_model", "dict_features"}  # train segment's
    | {"pos_tagger"}  # train ner's
    | {"seg_model", "pos_model", "ner_model", "sentiment_model"}  # nlptk analyze, serve
)
WRITES = ("output", "plot")
#: The parameters of inputs named without an option (positional arguments).
_POSITIONAL = frozenset({"files", "inputs"})


def _read_paths(name: str, value: Any) -> Iterator[str]:
    """The local paths a read parameter's value names: a Spark input glob expanded, a
    shipped model's name resolved to its folder."""
    for item in [value] if isinstance(value, str) else value or []:
        if name == "inputs" and glob.has_magic(item):
            yield from glob.glob(item)
        elif (
            (name in ("model", "segmenter") or name.endswith("_model"))
            and "/" not in item
            and not os.path.exists(item)
        ):
            from nlptk.artifacts import resolve_model
            from nlptk.errors import ModelFormatError

            try:
                yield str(resolve_model(item))
            except ModelFormatError:  # a hub name, or a typo the command reports
                continue
        else:
            yield item


def guard_outputs(command: Any) -> None:
    """Make ``command`` (a click command) refuse, before it does anything, an output path
    that names, holds or lies inside a path it reads (``nlptk.io.check_output``): an input,
    a ``--user-dict``, ``--gold``, a ``--model`` directory, a training corpus."""
    callback = command.callback
    flags = {param.name: param.opts[0] for param in command.params}

    @functools.wraps(callback)
    def guarded(**params: Any) -> Any:
        reads = [
            (path, "" if name in _POSITIONAL else flags[name])
            for name, value in params.items()
            if name in READS
            for path in _read_paths(name, value)
        ]
        for name in WRITES:
            if params.get(name):
                check_output(params[name], reads, flags[name])
        return callback(**params)

    command.callback = guarded


T = TypeVar("T")


def err_console():  # noqa: ANN201 - rich is imported lazily
    """A rich console on stderr (imported on first use: rich costs start-up time)."""
    from rich.console import Console

    return Console(stderr=True)


#: Whether a progress bar or spinner is showing (rich shows one live display at a time).
_showing = False


@contextmanager
def _live() -> Iterator[bool]:
    """Whether the caller may show a live display now (stderr a terminal, none showing)."""
    global _showing
    if _showing or not sys.stderr.isatty():
        yield False
        return
    _showing = True
    try:
        yield True
    finally:
        _showing = False


def progress(items: Iterable[T], description: str, total: int | None = None) -> Iterator[T]:
    """Iterate with a progress bar on stderr when it is a terminal; silently otherwise."""
    with _live() as show:
        if not show:
            yield from items
            return
        from rich.progress import track

        yield from track(
            items, description=description, total=total, console=err_console(), transient=True
        )


@contextmanager
def working(description: str) -> Iterator[None]:
    """A spinner and the time spent on stderr while the block runs, when stderr is a
    terminal: for a long step that cannot count its progress (a cache build, fitting a
    model, scoring a file), so that it is not mistaken for a hang. Nothing otherwise."""
    with _live() as show:
        if not show:
            yield
            return
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
        with Progress(*columns, console=err_console(), transient=True) as bar:
            bar.add_task(description, total=None)
            yield


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
