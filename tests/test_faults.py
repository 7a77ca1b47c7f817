"""Fault injection on real ``python -m nlptk`` processes: a ``-j`` worker killed (the OOM
killer's ``kill -9``), Ctrl-C with and without ``-j``, a full disk.

Whatever happens, a command ends with one line on stderr and the documented exit code, leaves
no temporary file and no worker behind, and never hangs: every wait has a deadline, so a
regression fails here instead of stalling the suite. A process is interrupted only once it
is known to be at work: it has drained the lines written to its stdin (which stays open),
opened its ``-o`` temporary file, and, under ``-j``, forked a worker.
"""

from __future__ import annotations

import fcntl
import os
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

from nlptk.parallel import worker_limit

ROOT = Path(__file__).resolve().parents[1]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
ENV.pop("NLPTK_DEBUG", None)
#: Enough lines to fill a first batch of every command (ner batches 256 lines), few enough
#: to sit in a pipe's buffer (64 KiB) so that writing them never blocks.
LINES = "我来到北京清华大学，他说今天天气很好。He went to Paris.\n".encode() * 300
DEADLINE = 30  # seconds; a healthy case takes one or two

JOB_COMMANDS = [["segment"], ["ner"], ["pos"], ["sentiment"], ["analyze"]]  # every command with -j

pytestmark = pytest.mark.skipif(
    not Path(f"/proc/{os.getpid()}/task").is_dir(), reason="needs Linux /proc"
)
TWO_WORKERS = pytest.mark.skipif(worker_limit(2) < 2, reason="-j 2 forks workers on 2 CPUs")


