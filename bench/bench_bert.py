"""bench: ``nlptk bert`` training and prediction throughput against a default ``Trainer``.

Both fine-tune the same model on the same examples with the same batch size, epochs and
learning rate, in one run. The baseline is ``transformers.Trainer`` with default
``TrainingArguments`` (fp32, random batches padded per batch, fused AdamW) except
``save_strategy="no"`` and ``report_to="none"``, so it writes no checkpoints and logs
nowhere. Both trained models are scored by the same nlptk decoder on the dev set. Records
samples/s (training), sentences/s (prediction, median of 3 after a warm-up) and peak GPU
memory to ``bench/results/bert-<task>-<device>.json``. Needs ``accelerate`` for the Trainer.

GPU:  python bench/bench_bert.py --model DIR --task sentiment --format sst \\
          --train stsa.binary.train --dev stsa.binary.dev
CPU smoke run (proves the script works; not a GPU figure):
      python bench/bench_bert.py --model DIR ... --device cpu --threads 1 --limit 256
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path
from typing import Any

import torch
from _common import commit

from nlptk.bert import BertClassifier, BertTagger
from nlptk.cli.bert import load_examples

RESULTS = Path(__file__).resolve().parent / "results"


class _Timer:
    """A ``fine_tune`` callback that times the training loop alone (no model loading)."""

    def start(self, total_steps: int, first_step: int) -> None:
        _sync()
        self.began = time.perf_counter()

    def step(self, samples: int, loss: float | None) -> None:
        pass

    def epoch(self, record: dict[str, Any]) -> None:
        _sync()
        self.ended = time.perf_counter()


def _sync() -> None:
    if torch.cuda.is_available():
        torch.cuda.synchronize()


def _peak_reset() -> None:
    if torch.cuda.is_available():
        torch.cuda.reset_peak_memory_stats()


def _peak_mib() -> float | None:
    return torch.cuda.max_memory_allocated() / 2**20 if torch.cuda.is_available() else None


def _trainer_examples(est: Any, inputs: list, labels: list) -> list[dict[str, Any]]:
    """Tokenized examples for the baseline, truncated to max_length (the Trainer recipe)."""
    tok = est.tokenizer_
    if est.task == "sentiment":
        enc = tok(inputs, truncation=True, max_length=est.max_length)
        ids = [est.label2id_[label] for label in labels]
        return [
            {"input_ids": i, "attention_mask": m, "labels": y}
            for i, m, y in zip(enc["input_ids"], enc["attention_mask"], ids, strict=True)
        ]
    enc = tok(inputs, is_split_into_words=True, truncation=True, max_length=est.max_length)
    out = []
    for k, tags in enumerate(labels):
        seen, target = set(), []
        for word in enc.word_ids(k):
            first = word is not None and word not in seen
            target.append(est.label2id_[tags[word]] if first else -100)
            seen.add(word)
        out.append({"input_ids": enc["input_ids"][k], "labels": target})
    return out


def _baseline(est: Any, inputs: list, labels: list, args: argparse.Namespace) -> dict[str, Any]:
    from transformers import (
        DataCollatorForTokenClassification,
        DataCollatorWithPadding,
        Trainer,
        TrainingArguments,
    )

    from nlptk.bert.model import load_pretrained, model_source

    model, tok = load_pretrained(model_source(args.model), est.task, est.labels_)
    collator = (
        DataCollatorWithPadding(tok)
        if est.task == "sentiment"
        else DataCollatorForTokenClassification(tok)
    )
    training_args = TrainingArguments(
        output_dir=str(Path(args.scratch) / "trainer"),
        per_device_train_batch_size=args.batch_size,
        num_train_epochs=args.epochs,
        learning_rate=args.lr,
        seed=args.seed,
        save_strategy="no",
        report_to="none",
        use_cpu=args.device == "cpu",
    )
    examples = _trainer_examples(est, inputs, labels)
    trainer = Trainer(
        model=model, args=training_args, train_dataset=examples, data_collator=collator
    )
    _peak_reset()
    _sync()
    began = time.perf_counter()
    trainer.train()
    _sync()
    seconds = time.perf_counter() - began
    return {"model": trainer.model, "seconds": seconds, "peak_mib": _peak_mib()}


def _predict_rate(est: Any, inputs: list) -> tuple[float, float | None]:
    est.predict(inputs[:64])  # warm-up
    _peak_reset()
    times = []
    for _ in range(3):
        _sync()
        began = time.perf_counter()
        est.predict(inputs)
        _sync()
        times.append(time.perf_counter() - began)
    return len(inputs) / statistics.median(times), _peak_mib()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", required=True)
    parser.add_argument("--task", choices=["sentiment", "ner"], default="sentiment")
    parser.add_argument("--format")
    parser.add_argument("--train", required=True)
    parser.add_argument("--dev", required=True)
    parser.add_argument("--limit", type=int, help="Use the first N training examples.")
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--max-length", type=int, default=128)
    parser.add_argument("--lr", type=float, default=5e-5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--device", default="auto")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--scratch", default="/tmp/nlptk-bench-bert")
    parser.add_argument("--out", help="JSON path (default bench/results/bert-TASK-DEVICE.json)")
    args = parser.parse_args()

    train = load_examples(args.task, args.train, args.format)
    dev = load_examples(args.task, args.dev, args.format)
    inputs, labels = train.inputs[: args.limit], train.labels[: args.limit]
    cls = BertClassifier if args.task == "sentiment" else BertTagger
    est = cls(
        model=args.model,
        epochs=args.epochs,
        learning_rate=args.lr,
        batch_size=args.batch_size,
        max_length=args.max_length,
        random_state=args.seed,
        device=args.device,
        threads=args.threads,
        compile=args.compile,
    )
    timer = _Timer()
    _peak_reset()
    est.fit(inputs, labels, callback=timer)
    ours_train_peak = _peak_mib()
    ours_seconds = timer.ended - timer.began
    ours_dev = est.score(dev.inputs, dev.labels)
    ours_rate, ours_pred_peak = _predict_rate(est, dev.inputs)

    base = _baseline(est, inputs, labels, args)
    ours_model = est.model_
    est.model_ = base["model"].to(est.device_)
    est.bf16_ = False  # the baseline predicts as it trained, in fp32
    base_dev = est.score(dev.inputs, dev.labels)
    base_rate, _ = _predict_rate(est, dev.inputs)
    est.model_ = ours_model

    samples = len(inputs) * args.epochs
    device = est.device_
    record = {
        "bench": "bert",
        "task": args.task,
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "device_type": device.type,
        "cpu_threads": torch.get_num_threads(),
        "smoke_run": device.type == "cpu",
        "commit": commit(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "transformers": __import__("transformers").__version__,
        "model": args.model,
        "train_examples": len(inputs),
        "dev_examples": len(dev.inputs),
        "epochs": args.epochs,
        "batch_size": args.batch_size,
        "max_length": args.max_length,
        "learning_rate": args.lr,
        "nlptk": {
            "bf16": est.bf16_,
            "train_seconds": ours_seconds,
            "train_samples_per_s": samples / ours_seconds,
            "dev": ours_dev,
            "predict_sentences_per_s": ours_rate,
            "peak_train_mib": ours_train_peak,
            "peak_predict_mib": ours_pred_peak,
        },
        "trainer_default": {
            "train_seconds": base["seconds"],
            "train_samples_per_s": samples / base["seconds"],
            "dev": base_dev,
            "predict_sentences_per_s_fp32": base_rate,
            "peak_train_mib": base["peak_mib"],
        },
    }
    record["train_speedup"] = (
        record["nlptk"]["train_samples_per_s"] / (record["trainer_default"]["train_samples_per_s"])
    )
    out = Path(args.out or RESULTS / f"bert-{args.task}-{device.type}.json")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(record, indent=2, default=str) + "\n", encoding="utf-8")
    print(json.dumps({k: record[k] for k in ("device", "train_speedup")}))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
