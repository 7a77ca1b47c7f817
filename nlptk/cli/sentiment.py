"""cli: ``nlptk sentiment``, ``nlptk train sentiment``, ``nlptk train lexicon`` and
``nlptk eval sentiment`` — thin wrappers over ``nlptk.sentiment.methods*``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import AutoLang, Encoding, Errors, Inputs, Jobs, ModelDir, Output
from nlptk.cli._output import working, write_chunks
from nlptk.cli._params import choices_text
from nlptk.io import check_inputs, iter_lines
from nlptk.readers.labelled import LABEL_FORMATS
from nlptk.readers.split import SPLITS

# The library's choices (``methods.METHODS`` and ``FORMATS``, ``base.UNITS``,
# ``train.TRAINABLE``, ``documents.AGGREGATES``, ``evaluate.NEUTRAL_POLICIES``), spelled
# here because those modules import numpy, which building a command (and ``nlptk --help``,
# which builds every one) must not; tests/cli/test_sentiment_cli.py holds them equal.
METHOD_NAMES = ("hybrid", "lexicon", "nb", "maxent", "svm", "nbsvm", "snownlp", "textblob", "bert")
TRAINABLE = ("nb", "maxent", "svm", "nbsvm", "lexicon")
UNITS = ("document", "sentence")
FORMATS = ("text", "jsonl")
AGGREGATES = ("document", "sentences")
NEUTRAL_POLICIES = ("error", "negative")

#: Why the default is the default, as measured (README, "Choosing the default").
DEFAULT_NOTE = (
    "default hybrid (nbsvm log-odds + lexicon rules): behavioural suite zh 0.979, en 0.958 "
    "(blind suite 2: zh 0.939, en 0.952); unseen ChnSentiCorp test 0.9194, SST-2 test 0.8276"
)

Engine = Annotated[
    Optional[Literal[METHOD_NAMES]],
    typer.Option(
        "--engine",
        help="The method: hybrid (classifier log-odds plus lexicon rules), lexicon (rules "
        "over an opinion lexicon), nb, maxent, svm, nbsvm (shipped models, or a --model "
        "from nlptk train sentiment), snownlp (zh), textblob (en) or bert (a --model from "
        f"nlptk bert train); {DEFAULT_NOTE}; or the --model's own.",
        show_default=False,
    ),
]
SentimentModel = Annotated[
    Optional[str],
    typer.Option(
        "--model",
        metavar="NAME|DIR",
        help="A sentiment model directory (from nlptk train sentiment/lexicon, or "
        "nlptk bert train --task sentiment) or a shipped model's name.",
    ),
]
DataFormat = Annotated[
    Literal[LABEL_FORMATS],
    typer.Option(
        "--format",
        help="Format of the data: tsv (header with a 'label' column), sst ('label text' "
        "lines) or lines-pos-neg (give the positive file; 'pos' → 'neg' in its name is the "
        "negative one).",
    ),
]
Split = Annotated[
    Literal[SPLITS],
    typer.Option(
        "--split",
        help="all lines; or, for line-ordered corpora, train / test: each file deduplicated, "
        "its first 90% / last 10%.",
    ),
]
Lexicons = Annotated[
    Optional[list[str]],
    typer.Option(
        "--lexicon",
        metavar="FILE|DIR|NAME",
        help="Lexicon file (word<TAB>weight), lexicon model directory or shipped name "
        "(seed, textblob); repeatable, later ones win.",
    ),
]
Aggregate = Annotated[
    Literal[AGGREGATES],
    typer.Option(
        "--aggregate",
        help="document (score a line as one text) or sentences (a line of 3 or more "
        "sentences: the length-weighted mean of its sentences' scores).",
    ),
]


def _aggregated(analyzer, aggregate: str):  # noqa: ANN001, ANN202
    from nlptk.sentiment.documents import aggregated

    return aggregated(analyzer, aggregate)


def _analyzer(method: Optional[str], model: Optional[str], lang: str, lexicons: list[str]):  # noqa: ANN202
    from nlptk.sentiment.methods import build_analyzer, lexicon_analyzer, load_analyzer

    if model is not None:
        return load_analyzer(model, method, lang)
    if lexicons:
        if method not in (None, "lexicon"):
            raise typer.BadParameter("--lexicon goes with --engine lexicon")
        return lexicon_analyzer(lang, lexicons)
    from nlptk.sentiment.methods import DEFAULT_METHOD

    return build_analyzer(method or DEFAULT_METHOD, lang)


def sentiment_cli(
    files: Inputs = None,
    engine: Engine = None,
    model: SentimentModel = None,
    lang: AutoLang = "auto",
    unit: Annotated[
        Literal[UNITS],
        typer.Option("--unit", help="document (one result a line) or sentence."),
    ] = "document",
    fmt: Annotated[
        Literal[FORMATS],
        typer.Option(
            "--format",
            help="text ('label<TAB>score', per sentence in sentence mode) or jsonl "
            '({"text", "sentiment": {"label", "score", "probability", "subjectivity"}}, or '
            '"sentences": a list of those with each sentence\'s text and offsets).',
        ),
    ] = "text",
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Add the words that moved the score (hybrid, lexicon)."),
    ] = False,
    lexicon: Lexicons = None,
    aggregate: Aggregate = "document",
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Sentiment of each line or sentence: a label and a score in [-1, 1].

    Labels are positive, negative or neutral; one output line per input line.

    Example: echo 房间不干净，早餐太差了！ | nlptk sentiment --explain  →
    negative  -1.0000  干净:-0.91 太差:-1.17
    """
    from nlptk.sentiment.methods import analyze_lines, format_results

    paths = check_inputs(files or [], encoding, errors)
    analyzer = _analyzer(engine, model, lang, lexicon or [])
    if aggregate != "document" and unit == "sentence":
        raise typer.BadParameter("--aggregate sentences goes with --unit document")
    analyzer = _aggregated(analyzer, aggregate)
    if explain and analyzer.method not in ("hybrid", "lexicon"):
        raise typer.BadParameter("--explain works with the hybrid and lexicon methods only")
    if jobs > 1 and analyzer.method == "bert":
        raise typer.BadParameter("a BERT model batches and threads on its own; leave out -j")
    explainer = analyzer.explain if explain else None  # type: ignore[attr-defined]
    results = analyze_lines(analyzer, iter_lines(paths, encoding, errors), unit, jobs)
    write_chunks(
        (format_results(line, r, fmt, unit, explainer) + "\n" for line, r in results), output
    )


