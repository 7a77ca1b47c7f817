"""segment: the output of ``nlptk segment`` — its formats, one line per input line, and the
order-keeping stream over line blocks that ``-j N`` spreads over worker processes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlptk.errors import NlptkError
from nlptk.io import LineBlock, jsonl
from nlptk.parallel import imap_ordered
from nlptk.segment.segmenter import Segmenter, check_mode

__all__ = ["FORMATS", "ENGINES", "tokens_json", "format_line", "segment_stream"]


FORMATS = ("text", "jsonl")

#: ``nlptk segment --engine`` choices: the dictionary + HMM ``Segmenter`` (jieba's
#: dictionary, or a model from ``nlptk train segment``), the ``PerceptronSegmenter``
#: (``pd98-perceptron``, or a model from ``nlptk train segment --engine perceptron``), or a
#: ``BertSegmenter`` from ``nlptk bert train --task segment`` (``nlptk.segment.bert``).
ENGINES = ("dict", "perceptron", "bert")


def tokens_json(line: str, spans: Iterable[tuple[int, int]]) -> str:
    """The ``jsonl`` output line: ``{"text", "tokens": [{"word", "start", "end"}]}``."""
    tokens = [{"word": line[s:e], "start": s, "end": e} for s, e in spans]
    return jsonl({"text": line, "tokens": tokens})


def format_line(seg: Segmenter, line: str, mode: str, hmm: bool, fmt: str, delimiter: str) -> str:
    """One output line for one input line.

    ``text`` joins the words with ``delimiter`` and leaves out whitespace tokens (they would
    be ambiguous beside the delimiter); ``jsonl`` keeps every token with its offsets.
    """
    if fmt == "text":
        return seg.join(line, mode, hmm, delimiter)
    return tokens_json(line, ((t.start, t.end) for t in seg.tokenize(line, mode, hmm)))


def _format_block(state: tuple, block: LineBlock) -> bytes:
    seg, mode, hmm, fmt, delimiter = state
    text = "".join(
        format_line(seg, line, mode, hmm, fmt, delimiter) + "\n" for line in block.lines()
    )
    return text.encode()


def segment_stream(
    seg: Segmenter,
    blocks: Iterable[LineBlock],
    mode: str = "accurate",
    hmm: bool | None = None,
    fmt: str = "text",
    delimiter: str = " ",
    jobs: int = 1,
) -> Iterator[bytes]:
    """Formatted output, UTF-8 encoded: one chunk of ``\\n``-terminated lines per block of
    input lines (``nlptk.io.iter_blocks``), in input order.

    With ``jobs`` > 1, forked workers decode, cut, format and encode whole blocks, so the
    reading process only moves bytes and the work scales with the workers.
    """
    check_mode(mode)
    if fmt not in FORMATS:
        raise NlptkError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    state = (seg, mode, seg.hmm if hmm is None else hmm, fmt, delimiter)
    return imap_ordered(_format_block, state, blocks, jobs)
