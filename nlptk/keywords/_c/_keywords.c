/* keywords: the hot loops of TF-IDF and TextRank (nlptk/keywords/extract.py) in C.
 *
 * Same answers as the Python reference in extract.py: words are counted and ranked in
 * first-occurrence order, every float is computed with the same operations in the same
 * order as jieba.analyse, and sorting breaks weight ties by that order (what Python's
 * stable sorted(..., reverse=True) does).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- words -> dense ids in first-occurrence order (borrowed references) ---- */

typedef struct {
    size_t mask;
    Py_ssize_t *slot; /* id + 1, 0 when empty */
    PyObject **word;  /* id -> word */
    Py_hash_t *hash;  /* id -> its hash */
    Py_ssize_t n;
} WordTab;

static size_t pow2_at_least(size_t n) {
    size_t cap = 8;
    while (cap < n) cap <<= 1;
    return cap;
}

static int wordtab_init(WordTab *t, Py_ssize_t max_words) {
    size_t cap = pow2_at_least(2 * (size_t)max_words + 1);
    t->mask = cap - 1;
    t->n = 0;
    t->slot = calloc(cap, sizeof(Py_ssize_t));
    t->word = malloc(((size_t)max_words + 1) * sizeof(PyObject *));
    t->hash = malloc(((size_t)max_words + 1) * sizeof(Py_hash_t));
    if (!t->slot || !t->word || !t->hash) {
        PyErr_NoMemory();
        return -1;
    }
    return 0;
}

static void wordtab_free(WordTab *t) {
    free(t->slot);
    free(t->word);
    free(t->hash);
}

static int same_str(PyObject *a, PyObject *b) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    /* PEP 393: equal strings have the same kind */
    return a == b || (n == PyUnicode_GET_LENGTH(b) && PyUnicode_KIND(a) == PyUnicode_KIND(b) &&
                      memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b),
                             (size_t)n * PyUnicode_KIND(a)) == 0);
}

/* The id of word (a new one if unseen); -1 on error. */
static Py_ssize_t wordtab_id(WordTab *t, PyObject *word) {
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "words must be str");
        return -1;
    }
    Py_hash_t h = PyObject_Hash(word);
    if (h == -1) return -1;
    size_t i = (size_t)h & t->mask;
    while (t->slot[i]) {
        Py_ssize_t id = t->slot[i] - 1;
        if (t->hash[id] == h && same_str(t->word[id], word)) return id;
        i = (i + 1) & t->mask;
    }
    Py_ssize_t id = t->n++;
    t->slot[i] = id + 1;
    t->word[id] = word;
    t->hash[id] = h;
    return id;
}

/* ---- jieba's word filter ---- */

/* len(word.strip()) >= 2 and word.lower() not in stop: 1, 0, or -1 on error. */
static int passes(PyObject *word, PyObject *stop) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    Py_ssize_t a = 0, b = n;
    /* str.strip() strips exactly the Py_UNICODE_ISSPACE characters */
    while (a < b && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a))) a++;
    while (b > a && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1))) b--;
    if (b - a < 2) return 0;
    /* lower() is the identity on ASCII non-capitals and on U+3000..U+9FFF (CJK symbols,
     * kana, ideographs: no case); only other words pay for the method call */
    int same = 1;
    for (Py_ssize_t k = 0; k < n && same; k++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, k);
        same = c < 128 ? !(c >= 'A' && c <= 'Z') : (c >= 0x3000 && c < 0xA000);
    }
    if (same) return !PySet_Contains(stop, word) ? 1 : PyErr_Occurred() ? -1 : 0;
    PyObject *lower = PyObject_CallMethod(word, "lower", NULL);
    if (!lower) return -1;
    int in = PySet_Contains(stop, lower);
    Py_DECREF(lower);
    return in < 0 ? -1 : !in;
}

/* ---- ranking ---- */

typedef struct {
    double weight;
    Py_ssize_t order;
} Ranked;

