"""doc: ``Doc``, the one record of what a pipeline found in a text — tokens with offsets and
tags, entities, sentiment, keywords — that every output format reads.

A field is ``None`` when its task did not run (an empty list means it ran and found
nothing), so a reader tells "no entities" from "not asked". Offsets are character offsets
into ``text``, end exclusive, as everywhere in nlptk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Token", "Span", "DocSentiment", "DocKeyword", "Doc"]


@dataclass(slots=True)
class Token:
    """A word, its offsets and its part-of-speech tag (``None`` when POS did not run).

    Not frozen, unlike the other result types: a pipeline makes one per word, and a frozen
    dataclass's ``__init__`` (``object.__setattr__`` per field) costs four times as much."""

    text: str
    start: int
    end: int
    tag: str | None = None


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled run of the text (a named entity); it starts and ends on token edges when
    the document has tokens."""

    text: str
    label: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class DocSentiment:
    """The text's sentiment: a label, a polarity in [-1, 1] and the method's probability of
    the label where it has one."""

    label: str
    score: float
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class DocKeyword:
    """A keyword and its weight (TF-IDF, or TextRank's rank scaled to at most 1)."""

    word: str
    weight: float


@dataclass(slots=True)
class Doc:
    """One text and what the pipeline found in it.

    >>> doc = Doc("李鹏好", tokens=[Token("李鹏", 0, 2, "nr"), Token("好", 2, 3, "a")],
    ...           entities=[Span("李鹏", "PER", 0, 2)])
    >>> doc.to_dict()["entities"]
    [{'text': '李鹏', 'label': 'PER', 'start': 0, 'end': 2}]
    >>> Doc.from_dict(doc.to_dict()) == doc
    True
    """

    text: str
    tokens: list[Token] | None = None
    entities: list[Span] | None = None
    sentiment: DocSentiment | None = None
    keywords: list[DocKeyword] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of every output and endpoint: ``text``, ``tokens`` (``word``,
        ``start``, ``end``, ``tag``), ``entities`` (``text``, ``label``, ``start``, ``end``),
        ``sentiment`` (``label``, ``score``, ``probability``) and ``keywords`` (``word``,
        ``weight``); a task that did not run is ``null``."""
        s = self.sentiment
        return {
            "text": self.text,
            "tokens": None
            if self.tokens is None
            else [
                {"word": t.text, "start": t.start, "end": t.end, "tag": t.tag} for t in self.tokens
            ],
            "entities": None
            if self.entities is None
            else [
                {"text": e.text, "label": e.label, "start": e.start, "end": e.end}
                for e in self.entities
            ],
            "sentiment": None
            if s is None
            else {"label": s.label, "score": s.score, "probability": s.probability},
            "keywords": None
            if self.keywords is None
            else [{"word": k.word, "weight": k.weight} for k in self.keywords],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Doc:
        """The ``Doc`` that ``to_dict`` wrote (what a client of ``nlptk serve`` reads back)."""
        tokens, ents, s, kws = (
            data.get(k) for k in ("tokens", "entities", "sentiment", "keywords")
        )
        return cls(
            data["text"],
            None
            if tokens is None
            else [Token(t["word"], t["start"], t["end"], t.get("tag")) for t in tokens],
            None
            if ents is None
            else [Span(e["text"], e["label"], e["start"], e["end"]) for e in ents],
            None if s is None else DocSentiment(s["label"], s["score"], s.get("probability")),
            None if kws is None else [DocKeyword(k["word"], k["weight"]) for k in kws],
        )
