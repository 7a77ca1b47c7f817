/*
 * nlptk.sequence._viterbi — first-order HMM Viterbi decoding in C, one sentence at a time,
 * and (char_entities) a character tagger's whole per-character path: code points to symbol
 * ids through a table, Viterbi, tags to entity spans, for a batch of lines in one call; and
 * (path_entities) the last step alone, for label paths decoded elsewhere (the NER perceptron).
 *
 * The same arithmetic as nlptk/sequence/viterbi.py's batched numpy decoder (and hmmlearn's
 * decode): delta_t[i] = max_j (delta_{t-1}[j] + log_trans[j, i]) + log_emit[i, x_t], ties
 * between predecessors to the higher j, the final state the first maximum. Only additions
 * and comparisons, in the same order, so the paths are the same bit for bit; the parity
 * test compares both decoders on real data.
 *
 * Arrays come in through the buffer protocol (float64 and intp, C-contiguous), so the
 * module needs no numpy headers to build. Scratch space is per call.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

/* A C-contiguous buffer of `ndim` dimensions whose items are `itemsize` bytes in one of the
 * struct `formats` (e.g. "d", "lq", "i", "B"); `type` names them in the error message. */
static int get_typed(PyObject *obj, Py_buffer *view, int ndim, Py_ssize_t itemsize,
                     const char *formats, const char *what, const char *type)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    if (view->ndim != ndim || view->itemsize != itemsize || !f[0] || f[1] ||
        !strchr(formats, f[0])) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous %dD %s array", what, ndim, type);
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
}

/* A float64 ('f') or int64 ('i') array, the decoder's two kinds. */
static int get_array(PyObject *obj, Py_buffer *view, int ndim, char kind, const char *what)
{
    return kind == 'f' ? get_typed(obj, view, ndim, 8, "d", what, "float64")
                       : get_typed(obj, view, ndim, 8, "lq", what, "int64");
}

/* Best path of one sentence obs[0:n] into path[0:n]; delta/prev/back are scratch. */
static void decode_one(Py_ssize_t S, Py_ssize_t V, const double *start, const double *trans,
                       const double *emit, const int64_t *obs, Py_ssize_t n, double *delta,
                       double *next, int32_t *back, int64_t *path)
{
    for (Py_ssize_t i = 0; i < S; i++)
        delta[i] = start[i] + emit[i * V + obs[0]];
    for (Py_ssize_t t = 1; t < n; t++) {
        const double *em = emit + obs[t];
        int32_t *bt = back + t * S;
        for (Py_ssize_t i = 0; i < S; i++) {
            double best = -INFINITY;
            int32_t arg = 0;
            for (Py_ssize_t j = 0; j < S; j++) {
                double v = delta[j] + trans[j * S + i];
                if (v >= best) { /* ties (and all -inf) go to the higher predecessor */
                    best = v;
                    arg = (int32_t)j;
                }
            }
            bt[i] = arg;
            next[i] = best + em[i * V];
        }
        memcpy(delta, next, (size_t)S * sizeof(double));
    }
    Py_ssize_t cur = 0;
    for (Py_ssize_t i = 1; i < S; i++)
        if (delta[i] > delta[cur])
            cur = i;
    for (Py_ssize_t t = n - 1; t > 0; t--) {
        path[t] = cur;
        cur = back[t * S + cur];
    }
    path[0] = cur;
}

