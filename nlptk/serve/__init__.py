"""serve: ``nlptk serve`` — the pipeline over HTTP: JSON endpoints per task, ``/analyze`` for
a batch of texts, ``/health``, ``/models``, the OpenAPI description, and a page at ``/``
that shows entities, tags, sentiment and keywords as ``nlptk analyze --format html`` does.

Modules: ``registry`` (the swappable models of a worker), ``limits`` (request limits, the
body-size gate), ``app`` (the FastAPI application), ``page`` (the pages and their assets:
``page.html``, ``page.js``, ``page.css``), ``run`` (uvicorn, workers, the config).
Needs the ``serve`` extra: ``pip install "nlptk[serve]"``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_getattr

__all__ = ["ModelRegistry", "Limits", "ServeConfig", "create_app", "serve", "check_address"]

if TYPE_CHECKING:
    from nlptk.serve.app import create_app
    from nlptk.serve.limits import Limits
    from nlptk.serve.registry import ModelRegistry
    from nlptk.serve.run import ServeConfig, check_address, serve

__getattr__ = lazy_getattr(
    __name__,
    {
        "ModelRegistry": "registry",
        "Limits": "limits",
        "ServeConfig": "run",
        "create_app": "app",
        "serve": "run",
        "check_address": "run",
    },
)
