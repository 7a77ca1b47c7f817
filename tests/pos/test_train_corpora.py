"""``nlptk train pos`` over several corpora (``--data PATH[:FORMAT[:WEIGHT]]`` repeated): the
weights count, each corpus is scored on its own held-out split (stderr and ``meta.json``), a
single ``--data`` keeps the record older models have, a bad spec is one ``Error:`` line."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app

runner = CliRunner()

#: Corpus A: ``r v n 。``; corpus B tags 书 as a verb (书写) — the two disagree on one word.
_A = {"r": ["我", "你", "他"], "v": ["看", "买"], "n": ["书", "电影", "苹果"]}
_B = {"r": ["我们", "他们"], "v": ["书", "写"], "n": ["字", "信"]}


def _lines(lexicon: dict[str, list[str]], n: int, seed: int) -> str:
    rng = random.Random(seed)
    return "".join(
        "  ".join(f"{rng.choice(lexicon[t])}/{t}" for t in ("r", "v", "n")) + "  。/w\n"
        for _ in range(n)
    )


@pytest.fixture(scope="module")
def corpora(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("poscorpora")
    a, b = root / "a.txt", root / "b.txt"
    a.write_text(_lines(_A, 100, 1), encoding="utf-8")
    b.write_text(_lines(_B, 40, 2), encoding="utf-8")
    return a, b


def _train(out: Path, *data: str) -> tuple[dict, str]:
    args = ["train", "pos", "--split", "train", "-o", str(out), "--epochs", "2"]
    args += ["--tagdict-min", "2", "--max-rows", "3000"]
    for spec in data:
        args += ["--data", spec]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    return json.loads((out / "meta.json").read_text(encoding="utf-8")), result.stderr


def test_train_pos_two_corpora_weights_and_held_out_per_corpus(corpora, tmp_path):
    a, b = corpora
    meta, stderr = _train(tmp_path / "m", str(a), f"{b}:pd:2.5")
    data = meta["data"]
    # 90 training sentences of A once, 36 of B two and a half times (36 * 2 + 18)
    assert [(c["corpus"], c["format"], c["weight"], c["sentences"]) for c in data["corpora"]] == [
        ("a.txt", "pd", 1.0, 90),
        ("b.txt", "pd", 2.5, 36),
    ]
    assert data["sentences"] == 90 + 36 and data["split"] == "train"  # read, not weighted
    assert all(len(c["sha256"]) == 64 for c in data["corpora"])
    held = meta["metrics"]["held_out"]
    assert [(k, h["sentences"], h["words"]) for k, h in held.items()] == [
        ("a.txt", 10, 40),
        ("b.txt", 4, 16),
    ]
    assert all(h["accuracy"] == 1.0 for h in held.values())  # 书: n in A, v in B
    assert "held-out a.txt (pd, 10 sentences, 40 words): accuracy 1.0000" in stderr
    assert "held-out b.txt (pd, 4 sentences, 16 words): accuracy 1.0000" in stderr


def test_train_pos_same_file_twice_is_numbered(corpora, tmp_path):
    """The same file read twice (say, names split and whole) keeps two held-out entries."""
    meta, _ = _train(tmp_path / "m", str(corpora[1]), f"{corpora[1]}:pd:0.5")
    assert list(meta["metrics"]["held_out"]) == ["b.txt#1", "b.txt#2"]


def test_train_pos_weight_changes_the_tag_dictionary(corpora, tmp_path):
    """B's words are in the tag dictionary only when B weighs enough for --tagdict-min."""
    a, b = corpora
    args = ["--tagdict-min", "60"]
    light, heavy = tmp_path / "light", tmp_path / "heavy"
    for out, weight in ((light, "1"), (heavy, "4")):
        result = runner.invoke(
            app,
            ["train", "pos", "--data", str(a), "--data", f"{b}:pd:{weight}", "-o", str(out)]
            + ["--epochs", "1", "--no-choose-epochs", "--max-rows", "3000", *args],
        )
        assert result.exit_code == 0, result.output
    # 。 (140 or 260 times) in both; B's 10 or so uses of each r word reach 60 only x4+
    light_dict = json.loads((light / "tagdict.json").read_text(encoding="utf-8"))
    heavy_dict = json.loads((heavy / "tagdict.json").read_text(encoding="utf-8"))
    assert "我们" not in light_dict and heavy_dict["我们"] == ["r"]


def test_train_pos_single_data_keeps_the_flat_record(corpora, tmp_path):
    meta, stderr = _train(tmp_path / "m", str(corpora[0]))
    data = meta["data"]
    assert (data["corpus"], data["format"], data["split"], data["sentences"]) == (
        "a.txt",
        "pd",
        "train",
        90,
    )
    assert "corpora" not in data and len(data["sha256"]) == 64
    assert list(meta["metrics"]["held_out"]) == ["a.txt"]
    assert "trained on 90 sentences" in stderr


def test_train_pos_split_all_scores_no_held_out(corpora, tmp_path):
    out = tmp_path / "m"
    args = ["train", "pos", "--data", str(corpora[0]), "--data", str(corpora[1]), "-o", str(out)]
    result = runner.invoke(app, [*args, "--epochs", "1", "--max-rows", "3000"])
    assert result.exit_code == 0, result.output
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert "held_out" not in meta["metrics"] and meta["data"]["sentences"] == 140
    assert "held-out" not in result.stderr


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("{b}:pd:0", "weight must be a positive number"),
        ("{b}:pd:x", "is not a number"),
        ("{b}:2", "a weight comes after a format"),
        ("{b}.missing:pd:2", "no such file"),
    ],
)
def test_train_pos_bad_data_spec_is_one_error_line(corpora, tmp_path, nlptk_process, spec, message):
    out = tmp_path / "m"
    args = ["train", "pos", "--data", str(corpora[0]), "--data", spec.format(b=corpora[1])]
    proc = nlptk_process(*args, "-o", str(out))
    assert proc.returncode != 0
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], lines
    assert not out.exists()
