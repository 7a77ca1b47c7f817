"""ner: ``HMMTagger`` — a supervised hidden Markov model over BIOES entity tags.

States are ``O`` and B/I/E/S for each entity type (``nlptk.sequence.tags.bioes_labels``);
symbols are the tokens seen in training (Chinese characters, English words) plus shape
classes (``nlptk.ner.shape``) that stand for unseen tokens. A class's emissions are
learnt from the rare tokens (seen fewer than ``min_count`` times) — counted both as
themselves and as their class — so an unseen capitalised word is scored as rare capitalised
words were, while a name seen once keeps its own evidence. Parameters are relative
frequencies with add-``alpha`` smoothing of emissions (no symbol is impossible in any state)
and add-``beta`` smoothing of the transitions the BIOES grammar allows (the others stay
exactly zero, so the decoded path is always well-formed).

>>> tagger = HMMTagger(lang="zh", min_count=1).fit([
...     (list("江泽民在北京"), ["B-PER", "I-PER", "E-PER", "O", "B-LOC", "E-LOC"]),
...     (list("李鹏到上海"), ["B-PER", "E-PER", "O", "B-LOC", "E-LOC"])])
>>> tagger.predict([list("李鹏在北京")])
[['B-PER', 'E-PER', 'O', 'B-LOC', 'E-LOC']]
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk._schema import Int, Json, List, Num, Obj, Str, Where, check_params
from nlptk.artifacts import (
    META,
    check_meta,
    model_file,
    model_kind,
    read_arrays,
    read_json,
    write_meta,
)
from nlptk.errors import InputError, ModelFormatError, NotFittedError
from nlptk.ner.shape import SHAPE_PREFIX, normalize, shape
from nlptk.sequence.tags import (
    BIOES_LABELS,
    can_follow,
    can_start,
    split_tag,
    training_labels,
)
from nlptk.sequence.viterbi import (
    CHAR_SPACE,
    CHAR_UNMAPPED,
    COMPILED,
    char_entities,
    log_params,
    span_tables,
    unmapped,
    viterbi_batch,
    viterbi_compiled,
)

__all__ = ["HMMTagger", "DECODERS", "LANG_DEFAULTS", "PARAMS"]

#: Hyperparameters chosen per language on held-out data that is not the reported test set
#: (the last 10% of the People's Daily training part; CoNLL-2003 valid).
LANG_DEFAULTS: dict[str, dict[str, float]] = {
    "zh": {"min_count": 2, "alpha": 0.01, "beta": 0.1},
    "en": {"min_count": 3, "alpha": 0.3, "beta": 0.1},
}

#: ``predict(decoder=...)`` choices: the C Viterbi, the batched numpy one, or hmmlearn's own
#: decode; ``auto`` is C when it was built, numpy otherwise. All give the same paths.
DECODERS = ("auto", "c", "numpy", "hmmlearn")

#: Stands for a shape class never seen in training (a model always has it).
UNKNOWN = "<unk>"

#: The hyper-parameters, as ``train ner`` checks them and ``meta.json`` must hold them.
PARAMS = Obj(
    {
        "lang": Str(choices=tuple(LANG_DEFAULTS)),
        "min_count": Int(lo=1),
        "alpha": Num(above=0.0),
        "beta": Num(above=0.0),
    }
)
_META = Obj(
    {
        "class": Str(choices=("HMMTagger",)),
        "engine": Str(choices=("hmm",)),
        "lang": Str(choices=tuple(LANG_DEFAULTS)),
        "params": PARAMS,
        "scheme": Str(choices=("bioes",)),
        "labels": BIOES_LABELS,
    },
    optional=("engine", "lang", "scheme"),
    extra=Json(),
)
_VOCAB_SPEC = Where(List(Str(), unique=True), lambda v: UNKNOWN in v, f"{UNKNOWN!r} among them")

#: Tokens whose symbol id ``_encode`` remembers before it starts over.
_MEMO_SIZE = 200_000

#: Code points a ``char_entities`` table covers: all of Unicode.
_CODE_POINTS = 0x110000

_PAYLOAD = "hmm.npz"
_VOCAB = "vocab.json"


def _close_last(tags: list[str]) -> list[str]:
    """An HMM has no end state, so a path may stop inside an entity: end it there."""
    if tags:
        prefix, etype = split_tag(tags[-1])
        if prefix in ("B", "I"):
            tags[-1] = f"{'S' if prefix == 'B' else 'E'}-{etype}"
    return tags


def _is_class(symbol: str) -> bool:
    """Whether a vocabulary symbol is a shape class (``<han>``), not a token (``<``)."""
    return len(symbol) > 2 and symbol.startswith(SHAPE_PREFIX) and symbol.endswith(">")


def _drop_unseen(tags: list[str], known: np.ndarray) -> list[str]:
    """``tags`` with every entity whose tokens are all unseen (``known`` false) made ``O``."""
    start = 0
    for i, tag in enumerate(tags):
        prefix = tag[:1]
        if prefix in ("B", "S"):
            start = i
        if prefix in ("E", "S") and not known[start : i + 1].any():
            tags[start : i + 1] = ["O"] * (i + 1 - start)
    return tags


def _neutral_unknown(emission: np.ndarray, index: dict[str, int]) -> np.ndarray:
    """Emissions with ``UNKNOWN`` (a token whose class was never trained) equally likely in
    every state, so only the transitions place it. Smoothing alone would give it the most
    probability in the rarest states — every emoji or Hebrew letter became a one-character
    ``S-ORG``. Each row keeps summing to 1 (the other symbols share the rest as before)."""
    unk = index[UNKNOWN]
    p = emission[:, unk].min()
    rest = 1.0 - emission[:, unk]
    out = emission * ((1.0 - p) / rest)[:, None]
    out[:, unk] = p
    return out


def _variants(word: str, first: bool) -> list[str]:
    """Spellings of an unknown English word to look up instead: ``JAPAN`` (a headline) as
    ``Japan``, a capitalised sentence opener as its lower-case form."""
    out = []
    if word.isupper() and len(word) > 1:
        out.append(word.capitalize())
    if first and word[:1].isupper():
        out.append(word.lower())
    return out


class HMMTagger:
    """Entity tagger: a first-order HMM over BIOES tags, decoded with Viterbi.

    Parameters
    ----------
    lang : {"zh", "en"}
        Chooses the shape classes for rare tokens (character kinds or English word shapes).
    min_count : int
        Tokens seen fewer times in training also train their shape class (the stand-in
        for unseen tokens).
    alpha : float
        Add-alpha smoothing of the emission counts.
    beta : float
        Add-beta smoothing of the allowed start and transition counts.
    """

    def __init__(
        self, lang: str = "zh", min_count: int = 2, alpha: float = 0.01, beta: float = 0.1
    ) -> None:
        self.lang = lang
        self.min_count = min_count
        self.alpha = alpha
        self.beta = beta

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments (hyperparameters)."""
        return {
            "lang": self.lang,
            "min_count": self.min_count,
            "alpha": self.alpha,
            "beta": self.beta,
        }

    # -- symbols ------------------------------------------------------------------------------

    def _symbol(self, token: str, first: bool, known: dict[str, int] | set[str]) -> str:
        key = normalize(token)
        if key not in known and self.lang == "en":
            key = next((v for v in _variants(key, first) if v in known), key)
        return key if key in known else shape(key, first, self.lang)

    def _symbols(self, tokens: Sequence[str], known: dict[str, int] | set[str]) -> list[str]:
        return [self._symbol(token, i == 0, known) for i, token in enumerate(tokens)]

    def _encode(self, tokens: Sequence[str]) -> np.ndarray:
        # A token's id depends on the token (and, in English, on whether it opens the
        # sentence) only, so each is worked out once: NFKC and the shape rules cost ten
        # times the decoding. The memo belongs to this index and is bounded.
        index = self.index_
        memo = getattr(self, "_memo", None)
        if memo is None or memo[0] is not index or len(memo[1]) > _MEMO_SIZE:
            memo = self._memo = (index, {})
        codes, unk = memo[1], index[UNKNOWN]
        # Chinese tokens are looked up as they are (a whole sentence in one map call);
        # English ones with whether they open the sentence.
        keys = tokens if self.lang == "zh" else [(t, i == 0) for i, t in enumerate(tokens)]
        ids = list(map(codes.get, keys))
        for i, code in enumerate(ids if None in ids else ()):
            if code is None:
                code = index.get(self._symbol(tokens[i], i == 0, index), unk)
                ids[i] = codes[keys[i]] = code
        return np.array(ids, dtype=np.intp)

    # -- estimator ----------------------------------------------------------------------------

    def fit(self, sentences: Iterable[tuple[Sequence[str], Sequence[str]]]) -> HMMTagger:
        """Count starts, transitions and emissions from ``(tokens, bioes_tags)`` sentences.

        Raises ``InputError`` for a hyper-parameter ``PARAMS`` does not allow (unknown
        ``lang``, ``NaN`` smoothing…), no tagged tokens, no entity or too many types.
        """
        check_params(self.get_params(), PARAMS)
        data = [(list(t), list(g)) for t, g in sentences if len(t)]
        if not data:
            raise InputError("no training sentences: the data holds no tagged tokens")
        freq = Counter(normalize(tok) for tokens, _ in data for tok in tokens)
        rare = {tok for tok, n in freq.items() if n < self.min_count}
        known = set(freq)
        labels = training_labels(tag for _, tags in data for tag in tags)
        label_id = {label: i for i, label in enumerate(labels)}
        shapes = [self._symbols(tokens, set()) for tokens, _ in data]
        vocab = sorted(known | {c for seq in shapes for c in seq} | {UNKNOWN})
        index = {s: i for i, s in enumerate(vocab)}

        n_states, n_symbols = len(labels), len(vocab)
        start = np.zeros(n_states)
        trans = np.zeros((n_states, n_states))
        emit = np.zeros((n_states, n_symbols))
        for (tokens, tags), cls in zip(data, shapes, strict=True):
            states = np.array([label_id[t] for t in tags])
            start[states[0]] += 1
            np.add.at(trans, (states[:-1], states[1:]), 1)
            for state, token, cls_symbol in zip(states, tokens, cls, strict=True):
                key = normalize(token)
                emit[state, index[key]] += 1
                if key in rare:
                    # Rare tokens also teach their class what an unseen token looks like.
                    emit[state, index[cls_symbol]] += 1
        start_ok = np.array([can_start(t) for t in labels], dtype=float)
        trans_ok = np.array([[can_follow(p, t) for t in labels] for p in labels], dtype=float)
        start = (start + self.beta) * start_ok
        trans = (trans + self.beta) * trans_ok
        emit = emit + self.alpha
        self.labels_ = labels
        self.vocab_ = vocab
        self.index_ = index
        self.startprob_ = start / start.sum()
        self.transmat_ = trans / trans.sum(axis=1, keepdims=True)
        self.emissionprob_ = _neutral_unknown(emit / emit.sum(axis=1, keepdims=True), index)
        self.logs_ = log_params(self.startprob_, self.transmat_, self.emissionprob_)
        return self

    def _check_fitted(self) -> None:
        if not hasattr(self, "emissionprob_"):
            raise NotFittedError("this HMMTagger is not fitted yet; call fit or load first")

    def predict(self, sentences: Sequence[Sequence[str]], decoder: str = "auto") -> list[list[str]]:
        """BIOES tags for each token list (an empty list gives an empty list).

        ``decoder`` is one of ``DECODERS``; all give the same paths.
        """
        self._check_fitted()
        if decoder not in DECODERS:
            raise InputError(f"unknown decoder {decoder!r}; choose one of {', '.join(DECODERS)}")
        obs = [self._encode(tokens) for tokens in sentences]
        if decoder == "auto":
            decoder = "c" if COMPILED else "numpy"
        if decoder == "c" and not COMPILED:
            raise InputError("the C decoder is not built; use decoder='numpy'")
        paths = self._hmmlearn(obs) if decoder == "hmmlearn" else self._viterbi(obs, decoder)
        tags = [_close_last([self.labels_[s] for s in path]) for path in paths]
        if self.lang == "zh":
            # A Chinese entity needs one character seen in training: a run of characters
            # known only by their class (a lone emoji, Latin letter, Hebrew word) is no
            # name. English keeps its shape-only entities: an unseen capitalised word is
            # the very case shapes are for.
            known = self._known_ids()
            tags = [_drop_unseen(t, known[o]) for t, o in zip(tags, obs, strict=True)]
        return tags

    def char_entities(self, texts: Sequence[str]) -> list[list[tuple[str, str, int, int]]]:
        """Chinese: each raw line's entities as ``(text, type, start, end)`` (character
        offsets, end exclusive), one token per non-whitespace character.

        The same entities as ``predict`` on ``nlptk.sequence.tokens.tokenize_chars``'s tokens
        read off by ``nlptk.ner.output.entities_from_tags``, but the whole per-character
        path — symbol ids, Viterbi, tags to spans — runs in one C call for the batch
        (``nlptk.sequence.viterbi.char_entities``), where the Python path makes objects per
        character and ran about nine times slower (``bench/bench_ner.py``). Needs
        ``COMPILED``; ``tests/ner/test_char_entities.py`` holds it to the Python path.

        >>> from nlptk.artifacts import resolve_model
        >>> tagger = HMMTagger.load(resolve_model("ner-zh-pd98", task="ner"))
        >>> tagger.char_entities(["李鹏在北京", "", "江泽民 会见"])
        [[('李鹏', 'PER', 0, 2), ('北京', 'LOC', 3, 5)], [], [('江泽民', 'PER', 0, 3)]]
        """
        self._check_fitted()
        if self.lang != "zh" or not COMPILED:
            raise InputError("char_entities needs a Chinese model and the compiled kernel")
        args = self._char_kernel()
        table = args[0]
        new = unmapped(texts, table)
        if new:
            # Each character is looked up the way _encode looks up a Chinese token (a
            # Chinese symbol does not depend on the position), once per tagger.
            index = self.index_
            unk = index[UNKNOWN]
            for ch in new:
                table[ord(ch)] = (
                    CHAR_SPACE if ch.isspace() else index.get(self._symbol(ch, False, index), unk)
                )
        return char_entities(texts, *args)

    def _char_kernel(self) -> tuple[Any, ...]:
        """``char_entities``' arguments after the texts, made once per set of parameters:
        the code point table (filled as characters come), known-symbol flags, each
        state's tag prefix and type, and the log-parameters, emissions symbol-major."""
        cached = getattr(self, "_kernel_args", None)
        if cached is None or cached[0] is not self.logs_:
            log_start, log_trans, log_emit = self.logs_
            args = (
                np.full(_CODE_POINTS, CHAR_UNMAPPED, dtype=np.int32),
                self._known_ids().astype(np.uint8),
                *span_tables(self.labels_),
                np.ascontiguousarray(log_start, dtype=np.float64),
                np.ascontiguousarray(log_trans, dtype=np.float64),
                np.ascontiguousarray(log_emit.T, dtype=np.float64),
            )
            cached = self._kernel_args = (self.logs_, args)
        return cached[1]

    def _known_ids(self) -> np.ndarray:
        """Per symbol id: whether it is a token (not a shape class)."""
        return np.array([not _is_class(s) for s in self.vocab_], dtype=bool)

    def _viterbi(self, obs: list[np.ndarray], decoder: str = "numpy") -> list[np.ndarray]:
        # logs_: the log-parameters, computed once in fit/load rather than per call
        return (viterbi_compiled if decoder == "c" else viterbi_batch)(*self.logs_, obs)

    def _hmmlearn(self, obs: list[np.ndarray]) -> list[np.ndarray]:
        from hmmlearn.hmm import CategoricalHMM

        model = CategoricalHMM(n_components=len(self.labels_), init_params="", params="")
        model.n_features = len(self.vocab_)
        model.startprob_ = self.startprob_
        model.transmat_ = self.transmat_
        model.emissionprob_ = self.emissionprob_
        nonempty = [o for o in obs if len(o)]
        if not nonempty:
            return [o.copy() for o in obs]
        lengths = [len(o) for o in nonempty]
        _, states = model.decode(np.concatenate(nonempty)[:, None], lengths=lengths)
        pieces = iter(np.split(states, np.cumsum(lengths)[:-1]))
        return [next(pieces) if len(o) else o.copy() for o in obs]

    # -- artifacts ----------------------------------------------------------------------------

    def save(self, model_dir: str | Path, meta: dict[str, Any] | None = None) -> Path:
        """Write ``hmm.npz`` (probabilities), ``vocab.json`` and ``meta.json`` (``meta`` —
        data, licence, metrics — merged in); no pickle, so a model is safe to load."""
        self._check_fitted()
        model_dir = Path(model_dir)
        model_dir.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(
            model_dir / _PAYLOAD,
            startprob=self.startprob_,
            transmat=self.transmat_,
            emissionprob=self.emissionprob_,
        )
        (model_dir / _VOCAB).write_text(
            json.dumps(self.vocab_, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        record = {
            "task": "ner",
            "class": type(self).__name__,
            "engine": "hmm",
            "lang": self.lang,
            "params": self.get_params(),
            "scheme": "bioes",
            "labels": self.labels_,
            **(meta or {}),
        }
        write_meta(model_dir, record, [_PAYLOAD, _VOCAB])
        return model_dir

    @classmethod
    def load(cls, model_dir: str | Path) -> HMMTagger:
        """Read a directory written by ``save`` (or a shipped model's name);
        ``ModelFormatError`` if it is not one: every field of ``meta.json`` and
        ``vocab.json``, and the arrays' types, shapes and values (probabilities whose rows
        sum to 1) are checked before use. ``InputError`` if its ``meta.json`` names another
        engine."""
        kind = model_kind(model_dir, "ner", "hmm")
        model_dir, meta = kind.path, kind.meta
        if meta.get("class") != cls.__name__:
            raise ModelFormatError(
                f"{model_dir}: a {meta.get('class')!r} NER model, expected {cls.__name__}"
            )
        check_meta(meta, _META, model_dir / META)
        params = meta["params"]
        if meta.get("lang", params["lang"]) != params["lang"]:
            raise ModelFormatError(f"{model_dir / META}: lang and params.lang differ")
        tagger = cls(**params)
        payload = model_file(model_dir, _PAYLOAD, meta)
        arrays = read_arrays(payload, ("startprob", "transmat", "emissionprob"))
        tagger.startprob_ = arrays["startprob"]
        tagger.transmat_ = arrays["transmat"]
        tagger.emissionprob_ = arrays["emissionprob"]
        tagger.vocab_ = read_json(model_file(model_dir, _VOCAB, meta), list, _VOCAB_SPEC)
        tagger.labels_ = list(meta["labels"])
        tagger.index_ = {s: i for i, s in enumerate(tagger.vocab_)}
        n, v = len(tagger.labels_), len(tagger.vocab_)
        if (
            tagger.startprob_.shape != (n,)
            or tagger.transmat_.shape != (n, n)
            or tagger.emissionprob_.shape != (n, v)
        ):
            raise ModelFormatError(f"{payload}: arrays do not match the labels and {_VOCAB}")
        for name, p in arrays.items():
            rows = p.reshape(-1, p.shape[-1])
            if (p < 0).any() or not np.allclose(rows.sum(axis=1), 1.0, atol=1e-6):
                raise ModelFormatError(f"{payload}: {name}: not probabilities summing to 1")
        tagger.logs_ = log_params(tagger.startprob_, tagger.transmat_, tagger.emissionprob_)
        return tagger
