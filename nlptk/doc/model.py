"""doc: ``Doc``, the one record of what a pipeline found in a text — tokens with offsets and
tags, entities, sentiment, keywords — that every output format reads.

A field is ``None`` when its task did not run (an empty list means it ran and found
nothing), so a reader tells "no entities" from "not asked". Offsets are character offsets
into ``text``, end exclusive, as everywhere in nlptk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Token", "Span", "DocSentiment", "DocKeyword", "Doc", "Columns"]

#: A document's tokens as columns: words, starts, ends, tags (``None`` without POS).
Columns = tuple[list[str], list[int], list[int], "list[str] | None"]


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


class Doc:
    """One text and what the pipeline found in it.

    >>> doc = Doc("李鹏好", tokens=[Token("李鹏", 0, 2, "nr"), Token("好", 2, 3, "a")],
    ...           entities=[Span("李鹏", "PER", 0, 2)])
    >>> doc.to_dict()["entities"]
    [{'text': '李鹏', 'label': 'PER', 'start': 0, 'end': 2}]
    >>> Doc.from_dict(doc.to_dict()) == doc
    True
    >>> Doc.of_words("李鹏好", ["李鹏", "好"], [2, 3], ["nr", "a"]) == doc.copy(entities=None)
    True

    A pipeline gives the words as columns (``of_words``: words, end offsets, tags) and the
    writers read them as columns (``columns``); the ``Token`` objects are made only when
    ``tokens`` is read — a ``Token`` per word cost the pipeline a tenth of its time.
    """

    __slots__ = ("text", "_tokens", "_columns", "entities", "sentiment", "keywords")

    def __init__(
        self,
        text: str,
        tokens: list[Token] | None = None,
        entities: list[Span] | None = None,
        sentiment: DocSentiment | None = None,
        keywords: list[DocKeyword] | None = None,
    ) -> None:
        self.text = text
        self._tokens = tokens
        self._columns: Columns | None = None
        self.entities = entities
        self.sentiment = sentiment
        self.keywords = keywords

    @classmethod
    def of_words(
        cls, text: str, words: list[str], ends: list[int], tags: list[str] | None = None
    ) -> Doc:
        """A document whose tokens are ``words`` (covering ``text`` in order) ending at
        ``ends``, with their ``tags`` (``None``: no POS)."""
        doc = cls(text)
        doc._columns = (words, [0, *ends[:-1]] if ends else [], ends, tags)
        return doc

    @property
    def tokens(self) -> list[Token] | None:
        """The words with offsets and tags (``None`` when the words were not asked for)."""
        if self._tokens is None and self._columns is not None:
            words, starts, ends, tags = self._columns
            self._tokens = list(map(Token, words, starts, ends, tags or [None] * len(words)))
        return self._tokens

    @tokens.setter
    def tokens(self, tokens: list[Token] | None) -> None:
        self._tokens, self._columns = tokens, None

    def columns(self) -> Columns | None:
        """The tokens as four lists — words, starts, ends, tags (``None`` without POS) —
        or ``None`` without tokens: what the writers read, with no ``Token`` per word."""
        if self._columns is None and self._tokens is not None:
            toks = self._tokens
            tags = [t.tag for t in toks]
            self._columns = (
                [t.text for t in toks],
                [t.start for t in toks],
                [t.end for t in toks],
                None if toks and all(t is None for t in tags) else tags,
            )
        return self._columns

    def copy(self, **changes: Any) -> Doc:
        """A copy with some fields (``text``, ``tokens``, ``entities``, ``sentiment``,
        ``keywords``) replaced."""
        fields = {k: getattr(self, k) for k in _FIELDS}
        fields.update(changes)
        return Doc(**fields)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Doc):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in _FIELDS)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it replaced

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={getattr(self, k)!r}" for k in _FIELDS)
        return f"Doc({inner})"

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of every output and endpoint: ``text``, ``tokens`` (``word``,
        ``start``, ``end``, ``tag``), ``entities`` (``text``, ``label``, ``start``, ``end``),
        ``sentiment`` (``label``, ``score``, ``probability``) and ``keywords`` (``word``,
        ``weight``); a task that did not run is ``null``."""
        s = self.sentiment
        cols = self.columns()
        if cols is None:
            tokens = None
        else:
            words, starts, ends, tags = cols
            tokens = [
                {"word": w, "start": a, "end": b, "tag": t}
                for w, a, b, t in zip(words, starts, ends, tags or [None] * len(words), strict=True)
            ]
        return {
            "text": self.text,
            "tokens": tokens,
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


#: ``Doc``'s fields, in order (its equality and repr).
_FIELDS = ("text", "tokens", "entities", "sentiment", "keywords")
