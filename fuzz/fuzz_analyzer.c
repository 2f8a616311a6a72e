/* libFuzzer target: analysis and normalization of arbitrary bytes. Every
 * unit must lie within the input and be non-empty. */
#include "polsearch/analyzer.h"

#include <stdint.h>
#include <stdlib.h>

static int on_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                   unsigned pos, unsigned flags)
{
    size_t n = *(size_t *)ctx;
    (void)u; (void)pos; (void)flags;
    if (len == 0 || start > end || end > n)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pol_analyzer *an;
    if (!an && pol_analyzer_new(&an) < 0)
        abort();
    pol_analyzer_run(an, (const char *)data, size, 1, on_unit, &size, NULL);
    char *norm = NULL;
    size_t nlen = 0;
    if (pol_analyzer_normalize(an, (const char *)data, size, &norm, &nlen) >= 0)
        free(norm);
    return 0;
}
