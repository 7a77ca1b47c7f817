/* sequence: the averaged structured perceptron's hot paths, in C.
 *
 * The pure-Python reference of every function here is in nlptk/sequence/perceptron.py
 * (engine) and nlptk/segment/perceptron/features.py (character-window templates); the tests
 * hold the two equal. All state lives in caller-owned buffers (numpy arrays), so this file
 * keeps nothing between calls:
 *
 *   weights  float32 [rows][L]      rows a power of two; a feature id f scores row f & (rows-1)
 *            or, as a loaded model stores it (the "lean" table, decoding only), a tuple
 *            (index, values, bits):
 *              index      uint64 [2**bits / 64][2]  per block of 64 keys: a bitmap of the
 *                                           keys kept, and the rows kept before the block
 *              values     uint16 [n+1][L]   the kept rows in key order, IEEE half precision,
 *                                           then a row of zeros (a key not kept)
 *            Key f & (2**bits-1) is kept when its bit is set; its row is then the block's
 *            count plus the set bits below it (a rank query: one cache line, no search).
 *            A key not kept scores 0, as its all-zero row did in the dense table.
 *   trans    float32 [L+1][L+1]     trans[p][y]; row L is the start, column L the end
 *   allowed  uint8   [L+1][L+1]     0 where trans is a forbidden transition
 *   feats    uint32  [...]          feature ids of every position, position i holding
 *                                   feats[offsets[i] .. offsets[i+1]) (or a fixed stride)
 *   mask     uint8   [n][L]         optional: 0 where label y is ruled out at position i
 *
 * Feature ids are 32-bit hashes: mix() folds one value into a running hash (FNV-1a on whole
 * 32-bit values) and fmix() (murmur3's finaliser) spreads the bits before the row mask.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

static inline uint32_t mix(uint32_t h, uint32_t v) { return (h ^ v) * FNV_PRIME; }

static inline uint32_t fmix(uint32_t h) {
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

/* ---------------------------------------------------------------- buffers and layout */

typedef struct {
    Py_buffer weights, trans, allowed, feats, offsets, mask;
    Py_buffer index;  /* lean tables only; their values are then in weights */
    int have_offsets, have_mask, lean;
    Py_ssize_t stride, L, rows, n, kept;
} Problem;

static void problem_release(Problem *p) {
    PyBuffer_Release(&p->weights);
    if (p->lean) PyBuffer_Release(&p->index);
    PyBuffer_Release(&p->trans);
    PyBuffer_Release(&p->allowed);
    PyBuffer_Release(&p->feats);
    if (p->have_offsets) PyBuffer_Release(&p->offsets);
    if (p->have_mask) PyBuffer_Release(&p->mask);
}

static int get_buffer(PyObject *obj, Py_buffer *view, int writable, const char *what) {
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0)) < 0) {
        PyErr_Format(PyExc_TypeError, "%s: expected a contiguous%s buffer", what,
                     writable ? " writable" : "");
        return -1;
    }
    return 0;
}

/* The lean table (index, values, bits) into p->index and p->weights. Only sizes are
 * checked here, in constant time (a call decodes one sentence); the loader checks the
 * index's counts once, and lean_row never returns a row past the values. */
static int lean_init(Problem *p, PyObject *table) {
    PyObject *index, *values;
    int bits;
    if (!PyArg_ParseTuple(table, "OOi:lean weights", &index, &values, &bits)) return -1;
    if (get_buffer(index, &p->index, 0, "index") < 0) return -1;
    if (get_buffer(values, &p->weights, 0, "values") < 0) {
        PyBuffer_Release(&p->index);
        return -1;
    }
    p->lean = 1;
    Py_ssize_t blocks = bits >= 6 ? (Py_ssize_t)1 << (bits - 6) : 1;
    if (bits < 1 || bits > 30 || p->index.len != blocks * 16) {
        PyErr_SetString(PyExc_ValueError, "a lean index holds 2**bits / 64 blocks of two uint64");
        PyBuffer_Release(&p->index);
        PyBuffer_Release(&p->weights);
        p->lean = 0;
        return -1;
    }
    p->rows = (Py_ssize_t)1 << bits;  /* the key mask is rows - 1 */
    return 0;
}

/* Set bits of w (portable: no popcnt instruction assumed). */
static inline uint32_t popcount64(uint64_t w) {
#if defined(__POPCNT__)
    return (uint32_t)__builtin_popcountll(w);
#endif
    w = w - ((w >> 1) & 0x5555555555555555ull);
    w = (w & 0x3333333333333333ull) + ((w >> 2) & 0x3333333333333333ull);
    w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (uint32_t)((w * 0x0101010101010101ull) >> 56);
}

/* The row of key in a lean table; a key not kept gets the all-zero row after the kept
 * ones, so neither this lookup nor the decoder's sum branches on presence (a feature is
 * absent at random, and a mispredicted branch costs more than adding zeros). */
static inline int32_t lean_row(const Problem *p, uint32_t key) {
    const uint64_t *B = (const uint64_t *)p->index.buf + 2 * (size_t)(key >> 6);
    const uint64_t word = B[0], bit = 1ull << (key & 63);
    const uint64_t r = B[1] + popcount64(word & (bit - 1));
    return (word & bit) && r < (uint64_t)p->kept ? (int32_t)r : (int32_t)p->kept;
}

/* IEEE half -> float, exactly, for every finite half: the exponent and fraction moved into
 * place and the bias corrected by one multiplication by 2**112 (subnormals included). */
#if defined(__F16C__)
#include <immintrin.h>
static inline float half_to_float(uint16_t h) { return _cvtsh_ss(h); }
#else
static inline float half_to_float(uint16_t h) {
    union { uint32_t u; float f; } v = {(uint32_t)(h & 0x7fff) << 13};
    v.f *= 0x1p112f;
    v.u |= (uint32_t)(h & 0x8000) << 16;
    return v.f;
}
#endif

/* The lean row of every feature id in F[0 .. nf) into out, the index line
 * of the feature AHEAD on prefetched while this one is read. */
static void lean_rows(const Problem *p, const uint32_t *F, Py_ssize_t nf, int32_t *out) {
    enum { AHEAD = 8 };
    const uint64_t *B = (const uint64_t *)p->index.buf;
    const uint32_t mask = (uint32_t)(p->rows - 1);
    for (Py_ssize_t k = 0; k < nf; k++) {
        if (k + AHEAD < nf) __builtin_prefetch(B + 2 * (size_t)((F[k + AHEAD] & mask) >> 6));
        out[k] = lean_row(p, F[k] & mask);
    }
}

/* Add row r of a lean table to emit[0 .. L). */
static inline void add_lean(const Problem *p, int32_t r, double *emit) {
    const uint16_t *row = (const uint16_t *)p->weights.buf + (size_t)r * p->L;
    for (Py_ssize_t y = 0; y < p->L; y++) emit[y] += half_to_float(row[y]);
}

/* Add the dense row of feature id f to emit[0 .. L). */
static inline void add_dense(const Problem *p, uint32_t f, double *emit) {
    const float *row = (const float *)p->weights.buf + (size_t)(f & (uint32_t)(p->rows - 1)) * p->L;
    for (Py_ssize_t y = 0; y < p->L; y++) emit[y] += row[y];
}

/* Prefetch a row's cache lines: [row, row + bytes). */
static inline void prefetch_bytes(const char *row, size_t bytes) {
    for (size_t j = 0; j < bytes; j += 64) __builtin_prefetch(row + j);
    __builtin_prefetch(row + bytes - 1);
}

/* Fill p from the Python arguments; on failure every acquired buffer is released. */
static int problem_init(Problem *p, PyObject *weights, PyObject *trans, PyObject *allowed,
                        Py_ssize_t L, PyObject *feats, PyObject *layout, PyObject *mask,
                        int writable) {
    memset(p, 0, sizeof(*p));
    p->L = L;
    if (L < 1 || L > 255) {
        PyErr_SetString(PyExc_ValueError, "n_labels must be in 1..255");
        return -1;
    }
    if (PyTuple_Check(weights)) {
        if (writable) {
            PyErr_SetString(PyExc_TypeError, "a lean weights table is read-only: train on dense weights");
            return -1;
        }
        if (lean_init(p, weights) < 0) return -1;
    } else if (get_buffer(weights, &p->weights, writable, "weights") < 0) {
        return -1;
    }
    if (get_buffer(trans, &p->trans, writable, "trans") < 0) goto fail1;
    if (get_buffer(allowed, &p->allowed, 0, "allowed") < 0) goto fail2;
    if (get_buffer(feats, &p->feats, 0, "feats") < 0) goto fail3;
    if (p->lean) {
        p->kept = p->weights.len / (2 * L) - 1;  /* the last row is the zero row */
        if (p->kept < 0 || p->weights.len != (p->kept + 1) * L * 2) {
            PyErr_SetString(PyExc_ValueError, "lean values must hold rows of n_labels halves, the last all zero");
            goto fail4;
        }
    } else {
        Py_ssize_t rows = p->weights.len / (Py_ssize_t)(sizeof(float) * L);
        if (rows < 1 || (rows & (rows - 1)) || rows * (Py_ssize_t)sizeof(float) * L != p->weights.len) {
            PyErr_SetString(PyExc_ValueError, "weights must hold a power-of-two number of rows of n_labels floats");
            goto fail4;
        }
        p->rows = rows;
    }
    if (p->trans.len != (Py_ssize_t)sizeof(float) * (L + 1) * (L + 1) ||
        p->allowed.len != (L + 1) * (L + 1)) {
        PyErr_SetString(PyExc_ValueError, "trans must be float32 and allowed uint8, (n_labels+1)^2 each");
        goto fail4;
    }
    Py_ssize_t nf = p->feats.len / 4;
    if (PyLong_Check(layout)) {
        p->stride = PyLong_AsSsize_t(layout);
        if (p->stride < 1 || nf % p->stride) {
            PyErr_SetString(PyExc_ValueError, "feats length is not a multiple of the stride");
            goto fail4;
        }
        p->n = nf / p->stride;
    } else {
        if (get_buffer(layout, &p->offsets, 0, "offsets") < 0) goto fail4;
        p->have_offsets = 1;
        Py_ssize_t k = p->offsets.len / 4;
        const int32_t *off = (const int32_t *)p->offsets.buf;
        if (k < 1 || off[0] != 0 || off[k - 1] != nf) {
            PyErr_SetString(PyExc_ValueError, "offsets must run from 0 to len(feats)");
            goto fail5;
        }
        for (Py_ssize_t i = 1; i < k; i++)
            if (off[i] < off[i - 1]) {
                PyErr_SetString(PyExc_ValueError, "offsets must not decrease");
                goto fail5;
            }
        p->n = k - 1;
    }
    if (mask != Py_None) {
        if (get_buffer(mask, &p->mask, 0, "mask") < 0) goto fail5;
        p->have_mask = 1;
        if (p->mask.len != p->n * L) {
            PyErr_SetString(PyExc_ValueError, "mask must hold n_positions * n_labels bytes");
            PyBuffer_Release(&p->mask);
            p->have_mask = 0;
            goto fail5;
        }
    }
    return 0;
fail5:
    if (p->have_offsets) PyBuffer_Release(&p->offsets);
    p->have_offsets = 0;
fail4:
    PyBuffer_Release(&p->feats);
fail3:
    PyBuffer_Release(&p->allowed);
fail2:
    PyBuffer_Release(&p->trans);
fail1:
    PyBuffer_Release(&p->weights);
    if (p->lean) {
        PyBuffer_Release(&p->index);
        p->lean = 0;
    }
    return -1;
}

