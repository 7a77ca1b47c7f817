"""metrics: the scorers every ``nlptk eval`` and BERT dev evaluation use — classification
(accuracy, macro-F1), strict entity F1, SIGHAN word P/R/F1 with OOV recall."""
