"""Convert perceptron weights from the first format (``NLPTKAP1``: header outside the
checksum, rows expanded into a dense table on load) to the mapped one ``write_weights``
writes now (``NLPTKAP2``). The rows and their float16 values are kept as they are, so a
converted model decodes exactly as before, and its bytes equal what retraining writes.

    python scripts/convert_weights.py models/*/weights.bin
"""

from __future__ import annotations

import hashlib
import struct
import sys
from pathlib import Path

import numpy as np

from nlptk.sequence.perceptron import LeanWeights, Perceptron, write_weights

_V1 = struct.Struct("<8sIIII32s")  # magic, labels, bits, rows stored, reserved, sha256


def convert(path: Path) -> bool:
    """Rewrite ``path`` in the current format; False when it is not a first-format file."""
    data = path.read_bytes()
    magic, n, bits, n_rows, _, digest = _V1.unpack_from(data)
    if magic != b"NLPTKAP1":
        return False
    payload = memoryview(data)[_V1.size :]
    if hashlib.sha256(payload).digest() != digest:
        raise SystemExit(f"{path}: checksum mismatch, not converted")
    t = 4 * (n + 1) ** 2
    trans = np.frombuffer(payload, "<f4", (n + 1) ** 2).reshape(n + 1, n + 1)
    keys = np.frombuffer(payload, "<u4", n_rows, t)
    values = np.frombuffer(payload, "<f2", n_rows * n, t + 4 * n_rows).reshape(n_rows, n)
    lean = LeanWeights.from_rows(keys, values, bits)
    allowed = np.ones((n + 1, n + 1), dtype=np.uint8)
    model = Perceptron([str(i) for i in range(n)], allowed, bits, weights=lean)
    model.trans_ = trans
    write_weights(path, model)
    return True


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(name, "converted" if convert(Path(name)) else "already current")
