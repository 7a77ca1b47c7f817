"""parallel.py: order-keeping parallel map over batches on forked worker processes (``-j N``).

Workers are forked, so they inherit the loaded model (no pickling, no reload). Each worker
has a pipe of its own and holds one batch at a time, which is what makes failure plain:

- a worker that dies (the OOM killer, ``kill -9``) closes its pipe, so the parent sees at
  once which worker was lost and raises ``WorkerError`` instead of waiting for ever for a
  result that cannot come (``multiprocessing.Pool`` hangs there);
- workers ignore SIGINT: Ctrl-C reaches the whole process group, and the parent alone
  answers it, stopping the workers, so there is no traceback per worker;
- a worker is forked only when a batch waits and every worker is busy, and never more than
  there are CPUs: ``-j 1000`` on a 4-line file forks one.

At most ``4 * workers`` batches are read ahead of the output, so a huge input streams. Workers
end with ``os._exit``: a normal exit would flush the parent's stdout buffer a second time.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import TYPE_CHECKING, Any, TypeVar

from nlptk.errors import NlptkError

if TYPE_CHECKING:  # imported where workers start: a serial run would pay for it for nothing
    from multiprocessing.connection import Connection

__all__ = ["WorkerError", "batched", "imap_ordered", "worker_limit"]

T = TypeVar("T")
R = TypeVar("R")


class WorkerError(NlptkError):
    """A worker process died (killed by a signal, out of memory): its batch is lost."""


class _RemoteTraceback(Exception):
    """A worker's traceback, chained under the exception it sent (shown with NLPTK_DEBUG=1)."""

    def __str__(self) -> str:
        return str(self.args[0])


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of ``size`` items (the last may be shorter)."""
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def worker_limit(jobs: int) -> int:
    """How many workers ``jobs`` may fork: no more than the CPUs this process may run on
    (more only add forks and memory); 1 means no worker at all."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cpus = os.cpu_count() or 1
    return max(1, min(jobs, cpus)) if hasattr(os, "fork") else 1


def imap_ordered(
    func: Callable[[Any, list[T]], R], state: Any, batches: Iterable[list[T]], jobs: int
) -> Iterator[R]:
    """``func(state, batch)`` for each batch, results in input order, on up to ``jobs``
    processes (``worker_limit``); in this process when that is one.

    ``state`` reaches the workers by fork. An exception ``func`` raises in a worker is
    raised here; a worker that dies raises ``WorkerError`` naming it.
    """
    limit = worker_limit(jobs)
    if limit <= 1:
        for batch in batches:
            yield func(state, batch)
        return
    pool = _Workers(func, state, limit)
    window = 4 * limit
    done: dict[int, R] = {}
    read = written = 0
    source = iter(batches)
    more = True
    try:
        while True:
            while more and read < written + window and pool.available(done):
                batch = next(source, _END)
                if batch is _END:
                    more = False
                    break
                pool.submit(read, batch)
                read += 1
            while written in done:
                yield done.pop(written)
                written += 1
            if written == read:  # then a worker is free for what is left, if anything is
                if not more:
                    break
                continue
            done.update(pool.collect(timeout=None))
        pool.finish()
    finally:
        pool.stop()


_END: Any = object()


@dataclass(eq=False)
class _Worker:
    number: int
    pid: int
    tasks: Connection  # parent -> worker: one batch at a time
    results: Connection  # worker -> parent: (ok, result or (exception, traceback))
    index: int = -1  # the batch it holds
    status: int | None = None  # from waitpid, once it has ended


