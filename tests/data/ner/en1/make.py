"""Build tests/data/ner/en1/: a small en-1 model and the tags it gives, with the code before en-doc."""
import hashlib, json, random, sys
from pathlib import Path
import nlptk
from nlptk.ner.perceptron import Lexicon, en_features, train_perceptron_tagger
from nlptk.sequence.tags import spans_to_bioes
print(nlptk.__file__, file=sys.stderr)
out = Path(sys.argv[1])
rng = random.Random(7)
FIRST = ["John", "Mary", "Peter", "Anna", "Ali", "Chen"]
LAST = ["Smith", "Jones", "Brown", "Kowalski", "Haddad", "Wei"]
LOC = ["Germany", "Paris", "New York", "Japan", "South Africa", "Lima"]
ORG = ["Reuters", "the United Nations", "Bayern Munich", "General Motors", "FIFA"]
def sent(r):
    per = [r.choice(FIRST), r.choice(LAST)][r.randrange(2) and 1 or 0:]
    loc, org = r.choice(LOC).split(), r.choice(ORG).split()
    lead = ["the"] if org[0] == "the" else []
    org = org[1:] if lead else org
    toks, spans = [], []
    for part, t in ((per, "PER"), (["told"], ""), (lead + org, "ORGX"), (["in"], ""), (loc, "LOC"), (["on", "Monday", "."], "")):
        if t == "ORGX":
            toks += lead; spans.append((len(toks), len(toks) + len(org), "ORG")); toks += org; continue
        if t: spans.append((len(toks), len(toks) + len(part), t))
        toks += part
    return toks, spans_to_bioes(len(toks), spans)
data = [sent(rng) for _ in range(150)]
tagger = train_perceptron_tagger(data, "en", epochs=3, bits=12)
tagger.save(out / "model", {"licence": "generated test data"})
probe = [["Chen", "Brown", "told", "FIFA", "in", "Lima", "on", "Monday", "."],
         ["Mary", "visited", "New", "York", "and", "Paris", "with", "General", "Motors", "."],
         ["SOCCER", "-", "JAPAN", "BEAT", "SYRIA", "2-1", "."],
         ["Haddad", "said", "Kowalski", "of", "Reuters", "left", "Germany", "."]]
tags = tagger.predict(probe)
ids = [hashlib.sha256(en_features(p, tagger.lexicon).ids.tobytes()).hexdigest() for p in probe]
(out / "expected.json").write_text(json.dumps({"sentences": probe, "tags": tags, "feature_sha256": ids}, indent=1) + "\n")
print(tags, file=sys.stderr)