static inline Py_ssize_t pos_begin(const Problem *p, Py_ssize_t i) {
    return p->have_offsets ? ((const int32_t *)p->offsets.buf)[i] : i * p->stride;
}

/* ---------------------------------------------------------------- Viterbi */

/* Best label path into out[n]; the sums run in feature order, in double, and ties go to
 * the lowest label, as in the Python reference. Returns the path score, or -INFINITY
 * (out untouched) when the mask and the allowed table leave no path.
 *
 * Each label's allowed predecessors are listed once per call (in ascending order, with
 * their transition weights), so a position costs the allowed pairs (about 250 of the 841
 * of the 29 BIOES labels) rather than all of them; the next position's weight rows are
 * prefetched while this one is decoded, since a model's rows (2**22 x L floats) are far
 * larger than the caches. Neither changes a sum or a comparison, so the paths are those of
 * the full scan. */
static double viterbi(const Problem *p, uint8_t *out) {
    const Py_ssize_t L = p->L, n = p->n;
    const float *T = (const float *)p->trans.buf;
    const uint8_t *A = (const uint8_t *)p->allowed.buf;
    const uint8_t *M = p->have_mask ? (const uint8_t *)p->mask.buf : NULL;
    const uint32_t *F = (const uint32_t *)p->feats.buf;
    if (n == 0) return 0.0;
    double *score = malloc(sizeof(double) * L * 2), *emit = malloc(sizeof(double) * L);
    double *pred_t = malloc(sizeof(double) * L * L);
    uint8_t *back = malloc((size_t)n * L), *pred = malloc((size_t)L * L);
    Py_ssize_t *n_pred = malloc(sizeof(Py_ssize_t) * L);
    if (!score || !emit || !pred_t || !back || !pred || !n_pred) {
        free(score); free(emit); free(pred_t); free(back); free(pred); free(n_pred);
        PyErr_NoMemory();
        return NAN;
    }
    for (Py_ssize_t y = 0; y < L; y++) {  /* pred[y*L ..]: the q with A[q][y], ascending */
        Py_ssize_t k = 0;
        for (Py_ssize_t q = 0; q < L; q++)
            if (A[q * (L + 1) + y]) {
                pred[y * L + k] = (uint8_t)q;
                pred_t[y * L + k] = (double)T[q * (L + 1) + y];
                k++;
            }
        n_pred[y] = k;
    }
    int32_t *R = NULL;  /* a lean table's row of every feature, looked up in one pass */
    if (p->lean) {
        Py_ssize_t nf = pos_begin(p, n);
        R = malloc(sizeof(int32_t) * (nf ? nf : 1));
        if (!R) {
            free(score); free(emit); free(pred_t); free(back); free(pred); free(n_pred);
            PyErr_NoMemory();
            return NAN;
        }
        lean_rows(p, F, nf, R);
    }
    const size_t row_bytes = (size_t)L * (p->lean ? sizeof(uint16_t) : sizeof(float));
    const char *W = (const char *)p->weights.buf;
    const uint32_t rmask = (uint32_t)(p->rows - 1);
    double *prev = score, *cur = score + L;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i + 1 < n)  /* the next position's rows, while this one is decoded */
            for (Py_ssize_t k = pos_begin(p, i + 1), e = pos_begin(p, i + 2); k < e; k++) {
                if (!R) prefetch_bytes(W + (size_t)(F[k] & rmask) * row_bytes, row_bytes);
                else prefetch_bytes(W + (size_t)R[k] * row_bytes, row_bytes);
            }
        for (Py_ssize_t y = 0; y < L; y++) emit[y] = 0.0;
        for (Py_ssize_t k = pos_begin(p, i), e = pos_begin(p, i + 1); k < e; k++) {
            if (R) add_lean(p, R[k], emit);
            else add_dense(p, F[k], emit);
        }
        for (Py_ssize_t y = 0; y < L; y++) {
            double best = -INFINITY;
            uint8_t arg = 0;
            if (!M || M[i * L + y]) {
                if (i == 0) {
                    if (A[L * (L + 1) + y]) best = (double)T[L * (L + 1) + y];
                } else {
                    const uint8_t *pq = pred + y * L;
                    const double *pt = pred_t + y * L;
                    for (Py_ssize_t k = 0; k < n_pred[y]; k++) {
                        double s = prev[pq[k]] + pt[k];
                        if (s > best) { best = s; arg = pq[k]; }
                    }
                }
            }
            cur[y] = best == -INFINITY ? best : best + emit[y];
            back[i * L + y] = arg;
        }
        double *t = prev; prev = cur; cur = t;
    }
    double best = -INFINITY;
    Py_ssize_t arg = -1;
    for (Py_ssize_t y = 0; y < L; y++) {
        if (!A[y * (L + 1) + L] || prev[y] == -INFINITY) continue;
        double s = prev[y] + (double)T[y * (L + 1) + L];
        if (s > best) { best = s; arg = y; }
    }
    if (arg >= 0) {
        for (Py_ssize_t i = n - 1; i >= 0; i--) {
            out[i] = (uint8_t)arg;
            arg = back[i * L + arg];
        }
    }
    free(score); free(emit); free(pred_t); free(back); free(pred); free(n_pred); free(R);
    return best;
}

