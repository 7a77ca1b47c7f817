"""pos: score a POS tagger on gold ``word/tag`` data — ``nlptk eval pos``.

Two figures answer two questions:

- ``accuracy``: tags on the gold words (the tagger is given the gold segmentation), the
  usual POS figure; ``rare_accuracy`` restricts it to words outside the tag dictionary.
- ``joint_f1``: from raw text, the tagger's own segmenter cuts and it tags; a predicted
  word counts when its characters *and* its tag equal a gold word's (``seg_f1`` is the same
  figure ignoring tags).

The tagger scored is the one ``nlptk pos`` runs with the same ``--model``
(``nlptk.pos.tagger.load_tagger``): by default jieba's posseg algorithm (``nlptk.pos.Tagger``,
jieba's dictionary), its tags mapped to PD98's (``JIEBA_TO_PD98``); it cannot take gold
words, so it reports the joint figures only. A POS model (``pos-zh-pd98``, or
``engine="perceptron"``) reports both.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Sequence
from typing import Any

from nlptk.errors import InputError
from nlptk.metrics.entities import prf
from nlptk.readers.words import read_segmented

__all__ = ["JIEBA_TO_PD98", "evaluate_pos", "jieba_to_pd98"]

#: jieba's tags that PD98 (the PKU tag set) writes otherwise; the rest are the same tag.
#: jieba's subtypes fold into their PKU parent (``nrt``/``nrfg`` names, ``uj``/``ul``/… the
#: particles), its lowercase morpheme tags become PKU's capitalised ones, ``x`` (symbols)
#: is PKU's ``w``, ``eng`` its ``nx``, and the numeral-classifier ``mq`` its numeral ``m``.
JIEBA_TO_PD98 = {
    "nrt": "nr",
    "nrfg": "nr",
    "ng": "Ng",
    "g": "Ng",
    "vg": "Vg",
    "ag": "Ag",
    "tg": "Tg",
    "dg": "Dg",
    "rg": "Rg",
    "mg": "Mg",
    "bg": "Bg",
    "yg": "Yg",
    "zg": "z",
    "qg": "q",
    "qe": "q",
    "uj": "u",
    "ul": "u",
    "uz": "u",
    "ug": "u",
    "uv": "u",
    "ud": "u",
    "x": "w",
    "eng": "nx",
    "mq": "m",
    "vq": "v",
    "vi": "v",
    "rr": "r",
    "rz": "r",
    "df": "d",
    "jn": "j",
    "ln": "l",
    "in": "i",
}


def jieba_to_pd98(tag: str) -> str:
    """A jieba tag in PD98's tag set.

    >>> jieba_to_pd98("nrfg"), jieba_to_pd98("uj"), jieba_to_pd98("ns")
    ('nr', 'u', 'ns')
    """
    return JIEBA_TO_PD98.get(tag, tag)


def _spans(pairs: Sequence[tuple[str, str]]) -> tuple[set, set]:
    """Tagged and untagged character spans of consecutive ``(word, tag)`` pairs
    (whitespace tokens left out)."""
    tagged, words, pos = set(), set(), 0
    for word, tag in pairs:
        if not word.isspace():
            tagged.add((pos, pos + len(word), tag))
            words.add((pos, pos + len(word)))
        pos += len(word)
    return tagged, words


def evaluate_pos(
    gold: str,
    fmt: str = "pd",
    split: str = "all",
    model: str | None = None,
    engine: str | None = None,
    names: str = "split",
) -> dict[str, Any]:
    """Score what ``nlptk pos`` runs with ``model`` (``load_tagger``: by default jieba's
    posseg; ``engine``, when given, must agree with the model, and ``perceptron`` alone is
    ``pos-zh-pd98``) on the ``word/tag`` lines of ``gold`` in ``split``, People's Daily names
    read ``names`` (``split``, or ``whole``: surname + given name one ``nr`` word, as a model
    trained with names whole writes them); returns the JSON ``nlptk eval pos`` prints
    (``accuracy``, ``joint_f1`` and their parts).

    Raises ``InputError`` for an unknown format or engine, an engine the model contradicts,
    or gold data without words.
    """
    if fmt != "pd":
        raise InputError(f"unknown POS gold format {fmt!r}; choose pd (word/tag lines)")
    from nlptk.pos.tagger import SHIPPED_POS, Tagger, load_tagger
    from nlptk.segment import normalize_width

    loaded = load_tagger(model, engine=engine)
    tag_gold: Callable[[list[str]], list[str]] | None = None
    tagdict: Container[str] = ()
    if isinstance(loaded, Tagger):
        engine = "jieba"
        jieba_tagger = loaded

        def pairs(text: str) -> list[tuple[str, str]]:
            return [(w, jieba_to_pd98(t)) for w, t in jieba_tagger.pairs(text)]

        over = f" over {model}" if model is not None else ""
        name = f"jieba posseg{over} (tags mapped to PD98)"
    else:
        engine = "perceptron"
        name = model or SHIPPED_POS
        pairs, tag_gold = loaded.pairs, loaded.tag_words
        tagdict = loaded.tagdict

    n_words = right = n_rare = right_rare = lines = 0
    joint = [0, 0, 0]  # right, predicted, gold
    seg = [0, 0, 0]
    for _, words, tags in read_segmented(gold, fmt, split, names):
        if not words or tags is None:
            continue
        lines += 1
        if tag_gold is not None:
            for w, g, p in zip(words, tags, tag_gold(words), strict=True):
                n_words += 1
                right += g == p
                if normalize_width(w) not in tagdict:
                    n_rare += 1
                    right_rare += g == p
        gold_tagged, gold_words = _spans(list(zip(words, tags, strict=True)))
        pred_tagged, pred_words = _spans(pairs("".join(words)))
        for tally, g, p in ((joint, gold_tagged, pred_tagged), (seg, gold_words, pred_words)):
            tally[0] += len(g & p)
            tally[1] += len(p)
            tally[2] += len(g)
    if not lines:
        raise InputError(f"{gold}: no tagged lines in split {split!r}")
    jf, sf = prf(*joint), prf(*seg)
    return {
        "model": name,
        "engine": engine,
        "data": {
            "file": gold,
            "format": fmt,
            "split": split,
            "names": names,
            "lines": lines,
            "words": seg[2],
        },
        "accuracy": right / n_words if n_words else None,
        "rare_accuracy": right_rare / n_rare if n_rare else None,
        "rare_words": n_rare if tag_gold is not None else None,
        "joint_f1": jf["f1"],
        "joint_precision": jf["precision"],
        "joint_recall": jf["recall"],
        "seg_f1": sf["f1"],
    }