static PyObject *viterbi_paths(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *ostart, *otrans, *oemit, *seqs;
    if (!PyArg_ParseTuple(args, "OOOO", &ostart, &otrans, &oemit, &seqs))
        return NULL;
    Py_buffer vs = {0}, vt = {0}, ve = {0};
    PyObject *fast = NULL, *out = NULL;
    double *scratch = NULL;
    int32_t *back = NULL;
    if (get_array(ostart, &vs, 1, 'f', "log_start") < 0)
        return NULL;
    if (get_array(otrans, &vt, 2, 'f', "log_trans") < 0)
        goto done;
    if (get_array(oemit, &ve, 2, 'f', "log_emit") < 0)
        goto done;
    Py_ssize_t S = vs.shape[0], V = ve.shape[1];
    if (S < 1 || vt.shape[0] != S || vt.shape[1] != S || ve.shape[0] != S) {
        PyErr_SetString(PyExc_ValueError,
                        "shapes must be log_start (S,), log_trans (S, S), log_emit (S, V)");
        goto done;
    }
    fast = PySequence_Fast(seqs, "sequences must be a sequence of int arrays");
    if (!fast)
        goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    out = PyList_New(count);
    scratch = PyMem_Malloc(2 * (size_t)S * sizeof(double));
    if (!out || !scratch) {
        Py_CLEAR(out);
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t capback = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        Py_buffer vo;
        if (get_array(PySequence_Fast_GET_ITEM(fast, k), &vo, 1, 'i', "each sequence") < 0) {
            Py_CLEAR(out);
            goto done;
        }
        Py_ssize_t n = vo.shape[0];
        const int64_t *obs = vo.buf;
        int bad = 0;
        for (Py_ssize_t t = 0; t < n; t++)
            bad |= obs[t] < 0 || obs[t] >= V;
        PyObject *path = bad ? NULL : PyBytes_FromStringAndSize(NULL, n * 8);
        if (path && n) {
            if (n * S > capback) {
                PyMem_Free(back);
                capback = n * S > 4096 ? n * S : 4096;
                back = PyMem_Malloc((size_t)capback * sizeof(int32_t));
                if (!back) {
                    Py_CLEAR(path);
                    PyErr_NoMemory();
                }
            }
            if (path)
                decode_one(S, V, vs.buf, vt.buf, ve.buf, obs, n, scratch, scratch + S, back,
                           (int64_t *)PyBytes_AS_STRING(path));
        }
        PyBuffer_Release(&vo);
        if (bad)
            PyErr_SetString(PyExc_IndexError, "a symbol id is outside log_emit's columns");
        if (!path) {
            Py_CLEAR(out);
            goto done;
        }
        PyList_SET_ITEM(out, k, path);
    }
done:
    Py_XDECREF(fast);
    PyMem_Free(scratch);
    PyMem_Free(back);
    if (vs.obj)
        PyBuffer_Release(&vs);
    if (vt.obj)
        PyBuffer_Release(&vt);
    if (ve.obj)
        PyBuffer_Release(&ve);
    return out;
}

/* ---- entity spans of raw character lines (Chinese NER), one call per batch of lines ---- */

/* What the table says of a character: not looked up yet, or whitespace (not a token). */
#define CHAR_UNMAPPED (-1)
#define CHAR_SPACE (-2)

/* decode_one's path over obs[0:n], with emissions stored symbol-major (emit_t[x * S + i],
 * one cache line per character instead of S) and each state's predecessors limited to those
 * its transition allows (pred[i * S + 0 .. npred[i]], ascending; tcol[i * S + k] is the
 * transition from pred[i * S + k], so the loop reads memory in order). A skipped predecessor
 * scores -inf, which never beats a finite score with `>=`; where every predecessor scores
 * -inf, decode_one's scan ends on the last state, S - 1, so that is kept. The same sums
 * in the same order: the same path as decode_one, bit for bit. */
static void decode_sparse(Py_ssize_t S, const double *start, const double *tcol,
                          const double *emit_t, const uint8_t *pred, const Py_ssize_t *npred,
                          const int32_t *obs, Py_ssize_t n, double *delta, double *next,
                          uint8_t *back, uint8_t *path)
{
    const double *em = emit_t + (Py_ssize_t)obs[0] * S;
    for (Py_ssize_t i = 0; i < S; i++)
        delta[i] = start[i] + em[i];
    for (Py_ssize_t t = 1; t < n; t++) {
        em = emit_t + (Py_ssize_t)obs[t] * S;
        uint8_t *bt = back + t * S;
        for (Py_ssize_t i = 0; i < S; i++) {
            const uint8_t *pi = pred + i * S;
            double best = -INFINITY;
            uint8_t arg = (uint8_t)(S - 1);
            const double *ti = tcol + i * S;
            for (Py_ssize_t k = 0; k < npred[i]; k++) {
                double v = delta[pi[k]] + ti[k];
                if (v >= best) {
                    best = v;
                    arg = pi[k];
                }
            }
            bt[i] = best == -INFINITY ? (uint8_t)(S - 1) : arg;
            next[i] = best + em[i];
        }
        double *swap = delta;
        delta = next;
        next = swap;
    }
    Py_ssize_t cur = 0;
    for (Py_ssize_t i = 1; i < S; i++)
        if (delta[i] > delta[cur])
            cur = i;
    for (Py_ssize_t t = n - 1; t > 0; t--) {
        path[t] = (uint8_t)cur;
        cur = back[t * S + cur];
    }
    path[0] = (uint8_t)cur;
}