/* weight descending, then first occurrence: Python's stable sort with reverse=True */
static int by_weight(const void *pa, const void *pb) {
    const Ranked *a = pa, *b = pb;
    if (a->weight > b->weight) return -1;
    if (a->weight < b->weight) return 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

static PyObject *s_word, *s_weight; /* the result type's field names, interned */

/* A result as the frozen dataclass's __init__ makes it: object.__setattr__ of each field
 * on a bare instance (its Python __init__ would cost more than the ranking). */
static PyObject *result(PyTypeObject *cls, PyObject *word, double weight) {
    PyObject *obj = cls->tp_alloc(cls, 0);
    PyObject *x = PyFloat_FromDouble(weight);
    if (!obj || !x || PyObject_GenericSetAttr(obj, s_word, word) < 0 ||
        PyObject_GenericSetAttr(obj, s_weight, x) < 0) {
        Py_XDECREF(obj);
        obj = NULL;
    }
    Py_XDECREF(x);
    return obj;
}

/* The best of ranked[0:n] as a list of cls(word, weight), words[order]; top_k as the
 * slice ranked[:top_k] when top_k is not 0. */
static PyObject *top(PyTypeObject *cls, Ranked *ranked, Py_ssize_t n, PyObject **words,
                     Py_ssize_t top_k) {
    qsort(ranked, (size_t)n, sizeof(Ranked), by_weight);
    Py_ssize_t k = n;
    if (top_k > 0 && top_k < n) k = top_k;
    if (top_k < 0) k = n + top_k > 0 ? n + top_k : 0;
    PyObject *out = PyList_New(k);
    if (!out) return NULL;
    for (Py_ssize_t i = 0; i < k; i++) {
        PyObject *item = result(cls, words[ranked[i].order], ranked[i].weight);
        if (!item) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, item);
    }
    return out;
}

/* tfidf(cls, words, stop, idf, median, top_k) -> list of cls(word, weight) */
static PyObject *tfidf(PyObject *mod, PyObject *args) {
    PyTypeObject *cls;
    PyObject *words, *stop, *idf;
    double median;
    Py_ssize_t top_k;
    if (!PyArg_ParseTuple(args, "O!O!OO!dn", &PyType_Type, &cls, &PyList_Type, &words, &stop,
                          &PyDict_Type, &idf, &median, &top_k))
        return NULL;
    if (!PyAnySet_Check(stop)) {
        PyErr_SetString(PyExc_TypeError, "stop must be a set or frozenset");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(words);
    WordTab tab;
    double *count = calloc((size_t)n + 1, sizeof(double));
    Ranked *ranked = malloc(((size_t)n + 1) * sizeof(Ranked));
    PyObject *out = NULL;
    if (wordtab_init(&tab, n) < 0 || !count || !ranked) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_ssize_t id = wordtab_id(&tab, PyList_GET_ITEM(words, i));
        if (id < 0) goto done;
        count[id] += 1.0;
    }
    Py_ssize_t n_kept = 0;
    double total = 0.0;
    for (Py_ssize_t id = 0; id < tab.n; id++) {
        int ok = passes(tab.word[id], stop);
        if (ok < 0) goto done;
        if (!ok) continue;
        total += count[id];
        ranked[n_kept].order = id;
        ranked[n_kept++].weight = count[id];
    }
    for (Py_ssize_t k = 0; k < n_kept; k++) {
        PyObject *v = PyDict_GetItemWithError(idf, tab.word[ranked[k].order]);
        double x = median;
        if (v) {
            x = PyFloat_AsDouble(v);
            if (x == -1.0 && PyErr_Occurred()) goto done;
        } else if (PyErr_Occurred()) {
            goto done;
        }
        ranked[k].weight = ranked[k].weight * (x / total);
    }
    out = top(cls, ranked, n_kept, tab.word, top_k);
done:
    wordtab_free(&tab);
    free(count);
    free(ranked);
    return out;
}

/* ---- TextRank ---- */

typedef struct {
    size_t mask;
    Py_ssize_t *slot; /* edge + 1, 0 when empty */
    uint64_t *key;    /* edge -> (a << 32 | b) */
    double *weight;   /* edge -> co-occurrence count */
    Py_ssize_t n;
} EdgeTab;

