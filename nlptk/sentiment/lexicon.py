"""sentiment: the lexicon sentiment method — word weights from lexicon files (our hand-made
Chinese seed, TextBlob's pattern lexicon for English, user files, or a lexicon induced from
labelled data by ``fit``) scored with negation, degree, contrast and exclamation rules.

>>> r = LexiconSentiment("zh").predict(["房间不干净，早餐太差了！"])[0]
>>> r.label
'negative'
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping, Sequence
from dataclasses import fields
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Int, Json, List, Map, Num, Obj, Opt, Str, check_params
from nlptk.artifacts import META, check_meta, model_file, read_meta, resource_dir, write_meta
from nlptk.errors import DictFormatError, InputError, ModelFormatError, NotFittedError
from nlptk.io import numbered_lines
from nlptk.sentiment.base import POSITIVE, Sentiment, SentimentAnalyzer
from nlptk.sentiment.data import (
    FINGERPRINT,
    check_training,
    fingerprint,
    load_fingerprint,
    save_fingerprint,
)
from nlptk.sentiment.induction import InducedWord, induce_lexicon
from nlptk.sentiment.scoring import (
    LexiconRules,
    aggregate,
    outside_negation,
    regroup,
    score_tokens,
)
from nlptk.sentiment.sentences import LANGS
from nlptk.sentiment.tokens import check_lang, tokens, word_list

__all__ = [
    "LexiconSentiment",
    "read_weights",
    "DEFAULT_LEXICONS",
    "shipped_lexicons",
    "check_lexicons",
    "rule_constants",
]

#: The lexicons a language uses when none are named, later ones winning: our emoji lexicon
#: (``lexicons/emoji.tsv``, shared), then our seed for Chinese; pattern's for English (read
#: through textblob, not copied) under our English seed of everyday review words.
DEFAULT_LEXICONS = {"zh": ("emoji", "seed"), "en": ("emoji", "textblob", "seed")}
LEXICON_FILE = "lexicon.tsv"
#: Per-language rule constants (negation, contrast, exclamation, degree_power, window) in
#: ``lexicons/<lang>/``; ``scripts/tune_lexicon_rules.py`` chose the shipped values on dev.
RULES_FILE = "rules.json"
_CONSTANTS = frozenset(f.name for f in fields(LexiconRules)) - {
    "weights",
    "negators",
    "degrees",
    "contrasts",
    "concessives",
}


def rule_constants(lang: str, constants: Mapping[str, float] | None = None) -> dict[str, float]:
    """The shipped ``rules.json`` of ``lang`` updated with ``constants``; ``ModelFormatError``
    for a name the rules do not have or a value that is not a number."""
    path = resource_dir("lexicons") / lang / RULES_FILE
    merged = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    merged.update(constants or {})
    for key, value in merged.items():
        if key not in _CONSTANTS:
            raise ModelFormatError(
                f"unknown lexicon rule constant {key!r}; known: {', '.join(sorted(_CONSTANTS))}"
            )
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ModelFormatError(f"lexicon rule constant {key!r} must be a number, not {value!r}")
    return merged


def read_weights(path: str | Path, low: float = -1.0, high: float = 1.0) -> dict[str, float]:
    """``word<TAB>weight`` lines (more columns are ignored, ``#`` starts a comment line).

    Raises ``DictFormatError`` naming the line when a weight is missing, not a number or
    outside ``[low, high]``.
    """
    weights = {}
    for line_no, line in numbered_lines(str(path)):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        try:
            value = float(cols[1])
        except (IndexError, ValueError):
            raise DictFormatError(str(path), line_no, line, "expected 'word<TAB>weight'") from None
        if not low <= value <= high:
            raise DictFormatError(
                str(path), line_no, line, f"weight {value} outside [{low}, {high}]"
            )
        weights[cols[0].strip().lower()] = value
    return weights


def _textblob_weights() -> dict[str, float]:
    from textblob.en import sentiment as pattern

    pattern.load()
    # pattern averages each word's senses under the None key: (polarity, subjectivity, intensity)
    return {w: v[None][0] for w, v in dict.items(pattern) if v[None][0]}


def _stored_name(model_dir: Path, name: str) -> str:
    """How a lexicon model written to ``model_dir`` records a base lexicon: a shipped name
    as it is, a file or directory by its path relative to ``model_dir``."""
    path = Path(name)
    if not path.exists():
        return name
    return os.path.relpath(path.resolve(), model_dir.resolve())


def _stored_path(model_dir: Path, name: Any, lang: str) -> str:
    """The base lexicon a lexicon model's ``meta.json`` names, as ``_lexicon_path`` takes
    it: a shipped name resolved among the shipped lexicons only, anything else relative to
    ``model_dir`` (never the working directory, never an absolute path)."""
    if name == "textblob":
        return name
    shipped = resource_dir("lexicons") / lang
    if "/" not in name and ((shipped / name).is_dir() or (shipped / f"{name}.tsv").is_file()):
        return str(shipped / name if (shipped / name).is_dir() else shipped / f"{name}.tsv")
    if Path(name).is_absolute() or not (model_dir / name).exists():
        raise ModelFormatError(
            f"{model_dir / META}: lexicon {name!r} is neither shipped nor a path relative to "
            "the model directory"
        )
    return str(model_dir / name)


def _lexicon_path(name: str, lang: str) -> Path:
    """A lexicon file for a path, a lexicon model directory, or a shipped name (a file
    ``lexicons/<lang>/<name>.tsv`` or a directory ``lexicons/<lang>/<name>/``)."""
    path = Path(name)
    if not path.exists() and "/" not in name:
        root = resource_dir("lexicons")
        shipped = root / lang
        path = shipped / name if (shipped / name).is_dir() else shipped / f"{name}.tsv"
        if not path.exists() and (root / f"{name}.tsv").is_file():
            path = root / f"{name}.tsv"  # shared by both languages (emoji)
    if path.is_dir():
        path = path / LEXICON_FILE
    if not path.is_file():
        raise InputError(
            f"lexicon {name!r} not found for {lang} (a file, a lexicon model directory, "
            f"or a shipped {lang} name: {', '.join(shipped_lexicons(lang))})"
        )
    return path


def shipped_lexicons(lang: str) -> list[str]:
    """Names ``--lexicon`` finds for ``lang`` (``lexicons/<lang>/``, and textblob for en)."""
    folder = resource_dir("lexicons") / lang
    names = [p.stem for p in folder.glob("*.tsv") if p.stem not in ("degree", "traditional")]
    names += [p.stem for p in folder.parent.glob("*.tsv")]
    names += [p.name for p in folder.iterdir() if (p / LEXICON_FILE).is_file()]
    return sorted(names + (["textblob"] if lang == "en" else []))


def check_lexicons(names: Sequence[str], langs: Sequence[str]) -> None:
    """Raise ``InputError`` before any work for a lexicon that no language of ``langs`` has
    (a shipped name may exist for one language only: ``auto`` is Chinese)."""
    for name in names:
        if not any(_has(name, lang) for lang in langs):
            _lexicon_path(name, langs[0])  # raises, listing the choices


def _has(name: str, lang: str) -> bool:
    if name == "textblob":
        return lang == "en"
    try:
        _lexicon_path(name, lang)
    except InputError:
        return False
    return True


def checked_meta(model_dir: Path, method: str, class_name: str, params: Any) -> dict[str, Any]:
    """A sentiment model's ``meta.json``, its method, class, language, ``params`` (a
    schema) and rule constants (against the lexicon's rules) checked: the part every
    sentiment loader (lexicon, hybrid) shares."""
    meta = read_meta(model_dir, task="sentiment")
    if meta.get("method") != method:
        raise ModelFormatError(f"{model_dir}: not a {method} model ({meta.get('method')!r})")
    spec = Obj(
        {"class": Str(choices=(class_name,)), "lang": Str(choices=LANGS), "params": params},
        optional=("lang",),
        extra=Json(),
    )
    check_meta(meta, spec, model_dir / META)
    lang = meta["params"]["lang"]
    if meta.get("lang", lang) != lang:
        raise ModelFormatError(f"{model_dir / META}: lang and params.lang differ")
    try:
        rule_constants(lang, meta["params"].get("constants"))
    except ModelFormatError as exc:
        raise ModelFormatError(f"{model_dir / META}: params.constants: {exc}") from None
    return meta


class LexiconSentiment(SentimentAnalyzer):
    """Rule-based scoring over opinion-word lexicons; ``fit`` adds a lexicon induced from
    labelled texts (log-odds with an informative Dirichlet prior, see
    ``nlptk.sentiment.induction``).

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``: picks the tokenizer and the negator/degree/contrast lists.
    lexicons : sequence of str, optional
        Lexicon files (``word<TAB>weight``), lexicon model directories, or shipped names
        (``seed``, ``textblob``), merged in order, later ones winning. ``None`` means the
        language's default (``DEFAULT_LEXICONS``); ``()`` means none, for a purely
        induced lexicon.
    min_docs, min_z, max_words, scale : int, float, int, float
        Induction settings for ``fit`` (see ``induce_lexicon``); ``scale`` 4 keeps strong
        words (垃圾, 失望) stronger than merely telling ones (房间, 书).
    constants : mapping of str to float, optional
        Rule constants over the language's shipped ``rules.json`` (see ``LexiconRules``).

    Attributes
    ----------
    induced_ : list of InducedWord
        The words ``fit`` learned (they override the base lexicons).
    fingerprint_ : ndarray of uint64
        Hashes of the training texts.
    """

    method = "lexicon"
    #: The hyper-parameters (``fit`` checks them; ``meta.json`` must hold them).
    PARAMS = Obj(
        {
            "lang": Str(choices=LANGS),
            "lexicons": Opt(List(Str(nonempty=True))),
            "min_docs": Int(lo=1),
            "min_z": Num(lo=0.0),
            "max_words": Int(lo=1),
            "scale": Num(above=0.0),
            "constants": Opt(Map(Num())),
        },
        optional=("constants",),
    )

    def __init__(
        self,
        lang: str = "zh",
        lexicons: Sequence[str] | None = None,
        min_docs: int = 5,
        min_z: float = 2.58,
        max_words: int = 5000,
        scale: float = 4.0,
        constants: Mapping[str, float] | None = None,
    ) -> None:
        self.lang = lang
        self.lexicons = lexicons
        self.min_docs = min_docs
        self.min_z = min_z
        self.max_words = max_words
        self.scale = scale
        self.constants = constants

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as stored in ``meta.json``."""
        return {
            "lang": self.lang,
            "lexicons": None if self.lexicons is None else list(self.lexicons),
            "min_docs": self.min_docs,
            "min_z": self.min_z,
            "max_words": self.max_words,
            "scale": self.scale,
            "constants": None if self.constants is None else dict(self.constants),
        }

    @cached_property
    def rules(self) -> LexiconRules:
        """The merged lexicon and modifier lists, read on first use."""
        lang = check_lang(self.lang)
        weights: dict[str, float] = {}
        names = DEFAULT_LEXICONS[lang] if self.lexicons is None else self.lexicons
        for name in names:
            if name == "textblob":
                weights.update(_textblob_weights())
            else:
                weights.update(read_weights(_lexicon_path(name, lang)))
        weights.update((w.word, w.weight) for w in getattr(self, "induced_", []))
        if lang == "zh" and self.lexicons is None:
            # English words in Chinese text (这个app很nice) read as the English lexicon has them
            english = LexiconSentiment("en").rules.weights
            weights = {w: x for w, x in english.items() if w.isascii()} | weights
        folder = resource_dir("lexicons") / lang
        concessive = folder / "concessive.txt"
        return LexiconRules(
            weights=weights,
            negators=word_list(folder / "negators.txt"),
            degrees=read_weights(folder / "degree.tsv", low=-2.0, high=3.0),
            contrasts=word_list(folder / "contrast.txt"),
            concessives=word_list(concessive) if concessive.is_file() else frozenset(),
            **rule_constants(lang, self.constants),  # type: ignore[arg-type]
        )

    def words(self, text: str) -> list[tuple[str, int, int]]:
        """``(word, start, end)`` as the rules read ``text``: tokens regrouped into the
        lexicon's entries (``nlptk.sentiment.scoring.regroup``)."""
        return regroup(tokens(text, self.lang), self.rules, " " if self.lang == "en" else "")

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> LexiconSentiment:
        """Induce opinion words from labelled texts; returns ``self``.

        Negators, degree and contrast words are left out of the induced lexicon (the rules
        handle them), and so are words in a negator's scope (see ``outside_negation``).
        """
        check_params(self.get_params(), self.PARAMS)
        check_training(texts, labels)
        rules = LexiconSentiment(self.lang, ()).rules
        docs = (
            (
                [
                    w
                    for w in outside_negation([w for w, _, _ in tokens(t, self.lang)], rules)
                    if w.isalnum()
                ],
                label == POSITIVE,
            )
            for t, label in zip(texts, labels, strict=True)
        )
        self.induced_ = induce_lexicon(
            docs, self.min_docs, self.min_z, self.max_words, scale=self.scale
        )
        self.fingerprint_ = fingerprint(texts)
        self.__dict__.pop("rules", None)
        return self

    def explain(self, text: str) -> list[tuple[str, int, int, float]]:
        """``(word, start, end, weight)`` of each opinion word that moved the score."""
        toks = self.words(text)
        contribs = score_tokens([w for w, _, _ in toks], self.rules)
        return [
            (
                text[toks[c.index][1] : toks[c.index][2]],
                toks[c.index][1],
                toks[c.index][2],
                c.weight,
            )
            for c in contribs
        ]

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text; neutral with score 0 when no opinion word is found."""
        rules = self.rules
        results = []
        for t in texts:
            words = [w for w, _, _ in self.words(t)]
            results.append(Sentiment.from_score(t, aggregate(score_tokens(words, rules))))
        return results

    def training_fingerprint(self) -> np.ndarray:
        """The texts of ``fit`` and those base lexicon model directories were induced from;
        empty when no lexicon came from labelled data."""
        prints = [getattr(self, "fingerprint_", np.array([], dtype=np.uint64))]
        names = DEFAULT_LEXICONS[self.lang] if self.lexicons is None else self.lexicons
        for name in names:
            folder = _lexicon_path(name, self.lang).parent if name != "textblob" else None
            if folder is not None and (folder / FINGERPRINT).is_file():
                prints.append(load_fingerprint(folder))
        return np.unique(np.concatenate(prints))

    def save(self, model_dir: str | Path, meta: dict[str, Any] | None = None) -> None:
        """Write ``meta.json``, ``lexicon.tsv`` (the induced words with their z-scores and
        document counts) and ``fingerprint.npy``; ``meta`` adds data and metrics."""
        if not hasattr(self, "induced_"):
            raise NotFittedError("LexiconSentiment is not fitted; call fit before save")
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        with open(model_dir / LEXICON_FILE, "w", encoding="utf-8", newline="\n") as f:
            f.write("# word\tweight\tz\tpositive_docs\tnegative_docs\n")
            for w in self.induced_:
                f.write(f"{w.word}\t{w.weight}\t{w.z}\t{w.pos_docs}\t{w.neg_docs}\n")
        save_fingerprint(model_dir, self.fingerprint_)
        params = self.get_params()
        if params["lexicons"] is not None:
            params["lexicons"] = [_stored_name(model_dir, n) for n in params["lexicons"]]
        write_meta(
            model_dir,
            {
                "task": "sentiment",
                "method": self.method,
                "class": type(self).__name__,
                "params": params,
                **(meta or {}),
            },
            [LEXICON_FILE, FINGERPRINT],
        )

    @classmethod
    def load(cls, model_dir: str | Path) -> LexiconSentiment:
        """The lexicon ``save`` wrote (plain text, nothing executable is read), every file
        checked against its checksum and every field against its declared shape; base
        lexicons are shipped names or paths relative to the model directory."""
        model_dir = Path(model_dir)
        meta = checked_meta(model_dir, cls.method, cls.__name__, cls.PARAMS)
        params = dict(meta["params"])
        if params["lexicons"] is not None:
            lang = params["lang"]
            params["lexicons"] = [_stored_path(model_dir, n, lang) for n in params["lexicons"]]
        model = cls(**params)
        path = model_file(model_dir, LEXICON_FILE, meta)
        model.induced_ = []
        for line_no, line in numbered_lines(str(path)):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            try:
                weight, z = float(cols[1]), float(cols[2])
                word = InducedWord(cols[0], weight, z, int(cols[3]), int(cols[4]))
            except (IndexError, ValueError):
                word = None
            if word is None or not (math.isfinite(word.weight) and math.isfinite(word.z)):
                raise DictFormatError(
                    str(path),
                    line_no,
                    line,
                    "expected word, weight, z (finite numbers), positive and negative counts",
                )
            model.induced_.append(word)
        model.fingerprint_ = load_fingerprint(model_dir, meta)
        return model
