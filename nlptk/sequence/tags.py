"""sequence: the tag schemes, declared once — BMES for segmentation, BIOES (and BIO) for entities.

Trainers, decoders and artifact writers all import the orders from here, so a state index
means the same thing everywhere. Entity tags are ``O`` or ``P-TYPE`` with prefix ``P`` in
B/I/E/S (BIOES), B/I (BIO = IOB2) or B/M/E/S (BMES, the Chinese corpora's name for BIOES).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from nlptk._schema import List, Str, Where
from nlptk.errors import InputError

__all__ = [
    "BMES",
    "PREV_BMES",
    "Span",
    "Entity",
    "OUTSIDE",
    "SCHEMES",
    "words_to_bmes",
    "bmes_to_spans",
    "bioes_labels",
    "MAX_LABELS",
    "MAX_TYPES",
    "BIOES_LABELS",
    "training_labels",
    "split_tag",
    "spans_to_bioes",
    "spans_to_bio",
    "bioes_to_spans",
    "bio_to_spans",
    "to_bioes",
    "bioes_to_bio",
    "validate_tags",
    "can_start",
    "can_follow",
    "TagSchemeError",
]

#: Segmentation states, in the order every HMM array uses.
BMES: tuple[str, ...] = ("B", "M", "E", "S")

#: For each BMES state, the states allowed right before it (the structural zeros of the HMM).
PREV_BMES: dict[str, str] = {"B": "ES", "M": "MB", "S": "SE", "E": "BM"}

Span = tuple[int, int]


def words_to_bmes(words: Iterable[str]) -> list[str]:
    """One BMES tag per character of the concatenated words.

    >>> words_to_bmes(["我", "来到", "北京大学"])
    ['S', 'B', 'E', 'B', 'M', 'M', 'E']
    """
    tags: list[str] = []
    for word in words:
        n = len(word)
        if n == 1:
            tags.append("S")
        elif n > 1:
            tags.extend(["B", *("M" * (n - 2)), "E"])
    return tags


def bmes_to_spans(tags: Sequence[str]) -> list[Span]:
    """Word spans (start, end-exclusive) from BMES tags, tolerant of ill-formed sequences.

    A word ends at E or S; a B or S starts a new word even when the previous one was left
    open, so every character lands in exactly one span.

    >>> bmes_to_spans(["S", "B", "E", "B", "M", "M", "E"])
    [(0, 1), (1, 3), (3, 7)]
    """
    spans: list[Span] = []
    start = 0
    for i, tag in enumerate(tags):
        if tag in ("B", "S") and i > start:
            spans.append((start, i))
            start = i
        if tag in ("E", "S"):
            spans.append((start, i + 1))
            start = i + 1
    if start < len(tags):
        spans.append((start, len(tags)))
    return spans


# --- entities ---------------------------------------------------------------------------------

#: The outside tag.
OUTSIDE = "O"

#: Entity tag schemes ``nlptk`` reads, with their prefixes.
SCHEMES: dict[str, str] = {"bioes": "BIES", "bio": "BI", "bmes": "BMES"}

#: An entity span: (start, end-exclusive, type).
Entity = tuple[int, int, str]


class TagSchemeError(ValueError):
    """An ill-formed tag sequence; ``position`` is the index of the first offending tag."""

    def __init__(self, position: int, message: str) -> None:
        self.position = position
        super().__init__(message)


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-PER"`` → ``("B", "PER")``; ``"O"`` → ``("O", "")``. Types may contain ``-``/``.``."""
    if tag == OUTSIDE:
        return OUTSIDE, ""
    prefix, sep, etype = tag.partition("-")
    if not sep or not etype or len(prefix) != 1:
        raise ValueError(f"bad tag {tag!r}: expected O or P-TYPE")
    return prefix, etype


def bioes_labels(types: Iterable[str]) -> list[str]:
    """The label set for entity ``types``: ``O`` then B/I/E/S for each type, sorted by type.

    >>> bioes_labels(["PER", "LOC"])
    ['O', 'B-LOC', 'I-LOC', 'E-LOC', 'S-LOC', 'B-PER', 'I-PER', 'E-PER', 'S-PER']
    """
    return [OUTSIDE] + [f"{p}-{t}" for t in sorted(set(types)) for p in "BIES"]


#: Label ids are bytes in the decoders (``Perceptron.path``, the compiled Viterbi and span
#: readers), so a tagger has at most 255 labels: ``O`` and four for each of 63 types.
MAX_LABELS = 255
MAX_TYPES = (MAX_LABELS - 1) // 4


