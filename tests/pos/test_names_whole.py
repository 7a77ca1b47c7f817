"""Names whole for POS: ``nlptk train pos --names whole`` reads People's Daily's surname +
given name as one ``nr`` word and records it in ``meta.json``; ``nlptk eval pos --names``
scores against gold read either way."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.pos.perceptron import PerceptronTagger

runner = CliRunner()

_LINES = [
    "江/nr  泽民/nr  会见/v  李/nr  鹏/nr  。/w",
    "主席/n  江/nr  泽民/nr  讲话/v  。/w",
    "李/nr  鹏/nr  会见/v  克林顿/nr  。/w",
    "他/r  会见/v  江/nr  泽民/nr  。/w",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("posnames") / "names.txt"
    path.write_text("\n".join(_LINES * 10) + "\n", encoding="utf-8")
    return path


def _train(corpus: Path, out: Path, names: str) -> dict:
    args = ["train", "pos", "--data", str(corpus), "--split", "train", "-o", str(out)]
    args += ["--names", names, "--epochs", "2", "--tagdict-min", "2", "--max-rows", "3000"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "meta.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("names", "held_out_words"), [("whole", 16), ("split", 21)])
def test_train_pos_names_recorded_and_read(corpus, tmp_path, names, held_out_words):
    out = tmp_path / names
    meta = _train(corpus, out, names)
    assert meta["params"]["names"] == names
    assert PerceptronTagger.load(out).params["names"] == names
    tagdict = json.loads((out / "tagdict.json").read_text(encoding="utf-8"))
    assert ("江泽民" in tagdict, "泽民" in tagdict) == (names == "whole", names == "split")
    # the held-out 10% is the last copy of _LINES: 21 words, 16 with the 5 names whole
    assert meta["data"]["sentences"] == 36
    assert meta["metrics"]["held_out"]["names.txt"]["words"] == held_out_words


def test_eval_pos_names_whole_reads_the_gold_whole(corpus, tmp_path):
    out = tmp_path / "whole"
    _train(corpus, out, "whole")
    scores = {}
    for names in ("split", "whole"):
        args = ["eval", "pos", "--gold", str(corpus), "--split", "test", "--model", str(out)]
        result = runner.invoke(app, [*args, "--names", names, "--format", "pd"])
        assert result.exit_code == 0, result.output
        scores[names] = json.loads(result.stdout)
    assert scores["whole"]["data"]["names"] == "whole"
    assert scores["whole"]["data"]["words"] == 16 and scores["split"]["data"]["words"] == 21
    assert scores["whole"]["accuracy"] == 1.0


def test_train_pos_bad_names_is_a_usage_error(corpus, tmp_path):
    args = ["train", "pos", "--data", str(corpus), "--names", "joined", "-o", str(tmp_path / "m")]
    result = runner.invoke(app, args)
    assert result.exit_code == 2 and "split" in result.output and "whole" in result.output
