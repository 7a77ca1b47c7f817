"""segment: segmentation engines — the dictionary, HMM and cut pipeline behind a ``Segmenter``.

An engine owns the mutable prefix dictionary and answers ``cut``/``spans`` for a whole
line. ``CEngine`` runs the compiled kernel (``nlptk.segment._c._kernel``); ``PyEngine`` runs the
pure-Python reference kernels of ``nlptk.core`` and is the fallback when the kernel was not
built. ``load_engine`` picks one and loads its dictionary from the per-user cache.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from nlptk.cache import Buffer, cached, load_marshal
from nlptk.errors import NlptkError
from nlptk.segment.dictionary import MAX_WORD, PrefixDict
from nlptk.segment.fold import normalize_width

if TYPE_CHECKING:  # the reference HMM module is imported only by the engine that runs it
    from nlptk.segment.hmm import HMMParams

try:
    # Token in C: tokenize builds one object per word without a Python-level call.
    from nlptk.segment._c._kernel import FORMAT_VERSION, Kernel, Token
except ImportError:  # not compiled: the Python engine serves, with this twin of Token
    Kernel = None

    @dataclass(frozen=True, slots=True)
    class Token:
        """A word and its character offsets in the input (``end`` exclusive)."""

        text: str
        start: int
        end: int


__all__ = [
    "Engine",
    "Token",
    "PyEngine",
    "WidthNormalizingEngine",
    "KERNELS",
    "MODES",
    "join_words",
    "kernel_name",
    "load_engine",
]

#: Segmentation modes every engine's ``cut``/``spans``/``join`` take.
MODES = ("accurate", "full", "search")
#: ``NLPTK_KERNEL`` / ``kernel=`` values: ``auto`` takes the compiled kernel when it is built.
KERNELS = ("auto", "compiled", "python")

Words = Iterable[tuple[str, int]]


class Engine(Protocol):
    """What a ``Segmenter`` needs from an engine (both engines below provide it)."""

    name: str

    @property
    def total(self) -> int: ...

    def get(self, word: str) -> int | None: ...

    def add(self, word: str, freq: int) -> None: ...

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]: ...

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]: ...

    def tokens(self, text: str, mode: str, hmm: bool) -> list[Token]: ...

    def join(self, text: str, mode: str, hmm: bool, delimiter: str) -> str: ...


def tokens_of(text: str, spans: list[tuple[int, int]]) -> list[Token]:
    """``Token`` objects for the spans of ``text`` (the compiled kernel builds them in C)."""
    return [Token(text[s:e], s, e) for s, e in spans]


def join_words(words: list[str], delimiter: str) -> str:
    """The words joined by ``delimiter``, whitespace tokens left out (``--format text``;
    the compiled kernel's ``join`` does the same in C)."""
    return delimiter.join(w for w in words if not w.isspace())


class PyEngine:
    """Pure-Python engine: the reference implementation and the fallback."""

    name = "python"
    #: Cache entry kind of the dictionary blob (bump when the format changes).
    cache_kind = "pydict-2"  # 2: words longer than MAX_WORD left out

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
        if freq == 0 and len(word) <= MAX_WORD:  # a longer word is not held (PrefixDict.add)
            self.force_split.add(word)

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]:
        # imported on use: the compiled engine's start-up does not pay for the reference
        from nlptk.segment.pipeline import cut_spans

        return cut_spans(
            text, self.pdict, self.hmm if hmm else None, mode, self.force_split, self.solo
        )

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]:
        return [text[s:e] for s, e in self.spans(text, mode, hmm)]

    def tokens(self, text: str, mode: str, hmm: bool) -> list[Token]:
        return tokens_of(text, self.spans(text, mode, hmm))

    def join(self, text: str, mode: str, hmm: bool, delimiter: str) -> str:
        return join_words(self.cut(text, mode, hmm), delimiter)

    # The cache stores the dictionary only; HMM parameters are loaded separately.
    @staticmethod
    def dict_to_bytes(words: Words) -> bytes:
        pdict = PrefixDict.from_words(words)
        return marshal.dumps((pdict.freq, pdict.total))

    @classmethod
    def from_blob(cls, blob: Buffer, hmm: HMMParams, solo: frozenset[str]) -> PyEngine:
        pdict = PrefixDict()
        pdict.freq, pdict.total = load_marshal(blob)
        return cls(pdict, hmm, solo)


#: Starts the compiled engine's cache payload for a dictionary that its record array cannot
#: hold (``CEngine.dict_to_bytes``); a record array starts ``NLPTKD\r\n``.
_WORD_LIST = b"nlptk-words\n"

