/* libFuzzer target: decoding stored document data (format 4: metadata, section
 * table, unit map, text, each zlib-compressed; docs/schema.md), as a damaged
 * index hands it over. Decoding either fails cleanly or gives sections inside
 * the text, texts of the stated length, NUL-terminated, and units that are
 * code points; a prefix (zlib's inflate, or libdeflate's whole text past
 * half-way) agrees with the whole text wherever both decode. */
#include "schema.h"
#include "units.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct span_check {
    const uint32_t *units;
    size_t text_len, next; /* the position the next unit has */
} span_check;

static int check_span(void *ctx, uint32_t cp, size_t start, size_t end)
{
    span_check *c = ctx;
    if (cp != c->units[c->next - 1] || start > end || end > c->text_len)
        abort();
    c->next++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pol_secdata d;
    if (pol__secdata_decode(&d, (const char *)data, size) < 0)
        return 0;
    char *tbuf = NULL;
    pol_secinfo *secs = NULL;
    size_t n = 0;
    if (pol__secdata_sections(&d, &tbuf, &secs, &n) >= 0) {
        for (size_t i = 0; i < n; i++)
            if (secs[i].start > secs[i].end || secs[i].end > d.text_len ||
                (secs[i].parent != (size_t)-1 && secs[i].parent >= n))
                abort();
        free(tbuf);
        free(secs);
    }
    char *whole = NULL;
    size_t wl = 0;
    int have_whole = pol__secdata_text(&d, &whole, &wl) >= 0;
    if (have_whole && (wl != d.text_len || whole[wl] != '\0'))
        abort();
    size_t upto[4] = { 1, (size_t)(d.text_len / 3), (size_t)(d.text_len / 2) + 1, (size_t)d.text_len };
    for (int k = 0; k < 4; k++) {
        char *t = NULL;
        size_t tl = 0;
        if (pol__secdata_text_prefix(&d, upto[k], &t, &tl) < 0)
            continue;
        size_t want = upto[k] < d.text_len ? upto[k] : (size_t)d.text_len;
        if (tl < want || tl > d.text_len || t[tl] != '\0' || (have_whole && memcmp(t, whole, tl) != 0))
            abort();
        free(t);
    }
    uint32_t *units = NULL;
    size_t nu = 0;
    pol_unitwalk walk;
    if (pol__secdata_units(&d, have_whole ? whole : NULL, &units, &nu, &walk) >= 0) {
        for (size_t i = 0; i < nu; i++)
            if (units[i] > 0x10FFFF)
                abort();
        /* the units from a third of the way on with their bytes: the same
         * code points, inside the text */
        span_check sc = { units, d.text_len, nu / 3 + 1 };
        if (have_whole && (pol__unitmap_spans(&walk, whole, d.text_len, nu / 3 + 1, nu + 1, check_span,
                                              &sc) < 0 || sc.next != nu + 1))
            abort();
        free(units);
        pol__unitwalk_free(&walk);
    }
    free(whole);
    pol__secdata_release(&d);
    return 0;
}
