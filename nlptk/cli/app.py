"""cli: the one Typer app, its sub-apps, and ``main()``, which maps errors to exit codes.

The command modules hold plain functions and never import this module; the table below
registers them, so the dependency runs one way (app → commands → library).

Exit codes: 0 success; 1 bad data, model or runtime error (one ``Error: …`` line on stderr);
2 usage error (one ``Error: …`` line too: a bad choice names the choices); 130 Ctrl-C (one
``Error: interrupted`` line). ``NLPTK_DEBUG=1`` shows tracebacks instead. Every command is
built the same way (``_build``, ``_finish``): its help shown as a manual
(``_params.manual``), its old option spellings read as the new ones (``_params.renamed``), its
outputs guarded (``_output.guard_outputs``), and a cache build announced on a terminal
(``_output.working``).
"""

from __future__ import annotations

import os
import signal
import sys
import warnings
from contextlib import suppress
from importlib import import_module
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from nlptk import __version__
from nlptk._mapped import report_sigbus
from nlptk.cli._options import EPILOG, RENAMED_OPTIONS, RENAMED_VALUES
from nlptk.cli._output import guard_outputs
from nlptk.cli._params import lean, manual, renamed
from nlptk.errors import NlptkError

#: (group, command name, where it lives under ``nlptk.cli``: "module:attribute"), in the order
#: ``--help`` lists them. The attribute is a command function or a ``typer.Typer`` sub-app; a
#: group named here (``train``, ``eval``) is one of ``GROUPS``. Adding a command is one line.
COMMANDS = (
    ("nlptk", "segment", "segment:segment_cli"),
    ("nlptk", "ner", "ner:ner_cli"),
    ("nlptk", "sentiment", "sentiment:sentiment_cli"),
    ("nlptk", "pos", "pos:pos_cli"),
    ("nlptk", "keywords", "keywords:keywords_cli"),
    ("nlptk", "analyze", "analyze:analyze_cli"),
    ("nlptk", "serve", "serve:serve_cli"),
    ("nlptk", "train", None),
    ("nlptk", "eval", None),
    ("nlptk", "bert", "bert:bert_app"),
    ("nlptk", "spark", "spark:spark_app"),
    ("nlptk", "models", "models:models_cli"),
    ("nlptk", "cache", "cache:cache_app"),
    ("train", "segment", "segment:train_segment_cli"),
    ("train", "ner", "ner:train_ner_cli"),
    ("train", "sentiment", "sentiment:train_sentiment_cli"),
    ("train", "lexicon", "sentiment:train_lexicon_cli"),
    ("train", "idf", "keywords:train_idf_cli"),
    ("train", "pos", "pos:train_pos_cli"),
    ("eval", "segment", "segment:eval_segment_cli"),
    ("eval", "ner", "ner:eval_ner_cli"),
    ("eval", "sentiment", "sentiment:eval_sentiment_cli"),
    ("eval", "pos", "pos:eval_pos_cli"),
)

#: The groups below the top level, with their one-line help.
GROUPS = {
    "train": "Train a model from data; writes a model directory.",
    "eval": "Score a model: a table on stderr, one JSON object on stdout (or -o FILE).",
}


class LazyGroup(TyperGroup):
    """A command group that builds a command only when it is looked up.

    ``nlptk segment`` then imports one command module and builds one command's parameters
    (typer's parameter handling for the whole tree was half of the cold start); ``--help``
    looks every command up, so it still lists each with its one-line help. Commands come
    from ``COMMANDS`` rows whose group is this group's name.
    """

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        lean(self)
        manual(self)

    def list_commands(self, ctx: Any) -> list[str]:
        return [name for group, name, _ in COMMANDS if group == self.name]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands:
            where = next((w for g, n, w in COMMANDS if g == self.name and n == cmd_name), False)
            if where is False:
                return None
            path = cmd_name if self.name == "nlptk" else f"{self.name} {cmd_name}"
            self.commands[cmd_name] = _build(path, where)
        return self.commands[cmd_name]

    def main(self, args: Any = None, prog_name: Any = None, **extra: Any) -> Any:
        """Run the command line; a usage error is one ``Error:`` line and exit code 2.

        typer would draw a box round the usage and the message; one line, naming the
        choices where a choice was wrong, serves a terminal and a script alike.
        """
        from nlptk.cache import on_build
        from nlptk.cli._output import working

        on_build(working)
        if not extra.pop("standalone_mode", True):
            return super().main(args, prog_name, standalone_mode=False, **extra)
        try:
            code = super().main(args, prog_name, standalone_mode=False, **extra)
        except typer.Abort:
            sys.stderr.write("Aborted!\n")
            sys.exit(1)
        except typer.TyperException as exc:  # click's usage errors among them
            message = exc.format_message()
            if not message:  # a group run bare: its help was shown instead
                sys.exit(exc.exit_code)
            ctx = getattr(exc, "ctx", None)
            where = f"; see '{ctx.command_path} --help'" if ctx is not None else ""
            _fail(message + where, code=exc.exit_code)
        sys.exit(code if isinstance(code, int) else 0)


