"""segment: train a segmentation model from a segmented corpus — ``nlptk train segment``.

The model is jieba's pipeline with learnt parts: a dictionary of the corpus's words (with
their most frequent POS tag), a BMES HMM estimated from the gold words, and two refinements
that make a People's Daily dictionary work on other text (see ``train_segment``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from nlptk._schema import Int, Num, Obj, check_params
from nlptk.artifacts import check_model_dir, source_record, write_meta
from nlptk.errors import InputError
from nlptk.metrics.words import SegTally, tally_line
from nlptk.readers.corpora import (
    Corpus,
    as_corpora,
    corpus_keys,
    data_record,
    split_dev,
    weigh,
)
from nlptk.readers.words import read_raw, read_segmented
from nlptk.segment.dictionary import PrefixDict
from nlptk.segment.engine import PyEngine
from nlptk.segment.estimate import (
    SOLO_GRID,
    SegCounts,
    SmoothedHMM,
    dictionary_entries,
    estimate_hmm,
    single_ratios,
    solo_chars,
)
from nlptk.segment.fold import normalizer
from nlptk.segment.model import DICT_FILE, HMM_FILE, TASK, write_dictionary, write_hmm
from nlptk.sequence.tags import BMES

__all__ = [
    "AUTO",
    "PARAMS",
    "Track",
    "as_corpora",
    "data_record",
    "held_out",
    "split_dev",
    "train_segment",
    "parse_threshold",
    "weigh",
]

T = TypeVar("T")

#: Progress hook: wraps an iterable, given a description and the expected length.
Track = Callable[[Iterable[T], str, "int | None"], Iterable[T]]

#: ``solo_threshold`` value that chooses the threshold on a dev split.
AUTO = "auto"

Sentence = tuple[list[str], "list[str] | None"]

#: ``train_segment``'s numeric hyper-parameters, checked before any data is read.
PARAMS = Obj({"alpha": Num(above=0.0), "n_iter": Int(lo=1), "adapt_weight": Num(lo=0.0)})


def _no_track(items: Iterable[T], description: str, total: int | None = None) -> Iterable[T]:
    return items


def parse_threshold(value: str) -> float | str | None:
    """``auto``, ``none`` or a number in (0, 1] — the ``--solo-threshold`` option."""
    if value.lower() in (AUTO, "none"):
        return AUTO if value.lower() == AUTO else None
    try:
        threshold = float(value)
    except ValueError:
        threshold = -1.0
    if not 0 < threshold <= 1:
        raise InputError(f"solo threshold {value!r}: expected auto, none or a number in (0, 1]")
    return threshold


def _read_sentences(
    corpus: str, fmt: str, split: str, normalize: Callable[[str], str] | None, names: str
) -> list[Sentence]:
    sentences = []
    for _, words, tags in read_segmented(corpus, fmt, split, names):
        if words:
            sentences.append(([normalize(w) for w in words] if normalize else words, tags))
    if not sentences:
        raise InputError(f"{corpus}: no segmented sentences to train on (split {split!r})")
    return sentences


def held_out(
    out_dir: Path,
    corpora: Sequence[Corpus],
    split: str,
    names: str,
    conventions: Sequence[str] | None = None,
) -> dict[str, dict[str, float]]:
    """With ``split == "train"``, the written model's F1 (precision, recall, lines) on each
    corpus's held-out last 10%, keyed by corpus, each corpus read in its own convention
    (``conventions``, one per corpus, for a model trained with them); nothing for other
    splits."""
    if split != "train":
        return {}
    from nlptk.segment.evaluate import score_segmentation
    from nlptk.segment.segmenter import Segmenter

    scores = {}
    for i, (key, corpus) in enumerate(zip(corpus_keys(corpora), corpora, strict=True)):
        if i == 0 or conventions:
            segmenter = Segmenter.load(out_dir, convention=conventions[i] if conventions else None)
        m = score_segmentation(
            corpus.path, fmt=corpus.fmt, split="test", segmenter=segmenter, names=names
        )
        scores[key] = {k: m[k] for k in ("f1", "precision", "recall", "lines")}
    return scores


def _count(sentences: Iterable[Sentence]) -> SegCounts:
    counts = SegCounts()
    for words, tags in sentences:
        counts.add(words, tags)
    return counts


def _dev_f1(engine: PyEngine, dev: Sequence[Sentence]) -> float:
    tally = SegTally()
    for words, _ in dev:
        tally += tally_line(words, engine.cut("".join(words), "accurate", True))
    return float(tally.metrics()["f1"])


def _choose_threshold(
    per_corpus: Sequence[Sequence[Sentence]],
    corpora: Sequence[Corpus],
    alpha: float,
    track: Track,
) -> tuple[float | None, dict[str, float]]:
    """Fit on the first 90% of each corpus's sentences (weighted), try every ``SOLO_GRID``
    value on the rest; the best dev F1 wins (ties: the first tried)."""
    fits, dev = split_dev(per_corpus)
    fit = weigh(fits, corpora)
    if not fit or not dev:
        n = sum(map(len, per_corpus))
        raise InputError(
            f"{n} sentence(s) are too few to choose the solo threshold on a dev "
            "split; pass --solo-threshold none or a number"
        )
    counts = _count(fit)
    pdict = PrefixDict.from_words(counts.words.items())  # the words dictionary_entries keeps
    params = estimate_hmm(counts, alpha).params()
    ratios = single_ratios(counts)
    scores: dict[str, float] = {}
    for threshold in track(SOLO_GRID, "Choosing the solo threshold", len(SOLO_GRID)):
        engine = PyEngine(pdict, params, solo_chars(ratios, threshold))
        scores[str(threshold).lower()] = _dev_f1(engine, dev)
    best = max(SOLO_GRID, key=lambda t: scores[str(t).lower()])
    return best, scores


def train_segment(
    corpus: str | Sequence[Corpus],
    out_dir: str | Path,
    *,
    fmt: str = "pd",
    split: str = "all",
    normalize_width: bool = True,
    fold_traditional: bool = True,
    solo_threshold: float | str | None = AUTO,
    alpha: float = 0.1,
    adapt: str | None = None,
    n_iter: int = 5,
    adapt_weight: float = 1.0,
    names: str = "split",
    track: Track = _no_track,
) -> dict[str, Any]:
    """Train a model on ``corpus`` (a path in ``fmt``, or several ``Corpus`` values, each
    with its format and weight) and write it to ``out_dir``; returns its ``meta.json``.
    With ``split="train"`` each corpus's last 10% is held out and scored at the end
    (``metrics.held_out``).

    ``solo_threshold`` is ``"auto"``, ``None``, a number, or a string ``parse_threshold``
    reads.

    Two refinements over stock jieba, both stored in the model:

    - ``normalize_width``: dictionary words are stored half width and text is looked up
      half width, so People's Daily's ``１９９８年`` matches ``1998年`` in other text.
    - ``fold_traditional``: words and text are looked up with traditional characters folded
      to simplified (``nlptk.segment.fold``), so a simplified corpus serves traditional text.
    - ``solo_threshold``: characters that are single words at least this share of the time
      are never merged by the HMM (jieba sends every run of single characters to it, which
      glues words like 的 and 在 to their neighbours). ``"auto"`` picks the value from
      ``SOLO_GRID`` with the best F1 on a dev split carved from the end of the training
      sentences; ``None`` turns it off.

    ``alpha`` is the add-alpha emission smoothing. ``adapt`` names a raw text file of a new
    domain; the HMM is then refined on it by Baum-Welch (``n_iter`` iterations, the labelled
    counts weighted by ``adapt_weight``; see ``nlptk.segment.adapt``). ``names`` is
    ``"split"`` or ``"whole"`` (``nlptk.readers.names``: People's Daily names as one word).

    Raises ``InputError`` for an empty corpus or a hyper-parameter out of range (``NaN``,
    infinite), and ``CorpusFormatError`` for a malformed line.
    """
    check_params({"alpha": alpha, "n_iter": n_iter, "adapt_weight": adapt_weight}, PARAMS)
    if isinstance(solo_threshold, str):
        solo_threshold = parse_threshold(solo_threshold)
    check_model_dir(out_dir)
    corpora = as_corpora(corpus, fmt)
    normalize = normalizer(normalize_width, fold_traditional)
    per_corpus = [_read_sentences(c.path, c.fmt, split, normalize, names) for c in corpora]
    dev_scores: dict[str, float] = {}
    if solo_threshold == AUTO:
        threshold, dev_scores = _choose_threshold(per_corpus, corpora, alpha, track)
    else:
        threshold = float(solo_threshold) if solo_threshold is not None else None
    sentences = weigh(per_corpus, corpora)
    counts = _count(track(sentences, "Counting", len(sentences)))
    hmm = estimate_hmm(counts, alpha)
    solo = solo_chars(single_ratios(counts), threshold)
    adapt_record: dict[str, Any] | None = None
    if adapt is not None:
        hmm, adapt_record = _adapt(hmm, counts, alpha, adapt, n_iter, adapt_weight, track)
    sizes = [(len(c), sum(len(w) for w, _ in c)) for c in per_corpus]
    meta = _write_model(
        Path(out_dir),
        counts,
        hmm,
        solo,
        data=data_record(corpora, split, sizes),
        params={
            "normalize_width": normalize_width,
            "fold_traditional": fold_traditional,
            "solo_threshold": threshold,
            "solo_grid": list(SOLO_GRID) if dev_scores else None,
            "alpha": alpha,
            # recorded when not the corpus's own reading, so pd98 retrains to its meta.json
            **({"names": names} if names != "split" else {}),
        },
        metrics={"dev_f1_by_solo_threshold": dev_scores} if dev_scores else {},
        adapt=adapt_record,
    )
    scores = held_out(Path(out_dir), corpora, split, names)
    if scores:
        meta["metrics"]["held_out"] = scores
        write_meta(out_dir, meta, [DICT_FILE, HMM_FILE])
    return meta


def _adapt(
    hmm: SmoothedHMM,
    counts: SegCounts,
    alpha: float,
    raw: str,
    n_iter: int,
    weight: float,
    track: Track,
) -> tuple[SmoothedHMM, dict[str, Any]]:
    from nlptk.segment.adapt import adapt_hmm

    texts = [text for _, text in read_raw(raw)]
    if not texts:
        raise InputError(f"{raw}: no text to adapt the HMM on")
    adapted, history = adapt_hmm(counts, alpha, texts, n_iter, weight, track)
    raw_name, raw_sha = source_record(raw)
    record = {
        "raw": raw_name,
        "sha256": raw_sha,
        "n_iter": n_iter,
        "weight": weight,
        "log_likelihood": history,
    }
    return adapted, record


def _write_model(
    out_dir: Path,
    counts: SegCounts,
    hmm: SmoothedHMM,
    solo: frozenset[str],
    data: dict[str, Any],
    params: dict[str, Any],
    metrics: dict[str, Any],
    adapt: dict[str, Any] | None,
) -> dict[str, Any]:
    out_dir.mkdir(parents=True, exist_ok=True)
    entries = dictionary_entries(counts)
    write_dictionary(out_dir / DICT_FILE, entries)
    write_hmm(out_dir / HMM_FILE, hmm, solo)
    meta = {
        "task": TASK,
        "class": "Segmenter",
        "tag_scheme": "".join(BMES),
        "files": [DICT_FILE, HMM_FILE],
        "data": data,
        "params": params,
        "adapt": adapt,
        "dictionary_words": len(entries),
        "solo_chars": len(solo),
        "metrics": metrics,
    }
    write_meta(out_dir, meta, [DICT_FILE, HMM_FILE])
    return meta
