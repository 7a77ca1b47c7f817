"""keywords: IDF tables — jieba's ``word idf`` file format, and building one from a corpus."""

from __future__ import annotations

import importlib.util
import math
import struct
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

from nlptk.cache import cached
from nlptk.errors import DictFormatError, NlptkError
from nlptk.io import numbered_lines

__all__ = ["IDFTable", "jieba_idf_path", "build_idf", "format_idf"]


def jieba_idf_path() -> Path:
    """``analyse/idf.txt`` of the installed jieba (located without importing it)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise NlptkError("the jieba package is not installed; pass an IDF file with --idf")
    return Path(next(iter(spec.submodule_search_locations))) / "analyse" / "idf.txt"


#: Bumped whenever the cached table's layout changes.
_IDF_CACHE = "idf-table-1"
#: The cached table: slot count, entry count, median; then slots (int32 entry or -1), word
#: end offsets (uint32, entry count + 1), values (float64) and the UTF-8 words, each part
#: starting on an 8-byte boundary.
_HEAD = struct.Struct("<QQd")


def _pad(n: int) -> int:
    return -n % 8


def _pack(idf: dict[str, float], median: float) -> bytes:
    """The open-addressing table ``_HashedIDF`` reads in place (hash: CRC-32 of the UTF-8
    word, stable across processes; linear probing; at most half the slots full)."""
    words = [w.encode("utf-8", "surrogatepass") for w in idf]
    n_slots = 1 << max(4, (2 * len(words)).bit_length())
    mask = n_slots - 1
    slots = array("i", [-1]) * n_slots
    ends = array("I", [0])
    for i, word in enumerate(words):
        h = zlib.crc32(word) & mask
        while slots[h] >= 0:
            h = (h + 1) & mask
        slots[h] = i
        ends.append(ends[-1] + len(word))
    parts = [slots.tobytes(), ends.tobytes(), array("d", idf.values()).tobytes()]
    out = bytearray(_HEAD.pack(n_slots, len(words), median))
    for part in parts:
        out += part + bytes(_pad(len(part)))
    return bytes(out + b"".join(words))


class _HashedIDF:
    """Word -> IDF looked up in a packed table (``_pack``) without building a dict: loading
    jieba's 270,000 words as a dict costs a keywords run more than all its other work."""

    def __init__(self, payload: memoryview | bytes) -> None:
        view = memoryview(payload)
        try:
            n_slots, n, self.median = _HEAD.unpack_from(view)
            at = _HEAD.size
            sizes = (4 * n_slots, 4 * (n + 1), 8 * n)
            casts = []
            for size, code in zip(sizes, "iId", strict=True):
                casts.append(view[at : at + size].cast(code))
                at += size + _pad(size)
            self.slots, self.ends, self.values = casts
            self.words = view[at:]
            ok = (
                n_slots & (n_slots - 1) == 0
                and len(self.ends) == n + 1
                and self.ends[n] == len(self.words)
            )
        except (struct.error, TypeError, ValueError) as exc:
            raise ValueError(f"not a cached IDF table ({exc})") from None
        if not ok:
            raise ValueError("not a cached IDF table (wrong sizes)")
        self.mask = n_slots - 1

    def get(self, word: str) -> float | None:
        key = word.encode("utf-8", "surrogatepass")  # a lone surrogate looks up, no raise
        h = zlib.crc32(key) & self.mask
        slots, ends, words = self.slots, self.ends, self.words
        while (i := slots[h]) >= 0:
            if words[ends[i] : ends[i + 1]] == key:
                return self.values[i]
            h = (h + 1) & self.mask
        return None

    def items(self) -> Iterator[tuple[str, float]]:
        ends = self.ends
        for i in range(len(self.values)):
            yield bytes(self.words[ends[i] : ends[i + 1]]).decode(), self.values[i]


def _read_idf_file(path: Path) -> dict[str, float]:
    """The ``word idf`` lines of a file; a bad line is a ``DictFormatError`` quoting it."""
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
    return idf


class IDFTable:
    """Word -> inverse document frequency, and the median used for words not listed
    (``sorted(values)[n // 2]``, as jieba's ``IDFLoader``).

    ``IDFTable(idf, median)`` wraps a dict; ``IDFTable.load`` reads a file through the
    per-user cache (``nlptk.cache``), packed so that a run looks words up in place.
    """

    def __init__(self, idf: dict[str, float], median: float) -> None:
        self._dict: dict[str, float] | None = idf
        self._hashed: _HashedIDF | None = None
        self.median = median

    @classmethod
    def _from_hashed(cls, hashed: _HashedIDF) -> IDFTable:
        table = cls.__new__(cls)
        table._dict, table._hashed, table.median = None, hashed, hashed.median
        return table

    @classmethod
    def load(cls, path: str | Path | None = None) -> IDFTable:
        """Read a ``word idf`` file (jieba's own by default); a bad line is a
        ``DictFormatError`` quoting it. The parsed table is cached, keyed on the file."""
        path = Path(path) if path is not None else jieba_idf_path()
        if not path.is_file():
            next(numbered_lines(str(path)), None)  # raises the precise InputError

        def build() -> bytes:
            idf = _read_idf_file(path)
            return _pack(idf, sorted(idf.values())[len(idf) // 2])

        return cached(
            _IDF_CACHE,
            [path],
            build,
            lambda payload: cls._from_hashed(_HashedIDF(payload)),
            what="the IDF cache (once, ~3 s)",
        )

    def get(self, word: str, default: float | None = None) -> float | None:
        """The IDF of ``word``, ``default`` when it is not listed."""
        value = self._dict.get(word) if self._dict is not None else self._hashed.get(word)  # type: ignore[union-attr]
        return default if value is None else value

    def lookup(self, words: Iterable[str]) -> dict[str, float]:
        """The IDF of those of ``words`` that are listed: what scoring one document needs."""
        if self._dict is not None:
            return self._dict
        get = self._hashed.get  # type: ignore[union-attr]
        return {w: v for w in set(words) if (v := get(w)) is not None}

    def __reduce__(self) -> tuple[type, tuple[dict[str, float], float]]:
        # a loaded table maps the cache entry, which does not travel: send the words
        return IDFTable, (self.idf, self.median)

    @property
    def idf(self) -> dict[str, float]:
        """Every word's IDF as a dict (built on first use from a loaded table: slow)."""
        if self._dict is None:
            self._dict = dict(self._hashed.items())  # type: ignore[union-attr]
        return self._dict


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
