"""pipeline: ``Pipeline`` — segmentation, POS tags, entities, sentiment and keywords of a
text in one pass, written into one ``Doc``.

Consistent by construction: the POS tagger tags the segmenter's words (never cuts its
own), and a word that an entity edge falls inside is split at the edge (``align``), its
pieces retagged in context, so every entity starts and ends on a word boundary. The
entities are the recogniser's, unchanged; the words and tags are the segmenter's and the
tagger's except the pieces (``Pipeline.stats`` counts them).

>>> doc = Pipeline().analyze("江泽民在北京会见了克林顿。")
>>> [(e.text, e.label) for e in doc.entities]
[('江泽民', 'PER'), ('北京', 'LOC'), ('克林顿', 'PER')]
>>> " ".join(f"{t.text}/{t.tag}" for t in doc.tokens)
'江泽民/nr 在/p 北京/ns 会见/v 了/u 克林顿/nr 。/w'
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from itertools import accumulate
from typing import Any

from nlptk.doc import Doc, DocKeyword, DocSentiment, Span
from nlptk.errors import InputError
from nlptk.pipeline.align import split_at_edges

__all__ = [
    "TASKS",
    "DEFAULT_TASKS",
    "JIEBA",
    "parse_tasks",
    "Pipeline",
    "analyze",
    "default_pipeline",
]

#: What ``--tasks`` may name, in the order they run.
TASKS = ("seg", "pos", "ner", "sentiment", "keywords")
#: ``nlptk analyze``'s tasks when none are named.
DEFAULT_TASKS = ("seg", "pos", "ner")
#: The default models: the multi-domain segmenter and the POS model that tags its words.
SEG_MODEL, POS_MODEL = "zh-seg", "pos-zh"
#: ``--seg-model`` value for jieba's dictionary (``nlptk segment`` without ``--model``).
JIEBA = "jieba"
_SPACE = re.compile(r"\s")  # str.isspace's characters
#: The tasks each task needs first: POS tags words, keywords rank them (TextRank by tag).
_NEEDS = {"pos": ("seg",), "keywords": ("seg",)}


def parse_tasks(tasks: str | Iterable[str]) -> tuple[str, ...]:
    """Task names (a comma-separated string or a sequence) in run order, with the tasks
    they need added.

    >>> parse_tasks("ner,pos")
    ('seg', 'pos', 'ner')
    """
    names = [t.strip() for t in tasks.split(",")] if isinstance(tasks, str) else list(tasks)
    names = [t for t in names if t]
    unknown = [t for t in names if t not in TASKS]
    if unknown or not names:
        what = f"unknown task {unknown[0]!r}" if unknown else "no task given"
        raise InputError(f"{what}; choose from {', '.join(TASKS)}")
    wanted = set(names)
    for t in names:
        wanted.update(_NEEDS.get(t, ()))
    return tuple(t for t in TASKS if t in wanted)


class Pipeline:
    """The models of every task asked for, loaded once, and the pass that runs them.

    Parameters
    ----------
    tasks : str or sequence of str
        Some of ``TASKS`` (``"seg,pos,ner"`` by default); the tasks they need are added.
    seg_model : str
        A segmentation model (directory or shipped name), or ``"jieba"`` for jieba's
        dictionary; default ``zh-seg`` (names whole, today's vocabulary), the segmenter
        ``pos-zh`` pairs with, so tags are ``nlptk pos --model pos-zh``'s (for the PKU
        standard: ``pd98-perceptron`` with ``pos-zh-pd98``).
    pos_model : str
        A POS model that tags given words (``nlptk train pos``; ``pos-zh``).
    ner_engine, ner_model, lang, types
        As ``nlptk.ner.Recognizer`` takes them (``perceptron`` by default).
    sentiment_method, sentiment_model
        As ``nlptk sentiment --engine/--model`` (the lexicon method by default).
    keywords_method, top_k
        ``tfidf`` (over the pipeline's words) or ``textrank`` (over its tagged words).
    user_dicts
        User dictionaries for the segmenter.
    """

    def __init__(
        self,
        tasks: str | Sequence[str] = DEFAULT_TASKS,
        *,
        seg_model: str = SEG_MODEL,
        pos_model: str = POS_MODEL,
        ner_engine: str = "perceptron",
        ner_model: str | None = None,
        lang: str = "auto",
        types: frozenset[str] | None = None,
        sentiment_method: str | None = None,
        sentiment_model: str | None = None,
        keywords_method: str = "tfidf",
        top_k: int = 10,
        user_dicts: Sequence[str] = (),
    ) -> None:
        self.tasks = parse_tasks(tasks)
        if "keywords" in self.tasks and keywords_method == "textrank" and "pos" not in self.tasks:
            self.tasks = parse_tasks((*self.tasks, "pos"))
        self.config: dict[str, Any] = {"tasks": list(self.tasks)}
        self.stats: Counter[str] = Counter()
        self.top_k = top_k
        if "seg" in self.tasks:
            self.segmenter = _segmenter(seg_model, user_dicts)
            self.config["seg"] = {"model": seg_model}
        if "pos" in self.tasks:
            self.tagger = _word_tagger(pos_model, self.segmenter)
            self.config["pos"] = {"model": pos_model}
        if "ner" in self.tasks:
            from nlptk.ner import Recognizer

            self.recognizer = Recognizer(engine=ner_engine, model=ner_model, lang=lang, types=types)
            self.config["ner"] = {"engine": ner_engine, "model": ner_model, "lang": lang}
        if "sentiment" in self.tasks:
            self.sentiment = _sentiment(sentiment_method, sentiment_model, lang)
            self.config["sentiment"] = {
                "method": self.sentiment.method,
                "model": sentiment_model,
                "lang": lang,
            }
        if "keywords" in self.tasks:
            self.keywords = _extractor(keywords_method, self)
            self.config["keywords"] = {"method": keywords_method, "top_k": top_k}

    def preload(self) -> Pipeline:
        """Load every model a text could need now (before forking workers or serving),
        rather than on the first text of a language."""
        if "ner" in self.tasks:
            self.recognizer.preload()
        if "sentiment" in self.tasks:
            self.sentiment.predict(["好", "good"])
        return self

    def analyze(self, text: str, tasks: Sequence[str] | None = None) -> Doc:
        """The ``Doc`` of one text (``tasks``: a subset of the pipeline's, all by default)."""
        return self.analyze_batch([text], tasks)[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Doc]:
        """``Doc`` s of ``texts`` in order, analysed a batch at a time."""
        from nlptk.parallel import batched

        for batch in batched(texts, batch_size):
            yield from self.analyze_batch(batch)

    def analyze_batch(self, texts: Sequence[str], tasks: Sequence[str] | None = None) -> list[Doc]:
        """The ``Doc`` of each text, in order: one recogniser and one sentiment call for
        the batch, so batching engines see many texts at once."""
        run = self.tasks if tasks is None else self._subset(tasks)
        found: list[list[Span]] | list[None] = [None] * len(texts)
        if "ner" in run:
            found = [
                [Span(e.text, e.label, e.start, e.end) for e in ents]
                for ents in self.recognizer.entities_batch(list(texts))
            ]
        if "seg" in run:
            # each model over the whole batch in turn: its weight table stays in cache
            cuts = list(map(self.segmenter.cut, texts))
            tags = list(map(self._tag, texts, cuts)) if "pos" in run else [None] * len(texts)
            docs = list(map(self._doc, texts, cuts, tags, found))
        else:
            docs = [Doc(text) for text in texts]
        for doc, ents in zip(docs, found, strict=True):
            doc.entities = ents
        if "sentiment" in run:
            # a blank line has no sentiment (``nlptk sentiment`` writes null for it)
            scored = [d for d in docs if d.text.strip()]
            results = self.sentiment.predict([d.text for d in scored]) if scored else []
            for doc, r in zip(scored, results, strict=True):
                doc.sentiment = DocSentiment(r.label, r.score, r.probability)
        if "keywords" in run:
            for doc in docs:
                doc.keywords = self._keywords(doc)
        return docs

    def _subset(self, tasks: Sequence[str]) -> tuple[str, ...]:
        run = parse_tasks(tasks)
        if "keywords" in run and self.config["keywords"]["method"] == "textrank":
            run = parse_tasks((*run, "pos"))
        missing = [t for t in run if t not in self.tasks]
        if missing:
            raise InputError(
                f"task {missing[0]!r} is not loaded; this pipeline runs {', '.join(self.tasks)}"
            )
        return run

    def _doc(
        self, text: str, words: list[str], tags: list[str] | None, ents: list[Span] | None
    ) -> Doc:
        """The ``Doc`` of ``text`` whose tokens are the segmenter's ``words`` (every
        character is in one, in order) with their ``tags`` (``None``: no POS), cut at the
        edges of the entities ``ents`` (pieces retagged)."""
        ends = list(accumulate(map(len, words)))
        if ents:
            stats = self.stats
            stats["entities"] += len(ents)
            stats["edges"] += 2 * len(ents)
            bounds = set(ends)
            bounds.add(0)
            if not all(e.start in bounds and e.end in bounds for e in ents):
                # an edge inside a word: rare
                words, ends, tags = self._split(text, words, ends, tags, ents)
        self.stats["words"] += len(words)
        return Doc.of_words(text, words, ends, tags)

    def _split(
        self,
        text: str,
        words: list[str],
        ends: list[int],
        tags: list[str] | None,
        ents: list[Span],
    ) -> tuple[list[str], list[int], list[str] | None]:
        """``words`` cut at the entity edges inside them; the pieces take the tags of the
        new words tagged in context, every other word keeps its own (so it stays ``nlptk
        pos``'s)."""
        edges = [x for e in ents for x in (e.start, e.end)]
        starts = [0, *ends[:-1]]
        cut, origin = split_at_edges(list(zip(starts, ends, strict=True)), edges)
        self.stats["words_split"] += len(words) - sum(1 for i in origin if i >= 0)
        self.stats["pieces"] += origin.count(-1)
        words = [text[s:e] for s, e in cut]
        if tags is not None:
            new = self._tag(text, words)
            tags = [new[k] if i < 0 else tags[i] for k, i in enumerate(origin)]
        return words, [e for _, e in cut], tags

    def _tag(self, text: str, words: list[str]) -> list[str]:
        """Tags of the ``words`` of ``text``: whitespace runs ``x`` and left out of the
        tagger's context, as ``nlptk pos`` tags them (``PerceptronTagger.pairs``)."""
        if _SPACE.search(text) is None:  # the common line: no whitespace word to set aside
            return self.tagger.tag_words(words)
        keep = [w for w in words if not w.isspace()]
        if len(keep) == len(words):
            return self.tagger.tag_words(words)
        tags = iter(self.tagger.tag_words(keep))
        return ["x" if w.isspace() else next(tags) for w in words]

    def _keywords(self, doc: Doc) -> list[DocKeyword]:
        words, _, _, tags = doc.columns() or ([], [], [], None)
        if self.config["keywords"]["method"] == "textrank":
            pairs = list(zip(words, tags or [None] * len(words), strict=True))
            found = self.keywords.rank([(w, t or "x") for w, t in pairs], self.top_k)
        else:
            found = self.keywords.rank(words, self.top_k)
        return [DocKeyword(k.word, k.weight) for k in found]

    def describe(self) -> dict[str, Any]:
        """The tasks and the models behind them (``GET /models`` of ``nlptk serve``)."""
        return dict(self.config)


def _segmenter(model: str, user_dicts: Sequence[str]) -> Any:
    from nlptk.segment import Segmenter

    if model == JIEBA:
        return Segmenter(None, list(user_dicts))
    return Segmenter.load(model, list(user_dicts))


def _word_tagger(model: str, segmenter: Any) -> Any:
    """A POS model that tags given words (``tag_words``): jieba's posseg cuts its own, so
    its tags could not be for the segmenter's words."""
    from nlptk.pos import PerceptronTagger

    return PerceptronTagger.load(model, segmenter)


def _sentiment(method: str | None, model: str | None, lang: str) -> Any:
    from nlptk.sentiment import build_analyzer, load_analyzer

    if model is not None:
        return load_analyzer(model, method)
    return build_analyzer(method or "lexicon", lang)


def _extractor(method: str, pipeline: Pipeline) -> Any:
    from nlptk.keywords import METHODS, IDFTable, TextRankExtractor, TfidfExtractor

    if method not in METHODS:
        raise InputError(f"unknown keywords method {method!r}; choose one of {', '.join(METHODS)}")
    if method == "textrank":
        return TextRankExtractor(pipeline.tagger)
    return TfidfExtractor(pipeline.segmenter, IDFTable.load())


@functools.cache
def default_pipeline(tasks: tuple[str, ...] = DEFAULT_TASKS) -> Pipeline:
    """The pipeline of the default models for ``tasks``, built once per process."""
    return Pipeline(tasks)


def analyze(text: str, tasks: str | Sequence[str] = DEFAULT_TASKS) -> Doc:
    """The ``Doc`` of ``text`` with the default models (``nlptk.analyze``); build a
    ``Pipeline`` to choose models or to analyse many texts.

    >>> [t.text for t in analyze("我爱北京天安门", "seg").tokens]
    ['我', '爱', '北京', '天安门']
    """
    return default_pipeline(parse_tasks(tasks)).analyze(text)
