/* pos: jieba's joint word-position x tag Viterbi (posseg/viterbi.py) in C.
 *
 * Same answers as nlptk/pos/hmm.py, the reference: the same candidate states at each
 * step, the same additions in the same order, and ties broken towards the larger state
 * index (states are numbered in sorted (position, tag) order, as jieba compares tuples).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define MIN_FLOAT (-3.14e100)

typedef struct {
    PyObject_HEAD
    int n;              /* number of states */
    char *pos;          /* 'B','M','E','S' per state */
    PyObject **tags;    /* tag str per state (owned) */
    double *start;      /* [n] */
    double *trans;      /* [n*n], -inf where impossible */
    int *succ_off;      /* [n+1] successors of each state */
    int *succ;
    Py_UCS4 lo, hi;     /* code point range of the character table */
    int *cs_off;        /* [hi-lo+2]: allowed states per char; cs_all marks "any" */
    unsigned char *cs_all;
    int *cs;
    int *em_off;        /* [hi-lo+2]: emissions per char */
    int *em_state;
    double *em_p;
} PosHMM;

static void PosHMM_dealloc(PosHMM *self) {
    if (self->tags) {
        for (int i = 0; i < self->n; i++) Py_XDECREF(self->tags[i]);
    }
    free(self->tags); free(self->pos); free(self->start); free(self->trans);
    free(self->succ_off); free(self->succ); free(self->cs_off); free(self->cs_all);
    free(self->cs); free(self->em_off); free(self->em_state); free(self->em_p);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static Py_UCS4 first_char(PyObject *key) {
    if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1) return (Py_UCS4)-1;
    return PyUnicode_READ_CHAR(key, 0);
}

/* PosHMM(positions: str, tags: list[str], start: list[float], trans: list[dict[int, float]],
 *        emit: list[dict[str, float]], char_states: dict[str, tuple[int, ...]]) */
