"""segment: train the perceptron segmenter — ``nlptk train segment --engine perceptron``.

Dictionary features are **jackknifed**: training sentence ``j`` sees the dictionary of the
words of the other folds (``j % folds`` names its fold), never its own, so the model learns
how far to trust a dictionary that misses words, as it will on new text. Dev sentences (the
last 10% of the training lines) see the dictionary of all the others. The number of epochs
is the one with the best dev F1; the model is then retrained on every sentence for that
many epochs, its dictionary (``dict.txt``) the whole training vocabulary.

Several corpora (``--data`` more than once) train one model: each corpus's sentences count
its weight times (``nlptk.readers.corpora.weighted``), the dev split is the last 10% of
each, and with ``split="train"`` each corpus's held-out 10% is scored at the end.
``dict_features`` adds a second word list (jieba's dictionary) as features of its own,
never jackknifed (it is the same list on new text); ``init_model`` starts from a shipped
model's weights, dictionary and feature set rather than from zero.

``conventions`` (one name per corpus: ``--conventions pd98,weibo``) trains one model for
corpora that disagree on where words end, the multi-criteria segmentation of Chen et al.
(2017) and He et al. (2019): every sentence's features get a second copy salted by its
corpus's number (``with_convention``), so the shared ids learn what the corpora agree on and
each copy where its corpus differs. The dev F1 and each corpus's held-out score read each
corpus in its own convention; the model decodes in the one it is asked for (``convention``,
by default the first).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.artifacts import sha256_files, write_meta
from nlptk.errors import InputError
from nlptk.metrics.words import SegTally, tally_line
from nlptk.readers.corpora import Corpus
from nlptk.readers.words import read_segmented
from nlptk.segment.engine import Engine
from nlptk.segment.estimate import SegCounts, dictionary_entries
from nlptk.segment.fold import normalizer
from nlptk.segment.model import DICT_FILE, PERCEPTRON, TASK, write_dictionary
from nlptk.segment.perceptron.features import (
    SOURCE_TEMPLATES,
    TEMPLATES,
    seg_decode,
    text_features,
)
from nlptk.segment.perceptron.tagger import (
    BMES_ALLOWED,
    FEATURES_FILE,
    WEIGHTS_FILE,
    dictionary_engine,
    labels_to_spans,
    read_pairs,
)
from nlptk.segment.train import as_corpora, data_record, held_out, split_dev, weigh
from nlptk.sequence.perceptron import Feats, Perceptron, Track, Trainer
from nlptk.sequence.tags import BMES

__all__ = ["JIEBA", "UPDATES", "train_perceptron"]


#: ``--update`` choices: the plain perceptron step, or passive-aggressive (PA-I).
UPDATES = ("plain", "pa")
#: ``--dict-features`` value naming the installed jieba package's dictionary.
JIEBA = "jieba"

Example = tuple[Feats, bytes]


def _gold(words: Sequence[str]) -> bytes:
    out = bytearray()
    for w in words:
        out += b"\x03" if len(w) == 1 else b"\x00" + b"\x01" * (len(w) - 2) + b"\x02"
    return bytes(out)


def _features(text: str, words: Engine, source: Engine | None, convention: int | None) -> Feats:
    spans = words.spans(text, "full", False)
    source_spans = source.spans(text, "full", False) if source is not None else None
    return text_features(text, spans, source_spans, convention)


def _examples(
    sentences: Sequence[list[str]],
    folds: int,
    base: Counter[str],
    source: Engine | None,
    conventions: Sequence[int | None],
) -> list[Example]:
    """Features of every sentence under its jackknifed dictionary (plus ``base``, the
    dictionary of an ``init_model``) and in its convention (``conventions``, one per
    sentence), and its gold labels."""
    total = Counter(w for words in sentences for w in words)
    out: list[Example | None] = [None] * len(sentences)
    for k in range(folds):
        own = Counter(w for words in sentences[k::folds] for w in words)
        engine = dictionary_engine(sorted(((total - own) + base).items()))
        for j in range(k, len(sentences), folds):
            text = "".join(sentences[j])
            out[j] = (_features(text, engine, source, conventions[j]), _gold(sentences[j]))
    return out  # type: ignore[return-value]


def _dev_f1(
    model: Perceptron,
    dev: Sequence[list[str]],
    words: Counter[str],
    source: Engine | None,
    conventions: Sequence[int | None],
) -> float:
    """F1 on the ``dev`` sentences, each read in its convention (``conventions``)."""
    engine = dictionary_engine(sorted(words.items()))
    tally = SegTally()
    for gold, convention in zip(dev, conventions, strict=True):
        text = "".join(gold)
        if source is None and convention is None:
            labels = seg_decode(model, text, engine.spans(text, "full", False))
        else:
            labels = model.path(_features(text, engine, source, convention))
        spans = labels_to_spans(labels)
        tally += tally_line(gold, [text[s:e] for s, e in spans])
    return float(tally.metrics()["f1"])


class _Init:
    """What ``--init-model`` carries over: weights, transitions, dictionary (with tags),
    the feature-only word list and the normalisation of a trained perceptron model."""

    def __init__(self, name: str) -> None:
        from nlptk.artifacts import model_file, model_kind
        from nlptk.segment.model import load_model

        kind = model_kind(name, TASK)
        if kind.engine != PERCEPTRON:
            raise InputError(
                f"--init-model {name}: a {kind.engine!r} segmentation model; training "
                f"continues from a {PERCEPTRON} model's weights (pd98-perceptron, or one from "
                "nlptk train segment --engine perceptron)"
            )
        m = load_model(name)
        self.name = kind.path.name
        self.model = Perceptron.load(model_file(m.path, WEIGHTS_FILE), BMES, BMES_ALLOWED)
        self.bits = self.model.bits
        self.fold_traditional = m.fold_traditional
        self.params = m.meta["params"]
        lines = (line for line in m.dictionary.read_text(encoding="utf-8").splitlines())
        self.entries = [(w, int(f), t or None) for w, f, t in (_entry(x) for x in lines)]
        self.source = None
        if self.params.get("dict_features"):
            self.source = read_pairs(model_file(m.path, FEATURES_FILE, m.meta))
        self.sha256 = sha256_files([model_file(m.path, WEIGHTS_FILE)])

    def fresh(self) -> Perceptron:
        """A trainable copy: the dense weights and the transitions."""
        model = Perceptron(BMES, BMES_ALLOWED, self.bits, weights=self.model.weights_.dense())
        model.trans_ = self.model.trans_.astype(np.float32, copy=True)
        return model


def _entry(line: str) -> tuple[str, str, str]:
    word, freq, tag = (line.split(" ") + ["", ""])[:3]
    return word, freq, tag


def _fit(
    examples: Sequence[Example],
    epochs: int,
    update: str,
    bits: int,
    seed: int,
    track: Track | None,
    dev: Callable[[Perceptron], float] | None = None,
    init: _Init | None = None,
) -> tuple[Perceptron, list[float]]:
    """The averaged model after ``epochs`` shuffled passes (order from ``seed``), and the
    dev F1 after each pass when ``dev`` scores one; from ``init``'s weights when given."""
    start = init.fresh() if init is not None else Perceptron(BMES, BMES_ALLOWED, bits)
    trainer = Trainer(start, passive_aggressive=update == "pa")
    history = trainer.passes(examples, epochs, seed, track, dev)
    return trainer.averaged(), history


