"""cli: ``nlptk ner``, ``nlptk train ner`` and ``nlptk eval ner`` — named entities."""

from __future__ import annotations

from typing import Annotated, Literal, Optional

import typer

from nlptk.cli._options import (
    AutoLang,
    Encoding,
    Errors,
    Gold,
    Inputs,
    Jobs,
    Lang,
    Model,
    ModelDir,
    Output,
)
from nlptk.cli._output import progress, working, write_chunks
from nlptk.io import check_inputs, iter_lines
from nlptk.ner.data import NER_FORMATS
from nlptk.ner.output import OUTPUT_FORMATS, OUTPUT_SCHEMES
from nlptk.readers.split import SPLITS

# Option declarations used by more than one of the commands below.
DataFormat = Annotated[
    Literal[NER_FORMATS],
    typer.Option(
        "--format",
        help="Format of the data: pd (People's Daily word/tag lines: nr→PER, ns→LOC, "
        "nt→ORG), conll (token ... IOB2-tag columns), bio, bioes or bmes (token<TAB>tag "
        "columns).",
    ),
]
Split = Annotated[
    Literal[SPLITS],
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
    typer.Option(
        "--types", metavar="TYPES", help="Keep only these entity types, e.g. PER,LOC,ORG."
    ),
]
PdMap = Annotated[
    Optional[str],
    typer.Option(
        "--pd-map",
        metavar="NAMES",
        help="People's Daily mappings (comma-separated, or all): abbrev (one-character j → "
        "LOC), theory (the name in 邓小平理论 → PER), compound (中国/ns 共产党/n → one ORG), "
        "time (t runs → TIME), number (m + q → PERCENT, MONEY, QUANTITY).",
    ),
]
Engine = Annotated[
    Optional[Literal["hmm", "perceptron", "bert"]],
    typer.Option(
        "--engine",
        help="perceptron (the default, the most accurate) or hmm (shipped zh/en models, or "
        "--model from nlptk train ner) or bert (--model from nlptk bert train --task ner). "
        "A --model names its own; leave this out.",
        show_default=False,
    ),
]

Convention = Annotated[
    Optional[str],
    typer.Option(
        "--convention",
        metavar="NAME",
        help="The annotation convention to tag in, for a Chinese model trained on several "
        "corpora. ner-zh: msra (the default: MSRA's people, places and organisations, 北约 "
        "and 欧盟 included, with People's Daily's times and numbers), pd98 (People's Daily's "
        "throughout), weibo (Weibo NER's names, with People's Daily's times and numbers).",
        show_default=False,
    ),
]


