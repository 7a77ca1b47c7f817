"""bert: ``BertTagger`` (named entities, BIOES) and ``BertSegmenter`` (Chinese words, BMES) —
token classification with BERT, decoded by our own constrained Viterbi
(``nlptk.sequence.decode``) so outputs are always well-formed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from nlptk.bert.base import BertEstimator
from nlptk.sequence.decode import constrained_viterbi, tag_grammar
from nlptk.sequence.tags import Entity, bioes_to_spans, bmes_to_spans
from nlptk.sequence.tokens import tokenize

__all__ = ["BertTagger", "BertSegmenter"]


class _BertTokenEstimator(BertEstimator):
    """Token classification with decoding through the label grammar."""

    def _label_map(self, labels: Sequence[Sequence[str]]) -> list[str]:
        from nlptk.bert.data import Examples, label_set

        return label_set(Examples(self.task, [], list(labels)))

    def predict(
        self, inputs: Sequence[Sequence[str]], masks: Sequence[np.ndarray] | None = None
    ) -> list[list[str]]:
        """Well-formed tags, one per unit of each input (lists of words or characters).

        ``masks`` optionally limits the labels allowed at each unit, shape (n_units, n_labels).
        """
        from nlptk.bert.predict import merge_unit_scores

        self._check_fitted()
        windows = self._windows(inputs)
        tables = merge_unit_scores(
            windows,
            self._scores(windows, True),
            [len(x) for x in inputs],
            len(self.labels_),
        )
        grammar = tag_grammar(self.labels_)
        out = []
        for i, table in enumerate(tables):
            path = constrained_viterbi(table, grammar, masks[i] if masks is not None else None)
            out.append([self.labels_[k] for k in path])
        return out


class BertTagger(_BertTokenEstimator):
    """Named entities with BIOES tags over words (English) or characters (Chinese)."""

    task = "ner"

    def fit(self, inputs, labels, *args: Any, **kwargs: Any) -> BertTagger:  # noqa: ANN001
        """As ``_BertEstimator.fit``; the unit (word or character) is read off the data."""
        self.unit_ = "char" if all(len(u) == 1 for x in inputs for u in x) else "word"
        return super().fit(inputs, labels, *args, **kwargs)

    def _extra_meta(self) -> dict[str, Any]:
        return {"unit": self.unit_, "scheme": "bioes"}

    def _restore_meta(self, meta: dict[str, Any]) -> None:
        self.unit_ = meta.get("unit", "word")

    @property
    def lang(self) -> str:
        """How raw text is split into units (``nlptk.sequence.tokens``): ``zh`` (characters)
        for a model trained on characters, else ``en`` (words, punctuation apart)."""
        return "zh" if self.unit_ == "char" else "en"

    def split_units(self, text: str) -> list[tuple[str, int, int]]:
        """``(unit, start, end)`` of ``text``: its words (the tokenizer of ``nlptk ner``,
        which splits punctuation off as CoNLL does), or characters for a character model."""
        return [(text[s:e], s, e) for s, e in tokenize(text, self.lang)]

    def predict_spans(self, texts: Sequence[str]) -> list[list[Entity]]:
        """Entities ``(start, end, type)`` of each text, in character offsets (end exclusive).

        Text is split into units by ``split_units``.
        """
        self._check_fitted()
        units = [self.split_units(t) for t in texts]
        tags = self.predict([[u for u, _, _ in us] for us in units])
        return [
            [(us[s][1], us[e - 1][2], etype) for s, e, etype in bioes_to_spans(ts)]
            for us, ts in zip(units, tags, strict=True)
        ]


class BertSegmenter(_BertTokenEstimator):
    """Chinese word segmentation as per-character B/M/E/S tagging."""

    task = "segment"

    def _masks(self, chars: list[tuple[str, int]]) -> np.ndarray:
        # Whitespace in the input is a word boundary the model may not bridge.
        index = self.label2id_
        mask = np.ones((len(chars), len(self.labels_)), dtype=bool)
        for i, (_, off) in enumerate(chars):
            if i + 1 < len(chars) and chars[i + 1][1] > off + 1:
                mask[i, [index["B"], index["M"]]] = False
            if i > 0 and chars[i - 1][1] < off - 1:
                mask[i, [index["M"], index["E"]]] = False
        return mask

    def spans(self, texts: Sequence[str]) -> list[list[tuple[int, int]]]:
        """Word spans ``(start, end)`` of each text, in character offsets; spaces are not
        words."""
        self._check_fitted()
        chars = [[(c, i) for i, c in enumerate(t) if not c.isspace()] for t in texts]
        tags = self.predict([[c for c, _ in cs] for cs in chars], [self._masks(cs) for cs in chars])
        return [
            [(cs[s][1], cs[e - 1][1] + 1) for s, e in bmes_to_spans(ts)]
            for cs, ts in zip(chars, tags, strict=True)
        ]

    def cut_many(self, texts: Sequence[str]) -> list[list[str]]:
        """The words of each text (batched: much faster than ``cut`` in a loop)."""
        return [[t[s:e] for s, e in sp] for t, sp in zip(texts, self.spans(texts), strict=True)]

    def cut(self, text: str) -> list[str]:
        """The words of ``text``."""
        return self.cut_many([text])[0]
