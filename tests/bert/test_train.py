"""Checkpoints: what ``_save_checkpoint`` writes loads with ``weights_only=True``; a planted
file that pickles a callable is refused and never run (needs torch only, no transformers)."""

import os
import sys

import pytest

from nlptk.errors import ModelFormatError

torch = pytest.importorskip("torch")

from nlptk.bert.train import _CHECKPOINT, _load_checkpoint, _save_checkpoint, _State  # noqa: E402


def _parts():
    model = torch.nn.Linear(3, 2)
    optimizer = torch.optim.AdamW(model.parameters(), lr=0.1)
    scheduler = torch.optim.lr_scheduler.LambdaLR(optimizer, lambda step: 1.0 / (1 + step))
    return model, optimizer, scheduler


@pytest.mark.parametrize("steps", [2])
def test_train_checkpoint_round_trips_with_weights_only(tmp_path, steps):
    model, optimizer, scheduler = _parts()
    for _ in range(steps):
        model(torch.ones(1, 3)).sum().backward()
        optimizer.step()
        scheduler.step()
    best = {k: v.clone() for k, v in model.state_dict().items()}
    state = _State(epoch=1, best=0.5, bad_epochs=0, best_weights=best, history=[{"loss": 1.0}])
    torch.manual_seed(7)
    _save_checkpoint(tmp_path, model, optimizer, scheduler, state)
    expected = torch.rand(3)
    fresh, fresh_opt, fresh_sched = _parts()
    loaded = _load_checkpoint(tmp_path, fresh, fresh_opt, fresh_sched)
    assert loaded.epoch == 1 and loaded.history == [{"loss": 1.0}]
    assert torch.equal(fresh.weight, model.weight)
    assert fresh_sched.last_epoch == steps
    assert torch.equal(torch.rand(3), expected)  # the RNG state came back


class _Exploit:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"{sys.executable} -c \"open({self.marker!r}, 'w')\"",)


@pytest.mark.parametrize("payload", ["callable", "garbage"])
def test_train_checkpoint_refuses_a_pickled_callable(tmp_path, payload):
    marker = tmp_path / "ran"
    ckpt = tmp_path / "ckpt"
    ckpt.mkdir()
    if payload == "callable":
        torch.save({"model": _Exploit(str(marker))}, ckpt / _CHECKPOINT)
    else:
        (ckpt / _CHECKPOINT).write_bytes(b"not a checkpoint")
    with pytest.raises(ModelFormatError, match="not a checkpoint nlptk wrote") as info:
        _load_checkpoint(ckpt, *_parts())
    assert "\n" not in str(info.value)
    assert not marker.exists()
