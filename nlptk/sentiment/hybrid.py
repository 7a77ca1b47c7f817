"""sentiment: the hybrid method, nlptk's default — a linear classifier's log-odds plus the
lexicon's rule-based score, the lexicon counting more the shorter the text.

Why both: the classifiers learned review vocabulary from tens of thousands of reviews and
read long reviews best, but they learned it from hotel and shop reviews, where 太…了 is
mostly a complaint, and n-grams cannot compose negation, contrast or comparison in a
sentence they have not seen. The lexicon's rules compose exactly those, over words of every
everyday domain, but know fewer words. A short sentence is where a user tests a tool and
where the rules are sure of themselves; a long review is where the classifier is. So

    z = z_classifier + weight * lexicon_score * min(1, short / tokens)

with ``lexicon_score`` in [-1, 1] (``LexiconSentiment``) and ``tokens`` the number of
tokens the lexicon reads. ``P(positive) = sigmoid(z)``; a text is ``neutral`` when that
probability is within ``neutral_band`` of 0.5, or when nothing in it is known to either
part. ``weight`` and ``short`` were chosen on the behavioural suite and the dev splits
(README, "Choosing the default").
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Int, Map, Num, Obj, Opt, Str
from nlptk.artifacts import (
    read_meta,
    reference_to,
    resolve_model,
    resolve_reference,
    write_meta,
)
from nlptk.errors import ModelFormatError
from nlptk.sentiment.base import NEUTRAL, Sentiment, SentimentAnalyzer
from nlptk.sentiment.lexicon import LexiconSentiment, checked_meta
from nlptk.sentiment.scoring import aggregate, score_tokens
from nlptk.sentiment.sentences import LANGS

__all__ = ["HybridSentiment", "CLASSIFIER_WORD"]

#: The name ``explain`` gives the classifier's share of the log-odds.
CLASSIFIER_WORD = "<classifier>"


class HybridSentiment(SentimentAnalyzer):
    """Classifier log-odds plus a length-scaled lexicon score (see the module docstring).

    Parameters
    ----------
    lang : str
        ``zh`` or ``en``.
    classifier : str
        A linear sentiment model directory (nb, maxent, svm, nbsvm) or a shipped model name.
    weight : float
        Log-odds that a lexicon score of 1 adds to a text of at most ``short`` tokens.
    short : int
        Texts up to this many tokens get the full ``weight``; longer ones ``weight *
        short / tokens``.
    neutral_band : float
        ``neutral`` when ``|P(positive) - 0.5| < neutral_band``.
    constants : mapping of str to float, optional
        Lexicon rule constants over the language's ``rules.json``.
    """

    method = "hybrid"
    #: ``meta.json``'s parameters (``load`` checks them before use).
    PARAMS = Obj(
        {
            "lang": Str(choices=LANGS),
            "classifier": Str(nonempty=True),
            "weight": Num(lo=0.0),
            "short": Int(lo=1),
            "neutral_band": Num(lo=0.0, hi=0.5),
            "constants": Opt(Map(Num())),
        },
        optional=("constants",),
    )

    def __init__(
        self,
        lang: str,
        classifier: str,
        weight: float = 4.0,
        short: int = 12,
        neutral_band: float = 0.05,
        constants: Mapping[str, float] | None = None,
    ) -> None:
        self.lang = lang
        self.classifier = classifier
        self.weight = weight
        self.short = short
        self.neutral_band = neutral_band
        self.constants = constants
        self.base_dir: Path | None = None

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, as stored in ``meta.json``."""
        return {
            "lang": self.lang,
            "classifier": self.classifier,
            "weight": self.weight,
            "short": self.short,
            "neutral_band": self.neutral_band,
            "constants": None if self.constants is None else dict(self.constants),
        }

    @cached_property
    def lexicon(self) -> LexiconSentiment:
        """The default lexicon of the language with this method's rule constants."""
        return LexiconSentiment(self.lang, constants=self.constants)

    @cached_property
    def model(self) -> SentimentAnalyzer:
        """The linear classifier, from beside the model directory or the shipped models."""
        from nlptk.sentiment.linear import ESTIMATORS

        if self.base_dir is not None:  # loaded: a shipped name or a path relative to the model
            path = resolve_reference(self.base_dir, self.classifier, "sentiment")
        else:
            path = resolve_model(self.classifier, task="sentiment")
        method = read_meta(path, task="sentiment").get("method")
        if method not in ESTIMATORS:
            raise ModelFormatError(f"{path}: hybrid needs a linear classifier, not {method!r}")
        return ESTIMATORS[method].load(path)

    def _parts(self, text: str) -> tuple[float, list[tuple[str, int, int, float]], bool]:
        """The classifier's log-odds, each lexicon word's share of the log-odds, and
        whether anything in the text is known to either part."""
        clf = self.model
        feats = clf._features(text)  # type: ignore[attr-defined]
        m = clf.model_  # type: ignore[attr-defined]
        z = m.slope * m.decision(feats) + m.offset
        known = any(f in m.index for f in feats)
        words = self.lexicon.words(text)
        contribs = score_tokens([w for w, _, _ in words], self.lexicon.rules)
        if not contribs:
            return z, [], known
        scale = self.weight * min(1.0, self.short / max(1, len(words))) / len(contribs)
        total = math.fsum(c.weight for c in contribs)
        # aggregate clips the mean to [-1, 1]; each word keeps its part of the clipped sum
        ratio = aggregate(contribs) * len(contribs) / total if total else 0.0
        shares = [
            (w, s, e, scale * ratio * c.weight) for c in contribs for w, s, e in [words[c.index]]
        ]
        return z, shares, True

    def predict(self, texts: Sequence[str]) -> list[Sentiment]:
        """One result per text: score ``2 P(positive) - 1``, ``probability`` the likelier
        pole's probability; ``neutral`` inside the band or without any known word."""
        results = []
        for t in texts:
            z, shares, known = self._parts(t) if t.strip() else (0.0, [], False)
            z += math.fsum(x for _, _, _, x in shares)
            p = 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0
            r = Sentiment.from_positive_probability(t, p)
            if not known or abs(p - 0.5) < self.neutral_band:
                r = Sentiment(NEUTRAL, r.score, r.probability, None, t, 0, len(t))
            results.append(r)
        return results

    def explain(self, text: str) -> list[tuple[str, int, int, float]]:
        """``(word, start, end, log-odds)``: the classifier's share over the whole text
        (``<classifier>``), then each lexicon word's."""
        if not text.strip():
            return []
        z, shares, _ = self._parts(text)
        return [(CLASSIFIER_WORD, 0, len(text), z), *shares]

    def training_fingerprint(self) -> np.ndarray:
        """The classifier's training texts (the lexicon learned from none)."""
        return self.model.training_fingerprint()

    def save(self, model_dir: str | Path, meta: dict[str, Any] | None = None) -> None:
        """Write ``meta.json`` (the parameters; the classifier is referenced, not copied: a
        shipped model by its name, a directory by its path relative to ``model_dir``)."""
        record = {"task": "sentiment", "method": self.method, "class": type(self).__name__}
        params = {**self.get_params(), "classifier": reference_to(model_dir, self.classifier)}
        write_meta(model_dir, {**record, "params": params, **(meta or {})})

    @classmethod
    def load(cls, model_dir: str | Path) -> HybridSentiment:
        """The hybrid ``save`` wrote, every field checked against its declared shape (the
        rule constants against the lexicon's rules); ``classifier`` is a shipped model's
        name or a path relative to the model directory (``resolve_reference``), itself
        loaded — and checked — by its own class."""
        model_dir = Path(model_dir)
        meta = checked_meta(model_dir, cls.method, cls.__name__, cls.PARAMS)
        params = meta["params"]
        resolve_reference(model_dir, params["classifier"], "sentiment")  # refused on load
        model = cls(**params)
        model.base_dir = model_dir
        return model
