"""Reading BERT training data in nlptk's formats (no torch needed)."""

import pytest

from nlptk.errors import CorpusFormatError, InputError
from nlptk.tasks.bert.data import load_examples


@pytest.mark.parametrize(
    ("text", "scheme", "tags"),
    [
        (
            "EU\tB-ORG\nrejects\tO\nPeter\tB-PER\nBlackburn\tI-PER\n",
            "bio",
            ["S-ORG", "O", "B-PER", "E-PER"],
        ),
        ("北\tB-LOC\n京\tE-LOC\n", "bioes", ["B-LOC", "E-LOC"]),
    ],
)
def test_data_ner_to_bioes(tmp_path, text, scheme, tags):
    path = tmp_path / "d.conll"
    path.write_text(text, encoding="utf-8")
    ex = load_examples("ner", str(path), "conll", scheme)
    assert ex.labels == [tags]
    assert ex.unit == ("char" if scheme == "bioes" else "word")


@pytest.mark.parametrize(
    ("fmt", "text"), [("words", "我 来到 北京\n\n"), ("pd", "我/r 来到/v 北京/ns\n")]
)
def test_data_segment_bmes(tmp_path, fmt, text):
    path = tmp_path / "seg.txt"
    path.write_text(text, encoding="utf-8")
    ex = load_examples("segment", str(path), fmt)
    assert ex.inputs == [list("我来到北京")]
    assert ex.labels == [["S", "B", "E", "B", "E"]]


@pytest.mark.parametrize(
    ("task", "fmt", "text", "error", "message"),
    [
        ("ner", "conll", "Alice\tI-PER\nx\tO\n", CorpusFormatError, ":1: not BIO"),
        ("ner", "conll", "Alice\tB-PER\nsmiles\n", CorpusFormatError, ":2: expected"),
        ("sentiment", "sst", "7 great film\n", CorpusFormatError, ":1: label '7'"),
        ("sentiment", "csv", "1 great\n", InputError, "choose one of tsv, sst"),
        ("segment", "words", "\n\n", InputError, "no examples"),
    ],
)
def test_data_errors_name_the_line(tmp_path, task, fmt, text, error, message):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        load_examples(task, str(path), fmt, "bio")