/* Per-call scratch, grown to the longest line. */
typedef struct {
    Py_ssize_t cap;
    Py_ssize_t *pos; /* each token's (non-space character's) offset in the line */
    int32_t *obs;    /* its symbol id */
    uint8_t *state;  /* its decoded state */
    char *pre;       /* its tag's prefix (O B I E S) */
    uint8_t *type;   /* its tag's type id */
    uint8_t *back;   /* cap * S back-pointers */
} Scratch;

static void scratch_free(Scratch *w)
{
    PyMem_Free(w->pos);
    PyMem_Free(w->obs);
    PyMem_Free(w->state);
    PyMem_Free(w->pre);
    PyMem_Free(w->type);
    PyMem_Free(w->back);
    memset(w, 0, sizeof(*w));
}

static int scratch_grow(Scratch *w, Py_ssize_t n, Py_ssize_t S)
{
    if (n <= w->cap)
        return 0;
    Py_ssize_t cap = n > 2 * w->cap ? n : 2 * w->cap;
    scratch_free(w);
    w->pos = PyMem_Malloc((size_t)cap * sizeof(Py_ssize_t));
    w->obs = PyMem_Malloc((size_t)cap * sizeof(int32_t));
    w->state = PyMem_Malloc((size_t)cap);
    w->pre = PyMem_Malloc((size_t)cap);
    w->type = PyMem_Malloc((size_t)cap);
    w->back = PyMem_Malloc((size_t)cap * (size_t)S);
    if (!w->pos || !w->obs || !w->state || !w->pre || !w->type || !w->back) {
        scratch_free(w);
        PyErr_NoMemory();
        return -1;
    }
    w->cap = cap;
    return 0;
}

/* Append (text[first:last], names[type], first, last) to `out`. */
static int add_entity(PyObject *out, PyObject *text, PyObject *names, uint8_t type,
                      Py_ssize_t first, Py_ssize_t last)
{
    PyObject *item = PyTuple_New(4);
    if (!item)
        return -1;
    PyObject *label = PyTuple_GET_ITEM(names, type);
    Py_INCREF(label);
    PyTuple_SET_ITEM(item, 1, label);
    PyObject *parts[] = {PyUnicode_Substring(text, first, last), PyLong_FromSsize_t(first),
                         PyLong_FromSsize_t(last)};
    PyTuple_SET_ITEM(item, 0, parts[0]);
    PyTuple_SET_ITEM(item, 2, parts[1]);
    PyTuple_SET_ITEM(item, 3, parts[2]);
    if (!parts[0] || !parts[1] || !parts[2]) {
        Py_DECREF(item); /* frees what was made; an unset item is NULL, which it skips */
        return -1;
    }
    int rc = PyList_Append(out, item);
    Py_DECREF(item);
    return rc;
}

/* The entities of tags pre[0:n] (prefixes O B I E S) / type[0:n] (type ids) as
 * nlptk.sequence.tags.bioes_to_spans reads them, appended to `out` as (text, names[type],
 * start, end); token spans become character offsets through pos. */
static int spans_from_tags(PyObject *out, PyObject *text, PyObject *names, const char *pre,
                           const uint8_t *type, const Py_ssize_t *pos, Py_ssize_t n)
{
    Py_ssize_t open = -1;
    uint8_t etype = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char p = pre[i];
        if (open >= 0 && (p == 'B' || p == 'S' || p == 'O' || type[i] != etype)) {
            if (add_entity(out, text, names, etype, pos[open], pos[i - 1] + 1) < 0)
                return -1;
            open = -1;
        }
        if (p == 'S') {
            if (add_entity(out, text, names, type[i], pos[i], pos[i] + 1) < 0)
                return -1;
        } else if (p == 'B' || p == 'I' || p == 'E' || p == 'M') {
            if (open < 0) {
                open = i;
                etype = type[i];
            }
            if (p == 'E') {
                if (add_entity(out, text, names, etype, pos[open], pos[i] + 1) < 0)
                    return -1;
                open = -1;
            }
        }
    }
    if (open >= 0 && add_entity(out, text, names, etype, pos[open], pos[n - 1] + 1) < 0)
        return -1;
    return 0;
}

