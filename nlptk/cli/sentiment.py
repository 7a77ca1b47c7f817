"""cli: ``nlptk sentiment``, ``nlptk train sentiment``, ``nlptk train lexicon`` and
``nlptk eval sentiment`` — thin wrappers over ``nlptk.sentiment.analyze*``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Output
from nlptk.cli._output import write_chunks
from nlptk.io import check_inputs, iter_lines

METHOD_NAMES = "hybrid, lexicon, nb, maxent, svm, nbsvm, snownlp, textblob, bert (needs --model)"
#: Why the default is the default, as measured (README, "Choosing the default").
DEFAULT_NOTE = (
    "default hybrid (nbsvm log-odds + lexicon rules): behavioural suite zh 0.973, en 0.958; "
    "unseen ChnSentiCorp test 0.9148, SST-2 test 0.8276"
)

Method = Annotated[
    Optional[str],
    typer.Option("--method", help=f"{METHOD_NAMES}; {DEFAULT_NOTE}; or the --model's own."),
]
SentimentModel = Annotated[
    Optional[str],
    typer.Option(
        "--model",
        help="A sentiment model directory (from nlptk train sentiment/lexicon, or "
        "nlptk bert train --task sentiment).",
    ),
]
Lang = Annotated[
    str, typer.Option("--lang", help="zh, en, or auto (chosen per text by its script).")
]
DataFormat = Annotated[
    str,
    typer.Option(
        "--format",
        help="tsv (header with a 'label' column), sst ('label text' lines) or lines-pos-neg "
        "(give the positive file; 'pos' → 'neg' in its name is the negative one).",
    ),
]
Split = Annotated[
    str,
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
        help="Lexicon file (word<TAB>weight), lexicon model directory or shipped name "
        "(seed, textblob); repeatable, later ones win.",
    ),
]
Aggregate = Annotated[
    str,
    typer.Option(
        "--aggregate",
        help="document (score a line as one text) or sentences (a line of 3 or more "
        "sentences: the length-weighted mean of its sentences' scores).",
    ),
]


def _check_aggregate(aggregate: str) -> None:
    from nlptk.sentiment.documents import AGGREGATES

    if aggregate not in AGGREGATES:
        raise typer.BadParameter(f"--aggregate must be one of {', '.join(AGGREGATES)}")


def _aggregated(analyzer, aggregate: str):  # noqa: ANN001, ANN202
    from nlptk.sentiment.documents import aggregated

    _check_aggregate(aggregate)
    return aggregated(analyzer, aggregate)


def _analyzer(method: Optional[str], model: Optional[str], lang: str, lexicons: list[str]):  # noqa: ANN202
    from nlptk.sentiment.analyze import build_analyzer, lexicon_analyzer, load_analyzer

    if model is not None:
        return load_analyzer(model, method, lang)
    if lexicons:
        if method not in (None, "lexicon"):
            raise typer.BadParameter("--lexicon goes with --method lexicon")
        return lexicon_analyzer(lang, lexicons)
    from nlptk.sentiment.analyze import DEFAULT_METHOD

    return build_analyzer(method or DEFAULT_METHOD, lang)


def sentiment_cli(
    files: Inputs = None,
    method: Method = None,
    model: SentimentModel = None,
    lang: Lang = "auto",
    unit: Annotated[
        str, typer.Option("--unit", help="document (one result a line) or sentence.")
    ] = "document",
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help="text ('label<TAB>score', per sentence in sentence mode) or jsonl "
            "(label, score, probability, subjectivity, text, offsets).",
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
    from nlptk.sentiment.analyze import FORMATS, UNITS, analyze, format_results

    if fmt not in FORMATS:
        raise typer.BadParameter(f"--format must be one of {', '.join(FORMATS)}")
    if unit not in UNITS:
        raise typer.BadParameter(f"--unit must be one of {', '.join(UNITS)}")
    paths = check_inputs(files or [], encoding, errors)
    analyzer = _analyzer(method, model, lang, lexicon or [])
    if aggregate != "document" and unit == "sentence":
        raise typer.BadParameter("--aggregate sentences goes with --unit document")
    analyzer = _aggregated(analyzer, aggregate)
    if explain and analyzer.method not in ("hybrid", "lexicon"):
        raise typer.BadParameter("--explain works with the hybrid and lexicon methods only")
    if jobs > 1 and analyzer.method == "bert":
        raise typer.BadParameter("a BERT model batches and threads on its own; leave out -j")
    explainer = analyzer.explain if explain else None  # type: ignore[attr-defined]
    results = analyze(analyzer, iter_lines(paths, encoding, errors), unit, jobs)
    write_chunks((format_results(r, fmt, unit, explainer) + "\n" for r in results), output)


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
    train: str,
    fmt: str,
    split: str,
    lang: str,
    output: str,
    params: dict,
    test: Optional[str],
    note: Optional[str],
) -> None:
    from nlptk.cli._output import err_console
    from nlptk.sentiment.train import train_sentiment

    check_inputs([train] + ([test] if test else []))
    extras = train_sentiment(method, train, fmt, output, split, lang, params, test, note)
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


Train = Annotated[str, typer.Option("--train", help="Labelled training data.")]
TestFile = Annotated[
    Optional[str],
    typer.Option(
        "--test",
        help="Held-out data scored into meta.json (default: the test split when --split train).",
    ),
]
Note = Annotated[
    Optional[str], typer.Option("--note", help="Data/licence note for the model card.")
]
ModelDir = Annotated[str, typer.Option("-o", "--output", help="Model directory to write.")]


def train_sentiment_cli(
    train: Train,
    output: ModelDir,
    method: Annotated[
        str, typer.Option("--method", help="nb, maxent, svm, nbsvm or lexicon.")
    ] = "maxent",
    fmt: DataFormat = "tsv",
    split: Split = "all",
    lang: Lang = "auto",
    param: Annotated[
        Optional[list[str]],
        typer.Option("--param", help="Hyperparameter KEY=VALUE (e.g. C=1.0, max_features=20000)."),
    ] = None,
    test: TestFile = None,
    note: Note = None,
) -> None:
    """Train a sentiment classifier into a model directory.

    The directory holds meta.json, plain arrays and the training-data fingerprint; no pickle.

    Example: nlptk train sentiment --method svm --train train.tsv --format tsv -o my-svm
    """
    _train(method, train, fmt, split, lang, output, _params(param or []), test, note)


def train_lexicon_cli(
    train: Train,
    output: ModelDir,
    fmt: DataFormat = "tsv",
    split: Split = "all",
    lang: Lang = "auto",
    lexicon: Lexicons = None,
    min_docs: Annotated[int, typer.Option("--min-docs", help="Minimum document count.")] = 5,
    min_z: Annotated[float, typer.Option("--min-z", help="Minimum |log-odds z-score|.")] = 2.58,
    max_words: Annotated[int, typer.Option("--max-words", help="Lexicon size cap.")] = 5000,
    test: TestFile = None,
    note: Note = None,
) -> None:
    """Build an opinion lexicon from labelled data into a lexicon model directory.

    Words are scored by log-odds with an informative Dirichlet prior; base lexicons
    (--lexicon) are kept under the induced words.

    Example: nlptk train lexicon --train train.tsv --format tsv -o my-lexicon
    """
    params = {
        "lexicons": lexicon or [],
        "min_docs": min_docs,
        "min_z": min_z,
        "max_words": max_words,
    }
    _train("lexicon", train, fmt, split, lang, output, params, test, note)


def eval_sentiment_cli(
    test: Annotated[
        Optional[str], typer.Option("--gold", "--test", help="Labelled test data.")
    ] = None,
    suite: Annotated[
        Optional[str],
        typer.Option(
            "--suite",
            help="A behavioural suite (label, text, group columns; nlptk's are "
            "tests/data/sentiment/suite.{zh,en}.tsv): pass rate per group.",
        ),
    ] = None,
    fmt: DataFormat = "tsv",
    split: Split = "all",
    model: SentimentModel = None,
    methods: Annotated[
        Optional[str],
        typer.Option("--methods", help=f"Comma-separated methods to compare ({METHOD_NAMES})."),
    ] = None,
    lang: Lang = "auto",
    lexicon: Lexicons = None,
    aggregate: Aggregate = "document",
    neutral: Annotated[
        str,
        typer.Option(
            "--neutral",
            help="How a neutral answer scores on positive/negative data: error, or negative "
            "(the 'polarity > 0 is positive' reading).",
        ),
    ] = "error",
    plot: Annotated[
        Optional[str], typer.Option("--plot", help="Also draw the comparison to this PNG.")
    ] = None,
    output: Output = "-",
) -> None:
    """Score sentiment methods or a model (the default method without either): accuracy,
    macro-F1, confusion matrix; or, with --suite, the pass rate per group.

    Each on all test items and on those unseen in training; a table on stderr, one JSON
    object on stdout or -o FILE.

    Example: nlptk eval sentiment --gold test.tsv --methods lexicon,nb,svm 2>/dev/null | jq .
    """
    from nlptk.cli._output import emit_eval, err_console
    from nlptk.sentiment.analyze import DEFAULT_METHOD
    from nlptk.sentiment.data import load_labelled
    from nlptk.sentiment.evaluate import NEUTRAL_POLICIES, evaluate, plot_comparison

    if model is not None and methods is not None:
        raise typer.BadParameter("give --model DIR or --methods M1,M2,..., not both")
    if (test is None) == (suite is None):
        raise typer.BadParameter("give either --gold FILE or --suite FILE")
    if neutral not in NEUTRAL_POLICIES:
        raise typer.BadParameter(f"--neutral must be one of {', '.join(NEUTRAL_POLICIES)}")
    _check_aggregate(aggregate)
    check_inputs([test or suite])  # type: ignore[list-item]
    if model is not None:
        analyzers = {model: _analyzer(None, model, lang, [])}
    else:
        names = [m.strip() for m in (methods or DEFAULT_METHOD).split(",") if m.strip()]
        analyzers = {
            name: _analyzer(name, None, lang, lexicon or [] if name == "lexicon" else [])
            for name in names
        }
    if suite is not None:
        _eval_suite(suite, {n: _aggregated(a, aggregate) for n, a in analyzers.items()}, output)
        return
    docs = load_labelled(test, fmt, split)  # type: ignore[arg-type]
    results = {
        name: evaluate(_aggregated(a, aggregate), docs, neutral) for name, a in analyzers.items()
    }
    console = err_console()
    rows = []
    for name, r in results.items():
        short = Path(name).name
        for gold, row in r["confusion"].items():
            cells = ", ".join(f"{pred} {n}" for pred, n in row.items())
            console.print(f"{short} confusion, gold {gold}: {cells}", soft_wrap=True)
        u = r["unseen"] or {"accuracy": None, "macro_f1": None, "n": None}
        unseen = ["-" if u[k] is None else u[k] for k in ("accuracy", "macro_f1", "n")]
        rows.append((short, r["accuracy"], r["macro_f1"], r["n"], *unseen))
    title = f"sentiment on {test}" + ("" if split == "all" else f" ({split} split)")
    if plot:
        plot_comparison(results, plot, title)
    emit_eval(
        next(iter(results.values())) if methods is None else results,
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
