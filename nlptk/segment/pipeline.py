"""segment: the reference segmentation pipeline — text blocks → DAG → route → HMM, as spans.

This is the pure-Python implementation of the algorithm: the fallback when the compiled
kernel is not built, and the reference the tests compare that kernel against. Every function
returns ``(start, end)`` character spans (end-exclusive), so ``cut`` and ``tokenize`` share
one code path in every mode.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from nlptk.segment.dag import build_dag
from nlptk.segment.dictionary import PrefixDict
from nlptk.segment.hmm import HMMParams, hmm_cut
from nlptk.segment.route import best_route

__all__ = ["cut_spans", "search_spans"]

# jieba 0.42.1's block rules: runs of these characters go through the dictionary; the rest
# is split at whitespace (CRLF kept together) and, outside full mode, into single characters.
_RE_HAN = re.compile("([\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]+)")
_RE_SKIP = re.compile("(\r\n|\\s)")
_RE_ENG = re.compile("[a-zA-Z0-9]")

Spans = list[tuple[int, int]]


def _dag_route(block: str, pdict: PrefixDict) -> list[int]:
    return best_route(block, build_dag(block, pdict.freq), pdict.freq, pdict.log_total())


def _cut_no_hmm(block: str, off: int, pdict: PrefixDict) -> Iterator[tuple[int, int]]:
    """Best route; consecutive single Latin letters/digits are glued into one token."""
    route = _dag_route(block, pdict)
    x, n, buf_start = 0, len(block), -1
    while x < n:
        y = route[x] + 1
        if y - x == 1 and _RE_ENG.match(block[x]):
            if buf_start < 0:
                buf_start = x
        else:
            if buf_start >= 0:
                yield off + buf_start, off + x
                buf_start = -1
            yield off + x, off + y
        x = y
    if buf_start >= 0:
        yield off + buf_start, off + n


def _flush_singles(
    block: str,
    start: int,
    end: int,
    off: int,
    pdict: PrefixDict,
    hmm: HMMParams,
    force_split: Collection[str],
    solo: Collection[str],
) -> Iterator[tuple[int, int]]:
    """A run of single-character route steps: one char as is, a run that is itself a
    dictionary word split into characters (jieba's rules), an unknown run to the HMM.

    Characters in ``solo`` (ones that are mostly words by themselves, learnt by a trained
    model) stay single and cut the run; only the stretches between them go to the HMM.
    With an empty ``solo`` this is exactly jieba.
    """
    if end - start == 1:
        yield off + start, off + end
    elif pdict.get(block[start:end]):
        yield from ((off + i, off + i + 1) for i in range(start, end))
    else:
        run = start
        for i in range(start, end + 1):
            if i < end and block[i] not in solo:
                continue
            if i - run == 1:
                yield off + run, off + i
            elif i > run:
                for s, e in hmm_cut(block[run:i], hmm, force_split):
                    yield off + run + s, off + run + e
            if i < end:
                yield off + i, off + i + 1
            run = i + 1


def _cut_hmm(
    block: str,
    off: int,
    pdict: PrefixDict,
    hmm: HMMParams,
    force_split: Collection[str],
    solo: Collection[str],
) -> Iterator[tuple[int, int]]:
    route = _dag_route(block, pdict)
    x, n, buf_start = 0, len(block), -1
    while x < n:
        y = route[x] + 1
        if y - x == 1:
            if buf_start < 0:
                buf_start = x
        else:
            if buf_start >= 0:
                yield from _flush_singles(block, buf_start, x, off, pdict, hmm, force_split, solo)
                buf_start = -1
            yield off + x, off + y
        x = y
    if buf_start >= 0:
        yield from _flush_singles(block, buf_start, n, off, pdict, hmm, force_split, solo)


def _cut_full(block: str, off: int, pdict: PrefixDict) -> Iterator[tuple[int, int]]:
    """Every dictionary word; consecutive lone words starting with a Latin letter or digit
    are glued into one token (jieba's English buffer).

    jieba can glue words that are not adjacent into a string absent from the text; here the
    buffer is flushed at a gap instead, so every token is a real span.
    """
    dag = build_dag(block, pdict.freq)
    old_j = -1
    eng_start = eng_end = -1
    for k, ends in enumerate(dag):
        if eng_start >= 0 and not _RE_ENG.match(block[k]):
            yield off + eng_start, off + eng_end
            eng_start = -1
        if len(ends) == 1 and k > old_j:
            end = ends[0] + 1
            if _RE_ENG.match(block[k]):
                if eng_start >= 0 and eng_end != k:
                    yield off + eng_start, off + eng_end
                    eng_start = -1
                if eng_start < 0:
                    eng_start = k
                eng_end = end
            else:
                yield off + k, off + end
            old_j = ends[0]
        else:
            for j in ends:
                if j > k:
                    yield off + k, off + j + 1
                    old_j = j
    if eng_start >= 0:
        yield off + eng_start, off + eng_end


def cut_spans(
    text: str,
    pdict: PrefixDict,
    hmm: HMMParams | None,
    mode: str = "accurate",
    force_split: Collection[str] = (),
    solo: Collection[str] = (),
) -> Spans:
    """Segment ``text`` into spans; ``hmm=None`` turns the HMM off (ignored in full mode).

    ``force_split``: deleted user words the HMM must not produce; ``solo``: characters the
    HMM must leave single (a trained model's option; empty for jieba's behaviour).

    Matches jieba 0.42.1 ``cut`` / ``cut(cut_all=True)`` / ``cut_for_search`` token for
    token, except that full mode never yields jieba's empty strings.
    """
    full = mode == "full"
    spans: Spans = []
    pos = 0
    for block in _RE_HAN.split(text):
        if not block:
            continue
        if _RE_HAN.match(block):
            if full:
                spans.extend(_cut_full(block, pos, pdict))
            elif hmm is None:
                spans.extend(_cut_no_hmm(block, pos, pdict))
            else:
                spans.extend(_cut_hmm(block, pos, pdict, hmm, force_split, solo))
        else:
            p = pos
            for piece in _RE_SKIP.split(block):
                if full or _RE_SKIP.match(piece):
                    if piece:
                        spans.append((p, p + len(piece)))
                else:
                    spans.extend((i, i + 1) for i in range(p, p + len(piece)))
                p += len(piece)
        pos += len(block)
    if mode == "search":
        return search_spans(text, spans, pdict)
    return spans


def search_spans(text: str, spans: Spans, pdict: PrefixDict) -> Spans:
    """Search mode: before each word longer than 2, its dictionary 2-grams and (if longer
    than 3) 3-grams, then the word itself — jieba's ``cut_for_search`` order."""
    out: Spans = []
    for s, e in spans:
        n = e - s
        if n > 2:
            out.extend((i, i + 2) for i in range(s, e - 1) if pdict.get(text[i : i + 2]))
        if n > 3:
            out.extend((i, i + 3) for i in range(s, e - 2) if pdict.get(text[i : i + 3]))
        out.append((s, e))
    return out