static int PosHMM_init(PosHMM *self, PyObject *args, PyObject *kw) {
    PyObject *positions, *tags, *start, *trans, *emit, *char_states;
    if (!PyArg_ParseTuple(args, "UO!O!O!O!O!", &positions, &PyList_Type, &tags, &PyList_Type,
                          &start, &PyList_Type, &trans, &PyList_Type, &emit, &PyDict_Type,
                          &char_states))
        return -1;
    int n = (int)PyUnicode_GET_LENGTH(positions);
    if (PyList_GET_SIZE(tags) != n || PyList_GET_SIZE(start) != n ||
        PyList_GET_SIZE(trans) != n || PyList_GET_SIZE(emit) != n || n == 0 || n > 32767) {
        PyErr_SetString(PyExc_ValueError, "inconsistent HMM: one entry per state expected");
        return -1;
    }
    self->n = n;
    self->pos = malloc(n);
    self->tags = calloc(n, sizeof(PyObject *));
    self->start = malloc(n * sizeof(double));
    self->trans = malloc((size_t)n * n * sizeof(double));
    self->succ_off = malloc((n + 1) * sizeof(int));
    if (!self->pos || !self->tags || !self->start || !self->trans || !self->succ_off) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n_succ = 0;
    for (int i = 0; i < n; i++) {
        self->pos[i] = (char)PyUnicode_READ_CHAR(positions, i);
        PyObject *tag = PyList_GET_ITEM(tags, i);
        Py_INCREF(tag);
        self->tags[i] = tag;
        self->start[i] = PyFloat_AsDouble(PyList_GET_ITEM(start, i));
        PyObject *row = PyList_GET_ITEM(trans, i);
        if (!PyDict_Check(row)) {
            PyErr_SetString(PyExc_TypeError, "trans rows must be dicts");
            return -1;
        }
        n_succ += PyDict_Size(row);
    }
    if (PyErr_Occurred()) return -1;
    self->succ = malloc((n_succ + 1) * sizeof(int));
    if (!self->succ) { PyErr_NoMemory(); return -1; }
    for (size_t k = 0; k < (size_t)n * n; k++) self->trans[k] = -INFINITY;
    int at = 0;
    for (int i = 0; i < n; i++) {
        self->succ_off[i] = at;
        PyObject *row = PyList_GET_ITEM(trans, i), *key, *val;
        Py_ssize_t p = 0;
        while (PyDict_Next(row, &p, &key, &val)) {
            long y = PyLong_AsLong(key);
            double v = PyFloat_AsDouble(val);
            if (PyErr_Occurred()) return -1;
            if (y < 0 || y >= n) {
                PyErr_SetString(PyExc_ValueError, "transition to an unknown state");
                return -1;
            }
            self->trans[(size_t)i * n + y] = v;
            self->succ[at++] = (int)y;
        }
    }
    self->succ_off[n] = at;

    /* the character range covered by the emission and allowed-state tables */
    Py_UCS4 lo = (Py_UCS4)-1, hi = 0;
    PyObject *key, *val;
    Py_ssize_t p = 0;
    while (PyDict_Next(char_states, &p, &key, &val)) {
        Py_UCS4 c = first_char(key);
        if (c == (Py_UCS4)-1) continue;
        if (c < lo) lo = c;
        if (c > hi) hi = c;
    }
    Py_ssize_t n_emit = 0;
    for (int i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(emit, i);
        if (!PyDict_Check(row)) {
            PyErr_SetString(PyExc_TypeError, "emit rows must be dicts");
            return -1;
        }
        p = 0;
        while (PyDict_Next(row, &p, &key, &val)) {
            Py_UCS4 c = first_char(key);
            if (c == (Py_UCS4)-1) continue;
            if (c < lo) lo = c;
            if (c > hi) hi = c;
            n_emit++;
        }
    }
    if (lo > hi) lo = hi = 0;
    self->lo = lo;
    self->hi = hi;
    size_t width = (size_t)(hi - lo) + 1;
    self->cs_off = calloc(width + 1, sizeof(int));
    self->cs_all = malloc(width);
    self->em_off = calloc(width + 1, sizeof(int));
    self->em_state = malloc((n_emit + 1) * sizeof(int));
    self->em_p = malloc((n_emit + 1) * sizeof(double));
    if (!self->cs_off || !self->cs_all || !self->em_off || !self->em_state || !self->em_p) {
        PyErr_NoMemory();
        return -1;
    }
    memset(self->cs_all, 1, width);
    /* counting pass, then fill (prefix sums) */
    Py_ssize_t n_cs = 0;
    p = 0;
    while (PyDict_Next(char_states, &p, &key, &val)) {
        Py_UCS4 c = first_char(key);
        if (c == (Py_UCS4)-1 || !PyTuple_Check(val)) continue;
        self->cs_off[c - lo + 1] = (int)PyTuple_GET_SIZE(val);
        self->cs_all[c - lo] = 0;
        n_cs += PyTuple_GET_SIZE(val);
    }
    for (size_t k = 0; k < width; k++) self->cs_off[k + 1] += self->cs_off[k];
    self->cs = malloc((n_cs + 1) * sizeof(int));
    if (!self->cs) { PyErr_NoMemory(); return -1; }
    p = 0;
    while (PyDict_Next(char_states, &p, &key, &val)) {
        Py_UCS4 c = first_char(key);
        if (c == (Py_UCS4)-1 || !PyTuple_Check(val)) continue;
        int off = self->cs_off[c - lo];
        for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(val); j++) {
            long y = PyLong_AsLong(PyTuple_GET_ITEM(val, j));
            if (PyErr_Occurred()) return -1;
            if (y < 0 || y >= n) {
                PyErr_SetString(PyExc_ValueError, "a character allows an unknown state");
                return -1;
            }
            self->cs[off + j] = (int)y;
        }
    }
    for (int i = 0; i < n; i++) {
        p = 0;
        while (PyDict_Next(PyList_GET_ITEM(emit, i), &p, &key, &val)) {
            Py_UCS4 c = first_char(key);
            if (c != (Py_UCS4)-1) self->em_off[c - lo + 1]++;
        }
    }
    for (size_t k = 0; k < width; k++) self->em_off[k + 1] += self->em_off[k];
    int *fill = malloc(width * sizeof(int));
    if (!fill) { PyErr_NoMemory(); return -1; }
    memcpy(fill, self->em_off, width * sizeof(int));
    for (int i = 0; i < n; i++) {
        p = 0;
        while (PyDict_Next(PyList_GET_ITEM(emit, i), &p, &key, &val)) {
            Py_UCS4 c = first_char(key);
            if (c == (Py_UCS4)-1) continue;
            int at2 = fill[c - lo]++;
            self->em_state[at2] = i;
            self->em_p[at2] = PyFloat_AsDouble(val);
        }
    }
    free(fill);
    if (PyErr_Occurred()) return -1;
    return 0;
}

