"""cli: ``nlptk ner``, ``nlptk train ner`` and ``nlptk eval ner`` — named entities."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from nlptk.cli._options import Encoding, Errors, Inputs, Jobs, Model, Output
from nlptk.cli._output import write_chunks
from nlptk.io import check_inputs, iter_lines

# Option declarations used by more than one of the commands below.
DataFormat = Annotated[
    str,
    typer.Option(
        "--format",
        help="pd (People's Daily word/tag lines: nr→PER, ns→LOC, nt→ORG), conll (token ... "
        "IOB2-tag columns), bio, bioes or bmes (token<TAB>tag columns).",
    ),
]
Split = Annotated[
    str,
    typer.Option("--split", help="all, train (first 90% of the sentences) or test (the last 10%)."),
]
Repair = Annotated[
    bool,
    typer.Option(
        "--repair-tags",
        help="Read ill-formed tag sequences as conlleval does instead of stopping.",
    ),
]
Types = Annotated[
    Optional[str],
    typer.Option("--types", help="Keep only these entity types, e.g. PER,LOC,ORG."),
]
PdMap = Annotated[
    Optional[str],
    typer.Option(
        "--pd-map",
        help="People's Daily mappings (comma-separated, or all): abbrev (one-character j → "
        "LOC), theory (the name in 邓小平理论 → PER), compound (中国/ns 共产党/n → one ORG), "
        "time (t runs → TIME), number (m + q → PERCENT, MONEY, QUANTITY).",
    ),
]
Engine = Annotated[
    Optional[str],
    typer.Option(
        "--engine",
        help="perceptron (the default, the most accurate) or hmm (shipped zh/en models, or "
        "--model from nlptk train ner) or bert (--model from nlptk bert train --task ner). "
        "A --model names its own; leave this out.",
        show_default=False,
    ),
]


def ner_cli(
    files: Inputs = None,
    lang: Annotated[
        str,
        typer.Option("--lang", help="zh, en, or auto (per line: Han characters → zh)."),
    ] = "auto",
    model: Model = None,
    engine: Engine = None,
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            help='spans (JSONL {"text", "entities": [{"text", "label", "start", "end"}]}), '
            "conll (token<TAB>tag lines, a blank line after each input line) or inline "
            "([江泽民]PER).",
        ),
    ] = "spans",
    scheme: Annotated[
        str, typer.Option("--scheme", help="Tags for --format conll: bioes or bio.")
    ] = "bioes",
    types: Types = None,
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Find person, place and organisation names (the default Chinese model also finds
    times, money, percentages and quantities), one output line per input line.

    Example: echo 江泽民在北京会见克林顿 | nlptk ner --format inline
    →  [江泽民]PER在[北京]LOC会见[克林顿]PER
    """
    from nlptk.ner.data import parse_types
    from nlptk.ner.recognizer import Recognizer, ner_stream

    paths = check_inputs(files or [], encoding, errors)
    rec = Recognizer(engine=engine, model=model, lang=lang, types=parse_types(types))
    if jobs > 1 and rec.engine == "bert":
        raise typer.BadParameter("a BERT model batches and threads on its own; leave out -j")
    chunks = ner_stream(rec, iter_lines(paths, encoding, errors), fmt=fmt, scheme=scheme, jobs=jobs)
    write_chunks(chunks, output)


def train_ner_cli(
    data: Annotated[str, typer.Option("--data", help="Tagged training data ('-' is stdin).")],
    output: Annotated[str, typer.Option("-o", "--output", help="Model directory to write.")],
    fmt: DataFormat = "pd",
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    split: Split = "all",
    test: Annotated[
        Optional[list[str]],
        typer.Option("--test", help="Gold file to score after training (repeatable)."),
    ] = None,
    test_format: Annotated[
        Optional[str], typer.Option("--test-format", help="Format of --test (default --format).")
    ] = None,
    min_count: Annotated[
        Optional[int],
        typer.Option("--min-count", min=1, help="Tokens rarer than this train the shapes."),
    ] = None,
    alpha: Annotated[Optional[float], typer.Option("--alpha", help="Emission smoothing.")] = None,
    engine: Annotated[
        str, typer.Option("--engine", help="hmm (the default) or perceptron.")
    ] = "hmm",
    epochs: Annotated[
        Optional[int],
        typer.Option("--epochs", min=1, help="Perceptron passes (default 12 for zh, 10 for en)."),
    ] = None,
    min_weight: Annotated[
        float,
        typer.Option(
            "--min-weight",
            min=0.0,
            help="Perceptron: drop weight rows within ±this (1 halves a PD98 model; 0 keeps all).",
        ),
    ] = 0.0,
    licence: Annotated[
        str, typer.Option("--licence", help="Licence note for meta.json (the data's terms).")
    ] = "",
    repair: Repair = False,
    pd_map: PdMap = None,
) -> None:
    """Train an entity tagger: HMM (hmm.npz, vocab.json) or perceptron (weights.bin,
    lexicon.json, dict.txt), and meta.json, in -o DIR.

    Example: nlptk train ner --data 199801.txt --format pd --split train --lang zh -o my-ner
    """
    from nlptk.cli._output import err_console
    from nlptk.ner.data import parse_pd_map
    from nlptk.ner.train import train_ner

    meta = train_ner(
        data,
        fmt,
        lang,
        output,
        split,
        test or [],
        test_format,
        min_count,
        alpha,
        licence=licence,
        repair=repair,
        engine=engine,
        epochs=epochs,
        pd_map=parse_pd_map(pd_map),
        min_weight=min_weight,
    )
    scores = ", ".join(f"{k} F1 {v['micro']['f1']:.4f}" for k, v in meta["metrics"].items())
    err_console().print(
        f"trained on {meta['data']['sentences']} sentences → {output}"
        + (f" ({scores})" if scores else "")
    )


def eval_ner_cli(
    gold: Annotated[str, typer.Option("--gold", help="Gold tagged data ('-' is stdin).")],
    fmt: DataFormat = "bio",
    lang: Annotated[
        Optional[str],
        typer.Option("--lang", help="zh or en (picks the shipped model; guessed if absent)."),
    ] = None,
    model: Model = None,
    engine: Engine = None,
    split: Split = "all",
    pred: Annotated[
        Optional[str],
        typer.Option("--pred", help="Score this file of predicted tags instead of a model."),
    ] = None,
    pred_format: Annotated[
        Optional[str], typer.Option("--pred-format", help="Format of --pred (default --format).")
    ] = None,
    repair: Repair = False,
    types: Types = None,
    pd_map: PdMap = None,
    output: Output = "-",
) -> None:
    """Strict entity precision/recall/F1 (conlleval's): table on stderr, JSON on stdout.

    Example: nlptk eval ner --gold msra_test_bio.txt --format bio --types PER,LOC,ORG > scores.json
    """
    from nlptk.cli._output import emit_eval
    from nlptk.ner.evaluate import evaluate_ner, report_rows

    result = evaluate_ner(
        gold, fmt, lang, split, model, engine, pred, pred_format, repair, types, pd_map
    )
    title = f"NER {result.get('model') or result.get('pred')} on {result['data']['file']}"
    emit_eval(
        result,
        title,
        ("type", "precision", "recall", "f1", "support"),
        report_rows(result),
        output,
    )
