/* The plain-line word reader of wordruns.py (_plain_line_runs), in C.
 *
 * Why C: on an upright line of printing words the reader makes ~25 pdfium calls per line
 * (object discovery by bisection, the first and last character box of every word, the origin
 * of every space) and builds a tuple per word and space. Through ctypes each call costs ~1 us
 * of Python and argument handling, where pdfium itself needs a few tens of ns; and building the
 * tuples in Python from numbers handed back costs as much again. Here the same calls are made
 * directly, in the same order, for every plain line of a page at once, and the entries are
 * built as the same Python tuples.
 *
 * Nothing is linked: the caller passes the addresses of pdfium's functions (the ones pypdfium2
 * has already loaded), and the library is loaded with ctypes.PyDLL into the running interpreter
 * (whose C API it uses), so a C compiler and Python's headers are all it needs (compiled.py).
 *
 * plain_line is a line-for-line translation of wordruns._plain_line_runs, chars of
 * wordruns._chars, page_runs of layout.page_runs, object_types of the walk in
 * drawing.page_drawing; the Python stays as the fallback where nothing can be compiled, and any
 * change there must be made here too. The tests compare the two on every corpus PDF page
 * (tests/ingest/test_plainlines.py).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>

typedef int (*char_box_fn)(void *, int, double *, double *, double *, double *);
typedef int (*char_origin_fn)(void *, int, double *, double *);
typedef float (*char_angle_fn)(void *, int);
typedef int (*count_rects_fn)(void *, int, int);
typedef int (*get_rect_fn)(void *, int, double *, double *, double *, double *);

/* pdfium's functions, in the order wordruns.py passes their addresses. */
typedef struct {
    char_box_fn box;
    char_origin_fn origin;
    char_angle_fn angle;
    count_rects_fn count_rects;
    get_rect_fn rect;
} Pdfium;

/* One output record: 8 doubles. kind > 0: a word entry of `kind` characters; 0: a space;
 * -1: one character read on its own; -2: the end of a run. Then the entry's six numbers as
 * layout.py stores them (x0, x1, bottom, top, baseline, right) and the pdfium index of its
 * first character. */
enum { WORD_MIN = 1, SPACE = 0, CHAR = -1, RUN_END = -2, RECORD = 8 };

static double *put(double *out, double kind, double x0, double x1, double bottom, double top,
                   double baseline, double right, int index) {
    out[0] = kind; out[1] = x0; out[2] = x1; out[3] = bottom; out[4] = top;
    out[5] = baseline; out[6] = right; out[7] = (double)index;
    return out + RECORD;
}

/* Python's round(angle / (pi / 2)) % 4 (round half to even, a non-negative remainder). */
static int quarter_turns(float angle) {
    long turns = (long)nearbyint((double)angle / (M_PI / 2));
    return (int)(((turns % 4) + 4) % 4);
}

/* wordruns._close for the records from `run` to `end`: trailing spaces dropped, an empty run
 * dropped, else an end marker. Returns the new end. */
static double *close_run(double *run, double *end) {
    while (end > run && end[-RECORD] == SPACE) end -= RECORD;
    if (end > run) end = put(end, RUN_END, 0, 0, 0, 0, 0, 0, 0);
    return end;
}

/* One line: `text[start:end]` holds no line break, starts and ends with a visible character,
 * and its only space is U+0020. Writes its runs at `out` and returns the end of what it wrote,
 * or NULL where _plain_line_runs returns False (the caller then reads the line in general).
 * Scratch arrays hold at least end - start + 1 entries. */
