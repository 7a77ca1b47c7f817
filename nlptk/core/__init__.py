"""core: pure kernels over plain data (stdlib, numpy and nlptk.errors only; no I/O)."""
