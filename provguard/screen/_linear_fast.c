/* The learned second opinion's weight sum for an ASCII prompt, in C.
 *
 * Why: scoring is a few dictionary lookups per word, but in Python the sets of words, prefixes and
 * word pairs it builds, and the 34k-entry dicts (cold in the CPU cache after the automaton scan),
 * cost more than all the rules on a prompt with no name in it (issue 10's latency target). This
 * module reads the same features as learned.text_parts on an ASCII text (words: runs of
 * [A-Za-z0-9_]; the first four and five characters of longer words; adjacent pairs, "^" before the
 * first word), each distinct feature once, and sums their weights from one compact open-addressing
 * table of 64-bit feature hashes. Non-ASCII text returns None and Python scores it.
 * learned.py falls back to Python when this module is not built; tests hold the two equal.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

typedef struct {
    uint64_t key; /* 0: empty slot (a real hash of 0 is remapped to 1) */
    double weight;
} Slot;

#define FILTER_BITS (1u << 18) /* 32 KiB: most of a prompt's features are in no table, and skip it */

typedef struct {
    PyObject_HEAD
    Slot *slots;
    uint64_t mask;
    Py_ssize_t size;
    uint64_t *filter; /* one bit per feature hash held (high bits: the slots use the low ones) */
} Scorer;

static inline uint32_t filter_bit(uint64_t h) { return (uint32_t)(h >> 40) & (FILTER_BITS - 1); }

#define MUL 0x9E3779B97F4A7C15ULL
/* the three kinds of feature, mixed into a word's hash so a word, a prefix and a pair never share one */
#define KIND_WORD 0x243F6A8885A308D3ULL
#define KIND_PREFIX 0x13198A2E03707344ULL
#define KIND_PAIR 0xA4093822299F31D0ULL

/* a string's hash, eight bytes at a step (a word is one or two steps; byte-wise FNV was a serial
 * multiply per byte, about a third of a score) */
static inline uint64_t raw_hash(const unsigned char *s, Py_ssize_t n) {
    uint64_t h = ((uint64_t)n * MUL) ^ 0x6A09E667F3BCC909ULL;
    while (n >= 8) {
        uint64_t c;
        memcpy(&c, s, 8);
        h = (h ^ c) * MUL;
        h ^= h >> 29;
        s += 8;
        n -= 8;
    }
    if (n > 0) {
        uint64_t c = 0;
        memcpy(&c, s, (size_t)n);
        h = (h ^ c) * MUL;
        h ^= h >> 29;
    }
    return h;
}

static inline uint64_t finish(uint64_t h) { /* splitmix64's finaliser: good low bits for the mask */
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ULL;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebULL;
    h ^= h >> 31;
    return h ? h : 1;
}

static inline uint64_t kind_hash(uint64_t kind, uint64_t raw) { return finish(raw ^ kind); }

/* the pair "a b" from its two words' hashes (order matters) */
static inline uint64_t pair_hash(uint64_t raw_a, uint64_t raw_b) {
    return finish(((raw_a << 23 | raw_a >> 41) * MUL) ^ raw_b ^ KIND_PAIR);
}

static inline int in_filter(const Scorer *sc, uint64_t h) {
    uint32_t b = filter_bit(h);
    return sc->filter[b >> 6] >> (b & 63) & 1;
}

/* the weight of a hash the filter let through (0.0: the table does not hold it after all) */
static inline double lookup(const Scorer *sc, uint64_t h) {
    uint64_t i = h & sc->mask;
    for (;;) {
        const Slot *s = &sc->slots[i];
        if (s->key == h)
            return s->weight;
        if (s->key == 0)
            return 0.0;
        i = (i + 1) & sc->mask;
    }
}

static int insert(Scorer *sc, uint64_t h, double w) {
    uint64_t i = h & sc->mask;
    for (;;) {
        Slot *s = &sc->slots[i];
        if (s->key == 0) {
            s->key = h;
            s->weight = w;
            uint32_t b = filter_bit(h);
            sc->filter[b >> 6] |= 1ULL << (b & 63);
            return 0;
        }
        if (s->key == h)
            return -1; /* two features share a 64-bit hash: refuse, Python scores instead */
        i = (i + 1) & sc->mask;
    }
}

