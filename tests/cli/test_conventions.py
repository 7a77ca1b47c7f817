"""The command-line conventions (docs/conventions.md), held on every command.

- One vocabulary: the conventions page's table of every command x option family is the real CLI's;
  the renamed spellings point at real options, and still work, with one warning line.
- A bad choice, on any command, exits 2 with one ``Error:`` line naming the choices.
- ``--format jsonl`` is the same envelope everywhere: ``{"text": <the line>, <result>}``.
- Help reads like a manual: every help screen rendered (every group and command), with no
  Python type name in it (``<str>``, ``<bool>``, ``<int range>``, ``list[str]``, ``x>=1``),
  every option's help text whole (rich reads ``[word]`` in help as markup and drops it, so
  a literal bracket must be written ``\\[``), choices shown as ``[a|b|c]``, the old
  spellings nowhere, and one real example for each command.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from nlptk.cli._options import RENAMED_OPTIONS, RENAMED_VALUES
from nlptk.cli._params import choices_text
from nlptk.cli.app import app

ROOT = Path(__file__).resolve().parents[2]


def _is_group(command: Any) -> bool:
    return hasattr(command, "list_commands")


def _walk(command: Any, path: tuple[str, ...] = ()):
    """``(path, command)`` of the root and every group and command below it (the lazy
    groups build each one; typer's groups look their commands up without a context)."""
    yield path, command
    if _is_group(command):
        for name in command.list_commands(None):
            yield from _walk(command.get_command(None, name), (*path, name))


COMMANDS = list(_walk(typer.main.get_command(app)))
IDS = [" ".join(p) or "nlptk" for p, _ in COMMANDS]
LEAVES = [(p, c) for p, c in COMMANDS if not _is_group(c)]

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


# -- one vocabulary: the README's table --------------------------------------------------------

#: The table's columns after the command: (heading, option name or None for the inputs).
FAMILIES = (
    ("input", None),
    ("`-o`", "-o"),
    ("`--format`", "--format"),
    ("`--engine`", "--engine"),
    ("`--model`", "--model"),
    ("`--data`", "--data"),
    ("`--gold`", "--gold"),
    ("`--lang`", "--lang"),
    ("`-j`", "-j"),
)


def _cell(command: Any, name: str | None) -> str:
    """What the table says of one option family on one command: its choices or metavar,
    ✓ for a plain option, – when the command has none."""
    if name is None:
        args = [p for p in command.params if p.param_type_name == "argument"]
        return f"{args[0].metavar}…" if args else "–"
    param = next((p for p in command.params if name in p.opts), None)
    if param is None:
        return "–"
    desc = param.type_descriptor
    if desc.is_choice:
        return choices_text(desc.choices).replace("|", "\\|")
    if name in ("-o", "--engine", "--format"):
        return param.metavar.replace("|", "\\|")
    return "✓"


def conventions_table() -> list[str]:
    """The conventions page's table lines, made from the CLI itself."""
    head = ["command", *(h for h, _ in FAMILIES)]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for path, command in LEAVES:
        cells = [f"`{' '.join(path)}`", *(_cell(command, n) for _, n in FAMILIES)]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _docs_table() -> list[str]:
    text = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    section = text.split("\n## Trust and safety\n", 1)[0]
    return [line for line in section.splitlines() if line.startswith("|")]


def test_conventions_docs_table_is_the_cli():
    """Every command, every option family, as docs/conventions.md shows them (on failure,
    the message is the table to paste)."""
    want = conventions_table()
    assert _docs_table() == want, "\n" + "\n".join(want)


def test_conventions_table_has_teeth():
    """A command that lost an option, or a choice, changes its row."""
    ner = dict(LEAVES)[("ner",)]
    row = [_cell(ner, n) for _, n in FAMILIES]
    assert row[2] == "jsonl\\|conll\\|inline" and row[7] == "auto\\|zh\\|en"
    assert _cell(dict(LEAVES)[("train", "idf")], "--engine") == "–"


@pytest.mark.parametrize("path", sorted(RENAMED_OPTIONS.keys() | RENAMED_VALUES.keys()))
def test_conventions_renamed_spellings_point_at_real_options(path):
    command = dict(LEAVES)[tuple(path.split())]
    options = {o for p in command.params for o in p.opts}
    for old, new in RENAMED_OPTIONS.get(path, {}).items():
        assert new in options and old not in options
    for option, values in RENAMED_VALUES.get(path, {}).items():
        choices = next(p for p in command.params if option in p.opts).type_descriptor.choices
        assert set(values.values()) <= set(choices) and not set(values) & set(choices)


@pytest.mark.parametrize(
    ("old", "new", "stdin"),
    [
        (
            ["keywords", "--method", "textrank", "-k", "2"],
            ["keywords", "--engine", "textrank", "-k", "2"],
            "北京大学的学生在北京学习\n",
        ),
        (["ner", "--format=spans"], ["ner", "--format=jsonl"], "江泽民在北京\n"),
        (["sentiment", "--method", "textblob"], ["sentiment", "--engine", "textblob"], "good\n"),
    ],
)
def test_conventions_old_spelling_works_with_one_warning(old, new, stdin):
    runner = CliRunner()
    before, after = runner.invoke(app, old, input=stdin), runner.invoke(app, new, input=stdin)
    assert before.exit_code == after.exit_code == 0, before.output
    assert before.stdout == after.stdout and after.stderr == ""
    (warning,) = before.stderr.splitlines()
    assert warning.startswith("Warning: ") and "deprecated" in warning
    assert warning.endswith(f"use {new[1].replace('=', ' ')}")


def test_conventions_old_data_spelling_trains_the_same(tmp_path):
    corpus = tmp_path / "docs.txt"
    corpus.write_text("我来到北京\n北京欢迎你\n", encoding="utf-8")
    runner = CliRunner()
    old = runner.invoke(app, ["train", "idf", "--corpus", str(corpus)])
    new = runner.invoke(app, ["train", "idf", "--data", str(corpus)])
    assert old.exit_code == new.exit_code == 0 and old.stdout == new.stdout != ""
    assert old.stderr.count("\n") == 1 and "use --data" in old.stderr


# -- a bad choice: exit 2, one line naming the choices, on every command ----------------------

_CHOICES = [
    (path, param.opts[0], param.type_descriptor.choices)
    for path, command in LEAVES
    for param in command.params
    if getattr(param, "type_descriptor", None) is not None and param.type_descriptor.is_choice
]


@pytest.mark.parametrize(
    ("path", "option", "choices"), _CHOICES, ids=[f"{' '.join(p)} {o}" for p, o, _ in _CHOICES]
)
def test_conventions_bad_choice_exits_2_naming_the_choices(path, option, choices):
    command = dict(LEAVES)[path]
    required = []  # dummies for what the command requires: the bad choice fails first
    for param in command.params:
        if param.required:
            desc = param.type_descriptor
            value = str(desc.choices[0]) if desc.is_choice else "x"
            required += [value] if param.param_type_name == "argument" else [param.opts[0], value]
    result = CliRunner().invoke(app, [*path, *required, option, "bogus"], input="")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"Error: Invalid value for '{option}': 'bogus' is not one of")
    assert choices_text(choices) in result.stderr


def test_conventions_bad_engine_list_names_the_choices():
    """``nlptk eval sentiment --engine a,b`` checks each name in the list."""
    result = CliRunner().invoke(app, ["eval", "sentiment", "--gold", "x", "--engine", "nb,vader"])
    assert result.exit_code == 2 and result.stderr.count("\n") == 1
    assert "'vader': choose among hybrid|lexicon|nb|" in result.stderr


# -- jsonl: one envelope ------------------------------------------------------------------------

RESULTS = {"tokens", "keywords", "entities", "sentiment", "sentences"}


@pytest.mark.parametrize(
    "args",
    [
        ["segment"],
        ["pos"],
        ["keywords"],
        ["ner"],
        ["sentiment"],
        ["sentiment", "--unit", "sentence"],
    ],
)
def test_conventions_jsonl_is_one_envelope_everywhere(args):
    lines = ["我来到北京清华大学", "", "  ", "江泽民在北京会见克林顿。很好。"]
    result = CliRunner().invoke(app, [*args, "--format", "jsonl"], input="\n".join(lines) + "\n")
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in records] == lines
    for record in records:
        (first, result_key) = record
        assert first == "text" and result_key in RESULTS, record
