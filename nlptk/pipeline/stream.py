"""pipeline: the output of ``nlptk analyze`` — blocks of input lines analysed and written in
one of ``nlptk.doc``'s formats, in input order, ``-j N`` spreading blocks over workers."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlptk.doc import FORMATS, Doc, format_doc, write_docs
from nlptk.errors import InputError
from nlptk.io import LineBlock
from nlptk.parallel import imap_ordered
from nlptk.pipeline.pipeline import Pipeline

__all__ = ["analyze_stream"]


def _docs(pipeline: Pipeline, block: LineBlock) -> list[Doc]:
    return pipeline.analyze_batch(block.lines())


def _formatted(state: tuple[Pipeline, str, str], block: LineBlock) -> bytes:
    pipeline, fmt, delimiter = state
    docs = pipeline.analyze_batch(block.lines())
    return "".join(format_doc(d, fmt, delimiter) + "\n" for d in docs).encode()


def analyze_stream(
    pipeline: Pipeline,
    blocks: Iterable[LineBlock],
    fmt: str = "text",
    delimiter: str = " ",
    jobs: int = 1,
) -> Iterator[bytes] | Iterator[str]:
    """Formatted output: for a line format one UTF-8 chunk per block of input lines, one
    record per line (workers analyse, format and encode whole blocks); for ``html`` the
    page, a block per line (workers analyse, this process writes)."""
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if fmt == "conll" and "seg" not in pipeline.tasks:
        raise InputError("the conll format lists tokens; add the seg task")
    if jobs > 1:
        pipeline.preload()  # loaded once here, inherited by every forked worker
    if fmt == "html":
        batches = imap_ordered(_docs, pipeline, blocks, jobs)
        return write_docs((doc for batch in batches for doc in batch), "html")
    return imap_ordered(_formatted, (pipeline, fmt, delimiter), blocks, jobs)