def _source_words(spec: str, normalize: Callable[[str], str]) -> tuple[list[tuple[str, int]], str]:
    """The feature-only word list of ``--dict-features``: ``jieba`` (the installed jieba
    package's dictionary) or a dictionary file (``word freq [tag]`` lines), normalised as
    the text is, and the file it came from."""
    from nlptk.segment.segmenter import jieba_sources, main_dict_words

    path = jieba_sources()[0] if spec == JIEBA else Path(spec)
    freqs: Counter[str] = Counter()
    for word, freq in main_dict_words(path):
        key = normalize(word)
        freqs[key] = max(freqs[key], freq)
    if not freqs:
        raise InputError(f"--dict-features {spec}: no words")
    return sorted(freqs.items()), str(path)


def train_perceptron(
    corpus: str | Sequence[Corpus],
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
    dict_features: str | None = None,
    init_model: str | None = None,
    conventions: Sequence[str] | None = None,
    convention: str | None = None,
    track: Track | None = None,
) -> dict[str, Any]:
    """Train a perceptron segmenter on ``corpus`` (a path in ``fmt``, or several ``Corpus``
    values) and write it to ``out_dir``; returns its ``meta.json``. Same data and seed give
    byte-identical ``dict.txt`` and ``weights.bin``.

    Words are width-normalised, and with ``fold_traditional`` folded to simplified
    characters, as the segmenter normalises the text it tags.

    ``epochs`` is the most passes tried (``choose_epochs``) or the passes made; ``update``
    one of ``UPDATES``; ``bits`` the size of the hashed weight table (``2**bits`` rows);
    ``names`` ``"split"`` or ``"whole"`` (People's Daily names as one word);
    ``dict_features`` ``"jieba"`` or a dictionary file whose words become features of their
    own (``features.txt``); ``init_model`` a perceptron model (name or folder) whose
    weights, dictionary, feature set, width of table and folding the training starts from;
    ``conventions`` one annotation convention's name per corpus (multi-criteria training)
    and ``convention`` the one the model answers in by default (the first when ``None``).

    Raises ``InputError`` for an unknown update, a bad count, a corpus with no sentences,
    an ``init_model`` that is not a perceptron segmenter, or conventions that do not name
    each corpus once (or a default that is not one of them).
    """
    if update not in UPDATES:
        raise InputError(f"unknown update {update!r}; choose one of {', '.join(UPDATES)}")
    if epochs < 1 or folds < 2 or not 10 <= bits <= 26:
        raise InputError("need epochs >= 1, folds >= 2 and bits in 10..26")
    corpora = as_corpora(corpus, fmt)
    names_of = _check_conventions(conventions, convention, len(corpora))
    init = _Init(init_model) if init_model is not None else None
    if init is not None:
        bits, fold_traditional = init.bits, init.fold_traditional
        if dict_features is None:
            dict_features = init.params.get("dict_features")
    normalize = normalizer(True, fold_traditional) or str
    source_pairs: list[tuple[str, int]] | None = None
    source_file = None
    if (
        init is not None
        and init.source is not None
        and dict_features == init.params.get("dict_features")
    ):
        source_pairs = init.source
    elif dict_features is not None:
        source_pairs, source_file = _source_words(dict_features, normalize)
    source = dictionary_engine(source_pairs) if source_pairs is not None else None
    per_corpus: list[list[list[str]]] = []
    counts = SegCounts()
    for c in corpora:
        sentences = []
        for _, words, tags in read_segmented(c.path, c.fmt, split, names):
            if words:
                words = [normalize(w) for w in words]
                sentences.append(words)
                counts.add(words, tags)
        if not sentences:
            raise InputError(f"{c.path}: no segmented sentences to train on (split {split!r})")
        per_corpus.append(sentences)
    n_sentences = sum(map(len, per_corpus))
    if n_sentences < folds:
        raise InputError(f"{corpora[0].path}: {n_sentences} sentence(s), fewer than {folds} folds")
    base: Counter[str] = Counter()
    if init is not None:
        for word, freq, _ in init.entries:
            base[word] += freq
    history: list[float] = []
    chosen = epochs
    if choose_epochs:
        fits, dev = split_dev(per_corpus)
        fit = [s for c in fits for s in c]
        if len(fit) < folds or not dev:
            raise InputError(
                f"{corpora[0].path}: too few sentences for a dev split; make a fixed number "
                "of passes (--no-choose-epochs)"
            )
        fit_ks, dev_ks = split_dev(_numbers(per_corpus, names_of))
        examples = _per_corpus(
            _examples(fit, folds, base, source, [k for ks in fit_ks for k in ks]), fits
        )
        fit_words = Counter(w for words in fit for w in words) + base
        _, history = _fit(
            weigh(examples, corpora),
            epochs,
            update,
            bits,
            seed,
            track,
            dev=lambda m: _dev_f1(m, dev, fit_words, source, dev_ks),
            init=init,
        )
        chosen = 1 + max(range(epochs), key=lambda e: (history[e], -e))
    every = [s for c in per_corpus for s in c]
    every_ks = [k for ks in _numbers(per_corpus, names_of) for k in ks]
    examples = _per_corpus(_examples(every, folds, base, source, every_ks), per_corpus)
    model, _ = _fit(weigh(examples, corpora), chosen, update, bits, seed, track, init=init)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    if init is not None:
        for word, freq, tag in init.entries:
            counts.words[word] += freq
            if tag:
                counts.tags.setdefault(word, Counter())[tag] += freq
    entries = dictionary_entries(counts)
    write_dictionary(out / DICT_FILE, entries)
    checked = [DICT_FILE]
    if source_pairs is not None:
        write_dictionary(out / FEATURES_FILE, ((w, f, None) for w, f in source_pairs))
        checked.append(FEATURES_FILE)
    model.save(out / WEIGHTS_FILE)
    sizes = [(len(c), sum(map(len, c))) for c in per_corpus]
    params: dict[str, Any] = {
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
    }
    meta: dict[str, Any] = {
        "task": TASK,
        "class": "PerceptronSegmenter",
        "engine": PERCEPTRON,
        "tag_scheme": "".join(BMES),
        "files": [DICT_FILE, WEIGHTS_FILE],
        "data": data_record(corpora, split, sizes),
        "params": params,
        "dictionary_words": len(entries),
        "weight_rows": int(
            np.count_nonzero(np.any(model.weights_.astype(np.float16) != 0, axis=1))
        ),
        "metrics": {"dev_f1_by_epoch": history},
    }
    if source_pairs is not None:
        params["dict_features"] = dict_features
        meta["files"].append(FEATURES_FILE)
        meta["dict_features"] = {
            "source": dict_features,
            "sha256": sha256_files([source_file]) if source_file else None,
            "words": len(source_pairs),
            "templates": list(SOURCE_TEMPLATES),
        }
    if init is not None:
        meta["init_model"] = {"name": init.name, "weights_sha256": init.sha256}
    if names_of is not None:
        meta["conventions"] = names_of
        meta["convention"] = convention or names_of[0]
    write_meta(out, meta, checked)  # weights.bin carries its own checksum
    scores = held_out(out, corpora, split, names, names_of)
    if scores:
        meta["metrics"]["held_out"] = scores
        write_meta(out, meta, checked)
    return meta


