"""Where commands write: ``-o`` never destroys an input, appears only when the run
succeeded, and a full disk is one ``Error:`` line with exit code 1 (real processes)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "data" / "sample_zh.txt"
COMMANDS = [
    ["segment"],
    ["segment", "-j", "2"],
    ["ner"],
    ["ner", "-j", "2"],
    ["sentiment"],
    ["sentiment", "-j", "2"],
]


def _nlptk(*args: str, stdout: int | object = subprocess.PIPE) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "nlptk", *args], cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize(
    ("command", "spelling"),
    [(command, "same") for command in COMMANDS]
    + [(["segment"], "dotted"), (["segment"], "hardlink"), (["ner", "-j", "2"], "hardlink")],
)
def test_output_refuses_to_overwrite_an_input(tmp_path, command, spelling):
    data = tmp_path / "same.txt"
    data.write_bytes(SAMPLE.read_bytes())
    output = {"same": data, "dotted": tmp_path / "sub" / ".." / "same.txt", "hardlink": None}
    if spelling == "hardlink":
        output["hardlink"] = tmp_path / "link.txt"
        os.link(data, output["hardlink"])
    (tmp_path / "sub").mkdir()
    proc = _nlptk(*command, "-o", str(output[spelling]), str(data))
    assert proc.returncode == 1
    assert proc.stderr.decode().startswith("Error: ") and "is also an input" in proc.stderr.decode()
    assert proc.stderr.decode().count("\n") == 1
    assert data.read_bytes() == SAMPLE.read_bytes()


@pytest.mark.parametrize("command", COMMANDS)
def test_output_failed_run_keeps_the_old_file(tmp_path, command):
    bad = tmp_path / "bad.txt"
    bad.write_bytes("我来到北京\n".encode() * 5000 + b"\xff\n")
    old = tmp_path / "out.txt"
    old.write_text("old results\n", encoding="utf-8")
    proc = _nlptk(*command, "-o", str(old), str(bad))
    assert proc.returncode == 1
    assert "bad.txt:5001: not valid utf-8" in proc.stderr.decode()
    assert old.read_text(encoding="utf-8") == "old results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "out.txt"]  # no temp left


@pytest.mark.parametrize("command", COMMANDS[:1])
def test_output_file_written_whole_with_the_usual_mode(tmp_path, command):
    out = tmp_path / "out.txt"
    proc = _nlptk(*command, "-o", str(out), str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert out.read_bytes() == _nlptk(*command, str(SAMPLE)).stdout
    umask = os.umask(0)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "command",
    [
        ["segment", str(SAMPLE)],
        ["ner", str(SAMPLE)],
        ["sentiment", str(SAMPLE)],
        ["eval", "segment", "--gold", str(ROOT / "tests/data/seg/tiny_gold.txt")],
    ],
)
@pytest.mark.parametrize("target", ["stdout", "-o"])
def test_output_full_disk_is_one_error_line(command, target):
    if target == "stdout":
        with open("/dev/full", "wb") as full:
            proc = _nlptk(*command, stdout=full)
        name = "stdout"
    else:
        proc = _nlptk(*command, "-o", "/dev/full")
        name = "/dev/full"
    assert proc.returncode == 1
    # eval prints its table on stderr first; the error is the last and only other line
    assert proc.stderr.decode().endswith(f"Error: {name}: cannot write (No space left on device)\n")
    assert "Traceback" not in proc.stderr.decode()


def test_output_through_a_symlink_writes_its_target(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    proc = _nlptk("segment", "-o", str(link), str(SAMPLE))
    assert proc.returncode == 0, proc.stderr
    assert link.is_symlink()
    assert target.read_bytes() == _nlptk("segment", str(SAMPLE)).stdout
