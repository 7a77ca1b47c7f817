"""sentiment: document and sentence sentiment in Chinese and English — lexicon, naive Bayes,
maxent, SVM, snownlp, TextBlob and BERT behind one ``SentimentAnalyzer`` interface.

>>> from nlptk.sentiment import build_analyzer
>>> build_analyzer("textblob", "en").predict(["I am happy today."])[0].label
'positive'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from nlptk._lazy import lazy_dir, lazy_getattr

__all__ = [
    "analyze",
    "build_analyzer",
    "load_analyzer",
    "Sentiment",
    "SentimentAnalyzer",
    "load_labelled",
    "fingerprint",
    "save_fingerprint",
]

if TYPE_CHECKING:
    from nlptk.sentiment.base import Sentiment, SentimentAnalyzer
    from nlptk.sentiment.data import fingerprint, load_labelled, save_fingerprint
    from nlptk.sentiment.methods import analyze, build_analyzer, load_analyzer

__getattr__ = lazy_getattr(
    __name__,
    {
        "analyze": "methods",
        "build_analyzer": "methods",
        "load_analyzer": "methods",
        "Sentiment": "base",
        "SentimentAnalyzer": "base",
        "load_labelled": "data",
        "fingerprint": "data",
        "save_fingerprint": "data",
    },
)
__dir__ = lazy_dir(__all__)
