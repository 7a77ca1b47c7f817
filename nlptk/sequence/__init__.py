"""sequence: what sequence taggers share — tag schemes, Viterbi decoders."""
