"""The service against a live server on 127.0.0.1: every endpoint, every error path,
concurrent requests. A real HTTP client (``http.client``) on real sockets."""

from __future__ import annotations

import contextlib
import http.client
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

SENTENCE = "江泽民在北京会见了克林顿。"
ENTITIES = [("江泽民", "PER", 0, 3), ("北京", "LOC", 4, 6), ("克林顿", "PER", 9, 12)]
TAGGED = "江泽民/nr 在/p 北京/ns 会见/v 了/u 克林顿/nr 。/w"


def _ents(doc: dict) -> list[tuple]:
    return [(e["text"], e["label"], e["start"], e["end"]) for e in doc["entities"]]


def _tagged(doc: dict) -> str:
    return " ".join(f"{t['word']}/{t['tag']}" for t in doc["tokens"])


def test_service_health(server):
    status, body = server.json("GET", "/health")
    assert status == 200 and body["status"] == "ok" and body["pid"] == server.proc.pid


def test_service_models(server):
    status, body = server.json("GET", "/models")
    assert status == 200
    assert body["tasks"] == ["seg", "pos", "ner", "sentiment", "keywords"]
    assert body["seg"] == {"model": "zh-seg"}
    assert body["pos"] == {"model": "pos-zh"}
    assert body["ner"]["engine"] == "perceptron"
    assert body["limits"] == {"max_body": 8192, "max_texts": 4, "max_chars": 300}
    assert body["generation"] == 1


def test_service_segment_equals_the_segmenter(server):
    from nlptk.segment import Segmenter

    text = "我来到北京清华大学 and New York，真好"
    status, doc = server.json("POST", "/segment", {"text": text})
    expected = [(t.text, t.start, t.end) for t in Segmenter.load("zh-seg").tokenize(text)]
    assert status == 200
    assert [(t["word"], t["start"], t["end"]) for t in doc["tokens"]] == expected
    assert all(t["tag"] is None for t in doc["tokens"])
    assert doc["entities"] is None and doc["sentiment"] is None and doc["keywords"] is None


@pytest.mark.parametrize(
    ("path", "check"),
    [
        ("/pos", lambda d: _tagged(d) == TAGGED and d["entities"] is None),
        ("/ner", lambda d: _ents(d) == ENTITIES and d["tokens"] is None),
        ("/sentiment", lambda d: d["sentiment"]["label"] in ("positive", "negative", "neutral")),
        ("/keywords", lambda d: [k["word"] for k in d["keywords"]][:2] == ["克林顿", "江泽民"]),
    ],
)
def test_service_task_endpoints(server, path, check):
    status, doc = server.json("POST", path, {"text": SENTENCE})
    assert status == 200 and doc["text"] == SENTENCE and check(doc), doc


def test_service_sentiment_known_answer(server):
    status, doc = server.json("POST", "/sentiment", {"text": "房间不干净，早餐太差了！"})
    assert status == 200 and doc["sentiment"]["label"] == "negative"


def test_service_analyze_batch_in_order(server):
    texts = [SENTENCE, "", "Peter Blackburn visited Germany.", "我来到北京清华大学"]
    status, body = server.json("POST", "/analyze", {"texts": texts, "tasks": ["pos", "ner"]})
    assert status == 200
    docs = body["docs"]
    assert [d["text"] for d in docs] == texts
    assert _tagged(docs[0]) == TAGGED and _ents(docs[0]) == ENTITIES
    assert docs[1]["tokens"] == [] and docs[1]["entities"] == []
    assert ("Peter Blackburn", "PER", 0, 15) in _ents(docs[2])
    assert _ents(docs[3]) == [("北京清华大学", "ORG", 3, 9)]
    assert all(d["sentiment"] is None and d["keywords"] is None for d in docs)


def test_service_analyze_default_is_every_task(server):
    status, body = server.json("POST", "/analyze", {"texts": [SENTENCE]})
    doc = body["docs"][0]
    assert status == 200 and all(doc[k] is not None for k in ("tokens", "entities", "sentiment"))
    assert doc["keywords"]


def test_service_render_is_the_html_rendering(server):
    from nlptk.doc import Doc, legend, render_doc

    status, body = server.json("POST", "/analyze", {"texts": [SENTENCE], "tasks": ["pos", "ner"]})
    doc = Doc.from_dict(body["docs"][0])
    status, rendered = server.json(
        "POST", "/render", {"texts": [SENTENCE], "tasks": ["pos", "ner"]}
    )
    assert status == 200
    assert rendered == {"html": render_doc(doc), "legend": legend(["PER", "LOC"])}


