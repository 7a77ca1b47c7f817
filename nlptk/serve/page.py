"""serve: the pages — ``/`` (paste text, pick tasks, see the analysis) and ``/docs`` (the
OpenAPI description as a plain page) — and the assets they load, all from the package, so
they work offline."""

from __future__ import annotations

import json
from dataclasses import asdict
from html import escape
from importlib.resources import files
from typing import Any

from nlptk.doc import COLOURS, legend
from nlptk.serve.limits import Limits

__all__ = ["index_page", "docs_page", "asset", "ASSETS"]

#: The files ``/static/NAME`` serves from this package, with their media types.
ASSETS = {"page.js": "text/javascript; charset=utf-8", "page.css": "text/css; charset=utf-8"}

_TASK_NAMES = {
    "seg": "words",
    "pos": "POS tags",
    "ner": "entities",
    "sentiment": "sentiment",
    "keywords": "keywords",
}


def asset(name: str) -> tuple[bytes, str] | None:
    """The bytes and media type of a shipped asset, ``None`` for any other name."""
    if name not in ASSETS:
        return None
    return files("nlptk.serve").joinpath(name).read_bytes(), ASSETS[name]


def index_page(tasks: tuple[str, ...], limits: Limits) -> str:
    """The page at ``/``: a text box, a check box per task the server runs, the legend of
    every entity colour, and an empty result area that ``page.js`` fills from ``/render``."""
    boxes = "".join(
        f'<label><input type="checkbox" name="task" value="{t}"'
        f"{' checked' if t in ('seg', 'pos', 'ner') else ''}> {_TASK_NAMES[t]}</label>"
        for t in tasks
    )
    template = files("nlptk.serve").joinpath("page.html").read_text(encoding="utf-8")
    return (
        template.replace("{{tasks}}", boxes)
        .replace("{{legend}}", legend(COLOURS))
        .replace("{{limits}}", escape(json.dumps(asdict(limits))))
    )


def docs_page(schema: dict[str, Any]) -> str:
    """``/docs``: each operation of the OpenAPI schema with its summary and request body
    schema, and a link to ``/openapi.json`` (FastAPI's own pages need a CDN)."""
    rows = []
    for path, ops in schema.get("paths", {}).items():
        for method, op in ops.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
            ref = body.get("schema", {}).get("$ref", "").rsplit("/", 1)[-1]
            shape = schema.get("components", {}).get("schemas", {}).get(ref)
            rows.append(
                f"<section><h2><code>{method.upper()} {escape(path)}</code></h2>"
                f"<p>{escape(op.get('summary', ''))}</p>"
                f"<p>{escape(op.get('description', ''))}</p>"
                + (f"<pre>{escape(json.dumps(shape, indent=2))}</pre>" if shape else "")
                + f"<p>responses: {', '.join(escape(c) for c in op.get('responses', {}))}</p>"
                "</section>"
            )
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8"><title>nlptk API</title>'
        '<link rel="stylesheet" href="/static/page.css"></head><body class="nlptk">'
        f"<h1>{escape(schema['info']['title'])} {escape(schema['info']['version'])} API</h1>"
        '<p>The OpenAPI description: <a href="/openapi.json">/openapi.json</a>.</p>'
        + "".join(rows)
        + "</body></html>"
    )
