"""cli: option declarations shared by every command, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

__all__ = ["Inputs", "Output", "Encoding", "Errors", "Jobs", "Model"]

Inputs = Annotated[
    Optional[list[str]],
    typer.Argument(help="Input files; stdin when none is given or for '-'.", show_default=False),
]
Output = Annotated[str, typer.Option("-o", "--output", help="Output file; '-' is stdout.")]
Encoding = Annotated[str, typer.Option("--encoding", help="Encoding of the input files.")]
Errors = Annotated[
    str,
    typer.Option(
        "--errors",
        help="On undecodable input: 'strict' stops with an error naming file and line, "
        "'replace' substitutes U+FFFD and goes on.",
    ),
]
Jobs = Annotated[
    int, typer.Option("-j", "--jobs", min=1, help="Worker processes (output order is kept).")
]
Model = Annotated[
    Optional[str],
    typer.Option("--model", help="A model directory, or the name of a model shipped in models/."),
]