static double *plain_line(const Pdfium *f, void *h, const uint32_t *text, int start, int end,
                          double *out, int *word_start, int *word_len, int *present,
                          int *object_of, double *boxes) {
    double l, r, b, t, ox, oy;
    if (quarter_turns(f->angle(h, start))) return NULL;
    /* words = stripped.split(" "); starts as there */
    int n_words = 0;
    int i = start;
    for (;;) {
        int j = i;
        while (j < end && text[j] != 0x20) j++;
        word_start[n_words] = i;
        word_len[n_words] = j - i;
        n_words++;
        if (j >= end) break;
        i = j + 1;
    }
    int n_present = 0;
    for (int k = 0; k < n_words; k++) {
        object_of[k] = -1;
        if (word_len[k]) present[n_present++] = k;
    }
    /* the text objects: longest stretches of words that are one pdfium rectangle */
    int n_boxes = 0;
    i = 0;
    while (i < n_present) {
        int first = word_start[present[i]];
        int counted = -1; /* None */
        int last;
        if (f->count_rects(h, first, end - first) == 1) {
            last = n_present - 1;
            counted = end;
        } else {
            int first_len = word_len[present[i]];
            if (f->count_rects(h, first, first_len) != 1) {
                i++; /* a word over several objects: read per character */
                continue;
            }
            counted = first + first_len;
            int low = i, high = n_present - 2;
            if (low < high) { /* a word alone (a margin number) is asked first */
                int k = present[low + 1];
                int stop = word_start[k] + word_len[k];
                if (f->count_rects(h, first, stop - first) == 1) {
                    low = low + 1;
                    counted = stop;
                } else {
                    high = low;
                    counted = -1;
                }
            }
            while (low < high) {
                int middle = (low + high + 1) / 2;
                int k = present[middle];
                int stop = word_start[k] + word_len[k];
                if (f->count_rects(h, first, stop - first) == 1) {
                    low = middle;
                    counted = stop;
                } else {
                    high = middle - 1;
                    counted = -1;
                }
            }
            last = low;
        }
        int k = present[last];
        int stop = word_start[k] + word_len[k];
        if (counted != stop) f->count_rects(h, first, stop - first);
        f->rect(h, 0, &l, &t, &r, &b);
        double *box = boxes + 5 * n_boxes;
        box[0] = l; box[1] = t; box[2] = r; box[3] = b;
        f->origin(h, first, &ox, &oy);
        box[4] = oy;
        f->origin(h, stop - 1, &ox, &oy);
        if (oy != box[4]) return NULL; /* not one baseline */
        for (int j = i; j <= last; j++) object_of[present[j]] = n_boxes;
        n_boxes++;
        i = last + 1;
    }
    /* the entries, cut into runs where layout.page_runs cuts */
    double *run = out;
    int cut_inside = 0, current_object = -1, have_last = 0;
    double last_x1 = 0, last_baseline = 0;
    for (int k = 0; k < n_words; k++) {
        int index = word_start[k];
        int length = word_len[k];
        if (!length) { /* a second space in a row */
            f->origin(h, index, &ox, &oy);
            out = put(out, SPACE, ox, ox, oy, oy, oy, ox, index);
            continue;
        }
        int object_index = object_of[k];
        if (object_index < 0) { /* per character, as layout.page_runs reads it */
            for (int c = index; c < index + length; c++) {
                f->box(h, c, &l, &r, &b, &t);
                f->origin(h, c, &ox, &oy);
                if (have_last && (fabs(oy - last_baseline) > 1.5
                                  || !(last_x1 - 20 <= l && l <= last_x1 + 24))) {
                    out = close_run(run, out);
                    run = out;
                }
                out = put(out, CHAR, l, r, b, t, oy, r, c);
                last_x1 = r; last_baseline = oy; have_last = 1;
            }
            current_object = -1;
        } else {
            int switched = object_index != current_object;
            const double *box = boxes + 5 * object_index;
            double left = box[0], top = box[1], right = box[2], bottom = box[3], baseline = box[4];
            current_object = object_index;
            f->box(h, index, &l, &r, &b, &t);
            double x0 = l, x1 = r, top_first = t, top_last = t;
            if (length > 1) {
                f->box(h, index + length - 1, &l, &r, &b, &t);
                x1 = r;
                top_last = t;
            }
            if (!(left <= x0 && x1 <= right && top_first <= top && top_last <= top)) return NULL;
            if (have_last && (fabs(baseline - last_baseline) > 1.5
                              || !(last_x1 - 20 <= x0 && x0 <= last_x1 + 24))) {
                out = close_run(run, out);
                run = out;
                cut_inside = cut_inside || !switched;
            }
            out = put(out, length, x0, x1, bottom, top, baseline, right, index);
            last_x1 = x1; last_baseline = baseline; have_last = 1;
        }
        if (k + 1 < n_words) { /* the space after the word */
            f->origin(h, index + length, &ox, &oy);
            out = put(out, SPACE, ox, ox, oy, oy, oy, ox, index + length);
        }
    }
    if (cut_inside) return NULL; /* a run ends inside a text object */
    return close_run(run, out);
}

