/* rerank.c — the second ranking of a question's first document hits.
 * Owns: where the question's ranking units occur in each of those documents
 * (from the character positions of the document records), the best window
 * of the text for them and the share of them a document holds, whether a
 * document is about another region than the one the question names (or about
 * a region when the question names none), and the order and scores that
 * follow. Not: the first ranking (Xapian's BM25 over the
 * weighted units, query.c and search.c) or what the settings are (rank.c).
 *
 * Why by hand: Xapian's weighting schemes score each term of a document on
 * its own; a score over where several terms occur together in one stretch
 * of text needs their positions, which only a pass over them gives. */
#include "rerank.h"
#include "document_int.h"
#include "schema.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct occ {
    unsigned pos;
    unsigned unit;
} occ;

typedef struct plist {
    const unsigned *p;
    size_t n;
} plist;

static int has_pos(const plist *l, unsigned p)
{
    size_t lo = 0, hi = l->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (l->p[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n && l->p[lo] == p;
}

/* BM25's term-frequency part, k1 as the first ranking's */
static double sat(double k1, unsigned tf)
{
    return tf * (k1 + 1) / (tf + k1);
}

typedef struct ctx {
    const pol_built_query *bq;
    const pol_rank_opts *ro;
    const char **chars;         /* distinct positional units of the units */
    size_t nchars;
    size_t **idx;               /* idx[u][k]: chars index of unit u's k-th positional unit */
    double *w;                  /* unit weights (kind times idf) */
    plist *pl;                  /* per chars entry: positions in the current document */
    occ *ev;
    size_t nev, evcap;
    occ *tmp;                   /* room for merging ev */
    size_t tmpcap;
    size_t *run;                /* run[u]: where unit u's events start in ev; run[nqunits]: nev */
    unsigned *tf;
    unsigned char *found;
} ctx;

/* Sorts c->ev by position: it holds one ascending run per unit, in unit
 * order (c->run), merged pairwise with the left run's event first at equal
 * positions: the order of a stable sort (glibc's qsort merge sort gave it),
 * in fewer steps than a sort that knows nothing of the runs. */
static pol_status sort_events(ctx *c, size_t nruns)
{
    if (nruns < 2 || c->nev < 2)
        return POL_OK;
    if (c->tmpcap < c->nev) {
        occ *t = realloc(c->tmp, c->evcap * sizeof *t);
        if (!t)
            return POL_ENOMEM;
        c->tmp = t;
        c->tmpcap = c->evcap;
    }
    size_t *run = c->run;
    while (nruns > 1) {
        size_t out = 0;
        for (size_t r = 0; r < nruns; r += 2) {
            /* run[nruns] is the end: an odd last run is copied alone */
            size_t a = run[r], am = run[r + 1], b = am, bm = r + 1 < nruns ? run[r + 2] : am, o = a;
            while (a < am && b < bm)
                c->tmp[o++] = c->ev[b].pos < c->ev[a].pos ? c->ev[b++] : c->ev[a++];
            while (a < am)
                c->tmp[o++] = c->ev[a++];
            while (b < bm)
                c->tmp[o++] = c->ev[b++];
            run[out++] = run[r];
        }
        run[out] = c->nev;
        nruns = out;
        occ *sw = c->ev;
        size_t swc = c->evcap;
        c->ev = c->tmp;
        c->evcap = c->tmpcap;
        c->tmp = sw;
        c->tmpcap = swc;
    }
    return POL_OK;
}

static pol_status add_event(ctx *c, unsigned pos, unsigned unit)
{
    occ *n = pol__grow(c->ev, &c->evcap, c->nev, sizeof *n);
    if (!n)
        return POL_ENOMEM;
    c->ev = n;
    c->ev[c->nev].pos = pos;
    c->ev[c->nev++].unit = unit;
    return POL_OK;
}

/* Where the i-th hit of m is, against the regions the question names, by
 * its region (metadata) when that is a province or city (not 全国): *other
 * 1 when the question names regions and the hit's is related to none of
 * them; *unasked 1 when the question names none. */
static pol_status region_flags(const pol_built_query *bq, const pol_rank_opts *ro, pol_poscache *pc,
                               unsigned docid, int *other, int *unasked)
{
    const char *v;
    size_t len;
    char r[128];
    *other = *unasked = 0;
    if (bq->nregions ? ro->other_region <= 0 : ro->unasked_region <= 0)
        return POL_OK;
    polx_doc *doc = NULL; /* the cache's, open already for the positions */
    pol_status st = pol__poscache_doc(pc, docid, &doc);
    if (st >= 0)
        st = pol__x_doc_get_value(doc, POL_V_REGION, &v, &len);
    if (st < 0 || len == 0 || len >= sizeof r)
        return st;
    memcpy(r, v, len);
    r[len] = '\0';
    const char *dr[4];
    size_t nd = pol__meta_regions_named(r, dr, 4);
    *unasked = nd > 0 && bq->nregions == 0;
    *other = nd > 0 && bq->nregions > 0;
    for (size_t j = 0; j < nd; j++)
        for (size_t k = 0; k < bq->nregions; k++)
            if (pol__meta_regions_related(dr[j], bq->regions[k]))
                *other = 0;
    return POL_OK;
}

/* The best window's score and the share of units found, for one document. */
static pol_status features(ctx *c, pol_poscache *pc, unsigned docid, double *passage, double *coord)
{
    const pol_built_query *bq = c->bq;
    pol_status st = POL_OK;
    *passage = *coord = 0;
    for (size_t i = 0; i < c->nchars && st >= 0; i++)
        st = pol__poscache_get(pc, docid, NULL, c->chars[i], &c->pl[i].p, &c->pl[i].n);
    c->nev = 0;
    size_t nfound = 0;
    for (size_t u = 0; u < bq->nqunits && st >= 0; u++) {
        const plist *first = &c->pl[c->idx[u][0]];
        c->found[u] = 0;
        c->run[u] = c->nev;
        /* the start positions ascend: a forward walk over each of the
         * first 8 characters' lists finds what binary searches would */
        size_t at[8] = { 0 };
        for (size_t i = 0; i < first->n && st >= 0; i++) {
            size_t k = 1;
            for (; k < bq->qunits[u].lit.n; k++) {
                const plist *l = &c->pl[c->idx[u][k]];
                unsigned want = first->p[i] + (unsigned)k;
                if (k >= 8) {
                    if (!has_pos(l, want))
                        break;
                    continue;
                }
                while (at[k] < l->n && l->p[at[k]] < want)
                    at[k]++;
                if (at[k] == l->n || l->p[at[k]] != want)
                    break;
            }
            if (k < bq->qunits[u].lit.n)
                continue;
            c->found[u] = 1;
            st = add_event(c, first->p[i], (unsigned)u);
        }
        nfound += c->found[u];
    }
    c->run[bq->nqunits] = c->nev;
    if (st < 0 || (st = sort_events(c, bq->nqunits)) < 0)
        return st;
    *coord = bq->nqunits ? (double)nfound / bq->nqunits : 0;
    /* the window of passage_len positions starting at some occurrence with
     * the highest sum of unit weight times saturated count */
    memset(c->tf, 0, bq->nqunits * sizeof *c->tf);
    double cur = 0, best = 0, k1 = c->ro->k1;
    size_t r = 0;
    for (size_t l = 0; l < c->nev; l++) {
        while (r < c->nev && c->ev[r].pos < c->ev[l].pos + (unsigned)c->ro->passage_len) {
            unsigned u = c->ev[r++].unit;
            cur += c->w[u] * (sat(k1, c->tf[u] + 1) - sat(k1, c->tf[u]));
            c->tf[u]++;
        }
        if (cur > best)
            best = cur;
        unsigned u = c->ev[l].unit;
        cur -= c->w[u] * (sat(k1, c->tf[u]) - sat(k1, c->tf[u] - 1));
        c->tf[u]--;
    }
    *passage = best;
    return POL_OK;
}

typedef struct ranked {
    double score;
    unsigned i;
} ranked;

static int ranked_cmp(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

static void ctx_free(ctx *c, size_t nunits)
{
    for (size_t u = 0; c->idx && u < nunits; u++)
        free(c->idx[u]);
    free(c->idx);
    free(c->chars);
    free(c->w);
    free(c->pl);
    free(c->ev);
    free(c->tmp);
    free(c->run);
    free(c->tf);
    free(c->found);
}

pol_status pol__rerank(polx_db *db, pol_poscache *pc, const pol_built_query *bq,
                       const pol_rank_opts *ro, const polx_mset *m, unsigned n, unsigned *order,
                       double *scores)
{
    for (unsigned i = 0; i < n; i++) {
        order[i] = i;
        scores[i] = pol__x_mset_weight(m, i);
    }
    if (n < 2 || bq->nqunits == 0 ||
        (ro->passage <= 0 && ro->coord <= 0 && ro->other_region <= 0 && ro->unasked_region <= 0) ||
        scores[0] <= 0)
        return POL_OK;
    size_t nu = bq->nqunits, total = 0;
    for (size_t u = 0; u < nu; u++)
        total += bq->qunits[u].lit.n;
    ctx c = { bq, ro, NULL, 0, NULL, NULL, NULL, NULL, 0, 0, NULL, 0, NULL, NULL, NULL };
    pol_status st = POL_ENOMEM;
    double *pas = malloc(n * sizeof *pas), *crd = malloc(n * sizeof *crd);
    int *oth = malloc(n * sizeof *oth), *una = malloc(n * sizeof *una);
    ranked *rk = malloc(n * sizeof *rk);
    c.chars = malloc(total * sizeof *c.chars);
    c.idx = calloc(nu, sizeof *c.idx);
    c.w = malloc(nu * sizeof *c.w);
    c.tf = malloc(nu * sizeof *c.tf);
    c.found = malloc(nu);
    c.run = malloc((nu + 1) * sizeof *c.run);
    if (!pas || !crd || !oth || !una || !rk || !c.chars || !c.idx || !c.w || !c.tf || !c.found ||
        !c.run)
        goto done;
    unsigned ndocs = 0;
    if ((st = pol__x_db_doccount(db, &ndocs)) < 0)
        goto done;
    for (size_t u = 0; u < nu; u++) {
        const pol_qunit *q = &bq->qunits[u];
        unsigned df = 0;
        if ((st = pol__x_mset_termfreq(m, q->term, strlen(q->term), &df)) < 0)
            goto done;
        c.w[u] = q->weight * log((ndocs + 0.5) / (df + 0.5));
        if (!(c.idx[u] = malloc(q->lit.n * sizeof *c.idx[u]))) {
            st = POL_ENOMEM;
            goto done;
        }
        for (size_t k = 0; k < q->lit.n; k++) {
            size_t j = 0;
            while (j < c.nchars && strcmp(c.chars[j], q->lit.units[k]))
                j++;
            if (j == c.nchars)
                c.chars[c.nchars++] = q->lit.units[k];
            c.idx[u][k] = j;
        }
    }
    if (!(c.pl = calloc(c.nchars ? c.nchars : 1, sizeof *c.pl))) {
        st = POL_ENOMEM;
        goto done;
    }
    double pmax = 0;
    for (unsigned i = 0; i < n; i++) {
        if ((st = features(&c, pc, pol__x_mset_docid(m, i), &pas[i], &crd[i])) < 0 ||
            (st = region_flags(bq, ro, pc, pol__x_mset_docid(m, i), &oth[i], &una[i])) < 0)
            goto done;
        if (pas[i] > pmax)
            pmax = pas[i];
    }
    /* the region settings take off; every hit gets what they could take, so
     * that scores stay positive and above those of the hits not re-ranked */
    double top = scores[0], lift = ro->other_region + ro->unasked_region;
    for (unsigned i = 0; i < n; i++) {
        rk[i].i = i;
        rk[i].score = scores[i] / top + ro->coord * crd[i] + (pmax > 0 ? ro->passage * pas[i] / pmax : 0) +
                      lift - ro->other_region * oth[i] - ro->unasked_region * una[i];
    }
    qsort(rk, n, sizeof *rk, ranked_cmp);
    for (unsigned i = 0; i < n; i++) {
        order[i] = rk[i].i;
        scores[i] = rk[i].score * top;
    }
    st = POL_OK;
done:
    free(pas);
    free(crd);
    free(oth);
    free(una);
    free(rk);
    ctx_free(&c, nu);
    return st;
}

typedef struct eterms {
    polx_query **q;
    double *w;
    size_t n, cap;
    pol_status st;
} eterms;

static int add_eterm(void *ctx, const char *t, size_t len, double w)
{
    eterms *x = ctx;
    if (x->n == x->cap)
        return 1;
    polx_query *tq = NULL;
    if ((x->st = pol__x_query_term(&tq, t, len, 1, 0)) < 0)
        return 1;
    x->q[x->n] = tq;
    x->w[x->n++] = w;
    return 0;
}

pol_status pol__feedback_query(polx_enquire *e, const polx_mset *m, const polx_query *q,
                               const pol_rank_opts *ro, polx_query **out)
{
    *out = NULL;
    unsigned nd = pol__x_mset_size(m);
    if (nd > (unsigned)ro->prf_docs)
        nd = (unsigned)ro->prf_docs;
    if (ro->prf <= 0 || nd == 0)
        return POL_OK;
    unsigned *ids = malloc(nd * sizeof *ids);
    eterms x = { calloc((size_t)ro->prf_terms, sizeof *x.q), malloc((size_t)ro->prf_terms * sizeof *x.w),
                 0, (size_t)ro->prf_terms, POL_OK };
    pol_status st = POL_ENOMEM;
    polx_query *any = NULL;
    if (!ids || !x.q || !x.w)
        goto done;
    for (unsigned i = 0; i < nd; i++)
        ids[i] = pol__x_mset_docid(m, i);
    if ((st = pol__x_enquire_eset(e, ids, nd, (unsigned)ro->prf_terms, add_eterm, &x)) < 0 ||
        (st = x.st) < 0 || x.n == 0)
        goto done;
    for (size_t i = 0; i < x.n; i++) {
        polx_query *sc = NULL;
        if ((st = pol__x_query_scale(&sc, x.q[i], ro->prf * x.w[i] / x.w[0])) < 0)
            goto done;
        pol__x_query_free(x.q[i]);
        x.q[i] = sc;
    }
    if ((st = pol__x_query_combine(&any, POLX_OP_OR, x.q, x.n, 0)) < 0)
        goto done;
    polx_query *pair[2] = { (polx_query *)q, any };
    st = pol__x_query_combine(out, POLX_OP_AND_MAYBE, pair, 2, 0);
done:
    for (size_t i = 0; x.q && i < x.n; i++)
        pol__x_query_free(x.q[i]);
    free(x.q);
    free(x.w);
    free(ids);
    pol__x_query_free(any);
    return st;
}
