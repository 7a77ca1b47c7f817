"""cli: how parameters are parsed and shown — values passed through without pydantic where
they are already plain, a bad choice named with the choices, and help that reads like a
manual.

typer 0.28+ coerces every parameter value through a pydantic ``TypeAdapter`` built when the
command runs; importing pydantic (and its plugin scan of every installed distribution) and
building the adapters cost more than the rest of ``nlptk segment``'s cold start. A value that
already is what the adapter would return — a str for a str option, a listed choice, an int
in range, a list of str — is returned as is here; any other value goes to typer's own
coercion, so its conversions and error messages are unchanged. With a typer that lacks these
internals, ``lean`` leaves the command alone.

A value outside an option's choices is a usage error naming them (``'x' is not one of
accurate|full|search``). ``manual`` makes ``--help`` show choices as ``[a|b|c]``, a value as
its metavar (``FILE``, ``N``) and a flag as nothing, where typer shows Python types
(``<str>``, ``<bool>``, ``<int range> [x>=1]``).

Old option spellings and values keep working for one release (``renamed``): a command reads an
old spelling (``--corpus``) as its new name (``--data``), and an old value (``--format
spans``) as the new one (``jsonl``), before parsing; each old form used prints one line on
stderr saying what to write instead. The old forms appear nowhere in ``--help``: they are not
options of the command, only rewritten into them. The tables of what was renamed are
``RENAMED_OPTIONS`` and ``RENAMED_VALUES`` in ``_options.py``.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, get_args, get_origin

import typer

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._typing import is_literal_type, literal_values
except ImportError:  # an older or newer typer: its own coercion serves
    RuntimeParam = None

__all__ = ["lean", "manual", "choices_text", "renamed", "rewrite"]

_NO = object()


def _plain(annotation: Any, info: Any, value: Any) -> Any:
    """``value`` as typer's adapter would return it, or ``_NO`` when that takes real work."""
    if getattr(info, "parser", None) is not None:
        return _NO
    if annotation is str or annotation is bool:
        return value if type(value) is annotation else _NO
    if annotation is int:
        if type(value) is str and value.isascii() and value.isdigit():
            value = int(value)
        low, high = getattr(info, "min", None), getattr(info, "max", None)
        in_range = (low is None or value >= low) and (high is None or value <= high)
        return value if type(value) is int and in_range else _NO
    if is_literal_type(annotation):
        choices = literal_values(annotation)
        if type(value) is str and value not in choices:
            raise typer.BadParameter(f"{value!r} is not one of {choices_text(choices)}")
        return value if type(value) is str else _NO
    if get_origin(annotation) is list and get_args(annotation) == (str,):
        ok = isinstance(value, (list, tuple)) and all(type(v) is str for v in value)
        return list(value) if ok else _NO
    return _NO


if RuntimeParam is not None:

    @dataclass(frozen=True)
    class _Lean(RuntimeParam):
        """Plain values through, the rest to the runtime param typer would have built."""

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            plain = _plain(self.annotation, self.parameter_info, value)
            if plain is not _NO:
                return plain
            return build_runtime_param(param.type_descriptor)._coerce_value(value, param, ctx)


def _lean_param(param: Any) -> None:
    desc = getattr(param, "type_descriptor", None)
    if desc is not None and getattr(param, "_runtime_param", False) is None:
        param._runtime_param = _Lean(parameter_info=desc.parameter_info, annotation=desc.annotation)


def lean(command: Any) -> None:
    """Give each parameter of ``command`` the pass-through above, the help option included
    (click makes that one on first use)."""
    if RuntimeParam is None:
        return
    for param in command.params:
        _lean_param(param)
    make_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        if option is not None:
            _lean_param(option)
        return option

    command.get_help_option = get_help_option


def choices_text(choices: Any) -> str:
    """Choices as help and errors show them: ``a|b|c``."""
    return "|".join(str(c) for c in choices)


#: How a value of each type is shown in help, where the option declares no metavar.
_METAVARS = {str: "TEXT", int: "N", float: "NUMBER"}


def _shown(param: Any) -> str | None:
    """What ``--help`` shows after an option's names: ``[a|b|c]`` for choices, the metavar
    (or a plain word for the type) for a value, nothing for a flag or an argument (an
    argument's metavar is its name)."""
    desc = getattr(param, "type_descriptor", None)
    if desc is None or desc.annotation is bool or param.param_type_name == "argument":
        return None
    if desc.is_choice:
        return f"[{choices_text(desc.choices)}]"
    if param.metavar:
        return param.metavar
    annotation = desc.annotation
    if get_origin(annotation) is list:
        (annotation,) = get_args(annotation)
    return _METAVARS.get(annotation, "VALUE")


def _manual_param(param: Any) -> None:
    shown = _shown(param)
    param.display_type = param.display_type_rich = lambda ctx: shown
    param._get_number_range_help_str = lambda: None


def manual(command: Any) -> None:
    """Show ``command``'s parameters as a manual does (see the module docstring), the help
    option included."""
    for param in command.params:
        _manual_param(param)
    make_help_option = command.get_help_option

    def get_help_option(ctx: Any) -> Any:
        option = make_help_option(ctx)
        if option is not None:
            _manual_param(option)
        return option

    command.get_help_option = get_help_option


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
