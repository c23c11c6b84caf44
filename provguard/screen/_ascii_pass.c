/* normalize()'s work on an all-ASCII prompt, in one pass in C.
 *
 * Why: every prompt paid, before the automaton walk, for a translate, a space-run collapse, three
 * leetspeak pre-checks, the decoder's whitespace split, the spaced-out regexes and word_starts'
 * title(): ~5 us at the I2P median, more with a cold cache. This computes the same results over the
 * prompt's bytes; normalize.py stays the definition (it runs where this module is not built, on
 * non-ASCII text, and when leetspeak may change the text), and tests compare the two on every
 * labelled and public prompt.
 *
 * ascii_pass(prompt, table) -> (text, spaced, marked, flags) | None
 *   table   128 bytes: each ASCII byte's folded byte (normalize._ASCII_TABLE)
 *   text    the prompt folded through table, every run of two or more spaces collapsed to one
 *   spaced  the folded prompt before collapsing, or None when it had no two spaces in a row
 *   marked  text with every word start uppercased (bytes.title, matcher.word_starts)
 *   flags   1: leetspeak may change text (normalize._undo_leet_tokens' pre-checks pass)
 *           2: the decoder's pre-check passes ('%' or '&', or a whitespace-split token of 16+)
 *           4: text is spaced out (NormText.spaced_out's two Latin patterns)
 * None: not an exact str, empty, or not all ASCII.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define STACK_BYTES 2048

enum { LEET_MAY_CHANGE = 1, MAY_BE_ENCODED = 2, SPACED_OUT = 4 };

/* each ASCII byte's classes, filled once when the module loads */
enum { C_SPACE = 1, C_WORD = 2, C_LOWER = 4, C_UPPER = 8, C_LEET_RUN = 16, C_LEET = 32 };
static unsigned char cls[256];

static void fill_classes(void) {
    for (int c = 0; c < 128; c++) {
        unsigned char k = 0;
        /* Py_UNICODE_ISSPACE on ASCII (str.split() and the regex \s): \t \n \v \f \r, \x1c-\x1f, space */
        if (c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f))
            k |= C_SPACE;
        if (c >= 'a' && c <= 'z')
            k |= C_LOWER | C_WORD;
        if (c >= 'A' && c <= 'Z')
            k |= C_UPPER | C_WORD;
        if (c >= '0' && c <= '9')
            k |= C_WORD | C_LEET_RUN; /* the regex \w: a letter, a digit or '_'; [0-9@$]: a leet token's rest */
        if (c == '_')
            k |= C_WORD;
        if (c == '@' || c == '$')
            k |= C_LEET_RUN;
        if (c == '0' || c == '1' || c == '3' || c == '4' || c == '5' || c == '7' || c == '@' || c == '$')
            k |= C_LEET; /* [013457@$] */
        cls[c] = k;
    }
}

#define IS(c, k) (cls[(unsigned char)(c)] & (k))

/* _LEET_THEN_LETTER on t or on t reversed: a maximal [0-9@$] run holding a leet character, with a
 * lowercase letter right after it ("t4y") or right before it ("t4") */
static int leet_may_change(const unsigned char *t, Py_ssize_t m) {
    Py_ssize_t i = 0;
    while (i < m) {
        if (!IS(t[i], C_LEET_RUN)) {
            i++;
            continue;
        }
        Py_ssize_t a = i;
        int has = 0;
        while (i < m && IS(t[i], C_LEET_RUN))
            has |= IS(t[i++], C_LEET);
        if (has && ((a > 0 && IS(t[a - 1], C_LOWER)) || (i < m && IS(t[i], C_LOWER))))
            return 1;
    }
    return 0;
}

/* "\s\w\s\w\s\w(?!\S)" anywhere, or "\w\s\w\s\w(?!\S)" at the start */
static int spaced_out(const unsigned char *t, Py_ssize_t m) {
    if (m >= 5 && IS(t[0], C_WORD) && IS(t[1], C_SPACE) && IS(t[2], C_WORD) && IS(t[3], C_SPACE) &&
        IS(t[4], C_WORD) && (m == 5 || IS(t[5], C_SPACE)))
        return 1;
    for (Py_ssize_t i = 0; i + 6 <= m; i++) {
        if (IS(t[i], C_SPACE) && IS(t[i + 2], C_SPACE) && IS(t[i + 1], C_WORD) && IS(t[i + 3], C_WORD) &&
            IS(t[i + 4], C_SPACE) && IS(t[i + 5], C_WORD) && (i + 6 == m || IS(t[i + 6], C_SPACE)))
            return 1;
    }
    return 0;
}

