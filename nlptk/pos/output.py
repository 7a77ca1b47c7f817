"""pos: the output of ``nlptk pos`` — ``word/tag`` text or jsonl with offsets, one line per
input line (conll: one line per word, a blank line after each input line), over line blocks
that ``-j N`` spreads over worker processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import accumulate
from typing import TYPE_CHECKING, Union

from nlptk.doc import Doc, format_doc
from nlptk.errors import NlptkError
from nlptk.io import LineBlock, jsonl
from nlptk.parallel import imap_ordered

if TYPE_CHECKING:
    from nlptk.pos.perceptron import PerceptronTagger
    from nlptk.pos.tagger import Tagger

#: Either tagger: both answer ``pairs(text, hmm)`` and ``tag(text, hmm)``.
AnyTagger = Union["Tagger", "PerceptronTagger"]

__all__ = ["POS_FORMATS", "format_tagged", "pos_stream"]

POS_FORMATS = ("text", "jsonl", "conll")


def format_tagged(tagger: AnyTagger, line: str, hmm: bool, fmt: str, delimiter: str) -> str:
    """One output record: ``text`` joins ``word/tag`` with ``delimiter``, leaving out
    whitespace tokens (as ``nlptk segment`` does); ``conll`` writes ``word<TAB>tag`` lines
    (whitespace left out) and a blank line — both ``nlptk.doc``'s writer, as ``nlptk
    analyze`` writes them; ``jsonl`` keeps every token with its offsets:
    ``{"text", "tokens": [{"word", "tag", "start", "end"}]}``."""
    if fmt in ("text", "conll"):
        pairs = tagger.pairs(line, hmm)
        words = [w for w, _ in pairs]
        doc = Doc.of_words(line, words, list(accumulate(map(len, words))), [t for _, t in pairs])
        return format_doc(doc, fmt, delimiter)
    tokens = [
        {"word": t.text, "tag": t.tag, "start": t.start, "end": t.end}
        for t in tagger.tag(line, hmm)
    ]
    return jsonl({"text": line, "tokens": tokens})


def _format_block(state: tuple, block: LineBlock) -> bytes:
    tagger, hmm, fmt, delimiter = state
    lines = block.lines()
    return "".join(
        format_tagged(tagger, line, hmm, fmt, delimiter) + "\n" for line in lines
    ).encode()


def pos_stream(
    tagger: AnyTagger,
    blocks: Iterable[LineBlock],
    hmm: bool | None = None,
    fmt: str = "text",
    delimiter: str = " ",
    jobs: int = 1,
) -> Iterator[bytes]:
    """Formatted output, UTF-8 encoded, one chunk per block of input lines, in input order."""
    if fmt not in POS_FORMATS:
        raise NlptkError(f"unknown format {fmt!r}; choose one of {', '.join(POS_FORMATS)}")
    state = (tagger, tagger.hmm if hmm is None else hmm, fmt, delimiter)
    return imap_ordered(_format_block, state, blocks, jobs)
