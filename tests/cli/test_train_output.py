"""``nlptk train … -o`` is checked before training: a place no model can be written fails
at once with one ``Error:`` line (the data given here is malformed, so an error about it
would show that training had started)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = {
    "segment": ["--data"],
    "ner": ["--format", "bio", "--data"],
    "sentiment": ["--data"],
    "lexicon": ["--data"],
}


@pytest.mark.parametrize("task", list(COMMANDS))
@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/proc/nlptk-model", "/proc/nlptk-model: cannot write a model here"),
        ("FILE", "exists and is not a directory"),
        ("FILE/sub", "is not a directory"),
    ],
)
def test_train_output_checked_before_training(tmp_path, task, target, message):
    if target.startswith("/proc") and not Path("/proc/self").exists():
        pytest.skip("needs /proc")
    bad = tmp_path / "bad.txt"
    bad.write_text("no tags or labels\there\n" * 3, encoding="utf-8")
    existing = tmp_path / "existing.txt"
    existing.write_text("keep me\n", encoding="utf-8")
    output = target.replace("FILE", str(existing))
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "train", task, *COMMANDS[task], str(bad), "-o", output],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert proc.stderr.startswith("Error: ") and message in proc.stderr, proc.stderr
    assert proc.stderr.count("\n") <= 2  # the error, maybe a hint
    assert existing.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "existing.txt"]
