"""doc: the document model every capability's results meet in — ``Doc`` (text, tokens with
offsets and tags, entities, sentiment, keywords) — and its one writer (text, jsonl, conll,
inline, html).

>>> from nlptk.doc import Doc, Span, format_doc
>>> format_doc(Doc("见李鹏", entities=[Span("李鹏", "PER", 1, 3)]), "inline")
'见[李鹏]PER'

Modules: ``model`` (the types), ``output`` (line formats), ``html`` (the rendering that
``nlptk analyze --format html`` and ``nlptk serve``'s page share, with ``doc.css``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_getattr

__all__ = [
    "Doc",
    "Token",
    "Span",
    "DocSentiment",
    "DocKeyword",
    "FORMATS",
    "LINE_FORMATS",
    "format_doc",
    "write_docs",
    "render_doc",
    "legend",
    "colour",
    "COLOURS",
    "stylesheet",
]

if TYPE_CHECKING:
    from nlptk.doc.html import COLOURS, colour, legend, render_doc, stylesheet
    from nlptk.doc.model import Doc, DocKeyword, DocSentiment, Span, Token
    from nlptk.doc.output import FORMATS, LINE_FORMATS, format_doc, write_docs

__getattr__ = lazy_getattr(
    __name__,
    {
        **dict.fromkeys(["Doc", "Token", "Span", "DocSentiment", "DocKeyword"], "model"),
        **dict.fromkeys(["FORMATS", "LINE_FORMATS", "format_doc", "write_docs"], "output"),
        **dict.fromkeys(["render_doc", "legend", "colour", "COLOURS", "stylesheet"], "html"),
    },
)
