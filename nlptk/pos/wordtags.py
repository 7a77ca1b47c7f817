"""pos: ``WordTags`` — a dictionary's word -> tag lookup that costs pages, not objects.

The perceptron tagger asks jieba's dictionary (349k words) for one tag per distinct word
it meets. As a Python dict that is about 48 MB in every process, more than the model;
here it is a sorted array of 64-bit word hashes beside one tag id each, built once into
nlptk's cache and mapped from it, so a run touches only the pages its words hash to.
A hash collision could give a word another word's tag: with 64-bit hashes and 349k words
the chance that any given unseen word hits one is below 1 in 5 * 10**13.
"""

from __future__ import annotations

import hashlib
import struct
from pathlib import Path

import numpy as np

from nlptk.cache import Buffer, cached
from nlptk.io import numbered_lines

__all__ = ["WordTags", "word_hash"]

_KIND = "wordtags-1"
_HEAD = struct.Struct("<II")  # words, bytes of the tag names


def word_hash(word: str) -> int:
    """A word's stable 64-bit key (blake2b of its UTF-8 bytes; ``hash`` varies by process)."""
    digest = hashlib.blake2b(word.encode("utf-8", "surrogatepass"), digest_size=8).digest()
    return int.from_bytes(digest, "little")


class WordTags:
    """Word -> tag from the third column of a ``word freq tag`` dictionary, as ``get``.

    >>> from nlptk.segment import jieba_sources
    >>> tags = WordTags.load(jieba_sources()[0])
    >>> tags.get("北京"), tags.get("xyz", "")
    ('ns', '')
    """

    def __init__(self, keys: np.ndarray, ids: np.ndarray, names: list[str]) -> None:
        self._keys, self._ids, self._names = keys, ids, names

    @classmethod
    def load(cls, path: Path) -> WordTags:
        """The table of dictionary ``path``, from nlptk's cache (built on first use)."""
        return cached(_KIND, [path], lambda: _build(path), _read)

    def get(self, word: str, default: str | None = None) -> str | None:
        """The dictionary's tag of ``word``, else ``default``."""
        h = word_hash(word)
        i = int(np.searchsorted(self._keys, h))
        if i < len(self._keys) and int(self._keys[i]) == h:
            return self._names[self._ids[i]]
        return default


def _build(path: Path) -> bytes:
    tags: dict[int, str] = {}
    for _, line in numbered_lines(str(path)):
        fields = line.split()
        if len(fields) == 3:
            tags[word_hash(fields[0].lstrip("\ufeff"))] = fields[2]
    names = sorted(set(tags.values()))
    index = {t: i for i, t in enumerate(names)}
    keys = np.array(sorted(tags), dtype="<u8")
    width = np.uint8 if len(names) < 256 else np.dtype("<u2")
    ids = np.array([index[tags[int(k)]] for k in keys], dtype=width)
    blob = "\n".join(names).encode("utf-8")
    blob += bytes(-len(blob) % 8)
    return _HEAD.pack(len(keys), len(blob)) + blob + keys.tobytes() + ids.tobytes()


def _read(payload: Buffer) -> WordTags:
    view = memoryview(payload)
    if len(view) < _HEAD.size:
        raise ValueError("short word-tag table")
    n, names_size = _HEAD.unpack_from(view)
    names = bytes(view[_HEAD.size : _HEAD.size + names_size]).rstrip(b"\0").decode("utf-8")
    names_list = names.split("\n") if names else []
    at = _HEAD.size + names_size
    width = 1 if len(names_list) < 256 else 2
    if len(view) != at + (8 + width) * n:
        raise ValueError("word-tag table of the wrong size")
    keys = np.frombuffer(view, "<u8", n, at)
    ids = np.frombuffer(view, np.uint8 if width == 1 else "<u2", n, at + 8 * n)
    if n and (int(ids.max()) >= len(names_list)):
        raise ValueError("word-tag table with a tag id out of range")
    return WordTags(keys, ids, names_list)