/* A Python entry from one record: (text, x0, x1, bottom, top, baseline, right) and, for a word,
 * its index as an eighth item (the tuples wordruns.py builds). NULL on a Python error. */
static PyObject *entry(PyObject *text, PyObject *space, const double *r) {
    Py_ssize_t index = (Py_ssize_t)r[7];
    int word = r[0] > 0;
    PyObject *tuple = PyTuple_New(word ? 8 : 7);
    if (!tuple) return NULL;
    PyObject *chars;
    if (r[0] == SPACE) {
        Py_INCREF(space);
        chars = space;
    } else {
        chars = PyUnicode_Substring(text, index, index + (word ? (Py_ssize_t)r[0] : 1));
    }
    if (!chars) goto fail;
    PyTuple_SET_ITEM(tuple, 0, chars);
    for (int k = 1; k <= 6; k++) {
        PyObject *value = PyFloat_FromDouble(r[k]);
        if (!value) goto fail;
        PyTuple_SET_ITEM(tuple, k, value);
    }
    if (word) {
        PyObject *value = PyLong_FromSsize_t(index);
        if (!value) goto fail;
        PyTuple_SET_ITEM(tuple, 7, value);
    }
    return tuple;
fail: /* (the unset items are NULL, which a tuple's deallocation skips) */
    Py_DECREF(tuple);
    return NULL;
}

/* The runs of one line's records: [(entries, 0), ...] as wordruns._close appends them. */
static PyObject *line_runs(PyObject *text, PyObject *space, const double *r, const double *end) {
    PyObject *runs = PyList_New(0), *current = PyList_New(0);
    if (!runs || !current) goto fail;
    for (; r < end; r += RECORD) {
        if (r[0] == RUN_END) {
            PyObject *run = Py_BuildValue("(Oi)", current, 0);
            if (!run || PyList_Append(runs, run) < 0) {
                Py_XDECREF(run);
                goto fail;
            }
            Py_DECREF(run);
            Py_DECREF(current);
            if (!(current = PyList_New(0))) goto fail;
            continue;
        }
        PyObject *item = entry(text, space, r);
        if (!item || PyList_Append(current, item) < 0) {
            Py_XDECREF(item);
            goto fail;
        }
        Py_DECREF(item);
    }
    Py_DECREF(current);
    return runs;
fail:
    Py_XDECREF(runs);
    Py_XDECREF(current);
    return NULL;
}

/* Every line of `lines` (pairs start, end into the page text `text`, whose code points are
 * also given as `codes`, `n_chars` of them) read by plain_line. Returns a list with, per line,
 * its runs, or None where it must be read in general (NULL with MemoryError set when memory
 * cannot be had). Called through ctypes.PyDLL, so with the GIL held. */
