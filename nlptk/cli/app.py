"""cli: the one Typer app, its sub-apps, and ``main()``, which maps errors to exit codes.

Exit codes: 0 success; 1 bad data, model or runtime error (one ``Error: …`` line on stderr);
2 usage error. ``NLPTK_DEBUG=1`` shows tracebacks instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from nlptk import __version__
from nlptk.errors import NlptkError

EPILOG = (
    "Exit codes: 0 success (also when the reader of stdout goes away, as with | head); "
    "1 bad input, data or model (one 'Error:' line on stderr); 2 usage error. "
    "Set NLPTK_DEBUG=1 for tracebacks."
)

app = typer.Typer(
    name="nlptk",
    help="Chinese/English NLP toolkit: segmentation, named entities, sentiment, BERT.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
train_app = typer.Typer(
    help="Train a model from data; writes a model directory.", epilog=EPILOG, no_args_is_help=True
)
eval_app = typer.Typer(
    help="Score a model: a table on stderr, one JSON object on stdout (or -o FILE).",
    epilog=EPILOG,
    no_args_is_help=True,
)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")


def _version(value: bool) -> None:
    if value:
        from nlptk.tasks.segment import describe_default_dictionary

        typer.echo(f"nlptk {__version__} ({describe_default_dictionary()})")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version,
            is_eager=True,
            help="Show the version and the dictionary in use, then exit.",
        ),
    ] = False,
) -> None:
    """Chinese/English NLP toolkit: segmentation, named entities, sentiment, BERT."""


def _fail(message: str, hint: str | None = None, code: int = 1) -> None:
    sys.stderr.write(f"Error: {message}\n")
    if hint:
        sys.stderr.write(f"Hint: {hint}\n")
    sys.exit(code)


def main() -> None:
    """Entry point: run the app, turning nlptk errors into one line and exit code 1."""
    debug = bool(os.environ.get("NLPTK_DEBUG"))
    try:
        app()
    except NlptkError as exc:
        if debug:
            raise
        _fail(str(exc), exc.hint)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep the interpreter's final
        # flush of stdout from raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)


# Command modules register themselves on the apps above.
from nlptk.cli import bert as _bert  # noqa: E402,F401
from nlptk.cli import ner as _ner  # noqa: E402,F401
from nlptk.cli import segment as _segment  # noqa: E402,F401
from nlptk.cli import segment_eval as _segment_eval  # noqa: E402,F401
from nlptk.cli import segment_train as _segment_train  # noqa: E402,F401
from nlptk.cli import sentiment as _sentiment  # noqa: E402,F401
