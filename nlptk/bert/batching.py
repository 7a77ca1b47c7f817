"""bert: batches for BERT — length-grouped shuffling and dynamic padding (torch).

Padding every batch to the model's maximum length wastes most of the compute on short
sentences; grouping similar lengths and padding each batch to its own longest sequence
does not.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from nlptk.bert.encode import IGNORE

__all__ = ["Collator", "length_grouped_batches"]


class Collator:
    """Pads ``(ids, types, label)`` items to the batch's longest sequence; picklable for
    DataLoader workers. ``types`` may be empty (all zero); ``label`` ``None`` (prediction),
    an int (classification) or a list over positions (token tagging)."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id

    def __call__(
        self, items: Sequence[tuple[list[int], list[int], Any]]
    ) -> dict[str, torch.Tensor]:
        n, width = len(items), max(len(item[0]) for item in items)
        ids = torch.full((n, width), self.pad_id, dtype=torch.long)
        mask = torch.zeros((n, width), dtype=torch.long)
        batch = {"input_ids": ids, "attention_mask": mask}
        if any(item[1] for item in items):
            batch["token_type_ids"] = torch.zeros((n, width), dtype=torch.long)
        label = items[0][2]
        if isinstance(label, list):
            batch["labels"] = torch.full((n, width), IGNORE, dtype=torch.long)
        elif label is not None:
            batch["labels"] = torch.empty(n, dtype=torch.long)
        for row, (seq, types, label) in enumerate(items):
            ids[row, : len(seq)] = torch.tensor(seq)
            mask[row, : len(seq)] = 1
            if types:
                batch["token_type_ids"][row, : len(types)] = torch.tensor(types)
            if isinstance(label, list):
                batch["labels"][row, : len(label)] = torch.tensor(label)
            elif label is not None:
                batch["labels"][row] = label
        return batch


def length_grouped_batches(
    lengths: Sequence[int], batch_size: int, seed: int, group: int = 50
) -> list[list[int]]:
    """Shuffled batches of indices whose lengths are close: sort within random chunks of
    ``group`` batches, then shuffle the batches. Padding waste drops, randomness stays.

    >>> sorted(len(b) for b in length_grouped_batches([5, 1, 4, 2, 3], 2, seed=0))
    [1, 2, 2]
    """
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(lengths))
    chunk = batch_size * group
    batches = []
    for c in range(0, len(order), chunk):
        part = sorted(order[c : c + chunk].tolist(), key=lambda i: -lengths[i])
        batches.extend(part[b : b + batch_size] for b in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches
