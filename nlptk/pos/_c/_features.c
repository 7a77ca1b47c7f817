/* pos: the word features of a sentence for the perceptron POS tagger, in C.
 *
 * The compiled twin of nlptk.pos.perceptron.WordFeatures.__call__ (its reference): given
 * each word's cached record (its own feature ids in every role, its OOV ids, and the bytes
 * and running CRC-32 states of the templates that join words), lay out each position's
 * ids -- the word's own, its neighbours' in their roles, the five joined ids, then its
 * OOV ids -- and the tag-dictionary mask row of each word. No Python object per id.
 *
 * A record is a tuple: (vec: bytes of 19 uint32, oov: bytes of uint32, word: bytes,
 * amb: bytes, amb_bar: bytes, pair_prev, pair_next, amb_prev, amb_next, amb3: int,
 * mask_row: int). CRC-32 continues from a state exactly as zlib.crc32(data, state).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define ROLE_IDS 19  /* ids of a word's own vector: 9 own, 4 at -1, 4 at +1, 1 at -2, 1 at +2 */
#define TEMPLATES 24 /* ids of every position: 9 + 4 + 4 + 1 + 1 + 5 joined */

static uint32_t crc_table[256];

static void crc_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        crc_table[i] = c;
    }
}

static inline uint32_t crc32_from(const char *data, Py_ssize_t n, uint32_t state) {
    const unsigned char *p = (const unsigned char *)data;
    uint32_t c = ~state;
    while (n--) c = crc_table[(c ^ *p++) & 0xFF] ^ (c >> 8);
    return ~c;
}

typedef struct {
    const uint32_t *vec;
    const uint32_t *oov;
    Py_ssize_t n_oov;
    const char *word, *amb, *amb_bar;
    Py_ssize_t word_len, amb_len, amb_bar_len;
    uint32_t pair_prev, pair_next, amb_prev, amb_next, amb3;
    long long mask_row;
} Rec;

static int bytes_of(PyObject *o, const char **p, Py_ssize_t *n) {
    if (!PyBytes_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "record fields must be bytes");
        return -1;
    }
    *p = PyBytes_AS_STRING(o);
    *n = PyBytes_GET_SIZE(o);
    return 0;
}

static int read_rec(PyObject *t, Rec *r, int need_vec) {
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 11) {
        PyErr_SetString(PyExc_TypeError, "a record is a tuple of 11 fields");
        return -1;
    }
    const char *p;
    Py_ssize_t n;
    if (bytes_of(PyTuple_GET_ITEM(t, 0), &p, &n) < 0) return -1;
    if (need_vec && n != ROLE_IDS * 4) {
        PyErr_SetString(PyExc_ValueError, "a record's vector must hold 19 uint32 ids");
        return -1;
    }
    r->vec = (const uint32_t *)p;
    if (bytes_of(PyTuple_GET_ITEM(t, 1), &p, &n) < 0) return -1;
    r->oov = (const uint32_t *)p;
    r->n_oov = n / 4;
    if (bytes_of(PyTuple_GET_ITEM(t, 2), &r->word, &r->word_len) < 0) return -1;
    if (bytes_of(PyTuple_GET_ITEM(t, 3), &r->amb, &r->amb_len) < 0) return -1;
    if (bytes_of(PyTuple_GET_ITEM(t, 4), &r->amb_bar, &r->amb_bar_len) < 0) return -1;
    uint32_t *states[5] = {&r->pair_prev, &r->pair_next, &r->amb_prev, &r->amb_next, &r->amb3};
    for (int k = 0; k < 5; k++) {
        unsigned long v = PyLong_AsUnsignedLong(PyTuple_GET_ITEM(t, 5 + k));
        if (v == (unsigned long)-1 && PyErr_Occurred()) return -1;
        *states[k] = (uint32_t)v;
    }
    r->mask_row = PyLong_AsLongLong(PyTuple_GET_ITEM(t, 10));
    if (r->mask_row == -1 && PyErr_Occurred()) return -1;
    return 0;
}

/* sentence(records, first, last, pads) -> (ids, offsets or None, mask_rows)
 *   records: list of word records; first, last: the <s> and </s> records (their vectors
 *   unused); pads: bytes of 4 x 19 uint32, the boundary vectors at -2, -1, +1, +2.
 *   ids: bytes of uint32; offsets: bytes of int32 (n + 1) when some word has OOV ids,
 *   else None (stride TEMPLATES); mask_rows: bytes of int64, each record's mask_row. */
