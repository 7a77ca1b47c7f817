"""parallel.py: order-keeping parallel map over batches, with a bounded number in flight.

Workers are forked, so they inherit the loaded model (no pickling, no reload); at most
``window`` batches are queued, so a huge input streams instead of being read ahead whole.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

__all__ = ["batched", "imap_ordered"]

T = TypeVar("T")
R = TypeVar("R")

_STATE: Any = None


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def _call(func: Callable[[Any, T], R], batch: T) -> R:
    return func(_STATE, batch)


def imap_ordered(
    func: Callable[[Any, list[T]], R], state: Any, batches: Iterable[list[T]], jobs: int
) -> Iterator[R]:
    """``func(state, batch)`` for each batch, results in input order, on ``jobs`` processes.

    ``func`` must be a module-level function; ``state`` reaches the workers by fork.
    """
    if jobs > 1:  # imported here: it costs a serial run's start-up time for nothing
        import multiprocessing
    if jobs <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for batch in batches:
            yield func(state, batch)
        return
    global _STATE
    _STATE = state
    window = 4 * jobs
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append(pool.apply_async(_call, (func, batch)))
            if len(pending) >= window:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()
