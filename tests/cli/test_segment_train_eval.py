"""``nlptk train segment`` and ``nlptk eval segment``: outputs, exit codes, bad input."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app, main

DATA = Path(__file__).resolve().parents[1] / "data" / "seg"
CORPUS = str(DATA / "tiny_pd.txt")
GOLD = str(DATA / "tiny_gold.txt")

runner = CliRunner()


def run_main(args, monkeypatch, capsys) -> tuple[int, str, str]:
    """Through ``main()``, which turns nlptk errors into one ``Error:`` line."""
    monkeypatch.setattr(sys, "argv", ["nlptk", *args])
    with pytest.raises(SystemExit) as exc:
        main()
    out = capsys.readouterr()
    return exc.value.code, out.out, out.err


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> str:
    out = tmp_path_factory.mktemp("cli-model") / "tiny"
    result = runner.invoke(app, ["train", "segment", "--data", CORPUS, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return str(out)


def test_cli_train_segment_writes_a_model_and_reports_on_stderr(model_dir, tmp_path):
    assert sorted(p.name for p in Path(model_dir).iterdir()) == [
        "dict.txt",
        "hmm.json",
        "meta.json",
    ]
    out = str(tmp_path / "m")  # not the shared fixture: later tests rely on its settings
    result = runner.invoke(
        app, ["train", "segment", "--data", CORPUS, "-o", out, "--solo-threshold", "0.5"]
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "solo threshold" in result.stderr


def test_cli_segment_uses_a_trained_model(model_dir):
    result = runner.invoke(
        app, ["segment", "--model", model_dir], input="１９９８年，我们来到北京\n"
    )
    assert result.exit_code == 0
    assert result.stdout == "１９９８年 ， 我们 来到 北京\n"


def test_cli_eval_segment_json_on_stdout_table_on_stderr(model_dir):
    result = runner.invoke(app, ["eval", "segment", "--gold", GOLD, "--model", model_dir])
    assert result.exit_code == 0
    metrics = json.loads(result.stdout)
    assert {"precision", "recall", "f1", "oov_rate", "oov_recall", "iv_recall"} <= set(metrics)
    assert metrics["lines"] == 4
    # Default vocabulary with --model: the model's dictionary (width-normalised lookup).
    assert 0 < metrics["oov_rate"] < 1
    assert "F1" in result.stderr


def test_cli_eval_segment_gold_against_gold_and_output_file(tmp_path):
    out = tmp_path / "scores.json"
    result = runner.invoke(
        app,
        ["eval", "segment", "--gold", GOLD, "--pred", GOLD, "--train-words", GOLD, "-o", str(out)],
    )
    assert result.exit_code == 0
    assert result.stdout == ""
    metrics = json.loads(out.read_text(encoding="utf-8"))
    assert (metrics["precision"], metrics["recall"], metrics["f1"]) == (1.0, 1.0, 1.0)


def test_cli_eval_segment_pd_gold_with_split(model_dir):
    result = runner.invoke(
        app,
        ["eval", "segment", "--gold", CORPUS, "--format", "pd", "--split", "test", "--pred", "-"],
        input="１２月 ３１日 ， 小明 来到 北京 。\n大学生 的 朋友 很 多 。\n",
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["lines"] == 2
    assert metrics["correct"] == 13
    assert metrics["oov_rate"] is None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pred", GOLD, "--model", "pd98"], "--pred scores a file"),
        (["--model", "pd98", "--dict", GOLD], "leave out --dict"),
    ],
)
def test_cli_eval_segment_conflicting_options_are_usage_errors(args, message):
    result = runner.invoke(app, ["eval", "segment", "--gold", GOLD, *args])
    assert result.exit_code == 2
    assert message in result.stderr


def _bad(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_cli_train_malformed_corpus_line_names_file_and_line(tmp_path, monkeypatch, capsys):
    corpus = _bad(tmp_path, "bad.txt", "我/r  来到/v\n\n北京 大学/n\n")
    code, out, err = run_main(
        ["train", "segment", "--data", corpus, "-o", str(tmp_path / "m")], monkeypatch, capsys
    )
    assert code == 1
    assert out == ""
    assert err == f"Error: {corpus}:3: expected word/TAG tokens, got '北京': '北京 大学/n'\n"


def test_cli_train_empty_corpus(tmp_path, monkeypatch, capsys):
    corpus = _bad(tmp_path, "empty.txt", "\n\n")
    code, _, err = run_main(
        ["train", "segment", "--data", corpus, "-o", str(tmp_path / "m")], monkeypatch, capsys
    )
    assert code == 1
    assert err == f"Error: {corpus}: no segmented sentences to train on (split 'all')\n"


@pytest.mark.parametrize(
    ("pred", "message"),
    [
        ("我 来到 北京 清华大学 。\n", "ends before gold line 2 of"),
        (
            "我 来到 北京 清华大学 。\n他 的 朋友 在 1998年 来到 中国 。\n\n"
            "小红 的 经济 发展 很 快 。\n多\n",
            ":5: no gold line left in",
        ),
        (
            "我 来到 北京 清华大学 。\n他 的 朋友 在 1999年 来到 中国 。\n",
            ":2: text differs from gold line 2",
        ),
    ],
)
def test_cli_eval_pred_mismatch_names_the_line(tmp_path, monkeypatch, capsys, pred, message):
    pred_path = _bad(tmp_path, "pred.txt", pred)
    code, out, err = run_main(
        ["eval", "segment", "--gold", GOLD, "--pred", pred_path], monkeypatch, capsys
    )
    assert code == 1
    assert out == ""
    assert err.startswith("Error: ") and message in err and err.count("\n") == 1


def test_cli_eval_subprocess_exit_code_and_clean_stdout(model_dir):
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "eval", "segment", "--gold", GOLD, "--model", model_dir],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    assert proc.returncode == 0
    assert json.loads(proc.stdout)["lines"] == 4


def test_cli_train_bad_solo_threshold(tmp_path, monkeypatch, capsys):
    code, _, err = run_main(
        ["train", "segment", "--data", CORPUS, "-o", str(tmp_path), "--solo-threshold", "2"],
        monkeypatch,
        capsys,
    )
    assert code == 1
    assert err == "Error: solo threshold '2': expected auto, none or a number in (0, 1]\n"


def test_cli_segment_unknown_model_lists_shipped_ones(monkeypatch, capsys):
    code, _, err = run_main(["segment", "--model", "nope"], monkeypatch, capsys)
    assert code == 1
    assert "shipped segment models: pd98" in err


def test_cli_train_segment_from_stdin_records_no_hash(tmp_path):
    corpus = Path(CORPUS).read_text(encoding="utf-8")
    out = tmp_path / "m"
    result = runner.invoke(app, ["train", "segment", "--data", "-", "-o", str(out)], input=corpus)
    assert result.exit_code == 0, result.output
    data = json.loads((out / "meta.json").read_text(encoding="utf-8"))["data"]
    assert data["corpus"] == "<stdin>" and data["sha256"] is None


def test_cli_train_perceptron_small_data_makes_exactly_the_passes_asked(
    tmp_path, monkeypatch, capsys
):
    """Too little data for a dev split: the error names the way out, which then works."""
    tiny = str(Path(__file__).parents[1] / "data" / "seg" / "tiny_pd.txt")
    args = ["train", "segment", "--engine", "perceptron", "--data", tiny, "--epochs", "2"]
    code, _, err = run_main([*args, "-o", str(tmp_path / "a")], monkeypatch, capsys)
    assert code == 1 and err.count("\n") == 1 and "--no-choose-epochs" in err
    code, _, err = run_main(
        [*args, "--no-choose-epochs", "-o", str(tmp_path / "b")], monkeypatch, capsys
    )
    assert code == 0, err
    params = json.loads((tmp_path / "b" / "meta.json").read_text(encoding="utf-8"))["params"]
    assert params["epochs"] == 2 and params.get("max_epochs") is None