static PyObject *py_sentence(PyObject *self, PyObject *args) {
    PyObject *records, *first_o, *last_o;
    Py_buffer pads;
    if (!PyArg_ParseTuple(args, "O!OOy*:sentence", &PyList_Type, &records, &first_o, &last_o,
                          &pads))
        return NULL;
    PyObject *result = NULL, *ids = NULL, *offsets = NULL, *rows = NULL;
    Rec *rec = NULL;
    if (pads.len != 4 * ROLE_IDS * 4) {
        PyErr_SetString(PyExc_ValueError, "pads must hold 4 x 19 uint32 ids");
        goto done;
    }
    Py_ssize_t n = PyList_GET_SIZE(records);
    rec = PyMem_Calloc((size_t)n + 2, sizeof(Rec));
    if (!rec) {
        PyErr_NoMemory();
        goto done;
    }
    /* rec[0] is <s>, rec[1..n] the words, rec[n+1] is </s> */
    if (read_rec(first_o, &rec[0], 0) < 0 || read_rec(last_o, &rec[n + 1], 0) < 0) goto done;
    Py_ssize_t extra = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (read_rec(PyList_GET_ITEM(records, i), &rec[i + 1], 1) < 0) goto done;
        extra += rec[i + 1].n_oov;
    }
    const uint32_t *pad = (const uint32_t *)pads.buf; /* rows: -2, -1, +1, +2 */
    ids = PyBytes_FromStringAndSize(NULL, (TEMPLATES * n + extra) * 4);
    rows = PyBytes_FromStringAndSize(NULL, n * 8);
    if (extra) offsets = PyBytes_FromStringAndSize(NULL, (n + 1) * 4);
    if (!ids || !rows || (extra && !offsets)) goto done;
    uint32_t *out = (uint32_t *)PyBytes_AS_STRING(ids);
    int32_t *off = extra ? (int32_t *)PyBytes_AS_STRING(offsets) : NULL;
    long long *mrow = (long long *)PyBytes_AS_STRING(rows);
    Py_ssize_t k = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const Rec *prev = &rec[i], *cur = &rec[i + 1], *nxt = &rec[i + 2];
        const uint32_t *m2 = i >= 2 ? rec[i - 1].vec : pad + (i == 0 ? 0 : 1) * ROLE_IDS;
        const uint32_t *m1 = i >= 1 ? prev->vec : pad + 1 * ROLE_IDS;
        const uint32_t *p1 = i + 1 < n ? nxt->vec : pad + 2 * ROLE_IDS;
        const uint32_t *p2 = i + 2 < n ? rec[i + 3].vec : pad + (i + 1 < n ? 2 : 3) * ROLE_IDS;
        if (off) off[i] = (int32_t)k;
        memcpy(out + k, cur->vec, 9 * 4);   /* the word itself */
        memcpy(out + k + 9, m1 + 9, 4 * 4); /* the previous word in role -1 */
        memcpy(out + k + 13, p1 + 13, 4 * 4);
        out[k + 17] = m2[17];
        out[k + 18] = p2[18];
        out[k + 19] = crc32_from(cur->word, cur->word_len, prev->pair_prev);
        out[k + 20] = crc32_from(nxt->word, nxt->word_len, cur->pair_next);
        out[k + 21] = crc32_from(prev->word, prev->word_len, cur->amb_prev);
        out[k + 22] = crc32_from(nxt->word, nxt->word_len, cur->amb_next);
        out[k + 23] = crc32_from(nxt->amb, nxt->amb_len,
                                 crc32_from(cur->amb_bar, cur->amb_bar_len, prev->amb3));
        k += TEMPLATES;
        if (cur->n_oov) {
            memcpy(out + k, cur->oov, (size_t)cur->n_oov * 4);
            k += cur->n_oov;
        }
        mrow[i] = cur->mask_row;
    }
    if (off) off[n] = (int32_t)k;
    result = Py_BuildValue("OOO", ids, offsets ? offsets : Py_None, rows);
done:
    Py_XDECREF(ids);
    Py_XDECREF(offsets);
    Py_XDECREF(rows);
    PyMem_Free(rec);
    PyBuffer_Release(&pads);
    return result;
}

static PyMethodDef methods[] = {
    {"sentence", py_sentence, METH_VARARGS,
     "sentence(records, first, last, pads) -> (ids, offsets or None, mask_rows)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_features",
                                     "POS perceptron word features in C", -1, methods};

PyMODINIT_FUNC PyInit__features(void) {
    crc_init();
    return PyModule_Create(&module);
}
