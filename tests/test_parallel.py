"""``nlptk.parallel.imap_ordered``: order kept, errors carried back, a lost worker named (never
a hang), and no more workers than CPUs or batches. Each run has a deadline, so a regression
fails instead of hanging the suite."""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from nlptk.errors import DictFormatError, InputError, NlptkError
from nlptk.parallel import WorkerError, imap_ordered, worker_limit

TWO_WORKERS = pytest.mark.skipif(worker_limit(2) < 2, reason="needs 2 CPUs")


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"no answer in {seconds} s: it hangs")

    old = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def _double(state: int, batch: list[int]) -> list[int]:
    return [state * x for x in batch]


def _die_on(state: int, batch: list[int]) -> list[int]:
    if state in batch:
        os.kill(os.getpid(), signal.SIGKILL)
    return batch


def _pid(state: None, batch: list[int]) -> int:
    return os.getpid()


def _raise(state: Exception, batch: list[int]) -> None:
    raise state


def _siblings(state: None, batch: list[int]) -> int:
    """How many workers the parent has forked so far (this one included)."""
    return len(Path(f"/proc/{os.getppid()}/task/{os.getppid()}/children").read_text().split())


@TWO_WORKERS
def test_parallel_keeps_input_order():
    batches = [[i, i + 1] for i in range(0, 200, 2)]
    with _deadline(60):
        assert list(imap_ordered(_double, 3, iter(batches), jobs=2)) == [
            _double(3, b) for b in batches
        ]


@TWO_WORKERS
def test_parallel_worker_killed_while_busy_is_named_not_waited_for():
    with _deadline(30), pytest.raises(WorkerError) as caught:
        list(imap_ordered(_die_on, 5, ([i] for i in range(20)), jobs=2))
    message = str(caught.value)
    assert re.search(r"-j worker process \d of 2 \(pid \d+\) was killed by SIGKILL", message)
    assert str(os.getpid()) not in message


@TWO_WORKERS
def test_parallel_worker_killed_while_idle_is_named():
    results = imap_ordered(_pid, None, ([i] for i in range(8)), jobs=2)
    with _deadline(30), pytest.raises(WorkerError, match=r"\(pid (\d+)\) was killed by SIGKILL"):
        first = next(results)
        os.kill(first, signal.SIGKILL)
        list(results)


@TWO_WORKERS
@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (InputError("a.txt:3: not valid utf-8"), InputError),
        # its __init__ takes four arguments: it cannot be unpickled, so a plain copy comes back
        (DictFormatError("d.txt", 2, "x y z", "bad frequency"), NlptkError),
        (ZeroDivisionError("boom"), ZeroDivisionError),
    ],
)
def test_parallel_worker_error_is_raised_in_the_parent(error, expected):
    error.hint = "a hint" if isinstance(error, NlptkError) else None
    with _deadline(30), pytest.raises(expected) as caught:
        list(imap_ordered(_raise, error, [[1], [2], [3]], jobs=2))
    assert str(caught.value) == str(error)
    assert getattr(caught.value, "hint", None) == error.hint
    assert "Traceback" in str(caught.value.__cause__)  # the worker's, for NLPTK_DEBUG=1


@TWO_WORKERS
@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_parallel_forks_no_more_workers_than_batches_or_cpus():
    # children the test process already has (a session's live server, say) are not ours
    before = len(Path(f"/proc/{os.getpid()}/task/{os.getpid()}/children").read_text().split())
    with _deadline(60):
        assert list(imap_ordered(_siblings, None, [[1]], jobs=64)) == [before + 1]
        counts = list(imap_ordered(_siblings, None, ([i] for i in range(40)), jobs=64))
    assert max(counts) - before <= len(os.sched_getaffinity(0))


def test_parallel_worker_limit():
    cpus = len(os.sched_getaffinity(0))
    assert worker_limit(1) == 1
    assert worker_limit(1000) == cpus
    assert worker_limit(2) == min(2, cpus)
