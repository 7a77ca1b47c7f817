"""bert: where BERT runs — device choice, threads, bf16 autocast, seeding.

Imports torch; only the BERT code paths import this module.
"""

from __future__ import annotations

import contextlib
import random

import numpy as np
import torch

from nlptk.errors import NlptkError

__all__ = ["DEVICES", "resolve_device", "use_bf16", "autocast", "seed_everything"]

#: ``--device`` choices.
DEVICES = ("auto", "cpu", "cuda")


def resolve_device(name: str = "auto", threads: int | None = None) -> torch.device:
    """The torch device for ``auto``/``cpu``/``cuda`` (or ``cuda:N``); sets CPU threads.

    Raises ``NlptkError`` when CUDA is asked for but absent, rather than failing later
    inside torch with a long trace.
    """
    if threads:
        torch.set_num_threads(threads)
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name.startswith("cuda"):
        if not torch.cuda.is_available():
            err = NlptkError(f"--device {name} was asked for, but CUDA is not available here")
            err.hint = "use --device cpu (or auto), or install a CUDA build of torch"
            raise err
        return torch.device(name)
    raise NlptkError(f"unknown device {name!r}; choose one of {', '.join(DEVICES)}")


def use_bf16(device: torch.device, bf16: bool | None) -> bool:
    """Whether to autocast to bf16: as asked, else by default on a CUDA GPU that has it.

    On CPU it is opt-in: it pays only where the CPU has native bf16 (AVX512-BF16, AMX).
    """
    if bf16 is not None:
        if bf16 and device.type == "cuda" and not torch.cuda.is_bf16_supported():
            raise NlptkError(f"--bf16 was asked for, but {torch.cuda.get_device_name()} lacks it")
        return bf16
    return device.type == "cuda" and torch.cuda.is_bf16_supported()


def autocast(device: torch.device, bf16: bool) -> contextlib.AbstractContextManager:
    """bf16 autocast on ``device`` when ``bf16``, else a no-op context."""
    if not bf16:
        return contextlib.nullcontext()
    return torch.autocast(device_type=device.type, dtype=torch.bfloat16)


def seed_everything(seed: int) -> None:
    """Seed Python, numpy and torch (all devices), so a run can be repeated."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
