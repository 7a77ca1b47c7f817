"""cli: option declarations shared by every command, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

#: Shown under every command's help.
EPILOG = (
    "Exit codes: 0 success (also when the reader of stdout goes away, as with | head); "
    "1 bad input, data or model (one 'Error:' line on stderr); 2 usage error. "
    "Set NLPTK_DEBUG=1 for tracebacks."
)

__all__ = ["EPILOG", "Inputs", "Output", "Encoding", "Errors", "Jobs", "Model"]

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