/* spans_from_tags after the HMM tagger's two repairs: a path that stops inside an entity
 * ends it there (B -> S, I -> E; nlptk.ner.hmm._close_last), and an entity none of whose
 * tokens is known becomes O (_drop_unseen). */
static int tag_entities(PyObject *out, PyObject *text, PyObject *names, const Scratch *w,
                        const uint8_t *known, Py_ssize_t n)
{
    char *pre = w->pre;
    if (pre[n - 1] == 'B')
        pre[n - 1] = 'S';
    else if (pre[n - 1] == 'I')
        pre[n - 1] = 'E';
    Py_ssize_t start = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        char p = pre[i];
        if (p == 'B' || p == 'S')
            start = i;
        if (p == 'E' || p == 'S') {
            int any = 0;
            for (Py_ssize_t k = start; k <= i && !any; k++)
                any = known[w->obs[k]];
            if (!any)
                memset(pre + start, 'O', (size_t)(i + 1 - start));
        }
    }
    return spans_from_tags(out, text, names, pre, w->type, w->pos, n);
}

static PyObject *char_entities(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *otable, *oknown, *names, *ostart, *otrans, *oemit;
    const char *prefixes, *type_ids;
    Py_ssize_t n_prefixes, n_type_ids;
    if (!PyArg_ParseTuple(args, "OOOy#y#O!OOO", &texts, &otable, &oknown, &prefixes,
                          &n_prefixes, &type_ids, &n_type_ids, &PyTuple_Type, &names, &ostart,
                          &otrans, &oemit))
        return NULL;
    Py_buffer vtab = {0}, vknown = {0}, vs = {0}, vt = {0}, ve = {0};
    PyObject *fast = NULL, *out = NULL;
    double *delta = NULL, *tcol = NULL;
    uint8_t *pred = NULL;
    Py_ssize_t *npred = NULL;
    Scratch w = {0};
    if (get_typed(otable, &vtab, 1, 4, "il", "table", "int32") < 0)
        return NULL;
    if (get_typed(oknown, &vknown, 1, 1, "B", "known", "uint8") < 0 ||
        get_array(ostart, &vs, 1, 'f', "log_start") < 0 ||
        get_array(otrans, &vt, 2, 'f', "log_trans") < 0 ||
        get_array(oemit, &ve, 2, 'f', "log_emit_t") < 0)
        goto done;
    Py_ssize_t S = vs.shape[0], V = ve.shape[0], L = vtab.shape[0];
    if (S < 1 || S > 256 || vt.shape[0] != S || vt.shape[1] != S || ve.shape[1] != S ||
        vknown.shape[0] != V || n_prefixes != S || n_type_ids != S) {
        PyErr_SetString(PyExc_ValueError,
                        "shapes must be log_start (S,), log_trans (S, S), log_emit_t (V, S), "
                        "known (V,), S prefixes and type ids, 1 <= S <= 256");
        goto done;
    }
    for (Py_ssize_t i = 0; i < S; i++)
        if ((unsigned char)type_ids[i] >= PyTuple_GET_SIZE(names)) {
            PyErr_SetString(PyExc_ValueError, "a type id is outside the type names");
            goto done;
        }
    const double *trans = vt.buf;
    const int32_t *table = vtab.buf;
    pred = PyMem_Malloc((size_t)(S * S));
    npred = PyMem_Malloc((size_t)S * sizeof(Py_ssize_t));
    delta = PyMem_Malloc(2 * (size_t)S * sizeof(double));
    tcol = PyMem_Malloc((size_t)(S * S) * sizeof(double));
    fast = PySequence_Fast(texts, "texts must be a sequence of str");
    if (!pred || !npred || !delta || !tcol || !fast) {
        if (!PyErr_Occurred())
            PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < S; i++) {
        npred[i] = 0;
        for (Py_ssize_t j = 0; j < S; j++)
            if (trans[j * S + i] != -INFINITY) {
                tcol[i * S + npred[i]] = trans[j * S + i];
                pred[i * S + npred[i]++] = (uint8_t)j;
            }
    }
    Py_ssize_t count = PySequence_Fast_GET_SIZE(fast);
    out = PyList_New(count);
    if (!out)
        goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PySequence_Fast_GET_ITEM(fast, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be a sequence of str");
            goto fail;
        }
        PyObject *ents = PyList_New(0);
        if (!ents)
            goto fail;
        PyList_SET_ITEM(out, k, ents);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text), n = 0;
        if (scratch_grow(&w, len, S) < 0)
            goto fail;
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < len; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            int32_t id = ch < (Py_UCS4)L ? table[ch] : CHAR_UNMAPPED;
            if (id == CHAR_SPACE)
                continue;
            if (id < 0 || id >= V) {
                PyErr_Format(PyExc_ValueError,
                             "character U+%04X has no symbol id in the table (call unmapped "
                             "first)", (unsigned)ch);
                goto fail;
            }
            w.pos[n] = i;
            w.obs[n++] = id;
        }
        if (!n)
            continue;
        decode_sparse(S, vs.buf, tcol, ve.buf, pred, npred, w.obs, n, delta, delta + S,
                      w.back, w.state);
        for (Py_ssize_t t = 0; t < n; t++) {
            w.pre[t] = prefixes[w.state[t]];
            w.type[t] = (uint8_t)type_ids[w.state[t]];
        }
        if (tag_entities(ents, text, names, &w, vknown.buf, n) < 0)
            goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(fast);
    PyMem_Free(pred);
    PyMem_Free(npred);
    PyMem_Free(delta);
    PyMem_Free(tcol);
    scratch_free(&w);
    Py_buffer *views[] = {&vtab, &vknown, &vs, &vt, &ve};
    for (size_t i = 0; i < sizeof(views) / sizeof(*views); i++)
        if (views[i]->obj)
            PyBuffer_Release(views[i]);
    return out;
}

