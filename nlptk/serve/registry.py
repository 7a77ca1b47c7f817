"""serve: the models one worker serves, held in one swappable registry.

A request takes the registry's pipeline once and uses it to the end, so a swap (a reload
after a model file was replaced) never mixes two models in one answer and never waits for
requests in flight: they finish on the pipeline they started with.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from nlptk.pipeline import Pipeline

__all__ = ["ModelRegistry"]


class ModelRegistry:
    """The current ``Pipeline`` of a worker, built by ``build`` and replaceable.

    Parameters
    ----------
    build : callable
        Makes a new ``Pipeline`` (models read from disk); called by ``load`` and ``reload``.
    """

    def __init__(self, build: Callable[[], Pipeline]) -> None:
        self._build = build
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()
        self.generation = 0
        self.loaded_at: float | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline to serve a request with (``load`` first)."""
        if self._pipeline is None:
            raise RuntimeError("the model registry is not loaded")
        return self._pipeline

    def swap(self, pipeline: Pipeline) -> None:
        """Serve ``pipeline`` from the next request on."""
        with self._lock:
            self._pipeline = pipeline
            self.generation += 1
            self.loaded_at = time.time()

    def load(self) -> ModelRegistry:
        """Build the pipeline and load every model it may need, then serve it."""
        self.swap(self._build().preload())
        return self

    reload = load  # a reload is a load that replaces: requests in flight keep the old one

    def describe(self) -> dict[str, Any]:
        """What ``GET /models`` answers: the tasks, their models, and this load's number."""
        return {
            **self.pipeline.describe(),
            "generation": self.generation,
            "loaded_at": self.loaded_at,
        }
