"""segment: the DAG of dictionary words starting at each position of a sentence."""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["build_dag"]


def build_dag(sentence: str, freq: Mapping[str, int]) -> list[list[int]]:
    """For each start ``k``, the inclusive end indices of dictionary words ``sentence[k:j+1]``.

    The scan from ``k`` stops at the first string that is not even a prefix. A position that
    starts no word gets ``[k]`` (a single character), so every position has an edge.

    >>> build_dag("北京大学", {"北": 5, "北京": 9, "北京大": 0, "北京大学": 3, "京": 2,
    ...                       "大": 8, "大学": 7, "学": 4})
    [[0, 1, 3], [1], [2, 3], [3]]
    """
    n = len(sentence)
    dag: list[list[int]] = []
    for k in range(n):
        ends = []
        i = k
        frag = sentence[k]
        while i < n and frag in freq:
            if freq[frag]:
                ends.append(i)
            i += 1
            frag = sentence[k : i + 1]
        dag.append(ends or [k])
    return dag