static void Scorer_dealloc(Scorer *self) {
    PyMem_Free(self->slots);
    PyMem_Free(self->filter);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

/* Scorer(words, prefixes, pairs): three dicts str -> float, as the weights file holds them */
static int Scorer_init(Scorer *self, PyObject *args, PyObject *kwds) {
    PyObject *tables[3];
    if (!PyArg_ParseTuple(args, "O!O!O!", &PyDict_Type, &tables[0], &PyDict_Type, &tables[1], &PyDict_Type,
                          &tables[2]))
        return -1;
    Py_ssize_t n = PyDict_Size(tables[0]) + PyDict_Size(tables[1]) + PyDict_Size(tables[2]);
    /* at most 7/8 full: the bit filter keeps most lookups of absent features off the table, so a fuller table
     * costs little (a present feature probes ~2.7 slots at 3/4 full against ~2 at 2/3), and up to 57k features fit
     * 64k slots (1 MiB) instead of doubling to 2 MiB, twice the CPU cache (learned.py passes the ASCII features
     * only, about 40k of the model's 58k words, prefixes and pairs) */
    uint64_t cap = 16;
    while (cap < (uint64_t)n + (uint64_t)n / 7 + 1)
        cap <<= 1;
    PyMem_Free(self->slots);
    PyMem_Free(self->filter);
    self->slots = PyMem_Calloc(cap, sizeof(Slot));
    self->filter = PyMem_Calloc(FILTER_BITS / 64, sizeof(uint64_t));
    if (self->slots == NULL || self->filter == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->mask = cap - 1;
    self->size = 0;
    for (int t = 0; t < 3; t++) {
        PyObject *key, *value;
        Py_ssize_t pos = 0;
        while (PyDict_Next(tables[t], &pos, &key, &value)) {
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "feature names must be str");
                return -1;
            }
            Py_ssize_t len;
            const char *s = PyUnicode_AsUTF8AndSize(key, &len);
            if (s == NULL)
                return -1;
            double w = PyFloat_AsDouble(value);
            if (w == -1.0 && PyErr_Occurred())
                return -1;
            const unsigned char *u = (const unsigned char *)s;
            uint64_t h;
            if (t == 2) { /* "a b": the pair of two words (a word holds no space) */
                const unsigned char *sp = memchr(u, ' ', (size_t)len);
                if (sp == NULL || memchr(sp + 1, ' ', (size_t)(len - (sp + 1 - u))) != NULL) {
                    PyErr_SetString(PyExc_ValueError, "a pair feature is not two words");
                    return -1;
                }
                h = pair_hash(raw_hash(u, sp - u), raw_hash(sp + 1, len - (sp + 1 - u)));
            } else {
                h = kind_hash(t == 0 ? KIND_WORD : KIND_PREFIX, raw_hash(u, len));
            }
            if (insert(self, h, w) < 0) {
                PyErr_SetString(PyExc_ValueError, "two features share a hash");
                return -1;
            }
            self->size++;
        }
    }
    return 0;
}

