/*
 * nlptk.sequence._viterbi — first-order HMM Viterbi decoding in C, one sentence at a time.
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

/* A C-contiguous buffer of `ndim` dimensions whose items are `size` bytes of kind `kind`
 * ('f' float, 'i' signed integer). */
static int get_array(PyObject *obj, Py_buffer *view, int ndim, char kind, const char *what)
{
    if (PyObject_GetBuffer(obj, view, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0)
        return -1;
    const char *f = view->format ? view->format : "B";
    if (*f == '<' || *f == '=' || *f == '@')
        f++;
    int ok = view->ndim == ndim && view->itemsize == 8 &&
             (kind == 'f' ? (f[0] == 'd' && !f[1])
                          : ((f[0] == 'l' || f[0] == 'q') && !f[1]));
    if (!ok) {
        PyErr_Format(PyExc_TypeError, "%s must be a C-contiguous %dD %s array", what, ndim,
                     kind == 'f' ? "float64" : "int64");
        PyBuffer_Release(view);
        return -1;
    }
    return 0;
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

static PyMethodDef methods[] = {
    {"viterbi_paths", viterbi_paths, METH_VARARGS,
     "viterbi_paths(log_start, log_trans, log_emit, sequences) -> list[bytes]: the best\n"
     "state path of each int64 symbol array, as native int64 bytes (np.frombuffer)."},
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
