"""Grid-search the lexicon rule constants (negation, contrast, degree_power) on a dev split.

Usage: python scripts/tune_lexicon_rules.py LANG DEV FORMAT [LEXICON ...]

Prints one JSON line per setting (accuracy, neutral counted as an error) and, last, the best
one; the shipped ``lexicons/<lang>/rules.json`` holds the best setting found on ChnSentiCorp
dev (zh) and SST-2 dev (en). Never give a test set here: the constants are chosen on dev.
Each text is tokenized once and rescored for every setting.
"""

from __future__ import annotations

import itertools
import json
import sys
from dataclasses import replace

from nlptk.sentiment.base import Sentiment
from nlptk.sentiment.data import load_labelled
from nlptk.sentiment.lexicon import LexiconSentiment
from nlptk.sentiment.scoring import aggregate, score_tokens
from nlptk.sentiment.tokens import tokens

GRID = {
    "negation": (-0.4, -0.7, -1.0),
    "contrast": (1.0, 1.5, 2.0, 3.0),
    "degree_power": (0.0, 0.5, 1.0, 1.5),
}


def main(lang: str, dev: str, fmt: str, lexicons: list[str]) -> None:
    """Score every setting of ``GRID`` on ``dev`` and print the results."""
    docs = load_labelled(dev, fmt, "all")
    base = LexiconSentiment(lang, lexicons or None).rules
    words = [[w for w, _, _ in tokens(d.text, lang)] for d in docs]
    best = None
    for values in itertools.product(*GRID.values()):
        setting = dict(zip(GRID, values, strict=True))
        rules = replace(base, **setting)
        right = sum(
            Sentiment.from_score("", aggregate(score_tokens(ws, rules))).label == d.label
            for ws, d in zip(words, docs, strict=True)
        )
        row = {**setting, "accuracy": round(right / len(docs), 4)}
        print(json.dumps(row))
        if best is None or row["accuracy"] > best["accuracy"]:
            best = row
    print(json.dumps({"best": best, "dev": dev, "lexicons": lexicons, "n": len(docs)}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:])
