"""cli: option declarations shared by every command, declared once as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

#: Shown under every command's help.
EPILOG = (
    "Exit codes: 0 success (also when the reader of stdout goes away, as with | head); "
    "1 bad input, data or model (one 'Error:' line on stderr); 2 usage error; 130 Ctrl-C. "
    "Set NLPTK_DEBUG=1 for tracebacks."
)

__all__ = [
    "EPILOG",
    "Inputs",
    "Output",
    "Encoding",
    "Errors",
    "Jobs",
    "Model",
    "PosFilter",
    "IdfFile",
    "StopWordsFile",
    "split_tags",
]

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

# keyword options, shared by ``nlptk keywords`` and ``nlptk spark keywords``
PosFilter = Annotated[
    Optional[str],
    typer.Option(
        "--pos",
        help="Comma-separated POS tags to keep (default: none for tfidf, ns,n,vn,v for textrank).",
    ),
]
IdfFile = Annotated[
    Optional[str], typer.Option("--idf", help="IDF file (word idf lines); jieba's by default.")
]
StopWordsFile = Annotated[
    Optional[str],
    typer.Option("--stop-words", help="Extra stop words, one per line (UTF-8)."),
]


def split_tags(value: Optional[str]) -> Optional[tuple[str, ...]]:
    """``--pos a,b`` as a tuple of tags; ``None`` (the method's default filter) when absent."""
    return tuple(t for t in value.split(",") if t) if value is not None else None
