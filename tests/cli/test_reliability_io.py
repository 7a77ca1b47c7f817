"""Reliability of what commands read and write, through real ``python -m nlptk`` processes
(issues 30 and 32): no output may replace anything the command reads; undecodable UTF-16/32
input and non-text codecs are one ``Error:`` line; a killed ``-o FILE`` run's leftover is
removed by the next run; closed standard streams; usage and decode messages that name only
options the command has; warnings as one plain line."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import typer

from nlptk import __version__
from nlptk.cli._output import READS, WRITES
from nlptk.cli.app import app
from nlptk.io import STALE_AFTER_S, TMP_SUFFIX

ROOT = Path(__file__).resolve().parents[2]
ZH = "我来到北京清华大学\n他来到了网易杭研大厦\n"


def _nlptk(
    *args: str, cwd: Path, stdin: bytes | None = None, shell: str = ""
) -> subprocess.CompletedProcess:
    """``python -m nlptk ARGS`` in ``cwd``; ``shell`` adds redirections (``0<&-``) through sh."""
    command = [sys.executable, "-m", "nlptk", *args]
    if shell:
        command = ["sh", "-c", f'exec "$@" {shell}', "sh", *command]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("NLPTK_DEBUG", None)
    return subprocess.run(command, cwd=cwd, input=stdin, capture_output=True, env=env, timeout=120)


def _one_error(proc: subprocess.CompletedProcess, fragment: str, code: int = 1) -> None:
    """Exit ``code``, and stderr one ``Error:`` line holding ``fragment`` (maybe a hint)."""
    err = proc.stderr.decode()
    assert proc.returncode == code, err
    assert err.startswith("Error: ") and fragment in err.splitlines()[0], err
    assert "Traceback" not in err and len(err.splitlines()) <= 2, err


def _walk(command, path: tuple[str, ...] = ()):
    if hasattr(command, "list_commands"):
        for name in command.list_commands(None):
            yield from _walk(command.get_command(None, name), (*path, name))
    else:
        yield path, command


#: Every command, with its parameters' names.
COMMANDS = {path: {p.name for p in cmd.params} for path, cmd in _walk(typer.main.get_command(app))}


# --- issue 32: --encoding, for every command that has it ----------------------------------


def _encoding_runs() -> list[list[str]]:
    runs = []
    for path, params in COMMANDS.items():
        if "encoding" in params:
            runs.append(list(path))
            if "jobs" in params:
                runs.append([*path, "-j", "2"])
    return runs


ENCODING_RUNS = _encoding_runs()


def _read(command: list[str], params: set[str], path: str) -> list[str]:
    return [*command, path] if "files" in params else [*command, "--data", path]


def test_every_input_command_has_encoding():
    """The list below is not empty by accident: the text commands and train idf."""
    names = {" ".join(run) for run in ENCODING_RUNS}
    assert {"segment", "segment -j 2", "pos", "keywords", "ner", "sentiment", "train idf"} <= names


@pytest.mark.parametrize("command", ENCODING_RUNS, ids=" ".join)
def test_undecodable_utf16_is_one_error_line_and_nothing_lost(tmp_path, command):
    """An odd byte count through --encoding utf-16: Error: FILE:LINE, exit 1, -o kept."""
    (tmp_path / "o.txt").write_bytes(b"\xff\xfeA\x00\n\x00B")
    (tmp_path / "out.txt").write_text("old\n", encoding="utf-8")
    params = COMMANDS[tuple(c for c in command if c not in ("-j", "2"))]
    args = _read(command, params, "o.txt")
    proc = _nlptk(*args, "--encoding", "utf-16", "-o", "out.txt", cwd=tmp_path)
    _one_error(proc, "o.txt:2: not valid utf-16 (byte 0x42 at byte 1 of the line)")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o.txt", "out.txt"]


@pytest.mark.parametrize(
    ("data", "encoding", "message"),
    [
        # a lone low surrogate on line 2
        (b"\xff\xfeA\x00\n\x00B\x00\x00\xdcC\x00\n\x00", "utf-16", "2: not valid utf-16"),
        # UTF-8 read as UTF-32: no byte-order mark
        ("我来到\n".encode(), "utf-32", "1: no byte-order mark"),
        # UTF-8 read as UTF-32-LE: no such code point
        ("我来到\n".encode(), "utf-32-le", "1: not valid utf-32-le (byte 0xe6 at byte 1"),
    ],
)
@pytest.mark.parametrize("source", ["file", "stdin"])
def test_undecodable_wide_input_from_file_or_stdin(tmp_path, data, encoding, message, source):
    (tmp_path / "in.txt").write_bytes(data)
    if source == "file":
        proc = _nlptk("segment", "--encoding", encoding, "in.txt", cwd=tmp_path)
        _one_error(proc, f"in.txt:{message}")
    else:
        proc = _nlptk("segment", "--encoding", encoding, cwd=tmp_path, stdin=data)
        _one_error(proc, f"<stdin>:{message}")


def test_wide_input_with_errors_replace_goes_on(tmp_path):
    (tmp_path / "o.txt").write_bytes(b"\xff\xfe" + "我来到北京\n".encode("utf-16-le") + b"B")
    proc = _nlptk("segment", "--encoding", "utf-16", "--errors", "replace", "o.txt", cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.decode() == "我 来到 北京\n\ufffd\n"


NOT_TEXT = ["base64", "hex", "rot13", "uu", "zlib", "bz2"]


@pytest.mark.parametrize(
    ("command", "codec"),
    [(c, NOT_TEXT[i % len(NOT_TEXT)]) for i, c in enumerate(ENCODING_RUNS)]
    + [(["segment"], codec) for codec in NOT_TEXT],
    ids=str,
)
def test_non_text_codec_is_refused_by_name(tmp_path, command, codec):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    params = COMMANDS[tuple(c for c in command if c not in ("-j", "2"))]
    proc = _nlptk(*_read(command, params, "a.txt"), "--encoding", codec, cwd=tmp_path)
    _one_error(proc, f"{codec!r} is not a text encoding")


# --- issue 30.1 and 30.2: no output names, holds or lies inside a path the command reads ---


def test_every_parameter_is_placed_as_read_write_or_no_path():
    """A new option that names a path must be added to READS or WRITES (the guard knows
    parameters by name); one that names none, to the list here."""
    no_path = {
        "adapt_weight", "aggregate", "alpha", "batch_size", "bf16", "case_feature",
        "checkpoint", "choose_epochs", "compile_model", "conf", "delimiter", "device",
        "encoding", "engine", "epochs", "errors", "explain", "extend_vocab", "fmt",
        "fold_traditional", "grad_accum", "jobs", "lang", "learning_rate", "licence",
        "master", "max_length", "max_rows", "max_words", "min_count",
        "min_docs", "min_weight", "min_z", "mode", "n_iter", "neutral", "no_fold_traditional",
        "no_hmm", "no_normalize_width", "note", "offsets", "overwrite", "param", "partitions",
        "patience", "pd_map", "pos", "pred_format", "repair", "resume", "scheme", "seed",
        "solo_threshold", "split", "stride", "tagdict_min", "task", "gold_format", "threads",
        "top_k", "types", "unit", "update", "warmup", "weight_decay", "whole", "workers",
        "help", "tasks", "ner_engine", "sentiment_method", "keywords_method", "host", "port",
        "max_body", "max_texts", "max_chars", "grace", "access_log", "names", "features",
        "convention", "conventions",
    }  # fmt: skip
    for path, params in COMMANDS.items():
        unplaced = params - READS - set(WRITES) - no_path
        assert not unplaced, f"nlptk {' '.join(path)}: place {sorted(unplaced)}"


@pytest.fixture
def workdir(tmp_path):
    """Inputs of every kind in a fresh folder (the commands run there)."""
    files = {
        "a.txt": ZH,
        "dict.txt": "清华大学 5 nt\n来到 5 v\n北京 5 ns\n我 5 r\n",
        "user.txt": "杭研 3 nz\n",
        "idf.txt": "北京 5.0\n",
        "stop.txt": "的\n",
        "lex.tsv": "好\t1.0\n",
        "gold.txt": "我 来到 北京 清华大学\n",
        "pred.txt": "我 来到 北京 清华 大学\n",
        "words.txt": "北京\n",
        "pd.txt": "我/r  来到/v  北京/ns  清华大学/nt  。/w\n",
        "g.bio": "江\tB-PER\n泽\tI-PER\n民\tI-PER\n\n",
        "p.bio": "江\tB-PER\n泽\tI-PER\n民\tO\n\n",
        "t.tsv": "label\ttext\n1\t很好\n0\t很差\n",
        "DIR/dict.txt": "我 来到 北京\n",
        "DIR/raw.txt": "我来到北京\n",
        "DIR/d.bio": "江\tB-PER\n\n",
        "DIR/t.tsv": "label\ttext\n1\t很好\n0\t很差\n",
        "DIR/pd.txt": "我/r  来到/v  北京/ns\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    shutil.copytree(ROOT / "models" / "ner-zh-pd98", tmp_path / "nermodel")
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


def _refused(workdir: Path, args: list[str], fragment: str) -> None:
    """The command stops with one Error line holding ``fragment``; nothing changed."""
    before = _snapshot(workdir)
    proc = _nlptk(*args, cwd=workdir)
    _one_error(proc, fragment)
    assert _snapshot(workdir) == before


@pytest.mark.parametrize(
    "command",
    [
        ["pos"],
        ["keywords"],
        ["keywords", "--engine", "textrank"],
        ["train", "idf", "--data"],
        ["segment", "-j", "2"],
        ["ner"],
    ],
    ids=" ".join,
)
@pytest.mark.parametrize("spelling", ["same", "dotted", "symlink", "folder-symlink", "hardlink"])
def test_output_equal_to_an_input_is_refused(workdir, command, spelling):
    (workdir / "d").mkdir()
    (workdir / "d" / "in.txt").write_text(ZH, encoding="utf-8")
    (workdir / "link.txt").symlink_to(workdir / "d" / "in.txt")
    (workdir / "dl").symlink_to(workdir / "d")
    os.link(workdir / "d" / "in.txt", workdir / "hard.txt")
    output = {
        "same": "d/in.txt",
        "dotted": "./d/../d/in.txt",
        "symlink": "link.txt",
        "folder-symlink": "dl/in.txt",
        "hardlink": "hard.txt",
    }[spelling]
    what = "the --data file" if "--data" in command else "an input"
    _refused(workdir, [*command, "d/in.txt", "-o", output], f"{output}: is also {what}")


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["segment", "a.txt", "--user-dict", "user.txt", "-o", "user.txt"], "the --user-dict file"),
        (["segment", "a.txt", "--dict", "dict.txt", "-o", "./dict.txt"], "the --dict file"),
        (["pos", "a.txt", "--user-dict", "user.txt", "-o", "user.txt"], "the --user-dict file"),
        (["pos", "a.txt", "--dict", "dict.txt", "-o", "dict.txt"], "the --dict file"),
        (["keywords", "a.txt", "--idf", "idf.txt", "-o", "idf.txt"], "the --idf file"),
        (["keywords", "a.txt", "--stop-words", "stop.txt", "-o", "stop.txt"], "--stop-words"),
        (["keywords", "a.txt", "--user-dict", "user.txt", "-o", "user.txt"], "--user-dict"),
        (["train", "idf", "--data", "a.txt", "--dict", "dict.txt", "-o", "dict.txt"], "--dict"),
        (["sentiment", "a.txt", "--lexicon", "lex.tsv", "-o", "lex.tsv"], "the --lexicon file"),
        (["ner", "a.txt", "--model", "nermodel", "-o", "nermodel/meta.json"], "is inside"),
        (["ner", "a.txt", "--model", "nermodel", "-o", "nermodel"], "the --model directory"),
        (["eval", "ner", "--gold", "g.bio", "-o", "g.bio"], "is also the --gold file"),
        (["eval", "ner", "--gold", "g.bio", "--pred", "p.bio", "-o", "p.bio"], "--pred file"),
        (["eval", "segment", "--gold", "gold.txt", "-o", "gold.txt"], "the --gold file"),
        (
            ["eval", "segment", "--gold", "gold.txt", "--pred", "pred.txt", "-o", "pred.txt"],
            "--pred",
        ),
        (
            [
                "eval",
                "segment",
                "--gold",
                "gold.txt",
                "--train-words",
                "words.txt",
                "-o",
                "words.txt",
            ],
            "the --train-words file",
        ),
        (["eval", "pos", "--gold", "pd.txt", "-o", "pd.txt"], "the --gold file"),
        (["eval", "sentiment", "--gold", "t.tsv", "--engine", "lexicon", "-o", "t.tsv"], "--gold"),
        (
            ["eval", "sentiment", "--gold", "t.tsv", "--engine", "lexicon", "--plot", "t.tsv"],
            "t.tsv: is also the --gold file; give --plot another path",
        ),
        (
            ["train", "segment", "--data", "DIR/dict.txt", "--format", "words", "-o", "DIR"],
            "DIR: holds DIR/dict.txt (the --data file)",
        ),
        (
            [
                "train",
                "segment",
                "--data",
                "gold.txt",
                "--format",
                "words",
                "--adapt",
                "DIR/raw.txt",
                "-o",
                "./DIR/",
            ],
            "holds DIR/raw.txt (the --adapt file)",
        ),
        (["train", "ner", "--data", "DIR/d.bio", "--format", "bio", "-o", "DIR"], "--data"),
        (
            [
                "train",
                "ner",
                "--data",
                "g.bio",
                "--format",
                "bio",
                "--gold",
                "DIR/d.bio",
                "-o",
                "DIR",
            ],
            "the --gold file",
        ),
        (["train", "sentiment", "--data", "DIR/t.tsv", "-o", "DIR"], "the --data file"),
        (
            ["train", "lexicon", "--data", "t.tsv", "--lexicon", "DIR/t.tsv", "-o", "DIR"],
            "the --lexicon file",
        ),
        (["train", "pos", "--data", "DIR/pd.txt", "-o", "DIR"], "the --data file"),
        (
            ["train", "pos", "--data", "pd.txt", "--segmenter", "nermodel", "-o", "nermodel/x"],
            "is inside nermodel (the --segmenter directory)",
        ),
        (
            ["train", "segment", "--engine", "perceptron", "--data", "pd.txt"]
            + ["--init-model", "nermodel", "-o", "nermodel/x"],
            "is inside nermodel (the --init-model directory)",
        ),
        (
            ["train", "segment", "--engine", "perceptron", "--data", "pd.txt"]
            + ["--dict-features", "DIR/dict.txt", "-o", "DIR"],
            "the --dict-features file",
        ),
        (
            [
                "bert",
                "train",
                "--task",
                "sentiment",
                "--model",
                "base",
                "--data",
                "DIR/t.tsv",
                "-o",
                "DIR",
            ],
            "the --data file",
        ),
        (
            [
                "bert",
                "train",
                "--task",
                "ner",
                "--model",
                "nermodel",
                "--data",
                "g.bio",
                "-o",
                "nermodel",
            ],
            "is also the --model directory",
        ),
        (["spark", "segment", "DIR/*.txt", "-o", "DIR", "--overwrite"], "holds DIR/"),
        (["spark", "ner", "DIR", "-o", "DIR/out"], "is inside DIR (an input)"),
    ],  # fmt: skip
    ids=lambda v: " ".join(v) if isinstance(v, list) else None,
)
def test_output_naming_holding_or_inside_a_read_path_is_refused(workdir, args, fragment):
    _refused(workdir, args, fragment)


def test_output_inside_a_shipped_model_named_by_name_is_refused(tmp_path):
    """``--model pd98`` reads the shipped folder: -o into it is refused (a new file, so a
    failure of this test cannot damage the checkout)."""
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    target = ROOT / "models" / "pd98" / "nlptk-test-output.txt"
    try:
        proc = _nlptk("segment", "a.txt", "--model", "pd98", "-o", str(target), cwd=tmp_path)
        _one_error(proc, "(the --model directory)")
        assert not target.exists()
    finally:
        target.unlink(missing_ok=True)


@pytest.mark.parametrize(
    "args",
    [
        ["ner", "a.txt", "--model", "nermodel", "-o", "nermodel.jsonl"],  # a name's prefix
        ["segment", "a.txt", "--user-dict", "user.txt", "-o", "/dev/null"],  # a device
        ["segment", "DIR/dict.txt", "-o", "DIR/segmented.txt"],  # beside an input file
    ],
    ids=" ".join,
)
def test_output_beside_what_is_read_is_written(workdir, args):
    proc = _nlptk(*args, cwd=workdir)
    assert proc.returncode == 0, proc.stderr.decode()


# --- issue 30.5: a killed -o FILE run's temporary file ------------------------------------


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(f".out.txt.*{TMP_SUFFIX}"))


def _age(path: Path, seconds: float) -> None:
    then = time.time() - seconds
    os.utime(path, (then, then))


def test_killed_writer_leftover_is_removed_by_a_later_run_and_a_live_one_kept(tmp_path):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "out.txt").write_text("old\n", encoding="utf-8")
    foreign = tmp_path / ".out.txt.abcdefgh.tmp"  # another program's name: never ours
    foreign.write_text("not ours\n", encoding="utf-8")
    _age(foreign, 10 * STALE_AFTER_S)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    writer = subprocess.Popen(
        [sys.executable, "-m", "nlptk", "segment", "-o", "out.txt"],
        cwd=tmp_path,
        stdin=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        writer.stdin.write(ZH.encode() * 1000)
        writer.stdin.flush()
        deadline = time.monotonic() + 60
        while not _leftovers(tmp_path) and time.monotonic() < deadline:
            time.sleep(0.1)
        (live,) = _leftovers(tmp_path)
        # a live writer's file is kept however old it looks: its writer holds the lock
        _age(live, 10 * STALE_AFTER_S)
        assert _nlptk("segment", "a.txt", "-o", "out.txt", cwd=tmp_path).returncode == 0
        assert live.exists()
    finally:
        writer.kill()  # kill -9: no cleanup runs
        writer.wait()
    assert (
        live.exists()
        and (tmp_path / "out.txt").read_text(encoding="utf-8")
        == "我 来到 北京 清华大学\n他 来到 了 网易 杭研 大厦\n"
    )
    # a leftover touched within STALE_AFTER_S is kept (a writer may be about to lock it) ...
    _age(live, STALE_AFTER_S / 2)
    assert _nlptk("segment", "a.txt", "-o", "out.txt", cwd=tmp_path).returncode == 0
    assert live.exists()
    # ... an older one that no process holds is removed
    _age(live, 2 * STALE_AFTER_S)
    assert _nlptk("segment", "a.txt", "-o", "out.txt", cwd=tmp_path).returncode == 0
    assert not live.exists() and foreign.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == [foreign.name, "a.txt", "out.txt"]


# --- issue 30.9: closed standard streams --------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["segment"], ["segment", "-j", "2"], ["ner"], ["keywords"], ["train", "ner", "--data", "-",
     "--format", "bio", "-o", "m"]],
    ids=" ".join,
)  # fmt: skip
def test_closed_stdin_is_one_error_line(tmp_path, args):
    _one_error(_nlptk(*args, cwd=tmp_path, shell="0<&-"), "<stdin>: closed")


@pytest.mark.parametrize(
    "args",
    [["segment", "a.txt"], ["segment", "-j", "2", "a.txt"], ["sentiment", "a.txt"],
     ["eval", "segment", "--gold", "gold.txt", "--pred", "gold.txt"]],
    ids=" ".join,
)  # fmt: skip
def test_closed_stdout_is_one_error_line_and_o_file_still_works(tmp_path, args):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "gold.txt").write_text("我 来到 北京\n", encoding="utf-8")
    proc = _nlptk(*args, cwd=tmp_path, shell="1>&-")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err
    assert err.endswith("Error: stdout: closed\nHint: give -o FILE, or redirect stdout (> FILE)\n")
    proc = _nlptk(*args, "-o", "out.txt", cwd=tmp_path, shell="1>&-")
    assert proc.returncode == 0, proc.stderr.decode()
    assert (tmp_path / "out.txt").stat().st_size > 0


def test_closed_stderr_keeps_the_exit_code(tmp_path):
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    proc = _nlptk("segment", "a.txt", cwd=tmp_path, shell="2>&-")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("我 来到 北京 清华大学\n")
    assert _nlptk("segment", "missing.txt", cwd=tmp_path, shell="2>&-").returncode == 1
    proc = _nlptk("segment", "a.txt", cwd=tmp_path, shell="0<&- 1>&- 2>&-")
    assert proc.returncode == 1


# --- issue 30.14: messages name only options the command has ------------------------------


def test_eval_segment_model_with_fold_traditional_names_that_option(tmp_path):
    (tmp_path / "gold.txt").write_text("我 来到 北京\n", encoding="utf-8")
    proc = _nlptk("eval", "segment", "--model", "pd98", "--fold-traditional", "--gold",
                  "gold.txt", cwd=tmp_path)  # fmt: skip
    err = " ".join(proc.stderr.decode().replace("│", " ").split())  # unwrap typer's box
    assert proc.returncode == 2 and "leave out --fold-traditional" in err
    assert "--dict" not in err


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "segment", "--gold", "gbk.txt"],
        ["eval", "ner", "--gold", "gbk.txt", "--pred", "gbk.txt"],
        ["train", "segment", "--data", "gbk.txt", "--format", "words", "-o", "m"],
        ["train", "ner", "--data", "gbk.txt", "--format", "bio", "-o", "m"],
        ["train", "idf", "--data", "a.txt", "--dict", "gbk.txt"],
        ["keywords", "a.txt", "--stop-words", "gbk.txt"],
    ],
    ids=" ".join,
)
def test_decode_hint_names_only_options_the_file_has(tmp_path, args):
    """Training, gold and auxiliary files are read as UTF-8 whatever --encoding says:
    their hint is to convert the file, not an --encoding/--errors they do not take."""
    (tmp_path / "gbk.txt").write_bytes("我 来到\tO\n".encode("gbk"))
    (tmp_path / "a.txt").write_text(ZH, encoding="utf-8")
    proc = _nlptk(*args, cwd=tmp_path)
    _one_error(proc, "gbk.txt:1: not valid utf-8")
    hint = proc.stderr.decode().splitlines()[1]
    assert hint.startswith("Hint: ") and "--encoding" not in hint and "--errors" not in hint


def test_decode_hint_of_a_command_input_names_its_options(tmp_path):
    (tmp_path / "gbk.txt").write_bytes("我来到北京\n".encode("gbk"))
    proc = _nlptk("segment", "gbk.txt", cwd=tmp_path)
    _one_error(proc, "gbk.txt:1: not valid utf-8")
    assert "--encoding" in proc.stderr.decode().splitlines()[1]


# --- issue 30.15: warnings as one plain line ----------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_warning_is_one_plain_line(tmp_path, jobs):
    model = tmp_path / "old-model"
    shutil.copytree(ROOT / "models" / "ner-zh-pd98", model)
    meta = json.loads((model / "meta.json").read_text(encoding="utf-8"))
    meta["nlptk_version"] = "0.0"
    (model / "meta.json").write_text(json.dumps(meta), encoding="utf-8")
    proc = _nlptk("ner", "--model", "old-model", "-j", jobs, cwd=tmp_path, stdin=ZH.encode())
    assert proc.returncode == 0
    assert proc.stderr.decode() == (
        f"Warning: old-model was written by nlptk 0.0; this is {__version__}\n"
    )
