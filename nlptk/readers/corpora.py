"""readers: several training corpora in one run — ``--data PATH[:FORMAT[:WEIGHT]]``.

A model for today's text learns from more than one corpus (People's Daily, Weibo, MSRA, a
user's own domain), each in its own format and with its own say in training. One spec syntax
serves every ``train`` command so that the three trainers (segment, pos, ner) agree on it, and
one rule turns a weight into repeated sentences so that every trainer weighs alike.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from nlptk.artifacts import source_record
from nlptk.errors import InputError
from nlptk.readers.split import n_train

__all__ = [
    "Corpus",
    "as_corpora",
    "corpus_keys",
    "data_record",
    "parse_corpus",
    "split_dev",
    "weigh",
    "weighted",
]

T = TypeVar("T")


@dataclass(frozen=True)
class Corpus:
    """One ``--data`` value: a file, its format and its weight (1 = each sentence once)."""

    path: str
    fmt: str
    weight: float = 1.0

    @property
    def name(self) -> str:
        """The file's name, as the per-corpus held-out report labels it."""
        return self.path.rsplit("/", 1)[-1]


def parse_corpus(spec: str, default_fmt: str, formats: Sequence[str]) -> Corpus:
    """Read ``PATH[:FORMAT[:WEIGHT]]``; a path holding ``:`` stays whole unless its tail is a
    known format (and a number after it), so ``C:/x`` or ``a:b.txt`` are plain paths.

    >>> parse_corpus("weibo.utf8:words:2", "pd", ("pd", "words"))
    Corpus(path='weibo.utf8', fmt='words', weight=2.0)
    >>> parse_corpus("199801.txt", "pd", ("pd", "words"))
    Corpus(path='199801.txt', fmt='pd', weight=1.0)
    >>> parse_corpus("a:b.txt", "pd", ("pd", "words"))
    Corpus(path='a:b.txt', fmt='pd', weight=1.0)
    """
    parts = spec.split(":")
    if len(parts) >= 3 and parts[-2] in formats:
        path, fmt, weight_text = ":".join(parts[:-2]), parts[-2], parts[-1]
        try:
            weight = float(weight_text)
        except ValueError:
            raise InputError(f"--data {spec}: weight {weight_text!r} is not a number") from None
        if not (math.isfinite(weight) and weight > 0):
            raise InputError(f"--data {spec}: weight must be a positive number, not {weight_text}")
        return Corpus(path, fmt, weight)
    if len(parts) >= 2 and parts[-1] in formats:
        return Corpus(":".join(parts[:-1]), parts[-1])
    if len(parts) >= 2 and parts[-1] and parts[-1].replace(".", "", 1).isdigit():
        raise InputError(
            f"--data {spec}: a weight comes after a format (PATH:FORMAT:WEIGHT); "
            f"formats: {', '.join(formats)}"
        )
    return Corpus(spec, default_fmt)


def weighted(items: Sequence[T], weight: float, seed: int = 0) -> list[T]:
    """``items`` repeated ``floor(weight)`` times plus a seeded sample of the fraction left, so
    a weight of 2 counts every sentence twice and 0.5 keeps half of them — the same each run.

    >>> weighted([1, 2, 3, 4], 2.0)
    [1, 2, 3, 4, 1, 2, 3, 4]
    >>> len(weighted(list(range(10)), 0.5))
    5
    """
    whole = int(weight)
    out = list(items) * whole
    extra = round((weight - whole) * len(items))
    if extra:
        keep = sorted(random.Random(seed).sample(range(len(items)), extra))
        out.extend(items[i] for i in keep)
    return out


def as_corpora(data: str | Corpus | Sequence[str | Corpus], fmt: str) -> list[Corpus]:
    """The training corpora: one path (in ``fmt``), or several ``--data`` values."""
    items = [data] if isinstance(data, (str, Corpus)) else list(data)
    if not items:
        raise InputError("no training data: pass --data at least once")
    return [c if isinstance(c, Corpus) else Corpus(c, fmt) for c in items]


def split_dev(per_corpus: Sequence[Sequence[T]]) -> tuple[list[list[T]], list[T]]:
    """Each corpus's first 90% (kept per corpus, for ``weigh``) and the last 10% of every
    corpus together: a dev split that speaks for each corpus, never weighted."""
    fits, dev = [], []
    for items in per_corpus:
        k = n_train(len(items))
        fits.append(list(items[:k]))
        dev.extend(items[k:])
    return fits, dev


def weigh(per_corpus: Sequence[Sequence[T]], corpora: Sequence[Corpus]) -> list[T]:
    """The corpora's items in order, each corpus's repeated by its weight (``weighted``)."""
    out: list[T] = []
    for items, corpus in zip(per_corpus, corpora, strict=True):
        out.extend(weighted(items, corpus.weight) if corpus.weight != 1 else items)
    return out


def corpus_keys(corpora: Sequence[Corpus]) -> list[str]:
    """A label per corpus: its file name, numbered when two corpora share one."""
    names = [c.name for c in corpora]
    return [n if names.count(n) == 1 else f"{n}#{i + 1}" for i, n in enumerate(names)]


def data_record(
    corpora: Sequence[Corpus], split: str, sizes: Sequence[tuple[int, int]]
) -> dict[str, Any]:
    """``meta.json``'s ``data``: one corpus of weight 1 as it always was; several (or a
    weighted one) as ``corpora``, each with its file, format, weight, sha256 and size
    (``sizes``: sentences and words read, before weighting), and the totals."""
    records = []
    for corpus, (sentences, words) in zip(corpora, sizes, strict=True):
        name, sha = source_record(corpus.path)
        records.append(
            {
                "corpus": name,
                "format": corpus.fmt,
                "weight": corpus.weight,
                "split": split,
                "sha256": sha,
                "sentences": sentences,
                "words": words,
            }
        )
    if len(records) == 1 and corpora[0].weight == 1:
        del records[0]["weight"]
        return records[0]
    return {
        "corpora": records,
        "split": split,
        "sentences": sum(s for s, _ in sizes),
        "words": sum(w for _, w in sizes),
    }
