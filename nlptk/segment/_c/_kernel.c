/*
 * nlptk.segment._c._kernel — the compiled segmentation pipeline.
 *
 * One call runs the whole per-line cut of nlptk/segment/pipeline.py: block splitting (jieba 0.42.1's
 * regular expressions emulated character class by character class), the word DAG, the
 * max-probability route, the buffering of single characters, the BMES Viterbi with
 * finalseg's number splitting, full mode, and search-mode grams. The pure-Python modules in
 * nlptk/core are the reference: every branch below names the function it mirrors, and the
 * parity tests compare both engines token for token.
 *
 * Layout of this file:
 *   1. character classes        (the regexes of jieba and finalseg)
 *   2. the prefix dictionary    (breadth-first child records, an overlay hash trie for edits)
 *   3. codepoint maps           (HMM emissions, solo characters)
 *   4. the cut pipeline         (pure C over a UCS4 copy of the line; no Python calls)
 *   5. the Python type Kernel   (conversion in and out, serialisation)
 *
 * Floating-point parity: scores are summed in jieba's order, (log f - log total) + score
 * and (prob + trans) + emit, with the same libm log(); ties are broken as Python's tuple
 * max() does. Only additions are involved, so no fused multiply-add can change a result.
 *
 * Thread safety: every method runs with the GIL held and the pipeline makes no Python call,
 * so a dictionary edit can never interleave with a cut. Scratch memory is per call.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

#include <math.h>
#include <stdint.h>
#include <string.h>

#define FORMAT_VERSION 4 /* 4: words longer than MAX_WORD are not held */
#define MIN_FLOAT (-3.14e100) /* jieba's "impossible" log-prob; sums stay finite and ordered */

/* ---------------------------------------------------------------------------------------
 * 1. Character classes
 * ------------------------------------------------------------------------------------- */

