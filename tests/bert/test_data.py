"""Reading BERT training data through the task readers, in their formats (no torch needed)."""

import pytest

from nlptk.cli.bert import load_examples
from nlptk.errors import CorpusFormatError, InputError


@pytest.mark.parametrize(
    ("text", "fmt", "tags"),
    [
        (
            "EU\tB-ORG\nrejects\tO\nPeter\tB-PER\nBlackburn\tI-PER\n",
            "conll",
            ["S-ORG", "O", "B-PER", "E-PER"],
        ),
        ("北\tB-LOC\n京\tE-LOC\n", "bioes", ["B-LOC", "E-LOC"]),
        ("江/nr 泽民/nr 在/p 北京/ns\n", "pd", ["B-PER", "I-PER", "E-PER", "O", "B-LOC", "E-LOC"]),
    ],
)
def test_data_ner_to_bioes(tmp_path, text, fmt, tags):
    path = tmp_path / "d.conll"
    path.write_text(text, encoding="utf-8")
    ex = load_examples("ner", str(path), fmt)
    assert ex.labels == [tags]


@pytest.mark.parametrize(("split", "n"), [("all", 10), ("train", 9), ("test", 1)])
def test_data_split_is_the_project_split(tmp_path, split, n):
    path = tmp_path / "reviews.sst"
    path.write_text("".join(f"{i % 2} film {i}\n" for i in range(10)), encoding="utf-8")
    ex = load_examples("sentiment", str(path), "sst", split)
    assert len(ex.inputs) == n
    assert ex.inputs[-1] == ("film 8" if split == "train" else "film 9")


@pytest.mark.parametrize("repair", [False, True])
def test_data_repair_tags_as_train_ner(tmp_path, repair):
    path = tmp_path / "weibo.bio"
    path.write_text("O\tO\n张\tI-PER\n三\tI-PER\n", encoding="utf-8")
    if not repair:
        with pytest.raises(CorpusFormatError, match=":2: ill-formed BIO") as err:
            load_examples("ner", str(path), "bio")
        assert "--repair-tags" in err.value.hint
    else:
        assert load_examples("ner", str(path), "bio", repair=True).labels == [
            ["O", "B-PER", "E-PER"]
        ]


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
        ("ner", "conll", "Alice\tI-PER\nx\tO\n", CorpusFormatError, ":1: ill-formed BIO"),
        ("ner", "pd", "江/nr 泽民\n", CorpusFormatError, ":1: expected word/TAG"),
        ("ner", "conll", "Alice\tB-PER\nsmiles\n", CorpusFormatError, ":2: expected"),
        ("sentiment", "sst", "7 great film\n", CorpusFormatError, ":1: label '7'"),
        ("sentiment", "csv", "1 great\n", InputError, "choose one of tsv, sst"),
        ("ner", "iob", "a\tO\n", InputError, "choose one of conll, pd, bio, bioes, bmes"),
        ("segment", "words", "\n\n", InputError, "no examples"),
    ],
)
def test_data_errors_name_the_line(tmp_path, task, fmt, text, error, message):
    path = tmp_path / "bad.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(error, match=message):
        load_examples(task, str(path), fmt)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"learning_rate": float("nan")}, "learning_rate: expected a finite number > 0, got nan"),
        ({"warmup_ratio": float("inf")}, "warmup_ratio: expected a finite number >= 0"),
        ({"weight_decay": -1.0}, "weight_decay: expected a finite number >= 0"),
    ],
)
def test_data_train_refuses_non_finite_hyper_parameters(tmp_path, params, message):
    """Checked before torch is imported or the data read; nothing is written."""
    from nlptk.cli.bert import train_files as train

    with pytest.raises(InputError, match=message):
        train("sentiment", str(tmp_path / "none.tsv"), tmp_path / "m", model="none", **params)
    assert not (tmp_path / "m").exists()
