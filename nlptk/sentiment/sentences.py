"""sentiment: sentence boundaries in Chinese and English text, and the script a text is written in.

Rule-based and download-free: TextBlob's own splitter needs NLTK's punkt data, which cannot
be fetched everywhere nlptk runs.
"""

from __future__ import annotations

import re

__all__ = ["split_sentences", "detect_lang", "LANGS"]

#: Languages the sentiment methods know; ``auto`` picks one per text with ``detect_lang``.
LANGS = ("zh", "en")

# A sentence ends after Chinese 。！？；… (any run of them, as in "！！" or "……"), or after
# English . ! ? followed by whitespace or the end; closing quotes and brackets stay with it.
_ZH_END = "。！？；…!?"
_CLOSERS = "\"'”’」』）)】》"
_BOUNDARY = re.compile(rf"[{_ZH_END}]+[{_CLOSERS}]*|[.!?;]+[{_CLOSERS}]*(?=\s|$)")
# "Mr. Smith", "e.g. this": a period after these does not end an English sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "fig",
        "inc",
        "ltd",
        "co",
        "u.s",
    ]
)
_LAST_WORD = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN = re.compile(r"[A-Za-z]")


def _is_abbreviation(text: str, end: int) -> bool:
    match = _LAST_WORD.search(text, max(0, end - 12), end)
    return bool(match) and match.group(1).lower() in _ABBREVIATIONS


def split_sentences(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` character offsets of each sentence, whitespace trimmed, end exclusive.

    A text without any terminator is one sentence; a blank text has none.

    >>> t = "I am happy today. I feel sad today."
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['I am happy today.', 'I feel sad today.']
    >>> t = "房间很干净！！但是早餐太差了。服务还行"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['房间很干净！！', '但是早餐太差了。', '服务还行']
    """
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        if match.group()[0] == "." and _is_abbreviation(text, match.start() + 1):
            continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    trimmed = []
    for s, e in spans:
        stripped = text[s:e]
        lead = len(stripped) - len(stripped.lstrip())
        trail = len(stripped) - len(stripped.rstrip())
        if e - trail > s + lead:
            trimmed.append((s + lead, e - trail))
    return trimmed


def detect_lang(text: str) -> str:
    """``zh`` when Chinese characters make up at least a fifth of the letters, else ``en``.

    >>> detect_lang("这个 iPhone 很好用"), detect_lang("a good movie")
    ('zh', 'en')
    """
    cjk = len(_CJK.findall(text))
    latin = len(_LATIN.findall(text))
    return "zh" if cjk and cjk * 5 >= cjk + latin else "en"
