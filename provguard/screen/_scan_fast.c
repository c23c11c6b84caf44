/* The per-hit loop of matcher.scan for ASCII text, in C.
 *
 * Why: on the 88k-name configuration the automaton walk itself is a few microseconds; about 70% of
 * scan was CPython running the loop over its hits (unpacking each hit, the boundary checks, the
 * items of the key, building each Hit). This is the same loop, statement for statement, for text
 * that is all ASCII (98.5% of I2P after normalisation); the rare branches (a person form glued to a
 * case ending, a name's stem or case marker, a stemmed keyword's word test) call back into the
 * Python functions that define them. matcher.scan runs its Python loop when this module is not
 * built or the text is not ASCII; tests hold the two equal on every labelled and public prompt.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

enum { PERSON = 0, KEYWORD = 1, TERM = 2 };

/* Python truthiness, without a call for the bools and None the items hold */
static inline int truth(PyObject *o) {
    if (o == Py_True)
        return 1;
    if (o == Py_False || o == Py_None)
        return 0;
    return PyObject_IsTrue(o);
}

static inline int alnum(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* tuple.__new__(Hit, (kind, ref, start, end, weak, surface_kind, form, squashed)): a Hit without its
 * generated __new__ */
static PyObject *new_hit(PyTypeObject *hit_type, PyObject *kind, PyObject *ref, Py_ssize_t start, Py_ssize_t end,
                         PyObject *weak, PyObject *surface_kind, PyObject *form, PyObject *squashed) {
    PyObject *args = Py_BuildValue("((OOnnOOOO))", kind, ref, start, end, weak, surface_kind, form, squashed);
    if (args == NULL)
        return NULL;
    PyObject *h = PyTuple_Type.tp_new(hit_type, args, NULL);
    Py_DECREF(args);
    return h;
}

static int append_kw(PyObject *kw, PyObject *rule, PyObject *hit) {
    PyObject *lst = PyDict_GetItemWithError(kw, rule); /* borrowed */
    if (lst != NULL)
        return PyList_Append(lst, hit);
    if (PyErr_Occurred())
        return -1;
    lst = PyList_New(1);
    if (lst == NULL)
        return -1;
    Py_INCREF(hit);
    PyList_SET_ITEM(lst, 0, hit);
    int r = PyDict_SetItem(kw, rule, lst);
    Py_DECREF(lst);
    return r;
}

/* morph.word_matches's first tests, which settle most calls without the stemmer: 1 / 0, or -1 when the
 * Python function must answer (the Indonesian tails and the stemmer itself), -2 on an error */
static int word_test(PyObject *v, PyObject *word, PyObject *not_inflections, Py_ssize_t min_stem) {
    PyObject *algo = PyTuple_GET_ITEM(v, 0), *stem_of_base = PyTuple_GET_ITEM(v, 1);
    PyObject *base_last = PyTuple_GET_ITEM(v, 2), *agglutinative = PyTuple_GET_ITEM(v, 3);
    if (!PyUnicode_Check(algo) || !PyUnicode_Check(stem_of_base) || !PyUnicode_Check(base_last))
        return -1;
    int eq = PyUnicode_Compare(word, base_last);
    if (eq == -1 && PyErr_Occurred())
        return -2;
    if (eq == 0)
        return 1;
    int no = PySet_Contains(not_inflections, word);
    if (no < 0)
        return -2;
    if (no)
        return 0;
    int agg = truth(agglutinative);
    if (agg < 0)
        return -2;
    if (agg) {
        Py_ssize_t tm = PyUnicode_Tailmatch(word, base_last, 0, PY_SSIZE_T_MAX, -1);
        if (tm < 0)
            return -2;
        if (tm && PyUnicode_GET_LENGTH(word) - PyUnicode_GET_LENGTH(base_last) <= 8) {
            if (PyUnicode_CompareWithASCIIString(algo, "indonesian") != 0)
                return 1;
            return -1; /* its tails are a Python set */
        }
    }
    if (PyUnicode_GET_LENGTH(stem_of_base) <= min_stem)
        return 0;
    return -1;
}

/* scan_ascii(hits, text, entries, kw, persons, found, Hit, edge_ok, word_matches, person_hit,
 *            not_inflections, min_stem) -> bool
 *
 * hits: the automaton's iterator over word_starts(text); entries: the items per entry index.
 * Fills kw (rule -> [Hit]), persons ([Hit]) and found ({term}) as matcher.scan's loop does.
 * Returns False, touching nothing, when text is not ASCII.
 */
static PyObject *scan_ascii(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 12) {
        PyErr_SetString(PyExc_TypeError, "scan_ascii takes 12 arguments");
        return NULL;
    }
    PyObject *hits = args[0], *text = args[1], *entries = args[2], *kw = args[3], *persons = args[4];
    PyObject *found = args[5], *hit_obj = args[6], *edge_ok = args[7], *word_matches = args[8];
    PyObject *person_hit = args[9], *not_inflections = args[10];
    Py_ssize_t min_stem = PyLong_AsSsize_t(args[11]);
    if (min_stem == -1 && PyErr_Occurred())
        return NULL;
    if (!PyUnicode_Check(text) || !PyDict_Check(kw) || !PyList_Check(persons) || !PySet_Check(found) ||
        !PyType_Check(hit_obj) || !PyAnySet_Check(not_inflections)) {
        PyErr_SetString(PyExc_TypeError, "scan_ascii: bad argument types");
        return NULL;
    }
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_FALSE;
    PyTypeObject *hit_type = (PyTypeObject *)hit_obj;
    const unsigned char *s = (const unsigned char *)PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    PyObject *it = PyObject_GetIter(hits);
    if (it == NULL)
        return NULL;
    PyObject *empty = PyUnicode_New(0, 127);
    PyObject *kind_kw = PyLong_FromLong(KEYWORD), *kind_person = PyLong_FromLong(PERSON);
    PyObject *item_hit = NULL;
    if (empty == NULL || kind_kw == NULL || kind_person == NULL)
        goto fail;

    while ((item_hit = PyIter_Next(it)) != NULL) {
        /* (end, (length, code)) */
        if (!PyTuple_Check(item_hit) || PyTuple_GET_SIZE(item_hit) != 2)
            goto bad;
        PyObject *val = PyTuple_GET_ITEM(item_hit, 1);
        if (!PyTuple_Check(val) || PyTuple_GET_SIZE(val) != 2)
            goto bad;
        Py_ssize_t end = PyLong_AsSsize_t(PyTuple_GET_ITEM(item_hit, 0));
        Py_ssize_t length = PyLong_AsSsize_t(PyTuple_GET_ITEM(val, 0));
        long code = PyLong_AsLong(PyTuple_GET_ITEM(val, 1));
        if (PyErr_Occurred())
            goto fail;
        Py_ssize_t start = end - length + 1, stop = end + 1;
        if (start < 0 || stop > n)
            goto bad;
        if ((code & 2) && start && alnum(s[start - 1]))
            goto next;
        if ((code & 1) && stop < n && alnum(s[stop]))
            goto next;
        {
            int left_ok = (code & 2) || !start ? 1 : !(alnum(s[start - 1]) && alnum(s[start]));
            int right_ok = (code & 1) || stop >= n ? 1 : !(alnum(s[end]) && alnum(s[stop]));
            PyObject *ei = PyLong_FromLong(code >> 2);
            if (ei == NULL)
                goto fail;
            PyObject *items = PyObject_GetItem(entries, ei);
            Py_DECREF(ei);
            if (items == NULL)
                goto fail;
            PyObject *seq = PySequence_Fast(items, "entry items must be a sequence");
            Py_DECREF(items);
            if (seq == NULL)
                goto fail;
            Py_ssize_t wend = -1;
            PyObject *word = NULL; /* the last word of text[start:wend], made once per hit */
            PyObject *form = NULL; /* text[start:stop], made once per hit */
            Py_ssize_t nitems = PySequence_Fast_GET_SIZE(seq);
            int err = 0;
            for (Py_ssize_t j = 0; j < nitems && !err; j++) {
                PyObject *item = PySequence_Fast_GET_ITEM(seq, j);
                if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) < 4) {
                    PyErr_SetString(PyExc_TypeError, "scan_ascii: an entry item is not a tuple");
                    err = 1;
                    break;
                }
                long k = PyLong_AsLong(PyTuple_GET_ITEM(item, 0));
                int need_left = truth(PyTuple_GET_ITEM(item, 2));
                int need_right = truth(PyTuple_GET_ITEM(item, 3));
                if (need_left < 0 || need_right < 0 || (k == -1 && PyErr_Occurred())) {
                    err = 1;
                    break;
                }
                if ((need_left && !left_ok) || (need_right && !right_ok)) {
                    if (k != PERSON)
                        continue;
                    PyObject *ok = PyObject_CallFunction(edge_ok, "OOnnnii", item, text, start, end, stop, left_ok,
                                                         right_ok);
                    if (ok == NULL) {
                        err = 1;
                        break;
                    }
                    int t = PyObject_IsTrue(ok);
                    Py_DECREF(ok);
                    if (t < 0) {
                        err = 1;
                        break;
                    }
                    if (!t)
                        continue;
                }
                if (k == TERM) {
                    if (PySet_Add(found, PyTuple_GET_ITEM(item, 1)) < 0)
                        err = 1;
                    continue;
                }
                if (PyTuple_GET_SIZE(item) < 6) {
                    PyErr_SetString(PyExc_TypeError, "scan_ascii: a keyword or person item is short");
                    err = 1;
                    break;
                }
                if (k == KEYWORD) {
                    Py_ssize_t e = stop;
                    int prefix = truth(PyTuple_GET_ITEM(item, 4));
                    if (prefix < 0) {
                        err = 1;
                        break;
                    }
                    if (prefix) { /* prefix keyword: report the whole word */
                        if (wend < 0) {
                            wend = stop;
                            while (wend < n && alnum(s[wend]))
                                wend++;
                            Py_ssize_t ws = wend;
                            while (ws > start && s[ws - 1] != ' ')
                                ws--;
                            word = PyUnicode_Substring(text, ws, wend);
                            if (word == NULL) {
                                err = 1;
                                break;
                            }
                        }
                        e = wend;
                        PyObject *v = PyTuple_GET_ITEM(item, 5);
                        if (v != Py_None) {
                            if (!PyTuple_Check(v) || PyTuple_GET_SIZE(v) != 4) {
                                PyErr_SetString(PyExc_TypeError, "scan_ascii: a stem test is not a 4-tuple");
                                err = 1;
                                break;
                            }
                            int t = word_test(v, word, not_inflections, min_stem);
                            if (t == -2) {
                                err = 1;
                                break;
                            }
                            if (t == -1) {
                                PyObject *r = PyObject_CallFunctionObjArgs(
                                    word_matches, PyTuple_GET_ITEM(v, 0), PyTuple_GET_ITEM(v, 1),
                                    PyTuple_GET_ITEM(v, 2), word, PyTuple_GET_ITEM(v, 3), NULL);
                                if (r == NULL) {
                                    err = 1;
                                    break;
                                }
                                t = PyObject_IsTrue(r);
                                Py_DECREF(r);
                                if (t < 0) {
                                    err = 1;
                                    break;
                                }
                            }
                            if (!t)
                                continue;
                        }
                    }
                    PyObject *h = new_hit(hit_type, kind_kw, PyTuple_GET_ITEM(item, 1), start, e, Py_False, empty,
                                          empty, Py_False);
                    if (h == NULL || append_kw(kw, PyTuple_GET_ITEM(item, 1), h) < 0)
                        err = 1;
                    Py_XDECREF(h);
                } else {
                    if (PyTuple_GET_SIZE(item) < 7) {
                        PyErr_SetString(PyExc_TypeError, "scan_ascii: a person item has no marker");
                        err = 1;
                        break;
                    }
                    PyObject *m = PyTuple_GET_ITEM(item, 6);
                    int joined = 0, fast = 0;
                    if (m == Py_None)
                        fast = 1;
                    else if (PyUnicode_CheckExact(m)) {
                        if (PyUnicode_GET_LENGTH(m) == 0)
                            fast = right_ok; /* a Latin name with no case ending glued on */
                        else if (PyUnicode_CompareWithASCIIString(m, "joined") == 0)
                            fast = joined = 1;
                    }
                    PyObject *h;
                    if (fast) {
                        if (form == NULL && (form = PyUnicode_Substring(text, start, stop)) == NULL) {
                            err = 1;
                            break;
                        }
                        h = new_hit(hit_type, kind_person, PyTuple_GET_ITEM(item, 1), start, stop,
                                    PyTuple_GET_ITEM(item, 4), PyTuple_GET_ITEM(item, 5), form,
                                    joined ? Py_True : Py_False);
                    } else {
                        h = PyObject_CallFunction(person_hit, "OOnnni", item, text, start, end, stop, right_ok);
                    }
                    if (h == NULL)
                        err = 1;
                    else if (h != Py_None && PyList_Append(persons, h) < 0)
                        err = 1;
                    Py_XDECREF(h);
                }
            }
            Py_XDECREF(word);
            Py_XDECREF(form);
            Py_DECREF(seq);
            if (err)
                goto fail;
        }
    next:
        Py_DECREF(item_hit);
        item_hit = NULL;
    }
    if (PyErr_Occurred())
        goto fail;
    Py_DECREF(it);
    Py_DECREF(empty);
    Py_DECREF(kind_kw);
    Py_DECREF(kind_person);
    Py_RETURN_TRUE;
bad:
    PyErr_SetString(PyExc_TypeError, "scan_ascii: an automaton hit is not (end, (length, code))");
fail:
    Py_XDECREF(item_hit);
    Py_DECREF(it);
    Py_XDECREF(empty);
    Py_XDECREF(kind_kw);
    Py_XDECREF(kind_person);
    return NULL;
}

static PyMethodDef methods[] = {
    {"scan_ascii", (PyCFunction)(void (*)(void))scan_ascii, METH_FASTCALL,
     "scan_ascii(hits, text, entries, kw, persons, found, Hit, edge_ok, word_matches, person_hit, not_inflections, "
     "min_stem) -> bool"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_scan_fast", "matcher.scan's per-hit loop for ASCII text.", -1, methods,
};

PyMODINIT_FUNC PyInit__scan_fast(void) { return PyModule_Create(&module); }
