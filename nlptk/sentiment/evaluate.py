"""sentiment: ``nlptk eval sentiment`` — accuracy, macro-F1 and confusion of one or several
methods on labelled data, on all test items and on those unseen in training; and behavioural
suites — short labelled sentences in named groups (praise and complaint per domain, negation,
degree, contrast, comparison, emoji and slang, mixed Chinese/English), scored as a pass rate
per group (the CheckList idea of minimum functionality tests: Ribeiro et al. 2020).

A benchmark's accuracy hides which sentences a method cannot read; a suite names them. The
suites nlptk keeps are ``tests/data/sentiment/suite.{zh,en}.tsv``, written for nlptk: a
header ``label<TAB>text<TAB>group``, labels ``pos``/``neg`` (also readable by ``--gold`` as
plain labelled data).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nlptk.errors import CorpusFormatError, InputError, NlptkError
from nlptk.io import numbered_lines
from nlptk.metrics.classes import classification_scores
from nlptk.readers.labelled import parse_label
from nlptk.sentiment.base import NEGATIVE, NEUTRAL, SentimentAnalyzer
from nlptk.sentiment.data import LabelledDoc, seen_mask

__all__ = [
    "NEUTRAL_POLICIES",
    "evaluate",
    "plot_comparison",
    "SuiteCase",
    "read_suite",
    "run_suite",
]


#: ``--neutral`` choices: how a ``neutral`` answer on positive/negative data is scored.
NEUTRAL_POLICIES = ("error", "negative")


def evaluate(
    analyzer: SentimentAnalyzer,
    docs: Sequence[LabelledDoc],
    neutral: str = "error",
    batch_size: int = 256,
) -> dict[str, Any]:
    """Scores of ``analyzer`` on ``docs``.

    ``neutral="error"`` counts a ``neutral`` answer as wrong; ``"negative"`` reads it as
    negative, the usual binary reading of lexicon scores (``polarity > 0`` is positive),
    under which TextBlob is commonly reported.

    Returns
    -------
    dict
        ``classification_scores`` on every item (macro-F1 over the gold and predicted
        labels, as scikit-learn computes it: a ``neutral`` answer is an error and adds a
        class whose F1 is 0), plus ``"unseen"``: the same scores on
        the items whose normalised text is not in the analyzer's training-data fingerprint
        (``None`` when the method cannot say what it was trained on; accuracy and macro-F1
        ``None`` when no item is unseen).
    """
    if neutral not in NEUTRAL_POLICIES:
        raise InputError(f"unknown neutral policy {neutral!r}; choose error or negative")
    texts = [d.text for d in docs]
    gold = [d.label for d in docs]
    pred: list[str] = []
    for i in range(0, len(texts), batch_size):
        pred.extend(r.label for r in analyzer.predict(texts[i : i + batch_size]))
    if neutral == "negative":
        pred = [NEGATIVE if p == NEUTRAL else p for p in pred]
    scores = classification_scores(gold, pred)
    known = analyzer.training_fingerprint()
    if known is None:
        scores["unseen"] = None
    else:
        fresh = [not s for s in seen_mask(texts, known)]
        unseen = classification_scores(
            [g for g, f in zip(gold, fresh, strict=True) if f],
            [p for p, f in zip(pred, fresh, strict=True) if f],
        )
        if not unseen["n"]:  # every item was trained on: there is no unseen score
            unseen.update(accuracy=None, macro_f1=None)
        scores["unseen"] = unseen
    return scores


def plot_comparison(results: dict[str, dict[str, Any]], path: str | Path, title: str) -> None:
    """Bar chart of accuracy per method, all items beside unseen items, saved to ``path``.

    Needs matplotlib (the ``plot`` extra).
    """
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        err = NlptkError("--plot needs matplotlib, which is not installed")
        err.hint = "pip install 'nlptk[plot]'"
        raise err from None
    names = list(results)
    full = [results[n]["accuracy"] for n in names]
    unseen = [(results[n]["unseen"] or {}).get("accuracy") or 0.0 for n in names]
    fig, ax = plt.subplots(figsize=(1.2 * len(names) + 2, 3.5))
    xs = range(len(names))
    ax.bar([x - 0.2 for x in xs], full, width=0.4, label="all test items")
    ax.bar([x + 0.2 for x in xs], unseen, width=0.4, label="unseen in training")
    ax.set_xticks(list(xs), names)
    ax.set_ylim(0, 1)
    ax.set_ylabel("accuracy")
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    try:
        fig.savefig(path)
    except OSError as exc:
        raise NlptkError(f"{path}: cannot write the plot ({exc.strerror or exc})") from None
    finally:
        plt.close(fig)


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