/* scratch for one decode, sized by the text length */
typedef struct {
    double *v_prev, *v_cur, *erow;
    int *act_prev, *act_cur, *prev, *allowed, *reach, *em_mark;
    short *back;
} Scratch;

static void scratch_free(Scratch *s) {
    free(s->v_prev); free(s->v_cur); free(s->erow); free(s->act_prev); free(s->act_cur);
    free(s->prev); free(s->allowed); free(s->reach); free(s->em_mark); free(s->back);
}

/* Best state per character of text[0:len] into path; -1 on error (exception set). */
static int decode(PosHMM *h, const Py_UCS4 *text, Py_ssize_t len, int *path) {
    int n = h->n;
    Scratch s = {0};
    s.v_prev = malloc(n * sizeof(double));
    s.v_cur = malloc(n * sizeof(double));
    s.erow = malloc(n * sizeof(double));
    s.act_prev = malloc(n * sizeof(int));
    s.act_cur = malloc(n * sizeof(int));
    s.prev = malloc(n * sizeof(int));
    s.allowed = malloc(n * sizeof(int));
    s.reach = calloc(n, sizeof(int));
    s.em_mark = calloc(n, sizeof(int));
    s.back = malloc((size_t)len * n * sizeof(short));
    if (!s.v_prev || !s.v_cur || !s.erow || !s.act_prev || !s.act_cur || !s.prev ||
        !s.allowed || !s.reach || !s.em_mark || !s.back) {
        scratch_free(&s);
        PyErr_NoMemory();
        return -1;
    }
    int n_act = 0;
    for (Py_ssize_t t = 0; t < len; t++) {
        Py_UCS4 c = text[t];
        int stamp = (int)t + 1;
        int in_table = c >= h->lo && c <= h->hi;
        size_t ci = in_table ? c - h->lo : 0;
        if (in_table) {
            for (int k = h->em_off[ci]; k < h->em_off[ci + 1]; k++) {
                s.erow[h->em_state[k]] = h->em_p[k];
                s.em_mark[h->em_state[k]] = stamp;
            }
        }
        int any = !in_table || h->cs_all[ci];
        int n_allowed = 0;
        if (t == 0) {
            if (any) {
                for (int y = 0; y < n; y++) s.allowed[n_allowed++] = y;
            } else {
                for (int k = h->cs_off[ci]; k < h->cs_off[ci + 1]; k++)
                    s.allowed[n_allowed++] = h->cs[k];
            }
            n_act = 0;
            for (int k = 0; k < n_allowed; k++) {
                int y = s.allowed[k];
                double e = s.em_mark[y] == stamp ? s.erow[y] : MIN_FLOAT;
                if (s.reach[y] != stamp) {  /* a repeated state is set once */
                    s.reach[y] = stamp;
                    s.act_cur[n_act++] = y;
                }
                s.v_cur[y] = h->start[y] + e;
                s.back[y] = -1;
            }
        } else {
            int n_prev = 0;
            for (int k = 0; k < n_act; k++) {
                int y0 = s.act_prev[k];
                if (h->succ_off[y0 + 1] > h->succ_off[y0]) s.prev[n_prev++] = y0;
            }
            if (n_prev == 0) {
                scratch_free(&s);
                PyErr_SetString(PyExc_ValueError, "no state can follow the previous ones");
                return -1;
            }
            /* reach[y] == stamp: reachable from a previous state */
            int n_reach = 0;
            for (int k = 0; k < n_prev; k++) {
                int y0 = s.prev[k];
                for (int j = h->succ_off[y0]; j < h->succ_off[y0 + 1]; j++) {
                    int y = h->succ[j];
                    if (s.reach[y] != stamp) {
                        s.reach[y] = stamp;
                        n_reach++;
                    }
                }
            }
            if (!any) {
                for (int k = h->cs_off[ci]; k < h->cs_off[ci + 1]; k++) {
                    int y = h->cs[k];
                    if (s.reach[y] == stamp) {
                        s.reach[y] = -stamp;  /* taken: also drops repeats */
                        s.allowed[n_allowed++] = y;
                    }
                }
                for (int k = 0; k < n_allowed; k++) s.reach[s.allowed[k]] = stamp;
            }
            if (n_allowed == 0) {
                if (n_reach > 0) {
                    for (int y = 0; y < n; y++)
                        if (s.reach[y] == stamp) s.allowed[n_allowed++] = y;
                } else {
                    for (int y = 0; y < n; y++) s.allowed[n_allowed++] = y;
                }
            }
            short *back = s.back + (size_t)t * n;
            for (int k = 0; k < n_allowed; k++) {
                int y = s.allowed[k];
                double e = s.em_mark[y] == stamp ? s.erow[y] : MIN_FLOAT;
                double best = 0.0;
                int best_y0 = -1;
                for (int j = 0; j < n_prev; j++) {
                    int y0 = s.prev[j];
                    double v = s.v_prev[y0] + h->trans[(size_t)y0 * n + y];
                    v = v + e;
                    if (best_y0 < 0 || v > best || (v == best && y0 > best_y0)) {
                        best = v;
                        best_y0 = y0;
                    }
                }
                s.v_cur[y] = best;
                back[y] = (short)best_y0;
                s.act_cur[k] = y;
            }
            n_act = n_allowed;
        }
        double *tv = s.v_prev; s.v_prev = s.v_cur; s.v_cur = tv;
        int *ta = s.act_prev; s.act_prev = s.act_cur; s.act_cur = ta;
    }
    int state = -1;
    double best = 0.0;
    for (int k = 0; k < n_act; k++) {
        int y = s.act_prev[k];
        double v = s.v_prev[y];
        if (state < 0 || v > best || (v == best && y > state)) {
            best = v;
            state = y;
        }
    }
    for (Py_ssize_t i = len - 1; i >= 0; i--) {
        path[i] = state;
        state = s.back[(size_t)i * n + state];
    }
    scratch_free(&s);
    return 0;
}

