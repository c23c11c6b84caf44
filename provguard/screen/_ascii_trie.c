/* The ASCII automaton (matcher.ascii_automaton) as flat arrays: built once, stored in the cache as raw
 * bytes, walked in C.
 *
 * Why: with 88k names the ASCII keys make ~476k trie nodes. pyahocorasick keeps each node and its edge
 * list in its own allocation (36 MB) and looks an edge up by a linear scan, so its walk was ~4.5 us of
 * a 30 us screen at the I2P median, mostly cache misses, and opening the cache unpickled every node.
 * Here the nodes are numbered breadth first (the shallow nodes a prompt keeps visiting sit together),
 * 16 bytes each, with the root's edges in a 128-entry table and every other node's edges sorted by
 * character. iter(text) reports what pyahocorasick's Automaton.iter(text) reports for the same keys,
 * in the same order: by end position, the longest key first at one end (its suffix links); tests hold
 * the two equal on every labelled and public prompt.
 *
 * build(items) -> bytes     items: (key, (length, code)) pairs, each key ASCII with length == len(key)
 * Trie(blob)                a copy of build's bytes (the cache hands a view of its mapping)
 * Trie.iter(text) -> list   [(end, (length, code)), ...]; characters past ASCII match no key
 * Trie.blob() -> bytes      the bytes it was made from (to store it again)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define MAGIC 0x31544750u /* "PGT1" */

/* A node is a record of 32-bit words in one array, its edges inline, so a step reads one place:
 *   [fail] [out] [term] [n | depth << 8] [n characters, four to a word] [n children]
 * fail, out and the children are the records' offsets in that array (the root's is 0); out is the
 * nearest node on the suffix chain (fail, fail of fail …) that ends a key, 0 for none; term is 1 + the
 * index of the key the node ends, 0 for none; the characters are sorted. */
#define REC_HEAD 4

static inline uint32_t rec_words(uint32_t n) { return REC_HEAD + (n + 3) / 4 + n; }

typedef struct {
    uint32_t magic, n_nodes, n_words, n_terms;
} Head;

/* the blob: Head, uint32 root[128] (the root's child per character, 0: none), uint32 rec[n_words],
 * int64 code[n_terms], uint32 length[n_terms] */
static Py_ssize_t blob_size(const Head *h) {
    return (Py_ssize_t)sizeof(Head) + 4 * 128 + 4 * (Py_ssize_t)h->n_words + 12 * (Py_ssize_t)h->n_terms;
}

/* ------------------------------------------------------------------ build */

typedef struct {
    uint32_t *first, *next, *fail, *out, *term, *order, *newid, *depth, *lay, *stack;
    unsigned char *chr;
    int64_t *codes;
    uint32_t *lengths;
    uint32_t n, cap, n_terms, term_cap;
} Build;

static void build_free(Build *b) {
    PyMem_Free(b->first);
    PyMem_Free(b->next);
    PyMem_Free(b->fail);
    PyMem_Free(b->out);
    PyMem_Free(b->term);
    PyMem_Free(b->order);
    PyMem_Free(b->newid);
    PyMem_Free(b->depth);
    PyMem_Free(b->lay);
    PyMem_Free(b->stack);
    PyMem_Free(b->chr);
    PyMem_Free(b->codes);
    PyMem_Free(b->lengths);
}

static int grow(void **p, size_t count, size_t size) {
    void *q = PyMem_Realloc(*p, count * size);
    if (q == NULL)
        return -1;
    *p = q;
    return 0;
}

static int new_node(Build *b, uint32_t *id) {
    if (b->n == b->cap) {
        uint32_t cap = b->cap ? b->cap * 2 : 1024;
        if (cap < b->cap || grow((void **)&b->first, cap, 4) || grow((void **)&b->next, cap, 4) ||
            grow((void **)&b->term, cap, 4) || grow((void **)&b->chr, cap, 1))
            return -1;
        b->cap = cap;
    }
    *id = b->n++;
    b->first[*id] = b->next[*id] = b->term[*id] = 0;
    b->chr[*id] = 0;
    return 0;
}

static uint32_t child_of(const Build *b, uint32_t u, unsigned char c) {
    for (uint32_t v = b->first[u]; v; v = b->next[v])
        if (b->chr[v] == c)
            return v;
    return 0;
}

