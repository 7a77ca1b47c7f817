"""serve: starting the server — uvicorn over ``create_app``, one process or ``workers``
processes, each loading its own ``ModelRegistry`` once.

uvicorn starts its workers by spawning fresh interpreters, so a worker learns what to
serve from ``NLPTK_SERVE_CONFIG`` (this ``ServeConfig`` as JSON) through ``app_from_env``.
On SIGTERM (or Ctrl-C) uvicorn stops accepting connections, lets the requests in flight
finish (up to ``grace`` seconds) and exits 0.
"""

from __future__ import annotations

import json
import os
import signal
import socket
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from nlptk.errors import NlptkError
from nlptk.serve.limits import Limits

__all__ = ["ServeConfig", "ENV", "app_from_env", "check_address", "serve"]

#: The environment variable that carries the ``ServeConfig`` to spawned workers.
ENV = "NLPTK_SERVE_CONFIG"


@dataclass(frozen=True)
class ServeConfig:
    """What ``nlptk serve`` serves and how: ``pipeline`` holds ``Pipeline``'s arguments."""

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    pipeline: dict[str, Any] = field(default_factory=dict)
    limits: Limits = Limits()
    grace: float = 30.0
    access_log: bool = False

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> ServeConfig:
        data = json.loads(text)
        return cls(**{**data, "limits": Limits(**data["limits"])})


def _registry(config: ServeConfig) -> Any:
    from nlptk.pipeline import Pipeline
    from nlptk.serve.registry import ModelRegistry

    return ModelRegistry(lambda: Pipeline(**config.pipeline), model_dirs(config.pipeline))


def model_dirs(pipeline: dict[str, Any]) -> list[Path]:
    """The directories of the models a pipeline configuration names (as given: a symbolic
    link stays one, so switching it to a new directory is a replacement the server sees)."""
    from nlptk.artifacts import resolve_model

    names = (pipeline.get(k) for k in ("seg_model", "pos_model", "ner_model", "sentiment_model"))
    dirs = []
    for name in names:
        if name is not None and name != "jieba":
            try:
                dirs.append(resolve_model(name))
            except NlptkError:
                continue  # not a model directory: the pipeline's own load says why
    return dirs


def app_from_env() -> Any:
    """The application of one spawned worker (uvicorn's ``factory``); its models load at
    start-up, before the worker accepts a connection."""
    from nlptk.serve.app import create_app

    config = ServeConfig.from_json(os.environ[ENV])
    return create_app(_registry(config), config.limits)


def check_address(host: str, port: int) -> None:
    """Raise ``NlptkError`` when ``host:port`` cannot be listened on (in use, no such
    address), before any model is loaded."""
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as exc:
        raise NlptkError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def _stopped(signum: int, frame: object) -> None:
    """SIGTERM after uvicorn's graceful shutdown (it re-raises the signal it caught): the
    server stopped as asked, so the process exits 0."""
    raise SystemExit(0)


def serve(config: ServeConfig) -> None:
    """Run the server until SIGTERM or Ctrl-C. The pipeline is built here first, so a bad
    model name is one error before anything listens; with one worker that pipeline is
    the one served."""
    import uvicorn

    from nlptk.serve.app import create_app

    check_address(config.host, config.port)
    registry = _registry(config).load()
    options: dict[str, Any] = {
        "host": config.host,
        "port": config.port,
        "log_level": "info",
        "access_log": config.access_log,
        "timeout_graceful_shutdown": config.grace,
    }
    signal.signal(signal.SIGTERM, _stopped)
    if config.workers == 1:
        uvicorn.run(create_app(registry, config.limits), **options)
        return
    del registry  # each worker loads its own; this process only supervises
    os.environ[ENV] = config.to_json()
    uvicorn.run("nlptk.serve.run:app_from_env", factory=True, workers=config.workers, **options)
