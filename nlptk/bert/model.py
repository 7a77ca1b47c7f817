"""bert: finding, loading and saving BERT-family models (transformers; imported lazily).

A base model is a local Hugging Face directory or a hub name already in the local cache
(nothing is downloaded). A fine-tuned nlptk model is a directory with ``meta.json`` and the
transformers files under ``bert/``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from nlptk.artifacts import read_json
from nlptk.errors import ModelFormatError

__all__ = [
    "BERT_FAMILY",
    "PAYLOAD",
    "model_source",
    "head_labels",
    "load_pretrained",
    "extend_vocab",
]

#: Encoder architectures with token- and sequence-classification heads that nlptk accepts.
BERT_FAMILY = (
    "bert",
    "roberta",
    "xlm-roberta",
    "distilbert",
    "electra",
    "albert",
    "camembert",
    "deberta",
    "deberta-v2",
    "ernie",
    "megatron-bert",
    "mpnet",
    "modernbert",
)

#: Folder of a model directory that holds the transformers model and tokenizer.
PAYLOAD = "bert"


def _cached_hub_model(name: str) -> Path | None:
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(name, local_files_only=True))
    except (OSError, ValueError):  # not in the cache, or not a valid hub name
        return None


def model_source(name_or_path: str | Path) -> Path:
    """The directory holding ``config.json`` for a path, an nlptk model or a cached hub name.

    Raises ``ModelFormatError`` when it does not exist, has no ``config.json``, or is not a
    BERT-family encoder.
    """
    path = Path(name_or_path)
    if (path / PAYLOAD / "config.json").is_file():
        path = path / PAYLOAD
    elif not path.is_dir():
        hub_like = not path.is_absolute() and len(path.parts) <= 2 and path.parts[0][:1] != "."
        cached = _cached_hub_model(str(name_or_path)) if hub_like else None
        if cached is None:
            raise ModelFormatError(
                f"model {str(name_or_path)!r} not found: not a directory, nor a Hugging Face "
                "model in the local cache (nlptk does not download models)"
            )
        path = cached
    config = path / "config.json"
    if not config.is_file():
        raise ModelFormatError(
            f"{name_or_path}: not a Hugging Face model directory (no config.json in it)"
        )
    model_type = read_json(config).get("model_type")
    if model_type not in BERT_FAMILY:
        raise ModelFormatError(
            f"{name_or_path}: a {model_type or 'unknown'!s} model; nlptk bert needs a "
            f"BERT-family encoder ({', '.join(BERT_FAMILY)})"
        )
    return path


def head_labels(source: Path) -> list[str]:
    """The labels of the classification head saved in ``source/config.json``, by index."""
    config = source / "config.json"
    id2label = read_json(config).get("id2label") or {}
    try:
        return [str(id2label[str(i)]) for i in range(len(id2label))]
    except (KeyError, TypeError):
        raise ModelFormatError(f"{config}: id2label is not a map of 0..n-1") from None


def load_pretrained(source: Path, task: str, labels: list[str]):  # noqa: ANN201 - (model, tok)
    """The tokenizer and a model with a fresh or kept head for ``labels``.

    ``task`` ``sentiment`` gets sequence classification, the others token classification.
    A head whose label map differs from ``labels`` is re-initialised.
    """
    import transformers
    from transformers import AutoConfig, AutoTokenizer

    transformers.logging.set_verbosity_error()  # "newly initialized weights" is expected
    transformers.logging.disable_progress_bar()  # stderr stays quiet unless we report
    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
        config = AutoConfig.from_pretrained(
            source,
            num_labels=len(labels),
            id2label=dict(enumerate(labels)),
            label2id={label: i for i, label in enumerate(labels)},
        )
    except (OSError, ValueError) as exc:
        raise ModelFormatError(f"{source}: cannot load the tokenizer or config ({exc})") from None
    if not tokenizer.is_fast:
        raise ModelFormatError(f"{source}: needs a fast (tokenizers) tokenizer, tokenizer.json")
    head = (
        transformers.AutoModelForSequenceClassification
        if task == "sentiment"
        else transformers.AutoModelForTokenClassification
    )
    try:
        model = head.from_pretrained(
            source, config=config, attn_implementation="sdpa", ignore_mismatched_sizes=True
        )
    except (OSError, ValueError) as exc:
        raise ModelFormatError(f"{source}: cannot load the model weights ({exc})") from None
    return model, tokenizer


def extend_vocab(model, tokenizer, texts: Iterable[str]) -> int:  # noqa: ANN001
    """Add the characters of ``texts`` that the tokenizer maps to ``[UNK]``; resize the
    embeddings to match. Returns how many were added.

    An English vocabulary knows few Chinese characters: without this every unknown one
    reads as the same ``[UNK]`` and the model cannot tell them apart.
    """
    chars = sorted({c for text in texts for c in text if not c.isspace()})
    if not chars or tokenizer.unk_token_id is None:
        return 0
    ids = tokenizer(chars, add_special_tokens=False)["input_ids"]
    missing = [c for c, i in zip(chars, ids, strict=True) if i == [tokenizer.unk_token_id]]
    added = tokenizer.add_tokens(missing)
    if added:
        model.resize_token_embeddings(len(tokenizer))
    return added