class _Workers:
    """The forked workers of one ``imap_ordered`` run."""

    def __init__(self, func: Callable[[Any, Any], Any], state: Any, limit: int) -> None:
        self.func, self.state, self.limit = func, state, limit
        self.workers: list[_Worker] = []
        self.idle: list[_Worker] = []
        self.busy: dict[Connection, _Worker] = {}

    def available(self, done: dict[int, Any]) -> bool:
        """Whether a batch can be handed out now; takes in finished results first, so an
        idle worker is reused before another is forked."""
        if not self.idle and self.busy:
            done.update(self.collect(timeout=0))
        return bool(self.idle) or len(self.workers) < self.limit

    def submit(self, index: int, batch: Any) -> None:
        worker = self.idle.pop() if self.idle else self._fork()
        worker.index = index
        try:
            worker.tasks.send(batch)
        except OSError:  # it died while idle; a BrokenPipeError must not pass for stdout's
            raise self._lost(worker) from None
        self.busy[worker.results] = worker

    def collect(self, timeout: float | None) -> list[tuple[int, Any]]:
        """``(index, result)`` of the workers that have finished (waiting up to ``timeout``)."""
        from multiprocessing.connection import wait

        finished = []
        for conn in wait(list(self.busy), timeout):
            worker = self.busy.pop(conn)  # type: ignore[call-overload]
            try:
                ok, value = worker.results.recv()
            except (EOFError, OSError):
                raise self._lost(worker) from None
            if not ok:
                exc, remote = value
                raise exc from _RemoteTraceback(remote)
            finished.append((worker.index, value))
            self.idle.append(worker)
        return finished

    def finish(self) -> None:
        """End every worker by closing its pipe; one that had died is an error even though
        its work was done, so a lost worker never passes unnoticed."""
        for worker in self.workers:
            worker.tasks.close()
        for worker in self.workers:
            self._reap(worker)
            if worker.status != 0:
                raise self._lost(worker)

    def stop(self) -> None:
        """Kill and reap whatever is left (after an error, Ctrl-C, or a reader gone away)."""
        for worker in self.workers:
            worker.tasks.close()
            worker.results.close()
            if worker.status is None:  # unreaped, so at worst a zombie: kill cannot miss
                os.kill(worker.pid, signal.SIGKILL)
                self._reap(worker)

    def _reap(self, worker: _Worker) -> None:
        if worker.status is None:
            worker.status = os.waitpid(worker.pid, 0)[1]

    def _lost(self, worker: _Worker) -> WorkerError:
        self._reap(worker)
        status = worker.status or 0
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            how = f"was killed by {signal.Signals(number).name}"
            if number == signal.SIGKILL:
                how += " (out of memory? try a smaller -j)"
        else:
            how = f"exited with status {os.waitstatus_to_exitcode(status)}"
        return WorkerError(
            f"-j worker process {worker.number} of {self.limit} (pid {worker.pid}) {how}; "
            "its lines are lost, so the run stops"
        )

    def _fork(self) -> _Worker:
        from multiprocessing.connection import Connection

        task_read, task_write = os.pipe()
        result_read, result_write = os.pipe()
        # SIGINT stays blocked until the child ignores it: a Ctrl-C in between reaches the
        # parent only, as it should.
        mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            try:
                pid = os.fork()
            except OSError as exc:
                for fd in (task_read, task_write, result_read, result_write):
                    os.close(fd)
                raise WorkerError(
                    f"cannot start -j worker process {len(self.workers) + 1}: {exc.strerror or exc}"
                ) from None
            if pid == 0:
                _child(
                    self.func,
                    self.state,
                    task_read,
                    result_write,
                    [task_write, result_read]
                    + [fd for w in self.workers for fd in (w.tasks.fileno(), w.results.fileno())],
                    mask,
                )
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        os.close(task_read)
        os.close(result_write)
        worker = _Worker(
            len(self.workers) + 1,
            pid,
            Connection(task_write, readable=False),
            Connection(result_read, writable=False),
        )
        self.workers.append(worker)
        return worker


def _child(
    func: Callable[[Any, Any], Any],
    state: Any,
    tasks_fd: int,
    results_fd: int,
    parent_fds: list[int],
    mask: Any,
) -> None:
    """A worker's life: answer batches until the parent closes the pipe, then ``_exit``.

    It closes the parent's ends of every pipe, so that its own death is seen (its result
    pipe has no other writer) and the parent's death ends it (its task pipe no other).
    """
    from multiprocessing.connection import Connection
    from traceback import format_exception

    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
        for fd in parent_fds:
            os.close(fd)
        tasks = Connection(tasks_fd, writable=False)
        results = Connection(results_fd, readable=False)
        while True:
            try:
                batch = tasks.recv()
            except EOFError:
                break
            try:
                reply = (True, func(state, batch))
            except Exception as exc:  # noqa: BLE001 - sent to the parent, which raises it
                reply = (False, (_portable(exc), "".join(format_exception(exc))))
            results.send(reply)
        code = 0
    finally:
        os._exit(code)


def _portable(exc: Exception) -> Exception:
    """``exc`` if it survives pickling (an error whose ``__init__`` takes other arguments
    than its message does not), else a plain error with the same message and hint."""
    import pickle

    try:
        pickle.loads(pickle.dumps(exc))
        return exc
    except Exception:  # noqa: BLE001 - any failure to pickle means: send a plain copy
        if isinstance(exc, NlptkError):
            plain = NlptkError(str(exc))
            plain.hint = exc.hint
            return plain
        return RuntimeError(f"{type(exc).__name__}: {exc}")