static PyObject *pair(PyObject *text, Py_ssize_t a, Py_ssize_t b, PyObject *tag) {
    PyObject *word = PyUnicode_Substring(text, a, b);
    if (!word) return NULL;
    PyObject *t = PyTuple_New(2);
    if (!t) { Py_DECREF(word); return NULL; }
    Py_INCREF(tag);
    PyTuple_SET_ITEM(t, 0, word);
    PyTuple_SET_ITEM(t, 1, tag);
    return t;
}

static int append_pair(PyObject *out, PyObject *text, Py_ssize_t a, Py_ssize_t b,
                       PyObject *tag) {
    PyObject *t = pair(text, a, b, tag);
    if (!t) return -1;
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

/* Append the HMM's (word, tag) pairs of text[a:b], a run of Han characters, to out: see
 * nlptk.pos.hmm.hmm_cut. */
static int cut_into(PosHMM *self, PyObject *text, Py_ssize_t a, Py_ssize_t b, PyObject *out) {
    Py_ssize_t len = b - a;
    if (len <= 0) return 0;
    Py_UCS4 *chars = malloc(len * sizeof(Py_UCS4));
    int *path = malloc(len * sizeof(int));
    if (!chars || !path) {
        free(chars);
        free(path);
        PyErr_NoMemory();
        return -1;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    for (Py_ssize_t i = 0; i < len; i++) chars[i] = PyUnicode_READ(kind, data, a + i);
    int rc = decode(self, chars, len, path);
    free(chars);
    Py_ssize_t begin = 0, nexti = 0;
    for (Py_ssize_t i = 0; rc == 0 && i < len; i++) {
        char pos = self->pos[path[i]];
        if (pos == 'B') {
            begin = i;
        } else if (pos == 'E') {
            rc = append_pair(out, text, a + begin, a + i + 1, self->tags[path[i]]);
            nexti = i + 1;
        } else if (pos == 'S') {
            rc = append_pair(out, text, a + i, a + i + 1, self->tags[path[i]]);
            nexti = i + 1;
        }
    }
    if (rc == 0 && nexti < len) rc = append_pair(out, text, a + nexti, b, self->tags[path[nexti]]);
    free(path);
    return rc;
}

/* cut(text) -> list[(word, tag)]: see nlptk.pos.hmm.hmm_cut */
static PyObject *PosHMM_cut(PosHMM *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "cut() takes a str");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out && cut_into(self, arg, 0, PyUnicode_GET_LENGTH(arg), out) < 0) Py_CLEAR(out);
    return out;
}

