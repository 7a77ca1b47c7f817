"""tasks: an engine wrapper that looks text up width-normalised and answers in the original.

Normalisation is one character to one character, so the spans the inner engine finds on the
normalised text slice the caller's text exactly: ``１９９８年`` is found as the dictionary
word ``1998年`` and returned as ``１９９８年``.
"""

from __future__ import annotations

from nlptk.core.width import normalize_width
from nlptk.tasks._engine import Engine, join_words

__all__ = ["WidthNormalizingEngine"]


class WidthNormalizingEngine:
    """Any engine, with words and text width-normalised on the way in (see module doc)."""

    def __init__(self, inner: Engine) -> None:
        self.inner = inner
        self.name = inner.name

    @property
    def total(self) -> int:
        return self.inner.total

    def get(self, word: str) -> int | None:
        return self.inner.get(normalize_width(word))

    def add(self, word: str, freq: int) -> None:
        self.inner.add(normalize_width(word), freq)

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]:
        return self.inner.spans(normalize_width(text), mode, hmm)

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]:
        return [text[s:e] for s, e in self.spans(text, mode, hmm)]

    def join(self, text: str, mode: str, hmm: bool, delimiter: str) -> str:
        return join_words(self.cut(text, mode, hmm), delimiter)
