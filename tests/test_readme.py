"""The README's shell examples, byte for byte: the ``make demo`` block of its first screen
(the same commands as the Makefile's ``demo`` target) and the named-entity examples, each
run as a real process and its stdout compared with the lines under its ``$`` prompt."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```$", re.S | re.M)


def _between(start: str, end: str) -> str:
    return README[README.index(start) : README.index(end)]


#: The README parts whose ``$`` examples are checked (every example in them is checkable).
QUICK_START = _between("## Quick start", "<!-- section:segment -->")
NER = _between("<!-- section:ner -->", "### Training and evaluation")
NER_PERCEPTRON = _between("### Perceptron NER", "They were built by one command each")


def _examples(text: str) -> list[tuple[str, str]]:
    """(command, expected stdout) of each ``$ command`` line in the fenced blocks of
    ``text``: the lines under it, up to the next prompt or the fence."""
    found = []
    for block in FENCE.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


EXAMPLES = _examples(QUICK_START) + _examples(NER) + _examples(NER_PERCEPTRON)


def test_readme_demo_block_is_make_demo():
    """The demo block shows what ``make demo`` runs, command for command."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    made = re.findall(r"^\t\$\(BIN\)/nlptk (.*)$", target, re.M)
    shown = [cmd.removeprefix("nlptk ") for cmd, _ in _examples(QUICK_START)]
    assert made and shown == made


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_byte_for_byte(command, expected):
    script = f'nlptk() {{ "{sys.executable}" -m nlptk "$@"; }}\n{command}\n'
    proc = subprocess.run(
        ["bash", "-c", script],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stdout.decode("utf-8") == expected
