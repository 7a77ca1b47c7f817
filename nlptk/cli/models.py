"""cli: ``nlptk models`` — the models nlptk can load by name: the shipped ones, and those in
``$NLPTK_MODELS`` and ``--model-dir`` folders, each with what its ``meta.json`` says."""

from __future__ import annotations

import json
from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import Output
from nlptk.cli._output import write_chunks

#: The columns of the text output, with the ``ModelCard`` field each shows.
_COLUMNS = (
    ("name", "name"),
    ("task", "task"),
    ("engine", "engine"),
    ("lang", "lang"),
    ("size", "size"),
    ("headline", "headline"),
    ("data licence", "licence"),
)
#: Characters of the licence note the text output keeps (jsonl has it whole).
_NOTE = 90


def _size(n: int) -> str:
    """Bytes for people: ``930 KB``, ``12.4 MB``."""
    for unit, scale in (("GB", 1 << 30), ("MB", 1 << 20), ("KB", 1 << 10)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def models_cli(
    model_dir: Annotated[
        Optional[list[str]],
        typer.Option(
            "--model-dir",
            metavar="DIR",
            help="Also list the models in this folder (or this model); repeatable. "
            "$NLPTK_MODELS (folders separated by ':') is listed too, and its models load "
            "by name with --model.",
        ),
    ] = None,
    fmt: Annotated[
        Literal["text", "jsonl"],
        typer.Option(
            "--format",
            help="text (one model a line, columns separated by two spaces or more, the "
            f"licence note cut at {_NOTE} characters) or jsonl "
            '({"name", "path", "task", "engine", "lang", "size", "headline", "licence"}, '
            "size in bytes).",
        ),
    ] = "text",
    output: Output = "-",
) -> None:
    """List the models --model takes by name: task, engine, language, size, the headline
    figure of its meta.json and the licence of its training data.

    Example: nlptk models --format jsonl | jq -r 'select(.task == "ner") | .name'
    """
    from nlptk.artifacts import model_card, model_dirs

    cards = [model_card(path) for path in model_dirs(model_dir or [])]
    if fmt == "jsonl":
        lines = [
            json.dumps({**vars(c), "path": str(c.path)}, ensure_ascii=False) + "\n" for c in cards
        ]
        write_chunks(iter(lines), output)
        return
    rows = [[label for label, _ in _COLUMNS]]
    for card in cards:
        values = {**vars(card), "size": _size(card.size)}
        if card.licence and len(card.licence) > _NOTE:
            values["licence"] = card.licence[: _NOTE - 1].rstrip() + "…"
        rows.append(["–" if values[key] is None else str(values[key]) for _, key in _COLUMNS])
    widths = [max(len(row[i]) for row in rows) for i in range(len(_COLUMNS) - 1)]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)) + "  " + row[-1]
        for row in rows
    ]
    write_chunks(iter(line.rstrip() + "\n" for line in lines), output)
