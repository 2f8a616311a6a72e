/* libFuzzer target: the query parser and query builder, in every match mode,
 * on arbitrary bytes. A parse error must come with a message. */
#include "query.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static pol_analyzer *an;
    if (!an && pol_analyzer_new(&an) < 0)
        abort();
    if (size > 4096)
        return 0; /* queries are typed; longer inputs only slow the search */
    char *q = malloc(size + 1);
    if (!q)
        return 0;
    memcpy(q, data, size);
    q[size] = '\0';
    static const pol_match_mode modes[] = { POL_MATCH_AUTO, POL_MATCH_ALL, POL_MATCH_ANY };
    for (size_t i = 0; i < 3; i++) {
        pol_built_query bq;
        char err[256] = "";
        memset(&bq, 0, sizeof bq);
        pol_status st = pol__query_build(an, q, modes[i], i == 2 ? POL_QUERY_LITERAL : 0, NULL, &bq, err,
                                          sizeof err);
        if (st == POL_EQUERY && !err[0])
            abort();
        if (st >= 0)
            pol__query_free(&bq);
    }
    free(q);
    return 0;
}