static PyObject *ascii_str(const unsigned char *b, Py_ssize_t m) {
    PyObject *s = PyUnicode_New(m, 127);
    if (s != NULL)
        memcpy(PyUnicode_1BYTE_DATA(s), b, (size_t)m);
    return s;
}

static PyObject *checked_table; /* the last table found to fold to ASCII bytes only (a reference held) */

static PyObject *ascii_pass(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "ascii_pass(prompt, table) takes two arguments");
        return NULL;
    }
    PyObject *prompt = args[0], *table = args[1];
    if (!PyBytes_Check(table) || PyBytes_GET_SIZE(table) != 128) {
        PyErr_SetString(PyExc_TypeError, "ascii_pass: the table must be 128 bytes");
        return NULL;
    }
    if (!PyUnicode_CheckExact(prompt) || !PyUnicode_IS_ASCII(prompt) || PyUnicode_GET_LENGTH(prompt) == 0)
        Py_RETURN_NONE;
    const unsigned char *src = PyUnicode_1BYTE_DATA(prompt);
    const unsigned char *tab = (const unsigned char *)PyBytes_AS_STRING(table);
    Py_ssize_t n = PyUnicode_GET_LENGTH(prompt);
    if (table != checked_table) { /* checked once per table object: every call passes the same one */
        for (int c = 0; c < 128; c++) {
            if (tab[c] >= 128) {
                PyErr_SetString(PyExc_ValueError, "ascii_pass: the table folds to a non-ASCII byte");
                return NULL;
            }
        }
        Py_XSETREF(checked_table, Py_NewRef(table));
    }
    unsigned char stack[STACK_BYTES * 3];
    unsigned char *buf = stack;
    if (n > STACK_BYTES) {
        buf = PyMem_Malloc((size_t)n * 3);
        if (buf == NULL)
            return PyErr_NoMemory();
    }
    unsigned char *folded = buf, *text = buf + n, *marked = buf + 2 * n;
    int doubled = 0, encoded = 0;
    Py_ssize_t m = 0, run = 0; /* run: the current token's length, for the decoder's pre-check */
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char b = src[i];
        if (b == '%' || b == '&')
            encoded = 1; /* '%' or '&' anywhere, or a token of 16 or more characters between whitespace */
        else if (IS(b, C_SPACE))
            run = 0;
        else if (++run >= 16)
            encoded = 1;
        unsigned char c = tab[b];
        folded[i] = c;
        if (c == ' ' && i > 0 && folded[i - 1] == ' ') {
            doubled = 1; /* "  +" -> " " */
            continue;
        }
        text[m++] = c;
    }
    int prev_cased = 0; /* bytes.title */
    for (Py_ssize_t i = 0; i < m; i++) {
        unsigned char c = text[i];
        if (IS(c, C_LOWER)) {
            marked[i] = prev_cased ? c : (unsigned char)(c - 32);
            prev_cased = 1;
        } else if (IS(c, C_UPPER)) {
            marked[i] = prev_cased ? (unsigned char)(c + 32) : c;
            prev_cased = 1;
        } else {
            marked[i] = c;
            prev_cased = 0;
        }
    }
    long flags = (leet_may_change(text, m) ? LEET_MAY_CHANGE : 0) | (encoded ? MAY_BE_ENCODED : 0) |
                 (spaced_out(text, m) ? SPACED_OUT : 0);
    PyObject *t = ascii_str(text, m);
    PyObject *sp = doubled ? ascii_str(folded, n) : Py_NewRef(Py_None);
    PyObject *mk = ascii_str(marked, m);
    if (buf != stack)
        PyMem_Free(buf);
    if (t == NULL || sp == NULL || mk == NULL) {
        Py_XDECREF(t);
        Py_XDECREF(sp);
        Py_XDECREF(mk);
        return NULL;
    }
    return Py_BuildValue("(NNNl)", t, sp, mk, flags);
}

/* space_breaks(spaced) -> (breaks, shifts): normalize._space_breaks for an ASCII text (the collapsed
 * positions just after each run of two or more spaces, and the characters removed up to each) */
static PyObject *space_breaks(PyObject *self, PyObject *arg) {
    if (!PyUnicode_CheckExact(arg) || !PyUnicode_IS_ASCII(arg)) {
        PyErr_SetString(PyExc_TypeError, "space_breaks: an ASCII str is needed");
        return NULL;
    }
    const unsigned char *t = PyUnicode_1BYTE_DATA(arg);
    Py_ssize_t n = PyUnicode_GET_LENGTH(arg), removed = 0;
    PyObject *breaks = PyList_New(0), *shifts = PyList_New(0);
    if (breaks == NULL || shifts == NULL)
        goto fail;
    for (Py_ssize_t i = 0; i + 1 < n; i++) {
        if (t[i] != ' ' || t[i + 1] != ' ')
            continue;
        Py_ssize_t e = i + 2;
        while (e < n && t[e] == ' ')
            e++;
        PyObject *b = PyLong_FromSsize_t(i + 1 - removed);
        removed += e - i - 1;
        PyObject *sh = PyLong_FromSsize_t(removed);
        int bad = b == NULL || sh == NULL || PyList_Append(breaks, b) < 0 || PyList_Append(shifts, sh) < 0;
        Py_XDECREF(b);
        Py_XDECREF(sh);
        if (bad)
            goto fail;
        i = e - 1;
    }
    return Py_BuildValue("(NN)", breaks, shifts);
fail:
    Py_XDECREF(breaks);
    Py_XDECREF(shifts);
    return NULL;
}