def ner_cli(
    files: Inputs = None,
    lang: AutoLang = "auto",
    model: Model = None,
    engine: Engine = None,
    fmt: Annotated[
        Literal[OUTPUT_FORMATS],
        typer.Option(
            "--format",
            help='jsonl ({"text", "entities": [{"text", "label", "start", "end"}]}), '
            "conll (token<TAB>tag lines, a blank line after each input line) or inline "
            "(\\[江泽民]PER).",
        ),
    ] = "jsonl",
    scheme: Annotated[
        Literal[OUTPUT_SCHEMES],
        typer.Option("--scheme", help="Tags for --format conll: bioes or bio."),
    ] = "bioes",
    types: Types = None,
    convention: Convention = None,
    jobs: Jobs = 1,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Find person, place and organisation names (the default Chinese model also finds
    times, money, percentages and quantities), one output line per input line.

    English documents: input whose first line is -DOCSTART- (CoNLL-2003's document mark)
    is read as documents, the lines between blank or -DOCSTART- lines (at most 1024): the
    default English model reads each line with the rest of its document, whose output is
    written when it ends; a -DOCSTART- line finds nothing. Other input: line by line.

    Example: echo 江泽民在北京会见克林顿 | nlptk ner --format inline
    →  [江泽民]PER在[北京]LOC会见[克林顿]PER
    """
    from nlptk.ner.data import parse_types
    from nlptk.ner.recognizer import Recognizer, ner_stream

    paths = check_inputs(files or [], encoding, errors)
    rec = Recognizer(
        engine=engine, model=model, lang=lang, types=parse_types(types), convention=convention
    )
    if jobs > 1 and rec.engine == "bert":
        raise typer.BadParameter("a BERT model batches and threads on its own; leave out -j")
    chunks = ner_stream(rec, iter_lines(paths, encoding, errors), fmt=fmt, scheme=scheme, jobs=jobs)
    write_chunks(chunks, output)


def train_ner_cli(
    data: Annotated[
        list[str],
        typer.Option(
            "--data",
            metavar="PATH[:FORMAT[:WEIGHT]]",
            help="Training data ('-' is stdin), repeatable: each file in its own format "
            "(default --format) and weight (2: every sentence twice), e.g. --data "
            "199801.txt:pd --data msra_train_bio.txt:bio. With --split train, each file's "
            "last 10% is held out and scored on its own.",
            show_default=False,
        ),
    ],
    output: ModelDir,
    fmt: DataFormat = "pd",
    lang: Lang = "zh",
    split: Split = "all",
    gold: Annotated[
        Optional[list[str]],
        typer.Option(
            "--gold",
            metavar="FILE[:FORMAT]",
            help="Gold file to score after training (repeatable; its format after a colon).",
        ),
    ] = None,
    gold_format: Annotated[
        Optional[Literal[NER_FORMATS]],
        typer.Option("--gold-format", help="Format of --gold (default --format)."),
    ] = None,
    min_count: Annotated[
        Optional[int],
        typer.Option(
            "--min-count", min=1, metavar="N", help="Tokens rarer than this train the shapes."
        ),
    ] = None,
    alpha: Annotated[Optional[float], typer.Option("--alpha", help="Emission smoothing.")] = None,
    engine: Annotated[
        Literal["hmm", "perceptron"], typer.Option("--engine", help="hmm or perceptron.")
    ] = "hmm",
    epochs: Annotated[
        Optional[int],
        typer.Option(
            "--epochs",
            min=1,
            metavar="N",
            help="Perceptron passes (default 12 for zh, 10 for en).",
        ),
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
    features: Annotated[
        Optional[str],
        typer.Option(
            "--features",
            metavar="GROUPS",
            help="Chinese perceptron feature groups beyond the window, dictionary and "
            "gazetteer templates (comma-separated, or none): jieba (jieba's nr/ns/nt words "
            "as gazetteers), window (characters at ±3), words (the pd98-perceptron "
            "segmenter's words), pos (the pos-zh-pd98 tags of those words). "
            "Default: window,words.",
        ),
    ] = None,
    conventions: Annotated[
        Optional[str],
        typer.Option(
            "--conventions",
            metavar="NAMES",
            help="Chinese perceptron on several --data: a name per corpus, in order (e.g. "
            "pd98,msra,weibo). Each corpus's annotation convention (what it marks as an "
            "organisation) is learnt apart from what they share; the model tags in the "
            "one --convention names (default: the first) unless nlptk ner --convention "
            "picks another.",
        ),
    ] = None,
    convention: Convention = None,
    segmenter: Annotated[
        Optional[str],
        typer.Option(
            "--segmenter",
            metavar="MODEL",
            help="Chinese perceptron: the segmenter whose words the words and pos groups read "
            "(default pd98-perceptron; zh-seg keeps names whole).",
        ),
    ] = None,
    pos_tagger: Annotated[
        Optional[str],
        typer.Option(
            "--pos-tagger",
            metavar="MODEL",
            help="Chinese perceptron: the POS tagger whose tags the pos group reads "
            "(default pos-zh-pd98; pos-zh matches zh-seg).",
        ),
    ] = None,
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
        gold or [],
        gold_format,
        min_count,
        alpha,
        licence=licence,
        repair=repair,
        engine=engine,
        epochs=epochs,
        pd_map=parse_pd_map(pd_map),
        min_weight=min_weight,
        track=progress,
        features=_feature_groups(features),
        conventions=[c.strip() for c in (conventions or "").split(",") if c.strip()],
        convention=convention,
        segmenter=segmenter,
        pos_tagger=pos_tagger,
    )
    scores = ", ".join(f"{k} F1 {v['micro']['f1']:.4f}" for k, v in meta["metrics"].items())
    err_console().print(
        f"trained on {meta['data']['sentences']} sentences → {output}"
        + (f" ({scores})" if scores else "")
    )


def _feature_groups(text: str | None) -> tuple[str, ...] | None:
    """``--features jieba,window`` as a tuple (``none``: no group; absent: the default)."""
    if text is None:
        return None
    return tuple(g.strip() for g in text.split(",") if g.strip() and g.strip() != "none")


def eval_ner_cli(
    gold: Gold,
    fmt: DataFormat = "bio",
    lang: Annotated[
        Optional[Literal["zh", "en"]],
        typer.Option(
            "--lang",
            help="zh or en (picks the shipped model; guessed from the data if absent).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
    engine: Engine = None,
    split: Split = "all",
    pred: Annotated[
        Optional[str],
        typer.Option(
            "--pred", metavar="FILE", help="Score this file of predicted tags instead of a model."
        ),
    ] = None,
    pred_format: Annotated[
        Optional[Literal[NER_FORMATS]],
        typer.Option("--pred-format", help="Format of --pred (default --format)."),
    ] = None,
    repair: Repair = False,
    types: Types = None,
    pd_map: PdMap = None,
    convention: Convention = None,
    output: Output = "-",
) -> None:
    """Strict entity precision/recall/F1 (conlleval's): table on stderr, JSON on stdout.

    Example: nlptk eval ner --gold msra_test_bio.txt --format bio --types PER,LOC,ORG > scores.json
    """
    from nlptk.cli._output import emit_eval
    from nlptk.ner.evaluate import evaluate_ner, report_rows

    with working(f"scoring entities on {gold}"):
        result = evaluate_ner(
            gold,
            fmt,
            lang,
            split,
            model,
            engine,
            pred,
            pred_format,
            repair,
            types,
            pd_map,
            convention,
        )
    title = f"NER {result.get('model') or result.get('pred')} on {result['data']['file']}"
    emit_eval(
        result,
        title,
        ("type", "precision", "recall", "f1", "support"),
        report_rows(result),
        output,
    )
