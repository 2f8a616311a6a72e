/* libFuzzer target: analysis and normalization of arbitrary bytes. Every
 * unit must lie within the input and be non-empty, and the units must be
 * the same (kind, bytes, offsets, positions) whether the word break runs
 * over the text with its ideographs blanked (the analyzer's way) or over the
 * text itself, ICU's Chinese dictionary included. */
#include "polsearch/analyzer.h"
#include "analyzer_int.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sink {
    size_t n;               /* input bytes */
    unsigned char *log;     /* the units, serialized */
    size_t len, cap;
} sink;

static int on_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                   unsigned pos, unsigned flags)
{
    sink *s = ctx;
    if (len == 0 || start > end || end > s->n)
        abort();
    size_t need = len + 5 * sizeof(size_t);
    if (s->len + need > s->cap) {
        size_t c = (s->cap + need) * 2;
        unsigned char *nl = realloc(s->log, c);
        if (!nl)
            abort();
        s->log = nl;
        s->cap = c;
    }
    size_t h[5] = { len, start, end, pos, flags };
    memcpy(s->log + s->len, h, sizeof h);
    memcpy(s->log + s->len + sizeof h, u, len);
    s->len += need;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pol_analyzer *an;
    if (!an && pol_analyzer_new(&an) < 0)
        abort();
    sink m = { size, NULL, 0, 0 }, f = { size, NULL, 0, 0 };
    pol_status s1 = pol_analyzer_run(an, (const char *)data, size, 1, on_unit, &m, NULL);
    pol__analyzer_full_break(an, 1);
    pol_status s2 = pol_analyzer_run(an, (const char *)data, size, 1, on_unit, &f, NULL);
    pol__analyzer_full_break(an, 0);
    if (s1 != s2 || m.len != f.len || (m.len && memcmp(m.log, f.log, m.len) != 0)) {
        fprintf(stderr, "units differ with ideographs blanked and without\n");
        abort();
    }
    free(m.log);
    free(f.log);
    char *norm = NULL;
    size_t nlen = 0;
    if (pol_analyzer_normalize(an, (const char *)data, size, &norm, &nlen) >= 0)
        free(norm);
    return 0;
}
