"""Known answers for windowing long inputs (pure Python, no torch)."""

import pytest

from nlptk.bert.windows import best_window, token_windows, unit_windows


@pytest.mark.parametrize(
    ("lengths", "budget", "stride", "expected"),
    [
        ([1] * 6, 4, 2, [(0, 4), (2, 6)]),
        ([1] * 3, 4, 2, [(0, 3)]),
        ([2, 2, 2, 2], 4, 0, [(0, 2), (2, 4)]),
        ([9, 1], 4, 2, [(0, 1), (1, 2)]),  # an over-long unit gets its own window
        ([0, 1, 0, 1], 1, 0, [(0, 3), (2, 4)]),  # units with no sub-token ride along
    ],
)
def test_windows_known_answers(lengths, budget, stride, expected):
    windows = unit_windows(lengths, budget, stride)
    assert windows == expected
    covered = {i for s, e in windows for i in range(s, e)}
    assert covered == set(range(len(lengths)))


@pytest.mark.parametrize("n", [1, 50, 257])
def test_windows_cover_every_token_within_budget(n):
    windows = token_windows(n, budget=16, stride=4)
    assert windows[0][0] == 0 and windows[-1][1] == n
    assert all(e - s <= 16 for s, e in windows)
    assert all(b[0] > a[0] and b[0] <= a[1] for a, b in zip(windows, windows[1:], strict=False))


@pytest.mark.parametrize(
    ("windows", "n", "owner"),
    [([(0, 4), (2, 6)], 6, [0, 0, 0, 1, 1, 1]), ([(0, 3)], 3, [0, 0, 0])],
)
def test_windows_best_window_prefers_context(windows, n, owner):
    assert best_window(windows, n) == owner
