"""pos: what every POS tagger returns — ``TaggedToken`` — and the ``task`` of a POS model.

Below both taggers: ``tagger`` (jieba's algorithm, and ``load_tagger``, the registry choosing
an engine for a model) imports ``perceptron`` to dispatch to it, so the perceptron takes these
shared types from here rather than from the registry's module.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["POS_TASK", "TaggedToken"]

#: ``meta.json`` ``task`` of a POS model (``nlptk.pos.perceptron``).
POS_TASK = "pos"


@dataclass(frozen=True, slots=True)
class TaggedToken:
    """A word, its part-of-speech tag and its character offsets (``end`` exclusive)."""

    text: str
    tag: str
    start: int
    end: int