static inline int is_ascii_alnum(Py_UCS4 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* jieba re_han_default: [\u4E00-\u9FD5a-zA-Z0-9+#&._%-] — runs go to the dictionary. */
static inline int is_block_char(Py_UCS4 c)
{
    if (c >= 0x4E00 && c <= 0x9FD5)
        return 1;
    if (c < 128)
        return is_ascii_alnum(c) || c == '+' || c == '#' || c == '&' || c == '.' || c == '_' ||
               c == '%' || c == '-';
    return 0;
}

/* finalseg re_han: [\u4E00-\u9FD5] — runs go to Viterbi. */
static inline int is_han(Py_UCS4 c) { return c >= 0x4E00 && c <= 0x9FD5; }

/* ---------------------------------------------------------------------------------------
 * 2. The prefix dictionary
 *
 * jieba keeps every prefix of every word in its dict, so the words form a trie. It is held
 * as an array of 16-byte records in breadth-first order, the children of each record side by
 * side: characters are renumbered densely, code 1 for the character with the most frequency
 * below it, and the record of a one-character key is the record numbered by its code. A few
 * children are a run sorted by code; more are a hash block indexed by code, where the
 * frequent codes, being small, take the first slots. A DAG step thus reads one or two cache
 * lines that the text's frequent prefixes share, where the hash trie this replaces (keyed by
 * parent and character) scattered them over 16 MB, one per cache line: L1 data misses per
 * character fell from 2.24 to 1.74-1.91 on PD98 (callgrind).
 *
 * The array is built in one pass over the whole trie (dict_compile) when the dictionary is
 * serialised, and read in place from the cache. Edits after that go to a small overlay, a
 * hash trie keyed by (parent, character): a new word's new prefixes hang there below the
 * records of its old ones. An entry is named by its record index, or by its overlay slot
 * with the bit OV.
 * ------------------------------------------------------------------------------------- */

#define EMPTY 0xFFFFFFFFu       /* parent of a free overlay slot */
#define NOT_FOUND 0xFFFFFFFFu   /* returned by the lookups */
#define ROOT 0u                 /* the root is record 0 */
#define OV 0x80000000u          /* an entry with this bit is an overlay slot */
#define CH_MASK 0x001FFFFFu     /* code points use 21 bits ... */
#define FORCE_SPLIT 0x80000000u /* ... the top bit of an overlay slot's ch marks a deleted word */
#define CODE_SPAN 0x10000u      /* characters below it find their code by direct index */
#define MAX_CODES 0xFFFFu       /* codes are 16-bit */
#define MAX_RECS 0x7FFFFFFFu    /* record indices stay clear of OV */
#define SCAN 8                  /* up to SCAN children are a sorted run, more a hash block */
#define MAX_KIDS 0x8000u        /* children of one record (other than the root): the mask of
                                   their block is 16-bit */
#define MAX_WORD 64             /* longest word held (nlptk.segment.dictionary.MAX_WORD): the
                                   DAG scan from a character stops within it, so a cut costs at
                                   most MAX_WORD steps a character whatever the dictionary */

typedef struct {
    double logf;    /* log(freq) for a word, -1.0 for a bare prefix (freq 0): one test per step */
    uint32_t first; /* the children's records start here ... */
    uint16_t kids;  /* ... up to SCAN of them in a sorted run of this length, more in a hash
                       block of kids + 1 records (kids is its mask, always > SCAN) */
    uint16_t code;  /* this record's character; 0 for a free record (the root's unused codes) */
} Rec;

typedef struct {
    uint32_t parent; /* entry of the parent, EMPTY when free */
    uint32_t ch;     /* code point | FORCE_SPLIT */
    double logf;
} Slot;

typedef struct {
    uint32_t ch, code;
} Astral;

typedef struct {
    /* the record array; rec, freq, split and chars may point into a caller's buffer */
    Rec *rec;
    int64_t *freq;   /* cold: read by get() and search grams, not by the route */
    uint8_t *split;  /* 1: a deleted word the HMM must split (finalseg's Force_Split_Words) */
    uint32_t *chars; /* chars[code]: the character of each code (chars[0] unused) */
    uint32_t nrecs, ncodes, nodes; /* nodes: records in use, the root not counted */
    uint16_t *code;  /* code[ch] for ch < CODE_SPAN, 0 for none (owned, 128 KiB) */
    Astral *astral;  /* the codes of the other characters, sorted by character (owned) */
    uint32_t nastral;
    /* the overlay: open addressing, owned */
    Slot *slot;
    int64_t *ofreq;
    uint32_t mask; /* overlay capacity - 1, a power of two */
    uint32_t count;
    int64_t total;
    double logtotal;
    int borrowed; /* rec/freq/split/chars point into a caller's buffer (a copy-on-write map
                     of the cache) */
} Dict;

static inline uint32_t slot_hash(uint32_t parent, uint32_t ch)
{
    /* murmur3's 64-bit finaliser: parents are near-random indices, characters cluster. */
    uint64_t x = ((uint64_t)parent << 32) | ch;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return (uint32_t)x;
}

static Py_NO_INLINE uint32_t astral_code(const Dict *d, Py_UCS4 ch)
{
    uint32_t lo = 0, hi = d->nastral;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (d->astral[mid].ch < ch)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->nastral && d->astral[lo].ch == ch ? d->astral[lo].code : 0;
}

/* The code of ch, 0 when no record holds it. */
static inline uint32_t dict_code(const Dict *d, Py_UCS4 ch)
{
    return ch < CODE_SPAN ? d->code[ch] : astral_code(d, ch);
}

/* Records taken by nk children: a sorted run of nk, or for more than SCAN a hash block, the
 * power of two above 2 nk - 1 (load at most 1/2: short probes even where the codes of the
 * children crowd together, as frequent characters' codes do). */
static inline uint32_t kids_span(uint32_t nk)
{
    return nk <= SCAN ? nk : 2u << (32 - __builtin_clz(nk - 1));
}

/* The record field `kids` for nk children. */
static inline uint16_t kids_field(uint32_t nk)
{
    return (uint16_t)(nk <= SCAN ? nk : kids_span(nk) - 1);
}

/* The one-character key of code c (not 0), or NOT_FOUND. */
static inline uint32_t rec_root_child(const Dict *d, uint32_t c)
{
    return c < d->nrecs && d->rec[c].code == c ? c : NOT_FOUND;
}

/* The child of record p (not the root) with code c (not 0), or NOT_FOUND. A few children
 * are scanned in code order; more sit in a block at slot c mod its size, probing on: codes
 * are in order of frequency, so the children that text keeps asking for share the block's
 * first lines. */
static inline uint32_t rec_child(const Dict *d, uint32_t p, uint32_t c)
{
    const Rec *r = d->rec;
    uint32_t first = r[p].first, kids = r[p].kids;
    if (kids <= SCAN) {
        for (uint32_t i = first; i < first + kids; i++)
            if (r[i].code >= c)
                return r[i].code == c ? i : NOT_FOUND;
        return NOT_FOUND;
    }
    for (uint32_t k = 0, j = c & kids; k <= kids; k++, j = (j + 1) & kids) {
        uint32_t code = r[first + j].code;
        if (code == c)
            return first + j;
        if (code == 0)
            break;
    }
    return NOT_FOUND;
}

static uint32_t overlay_probe(const Dict *d, uint32_t parent, Py_UCS4 ch)
{
    uint32_t i = slot_hash(parent, ch) & d->mask;
    for (;;) {
        const Slot *s = &d->slot[i];
        if (s->parent == parent && (s->ch & CH_MASK) == ch)
            return i | OV;
        if (s->parent == EMPTY)
            return NOT_FOUND;
        i = (i + 1) & d->mask;
    }
}

/* The entry (parent p, ch). A record's children are records or overlay slots, so the overlay
 * is probed only when it is not empty. */
static inline uint32_t dict_find(const Dict *d, uint32_t p, Py_UCS4 ch)
{
    if (!(p & OV)) {
        uint32_t c = dict_code(d, ch);
        uint32_t i = !c ? NOT_FOUND : p == ROOT ? rec_root_child(d, c) : rec_child(d, p, c);
        if (i != NOT_FOUND || !d->count)
            return i;
    }
    return overlay_probe(d, p, ch);
}

static inline double dict_logf(const Dict *d, uint32_t e)
{
    return e & OV ? d->slot[e & ~OV].logf : d->rec[e].logf;
}

static inline int64_t dict_freq(const Dict *d, uint32_t e)
{
    return e & OV ? d->ofreq[e & ~OV] : d->freq[e];
}

static inline int dict_split(const Dict *d, uint32_t e)
{
    return e & OV ? (d->slot[e & ~OV].ch & FORCE_SPLIT) != 0 : d->split[e];
}

/* Entry of t[0:n], or NOT_FOUND. */
static uint32_t dict_lookup(const Dict *d, const Py_UCS4 *t, Py_ssize_t n)
{
    uint32_t p = ROOT;
    for (Py_ssize_t i = 0; i < n; i++) {
        p = dict_find(d, p, t[i]);
        if (p == NOT_FOUND)
            return NOT_FOUND;
    }
    return n ? p : NOT_FOUND;
}

/* jieba's truthiness test FREQ.get(w): present with a non-zero frequency. Read from the record
 * (logf >= 0 exactly when freq > 0): the frequency array stays untouched while cutting, so
 * its pages of the mapped cache file are never read in. */
static inline int dict_is_word(const Dict *d, const Py_UCS4 *t, Py_ssize_t n)
{
    uint32_t i = dict_lookup(d, t, n);
    return i != NOT_FOUND && dict_logf(d, i) >= 0.0;
}

static int overlay_alloc(Dict *d, uint32_t cap)
{
    d->slot = PyMem_Malloc((size_t)cap * sizeof(Slot));
    d->ofreq = PyMem_Calloc(cap, sizeof(int64_t));
    if (!d->slot || !d->ofreq) {
        PyMem_Free(d->slot);
        PyMem_Free(d->ofreq);
        d->slot = NULL;
        d->ofreq = NULL;
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t i = 0; i < cap; i++)
        d->slot[i].parent = EMPTY;
    d->mask = cap - 1;
    d->count = 0;
    return 0;
}

/* The owned arrays of nrecs free records (the root's first) and ncodes codes, and an empty
 * overlay. */
static int dict_alloc(Dict *d, uint32_t nrecs, uint32_t ncodes)
{
    memset(d, 0, sizeof *d);
    d->rec = PyMem_Calloc(nrecs, sizeof(Rec));
    d->freq = PyMem_Calloc(nrecs, sizeof(int64_t));
    d->split = PyMem_Calloc(nrecs, 1);
    d->chars = PyMem_Calloc((size_t)ncodes + 1, sizeof(uint32_t));
    d->code = PyMem_Calloc(CODE_SPAN, sizeof(uint16_t));
    if (!d->rec || !d->freq || !d->split || !d->chars || !d->code) {
        PyMem_Free(d->rec);
        PyMem_Free(d->freq);
        PyMem_Free(d->split);
        PyMem_Free(d->chars);
        PyMem_Free(d->code);
        memset(d, 0, sizeof *d);
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t i = 0; i < nrecs; i++)
        d->rec[i].logf = -1.0;
    d->nrecs = nrecs;
    d->ncodes = ncodes;
    return overlay_alloc(d, 8);
}

static void dict_free(Dict *d)
{
    if (!d->borrowed) {
        PyMem_Free(d->rec);
        PyMem_Free(d->freq);
        PyMem_Free(d->split);
        PyMem_Free(d->chars);
    }
    PyMem_Free(d->code);
    PyMem_Free(d->astral);
    PyMem_Free(d->slot);
    PyMem_Free(d->ofreq);
    memset(d, 0, sizeof *d);
}

/* Place a key known to be absent in the overlay; the caller guarantees a free slot. */
static uint32_t overlay_place(Dict *d, uint32_t parent, uint32_t ch_flags, double logf, int64_t f)
{
    uint32_t i = slot_hash(parent, ch_flags & CH_MASK) & d->mask;
    while (d->slot[i].parent != EMPTY)
        i = (i + 1) & d->mask;
    d->slot[i].parent = parent;
    d->slot[i].ch = ch_flags;
    d->slot[i].logf = logf;
    d->ofreq[i] = f;
    d->count++;
    return i | OV;
}

/* Move old slot i (and, first, its overlay ancestors) into the new table; moved[i] is its
 * new entry. Parents go first because a child's key contains its parent's entry. */
static uint32_t overlay_move(const Dict *old, Dict *new_, uint32_t *moved, uint32_t i)
{
    if (moved[i] != EMPTY)
        return moved[i];
    const Slot *s = &old->slot[i];
    uint32_t parent = s->parent & OV ? overlay_move(old, new_, moved, s->parent & ~OV) : s->parent;
    moved[i] = overlay_place(new_, parent, s->ch, s->logf, old->ofreq[i]);
    return moved[i];
}

/* Double the overlay; keeps its load factor under 3/4 so probes stay short. */
static int overlay_grow(Dict *d)
{
    uint32_t old_cap = d->mask + 1;
    if (old_cap >= 0x40000000u) {
        PyErr_SetString(PyExc_OverflowError, "dictionary too large");
        return -1;
    }
    Dict new_ = *d;
    if (overlay_alloc(&new_, old_cap * 2) < 0)
        return -1;
    uint32_t *moved = PyMem_Malloc((size_t)old_cap * sizeof(uint32_t));
    if (!moved) {
        PyMem_Free(new_.slot);
        PyMem_Free(new_.ofreq);
        PyErr_NoMemory();
        return -1;
    }
    memset(moved, 0xFF, (size_t)old_cap * sizeof(uint32_t));
    for (uint32_t i = 0; i < old_cap; i++)
        if (d->slot[i].parent != EMPTY)
            overlay_move(d, &new_, moved, i);
    PyMem_Free(moved);
    PyMem_Free(d->slot);
    PyMem_Free(d->ofreq);
    d->slot = new_.slot;
    d->ofreq = new_.ofreq;
    d->mask = new_.mask;
    d->count = new_.count;
    return 0;
}

/* PrefixDict.add: set t[0:n]'s frequency, register its prefixes with frequency 0. */
static int dict_add(Dict *d, const Py_UCS4 *t, Py_ssize_t n, int64_t f, int force_split)
{
    if (f < 0 || (f > 0 && d->total > INT64_MAX - f)) {
        PyErr_SetString(PyExc_OverflowError, "frequency out of range");
        return -1;
    }
    /* Enough room for every new prefix at once: no growth midway through a word. */
    while ((uint64_t)d->count + (uint64_t)n + 1 > (uint64_t)(d->mask + 1) / 4 * 3)
        if (overlay_grow(d) < 0)
            return -1;
    uint32_t p = ROOT;
    for (Py_ssize_t i = 0; i < n; i++) {
        uint32_t j = dict_find(d, p, t[i]);
        if (j == NOT_FOUND)
            j = overlay_place(d, p, t[i], -1.0, 0);
        p = j;
    }
    double logf = f > 0 ? log((double)f) : -1.0;
    if (p & OV) {
        Slot *s = &d->slot[p & ~OV];
        d->ofreq[p & ~OV] = f;
        s->logf = logf;
        if (force_split)
            s->ch |= FORCE_SPLIT;
    } else {
        d->freq[p] = f;
        d->rec[p].logf = logf;
        if (force_split)
            d->split[p] = 1;
    }
    d->total += f;
    d->logtotal = log((double)d->total);
    return 0;
}

/* The code tables of a record array from its chars (each character at most once). */
static int dict_index_codes(Dict *d)
{
    uint32_t nastral = 0;
    for (uint32_t c = 1; c <= d->ncodes; c++) {
        uint32_t ch = d->chars[c];
        if (ch > 0x10FFFF)
            return -1;
        if (ch < CODE_SPAN) {
            if (d->code[ch])
                return -1;
            d->code[ch] = (uint16_t)c;
        } else {
            nastral++;
        }
    }
    if (nastral) {
        d->astral = PyMem_Malloc((size_t)nastral * sizeof(Astral));
        if (!d->astral) {
            PyErr_NoMemory();
            return -2;
        }
        for (uint32_t c = 1; c <= d->ncodes; c++)
            if (d->chars[c] >= CODE_SPAN) {
                /* insertion sort: astral characters are rare in dictionaries */
                uint32_t k = d->nastral++;
                while (k > 0 && d->astral[k - 1].ch > d->chars[c]) {
                    d->astral[k] = d->astral[k - 1];
                    k--;
                }
                if (k > 0 && d->astral[k - 1].ch == d->chars[c])
                    return -1;
                d->astral[k] = (Astral){d->chars[c], c};
            }
    }
    return 0;
}

/* ---------------------------------------------------------------------------------------
 * Building the record array: every entry (records and overlay) is laid out afresh.
 * ------------------------------------------------------------------------------------- */

typedef struct {
    uint64_t key;
    uint32_t id;
} SortItem;

static int cmp_sort_item(const void *a, const void *b)
{
    const SortItem *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

/* A character and its summed hot: hotter first, then the lower code point. */
typedef struct {
    int64_t hot;
    uint32_t id;
} HotItem;

static int cmp_hot_item(const void *a, const void *b)
{
    const HotItem *x = a, *y = b;
    if (x->hot != y->hot)
        return x->hot > y->hot ? -1 : 1;
    return x->id < y->id ? -1 : x->id > y->id;
}

typedef struct {
    uint32_t n; /* entries; node n is the root */
    uint32_t *ref; /* ref[v]: the entry of node v in the source dict */
    uint32_t *par, *ch, *depth;
    int64_t *hot;
    SortItem *kids; /* (parent << 32 | code, child), sorted */
    uint32_t *first; /* first[v]: v's first child in kids, first[v + 1] its end */
    HotItem *order; /* the characters by hot (build_codes), then build_layout's queue (.id) */
    uint32_t *pos; /* pos[v]: the record of node v */
} Build;

static void build_free(Build *b)
{
    PyMem_Free(b->ref);
    PyMem_Free(b->par);
    PyMem_Free(b->ch);
    PyMem_Free(b->depth);
    PyMem_Free(b->hot);
    PyMem_Free(b->kids);
    PyMem_Free(b->first);
    PyMem_Free(b->order);
    PyMem_Free(b->pos);
}

/* Nodes, parents and characters of every entry of s; -1 for a damaged record array (a
 * record that is nobody's child, or the child of two). */
static int build_nodes(Build *b, const Dict *s, uint32_t *rid, uint32_t *oid)
{
    uint32_t n = b->n, k = 0;
    for (uint32_t i = 1; i < s->nrecs; i++)
        if (s->rec[i].code && k < n) {
            rid[i] = k;
            b->ref[k++] = i;
        }
    for (uint32_t i = 0; i <= s->mask; i++)
        if (s->slot[i].parent != EMPTY && k < n) {
            oid[i] = k;
            b->ref[k++] = i | OV;
        }
    if (k != n)
        return -1;
    for (uint32_t v = 0; v < n; v++)
        b->par[v] = EMPTY;
    for (uint32_t i = 1; i < s->nrecs && i <= s->ncodes; i++)
        if (s->rec[i].code)
            b->par[rid[i]] = n;
    for (uint32_t i = 1; i < s->nrecs; i++) {
        const Rec *r = &s->rec[i];
        if (!r->code)
            continue;
        uint32_t span = r->kids <= SCAN ? r->kids : r->kids + 1u;
        if ((uint64_t)r->first + span > s->nrecs || (span && r->first <= s->ncodes))
            return -1;
        for (uint32_t j = r->first; j < r->first + span; j++) {
            if (!s->rec[j].code && r->kids > SCAN)
                continue; /* a free slot of a hash block */
            if (!s->rec[j].code || b->par[rid[j]] != EMPTY)
                return -1;
            b->par[rid[j]] = rid[i];
        }
    }
    for (uint32_t v = 0; v < n; v++) {
        uint32_t e = b->ref[v];
        if (e & OV) {
            uint32_t p = s->slot[e & ~OV].parent;
            b->ch[v] = s->slot[e & ~OV].ch & CH_MASK;
            b->par[v] = p == ROOT ? n : p & OV ? oid[p & ~OV] : rid[p];
        } else {
            if (b->par[v] == EMPTY || s->rec[e].code > s->ncodes)
                return -1;
            b->ch[v] = s->chars[s->rec[e].code];
        }
    }
    return 0;
}

/* Depth of every node (the root's children are 1); -1 for a cycle (a damaged array). */
static int build_depths(Build *b)
{
    uint32_t n = b->n;
    for (uint32_t v = 0; v < n; v++)
        b->depth[v] = 0;
    b->depth[n] = 0;
    for (uint32_t v = 0; v < n; v++) {
        uint32_t u = v, steps = 0;
        while (u != n && b->depth[u] == 0) { /* climb to a known depth */
            u = b->par[u];
            if (++steps > n)
                return -1;
        }
        uint32_t dep = u == n ? 0 : b->depth[u];
        /* the chain from v up to u has `steps` nodes: number it from the top */
        u = v;
        for (uint32_t k = steps; k > 0; k--) {
            b->depth[u] = dep + k;
            u = b->par[u];
        }
    }
    return 0;
}

/* Records in breadth-first order: the root's children at their codes, then each node's
 * children side by side (a sorted run or a hash block, kids_span), in the order their
 * parents were laid out. d->rec must hold build_size records. */
static void build_layout(Build *b, Dict *d)
{
    uint32_t n = b->n, head = 0, tail = 0, next = d->ncodes + 1;
    b->pos[n] = ROOT;
    for (uint32_t k = b->first[n]; k < b->first[n + 1]; k++) {
        uint32_t v = b->kids[k].id, code = (uint32_t)b->kids[k].key;
        d->rec[code].code = (uint16_t)code;
        b->pos[v] = code;
        b->order[tail++].id = v; /* the queue */
    }
    while (head < tail) {
        uint32_t u = b->order[head++].id;
        uint32_t nk = b->first[u + 1] - b->first[u], mask = kids_span(nk) - 1;
        Rec *r = &d->rec[b->pos[u]];
        r->first = next;
        r->kids = kids_field(nk);
        for (uint32_t k = b->first[u]; k < b->first[u + 1]; k++) {
            uint32_t v = b->kids[k].id, j = k - b->first[u];
            if (nk > SCAN) {
                j = (uint32_t)b->kids[k].key & mask;
                while (d->rec[next + j].code) /* marked taken as it goes: codes are set here */
                    j = (j + 1) & mask;
            }
            d->rec[next + j].code = (uint16_t)b->kids[k].key;
            b->pos[v] = next + j;
            b->order[tail++].id = v;
        }
        next += mask + 1;
    }
}

/* Records of the layout: the root and its codes, then each inner node's span; UINT64_MAX
 * when a record has more than MAX_KIDS children. */
static uint64_t build_size(const Build *b, const Dict *d)
{
    uint64_t size = (uint64_t)d->ncodes + 1;
    for (uint32_t v = 0; v < b->n; v++) {
        uint32_t nk = b->first[v + 1] - b->first[v];
        if (nk > MAX_KIDS)
            return UINT64_MAX;
        size += kids_span(nk);
    }
    return size;
}

/* The hot sum of every node: its frequency plus its children's, deepest nodes first. */
static int build_hot(Build *b, const Dict *s)
{
    uint32_t n = b->n, maxd = 0;
    for (uint32_t v = 0; v < n; v++) {
        b->hot[v] = dict_freq(s, b->ref[v]);
        if (b->depth[v] > maxd)
            maxd = b->depth[v];
    }
    b->hot[n] = 0;
    uint32_t *start = PyMem_Calloc((size_t)maxd + 2, sizeof(uint32_t));
    if (!start) {
        PyErr_NoMemory();
        return -1;
    }
    for (uint32_t v = 0; v < n; v++) /* counting sort by depth, deepest first, into pos */
        start[maxd - b->depth[v] + 1]++;
    for (uint32_t k = 1; k <= maxd + 1; k++)
        start[k] += start[k - 1];
    for (uint32_t v = 0; v < n; v++)
        b->pos[start[maxd - b->depth[v]]++] = v;
    PyMem_Free(start);
    for (uint32_t k = 0; k < n; k++) {
        uint32_t v = b->pos[k];
        if (b->par[v] != n)
            b->hot[b->par[v]] += b->hot[v];
    }
    return 0;
}

/* Codes for the characters of the entries, hottest character first (its summed hot); -2,
 * with no exception set, for more than MAX_CODES characters. */
static int build_codes(Build *b, Dict *d)
{
    uint32_t n = b->n, nd = 0;
    for (uint32_t v = 0; v < n; v++)
        b->kids[v] = (SortItem){b->ch[v], v};
    qsort(b->kids, n, sizeof(SortItem), cmp_sort_item);
    for (uint32_t k = 0; k < n; k++) { /* distinct characters with their sums, in order */
        int64_t hot = b->hot[b->kids[k].id];
        if (nd && b->order[nd - 1].id == (uint32_t)b->kids[k].key)
            b->order[nd - 1].hot += hot;
        else
            b->order[nd++] = (HotItem){hot, (uint32_t)b->kids[k].key};
    }
    qsort(b->order, nd, sizeof(HotItem), cmp_hot_item);
    if (nd > MAX_CODES)
        return -2; /* no record layout: see dict_compile */
    if (dict_alloc(d, 1, nd) < 0)
        return -1;
    for (uint32_t c = 1; c <= nd; c++)
        d->chars[c] = b->order[c - 1].id;
    int rc = dict_index_codes(d);
    if (rc == -1)
        PyErr_SetString(PyExc_ValueError, "duplicate character code");
    return rc < 0 ? -1 : 0;
}

/* The children of every node, by (parent, code): first[v] .. first[v + 1] in kids. */
static void build_kids(Build *b, const Dict *d)
{
    uint32_t n = b->n;
    for (uint32_t v = 0; v < n; v++)
        b->kids[v] = (SortItem){((uint64_t)b->par[v] << 32) | dict_code(d, b->ch[v]), v};
    qsort(b->kids, n, sizeof(SortItem), cmp_sort_item);
    uint32_t k = 0;
    for (uint32_t v = 0; v <= n + 1; v++) {
        while (k < n && (b->kids[k].key >> 32) < v)
            k++;
        b->first[v] = k;
    }
}

/* A fresh record array d holding every entry of s (records and overlay), with an empty
 * overlay. ValueError for a damaged source array. -2, with no exception set, when the
 * entries do not fit the record layout (more than MAX_CODES distinct characters, or more than
 * MAX_KIDS children below one record): such a dictionary keeps working from its overlay, it
 * just cannot be serialised (to_bytes gives None). */
static int dict_compile(const Dict *s, Dict *d)
{
    uint64_t n64 = (uint64_t)s->nodes + s->count;
    if (n64 >= MAX_RECS) {
        PyErr_SetString(PyExc_OverflowError, "dictionary too large");
        return -1;
    }
    uint32_t n = (uint32_t)n64;
    Build b = {0};
    b.n = n;
    b.ref = PyMem_Malloc(((size_t)n + 1) * sizeof(uint32_t));
    b.par = PyMem_Malloc(((size_t)n + 1) * sizeof(uint32_t));
    b.ch = PyMem_Malloc(((size_t)n + 1) * sizeof(uint32_t));
    b.depth = PyMem_Malloc(((size_t)n + 1) * sizeof(uint32_t));
    b.hot = PyMem_Malloc(((size_t)n + 1) * sizeof(int64_t));
    b.kids = PyMem_Malloc(((size_t)n + 1) * sizeof(SortItem));
    b.first = PyMem_Malloc(((size_t)n + 2) * sizeof(uint32_t));
    b.order = PyMem_Malloc(((size_t)n + 1) * sizeof(HotItem));
    b.pos = PyMem_Malloc(((size_t)n + 1) * sizeof(uint32_t));
    uint32_t *rid = PyMem_Malloc((size_t)s->nrecs * sizeof(uint32_t));
    uint32_t *oid = PyMem_Malloc(((size_t)s->mask + 1) * sizeof(uint32_t));
    memset(d, 0, sizeof *d);
    int rc = -1;
    if (!b.ref || !b.par || !b.ch || !b.depth || !b.hot || !b.kids || !b.first || !b.order ||
        !b.pos || !rid || !oid) {
        PyErr_NoMemory();
        goto done;
    }
    if (build_nodes(&b, s, rid, oid) < 0 || build_depths(&b) < 0) {
        PyErr_SetString(PyExc_ValueError, "damaged dictionary");
        goto done;
    }
    if (build_hot(&b, s) < 0 || (rc = build_codes(&b, d)) < 0)
        goto done;
    rc = -1;
    build_kids(&b, d);
    uint64_t nrecs = build_size(&b, d);
    if (nrecs == UINT64_MAX) {
        rc = -2;
        goto done;
    }
    if (nrecs > MAX_RECS) {
        PyErr_SetString(PyExc_OverflowError, "dictionary too large");
        goto done;
    }
    PyMem_Free(d->rec);
    PyMem_Free(d->freq);
    PyMem_Free(d->split);
    d->rec = PyMem_Calloc(nrecs, sizeof(Rec));
    d->freq = PyMem_Calloc(nrecs, sizeof(int64_t));
    d->split = PyMem_Calloc(nrecs, 1);
    if (!d->rec || !d->freq || !d->split) {
        PyErr_NoMemory();
        goto done;
    }
    d->nrecs = (uint32_t)nrecs;
    build_layout(&b, d);
    for (uint32_t v = 0; v < n; v++) {
        uint32_t e = b.ref[v], i = b.pos[v];
        d->rec[i].logf = dict_logf(s, e);
        d->freq[i] = dict_freq(s, e);
        d->split[i] = (uint8_t)dict_split(s, e);
    }
    d->rec[ROOT].logf = -1.0;
    d->nodes = n;
    d->total = s->total;
    d->logtotal = s->logtotal;
    rc = 0;
done:
    if (rc < 0)
        dict_free(d);
    build_free(&b);
    PyMem_Free(rid);
    PyMem_Free(oid);
    return rc;
}

/* ---------------------------------------------------------------------------------------
 * 3. Codepoint maps: code point -> row index (HMM emissions) or mere membership (solo chars)
 * ------------------------------------------------------------------------------------- */

typedef struct {
    uint32_t *key; /* EMPTY = free */
    uint32_t *row;
    uint32_t mask;
} CharMap;

static void charmap_free(CharMap *m)
{
    PyMem_Free(m->key);
    PyMem_Free(m->row);
    m->key = m->row = NULL;
    m->mask = 0;
}

/* A map sized for n keys (load <= 1/2), all free. */
static int charmap_init(CharMap *m, Py_ssize_t n)
{
    uint32_t cap = 8;
    while (cap < 2 * (uint64_t)n)
        cap *= 2;
    m->key = PyMem_Malloc(cap * sizeof(uint32_t));
    m->row = PyMem_Malloc(cap * sizeof(uint32_t));
    if (!m->key || !m->row) {
        charmap_free(m);
        PyErr_NoMemory();
        return -1;
    }
    memset(m->key, 0xFF, cap * sizeof(uint32_t));
    m->mask = cap - 1;
    return 0;
}

static inline uint32_t charmap_slot(const CharMap *m, Py_UCS4 c)
{
    uint32_t i = (uint32_t)(c * 2654435761u) & m->mask;
    while (m->key[i] != EMPTY && m->key[i] != c)
        i = (i + 1) & m->mask;
    return i;
}

/* Row of c, or NOT_FOUND; an unset map (key == NULL) is empty. */
static inline uint32_t charmap_get(const CharMap *m, Py_UCS4 c)
{
    if (!m->key)
        return NOT_FOUND;
    uint32_t i = charmap_slot(m, c);
    return m->key[i] == c ? m->row[i] : NOT_FOUND;
}

/* Row of c, inserting it as row `next` when absent (the caller sized the map). */
static uint32_t charmap_put(CharMap *m, Py_UCS4 c, uint32_t next)
{
    uint32_t i = charmap_slot(m, c);
    if (m->key[i] != c) {
        m->key[i] = c;
        m->row[i] = next;
    }
    return m->row[i];
}

/* BMES HMM in the state order of nlptk.sequence.tags.BMES. */
enum { B, M, E, S, NSTATES };
static const char STATE_LETTER[NSTATES] = {'B', 'M', 'E', 'S'};
/* PREV_BMES: the states allowed before each state, in jieba's PrevStatus order. */
static const int PREV[NSTATES][2] = {{E, S}, {M, B}, {B, M}, {S, E}};

typedef struct {
    double start[NSTATES];
    double trans[NSTATES][NSTATES]; /* trans[from][to] */
    CharMap emit_row;
    double (*emit)[NSTATES]; /* emit[row][state], MIN_FLOAT where the state lacks the char */
    uint32_t nrows;
} Hmm;

/* ---------------------------------------------------------------------------------------
 * 4. The cut pipeline
 * ------------------------------------------------------------------------------------- */

typedef struct {
    Py_ssize_t s, e;
} Span;

enum { MODE_ACCURATE, MODE_FULL, MODE_SEARCH };

typedef struct {
    const Dict *d;
    const Hmm *hmm; /* NULL: HMM off */
    const CharMap *solo;
    Py_UCS4 *t; /* the line, copied out of whatever str kind it has */
    Py_ssize_t n, capn; /* t, score and route hold capn items */
    double *score;     /* route DP, indexed by text position (n + 1) */
    Py_ssize_t *route; /* inclusive end of the best word starting at each position */
    Span *out;
    Py_ssize_t nout, capout;
    unsigned char *back; /* Viterbi back-pointers, 4 per character */
    Py_ssize_t capback;
    Py_ssize_t *ends; /* one DAG row, for full mode */
    Py_ssize_t capends;
    int lent; /* the buffers are the kernel's scratch, to be handed back */
} Ctx;

static int grow(void **buf, Py_ssize_t *cap, Py_ssize_t need, size_t item)
{
    if (need <= *cap)
        return 0;
    Py_ssize_t cap2 = *cap ? *cap : 64;
    while (cap2 < need)
        cap2 *= 2;
    void *p = PyMem_Realloc(*buf, (size_t)cap2 * item);
    if (!p) {
        PyErr_NoMemory();
        return -1;
    }
    *buf = p;
    *cap = cap2;
    return 0;
}

static inline int emit(Ctx *c, Py_ssize_t s, Py_ssize_t e)
{
    if (c->nout == c->capout && grow((void **)&c->out, &c->capout, c->nout + 1, sizeof(Span)))
        return -1;
    c->out[c->nout].s = s;
    c->out[c->nout].e = e;
    c->nout++;
    return 0;
}

static int emit_chars(Ctx *c, Py_ssize_t s, Py_ssize_t e)
{
    for (Py_ssize_t i = s; i < e; i++)
        if (emit(c, i, i + 1))
            return -1;
    return 0;
}

#define TRY(x)                                                                                 \
    do {                                                                                       \
        if ((x) < 0)                                                                           \
            return -1;                                                                         \
    } while (0)

/* core.dag.build_dag + core.route.best_route over block [bs, be), fused right to left: the
 * DAG row of k is scanned when k is scored, so no DAG is stored. Ties go to the larger end,
 * as jieba's max((score, x)) does: candidates come in increasing x, and >= keeps the last.
 * `overlay` is a constant at each call, so each gets its own loop. */
static inline void route_rows(Ctx *c, Py_ssize_t bs, Py_ssize_t be, int overlay)
{
    const Dict *d = c->d;
    const double lt = d->logtotal;
    c->score[be] = 0.0;
    for (Py_ssize_t k = be - 1; k >= bs; k--) {
        double best = 0.0;
        Py_ssize_t best_x = -1;
        uint32_t p;
        if (overlay) {
            p = dict_find(d, ROOT, c->t[k]);
        } else {
            uint32_t code = dict_code(d, c->t[k]);
            p = code ? rec_root_child(d, code) : NOT_FOUND;
        }
        for (Py_ssize_t i = k; p != NOT_FOUND;) {
            double lf = overlay ? dict_logf(d, p) : d->rec[p].logf;
            if (lf >= 0.0) {
                double sc = (lf - lt) + c->score[i + 1];
                if (best_x < 0 || sc >= best) {
                    best = sc;
                    best_x = i;
                }
            }
            if (++i == be)
                break;
            if (overlay) {
                p = dict_find(d, p, c->t[i]);
            } else {
                uint32_t code = dict_code(d, c->t[i]);
                p = code ? rec_child(d, p, code) : NOT_FOUND;
            }
        }
        if (best_x < 0) { /* no word starts here: the single character, log(1) */
            best = (0.0 - lt) + c->score[k + 1];
            best_x = k;
        }
        c->score[k] = best;
        c->route[k] = best_x;
    }
}

/* Without an overlay (no edits since the dictionary was compiled, the usual case) every
 * entry is a record: the walk is specialised to skip the overlay tests. */
static void best_route(Ctx *c, Py_ssize_t bs, Py_ssize_t be)
{
    if (c->d->count)
        route_rows(c, bs, be, 1);
    else
        route_rows(c, bs, be, 0);
}

/* core.hmm.viterbi on [s, e) (all Han); emits the words as core.hmm._han_spans does, each
 * checked against the force-split marks. */
static int viterbi_cut(Ctx *c, Py_ssize_t s, Py_ssize_t e)
{
    const Hmm *h = c->hmm;
    const Py_UCS4 *t = c->t;
    Py_ssize_t n = e - s;
    TRY(grow((void **)&c->back, &c->capback, n * NSTATES, 1));
    unsigned char *back = c->back;
    double v[NSTATES], nv[NSTATES], em[NSTATES];

    uint32_t row = charmap_get(&h->emit_row, t[s]);
    for (int y = 0; y < NSTATES; y++)
        v[y] = h->start[y] + (row == NOT_FOUND ? MIN_FLOAT : h->emit[row][y]);
    for (Py_ssize_t i = 1; i < n; i++) {
        row = charmap_get(&h->emit_row, t[s + i]);
        for (int y = 0; y < NSTATES; y++)
            em[y] = row == NOT_FOUND ? MIN_FLOAT : h->emit[row][y];
        for (int y = 0; y < NSTATES; y++) {
            int y0 = PREV[y][0], y1 = PREV[y][1];
            double p0 = (v[y0] + h->trans[y0][y]) + em[y];
            double p1 = (v[y1] + h->trans[y1][y]) + em[y];
            /* max((p, state)): a tie goes to the larger state letter */
            int take1 = p1 > p0 || (p1 == p0 && STATE_LETTER[y1] > STATE_LETTER[y0]);
            nv[y] = take1 ? p1 : p0;
            back[i * NSTATES + y] = (unsigned char)(take1 ? y1 : y0);
        }
        memcpy(v, nv, sizeof v);
    }
    /* The path ends in E or S; S wins a tie ('S' > 'E'). */
    int state = v[S] >= v[E] ? S : E;
    for (Py_ssize_t i = n - 1; i >= 0; i--) { /* back-pointers -> states, in place */
        unsigned char prev = i ? back[i * NSTATES + state] : 0;
        back[i * NSTATES] = (unsigned char)state;
        state = prev;
    }

    Py_ssize_t begin = 0, next = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        int st = back[i * NSTATES];
        Py_ssize_t ws = -1;
        if (st == B)
            begin = i;
        else if (st == E)
            ws = begin;
        else if (st == S)
            ws = i;
        if (ws < 0)
            continue;
        next = i + 1;
        uint32_t idx = i > ws ? dict_lookup(c->d, t + s + ws, i + 1 - ws) : NOT_FOUND;
        if (idx != NOT_FOUND && dict_split(c->d, idx))
            TRY(emit_chars(c, s + ws, s + i + 1));
        else
            TRY(emit(c, s + ws, s + i + 1));
    }
    if (next < n) /* jieba emits a trailing B/M run as one word, unchecked */
        TRY(emit(c, s + next, e));
    return 0;
}

/* core.hmm.hmm_cut on [s, e): Han runs by Viterbi; elsewhere finalseg's re_skip
 * ([a-zA-Z0-9]+(?:\.\d+)?%?) matches are words and the stretches between them are words. */
static int hmm_cut(Ctx *c, Py_ssize_t s, Py_ssize_t e)
{
    const Py_UCS4 *t = c->t;
    Py_ssize_t i = s;
    while (i < e) {
        Py_ssize_t j = i;
        if (is_han(t[i])) {
            while (j < e && is_han(t[j]))
                j++;
            TRY(viterbi_cut(c, i, j));
            i = j;
            continue;
        }
        Py_ssize_t gap = i; /* start of the current non-matching stretch */
        while (j < e && !is_han(t[j])) {
            if (!is_ascii_alnum(t[j])) {
                j++;
                continue;
            }
            Py_ssize_t m = j;
            while (m < e && is_ascii_alnum(t[m]))
                m++;
            /* \d is Unicode in Python's re: any decimal digit */
            if (m + 1 < e && t[m] == '.' && Py_UNICODE_ISDECIMAL(t[m + 1])) {
                m += 2;
                while (m < e && Py_UNICODE_ISDECIMAL(t[m]))
                    m++;
            }
            if (m < e && t[m] == '%')
                m++;
            if (j > gap)
                TRY(emit(c, gap, j));
            TRY(emit(c, j, m));
            gap = j = m;
        }
        if (j > gap)
            TRY(emit(c, gap, j));
        i = j;
    }
    return 0;
}

/* core.cut._flush_singles: a run [s, e) of single-character route steps. */
static int flush_singles(Ctx *c, Py_ssize_t s, Py_ssize_t e)
{
    if (e - s == 1)
        return emit(c, s, e);
    if (dict_is_word(c->d, c->t + s, e - s))
        return emit_chars(c, s, e);
    Py_ssize_t run = s;
    for (Py_ssize_t i = s; i <= e; i++) {
        if (i < e && charmap_get(c->solo, c->t[i]) == NOT_FOUND)
            continue;
        if (i - run == 1)
            TRY(emit(c, run, i));
        else if (i > run)
            TRY(hmm_cut(c, run, i));
        if (i < e)
            TRY(emit(c, i, i + 1));
        run = i + 1;
    }
    return 0;
}

/* core.cut._cut_hmm and _cut_no_hmm: walk the route, buffering single-character steps —
 * for the HMM, or (no HMM) to glue single Latin letters and digits together. */
static int cut_route(Ctx *c, Py_ssize_t bs, Py_ssize_t be)
{
    best_route(c, bs, be);
    Py_ssize_t x = bs, buf = -1;
    while (x < be) {
        Py_ssize_t y = c->route[x] + 1;
        int single = y - x == 1 && (c->hmm || is_ascii_alnum(c->t[x]));
        if (single) {
            if (buf < 0)
                buf = x;
        } else {
            if (buf >= 0)
                TRY(c->hmm ? flush_singles(c, buf, x) : emit(c, buf, x));
            buf = -1;
            TRY(emit(c, x, y));
        }
        x = y;
    }
    if (buf >= 0)
        TRY(c->hmm ? flush_singles(c, buf, be) : emit(c, buf, be));
    return 0;
}

/* core.cut._cut_full: every dictionary word; lone Latin/digit words that touch are glued. */
static int cut_full(Ctx *c, Py_ssize_t bs, Py_ssize_t be)
{
    const Dict *d = c->d;
    const Py_UCS4 *t = c->t;
    Py_ssize_t old_j = -1, eng_s = -1, eng_e = -1;
    for (Py_ssize_t k = bs; k < be; k++) {
        Py_ssize_t nends = 0;
        uint32_t p = ROOT;
        for (Py_ssize_t i = k; i < be; i++) {
            p = dict_find(d, p, t[i]);
            if (p == NOT_FOUND)
                break;
            if (dict_logf(d, p) >= 0.0) {
                TRY(grow((void **)&c->ends, &c->capends, nends + 1, sizeof(Py_ssize_t)));
                c->ends[nends++] = i;
            }
        }
        if (nends == 0) {
            TRY(grow((void **)&c->ends, &c->capends, 1, sizeof(Py_ssize_t)));
            c->ends[nends++] = k;
        }
        if (eng_s >= 0 && !is_ascii_alnum(t[k])) {
            TRY(emit(c, eng_s, eng_e));
            eng_s = -1;
        }
        if (nends == 1 && k > old_j) {
            Py_ssize_t end = c->ends[0] + 1;
            if (is_ascii_alnum(t[k])) {
                if (eng_s >= 0 && eng_e != k) {
                    TRY(emit(c, eng_s, eng_e));
                    eng_s = -1;
                }
                if (eng_s < 0)
                    eng_s = k;
                eng_e = end;
            } else {
                TRY(emit(c, k, end));
            }
            old_j = c->ends[0];
        } else {
            for (Py_ssize_t m = 0; m < nends; m++) {
                if (c->ends[m] > k) {
                    TRY(emit(c, k, c->ends[m] + 1));
                    old_j = c->ends[m];
                }
            }
        }
    }
    if (eng_s >= 0)
        TRY(emit(c, eng_s, eng_e));
    return 0;
}

/* Between blocks, jieba's re_skip "(\r\n|\s)" (\s as Python's str.isspace): separators are
 * tokens; the rest is one token in full mode, one token per character otherwise. */
static int cut_gap(Ctx *c, Py_ssize_t s, Py_ssize_t e, int full)
{
    const Py_UCS4 *t = c->t;
    Py_ssize_t piece = s, i = s;
    while (i <= e) {
        Py_ssize_t sep = 0;
        if (i < e) {
            if (t[i] == '\r' && i + 1 < e && t[i + 1] == '\n')
                sep = 2;
            else if (Py_UNICODE_ISSPACE(t[i]))
                sep = 1;
            else {
                i++;
                continue;
            }
        }
        if (i > piece)
            TRY(full ? emit(c, piece, i) : emit_chars(c, piece, i));
        if (sep)
            TRY(emit(c, i, i + sep));
        i += sep ? sep : 1;
        piece = i;
    }
    return 0;
}

/* core.cut.search_spans: before each word longer than 2, its dictionary 2-grams, then (if
 * longer than 3) its 3-grams. Rewrites c->out. */
static int add_search_grams(Ctx *c)
{
    Py_ssize_t nwords = c->nout;
    Span *words = c->out;
    c->out = NULL;
    c->nout = c->capout = 0;
    int rc = 0;
    for (Py_ssize_t w = 0; w < nwords && rc == 0; w++) {
        Py_ssize_t s = words[w].s, e = words[w].e;
        for (int g = 2; g <= 3 && rc == 0; g++)
            if (e - s > g)
                for (Py_ssize_t i = s; i + g <= e && rc == 0; i++)
                    if (dict_is_word(c->d, c->t + i, g))
                        rc = emit(c, i, i + g);
        if (rc == 0)
            rc = emit(c, s, e);
    }
    PyMem_Free(words);
    return rc;
}

/* core.cut.cut_spans: the whole line. */
static int cut_text(Ctx *c, int mode)
{
    const Py_UCS4 *t = c->t;
    Py_ssize_t n = c->n, pos = 0;
    int full = mode == MODE_FULL;
    while (pos < n) {
        Py_ssize_t end = pos;
        int block = is_block_char(t[pos]);
        while (end < n && is_block_char(t[end]) == block)
            end++;
        if (!block)
            TRY(cut_gap(c, pos, end, full));
        else if (full)
            TRY(cut_full(c, pos, end));
        else
            TRY(cut_route(c, pos, end));
        pos = end;
    }
    return mode == MODE_SEARCH ? add_search_grams(c) : 0;
}

/* ---------------------------------------------------------------------------------------
 * 5. The Python type
 * ------------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    Dict dict;
    Hmm hmm;
    int has_hmm;
    CharMap solo;
    Py_buffer view; /* the blob the dict borrows, while it does */
    int has_view;
    PyObject **words; /* WORD_CACHE recent words by hash of their characters (NULL until used) */
    /* Scratch buffers kept between calls, so a line costs no allocation; `busy` while a
     * call holds them (a finaliser run by the list building could call back in). */
    Ctx scratch;
    int busy;
} Kernel;

/* Buffers bigger than this (items) are freed after the call rather than kept. */
#define KEEP_ITEMS (1 << 16)

/* A str as a fresh UCS4 buffer (PyMem); *n receives its length. */
static Py_UCS4 *as_ucs4(PyObject *text, Py_ssize_t *n)
{
    if (!PyUnicode_Check(text)) {
        PyErr_Format(PyExc_TypeError, "expected str, got %.100s", Py_TYPE(text)->tp_name);
        return NULL;
    }
    *n = PyUnicode_GET_LENGTH(text);
    Py_UCS4 *buf = PyMem_Malloc(((size_t)*n + 1) * sizeof(Py_UCS4));
    if (!buf)
        return (Py_UCS4 *)PyErr_NoMemory();
    if (!PyUnicode_AsUCS4(text, buf, *n + 1, 0)) {
        PyMem_Free(buf);
        return NULL;
    }
    return buf;
}

static int parse_mode(PyObject *mode)
{
    static const char *names[] = {"accurate", "full", "search"};
    if (PyUnicode_Check(mode))
        for (int i = 0; i < 3; i++)
            if (PyUnicode_CompareWithASCIIString(mode, names[i]) == 0)
                return i;
    PyErr_Format(PyExc_ValueError, "unknown mode %R; choose one of accurate, full, search", mode);
    return -1;
}

/* Run the pipeline; on success the spans are in ctx->out (caller frees with ctx_free). */
static int run_cut(Kernel *self, PyObject *text, PyObject *mode_obj, int use_hmm, Ctx *c)
{
    if (self->busy) {
        memset(c, 0, sizeof *c);
    } else {
        *c = self->scratch;
        memset(&self->scratch, 0, sizeof self->scratch);
        self->busy = 1;
        c->lent = 1;
    }
    c->nout = 0;
    int mode = parse_mode(mode_obj);
    if (mode < 0)
        return -1;
    if (use_hmm && mode != MODE_FULL && !self->has_hmm) {
        PyErr_SetString(PyExc_RuntimeError, "HMM parameters are not set (call set_hmm)");
        return -1;
    }
    if (self->dict.total <= 0 && (self->dict.nodes || self->dict.count)) {
        PyErr_SetString(PyExc_ValueError, "dictionary total frequency is 0");
        return -1;
    }
    c->d = &self->dict;
    c->hmm = use_hmm ? &self->hmm : NULL;
    c->solo = &self->solo;
    c->n = PyUnicode_GET_LENGTH(text);
    if (c->n + 1 > c->capn) {
        Py_ssize_t cap = c->n + 1 > 256 ? c->n + 1 : 256;
        PyMem_Free(c->t);
        PyMem_Free(c->score);
        PyMem_Free(c->route);
        c->t = PyMem_Malloc((size_t)cap * sizeof(Py_UCS4));
        c->score = PyMem_Malloc((size_t)cap * sizeof(double));
        c->route = PyMem_Malloc((size_t)cap * sizeof(Py_ssize_t));
        c->capn = cap;
        if (!c->t || !c->score || !c->route) {
            PyErr_NoMemory();
            return -1;
        }
    }
    if (!PyUnicode_AsUCS4(text, c->t, c->n + 1, 0))
        return -1;
    return cut_text(c, mode);
}

static void ctx_clear(Ctx *c)
{
    PyMem_Free(c->t);
    PyMem_Free(c->score);
    PyMem_Free(c->route);
    PyMem_Free(c->out);
    PyMem_Free(c->back);
    PyMem_Free(c->ends);
    memset(c, 0, sizeof *c);
}

/* End of a call: lent buffers go back to the kernel, unless they grew past KEEP_ITEMS for
 * one long line. */
static void ctx_free(Kernel *self, Ctx *c)
{
    if (!c->lent) {
        ctx_clear(c);
        return;
    }
    self->busy = 0;
    if (c->capn <= KEEP_ITEMS && c->capout <= KEEP_ITEMS && c->capback <= 4 * KEEP_ITEMS &&
        c->capends <= KEEP_ITEMS)
        self->scratch = *c;
    else
        ctx_clear(c);
}

/* cut and spans differ only in what each list item is built from a span. */
typedef PyObject *(*ItemFn)(Kernel *self, const Ctx *c, Span sp);

#define WORD_CACHE_BITS 14
#define WORD_CACHE (1 << WORD_CACHE_BITS)
#define WORD_CACHE_LEN 8 /* longer words are rare enough to build each time */

static PyObject *new_str(const Py_UCS4 *t, Py_ssize_t n, Py_UCS4 bits)
{
    /* OR-ing bounds the widest character by the next power of two, and the str kinds
     * (ASCII, Latin-1, UCS2, UCS4) switch exactly at powers of two. */
    PyObject *u = PyUnicode_New(n, bits > 0x10FFFF ? 0x10FFFF : bits);
    if (!u)
        return NULL;
    void *data = PyUnicode_DATA(u);
    switch (PyUnicode_KIND(u)) {
    case PyUnicode_1BYTE_KIND:
        for (Py_ssize_t i = 0; i < n; i++)
            ((Py_UCS1 *)data)[i] = (Py_UCS1)t[i];
        break;
    case PyUnicode_2BYTE_KIND:
        for (Py_ssize_t i = 0; i < n; i++)
            ((Py_UCS2 *)data)[i] = (Py_UCS2)t[i];
        break;
    default:
        memcpy(data, t, (size_t)n * sizeof(Py_UCS4));
    }
    return u;
}

static int same_chars(PyObject *u, const Py_UCS4 *t, Py_ssize_t n)
{
    if (PyUnicode_GET_LENGTH(u) != n)
        return 0;
    const void *data = PyUnicode_DATA(u);
    switch (PyUnicode_KIND(u)) {
    case PyUnicode_1BYTE_KIND:
        for (Py_ssize_t i = 0; i < n; i++)
            if (((const Py_UCS1 *)data)[i] != t[i])
                return 0;
        return 1;
    case PyUnicode_2BYTE_KIND:
        for (Py_ssize_t i = 0; i < n; i++)
            if (((const Py_UCS2 *)data)[i] != t[i])
                return 0;
        return 1;
    default:
        return memcmp(data, t, (size_t)n * sizeof(Py_UCS4)) == 0;
    }
}

/* The word t[s:e] as a str. PyUnicode_Substring would cost as much as the whole cut (a scan
 * of the source for its widest character, a generic constructor, and a free per word later),
 * so short words come from a direct-mapped cache of recent ones: in running text most words
 * repeat within a few thousand, and a hit is a hash and a compare. strs are immutable, so
 * sharing them is invisible, as CPython's own sharing of one-character Latin-1 strs is. */
static PyObject *word_str(Kernel *self, const Py_UCS4 *t, Py_ssize_t s, Py_ssize_t e)
{
    Py_ssize_t n = e - s;
    Py_UCS4 bits = 0;
    uint32_t h = 0x811C9DC5u; /* FNV-1a over code points; the top bits pick the slot */
    for (Py_ssize_t i = s; i < e; i++) {
        bits |= t[i];
        h = (h ^ t[i]) * 0x01000193u;
    }
    if (n > WORD_CACHE_LEN)
        return new_str(t + s, n, bits);
    if (!self->words && !(self->words = PyMem_Calloc(WORD_CACHE, sizeof(PyObject *))))
        return PyErr_NoMemory();
    PyObject **slot = &self->words[(h * 0x9E3779B1u) >> (32 - WORD_CACHE_BITS)];
    if (*slot && same_chars(*slot, t + s, n))
        return Py_NewRef(*slot);
    PyObject *u = new_str(t + s, n, bits);
    if (u)
        Py_XSETREF(*slot, Py_NewRef(u));
    return u;
}

static PyObject *word_item(Kernel *self, const Ctx *c, Span sp)
{
    return word_str(self, c->t, sp.s, sp.e);
}

static PyObject *span_item(Kernel *self, const Ctx *c, Span sp)
{
    (void)self;
    (void)c;
    return Py_BuildValue("(nn)", sp.s, sp.e);
}

/* ---------------------------------------------------------------------------------------
 * 5a. Token: what Segmenter.tokenize returns, built here so a token costs one allocation
 * and no Python-level call. It behaves as the frozen dataclass it replaces: fields text,
 * start, end (read-only), keyword or positional construction, equality and hash over the
 * field tuple, the dataclass repr, and pickling by value.
 * ------------------------------------------------------------------------------------- */

typedef struct {
    PyObject_HEAD
    PyObject *text;
    Py_ssize_t start, end;
} Token;

static PyTypeObject TokenType;

static PyObject *token_make(PyObject *text, Py_ssize_t start, Py_ssize_t end)
{
    Token *tok = PyObject_New(Token, &TokenType);
    if (!tok) {
        Py_DECREF(text);
        return NULL;
    }
    tok->text = text; /* steals the reference */
    tok->start = start;
    tok->end = end;
    return (PyObject *)tok;
}

static PyObject *Token_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"text", "start", "end", NULL};
    PyObject *text;
    Py_ssize_t start, end;
    (void)type;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "Unn:Token", kwlist, &text, &start, &end))
        return NULL;
    return token_make(Py_NewRef(text), start, end);
}