static PyObject *no_path(void) {
    PyErr_SetString(PyExc_ValueError, "no label sequence satisfies the allowed transitions and the mask");
    return NULL;
}

static PyObject *py_decode(PyObject *self, PyObject *args) {
    PyObject *weights, *trans, *allowed, *feats, *layout, *mask = Py_None;
    Py_ssize_t L;
    if (!PyArg_ParseTuple(args, "OOOnOO|O:decode", &weights, &trans, &allowed, &L, &feats,
                          &layout, &mask))
        return NULL;
    Problem p;
    if (problem_init(&p, weights, trans, allowed, L, feats, layout, mask, 0) < 0) return NULL;
    PyObject *out = PyBytes_FromStringAndSize(NULL, p.n);
    if (out) {
        double s = viterbi(&p, (uint8_t *)PyBytes_AS_STRING(out));
        if (isnan(s)) Py_CLEAR(out);
        else if (s == -INFINITY) { Py_CLEAR(out); no_path(); }
    }
    problem_release(&p);
    return out;
}

/* ---------------------------------------------------------------- training */

static inline void bump(float *w, double *wa, size_t k, double d, double cd) {
    w[k] = (float)((double)w[k] + d);
    wa[k] += cd;
}

/* Score of a label path under the current weights (for the passive-aggressive step). */
static double path_score(const Problem *p, const uint8_t *y) {
    const Py_ssize_t L = p->L, mask_rows = p->rows - 1;
    const float *w = (const float *)p->weights.buf, *T = (const float *)p->trans.buf;
    const uint32_t *F = (const uint32_t *)p->feats.buf;
    double s = 0.0;
    Py_ssize_t prev = L;
    for (Py_ssize_t i = 0; i < p->n; i++) {
        for (Py_ssize_t k = pos_begin(p, i), e = pos_begin(p, i + 1); k < e; k++)
            s += (double)w[(size_t)(F[k] & mask_rows) * L + y[i]];
        s += (double)T[prev * (L + 1) + y[i]];
        prev = y[i];
    }
    return s + (double)T[prev * (L + 1) + L];
}

static PyObject *py_train_step(PyObject *self, PyObject *args) {
    PyObject *weights, *wsum, *trans, *tsum, *allowed, *feats, *layout, *gold_obj;
    Py_ssize_t L;
    double c, aggressiveness;
    int passive_aggressive;
    if (!PyArg_ParseTuple(args, "OOOOOnOOOdpd:train_step", &weights, &wsum, &trans, &tsum,
                          &allowed, &L, &feats, &layout, &gold_obj, &c, &passive_aggressive,
                          &aggressiveness))
        return NULL;
    Problem p;
    if (problem_init(&p, weights, trans, allowed, L, feats, layout, Py_None, 1) < 0) return NULL;
    Py_buffer ws, ts, gold;
    PyObject *result = NULL;
    uint8_t *pred = NULL;
    if (get_buffer(wsum, &ws, 1, "wsum") < 0) goto done0;
    if (get_buffer(tsum, &ts, 1, "tsum") < 0) goto done1;
    if (get_buffer(gold_obj, &gold, 0, "gold") < 0) goto done2;
    if (ws.len != p.weights.len * 2 || ts.len != p.trans.len * 2 || gold.len != p.n) {
        PyErr_SetString(PyExc_ValueError, "wsum/tsum must be float64 twins of weights/trans, gold one label per position");
        goto done3;
    }
    const uint8_t *g = (const uint8_t *)gold.buf;
    for (Py_ssize_t i = 0; i < p.n; i++)
        if (g[i] >= L) {
            PyErr_SetString(PyExc_ValueError, "gold label out of range");
            goto done3;
        }
    pred = malloc(p.n ? p.n : 1);
    if (!pred) { PyErr_NoMemory(); goto done3; }
    double best = viterbi(&p, pred);
    if (isnan(best)) goto done3;
    if (best == -INFINITY) { no_path(); goto done3; }
    Py_ssize_t diff = 0, norm2 = 0;
    for (Py_ssize_t i = 0; i < p.n; i++)
        if (pred[i] != g[i]) {
            diff++;
            norm2 += 2 * (pos_begin(&p, i + 1) - pos_begin(&p, i));
        }
    if (diff) {
        for (Py_ssize_t i = 0; i <= p.n; i++) {
            Py_ssize_t gp = i ? g[i - 1] : L, gn = i < p.n ? g[i] : L;
            Py_ssize_t pp = i ? pred[i - 1] : L, pn = i < p.n ? pred[i] : L;
            if (gp != pp || gn != pn) norm2 += 2;
        }
        double d = 1.0;
        if (passive_aggressive) {
            double loss = best - path_score(&p, g) + sqrt((double)diff);
            d = loss / (double)norm2;
            if (d > aggressiveness) d = aggressiveness;
        }
        double cd = c * d;
        float *w = (float *)p.weights.buf, *T = (float *)p.trans.buf;
        double *wa = (double *)ws.buf, *Ta = (double *)ts.buf;
        const uint32_t *F = (const uint32_t *)p.feats.buf;
        const Py_ssize_t mask_rows = p.rows - 1;
        for (Py_ssize_t i = 0; i < p.n; i++) {
            if (pred[i] == g[i]) continue;
            for (Py_ssize_t k = pos_begin(&p, i), e = pos_begin(&p, i + 1); k < e; k++) {
                size_t row = (size_t)(F[k] & mask_rows) * L;
                bump(w, wa, row + g[i], d, cd);
                bump(w, wa, row + pred[i], -d, -cd);
            }
        }
        for (Py_ssize_t i = 0; i <= p.n; i++) {
            Py_ssize_t gp = i ? g[i - 1] : L, gn = i < p.n ? g[i] : L;
            Py_ssize_t pp = i ? pred[i - 1] : L, pn = i < p.n ? pred[i] : L;
            if (gp == pp && gn == pn) continue;
            bump(T, Ta, gp * (L + 1) + gn, d, cd);
            bump(T, Ta, pp * (L + 1) + pn, -d, -cd);
        }
    }
    result = PyLong_FromSsize_t(diff);
done3:
    free(pred);
    PyBuffer_Release(&gold);
done2:
    PyBuffer_Release(&ts);
done1:
    PyBuffer_Release(&ws);
done0:
    problem_release(&p);
    return result;
}

