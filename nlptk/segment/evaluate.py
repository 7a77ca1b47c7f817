"""segment: score a segmentation against gold words — ``nlptk eval segment``.

The prediction is either a file of whitespace-separated words, one line per gold line (any
tool's output), or made here from the gold text by a segmenter — a ``Segmenter`` or a
``BertSegmenter``: anything with ``cut_many(texts)``, called on batches of lines. Lines are
paired in order and must hold the same characters; the first that does not is named in the
error.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from itertools import zip_longest
from typing import Any, Protocol

from nlptk.errors import CorpusFormatError, InputError
from nlptk.io import numbered_lines
from nlptk.metrics.words import SegTally, same_text, tally_line
from nlptk.parallel import batched
from nlptk.readers.words import read_segmented, read_words
from nlptk.segment.fold import normalize_width

__all__ = [
    "NormalizedVocabulary",
    "WordCutter",
    "read_word_list",
    "score_segmentation",
    "OOV_KEYS",
]

#: Metrics that need a training vocabulary; ``None`` without one.
OOV_KEYS = ("oov_rate", "oov_recall", "iv_recall")


def read_word_list(path: str) -> set[str]:
    """The words of a one-word-per-line file (SIGHAN's ``*_training_words``)."""
    words = {line.strip() for _, line in numbered_lines(path)}
    words.discard("")
    if not words:
        raise InputError(f"{path}: the training word list is empty")
    return words


class NormalizedVocabulary:
    """A width-normalised vocabulary (a trained model's dictionary) that answers for words
    as they are written in the gold text."""

    def __init__(self, words: Container[str]) -> None:
        self.words = words

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and normalize_width(word) in self.words


class WordCutter(Protocol):
    """What scoring needs of a segmenter (``Segmenter``, ``BertSegmenter``)."""

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]: ...


def _cut(
    seg: WordCutter, gold: Iterable[tuple[int, list[str]]], batch_size: int = 256
) -> Iterator[tuple[list[str], list[str]]]:
    for batch in batched(gold, batch_size):
        cuts = seg.cut_many(["".join(words) for _, words in batch])
        for (_, words), cut in zip(batch, cuts, strict=True):
            yield words, [w for w in cut if not w.isspace()]


def _paired(
    gold_path: str,
    gold: Iterable[tuple[int, list[str]]],
    pred_path: str,
    pred: Iterable[tuple[int, list[str]]],
) -> Iterator[tuple[list[str], list[str]]]:
    for g, p in zip_longest(gold, pred):
        if p is None:
            raise InputError(
                f"{pred_path} ends before gold line {g[0]} of {gold_path}: "
                "the prediction must have one line per gold line"
            )
        if g is None:
            raise InputError(
                f"{pred_path}:{p[0]}: no gold line left in {gold_path}: "
                "the prediction must have one line per gold line"
            )
        if not same_text(g[1], p[1]):
            raise CorpusFormatError(
                pred_path,
                p[0],
                " ".join(p[1]),
                f"text differs from gold line {g[0]} ({' '.join(g[1])[:40]!r}…)",
            )
        yield g[1], p[1]


def score_segmentation(
    gold: str,
    *,
    fmt: str = "words",
    split: str = "all",
    pred: str | None = None,
    segmenter: WordCutter | None = None,
    vocabulary: Container[str] | None = None,
    names: str = "split",
) -> dict[str, Any]:
    """SIGHAN-style metrics of ``pred`` (a file) or of ``segmenter`` on the ``gold`` file
    (``names``: a People's Daily gold read with names split or whole, ``read_segmented``).

    Returns ``precision``, ``recall``, ``f1``, ``oov_rate``, ``oov_recall``, ``iv_recall``
    (the last three ``None`` without a ``vocabulary``) and the counts behind them.

    Raises ``InputError`` when the two files have different line counts and
    ``CorpusFormatError`` naming the first prediction line whose text differs from gold.
    """
    if (pred is None) == (segmenter is None):
        raise InputError("score either a prediction file or a segmenter, not both or neither")
    gold_lines = ((n, words) for n, words, _ in read_segmented(gold, fmt, split, names))
    if pred is not None:
        pairs = _paired(gold, gold_lines, pred, read_words(pred))
    else:
        pairs = _cut(segmenter, gold_lines)
    tally = SegTally()
    for g, p in pairs:
        tally += tally_line(g, p, vocabulary)
    if tally.lines == 0:
        raise InputError(f"{gold}: no gold lines to score (split {split!r})")
    metrics = tally.metrics()
    if vocabulary is None:
        metrics.update(dict.fromkeys(OOV_KEYS))
    return metrics
