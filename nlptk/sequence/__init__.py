"""sequence: what sequence taggers share — tag schemes, Viterbi decoders, the averaged
perceptron engine (``perceptron``, hot paths in ``_perceptron.c``)."""
