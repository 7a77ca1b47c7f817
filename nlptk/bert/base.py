"""bert: the base of the BERT estimators — model, tokenizer and label map; ``fit``,
``score``, ``save``/``load`` (``nlptk.bert.estimators.load_estimator`` loads any saved one).

Subclasses (``classifier.BertClassifier``, ``taggers.BertTagger``/``BertSegmenter``) only say
how inputs become windows and how scores become answers.
"""

from __future__ import annotations

import inspect
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nlptk.artifacts import read_meta, write_meta
from nlptk.bert import encode
from nlptk.bert.metrics import PRIMARY, score
from nlptk.bert.model import (
    PAYLOAD,
    extend_vocab,
    head_labels,
    load_pretrained,
    model_source,
)
from nlptk.errors import ModelFormatError, NotFittedError

__all__ = ["BertEstimator"]


class BertEstimator:
    """Shared state and training of the BERT estimators; not used directly."""

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
        return encode.encode_units(
            self.tokenizer_, inputs, self.max_length, self.stride, self.case_feature
        )

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
        from nlptk.bert.runtime import resolve_device, use_bf16

        self.device_ = resolve_device(self.device, self.threads)
        self.bf16_ = use_bf16(self.device_, self.bf16)
        self.model_, self.tokenizer_ = load_pretrained(model_source(source), self.task, labels)
        self.labels_ = list(labels)
        self.label2id_ = {label: i for i, label in enumerate(labels)}
        self.added_tokens_ = (
            extend_vocab(self.model_, self.tokenizer_, texts) if self.extend_vocab else 0
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
    ) -> BertEstimator:
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
        from nlptk.bert.runtime import seed_everything
        from nlptk.bert.train import TrainConfig, fine_tune

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
        from nlptk.bert.predict import window_scores

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
        return score(self.task, labels, self.predict(inputs), inputs)

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
    ) -> BertEstimator:
        """Load a directory written by ``save``; ``params`` override saved ones (batch size…)."""
        meta = read_meta(path, f"bert-{cls.task}")
        saved = {k: v for k, v in meta.get("params", {}).items() if k in cls._param_names()}
        est = cls(**{**saved, "device": device, "threads": threads, **params})
        # A head that disagrees with meta.json would be silently re-initialised on loading.
        if head_labels(model_source(path)) != meta.get("labels"):
            raise ModelFormatError(f"{path}: the model's head and meta.json list different labels")
        est._setup(meta["labels"], [], path)
        est.added_tokens_ = meta.get("added_tokens", 0)
        est.history_ = meta.get("history", [])
        est._restore_meta(meta)
        est.model_.to(est.device_)
        return est

    def _restore_meta(self, meta: dict[str, Any]) -> None:
        pass