static int add_key(Build *b, const unsigned char *k, Py_ssize_t len, int64_t code) {
    uint32_t u = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        uint32_t v = child_of(b, u, k[i]);
        if (!v) {
            if (new_node(b, &v) < 0)
                return -1;
            b->chr[v] = k[i];
            b->next[v] = b->first[u];
            b->first[u] = v;
        }
        u = v;
    }
    if (b->term[u]) { /* the same key twice: the last value wins, as in Automaton.add_word */
        b->codes[b->term[u] - 1] = code;
        return 0;
    }
    if (b->n_terms == b->term_cap) {
        uint32_t cap = b->term_cap ? b->term_cap * 2 : 1024;
        if (grow((void **)&b->codes, cap, 8) || grow((void **)&b->lengths, cap, 4))
            return -1;
        b->term_cap = cap;
    }
    b->codes[b->n_terms] = code;
    b->lengths[b->n_terms] = (uint32_t)len;
    b->term[u] = ++b->n_terms;
    return 0;
}

/* a node's children, sorted by character (insertion sort: most nodes have one or two) */
static uint32_t sorted_children(const Build *b, uint32_t u, uint32_t *buf) {
    uint32_t k = 0;
    for (uint32_t v = b->first[u]; v; v = b->next[v]) {
        uint32_t j = k++;
        while (j > 0 && b->chr[buf[j - 1]] > b->chr[v]) {
            buf[j] = buf[j - 1];
            j--;
        }
        buf[j] = v;
    }
    return k;
}

