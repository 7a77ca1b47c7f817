"""keywords: IDF tables — jieba's ``word idf`` file format, and building one from a corpus."""

from __future__ import annotations

import importlib.util
import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from nlptk.errors import DictFormatError, NlptkError
from nlptk.io import numbered_lines

__all__ = ["IDFTable", "jieba_idf_path", "build_idf", "format_idf"]


def jieba_idf_path() -> Path:
    """``analyse/idf.txt`` of the installed jieba (located without importing it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise NlptkError("the jieba package is not installed; pass an IDF file with --idf")
    return Path(next(iter(spec.submodule_search_locations))) / "analyse" / "idf.txt"


@dataclass(frozen=True)
class IDFTable:
    """Word -> inverse document frequency, and the median used for words not listed
    (``sorted(values)[n // 2]``, as jieba's ``IDFLoader``)."""

    idf: dict[str, float]
    median: float

    @classmethod
    def load(cls, path: str | Path | None = None) -> IDFTable:
        """Read a ``word idf`` file (jieba's own by default); a bad line is a
        ``DictFormatError`` quoting it."""
        path = Path(path) if path is not None else jieba_idf_path()
        idf: dict[str, float] = {}
        for line_no, line in numbered_lines(str(path)):
            fields = line.strip().split(" ")
            if fields == [""]:
                continue
            try:
                word, value = fields
                idf[word] = float(value)
            except ValueError:
                raise DictFormatError(
                    str(path), line_no, line.rstrip("\r\n"), "expected 'word idf'"
                ) from None
        if not idf:
            raise NlptkError(f"{path}: the IDF file has no entries")
        return cls(idf, sorted(idf.values())[len(idf) // 2])


def build_idf(documents: Iterable[list[str]]) -> dict[str, float]:
    """``log(N / df)`` of every word of the tokenised ``documents`` (N documents, df the
    number containing the word), the statistic of jieba's ``idf.txt``."""
    df: dict[str, int] = {}
    n = 0
    for words in documents:
        n += 1
        for word in {w for w in words if w.strip()}:
            df[word] = df.get(word, 0) + 1
    if n == 0:
        raise NlptkError("the corpus has no documents")
    return {w: math.log(n / c) for w, c in df.items()}


def format_idf(idf: dict[str, float]) -> Iterable[str]:
    """Lines of an IDF file, most informative words first (ties by word)."""
    for word, value in sorted(idf.items(), key=lambda kv: (-kv[1], kv[0])):
        yield f"{word} {value:.9f}\n"
