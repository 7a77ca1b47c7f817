"""``ModelRegistry``: one pipeline per worker, swapped whole; a request that took the old
one keeps it."""

from __future__ import annotations

import pytest

from nlptk.pipeline import Pipeline
from nlptk.serve.registry import ModelRegistry


def test_registry_swap_keeps_requests_on_their_pipeline():
    built = []

    def build() -> Pipeline:
        built.append(Pipeline("seg"))
        return built[-1]

    registry = ModelRegistry(build)
    with pytest.raises(RuntimeError, match="not loaded"):
        registry.pipeline  # noqa: B018
    registry.load()
    in_flight = registry.pipeline
    assert registry.describe()["generation"] == 1 and registry.describe()["tasks"] == ["seg"]
    registry.reload()
    assert registry.generation == 2 and registry.pipeline is built[1] is not in_flight
    assert [t.text for t in in_flight.analyze("我来到北京").tokens] == ["我", "来到", "北京"]
    registry.swap(built[0])
    assert registry.pipeline is in_flight and registry.generation == 3