/* ---------------------------------------------------------------- character windows */

/* Character classes (after width normalisation); the Python twin is char_class(). */
enum { CLS_HAN, CLS_DIGIT, CLS_LATIN, CLS_PUNCT, CLS_OTHER, CLS_NUMERAL, CLS_PAD };

static const Py_UCS4 NUMERALS[] = {0x3007, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
                                   0x516D, 0x4E03, 0x516B, 0x4E5D, 0x5341, 0x767E,
                                   0x5343, 0x4E07, 0x4EBF, 0x96F6, 0x4E24};

static int char_class(Py_UCS4 c) {
    if (c >= '0' && c <= '9') return CLS_DIGIT;
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return CLS_LATIN;
    if (c < 0x80) return (c > 0x20 && c < 0x7F) ? CLS_PUNCT : CLS_OTHER;
    for (size_t k = 0; k < sizeof(NUMERALS) / sizeof(NUMERALS[0]); k++)
        if (c == NUMERALS[k]) return CLS_NUMERAL;
    if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
        (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x2FFFF))
        return CLS_HAN;
    if ((c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFFEF) ||
        (c >= 0x2000 && c <= 0x206F) || (c >= 0xFE30 && c <= 0xFE4F))
        return CLS_PUNCT;
    if (c >= 0xC0 && c <= 0x24F) return CLS_LATIN;
    return CLS_OTHER;
}

#define PAD_LEFT 0x110001u
#define PAD_RIGHT 0x110002u
#define MAX_BUCKET 6
#define N_SEG_FEATURES 27

static PyObject *py_char_class(PyObject *self, PyObject *arg) {
    long c = PyLong_AsLong(arg);
    if (c == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromLong(char_class((Py_UCS4)c));
}

/* Longest dictionary word (length bucket, 0 = none) beginning at, ending at and covering
 * (strictly inside) each character, from the (start, end) spans of the full-mode cut. */
static int dict_lengths(PyObject *spans, Py_ssize_t n, uint8_t *lb, uint8_t *le, uint8_t *lm,
                        Py_ssize_t *wb, Py_ssize_t *we) {
    PyObject *seq = PySequence_Fast(spans, "spans must be a sequence of (start, end) pairs");
    if (!seq) return -1;
    memset(lb, 0, n); memset(le, 0, n); memset(lm, 0, n);
    memset(wb, 0, sizeof(Py_ssize_t) * n); memset(we, 0, sizeof(Py_ssize_t) * n);
    Py_ssize_t k = PySequence_Fast_GET_SIZE(seq);
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t j = 0; j < k; j++) {
        PyObject *t = items[j];
        if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 2) {
            PyErr_SetString(PyExc_TypeError, "spans must be (start, end) tuples");
            Py_DECREF(seq);
            return -1;
        }
        Py_ssize_t s = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 0));
        Py_ssize_t e = PyLong_AsSsize_t(PyTuple_GET_ITEM(t, 1));
        if (PyErr_Occurred()) { Py_DECREF(seq); return -1; }
        if (s < 0 || e > n || e - s < 2) continue;
        uint8_t b = (uint8_t)(e - s > MAX_BUCKET ? MAX_BUCKET : e - s);
        if (lb[s] < b) lb[s] = b;
        if (le[e - 1] < b) le[e - 1] = b;
        if (wb[s] < e - s) wb[s] = e - s;
        if (we[e - 1] < e - s) we[e - 1] = e - s;
        for (Py_ssize_t i = s + 1; i < e - 1; i++)
            if (lm[i] < b) lm[i] = b;
    }
    Py_DECREF(seq);
    return 0;
}