def _is_bioes_set(labels: Sequence[str]) -> bool:
    types = {label[2:] for label in labels if label != OUTSIDE}
    return all(types) and list(labels) == bioes_labels(types)


#: A BIOES tagger's ``labels`` in ``meta.json``: exactly ``bioes_labels`` of at least one
#: type and at most ``MAX_TYPES``.
BIOES_LABELS = Where(
    List(Str(nonempty=True), min_len=5, max_len=1 + 4 * MAX_TYPES),
    _is_bioes_set,
    "O, then B-, I-, E-, S- of each non-empty type, types sorted",
)


def training_labels(tags: Iterable[str]) -> list[str]:
    """``bioes_labels`` of the entity types in training ``tags``; ``InputError`` when there
    is none (a model that can find nothing) or more than ``MAX_TYPES``."""
    types = {split_tag(tag)[1] for tag in tags} - {""}
    if not types:
        raise InputError("the training data holds no entity; a model trained on it finds none")
    if len(types) > MAX_TYPES:
        raise InputError(
            f"the training data has {len(types)} entity types; at most {MAX_TYPES} are "
            f"supported (label ids are bytes: O and B/I/E/S of each type, {MAX_LABELS} at most)"
        )
    return bioes_labels(types)


def spans_to_bioes(n: int, entities: Iterable[Entity]) -> list[str]:
    """BIOES tags for ``n`` positions with the given non-overlapping entity spans.

    >>> spans_to_bioes(5, [(0, 3, "PER"), (4, 5, "LOC")])
    ['B-PER', 'I-PER', 'E-PER', 'O', 'S-LOC']
    """
    tags = [OUTSIDE] * n
    for start, end, etype in entities:
        if end - start == 1:
            tags[start] = f"S-{etype}"
        else:
            tags[start] = f"B-{etype}"
            tags[start + 1 : end - 1] = [f"I-{etype}"] * (end - start - 2)
            tags[end - 1] = f"E-{etype}"
    return tags


def spans_to_bio(n: int, entities: Iterable[Entity]) -> list[str]:
    """BIO (IOB2) tags for ``n`` positions.

    >>> spans_to_bio(4, [(0, 3, "PER")])
    ['B-PER', 'I-PER', 'I-PER', 'O']
    """
    return bioes_to_bio(spans_to_bioes(n, entities))


def bioes_to_spans(tags: Sequence[str]) -> list[Entity]:
    """Entity spans from BIOES tags, decoding model output leniently.

    An entity opens at B (or at an I/E whose type differs from the open one, or after O),
    continues through I/E of its type and closes at E; S is a one-position entity. A
    B-…-I run that never reaches E still counts as an entity up to its last I, so a
    decoder's slightly ill-formed output is not thrown away.

    >>> bioes_to_spans(["B-PER", "I-PER", "E-PER", "O", "S-LOC", "B-ORG", "I-ORG"])
    [(0, 3, 'PER'), (4, 5, 'LOC'), (5, 7, 'ORG')]
    """
    entities: list[Entity] = []
    start, etype = -1, ""
    for i, tag in enumerate(tags):
        if tag == OUTSIDE:  # most tags: close the open entity, if any, without split_tag
            if start >= 0:
                entities.append((start, i, etype))
                start = -1
            continue
        prefix, t = split_tag(tag)
        if start >= 0 and (prefix in ("B", "S") or t != etype):
            entities.append((start, i, etype))
            start = -1
        if prefix == "S":
            entities.append((i, i + 1, t))
        elif prefix in ("B", "I", "E", "M"):
            if start < 0:
                start, etype = i, t
            if prefix == "E":
                entities.append((start, i + 1, etype))
                start = -1
    if start >= 0:
        entities.append((start, len(tags), etype))
    return entities


def bio_to_spans(tags: Sequence[str]) -> list[Entity]:
    """Entity spans from BIO (IOB2) tags; an I after O or another type opens an entity.

    >>> bio_to_spans(["B-PER", "I-PER", "O", "I-LOC", "B-LOC"])
    [(0, 2, 'PER'), (3, 4, 'LOC'), (4, 5, 'LOC')]
    """
    return bioes_to_spans(to_bioes(tags, "bio"))


