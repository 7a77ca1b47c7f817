"""pipeline: words and entities made to agree — each word that an entity edge falls inside
is split at the edge, so every entity starts and ends on a word boundary.

A pure kernel over character spans; the pipeline retags the pieces it makes.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence

__all__ = ["split_at_edges"]

Span = tuple[int, int]


def split_at_edges(tokens: Sequence[Span], edges: Iterable[int]) -> tuple[list[Span], list[int]]:
    """``tokens`` (in order, not overlapping) with each one cut at every edge strictly
    inside it, and for each resulting span the index of the token it came from (``-1``
    marks a piece of a cut token).

    >>> split_at_edges([(0, 1), (1, 4), (4, 5)], [1, 3, 5])
    ([(0, 1), (1, 3), (3, 4), (4, 5)], [0, -1, -1, 2])
    >>> split_at_edges([(0, 2)], [0, 2])
    ([(0, 2)], [0])
    """
    cuts = sorted(set(edges))
    out: list[Span] = []
    origin: list[int] = []
    for i, (start, end) in enumerate(tokens):
        lo, hi = bisect_right(cuts, start), bisect_left(cuts, end)
        if lo >= hi:  # no edge inside: the common case
            out.append((start, end))
            origin.append(i)
            continue
        bounds = [start, *cuts[lo:hi], end]
        out += zip(bounds, bounds[1:], strict=False)
        origin += [-1] * (len(bounds) - 1)
    return out, origin
