"""Sub-token windows from a real (tiny) WordPiece tokenizer."""

import pytest

pytestmark = pytest.mark.bert


@pytest.fixture(scope="module")
def tokenizer(tiny_bert):
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(tiny_bert)


@pytest.mark.parametrize("n_words", [1, 5, 40])
def test_encode_first_subtoken_of_every_unit(tokenizer, n_words):
    from nlptk.bert.encode import encode_units

    words = ("Alice went to New York " * 10).split()[:n_words]
    windows = encode_units(tokenizer, [words], max_length=12, stride=4)
    assert all(len(w.ids) <= 12 for w in windows)
    assert {u for w in windows for u in w.units} == set(range(n_words))
    for w in windows:
        assert w.ids[0] == tokenizer.cls_token_id and w.ids[-1] == tokenizer.sep_token_id
        for pos, unit in zip(w.positions, w.units, strict=True):
            assert w.ids[pos] == tokenizer(words[unit], add_special_tokens=False)["input_ids"][0]


@pytest.mark.parametrize("case_types", [False, True])
def test_encode_case_types_mark_capitals(tokenizer, case_types):
    from nlptk.bert.encode import encode_units

    (w,) = encode_units(tokenizer, [["Alice", "went"]], 32, 4, case_types)
    if not case_types:
        assert w.types == []
    else:
        assert len(w.types) == len(w.ids)
        assert w.types[w.positions[0]] == 1 and w.types[w.positions[1]] == 0
        assert w.types[0] == w.types[-1] == 0


def test_encode_texts_windows_long_text(tokenizer):
    from nlptk.bert.encode import encode_texts

    windows = encode_texts(tokenizer, ["the film " * 30, ""], max_length=16, stride=4)
    assert {w.example for w in windows} == {0, 1}
    assert sum(w.example == 0 for w in windows) > 1
    assert all(len(w.ids) <= 16 for w in windows)