if Kernel is not None:

    class CEngine(Kernel):
        """Compiled engine: the dictionary is a trie of records in C, loaded from the cached blob
        without building any Python object per word; ``cut`` and ``spans`` run in C."""

        name = "compiled"
        cache_kind = f"cdict-{FORMAT_VERSION}"

        @staticmethod
        def dict_to_bytes(words: Words) -> bytes:
            """The kernel's record array; for a dictionary too big for it (more than 65,535
            distinct characters, or 32,768 after one prefix: ``Kernel.to_bytes`` gives
            ``None``), ``_WORD_LIST`` and the words, which ``from_blob`` adds one by one to
            the kernel's edit overlay — slower to load, same cuts."""
            pairs = list(words)
            kernel = Kernel()
            for word, freq in pairs:
                kernel.add(word, freq, False)
            blob = kernel.to_bytes()
            return blob if blob is not None else _WORD_LIST + marshal.dumps(pairs)

        @classmethod
        def from_blob(cls, blob: Buffer, hmm: HMMParams, solo: frozenset[str]) -> CEngine:
            # A writable buffer (the cache entry, mapped copy-on-write) is used in place.
            if bytes(blob[: len(_WORD_LIST)]) == _WORD_LIST:
                engine = cls()
                pairs = load_marshal(blob[len(_WORD_LIST) :])
                try:
                    for word, freq in pairs:  # type: ignore[union-attr]
                        engine.add(word, freq, False)
                except (TypeError, ValueError, OverflowError) as exc:
                    raise ValueError(f"not a word list ({exc})") from None
            else:
                engine = cls(blob)
            engine.set_hmm_params(hmm)
            engine.set_solo(solo)
            return engine

        def set_hmm_params(self, hmm: HMMParams) -> None:
            """Load ``hmm``; tables read from files (``hmm.sources``) come packed from the
            cache, so their Python dicts are never built (a third of the start-up, and
            megabytes of float and str objects)."""
            sources = getattr(hmm, "sources", ())
            if sources:

                def pack() -> bytes:
                    kernel = Kernel()
                    kernel.set_hmm(hmm.start, hmm.trans, hmm.emit)
                    return kernel.hmm_to_bytes()

                # the entry passed its checksum; set_hmm_bytes checks its shape too (a
                # ValueError there has the cache rebuild and replace the entry)
                cached(f"chmm-{FORMAT_VERSION}", sources, pack, self.set_hmm_bytes)
                return
            self.set_hmm(hmm.start, hmm.trans, hmm.emit)

    __all__ += ["CEngine"]


def kernel_name(kernel: str | None = None) -> str:
    """``"compiled"`` or ``"python"``: the engine ``load_engine`` would use.

    ``kernel`` (default ``$NLPTK_KERNEL``, else ``auto``) is one of ``KERNELS``; asking for
    ``compiled`` when it was not built is an error rather than a silent slowdown.
    """
    choice = kernel or os.environ.get("NLPTK_KERNEL") or "auto"
    if choice not in KERNELS:
        raise NlptkError(f"unknown kernel {choice!r}; choose one of {', '.join(KERNELS)}")
    if choice == "compiled" and Kernel is None:
        err = NlptkError("the compiled kernel is not built")
        err.hint = "run `python setup.py build_ext --inplace`, or set NLPTK_KERNEL=python"
        raise err
    return "python" if choice == "python" or Kernel is None else "compiled"


def load_engine(
    dictionary: Path,
    words: Callable[[], Words],
    hmm: HMMParams,
    solo: frozenset[str] = frozenset(),
    kernel: str | None = None,
) -> Engine:
    """An engine over the dictionary file ``dictionary``, with HMM ``hmm`` and the
    characters ``solo`` that the HMM leaves single.

    ``words()`` parses the file into ``(word, freq)`` pairs; it runs only when the per-user
    cache has no good blob for this file yet (a stale or damaged one is then replaced).
    """
    cls = CEngine if kernel_name(kernel) == "compiled" else PyEngine
    return cached(
        cls.cache_kind,
        [dictionary],
        lambda: cls.dict_to_bytes(words()),
        lambda blob: cls.from_blob(blob, hmm, solo),
        what="the dictionary cache (once, ~10 s)",
    )


class WidthNormalizingEngine:
    """Any engine, with words and text width-normalised on the way in (or normalised by
    ``normalize``: traditional folding, ``nlptk.segment.fold``).

    Normalisation is one character to one character, so the spans the inner engine finds on
    the normalised text slice the caller's text exactly: ``１９９８年`` is found as the
    dictionary word ``1998年`` and returned as ``１９９８年``.
    """

    def __init__(self, inner: Engine, normalize: Callable[[str], str] = normalize_width) -> None:
        self.inner = inner
        self.name = inner.name
        self.normalize = normalize

    @property
    def total(self) -> int:
        return self.inner.total

    def get(self, word: str) -> int | None:
        return self.inner.get(self.normalize(word))

    def add(self, word: str, freq: int) -> None:
        self.inner.add(self.normalize(word), freq)

    def spans(self, text: str, mode: str, hmm: bool) -> list[tuple[int, int]]:
        return self.inner.spans(self.normalize(text), mode, hmm)

    def cut(self, text: str, mode: str, hmm: bool) -> list[str]:
        return [text[s:e] for s, e in self.spans(text, mode, hmm)]

    def tokens(self, text: str, mode: str, hmm: bool) -> list[Token]:
        return tokens_of(text, self.spans(text, mode, hmm))

    def join(self, text: str, mode: str, hmm: bool, delimiter: str) -> str:
        return join_words(self.cut(text, mode, hmm), delimiter)
