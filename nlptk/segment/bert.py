"""segment: ``nlptk segment --engine bert`` — Chinese word segmentation of a text stream with a
``BertSegmenter`` (``nlptk bert train --task segment``), in ``nlptk segment``'s formats.

Lines are segmented in batches (a BERT forward pass per line would be many times slower).
torch and transformers load with the model only.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from nlptk.artifacts import resolve_model
from nlptk.errors import NlptkError
from nlptk.parallel import batched
from nlptk.segment.output import FORMATS, tokens_json

__all__ = ["load_bert_segmenter", "bert_segment_stream"]


def load_bert_segmenter(model: str) -> Any:
    """The ``BertSegmenter`` in a directory from ``nlptk bert train --task segment`` (a
    shipped model's name is found too, and refused as not a BERT model)."""
    from nlptk.bert import BertSegmenter

    return BertSegmenter.load(resolve_model(model, task="bert-segment"))


def _with_spaces(line: str, words: list[tuple[int, int]]) -> list[tuple[int, int]]:
    # The dictionary engine gives each whitespace character a token of its own; so does this,
    # so that the tokens of both engines tile the line.
    spaces = [(i, i + 1) for i, c in enumerate(line) if c.isspace()]
    return sorted(words + spaces)


def _format_batch(seg: Any, lines: list[str], fmt: str, delimiter: str) -> str:
    out = []
    for line, spans in zip(lines, seg.spans(lines), strict=True):
        if fmt == "text":
            out.append(delimiter.join(line[s:e] for s, e in spans) + "\n")
        else:
            out.append(tokens_json(line, _with_spaces(line, spans)) + "\n")
    return "".join(out)


def bert_segment_stream(
    seg: Any,
    lines: Iterable[str],
    fmt: str = "text",
    delimiter: str = " ",
    batch_size: int = 256,
) -> Iterator[bytes]:
    """Formatted UTF-8 output of ``seg`` (a ``BertSegmenter``), one chunk of ``\\n``-terminated
    lines per batch of input lines, in order: the same formats as ``segment_stream`` —
    ``text`` words joined by ``delimiter`` (whitespace left out), ``jsonl`` every token with
    its offsets (each whitespace character a token, as the dictionary engine gives them)."""
    if fmt not in FORMATS:
        raise NlptkError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for batch in batched(lines, batch_size):
        yield _format_batch(seg, [line.rstrip("\r\n") for line in batch], fmt, delimiter).encode()
