"""cli: ``nlptk segment``, ``nlptk train segment`` and ``nlptk eval segment`` — Chinese word
segmentation of files or stdin (one line per line), training a dictionary + BMES HMM model
from a corpus, and SIGHAN-style word precision, recall, F1 and OOV recall."""

from __future__ import annotations

from typing import Annotated, Any, Literal, Optional

import typer

from nlptk.cli._options import (
    ChooseEpochs,
    Encoding,
    Errors,
    Gold,
    Inputs,
    Jobs,
    Model,
    ModelDir,
    Names,
    Output,
)
from nlptk.cli._output import emit_eval, err_console, progress, working, write_chunks
from nlptk.io import check_inputs, iter_blocks, iter_lines
from nlptk.readers.split import SPLITS
from nlptk.readers.words import SEG_FORMATS
from nlptk.segment.engine import MODES
from nlptk.segment.output import ENGINES, FORMATS

SegEngine = Annotated[
    Optional[Literal[ENGINES]],
    typer.Option(
        "--engine",
        help="dict (the default: dictionary + HMM for unknown words, jieba's or --model from "
        "nlptk train segment), perceptron (pd98-perceptron, or --model from nlptk train "
        "segment --engine perceptron) or bert (--model from nlptk bert train --task segment; "
        "--mode accurate only, no dictionary options). A --model names its own; leave this out.",
        show_default=False,
    ),
]
Split = Annotated[
    Literal[SPLITS],
    typer.Option(
        "--split",
        help="all (the whole file), train (its first 90% of non-empty lines) or test (the "
        "last 10%).",
    ),
]
UserDicts = Annotated[
    Optional[list[str]],
    typer.Option(
        "--user-dict", metavar="FILE", help="User dictionary (word \\[freq] \\[tag]); repeatable."
    ),
]

Convention = Annotated[
    Optional[str],
    typer.Option(
        "--convention",
        metavar="NAME",
        help="A --model trained with --conventions: answer in this corpus's annotation "
        "convention (one of its meta.json's \"conventions\"); the model's default otherwise.",
        show_default=False,
    ),
]


FoldTraditional = Annotated[
    bool,
    typer.Option(
        "--fold-traditional",
        help="Look traditional characters up as simplified in jieba's or --dict's dictionary "
        "(a --model records its own choice).",
    ),
]


def _dict_segmenter(
    model: Optional[str],
    dictionary: Optional[str],
    user_dict: Optional[list[str]],
    hmm: bool,
    fold_traditional: bool,
    convention: Optional[str] = None,
):
    """The dictionary engine's ``Segmenter``: a model's (in ``convention``, for a model
    trained with conventions), or one over jieba's or ``--dict``'s dictionary."""
    from nlptk.segment.segmenter import Segmenter

    _check_model_options(model, dictionary, fold_traditional, convention)
    if model is not None:
        return Segmenter.load(model, user_dict or [], hmm=hmm, convention=convention)
    return Segmenter(dictionary, user_dict or [], hmm=hmm, fold_traditional=fold_traditional)


def _check_model_options(
    model: Optional[str],
    dictionary: Optional[str],
    fold_traditional: bool,
    convention: Optional[str] = None,
) -> None:
    """Usage errors of ``--model`` with the dictionary engine, each naming its own option."""
    if model is None and convention is not None:
        raise typer.BadParameter("--convention picks one of a --model's conventions; add --model")
    if model is not None and dictionary is not None:
        raise typer.BadParameter("--model brings its own dictionary; leave out --dict")
    if model is not None and fold_traditional:
        raise typer.BadParameter("--model records whether it folds; leave out --fold-traditional")


def check_bert_usage(model: Optional[str], dict_options: dict[str, object]) -> None:
    """Usage errors of ``--engine bert``: no ``--model``, or dictionary-engine options."""
    if model is None:
        raise typer.BadParameter("--engine bert needs --model DIR")
    given = [name for name, value in dict_options.items() if value]
    if given:
        raise typer.BadParameter(f"{', '.join(given)}: not used by --engine bert; leave out")


