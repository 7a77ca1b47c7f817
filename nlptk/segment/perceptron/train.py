"""segment: train the perceptron segmenter — ``nlptk train segment --engine perceptron``.

Dictionary features are **jackknifed**: training sentence ``j`` sees the dictionary of the
words of the other folds (``j % folds`` names its fold), never its own, so the model learns
how far to trust a dictionary that misses words, as it will on new text. Dev sentences (the
last 10% of the training lines) see the dictionary of all the others. The number of epochs
is the one with the best dev F1; the model is then retrained on every sentence for that
many epochs, its dictionary (``dict.txt``) the whole training vocabulary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.artifacts import source_record, write_meta
from nlptk.errors import InputError
from nlptk.metrics.words import SegTally, tally_line
from nlptk.readers.split import n_train
from nlptk.readers.words import read_segmented
from nlptk.segment.estimate import SegCounts, dictionary_entries
from nlptk.segment.fold import normalizer
from nlptk.segment.model import DICT_FILE, PERCEPTRON, TASK, write_dictionary
from nlptk.segment.perceptron.features import TEMPLATES, seg_decode, seg_features
from nlptk.segment.perceptron.tagger import (
    BMES_ALLOWED,
    WEIGHTS_FILE,
    dictionary_engine,
    labels_to_spans,
)
from nlptk.sequence.perceptron import Feats, Perceptron, Track, Trainer
from nlptk.sequence.tags import BMES

__all__ = ["UPDATES", "train_perceptron"]


#: ``--update`` choices: the plain perceptron step, or passive-aggressive (PA-I).
UPDATES = ("plain", "pa")

Example = tuple[Feats, bytes]


def _gold(words: Sequence[str]) -> bytes:
    out = bytearray()
    for w in words:
        out += b"\x03" if len(w) == 1 else b"\x00" + b"\x01" * (len(w) - 2) + b"\x02"
    return bytes(out)


def _examples(sentences: Sequence[list[str]], folds: int) -> list[Example]:
    """Features of every sentence under its jackknifed dictionary, and its gold labels."""
    total = Counter(w for words in sentences for w in words)
    out: list[Example | None] = [None] * len(sentences)
    for k in range(folds):
        own = Counter(w for words in sentences[k::folds] for w in words)
        engine = dictionary_engine(sorted((total - own).items()))
        for j in range(k, len(sentences), folds):
            text = "".join(sentences[j])
            out[j] = (seg_features(text, engine.spans(text, "full", False)), _gold(sentences[j]))
    return out  # type: ignore[return-value]


def _dev_f1(model: Perceptron, dev: Sequence[list[str]], words: Counter[str]) -> float:
    engine = dictionary_engine(sorted(words.items()))
    tally = SegTally()
    for gold in dev:
        text = "".join(gold)
        spans = labels_to_spans(seg_decode(model, text, engine.spans(text, "full", False)))
        tally += tally_line(gold, [text[s:e] for s, e in spans])
    return float(tally.metrics()["f1"])


def _fit(
    examples: Sequence[Example],
    epochs: int,
    update: str,
    bits: int,
    seed: int,
    track: Track | None,
    dev: Callable[[Perceptron], float] | None = None,
) -> tuple[Perceptron, list[float]]:
    """The averaged model after ``epochs`` shuffled passes (order from ``seed``), and the
    dev F1 after each pass when ``dev`` scores one."""
    trainer = Trainer(Perceptron(BMES, BMES_ALLOWED, bits), passive_aggressive=update == "pa")
    history = trainer.passes(examples, epochs, seed, track, dev)
    return trainer.averaged(), history


def train_perceptron(
    corpus: str,
    out_dir: str | Path,
    *,
    fmt: str = "pd",
    split: str = "all",
    epochs: int = 10,
    update: str = "plain",
    folds: int = 10,
    bits: int = 22,
    seed: int = 0,
    choose_epochs: bool = True,
    fold_traditional: bool = True,
    names: str = "split",
    track: Track | None = None,
) -> dict[str, Any]:
    """Train a perceptron segmenter on ``corpus`` and write it to ``out_dir``; returns its
    ``meta.json``. Same data and seed give byte-identical ``dict.txt`` and ``weights.bin``.

    Words are width-normalised, and with ``fold_traditional`` folded to simplified
    characters, as the segmenter normalises the text it tags.

    ``epochs`` is the most passes tried (``choose_epochs``) or the passes made; ``update``
    one of ``UPDATES``; ``bits`` the size of the hashed weight table (``2**bits`` rows);
    ``names`` ``"split"`` or ``"whole"`` (People's Daily names as one word).

    Raises ``InputError`` for an unknown update, a bad count, or a corpus with no sentences.
    """
    if update not in UPDATES:
        raise InputError(f"unknown update {update!r}; choose one of {', '.join(UPDATES)}")
    if epochs < 1 or folds < 2 or not 10 <= bits <= 26:
        raise InputError("need epochs >= 1, folds >= 2 and bits in 10..26")
    normalize = normalizer(True, fold_traditional) or str
    sentences, counts = [], SegCounts()
    for _, words, tags in read_segmented(corpus, fmt, split, names):
        if words:
            words = [normalize(w) for w in words]
            sentences.append(words)
            counts.add(words, tags)
    if len(sentences) < folds:
        raise InputError(f"{corpus}: {len(sentences)} sentence(s), fewer than {folds} folds")
    history: list[float] = []
    chosen = epochs
    if choose_epochs:
        n_fit = n_train(len(sentences))
        fit, dev = sentences[:n_fit], sentences[n_fit:]
        if len(fit) < folds or not dev:
            raise InputError(
                f"{corpus}: too few sentences for a dev split; pass a fixed epoch count"
            )
        fit_words = Counter(w for words in fit for w in words)
        _, history = _fit(
            _examples(fit, folds),
            epochs,
            update,
            bits,
            seed,
            track,
            dev=lambda m: _dev_f1(m, dev, fit_words),
        )
        chosen = 1 + max(range(epochs), key=lambda e: (history[e], -e))
    model, _ = _fit(_examples(sentences, folds), chosen, update, bits, seed, track)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    entries = dictionary_entries(counts)
    write_dictionary(out / DICT_FILE, entries)
    model.save(out / WEIGHTS_FILE)
    corpus_name, corpus_sha = source_record(corpus)
    meta = {
        "task": TASK,
        "class": "PerceptronSegmenter",
        "engine": PERCEPTRON,
        "tag_scheme": "".join(BMES),
        "files": [DICT_FILE, WEIGHTS_FILE],
        "data": {
            "corpus": corpus_name,
            "format": fmt,
            "split": split,
            "sha256": corpus_sha,
            "sentences": len(sentences),
            "words": sum(counts.words.values()),
        },
        "params": {
            "normalize_width": True,
            "fold_traditional": fold_traditional,
            "epochs": chosen,
            "max_epochs": epochs if choose_epochs else None,
            "update": update,
            "folds": folds,
            "bits": bits,
            "seed": seed,
            "names": names,
            "features": list(TEMPLATES),
        },
        "dictionary_words": len(entries),
        "weight_rows": int(
            np.count_nonzero(np.any(model.weights_.astype(np.float16) != 0, axis=1))
        ),
        "metrics": {"dev_f1_by_epoch": history},
    }
    write_meta(out, meta, [DICT_FILE])  # weights.bin carries its own checksum
    return meta