/* The N_SEG_FEATURES feature ids of every character of text (see features.py, TEMPLATES). */
static int seg_fill(PyObject *text, PyObject *spans, uint32_t *out) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    uint32_t *c = malloc(sizeof(uint32_t) * (n + 4));
    uint8_t *cls = malloc(n + 4), *dl = malloc(3 * (size_t)n + 3);
    Py_ssize_t *wl = malloc(sizeof(Py_ssize_t) * (2 * (size_t)n + 2));
    if (!c || !cls || !dl || !wl) {
        free(c); free(cls); free(dl); free(wl);
        PyErr_NoMemory();
        return -1;
    }
    uint8_t *lb = dl, *le = dl + n + 1, *lm = dl + 2 * (n + 1);
    Py_ssize_t *wb = wl, *we = wl + n + 1;
    if (dict_lengths(spans, n, lb, le, lm, wb, we) < 0) {
        free(c); free(cls); free(dl); free(wl);
        return -1;
    }
    c[0] = c[1] = PAD_LEFT;
    c[n + 2] = c[n + 3] = PAD_RIGHT;
    cls[0] = cls[1] = cls[n + 2] = cls[n + 3] = CLS_PAD;
    for (Py_ssize_t i = 0; i < n; i++) {
        c[i + 2] = PyUnicode_READ(kind, data, i);
        cls[i + 2] = (uint8_t)char_class(c[i + 2]);
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        const uint32_t *x = c + i + 2;   /* x[-2] .. x[2] */
        const uint8_t *k = cls + i + 2;
        uint32_t *o = out + i * N_SEG_FEATURES;
        uint32_t t = 0;
        for (int d = -2; d <= 2; d++, t++) o[t] = fmix(mix(mix(FNV_OFFSET, t), x[d]));
        for (int d = -2; d <= 1; d++, t++) o[t] = fmix(mix(mix(mix(FNV_OFFSET, t), x[d]), x[d + 1]));
        o[t] = fmix(mix(mix(mix(FNV_OFFSET, t), x[-1]), x[1])); t++;
        o[t] = fmix(mix(mix(mix(mix(FNV_OFFSET, t), x[-1]), x[0]), x[1])); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), (uint32_t)(k[-1] * 64 + k[0] * 8 + k[1]))); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t),
                        (uint32_t)((((k[-2] * 8 + k[-1]) * 8 + k[0]) * 8 + k[1]) * 8 + k[2]))); t++;
        uint32_t rep = (x[0] == x[-1]) | (x[0] == x[1]) << 1 | (x[-1] == x[1]) << 2 |
                       (x[0] == x[-2]) << 3 | (x[0] == x[2]) << 4;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), rep)); t++;
        uint32_t b = lb[i], e = le[i], m = lm[i];
        o[t] = fmix(mix(mix(FNV_OFFSET, t), b)); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), e)); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), m)); t++;
        o[t] = fmix(mix(mix(mix(FNV_OFFSET, t), b), x[0])); t++;
        o[t] = fmix(mix(mix(mix(FNV_OFFSET, t), e), x[0])); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), (b * 8 + e) * 8 + m)); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), i ? le[i - 1] : 7u)); t++;
        o[t] = fmix(mix(mix(FNV_OFFSET, t), i + 1 < n ? lb[i + 1] : 7u)); t++;
        o[t] = fmix(mix(FNV_OFFSET, t)); t++;
        o[t] = fmix(mix(mix(mix(mix(FNV_OFFSET, t), x[-2]), x[-1]), x[0])); t++;
        o[t] = fmix(mix(mix(mix(mix(FNV_OFFSET, t), x[0]), x[1]), x[2])); t++;
        uint32_t h = mix(FNV_OFFSET, t);  /* the longest dictionary word beginning here */
        for (Py_ssize_t j = 0; j < wb[i]; j++) h = mix(h, x[j]);
        o[t] = fmix(h); t++;
        h = mix(FNV_OFFSET, t);  /* ... and ending here */
        for (Py_ssize_t j = we[i] - 1; j >= 0; j--) h = mix(h, x[-j]);
        o[t] = fmix(h); t++;
    }
    free(c); free(cls); free(dl); free(wl);
    return 0;
}

static PyObject *py_seg_features(PyObject *self, PyObject *args) {
    PyObject *text, *spans;
    if (!PyArg_ParseTuple(args, "UO:seg_features", &text, &spans)) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * N_SEG_FEATURES * 4);
    if (out && seg_fill(text, spans, (uint32_t *)PyBytes_AS_STRING(out)) < 0) Py_CLEAR(out);
    return out;
}

/* seg_decode(text, spans, weights, trans, allowed, mask=None) -> bytes of BMES label ids:
 * seg_features and decode in one call, the feature ids never leaving C. */