def _params(pairs: list[str]) -> dict:
    params = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise typer.BadParameter(f"--param expects KEY=VALUE, got {pair!r}")
        try:
            params[key] = json.loads(value)
        except json.JSONDecodeError:
            params[key] = value
    return params


def _train(
    method: str,
    data: str,
    fmt: str,
    split: str,
    lang: str,
    output: str,
    params: dict,
    gold: Optional[str],
    note: Optional[str],
) -> None:
    from nlptk.cli._output import err_console
    from nlptk.sentiment.train import train_sentiment

    check_inputs([data] + ([gold] if gold else []))
    with working(f"training {method} on {data}" + (f", then scoring {gold}" if gold else "")):
        extras = train_sentiment(method, data, fmt, output, split, lang, params, gold, note)
    metrics = extras.get("metrics")
    summary = f"{method} ({extras['lang']}) on {extras['data']['documents']} documents → {output}"
    if metrics:
        unseen = metrics["unseen"]
        summary += f"; held-out accuracy {metrics['accuracy']:.4f}" + (
            f", unseen {unseen['accuracy']:.4f} (n={unseen['n']})"
            if unseen["accuracy"] is not None
            else ", no unseen items"
        )
    err_console().print(summary, soft_wrap=True)


TrainData = Annotated[
    str, typer.Option("--data", metavar="FILE", help="Labelled training data.", show_default=False)
]
HeldOut = Annotated[
    Optional[str],
    typer.Option(
        "--gold",
        metavar="FILE",
        help="Held-out data scored into meta.json (default: the test split when --split train).",
    ),
]
Note = Annotated[
    Optional[str],
    typer.Option("--note", metavar="TEXT", help="Data/licence note for the model card."),
]


