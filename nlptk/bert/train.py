"""bert: the fine-tuning loop — length-grouped batches, dynamic padding, fused AdamW, bf16
autocast, gradient accumulation, early stopping on the dev metric, checkpoint and resume.

The speed choices matter on a GPU, where a default ``Trainer`` pads every batch and runs
fp32: batches of similar length waste little on padding, bf16 halves memory traffic, the
fused optimizer is one kernel, and workers with pinned memory overlap copying and compute.
"""

from __future__ import annotations

import math
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import torch

from nlptk.bert.batching import Collator, length_grouped_batches
from nlptk.bert.runtime import autocast
from nlptk.errors import ModelFormatError

__all__ = ["TrainConfig", "TrainCallback", "has_checkpoint", "fine_tune"]

_CHECKPOINT = "checkpoint.pt"


@dataclass(frozen=True)
class TrainConfig:
    """Optimisation settings of one run (the estimator's hyperparameters, resolved)."""

    epochs: int
    learning_rate: float
    batch_size: int
    warmup_ratio: float
    weight_decay: float
    grad_accum: int
    patience: int | None
    seed: int
    device: torch.device
    bf16: bool
    compile: bool
    workers: int


class TrainCallback(Protocol):
    """What a progress display hears from ``fine_tune``."""

    def start(self, total_steps: int, first_step: int) -> None: ...
    def step(self, samples: int, loss: float | None) -> None: ...
    def epoch(self, record: dict[str, Any]) -> None: ...


@dataclass
class _State:
    epoch: int = 0
    best: float = -math.inf
    bad_epochs: int = 0
    best_weights: dict[str, torch.Tensor] | None = None
    history: list[dict[str, Any]] = field(default_factory=list)


def _optimizer(model: torch.nn.Module, cfg: TrainConfig) -> torch.optim.Optimizer:
    # No weight decay on biases and LayerNorm weights (the BERT recipe).
    decay, no_decay = [], []
    for name, param in model.named_parameters():
        if param.requires_grad:
            (no_decay if param.ndim < 2 or "LayerNorm" in name else decay).append(param)
    groups = [
        {"params": decay, "weight_decay": cfg.weight_decay},
        {"params": no_decay, "weight_decay": 0.0},
    ]
    fused = cfg.device.type == "cuda"
    return torch.optim.AdamW(groups, lr=cfg.learning_rate, fused=fused)


def _save_checkpoint(path: Path, model, optimizer, scheduler, state: _State) -> None:  # noqa: ANN001
    path.mkdir(parents=True, exist_ok=True)
    tmp = path / (_CHECKPOINT + ".tmp")
    torch.save(
        {
            "model": model.state_dict(),
            "optimizer": optimizer.state_dict(),
            "scheduler": scheduler.state_dict(),
            "state": state.__dict__,
            "torch_rng": torch.get_rng_state(),
        },
        tmp,
    )
    os.replace(tmp, path / _CHECKPOINT)


def _load_checkpoint(path: Path, model, optimizer, scheduler) -> _State:  # noqa: ANN001
    """Continue from what ``_save_checkpoint`` wrote: tensors and plain types only.

    ``weights_only=True`` refuses to call anything while unpickling, so a crafted checkpoint
    cannot run code; any file that is not one of ours is a ``ModelFormatError``.
    """
    file = path / _CHECKPOINT
    try:
        blob = torch.load(file, map_location="cpu", weights_only=True)
        model.load_state_dict(blob["model"])
        optimizer.load_state_dict(blob["optimizer"])
        scheduler.load_state_dict(blob["scheduler"])
        torch.set_rng_state(blob["torch_rng"])
        return _State(**blob["state"])
    except (pickle.UnpicklingError, EOFError, RuntimeError, KeyError, TypeError, ValueError) as e:
        reason = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
        error = ModelFormatError(f"{file}: not a checkpoint nlptk wrote ({reason[:200]})")
        error.hint = "delete the checkpoint folder, or train again without --resume"
        raise error from None


