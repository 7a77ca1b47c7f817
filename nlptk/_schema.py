"""shared: declared shapes of JSON-like values (model files, hyper-parameters), checked before use.

A model file is data from anywhere: a loader that reads ``meta["params"]["alpha"]`` without
looking first fails with an ``AttributeError`` when ``params`` is a list, or worse, computes
with ``NaN``. Each loader declares what it reads with the specs below and calls ``check``
once; the first mismatch is a ``SchemaError`` naming the field (``params.alpha``,
``labels[3]``), which the caller turns into its own error with the file name in front
(``ModelFormatError``) or the option name (``InputError``). Training validates its
hyper-parameters with the same specs, so a value a trainer accepts is one its loader reads.

Numbers are finite (``NaN`` and infinities are not JSON, and no hyper-parameter wants
them), ``bool`` is not an ``int``, and nesting is bounded (``MAX_DEPTH``) without recursion
in the caller's stack.

>>> spec = Obj({"alpha": Num(above=0), "labels": List(Str(nonempty=True), min_len=1)})
>>> check({"alpha": 0.5, "labels": ["O"]}, spec)
>>> check({"alpha": float("nan"), "labels": ["O"]}, spec)
Traceback (most recent call last):
...
nlptk._schema.SchemaError: alpha: expected a finite number > 0, got nan
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Collection, Mapping
from typing import Any

from nlptk.errors import InputError

__all__ = [
    "MAX_DEPTH",
    "SchemaError",
    "Spec",
    "Str",
    "Int",
    "Num",
    "Bool",
    "Opt",
    "List",
    "Map",
    "Obj",
    "Json",
    "Where",
    "check",
    "check_params",
    "loads",
]

#: Deepest nesting of lists and objects any model file may have (ours use four levels).
MAX_DEPTH = 64


class SchemaError(ValueError):
    """A value does not have its declared shape: ``where`` is the field's path."""

    def __init__(self, where: str, reason: str) -> None:
        self.where, self.reason = where, reason
        super().__init__(f"{where}: {reason}" if where else reason)


