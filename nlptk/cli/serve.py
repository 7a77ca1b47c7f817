"""cli: ``nlptk serve`` — the pipeline as an HTTP service with a page (``nlptk.serve``)."""

from __future__ import annotations

import importlib.util
from typing import Annotated

import typer

from nlptk.cli.analyze import (
    KeywordsMethod,
    Lang,
    NerEngine,
    NerModel,
    NerTypes,
    PosModel,
    SegModel,
    SentimentMethod,
    SentimentModel,
    Tasks,
    TopK,
    UserDict,
)
from nlptk.errors import NlptkError
from nlptk.pipeline.pipeline import POS_MODEL, SEG_MODEL


def serve_cli(
    host: Annotated[
        str,
        typer.Option("--host", help="Address to listen on; 0.0.0.0 opens it to the network."),
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=0, max=65535, help="TCP port.")] = 8000,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Worker processes, each with its models.")
    ] = 1,
    tasks: Tasks = "seg,pos,ner,sentiment,keywords",
    seg_model: SegModel = SEG_MODEL,
    pos_model: PosModel = POS_MODEL,
    ner_engine: NerEngine = "perceptron",
    ner_model: NerModel = None,
    lang: Lang = "auto",
    types: NerTypes = None,
    sentiment_method: SentimentMethod = None,
    sentiment_model: SentimentModel = None,
    keywords_method: KeywordsMethod = "tfidf",
    top_k: TopK = 10,
    user_dict: UserDict = None,
    max_body: Annotated[
        int, typer.Option("--max-body", min=1, help="Largest request body, in bytes (413).")
    ] = 1 << 20,
    max_texts: Annotated[
        int, typer.Option("--max-texts", min=1, help="Most texts in one request (422).")
    ] = 64,
    max_chars: Annotated[
        int, typer.Option("--max-chars", min=1, help="Most characters in one text (422).")
    ] = 20_000,
    grace: Annotated[
        float,
        typer.Option("--grace", min=0.0, help="Seconds requests in flight get after SIGTERM."),
    ] = 30.0,
    access_log: Annotated[
        bool, typer.Option("--access-log", help="Log each request on stderr.")
    ] = False,
) -> None:
    """Serve the pipeline over HTTP: POST /segment /pos /ner /sentiment /keywords (one
    text), POST /analyze (a batch), GET /health, GET /models, /docs, and a page at /.

    Example: nlptk serve --port 8000 &  curl -s localhost:8000/ner -d '{"text": "李鹏在上海"}'
    """
    from nlptk.serve.limits import Limits

    if any(importlib.util.find_spec(m) is None for m in ("fastapi", "uvicorn")):
        raise NlptkError(
            "nlptk serve needs FastAPI and uvicorn; install them with: pip install 'nlptk[serve]'"
        )
    from nlptk.serve.run import ServeConfig, serve

    pipeline = {
        "tasks": tasks,
        "seg_model": seg_model,
        "pos_model": pos_model,
        "ner_engine": ner_engine,
        "ner_model": ner_model,
        "lang": lang,
        "types": None if types is None else sorted(t.strip() for t in types.split(",") if t),
        "sentiment_method": sentiment_method,
        "sentiment_model": sentiment_model,
        "keywords_method": keywords_method,
        "top_k": top_k,
        "user_dicts": user_dict or [],
    }
    limits = Limits(max_body, max_texts, max_chars)
    serve(ServeConfig(host, port, workers, pipeline, limits, grace, access_log))