def train_sentiment_cli(
    data: TrainData,
    output: ModelDir,
    engine: Annotated[
        Literal[TRAINABLE],
        typer.Option(
            "--engine",
            help="The method to fit (lexicon: as nlptk train lexicon, with its defaults).",
        ),
    ] = "maxent",
    fmt: DataFormat = "tsv",
    split: Split = "all",
    lang: AutoLang = "auto",
    param: Annotated[
        Optional[list[str]],
        typer.Option(
            "--param",
            metavar="KEY=VALUE",
            help="Hyperparameter (e.g. C=1.0, max_features=20000); repeatable.",
        ),
    ] = None,
    gold: HeldOut = None,
    note: Note = None,
) -> None:
    """Train a sentiment classifier into a model directory.

    The directory holds meta.json, plain arrays and the training-data fingerprint; no pickle.

    Example: nlptk train sentiment --engine svm --data train.tsv --format tsv -o my-svm
    """
    _train(engine, data, fmt, split, lang, output, _params(param or []), gold, note)


def train_lexicon_cli(
    data: TrainData,
    output: ModelDir,
    fmt: DataFormat = "tsv",
    split: Split = "all",
    lang: AutoLang = "auto",
    lexicon: Lexicons = None,
    min_docs: Annotated[
        int, typer.Option("--min-docs", metavar="N", help="Minimum document count.")
    ] = 5,
    min_z: Annotated[float, typer.Option("--min-z", help="Minimum |log-odds z-score|.")] = 2.58,
    max_words: Annotated[
        int, typer.Option("--max-words", metavar="N", help="Lexicon size cap.")
    ] = 5000,
    gold: HeldOut = None,
    note: Note = None,
) -> None:
    """Build an opinion lexicon from labelled data into a lexicon model directory.

    Words are scored by log-odds with an informative Dirichlet prior; base lexicons
    (--lexicon) are kept under the induced words.

    Example: nlptk train lexicon --data train.tsv --format tsv -o my-lexicon
    """
    params = {
        "lexicons": lexicon or [],
        "min_docs": min_docs,
        "min_z": min_z,
        "max_words": max_words,
    }
    _train("lexicon", data, fmt, split, lang, output, params, gold, note)


def _engines(value: str) -> list[str]:
    """``--engine a,b`` of ``nlptk eval sentiment``: the methods, each one of
    ``METHOD_NAMES`` (a usage error names them)."""
    names = [m.strip() for m in value.split(",") if m.strip()]
    bad = [m for m in names if m not in METHOD_NAMES]
    if bad or not names:
        raise typer.BadParameter(
            f"{', '.join(map(repr, bad)) or 'no method'}: choose among "
            f"{choices_text(METHOD_NAMES)} (comma-separated)",
            param_hint="'--engine'",
        )
    return names


