"""serve: the HTTP application — JSON endpoints per task, ``/analyze`` for a batch, the page
at ``/``, ``/health``, ``/models`` and the OpenAPI description — over one worker's
``ModelRegistry``.

FastAPI: the request and response models below are declared once as pydantic types, and
that one declaration both validates a request (a bad one is a JSON 422, never a traceback)
and writes the OpenAPI schema, so the documentation cannot drift from the code. The
analysis itself runs on a worker thread, one at a time (the kernels are CPU-bound and
single-threaded; ``--workers`` adds processes), so the event loop keeps answering
``/health`` and accepting connections while a batch is analysed.

No ``from __future__ import annotations`` here: FastAPI reads the endpoints' annotations
at run time, and the request models are local to ``create_app``.
"""

import os
import time
from contextlib import asynccontextmanager
from dataclasses import asdict
from typing import Annotated, Any, Literal

import anyio
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException

from nlptk import __version__
from nlptk.doc import Doc, legend, render_doc, stylesheet
from nlptk.errors import NlptkError
from nlptk.serve.limits import BodyLimit, Limits
from nlptk.serve.page import asset, docs_page, index_page
from nlptk.serve.registry import ModelRegistry

__all__ = ["create_app", "TASK_ENDPOINTS"]

Task = Literal["seg", "pos", "ner", "sentiment", "keywords"]
#: ``POST /<path>`` → the task it runs on one text.
TASK_ENDPOINTS = {
    "segment": "seg",
    "pos": "pos",
    "ner": "ner",
    "sentiment": "sentiment",
    "keywords": "keywords",
}


class TokenOut(BaseModel):
    word: str
    start: int
    end: int
    tag: str | None


class EntityOut(BaseModel):
    text: str
    label: str
    start: int
    end: int


class SentimentOut(BaseModel):
    label: str
    score: float
    probability: float | None


class KeywordOut(BaseModel):
    word: str
    weight: float


class DocOut(BaseModel):
    """A ``nlptk.doc.Doc``: a field is null when its task was not run."""

    text: str
    tokens: list[TokenOut] | None
    entities: list[EntityOut] | None
    sentiment: SentimentOut | None
    keywords: list[KeywordOut] | None


class DocsOut(BaseModel):
    docs: list[DocOut]


class RenderOut(BaseModel):
    html: str = Field(description="One div.nlptk-doc per text (nlptk.doc.html.render_doc).")
    legend: str = Field(description="The entity types found, with their colours.")


class ErrorOut(BaseModel):
    detail: Any


def _models(limits: Limits) -> tuple[type[BaseModel], type[BaseModel]]:
    """The request bodies, their bounds taken from ``limits`` (and so shown in the schema)."""
    Text = Annotated[str, Field(max_length=limits.max_chars)]

    class TextIn(BaseModel):
        text: Text

    class BatchIn(BaseModel):
        texts: list[Text] = Field(min_length=1, max_length=limits.max_texts)
        tasks: list[Task] | None = Field(
            None, description="Default: every task the server runs.", min_length=1
        )

    return TextIn, BatchIn


ERRORS: dict[int | str, dict[str, Any]] = {
    413: {"model": ErrorOut, "description": "Request body over the size limit."},
    422: {
        "model": ErrorOut,
        "description": "Invalid request: bad JSON, too many texts, a "
        "text too long, or a task this server does not run.",
    },
}


def create_app(registry: ModelRegistry, limits: Limits | None = None, load: bool = True) -> Any:
    """The ASGI application over ``registry`` (loaded at start-up when ``load``), with the
    body limit outermost."""
    limits = limits if limits is not None else Limits()
    TextIn, BatchIn = _models(limits)
    gate = anyio.CapacityLimiter(1)
    started = time.time()

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        if load and registry._pipeline is None:
            registry.load()
        yield

    app = FastAPI(
        title="nlptk",
        version=__version__,
        description="Chinese/English NLP: words, POS tags, entities, sentiment, keywords.",
        docs_url=None,  # FastAPI's pages load their scripts from a CDN: ours is offline
        redoc_url=None,
        lifespan=lifespan,
    )

    # The endpoints return their JSON themselves: the response models document the
    # answers, and checking every token of a large answer against them would cost more
    # than the analysis (``Doc.to_dict`` has the same shape by construction).
    async def run(texts: list[str], tasks: list[str] | None) -> list[Doc]:
        pipeline = registry.pipeline  # kept for the whole request, whatever a reload does
        return await anyio.to_thread.run_sync(pipeline.analyze_batch, texts, tasks, limiter=gate)

    @app.exception_handler(NlptkError)
    async def nlptk_error(request: Request, exc: NlptkError) -> JSONResponse:
        return JSONResponse({"detail": str(exc)}, status_code=422)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        if "json" not in request.headers.get("content-type", ""):
            # not parsed, on purpose: a body without a JSON content type is what a
            # cross-site form post sends to a server on localhost
            detail: Any = "send the body as JSON, with Content-Type: application/json"
        else:
            detail = [{k: e[k] for k in ("loc", "msg", "type") if k in e} for e in exc.errors()]
        return JSONResponse({"detail": detail}, status_code=422)

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> JSONResponse:
        return JSONResponse({"detail": "internal error"}, status_code=500)

    def task_endpoint(path: str, task: str) -> None:
        async def endpoint(body: TextIn) -> JSONResponse:  # type: ignore[valid-type]
            return JSONResponse((await run([body.text], [task]))[0].to_dict())

        endpoint.__name__ = f"{path}_endpoint"
        app.post(
            f"/{path}",
            response_model=DocOut,
            responses=ERRORS,
            summary=f"The {task} task on one text",
            tags=["tasks"],
        )(endpoint)

    for path, task in TASK_ENDPOINTS.items():
        task_endpoint(path, task)

    @app.post("/analyze", response_model=DocsOut, responses=ERRORS, tags=["tasks"])
    async def analyze(body: BatchIn) -> JSONResponse:  # type: ignore[valid-type]
        """Several tasks on a batch of texts: one ``Doc`` per text, in order."""
        return JSONResponse({"docs": [d.to_dict() for d in await run(body.texts, body.tasks)]})

    @app.post("/render", response_model=RenderOut, responses=ERRORS, tags=["page"])
    async def render(body: BatchIn) -> dict:  # type: ignore[valid-type]
        """The page's view of a batch: HTML as ``nlptk analyze --format html`` writes it."""
        docs = await run(body.texts, body.tasks)
        labels = dict.fromkeys(e.label for d in docs for e in d.entities or ())
        return {"html": "".join(map(render_doc, docs)), "legend": legend(labels)}

    @app.get("/health", tags=["service"])
    async def health() -> dict:
        """Liveness: answers while the worker analyses (the work is off the event loop)."""
        return {"status": "ok", "pid": os.getpid(), "uptime_s": round(time.time() - started, 3)}

    @app.get("/models", tags=["service"])
    async def models() -> dict:
        """The tasks this worker runs, their models, the limits, and the load's number."""
        return {**registry.describe(), "limits": asdict(limits), "version": __version__}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def index() -> str:
        return index_page(registry.pipeline.tasks, limits)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    async def docs() -> str:
        return docs_page(app.openapi())

    @app.get("/static/{name}", include_in_schema=False)
    async def static(name: str) -> Response:
        if name == "doc.css":
            return Response(stylesheet(), media_type="text/css; charset=utf-8")
        found = asset(name)
        if found is None:
            raise HTTPException(404, f"no asset {name!r}")
        return Response(found[0], media_type=found[1])

    return BodyLimit(app, limits.max_body)
