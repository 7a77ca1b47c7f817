"""The averaged perceptron engine: compiled hot paths equal to the Python reference, known
answers, constraints, and the weights file."""

import zlib

import numpy as np
import pytest

from nlptk.errors import ModelFormatError
from nlptk.sequence import perceptron as P
from nlptk.sequence.tags import BMES, PREV_BMES, words_to_bmes

ALLOWED = P.transitions(
    BMES, lambda p, y: p in PREV_BMES[y], lambda y: y in "BS", lambda y: y in "ES"
)
needs_c = pytest.mark.skipif(not P.compiled(), reason="the perceptron extension is not built")


def _random_model(rng, bits=8):
    m = P.Perceptron(BMES, ALLOWED, bits=bits)
    m.weights_[:] = rng.normal(size=m.weights_.shape).astype(np.float32)
    m.trans_[:] = rng.normal(size=m.trans_.shape).astype(np.float32)
    return m


def _random_gold(rng, n):
    words = ["x" * int(k) for k in rng.integers(1, 4, size=n)]
    return [BMES.index(t) for t in words_to_bmes(words)]


def _assert_decode_is_reference(m, feats, mask) -> None:
    """The compiled decode gives the Python reference's path, or, where no path is
    allowed, raises as it does."""
    try:
        expected = P.decode_py(m.weights_, m.trans_, m.allowed, feats, mask)
    except ValueError:
        with pytest.raises(ValueError, match="no label sequence"):
            m.decode(feats, mask)
        return
    assert m.decode(feats, mask) == expected


@needs_c
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_perceptron_compiled_decode_equals_reference(seed):
    rng = np.random.default_rng(seed)
    for _ in range(60):
        m = _random_model(rng)
        n = int(rng.integers(0, 12))
        rows = [
            rng.integers(0, 2**32, size=int(rng.integers(0, 5)), dtype=np.uint64) for _ in range(n)
        ]
        feats = P.pack([list(r) for r in rows])
        mask = rng.random((n, 4)) < 0.8 if seed == 2 else None
        _assert_decode_is_reference(m, feats, mask)


@needs_c
@pytest.mark.parametrize("seed", [0, 1])
def test_perceptron_compiled_decode_equals_reference_on_bioes_labels(seed):
    # 29 BIOES labels: the compiled decoder visits only each label's allowed predecessors;
    # masks rule labels out (and sometimes every path), ties come from rounded weights
    from nlptk.sequence.tags import bioes_labels, can_follow, can_start, split_tag

    labels = bioes_labels(["LOC", "MONEY", "ORG", "PER", "PERCENT", "QUANTITY", "TIME"])
    allowed = P.transitions(
        labels, can_follow, can_start, lambda y: split_tag(y)[0] in ("O", "E", "S")
    )
    rng = np.random.default_rng(seed)
    for _ in range(40):
        m = P.Perceptron(labels, allowed, bits=6)
        m.weights_[:] = rng.integers(-2, 3, size=m.weights_.shape).astype(np.float32)
        m.trans_[:] = rng.integers(-2, 3, size=m.trans_.shape).astype(np.float32)
        n = int(rng.integers(1, 30))
        feats = P.pack([list(rng.integers(0, 2**32, size=4, dtype=np.uint64)) for _ in range(n)])
        mask = rng.random((n, len(labels))) < 0.6
        for k in (None, mask):
            _assert_decode_is_reference(m, feats, k)


@needs_c
@pytest.mark.parametrize("passive_aggressive", [False, True])
def test_perceptron_compiled_training_equals_reference(monkeypatch, passive_aggressive):
    rng = np.random.default_rng(7)
    models = [P.Perceptron(BMES, ALLOWED, bits=8) for _ in range(2)]
    trainers = [P.Trainer(m, passive_aggressive) for m in models]
    compiled_module = P._c
    for _ in range(300):
        gold = _random_gold(rng, int(rng.integers(1, 8)))
        feats = P.pack([list(rng.integers(0, 300, size=3)) for _ in gold])
        wrong_c = trainers[0].step(feats, gold)
        monkeypatch.setattr(P, "_c", None)
        wrong_py = trainers[1].step(feats, gold)
        monkeypatch.setattr(P, "_c", compiled_module)
        assert wrong_c == wrong_py
    a, b = trainers[0].averaged(), trainers[1].averaged()
    assert np.array_equal(a.weights_, b.weights_) and np.array_equal(a.trans_, b.trans_)
    assert np.abs(a.weights_).sum() > 0


