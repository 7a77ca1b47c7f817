"""The top-level command: help, version, usage errors and the error-to-exit-code mapping."""

import subprocess
import sys

import pytest
from typer.testing import CliRunner

from nlptk import __version__
from nlptk.cli.app import app

runner = CliRunner()


@pytest.mark.parametrize("args", [["--help"], ["-h"]])
def test_app_help_lists_commands_and_exit_codes(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 0
    assert "segment" in result.output and "Exit codes" in result.output


def test_app_version_names_dictionary():
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith(f"nlptk {__version__} (dictionary: jieba 0.42.1 ")


@pytest.mark.parametrize("args", [["no-such-command"], ["segment", "--no-such-option"]])
def test_app_usage_errors_exit_2(args):
    assert runner.invoke(app, args).exit_code == 2


def test_app_main_maps_nlptk_errors_to_one_line_and_exit_1(tmp_path):
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "nlptk", "segment", str(missing)],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 1
    assert proc.stdout == ""
    assert proc.stderr == f"Error: {missing}: no such file\n"


@pytest.mark.parametrize("args", [[], ["train"], ["cache"]])
def test_app_bare_group_shows_its_help_and_no_error_line(args):
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "Usage:" in result.stdout and result.stderr == ""


@pytest.mark.parametrize("args", [["no-such-command"], ["segment", "--no-such-option"]])
def test_app_usage_error_is_one_line(args):
    result = runner.invoke(app, args)
    assert result.stderr.startswith("Error: ") and result.stderr.count("\n") == 1
