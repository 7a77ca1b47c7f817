"""cli: the one Typer app, its sub-apps, and ``main()``, which maps errors to exit codes.

The command modules hold plain functions and never import this module; the table below
registers them, so the dependency runs one way (app → commands → library).

Exit codes: 0 success; 1 bad data, model or runtime error (one ``Error: …`` line on stderr);
2 usage error. ``NLPTK_DEBUG=1`` shows tracebacks instead.
"""

from __future__ import annotations

import os
import sys
from typing import Annotated

import typer

from nlptk import __version__
from nlptk.cli import bert, keywords, ner, pos, segment, sentiment
from nlptk.cli._options import EPILOG
from nlptk.errors import NlptkError

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

#: (group, command name, function), in the order ``--help`` lists them.
COMMANDS = (
    (app, "segment", segment.segment_cli),
    (app, "ner", ner.ner_cli),
    (app, "sentiment", sentiment.sentiment_cli),
    (app, "pos", pos.pos_cli),
    (app, "keywords", keywords.keywords_cli),
    (train_app, "segment", segment.train_segment_cli),
    (train_app, "ner", ner.train_ner_cli),
    (train_app, "sentiment", sentiment.train_sentiment_cli),
    (train_app, "lexicon", sentiment.train_lexicon_cli),
    (train_app, "idf", keywords.train_idf_cli),
    (eval_app, "segment", segment.eval_segment_cli),
    (eval_app, "ner", ner.eval_ner_cli),
    (eval_app, "sentiment", sentiment.eval_sentiment_cli),
)
for group, name, function in COMMANDS:
    group.command(name, epilog=EPILOG)(function)
app.add_typer(train_app, name="train")
app.add_typer(eval_app, name="eval")
app.add_typer(bert.bert_app, name="bert")


def _version(value: bool) -> None:
    if value:
        from nlptk.segment import describe_default_dictionary

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
