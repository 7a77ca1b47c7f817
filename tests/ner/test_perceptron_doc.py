"""English document-level NER (feature set ``en-doc``): the document features, two-pass
training and decoding, the documents of CoNLL files, ``nlptk ner`` on separated input, and
an ``en-1`` model saved before ``en-doc`` existed decoding unchanged."""

from __future__ import annotations

import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk.errors import ModelFormatError
from nlptk.ner.data import load_ner_data
from nlptk.ner.document import doc_rows, document_spans, line_documents
from nlptk.ner.perceptron import (
    PASS1_FILE,
    Part,
    PerceptronTagger,
    en_doc_features,
    en_features,
    en_rows,
    train_perceptron_tagger,
)
from nlptk.ner.recognizer import DOC_LINES, Recognizer, _unit_batches, ner_stream
from nlptk.readers.conll import read_conll
from nlptk.sequence.tags import spans_to_bioes

EN1 = Path(__file__).resolve().parents[1] / "data" / "ner" / "en1"

# a story as CoNLL-2003 writes one: a capitals headline, the full name once, then the surname
STORY = [
    "SOCCER - BLACKBURN STRIKER SIGNS FOR LEEDS .",
    "Leeds signed Dutch striker Pierre Hooijdonk from Blackburn on Friday .",
    "Hooijdonk , 26 , joined Blackburn in 1995 .",
]


def _row(doc: list[list[str]], s: int, i: int, history=None) -> list[str]:
    return doc_rows(doc, history)[s][i]


def test_doc_rows_say_what_other_mentions_show():
    doc = [line.split() for line in STORY]
    # BLACKBURN in the headline: capitalised (T) in running text elsewhere, a lone capital
    assert "dc|ctx=T|H|U" in _row(doc, 0, 2)
    assert "dr=S" in _row(doc, 0, 2)  # alone in its run where it is in running text
    # the later Hooijdonk opens its sentence; the earlier one ends a capitalised run
    later = _row(doc, 2, 0)
    assert "dr=E" in later and "dc=T" in later
    # a word's own occurrence is never its evidence: "Friday" occurs once
    assert "dc=-" in _row(doc, 1, 9) and "dr=-" in _row(doc, 1, 9)
    # tokens without a letter get none
    assert _row(doc, 2, 1) == [] and _row(doc, 2, 2) == []


def test_doc_rows_read_the_other_mentions_first_pass_labels():
    doc = [["Blackburn", "won"], ["Blackburn", "lost"], ["Blackburn", "drew"], ["Blackburn"]]
    history = [["S-ORG", "O"], ["S-LOC", "O"], ["S-ORG", "O"], ["S-ORG"]]
    rows = doc_rows(doc, history)
    first, second = rows[0][0], rows[1][0]
    assert "dl=S-LOC" in first and "dl=S-ORG" in first and "dt=ORG" in first
    assert "dp=-" in first  # nothing earlier
    assert "dp=S-ORG" in second and "dl=S-ORG" in second and "dl=S-LOC" not in second
    assert "dp=S-LOC" in rows[2][0]
    # a tie goes to the first type in order, never to the order of the text
    assert "dt=LOC" in doc_rows(doc[:3], history[:3])[0][0]


def test_doc_features_are_deterministic_and_per_document(en_doc_tagger):
    doc = [line.split() for line in STORY]
    local = [en_rows(t, en_doc_tagger.lexicon) for t in doc]
    a = en_doc_features(doc, local, [["O"] * len(t) for t in doc])
    b = en_doc_features(doc, local, [["O"] * len(t) for t in doc])
    assert all((x.ids == y.ids).all() for x, y in zip(a, b, strict=True))
    assert [len(f) for f in a] == [len(t) for t in doc]
    other = [["Mary", "Jones", "visited", "Paris", "."]]
    # a document's tags do not depend on the documents batched with it
    joined = en_doc_tagger.predict(doc + other + doc, [0, 0, 0, 1, 2, 2, 2])
    alone = en_doc_tagger.predict(doc, [5, 5, 5])
    assert joined[:3] == alone == joined[4:]
    assert joined[3] == en_doc_tagger.predict(other)[0]


def test_document_spans_and_line_documents():
    assert document_spans([None, None, 3, 3]) == [(0, 1), (1, 2), (2, 4)]
    assert document_spans([]) == []
    assert line_documents(["a", " ", "b", "-DOCSTART- -X- O", "c"]) == [0, 1, 1, 2, 2]


def _en_docs(n: int, seed: int = 0) -> tuple[list[tuple[list[str], list[str]]], list[int]]:
    """Generated two-sentence documents: a full name, then the surname alone."""
    rng = random.Random(seed)
    first, last = ["John", "Mary", "Peter"], ["Smith", "Jones", "Brown", "Clark"]
    places = ["Germany", "Paris", "Japan"]
    data, docs = [], []
    for d in range(n):
        f, s, p = rng.choice(first), rng.choice(last), rng.choice(places)
        one = [f, s, "visited", p, "."]
        two = [s, "said", "it", "was", "fine", "."]
        data.append((one, spans_to_bioes(5, [(0, 2, "PER"), (3, 4, "LOC")])))
        data.append((two, spans_to_bioes(6, [(0, 1, "PER")])))
        docs += [d, d]
    return data, docs