def segment_cli(
    files: Inputs = None,
    mode: Annotated[
        Literal[MODES],
        typer.Option(
            "--mode",
            help="accurate (best route), full (every dictionary "
            "word) or search (accurate plus sub-words of long words).",
        ),
    ] = "accurate",
    no_hmm: Annotated[
        bool, typer.Option("--no-hmm", help="Do not guess unknown words with the HMM.")
    ] = False,
    dictionary: Annotated[
        Optional[str],
        typer.Option(
            "--dict", metavar="FILE", help="Main dictionary (jieba format: word freq \\[tag])."
        ),
    ] = None,
    model: Model = None,
    engine: SegEngine = None,
    user_dict: UserDicts = None,
    delimiter: Annotated[
        str,
        typer.Option(
            "-d",
            "--delimiter",
            metavar="TEXT",
            help="Word separator for --format text (a space by default).",
            show_default=False,
        ),
    ] = " ",
    fmt: Annotated[
        Literal[FORMATS],
        typer.Option(
            "--format",
            help="text (words joined by the delimiter) or jsonl "
            '({"text", "tokens": [{"word", "start", "end"}]}).',
        ),
    ] = "text",
    jobs: Jobs = 1,
    fold_traditional: FoldTraditional = False,
    convention: Convention = None,
    encoding: Encoding = "utf-8",
    errors: Errors = "strict",
    output: Output = "-",
) -> None:
    """Segment Chinese text into words, one output line per input line.

    The default is jieba's dictionary, word for word as jieba 0.42.1 cuts. Which model:
    --model zh-seg for today's or mixed text (news and micro-blogs, names kept whole;
    --convention weibo answers in the Weibo corpus's words, the default in People's Daily's);
    --model pd98-perceptron for PKU-standard output (F1 0.952 on SIGHAN PKU against the
    default's 0.818; names split as 江 泽民). README, nlptk eval segment.

    Example: echo 我来到北京清华大学 | nlptk segment  →  我 来到 北京 清华大学
    """
    from nlptk.segment.model import resolve_engine
    from nlptk.segment.output import segment_stream

    engine, model = resolve_engine(engine, model)
    if engine == "bert":
        check_bert_usage(
            model,
            {
                "--mode": mode != "accurate",
                "--no-hmm": no_hmm,
                "--dict": dictionary,
                "--user-dict": user_dict,
                "-j": jobs > 1,
                "--fold-traditional": fold_traditional,
                "--convention": convention,
            },
        )
    paths = check_inputs(files or [], encoding, errors)
    if engine == "bert":
        from nlptk.segment.bert import bert_segment_stream, load_bert_segmenter

        lines = iter_lines(paths, encoding, errors)
        chunks = bert_segment_stream(load_bert_segmenter(model), lines, fmt, delimiter)
        write_chunks(chunks, output)
        return
    seg = _dict_segmenter(model, dictionary, user_dict, not no_hmm, fold_traditional, convention)
    # bigger blocks when workers share them: fewer hand-offs per line
    blocks = iter_blocks(paths, encoding, errors, size=1 << (16 if jobs == 1 else 20))
    write_chunks(
        segment_stream(seg, blocks, mode=mode, fmt=fmt, delimiter=delimiter, jobs=jobs), output
    )