/* fold_loop(original, memo, fold_char) -> (text, starts, ends): normalize's loop over a prompt that is
 * not all ASCII, the same statements in C: each character's fold from the memo (fold_char on a miss),
 * separators collapsed to one space (and dropped at the start), and each folded character's original
 * [start, end). The passes that follow it (mixed scripts, Persian affixes, jamo, kana) stay in Python. */
static PyObject *fold_loop(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "fold_loop(original, memo, fold_char)");
        return NULL;
    }
    PyObject *original = args[0], *memo = args[1], *fold = args[2];
    Py_ssize_t n = PyUnicode_GET_LENGTH(original);
    int kind = PyUnicode_KIND(original);
    const void *data = PyUnicode_DATA(original);
    PyObject *parts = PyList_New(0), *starts = PyList_New(0), *ends = PyList_New(0), *text = NULL;
    if (parts == NULL || starts == NULL || ends == NULL)
        goto fail;
    int last_space = 1; /* also drops leading separators */
    for (Py_ssize_t idx = 0; idx < n; idx++) {
        PyObject *ch = PyUnicode_FromOrdinal(PyUnicode_READ(kind, data, idx));
        if (ch == NULL)
            goto fail;
        PyObject *rep = PyDict_GetItemWithError(memo, ch); /* borrowed */
        if (rep != NULL)
            Py_INCREF(rep);
        else if (!PyErr_Occurred())
            rep = PyObject_CallOneArg(fold, ch);
        Py_DECREF(ch);
        if (rep == NULL)
            goto fail;
        if (!PyUnicode_Check(rep)) {
            Py_DECREF(rep);
            PyErr_SetString(PyExc_TypeError, "fold_loop: a fold is not a str");
            goto fail;
        }
        Py_ssize_t m = PyUnicode_GET_LENGTH(rep);
        if (m == 0) {
            Py_DECREF(rep);
            continue;
        }
        int rk = PyUnicode_KIND(rep);
        const void *rd = PyUnicode_DATA(rep);
        if (m == 1 && PyUnicode_READ(rk, rd, 0) == ' ') {
            if (last_space) {
                Py_DECREF(rep);
                continue;
            }
            last_space = 1;
        } else {
            last_space = PyUnicode_READ(rk, rd, m - 1) == ' ';
        }
        int bad = PyList_Append(parts, rep) < 0;
        Py_DECREF(rep);
        if (bad)
            goto fail;
        PyObject *a = PyLong_FromSsize_t(idx), *b = PyLong_FromSsize_t(idx + 1);
        for (Py_ssize_t j = 0; j < m && !bad; j++)
            bad = a == NULL || b == NULL || PyList_Append(starts, a) < 0 || PyList_Append(ends, b) < 0;
        Py_XDECREF(a);
        Py_XDECREF(b);
        if (bad)
            goto fail;
    }
    PyObject *empty = PyUnicode_New(0, 0);
    if (empty == NULL)
        goto fail;
    text = PyUnicode_Join(empty, parts);
    Py_DECREF(empty);
    if (text == NULL)
        goto fail;
    Py_DECREF(parts);
    return Py_BuildValue("(NNN)", text, starts, ends);
fail:
    Py_XDECREF(parts);
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    return NULL;
}

static PyMethodDef methods[] = {
    {"fold_loop", (PyCFunction)(void (*)(void))fold_loop, METH_FASTCALL,
     "fold_loop(original, memo, fold_char) -> (text, starts, ends)"},
    {"space_breaks", (PyCFunction)space_breaks, METH_O, "space_breaks(spaced) -> (breaks, shifts)"},
    {"ascii_pass", (PyCFunction)(void (*)(void))ascii_pass, METH_FASTCALL,
     "ascii_pass(prompt, table) -> (text, spaced, marked, flags) | None"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_ascii_pass", "normalize()'s work on an all-ASCII prompt in one pass.", -1, methods,
};

PyMODINIT_FUNC PyInit__ascii_pass(void) {
    fill_classes();
    return PyModule_Create(&module);
}
