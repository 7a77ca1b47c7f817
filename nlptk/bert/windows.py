"""bert: overlapping windows over a long sequence, so BERT sees all of it, never a truncation.

A window is a run of whole units (words or characters) whose sub-tokens fit the model's
length. Consecutive windows overlap by about ``stride`` sub-tokens; each unit's prediction is
then taken from the window where it sits furthest from an edge, i.e. with the most context.
Pure Python, no torch.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["unit_windows", "token_windows", "best_window"]


def unit_windows(lengths: Sequence[int], budget: int, stride: int) -> list[tuple[int, int]]:
    """Windows ``(start, end)`` over units whose sub-token ``lengths`` sum to at most ``budget``.

    A unit longer than the budget gets a window of its own (its sub-tokens are cut there;
    only its first one carries the label). Each window after the first starts so that it
    overlaps the previous one by at most ``stride`` sub-tokens, and always moves forward.

    >>> unit_windows([1, 1, 1, 1, 1, 1], budget=4, stride=2)
    [(0, 4), (2, 6)]
    >>> unit_windows([2, 5, 1], budget=4, stride=1)
    [(0, 1), (1, 2), (2, 3)]
    >>> unit_windows([], budget=4, stride=1)
    [(0, 0)]
    """
    n = len(lengths)
    windows: list[tuple[int, int]] = []
    start = 0
    while True:
        end, used = start, 0
        while end < n and (used + lengths[end] <= budget or end == start):
            used += lengths[end]
            end += 1
        windows.append((start, end))
        if end >= n:
            return windows
        nxt, overlap = end, 0
        while nxt - 1 > start and overlap + lengths[nxt - 1] <= stride:
            nxt -= 1
            overlap += lengths[nxt]
        start = nxt


def token_windows(n_tokens: int, budget: int, stride: int) -> list[tuple[int, int]]:
    """Windows over ``n_tokens`` plain sub-tokens (for classifying a long text).

    >>> token_windows(10, budget=4, stride=1)
    [(0, 4), (3, 7), (6, 10)]
    """
    return unit_windows([1] * n_tokens, budget, stride)


def best_window(windows: Sequence[tuple[int, int]], n_units: int) -> list[int]:
    """For each unit, the index of the window where it is furthest from either edge.

    >>> best_window([(0, 4), (2, 6)], 6)
    [0, 0, 0, 1, 1, 1]
    """
    owner = [0] * n_units
    margin = [-1] * n_units
    for w, (start, end) in enumerate(windows):
        for i in range(start, end):
            m = min(i - start, end - 1 - i)
            if m > margin[i]:
                owner[i], margin[i] = w, m
    return owner
