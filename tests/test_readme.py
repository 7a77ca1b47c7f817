"""The shell examples of the README and of the documentation site (``docs/``), byte for byte:
each ``$ command`` line of a fenced block run as a real process and its stdout compared with
the lines under it, where ``…`` in a shown output stands for text that varies by machine (a
path). In the README: every one, and its first block is what ``make demo`` runs. In
``docs/``: every one, a block's commands in order in a scratch directory (one may write a
file the next reads). And the site itself builds with no warning (``mkdocs build --strict``,
as ``make docs``)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nlptk.cli.app import COMMANDS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```[a-z]*\n(.*?)^```$", re.S | re.M)


def _examples(text: str) -> list[tuple[str, str]]:
    """(command, expected stdout) of each ``$ command`` line in the fenced blocks of
    ``text``: the lines under it, up to the next prompt or the fence."""
    found = []
    for block in FENCE.findall(text):
        for chunk in re.split(r"^\$ ", block, flags=re.M)[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


def _blocks(text: str) -> list[str]:
    """The fenced blocks of ``text`` that hold ``$`` examples."""
    return [block for block in FENCE.findall(text) if re.search(r"^\$ ", block, re.M)]


#: Every ``$`` example of the README; its first such block is ``make demo``'s.
EXAMPLES = _examples(README)
DEMO = _examples(f"```\n{_blocks(README)[0]}```")


def test_readme_is_a_first_visit():
    """The README fits a first visit (issue 28: at most 250 lines) and shows every command."""
    assert len(README.splitlines()) <= 250
    shown = {cmd.split("|")[-1].split()[1] for cmd, _ in EXAMPLES if "nlptk " in cmd}
    assert {"segment", "pos", "keywords", "ner", "sentiment", "analyze", "serve"} <= shown


def test_readme_demo_block_is_make_demo():
    """The README's first example block shows what ``make demo`` runs, command for command."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    target = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    made = re.findall(r"^\t\$\(BIN\)/nlptk (.*)$", target, re.M)
    shown = [cmd.removeprefix("nlptk ") for cmd, _ in DEMO]
    assert made and shown == made


def _run(command: str, cwd: Path) -> str:
    """stdout of the shell ``command`` run in ``cwd``, ``nlptk`` on the path being this
    checkout's (an executable shim, so ``nlptk serve &`` is one process ``$!`` can stop);
    it must succeed."""
    shim = cwd / ".nlptk-bin"
    shim.mkdir(exist_ok=True)
    (shim / "nlptk").write_text(f'#!/bin/sh\nexec "{sys.executable}" -m nlptk "$@"\n')
    (shim / "nlptk").chmod(0o755)
    proc = subprocess.run(
        ["bash", "-c", command],
        capture_output=True,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT), "PATH": f"{shim}:{os.environ['PATH']}"},
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode()
    return proc.stdout.decode("utf-8")


