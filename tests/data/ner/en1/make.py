"""Build tests/data/ner/en1/: a small ``en-1`` English NER model and what it answers, with
the code before feature set ``en-doc`` (commit 7a687d1), so that
``tests/ner/test_perceptron_doc.py`` can hold newer code to decoding it unchanged.

    git worktree add /tmp/old 7a687d1 && (cd /tmp/old && python setup.py build_ext --inplace)
    PYTHONPATH=/tmp/old python tests/data/ner/en1/make.py tests/data/ner/en1
"""

import hashlib
import json
import random
import sys
from pathlib import Path

from nlptk.ner.perceptron import en_features, train_perceptron_tagger
from nlptk.sequence.tags import spans_to_bioes

FIRST = ["John", "Mary", "Peter", "Anna", "Ali", "Chen"]
LAST = ["Smith", "Jones", "Brown", "Kowalski", "Haddad", "Wei"]
LOC = ["Germany", "Paris", "New York", "Japan", "South Africa", "Lima"]
ORG = ["Reuters", "the United Nations", "Bayern Munich", "General Motors", "FIFA"]
PROBE = [
    ["Chen", "Brown", "told", "FIFA", "in", "Lima", "on", "Monday", "."],
    ["Mary", "visited", "New", "York", "and", "Paris", "with", "General", "Motors", "."],
    ["SOCCER", "-", "JAPAN", "BEAT", "SYRIA", "2-1", "."],
    ["Haddad", "said", "Kowalski", "of", "Reuters", "left", "Germany", "."],
]


def sentence(rng: random.Random) -> tuple[list[str], list[str]]:
    """``<PER> told [the] <ORG> in <LOC> on Monday .``, the person with or without a
    first name."""
    per = [rng.choice(FIRST), rng.choice(LAST)][rng.randrange(2) and 1 or 0 :]
    loc, org = rng.choice(LOC).split(), rng.choice(ORG).split()
    lead = ["the"] if org[0] == "the" else []
    org = org[1:] if lead else org
    toks: list[str] = []
    spans = []
    parts = ((per, "PER"), (["told"], ""), (org, "ORG"), (["in"], ""), (loc, "LOC"))
    for part, etype in (*parts, (["on", "Monday", "."], "")):
        if etype == "ORG":
            toks += lead
        if etype:
            spans.append((len(toks), len(toks) + len(part), etype))
        toks += part
    return toks, spans_to_bioes(len(toks), spans)


def main(out: Path) -> None:
    rng = random.Random(7)
    data = [sentence(rng) for _ in range(150)]
    tagger = train_perceptron_tagger(data, "en", epochs=3, bits=12)
    tagger.save(out / "model", {"licence": "generated test data"})
    tags = tagger.predict(PROBE)
    ids = [hashlib.sha256(en_features(p, tagger.lexicon).ids.tobytes()).hexdigest() for p in PROBE]
    record = {"sentences": PROBE, "tags": tags, "feature_sha256": ids}
    (out / "expected.json").write_text(json.dumps(record, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
