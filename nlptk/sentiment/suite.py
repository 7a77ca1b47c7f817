"""sentiment: behavioural suites — short labelled sentences in named groups (praise and
complaint per domain, negation, degree, contrast, comparison, emoji and slang, mixed
Chinese/English), scored as a pass rate per group (the CheckList idea of minimum
functionality tests: Ribeiro et al. 2020).

A benchmark's accuracy hides which sentences a method cannot read; a suite names them. The
suites nlptk keeps are ``tests/data/sentiment/suite.{zh,en}.tsv``, written for nlptk: a
header ``label<TAB>text<TAB>group``, labels ``pos``/``neg`` (also readable by ``--gold``
as plain labelled data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from nlptk.errors import CorpusFormatError, InputError
from nlptk.io import numbered_lines
from nlptk.readers.labelled import parse_label
from nlptk.sentiment.base import SentimentAnalyzer

__all__ = ["SuiteCase", "read_suite", "run_suite"]


@dataclass(frozen=True, slots=True)
class SuiteCase:
    """One sentence of a suite: its text, expected label, group and line number."""

    text: str
    label: str
    group: str
    line_no: int


def read_suite(path: str) -> list[SuiteCase]:
    """The cases of a suite file: a tab-separated header naming ``label``, ``text`` and
    ``group`` columns, then one case a line (blank lines skipped).

    Raises ``CorpusFormatError`` naming the line for a bad header, label or missing column,
    and ``InputError`` for a file without cases.
    """
    cols: dict[str, int] = {}
    cases = []
    for line_no, line in numbered_lines(path):
        cells = line.split("\t")
        if not cols:
            names = [c.strip().lower() for c in cells]
            if not {"label", "text", "group"} <= set(names):
                raise CorpusFormatError(
                    path, line_no, line, "expected a header with label, text and group columns"
                )
            cols = {n: names.index(n) for n in ("label", "text", "group")}
            continue
        if not line.strip():
            continue
        if len(cells) <= max(cols.values()):
            raise CorpusFormatError(path, line_no, line, "missing column")
        try:
            label = parse_label(cells[cols["label"]])
        except ValueError as exc:
            raise CorpusFormatError(path, line_no, line, str(exc)) from None
        cases.append(SuiteCase(cells[cols["text"]], label, cells[cols["group"]].strip(), line_no))
    if not cases:
        raise InputError(f"{path}: no suite cases (expected label, text and group columns)")
    return cases


def run_suite(analyzer: SentimentAnalyzer, cases: Sequence[SuiteCase]) -> dict[str, Any]:
    """Pass rates of ``analyzer`` on ``cases``: a case passes when the predicted label is
    the expected one (``neutral`` fails).

    Returns ``{"pass_rate", "passed", "n", "groups": {group: {"pass_rate", "passed", "n"}},
    "failures": [{"line", "group", "label", "predicted", "score", "text"}]}``, groups in
    the order they first appear.
    """
    predicted = analyzer.predict([c.text for c in cases])
    groups: dict[str, list[int]] = {}
    failures = []
    for case, result in zip(cases, predicted, strict=True):
        ok = result.label == case.label
        tally = groups.setdefault(case.group, [0, 0])
        tally[0] += ok
        tally[1] += 1
        if not ok:
            failures.append(
                {
                    "line": case.line_no,
                    "group": case.group,
                    "label": case.label,
                    "predicted": result.label,
                    "score": round(result.score, 4),
                    "text": case.text,
                }
            )
    passed = sum(t[0] for t in groups.values())
    return {
        "pass_rate": passed / len(cases),
        "passed": passed,
        "n": len(cases),
        "groups": {g: {"pass_rate": p / n, "passed": p, "n": n} for g, (p, n) in groups.items()},
        "failures": failures,
    }
