"""tasks: the BERT estimators — ``BertClassifier`` (sentiment), ``BertTagger`` (NER, BIOES)
and ``BertSegmenter`` (BMES) — with ``fit``/``predict``/``save``/``load``.

They share one base that owns the model, the tokenizer and the label map; subclasses only
say how inputs become windows and how scores become answers. Tagging decodes with our own
constrained Viterbi (``nlptk.core.tag_decode``), so outputs are always well-formed.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.artifacts import read_meta, write_meta
from nlptk.core.tag_decode import constrained_viterbi, tag_grammar
from nlptk.core.tagging import Entity, bioes_to_spans, bmes_to_spans
from nlptk.errors import ModelFormatError, NotFittedError
from nlptk.tasks.bert import encode
from nlptk.tasks.bert.metrics import PRIMARY, score
from nlptk.tasks.bert.model import PAYLOAD, extend_vocab, load_pretrained, model_source

__all__ = ["ClassScore", "BertClassifier", "BertTagger", "BertSegmenter", "load_estimator"]

_NON_SPACE = re.compile(r"\S+")


@dataclass(frozen=True, slots=True)
class ClassScore:
    """A document label, ``score`` = P(positive) − P(negative) in [-1, 1] (0 when the labels
    are not a polarity pair), and the ``probability`` of the chosen label."""

    label: str
    score: float
    probability: float


class _BertEstimator:
    """Shared state and training of the three estimators; not used directly."""

    task = ""

    def __init__(
        self,
        model: str = "bert-base-uncased",
        epochs: int = 3,
        learning_rate: float = 5e-5,
        batch_size: int = 32,
        max_length: int = 128,
        stride: int = 32,
        warmup_ratio: float = 0.1,
        weight_decay: float = 0.01,
        grad_accum: int = 1,
        patience: int | None = None,
        random_state: int = 0,
        device: str = "auto",
        bf16: bool | None = None,
        threads: int | None = None,
        compile: bool = False,
        workers: int = 2,
        extend_vocab: bool = False,
        predict_batch_size: int = 256,
        case_feature: bool = False,
    ) -> None:
        self.model = model
        self.epochs = epochs
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_length = max_length
        self.stride = stride
        self.warmup_ratio = warmup_ratio
        self.weight_decay = weight_decay
        self.grad_accum = grad_accum
        self.patience = patience
        self.random_state = random_state
        self.device = device
        self.bf16 = bf16
        self.threads = threads
        self.compile = compile
        self.workers = workers
        self.extend_vocab = extend_vocab
        self.predict_batch_size = predict_batch_size
        self.case_feature = case_feature

    @classmethod
    def _param_names(cls) -> list[str]:
        # The constructor's arguments, as scikit-learn's get_params finds them.
        return [p for p in inspect.signature(cls.__init__).parameters if p != "self"]

    def get_params(self) -> dict[str, Any]:
        """The constructor arguments, by name."""
        return {name: getattr(self, name) for name in self._param_names()}

    # -- subclass hooks ------------------------------------------------------------------
    def _windows(self, inputs: Sequence[Any]) -> list[encode.Window]:
        units = [self._units(x) for x in inputs]
        return encode.encode_units(
            self.tokenizer_, units, self.max_length, self.stride, self.case_feature
        )

    def _units(self, x: Any) -> list[str]:
        return list(x)

    def _targets(self, windows: Sequence[encode.Window], labels: Sequence[Any]) -> list[Any]:
        ids = self.label2id_
        out = []
        for w in windows:
            target = [encode.IGNORE] * len(w.ids)
            for pos, unit in zip(w.positions, w.units, strict=True):
                target[pos] = ids[labels[w.example][unit]]
            out.append(target)
        return out

    # -- training ------------------------------------------------------------------------
    def _setup(self, labels: list[str], texts: Sequence[str], source: str | Path) -> None:
        from nlptk.tasks.bert.runtime import resolve_device, use_bf16

        self.device_ = resolve_device(self.device, self.threads)
        self.bf16_ = use_bf16(self.device_, self.bf16)
        self.model_, self.tokenizer_ = load_pretrained(model_source(source), self.task, labels)
        self.labels_ = list(labels)
        self.label2id_ = {label: i for i, label in enumerate(labels)}
        self.added_tokens_ = (
            extend_vocab(self.model_, self.tokenizer_, texts) if (self.extend_vocab) else 0
        )

    def fit(
        self,
        inputs: Sequence[Any],
        labels: Sequence[Any],
        dev: tuple[Sequence[Any], Sequence[Any]] | None = None,
        label_map: list[str] | None = None,
        checkpoint_dir: str | Path | None = None,
        resume: bool = False,
        callback: Any = None,
    ) -> _BertEstimator:
        """Fine-tune ``self.model`` on ``inputs`` and gold ``labels``; returns ``self``.

        Parameters
        ----------
        inputs, labels : sequences
            Texts and labels (classifier) or unit lists and tag lists (taggers).
        dev : (inputs, labels), optional
            Scored after each epoch; the best epoch's weights are kept.
        label_map : list of str, optional
            Labels of the model's head (default: from the data).
        checkpoint_dir, resume
            Save the training state each epoch there; continue from it.
        callback : TrainCallback, optional
            Progress display.
        """
        from nlptk.tasks.bert.runtime import seed_everything
        from nlptk.tasks.bert.train import TrainConfig, fine_tune

        if len(inputs) != len(labels) or not len(inputs):
            raise ValueError(f"{len(inputs)} inputs for {len(labels)} labels; need equal, > 0")
        seed_everything(self.random_state)
        texts = [self._text(x) for x in inputs]
        self._setup(label_map or self._label_map(labels), texts, self.model)
        windows = self._windows(inputs)
        targets = self._targets(windows, labels)
        examples = [(w.ids, w.types, t) for w, t in zip(windows, targets, strict=True)]
        cfg = TrainConfig(
            epochs=self.epochs,
            learning_rate=self.learning_rate,
            batch_size=self.batch_size,
            warmup_ratio=self.warmup_ratio,
            weight_decay=self.weight_decay,
            grad_accum=self.grad_accum,
            patience=self.patience,
            seed=self.random_state,
            device=self.device_,
            bf16=self.bf16_,
            compile=self.compile,
            workers=self.workers if self.device_.type == "cuda" else 0,
        )
        evaluate = (lambda: self.score(*dev)) if dev is not None else None
        self.history_ = fine_tune(
            self.model_,
            examples,
            self.tokenizer_.pad_token_id,
            cfg,
            evaluate,
            PRIMARY[self.task],
            checkpoint_dir,
            resume,
            callback,
        )
        return self

    def _label_map(self, labels: Sequence[Any]) -> list[str]:
        raise NotImplementedError

    def _text(self, x: Any) -> str:
        return x if isinstance(x, str) else "".join(x)

    # -- prediction ----------------------------------------------------------------------
    def _check_fitted(self) -> None:
        if not hasattr(self, "model_"):
            raise NotFittedError(f"this {type(self).__name__} is not fitted; call fit or load")

    def _scores(self, windows: Sequence[encode.Window], token_level: bool) -> list[np.ndarray]:
        from nlptk.tasks.bert.predict import window_scores

        return window_scores(
            self.model_,
            windows,
            self.tokenizer_.pad_token_id,
            self.device_,
            self.bf16_,
            self.predict_batch_size,
            token_level,
        )

    def score(self, inputs: Sequence[Any], labels: Sequence[Any]) -> dict[str, Any]:
        """Task metrics of the predictions on ``inputs`` against gold ``labels``."""
        return score(self.task, labels, self.predict(inputs))

    def predict(self, inputs: Sequence[Any]) -> list[Any]:
        raise NotImplementedError

    # -- persistence ---------------------------------------------------------------------
    def save(self, path: str | Path, **meta: Any) -> Path:
        """Write the model directory: ``meta.json`` and ``bert/`` (model and tokenizer).

        ``meta`` adds fields (data hash, metrics, …) to ``meta.json``.
        """
        self._check_fitted()
        import torch
        import transformers

        path = Path(path)
        self.model_.save_pretrained(path / PAYLOAD)
        self.tokenizer_.save_pretrained(path / PAYLOAD)
        write_meta(
            path,
            {
                "task": f"bert-{self.task}",
                "class": type(self).__name__,
                "params": self.get_params(),
                "labels": self.labels_,
                "added_tokens": self.added_tokens_,
                "history": getattr(self, "history_", []),
                "versions": {"torch": torch.__version__, "transformers": transformers.__version__},
                **self._extra_meta(),
                **meta,
            },
        )
        return path

    def _extra_meta(self) -> dict[str, Any]:
        return {}

    @classmethod
    def load(
        cls, path: str | Path, device: str = "auto", threads: int | None = None, **params: Any
    ) -> _BertEstimator:
        """Load a directory written by ``save``; ``params`` override saved ones (batch size…)."""
        meta = read_meta(path, f"bert-{cls.task}")
        saved = {k: v for k, v in meta.get("params", {}).items() if k in cls._param_names()}
        est = cls(**{**saved, "device": device, "threads": threads, **params})
        est._setup(meta["labels"], [], path)
        est.added_tokens_ = meta.get("added_tokens", 0)
        est.history_ = meta.get("history", [])
        est._restore_meta(meta)
        if est.model_.config.num_labels != len(est.labels_):
            raise ModelFormatError(
                f"{path}: the head has {est.model_.config.num_labels} labels, "
                f"meta.json lists {len(est.labels_)}"
            )
        est.model_.to(est.device_)
        return est

    def _restore_meta(self, meta: dict[str, Any]) -> None:
        pass


class BertClassifier(_BertEstimator):
    """Sequence classification (sentiment). Long texts: probabilities averaged over windows."""

    task = "sentiment"

    def _windows(self, inputs: Sequence[str]) -> list[encode.Window]:
        return encode.encode_texts(self.tokenizer_, inputs, self.max_length, self.stride)

    def _targets(self, windows: Sequence[encode.Window], labels: Sequence[str]) -> list[int]:
        return [self.label2id_[labels[w.example]] for w in windows]

    def _label_map(self, labels: Sequence[str]) -> list[str]:
        return sorted(set(labels))

    def predict_scores(self, texts: Sequence[str]) -> list[ClassScore]:
        """A ``ClassScore`` per text (an empty text still gets one)."""
        from nlptk.tasks.bert.predict import merge_text_scores

        self._check_fitted()
        windows = self._windows(texts)
        probs = merge_text_scores(
            windows, self._scores(windows, False), len(texts), len(self.labels_)
        )
        polar = {"positive", "negative"} <= set(self.labels_)
        out = []
        for p in probs:
            best = int(p.argmax())
            s = p[self.label2id_["positive"]] - p[self.label2id_["negative"]] if polar else 0.0
            out.append(ClassScore(self.labels_[best], float(s), float(p[best])))
        return out

    def predict(self, inputs: Sequence[str]) -> list[str]:
        """The label of each text."""
        return [s.label for s in self.predict_scores(inputs)]


class _BertTokenEstimator(_BertEstimator):
    """Token classification with decoding through the label grammar."""

    def _label_map(self, labels: Sequence[Sequence[str]]) -> list[str]:
        from nlptk.tasks.bert.data import Examples, label_set

        return label_set(Examples(self.task, [], list(labels), "word"))

    def predict(
        self, inputs: Sequence[Sequence[str]], masks: Sequence[np.ndarray] | None = None
    ) -> list[list[str]]:
        """Well-formed tags, one per unit of each input (lists of words or characters).

        ``masks`` optionally limits the labels allowed at each unit, shape (n_units, n_labels).
        """
        from nlptk.tasks.bert.predict import merge_unit_scores

        self._check_fitted()
        windows = self._windows(inputs)
        tables = merge_unit_scores(
            windows,
            self._scores(windows, True),
            [len(x) for x in inputs],
            len(self.labels_),
        )
        grammar = tag_grammar(self.labels_)
        out = []
        for i, table in enumerate(tables):
            path = constrained_viterbi(table, grammar, masks[i] if masks is not None else None)
            out.append([self.labels_[k] for k in path])
        return out


def _words(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _NON_SPACE.finditer(text)]


class BertTagger(_BertTokenEstimator):
    """Named entities with BIOES tags over words (English) or characters (Chinese)."""

    task = "ner"

    def fit(self, inputs, labels, *args: Any, **kwargs: Any) -> BertTagger:  # noqa: ANN001
        """As ``_BertEstimator.fit``; the unit (word or character) is read off the data."""
        self.unit_ = "char" if all(len(u) == 1 for x in inputs for u in x) else "word"
        return super().fit(inputs, labels, *args, **kwargs)

    def _extra_meta(self) -> dict[str, Any]:
        return {"unit": self.unit_, "scheme": "bioes"}

    def _restore_meta(self, meta: dict[str, Any]) -> None:
        self.unit_ = meta.get("unit", "word")

    def split_units(self, text: str) -> list[tuple[str, int, int]]:
        """``(unit, start, end)`` of ``text``: its words, or characters for a character model."""
        if self.unit_ == "char":
            return [(c, i, i + 1) for i, c in enumerate(text) if not c.isspace()]
        return _words(text)

    def predict_spans(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities ``(start, end, type)`` of each text, in character offsets (end exclusive).

        Text is split into whitespace-separated words, or into characters for a model trained
        on characters.
        """
        self._check_fitted()
        units = [self.split_units(t) for t in texts]
        tags = self.predict([[u for u, _, _ in us] for us in units])
        return [
            [(us[s][1], us[e - 1][2], etype) for s, e, etype in bioes_to_spans(ts)]
            for us, ts in zip(units, tags, strict=True)
        ]