def _start(
    cwd: Path, args: list[str], stdout: int | object = subprocess.DEVNULL
) -> subprocess.Popen:
    """The command in a session of its own, as a shell job is, with its stdin left open."""
    return subprocess.Popen(
        [sys.executable, "-m", "nlptk", *args],
        cwd=cwd,
        env=ENV,
        stdin=subprocess.PIPE,
        stdout=stdout,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def _children(pid: int) -> list[int]:
    """The running children of ``pid``: its workers."""
    try:
        pids = [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []
    return [p for p in pids if _alive(p)]


def _alive(pid: int) -> bool:
    """Running (a zombie waiting for a reaper does not count)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _unread(proc: subprocess.Popen) -> int:
    """Bytes written to the process's stdin that it has not read yet."""
    raw = fcntl.ioctl(proc.stdin.fileno(), termios.FIONREAD, b"\0\0\0\0")
    return struct.unpack("i", raw)[0]


def _temp_files(cwd: Path) -> list[str]:
    return [p.name for p in cwd.glob(".out.txt.*.tmp")]


def _at_work(proc: subprocess.Popen, cwd: Path, jobs: bool, output: bool = True) -> list[int]:
    """Feed ``LINES`` and wait until the process is at work on them; its workers."""
    proc.stdin.write(LINES)
    proc.stdin.flush()
    end = time.monotonic() + DEADLINE
    while time.monotonic() < end:
        if proc.poll() is not None:
            pytest.fail(f"ended early ({proc.returncode}): {proc.stderr.read().decode()}")
        workers = _children(proc.pid)
        if _unread(proc) == 0 and (_temp_files(cwd) or not output) and (workers or not jobs):
            return workers
        time.sleep(0.02)
    _kill(proc)
    pytest.fail("never got to work")


def _kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()


def _end(proc: subprocess.Popen) -> str:
    """Its stderr once it has ended; fails (killing it) when it does not end in time."""
    try:
        proc.wait(timeout=DEADLINE)  # stderr holds a line or two: it cannot fill its pipe
    except subprocess.TimeoutExpired:
        _kill(proc)
        pytest.fail(f"still running {DEADLINE} s after the fault: it hangs")
    return proc.stderr.read().decode()


def _close_stdin(proc: subprocess.Popen, more: bytes = b"") -> None:
    try:  # it may already have stopped, as it should on a fault
        proc.stdin.write(more)
        proc.stdin.close()
    except BrokenPipeError:
        pass


@TWO_WORKERS
@pytest.mark.parametrize("command", JOB_COMMANDS, ids=lambda c: c[0])
def test_faults_worker_killed_is_one_error_line_naming_it(tmp_path, command):
    proc = _start(tmp_path, [*command, "-j", "2", "-o", "out.txt"])
    workers = _at_work(proc, tmp_path, jobs=True)
    victim = workers[0]
    os.kill(victim, signal.SIGKILL)
    _close_stdin(proc, LINES)  # more work: the parent needs the lost worker's answer
    err = _end(proc)
    assert proc.returncode == 1, err
    assert err.count("\n") == 1 and err.startswith("Error: -j worker process "), err
    assert f"(pid {victim}) was killed by SIGKILL" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output, no temp file
    assert not any(_alive(pid) for pid in workers)


@pytest.mark.parametrize(
    "command",
    [
        *JOB_COMMANDS,
        *([*c, "-j", "2"] for c in JOB_COMMANDS),
        ["keywords"],
    ],
    ids=" ".join,
)
def test_faults_ctrl_c_is_one_line_exit_130_no_temp_file(tmp_path, command):
    jobs = "-j" in command
    if jobs and worker_limit(2) < 2:
        pytest.skip("-j 2 forks workers on 2 CPUs")
    proc = _start(tmp_path, [*command, "-o", "out.txt"])
    workers = _at_work(proc, tmp_path, jobs)
    os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C at a terminal does: the whole job
    err = _end(proc)
    assert (proc.returncode, err) == (130, "Error: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not any(_alive(pid) for pid in workers)


@TWO_WORKERS
@pytest.mark.parametrize("output", ["-o", "stdout"])
def test_faults_sigint_to_the_parent_alone_stops_its_workers(tmp_path, output):
    """``kill -INT`` reaches the parent only: it must stop the workers itself."""
    args = ["segment", "-j", "2"] + (["-o", "out.txt"] if output == "-o" else [])
    proc = _start(tmp_path, args, stdout=subprocess.PIPE)
    workers = _at_work(proc, tmp_path, jobs=True, output=output == "-o")
    os.kill(proc.pid, signal.SIGINT)
    err = _end(proc)
    assert (proc.returncode, err) == (130, "Error: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    assert not any(_alive(pid) for pid in workers)


@TWO_WORKERS
def test_faults_parent_killed_its_workers_end(tmp_path):
    """The OOM killer may pick the parent: its workers must not live on as orphans."""
    proc = _start(tmp_path, ["ner", "-j", "2", "-o", "out.txt"])
    workers = _at_work(proc, tmp_path, jobs=True)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=DEADLINE)
    end = time.monotonic() + DEADLINE
    while any(_alive(pid) for pid in workers) and time.monotonic() < end:
        time.sleep(0.05)
    alive = [pid for pid in workers if _alive(pid)]
    for pid in alive:
        os.kill(pid, signal.SIGKILL)
    assert alive == []


def test_faults_ctrl_c_while_training_is_one_line_exit_130(tmp_path):
    """``train``/``eval`` go through the same entry point (click alone would print
    "Aborted!" and exit 1)."""
    proc = _start(tmp_path, ["train", "idf", "--data", "-", "-o", "out.txt"])
    _at_work(proc, tmp_path, jobs=False, output=False)
    os.killpg(proc.pid, signal.SIGINT)
    err = _end(proc)
    assert (proc.returncode, err) == (130, "Error: interrupted\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [["segment", "-j", "2"], ["ner", "-j", "2"], ["pos"], ["pos", "-j", "2"]]
    + [["sentiment", "-j", "2"], ["keywords"]],
    ids=" ".join,
)
@pytest.mark.parametrize("target", ["-o", "stdout"])
def test_faults_full_disk_is_one_error_line(tmp_path, command, target):
    """(segment, ner and sentiment without -j: tests/cli/test_output.py.)"""
    data = tmp_path / "in.txt"
    data.write_bytes(LINES * 20)  # more than any buffer: the write must fail while running
    args = [sys.executable, "-m", "nlptk", *command, str(data)]
    if target == "-o":
        proc = subprocess.run([*args, "-o", "/dev/full"], env=ENV, capture_output=True, timeout=60)
        name = "/dev/full"
    else:
        with open("/dev/full", "wb") as full:
            proc = subprocess.run(args, env=ENV, stdout=full, stderr=subprocess.PIPE, timeout=60)
        name = "stdout"
    assert proc.returncode == 1
    assert proc.stderr.decode() == f"Error: {name}: cannot write (No space left on device)\n"
