"""ner: document-level features of English tokens — what the other mentions of a word in the
same document say about it.

A news story names an entity fully once and then repeats it: ``Peter Blackburn`` early,
``Blackburn`` later; a headline writes ``JAPAN GET LUCKY WIN`` in capitals that say nothing,
while the body writes ``Japan``. A token's own sentence cannot tell, its document can. For
each token with a letter, keyed by its lower case, over the *other* occurrences in the
document (never the token itself):

- ``dc``: the casings seen in running text (not the first word of a sentence, not a headline:
  a sentence most of whose words are in capitals): ``T`` capitalised, ``L`` lower case,
  ``U`` all capitals; with the token's own context (``H`` headline, ``F`` first word, ``M``
  within a sentence);
- ``dr``: its places in runs of capitalised words of running text (``S`` alone, ``B``/``I``/
  ``E`` first, inner, last word of a run);
- ``dl``/``dt``/``dp`` (second pass only): the labels a first-pass tagger gave the other
  occurrences, the most frequent entity type among them, and the label of the nearest earlier
  occurrence (``nlptk.ner.perceptron``'s two-pass decoding).

Pure functions over token lists; ``document_spans`` groups sentences into documents. The
strings are hashed by the caller, like every other feature.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence

from nlptk.ner.shape import normalize

__all__ = [
    "DOC_FEATURES",
    "DOC_SEPARATOR",
    "document_spans",
    "doc_rows",
    "is_separator",
    "line_documents",
    "reads_documents",
]

#: The line CoNLL-2003 writes between documents (its first token).
DOC_SEPARATOR = "-DOCSTART-"
#: The English perceptron's feature set that reads documents (``meta.json`` ``features``).
DOC_FEATURES = "en-doc"


def reads_documents(meta: dict) -> bool:
    """Whether a NER model's tags depend on the other sentences of the document, by its
    ``meta.json`` alone (so a stream can know before loading the model)."""
    return meta.get("lang") == "en" and meta.get("features") == DOC_FEATURES


def is_separator(line: str) -> bool:
    """Whether an input line ends a document for ``nlptk ner``: a blank line or a
    ``-DOCSTART-`` line.

    >>> is_separator(""), is_separator("-DOCSTART- -X- -X- O"), is_separator("Paris")
    (True, True, False)
    """
    words = line.split()
    return not words or words[0] == DOC_SEPARATOR


def line_documents(lines: Sequence[str]) -> list[int]:
    """The document number of each line: a separator line (``is_separator``) starts the next
    document.

    >>> line_documents(["a", "b", "", "c", "-DOCSTART-", "d"])
    [0, 0, 1, 1, 2, 2]
    """
    out, doc = [], 0
    for line in lines:
        doc += is_separator(line)
        out.append(doc)
    return out


def document_spans(docs: Sequence[Hashable | None]) -> list[tuple[int, int]]:
    """``(start, end)`` of each run of equal document keys (a key per sentence; ``None``, a
    sentence before any document mark, is a document of its own).

    >>> document_spans([0, 0, 1, 1, 1, None, None])
    [(0, 2), (2, 5), (5, 6), (6, 7)]
    """
    out: list[tuple[int, int]] = []
    for i, doc in enumerate(docs):
        if i and doc is not None and doc == docs[i - 1]:
            out[-1] = (out[-1][0], i + 1)
        else:
            out.append((i, i + 1))
    return out


def _case(word: str) -> str:
    if word.isupper() and sum(c.isalpha() for c in word) > 1:
        return "U"
    first = next((c for c in word if c.isalpha()), "")
    return "T" if first.isupper() else "L" if first else ""


def _headline(words: Sequence[str]) -> bool:
    cases = [c for c in map(_case, words) if c]
    return len(cases) > 1 and 2 * sum(c == "U" for c in cases) > len(cases)


def _runs(cases: Sequence[str]) -> list[str]:
    """Each word's place in its run of capitalised words (``S``/``B``/``I``/``E``), ``""``
    outside one."""
    out = [""] * len(cases)
    i = 0
    while i < len(cases):
        if cases[i] not in ("T", "U"):
            i += 1
            continue
        j = i
        while j < len(cases) and cases[j] in ("T", "U"):
            j += 1
        if j - i == 1:
            out[i] = "S"
        else:
            out[i:j] = ["B", *["I"] * (j - i - 2), "E"]
        i = j
    return out


def _others(seen: Counter[str], own: str) -> str:
    """The sorted values of ``seen`` with one count of ``own`` taken away."""
    rest = seen - Counter([own] if own else [])
    return "".join(sorted(rest)) or "-"


def doc_rows(
    doc: Sequence[Sequence[str]], history: Sequence[Sequence[str]] | None = None
) -> list[list[list[str]]]:
    """The document feature strings of each token of each sentence of ``doc``; with
    ``history`` (first-pass BIOES labels, one list per sentence) the label features too."""
    words = [[normalize(t) for t in sent] for sent in doc]
    keys = [[w.lower() for w in sent] for sent in words]
    cases = [[_case(w) for w in sent] for sent in words]
    heads = [_headline(sent) for sent in words]
    casing: dict[str, Counter[str]] = {}
    roles: dict[str, Counter[str]] = {}
    own_case: list[list[str]] = []
    own_role: list[list[str]] = []
    for s, sent in enumerate(keys):
        running = not heads[s]
        sent_roles = _runs(cases[s]) if running else [""] * len(sent)
        own_case.append([c if running and i and c else "" for i, c in enumerate(cases[s])])
        own_role.append(sent_roles)
        for i, key in enumerate(sent):
            if own_case[s][i]:
                casing.setdefault(key, Counter())[own_case[s][i]] += 1
            if sent_roles[i]:
                roles.setdefault(key, Counter())[sent_roles[i]] += 1
    labels: dict[str, Counter[str]] = {}
    if history is not None:
        for sent, tags in zip(keys, history, strict=True):
            for key, tag in zip(sent, tags, strict=True):
                labels.setdefault(key, Counter())[tag] += 1
    last: dict[str, str] = {}
    out = []
    empty: Counter[str] = Counter()
    for s, sent in enumerate(keys):
        rows = []
        for i, key in enumerate(sent):
            if not cases[s][i]:
                rows.append([])
                continue
            ctx = "H" if heads[s] else "F" if i == 0 else "M"
            dc = _others(casing.get(key, empty), own_case[s][i])
            dr = _others(roles.get(key, empty), own_role[s][i])
            row = [f"dc={dc}", f"dc|ctx={dc}|{ctx}|{cases[s][i]}", f"dr={dr}", f"dr|ctx={dr}|{ctx}"]
            if history is not None:
                tag = history[s][i]
                rest = labels[key] - Counter([tag])
                row.extend(f"dl={t}" for t in sorted(rest))
                types: Counter[str] = Counter()
                for t, n in rest.items():
                    if t != "O":
                        types[t[2:]] += n
                best = max(sorted(types), key=types.__getitem__, default="O")
                row += [f"dt={best}", f"dt|ctx={best}|{ctx}", f"dp={last.get(key, '-')}"]
                last[key] = tag
            rows.append(row)
        out.append(rows)
    return out