/* Entities of lines whose label paths were decoded elsewhere (the NER perceptron): one
 * label id per non-whitespace character (Py_UNICODE_ISSPACE, as str.isspace and
 * nlptk.sequence.tokens.tokenize_chars), read through prefixes/type_ids as spans_from_tags reads
 * tags; no repairs. */
static PyObject *path_entities(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *paths, *names;
    const char *prefixes, *type_ids;
    Py_ssize_t n_prefixes, n_type_ids;
    if (!PyArg_ParseTuple(args, "OOy#y#O!", &texts, &paths, &prefixes, &n_prefixes, &type_ids,
                          &n_type_ids, &PyTuple_Type, &names))
        return NULL;
    if (n_prefixes != n_type_ids) {
        PyErr_SetString(PyExc_ValueError, "prefixes and type ids must have one entry per label");
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n_type_ids; i++)
        if ((unsigned char)type_ids[i] >= PyTuple_GET_SIZE(names)) {
            PyErr_SetString(PyExc_ValueError, "a type id is outside the type names");
            return NULL;
        }
    PyObject *ftexts = PySequence_Fast(texts, "texts must be a sequence of str");
    PyObject *fpaths = ftexts ? PySequence_Fast(paths, "paths must be a sequence of bytes") : NULL;
    PyObject *out = NULL;
    Scratch w = {0};
    if (!fpaths)
        goto done;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(ftexts);
    if (PySequence_Fast_GET_SIZE(fpaths) != count) {
        PyErr_SetString(PyExc_ValueError, "one path per text");
        goto done;
    }
    out = PyList_New(count);
    if (!out)
        goto done;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *text = PySequence_Fast_GET_ITEM(ftexts, k);
        PyObject *path = PySequence_Fast_GET_ITEM(fpaths, k);
        if (!PyUnicode_Check(text) || !PyBytes_Check(path)) {
            PyErr_SetString(PyExc_TypeError, "texts must be str and paths bytes");
            goto fail;
        }
        PyObject *ents = PyList_New(0);
        if (!ents)
            goto fail;
        PyList_SET_ITEM(out, k, ents);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text), n = 0;
        Py_ssize_t m = PyBytes_GET_SIZE(path);
        const uint8_t *labels = (const uint8_t *)PyBytes_AS_STRING(path);
        if (scratch_grow(&w, len, 1) < 0)
            goto fail;
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        for (Py_ssize_t i = 0; i < len; i++) {
            if (Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, i)))
                continue;
            if (n >= m || labels[n] >= n_prefixes) {
                PyErr_SetString(PyExc_ValueError,
                                "a path must hold one label id (< the labels) per "
                                "non-whitespace character");
                goto fail;
            }
            w.pos[n] = i;
            w.pre[n] = prefixes[labels[n]];
            w.type[n] = (uint8_t)type_ids[labels[n]];
            n++;
        }
        if (n != m) {
            PyErr_SetString(PyExc_ValueError,
                            "a path must hold one label id per non-whitespace character");
            goto fail;
        }
        if (spans_from_tags(ents, text, names, w.pre, w.type, w.pos, n) < 0)
            goto fail;
    }
    goto done;
