"""ner: named-entity recognition of raw text — engines, the ``Recognizer`` and the stream
behind ``nlptk ner``.

An engine turns lines of one language into tokens (character spans) and entities, and tags
pre-tokenised sentences for evaluation. ``ENGINES`` maps ``--engine`` names to loaders of a
model directory: ``perceptron`` (``nlptk.ner.perceptron.PerceptronTagger``; shipped models
for zh and en, the default: the most accurate), ``hmm`` (``HMMTagger``; shipped models for zh
and en) and ``bert`` (``BertTagger`` from ``nlptk bert train --task ner``; torch loads only
then). A model directory names its own engine and language (``nlptk.artifacts.model_kind``).

>>> rec = Recognizer()
>>> [(e.text, e.label) for e in rec.entities("1998年江泽民主席在北京会见了克林顿。")]
[('1998年', 'TIME'), ('江泽民', 'PER'), ('北京', 'LOC'), ('克林顿', 'PER')]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import chain, groupby
from json.encoder import encode_basestring as _json_str  # json.dumps's, non-ASCII kept
from pathlib import Path
from typing import Any, Protocol

from nlptk.artifacts import model_kind, read_meta, resolve_model
from nlptk.errors import InputError, ModelFormatError
from nlptk.ner.document import DOC_SEPARATOR, is_separator, line_documents, reads_documents
from nlptk.ner.hmm import HMMTagger
from nlptk.ner.output import (
    OUTPUT_FORMATS,
    OUTPUT_SCHEMES,
    Entity,
    entities_from_tags,
    format_conll,
    format_entity_list,
    format_inline,
    format_spans,
)
from nlptk.parallel import imap_ordered
from nlptk.sequence.tokens import detect_lang, tokenize, tokenize_chars
from nlptk.sequence.viterbi import COMPILED

__all__ = [
    "Analysis",
    "NEREngine",
    "TaggerEngine",
    "CharEngine",
    "HMMEngine",
    "PerceptronEngine",
    "ENGINES",
    "LANGS",
    "SHIPPED_NER",
    "SHIPPED_ENGINES",
    "SHIPPED_BY_ENGINE",
    "DEFAULT_ENGINE",
    "shipped_model",
    "check_engine",
    "load_engine",
    "open_engine",
    "Recognizer",
    "ner_stream",
    "pieces",
    "LONG_LINE",
    "PIECE",
    "BATCH_CHARS",
    "DOC_LINES",
]

#: ``--lang`` choices; ``auto`` picks per line by script (``nlptk.sequence.tokens``).
LANGS = ("zh", "en", "auto")

#: The engine of ``nlptk ner``, ``nlptk eval ner`` and ``Recognizer()`` when neither an
#: engine nor a model is named: the most accurate one with shipped models.
DEFAULT_ENGINE = "perceptron"

#: The model shipped in ``models/`` for each language (the default engine's).
SHIPPED_NER = {"zh": "ner-zh", "en": "ner-en-conll03-perceptron"}

#: The shipped models of each engine that has them, per language.
SHIPPED_BY_ENGINE = {
    DEFAULT_ENGINE: SHIPPED_NER,
    "hmm": {"zh": "ner-zh-pd98", "en": "ner-en-conll03"},
}


@dataclass(frozen=True, slots=True)
class Analysis:
    """One line's tokens (character spans, what ``--format conll`` lists) and entities."""

    text: str
    tokens: list[tuple[int, int]]
    entities: list[Entity]


class NEREngine(Protocol):
    """What ``Recognizer`` needs from an engine."""

    lang: str
    #: whether a line's tags depend on the other lines of its document
    documents: bool

    def analyze(self, texts: Sequence[str], documents: bool = False) -> list[Analysis]: ...

    def entities(self, texts: Sequence[str], documents: bool = False) -> list[list[Entity]]: ...

    def tag_tokens(
        self, sentences: Sequence[Sequence[str]], docs: Sequence[int | None] | None = None
    ) -> list[list[str]]: ...


