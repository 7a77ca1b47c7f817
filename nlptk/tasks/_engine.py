"""tasks: segmentation engines — the dictionary, HMM and cut pipeline behind a ``Segmenter``.

An engine owns the mutable prefix dictionary and answers ``cut``/``spans`` for a whole
line. ``PyEngine`` runs the pure-Python reference kernels of ``nlptk.core``.
"""

from __future__ import annotations

import marshal

from nlptk.core.cut import cut_spans
from nlptk.core.hmm import HMMParams
from nlptk.core.prefix_dict import PrefixDict

__all__ = ["PyEngine"]


class PyEngine:
    """Pure-Python engine: the reference implementation and the fallback."""

    name = "python"

    def __init__(
        self, pdict: PrefixDict, hmm: HMMParams, solo: frozenset[str] = frozenset()
    ) -> None:
        self.pdict = pdict
        self.hmm = hmm
        self.solo = solo
        self.force_split: set[str] = set()

    @property
    def total(self) -> int:
        return self.pdict.total

    def get(self, word: str) -> int | None:
        """Frequency; 0 for a bare prefix, ``None`` when absent (jieba's ``FREQ.get``)."""
        return self.pdict.get(word)

    def add(self, word: str, freq: int) -> None:
        self.pdict.add(word, freq)
        if freq == 0:
            self.force_split.add(word)

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]:
        return cut_spans(
            text, self.pdict, self.hmm if hmm else None, mode, self.force_split, self.solo
        )

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]:
        return [text[s:e] for s, e in self.spans(text, mode, hmm)]

    # The cache stores the dictionary only; HMM parameters are small and loaded separately.
    @staticmethod
    def dict_to_bytes(pdict: PrefixDict) -> bytes:
        return marshal.dumps((pdict.freq, pdict.total))

    @staticmethod
    def dict_from_bytes(blob: bytes) -> PrefixDict:
        pdict = PrefixDict()
        pdict.freq, pdict.total = marshal.loads(blob)
        return pdict
