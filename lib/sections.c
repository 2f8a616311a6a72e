/* sections.c — ranking the sections of a document record. The record keeps
 * the positions of every character of its text and a section table mapping
 * each section to a range of positions (docs/schema.md), so a section's
 * term frequencies are counted from the positions of the query's units:
 * a bigram or a Latin word occurs where its characters are at consecutive
 * positions. Sections are scored with BM25 over those counts, the idf taken
 * from the document records. Written here because Xapian ranks records, not
 * parts of them, and one record per section made the index six times larger.
 * Not: matching documents (search.c) or choosing the passage (snippet.c). */
#include "sections.h"
#include "util.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct rank_unit {
    const pol_literal *lit;  /* its characters: lit->units[first .. first + n) */
    size_t first, n;
    double w;                /* weight times idf */
    int qualifies;           /* occurring alone lists a section (not a character of a word) */
} rank_unit;

struct pol_secrank {
    rank_unit *u;
    size_t n;
    double k1, b;
};

/* Latin letters and digits are one byte after normalization, CJK three or four. */
static int is_cjk(const char *unit) { return strlen(unit) >= 3; }

static int same_unit(const rank_unit *a, const pol_literal *l, size_t first, size_t n)
{
    if (a->n != n)
        return 0;
    for (size_t k = 0; k < n; k++)
        if (strcmp(a->lit->units[a->first + k], l->units[first + k]) != 0)
            return 0;
    return 1;
}

static pol_status add_unit(pol_secrank *r, size_t *cap, const polx_mset *m, unsigned ndocs,
                           const pol_literal *l, size_t first, size_t n, double w, int qualifies)
{
    if (w <= 0)
        return POL_OK;
    for (size_t i = 0; i < r->n; i++)
        if (same_unit(&r->u[i], l, first, n))
            return POL_OK;
    pol_buf t = POL_BUF_INIT;
    for (size_t k = 0; k < n; k++)
        pol__buf_addstr(&t, l->units[first + k]);
    unsigned df = 0;
    pol_status st = t.oom ? POL_ENOMEM : pol__x_mset_termfreq(m, t.data, t.len, &df);
    pol__buf_free(&t);
    if (st < 0 || df == 0)
        return st;
    rank_unit *nu = pol__grow(r->u, cap, r->n, sizeof *nu);
    if (!nu)
        return POL_ENOMEM;
    r->u = nu;
    double idf = log(1.0 + ((double)ndocs - df + 0.5) / (df + 0.5));
    r->u[r->n++] = (rank_unit){ l, first, n, w * idf, qualifies };
    return POL_OK;
}

pol_status pol__secrank_new(pol_secrank **out, polx_db *db, const polx_mset *m,
                            const pol_built_query *bq, const pol_rank_opts *ro)
{
    pol_secrank *r = calloc(1, sizeof *r);
    size_t cap = 0;
    unsigned ndocs = 0;
    *out = r;
    if (!r)
        return POL_ENOMEM;
    r->k1 = ro->k1;
    r->b = ro->b;
    pol_status st = pol__x_db_doccount(db, &ndocs);
    for (size_t i = 0; i < bq->nlits && st >= 0; i++) {
        const pol_literal *l = &bq->lits[i];
        int multi = 0; /* has bigrams or Latin words: characters weigh less */
        for (size_t k = 0; k < l->n && st >= 0; k++) {
            if (!is_cjk(l->units[k])) {
                size_t e = k;
                while (e < l->n && !is_cjk(l->units[e]))
                    e++;
                st = add_unit(r, &cap, m, ndocs, l, k, e - k, ro->token, 1);
                k = e - 1;
                multi = 1;
            } else if (k + 1 < l->n && is_cjk(l->units[k + 1])) {
                st = add_unit(r, &cap, m, ndocs, l, k, 2, ro->bigram, 1);
                multi = 1;
            }
        }
        for (size_t k = 0; k < l->n && st >= 0; k++)
            if (is_cjk(l->units[k]))
                st = add_unit(r, &cap, m, ndocs, l, k, 1, multi ? ro->character : 1.0, !multi);
    }
    return st;
}

void pol__secrank_free(pol_secrank *r)
{
    if (!r)
        return;
    free(r->u);
    free(r);
}

pol_status pol__secrank_score(const pol_secrank *r, pol_poscache *pc, unsigned docid, polx_doc *doc,
                              const pol_secinfo *secs, size_t n, double avglen, double *scores,
                              unsigned char *listed)
{
    /* per unit: the sections its occurrences are in, and how many in each */
    unsigned *tsec = calloc(n ? 2 * n : 1, sizeof *tsec), *tcnt = tsec ? tsec + n : NULL;
    pol_status st = tsec ? POL_OK : POL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        scores[i] = 0;
    if (listed)
        memset(listed, 0, n);
    if (avglen < 1)
        avglen = 1;
    for (size_t i = 0; i < r->n && st >= 0; i++) {
        const rank_unit *u = &r->u[i];
        const unsigned *v0 = NULL;
        size_t n0 = 0;
        if ((st = pol__poscache_get(pc, docid, doc, u->lit->units[u->first], &v0, &n0)) < 0 || n0 == 0)
            continue;
        /* positions of the other characters, then the unit's start positions */
        const unsigned *vk[8];
        size_t nk[8], m = u->n < 8 ? u->n : 8;
        for (size_t k = 1; k < m && st >= 0; k++)
            st = pol__poscache_get(pc, docid, doc, u->lit->units[u->first + k], &vk[k], &nk[k]);
        if (st < 0)
            break;
        /* the start positions ascend: one forward walk over each list and
         * over the sections (sorted by pos0) finds what binary searches
         * would; the sections counted are in ascending order, each once */
        size_t at[8] = { 0 }, sec = 0, nt = 0;
        for (size_t j = 0; j < n0; j++) {
            size_t k = 1;
            for (; k < m; k++) {
                unsigned want = v0[j] + (unsigned)k;
                while (at[k] < nk[k] && vk[k][at[k]] < want)
                    at[k]++;
                if (at[k] == nk[k] || vk[k][at[k]] != want)
                    break;
            }
            if (k < m)
                continue;
            while (sec < n && secs[sec].pos0 <= v0[j])
                sec++;
            if (sec == 0 || v0[j] >= secs[sec - 1].pos1)
                continue; /* in no section */
            if (nt == 0 || tsec[nt - 1] != sec - 1) {
                tsec[nt] = (unsigned)(sec - 1);
                tcnt[nt++] = 0;
            }
            tcnt[nt - 1]++;
        }
        for (size_t t = 0; t < nt; t++) {
            size_t s = tsec[t];
            unsigned c = tcnt[t];
            double len = secs[s].pos1 > secs[s].pos0 ? secs[s].pos1 - secs[s].pos0 : 1;
            double k = r->k1 * (1 - r->b + r->b * len / avglen);
            scores[s] += u->w * c * (r->k1 + 1) / (c + k);
            if (listed && u->qualifies)
                listed[s] = 1;
        }
    }
    free(tsec);
    return st;
}
