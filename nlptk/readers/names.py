"""readers: People's Daily person names, split (``江/nr 泽民/nr``) or whole (``江泽民/nr``).

People's Daily writes a Chinese name as two ``nr`` tokens, surname and given name; most of
today's corpora (Weibo, MSRA, pkuseg's models) and most users keep the name as one word. One
rule says which ``nr`` token completes the name begun before it, so the NER reader (which
makes the pair one PER entity) and the segmentation/POS readers (which can make it one word)
agree on every line.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["NAMES", "completes_name", "join_names"]

#: ``--names`` choices: the corpus's own reading, or surname + given name as one word.
NAMES = ("split", "whole")

NAME_TAG = "nr"


def completes_name(pairs: Sequence[tuple[str, str]], i: int) -> bool:
    """Whether ``nr`` token ``pairs[i]`` is the given name of the name begun by the ``nr``
    token before it: a surname of one or two characters (not itself a given name) followed
    by a given name of one or two characters. Lists of names have nothing between them, so
    ``江/nr 泽民/nr 李/nr 鹏/nr`` is two people, not one; foreign names are single tokens
    (``沃纳·福诺斯/nr``) and longer tokens never join.

    >>> pairs = [("江", "nr"), ("泽民", "nr"), ("李", "nr"), ("鹏", "nr")]
    >>> [completes_name(pairs, i) for i in range(4)]
    [False, True, False, True]
    """
    if i < 1 or pairs[i][1] != NAME_TAG or pairs[i - 1][1] != NAME_TAG:
        return False
    return len(pairs[i - 1][0]) <= 2 and len(pairs[i][0]) <= 2 and not completes_name(pairs, i - 1)


def join_names(pairs: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    """The line with every surname + given name pair (``completes_name``) as one ``nr`` word.

    >>> join_names([("主席", "n"), ("江", "nr"), ("泽民", "nr"), ("李", "nr"), ("鹏", "nr")])
    [('主席', 'n'), ('江泽民', 'nr'), ('李鹏', 'nr')]
    """
    out: list[tuple[str, str]] = []
    for i, (word, tag) in enumerate(pairs):
        if completes_name(pairs, i):
            out[-1] = (out[-1][0] + word, NAME_TAG)
        else:
            out.append((word, tag))
    return out
