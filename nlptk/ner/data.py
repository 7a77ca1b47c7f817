"""ner: named-entity training and evaluation data as sentences of tokens with BIOES tags.

Every format is converted to BIOES and validated, so a trainer or scorer never sees an
ill-formed sequence; a bad tag is reported with its file and line.

People's Daily 1998 (``pd``, ``word/tag`` lines) is read by ``nlptk.ner.pd``: ``nr`` →
PER, ``ns`` → LOC, ``nt`` → ORG, and the switchable ``PD_MAPPINGS`` (conventions closer to
MSRA's, TIME and the numeric types).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from nlptk.errors import CorpusFormatError, InputError
from nlptk.ner.pd import PD_MAPPINGS, PD_TYPES, parse_pd_map, pd_sentence
from nlptk.readers.conll import TaggedSentence, read_conll
from nlptk.readers.split import take_split
from nlptk.readers.words import read_pd
from nlptk.sequence.tags import (
    SCHEMES,
    TagSchemeError,
    bioes_to_spans,
    spans_to_bioes,
    split_tag,
    to_bioes,
    validate_tags,
)

__all__ = [
    "NER_FORMATS",
    "PD_TYPES",
    "PD_MAPPINGS",
    "parse_pd_map",
    "TaggedSentence",
    "pd_sentence",
    "load_ner_data",
    "keep_types",
    "parse_types",
    "WEIBO_TYPES",
    "map_types",
]

#: ``--format`` choices. ``conll`` is a column file with IOB2 tags in the last column
#: (CoNLL-2003); ``bio``/``bioes``/``bmes`` are column files in that scheme (MSRA);
#: ``weibo`` is a BIO column file with Weibo NER's types, read as ``WEIBO_TYPES`` maps them.
NER_FORMATS = ("pd", "conll", "bio", "bioes", "bmes", "weibo")

_COLUMN_SCHEME = {"conll": "bio", "bio": "bio", "bioes": "bioes", "bmes": "bmes", "weibo": "bio"}

#: Weibo NER (Peng & Dredze 2015) as the PER/LOC/ORG of the other corpora: names (``.NAM``)
#: only, a geo-political entity (``GPE``) read as a place; nominal mentions (``.NOM``: 记者,
#: 女孩) are left out, as no other corpus tags them.
WEIBO_TYPES = {"PER.NAM": "PER", "LOC.NAM": "LOC", "GPE.NAM": "LOC", "ORG.NAM": "ORG"}


def _read_pd(path: str, mappings: frozenset[str]) -> Iterator[TaggedSentence]:
    for line_no, pairs in read_pd(path):
        chars, tags = pd_sentence(pairs, mappings)
        yield TaggedSentence(chars, tags, line_no)


def map_types(tags: list[str], mapping: dict[str, str]) -> list[str]:
    """BIOES ``tags`` with each entity's type renamed by ``mapping``; an entity of a type
    it does not name becomes ``O`` (whole, so the sequence stays well formed).

    >>> map_types(["B-PER.NAM", "E-PER.NAM", "S-PER.NOM", "S-GPE.NAM"], WEIBO_TYPES)
    ['B-PER', 'E-PER', 'O', 'S-LOC']
    """
    spans = [(s, e, mapping[t]) for s, e, t in bioes_to_spans(tags) if t in mapping]
    return spans_to_bioes(len(tags), spans)


def _malformed(tags: list[str]) -> int | None:
    """The index of the first tag that is not ``O`` nor ``P-TYPE`` (``B-``: no type), which
    no repair can read; ``None`` when every tag is well formed."""
    for i, tag in enumerate(tags):
        try:
            split_tag(tag)
        except ValueError:
            return i
    return None


def _read_columns(path: str, scheme: str, repair: bool) -> Iterator[TaggedSentence]:
    for sent in read_conll(path):
        try:
            validate_tags(sent.tags, scheme)
        except TagSchemeError as exc:
            bad = _malformed(sent.tags)
            if repair and bad is None:
                tags = spans_to_bioes(len(sent.tags), bioes_to_spans(to_bioes(sent.tags, scheme)))
                yield TaggedSentence(sent.tokens, tags, sent.line_no, sent.doc)
                continue
            at = exc.position if bad is None else bad
            pos = min(at, len(sent.tokens) - 1)
            line = f"{sent.tokens[pos]}\t{sent.tags[pos]}"
            reason = f"ill-formed {scheme.upper()} tags ({exc})"
            if bad is not None:
                reason = f"bad tag {sent.tags[bad]!r}: expected O or P-TYPE"
            error = CorpusFormatError(path, sent.line_no + at, line, reason)
            if bad is None:
                error.hint = (
                    "fix the data, or pass --repair-tags to read a stray I- as the start of an "
                    "entity and an unclosed entity as ending there (conlleval's reading)"
                )
            raise error from None
        yield TaggedSentence(sent.tokens, to_bioes(sent.tags, scheme), sent.line_no, sent.doc)


def load_ner_data(
    path: str,
    fmt: str,
    lang: str = "zh",
    split: str = "all",
    repair: bool = False,
    pd_map: frozenset[str] = frozenset(),
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
    pd_map : frozenset of str
        ``PD_MAPPINGS`` names applied when reading ``pd`` (ignored for column files).

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
    if fmt == "pd":
        reader = _read_pd(path, pd_map)
    else:
        reader = _read_columns(path, _COLUMN_SCHEME[fmt], repair)
    if fmt == "weibo":
        reader = (
            TaggedSentence(s.tokens, map_types(s.tags, WEIBO_TYPES), s.line_no) for s in reader
        )
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