PyObject *plain_lines(const Pdfium *f, void *h, PyObject *text, const uint32_t *codes, int n_chars,
                      const int *lines, int n_lines) {
    size_t n = (size_t)n_chars + 1;
    /* records: at most two per character (a character or word, a space) and one per line */
    double *records = malloc((2 * n + (size_t)n_lines) * RECORD * sizeof(double));
    int *scratch = malloc(4 * n * sizeof(int));
    double *boxes = malloc(5 * n * sizeof(double));
    PyObject *space = PyUnicode_FromString(" ");
    PyObject *result = NULL;
    if (!records || !scratch || !boxes) {
        PyErr_NoMemory();
        goto done;
    }
    if (!space || !(result = PyList_New(n_lines))) goto done;
    for (int i = 0; i < n_lines; i++) {
        double *end = plain_line(f, h, codes, lines[2 * i], lines[2 * i + 1], records, scratch,
                                 scratch + n, scratch + 2 * n, scratch + 3 * n, boxes);
        PyObject *runs = Py_None;
        if (end == NULL) {
            Py_INCREF(Py_None);
        } else if (!(runs = line_runs(text, space, records, end))) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, runs);
    }
done:
    free(records);
    free(scratch);
    free(boxes);
    Py_XDECREF(space);
    return result;
}

/* layout._UPRIGHT: (x, y) on a page of `width` x `height` into the upright frame of text set
 * `turns` clockwise quarter turns (the same arithmetic). */
static void upright(int turns, double x, double y, double width, double height, double *ux, double *uy) {
    if (turns == 1) { *ux = height - y; *uy = x; }
    else if (turns == 2) { *ux = width - x; *uy = height - y; }
    else if (turns == 3) { *ux = y; *uy = width - x; }
    else { *ux = x; *uy = y; }
}

/* The record of one character read on its own, as layout.page_runs builds its entry (box and
 * baseline turned upright; min and max as Python's: the first of two equal values). */
static void char_record(const Pdfium *f, void *h, int index, int turns, double width, double height,
                        int text_index, double *record) {
    double l, r, b, t, ox, oy;
    f->box(h, index, &l, &r, &b, &t);
    f->origin(h, index, &ox, &oy);
    if (!turns) {
        put(record, CHAR, l, r, b, t, oy, r, text_index);
        return;
    }
    double xa, ya, xb, yb, unused, baseline;
    upright(turns, l, b, width, height, &xa, &ya);
    upright(turns, r, t, width, height, &xb, &yb);
    upright(turns, ox, oy, width, height, &unused, &baseline);
    double x0 = xb < xa ? xb : xa, x1 = xb > xa ? xb : xa;
    put(record, CHAR, x0, x1, yb < ya ? yb : ya, yb > ya ? yb : ya, baseline, x1, text_index);
}

/* wordruns._chars: the character entries (text, x0, x1, bottom, top, baseline, x1) of `token`,
 * whose first character is pdfium's `start`, turned upright by `turns`. A list, or NULL with a
 * Python error set. */
PyObject *chars(const Pdfium *f, void *h, PyObject *token, int start, int count, int turns,
                double width, double height) {
    PyObject *out = PyList_New(count);
    if (!out) return NULL;
    for (int i = 0; i < count; i++) {
        double record[RECORD];
        char_record(f, h, start + i, turns, width, height, i, record);
        PyObject *item = entry(token, NULL, record);
        if (!item) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, i, item);
    }
    return out;
}

/* layout.page_runs' close(): trailing spaces dropped, a run left appended to `runs` as
 * (entries, turns), and a new empty list in *current. -1 on a Python error. */
static int close_entries(PyObject *runs, PyObject **current, PyObject *space, int turns) {
    Py_ssize_t size = PyList_GET_SIZE(*current);
    while (size > 0 && PyTuple_GET_ITEM(PyList_GET_ITEM(*current, size - 1), 0) == space) size--;
    if (size == 0 && PyList_GET_SIZE(*current) == 0) return 0;
    if (PyList_SetSlice(*current, size, PyList_GET_SIZE(*current), NULL) < 0) return -1;
    if (size > 0) {
        PyObject *run = Py_BuildValue("(Oi)", *current, turns);
        if (!run || PyList_Append(runs, run) < 0) {
            Py_XDECREF(run);
            return -1;
        }
        Py_DECREF(run);
    }
    Py_DECREF(*current);
    return (*current = PyList_New(0)) ? 0 : -1;
}

