"""``nlptk segment``: output formats, options and bad input, through typer's CliRunner.

The runner calls the Typer app, not ``main()``, so an ``NlptkError`` arrives as
``result.exception`` with exit code 1; test_segment_process.py checks the real ``Error:``
line and exit codes in a child process.
"""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from nlptk.cli.app import app
from nlptk.errors import DictFormatError, InputError

runner = CliRunner()


def _run(*args: str, input: str | bytes | None = None):
    return runner.invoke(app, ["segment", *args], input=input)


@pytest.mark.parametrize(
    ("args", "stdin", "stdout"),
    [
        ([], "我来到北京清华大学\n", "我 来到 北京 清华大学\n"),
        (["--no-hmm"], "他来到了网易杭研大厦\n", "他 来到 了 网易 杭 研 大厦\n"),
        (["--mode", "full"], "我来到北京清华大学\n", "我 来到 北京 清华 清华大学 华大 大学\n"),
        (["--mode", "search", "-d", "/"], "中国科学院\n", "中国/科学/学院/科学院/中国科学院\n"),
        ([], "我来到北京\n\n清华大学\n", "我 来到 北京\n\n清华大学\n"),  # empty lines kept
        ([], "北京\r\n\r\n上海\r\n", "北京\n\n上海\n"),  # CRLF in, LF out
        ([], "无换行结尾", "无 换行 结尾\n"),
        ([], "Python 3.5% 很  好\n", "Python 3.5% 很 好\n"),  # whitespace tokens dropped
        ([], "", ""),
    ],
)
def test_segment_cli_text_output(args, stdin, stdout):
    result = _run(*args, input=stdin)
    assert result.exit_code == 0, result.output
    assert result.stdout == stdout


@pytest.mark.parametrize("fmt", ["text", "jsonl"])
def test_segment_cli_every_format(fmt):
    result = _run("--format", fmt, input="我来到北京\n\n")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    if fmt == "jsonl":
        rec = json.loads(lines[0])
        assert rec == {
            "text": "我来到北京",
            "tokens": [
                {"word": "我", "start": 0, "end": 1},
                {"word": "来到", "start": 1, "end": 3},
                {"word": "北京", "start": 3, "end": 5},
            ],
        }
        assert json.loads(lines[1]) == {"text": "", "tokens": []}
    else:
        assert lines == ["我 来到 北京", ""]


def test_segment_cli_user_dicts_repeatable(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("创新办 3 i\n", encoding="utf-8")
    second.write_text("云计算 5\n", encoding="utf-8")
    args = ["--user-dict", str(first), "--user-dict", str(second)]
    result = _run(*args, input="李小福是创新办主任也是云计算方面的专家\n")
    assert result.exit_code == 0
    assert result.stdout == "李小福 是 创新办 主任 也 是 云计算 方面 的 专家\n"


def test_segment_cli_files_in_order_and_jobs_keep_order(tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("我来到北京清华大学\n" * 300, encoding="utf-8")
    b.write_text("他来到了网易杭研大厦\n" * 300, encoding="utf-8")
    one = _run(str(a), str(b))
    two = _run("-j", "2", str(a), str(b))
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert one.stdout.splitlines()[299:301] == [
        "我 来到 北京 清华大学",
        "他 来到 了 网易 杭研 大厦",
    ]


def test_segment_cli_output_file(tmp_path):
    out = tmp_path / "out.txt"
    result = _run("-o", str(out), input="我来到北京\n")
    assert result.exit_code == 0 and result.stdout == ""
    assert out.read_text(encoding="utf-8") == "我 来到 北京\n"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "missing.txt", "missing.txt: no such file"),
        (lambda p: p, "is a directory"),
    ],
)
def test_segment_cli_bad_paths(tmp_path, make, message):
    result = _run(str(make(tmp_path)))
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert message in str(result.exception)
    assert result.stdout == ""


def test_segment_cli_invalid_utf8_strict_names_file_and_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("好\n".encode() + b"\xff\xfe\n")
    result = _run(str(path))
    assert result.exit_code == 1
    assert isinstance(result.exception, InputError)
    assert f"{path}:2: not valid utf-8" in str(result.exception)


def test_segment_cli_invalid_utf8_replace_goes_on(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("好人\n".encode() + b"\xff" + "坏人\n".encode())
    result = _run("--errors", "replace", str(path))
    assert result.exit_code == 0
    assert result.stdout == "好人\n\ufffd 坏人\n"


@pytest.mark.parametrize("errors", ["strict", "replace"])
def test_segment_cli_binary_input(tmp_path, errors):
    path = tmp_path / "blob.bin"
    path.write_bytes(bytes(range(256)) * 40)
    result = _run("--errors", errors, str(path))
    if errors == "strict":
        assert result.exit_code == 1 and isinstance(result.exception, InputError)
    else:
        assert result.exit_code == 0
        # one output line per input line; the last input line has no newline of its own
        assert result.stdout.count("\n") == path.read_bytes().count(b"\n") + 1


def test_segment_cli_ten_megabyte_line(tmp_path):
    path = tmp_path / "long.txt"
    path.write_text("我来到北京清华大学。" * 1_000_000 + "\n", encoding="utf-8")
    result = _run(str(path))
    assert result.exit_code == 0
    assert result.stdout.count("\n") == 1
    assert result.stdout.startswith("我 来到 北京 清华大学 。 我")


def test_segment_cli_malformed_user_dict_names_line(tmp_path):
    user = tmp_path / "user.txt"
    user.write_text("好词 5\n坏词 x5 n\n", encoding="utf-8")
    result = _run("--user-dict", str(user), input="好词\n")
    assert result.exit_code == 1
    assert isinstance(result.exception, DictFormatError)
    assert str(result.exception).startswith(f"{user}:2: frequency")


@pytest.mark.parametrize(
    ("args", "needle"),
    [(["--mode", "fast"], "--mode"), (["--format", "xml"], "--format"), (["-j", "0"], "-j")],
)
def test_segment_cli_usage_errors_exit_2(args, needle):
    result = _run(*args, input="我\n")
    assert result.exit_code == 2
    assert needle in result.stderr


def test_segment_cli_help_documents_exit_codes():
    result = _run("--help")
    assert result.exit_code == 0
    assert "Exit codes" in " ".join(result.stdout.split())


def test_cli_version_names_dictionary_and_kernel():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert "dictionary: jieba 0.42.1" in result.stdout
    assert "kernel: " in result.stdout
