"""Help reads like a manual: every help screen rendered (every group and command), with no
Python type name in it (``<str>``, ``<bool>``, ``<int range>``, ``list[str]``, ``x>=1``),
every option's help text whole (rich reads ``[word]`` in help as markup and drops it, so a
literal bracket must be written ``\\[``), choices shown as ``[a|b|c]``, the old spellings
of renamed options nowhere, and one real example for each command."""

from __future__ import annotations

import re

import click
import pytest
import typer
from typer.testing import CliRunner

from nlptk.cli._options import RENAMED_OPTIONS
from nlptk.cli._params import choices_text
from nlptk.cli.app import app


def _walk(command: click.Command, path: tuple[str, ...] = ()):
    """``(path, command)`` of the root and every group and command below it (the lazy
    groups build each one)."""
    yield path, command
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            yield from _walk(command.get_command(ctx, name), (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))
IDS = [" ".join(p) or "nlptk" for p, _ in COMMANDS]
LEAVES = [(p, c) for p, c in COMMANDS if not isinstance(c, click.Group)]

#: What typer shows of a Python type where it is not told otherwise.
TYPE_NAMES = re.compile(r"<(str|bool|int|float|path|list|text)\b|list\[|\bx\s?[<>]=|\brange\b")


def _render(path: tuple[str, ...]) -> str:
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    return result.stdout


def _flat(text: str) -> str:
    """Rendered help without its box drawing, whitespace runs made one space: a help text
    wrapped over several lines reads as one."""
    return " ".join(re.sub("[│╭╮╰╯─]", " ", text).split())


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=IDS)
def test_help_screen_reads_like_a_manual(path, command):
    shown = _render(path)
    flat = _flat(shown)
    assert not TYPE_NAMES.search(shown), TYPE_NAMES.search(shown)
    for param in command.params:
        text = " ".join((getattr(param, "help", None) or "").split())
        assert text.replace("\\[", "[") in flat, (param.name, text)  # no bracket lost
        desc = getattr(param, "type_descriptor", None)
        if desc is not None and desc.is_choice:
            assert f"[{choices_text(desc.choices)}]" in flat, param.name
    old = RENAMED_OPTIONS.get(" ".join(path), {})
    assert not [o for o in old if re.search(rf"(?<![\w-]){o}(?![\w-])", flat)]


@pytest.mark.parametrize(("path", "command"), LEAVES, ids=[" ".join(p) for p, _ in LEAVES])
def test_help_every_command_has_a_real_example(path, command):
    """One ``Example:`` line that runs this very command."""
    examples = [line for line in (command.help or "").splitlines() if "Example:" in line]
    assert len(examples) == 1
    assert f"nlptk {' '.join(path)}" in examples[0]


def test_help_checks_have_teeth():
    """The checks above see a type name, and a bracket rich ate."""
    from rich.console import Console

    assert TYPE_NAMES.search("│ --jobs  -j  <int range> [x>=1] │")
    assert TYPE_NAMES.search("--user-dict <list[str]>") and TYPE_NAMES.search("<bool>")
    console = Console(width=200, record=True, file=None)
    with console.capture() as capture:
        console.print("User dictionary (word [freq] [tag])")
    assert "word [freq] [tag]" not in _flat(capture.get())


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["segment"], "(jieba format: word freq [tag])"),
        (["segment"], "User dictionary (word [freq] [tag])"),
        (["pos"], "User dictionary (word [freq] [tag])"),
        (["keywords"], "User dictionary (word [freq] [tag])"),
        (["segment"], "--engine [dict|perceptron|bert]"),
        (["ner"], "--format [jsonl|conll|inline]"),
        (["segment"], "--jobs -j N Worker processes"),
    ],
)
def test_help_shows_formats_and_choices(command, shown):
    assert shown in _flat(_render(tuple(command)))
