"""The schema checker every model loader and trainer uses (``nlptk._schema``): known answers
for each spec, and JSON from files that ``json`` alone would accept or crash on."""

from __future__ import annotations

import math

import pytest

from nlptk._schema import (
    MAX_DEPTH,
    Bool,
    Int,
    Json,
    List,
    Map,
    Num,
    Obj,
    Opt,
    SchemaError,
    Str,
    Where,
    check,
    check_params,
    loads,
)
from nlptk.artifacts import read_json
from nlptk.errors import InputError, ModelFormatError

SPEC = Obj(
    {
        "alpha": Num(above=0.0),
        "n": Int(lo=1, hi=9),
        "on": Bool(),
        "lang": Str(choices=("zh", "en")),
        "labels": List(Str(nonempty=True), min_len=1, unique=True),
        "extra": Opt(Map(Num())),
        "pair": Where(List(Int(), min_len=2, max_len=2), lambda r: r[0] <= r[1], "lo <= hi"),
    },
    optional=("extra", "pair"),
)
GOOD = {"alpha": 0.5, "n": 3, "on": True, "lang": "zh", "labels": ["O"]}


@pytest.mark.parametrize(
    ("edit", "where", "reason"),
    [
        ({"alpha": math.nan}, "alpha", "expected a finite number > 0, got nan"),
        ({"alpha": math.inf}, "alpha", "expected a finite number > 0, got inf"),
        ({"alpha": 0}, "alpha", "expected a finite number > 0, got 0"),
        ({"alpha": "0.5"}, "alpha", "expected a finite number > 0, got '0.5'"),
        ({"n": True}, "n", "expected an integer >= 1 and <= 9, got true"),
        ({"n": 1.0}, "n", "expected an integer >= 1 and <= 9, got 1.0"),
        ({"n": 10}, "n", "expected an integer >= 1 and <= 9, got 10"),
        ({"on": 1}, "on", "expected true or false, got 1"),
        ({"lang": "fr"}, "lang", "expected one of 'zh', 'en', got 'fr'"),
        ({"labels": "OBIES"}, "labels", "got 'OBIES'"),
        ({"labels": ["O", ""]}, "labels[1]", "expected a non-empty string, got ''"),
        ({"labels": ["O", "O"]}, "labels", "repeated entries"),
        ({"labels": []}, "labels", "got []"),
        ({"extra": {"a": "b"}}, "extra.a", "expected a finite number, got 'b'"),
        ({"extra": [1]}, "extra", "expected null or an object"),
        ({"pair": [2, 1]}, "pair", "lo <= hi, got [2, 1]"),
        ({"other": 1}, "other", "unknown field"),
    ],
)
def test_schema_names_the_field_and_what_it_wanted(edit, where, reason):
    with pytest.raises(SchemaError) as info:
        check({**GOOD, **edit}, SPEC)
    assert info.value.where == where
    assert reason in info.value.reason


@pytest.mark.parametrize("value", [GOOD, {**GOOD, "extra": None, "pair": [1, 1]}])
def test_schema_accepts_the_declared_shape(value):
    check(value, SPEC)


def test_schema_missing_required_field():
    with pytest.raises(SchemaError, match="n: missing"):
        check({k: v for k, v in GOOD.items() if k != "n"}, SPEC)


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900])
def test_schema_json_depth_is_bounded_without_recursion(depth):
    value: list = []
    for _ in range(depth):
        value = [value]
    with pytest.raises(SchemaError, match=f"nested more than {MAX_DEPTH} deep"):
        check({"doc": value}, Obj({"doc": Json()}))


@pytest.mark.parametrize(
    "text", ["[" * 200_000 + "]" * 200_000, '{"a": NaN}', '{"a": -Infinity}', '{"a": 1e400}']
)
def test_schema_loads_refuses_what_is_not_json(text):
    with pytest.raises(ValueError):
        loads(text)


@pytest.mark.parametrize(
    "text", ["[" * 200_000 + "]" * 200_000, '{"a": NaN}', '{"x": 1e999}', "[1]", "{"]
)
def test_schema_read_json_model_file_errors(tmp_path, text):
    path = tmp_path / "meta.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ModelFormatError, match="meta.json"):
        read_json(path)


def test_schema_check_params_is_an_input_error():
    with pytest.raises(InputError, match="hyper-parameter alpha: expected a finite number > 0"):
        check_params({**GOOD, "alpha": math.nan}, SPEC)
