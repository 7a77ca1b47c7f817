"""readers: the project's one split rule for a line-ordered corpus without an official split —
the first 90% of its non-empty lines (sentences, documents) train, the last 10% test."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from nlptk.errors import InputError

__all__ = ["SPLITS", "check_split", "n_train", "take_split"]

#: ``--split`` choices: everything, the training part, the test part.
SPLITS = ("all", "train", "test")

T = TypeVar("T")


def check_split(split: str) -> None:
    """Raise ``InputError`` for a ``--split`` value that is not one of ``SPLITS``."""
    if split not in SPLITS:
        raise InputError(f"unknown split {split!r}; choose one of {', '.join(SPLITS)}")


def n_train(n: int) -> int:
    """How many of ``n`` items train: 90%, rounded down, in integer arithmetic.

    >>> n_train(19484), n_train(10), n_train(1)
    (17535, 9, 0)
    """
    return 9 * n // 10


def take_split(items: Sequence[T], split: str) -> Sequence[T]:
    """``items`` restricted to ``split`` (``all``, the first 90%, or the last 10%).

    >>> take_split(list(range(10)), "test")
    [9]
    """
    check_split(split)
    if split == "all":
        return items
    k = n_train(len(items))
    return items[:k] if split == "train" else items[k:]
