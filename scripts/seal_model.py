"""Record the sha256 of a model directory's files in its meta.json (``file_sha256``), and
optionally fold a data card into it (``data_card``).

    python scripts/seal_model.py models/*/ lexicons/zh/auto
    python scripts/seal_model.py models/sentiment-zh-nb --card build/sentiment-data/zh.card.json

``nlptk train`` seals what it writes; this is for a model edited after training (a data
card added by ``scripts/train_sentiment_models.sh``, a shipped model's files replaced). Every
regular file is sealed but ``meta.json``, ``README.md`` (documentation: no loader reads it,
no output depends on it) and ``weights.bin``/``weights-pass1.bin`` (a weights file's
header holds the sha256 of its payload).
A ``data_card.json`` left in the folder is folded in and removed, so a model ships no file
that is not checked. Everything else in ``meta.json`` is kept as it is.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nlptk.artifacts import CHECKSUMS, META, file_checksums  # noqa: E402

UNSEALED = {META, "README.md", "weights.bin", "weights-pass1.bin"}
CARD = "data_card.json"


def seal(model_dir: Path, card: Path | None) -> None:
    meta_path = model_dir / META
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if card is None and (model_dir / CARD).is_file():
        card = model_dir / CARD
    if card is not None:
        meta["data_card"] = json.loads(card.read_text(encoding="utf-8"))
        if card == model_dir / CARD:
            card.unlink()
    names = sorted(p.name for p in model_dir.iterdir() if p.is_file() and p.name not in UNSEALED)
    meta.pop(CHECKSUMS, None)
    meta[CHECKSUMS] = file_checksums(model_dir, names)
    text = json.dumps(meta, ensure_ascii=False, indent=2, allow_nan=False)
    meta_path.write_text(text + "\n", encoding="utf-8")
    print(f"{model_dir}: sealed {', '.join(names) or 'nothing'}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("model_dirs", nargs="+", type=Path)
    parser.add_argument("--card", type=Path, help="a JSON data card to fold into meta.json")
    args = parser.parse_args()
    for model_dir in args.model_dirs:
        seal(model_dir, args.card)


if __name__ == "__main__":
    main()
