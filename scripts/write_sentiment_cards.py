"""Write the model card (``README.md``) of each shipped linear sentiment model from its
``meta.json``, so the card's figures are the ones the model was sealed with.

    python scripts/write_sentiment_cards.py [MODELS_DIR]

``scripts/train_sentiment_models.sh`` runs it after training. A card states the task, the
training data with each source's licence (the ``data_card`` that
``scripts/build_sentiment_data.py`` wrote), the parameters, the held-out score recorded at
training time and the command that rebuilds the model. ``README.md`` is documentation: no
loader reads it and ``scripts/seal_model.py`` leaves it unsealed. The hybrid models' cards
are written by hand (their figures come from ``scripts/eval_sentiment.sh``, not from
``meta.json``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

LANGUAGES = {"zh": "Chinese", "en": "English"}
METHODS = {
    "nb": "multinomial naive Bayes over sublinear tf-idf n-grams",
    "maxent": "logistic regression over sublinear tf-idf n-grams",
    "svm": "linear SVM over sublinear tf-idf n-grams, with a sigmoid fitted on 5-fold "
    "out-of-fold decision values",
    "nbsvm": "NB-weighted logistic regression (Wang & Manning 2012): binary n-gram presence "
    "scaled by naive Bayes log-count ratios, negation scope marked",
}
#: The test file the training script scores each language on, as the README names it.
TESTS = {"zh": "ChnSentiCorp test", "en": "SST-2 test"}


def _sources(card: dict) -> list[str]:
    return [
        f"  - {name}: {s['kept']:,} kept of {s['read']:,} read; licence: {s['licence']}"
        for name, s in card["sources"].items()
    ]


def card_text(name: str, meta: dict) -> str:
    """The card of model directory ``name`` from its ``meta.json``."""
    lang, method, params = meta["lang"], meta["method"], meta["params"]
    card, metrics = meta["data_card"], meta["metrics"]
    tested = ", ".join(f"{t} ({n:,})" for t, n in card["tested_against"].items())
    chars = params["char_ngrams"] or ([1, 3] if lang == "zh" else None)
    grams = f"word {params['word_ngrams'][0]}–{params['word_ngrams'][1]}-grams"
    if chars:
        grams += f" and character {chars[0]}–{chars[1]}-grams"
    shown = {k: v for k, v in params.items() if k not in ("lang", "word_ngrams", "char_ngrams")}
    lines = [
        f"# {name} — {LANGUAGES[lang]} sentiment, {method}",
        "",
        f"- **Task**: binary sentiment (`nlptk sentiment --engine {method} --lang {lang}`,",
        f'  `build_analyzer("{method}", "{lang}")`), a probability of positive with each label.',
        f"- **Model**: {METHODS[method]}; {grams};",
        "  " + ", ".join(f"`{k}` {json.dumps(v)}" for k, v in shown.items()),
        f"  ({meta['n_features']:,} features kept).",
        "- **Input**: normalised as at training (`nlptk.sentiment.tokens.normalise_text`: full",
        "  width to half width, traditional to simplified, lower case, emoji selectors dropped).",
        f"- **Training data**: {card['documents']:,} texts ({card['positive']:,} positive), "
        "deduplicated (whitespace-normalised)",
        f"  against every test set reported ({tested}) and each other:",
        *_sources(card),
        f"  Dropped: {card['dropped_note']}.",
        f"- **Held-out** ({TESTS[lang]}, {metrics['n']:,} texts, none seen in training): "
        f"accuracy {metrics['accuracy']:.4f},",
        f"  macro-F1 {metrics['macro_f1']:.4f}. The project README has every other figure (the",
        "  behavioural suites, cross-domain checks) and its command.",
        "- **Reproduce**: `scripts/train_sentiment_models.sh` rebuilds every shipped sentiment",
        "  model, this one included (it assembles the data with",
        "  `scripts/build_sentiment_data.py`, trains, seals and writes this card).",
        "- **Contents**: `linear.json` (features, bias, probability link), `weights.npz` (scales",
        "  and weights), `fingerprint.npy` (64-bit hashes of the training texts, so `nlptk eval",
        "  sentiment` reports unseen items apart), `meta.json` (parameters, data card, checksums).",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "models")
    for lang in LANGUAGES:
        for method in METHODS:
            model_dir = root / f"sentiment-{lang}-{method}"
            meta = json.loads((model_dir / "meta.json").read_text(encoding="utf-8"))
            (model_dir / "README.md").write_text(card_text(model_dir.name, meta), encoding="utf-8")
