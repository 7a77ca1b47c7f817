"""doc: the one writer of ``Doc`` s — text, jsonl, conll and inline lines, and html.

Every line format gives one record per document (``conll``: one block ending in a blank
line), so ``nlptk analyze`` keeps one output record per input line; ``html`` is one page
(``nlptk.doc.html``) with a block per document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from nlptk.doc.model import Doc
from nlptk.errors import InputError
from nlptk.io import jsonl
from nlptk.sequence.tags import spans_to_bioes

__all__ = ["FORMATS", "LINE_FORMATS", "format_doc", "entity_tags", "inline", "write_docs"]

#: ``nlptk analyze --format`` choices; all but ``html`` are one record per document.
LINE_FORMATS = ("text", "jsonl", "conll", "inline")
FORMATS = (*LINE_FORMATS, "html")


def _words(doc: Doc) -> tuple[list[str], list[int], list[int], list[str] | None]:
    """The tokens a reader sees, as columns (words, starts, ends, tags): whitespace tokens
    left out (ambiguous beside a delimiter), as ``nlptk segment`` and ``nlptk pos`` leave
    them out of text and conll."""
    cols = doc.columns()
    if cols is None:
        return [], [], [], None
    words, starts, ends, tags = cols
    if not any(map(str.isspace, words)):  # the common line: every token is a word
        return cols
    keep = [i for i, w in enumerate(words) if not w.isspace()]
    return (
        [words[i] for i in keep],
        [starts[i] for i in keep],
        [ends[i] for i in keep],
        None if tags is None else [tags[i] for i in keep],
    )


def entity_tags(starts: Sequence[int], ends: Sequence[int], entities: Iterable[Any]) -> list[str]:
    """BIOES tags of the tokens at ``starts``/``ends`` (in order, not overlapping): a
    token is in an entity (anything with ``label``, ``start``, ``end``) when it lies inside
    it — in a ``Doc`` an entity starts and ends on token edges, so every token is either
    inside one entity or outside all. ``nlptk ner --format conll`` writes these too.

    >>> from nlptk.doc.model import Span
    >>> entity_tags([0, 1, 2], [1, 2, 3], [Span("李鹏", "PER", 0, 2)])
    ['B-PER', 'E-PER', 'O']
    """
    spans = []
    for ent in entities:
        # the tokens inside form one run, found by bisection rather than a scan of every
        # token for every entity
        first = bisect_left(starts, ent.start)
        last = bisect_right(ends, ent.end)
        if first < last:
            spans.append((first, last, ent.label))
    return spans_to_bioes(len(starts), spans)


def _tagged(words: list[str], tags: list[str] | None) -> list[str]:
    """``word/tag`` per word (a word without a tag alone)."""
    if tags is None:
        return words
    return [w if t is None else f"{w}/{t}" for w, t in zip(words, tags, strict=True)]


def inline(text: str, entities: Iterable[Any]) -> str:
    """``text`` with each entity (anything with ``text``, ``label``, ``start``, ``end``)
    written ``[text]LABEL``: ``--format inline`` of ``nlptk analyze`` and ``nlptk ner``.

    >>> from nlptk.doc.model import Span
    >>> inline("江泽民在北京", [Span("江泽民", "PER", 0, 3), Span("北京", "LOC", 4, 6)])
    '[江泽民]PER在[北京]LOC'
    """
    parts, pos = [], 0
    for ent in sorted(entities, key=lambda e: e.start):
        parts += [text[pos : ent.start], f"[{ent.text}]{ent.label}"]
        pos = ent.end
    parts.append(text[pos:])
    return "".join(parts)


def _tokens_text(doc: Doc, delimiter: str) -> str:
    """Words (``word/tag`` with POS) joined by ``delimiter``, each entity's words in
    ``[…]LABEL``."""
    words, starts, ends, tags = _words(doc)
    shown = _tagged(words, tags)
    if not doc.entities:
        return delimiter.join(shown)
    out: list[str] = []
    run: list[str] = []
    for word, tag in zip(shown, entity_tags(starts, ends, doc.entities), strict=True):
        if tag == "O":
            out.append(word)
            continue
        run.append(word)
        if tag[0] in "ES":
            out.append(f"[{delimiter.join(run)}]{tag[2:]}")
            run = []
    return delimiter.join(out)


def _sentiment_text(doc: Doc) -> str:
    s = doc.sentiment
    return f"{s.label} {s.score:.4f}" if s is not None else ""


def _keywords_text(doc: Doc) -> str:
    return " ".join(f"{k.word}:{k.weight:.6f}" for k in doc.keywords or ())


def _text(doc: Doc, delimiter: str) -> str:
    """Tab-separated fields, each present when its task ran: the words (or, without
    tokens, the inline entities), the sentiment (``label score``), the keywords."""
    fields = []
    if doc.columns() is not None:
        fields.append(_tokens_text(doc, delimiter))
    elif doc.entities is not None:
        fields.append(inline(doc.text, doc.entities))
    if doc.sentiment is not None:
        fields.append(_sentiment_text(doc))
    if doc.keywords is not None:
        fields.append(_keywords_text(doc))
    return "\t".join(fields) if any(fields) else ""  # a blank line stays blank


def _conll(doc: Doc) -> str:
    r"""``# sentiment = …`` and ``# keywords = …`` comments, then one ``word[<TAB>tag]
    [<TAB>entity tag]`` line per word, and a blank line.

    >>> from nlptk.doc.model import Token
    >>> doc = Doc("李鹏好", [Token("李鹏", 0, 2, "nr"), Token("好", 2, 3, "a")], [])
    >>> _conll(doc)
    '李鹏\tnr\tO\n好\ta\tO\n'
    """
    if doc.columns() is None:
        raise InputError("the conll format lists tokens; add the seg task")
    words, starts, ends, tags = _words(doc)
    columns: list[list[str]] = [words]
    if tags is not None and any(t is not None for t in tags):
        columns.append([t or "" for t in tags])
    if doc.entities is not None:
        columns.append(entity_tags(starts, ends, doc.entities))
    lines = []
    if doc.sentiment is not None:
        lines.append(f"# sentiment = {_sentiment_text(doc)}")
    if doc.keywords is not None:
        lines.append(f"# keywords = {_keywords_text(doc)}")
    lines += ["\t".join(row) for row in zip(*columns, strict=True)]
    return "".join(line + "\n" for line in lines)


def format_doc(doc: Doc, fmt: str = "jsonl", delimiter: str = " ") -> str:
    """One document's record in a line format, without its final newline (``conll``'s
    block ends in one: with the newline added it is followed by a blank line).

    >>> from nlptk.doc.model import Span, Token
    >>> d = Doc("李鹏好", [Token("李鹏", 0, 2, "nr"), Token("好", 2, 3, "a")],
    ...         [Span("李鹏", "PER", 0, 2)])
    >>> format_doc(d, "text"), format_doc(d, "inline")
    ('[李鹏/nr]PER 好/a', '[李鹏]PER好')
    """
    if fmt == "jsonl":
        return jsonl(doc.to_dict())
    if fmt == "text":
        return _text(doc, delimiter)
    if fmt == "inline":
        return inline(doc.text, doc.entities or ())
    if fmt == "conll":
        return _conll(doc)
    raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(LINE_FORMATS)}")


def write_docs(docs: Iterable[Doc], fmt: str = "jsonl", delimiter: str = " ") -> Iterator[str]:
    """The output of a stream of documents in ``fmt``: a ``\\n``-terminated record per
    document, or for ``html`` the page in pieces (a block per document)."""
    if fmt == "html":
        from nlptk.doc.html import html_page

        yield from html_page(docs)
        return
    if fmt not in LINE_FORMATS:
        raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    for doc in docs:
        yield format_doc(doc, fmt, delimiter) + "\n"