static PyObject *py_seg_decode(PyObject *self, PyObject *args) {
    PyObject *text, *spans, *weights, *trans, *allowed, *mask = Py_None;
    if (!PyArg_ParseTuple(args, "UOOOO|O:seg_decode", &text, &spans, &weights, &trans, &allowed,
                          &mask))
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *feats = PyByteArray_FromStringAndSize(NULL, n * N_SEG_FEATURES * 4 + 4);
    if (!feats) return NULL;
    PyObject *out = NULL;
    if (seg_fill(text, spans, (uint32_t *)PyByteArray_AS_STRING(feats)) == 0 &&
        PyByteArray_Resize(feats, n * N_SEG_FEATURES * 4) == 0) {
        PyObject *stride = PyLong_FromLong(N_SEG_FEATURES);
        Problem p;
        if (stride && problem_init(&p, weights, trans, allowed, 4, feats, stride, mask, 0) == 0) {
            out = PyBytes_FromStringAndSize(NULL, n);
            if (out) {
                double s = viterbi(&p, (uint8_t *)PyBytes_AS_STRING(out));
                if (isnan(s)) Py_CLEAR(out);
                else if (s == -INFINITY) { Py_CLEAR(out); no_path(); }
            }
            problem_release(&p);
        }
        Py_XDECREF(stride);
    }
    Py_DECREF(feats);
    return out;
}

/* ---------------------------------------------------------------- Chinese NER lexicon */

/* The NER lexicon templates (nlptk/ner/perceptron.py, ZH_LEXICON; zh_features_py is the
 * reference): surname at i and i-1, the place/organisation suffix ending at i, and for each
 * of PER, LOC, ORG the longest gazetteer entry beginning at, ending at and covering i. */
#define N_ZH_LEXICON 14
#define ZH_BUCKETS 7
#define ZH_VALUES (ZH_BUCKETS * ZH_BUCKETS * ZH_BUCKETS)
enum { ZH_SURNAME = 1, ZH_SUFFIX_LOC = 2, ZH_SUFFIX_ORG = 4 };

/* Flags of key in the sorted keys[k] (0 when absent). */
static uint8_t lookup_flags(const uint64_t *keys, const uint8_t *flags, Py_ssize_t k, uint64_t key) {
    Py_ssize_t lo = 0, hi = k;
    while (lo < hi) {
        Py_ssize_t mid = lo + (hi - lo) / 2;
        if (keys[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < k && keys[lo] == key ? flags[lo] : 0;
}

typedef struct {
    Py_buffer keys, flags, table;
    PyObject *scan;  /* borrowed: gazetteer prefix -> type 0..2, or 3 (prefix only) */
    Py_ssize_t top;
} ZhLexicon;

/* Fill vals[N_ZH_LEXICON][n] (the value of each template at each character). */
static int zh_values(PyObject *text, const ZhLexicon *lx, uint16_t *vals) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const uint64_t *keys = (const uint64_t *)lx->keys.buf;
    const uint8_t *flags = (const uint8_t *)lx->flags.buf;
    const Py_ssize_t n_keys = lx->keys.len / 8;
    memset(vals, 0, sizeof(uint16_t) * N_ZH_LEXICON * n);
    uint16_t *sur = vals, *sur1 = vals + n, *loc = vals + 2 * n, *org = vals + 3 * n;
    uint16_t *gaz = vals + 4 * n;  /* gaz[(type * 3 + kind) * n + i] */
    uint32_t before = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t ch = PyUnicode_READ(kind, data, i);
        uint8_t one = lookup_flags(keys, flags, n_keys, ch);
        uint8_t two = i ? lookup_flags(keys, flags, n_keys, (uint64_t)before << 32 | ch | 1ull << 63) : 0;
        sur[i] = (one & ZH_SURNAME) != 0;
        if (i) sur1[i] = sur[i - 1];
        loc[i] = two & ZH_SUFFIX_LOC ? 2 : (one & ZH_SUFFIX_LOC) != 0;
        org[i] = two & ZH_SUFFIX_ORG ? 2 : (one & ZH_SUFFIX_ORG) != 0;
        before = ch;
    }
    for (Py_ssize_t s = 0; s < n; s++) {
        Py_ssize_t last = s + lx->top < n ? s + lx->top : n;
        for (Py_ssize_t e = s + 2; e <= last; e++) {
            PyObject *piece = PyUnicode_Substring(text, s, e);
            if (!piece) return -1;
            PyObject *code = PyDict_GetItemWithError(lx->scan, piece);
            Py_DECREF(piece);
            if (!code) {
                if (PyErr_Occurred()) return -1;
                break;
            }
            long t = PyLong_AsLong(code);
            if (t == -1 && PyErr_Occurred()) return -1;
            if (t < 0 || t > 2) continue;
            uint16_t b = (uint16_t)(e - s < ZH_BUCKETS - 1 ? e - s : ZH_BUCKETS - 1);
            uint16_t *g = gaz + t * 3 * n;
            if (g[s] < b) g[s] = b;
            if (g[n + e - 1] < b) g[n + e - 1] = b;
            for (Py_ssize_t i = s + 1; i < e - 1; i++)
                if (g[2 * n + i] < b) g[2 * n + i] = b;
        }
    }
    uint16_t *joint = vals + 13 * n;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint16_t best[3] = {0, 0, 0};
        for (int t = 0; t < 3; t++)
            for (int k = 0; k < 3; k++)
                if (best[k] < gaz[(t * 3 + k) * n + i]) best[k] = gaz[(t * 3 + k) * n + i];
        joint[i] = (uint16_t)((best[0] * ZH_BUCKETS + best[1]) * ZH_BUCKETS + best[2]);
    }
    return 0;
}

