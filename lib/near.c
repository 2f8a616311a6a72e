/* near.c — the NEAR operator's check: whether a matching record has, for
 * every NEAR pair of the query, the two sides within the pair's window of
 * characters. Reads the positions of a document record's units, or analyzes
 * the stored text of a section record (which has no positions).
 * Not: parsing NEAR (query.c) or running the match (search.c). */
#include "near.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct posarr { unsigned *v; size_t n; } posarr;

/* Section text analyzed into its positional units, in order. */
typedef struct textunits {
    pol_buf store;
    size_t *off, *len;
    size_t n, cap;
    int oom;
} textunits;

static int collect(void *ctx, const char *u, size_t len, size_t start, size_t end, unsigned pos,
                   unsigned flags)
{
    textunits *t = ctx;
    (void)start; (void)end; (void)pos;
    if (!(flags & POL_UNIT_CHAR))
        return 0;
    if (t->n == t->cap) {
        size_t c = t->cap ? t->cap * 2 : 256;
        size_t *no = realloc(t->off, c * sizeof *no);
        if (!no) { t->oom = 1; return 1; }
        t->off = no;
        size_t *nl = realloc(t->len, c * sizeof *nl);
        if (!nl) { t->oom = 1; return 1; }
        t->len = nl;
        t->cap = c;
    }
    t->off[t->n] = t->store.len;
    t->len[t->n++] = len;
    pol__buf_add(&t->store, u, len);
    return t->store.oom ? (t->oom = 1) : 0;
}

/* Positions (ascending) of unit u: from the record's posting, or from the text. */
static pol_status positions(polx_doc *doc, const textunits *t, const char *u, posarr *out)
{
    out->v = NULL;
    out->n = 0;
    if (!t)
        return pol__x_doc_positions(doc, u, strlen(u), &out->v, &out->n);
    size_t ul = strlen(u), cap = 0;
    for (size_t i = 0; i < t->n; i++) {
        if (t->len[i] != ul || memcmp(t->store.data + t->off[i], u, ul))
            continue;
        if (out->n == cap) {
            cap = cap ? cap * 2 : 8;
            unsigned *nv = realloc(out->v, cap * sizeof *nv);
            if (!nv) { free(out->v); out->v = NULL; out->n = 0; return POL_ENOMEM; }
            out->v = nv;
        }
        out->v[out->n++] = (unsigned)i;
    }
    return POL_OK;
}

static int has(const posarr *a, unsigned p)
{
    size_t lo = 0, hi = a->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (a->v[mid] == p) return 1;
        if (a->v[mid] < p) lo = mid + 1; else hi = mid;
    }
    return 0;
}

/* Start positions of the literal (its units at consecutive positions). */
static pol_status starts(polx_doc *doc, const textunits *t, const pol_literal *l, posarr *out)
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
        st = positions(doc, t, l->units[k], &ps[k]);
    if (st >= 0) {
        *out = ps[0];
        ps[0].v = NULL;
        size_t w = 0;
        for (size_t i = 0; i < out->n; i++) {
            size_t k = 1;
            while (k < l->n && has(&ps[k], out->v[i] + (unsigned)k))
                k++;
            if (k == l->n)
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
static pol_status pair_holds(polx_doc *doc, const textunits *t, const pol_near *nr, int *ok)
{
    *ok = 0;
    for (size_t a = 0; a < nr->nalts[0] && !*ok; a++) {
        posarr pa;
        pol_status st = starts(doc, t, &nr->alts[0][a], &pa);
        if (st < 0)
            return st;
        for (size_t b = 0; b < nr->nalts[1] && !*ok && pa.n; b++) {
            posarr pb;
            if ((st = starts(doc, t, &nr->alts[1][b], &pb)) < 0) {
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

int pol__near_accept(void *ctx, polx_doc *doc)
{
    pol_near_check *c = ctx;
    textunits t;
    memset(&t, 0, sizeof t);
    char *text = NULL;
    pol_status st = POL_OK;
    int ok = 1;
    if (c->rc < 0)
        return 0;
    if (c->sections) {
        const char *data;
        size_t len, tlen;
        pol_secdata d;
        if ((st = pol__x_doc_get_data(doc, &data, &len)) >= 0 &&
            (st = pol__secdata_decode(&d, data, len)) >= 0 &&
            (st = pol__secdata_text(&d, &text, &tlen)) >= 0) {
            st = pol_analyzer_run(c->an, text, tlen, 1, collect, &t, NULL);
            if (st >= 0 && t.oom)
                st = POL_ENOMEM;
        }
    }
    for (size_t i = 0; i < c->bq->nnears && ok && st >= 0; i++)
        st = pair_holds(doc, c->sections ? &t : NULL, &c->bq->nears[i], &ok);
    free(text);
    free(t.off);
    free(t.len);
    pol__buf_free(&t.store);
    if (st < 0) {
        c->rc = st;
        return 0;
    }
    return ok;
}