@pytest.fixture(scope="module")
def en_doc_tagger() -> PerceptronTagger:
    data, docs = _en_docs(60)
    return train_perceptron_tagger(data, "en", epochs=3, bits=14, docs=docs)


def test_en_doc_model_saves_loads_and_decodes_the_same(en_doc_tagger, tmp_path):
    assert en_doc_tagger.documents and en_doc_tagger.first is not None
    path = en_doc_tagger.save(tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    assert meta["features"] == "en-doc"
    assert meta["files"] == ["weights.bin", PASS1_FILE, "lexicon.json"]
    loaded = PerceptronTagger.load(path)
    assert loaded.documents
    data, docs = _en_docs(10, seed=3)
    sentences = [t for t, _ in data]
    assert loaded.predict(sentences, docs) == en_doc_tagger.predict(sentences, docs)
    (path / PASS1_FILE).unlink()
    with pytest.raises(ModelFormatError, match=PASS1_FILE):
        PerceptronTagger.load(path)


def test_en_doc_meta_naming_an_unknown_feature_set_is_refused(en_doc_tagger, tmp_path):
    path = en_doc_tagger.save(tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["features"] = "en-9"
    (path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="features"):
        PerceptronTagger.load(path)


def test_en_model_with_chinese_feature_groups_is_refused(en_doc_tagger, tmp_path):
    """``meta.json`` ``features`` is a set name for English, a list of groups for Chinese
    (``ner-zh``): a list on an English model is not read as either."""
    path = en_doc_tagger.save(tmp_path / "m")
    meta = json.loads((path / "meta.json").read_text(encoding="utf-8"))
    meta["features"] = ["window"]
    (path / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="feature groups are for Chinese models"):
        PerceptronTagger.load(path)


def test_en_doc_training_weighs_each_corpus():
    """Several corpora (``Part``s) reach the en-doc fits: one part of weight 1 is the
    training of before, byte for byte; weight 2 counts every sentence twice."""
    data, docs = _en_docs(30, seed=5)
    kw = {"epochs": 2, "bits": 12, "docs": docs}
    plain = train_perceptron_tagger(data, "en", **kw)
    one = train_perceptron_tagger(data, "en", parts=[Part(len(data))], **kw)
    two = train_perceptron_tagger(data, "en", parts=[Part(len(data), 2.0)], **kw)
    assert plain.documents and two.documents
    assert np.array_equal(plain.model.weights_, one.model.weights_)
    assert np.array_equal(plain.first.weights_, one.first.weights_)
    assert not np.array_equal(plain.model.weights_, two.model.weights_)


def test_en1_model_saved_before_en_doc_decodes_unchanged():
    """tests/data/ner/en1 was trained and run by the code before en-doc (its make.py)."""
    expected = json.loads((EN1 / "expected.json").read_text(encoding="utf-8"))
    tagger = PerceptronTagger.load(EN1 / "model")
    assert not tagger.documents and tagger.first is None
    probe = expected["sentences"]
    assert tagger.predict(probe) == expected["tags"]
    # documents change nothing for an en-1 model
    assert tagger.predict(probe, [0] * len(probe)) == expected["tags"]
    got = [hashlib.sha256(en_features(p, tagger.lexicon).ids.tobytes()).hexdigest() for p in probe]
    assert got == expected["feature_sha256"]


def test_en1_features_can_still_be_trained():
    data, _ = _en_docs(20)
    tagger = train_perceptron_tagger(data, "en", epochs=2, bits=12, features="en-1")
    assert not tagger.documents and tagger.first is None


def test_read_conll_numbers_documents(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(
        "-DOCSTART- -X- -X- O\n\nA x B-PER\n\nB x O\n-DOCSTART- -X- -X- O\nC x O\n\nD x O\n",
        encoding="utf-8",
    )
    sents = list(read_conll(str(path)))
    # a -DOCSTART- line right after a sentence ends it
    assert [(s.tokens, s.doc) for s in sents] == [(["A"], 0), (["B"], 0), (["C"], 1), (["D"], 1)]
    bare = tmp_path / "bare.txt"
    bare.write_text("A x O\n\nB x O\n", encoding="utf-8")
    assert [s.doc for s in load_ner_data(str(bare), "conll", "en")] == [None, None]


def test_unit_batches_keep_documents_whole():
    lines = ["a"] * 5 + [""] + ["b"] * 3 + ["-DOCSTART-"] + ["c"] * 2
    plain = [len(b) for b in _unit_batches(iter(lines), 4)]
    assert plain == [4, 4, 4]
    whole = list(_unit_batches(iter(lines), 4, documents=True))
    assert [len(b) for b in whole] == [6, 4, 2]
    assert whole[0][-1] == "" and whole[1][-1] == "-DOCSTART-"
    long = list(_unit_batches(iter(["x"] * (DOC_LINES + 3)), 4, documents=True))
    assert [len(b) for b in long] == [DOC_LINES, 3]


def test_shipped_en_model_is_document_level():
    rec = Recognizer(lang="auto")
    assert rec.documents()
    assert rec._engines == {}  # asked of meta.json: Chinese text loads no English model
    rec.engine_for("en")
    assert rec.documents()
    assert not Recognizer(lang="zh").documents()
    assert not Recognizer(engine="hmm", lang="en").documents()


#: A document in which the later mention needs the earlier one (the shipped model).
KNOWN = ["Jan Kowalczyk of Poland won the race .", "Kowalczyk said the course was hard ."]


def test_shipped_model_tags_a_later_mention_from_its_document():
    tagger = PerceptronTagger.load("ner-en-conll03-perceptron")
    doc = [s.split() for s in KNOWN]
    together = tagger.predict(doc, [0, 0])
    assert together[0][:2] == ["B-PER", "E-PER"]
    assert together[1][0] == "S-PER"
    assert tagger.predict(doc)[1][0] == "O"  # the same sentence read alone


def _cli_lines(stdin: str, *args: str) -> list[dict]:
    from nlptk.cli.app import app

    result = CliRunner().invoke(app, ["ner", "--lang", "en", *args], input=stdin)
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_cli_reads_documents_between_docstart_and_blank_lines():
    later = "Kowalczyk said the course was hard."
    first = "Jan Kowalczyk of Poland won the race."
    stdin = f"-DOCSTART-\n{first}\n{later}\n-DOCSTART-\n{later}\n\n{later}\n"
    out = _cli_lines(stdin)
    assert [o["text"] for o in out] == stdin.splitlines()  # one output line per input line
    found = [[(e["text"], e["label"]) for e in o["entities"]] for o in out]
    assert found == [
        [],  # -DOCSTART- finds nothing
        [("Jan Kowalczyk", "PER"), ("Poland", "LOC")],
        [("Kowalczyk", "PER")],  # its document named him in full
        [],
        [],  # a new document: read alone
        [],
        [],
    ]


def test_stream_keeps_documents_whole_whatever_the_batch():
    lines = ["-DOCSTART-", *(s.replace(" .", ".") for s in KNOWN)] * 3 + ["", KNOWN[1]]
    rec = Recognizer(lang="en")
    whole = "".join(ner_stream(rec, lines, batch_size=256))
    assert "".join(ner_stream(rec, lines, batch_size=1)) == whole
    assert whole.count('"label": "PER"') == 3 * 2


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "f1", "per_type"),
    [
        ("valid.txt", 0.9307, {"LOC": 0.9575, "MISC": 0.8896, "ORG": 0.8915, "PER": 0.9521}),
        ("test.txt", 0.8720, {"LOC": 0.9035, "MISC": 0.7942, "ORG": 0.8190, "PER": 0.9240}),
    ],
)
def test_shipped_en_model_figures(shared_data, name, f1, per_type):
    """The model card's dev (testa) and test (testb) figures, from ``nlptk eval ner``'s path."""
    from nlptk.ner.evaluate import evaluate_ner

    result = evaluate_ner(str(shared_data / "ner/conll2003" / name), "conll", "en")
    assert result["model"] == "ner-en-conll03-perceptron"
    assert round(result["micro"]["f1"], 4) == f1
    assert {t: round(s["f1"], 4) for t, s in result["per_type"].items()} == per_type


def test_recognizer_reads_each_text_alone_unless_told_documents():
    """The API (and so ``nlptk analyze``, ``serve``, Spark) keeps each text its own
    document: a batch of unrelated texts must not change one another's entities."""
    rec = Recognizer(lang="en")
    lines = [s.replace(" .", ".") for s in KNOWN]
    alone = rec.entities_batch(lines)
    assert alone[1] == [] and alone == [rec.entities(line) for line in lines]
    joined = rec.entities_batch(lines, documents=True)
    assert [(e.text, e.label) for e in joined[1]] == [("Kowalczyk", "PER")]
    assert [a.entities for a in rec.analyze(lines, documents=True)] == joined
    # a separator line finds nothing only when the lines are read as documents
    assert rec.entities_batch(["-DOCSTART-"], documents=True) == [[]]


def test_cli_reads_plain_text_line_by_line():
    """Without a leading -DOCSTART- line each line is its own document (and the stream
    keeps its batches of 256 lines), blank lines or not."""
    lines = [s.replace(" .", ".") for s in KNOWN]
    for stdin in ("\n".join(lines) + "\n", f"\n{lines[0]}\n{lines[1]}\n-DOCSTART-\n"):
        out = _cli_lines(stdin)
        assert len(out) == len(stdin.splitlines())
        assert all(e["text"] != "Kowalczyk" for o in out for e in o["entities"])
    rec = Recognizer(lang="en")
    sizes = [chunk.count("\n") for chunk in ner_stream(rec, ["x"] * 300 + ["", "x"])]
    assert sizes == [256, 46]
