"""MkDocs hooks (``mkdocs.yml`` ``hooks:``): the pages made at build time, so that no generated
file is checked in and none can go stale.

- ``cli.md``: the command-line reference, walked from the typer app's click tree (every group
  and command, in ``--help``'s order) and each command's ``--help`` as the terminal shows it.
- ``model-cards.md``: every shipped model's card (``models/*/README.md``), one section each.
- ``benchmarks.md``: every script of ``bench/`` with its docstring (what it measures, against
  which peers, the command to run it) and the result files it wrote (``bench/results/``).
- ``changelog.md``: ``CHANGELOG.md``.

The CLI is imported only here, at build time; the API pages are read from source by
mkdocstrings (griffe), which imports nothing.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: The terminal the help screens are rendered for: wide enough for the option tables, no colour.
_HELP_ENV = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def _commands(group: Any, ctx: Any, path: tuple[str, ...]) -> list[tuple[tuple[str, ...], Any]]:
    """``(path, command)`` of every command below ``group``, depth first, in listing order."""
    found = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        found.append(((*path, name), command))
        if hasattr(command, "list_commands"):  # a group (typer's own click, not ``click``)
            sub = type(ctx)(command, info_name=name, parent=ctx)
            found += _commands(command, sub, (*path, name))
    return found


def cli_reference() -> str:
    """The Markdown of the CLI reference: one section per command, its ``--help`` verbatim."""
    import typer
    from typer.testing import CliRunner

    if str(ROOT) not in sys.path:  # document this checkout, whatever else is installed
        sys.path.insert(0, str(ROOT))
    from nlptk.cli.app import app

    root = typer.main.get_command(app)
    ctx = root.make_context("nlptk", [], resilient_parsing=True)
    runner = CliRunner()
    out = [
        "# Command-line reference",
        "",
        "Generated from the command tree when the site is built (`make docs`): each command's",
        "`--help`, as `nlptk … --help` prints it. Conventions shared by every command (exit",
        "codes, formats, input and output) are in [Conventions](conventions.md).",
        "",
    ]
    for path, _command in [((), root), *_commands(root, ctx, ())]:
        result = runner.invoke(app, [*path, "--help"], prog_name="nlptk", env=_HELP_ENV)
        if result.exit_code != 0:
            raise RuntimeError(f"nlptk {' '.join(path)} --help failed: {result.output}")
        text = "\n".join(line.rstrip() for line in result.output.strip("\n").splitlines())
        title = " ".join(("nlptk", *path))
        out += [f"{'#' * min(len(path) + 1, 4)}# `{title}`", "", "```text", text, "```", ""]
    return "\n".join(out)


def _demote(markdown: str) -> str:
    """Headings one level down (outside code fences), so each card nests under the page."""
    lines, fenced = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        if not fenced and re.match(r"#{1,5} ", line):
            line = "#" + line
        lines.append(line)
    return "\n".join(lines)


def model_cards() -> str:
    """Every ``models/*/README.md``, in name order, under one page."""
    cards = sorted((ROOT / "models").glob("*/README.md"))
    out = [
        "# Model cards",
        "",
        "The card of each shipped model that has one (`models/<name>/README.md`): training",
        "data, contents, how to rebuild it and its scores. `nlptk models` lists every shipped",
        "model with its headline figure.",
        "",
    ]
    for card in cards:
        out += [_demote(card.read_text(encoding="utf-8")).strip("\n"), ""]
    return "\n".join(out)


def _markdown_docstring(path: Path) -> str:
    """A script's module docstring as Markdown: RST's double backticks made single."""
    import ast

    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    return re.sub(r"``(.+?)``", r"`\1`", doc)


def benchmarks() -> str:
    """One section per ``bench/bench_*.py``: its docstring and its result files."""
    results = sorted(p.name for p in (ROOT / "bench" / "results").glob("*.json"))
    out = [
        "# Benchmarks",
        "",
        "Every figure of speed in these pages comes from a script in `bench/`, run on the",
        "command it states; each writes its measurements, with the machine and the library",
        "versions it ran on, to `bench/results/`. Peer libraries come from the `bench` extra",
        "(`pip install -e .[bench]`). Accuracy figures come from `nlptk eval …` (each task's",
        "page shows the command). This page is generated from the scripts' own docstrings.",
        "",
    ]
    for script in sorted((ROOT / "bench").glob("bench_*.py")):
        stem = script.stem.removeprefix("bench_")
        files = [name for name in results if name.split("-")[0].split(".")[0] == stem]
        out += [f"## `bench/{script.name}`", "", _markdown_docstring(script), ""]
        if files:
            out += ["Results: " + ", ".join(f"`bench/results/{name}`" for name in files), ""]
    return "\n".join(out)


def changelog() -> str:
    """``CHANGELOG.md`` as it is."""
    return (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")


#: Generated page → what writes it.
PAGES = {
    "cli.md": cli_reference,
    "model-cards.md": model_cards,
    "benchmarks.md": benchmarks,
    "changelog.md": changelog,
}


def on_files(files: Any, config: Any) -> Any:
    """Add the generated pages to the site's files (MkDocs event)."""
    from mkdocs.structure.files import File

    for name, build in PAGES.items():
        files.append(File.generated(config, name, content=build()))
    return files
