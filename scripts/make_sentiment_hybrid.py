"""Write the shipped hybrid sentiment models (``models/sentiment-{zh,en}-hybrid``).

    python scripts/make_sentiment_hybrid.py [MODELS_DIR]

Each is a ``meta.json`` naming its classifier and the combination constants chosen on the
behavioural suite and the dev splits (README, "Choosing the default"): the Chinese one's
classifier is ``classifier/`` beside it (nbsvm, 200,000 features, ChnSentiCorp train; see
``scripts/train_sentiment_models.sh``), the English one the shipped ``sentiment-en-nbsvm``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from nlptk.sentiment.hybrid import HybridSentiment

#: lang -> (classifier, weight); both read short texts (up to 12 tokens) with full weight
#: and the lexicon's contrast at 2.0 (the rules' 1.0 for Chinese was chosen for reviews).
SETTINGS = {"zh": ("classifier", 4.0), "en": ("sentiment-en-nbsvm", 8.0)}

if __name__ == "__main__":
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "models")
    for lang, (classifier, weight) in SETTINGS.items():
        model = HybridSentiment(lang, classifier, weight, 12, 0.0, {"contrast": 2.0})
        model.save(root / f"sentiment-{lang}-hybrid", {"lang": lang})