/* ---- the route's words to (word, tag) pairs: Tagger._with_hmm, _flush and _detail ---- */

static PyObject *s_x, *s_m, *s_eng, *s_empty; /* tags jieba gives by character class */

static int is_han(Py_UCS4 c) { return c >= 0x4e00 && c <= 0x9fd5; }
static int is_num(Py_UCS4 c) { return c == '.' || (c >= '0' && c <= '9'); }
static int is_alnum(Py_UCS4 c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
/* jieba's re_han_internal: what a buffered single-character word may be */
static int is_internal(Py_UCS4 c) {
    return is_han(c) || is_alnum(c) || c == '+' || c == '#' || c == '&' || c == '.' || c == '_';
}

/* tags.get(word, "x"), borrowed; NULL on error */
static PyObject *tag_of(PyObject *tags, PyObject *word) {
    PyObject *tag = PyDict_GetItemWithError(tags, word);
    return tag ? tag : PyErr_Occurred() ? NULL : s_x;
}

static int append_tagged(PyObject *out, PyObject *word, PyObject *tag) {
    if (!tag) return -1;
    PyObject *t = PyTuple_Pack(2, word, tag);
    if (!t) return -1;
    int rc = PyList_Append(out, t);
    Py_DECREF(t);
    return rc;
}

/* Tagger._detail: Han runs through the HMM, runs matching [.0-9]+ "m", [a-zA-Z0-9]+
 * "eng" (the alternatives of jieba's re_skip_detail, tried in that order), the rest "x". */
static int detail_into(PosHMM *self, PyObject *text, PyObject *out) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t i = 0;
    while (i < n) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        Py_ssize_t j = i + 1;
        int rc;
        if (is_han(c)) {
            while (j < n && is_han(PyUnicode_READ(kind, data, j))) j++;
            rc = cut_into(self, text, i, j, out);
        } else {
            PyObject *tag;
            if (is_num(c)) {
                while (j < n && is_num(PyUnicode_READ(kind, data, j))) j++;
                tag = s_m;
            } else if (is_alnum(c)) {
                while (j < n && is_alnum(PyUnicode_READ(kind, data, j))) j++;
                tag = s_eng;
            } else {
                for (; j < n; j++) {
                    Py_UCS4 d = PyUnicode_READ(kind, data, j);
                    if (is_han(d) || is_num(d) || is_alnum(d)) break;
                }
                tag = s_x;
            }
            rc = append_pair(out, text, i, j, tag);
        }
        if (rc < 0) return -1;
        i = j;
    }
    return 0;
}

