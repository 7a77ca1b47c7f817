"""NER data: People's Daily conversion, column formats to BIOES, errors naming the line."""

from __future__ import annotations

import pytest

from nlptk.errors import CorpusFormatError, InputError
from nlptk.ner.data import load_ner_data, pd_sentence
from nlptk.readers.split import take_split


@pytest.mark.parametrize(
    ("pairs", "text", "tags"),
    [
        ([("江", "nr"), ("泽民", "nr"), ("在", "p")], "江泽民在", ["B-PER", "I-PER", "E-PER", "O"]),
        # nr runs broken by punctuation stay separate people
        ([("李", "nr"), ("、", "w"), ("王", "nr")], "李、王", ["S-PER", "O", "S-PER"]),
        # adjacent ns tokens are separate places; nt is an organisation
        (
            [("中国", "ns"), ("北京", "ns"), ("新华社", "nt")],
            "中国北京新华社",
            ["B-LOC", "E-LOC", "B-LOC", "E-LOC", "B-ORG", "I-ORG", "E-ORG"],
        ),
        ([("１２月", "t"), ("中华", "nz")], "１２月中华", ["O"] * 5),
    ],
)
def test_ner_data_pd_sentence(pairs, text, tags):
    chars, got = pd_sentence(pairs)
    assert "".join(chars) == text and got == tags


@pytest.fixture
def write(tmp_path):
    def _write(text: str, name: str = "data.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@pytest.mark.parametrize(
    ("fmt", "text", "tags"),
    [
        ("bio", "李\tB-PER\n鹏\tI-PER\n好\tO\n\n", ["B-PER", "E-PER", "O"]),
        ("bmes", "李\tB-PER\n小\tM-PER\n鹏\tE-PER\n\n", ["B-PER", "I-PER", "E-PER"]),
        ("bioes", "京\tS-LOC\n好\tO\n", ["S-LOC", "O"]),
        (
            "conll",
            "-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nrejects VBZ B-VP O\n",
            ["S-ORG", "O"],
        ),
    ],
)
def test_ner_data_column_formats_become_bioes(write, fmt, text, tags):
    (sent,) = load_ner_data(write(text), fmt, "zh")
    assert sent.tags == tags


@pytest.mark.parametrize(
    ("fmt", "text", "line", "reason"),
    [
        ("bio", "a\tO\nb\tO\n\nc\tO\nd\tI-PER\n", 5, "'I-PER' cannot follow 'O'"),
        ("bioes", "a\tB-PER\nb\tO\n", 2, "expected I-PER or E-PER"),
        ("bioes", "a\tO\nb\tB-PER\n", 3, "never closed"),
        ("bio", "a\tO\nb\tX-PER\n", 2, "not a BIO tag"),
        ("bio", "a\tO\nnotag\n", 2, "expected 'token<TAB>tag' columns"),
    ],
)
def test_ner_data_ill_formed_tags_name_the_line(write, fmt, text, line, reason):
    path = write(text)
    with pytest.raises(CorpusFormatError, match=reason) as info:
        load_ner_data(path, fmt, "zh")
    assert info.value.line_no == line and f"{path}:{line}:" in str(info.value)


def test_ner_data_repair_reads_like_conlleval(write):
    path = write("a\tO\nb\tI-PER\nc\tI-PER\nd\tI-LOC\n")
    (sent,) = load_ner_data(path, "bio", "zh", repair=True)
    assert sent.tags == ["O", "B-PER", "E-PER", "S-LOC"]


@pytest.mark.parametrize(
    ("text", "line", "tag"),
    [
        ("a\tB-\nb\tI-\n", 1, "B-"),
        ("a\tO\nb\tI-PER\nc\tI-\n", 3, "I-"),
        ("a\tI-PER\nb\t-\n", 2, "-"),
    ],
)
def test_ner_data_repair_cannot_read_a_tag_without_type(write, text, line, tag):
    """``--repair-tags`` mends the grammar, not a tag with no type: that stays the same
    one-line data error as without it (no ValueError from deep in the conversion)."""
    path = write(text)
    for repair in (False, True):
        with pytest.raises(CorpusFormatError, match=f"bad tag {tag!r}") as info:
            load_ner_data(path, "bio", "zh", repair=repair)
        assert info.value.line_no == line
        assert info.value.hint is None or "--repair-tags" not in info.value.hint


@pytest.mark.parametrize(
    ("fmt", "lang", "message"),
    [
        ("iob1", "zh", "unknown NER data format 'iob1'; choose one of pd, conll"),
        ("bio", "fr", "unknown language 'fr'"),
        ("pd", "en", "pd .* is Chinese"),
    ],
)
def test_ner_data_bad_arguments(write, fmt, lang, message):
    with pytest.raises(InputError, match=message):
        load_ner_data(write("a\tO\n"), fmt, lang)


def test_ner_data_pd_split_is_first_90_percent_of_lines(write):
    path = write("".join(f"{i}/m  在/p\n\n" for i in range(20)))
    train, test = load_ner_data(path, "pd", "zh", "train"), load_ner_data(path, "pd", "zh", "test")
    assert [s.line_no for s in train] == list(range(1, 37, 2))
    assert [s.line_no for s in test] == [37, 39]
    with pytest.raises(InputError, match="unknown split 'dev'"):
        take_split(train, "dev")
