"""Help text: rich reads ``[word]`` in a help string as markup and drops it, so every help
string must render to exactly what it says (``\\[`` where a bracket is text)."""

from __future__ import annotations

import click
import pytest
import typer
from rich.text import Text
from typer.testing import CliRunner

from nlptk.cli.app import app


def _commands(group: click.Command, path: tuple[str, ...] = ()):
    yield path, group
    for name, sub in getattr(group, "commands", {}).items():
        yield from _commands(sub, (*path, name))


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_help_every_string_renders_whole(path, command):
    texts = [command.help or "", command.epilog or ""] + [
        getattr(p, "help", None) or "" for p in command.params
    ]
    for text in texts:
        assert Text.from_markup(text).plain == text.replace("\\[", "["), (path, text)


@pytest.mark.parametrize(
    ("command", "shown"),
    [
        (["segment"], "(jieba format: word freq [tag])"),
        (["segment"], "User dictionary (word [freq] [tag])"),
    ],
)
def test_help_segment_shows_the_dictionary_formats(command, shown):
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert shown in result.stdout