fail:
    Py_CLEAR(out);
done:
    Py_XDECREF(ftexts);
    Py_XDECREF(fpaths);
    scratch_free(&w);
    return out;
}

static PyObject *unmapped(PyObject *Py_UNUSED(module), PyObject *args)
{
    PyObject *texts, *otable;
    if (!PyArg_ParseTuple(args, "OO", &texts, &otable))
        return NULL;
    Py_buffer vtab;
    if (get_typed(otable, &vtab, 1, 4, "il", "table", "int32") < 0)
        return NULL;
    PyObject *fast = PySequence_Fast(texts, "texts must be a sequence of str");
    PyObject *out = NULL;
    PyObject *found = PyList_New(0);
    if (!fast || !found)
        goto done;
    const int32_t *table = vtab.buf;
    Py_ssize_t L = vtab.shape[0];
    for (Py_ssize_t k = 0; k < PySequence_Fast_GET_SIZE(fast); k++) {
        PyObject *text = PySequence_Fast_GET_ITEM(fast, k);
        if (!PyUnicode_Check(text)) {
            PyErr_SetString(PyExc_TypeError, "texts must be a sequence of str");
            goto done;
        }
        int kind = PyUnicode_KIND(text);
        const void *data = PyUnicode_DATA(text);
        Py_ssize_t len = PyUnicode_GET_LENGTH(text);
        for (Py_ssize_t i = 0; i < len; i++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, i);
            if (ch >= (Py_UCS4)L || table[ch] == CHAR_UNMAPPED) {
                PyObject *c = PyUnicode_FromOrdinal((int)ch);
                int rc = c ? PyList_Append(found, c) : -1;
                Py_XDECREF(c);
                if (rc < 0)
                    goto done;
            }
        }
    }
    out = PyFrozenSet_New(found);
done:
    Py_XDECREF(found);
    Py_XDECREF(fast);
    PyBuffer_Release(&vtab);
    return out;
}

static PyMethodDef methods[] = {
    {"viterbi_paths", viterbi_paths, METH_VARARGS,
     "viterbi_paths(log_start, log_trans, log_emit, sequences) -> list[bytes]: the best\n"
     "state path of each int64 symbol array, as native int64 bytes (np.frombuffer)."},
    {"char_entities", char_entities, METH_VARARGS,
     "char_entities(texts, table, known, prefixes, type_ids, type_names, log_start, log_trans,\n"
     "log_emit_t) -> list[list[tuple]]: each line's entities (text, type name, start, end),\n"
     "one token per character whose table[code point] is not -2 (whitespace), decoded with\n"
     "viterbi_paths' arithmetic; see nlptk.ner.hmm.HMMTagger.char_entities."},
    {"path_entities", path_entities, METH_VARARGS,
     "path_entities(texts, paths, prefixes, type_ids, type_names) -> list[list[tuple]]: each\n"
     "line's entities (text, type name, start, end) read off its path (bytes, one label id\n"
     "per non-whitespace character) as nlptk.sequence.tags.bioes_to_spans reads tags."},
    {"unmapped", unmapped, METH_VARARGS,
     "unmapped(texts, table) -> frozenset[str]: the characters of the lines whose table\n"
     "entry is -1 (not looked up yet) or beyond the table."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef viterbi_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "nlptk.sequence._viterbi",
    .m_doc = "HMM Viterbi decoding in C; nlptk.sequence.viterbi holds the numpy reference.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit__viterbi(void) { return PyModule_Create(&viterbi_module); }