/* The segmenter's N_SEG_FEATURES ids, then the N_ZH_LEXICON lexicon ids, of each character. */
static int zh_fill(PyObject *text, PyObject *spans, const ZhLexicon *lx, uint32_t *out) {
    const Py_ssize_t n = PyUnicode_GET_LENGTH(text), stride = N_SEG_FEATURES + N_ZH_LEXICON;
    uint32_t *seg = malloc(sizeof(uint32_t) * N_SEG_FEATURES * (n ? n : 1));
    uint16_t *vals = malloc(sizeof(uint16_t) * N_ZH_LEXICON * (n ? n : 1));
    if (!seg || !vals) {
        free(seg); free(vals);
        PyErr_NoMemory();
        return -1;
    }
    int rc = seg_fill(text, spans, seg);
    if (rc == 0) rc = zh_values(text, lx, vals);
    if (rc == 0) {
        const uint32_t *table = (const uint32_t *)lx->table.buf;
        for (Py_ssize_t i = 0; i < n; i++) {
            uint32_t *o = out + i * stride;
            memcpy(o, seg + i * N_SEG_FEATURES, sizeof(uint32_t) * N_SEG_FEATURES);
            for (Py_ssize_t t = 0; t < N_ZH_LEXICON; t++)
                o[N_SEG_FEATURES + t] = table[t * ZH_VALUES + vals[t * n + i]];
        }
    }
    free(seg); free(vals);
    return rc;
}

static int zh_lexicon_init(ZhLexicon *lx, PyObject *keys, PyObject *flags, PyObject *scan,
                           Py_ssize_t top, PyObject *table) {
    memset(lx, 0, sizeof(*lx));
    if (!PyDict_Check(scan)) {
        PyErr_SetString(PyExc_TypeError, "scan must be a dict");
        return -1;
    }
    lx->scan = scan;
    lx->top = top;
    if (get_buffer(keys, &lx->keys, 0, "keys") < 0) return -1;
    if (get_buffer(flags, &lx->flags, 0, "flags") < 0) goto fail1;
    if (get_buffer(table, &lx->table, 0, "table") < 0) goto fail2;
    if (lx->keys.len % 8 || lx->flags.len != lx->keys.len / 8 ||
        lx->table.len != (Py_ssize_t)sizeof(uint32_t) * N_ZH_LEXICON * ZH_VALUES) {
        PyErr_SetString(PyExc_ValueError, "keys must be uint64, flags one byte per key, table "
                                          "uint32 [N_ZH_LEXICON][ZH_VALUES]");
        PyBuffer_Release(&lx->table);
        goto fail2;
    }
    return 0;
fail2:
    PyBuffer_Release(&lx->flags);
fail1:
    PyBuffer_Release(&lx->keys);
    return -1;
}

static void zh_lexicon_release(ZhLexicon *lx) {
    PyBuffer_Release(&lx->keys);
    PyBuffer_Release(&lx->flags);
    PyBuffer_Release(&lx->table);
}

static PyObject *py_zh_features(PyObject *self, PyObject *args) {
    PyObject *text, *spans, *keys, *flags, *scan, *table;
    Py_ssize_t top;
    if (!PyArg_ParseTuple(args, "UOOOOnO:zh_features", &text, &spans, &keys, &flags, &scan,
                          &top, &table))
        return NULL;
    ZhLexicon lx;
    if (zh_lexicon_init(&lx, keys, flags, scan, top, table) < 0) return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *out = PyBytes_FromStringAndSize(NULL, n * (N_SEG_FEATURES + N_ZH_LEXICON) * 4);
    if (out && zh_fill(text, spans, &lx, (uint32_t *)PyBytes_AS_STRING(out)) < 0) Py_CLEAR(out);
    zh_lexicon_release(&lx);
    return out;
}

/* ---------------------------------------------------------------- module */

static PyMethodDef methods[] = {
    {"decode", py_decode, METH_VARARGS,
     "decode(weights, trans, allowed, n_labels, feats, stride_or_offsets, mask=None) -> bytes"},
    {"train_step", py_train_step, METH_VARARGS,
     "train_step(weights, wsum, trans, tsum, allowed, n_labels, feats, stride_or_offsets, "
     "gold, c, passive_aggressive, aggressiveness) -> positions wrong before the update"},
    {"seg_features", py_seg_features, METH_VARARGS,
     "seg_features(text, spans) -> bytes: N_SEG_FEATURES uint32 feature ids per character"},
    {"seg_decode", py_seg_decode, METH_VARARGS,
     "seg_decode(text, spans, weights, trans, allowed, mask=None) -> bytes of BMES labels"},
    {"zh_features", py_zh_features, METH_VARARGS,
     "zh_features(text, spans, keys, flags, scan, top, table) -> bytes: N_SEG_FEATURES + "
     "N_ZH_LEXICON uint32 feature ids per character"},
    {"char_class", py_char_class, METH_O, "char_class(code_point) -> class id"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_perceptron",
    "Compiled hot paths of the averaged perceptron (see nlptk.sequence.perceptron).", -1,
    methods,
};

PyMODINIT_FUNC PyInit__perceptron(void) {
    PyObject *m = PyModule_Create(&module);
    if (m && (PyModule_AddIntConstant(m, "N_SEG_FEATURES", N_SEG_FEATURES) < 0 ||
              PyModule_AddIntConstant(m, "N_ZH_LEXICON", N_ZH_LEXICON) < 0))
        Py_CLEAR(m);
    return m;
}
