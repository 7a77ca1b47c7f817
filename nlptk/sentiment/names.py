"""sentiment: the names the command line offers as choices — methods, units, output formats,
aggregates, neutral policies — in a module that imports nothing, so that building
``nlptk sentiment`` (and ``nlptk --help``, which builds every command) costs no numpy.

The modules that use each name import it from here: the registry (``analyze.METHODS``, keyed
by ``METHOD_NAMES``), ``train``, ``documents``, ``evaluate``.
"""

from __future__ import annotations

__all__ = ["METHOD_NAMES", "TRAINABLE", "UNITS", "FORMATS", "AGGREGATES", "NEUTRAL_POLICIES"]

#: ``--engine`` choices of ``nlptk sentiment``: the keys of ``analyze.METHODS``.
METHOD_NAMES = (
    "hybrid",
    "lexicon",
    "nb",
    "maxent",
    "svm",
    "nbsvm",
    "snownlp",
    "textblob",
    "bert",
)
#: The methods ``nlptk train sentiment`` fits.
TRAINABLE = ("nb", "maxent", "svm", "nbsvm", "lexicon")
#: ``--unit`` choices: one result per line, or one per sentence of the line.
UNITS = ("document", "sentence")
#: ``nlptk sentiment --format`` choices.
FORMATS = ("text", "jsonl")
#: ``--aggregate`` choices: a line scored whole, or as the weighted mean of its sentences.
AGGREGATES = ("document", "sentences")
#: ``nlptk eval sentiment --neutral`` choices: how a neutral answer scores on two-class data.
NEUTRAL_POLICIES = ("error", "negative")
