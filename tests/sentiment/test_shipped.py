"""The shipped sentiment models as retrained (scripts/train_sentiment_models.sh): each loads
through its checksums, reads input normalised as at training, carries a data card naming
every source's licence, and its model card states the figures its meta.json holds."""

import json
import re
from pathlib import Path

import pytest

from nlptk.sentiment.methods import build_analyzer, load_analyzer

MODELS = Path(__file__).resolve().parents[2] / "models"
LINEAR = [
    f"sentiment-{lang}-{m}" for lang in ("zh", "en") for m in ("nb", "maxent", "svm", "nbsvm")
]


#: What the input normalisation never leaves: capitals and full-width forms (``NOT_``, the
#: negation mark, aside).
UNNORMALISED = re.compile("[A-Z\uff01-\uff5e]")


def _meta(name: str) -> dict:
    return json.loads((MODELS / name / "meta.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", LINEAR)
def test_shipped_sentiment_model_loads_sealed_with_licensed_card(name):
    meta = _meta(name)
    model = load_analyzer(str(MODELS / name))
    assert (model.method, model.lang) == (meta["method"], meta["lang"])
    assert set(meta["file_sha256"]) == {"linear.json", "weights.npz", "fingerprint.npy"}
    sources = meta["data_card"]["sources"]
    assert sources and all(s["licence"] for s in sources.values())
    assert sum(s["kept"] for s in sources.values()) == meta["data"]["documents"]


@pytest.mark.parametrize("name", LINEAR)
def test_shipped_sentiment_model_card_states_its_figures(name):
    meta, card = _meta(name), (MODELS / name / "README.md").read_text(encoding="utf-8")
    assert f"accuracy {meta['metrics']['accuracy']:.4f}" in card
    assert "scripts/train_sentiment_models.sh" in card
    assert all(s["licence"] in card for s in meta["data_card"]["sources"].values())


@pytest.mark.parametrize("name", LINEAR)
def test_shipped_sentiment_model_trained_on_normalised_text(name):
    """Trained after the normalisation: no feature the normalised input could never hold
    (the models before the retraining had thousands, e.g. full-width commas)."""
    text = (MODELS / name / "linear.json").read_text(encoding="utf-8")
    features = json.loads(text)["features"]
    assert not [f for f in features if UNNORMALISED.search(f.replace("NOT_", ""))][:5]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("method", ["nb", "maxent", "svm", "nbsvm"])
def test_shipped_sentiment_model_reads_normalised_input(lang, method):
    """Full width, traditional characters and capitals read as the training text did: the
    same probability as the plain form (the retraining after the normalisation)."""
    plain, variant = {
        "zh": ("服务很好，价格便宜，环境舒适", "服務很好，價格便宜，環境舒適"),
        "en": ("the hotel was great", "ＴＨＥ Hotel WAS GREAT"),
    }[lang]
    analyzer = build_analyzer(method, lang)
    first, second = analyzer.predict([plain, variant])
    assert first.probability == pytest.approx(second.probability)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_shipped_hybrid_card_names_its_classifier_and_commands(lang):
    card = (MODELS / f"sentiment-{lang}-hybrid" / "README.md").read_text(encoding="utf-8")
    assert "scripts/train_sentiment_models.sh" in card
    assert "nlptk eval sentiment --suite" in card
