"""metrics: strict entity-level precision, recall and F1 — the CoNLL measure, per type and micro.

An entity counts as found only when its type and both boundaries match a gold entity
exactly. Entities are read from BIOES tags strictly, as seqeval's ``mode="strict"`` with the
IOBES scheme does: ``B-X (I-X)* E-X`` or ``S-X``; a chunk that never closes is no entity.
On well-formed tags (all nlptk readers validate, and the HMM decoder closes what it opens)
this equals conlleval. Pure function over plain lists; no I/O.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from nlptk.sequence.tags import Entity, split_tag

__all__ = ["strict_entities", "span_scores", "entity_scores", "prf"]


def strict_entities(tags: Sequence[str]) -> list[Entity]:
    """Entities of a BIOES sequence, read strictly (ill-formed chunks are skipped).

    >>> strict_entities(["B-PER", "E-PER", "O", "S-LOC", "B-ORG", "I-ORG", "O"])
    [(0, 2, 'PER'), (3, 4, 'LOC')]
    """
    entities: list[Entity] = []
    i, n = 0, len(tags)
    while i < n:
        prefix, etype = split_tag(tags[i])
        if prefix == "S":
            entities.append((i, i + 1, etype))
        elif prefix == "B":
            j = i + 1
            while j < n and tags[j] == f"I-{etype}":
                j += 1
            if j < n and tags[j] == f"E-{etype}":
                entities.append((i, j + 1, etype))
                i = j
            else:
                # The run broke off: its first non-inside tag may itself start an entity.
                i = j
                continue
        i += 1
    return entities


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 of ``tp`` right out of ``n_pred`` predicted and ``n_gold``
    gold items (0 where undefined), with the counts."""
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "support": n_gold,
        "predicted": n_pred,
        "correct": tp,
    }


def span_scores(
    gold: Iterable[Iterable[Entity]], pred: Iterable[Iterable[Entity]]
) -> dict[str, dict]:
    """Scores from per-sentence entity span lists ``(start, end, type)``.

    Returns ``{"micro": {...}, "per_type": {TYPE: {...}}}``, each score a dict of
    ``precision``, ``recall``, ``f1``, ``support`` (gold count), ``predicted`` and
    ``correct``; a score with nothing to divide by is 0.0, as in seqeval.

    >>> s = span_scores([[(0, 2, "PER"), (3, 4, "LOC")]], [[(0, 2, "PER"), (3, 5, "LOC")]])
    >>> s["micro"]["f1"], s["per_type"]["LOC"]["recall"]
    (0.5, 0.0)
    """
    tp: Counter[str] = Counter()
    n_gold: Counter[str] = Counter()
    n_pred: Counter[str] = Counter()
    n_sent = 0
    for g, p in zip(gold, pred, strict=True):
        n_sent += 1
        g_set, p_set = set(g), set(p)
        n_gold.update(e[2] for e in g_set)
        n_pred.update(e[2] for e in p_set)
        tp.update(e[2] for e in g_set & p_set)
    per_type = {t: prf(tp[t], n_pred[t], n_gold[t]) for t in sorted(set(n_gold) | set(n_pred))}
    micro = prf(sum(tp.values()), sum(n_pred.values()), sum(n_gold.values()))
    return {"micro": micro, "per_type": per_type, "sentences": n_sent}


def entity_scores(gold: Iterable[Sequence[str]], pred: Iterable[Sequence[str]]) -> dict[str, dict]:
    """Strict entity scores from per-sentence BIOES tag lists (same shape as ``span_scores``).

    Raises ``ValueError`` when a gold and a predicted sentence differ in length.

    >>> entity_scores([["B-PER", "E-PER", "O"]], [["B-PER", "E-PER", "O"]])["micro"]["f1"]
    1.0
    """

    gold_spans: list[list[Entity]] = []
    pred_spans: list[list[Entity]] = []
    for i, (g, p) in enumerate(zip(gold, pred, strict=True)):
        if len(g) != len(p):
            raise ValueError(f"sentence {i + 1}: {len(g)} gold tags but {len(p)} predicted tags")
        gold_spans.append(strict_entities(g))
        pred_spans.append(strict_entities(p))
    return span_scores(gold_spans, pred_spans)
