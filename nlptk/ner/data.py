"""ner: named-entity training and evaluation data as sentences of tokens with BIOES tags.

Every format is converted to BIOES and validated, so a trainer or scorer never sees an
ill-formed sequence; a bad tag is reported with its file and line.

People's Daily 1998 (``pd``, ``word/tag`` lines) gives characters tagged from the corpus's
proper-noun tags: ``nr`` → PER, ``ns`` → LOC, ``nt`` → ORG. The corpus writes a Chinese
name as two ``nr`` tokens (surname, given name: ``江/nr 泽民/nr``), so a run of adjacent
``nr`` tokens is one person. Anything between two ``nr`` tokens — usually ``、`` — ends
the run, so ``江/nr 泽民/nr 、/w 李/nr 鹏/nr`` is two people (foreign names are single
tokens with the ``·`` inside, ``沃纳·福诺斯/nr``, so they stay whole). Each ``ns`` and ``nt``
token is an entity of its own: ``中国/ns 北京/ns`` is two places.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlptk.errors import CorpusFormatError, InputError
from nlptk.readers.conll import TaggedSentence, read_conll
from nlptk.readers.split import take_split
from nlptk.readers.words import read_pd
from nlptk.sequence.tags import (
    SCHEMES,
    TagSchemeError,
    bioes_to_spans,
    spans_to_bioes,
    to_bioes,
    validate_tags,
)

__all__ = [
    "NER_FORMATS",
    "PD_TYPES",
    "TaggedSentence",
    "pd_sentence",
    "load_ner_data",
    "keep_types",
    "parse_types",
]

#: ``--format`` choices. ``conll`` is a column file with IOB2 tags in the last column
#: (CoNLL-2003); ``bio``/``bioes``/``bmes`` are column files in that scheme (MSRA, Weibo).
NER_FORMATS = ("pd", "conll", "bio", "bioes", "bmes")

#: People's Daily proper-noun tags and the entity type each becomes.
PD_TYPES = {"nr": "PER", "ns": "LOC", "nt": "ORG"}


_COLUMN_SCHEME = {"conll": "bio", "bio": "bio", "bioes": "bioes", "bmes": "bmes"}


def pd_sentence(pairs: Iterable[tuple[str, str]]) -> tuple[list[str], list[str]]:
    """Characters and BIOES tags of one People's Daily line (``(word, tag)`` pairs).

    >>> chars, tags = pd_sentence([("江", "nr"), ("泽民", "nr"), ("在", "p"), ("北京", "ns")])
    >>> "".join(chars), tags
    ('江泽民在北京', ['B-PER', 'I-PER', 'E-PER', 'O', 'B-LOC', 'E-LOC'])
    """
    chars: list[str] = []
    spans: list[tuple[int, int, str]] = []
    prev_tag = ""
    for word, tag in pairs:
        start = len(chars)
        chars.extend(word)
        etype = PD_TYPES.get(tag)
        if etype is None:
            pass
        elif tag == "nr" and prev_tag == "nr":
            spans[-1] = (spans[-1][0], len(chars), etype)
        else:
            spans.append((start, len(chars), etype))
        prev_tag = tag
    return chars, spans_to_bioes(len(chars), spans)


def _read_pd(path: str) -> Iterator[TaggedSentence]:
    for line_no, pairs in read_pd(path):
        chars, tags = pd_sentence(pairs)
        yield TaggedSentence(chars, tags, line_no)


def _read_columns(path: str, scheme: str, repair: bool) -> Iterator[TaggedSentence]:
    for sent in read_conll(path):
        try:
            validate_tags(sent.tags, scheme)
        except TagSchemeError as exc:
            if repair:
                tags = spans_to_bioes(len(sent.tags), bioes_to_spans(to_bioes(sent.tags, scheme)))
                yield TaggedSentence(sent.tokens, tags, sent.line_no)
                continue
            pos = min(exc.position, len(sent.tokens) - 1)
            line = f"{sent.tokens[pos]}\t{sent.tags[pos]}"
            reason = f"ill-formed {scheme.upper()} tags ({exc})"
            error = CorpusFormatError(path, sent.line_no + exc.position, line, reason)
            error.hint = (
                "fix the data, or pass --repair-tags to read a stray I- as the start of an "
                "entity and an unclosed entity as ending there (conlleval's reading)"
            )
            raise error from None
        yield TaggedSentence(sent.tokens, to_bioes(sent.tags, scheme), sent.line_no)


def load_ner_data(
    path: str, fmt: str, lang: str = "zh", split: str = "all", repair: bool = False
) -> list[TaggedSentence]:
    """Sentences of an NER corpus as ``TaggedSentence(tokens, bioes_tags, line_no)``.

    Parameters
    ----------
    path : str
        The corpus file (``-`` for stdin).
    fmt : str
        One of ``NER_FORMATS``. Column files are validated in their own scheme first, so an
        ``I-PER`` after ``O`` in a BIO file is an error naming its line, not a guess.
    lang : str
        ``zh`` or ``en``; ``pd`` (character level) is Chinese only.
    split : str
        ``all``, ``train`` (first 90% of the sentences) or ``test`` (last 10%).
    repair : bool
        Instead of raising on an ill-formed sequence, read it leniently as conlleval does
        (a stray ``I-X`` opens an entity; an unclosed one ends where its run ends). Weibo
        NER needs this: 10 of its training sentences have an ``I-`` after ``O``.

    Raises
    ------
    InputError
        Unknown format, split or language.
    CorpusFormatError
        A malformed line or an ill-formed tag sequence (file, line and reason).
    """
    if fmt not in NER_FORMATS:
        raise InputError(
            f"unknown NER data format {fmt!r}; choose one of {', '.join(NER_FORMATS)} "
            f"(tag schemes: {', '.join(SCHEMES)})"
        )
    if lang not in ("zh", "en"):
        raise InputError(f"unknown language {lang!r}; choose zh or en")
    if fmt == "pd" and lang != "zh":
        raise InputError("the pd (People's Daily) format is Chinese; use --lang zh")
    reader = _read_pd(path) if fmt == "pd" else _read_columns(path, _COLUMN_SCHEME[fmt], repair)
    return list(take_split(list(reader), split))


def parse_types(types: str | None) -> frozenset[str] | None:
    """``--types PER,LOC,ORG`` as a set (``None``: every type).

    >>> sorted(parse_types("PER, LOC"))
    ['LOC', 'PER']
    """
    if types is None:
        return None
    out = frozenset(t.strip() for t in types.split(",") if t.strip())
    if not out:
        raise InputError("--types needs at least one entity type, e.g. PER,LOC,ORG")
    return out


def keep_types(tags: Iterable[str], types: frozenset[str] | None) -> list[str]:
    """BIOES tags with the entities of other types made ``O`` (whole entities go, so the
    sequence stays well formed).

    >>> keep_types(["B-PER", "E-PER", "S-TIME"], frozenset({"PER"}))
    ['B-PER', 'E-PER', 'O']
    """
    if types is None:
        return list(tags)
    return [t if t == "O" or t[2:] in types else "O" for t in tags]