@pytest.mark.parametrize("forbidden", [(0, 3)])
def test_perceptron_decode_known_answer_and_mask(forbidden):
    # one feature per position; label scores chosen by hand: S S unless a mask forbids S
    m = P.Perceptron(BMES, ALLOWED, bits=2)
    m.weights_[1] = [0.0, 0.0, 0.0, 2.0]  # feature 1 favours S
    m.weights_[2] = [1.0, 0.0, 1.5, 0.0]
    feats = P.pack([[1], [2]])
    # S S scores 2.0 + 0.0, B E 0.0 + 1.5: S S wins
    assert m.decode(feats) == [3, 3]
    mask = np.ones((2, 4), dtype=bool)
    mask[forbidden] = False  # no S first: B E is the only allowed way out of B
    assert m.decode(feats, mask) == [0, 2]


@pytest.mark.parametrize("n", [1, 5])
def test_perceptron_never_decodes_a_forbidden_transition(n):
    m = P.Perceptron(BMES, ALLOWED, bits=2)
    m.weights_[:, 1] = 100.0  # M everywhere would score best, but cannot start or end
    labels = m.decode(P.pack([[0]] * n))
    tags = "".join(BMES[y] for y in labels)
    assert tags[0] in "BS" and tags[-1] in "ES"
    assert all(p in PREV_BMES[y] for p, y in zip(tags, tags[1:], strict=False))


@pytest.mark.parametrize("seed", [3])
def test_perceptron_weights_file_round_trips_and_checks(tmp_path, seed):
    rng = np.random.default_rng(seed)
    m = _random_model(rng, bits=6)
    m.weights_[rng.random(64) < 0.5] = 0.0
    m.weights_[:] = m.weights_.astype(np.float16)  # what the file keeps
    path = tmp_path / "w.bin"
    m.save(path)
    back = P.Perceptron.load(path, BMES, ALLOWED)
    assert isinstance(back.weights_, P.LeanWeights)
    assert np.array_equal(back.weights_.dense(), m.weights_)
    assert np.array_equal(back.trans_, m.trans_)
    m.save(tmp_path / "again.bin")
    assert (tmp_path / "again.bin").read_bytes() == path.read_bytes()
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum"):
        P.Perceptron.load(path, BMES, ALLOWED)
    with pytest.raises(ModelFormatError, match="not perceptron weights"):
        P.Perceptron.load(tmp_path / "again.bin", ("O", "B"), np.ones((3, 3)))


@pytest.mark.parametrize("feature", ["w[0]=北京"])
def test_perceptron_feature_id_is_stable(feature):
    assert P.feature_id(feature) == P.feature_id(str(feature)) == 2842015302


def test_feature_id_of_a_lone_surrogate():
    """Text decoded with ``surrogateescape`` (or built by hand) hashes instead of raising;
    every other string keeps the id of its UTF-8 bytes."""
    assert P.feature_id("w[0]=\udc80") == zlib.crc32(b"w[0]=\xed\xb2\x80")
    assert P.feature_id("w[0]=北京") == zlib.crc32("w[0]=北京".encode())


def _sparse_model(rng, bits, labels=BMES, allowed=ALLOWED, keep=0.3):
    m = P.Perceptron(labels, allowed, bits=bits)
    m.weights_[:] = rng.normal(size=m.weights_.shape).astype(np.float16)
    m.weights_[rng.random(m.weights_.shape[0]) > keep] = 0.0
    m.trans_[:] = rng.normal(size=m.trans_.shape).astype(np.float32)
    return m


@pytest.mark.parametrize("bits", [1, 5, 12])
def test_loaded_lean_table_decodes_as_the_dense_one(tmp_path, bits):
    """The mapped table (kept rows behind the key directory, float16) gives the paths of
    the dense float32 table it was saved from, compiled and in the Python reference, and
    a key that was not kept scores 0."""
    rng = np.random.default_rng(bits)
    m = _sparse_model(rng, bits)
    m.save(tmp_path / "w.bin")
    lean = P.Perceptron.load(tmp_path / "w.bin", BMES, ALLOWED)
    for _ in range(80):
        n = int(rng.integers(0, 10))
        feats = P.pack(
            [rng.integers(0, 2**32, size=int(rng.integers(0, 6))).tolist() for _ in range(n)]
        )
        mask = rng.random((n, 4)) < 0.85 if n % 2 else None
        try:
            want = P.decode_py(m.weights_, m.trans_, m.allowed, feats, mask)
        except ValueError:
            continue
        assert P.decode_py(lean.weights_, lean.trans_, lean.allowed, feats, mask) == want
        assert lean.decode(feats, mask) == want