class TaggerEngine:
    """A token tagger on raw lines: tokenise (characters for ``zh``, English words for
    ``en``: ``nlptk.sequence.tokens``), tag in one batch, read entities off the BIOES tags.

    ``tagger.predict(token_lists)`` gives well-formed BIOES tags (``HMMTagger``,
    ``BertTagger``). A line without tokens is not sent to it.

    A tagger with ``documents`` (``PerceptronTagger``'s ``en-doc``) tags a sentence in its
    document: ``predict(token_lists, docs)``. Each text is its own document unless
    ``analyze``/``entities`` are told ``documents``: the texts are then consecutive lines
    of documents delimited by separator lines (``nlptk.ner.document.is_separator``: a blank
    line or a ``-DOCSTART-`` line, which then finds no entities), as ``ner_stream`` reads
    them (closing batches only at separators, ``DOC_LINES``).
    """

    def __init__(self, tagger: Any, lang: str) -> None:
        self.tagger = tagger
        self.lang = lang
        self.documents = bool(getattr(tagger, "documents", False))

    def tag_tokens(
        self, sentences: Sequence[Sequence[str]], docs: Sequence[int | None] | None = None
    ) -> list[list[str]]:
        """BIOES tags of each token list; ``docs``, each one's document (consecutive equal
        keys), is passed to a ``documents`` tagger."""
        if self.documents:
            return self.tagger.predict(sentences, docs)
        return self.tagger.predict(sentences)

    def analyze(self, texts: Sequence[str], documents: bool = False) -> list[Analysis]:
        spans = [tokenize(text, self.lang) for text in texts]
        docs = None
        if documents and self.documents:
            spans = [
                [] if is_separator(text) else sp for text, sp in zip(texts, spans, strict=True)
            ]
            docs = [d for d, sp in zip(line_documents(texts), spans, strict=True) if sp]
        tokens = [[text[s:e] for s, e in sp] for text, sp in zip(texts, spans, strict=True)]
        tagged = iter(self.tag_tokens([t for t in tokens if t], docs) if any(tokens) else [])
        tags = [next(tagged) if t else [] for t in tokens]
        return [
            Analysis(text, sp, entities_from_tags(text, sp, tg))
            for text, sp, tg in zip(texts, spans, tags, strict=True)
        ]

    def entities(self, texts: Sequence[str], documents: bool = False) -> list[list[Entity]]:
        """Each line's entities (``analyze`` without the tokens)."""
        return [a.entities for a in self.analyze(texts, documents)]


class CharEngine(TaggerEngine):
    """A tagger with a compiled per-character path on raw lines (``tagger.char_entities``:
    entities of Chinese lines without per-character Python objects), in the language it
    was trained on.

    Chinese lines take that path when the kernels are built; English ones, and Chinese
    ones without them, take ``TaggerEngine``'s, which is also its reference.
    """

    def __init__(self, tagger: Any) -> None:
        super().__init__(tagger, tagger.lang)
        self.by_char = tagger.lang == "zh" and COMPILED

    def entities(self, texts: Sequence[str], documents: bool = False) -> list[list[Entity]]:
        if not self.by_char:
            return super().entities(texts, documents)
        return [[Entity(*e) for e in line] for line in self.tagger.char_entities(texts)]

    def analyze(self, texts: Sequence[str], documents: bool = False) -> list[Analysis]:
        if not self.by_char:
            return super().analyze(texts, documents)
        return [
            Analysis(text, tokenize_chars(text), ents)
            for text, ents in zip(texts, self.entities(texts), strict=True)
        ]


class HMMEngine(CharEngine):
    """``HMMTagger`` on raw lines; Chinese ones in one C call per batch
    (``HMMTagger.char_entities``)."""

    @classmethod
    def load(cls, model_dir: str | Path) -> HMMEngine:
        return cls(HMMTagger.load(model_dir))


class PerceptronEngine(CharEngine):
    """``nlptk.ner.perceptron.PerceptronTagger`` on raw lines; Chinese ones through
    compiled features, decoder and span reading (``PerceptronTagger.char_entities``)."""

    @classmethod
    def load(cls, model_dir: str | Path, convention: str | None = None) -> PerceptronEngine:
        from nlptk.ner.perceptron import PerceptronTagger

        return cls(PerceptronTagger.load(model_dir, convention))


def _bert_engine(model_dir: Path) -> NEREngine:
    from nlptk.bert import BertTagger

    tagger = BertTagger.load(model_dir)
    return TaggerEngine(tagger, tagger.lang)