def has_checkpoint(path: str | Path | None) -> bool:
    """Whether ``path`` holds a checkpoint that ``fine_tune(resume=True)`` can continue."""
    return path is not None and (Path(path) / _CHECKPOINT).is_file()


def fine_tune(
    model: torch.nn.Module,
    examples: Sequence[tuple[list[int], list[int], Any]],
    pad_id: int,
    cfg: TrainConfig,
    evaluate: Callable[[], dict[str, float]] | None = None,
    primary: str = "accuracy",
    checkpoint_dir: str | Path | None = None,
    resume: bool = False,
    callback: TrainCallback | None = None,
) -> list[dict[str, Any]]:
    """Train ``model`` in place on ``(ids, types, label)`` examples; returns the history.

    ``types`` are token-type ids (empty for all zero), ``label`` an int or a list over
    positions.

    ``evaluate`` (called after each epoch) returns dev metrics; the weights with the best
    ``primary`` metric are restored at the end, and training stops after ``cfg.patience``
    epochs without improvement. With ``checkpoint_dir`` the full state is saved after each
    epoch; ``resume`` continues from it.
    """
    from transformers import get_linear_schedule_with_warmup

    model.to(cfg.device)
    lengths = [len(ex[0]) for ex in examples]
    n_batches = math.ceil(len(examples) / cfg.batch_size)
    steps_per_epoch = math.ceil(n_batches / cfg.grad_accum)
    optimizer = _optimizer(model, cfg)
    scheduler = get_linear_schedule_with_warmup(
        optimizer,
        int(cfg.warmup_ratio * steps_per_epoch * cfg.epochs),
        steps_per_epoch * cfg.epochs,
    )
    state = _State()
    if resume and has_checkpoint(checkpoint_dir):
        state = _load_checkpoint(Path(checkpoint_dir), model, optimizer, scheduler)
    forward = torch.compile(model, dynamic=True) if cfg.compile else model
    cuda = cfg.device.type == "cuda"
    collate = Collator(pad_id)
    if callback:
        callback.start(n_batches * cfg.epochs, n_batches * state.epoch)
    while state.epoch < cfg.epochs and (cfg.patience is None or state.bad_epochs < cfg.patience):
        batches = length_grouped_batches(lengths, cfg.batch_size, cfg.seed + state.epoch)
        loader = torch.utils.data.DataLoader(
            examples,
            batch_sampler=batches,
            collate_fn=collate,
            num_workers=cfg.workers,
            pin_memory=cuda,
            persistent_workers=False,
        )
        model.train()
        running = torch.zeros((), device=cfg.device)
        for i, batch in enumerate(loader):
            batch = {k: v.to(cfg.device, non_blocking=True) for k, v in batch.items()}
            with autocast(cfg.device, cfg.bf16):
                loss = forward(**batch).loss / cfg.grad_accum
            loss.backward()
            running += loss.detach()
            if (i + 1) % cfg.grad_accum == 0 or i + 1 == n_batches:
                torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
                optimizer.step()
                scheduler.step()
                optimizer.zero_grad(set_to_none=True)
            if callback:
                # Reading the loss syncs the GPU, so only every 20 batches.
                report = (i + 1) % 20 == 0 or i + 1 == n_batches
                loss_value = float(running) * cfg.grad_accum / (i + 1) if report else None
                callback.step(len(batch["input_ids"]), loss_value)
        record: dict[str, Any] = {
            "epoch": state.epoch + 1,
            "loss": float(running) * cfg.grad_accum / n_batches,
        }
        state.epoch += 1
        if evaluate is not None:
            metrics = evaluate()
            record.update(metrics)
            if metrics[primary] > state.best:
                state.best, state.bad_epochs = metrics[primary], 0
                state.best_weights = {
                    k: v.detach().cpu().clone() for k, v in model.state_dict().items()
                }
            else:
                state.bad_epochs += 1
        state.history.append(record)
        if callback:
            callback.epoch(record)
        if checkpoint_dir is not None:
            _save_checkpoint(Path(checkpoint_dir), model, optimizer, scheduler, state)
    if state.best_weights is not None:
        model.load_state_dict(state.best_weights)
    return state.history
