"""sentiment: ``nlptk eval sentiment`` — accuracy, macro-F1 and confusion of one or several
methods on labelled data, on all test items and on those unseen in training."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlptk.errors import InputError, NlptkError
from nlptk.metrics.classes import classification_scores
from nlptk.sentiment.base import NEGATIVE, NEUTRAL, SentimentAnalyzer
from nlptk.sentiment.data import LabelledDoc, seen_mask
from nlptk.sentiment.names import NEUTRAL_POLICIES

__all__ = ["NEUTRAL_POLICIES", "evaluate", "plot_comparison"]


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
