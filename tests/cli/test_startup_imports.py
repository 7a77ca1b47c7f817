"""Commands import only what they use: no torch or transformers outside BERT, no
scikit-learn or hmmlearn for ``--help``, and ``nlptk segment`` loads neither numpy, rich
(help and errors only) nor pydantic (typer's coercion of values that need no converting):
checked in real processes, on ``sys.modules`` at exit."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

HEAVY = ("torch", "transformers", "sklearn", "hmmlearn", "numpy", "rich", "pydantic", "pyspark")
#: What the NER and sentiment models need (numpy arrays, scikit-learn pipelines; scikit-learn
#: itself imports rich, for its progress bars).
MODELS = {"sklearn", "hmmlearn", "numpy", "rich"}

# Runs the CLI as `python -m nlptk` does, then reports the heavy modules that were loaded.
_PROBE = """
import atexit, sys
heavy = {heavy!r}
atexit.register(lambda: print("LOADED:" + ",".join(m for m in heavy if m in sys.modules),
                              file=sys.stderr))
sys.argv = ["nlptk", *{args!r}]
from nlptk.cli.app import main
main()
"""


def _loaded(args: list[str], stdin: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-c", _PROBE.format(heavy=HEAVY, args=args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    line = [x for x in proc.stderr.splitlines() if x.startswith("LOADED:")][-1]
    return set(filter(None, line[len("LOADED:") :].split(",")))


@pytest.mark.parametrize(
    ("args", "stdin", "allowed"),
    [
        (["--help"], "", {"rich"}),
        (["bert", "--help"], "", {"rich"}),
        (["segment"], "我来到北京\n", set()),
        (["segment", "--engine", "dict", "--format", "jsonl"], "我来到北京\n", set()),
        (["segment", "--mode", "search", "-j", "1", "-d", "/"], "我来到北京\n", set()),
        (["ner"], "江泽民在北京\nPeter went to Berlin .\n", MODELS),
        (["sentiment"], "很好\ngood\n", MODELS),
        (["sentiment", "--engine", "nb", "--lang", "en"], "good\n", MODELS),
    ],
)
def test_startup_imports_no_torch_outside_bert(args, stdin, allowed):
    assert _loaded(args, stdin) - allowed == set()


@pytest.mark.bert
def test_startup_imports_probe_sees_torch_when_bert_runs(bert_dirs):
    """The probe above can fail: a BERT model does load torch and transformers."""
    args = ["segment", "--engine", "bert", "--model", str(bert_dirs["segment"])]
    assert {"torch", "transformers"} <= _loaded(args, "我来到北京\n")
