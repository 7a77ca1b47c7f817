"""cli: old option spellings and values, kept working for one release.

A command built with ``renamed`` reads an old spelling (``--corpus``) as its new name
(``--data``), and an old value (``--format spans``) as the new one (``jsonl``), before
parsing; each old form used prints one line on stderr saying what to write instead. The
old forms appear nowhere in ``--help``: they are not options of the command, only
rewritten into them. The tables of what was renamed are ``RENAMED_OPTIONS`` and
``RENAMED_VALUES`` in ``_options.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["renamed", "rewrite"]


def _warn(old: str, new: str) -> None:
    sys.stderr.write(f"Warning: {old} is deprecated and goes in the next release; use {new}\n")


def rewrite(
    args: Sequence[str],
    options: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]],
) -> list[str]:
    """``args`` with old option names (``options``: old -> new) and old values of an option
    (``values``: option -> {old -> new}) replaced, ``--name=value`` forms included; nothing
    after ``--`` is touched. One warning per old form used."""
    out: list[str] = []
    warned: set[str] = set()

    def note(old: str, new: str) -> None:
        if old not in warned:
            warned.add(old)
            _warn(old, new)

    i = 0
    while i < len(args):
        arg = args[i]
        i += 1
        if arg == "--":
            out.extend(args[i - 1 :])
            break
        name, eq, value = arg.partition("=") if arg.startswith("--") else (arg, "", "")
        if name in options:
            note(name, options[name])
            name = options[name]
        table = values.get(name, {})
        if eq:
            if value in table:
                note(f"{name} {value}", f"{name} {table[value]}")
                value = table[value]
            out.append(f"{name}={value}")
        elif table and i < len(args) and args[i] in table:
            note(f"{name} {args[i]}", f"{name} {table[args[i]]}")
            out += [name, table[args[i]]]
            i += 1
        else:
            out.append(name)
    return out


def renamed(
    command: Any,
    options: Mapping[str, str],
    values: Mapping[str, Mapping[str, str]],
) -> None:
    """Have ``command`` accept the old spellings in ``options`` and ``values``."""
    if not options and not values:
        return
    parse_args = command.parse_args

    def parse_renamed(ctx: Any, args: list[str]) -> list[str]:
        return parse_args(ctx, rewrite(args, options, values))

    command.parse_args = parse_renamed
