/* The plain-line word reader of wordruns.py (_plain_line_runs), in C.
 *
 * Why C: on an upright line of printing words the reader makes ~25 pdfium calls per line
 * (object discovery by bisection, the first and last character box of every word, the origin
 * of every space). Through ctypes each call costs ~1 us of Python and argument handling; pdfium
 * itself needs a few tens of ns. Here the same calls are made directly, in the same order, for
 * every plain line of a page at once, and the results go back in one array.
 *
 * Nothing is linked against pdfium: the caller passes the addresses of pdfium's functions (the
 * ones pypdfium2 has already loaded), so this builds with nothing but a C compiler.
 *
 * This is a line-for-line translation of wordruns._plain_line_runs (which stays as the fallback
 * when no compiler is available); any change there must be made here too. The tests compare the
 * two on every corpus PDF page (tests/ingest/test_plainlines.py).
 */

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

/* Every line of `lines` (pairs start, end into `text`, which has `n_chars` code points) read
 * by plain_line, its records appended to `out` (at least 2 * n_chars + n_lines records long).
 * `written[i]`: the records of line i, or -1 when it must be read in general.
 * Returns the number of records written, or -1 when scratch memory cannot be had. */
int plain_lines(const Pdfium *f, void *h, const uint32_t *text, int n_chars, const int *lines,
                int n_lines, double *out, int *written) {
    size_t n = (size_t)n_chars + 1;
    int *scratch = malloc(4 * n * sizeof(int));
    double *boxes = malloc(5 * n * sizeof(double));
    if (!scratch || !boxes) {
        free(scratch);
        free(boxes);
        return -1;
    }
    double *at = out;
    for (int i = 0; i < n_lines; i++) {
        double *end = plain_line(f, h, text, lines[2 * i], lines[2 * i + 1], at, scratch,
                                 scratch + n, scratch + 2 * n, scratch + 3 * n, boxes);
        if (end == NULL) {
            written[i] = -1;
        } else {
            written[i] = (int)((end - at) / RECORD);
            at = end;
        }
    }
    free(scratch);
    free(boxes);
    return (int)((at - out) / RECORD);
}
