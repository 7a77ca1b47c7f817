"""keywords: keyword extraction as ``jieba.analyse`` does it — TF-IDF over jieba's (or your)
IDF table and TextRank over the POS-tagged co-occurrence graph — and IDF tables.

>>> from nlptk.keywords import TextRankExtractor
>>> [k.word for k in TextRankExtractor().extract("北京大学的学生在北京学习", top_k=2)]
['学生', '学习']

Modules: ``idf`` (IDF files, building one), ``extract`` (the extractors), ``output``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = [
    "Keyword",
    "METHODS",
    "STOP_WORDS",
    "TEXTRANK_POS",
    "TfidfExtractor",
    "TextRankExtractor",
    "IDFTable",
    "build_idf",
    "read_stop_words",
    "build_extractor",
]

if TYPE_CHECKING:
    from nlptk.keywords.extract import (
        METHODS,
        STOP_WORDS,
        TEXTRANK_POS,
        Keyword,
        TextRankExtractor,
        TfidfExtractor,
        build_extractor,
        read_stop_words,
    )
    from nlptk.keywords.idf import IDFTable, build_idf

__getattr__ = lazy_getattr(
    __name__,
    {
        **dict.fromkeys(
            [
                "Keyword",
                "METHODS",
                "STOP_WORDS",
                "TEXTRANK_POS",
                "TfidfExtractor",
                "TextRankExtractor",
                "read_stop_words",
                "build_extractor",
            ],
            "extract",
        ),
        "IDFTable": "idf",
        "build_idf": "idf",
    },
)
__dir__ = lazy_dir(__all__)
