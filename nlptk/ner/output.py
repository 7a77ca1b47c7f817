"""ner: how recognised entities are written — JSONL (entity spans), CoNLL columns, inline
brackets.

Every engine (HMM now, BERT later) hands over the line, its tokens as character spans and
its entities; the formats below are the only place ``nlptk ner``'s output is shaped, so it
prints the same thing whatever engine found the entities. The inline brackets and the BIOES
columns are ``nlptk.doc``'s (``nlptk analyze`` writes them too); the JSONL line is written
here, out by hand for speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from json.encoder import encode_basestring as _json_str  # what json.dumps uses, non-ASCII kept

from nlptk.doc.output import entity_tags, inline
from nlptk.errors import InputError
from nlptk.sequence.tags import bioes_to_bio, bioes_to_spans

__all__ = [
    "Entity",
    "OUTPUT_FORMATS",
    "OUTPUT_SCHEMES",
    "entities_from_tags",
    "tags_for_tokens",
    "format_spans",
    "format_entity_list",
    "format_conll",
    "format_inline",
    "format_entities",
]

#: ``nlptk ner --format`` choices.
OUTPUT_FORMATS = ("jsonl", "conll", "inline")
#: ``nlptk ner --scheme`` choices (tags written by ``--format conll``).
OUTPUT_SCHEMES = ("bioes", "bio")

Span = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity: its text, type and character offsets in the line (end exclusive)."""

    text: str
    label: str
    start: int
    end: int


def entities_from_tags(text: str, tokens: Sequence[Span], tags: Sequence[str]) -> list[Entity]:
    """Entities from BIOES tags over ``tokens`` (character spans of ``text``).

    >>> entities_from_tags("Mr Li Peng", [(0, 2), (3, 5), (6, 10)], ["O", "B-PER", "E-PER"])
    [Entity(text='Li Peng', label='PER', start=3, end=10)]
    """
    out = []
    for first, last, label in bioes_to_spans(tags):
        start, end = tokens[first][0], tokens[last - 1][1]
        out.append(Entity(text[start:end], label, start, end))
    return out


def tags_for_tokens(tokens: Sequence[Span], entities: Sequence[Entity]) -> list[str]:
    """BIOES tags of ``tokens``: a token is in an entity when its span lies inside it
    (``nlptk.doc``'s ``entity_tags``, over spans).

    >>> tags_for_tokens([(0, 1), (1, 2), (2, 3)], [Entity("江泽", "PER", 0, 2)])
    ['B-PER', 'E-PER', 'O']
    """
    return entity_tags([s for s, _ in tokens], [e for _, e in tokens], entities)


def format_spans(text: str, entities: Sequence[Entity]) -> str:
    """One JSON object: ``{"text", "entities": [{"text", "label", "start", "end"}]}``.

    >>> format_spans("见李鹏", [Entity("李鹏", "PER", 1, 3)])
    '{"text": "见李鹏", "entities": [{"text": "李鹏", "label": "PER", "start": 1, "end": 3}]}'
    """
    return f'{{"text": {_json_str(text)}, "entities": [{format_entity_list(entities)}]}}'


def format_entity_list(entities: Sequence[Entity]) -> str:
    """The inside of ``format_spans``'s entity list (a long line's is written a piece at a
    time, ``nlptk.ner.recognizer``).

    >>> format_entity_list([Entity("李鹏", "PER", 1, 3)])
    '{"text": "李鹏", "label": "PER", "start": 1, "end": 3}'
    """
    # Written out rather than built as dicts for json.dumps (nlptk.io.jsonl): the same
    # characters — json's own string encoder, integers as digits — at a third of the cost,
    # and this runs for every line of `nlptk ner`'s default output (test_output.py holds
    # the two equal).
    return ", ".join(
        [
            f'{{"text": {_json_str(e.text)}, "label": {_json_str(e.label)}, '
            f'"start": {e.start:d}, "end": {e.end:d}}}'
            for e in entities
        ]
    )


def format_inline(text: str, entities: Sequence[Entity]) -> str:
    """The line with each entity written ``[text]LABEL`` (``nlptk.doc``'s ``inline``).

    >>> format_inline("江泽民在北京", [Entity("江泽民", "PER", 0, 3), Entity("北京", "LOC", 4, 6)])
    '[江泽民]PER在[北京]LOC'
    """
    return inline(text, entities)


def format_conll(
    text: str, tokens: Sequence[Span], entities: Sequence[Entity], scheme: str = "bioes"
) -> str:
    r"""``token<TAB>tag`` lines and a closing blank line (one block per input line, so an
    empty line gives just the blank line).

    >>> format_conll("李鹏好", [(0, 1), (1, 2), (2, 3)], [Entity("李鹏", "PER", 0, 2)], "bio")
    '李\tB-PER\n鹏\tI-PER\n好\tO\n'
    """
    tags = tags_for_tokens(tokens, entities)
    if scheme == "bio":
        tags = bioes_to_bio(tags)
    lines = [f"{text[s:e]}\t{tag}" for (s, e), tag in zip(tokens, tags, strict=True)]
    return "\n".join([*lines, ""])


def format_entities(
    fmt: str, text: str, tokens: Sequence[Span], entities: Sequence[Entity], scheme: str = "bioes"
) -> str:
    """The output for one line in ``fmt`` (without the final newline)."""
    if fmt == "jsonl":
        return format_spans(text, entities)
    if fmt == "inline":
        return format_inline(text, entities)
    if fmt == "conll":
        return format_conll(text, tokens, entities, scheme)
    raise InputError(f"unknown output format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}")
