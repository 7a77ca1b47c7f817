"""bert: inputs → model windows of sub-token ids (no torch; any fast HF tokenizer).

Units (words or characters) are tokenized once each; a sentence longer than the model's
length is cut into overlapping windows of whole units (``windows.unit_windows``). In each
window the first sub-token of a unit carries its label; the others are ignored in the loss
and in prediction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from nlptk.bert.windows import token_windows, unit_windows

__all__ = ["Window", "encode_units", "encode_texts", "IGNORE"]

#: Label id the loss ignores (torch's ``CrossEntropyLoss`` default ``ignore_index``).
IGNORE = -100


@dataclass(frozen=True, slots=True)
class Window:
    """One model input: ``ids`` with special tokens; ``units[k]`` is the unit whose first
    sub-token sits at ``positions[k]``; ``example`` and ``span`` locate it in the input;
    ``types`` are token-type ids (empty: all zero)."""

    example: int
    span: tuple[int, int]
    ids: list[int]
    positions: list[int]
    units: list[int]
    types: list[int]


class _Specials:
    """How the tokenizer wraps a sequence (``[CLS] … [SEP]``, ``<s> … </s>``, …), read off
    one probe encoding so any model family works."""

    def __init__(self, tokenizer) -> None:  # noqa: ANN001 - a transformers tokenizer
        bare = tokenizer("a", add_special_tokens=False)["input_ids"]
        full = tokenizer("a")["input_ids"]
        self.prefix = next(i for i in range(len(full)) if full[i : i + len(bare)] == bare)
        self.head = full[: self.prefix]
        self.tail = full[self.prefix + len(bare) :]
        self.n = len(self.head) + len(self.tail)

    def wrap(self, ids: list[int]) -> list[int]:
        return self.head + ids + self.tail


def _piece_table(tokenizer, unit_lists: Sequence[Sequence[str]]) -> dict[str, list[int]]:  # noqa: ANN001
    vocab = sorted({u for units in unit_lists for u in units})
    ids = tokenizer(vocab, add_special_tokens=False)["input_ids"] if vocab else []
    return dict(zip(vocab, ids, strict=True))


def encode_units(
    tokenizer,  # noqa: ANN001 - a transformers tokenizer
    unit_lists: Sequence[Sequence[str]],
    max_length: int,
    stride: int,
    case_types: bool = False,
) -> list[Window]:
    """Windows over each list of units; a unit with no sub-token (a space) gets no position.

    Parameters
    ----------
    tokenizer : transformers tokenizer
    unit_lists : sequence of sequences of str
        Words or characters of each sentence.
    max_length : int
        Model input length, special tokens included.
    stride : int
        Sub-tokens of overlap between consecutive windows of a long sentence.
    case_types : bool
        Give the sub-tokens of capitalised units token type 1. An uncased (lower-casing)
        tokenizer otherwise hides capitals, the strongest cue for English names; the spare
        token-type embedding carries it into the model at no cost in length.
    """
    specials = _Specials(tokenizer)
    budget = max(1, max_length - specials.n)
    table = _piece_table(tokenizer, unit_lists)
    out: list[Window] = []
    for ex, units in enumerate(unit_lists):
        pieces = [table[u][:budget] for u in units]
        for start, end in unit_windows([len(p) for p in pieces], budget, stride):
            ids: list[int] = []
            types: list[int] = []
            positions: list[int] = []
            owners: list[int] = []
            for i in range(start, end):
                if pieces[i]:
                    positions.append(specials.prefix + len(ids))
                    owners.append(i)
                    ids.extend(pieces[i])
                    types.extend([int(units[i][:1].isupper())] * len(pieces[i]))
            wrapped = specials.wrap(ids)
            if case_types:
                types = [0] * specials.prefix + types
                types += [0] * (len(wrapped) - len(types))
            else:
                types = []
            out.append(Window(ex, (start, end), wrapped, positions, owners, types))
    return out


def encode_texts(
    tokenizer,  # noqa: ANN001 - a transformers tokenizer
    texts: Sequence[str],
    max_length: int,
    stride: int,
) -> list[Window]:
    """Windows over each text's sub-tokens, for sequence classification."""
    specials = _Specials(tokenizer)
    budget = max(1, max_length - specials.n)
    all_ids = tokenizer(list(texts), add_special_tokens=False)["input_ids"] if texts else []
    out: list[Window] = []
    for ex, ids in enumerate(all_ids):
        for start, end in token_windows(len(ids), budget, stride):
            out.append(Window(ex, (start, end), specials.wrap(ids[start:end]), [], [], []))
    return out