def _build(path: str, where: str | None) -> Any:
    """The click command for one ``COMMANDS`` row (a ``GROUPS`` group when ``where`` is
    None); ``path`` is its name below ``nlptk`` (``train segment``)."""
    name = path.rpartition(" ")[2]
    if where is None:
        return LazyGroup(name=name, help=GROUPS[name], epilog=EPILOG, no_args_is_help=True)
    module, attribute = where.split(":")
    target = getattr(import_module(f"nlptk.cli.{module}"), attribute)
    if isinstance(target, typer.Typer):  # a sub-app stays a group, even with one command
        command = typer.main.get_group(target)
        for sub_name, sub in command.commands.items():
            _finish(sub, f"{path} {sub_name}")
        manual(command)
    else:
        single = typer.Typer(add_completion=False)
        single.command(name, epilog=EPILOG)(target)
        command = typer.main.get_command(single)
        _finish(command, path)
    command.name = name
    return command


def _finish(command: Any, path: str) -> None:
    """What every command gets: lean values, manual help, its old spellings, its outputs
    guarded."""
    lean(command)
    manual(command)
    renamed(command, RENAMED_OPTIONS.get(path, {}), RENAMED_VALUES.get(path, {}))
    guard_outputs(command)


app = typer.Typer(
    name="nlptk",
    cls=LazyGroup,
    help="Chinese/English NLP toolkit: segmentation, named entities, sentiment, BERT.",
    epilog=EPILOG,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


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


def _standard_streams() -> None:
    """Closed standard streams (``0<&-``, ``1>&-``, as cron or a daemon may start a
    program): each is pointed at /dev/null, so that no file opened later takes its number.
    ``sys.stdin`` and ``sys.stdout`` stay None, which reading or writing them reports as
    one ``Error:`` line; stderr becomes /dev/null, so then only the exit code tells."""
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        if getattr(sys, name) is None:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - until exit


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    """A warning as one plain ``Warning: …`` line, as errors are (Python's own format adds
    the source file and line of the code that warned)."""
    with suppress(OSError):  # stderr gone: a warning is not worth failing for
        (file or sys.stderr).write(f"Warning: {' '.join(str(message).split())}\n")


class _Interrupted(BaseException):
    """Ctrl-C, raised in place of ``KeyboardInterrupt``: click catches that one and turns it
    into "Aborted!" and exit code 1. A ``BaseException``, so that ``except Exception`` lets
    it pass while clean-up (``finally``, temporary output files) still runs."""


def _interrupt(signum: int, frame: Any) -> None:
    # A second Ctrl-C during the clean-up kills at once, as the user then means.
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    raise _Interrupted


def main() -> None:
    """Entry point: run the app, turning nlptk errors into one line and exit code 1, and
    Ctrl-C into one line and exit code 130 (``-j`` workers ignore it; the parent stops them)."""
    debug = bool(os.environ.get("NLPTK_DEBUG"))
    report_sigbus()  # a mapped file truncated under us: one Error line, not a silent death
    _standard_streams()
    if not debug:
        warnings.showwarning = _show_warning
    signal.signal(signal.SIGINT, _interrupt)
    try:
        app()
    except NlptkError as exc:
        if debug:
            raise
        _fail(str(exc), exc.hint)
    except (_Interrupted, KeyboardInterrupt):
        _fail("interrupted", code=130)
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, and keep the interpreter's final
        # flush of stdout from raising again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