static PyObject *build(PyObject *self, PyObject *items) {
    PyObject *seq = PySequence_Fast(items, "build: items must be a sequence");
    if (seq == NULL)
        return NULL;
    Build b = {0};
    PyObject *result = NULL;
    uint32_t root;
    if (new_node(&b, &root) < 0)
        goto nomem;
    Py_ssize_t n_items = PySequence_Fast_GET_SIZE(seq);
    for (Py_ssize_t i = 0; i < n_items; i++) {
        PyObject *it = PySequence_Fast_GET_ITEM(seq, i), *key, *value;
        if (!PyTuple_Check(it) || PyTuple_GET_SIZE(it) != 2 || !PyUnicode_CheckExact(key = PyTuple_GET_ITEM(it, 0)) ||
            !PyTuple_Check(value = PyTuple_GET_ITEM(it, 1)) || PyTuple_GET_SIZE(value) != 2) {
            PyErr_SetString(PyExc_TypeError, "build: an item is not (key, (length, code))");
            goto done;
        }
        Py_ssize_t len = PyUnicode_GET_LENGTH(key);
        long long code = PyLong_AsLongLong(PyTuple_GET_ITEM(value, 1));
        Py_ssize_t length = PyLong_AsSsize_t(PyTuple_GET_ITEM(value, 0));
        if (PyErr_Occurred())
            goto done;
        if (!PyUnicode_IS_ASCII(key) || len == 0 || length != len || len > 0xFFFF) {
            PyErr_SetString(PyExc_ValueError, "build: a key is empty, not ASCII, or not as long as its value says");
            goto done;
        }
        if (add_key(&b, PyUnicode_1BYTE_DATA(key), len, (int64_t)code) < 0)
            goto nomem;
    }
    uint32_t n = b.n;
    b.fail = PyMem_Calloc(n, 4);
    b.out = PyMem_Calloc(n, 4);
    b.order = PyMem_Calloc(n, 4);
    b.newid = PyMem_Calloc(n, 4);
    b.depth = PyMem_Calloc(n, 4);
    b.lay = PyMem_Calloc(n, 4);
    b.stack = PyMem_Calloc(n, 4);
    uint32_t *kids = PyMem_Calloc(256, 4);
    if (b.fail == NULL || b.out == NULL || b.order == NULL || b.newid == NULL || b.depth == NULL || b.lay == NULL ||
        b.stack == NULL || kids == NULL) {
        PyMem_Free(kids);
        goto nomem;
    }
    /* breadth first: the fail links and the output links (a node's fail is shallower), and the depths */
    uint32_t head = 0, tail = 0;
    b.order[tail++] = root;
    b.depth[root] = 0;
    while (head < tail) {
        uint32_t u = b.order[head++];
        uint32_t k = sorted_children(&b, u, kids);
        for (uint32_t j = 0; j < k; j++) {
            uint32_t v = kids[j], f = 0;
            unsigned char c = b.chr[v];
            if (u != root) {
                for (f = b.fail[u];; f = b.fail[f]) {
                    uint32_t w = child_of(&b, f, c);
                    if (w) {
                        f = w;
                        break;
                    }
                    if (f == root)
                        break;
                }
            }
            b.fail[v] = f;
            b.out[v] = b.term[f] ? f : b.out[f];
            b.depth[v] = b.depth[u] + 1;
            b.order[tail++] = v;
        }
    }
    /* the layout: the root and the first two levels breadth first (every word starts there: ~2k nodes),
     * then below each second-level node its subtree depth first, so the nodes of one word's walk
     * mostly sit one after another instead of one level's width apart */
    uint32_t n_lay = 0, top = 0;
    while (n_lay < n && b.depth[b.order[n_lay]] <= 2)
        b.lay[n_lay] = b.order[n_lay], n_lay++;
    for (uint32_t i = 0; i < n && b.depth[b.order[i]] <= 2; i++) {
        if (b.depth[b.order[i]] != 2)
            continue;
        uint32_t k = sorted_children(&b, b.order[i], kids);
        for (uint32_t j = k; j-- > 0;)
            b.stack[top++] = kids[j];
        while (top > 0) {
            uint32_t u = b.stack[--top];
            b.lay[n_lay++] = u;
            uint32_t kk = sorted_children(&b, u, kids);
            for (uint32_t j = kk; j-- > 0;)
                b.stack[top++] = kids[j];
        }
    }
    uint64_t words = 0;
    for (uint32_t i = 0; i < n_lay; i++) {
        b.newid[b.lay[i]] = (uint32_t)words; /* the record's offset */
        words += rec_words(sorted_children(&b, b.lay[i], kids));
    }
    if (words >= 0x7FFFFFFF) {
        PyMem_Free(kids);
        PyErr_SetString(PyExc_ValueError, "build: too many keys for one trie");
        goto done;
    }
    Head h = {MAGIC, n, (uint32_t)words, b.n_terms};
    result = PyBytes_FromStringAndSize(NULL, blob_size(&h));
    if (result == NULL) {
        PyMem_Free(kids);
        goto done;
    }
    char *p = PyBytes_AS_STRING(result);
    memcpy(p, &h, sizeof h);
    uint32_t *rootv = (uint32_t *)(p + sizeof h);
    uint32_t *rec = rootv + 128;
    int64_t *codes = (int64_t *)(rec + words);
    uint32_t *lengths = (uint32_t *)(codes + b.n_terms);
    memset(rootv, 0, 4 * 128);
    memset(rec, 0, 4 * (size_t)words);
    for (uint32_t i = 0; i < n; i++) {
        uint32_t u = b.lay[i];
        uint32_t *x = rec + b.newid[u];
        uint32_t k = sorted_children(&b, u, kids);
        x[0] = b.newid[b.fail[u]];
        x[1] = b.out[u] ? b.newid[b.out[u]] : 0;
        x[2] = b.term[u];
        x[3] = k | b.depth[u] << 8;
        unsigned char *chars = (unsigned char *)(x + REC_HEAD);
        uint32_t *child = x + REC_HEAD + (k + 3) / 4;
        for (uint32_t j = 0; j < k; j++) {
            chars[j] = b.chr[kids[j]];
            child[j] = b.newid[kids[j]];
            if (i == 0 && chars[j] < 128)
                rootv[chars[j]] = child[j];
        }
    }
    memcpy(codes, b.codes, 8 * (size_t)b.n_terms);
    memcpy(lengths, b.lengths, 4 * (size_t)b.n_terms);
    PyMem_Free(kids);
    goto done;
nomem:
    PyErr_NoMemory();
done:
    build_free(&b);
    Py_DECREF(seq);
    return result;
}

/* ------------------------------------------------------------------ the walk */

typedef struct {
    PyObject_HEAD
    char *mem; /* an aligned copy of the blob */
    Py_ssize_t size;
    const uint32_t *root, *rec, *lengths;
    const int64_t *codes;
    uint32_t n_words, n_terms;
    PyObject **values; /* the (length, code) tuple of each key, made on first report */
} Trie;