def to_bioes(tags: Sequence[str], scheme: str) -> list[str]:
    """Convert ``bio`` (IOB2), ``bmes`` or ``bioes`` tags to BIOES.

    >>> to_bioes(["B-PER", "I-PER", "O", "B-LOC"], "bio")
    ['B-PER', 'E-PER', 'O', 'S-LOC']
    >>> to_bioes(["B-PER", "M-PER", "E-PER"], "bmes")
    ['B-PER', 'I-PER', 'E-PER']
    """
    if scheme == "bioes":
        return list(tags)
    if scheme == "bmes":
        return [f"I-{tag[2:]}" if tag.startswith("M-") else tag for tag in tags]
    if scheme != "bio":
        raise ValueError(f"unknown tag scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    out: list[str] = []
    for i, tag in enumerate(tags):
        prefix, etype = split_tag(tag)
        if prefix == OUTSIDE:
            out.append(OUTSIDE)
            continue
        nxt = tags[i + 1] if i + 1 < len(tags) else OUTSIDE
        continues = nxt == f"I-{etype}"
        starts = prefix == "B" or not out or out[-1] == OUTSIDE or split_tag(out[-1])[1] != etype
        if starts:
            out.append(f"B-{etype}" if continues else f"S-{etype}")
        else:
            out.append(f"I-{etype}" if continues else f"E-{etype}")
    return out


def bioes_to_bio(tags: Sequence[str]) -> list[str]:
    """BIOES → BIO (IOB2): S becomes B, E becomes I.

    >>> bioes_to_bio(["S-LOC", "B-PER", "E-PER"])
    ['B-LOC', 'B-PER', 'I-PER']
    """
    table = {"S": "B", "E": "I"}
    return [tag if tag == OUTSIDE else f"{table.get(tag[0], tag[0])}{tag[1:]}" for tag in tags]


def can_start(tag: str) -> bool:
    """Whether a BIOES sentence may open with ``tag`` (O, B or S).

    >>> can_start("B-PER"), can_start("E-PER")
    (True, False)
    """
    return split_tag(tag)[0] in (OUTSIDE, "B", "S")


def can_follow(prev: str, tag: str) -> bool:
    """Whether BIOES ``tag`` may come right after ``prev``: an open entity (B/I) continues
    with I or E of its type; otherwise only O, B or S may follow. These are the
    structural zeros of an entity HMM's transitions.

    >>> can_follow("B-PER", "E-PER"), can_follow("B-PER", "O"), can_follow("E-PER", "S-LOC")
    (True, False, True)
    """
    p_prefix, p_type = split_tag(prev)
    prefix, etype = split_tag(tag)
    if p_prefix in ("B", "I"):
        return prefix in ("I", "E") and etype == p_type
    return prefix in (OUTSIDE, "B", "S")


def validate_tags(tags: Sequence[str], scheme: str) -> None:
    """Raise ``TagSchemeError`` at the first tag that breaks ``scheme``'s grammar.

    BIO: I-X must follow B-X or I-X. BIOES/BMES: B-X is followed by I/M-X or E-X, I/M-X
    sits between B-X and E-X, and E-X closes an open B-X.

    >>> validate_tags(["B-PER", "E-PER", "S-LOC"], "bioes")
    >>> validate_tags(["B-PER", "O"], "bioes")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    nlptk.sequence.tags.TagSchemeError: position 2: 'O' cannot follow 'B-PER' (expected I-PER ...
    """
    if scheme not in SCHEMES:
        raise ValueError(f"unknown tag scheme {scheme!r}; choose one of {', '.join(SCHEMES)}")
    allowed = SCHEMES[scheme]
    inside = "M" if scheme == "bmes" else "I"
    prev = OUTSIDE
    for i, tag in enumerate(tags):
        try:
            prefix, etype = split_tag(tag)
        except ValueError as exc:
            raise TagSchemeError(i, f"position {i + 1}: {exc}") from None
        if prefix != OUTSIDE and prefix not in allowed:
            raise TagSchemeError(
                i,
                f"position {i + 1}: {tag!r} is not a {scheme.upper()} tag (prefixes {allowed}, O)",
            )
        p_prefix, p_type = split_tag(prev)
        open_before = scheme != "bio" and p_prefix in ("B", inside)
        if open_before and not (prefix in (inside, "E") and etype == p_type):
            raise TagSchemeError(
                i,
                f"position {i + 1}: {tag!r} cannot follow {prev!r} "
                f"(expected {inside}-{p_type} or E-{p_type})",
            )
        if (
            prefix in (inside, "E")
            and not open_before
            and not (scheme == "bio" and p_prefix in ("B", "I") and p_type == etype)
        ):
            raise TagSchemeError(i, f"position {i + 1}: {tag!r} cannot follow {prev!r}")
        prev = tag
    p_prefix, p_type = split_tag(prev)
    if scheme != "bio" and p_prefix in ("B", inside):
        raise TagSchemeError(
            len(tags), f"position {len(tags) + 1}: entity {prev!r} is never closed by E-{p_type}"
        )