def _per_corpus(items: list[Example], shape: Sequence[Sequence[object]]) -> list[list[Example]]:
    """``items`` (one per sentence, corpora in order) cut back into one list per corpus."""
    out, at = [], 0
    for part in shape:
        out.append(items[at : at + len(part)])
        at += len(part)
    return out


def _check_conventions(
    conventions: Sequence[str] | None, default: str | None, n_corpora: int
) -> list[str] | None:
    """The convention names, one per corpus, checked: distinct, non-empty, as many as
    the corpora, the ``default`` among them."""
    if conventions is None:
        if default is not None:
            raise InputError(f"--convention {default}: needs --conventions, one name per --data")
        return None
    names = list(conventions)
    if len(names) != n_corpora or len(set(names)) != len(names) or not all(names):
        raise InputError(
            f"--conventions {','.join(names)}: need {n_corpora} distinct name(s), one per "
            "--data in order"
        )
    if default is not None and default not in names:
        raise InputError(f"--convention {default}: not one of --conventions ({', '.join(names)})")
    return names


def _numbers(
    per_corpus: Sequence[Sequence[object]], names: Sequence[str] | None
) -> list[list[int | None]]:
    """Each sentence's convention number (its corpus's), shaped as ``per_corpus``; all
    ``None`` without conventions."""
    return [[k if names else None] * len(c) for k, c in enumerate(per_corpus)]