static int edge_add(EdgeTab *t, Py_ssize_t a, Py_ssize_t b) {
    uint64_t key = ((uint64_t)a << 32) | (uint64_t)b;
    size_t i = (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & t->mask;
    while (t->slot[i]) {
        Py_ssize_t e = t->slot[i] - 1;
        if (t->key[e] == key) {
            t->weight[e] += 1.0;
            return 0;
        }
        i = (i + 1) & t->mask;
    }
    Py_ssize_t e = t->n++;
    t->slot[i] = e + 1;
    t->key[e] = key;
    t->weight[e] = 1.0;
    return 0;
}

static PyObject **sort_words; /* the words qsort compares nodes by (under the GIL) */

static int by_word(const void *pa, const void *pb) {
    return PyUnicode_Compare(sort_words[*(const Py_ssize_t *)pa],
                             sort_words[*(const Py_ssize_t *)pb]);
}

/* textrank(cls, pairs, allow, stop, span, damping, n_iter, top_k)
 *     -> list of cls(word, weight) */
static PyObject *textrank(PyObject *mod, PyObject *args) {
    PyTypeObject *cls;
    PyObject *pairs, *allow, *stop;
    Py_ssize_t span, top_k;
    double d;
    int n_iter;
    if (!PyArg_ParseTuple(args, "O!O!OOndin", &PyType_Type, &cls, &PyList_Type, &pairs, &allow,
                          &stop, &span, &d, &n_iter, &top_k))
        return NULL;
    if (!PyAnySet_Check(allow) || !PyAnySet_Check(stop)) {
        PyErr_SetString(PyExc_TypeError, "allow and stop must be sets or frozensets");
        return NULL;
    }
    Py_ssize_t n = PyList_GET_SIZE(pairs);
    PyObject *out = NULL;
    WordTab tab = {0};
    EdgeTab edges = {0};
    Py_ssize_t *kept_pos = malloc(((size_t)n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *kept_id = malloc(((size_t)n + 1) * sizeof(Py_ssize_t));
    Py_ssize_t *node_of = NULL, *word_of = NULL, *deg = NULL, *adj_off = NULL, *adj_to = NULL;
    Py_ssize_t *order = NULL;
    double *adj_c = NULL, *out_sum = NULL, *ws = NULL;
    Ranked *ranked = NULL;
    PyObject **node_word = NULL;
    if (wordtab_init(&tab, n) < 0 || !kept_pos || !kept_id) {
        if (!PyErr_Occurred()) PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n_kept = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *p = PyList_GET_ITEM(pairs, i);
        if (!PyTuple_Check(p) || PyTuple_GET_SIZE(p) != 2) {
            PyErr_SetString(PyExc_TypeError, "pairs must be (word, tag) tuples");
            goto done;
        }
        PyObject *word = PyTuple_GET_ITEM(p, 0);
        int ok = PySet_Contains(allow, PyTuple_GET_ITEM(p, 1));
        if (ok > 0) {
            if (!PyUnicode_Check(word)) {
                PyErr_SetString(PyExc_TypeError, "words must be str");
                goto done;
            }
            ok = passes(word, stop);
        }
        if (ok < 0) goto done;
        if (!ok) continue;
        Py_ssize_t id = wordtab_id(&tab, word);
        if (id < 0) goto done;
        kept_pos[n_kept] = i;
        kept_id[n_kept++] = id;
    }
    /* a kept word links to each later kept word fewer than span positions on */
    size_t window = span > 1 ? (size_t)(span - 1) : 0;
    if (window > (size_t)n_kept) window = (size_t)n_kept;
    size_t max_edges = (size_t)n_kept * window;
    size_t cap = pow2_at_least(2 * max_edges + 1);
    edges.mask = cap - 1;
    edges.slot = calloc(cap, sizeof(Py_ssize_t));
    edges.key = malloc((max_edges + 1) * sizeof(uint64_t));
    edges.weight = malloc((max_edges + 1) * sizeof(double));
    if (!edges.slot || !edges.key || !edges.weight) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t a = 0; a < n_kept; a++) {
        Py_ssize_t limit = kept_pos[a] + span;
        for (Py_ssize_t b = a + 1; b < n_kept && kept_pos[b] < limit; b++)
            edge_add(&edges, kept_id[a], kept_id[b]);
    }
    if (edges.n == 0) {
        out = PyList_New(0);
        goto done;
    }
    /* nodes in the order jieba's graph meets them: each edge's ends, edge by edge */
    Py_ssize_t n_edges = edges.n, n_nodes = 0;
    node_of = malloc((size_t)tab.n * sizeof(Py_ssize_t));
    word_of = malloc((size_t)tab.n * sizeof(Py_ssize_t));
    deg = calloc((size_t)tab.n + 1, sizeof(Py_ssize_t));
    adj_off = malloc(((size_t)tab.n + 1) * sizeof(Py_ssize_t));
    adj_to = malloc(2 * (size_t)n_edges * sizeof(Py_ssize_t));
    adj_c = malloc(2 * (size_t)n_edges * sizeof(double));
    if (!node_of || !word_of || !deg || !adj_off || !adj_to || !adj_c) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t w = 0; w < tab.n; w++) node_of[w] = -1;
    for (Py_ssize_t e = 0; e < n_edges; e++) {
        Py_ssize_t ends[2] = {(Py_ssize_t)(edges.key[e] >> 32),
                              (Py_ssize_t)(edges.key[e] & 0xFFFFFFFFu)};
        for (int k = 0; k < 2; k++) {
            if (node_of[ends[k]] < 0) {
                word_of[n_nodes] = ends[k];
                node_of[ends[k]] = n_nodes++;
            }
            deg[node_of[ends[k]]]++;
        }
    }
    /* adjacency lists in insertion order: (a, b) appends b to a's list, then a to b's */
    adj_off[0] = 0;
    for (Py_ssize_t v = 0; v < n_nodes; v++) adj_off[v + 1] = adj_off[v] + deg[v];
    for (Py_ssize_t v = 0; v < n_nodes; v++) deg[v] = adj_off[v];
    for (Py_ssize_t e = 0; e < n_edges; e++) {
        Py_ssize_t a = node_of[edges.key[e] >> 32], b = node_of[edges.key[e] & 0xFFFFFFFFu];
        adj_to[deg[a]] = b;
        adj_c[deg[a]++] = edges.weight[e];
        adj_to[deg[b]] = a;
        adj_c[deg[b]++] = edges.weight[e];
    }
    out_sum = malloc((size_t)n_nodes * sizeof(double));
    ws = malloc((size_t)n_nodes * sizeof(double));
    order = malloc((size_t)n_nodes * sizeof(Py_ssize_t));
    ranked = malloc((size_t)n_nodes * sizeof(Ranked));
    node_word = malloc((size_t)n_nodes * sizeof(PyObject *));
    if (!out_sum || !ws || !order || !ranked || !node_word) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t v = 0; v < n_nodes; v++) {
        double s = 0.0;
        for (Py_ssize_t k = adj_off[v]; k < adj_off[v + 1]; k++) s += adj_c[k];
        out_sum[v] = s;
        ws[v] = 1.0 / (double)n_nodes;
        order[v] = v;
        node_word[v] = tab.word[word_of[v]];
    }
    /* each link's weight over its neighbour's out-sum, jieba's e[2] / outSum[e[1]] */
    for (Py_ssize_t k = 0; k < adj_off[n_nodes]; k++) adj_c[k] = adj_c[k] / out_sum[adj_to[k]];
    sort_words = node_word;
    qsort(order, (size_t)n_nodes, sizeof(Py_ssize_t), by_word);
    for (int it = 0; it < n_iter; it++) {
        for (Py_ssize_t r = 0; r < n_nodes; r++) {
            Py_ssize_t v = order[r];
            double s = 0.0;
            for (Py_ssize_t k = adj_off[v]; k < adj_off[v + 1]; k++) {
                double term = adj_c[k] * ws[adj_to[k]];
                s += term;
            }
            ws[v] = (1.0 - d) + d * s;
        }
    }
    /* jieba starts from the largest float and from sys.float_info[3] (min_exp) */
    double lo = DBL_MAX, hi = (double)DBL_MIN_EXP;
    for (Py_ssize_t v = 0; v < n_nodes; v++) {
        if (ws[v] < lo) lo = ws[v];
        if (ws[v] > hi) hi = ws[v];
    }
    for (Py_ssize_t v = 0; v < n_nodes; v++) {
        ranked[v].order = v;
        ranked[v].weight = (ws[v] - lo / 10.0) / (hi - lo / 10.0);
    }
    out = top(cls, ranked, n_nodes, node_word, top_k);
done:
    wordtab_free(&tab);
    free(edges.slot);
    free(edges.key);
    free(edges.weight);
    free(kept_pos);
    free(kept_id);
    free(node_of);
    free(word_of);
    free(deg);
    free(adj_off);
    free(adj_to);
    free(adj_c);
    free(out_sum);
    free(ws);
    free(order);
    free(ranked);
    free(node_word);
    return out;
}

static PyMethodDef methods[] = {
    {"tfidf", tfidf, METH_VARARGS,
     "tfidf(cls, words, stop, idf, median, top_k) -> list of cls(word, weight), best first."},
    {"textrank", textrank, METH_VARARGS,
     "textrank(cls, pairs, allow, stop, span, damping, n_iter, top_k) -> list of "
     "cls(word, weight), best first."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_keywords", "keywords: TF-IDF and TextRank kernels in C.", -1,
    methods,
};

PyMODINIT_FUNC PyInit__keywords(void) {
    s_word = PyUnicode_InternFromString("word");
    s_weight = PyUnicode_InternFromString("weight");
    if (!s_word || !s_weight) return NULL;
    return PyModule_Create(&module);
}
