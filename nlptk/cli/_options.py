"""cli: the option vocabulary every command shares, declared once as ``Annotated`` aliases.

One name per meaning, in every command (README, "Command-line conventions"): ``--data``
training data, ``--gold`` scored data, ``--engine`` the algorithm, ``--model`` a trained
model, ``--format`` the output format (``text|jsonl|conll|inline``; on ``train``/``eval``,
the format of the ``--data``/``--gold`` file), ``-o`` the output, ``-j`` worker processes,
``--lang`` the language. ``RENAMED_OPTIONS`` and ``RENAMED_VALUES`` list the spellings
these replaced, which keep working for one release (``_params.renamed``).
"""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

#: Shown under every command's help.
EPILOG = (
    "Exit codes: 0 success (also when the reader of stdout goes away, as with | head); "
    "1 bad input, data or model (one 'Error:' line on stderr); 2 usage error (one 'Error:' "
    "line); 130 Ctrl-C. Set NLPTK_DEBUG=1 for tracebacks."
)

__all__ = [
    "EPILOG",
    "RENAMED_OPTIONS",
    "RENAMED_VALUES",
    "Inputs",
    "Output",
    "ModelDir",
    "Encoding",
    "Errors",
    "Jobs",
    "Model",
    "Lang",
    "AutoLang",
    "ChooseEpochs",
    "Data",
    "Gold",
    "Names",
    "PosFilter",
    "IdfFile",
    "StopWordsFile",
    "split_tags",
]

#: Old option names, per command (its path below ``nlptk``): old -> new.
RENAMED_OPTIONS: dict[str, dict[str, str]] = {
    "train segment": {"--corpus": "--data"},
    "train pos": {"--corpus": "--data"},
    "train idf": {"--corpus": "--data"},
    "train sentiment": {"--train": "--data", "--method": "--engine", "--test": "--gold"},
    "train lexicon": {"--train": "--data", "--test": "--gold"},
    "train ner": {"--test": "--gold", "--test-format": "--gold-format"},
    "eval sentiment": {"--test": "--gold", "--methods": "--engine"},
    "sentiment": {"--method": "--engine"},
    "keywords": {"--method": "--engine"},
    "bert train": {"--train": "--data"},
    "spark keywords": {"--method": "--engine"},
    "spark sentiment": {"--method": "--engine"},
    "analyze": {
        "--sentiment-method": "--sentiment-engine",
        "--keywords-method": "--keywords-engine",
    },
    "serve": {"--sentiment-method": "--sentiment-engine", "--keywords-method": "--keywords-engine"},
}
#: Old values of an option, per command: option -> {old -> new}.
RENAMED_VALUES: dict[str, dict[str, dict[str, str]]] = {
    "ner": {"--format": {"spans": "jsonl"}},
}

Inputs = Annotated[
    Optional[list[str]],
    typer.Argument(
        metavar="FILE", help="Input files; stdin when none is given or for '-'.", show_default=False
    ),
]
Output = Annotated[
    str, typer.Option("-o", "--output", metavar="FILE", help="Output file; '-' is stdout.")
]
ModelDir = Annotated[
    str,
    typer.Option(
        "-o", "--output", metavar="DIR", help="Model directory to write.", show_default=False
    ),
]
Encoding = Annotated[
    str, typer.Option("--encoding", metavar="CODEC", help="Encoding of the input files.")
]
Errors = Annotated[
    Literal["strict", "replace"],
    typer.Option(
        "--errors",
        help="On undecodable input: strict stops with an error naming file and line, "
        "replace substitutes U+FFFD and goes on.",
    ),
]
Jobs = Annotated[
    int,
    typer.Option(
        "-j", "--jobs", min=1, metavar="N", help="Worker processes (output order is kept)."
    ),
]
Model = Annotated[
    Optional[str],
    typer.Option(
        "--model",
        metavar="NAME|DIR",
        help="A model directory, or the name of a shipped model (nlptk models lists them).",
    ),
]
Lang = Annotated[Literal["zh", "en"], typer.Option("--lang", help="The language of the data.")]
AutoLang = Annotated[
    Literal["auto", "zh", "en"],
    typer.Option("--lang", help="zh, en, or auto (per line, by its script: Han → zh)."),
]
Data = Annotated[
    str,
    typer.Option(
        "--data", metavar="FILE", help="Training data ('-' is stdin).", show_default=False
    ),
]
Gold = Annotated[
    str,
    typer.Option("--gold", metavar="FILE", help="Gold data to score against.", show_default=False),
]

ChooseEpochs = Annotated[
    bool,
    typer.Option(
        "--choose-epochs/--no-choose-epochs",
        help="Pick the passes on a dev split (the last 10% of the training lines); "
        "--no-choose-epochs makes exactly --epochs passes (for data too small to split).",
    ),
]
Names = Annotated[
    Literal["split", "whole"],
    typer.Option(
        "--names",
        help="People's Daily (pd) data: split keeps a name as surname + given name (江 泽民, "
        "the corpus's and PKU's standard); whole joins them into one word (江泽民, as Weibo, "
        "MSRA and most of today's text).",
    ),
]

# keyword options, shared by ``nlptk keywords`` and ``nlptk spark keywords``
PosFilter = Annotated[
    Optional[str],
    typer.Option(
        "--pos",
        metavar="TAGS",
        help="Comma-separated POS tags to keep (default: none for tfidf, ns,n,vn,v for textrank).",
    ),
]
IdfFile = Annotated[
    Optional[str],
    typer.Option("--idf", metavar="FILE", help="IDF file (word idf lines); jieba's by default."),
]
StopWordsFile = Annotated[
    Optional[str],
    typer.Option("--stop-words", metavar="FILE", help="Extra stop words, one per line (UTF-8)."),
]


def split_tags(value: Optional[str]) -> Optional[tuple[str, ...]]:
    """``--pos a,b`` as a tuple of tags; ``None`` (the method's default filter) when absent."""
    return tuple(t for t in value.split(",") if t) if value is not None else None
