"""serve: the models one worker serves, held in one swappable registry.

A request takes the registry's pipeline once and uses it to the end, so a swap (a reload
after a model file was replaced) never mixes two models in one answer and never waits for
requests in flight: they finish on the pipeline they started with. The model directories
the pipeline was built from are watched (``nlptk._mapped.ReloadingModel``): once a file in
one is replaced (by rename, or a symbolic link switched to a new directory), the next
request builds a new pipeline from the new files; a failed build (a directory caught half
deployed) keeps serving the old one and says why in ``GET /models``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from nlptk._mapped import ReloadingModel
from nlptk.pipeline import Pipeline

__all__ = ["ModelRegistry"]


class ModelRegistry:
    """The current ``Pipeline`` of a worker, built by ``build`` and replaceable.

    Parameters
    ----------
    build : callable
        Makes a new ``Pipeline`` (models read from disk); called by ``load`` and ``reload``.
    paths : sequence of paths
        The model directories to watch; a replaced file in one rebuilds the pipeline.
    """

    def __init__(self, build: Callable[[], Pipeline], paths: Sequence[str | Path] = ()) -> None:
        self._build = build
        self.paths = list(paths)
        self._watch: ReloadingModel[Pipeline] | None = None
        self._built: Pipeline | None = None  # the watch's newest, swapped in once
        self._pipeline: Pipeline | None = None
        self._lock = threading.Lock()
        self.generation = 0
        self.loaded_at: float | None = None

    @property
    def pipeline(self) -> Pipeline:
        """The pipeline to serve a request with (``load`` first), rebuilt first when a
        watched model file was replaced."""
        if self._watch is not None:
            newest = self._watch.get()
            if newest is not self._built:  # rebuilt from replaced files (a swap stays)
                self._built = newest
                self.swap(newest)
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
        self._watch = ReloadingModel(lambda: self._build().preload(), self.paths)
        self._built = self._watch.get()
        self.swap(self._built)
        return self

    reload = load  # a reload is a load that replaces: requests in flight keep the old one

    def describe(self) -> dict[str, Any]:
        """What ``GET /models`` answers: the tasks, their models, and this load's number."""
        return {
            **self.pipeline.describe(),
            "generation": self.generation,
            "loaded_at": self.loaded_at,
            "reload_error": None
            if self._watch is None or self._watch.error is None
            else str(self._watch.error),
        }