def _show(value: Any) -> str:
    """A short description of a value for an error message (long strings cut)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:40] + "…")
    if isinstance(value, (list, tuple)):
        shown = repr(list(value))
        return shown if len(shown) <= 40 else f"a list of {len(value)}"
    if isinstance(value, Mapping):
        return "an object"
    return repr(value)


def _field(where: str, key: object) -> str:
    return f"{where}.{key}" if where else str(key)


class Spec:
    """A declared shape: ``check`` raises ``SchemaError`` for a value without it."""

    def check(self, value: Any, where: str) -> None:
        raise NotImplementedError

    def describe(self) -> str:
        raise NotImplementedError

    def fail(self, value: Any, where: str) -> SchemaError:
        return SchemaError(where, f"expected {self.describe()}, got {_show(value)}")

    def ok(self, value: Any) -> bool:
        """Whether ``check`` passes, cheaply: containers test their items with it and call
        ``check`` only on the first that fails, for its message."""
        try:
            self.check(value, "")
        except SchemaError:
            return False
        return True


def _first_bad(spec: Spec, items: Any) -> Any:
    """The first ``(key, value)`` of ``items`` that ``spec`` does not accept, or ``None``.
    Strings (vocabularies of 50,000 features) are tested inline, without a call each."""
    if type(spec) is Str and spec.choices is None and not spec.max_len:
        if spec.nonempty:
            return next(((k, v) for k, v in items if type(v) is not str or not v), None)
        return next(((k, v) for k, v in items if type(v) is not str), None)
    ok = spec.ok
    return next(((k, v) for k, v in items if not ok(v)), None)


class Str(Spec):
    """A string; ``choices`` limits it to those values."""

    def __init__(
        self, choices: Collection[str] | None = None, nonempty: bool = False, max_len: int = 0
    ) -> None:
        self.choices, self.nonempty, self.max_len = choices, nonempty, max_len

    def describe(self) -> str:
        if self.choices is not None:
            return "one of " + ", ".join(repr(c) for c in self.choices)
        return "a non-empty string" if self.nonempty else "a string"

    def ok(self, value: Any) -> bool:
        return (
            type(value) is str
            and (self.choices is None or value in self.choices)
            and (not self.nonempty or bool(value))
            and (not self.max_len or len(value) <= self.max_len)
        )

    def check(self, value: Any, where: str) -> None:
        if type(value) is not str:
            raise self.fail(value, where)
        if self.choices is not None and value not in self.choices:
            raise self.fail(value, where)
        if self.nonempty and not value:
            raise self.fail(value, where)
        if self.max_len and len(value) > self.max_len:
            raise SchemaError(where, f"a string of at most {self.max_len} characters expected")


def _bounds(lo: float | None, hi: float | None, above: float | None) -> str:
    parts = []
    if above is not None:
        parts.append(f"> {above:g}")
    if lo is not None:
        parts.append(f">= {lo:g}")
    if hi is not None:
        parts.append(f"<= {hi:g}")
    return " and ".join(parts)


class Int(Spec):
    """An integer (not a bool) in ``[lo, hi]``."""

    def __init__(self, lo: int | None = None, hi: int | None = None) -> None:
        self.lo, self.hi = lo, hi

    def describe(self) -> str:
        bounds = _bounds(self.lo, self.hi, None)
        return f"an integer {bounds}" if bounds else "an integer"

    def ok(self, value: Any) -> bool:
        return (
            type(value) is int
            and (self.lo is None or value >= self.lo)
            and (self.hi is None or value <= self.hi)
        )

    def check(self, value: Any, where: str) -> None:
        if type(value) is not int:
            raise self.fail(value, where)
        if (self.lo is not None and value < self.lo) or (self.hi is not None and value > self.hi):
            raise self.fail(value, where)


class Num(Spec):
    """A finite number (an int counts, a bool does not) in ``[lo, hi]``, ``> above``."""

    def __init__(
        self, lo: float | None = None, hi: float | None = None, above: float | None = None
    ) -> None:
        self.lo, self.hi, self.above = lo, hi, above

    def describe(self) -> str:
        bounds = _bounds(self.lo, self.hi, self.above)
        return f"a finite number {bounds}" if bounds else "a finite number"

    def ok(self, value: Any) -> bool:
        return (
            type(value) in (int, float)
            and math.isfinite(value)
            and (self.lo is None or value >= self.lo)
            and (self.hi is None or value <= self.hi)
            and (self.above is None or value > self.above)
        )

    def check(self, value: Any, where: str) -> None:
        if type(value) not in (int, float) or not math.isfinite(value):
            raise self.fail(value, where)
        if (
            (self.lo is not None and value < self.lo)
            or (self.hi is not None and value > self.hi)
            or (self.above is not None and value <= self.above)
        ):
            raise self.fail(value, where)


class Bool(Spec):
    """``true`` or ``false`` (not 0 or 1)."""

    def describe(self) -> str:
        return "true or false"

    def check(self, value: Any, where: str) -> None:
        if type(value) is not bool:
            raise self.fail(value, where)


class Opt(Spec):
    """``null`` or ``spec``."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def describe(self) -> str:
        return f"null or {self.spec.describe()}"

    def check(self, value: Any, where: str) -> None:
        if value is None:
            return
        try:
            self.spec.check(value, where)
        except SchemaError as exc:
            if exc.where == where and exc.reason.startswith("expected "):
                raise self.fail(value, where) from None  # the value itself: say null is too
            raise


class List(Spec):
    """A list (a tuple counts: hyper-parameters arrive as tuples) of ``item``."""

    def __init__(
        self,
        item: Spec,
        min_len: int = 0,
        max_len: int | None = None,
        unique: bool = False,
    ) -> None:
        self.item, self.min_len, self.max_len, self.unique = item, min_len, max_len, unique

    def describe(self) -> str:
        if self.max_len == self.min_len:
            size = f"{self.min_len} "
        elif self.max_len is not None:
            size = f"{self.min_len} to {self.max_len} "
        else:
            size = f"at least {self.min_len} " if self.min_len else ""
        return f"a list of {size}{'distinct ' if self.unique else ''}({self.item.describe()})"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, (list, tuple)):
            raise self.fail(value, where)
        if len(value) < self.min_len or (self.max_len is not None and len(value) > self.max_len):
            raise self.fail(value, where)
        bad = _first_bad(self.item, enumerate(value))
        if bad is not None:
            self.item.check(bad[1], f"{where}[{bad[0]}]")
        if self.unique and len(set(value)) != len(value):
            raise SchemaError(where, "repeated entries")