static void Token_dealloc(Token *self)
{
    Py_DECREF(self->text);
    PyObject_Free(self);
}

static PyObject *Token_repr(Token *self)
{
    return PyUnicode_FromFormat("Token(text=%R, start=%zd, end=%zd)", self->text, self->start,
                                self->end);
}

static PyObject *Token_fields(Token *self)
{
    return Py_BuildValue("(Onn)", self->text, self->start, self->end);
}

static Py_hash_t Token_hash(Token *self)
{
    /* hash((text, start, end)), as the frozen dataclass computes it */
    PyObject *t = Token_fields(self);
    if (!t)
        return -1;
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

static PyObject *Token_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_TypeCheck(b, &TokenType) || Py_TYPE(a) != Py_TYPE(b) ||
        (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    Token *x = (Token *)a, *y = (Token *)b;
    int eq = x->start == y->start && x->end == y->end;
    if (eq) {
        eq = PyUnicode_Compare(x->text, y->text) == 0;
        if (PyErr_Occurred())
            return NULL;
    }
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static PyObject *Token_reduce(Token *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *fields = Token_fields(self);
    return fields ? Py_BuildValue("(ON)", (PyObject *)Py_TYPE(self), fields) : NULL;
}

static PyMemberDef Token_members[] = {
    {"text", T_OBJECT_EX, offsetof(Token, text), READONLY, "The word."},
    {"start", T_PYSSIZET, offsetof(Token, start), READONLY, "Offset of its first character."},
    {"end", T_PYSSIZET, offsetof(Token, end), READONLY, "Offset after its last character."},
    {NULL, 0, 0, 0, NULL},
};

static PyMethodDef Token_methods[] = {
    {"__reduce__", (PyCFunction)Token_reduce, METH_NOARGS, "Pickle by value."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TokenType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "nlptk.segment.Token",
    .tp_doc = "Token(text, start, end): a word and its character offsets in the input (end "
              "exclusive).",
    .tp_basicsize = sizeof(Token),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = Token_new,
    .tp_dealloc = (destructor)Token_dealloc,
    .tp_repr = (reprfunc)Token_repr,
    .tp_hash = (hashfunc)Token_hash,
    .tp_richcompare = Token_richcompare,
    .tp_members = Token_members,
    .tp_methods = Token_methods,
};

static PyObject *token_item(Kernel *self, const Ctx *c, Span sp)
{
    PyObject *word = word_str(self, c->t, sp.s, sp.e);
    return word ? token_make(word, sp.s, sp.e) : NULL;
}

static PyObject *cut_to_list(Kernel *self, PyObject *args, ItemFn item)
{
    PyObject *text, *mode;
    int hmm;
    if (!PyArg_ParseTuple(args, "UOp", &text, &mode, &hmm))
        return NULL;
    Ctx c;
    PyObject *list = NULL;
    if (run_cut(self, text, mode, hmm, &c) == 0) {
        list = PyList_New(c.nout);
        for (Py_ssize_t i = 0; list && i < c.nout; i++) {
            PyObject *obj = item(self, &c, c.out[i]);
            if (!obj)
                Py_CLEAR(list);
            else
                PyList_SET_ITEM(list, i, obj);
        }
    }
    ctx_free(self, &c);
    return list;
}

static PyObject *Kernel_cut(Kernel *self, PyObject *args)
{
    return cut_to_list(self, args, word_item);
}

static PyObject *Kernel_spans(Kernel *self, PyObject *args)
{
    return cut_to_list(self, args, span_item);
}

static PyObject *Kernel_tokens(Kernel *self, PyObject *args)
{
    return cut_to_list(self, args, token_item);
}

static int is_space_span(const Py_UCS4 *t, Span sp)
{
    for (Py_ssize_t i = sp.s; i < sp.e; i++)
        if (!Py_UNICODE_ISSPACE(t[i]))
            return 0;
    return 1;
}

/* The text output format built in one piece: no str object per word, no list. */
static PyObject *Kernel_join(Kernel *self, PyObject *args)
{
    PyObject *text, *mode, *delim;
    int hmm;
    if (!PyArg_ParseTuple(args, "UOpU", &text, &mode, &hmm, &delim))
        return NULL;
    Ctx c;
    PyObject *out = NULL;
    if (run_cut(self, text, mode, hmm, &c) < 0)
        goto done;
    Py_ssize_t nd = PyUnicode_GET_LENGTH(delim), len = 0, kept = 0;
    /* A str must have the narrowest kind that holds its largest character, so that largest
     * character is found first, over the words actually kept. */
    Py_UCS4 maxchar = 0;
    for (Py_ssize_t w = 0; w < c.nout; w++) {
        if (is_space_span(c.t, c.out[w]))
            continue;
        for (Py_ssize_t i = c.out[w].s; i < c.out[w].e; i++)
            maxchar = c.t[i] > maxchar ? c.t[i] : maxchar;
        len += c.out[w].e - c.out[w].s;
        kept++;
    }
    if (kept > 1 && nd > (PY_SSIZE_T_MAX - len) / (kept - 1)) {
        PyErr_NoMemory();
        goto done;
    }
    if (kept > 1 && nd) { /* the delimiter counts only where it is written */
        len += nd * (kept - 1);
        for (Py_ssize_t i = 0; i < nd; i++)
            maxchar = PyUnicode_READ_CHAR(delim, i) > maxchar ? PyUnicode_READ_CHAR(delim, i)
                                                               : maxchar;
    }
    out = PyUnicode_New(len, maxchar);
    if (!out)
        goto done;
    int kind = PyUnicode_KIND(out), dkind = PyUnicode_KIND(delim);
    void *data = PyUnicode_DATA(out);
    const void *ddata = PyUnicode_DATA(delim);
    Py_ssize_t pos = 0;
    for (Py_ssize_t w = 0, first = 1; w < c.nout; w++) {
        if (is_space_span(c.t, c.out[w]))
            continue;
        if (!first)
            for (Py_ssize_t i = 0; i < nd; i++)
                PyUnicode_WRITE(kind, data, pos++, PyUnicode_READ(dkind, ddata, i));
        first = 0;
        for (Py_ssize_t i = c.out[w].s; i < c.out[w].e; i++)
            PyUnicode_WRITE(kind, data, pos++, c.t[i]);
    }
done:
    ctx_free(self, &c);
    return out;
}

static PyObject *Kernel_get(Kernel *self, PyObject *word)
{
    Py_ssize_t n;
    Py_UCS4 *t = as_ucs4(word, &n);
    if (!t)
        return NULL;
    uint32_t i = dict_lookup(&self->dict, t, n);
    PyMem_Free(t);
    if (i == NOT_FOUND)
        Py_RETURN_NONE;
    return PyLong_FromLongLong(dict_freq(&self->dict, i));
}

static PyObject *Kernel_add(Kernel *self, PyObject *args)
{
    PyObject *word;
    long long f;
    int force_split = -1;
    if (!PyArg_ParseTuple(args, "UL|p", &word, &f, &force_split))
        return NULL;
    if (PyUnicode_GET_LENGTH(word) == 0) {
        PyErr_SetString(PyExc_ValueError, "cannot add an empty word");
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(word) > MAX_WORD)
        Py_RETURN_NONE; /* not held, as PrefixDict.add: the callers that read files warn */
    Py_ssize_t n;
    Py_UCS4 *t = as_ucs4(word, &n);
    if (!t)
        return NULL;
    /* By default frequency 0 is jieba's add_word(w, 0) / del_word: the HMM must then split
     * the word too (finalseg's Force_Split_Words, never emptied). A main dictionary line
     * with frequency 0 is not such an edit, hence the explicit flag. */
    int rc = dict_add(&self->dict, t, n, f, force_split < 0 ? f == 0 : force_split);
    PyMem_Free(t);
    if (rc < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* mapping[key] as a double, MIN_FLOAT when the key is absent. */
static int get_logp(PyObject *mapping, const char *key, double *out)
{
    PyObject *v = PyMapping_GetItemString(mapping, key);
    if (!v) {
        if (!PyErr_ExceptionMatches(PyExc_KeyError))
            return -1;
        PyErr_Clear();
        *out = MIN_FLOAT;
        return 0;
    }
    *out = PyFloat_AsDouble(v);
    Py_DECREF(v);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *Kernel_set_hmm(Kernel *self, PyObject *args)
{
    PyObject *start, *trans, *emit_maps;
    if (!PyArg_ParseTuple(args, "OOO", &start, &trans, &emit_maps))
        return NULL;
    Hmm h = {0};
    PyObject *items[NSTATES] = {NULL};
    const char keys[NSTATES][2] = {"B", "M", "E", "S"};
    Py_ssize_t total = 0;
    for (int y = 0; y < NSTATES; y++) {
        if (get_logp(start, keys[y], &h.start[y]) < 0)
            goto fail;
        PyObject *row = PyMapping_GetItemString(trans, keys[y]);
        if (!row && PyErr_ExceptionMatches(PyExc_KeyError)) {
            PyErr_Clear();
            for (int z = 0; z < NSTATES; z++)
                h.trans[y][z] = MIN_FLOAT;
        } else if (!row) {
            goto fail;
        } else {
            for (int z = 0; z < NSTATES; z++)
                if (get_logp(row, keys[z], &h.trans[y][z]) < 0) {
                    Py_DECREF(row);
                    goto fail;
                }
            Py_DECREF(row);
        }
        PyObject *em = PyMapping_GetItemString(emit_maps, keys[y]);
        if (!em)
            goto fail;
        items[y] = PyMapping_Items(em);
        Py_DECREF(em);
        if (!items[y])
            goto fail;
        total += PyList_GET_SIZE(items[y]);
    }
    if (charmap_init(&h.emit_row, total) < 0)
        goto fail;
    h.emit = PyMem_Malloc(((size_t)total + 1) * sizeof *h.emit);
    if (!h.emit) {
        PyErr_NoMemory();
        goto fail;
    }
    uint32_t rows = 0;
    for (int y = 0; y < NSTATES; y++) {
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items[y]); i++) {
            PyObject *kv = PyList_GET_ITEM(items[y], i);
            PyObject *ch = PyTuple_GET_ITEM(kv, 0);
            if (!PyUnicode_Check(ch) || PyUnicode_GET_LENGTH(ch) != 1) {
                PyErr_Format(PyExc_ValueError, "emission keys must be single characters, got %R",
                             ch);
                goto fail;
            }
            double p = PyFloat_AsDouble(PyTuple_GET_ITEM(kv, 1));
            if (p == -1.0 && PyErr_Occurred())
                goto fail;
            uint32_t r = charmap_put(&h.emit_row, PyUnicode_READ_CHAR(ch, 0), rows);
            if (r == rows) {
                for (int z = 0; z < NSTATES; z++)
                    h.emit[r][z] = MIN_FLOAT;
                rows++;
            }
            h.emit[r][y] = p;
        }
    }
    for (int y = 0; y < NSTATES; y++)
        Py_DECREF(items[y]);
    h.nrows = rows;
    charmap_free(&self->hmm.emit_row);
    PyMem_Free(self->hmm.emit);
    self->hmm = h;
    self->has_hmm = 1;
    Py_RETURN_NONE;
fail:
    for (int y = 0; y < NSTATES; y++)
        Py_XDECREF(items[y]);
    charmap_free(&h.emit_row);
    PyMem_Free(h.emit);
    return NULL;
}

static PyObject *Kernel_set_solo(Kernel *self, PyObject *chars)
{
    PyObject *seq = PySequence_Fast(chars, "solo characters must be an iterable of str");
    if (!seq)
        return NULL;
    CharMap m = {0};
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    if (n && charmap_init(&m, n) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *ch = PySequence_Fast_GET_ITEM(seq, i);
        if (!PyUnicode_Check(ch) || PyUnicode_GET_LENGTH(ch) != 1) {
            PyErr_Format(PyExc_ValueError, "solo characters must be single characters, got %R",
                         ch);
            goto fail;
        }
        charmap_put(&m, PyUnicode_READ_CHAR(ch, 0), 0);
    }
    Py_DECREF(seq);
    charmap_free(&self->solo);
    self->solo = m;
    Py_RETURN_NONE;
fail:
    Py_DECREF(seq);
    charmap_free(&m);
    return NULL;
}

/* The packed HMM: a header, then start, trans, the emission map and its rows as in memory.
 * Loading it is a few copies, where set_hmm needs the tables as Python dicts (tens of
 * thousands of float and str objects, parsed and then held for nothing). */
typedef struct {
    char magic[8];
    uint32_t version, cap, nrows, pad;
} HmmHeader;

static const char HMM_MAGIC[8] = "NLPTKH\r\n";

static PyObject *Kernel_hmm_to_bytes(Kernel *self, PyObject *Py_UNUSED(ignored))
{
    if (!self->has_hmm) {
        PyErr_SetString(PyExc_RuntimeError, "HMM parameters are not set (call set_hmm)");
        return NULL;
    }
    const Hmm *h = &self->hmm;
    size_t cap = h->emit_row.key ? (size_t)h->emit_row.mask + 1 : 0;
    HmmHeader hd = {{0}, FORMAT_VERSION, (uint32_t)cap, h->nrows, 0};
    memcpy(hd.magic, HMM_MAGIC, sizeof HMM_MAGIC);
    size_t tables = sizeof h->start + sizeof h->trans;
    size_t size = sizeof hd + tables + cap * 2 * sizeof(uint32_t) + h->nrows * sizeof *h->emit;
    PyObject *blob = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)size);
    if (!blob)
        return NULL;
    char *p = PyBytes_AS_STRING(blob);
    memcpy(p, &hd, sizeof hd);
    p += sizeof hd;
    memcpy(p, h->start, sizeof h->start);
    memcpy(p + sizeof h->start, h->trans, sizeof h->trans);
    p += tables;
    if (cap) {
        memcpy(p, h->emit_row.key, cap * sizeof(uint32_t));
        memcpy(p + cap * sizeof(uint32_t), h->emit_row.row, cap * sizeof(uint32_t));
    }
    p += cap * 2 * sizeof(uint32_t);
    if (h->nrows)
        memcpy(p, h->emit, h->nrows * sizeof *h->emit);
    return blob;
}

static PyObject *Kernel_set_hmm_bytes(Kernel *self, PyObject *arg)
{
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return NULL;
    Hmm h = {0};
    HmmHeader hd;
    size_t tables = sizeof h.start + sizeof h.trans;
    int ok = (size_t)view.len >= sizeof hd;
    if (ok) {
        memcpy(&hd, view.buf, sizeof hd);
        size_t cap = hd.cap;
        ok = memcmp(hd.magic, HMM_MAGIC, sizeof HMM_MAGIC) == 0 &&
             hd.version == FORMAT_VERSION && cap >= 8 && (cap & (cap - 1)) == 0 &&
             hd.nrows <= cap / 2 &&
             (size_t)view.len ==
                 sizeof hd + tables + cap * 2 * sizeof(uint32_t) + hd.nrows * sizeof *h.emit;
    }
    const char *p = (const char *)view.buf + sizeof hd;
    if (ok) {
        memcpy(h.start, p, sizeof h.start);
        memcpy(h.trans, p + sizeof h.start, sizeof h.trans);
        p += tables;
        h.emit_row.key = PyMem_Malloc(hd.cap * sizeof(uint32_t));
        h.emit_row.row = PyMem_Malloc(hd.cap * sizeof(uint32_t));
        h.emit = PyMem_Malloc(((size_t)hd.nrows + 1) * sizeof *h.emit);
        if (!h.emit_row.key || !h.emit_row.row || !h.emit) {
            PyErr_NoMemory();
            goto fail;
        }
        memcpy(h.emit_row.key, p, hd.cap * sizeof(uint32_t));
        memcpy(h.emit_row.row, p + hd.cap * sizeof(uint32_t), hd.cap * sizeof(uint32_t));
        memcpy(h.emit, p + hd.cap * 2 * sizeof(uint32_t), hd.nrows * sizeof *h.emit);
        h.emit_row.mask = hd.cap - 1;
        h.nrows = hd.nrows;
        /* a row index past the rows, or a map without a free slot, would read wild memory
         * or probe forever */
        uint32_t free_slots = 0;
        for (uint32_t i = 0; i < hd.cap; i++) {
            free_slots += h.emit_row.key[i] == EMPTY;
            ok &= h.emit_row.key[i] == EMPTY || h.emit_row.row[i] < hd.nrows;
        }
        ok &= free_slots > 0;
    }
    if (!ok) {
        PyErr_SetString(PyExc_ValueError, "not a packed HMM of this nlptk version");
        goto fail;
    }
    PyBuffer_Release(&view);
    charmap_free(&self->hmm.emit_row);
    PyMem_Free(self->hmm.emit);
    self->hmm = h;
    self->has_hmm = 1;
    Py_RETURN_NONE;
fail:
    PyBuffer_Release(&view);
    charmap_free(&h.emit_row);
    PyMem_Free(h.emit);
    return NULL;
}

/* The cache blob: a header, then the record array exactly as in memory (records,
 * frequencies, the character of each code, split marks), so a mapped entry is used in place. The header
 * pins the format and the struct layout. */
typedef struct {
    char magic[8];
    uint32_t version, rec_size;
    uint32_t nrecs, nodes;
    uint32_t ncodes, reserved;
    int64_t total;
} BlobHeader;

static const char MAGIC[8] = "NLPTKD\r\n";

static uint64_t blob_size(uint64_t nrecs, uint64_t ncodes)
{
    return sizeof(BlobHeader) + nrecs * (sizeof(Rec) + sizeof(int64_t) + 1) +
           (ncodes + 1) * sizeof(uint32_t);
}

/* The parts of a blob after the header: records, freq, chars, split. */
static void blob_parts(char *p, uint32_t nrecs, uint32_t ncodes, Dict *d)
{
    d->rec = (Rec *)p;
    d->freq = (int64_t *)(p + (size_t)nrecs * sizeof(Rec));
    d->chars = (uint32_t *)((char *)d->freq + (size_t)nrecs * sizeof(int64_t));
    d->split = (uint8_t *)(d->chars + (size_t)ncodes + 1);
}

/* The whole dictionary, overlay included, laid out afresh (dict_compile) and serialised;
 * None when it does not fit the record layout. */
static PyObject *Kernel_to_bytes(Kernel *self, PyObject *Py_UNUSED(ignored))
{
    Dict c;
    int rc = dict_compile(&self->dict, &c);
    if (rc == -2)
        Py_RETURN_NONE;
    if (rc < 0)
        return NULL;
    BlobHeader hd = {{0}, FORMAT_VERSION, sizeof(Rec), c.nrecs, c.nodes, c.ncodes, 0, c.total};
    memcpy(hd.magic, MAGIC, sizeof MAGIC);
    PyObject *blob = PyBytes_FromStringAndSize(NULL, (Py_ssize_t)blob_size(c.nrecs, c.ncodes));
    if (blob) {
        char *p = PyBytes_AS_STRING(blob);
        Dict out;
        memcpy(p, &hd, sizeof hd);
        blob_parts(p + sizeof hd, c.nrecs, c.ncodes, &out);
        memcpy(out.rec, c.rec, (size_t)c.nrecs * sizeof(Rec));
        memcpy(out.freq, c.freq, (size_t)c.nrecs * sizeof(int64_t));
        memcpy(out.chars, c.chars, ((size_t)c.ncodes + 1) * sizeof(uint32_t));
        memcpy(out.split, c.split, c.nrecs);
    }
    dict_free(&c);
    return blob;
}

/* Point an empty dict at a blob, checking what a damaged file could break: the header, the
 * code table, and that every record's children lie inside the array (the walk then reads
 * nothing else); parent links are checked when the array is next compiled. A writable buffer (the
 * cache entry mapped copy-on-write) is used in place, so loading copies nothing and pages
 * are read on demand; a read-only one (bytes) is copied. */
static int dict_from_blob(Dict *d, Py_buffer *view, int in_place)
{
    BlobHeader hd;
    int ok = (size_t)view->len >= sizeof hd;
    if (ok) {
        memcpy(&hd, view->buf, sizeof hd);
        ok = memcmp(hd.magic, MAGIC, sizeof MAGIC) == 0 && hd.version == FORMAT_VERSION &&
             hd.rec_size == sizeof(Rec) && hd.nrecs > hd.ncodes && hd.nrecs <= MAX_RECS &&
             hd.nodes < hd.nrecs && hd.ncodes <= MAX_CODES && hd.total >= 0 &&
             (uint64_t)view->len == blob_size(hd.nrecs, hd.ncodes);
    }
    if (!ok)
        goto bad;
    char *p = (char *)view->buf + sizeof hd;
    if (in_place) {
        memset(d, 0, sizeof *d);
        blob_parts(p, hd.nrecs, hd.ncodes, d);
        d->nrecs = hd.nrecs;
        d->ncodes = hd.ncodes;
        d->borrowed = 1;
        d->code = PyMem_Calloc(CODE_SPAN, sizeof(uint16_t));
        if (!d->code) {
            PyErr_NoMemory();
            return -1;
        }
        if (overlay_alloc(d, 8) < 0) {
            dict_free(d);
            return -1;
        }
    } else {
        if (dict_alloc(d, hd.nrecs, hd.ncodes) < 0)
            return -1;
        Dict src;
        blob_parts(p, hd.nrecs, hd.ncodes, &src);
        memcpy(d->rec, src.rec, (size_t)hd.nrecs * sizeof(Rec));
        memcpy(d->freq, src.freq, (size_t)hd.nrecs * sizeof(int64_t));
        memcpy(d->chars, src.chars, ((size_t)hd.ncodes + 1) * sizeof(uint32_t));
        memcpy(d->split, src.split, hd.nrecs);
    }
    int rc = dict_index_codes(d);
    if (rc == -2) {
        dict_free(d);
        return -1;
    }
    uint32_t count = 0, inside = 1;
    for (uint32_t i = 0; i < hd.nrecs; i++) {
        const Rec *r = &d->rec[i];
        count += i && r->code;
        uint32_t span = r->kids <= SCAN ? r->kids : r->kids + 1u;
        inside &= (uint64_t)r->first + span <= hd.nrecs && r->code <= hd.ncodes;
    }
    if (rc < 0 || count != hd.nodes || !inside) {
        dict_free(d);
        goto bad;
    }
    d->nodes = count;
    d->total = hd.total;
    d->logtotal = log((double)hd.total);
    return 0;
bad:
    PyErr_SetString(PyExc_ValueError, "not a dictionary blob of this nlptk version");
    return -1;
}

static int Kernel_init(Kernel *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"blob", NULL};
    PyObject *blob = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O", kwlist, &blob))
        return -1;
    Dict fresh = {0};
    Py_buffer view = {0};
    int in_place = 0;
    if (blob == Py_None) {
        if (dict_alloc(&fresh, 1, 0) < 0)
            return -1;
    } else {
        if (PyObject_GetBuffer(blob, &view, PyBUF_WRITABLE) == 0) {
            in_place = ((uintptr_t)view.buf % sizeof(double)) == 0;
        } else {
            PyErr_Clear();
            if (PyObject_GetBuffer(blob, &view, PyBUF_SIMPLE) < 0)
                return -1;
        }
        int rc = dict_from_blob(&fresh, &view, in_place);
        if (rc < 0 || !in_place)
            PyBuffer_Release(&view);
        if (rc < 0)
            return -1;
    }
    dict_free(&self->dict);
    if (self->has_view)
        PyBuffer_Release(&self->view);
    self->dict = fresh;
    self->view = view;
    self->has_view = in_place;
    return 0;
}

static void Kernel_dealloc(Kernel *self)
{
    dict_free(&self->dict);
    if (self->has_view)
        PyBuffer_Release(&self->view);
    charmap_free(&self->hmm.emit_row);
    PyMem_Free(self->hmm.emit);
    charmap_free(&self->solo);
    ctx_clear(&self->scratch);
    if (self->words) {
        for (Py_ssize_t i = 0; i < WORD_CACHE; i++)
            Py_XDECREF(self->words[i]);
        PyMem_Free(self->words);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *Kernel_get_total(Kernel *self, void *Py_UNUSED(closure))
{
    return PyLong_FromLongLong(self->dict.total);
}

static PyObject *Kernel_get_size(Kernel *self, void *Py_UNUSED(closure))
{
    return PyLong_FromUnsignedLong(self->dict.nodes + self->dict.count);
}

static PyMethodDef Kernel_methods[] = {
    {"cut", (PyCFunction)Kernel_cut, METH_VARARGS,
     "cut(text, mode, hmm) -> list[str]: the words of text."},
    {"tokens", (PyCFunction)Kernel_tokens, METH_VARARGS,
     "tokens(text, mode, hmm) -> list[Token]: each word with its offsets."},
    {"spans", (PyCFunction)Kernel_spans, METH_VARARGS,
     "spans(text, mode, hmm) -> list[tuple[int, int]]: (start, end) of each word."},
    {"join", (PyCFunction)Kernel_join, METH_VARARGS,
     "join(text, mode, hmm, delimiter) -> str: the words joined by delimiter, whitespace\n"
     "tokens left out (the text output format)."},
    {"get", (PyCFunction)Kernel_get, METH_O,
     "get(word) -> int | None: frequency; 0 for a bare prefix, None when absent."},
    {"add", (PyCFunction)Kernel_add, METH_VARARGS,
     "add(word, freq, force_split=freq == 0): set a frequency and register the prefixes;\n"
     "force_split makes the HMM split the word, as after jieba's del_word."},
    {"set_hmm", (PyCFunction)Kernel_set_hmm, METH_VARARGS,
     "set_hmm(start, trans, emit): BMES log-probabilities (HMMParams mappings)."},
    {"hmm_to_bytes", (PyCFunction)Kernel_hmm_to_bytes, METH_NOARGS,
     "hmm_to_bytes() -> bytes: the HMM packed, for set_hmm_bytes."},
    {"set_hmm_bytes", (PyCFunction)Kernel_set_hmm_bytes, METH_O,
     "set_hmm_bytes(buffer): the HMM from hmm_to_bytes(), without Python dicts."},
    {"set_solo", (PyCFunction)Kernel_set_solo, METH_O,
     "set_solo(chars): characters the HMM must leave single."},
    {"to_bytes", (PyCFunction)Kernel_to_bytes, METH_NOARGS,
     "to_bytes() -> bytes | None: the dictionary, for Kernel(blob); None when it has more than\n"
     "65,535 distinct characters, or more than 32,768 distinct characters after one prefix\n"
     "(the record layout's 16-bit fields): such a kernel still cuts, from its edit overlay."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Kernel_getset[] = {
    {"total", (getter)Kernel_get_total, NULL, "Sum of all frequencies.", NULL},
    {"size", (getter)Kernel_get_size, NULL, "Number of entries (words and prefixes).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject KernelType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "nlptk.segment._c._kernel.Kernel",
    .tp_doc = "Kernel(blob=None): prefix dictionary, HMM and the compiled cut pipeline.",
    .tp_basicsize = sizeof(Kernel),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Kernel_init,
    .tp_dealloc = (destructor)Kernel_dealloc,
    .tp_methods = Kernel_methods,
    .tp_getset = Kernel_getset,
};

static struct PyModuleDef kernel_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "nlptk.segment._c._kernel",
    .m_doc = "Compiled segmentation pipeline; nlptk.core holds the Python reference.",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__kernel(void)
{
    if (PyType_Ready(&KernelType) < 0 || PyType_Ready(&TokenType) < 0)
        return NULL;
    /* as the dataclass has it, for `case Token(text, start, end):` */
    PyObject *match_args = Py_BuildValue("(sss)", "text", "start", "end");
    if (!match_args || PyDict_SetItemString(TokenType.tp_dict, "__match_args__", match_args) < 0) {
        Py_XDECREF(match_args);
        return NULL;
    }
    Py_DECREF(match_args);
    PyType_Modified(&TokenType);
    PyObject *m = PyModule_Create(&kernel_module);
    if (!m)
        return NULL;
    if (PyModule_AddIntConstant(m, "FORMAT_VERSION", FORMAT_VERSION) < 0 ||
        PyModule_AddIntConstant(m, "MAX_WORD", MAX_WORD) < 0 ||
        PyModule_AddObjectRef(m, "Kernel", (PyObject *)&KernelType) < 0 ||
        PyModule_AddObjectRef(m, "Token", (PyObject *)&TokenType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