@pytest.mark.parametrize(("command", "expected"), EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_readme_example_output_byte_for_byte(command, expected, tmp_path):
    if "nlptk serve" in command:
        pytest.importorskip("uvicorn")
    if "nlptk spark" in command:
        pytest.importorskip("pyspark")
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the samples the examples read
    actual = _run(command, tmp_path)
    assert _shown(expected, actual), f"$ {command}\n{actual}"


DOCS = ROOT / "docs"
#: (page, the ``$`` examples of one fenced block) for every block of ``docs/`` that has any.
DOC_BLOCKS = [
    (page.name, examples)
    for page in sorted(DOCS.glob("*.md"))
    for block in FENCE.findall(page.read_text(encoding="utf-8"))
    if (examples := _examples(f"```\n{block}```"))
]


def _shown(expected: str, actual: str) -> bool:
    """Whether ``actual`` is the output shown: equal, ``…`` matching any text on its line."""
    if "…" not in expected:
        return actual == expected
    pattern = ".*?".join(re.escape(part) for part in expected.split("…"))
    return re.fullmatch(pattern, actual) is not None


@pytest.mark.parametrize(
    ("page", "examples"), DOC_BLOCKS, ids=[f"{p}:{e[0][0]}" for p, e in DOC_BLOCKS]
)
def test_docs_examples_output_byte_for_byte(page, examples, tmp_path):
    (tmp_path / "tests").symlink_to(ROOT / "tests")  # the samples the examples read
    for command, expected in examples:
        actual = _run(command, tmp_path)
        assert _shown(expected, actual), f"{page}: $ {command}\n{actual}"


PYTHON_FENCE = re.compile(r"^```python\n(.*?)^```$", re.S | re.M)
#: (page, block) of every ``python`` block of ``docs/`` with ``>>>`` examples.
DOC_SESSIONS = [
    (page.name, block)
    for page in sorted(DOCS.glob("*.md"))
    for block in PYTHON_FENCE.findall(page.read_text(encoding="utf-8"))
    if ">>>" in block
]


@pytest.mark.parametrize(
    ("page", "block"), DOC_SESSIONS, ids=[f"{p}:{b.split(chr(10))[0]}" for p, b in DOC_SESSIONS]
)
def test_docs_python_examples_as_doctests(page, block, tmp_path, monkeypatch):
    """The Python sessions of ``docs/`` (``>>>`` lines and what they print), as doctests."""
    import doctest

    if "nlptk.spark" in block:
        pytest.importorskip("pyspark")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tests").symlink_to(ROOT / "tests")
    test = doctest.DocTestParser().get_doctest(block, {}, page, page, 0)
    report: list[str] = []
    result = doctest.DocTestRunner().run(test, out=report.append)
    assert result.failed == 0, "".join(report)


def test_docs_example_match_has_teeth():
    """The ``…`` of a shown output matches text within its line, and nothing else differs."""
    shown = "nlptk 0.1.0 (dictionary: jieba 0.42.1 …/jieba/dict.txt)\n"
    assert _shown(shown, "nlptk 0.1.0 (dictionary: jieba 0.42.1 /x/site-packages/jieba/dict.txt)\n")
    assert not _shown(shown, "nlptk 0.2.0 (dictionary: jieba 0.42.1 /x/jieba/dict.txt)\n")
    assert not _shown("a\n", "a\nb\n")
    assert len(DOC_BLOCKS) >= 5 and sum(len(e) for _, e in DOC_BLOCKS) >= 25
    assert len(DOC_SESSIONS) >= 8


def test_docs_build_strict(tmp_path):
    """``make docs``: the site builds with zero warnings in strict mode (every link and API
    reference resolves), the CLI reference generated from the app."""
    pytest.importorskip("mkdocs")
    pytest.importorskip("material")
    pytest.importorskip("mkdocstrings_handlers.python")
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    log = proc.stderr.decode()
    assert proc.returncode == 0 and "WARNING" not in log, log
    reference = (tmp_path / "cli.html").read_text(encoding="utf-8")
    for group, name, _ in COMMANDS:
        title = f"nlptk {name}" if group == "nlptk" else f"nlptk {group} {name}"
        assert f"<code>{title}</code>" in reference, title


def _griffe_doctests():
    """``scripts/griffe_doctests.py``, the API pages' docstring filter, imported from its file."""
    import importlib.util

    pytest.importorskip("griffe")
    path = ROOT / "scripts" / "griffe_doctests.py"
    spec = importlib.util.spec_from_file_location("griffe_doctests", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_docs_api_doctests_are_fenced_at_their_indentation():
    fence = _griffe_doctests().fence_doctests
    text = "Cut.\n\n    >>> cut('ab')\n    ['ab']\n\nDone.\n>>> x\n1"
    assert fence(text) == (
        "Cut.\n\n    ```pycon\n    >>> cut('ab')\n    ['ab']\n    ```\n\nDone.\n"
        "```pycon\n>>> x\n1\n```"
    )
    assert fence("no example") == "no example"


def test_docs_api_prose_after_parameters_moves_before_them():
    lift = _griffe_doctests().prose_before_parameters
    params = "Parameters\n----------\nx : int\n    The x.\nhmm\n    Whether.\n"
    assert lift(f"Cut.\n\n{params}\nSafe from threads.") == (
        f"Cut.\n\nSafe from threads.\n\n{params.rstrip()}"
    )
    # followed by another section, or by nothing: unchanged
    raises = f"Cut.\n\n{params}\nRaises\n------\nInputError\n    Bad."
    assert lift(raises) == raises
    assert lift(f"Cut.\n\n{params}") == f"Cut.\n\n{params}"