/* what a trie holds, released (by the deallocator, and by __init__ before it loads another blob) */
static void Trie_clear(Trie *self) {
    if (self->values != NULL) {
        for (uint32_t i = 0; i < self->n_terms; i++)
            Py_XDECREF(self->values[i]);
        PyMem_Free(self->values);
        self->values = NULL;
    }
    free(self->mem);
    self->mem = NULL;
}

static void Trie_dealloc(Trie *self) {
    Trie_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

#define HUGE_PAGE ((size_t)2 << 20)

/* memory for the arrays on 2 MiB pages where the kernel grants them: a walk steps all over ~30 MB, and
 * with 4 KiB pages nearly every step missed the TLB as well as the cache */
static char *huge_alloc(size_t size) {
    void *p = NULL;
    size_t rounded = (size + HUGE_PAGE - 1) / HUGE_PAGE * HUGE_PAGE;
    if (posix_memalign(&p, HUGE_PAGE, rounded) != 0)
        return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

static int Trie_init(Trie *self, PyObject *args, PyObject *kwds) {
    Py_buffer view;
    if (!PyArg_ParseTuple(args, "y*", &view))
        return -1;
    Head h;
    int ok = view.len >= (Py_ssize_t)sizeof h;
    if (ok) {
        memcpy(&h, view.buf, sizeof h);
        ok = h.magic == MAGIC && h.n_nodes > 0 && h.n_nodes < 0x7FFFFFFF && h.n_words < 0x7FFFFFFF &&
             h.n_terms < 0x7FFFFFFF && blob_size(&h) == view.len;
    }
    if (!ok) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "not an ASCII trie, or truncated");
        return -1;
    }
    char *mem = huge_alloc((size_t)view.len);
    PyObject **values = PyMem_Calloc(h.n_terms ? h.n_terms : 1, sizeof(PyObject *));
    if (mem == NULL || values == NULL) {
        free(mem);
        PyMem_Free(values);
        PyBuffer_Release(&view);
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t size = view.len;
    memcpy(mem, view.buf, (size_t)size);
    PyBuffer_Release(&view);
    const uint32_t *rootv = (const uint32_t *)(mem + sizeof h);
    const uint32_t *rec = rootv + 128;
    const int64_t *codes = (const int64_t *)(rec + h.n_words);
    const uint32_t *lengths = (const uint32_t *)(codes + h.n_terms);
    /* every offset a record start and every index in range, so a damaged blob cannot make the walk read
     * outside it: one pass marks the starts, a second checks the links */
    unsigned char *start = PyMem_Calloc(h.n_words ? h.n_words : 1, 1);
    ok = start != NULL;
    uint32_t count = 0;
    for (uint64_t o = 0; ok && o < h.n_words; count++) {
        start[o] = 1;
        ok = o + REC_HEAD <= h.n_words && (rec[o + 3] & 0xFF) <= 128 &&
             o + rec_words(rec[o + 3] & 0xFF) <= h.n_words;
        if (ok)
            o += rec_words(rec[o + 3] & 0xFF);
    }
    ok = ok && count == h.n_nodes && (rec[3] >> 8) == 0; /* the root first, at depth 0 */
    /* each link goes to a record start; a child one level down, a fail or an output link to a shallower
     * node (so every chain the walk follows ends), an output link to a node that ends a key */
    for (uint64_t o = 0; ok && o < h.n_words; o += rec_words(rec[o + 3] & 0xFF)) {
        const uint32_t *x = rec + o;
        uint32_t k = x[3] & 0xFF, d = x[3] >> 8;
        const unsigned char *chars = (const unsigned char *)(x + REC_HEAD);
        const uint32_t *child = x + REC_HEAD + (k + 3) / 4;
        ok = x[0] < h.n_words && start[x[0]] && (o == 0 ? x[0] == 0 : (rec[x[0] + 3] >> 8) < d) &&
             x[1] < h.n_words && start[x[1]] && x[2] <= h.n_terms &&
             (x[1] == 0 || ((rec[x[1] + 3] >> 8) < d && rec[x[1] + 2]));
        for (uint32_t j = 0; ok && j < k; j++)
            ok = child[j] < h.n_words && child[j] > 0 && start[child[j]] && (rec[child[j] + 3] >> 8) == d + 1 &&
                 chars[j] < 128 && (j == 0 || chars[j - 1] < chars[j]);
    }
    for (int c = 0; ok && c < 128; c++)
        ok = rootv[c] < h.n_words && start[rootv[c]];
    PyMem_Free(start);
    if (!ok) {
        free(mem);
        PyMem_Free(values);
        PyErr_SetString(PyExc_ValueError, "an ASCII trie with an offset out of range");
        return -1;
    }
    Trie_clear(self);
    self->mem = mem;
    self->size = size;
    self->root = rootv;
    self->rec = rec;
    self->codes = codes;
    self->lengths = lengths;
    self->n_words = h.n_words;
    self->n_terms = h.n_terms;
    self->values = values;
    return 0;
}

static inline uint32_t step(const uint32_t *rec, uint32_t s, unsigned char c) {
    const uint32_t *x = rec + s;
    uint32_t n = x[3] & 0xFF;
    const unsigned char *chars = (const unsigned char *)(x + REC_HEAD);
    const uint32_t *child = x + REC_HEAD + (n + 3) / 4;
    if (n <= 16) {
        for (uint32_t j = 0; j < n; j++)
            if (chars[j] == c)
                return child[j];
        return 0;
    }
    uint32_t lo = 0, hi = n;
    while (lo < hi) {
        uint32_t mid = (lo + hi) / 2;
        if (chars[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < n && chars[lo] == c ? child[lo] : 0;
}

static PyObject *value_of(Trie *self, uint32_t term) {
    PyObject *v = self->values[term - 1];
    if (v == NULL) {
        int64_t code; /* (the codes follow 32-bit words: read without assuming 8-byte alignment) */
        uint32_t length;
        memcpy(&code, self->codes + (term - 1), sizeof code);
        memcpy(&length, self->lengths + (term - 1), sizeof length);
        v = Py_BuildValue("(IL)", length, (long long)code);
        if (v == NULL)
            return NULL;
        self->values[term - 1] = v;
    }
    return v;
}

static PyObject *Trie_iter(Trie *self, PyObject *text) {
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "iter: text must be str");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    const uint32_t *rec = self->rec;
    uint32_t s = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        if (ch >= 128) { /* no key holds it */
            s = 0;
            continue;
        }
        unsigned char c = (unsigned char)ch;
        for (;;) {
            if (s == 0) {
                s = self->root[c];
                break;
            }
            uint32_t nx = step(rec, s, c);
            if (nx) {
                s = nx;
                break;
            }
            s = rec[s];
        }
        for (uint32_t t = rec[s + 2] ? s : rec[s + 1]; t; t = rec[t + 1]) {
            PyObject *v = value_of(self, rec[t + 2]);
            PyObject *hit = v == NULL ? NULL : Py_BuildValue("(nO)", i, v);
            if (hit == NULL || PyList_Append(out, hit) < 0) {
                Py_XDECREF(hit);
                Py_DECREF(out);
                return NULL;
            }
            Py_DECREF(hit);
        }
    }
    return out;
}

static PyObject *Trie_blob(Trie *self, PyObject *Py_UNUSED(ignored)) {
    return PyBytes_FromStringAndSize(self->mem, self->size);
}

static PyMethodDef Trie_methods[] = {
    {"iter", (PyCFunction)Trie_iter, METH_O, "iter(text) -> [(end, (length, code)), ...]"},
    {"blob", (PyCFunction)Trie_blob, METH_NOARGS, "blob() -> bytes: what the trie was made from"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TrieType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "provguard.screen._ascii_trie.Trie",
    .tp_basicsize = sizeof(Trie),
    .tp_dealloc = (destructor)Trie_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Trie(blob): the ASCII automaton in flat arrays (see build)",
    .tp_methods = Trie_methods,
    .tp_init = (initproc)Trie_init,
    .tp_new = PyType_GenericNew,
};

static PyMethodDef methods[] = {
    {"build", (PyCFunction)build, METH_O, "build(items) -> bytes: the flat trie of (key, (length, code)) items"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ascii_trie", "The ASCII automaton as flat arrays, walked in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__ascii_trie(void) {
    if (PyType_Ready(&TrieType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&TrieType);
    if (PyModule_AddObject(m, "Trie", (PyObject *)&TrieType) < 0) {
        Py_DECREF(&TrieType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