static inline int is_word(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* a small set of 64-bit hashes, to count each distinct feature once */
typedef struct {
    uint64_t *keys;
    uint64_t mask;
} Seen;

static inline int seen_add(Seen *s, uint64_t h) { /* 1 when new */
    uint64_t i = h & s->mask;
    for (;;) {
        if (s->keys[i] == h)
            return 0;
        if (s->keys[i] == 0) {
            s->keys[i] = h;
            return 1;
        }
        i = (i + 1) & s->mask;
    }
}

#define STACK_TOKENS 256

/* score(text) -> float | None: the weight sum of an ASCII text's features (no bias), None otherwise */
static PyObject *Scorer_score(Scorer *self, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "text must be str");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(arg))
        Py_RETURN_NONE;
    const unsigned char *s = (const unsigned char *)PyUnicode_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg);

    Py_ssize_t st_buf[STACK_TOKENS], ln_buf[STACK_TOKENS];
    uint64_t seen_buf[STACK_TOKENS * 16];
    Py_ssize_t *st = st_buf, *ln = ln_buf;
    uint64_t *seen_keys = seen_buf;
    Py_ssize_t ntok = 0, cap = STACK_TOKENS;
    PyObject *result = NULL;

    for (Py_ssize_t i = 0; i < n;) {
        if (!is_word(s[i])) {
            i++;
            continue;
        }
        Py_ssize_t j = i;
        while (j < n && is_word(s[j]))
            j++;
        if (ntok == cap) {
            Py_ssize_t ncap = cap * 4;
            Py_ssize_t *nst = PyMem_Malloc(sizeof(Py_ssize_t) * ncap * 2);
            if (nst == NULL) {
                PyErr_NoMemory();
                goto done;
            }
            memcpy(nst, st, sizeof(Py_ssize_t) * ntok);
            memcpy(nst + ncap, ln, sizeof(Py_ssize_t) * ntok);
            if (st != st_buf)
                PyMem_Free(st);
            st = nst;
            ln = nst + ncap;
            cap = ncap;
        }
        st[ntok] = i;
        ln[ntok] = j - i;
        ntok++;
        i = j;
    }
    /* at most 4 features per token (word, two prefixes, pair): a set at most 1/4 full */
    uint64_t scap = 16;
    while (scap < (uint64_t)ntok * 16)
        scap <<= 1;
    if (scap > sizeof(seen_buf) / sizeof(uint64_t)) {
        seen_keys = PyMem_Calloc(scap, sizeof(uint64_t));
        if (seen_keys == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    } else {
        memset(seen_keys, 0, scap * sizeof(uint64_t));
    }
    Seen seen = {seen_keys, scap - 1};
    /* three passes, so the table's cache misses overlap instead of following one another: the distinct
     * features' hashes (their filter words fetched ahead), those the filter lets through (their slots
     * fetched ahead), then the sum, in the features' order as before */
    uint64_t hs_buf[STACK_TOKENS * 4];
    uint64_t *hs = hs_buf;
    if (ntok > STACK_TOKENS) {
        hs = PyMem_Malloc(sizeof(uint64_t) * (size_t)ntok * 4);
        if (hs == NULL) {
            PyErr_NoMemory();
            goto done;
        }
    }
    Py_ssize_t nh = 0;
    static const unsigned char caret = '^';
    uint64_t prev = raw_hash(&caret, 1); /* the pair before the first word is "^ word" */
    for (Py_ssize_t k = 0; k < ntok; k++) {
        const unsigned char *t = s + st[k];
        Py_ssize_t l = ln[k];
        uint64_t raw = raw_hash(t, l);
        uint64_t h[4];
        int nk = 0;
        h[nk++] = kind_hash(KIND_WORD, raw);
        if (l > 5)
            h[nk++] = kind_hash(KIND_PREFIX, raw_hash(t, 5));
        if (l > 4)
            h[nk++] = kind_hash(KIND_PREFIX, raw_hash(t, 4));
        h[nk++] = pair_hash(prev, raw);
        prev = raw;
        for (int j = 0; j < nk; j++) {
            if (seen_add(&seen, h[j])) {
                __builtin_prefetch(&self->filter[filter_bit(h[j]) >> 6]);
                hs[nh++] = h[j];
            }
        }
    }
    Py_ssize_t nk = 0;
    for (Py_ssize_t i = 0; i < nh; i++) {
        if (in_filter(self, hs[i])) {
            __builtin_prefetch(&self->slots[hs[i] & self->mask]);
            hs[nk++] = hs[i];
        }
    }
    double z = 0.0;
    for (Py_ssize_t i = 0; i < nk; i++)
        z += lookup(self, hs[i]);
    if (hs != hs_buf)
        PyMem_Free(hs);
    result = PyFloat_FromDouble(z);
done:
    if (st != st_buf)
        PyMem_Free(st);
    if (seen_keys != seen_buf)
        PyMem_Free(seen_keys);
    return result;
}

static PyObject *Scorer_len(Scorer *self, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromSsize_t(self->size);
}

static PyMethodDef Scorer_methods[] = {
    {"score", (PyCFunction)Scorer_score, METH_O,
     "score(text) -> float | None: the summed weights of an ASCII text's distinct features"},
    {"features", (PyCFunction)Scorer_len, METH_NOARGS, "how many weighted features the table holds"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ScorerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "provguard.screen._linear_fast.Scorer",
    .tp_basicsize = sizeof(Scorer),
    .tp_dealloc = (destructor)Scorer_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Scorer(words, prefixes, pairs): the learned model's weights for ASCII prompts",
    .tp_methods = Scorer_methods,
    .tp_init = (initproc)Scorer_init,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_linear_fast", "The learned second opinion's weight sum for ASCII prompts.", -1,
    NULL,
};

PyMODINIT_FUNC PyInit__linear_fast(void) {
    if (PyType_Ready(&ScorerType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ScorerType);
    if (PyModule_AddObject(m, "Scorer", (PyObject *)&ScorerType) < 0) {
        Py_DECREF(&ScorerType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