def eval_sentiment_cli(
    gold: Annotated[
        Optional[str],
        typer.Option("--gold", metavar="FILE", help="Labelled test data.", show_default=False),
    ] = None,
    suite: Annotated[
        Optional[str],
        typer.Option(
            "--suite",
            metavar="FILE",
            help="A behavioural suite (label, text, group columns; nlptk's are "
            "tests/data/sentiment/suite.{zh,en}.tsv): pass rate per group.",
        ),
    ] = None,
    fmt: DataFormat = "tsv",
    split: Split = "all",
    model: SentimentModel = None,
    engine: Annotated[
        Optional[str],
        typer.Option(
            "--engine",
            metavar="M1,M2,...",
            help=f"Comma-separated methods to compare, among {choices_text(METHOD_NAMES)} "
            "(bert needs --model).",
        ),
    ] = None,
    lang: AutoLang = "auto",
    lexicon: Lexicons = None,
    aggregate: Aggregate = "document",
    neutral: Annotated[
        Literal[NEUTRAL_POLICIES],
        typer.Option(
            "--neutral",
            help="How a neutral answer scores on positive/negative data: error, or negative "
            "(the 'polarity > 0 is positive' reading).",
        ),
    ] = "error",
    plot: Annotated[
        Optional[str],
        typer.Option("--plot", metavar="FILE", help="Also draw the comparison to this PNG."),
    ] = None,
    output: Output = "-",
) -> None:
    """Score sentiment methods or a model (the default method without either): accuracy,
    macro-F1, confusion matrix; or, with --suite, the pass rate per group.

    Each on all test items and on those unseen in training; a table on stderr, one JSON
    object on stdout or -o FILE.

    Example: nlptk eval sentiment --gold test.tsv --engine lexicon,nb,svm 2>/dev/null | jq .
    """
    from nlptk.cli._output import emit_eval, err_console
    from nlptk.sentiment.data import load_labelled
    from nlptk.sentiment.evaluate import evaluate, plot_comparison
    from nlptk.sentiment.methods import DEFAULT_METHOD

    if model is not None and engine is not None:
        raise typer.BadParameter("give --model DIR or --engine M1,M2,..., not both")
    if (gold is None) == (suite is None):
        raise typer.BadParameter("give either --gold FILE or --suite FILE")
    names = _engines(engine or DEFAULT_METHOD) if model is None else []
    check_inputs([gold or suite])  # type: ignore[list-item]
    if model is not None:
        analyzers = {model: _analyzer(None, model, lang, [])}
    else:
        analyzers = {
            name: _analyzer(name, None, lang, lexicon or [] if name == "lexicon" else [])
            for name in names
        }
    if suite is not None:
        _eval_suite(suite, {n: _aggregated(a, aggregate) for n, a in analyzers.items()}, output)
        return
    docs = load_labelled(gold, fmt, split)  # type: ignore[arg-type]
    results = {}
    for name, analyzer in analyzers.items():
        with working(f"scoring {Path(name).name} on {gold}"):
            results[name] = evaluate(_aggregated(analyzer, aggregate), docs, neutral)
    console = err_console()
    rows = []
    for name, r in results.items():
        short = Path(name).name
        for label, row in r["confusion"].items():
            cells = ", ".join(f"{pred} {n}" for pred, n in row.items())
            console.print(f"{short} confusion, gold {label}: {cells}", soft_wrap=True)
        u = r["unseen"] or {"accuracy": None, "macro_f1": None, "n": None}
        unseen = ["-" if u[k] is None else u[k] for k in ("accuracy", "macro_f1", "n")]
        rows.append((short, r["accuracy"], r["macro_f1"], r["n"], *unseen))
    title = f"sentiment on {gold}" + ("" if split == "all" else f" ({split} split)")
    if plot:
        plot_comparison(results, plot, title)
    emit_eval(
        next(iter(results.values())) if engine is None else results,
        title,
        ["method", "accuracy", "macro-F1", "n", "unseen acc", "unseen F1", "unseen n"],
        rows,
        output,
    )


def _eval_suite(path: str, analyzers: dict, output: str) -> None:
    """Pass rate per group of each analyzer on a behavioural suite: a table on stderr
    (groups down, methods across), the JSON on stdout or -o FILE."""
    from nlptk.cli._output import emit_eval
    from nlptk.sentiment.evaluate import read_suite, run_suite

    cases = read_suite(path)
    results = {name: run_suite(a, cases) for name, a in analyzers.items()}
    names = [Path(n).name for n in results]
    groups = list(next(iter(results.values()))["groups"])
    rows = [
        (g, *(r["groups"][g]["pass_rate"] for r in results.values()), r0["groups"][g]["n"])
        for g in groups
        for r0 in [next(iter(results.values()))]
    ]
    rows.append(("all", *(r["pass_rate"] for r in results.values()), len(cases)))
    emit_eval(results, f"behavioural suite {path}", ["group", *names, "n"], rows, output)
