"""Known-answer tests for the constrained Viterbi over BIOES/BMES grammars."""

import numpy as np
import pytest

from nlptk.sequence.decode import constrained_viterbi, tag_grammar
from nlptk.sequence.tags import bioes_labels, validate_tags

NER = bioes_labels(["PER", "LOC"])
SEG = ["B", "M", "E", "S"]


def _onehot(labels, tags, p=0.9):
    scores = np.full((len(tags), len(labels)), (1 - p) / (len(labels) - 1))
    for i, tag in enumerate(tags):
        scores[i, labels.index(tag)] = p
    return np.log(scores)


@pytest.mark.parametrize(
    ("argmax", "decoded"),
    [
        # B-PER then O is ill-formed; S-PER ties with O as runner-up, the first label wins.
        (["B-PER", "O", "O"], ["O", "O", "O"]),
        (["B-PER", "B-PER", "O"], ["B-PER", "E-PER", "O"]),
        (["B-PER", "I-PER", "E-PER"], ["B-PER", "I-PER", "E-PER"]),
        (["O", "I-LOC", "E-LOC"], ["O", "B-LOC", "E-LOC"]),
    ],
)
def test_tag_decode_repairs_bioes(argmax, decoded):
    path = constrained_viterbi(_onehot(NER, argmax), tag_grammar(NER))
    tags = [NER[i] for i in path]
    assert tags == decoded
    validate_tags(tags, "bioes")


@pytest.mark.parametrize(
    ("argmax", "decoded"), [(["M", "M"], ["B", "E"]), (["S", "E"], ["B", "E"])]
)
def test_tag_decode_bmes_paths_are_words(argmax, decoded):
    assert [SEG[i] for i in constrained_viterbi(_onehot(SEG, argmax), tag_grammar(SEG))] == decoded


@pytest.mark.parametrize("n", [0, 1, 7])
def test_tag_decode_mask_forces_boundary(n):
    scores = _onehot(SEG, ["B", *["M"] * max(n - 2, 0), "E"][:n]) if n else np.zeros((0, 4))
    mask = np.ones_like(scores, dtype=bool)
    mask[:, :3] = False  # only S allowed anywhere
    assert constrained_viterbi(scores, tag_grammar(SEG), mask) == [3] * n