class BertSegmenter(_BertTokenEstimator):
    """Chinese word segmentation as per-character B/M/E/S tagging."""

    task = "segment"

    def _masks(self, chars: list[tuple[str, int]]) -> np.ndarray:
        # Whitespace in the input is a word boundary the model may not bridge.
        index = self.label2id_
        mask = np.ones((len(chars), len(self.labels_)), dtype=bool)
        for i, (_, off) in enumerate(chars):
            if i + 1 < len(chars) and chars[i + 1][1] > off + 1:
                mask[i, [index["B"], index["M"]]] = False
            if i > 0 and chars[i - 1][1] < off - 1:
                mask[i, [index["M"], index["E"]]] = False
        return mask

    def spans(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Word spans ``(start, end)`` of each text, in character offsets; spaces are not
        words."""
        self._check_fitted()
        chars = [[(c, i) for i, c in enumerate(t) if not c.isspace()] for t in texts]
        tags = self.predict([[c for c, _ in cs] for cs in chars], [self._masks(cs) for cs in chars])
        return [
            [(cs[s][1], cs[e - 1][1] + 1) for s, e in bmes_to_spans(ts)]
            for cs, ts in zip(chars, tags, strict=True)
        ]

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """The words of each text (batched: much faster than ``cut`` in a loop)."""
        return [[t[s:e] for s, e in sp] for t, sp in zip(texts, self.spans(texts), strict=True)]

    def cut(self, text: str) -> list[str]:
        """The words of ``text``."""
        return self.cut_many([text])[0]


_CLASSES = {c.task: c for c in (BertClassifier, BertTagger, BertSegmenter)}


def load_estimator(path: str | Path, device: str = "auto", **params: Any) -> _BertEstimator:
    """Load any nlptk BERT model directory as the estimator its ``meta.json`` names."""
    meta = read_meta(path)
    task = str(meta.get("task", ""))
    if not task.startswith("bert-") or task[5:] not in _CLASSES:
        raise ModelFormatError(
            f"{path}: a {task or 'unknown'!r} model, not an nlptk BERT model "
            f"(tasks: {', '.join('bert-' + t for t in _CLASSES)})"
        )
    return _CLASSES[task[5:]].load(path, device=device, **params)
