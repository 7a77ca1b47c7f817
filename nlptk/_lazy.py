"""Lazy public names for a package's ``__init__``, so importing a package stays cheap.

A capability's ``__init__`` lists its public names and the module each lives in; the module
is imported on first use. ``import nlptk.ner`` then costs nothing until a name is used, and
``nlptk segment`` never pays for the imports of NER or sentiment. ``lazy_dir`` makes
``dir(package)`` (and so tab completion) list those names although none is loaded yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from importlib import import_module
from typing import Any

__all__ = ["lazy_getattr", "lazy_dir"]


def lazy_getattr(package: str, home: dict[str, str]) -> Callable[[str], Any]:
    """A module ``__getattr__`` resolving ``name`` from ``package.home[name]`` on first use."""

    def __getattr__(name: str) -> Any:
        if name in home:
            return getattr(import_module(f"{package}.{home[name]}"), name)
        raise AttributeError(f"module {package!r} has no attribute {name!r}")

    return __getattr__


def lazy_dir(public: Iterable[str]) -> Callable[[], list[str]]:
    """A module ``__dir__`` listing the package's public names (its ``__all__``), sorted."""
    names = sorted(set(public))

    def __dir__() -> list[str]:
        return list(names)

    return __dir__
