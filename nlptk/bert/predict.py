"""bert: batched BERT inference over windows — sorted by length, dynamic padding,
``inference_mode`` and bf16 autocast where it runs fast.

Sorting by length means each batch pads only to its own longest window, which for short
sentences is most of the win; results are put back in input order.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import torch

from nlptk.bert.batching import Collator
from nlptk.bert.encode import Window
from nlptk.bert.runtime import autocast
from nlptk.bert.windows import best_window

__all__ = ["window_scores", "merge_unit_scores", "merge_text_scores"]


def window_scores(
    model: torch.nn.Module,
    windows: Sequence[Window],
    pad_id: int,
    device: torch.device,
    bf16: bool,
    batch_size: int = 256,
    token_level: bool = True,
) -> list[np.ndarray]:
    """Log-probabilities per window: ``(len(w.positions), n_labels)`` for token tasks (at the
    first sub-token of each unit), ``(n_labels,)`` for classification."""
    model.eval()
    collate = Collator(pad_id)
    order = sorted(range(len(windows)), key=lambda i: len(windows[i].ids))
    out: list[np.ndarray] = [np.empty(0)] * len(windows)
    with torch.inference_mode():
        for b in range(0, len(order), batch_size):
            rows = order[b : b + batch_size]
            batch = collate([(windows[i].ids, windows[i].types, None) for i in rows])
            with autocast(device, bf16):
                logits = model(**{k: v.to(device) for k, v in batch.items()}).logits
            logp = torch.log_softmax(logits.float(), dim=-1).cpu().numpy()
            for r, i in enumerate(rows):
                out[i] = logp[r, windows[i].positions] if token_level else logp[r]
    return out


def merge_unit_scores(
    windows: Sequence[Window], scores: Sequence[np.ndarray], sizes: Sequence[int], n_labels: int
) -> list[np.ndarray]:
    """Per example, ``(n_units, n_labels)`` scores taken from each unit's most central
    window; a unit without sub-tokens (a space) scores all labels equally (zeros)."""
    per_example: list[list[int]] = [[] for _ in sizes]
    for w, window in enumerate(windows):
        per_example[window.example].append(w)
    merged = []
    for ex, n in enumerate(sizes):
        table = np.zeros((n, n_labels))
        ws = per_example[ex]
        owner = best_window([windows[w].span for w in ws], n)
        for k, w in enumerate(ws):
            for row, unit in zip(scores[w], windows[w].units, strict=True):
                if owner[unit] == k:
                    table[unit] = row
        merged.append(table)
    return merged


def merge_text_scores(
    windows: Sequence[Window], scores: Sequence[np.ndarray], n_texts: int, n_labels: int
) -> np.ndarray:
    """Per text, the mean probability over its windows, as ``(n_texts, n_labels)``."""
    total = np.zeros((n_texts, n_labels))
    count = np.zeros(n_texts)
    for window, logp in zip(windows, scores, strict=True):
        total[window.example] += np.exp(logp)
        count[window.example] += 1
    return total / np.maximum(count, 1)[:, None]