/* Tagger._flush of the buffered words[a:b] */
static int flush(PosHMM *self, PyObject *words, Py_ssize_t a, Py_ssize_t b, PyObject *tags,
                 PyObject *freq, PyObject *out) {
    PyObject *buf;
    if (b - a == 1) {
        buf = PyList_GET_ITEM(words, a);
        Py_INCREF(buf);
    } else {
        PyObject *slice = PyList_GetSlice(words, a, b);
        if (!slice) return -1;
        buf = PyUnicode_Join(s_empty, slice);
        Py_DECREF(slice);
        if (!buf) return -1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(buf);
    int rc = 0;
    if (n == 1) {
        rc = append_tagged(out, buf, tag_of(tags, buf));
    } else {
        PyObject *f = PyObject_CallOneArg(freq, buf);
        int known = f ? PyObject_IsTrue(f) : -1;
        Py_XDECREF(f);
        if (known < 0) {
            rc = -1;
        } else if (!known) {
            rc = detail_into(self, buf, out);
        } else {
            for (Py_ssize_t k = 0; rc == 0 && k < n; k++) {
                PyObject *ch = PyUnicode_Substring(buf, k, k + 1);
                rc = ch ? append_tagged(out, ch, tag_of(tags, ch)) : -1;
                Py_XDECREF(ch);
            }
        }
    }
    Py_DECREF(buf);
    return rc;
}

/* tag_route(words, tags, freq, merged_singles) -> list[(word, tag)]: Tagger._with_hmm over
 * the no-HMM route's words; freq(word) and merged_singles(word) are the Tagger's. */
static PyObject *PosHMM_tag_route(PosHMM *self, PyObject *args) {
    PyObject *words, *tags, *freq, *merged;
    if (!PyArg_ParseTuple(args, "O!O!OO", &PyList_Type, &words, &PyDict_Type, &tags, &freq,
                          &merged))
        return NULL;
    PyObject *out = PyList_New(0);
    if (!out) return NULL;
    Py_ssize_t n = PyList_GET_SIZE(words), buf_start = -1;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *word = PyList_GET_ITEM(words, i);
        if (!PyUnicode_Check(word)) {
            PyErr_SetString(PyExc_TypeError, "words must be str");
            goto fail;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(word);
        PyObject *tag;
        if (len == 1) {
            if (is_internal(PyUnicode_READ_CHAR(word, 0))) {
                if (buf_start < 0) buf_start = i;
                continue;
            }
            tag = s_x; /* a character outside jieba's blocks */
        } else {
            int ascii_alnum = len > 1 && PyUnicode_IS_ASCII(word);
            const Py_UCS1 *chars = PyUnicode_1BYTE_DATA(word);
            for (Py_ssize_t k = 0; ascii_alnum && k < len; k++) ascii_alnum = is_alnum(chars[k]);
            if (ascii_alnum) {
                PyObject *r = PyObject_CallOneArg(merged, word);
                int singles = r ? PyObject_IsTrue(r) : -1;
                Py_XDECREF(r);
                if (singles < 0) goto fail;
                if (singles) {
                    if (buf_start < 0) buf_start = i;
                    continue;
                }
            }
            tag = NULL; /* looked up after the flush: its callbacks run Python code */
        }
        if (buf_start >= 0) {
            if (flush(self, words, buf_start, i, tags, freq, out) < 0) goto fail;
            buf_start = -1;
        }
        if (!tag && !(tag = tag_of(tags, word))) goto fail;
        if (append_tagged(out, word, tag) < 0) goto fail;
    }
    if (buf_start >= 0 && flush(self, words, buf_start, n, tags, freq, out) < 0) goto fail;
    return out;
fail:
    Py_DECREF(out);
    return NULL;
}

static PyMethodDef PosHMM_methods[] = {
    {"cut", (PyCFunction)PosHMM_cut, METH_O,
     "cut(text) -> list of (word, tag): the HMM's words of a run of Han characters."},
    {"tag_route", (PyCFunction)PosHMM_tag_route, METH_VARARGS,
     "tag_route(words, tags, freq, merged_singles) -> list of (word, tag): the route's "
     "words tagged, runs of single characters through the HMM (Tagger._with_hmm)."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject PosHMMType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "nlptk.pos._c._posseg.PosHMM",
    .tp_basicsize = sizeof(PosHMM),
    .tp_dealloc = (destructor)PosHMM_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "jieba's joint position x tag HMM, decoded in C.",
    .tp_methods = PosHMM_methods,
    .tp_init = (initproc)PosHMM_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_posseg", "pos: jieba's posseg Viterbi in C.", -1, NULL,
};

PyMODINIT_FUNC PyInit__posseg(void) {
    s_x = PyUnicode_InternFromString("x");
    s_m = PyUnicode_InternFromString("m");
    s_eng = PyUnicode_InternFromString("eng");
    s_empty = PyUnicode_InternFromString("");
    if (!s_x || !s_m || !s_eng || !s_empty) return NULL;
    if (PyType_Ready(&PosHMMType) < 0) return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m) return NULL;
    Py_INCREF(&PosHMMType);
    if (PyModule_AddObject(m, "PosHMM", (PyObject *)&PosHMMType) < 0) {
        Py_DECREF(&PosHMMType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
