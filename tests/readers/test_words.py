"""Segmented-corpus readers: formats, the fixed 90/10 split, errors naming file and line."""

from pathlib import Path

import pytest

from nlptk.errors import CorpusFormatError, InputError
from nlptk.readers.words import read_pd, read_segmented, split_lines

DATA = Path(__file__).resolve().parents[1] / "data" / "seg"


def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "corpus.txt"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_words_read_pd_keeps_full_width_characters():
    line_no, pairs = next(read_pd(str(DATA / "tiny_pd.txt")))
    assert line_no == 1
    assert pairs[0] == ("我", "r")
    tagged = dict(p for _, ps in read_pd(str(DATA / "tiny_pd.txt")) for p in ps)
    assert tagged["１９９８年"] == "t"


@pytest.mark.parametrize(
    ("text", "line_no"),
    [("我/r  来到/v\n北京 大学/n\n", 2), ("\n\n我/r  /w\n", 3)],
)
def test_words_read_pd_malformed_line_names_file_and_line(tmp_path, text, line_no):
    path = _write(tmp_path, text)
    with pytest.raises(CorpusFormatError) as exc:
        list(read_pd(path))
    assert exc.value.line_no == line_no
    assert str(exc.value).startswith(f"{path}:{line_no}: expected word/TAG tokens")


@pytest.mark.parametrize(
    ("split", "lines"),
    [("all", [1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12]), ("train", [1, 2, 4, 5, 6, 7, 8, 9, 10])],
)
def test_words_split_counts_non_empty_lines(split, lines):
    path = str(DATA / "tiny_pd.txt")
    assert [n for n, _ in split_lines(path, read_pd(path), split)] == lines


def test_words_split_test_is_the_rest():
    path = str(DATA / "tiny_pd.txt")
    # 11 non-empty lines: int(11 * 0.9) = 9 train, the last 2 test.
    assert [n for n, _, _ in read_segmented(path, "pd", "test")] == [11, 12]


def test_words_read_segmented_words_format_keeps_empty_lines():
    rows = list(read_segmented(str(DATA / "tiny_gold.txt"), "words"))
    assert [(n, len(w), t) for n, w, t in rows] == [
        (1, 5, None),
        (2, 8, None),
        (3, 0, None),
        (4, 7, None),
    ]


@pytest.mark.parametrize(("fmt", "split"), [("conll", "all"), ("pd", "dev")])
def test_words_read_segmented_rejects_unknown_choices(fmt, split):
    with pytest.raises(InputError, match="choose one of"):
        list(read_segmented(str(DATA / "tiny_pd.txt"), fmt, split))