#: ``--engine`` name → loader of a model directory.
ENGINES: dict[str, Callable[[Path], NEREngine]] = {
    "hmm": HMMEngine.load,
    "perceptron": PerceptronEngine.load,
    "bert": _bert_engine,
}

#: Engines with shipped models (``SHIPPED_BY_ENGINE``); the others need ``--model``.
SHIPPED_ENGINES = tuple(SHIPPED_BY_ENGINE)


def check_engine(engine: str | None, model: str | None) -> None:
    """Raise ``InputError`` for an unknown engine, or for one without shipped models when no
    model directory is given (``None``: the model's own engine, else ``DEFAULT_ENGINE``)."""
    if engine is not None and engine not in ENGINES:
        raise InputError(f"unknown NER engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if model is None and engine is not None and engine not in SHIPPED_ENGINES:
        raise InputError(f"the {engine} engine needs a model directory (--model DIR)")


def shipped_model(engine: str, lang: str) -> str:
    """The name of ``engine``'s shipped model for ``lang``."""
    return SHIPPED_BY_ENGINE[engine][lang]


def load_engine(
    model: str, engine: str | None = None, lang: str | None = None, convention: str | None = None
) -> tuple[str, NEREngine]:
    """The engine's name and the engine over ``model`` (a directory or a shipped model's
    name), both read from its ``meta.json``; an ``engine`` or ``lang`` given that the model
    contradicts is an ``InputError``, as is a ``convention`` it was not trained with.

    >>> name, engine = load_engine("ner-en-conll03")
    >>> name, engine.lang
    ('hmm', 'en')
    """
    check_engine(engine, model)
    kind = model_kind(model, "ner", engine, lang)
    if kind.engine not in ENGINES:
        raise ModelFormatError(f"{kind.path}: meta.json names no NER engine ({kind.engine!r})")
    return kind.engine, open_engine(kind.engine, kind.path, convention)


def open_engine(engine: str, path: Path, convention: str | None) -> NEREngine:
    """``ENGINES[engine]`` over ``path``, tagging in ``convention`` (perceptron models
    trained on several corpora with ``--conventions``; ``InputError`` for the others)."""
    if convention is None:
        return ENGINES[engine](path)
    if engine != "perceptron":
        raise InputError(
            f"--convention is for perceptron models trained with --conventions, not {engine}"
        )
    return PerceptronEngine.load(path, convention)


class Recognizer:
    """Named-entity recognition of raw lines with one engine.

    Parameters
    ----------
    engine : str, optional
        A key of ``ENGINES`` (``perceptron``, ``hmm``, ``bert``); by default the model's own
        (its ``meta.json``), else ``DEFAULT_ENGINE``. One that contradicts ``model`` is an
        ``InputError``.
    model : str, optional
        A model directory or shipped model name; its language (a BERT model's: ``zh`` when
        it tags characters, ``en`` when it tags words) then applies to every line. Without
        it, the engine's shipped model of the line's language is used (``perceptron``,
        ``hmm``), with every entity type it has.
    lang : {"zh", "en", "auto"}
        ``auto`` chooses per line: more Han characters than Latin words → Chinese.
    types : set of str, optional
        Keep only entities of these types (``{"PER", "LOC", "ORG"}``).
    convention : str, optional
        The annotation convention the Chinese model tags in, for one trained on several
        corpora with ``--conventions`` (``ner-zh``: ``pd98``, ``msra``, ``weibo``); default
        its ``meta.json``'s.
    """

    def __init__(
        self,
        engine: str | None = None,
        model: str | None = None,
        lang: str = "auto",
        types: frozenset[str] | None = None,
        convention: str | None = None,
    ) -> None:
        check_engine(engine, model)
        self.types, self.convention = types, convention
        if lang not in LANGS:
            raise InputError(f"unknown language {lang!r}; choose one of {', '.join(LANGS)}")
        self.engine, self.model, self.lang = engine or DEFAULT_ENGINE, model, lang
        self._engines: dict[str, NEREngine] = {}
        if model is not None:
            self.engine, loaded = load_engine(model, engine, lang, convention)
            self.lang = loaded.lang
            self._engines[loaded.lang] = loaded
        elif convention is not None:
            if lang == "en":
                raise InputError("--convention is for the Chinese model (--lang zh or auto)")
            self.engine_for("zh")  # a bad name stops here, not at the first Chinese line

    @classmethod
    def load(cls, model: str, types: frozenset[str] | None = None) -> Recognizer:
        """A ``Recognizer`` over one model directory (or shipped model name), the engine
        and language read from its ``meta.json`` (as ``Recognizer(model=model)``).

        >>> Recognizer.load("ner-zh-pd98-perceptron").entities("李鹏在上海")[0].label
        'PER'
        """
        return cls(model=model, types=types)

    def engine_for(self, lang: str) -> NEREngine:
        """The engine for ``lang`` text, loading the shipped model on first use."""
        if lang not in self._engines:
            name = shipped_model(self.engine, lang)
            # a convention is the Chinese model's; English lines read as they always do
            convention = self.convention if lang == "zh" else None
            self._engines[lang] = open_engine(
                self.engine, resolve_model(name, task="ner"), convention
            )
        return self._engines[lang]

    def preload(self) -> Recognizer:
        """Load every model a line could need (before forking workers)."""
        for lang in ("zh", "en") if self.lang == "auto" else (self.lang,):
            self.engine_for(lang)
        return self

    def _per_lang(
        self, texts: Sequence[str], lang: str | None, run: Callable[[NEREngine, list[str]], list]
    ) -> list:
        """``run(engine, lines)`` on the lines of each language, results in input order."""
        langs = [lang or (detect_lang(t) if self.lang == "auto" else self.lang) for t in texts]
        if len(set(langs)) == 1:
            return run(self.engine_for(langs[0]), list(texts))
        out: list = [None] * len(texts)
        for lang in set(langs):
            idx = [i for i, x in enumerate(langs) if x == lang]
            for i, result in zip(
                idx, run(self.engine_for(lang), [texts[i] for i in idx]), strict=True
            ):
                out[i] = result
        return out

    def documents(self) -> bool:
        """Whether an English line's entities depend on the other lines of its document
        (an ``en-doc`` model): ``ner_stream`` then keeps each document in one batch. A
        shipped model not loaded yet is asked through its ``meta.json``, so that Chinese
        text under ``--lang auto`` does not pay for loading the English model."""
        if self.lang == "zh":
            return False
        if "en" in self._engines:
            return self._engines["en"].documents
        path = resolve_model(shipped_model(self.engine, "en"), task="ner")
        return reads_documents(read_meta(path, "ner"))

    def _kept(self, entities: list[Entity]) -> list[Entity]:
        return entities if self.types is None else [e for e in entities if e.label in self.types]

    def analyze(
        self, texts: Sequence[str], lang: str | None = None, documents: bool = False
    ) -> list[Analysis]:
        """Tokens and entities of each line, in order (lines grouped by language; ``lang``
        says all are of one, as the pieces of one long line are). Each line is a document
        of its own, unless ``documents``: then the lines between separator lines are one
        (``TaggerEngine``; what ``nlptk ner`` reads)."""
        analyses = self._per_lang(
            texts, lang, lambda engine, lines: engine.analyze(lines, documents)
        )
        if self.types is None:
            return analyses
        return [Analysis(a.text, a.tokens, self._kept(a.entities)) for a in analyses]

    def entities_batch(
        self, texts: Sequence[str], lang: str | None = None, documents: bool = False
    ) -> list[list[Entity]]:
        """Entities of each line, as ``analyze`` finds them, without the tokens (which a
        Chinese line would pay for per character).

        >>> [[e.text for e in ents] for ents in Recognizer(lang="zh").entities_batch(["李鹏", ""])]
        [['李鹏'], []]
        """
        found = self._per_lang(texts, lang, lambda engine, lines: engine.entities(lines, documents))
        return found if self.types is None else [self._kept(ents) for ents in found]

    def entities(self, text: str) -> list[Entity]:
        """Entities of one line.

        >>> Recognizer(lang="en").entities("Peter Blackburn visited Germany.")[0]
        Entity(text='Peter Blackburn', label='PER', start=0, end=15)
        """
        return self.entities_batch([text])[0]


#: Lines longer than this (characters) are decoded piece by piece and their output streamed
#: (``_units``).
LONG_LINE = 20_000
#: The most characters in one piece of a long line.
PIECE = 2_000
#: A work batch closes once it holds this many characters of long lines: a batch of pieces,
#: and the memory and output it holds, stay this size whatever the line's length.
BATCH_CHARS = 64 * PIECE
#: With a document-level model (``Recognizer.documents``) a batch closes at the first
#: document separator after its ``batch_size`` lines, or at this many lines: a longer
#: document is tagged as consecutive documents of this many lines.
DOC_LINES = 1024
#: A piece ends after a sentence end (then any whitespace), else at whitespace.
_SENTENCE_END = re.compile(r"[。！？；!?;]\s*|[.…]\s+")
_SPACE = re.compile(r"\s+")

#: Unit kinds of a long line (``_units``): output as is, a piece's entities for ``jsonl``
#: (``_joined`` puts the ", " between the pieces' lists), a piece's ``inline``/``conll`` text.
_LIT, _ENTS, _BODY = "lit", "ents", "body"
#: A unit of work: a line of at most ``LONG_LINE`` characters, or ``(kind, text, offset,
#: lang)`` of a long one.
Unit = str | tuple[str, str, int, str]


def pieces(text: str, size: int = PIECE) -> Iterator[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, each at most ``size`` characters,
    cut after the last sentence end in reach, else at the last whitespace, else at ``size``
    (a Chinese character is a token, so no token is cut; an English word is cut only in a
    run of ``size`` characters without a space).

    >>> list(pieces("甲乙。丙丁。戊", size=3))
    [(0, 3), (3, 6), (6, 7)]
    """
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in _SENTENCE_END.finditer(window)), default=0)
        if not cut:
            cut = max((m.end() for m in _SPACE.finditer(window)), default=0) or size
        yield start, start + cut
        start += cut
    yield start, len(text)


def _format_lines(
    rec: Recognizer,
    texts: list[str],
    fmt: str,
    scheme: str,
    lang: str | None = None,
    documents: bool = False,
) -> list[str]:
    """Each line's output without its newline (``nlptk.ner.output``'s formats); only
    ``conll`` lists tokens, so only it asks for them. ``documents``: the lines are read as
    documents (``Recognizer.analyze``)."""
    if fmt == "conll":
        return [
            format_conll(a.text, a.tokens, a.entities, scheme)
            for a in rec.analyze(texts, lang, documents)
        ]
    write = format_spans if fmt == "jsonl" else format_inline
    return list(map(write, texts, rec.entities_batch(texts, lang, documents)))


def _units(lines: Iterable[str], rec: Recognizer, fmt: str) -> Iterator[Unit]:
    """The work of each line: a short line whole; a long one as its pieces, framed by the
    literal text around them. The pieces' outputs, in order, make exactly the one output
    line a whole decode gives, and none of it (nor its entities, a million on a 5 M
    character line) is ever held at once. ``jsonl`` writes the line's text first, escaped a
    slice at a time (JSON escapes character by character), then each piece's entities."""
    for line in lines:
        if len(line) <= LONG_LINE:
            yield line
            continue
        lang = detect_lang(line) if rec.lang == "auto" else rec.lang
        if fmt == "jsonl":
            yield _LIT, '{"text": "', 0, lang
            for i in range(0, len(line), BATCH_CHARS):
                yield _LIT, _json_str(line[i : i + BATCH_CHARS])[1:-1], 0, lang
            yield _LIT, '", "entities": [', 0, lang
        for s, e in pieces(line, PIECE):
            yield _ENTS if fmt == "jsonl" else _BODY, line[s:e], s, lang
        yield _LIT, "]}\n" if fmt == "jsonl" else "\n", 0, lang


def _unit_batches(
    units: Iterable[Unit], size: int, documents: bool = False
) -> Iterator[list[Unit]]:
    """Consecutive batches of ``size`` units, or fewer once they hold ``BATCH_CHARS``
    characters of long lines; with ``documents``, more: up to the next separator line, at
    most ``DOC_LINES``."""
    batch: list[Unit] = []
    chars = 0
    for unit in units:
        batch.append(unit)
        chars += 0 if isinstance(unit, str) else len(unit[1])
        whole = not documents or len(batch) >= DOC_LINES
        whole = whole or (isinstance(unit, str) and is_separator(unit))
        if (len(batch) >= size and whole) or chars >= BATCH_CHARS:
            yield batch
            batch, chars = [], 0
    if batch:
        yield batch


def _format_pieces(
    rec: Recognizer,
    group: list[tuple[str, str, int, str]],
    fmt: str,
    scheme: str,
    documents: bool = False,
) -> list[str]:
    """The outputs of consecutive pieces of one language: ``jsonl`` entities as a JSON list
    body at their offsets in the line, ``inline``/``conll`` text (``documents``: the
    pieces of a batch read as one document)."""
    texts, lang = [u[1] for u in group], group[0][3]
    if fmt != "jsonl":
        return _format_lines(rec, texts, fmt, scheme, lang, documents)
    return [
        format_entity_list([replace(e, start=e.start + off, end=e.end + off) for e in ents])
        for (_, _, off, _), ents in zip(
            group, rec.entities_batch(texts, lang, documents), strict=True
        )
    ]


def _format_batch(
    state: tuple[Recognizer, str, str, bool], units: list[Unit]
) -> list[tuple[bool, str]]:
    """``(is a piece's spans entities, output)`` of each unit (``_joined`` assembles them)."""
    rec, fmt, scheme, documents = state
    short = [u for u in units if isinstance(u, str)]
    formatted = iter(_format_lines(rec, short, fmt, scheme, None, documents) if short else [])
    decoded: list[str] = []
    todo = [u for u in units if not isinstance(u, str) and u[0] != _LIT]
    for _, group in groupby(todo, key=lambda u: u[3]):
        decoded += _format_pieces(rec, list(group), fmt, scheme, documents)
    done = iter(decoded)
    out = []
    for unit in units:
        if isinstance(unit, str):
            out.append((False, next(formatted) + "\n"))
        else:
            out.append((unit[0] == _ENTS, unit[1] if unit[0] == _LIT else next(done)))
    return out


def _joined(results: Iterable[list[tuple[bool, str]]]) -> Iterator[str]:
    """One chunk of output per batch: the pieces' ``jsonl`` entity lists joined by ", "
    (skipping the empty ones) inside their line's list, everything else as it comes."""
    listed = False  # an entity of the current long line is written: the next needs ", "
    for parts in results:
        out = []
        for is_ents, text in parts:
            if not is_ents:
                listed = False  # a line's frame or another line: a new list
                out.append(text)
            elif text:
                out.append(", " + text if listed else text)
                listed = True
        yield "".join(out)


def ner_stream(
    rec: Recognizer,
    lines: Iterable[str],
    fmt: str = "jsonl",
    scheme: str = "bioes",
    jobs: int = 1,
    batch_size: int = 256,
) -> Iterator[str]:
    """Formatted output, one chunk per batch of input lines, in input order; each line
    gives one output line (``conll``: one block closed by a blank line).

    Input whose first line is a ``-DOCSTART-`` line (CoNLL-2003's mark) is read as
    documents by an English document-level model (``Recognizer.documents``): the lines
    between blank and ``-DOCSTART-`` lines are one, and a batch closes only at one of those
    (``DOC_LINES``). Any other input is read line by line, each line its own document, so
    plain text streams in batches of ``batch_size`` lines as before."""
    if fmt not in OUTPUT_FORMATS:
        raise InputError(
            f"unknown output format {fmt!r}; choose one of {', '.join(OUTPUT_FORMATS)}"
        )
    if scheme not in OUTPUT_SCHEMES:
        raise InputError(
            f"unknown tag scheme {scheme!r}; choose one of {', '.join(OUTPUT_SCHEMES)}"
        )
    if jobs > 1:
        rec.preload()
    return _stream(rec, iter(lines), fmt, scheme, jobs, batch_size)


def _stream(
    rec: Recognizer, lines: Iterator[str], fmt: str, scheme: str, jobs: int, batch_size: int
) -> Iterator[str]:
    """``ner_stream``'s output, once its first line has said whether to read documents."""
    first = next(lines, None)
    if first is None:
        return
    documents = first.split()[:1] == [DOC_SEPARATOR] and rec.documents()
    units = _units(chain([first], lines), rec, fmt)
    batches = _unit_batches(units, batch_size, documents)
    yield from _joined(imap_ordered(_format_batch, (rec, fmt, scheme, documents), batches, jobs))
