"""segment: the maximum-probability route through the word DAG (right-to-left DP on log-probs)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

__all__ = ["best_route"]


def best_route(
    sentence: str, dag: Sequence[Sequence[int]], freq: Mapping[str, int], log_total: float
) -> list[int]:
    """``route[k]`` = inclusive end of the word that starts at ``k`` on the best route.

    Score of a word = ``log(freq or 1) - log_total``; ties go to the longer word, exactly as
    jieba's ``max((score, end))`` does, so both tools pick the same route.
    """
    n = len(sentence)
    score = [0.0] * (n + 1)
    route = [0] * n
    for k in range(n - 1, -1, -1):
        best = max(
            (math.log(freq.get(sentence[k : x + 1]) or 1) - log_total + score[x + 1], x)
            for x in dag[k]
        )
        score[k], route[k] = best
    return route