def test_service_page_and_assets_are_local(server):
    status, headers, page = server.request("GET", "/")
    html = page.decode()
    assert status == 200 and headers["content-type"].startswith("text/html")
    refs = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert refs and all(r.startswith("/") for r in refs), refs  # nothing from elsewhere
    for ref in {r for r in refs if r.startswith("/static/")}:
        status, headers, data = server.request("GET", ref)
        assert status == 200 and data, ref
    status, headers, js = server.request("GET", "/static/page.js")
    assert headers["content-type"].startswith("text/javascript") and b"/render" in js


def test_service_openapi_and_docs(server):
    status, schema = server.json("GET", "/openapi.json")
    assert status == 200
    paths = set(schema["paths"])
    assert {"/segment", "/pos", "/ner", "/sentiment", "/keywords", "/analyze", "/render"} <= paths
    assert {"/health", "/models"} <= paths
    props = schema["components"]["schemas"]["BatchIn"]["properties"]
    assert props["texts"]["maxItems"] == 4 and props["texts"]["items"]["maxLength"] == 300
    status, headers, page = server.request("GET", "/docs")
    assert status == 200 and b"POST /analyze" in page and b"cdn" not in page.lower()


@pytest.mark.parametrize(
    ("method", "path", "body", "raw", "headers", "status", "detail"),
    [
        ("POST", "/analyze", None, b"{bad", {"content-type": "application/json"}, 422, "JSON"),
        ("POST", "/analyze", None, b'{"texts": ["a"]}', {}, 422, "Content-Type"),
        ("POST", "/ner", {"txt": "a"}, None, None, 422, "missing"),
        ("POST", "/ner", {"text": 5}, None, None, 422, "string"),
        ("POST", "/analyze", {"texts": []}, None, None, 422, "at least 1"),
        ("POST", "/analyze", {"texts": ["a"] * 5}, None, None, 422, "at most 4"),
        ("POST", "/analyze", {"texts": ["长" * 301]}, None, None, 422, "at most 300"),
        ("POST", "/ner", {"text": "长" * 301}, None, None, 422, "at most 300"),
        ("POST", "/analyze", {"texts": ["a"], "tasks": ["parse"]}, None, None, 422, "'seg'"),
        ("POST", "/analyze", {"texts": ["a"], "tasks": []}, None, None, 422, "at least 1"),
        ("POST", "/analyze", {"texts": ["a" * 200] * 4, "x": "y" * 8000}, None, None, 413, "8192"),
        ("GET", "/analyze", None, None, None, 405, "Not Allowed"),
        ("GET", "/nothing", None, None, None, 404, "Not Found"),
        ("GET", "/static/../app.py", None, None, None, 404, "Not Found"),
        ("GET", "/static/app.py", None, None, None, 404, "no asset"),
    ],
)
def test_service_error_paths(server, method, path, body, raw, headers, status, detail):
    got, hdrs, data = server.request(method, path, body, headers=headers, raw=raw)
    assert got == status, data[:300]
    assert hdrs["content-type"].startswith("application/json")
    assert detail in json.dumps(json.loads(data)["detail"], ensure_ascii=False)
    assert b"Traceback" not in data


def test_service_chunked_body_over_the_limit_is_413(server):
    """No Content-Length: the body is counted as it arrives, and refused once past the
    limit (the server may answer before the client has sent the rest)."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    try:
        chunks = (b'{"texts": ["' + b"a" * 1000 + b'"]}' for _ in range(12))
        headers = {"content-type": "application/json", "transfer-encoding": "chunked"}
        # the answer may come first; it is still there to read
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            conn.request("POST", "/analyze", body=chunks, encode_chunked=True, headers=headers)
        resp = conn.getresponse()
        assert resp.status == 413 and b"8192" in resp.read()
    finally:
        conn.close()


def test_service_concurrent_requests(server):
    """16 clients at once, each its own connection: every answer right and in order."""
    texts = [SENTENCE, "我来到北京清华大学", "Peter Blackburn visited Germany.", "李鹏在上海"]
    status, expected = server.json("POST", "/analyze", {"texts": texts, "tasks": ["pos", "ner"]})

    def one(i: int) -> tuple[int, object]:
        order = texts[i % 4 :] + texts[: i % 4]
        status, body = server.json("POST", "/analyze", {"texts": order, "tasks": ["pos", "ner"]})
        return status, [body["docs"][(j - i % 4) % 4] for j in range(4)]

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(one, range(64)))
    assert all(s == 200 for s, _ in results)
    assert all(docs == expected["docs"] for _, docs in results)


def test_service_health_answers_while_analysing(server):
    """The analysis runs off the event loop: /health answers during a stream of batches."""
    batch = {"texts": ["江泽民在北京会见了克林顿。" * 20] * 4}
    with ThreadPoolExecutor(8) as pool:
        busy = [pool.submit(server.json, "POST", "/analyze", batch) for _ in range(8)]
        status, body = server.json("GET", "/health", timeout=10)
        assert status == 200 and body["status"] == "ok"
        assert all(f.result()[0] == 200 for f in busy)