/* Appends a new reference and lets it go; -1 on a Python error (also when `item` is NULL). */
static int append(PyObject *list, PyObject *item) {
    int status = item ? PyList_Append(list, item) : -1;
    Py_XDECREF(item);
    return status;
}

/* layout.page_runs (the per-character reader of a page whose drawing has strokes), line for
 * line: characters in pdfium's order, cut into runs at its line breaks and baseline changes,
 * turned upright, as [(entries, turns), ...]. `text` has the page's characters, also given as
 * code points `codes`; those from `start` to `end` are read (the whole page, or one line: the
 * word reader reads a line set in another direction, a side tab, this way). NULL with a Python
 * error set. */
PyObject *page_runs(const Pdfium *f, void *h, PyObject *text, const uint32_t *codes, int start, int end,
                    double width, double height) {
    PyObject *runs = PyList_New(0), *current = PyList_New(0), *space = PyUnicode_FromString(" ");
    int turns = -1, have_last = 0;
    double last_x1 = 0, last_baseline = 0, record[RECORD];
    if (!runs || !current || !space) goto fail;
    for (int i = start; i < end; i++) {
        uint32_t ch = codes[i];
        if (ch == '\r' || ch == '\n') {
            if (close_entries(runs, &current, space, turns) < 0) goto fail;
            have_last = 0;
            turns = -1;
            continue;
        }
        if (ch == ' ' || ch == 0) {
            if (PyList_GET_SIZE(current)) { /* (then turns >= 0: a character was read) */
                double ox, oy, x, y;
                f->origin(h, i, &ox, &oy);
                upright(turns, ox, oy, width, height, &x, &y);
                put(record, SPACE, x, x, y, y, y, x, i);
                if (append(current, entry(text, space, record)) < 0) goto fail;
            }
            continue;
        }
        if (turns < 0) turns = quarter_turns(f->angle(h, i));
        char_record(f, h, i, turns, width, height, i, record);
        double x0 = record[1], x1 = record[2], baseline = record[5];
        /* a new run at a baseline change, a jump back, or a wide jump forward */
        if (have_last && (fabs(baseline - last_baseline) > 1.5
                          || !(last_x1 - 20 <= x0 && x0 <= last_x1 + 24))) {
            if (close_entries(runs, &current, space, turns) < 0) goto fail;
        }
        last_x1 = x1;
        last_baseline = baseline;
        have_last = 1;
        if (append(current, entry(text, space, record)) < 0) goto fail;
    }
    if (close_entries(runs, &current, space, turns) < 0) goto fail;
    Py_DECREF(current);
    Py_DECREF(space);
    return runs;
fail:
    Py_XDECREF(runs);
    Py_XDECREF(current);
    Py_XDECREF(space);
    return NULL;
}

/* drawing.page_drawing walks a page's objects for strokes and images; on a text page nearly all
 * of them are text objects, each two ctypes calls to skip. This gives the type of each of the
 * `count` objects of a page (form = 0: get_object is FPDFPage_GetObject) or of a form object
 * (form = 1: FPDFFormObj_GetObject) as bytes (FPDF_PAGEOBJ_*; 0, unknown, for anything else). */
typedef void *(*page_object_fn)(void *, int);
typedef void *(*form_object_fn)(void *, unsigned long);
typedef int (*object_type_fn)(void *);

PyObject *object_types(void *get_object, void *get_type, void *container, int form, int count) {
    PyObject *out = PyBytes_FromStringAndSize(NULL, count > 0 ? count : 0);
    if (!out) return NULL;
    char *types = PyBytes_AS_STRING(out);
    for (int i = 0; i < count; i++) {
        void *object = form ? ((form_object_fn)get_object)(container, (unsigned long)i)
                            : ((page_object_fn)get_object)(container, i);
        int type = ((object_type_fn)get_type)(object);
        types[i] = (char)(type >= 0 && type <= 127 ? type : 0);
    }
    return out;
}