def test_loaded_weights_are_mapped_not_copied(tmp_path):
    rng = np.random.default_rng(0)
    m = _sparse_model(rng, 16)
    m.save(tmp_path / "w.bin")
    lean = P.Perceptron.load(tmp_path / "w.bin", BMES, ALLOWED).weights_
    for array in (lean.index, lean.values):
        assert not array.flags.owndata and not array.flags.writeable
    assert (
        len(lean.keys())
        == len(lean.values) - 1
        == np.count_nonzero(np.any(m.weights_ != 0, axis=1))
    )
    with pytest.raises(TypeError, match="dense"):
        P.Trainer(P.Perceptron.load(tmp_path / "w.bin", BMES, ALLOWED))


def _rehash(data: bytearray) -> bytes:
    """``data`` with its sha256 recomputed, as a deliberate (not accidental) edit would be."""
    import hashlib

    at = P._DIGEST_AT
    data[at : at + 32] = bytes(32)
    data[at : at + 32] = hashlib.sha256(data).digest()
    return bytes(data)


@pytest.mark.parametrize("field", [12, 16, 20])  # bits, rows kept, directory bits
def test_weights_header_is_under_the_checksum(tmp_path, field):
    """A changed header field (bits 22 -> 30 used to load and segment nothing) is caught."""
    path = tmp_path / "w.bin"
    _sparse_model(np.random.default_rng(1), 10).save(path)
    data = bytearray(path.read_bytes())
    data[field] ^= 0x04
    path.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum|bad header|truncated"):
        P.Perceptron.load(path, BMES, ALLOWED)


def test_weights_with_a_right_checksum_but_bad_content_are_refused(tmp_path):
    path = tmp_path / "w.bin"
    _sparse_model(np.random.default_rng(2), 10).save(path)
    good = bytearray(path.read_bytes())
    bits = P._HEADER.unpack_from(good)[2]
    data = bytearray(good)
    data[12:16] = (31).to_bytes(4, "little")  # bits
    assert P._HEADER.unpack_from(data)[2] == 31 != bits
    path.write_bytes(_rehash(data))
    with pytest.raises(ModelFormatError, match="bad header"):
        P.Perceptron.load(path, BMES, ALLOWED)
    data = bytearray(good)
    data[-2:] = b"\x00\x7c"  # the last weight: +inf
    path.write_bytes(_rehash(data))
    with pytest.raises(ModelFormatError, match="inf or NaN"):
        P.Perceptron.load(path, BMES, ALLOWED)
    offsets = P._layout(4, P._HEADER.unpack_from(good)[3], bits)
    data = bytearray(good)
    data[offsets[1] + 8 : offsets[1] + 16] = (7).to_bytes(8, "little")  # block 0 counts 7 before it
    path.write_bytes(_rehash(data))
    with pytest.raises(ModelFormatError, match="row index"):
        P.Perceptron.load(path, BMES, ALLOWED)
    data = bytearray(good)
    at = offsets[2] + 8 * P._HEADER.unpack_from(good)[3]  # the zero row, after n rows of 4
    data[at : at + 2] = b"\x00\x3c"  # 1.0
    path.write_bytes(_rehash(data))
    with pytest.raises(ModelFormatError, match="not zero"):
        P.Perceptron.load(path, BMES, ALLOWED)


def test_first_format_weights_get_a_plain_error(tmp_path):
    path = tmp_path / "w.bin"
    path.write_bytes(b"NLPTKAP1" + bytes(200))
    with pytest.raises(ModelFormatError, match="convert_weights"):
        P.Perceptron.load(path, BMES, ALLOWED)


@needs_c
def test_compiled_decoder_stays_inside_a_forged_index():
    """An index whose counts point past the rows (not from a file, which the loader
    checks: a caller's own arrays) reads the zero row, never out of bounds."""
    index = np.array([[0b1010, 5]], dtype=np.uint64)  # keys 1 and 3, counted from row 5
    values = np.zeros((3, 4), dtype=np.float16)  # two rows, then the zero row
    m = P.Perceptron(BMES, ALLOWED, bits=3, weights=P.LeanWeights(index, values, 3))
    m.trans_[:] = np.arange(25, dtype=np.float32).reshape(5, 5) % 3
    feats = P.pack([[1], [3], [2]])
    zero = P.Perceptron(BMES, ALLOWED, bits=3)
    zero.trans_[:] = m.trans_
    assert m.decode(feats) == zero.decode(feats)
