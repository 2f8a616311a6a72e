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

static pol_status add_unit(pol_secrank *r, size_t *cap, polx_db *db, unsigned ndocs,
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
    pol_status st = t.oom ? POL_ENOMEM : pol__x_db_termfreq(db, t.data, t.len, &df);
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

pol_status pol__secrank_new(pol_secrank **out, polx_db *db, const pol_built_query *bq,
                            const pol_rank_opts *ro)
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
                st = add_unit(r, &cap, db, ndocs, l, k, e - k, ro->token, 1);
                k = e - 1;
                multi = 1;
            } else if (k + 1 < l->n && is_cjk(l->units[k + 1])) {
                st = add_unit(r, &cap, db, ndocs, l, k, 2, ro->bigram, 1);
                multi = 1;
            }
        }
        for (size_t k = 0; k < l->n && st >= 0; k++)
            if (is_cjk(l->units[k]))
                st = add_unit(r, &cap, db, ndocs, l, k, 1, multi ? ro->character : 1.0, !multi);
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

/* Positions of one character in the record, read once per document. */
typedef struct poscache {
    const char **ch;
    unsigned **v;
    size_t *n;
    size_t count, cap;
} poscache;

static pol_status cached(poscache *c, polx_doc *doc, const char *ch, const unsigned **v, size_t *n)
{
    for (size_t i = 0; i < c->count; i++)
        if (strcmp(c->ch[i], ch) == 0) {
            *v = c->v[i];
            *n = c->n[i];
            return POL_OK;
        }
    if (c->count == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 16;
        const char **nc = realloc(c->ch, cap * sizeof *nc);
        if (!nc) return POL_ENOMEM;
        c->ch = nc;
        unsigned **nv = realloc(c->v, cap * sizeof *nv);
        if (!nv) return POL_ENOMEM;
        c->v = nv;
        size_t *nn = realloc(c->n, cap * sizeof *nn);
        if (!nn) return POL_ENOMEM;
        c->n = nn;
        c->cap = cap;
    }
    unsigned *pv = NULL;
    size_t pn = 0;
    pol_status st = pol__x_doc_positions(doc, ch, strlen(ch), &pv, &pn);
    if (st < 0)
        return st;
    c->ch[c->count] = ch;
    c->v[c->count] = pv;
    c->n[c->count++] = pn;
    *v = pv;
    *n = pn;
    return POL_OK;
}

/* The section holding position p (secs sorted by pos0), or n. */
static size_t section_at(const pol_secinfo *secs, size_t n, unsigned p)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (secs[mid].pos0 <= p) lo = mid + 1; else hi = mid;
    }
    return lo == 0 || p >= secs[lo - 1].pos1 ? n : lo - 1;
}

pol_status pol__secrank_score(const pol_secrank *r, polx_doc *doc, const pol_secinfo *secs,
                              size_t n, double avglen, double *scores, unsigned char *listed)
{
    poscache c;
    memset(&c, 0, sizeof c);
    unsigned *tf = calloc(n ? n : 1, sizeof *tf);
    pol_status st = tf ? POL_OK : POL_ENOMEM;
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
        if ((st = cached(&c, doc, u->lit->units[u->first], &v0, &n0)) < 0 || n0 == 0)
            continue;
        /* positions of the other characters, then the unit's start positions */
        const unsigned *vk[8];
        size_t nk[8], m = u->n < 8 ? u->n : 8;
        for (size_t k = 1; k < m && st >= 0; k++)
            st = cached(&c, doc, u->lit->units[u->first + k], &vk[k], &nk[k]);
        if (st < 0)
            break;
        memset(tf, 0, n * sizeof *tf);
        for (size_t j = 0; j < n0; j++) {
            size_t k = 1;
            while (k < m && pol__sorted_has(vk[k], nk[k], v0[j] + (unsigned)k))
                k++;
            if (k < m)
                continue;
            size_t s = section_at(secs, n, v0[j]);
            if (s < n)
                tf[s]++;
        }
        for (size_t s = 0; s < n; s++) {
            if (!tf[s])
                continue;
            double len = secs[s].pos1 > secs[s].pos0 ? secs[s].pos1 - secs[s].pos0 : 1;
            double k = r->k1 * (1 - r->b + r->b * len / avglen);
            scores[s] += u->w * tf[s] * (r->k1 + 1) / (tf[s] + k);
            if (listed && u->qualifies)
                listed[s] = 1;
        }
    }
    for (size_t i = 0; i < c.count; i++)
        free(c.v[i]);
    free(c.ch);
    free(c.v);
    free(c.n);
    free(tf);
    return st;
}