class Map(Spec):
    """An object with any keys (each ``key``), every value ``value``."""

    def __init__(self, value: Spec, key: Str | None = None) -> None:
        self.value, self.key = value, key

    def describe(self) -> str:
        return (
            "an object" if type(self.value) is Json else f"an object of ({self.value.describe()})"
        )

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, Mapping):
            raise self.fail(value, where)
        if self.key is not None:
            bad = _first_bad(self.key, ((k, k) for k in value))
            if bad is not None:
                self.key.check(bad[0], f"{where} key")
        bad = _first_bad(self.value, value.items())
        if bad is not None:
            self.value.check(bad[1], _field(where, bad[0]))


class Json(Spec):
    """Any JSON value (documentation: data cards, metrics) nested at most ``MAX_DEPTH``
    deep, numbers finite. Walked with a stack, not recursion."""

    def describe(self) -> str:
        return "a JSON value"

    def check(self, value: Any, where: str) -> None:
        stack = [(value, 0)]
        while stack:
            v, depth = stack.pop()
            if depth > MAX_DEPTH:
                raise SchemaError(where, f"nested more than {MAX_DEPTH} deep")
            if isinstance(v, Mapping):
                stack.extend((x, depth + 1) for x in v.values())
            elif isinstance(v, (list, tuple)):
                stack.extend((x, depth + 1) for x in v)
            elif isinstance(v, float) and not math.isfinite(v):
                raise SchemaError(where, f"{v} is not a JSON number")


class Obj(Spec):
    """An object with the declared ``fields`` (all required but those in ``optional``);
    keys not declared must match ``extra`` (``None``: no other key is allowed)."""

    def __init__(
        self,
        fields: Mapping[str, Spec],
        optional: Collection[str] = (),
        extra: Spec | None = None,
    ) -> None:
        self.fields, self.optional, self.extra = dict(fields), frozenset(optional), extra

    def describe(self) -> str:
        return "an object"

    def check(self, value: Any, where: str) -> None:
        if not isinstance(value, Mapping):
            raise self.fail(value, where)
        for key, spec in self.fields.items():
            if key in value:
                spec.check(value[key], _field(where, key))
            elif key not in self.optional:
                raise SchemaError(_field(where, key), "missing")
        for key in value.keys() - self.fields.keys():
            if self.extra is None:
                known = ", ".join(self.fields)
                raise SchemaError(_field(where, key), f"unknown field (known: {known})")
            self.extra.check(value[key], _field(where, key))


class Where(Spec):
    """``spec``, then ``test(value)`` must hold (``reason`` says what it wants)."""

    def __init__(self, spec: Spec, test: Callable[[Any], bool], reason: str) -> None:
        self.spec, self.test, self.reason = spec, test, reason

    def describe(self) -> str:
        return f"{self.spec.describe()} ({self.reason})"

    def ok(self, value: Any) -> bool:
        return self.spec.ok(value) and bool(self.test(value))

    def check(self, value: Any, where: str) -> None:
        self.spec.check(value, where)
        if not self.test(value):
            raise SchemaError(where, f"{self.reason}, got {_show(value)}")


def check(value: Any, spec: Spec, where: str = "") -> None:
    """Raise ``SchemaError`` unless ``value`` has the shape ``spec`` declares."""
    spec.check(value, where)


def check_params(params: Mapping[str, Any], spec: Spec) -> None:
    """Hyper-parameters given to a trainer: a value ``spec`` does not allow (``NaN``, out
    of range, the wrong type) is an ``InputError`` naming it, before any work is done."""
    try:
        spec.check(params, "")
    except SchemaError as exc:
        raise InputError(f"hyper-parameter {exc}") from None


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is out of range for a number")
    return value


def loads(text: str | bytes) -> Any:
    """``json.loads`` for data from files: ``NaN``/``Infinity`` and numbers out of range
    (``1e400``) refused, and nesting too deep for the parser (it recurses) a ``ValueError``
    like any other bad JSON."""
    try:
        return json.loads(text, parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise ValueError("nested too deep") from None
