"""doc: documents as HTML — words with their POS tags, entities highlighted by type with a
legend (displaCy's look), the sentiment score and the keywords.

``nlptk analyze --format html`` writes ``html_page``; the page of ``nlptk serve`` puts the
same ``render_doc`` fragments (from its ``/render`` endpoint) under the same stylesheet, so
a file and the page look alike. The stylesheet ships in the package (``doc.css``) and the
entity colours are in ``COLOURS``, one table for both: nothing is fetched from elsewhere.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from html import escape
from importlib.resources import files

from nlptk.doc.model import Doc, Span, Token

__all__ = ["COLOURS", "OTHER_COLOUR", "colour", "stylesheet", "render_doc", "legend", "html_page"]

#: Background colour of each entity type (displaCy's, for the types the models find).
COLOURS = {
    "PER": "#aa9cfc",
    "LOC": "#ff9561",
    "ORG": "#7aecec",
    "GPE": "#feca74",
    "MISC": "#ffeb80",
    "TIME": "#bfe1d9",
    "DATE": "#bfe1d9",
    "MONEY": "#e4e7d2",
    "PERCENT": "#e4e7d2",
    "QUANTITY": "#e4e7d2",
}
#: The colour of a type outside ``COLOURS`` (a model trained on other labels).
OTHER_COLOUR = "#dddddd"


def colour(label: str) -> str:
    """The background colour of entity type ``label``.

    >>> colour("PER"), colour("WEAPON")
    ('#aa9cfc', '#dddddd')
    """
    return COLOURS.get(label, OTHER_COLOUR)


def stylesheet() -> str:
    """The page's CSS: the shipped ``doc.css``."""
    return files("nlptk.doc").joinpath("doc.css").read_text(encoding="utf-8")


def _token(token: Token) -> str:
    if token.text.isspace():
        return escape(token.text)
    tag = "" if token.tag is None else f'<span class="nlptk-tag">{escape(token.tag)}</span>'
    return f'<span class="nlptk-tok">{escape(token.text)}{tag}</span>'


def _mark(ent: Span, inner: str) -> str:
    label = escape(ent.label)
    return (
        f'<mark class="nlptk-ent" data-label="{label}" style="background: {colour(ent.label)}">'
        f'{inner}<span class="nlptk-label">{label}</span></mark>'
    )


def _body(doc: Doc) -> str:
    """The text, words as ``nlptk-tok`` spans (with tags) when it has tokens, each entity a
    ``mark`` around its words (entities start and end on token edges)."""
    ents = sorted(doc.entities or (), key=lambda e: e.start)
    if doc.tokens is None:
        parts, pos = [], 0
        for ent in ents:
            parts += [escape(doc.text[pos : ent.start]), _mark(ent, escape(ent.text))]
            pos = ent.end
        parts.append(escape(doc.text[pos:]))
        return "".join(parts)
    parts, i, tokens = [], 0, doc.tokens
    for ent in ents:
        while i < len(tokens) and tokens[i].end <= ent.start:
            parts.append(_token(tokens[i]))
            i += 1
        inner = []
        while i < len(tokens) and tokens[i].start < ent.end:
            inner.append(_token(tokens[i]))
            i += 1
        parts.append(_mark(ent, "".join(inner)))
    parts += map(_token, tokens[i:])
    return "".join(parts)


def render_doc(doc: Doc) -> str:
    """One document as an HTML fragment (``div.nlptk-doc``): the marked-up text, then the
    sentiment and the keywords when they were asked for.

    >>> from nlptk.doc.model import Span
    >>> print(render_doc(Doc("李鹏好", entities=[Span("李鹏", "PER", 0, 2)])))
    <div class="nlptk-doc"><p class="nlptk-text"><mark class="nlptk-ent" data-label="PER" style="background: #aa9cfc">李鹏<span class="nlptk-label">PER</span></mark>好</p></div>
    """  # noqa: E501
    parts = [f'<div class="nlptk-doc"><p class="nlptk-text">{_body(doc)}</p>']
    s = doc.sentiment
    if s is not None:
        parts.append(
            f'<p class="nlptk-sentiment" data-label="{escape(s.label)}">sentiment: '
            f"<b>{escape(s.label)}</b> {s.score:+.4f}</p>"
        )
    if doc.keywords is not None:
        items = "".join(
            f'<li><span class="nlptk-kw">{escape(k.word)}</span> {k.weight:.4f}</li>'
            for k in doc.keywords
        )
        parts.append(f'<ul class="nlptk-keywords">{items}</ul>')
    parts.append("</div>")
    return "".join(parts)


def legend(labels: Iterable[str]) -> str:
    """The entity types with their colours (``ul.nlptk-legend``), in the order given."""
    items = "".join(
        f'<li><mark class="nlptk-ent" data-label="{escape(x)}" style="background: {colour(x)}">'
        f"{escape(x)}</mark></li>"
        for x in labels
    )
    return f'<ul class="nlptk-legend">{items}</ul>'


def html_page(docs: Iterable[Doc], title: str = "nlptk analyze") -> Iterator[str]:
    """A whole HTML page in pieces: head with the stylesheet inlined (the file stands
    alone), one fragment per document, then the legend of the types found."""
    yield (
        f'<!DOCTYPE html>\n<html lang="zh"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>\n{stylesheet()}</style></head>\n"
        f'<body class="nlptk"><main>\n'
    )
    seen: dict[str, None] = {}
    for doc in docs:
        seen.update(dict.fromkeys(e.label for e in doc.entities or ()))
        yield render_doc(doc) + "\n"
    yield f"</main><footer>{legend(seen)}</footer></body></html>\n"
