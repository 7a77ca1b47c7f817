"""pos: train the perceptron POS tagger — ``nlptk train pos``.

The number of passes is chosen on a dev split (the last 10% of the training sentences,
scored after each pass by a model trained on the rest); the model is then retrained on every
sentence for that many passes. The tag dictionary (words seen ``tagdict_min`` times or
more, with the tags they had) masks decoding only: training decodes unmasked, so the
weights still learn to rank every tag.

The hashed table is then **pruned** to the ``max_rows`` rows of largest total weight (the
others are zeroed), which keeps the shipped model a few megabytes: rows of rare features
carry little weight and the dev accuracy barely moves (``meta.json`` records both figures).

Several corpora (``--data`` more than once, ``nlptk.readers.corpora``) train one model: each
is read in its own format, repeated by its weight (``weighted``), and split on its own — the
dev split is the last 10% of *each* corpus's training sentences, and with ``split="train"``
each corpus's held-out 10% is scored separately at the end (``metrics.held_out``), so a small
corpus's figure is not drowned by a large one's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Obj, SchemaError, check
from nlptk.artifacts import read_meta, resolve_model
from nlptk.errors import InputError
from nlptk.pos.perceptron import LABELS, PerceptronTagger, WordFeatures, all_allowed
from nlptk.readers.corpora import Corpus, as_corpora, corpus_keys, data_record, split_dev, weigh
from nlptk.readers.words import read_segmented
from nlptk.segment import normalize_width
from nlptk.sequence.perceptron import Feats, Perceptron, Track, Trainer

__all__ = ["POS_CORPUS_FORMATS", "train_pos", "tag_dictionary", "prune_rows"]

Sentence = tuple[list[str], list[str]]

#: Formats a POS corpus may be read in (``--data PATH:FORMAT``): each gives words *and* tags.
POS_CORPUS_FORMATS = ("pd",)


def _read(corpus: Corpus, split: str, names: str) -> list[Sentence]:
    """The tagged sentences of ``corpus`` in ``split``, words width-normalised, People's
    Daily names read ``names`` (``nlptk.readers.names``: ``split`` or ``whole``)."""
    if corpus.fmt not in POS_CORPUS_FORMATS:
        raise InputError(
            f"unknown POS corpus format {corpus.fmt!r} for {corpus.path}; choose "
            f"{', '.join(POS_CORPUS_FORMATS)} (POS training needs word/tag lines)"
        )
    return [
        ([normalize_width(w) for w in words], list(tags))
        for _, words, tags in read_segmented(corpus.path, corpus.fmt, split, names)
        if words and tags
    ]


def tag_dictionary(sentences: Iterable[Sentence], min_count: int) -> dict[str, list[str]]:
    """Words seen at least ``min_count`` times, with the sorted tags they were seen with.

    >>> tag_dictionary([(["的", "好"], ["u", "a"]), (["的"], ["u"])], 2)
    {'的': ['u']}
    """
    counts: Counter[str] = Counter()
    tags: dict[str, set[str]] = defaultdict(set)
    for words, ts in sentences:
        counts.update(words)
        for w, t in zip(words, ts, strict=True):
            tags[w].add(t)
    return {w: sorted(tags[w]) for w in sorted(counts) if counts[w] >= min_count}


def prune_rows(model: Perceptron, max_rows: int) -> int:
    """Zero all but the ``max_rows`` weight rows of largest L1 norm (ties: lower row
    first), in place; returns the nonzero rows left."""
    norms = np.abs(model.weights_).sum(axis=1)
    nonzero = int(np.count_nonzero(norms))
    if nonzero > max_rows:
        order = np.argsort(-norms, kind="stable")
        model.weights_[order[max_rows:]] = 0
        nonzero = max_rows
    return nonzero


def _accuracy(tagger: PerceptronTagger, dev: Sequence[Sentence]) -> float:
    right = total = 0
    for words, gold in dev:
        pred = tagger.tag_words(words)
        right += sum(p == g for p, g in zip(pred, gold, strict=True))
        total += len(gold)
    return right / total if total else 0.0


def _fit(
    sentences: Sequence[Sentence],
    tagdict: dict[str, list[str]],
    labels: Sequence[str],
    epochs: int,
    bits: int,
    seed: int,
    track: Track | None,
    dev: Callable[[Perceptron], float] | None = None,
) -> tuple[Perceptron, list[float]]:
    index = {t: i for i, t in enumerate(labels)}
    features = WordFeatures(tagdict)
    examples: list[tuple[Feats, bytes]] = [
        (features(words), bytes(index[t] for t in tags)) for words, tags in sentences
    ]
    trainer = Trainer(Perceptron(labels, all_allowed(len(labels)), bits))
    history = trainer.passes(examples, epochs, seed, track, dev)
    return trainer.averaged(), [round(score, 6) for score in history]


def train_pos(
    corpus: str | Corpus | Sequence[str | Corpus],
    out_dir: str | Path,
    *,
    fmt: str = "pd",
    split: str = "all",
    epochs: int = 12,
    choose_epochs: bool = True,
    bits: int = 20,
    max_rows: int = 200_000,
    tagdict_min: int = 5,
    seed: int = 0,
    segmenter: str = "pd98-perceptron",
    names: str = "split",
    licence: str = "",
    track: Track | None = None,
) -> dict[str, Any]:
    """Train a perceptron POS tagger on ``word/tag`` corpora and write it to ``out_dir``;
    returns its ``meta.json``. The same data and seed give byte-identical files.

    ``corpus`` is one path (read in ``fmt``) or several ``Corpus`` specs, each with its
    format and weight (weighed, split and recorded as ``nlptk train segment`` does them).
    ``epochs`` is the most passes tried (``choose_epochs``) or the passes made; ``bits``
    the hashed table's size (``2**bits`` rows), ``max_rows`` the rows kept after pruning;
    ``segmenter`` the segmentation model recorded to cut raw text (its words should be the
    corpus's: ``names="whole"`` reads People's Daily's surname + given name as one ``nr``
    word, for a segmenter trained so; recorded as ``params.names``). With ``split="train"``
    each corpus's held-out split is scored at the end (``metrics.held_out``, keyed by corpus
    as the segmenter's are).

    Raises ``InputError`` for a corpus without tags, a bad count, or too few sentences.
    """
    corpora = as_corpora(corpus, fmt)
    if epochs < 1 or not 10 <= bits <= 26 or max_rows < 1 or tagdict_min < 1:
        raise InputError("need epochs >= 1, bits in 10..26, max-rows >= 1, tagdict-min >= 1")
    resolve_model(segmenter, "segment")  # a model recorded must exist (ModelFormatError)
    parts = [_read(c, split, names) for c in corpora]
    label = ", ".join(c.path for c in corpora)
    sentences = weigh(parts, corpora)
    if len(sentences) < 2:
        raise InputError(f"{label}: {len(sentences)} tagged sentence(s); need at least 2")
    labels = sorted({t for _, tags in sentences for t in tags})
    if len(labels) > 255:
        raise InputError(f"{label}: {len(labels)} distinct tags; at most 255 are supported")
    try:
        check({"tags": labels}, Obj({"tags": LABELS}))
    except SchemaError as exc:  # what the loader would refuse, refused before training
        raise InputError(f"{label}: {exc}") from None
    history: list[float] = []
    chosen = epochs
    if choose_epochs:
        fits, dev = split_dev(parts)
        fit = weigh(fits, corpora)
        if not fit:
            raise InputError(f"{label}: too few sentences for a dev split; pass --no-choose-epochs")
        fit_dict = tag_dictionary(fit, tagdict_min)

        def score(m: Perceptron) -> float:
            return _accuracy(PerceptronTagger(m, fit_dict, segmenter_name=segmenter), dev)

        _, history = _fit(fit, fit_dict, labels, epochs, bits, seed, track, dev=score)
        chosen = 1 + max(range(epochs), key=lambda e: (history[e], -e))
    tagdict = tag_dictionary(sentences, tagdict_min)
    model, _ = _fit(sentences, tagdict, labels, chosen, bits, seed, track)
    rows = prune_rows(model, max_rows)
    params = {
        "epochs": chosen,
        "max_epochs": epochs if choose_epochs else None,
        "bits": bits,
        "max_rows": max_rows,
        "tagdict_min": tagdict_min,
        "seed": seed,
        "normalize_width": True,
        "names": names,
    }
    tagger = PerceptronTagger(model, tagdict, None, segmenter, params)
    sizes = [(len(p), sum(len(w) for w, _ in p)) for p in parts]
    data = data_record(corpora, split, sizes)
    metrics: dict[str, Any] = {"dev_accuracy_by_epoch": history}
    if split == "train":
        metrics["held_out"] = {
            key: _held_out(tagger, c, names)
            for key, c in zip(corpus_keys(corpora), corpora, strict=True)
        }
    meta = {
        "data": data,
        "licence": licence,
        "tagdict_words": len(tagger.tagdict),
        "weight_rows": rows,
        "metrics": metrics,
    }
    tagger.save(out_dir, meta)
    return read_meta(out_dir)


def _held_out(tagger: PerceptronTagger, corpus: Corpus, names: str) -> dict[str, Any]:
    """Accuracy on the gold words of ``corpus``'s held-out split (its last 10%)."""
    test = _read(corpus, "test", names)
    return {
        "format": corpus.fmt,
        "sentences": len(test),
        "words": sum(len(w) for w, _ in test),
        "accuracy": round(_accuracy(tagger, test), 6) if test else None,
    }