def train_segment_cli(
    data: Annotated[
        list[str],
        typer.Option(
            "--data",
            metavar="FILE[:FORMAT[:WEIGHT]]",
            help="Segmented training corpus; repeat for several, each with its own format "
            "(default --format) and weight (2 = every sentence twice, 0.2 = a fifth of them).",
            show_default=False,
        ),
    ],
    output: ModelDir,
    fmt: Annotated[
        Literal[SEG_FORMATS],
        typer.Option(
            "--format",
            help="Format of --data: pd (People's Daily word/TAG lines) or words "
            "(whitespace-separated words, as SIGHAN's).",
        ),
    ] = "pd",
    split: Split = "all",
    solo_threshold: Annotated[
        str,
        typer.Option(
            "--solo-threshold",
            metavar="NUMBER|none|auto",
            help="Characters that are single words at least this share of the time are never "
            "merged by the HMM: a number in (0, 1], 'none' (jieba's behaviour) or 'auto' "
            "(the best F1 on a dev split: the last 10% of the training lines).",
        ),
    ] = "auto",
    no_normalize_width: Annotated[
        bool,
        typer.Option(
            "--no-normalize-width",
            help="Keep full-width digits and letters distinct from ASCII in dictionary lookup.",
        ),
    ] = False,
    no_fold_traditional: Annotated[
        bool,
        typer.Option(
            "--no-fold-traditional",
            help="Keep traditional characters distinct from simplified in dictionary lookup.",
        ),
    ] = False,
    alpha: Annotated[
        float, typer.Option("--alpha", min=1e-9, help="Add-alpha smoothing of HMM emissions.")
    ] = 0.1,
    adapt: Annotated[
        Optional[str],
        typer.Option(
            "--adapt",
            metavar="FILE",
            help="Raw text of a new domain: refine the HMM on it with Baum-Welch.",
            show_default=False,
        ),
    ] = None,
    n_iter: Annotated[
        int, typer.Option("--n-iter", min=1, help="Baum-Welch iterations for --adapt.")
    ] = 5,
    adapt_weight: Annotated[
        float,
        typer.Option(
            "--adapt-weight",
            min=0.0,
            help="Weight of the labelled counts against the raw text in --adapt.",
        ),
    ] = 1.0,
    engine: Annotated[
        Literal["dict", "perceptron"],
        typer.Option(
            "--engine",
            help="dict (dictionary + HMM) or perceptron (an averaged-perceptron character "
            "tagger with jackknifed dictionary features).",
        ),
    ] = "dict",
    epochs: Annotated[
        int,
        typer.Option(
            "--epochs",
            min=1,
            help="perceptron: the most passes; the best on a dev split (the last 10% of the "
            "training lines) is kept, then retrained on all lines.",
        ),
    ] = 15,
    update: Annotated[
        Literal["plain", "pa"],
        typer.Option("--update", help="perceptron: plain or passive-aggressive updates."),
    ] = "plain",
    seed: Annotated[int, typer.Option("--seed", help="perceptron: shuffling seed.")] = 0,
    choose_epochs: ChooseEpochs = True,
    names: Names = "split",
    dict_features: Annotated[
        Optional[str],
        typer.Option(
            "--dict-features",
            metavar="jieba|FILE",
            help="perceptron: a second word list whose words become features beside the "
            "training vocabulary's (jieba: the jieba package's dictionary); it never binds "
            "the output, as --user-dict does.",
            show_default=False,
        ),
    ] = None,
    init_model: Annotated[
        Optional[str],
        typer.Option(
            "--init-model",
            metavar="NAME|DIR",
            help="perceptron: start from this model's weights, dictionary and features "
            "(e.g. pd98-perceptron) and train on --data; replay its corpus with a weighted "
            "--data (199801.txt:pd:0.2).",
            show_default=False,
        ),
    ] = None,
    conventions: Annotated[
        Optional[str],
        typer.Option(
            "--conventions",
            metavar="NAME,NAME",
            help="perceptron: one annotation convention's name per --data, in order (e.g. "
            "pd98,weibo): one model learns where the corpora agree and, per convention, where "
            "they differ; nlptk segment --convention NAME picks one.",
            show_default=False,
        ),
    ] = None,
    convention: Annotated[
        Optional[str],
        typer.Option(
            "--convention",
            metavar="NAME",
            help="perceptron: the convention the model answers in by default (the first "
            "of --conventions otherwise).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Train a segmentation model: word frequencies (and POS tags) plus a B/M/E/S HMM, or
    an averaged-perceptron tagger (--engine perceptron).

    Example: nlptk train segment --data 199801.txt --split train -o my-pd98

    Several corpora: --data 199801.txt:pd --data weibo_train.utf8:words:2 (with --split
    train, each corpus's last 10% is held out and scored at the end).
    """
    from nlptk.io import check_inputs
    from nlptk.readers.corpora import parse_corpus
    from nlptk.segment.train import train_segment

    corpora = [parse_corpus(spec, fmt, SEG_FORMATS) for spec in data]
    check_inputs([c.path for c in corpora] + ([adapt] if adapt else []))
    if engine == "perceptron":
        from nlptk.segment.perceptron.train import train_perceptron

        if adapt:
            raise typer.BadParameter("--adapt refines an HMM; not used by --engine perceptron")
        meta = train_perceptron(
            corpora,
            output,
            fmt=fmt,
            split=split,
            epochs=epochs,
            update=update,
            seed=seed,
            choose_epochs=choose_epochs,
            fold_traditional=not no_fold_traditional,
            names=names,
            dict_features=dict_features,
            init_model=init_model,
            conventions=conventions.split(",") if conventions is not None else None,
            convention=convention,
            track=progress,
        )
        _report_perceptron(output, meta)
        return
    if dict_features or init_model or conventions or convention:
        raise typer.BadParameter(
            "--dict-features, --init-model and --conventions train --engine perceptron"
        )
    meta = train_segment(
        corpora,
        output,
        fmt=fmt,
        split=split,
        normalize_width=not no_normalize_width,
        fold_traditional=not no_fold_traditional,
        solo_threshold=solo_threshold,
        alpha=alpha,
        adapt=adapt,
        n_iter=n_iter,
        adapt_weight=adapt_weight,
        names=names,
        track=progress,
    )
    _report(output, meta)


def _report(output: str, meta: dict) -> None:
    """What was trained, on stderr (stdout stays empty: the model is the output)."""
    from rich.table import Table

    table = Table(title=f"nlptk train segment → {output}")
    table.add_column("")
    table.add_column("value", justify="right")
    data, params = meta["data"], meta["params"]
    table.add_row("sentences", str(data["sentences"]))
    table.add_row("words", str(data["words"]))
    table.add_row("dictionary words", str(meta["dictionary_words"]))
    table.add_row("width normalised", str(params["normalize_width"]).lower())
    table.add_row("traditional folded", str(params["fold_traditional"]).lower())
    table.add_row("solo threshold", str(params["solo_threshold"]).lower())
    table.add_row("solo characters", str(meta["solo_chars"]))
    dev = meta["metrics"].get("dev_f1_by_solo_threshold")
    if dev:
        table.add_row(
            "dev F1 (chosen threshold)", f"{dev[str(params['solo_threshold']).lower()]:.4f}"
        )
        table.add_row("dev F1 (no solo characters)", f"{dev['none']:.4f}")
    if meta["adapt"]:
        for i, ll in enumerate(meta["adapt"]["log_likelihood"]):
            table.add_row(f"Baum-Welch log-likelihood, iteration {i}", f"{ll:.1f}")
    _held_out_rows(table, meta)
    err_console().print(table)


def _held_out_rows(table: Any, meta: dict) -> None:
    """One row per corpus: the F1 on its held-out 10% (``--split train``)."""
    for corpus, scores in meta["metrics"].get("held_out", {}).items():
        table.add_row(f"held-out F1 ({corpus})", f"{scores['f1']:.4f}")


def _report_perceptron(output: str, meta: dict) -> None:
    """What ``--engine perceptron`` trained, on stderr."""
    from rich.table import Table

    table = Table(title=f"nlptk train segment --engine perceptron → {output}")
    table.add_column("")
    table.add_column("value", justify="right")
    data, params = meta["data"], meta["params"]
    for label, value in (
        ("sentences", data["sentences"]),
        ("words", data["words"]),
        ("dictionary words", meta["dictionary_words"]),
        ("weight rows", meta["weight_rows"]),
        ("update", params["update"]),
        ("epochs", params["epochs"]),
    ):
        table.add_row(label, str(value))
    for epoch, f1 in enumerate(meta["metrics"]["dev_f1_by_epoch"], 1):
        table.add_row(f"dev F1 after epoch {epoch}", f"{f1:.4f}")
    _held_out_rows(table, meta)
    err_console().print(table)


#: The rows of the ``nlptk eval segment`` table: (label, key of the result).
_ROWS = (
    ("precision", "precision"),
    ("recall", "recall"),
    ("F1", "f1"),
    ("OOV rate", "oov_rate"),
    ("OOV recall", "oov_recall"),
    ("IV recall", "iv_recall"),
    ("gold words", "gold_words"),
    ("predicted words", "pred_words"),
    ("lines", "lines"),
)


def eval_segment_cli(
    gold: Gold,
    fmt: Annotated[
        Literal[SEG_FORMATS],
        typer.Option(
            "--format",
            help="Format of --gold: words (whitespace-separated words, as SIGHAN's *_gold "
            "files) or pd (People's Daily word/TAG lines).",
        ),
    ] = "words",
    split: Split = "all",
    pred: Annotated[
        Optional[str],
        typer.Option(
            "--pred",
            metavar="FILE",
            help="Score this file (whitespace-separated words, one line per gold line) "
            "instead of segmenting the gold text.",
            show_default=False,
        ),
    ] = None,
    train_words: Annotated[
        Optional[str],
        typer.Option(
            "--train-words",
            metavar="FILE",
            help="Training vocabulary, one word per line, for the OOV figures (default with "
            "a dict --model: the model's dictionary).",
            show_default=False,
        ),
    ] = None,
    model: Model = None,
    engine: SegEngine = None,
    dictionary: Annotated[
        Optional[str],
        typer.Option(
            "--dict",
            metavar="FILE",
            help="Main dictionary for the segmenter (jieba's by default).",
        ),
    ] = None,
    user_dict: UserDicts = None,
    no_hmm: Annotated[bool, typer.Option("--no-hmm", help="Segment without the HMM.")] = False,
    fold_traditional: FoldTraditional = False,
    convention: Convention = None,
    names: Names = "split",
    output: Output = "-",
) -> None:
    """Score a segmentation against gold words, as the SIGHAN bakeoff scorer does.

    Example: nlptk eval segment --gold pku_test_gold.utf8 --model pd98 > scores.json
    """
    from nlptk.io import check_inputs
    from nlptk.segment.evaluate import NormalizedVocabulary, read_word_list, score_segmentation
    from nlptk.segment.model import load_model, resolve_engine
    from nlptk.segment.segmenter import Segmenter

    if pred is not None and (model or dictionary or user_dict or no_hmm or engine or convention):
        raise typer.BadParameter("--pred scores a file; it takes no segmenter option")
    engine, model = resolve_engine(engine, model)
    _check_model_options(model, dictionary, fold_traditional, convention)
    if engine == "bert":
        options = {
            "--no-hmm": no_hmm,
            "--dict": dictionary,
            "--user-dict": user_dict,
            "--convention": convention,
        }
        check_bert_usage(model, options)
    check_inputs([gold] + [p for p in (pred, train_words) if p])
    vocabulary = read_word_list(train_words) if train_words else None
    segmenter = None
    if engine == "bert":
        from nlptk.segment.bert import load_bert_segmenter

        segmenter = load_bert_segmenter(model)
    elif model is not None:
        loaded = load_model(model)
        segmenter = Segmenter.load(
            loaded.path, user_dict or [], hmm=not no_hmm, convention=convention
        )
        if vocabulary is None:
            words = loaded.vocabulary()
            vocabulary = NormalizedVocabulary(words) if loaded.normalize_width else words
    elif pred is None:
        segmenter = Segmenter(
            dictionary, user_dict or [], hmm=not no_hmm, fold_traditional=fold_traditional
        )
    with working(f"scoring the segmentation of {gold}"):
        result = score_segmentation(
            gold,
            fmt=fmt,
            split=split,
            pred=pred,
            segmenter=segmenter,
            vocabulary=vocabulary,
            names=names,
        )
    rows = [(label, "–" if result[key] is None else result[key]) for label, key in _ROWS]
    emit_eval(result, "nlptk eval segment", ("metric", "value"), rows, output)
