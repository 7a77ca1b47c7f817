"""cli: option values passed through without pydantic where they are already plain.

typer 0.28+ coerces every parameter value through a pydantic ``TypeAdapter`` built when the
command runs; importing pydantic (and its plugin scan of every installed distribution) and
building the adapters cost more than the rest of ``nlptk segment``'s cold start. A value that
already is what the adapter would return — a str for a str option, a listed choice, an int
in range, a list of str — is returned as is here; any other value goes to typer's own
coercion, so its conversions and error messages are unchanged. With a typer that lacks these
internals, ``lean`` leaves the command alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, build_runtime_param
    from typer._typing import is_literal_type, literal_values
except ImportError:  # an older or newer typer: its own coercion serves
    RuntimeParam = None

__all__ = ["lean"]

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
        return value if type(value) is str and value in literal_values(annotation) else _NO
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
