"""errors: the exceptions nlptk raises; only the CLI turns them into exit codes."""

from __future__ import annotations

__all__ = [
    "NlptkError",
    "InputError",
    "OutputError",
    "DictFormatError",
    "CorpusFormatError",
    "ModelFormatError",
    "ArtifactVersionError",
    "NotFittedError",
]


class NlptkError(Exception):
    """Base of every error nlptk raises on purpose.

    ``hint`` is an optional second line the CLI prints after the message.
    """

    hint: str | None = None


class InputError(NlptkError):
    """An input file is missing, unreadable or not in the expected encoding."""


class OutputError(NlptkError):
    """An output file or stream cannot be written: a full disk, a missing folder, no right."""


def _quote(text: str, limit: int = 60) -> str:
    """Quote a data line for an error message, shortened so a 10 MB line stays one short line."""
    return repr(text if len(text) <= limit else text[:limit] + "…")


class DictFormatError(NlptkError):
    """A dictionary line is not ``word [freq] [tag]``; names the file and line, quoting it."""

    def __init__(self, path: str, line_no: int, text: str, reason: str) -> None:
        self.path, self.line_no, self.text, self.reason = path, line_no, text, reason
        super().__init__(f"{path}:{line_no}: {reason}: {_quote(text)}")


class CorpusFormatError(NlptkError):
    """A line of training or evaluation data is malformed; names the file and line."""

    def __init__(self, path: str, line_no: int, text: str, reason: str) -> None:
        self.path, self.line_no, self.text, self.reason = path, line_no, text, reason
        super().__init__(f"{path}:{line_no}: {reason}: {_quote(text)}")


class ModelFormatError(NlptkError):
    """A model directory is missing, incomplete or not of the expected kind."""


class ArtifactVersionError(ModelFormatError):
    """A model directory was written by an incompatible (newer major) nlptk version."""


class NotFittedError(NlptkError, ValueError):
    """``predict`` was called on an estimator before ``fit``."""
