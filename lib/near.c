/* near.c — the NEAR operator's check: whether a matching record has, for
 * every NEAR pair of the query, the two sides within the pair's window of
 * characters, in the whole document or within one section's positions.
 * Reads the positions of the record's units.
 * Not: parsing NEAR (query.c) or running the match (search.c). */
#include "near.h"
#include "schema.h"
#include "util.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

typedef struct posarr { unsigned *v; size_t n; } posarr;

/* Positions (ascending) of unit u in the record. */
static pol_status positions(polx_doc *doc, const char *u, posarr *out)
{
    out->v = NULL;
    out->n = 0;
    return pol__x_doc_positions(doc, u, strlen(u), &out->v, &out->n);
}

/* Start positions of the literal (its units at consecutive positions)
 * wholly inside [lo, hi). */
static pol_status starts(polx_doc *doc, const pol_literal *l, unsigned lo, unsigned hi, posarr *out)
{
    out->v = NULL;
    out->n = 0;
    if (l->n == 0)
        return POL_OK;
    posarr *ps = calloc(l->n, sizeof *ps);
    if (!ps)
        return POL_ENOMEM;
    pol_status st = POL_OK;
    for (size_t k = 0; k < l->n && st >= 0; k++)
        st = positions(doc, l->units[k], &ps[k]);
    if (st >= 0) {
        *out = ps[0];
        ps[0].v = NULL;
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++) {
            size_t k = 1;
            while (k < l->n && pol__sorted_has(ps[k].v, ps[k].n, out->v[i] + (unsigned)k))
                k++;
            if (k == l->n && out->v[i] >= lo && out->v[i] + (unsigned)l->n <= hi)
                out->v[w++] = out->v[i];
        }
        out->n = w;
    }
    for (size_t k = 0; k < l->n; k++)
        free(ps[k].v);
    free(ps);
    return st;
}

/* Whether one pair holds. */
static pol_status pair_holds(polx_doc *doc, unsigned lo, unsigned hi, const pol_near *nr, int *ok)
{
    *ok = 0;
    for (size_t a = 0; a < nr->nalts[0] && !*ok; a++) {
        posarr pa;
        pol_status st = starts(doc, &nr->alts[0][a], lo, hi, &pa);
        if (st < 0)
            return st;
        for (size_t b = 0; b < nr->nalts[1] && !*ok && pa.n; b++) {
            posarr pb;
            if ((st = starts(doc, &nr->alts[1][b], lo, hi, &pb)) < 0) {
                free(pa.v);
                return st;
            }
            long la = (long)nr->alts[0][a].n, lb = (long)nr->alts[1][b].n;
            for (size_t i = 0; i < pa.n && !*ok; i++)
                for (size_t j = 0; j < pb.n && !*ok; j++) {
                    long x = pa.v[i], y = pb.v[j];
                    long gap = x <= y ? y - (x + la) : x - (y + lb);
                    *ok = gap <= (long)nr->window;
                }
            free(pb.v);
        }
        free(pa.v);
    }
    return POL_OK;
}

pol_status pol__near_holds(const pol_built_query *bq, polx_doc *doc, unsigned lo, unsigned hi, int *ok)
{
    pol_status st = POL_OK;
    *ok = 1;
    for (size_t i = 0; i < bq->nnears && *ok && st >= 0; i++)
        st = pair_holds(doc, lo, hi, &bq->nears[i], ok);
    return st;
}

int pol__near_accept(void *ctx, polx_doc *doc)
{
    pol_near_check *c = ctx;
    int ok = 0;
    if (c->rc < 0)
        return 0;
    pol_status st = pol__near_holds(c->bq, doc, 0, UINT_MAX, &ok);
    if (st < 0) {
        c->rc = st;
        return 0;
    }
    return ok;
}
