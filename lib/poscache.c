/* poscache.c — the positions of terms in documents, read from the index once
 * per search: the second ranking of a question's hits (rerank.c) and the
 * ranking of their sections (sections.c) look at the same characters of
 * the same documents. The terms asked for are remembered, and a document's
 * first miss reads all of them in one pass over its units. Not: what is done
 * with the positions. */
#include "poscache.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>

typedef struct pterm {
    char *term;
    unsigned *v;
    size_t n;
} pterm;

typedef struct pdoc {
    unsigned docid;
    polx_doc *own;          /* opened here when no caller had it open */
    pterm *t;
    size_t n, cap;
} pdoc;

struct pol_poscache {
    polx_db *db;
    pdoc *d;
    size_t n, cap;
    char **asked;           /* every term asked for so far, once each */
    size_t nasked, askedcap;
};

pol_status pol__poscache_new(pol_poscache **out, polx_db *db)
{
    if (!(*out = calloc(1, sizeof **out)))
        return POL_ENOMEM;
    (*out)->db = db;
    return POL_OK;
}

void pol__poscache_free(pol_poscache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        for (size_t k = 0; k < c->d[i].n; k++) {
            free(c->d[i].t[k].term);
            free(c->d[i].t[k].v);
        }
        free(c->d[i].t);
        pol__x_doc_free(c->d[i].own);
    }
    free(c->d);
    for (size_t i = 0; i < c->nasked; i++)
        free(c->asked[i]);
    free(c->asked);
    free(c);
}

/* The entry of docid, added when missing (NULL: out of memory). */
static pdoc *entry(pol_poscache *c, unsigned docid)
{
    size_t i = 0;
    while (i < c->n && c->d[i].docid != docid)
        i++;
    if (i == c->n) {
        pdoc *nd = pol__grow(c->d, &c->cap, c->n, sizeof *nd);
        if (!nd)
            return NULL;
        c->d = nd;
        memset(&c->d[c->n++], 0, sizeof *c->d);
        c->d[i].docid = docid;
    }
    return &c->d[i];
}

pol_status pol__poscache_doc(pol_poscache *c, unsigned docid, polx_doc **doc)
{
    pdoc *d = entry(c, docid);
    pol_status st;
    *doc = NULL;
    if (!d)
        return POL_ENOMEM;
    if (!d->own && (st = pol__x_db_get_document(c->db, docid, &d->own)) < 0)
        return st;
    *doc = d->own;
    return POL_OK;
}

/* Adds term to the terms asked for, when new. */
static pol_status remember(pol_poscache *c, const char *term)
{
    for (size_t i = 0; i < c->nasked; i++)
        if (!strcmp(c->asked[i], term))
            return POL_OK;
    char **na = pol__grow(c->asked, &c->askedcap, c->nasked, sizeof *na);
    if (!na)
        return POL_ENOMEM;
    c->asked = na;
    if (!(c->asked[c->nasked] = pol__strdup(term)))
        return POL_ENOMEM;
    c->nasked++;
    return POL_OK;
}

/* The positions of every term asked for so far (term among them) in d, which
 * holds none yet, read in one pass; *v, *n those of term. */
static pol_status read_asked(pol_poscache *c, pdoc *d, polx_doc *doc, const char *term,
                             const unsigned **v, size_t *n)
{
    size_t k = c->nasked;
    unsigned **outs = malloc(k * sizeof *outs);
    size_t *ns = malloc(k * sizeof *ns);
    pterm *nt = outs && ns && d->cap < k ? realloc(d->t, k * sizeof *nt) : d->t;
    pol_status st = outs && ns && nt ? POL_OK : POL_ENOMEM;
    if (nt && d->cap < k) {
        d->t = nt;
        d->cap = k;
    }
    if (st >= 0)
        st = pol__x_doc_positions_many(doc, (const char *const *)c->asked, k, outs, ns);
    for (size_t i = 0; i < k && st >= 0; i++) {
        char *tcopy = pol__strdup(c->asked[i]);
        if (!tcopy) {
            for (size_t j = i; j < k; j++)
                free(outs[j]);
            st = POL_ENOMEM;
            break;
        }
        d->t[d->n++] = (pterm){ tcopy, outs[i], ns[i] };
        if (!strcmp(tcopy, term)) {
            *v = outs[i];
            *n = ns[i];
        }
    }
    free(outs);
    free(ns);
    return st;
}

pol_status pol__poscache_get(pol_poscache *c, unsigned docid, polx_doc *doc, const char *term,
                             const unsigned **v, size_t *n)
{
    *v = NULL;
    *n = 0;
    pdoc *d = entry(c, docid);
    if (!d)
        return POL_ENOMEM;
    for (size_t k = 0; k < d->n; k++)
        if (!strcmp(d->t[k].term, term)) {
            *v = d->t[k].v;
            *n = d->t[k].n;
            return POL_OK;
        }
    pol_status st;
    if (!doc && !d->own && (st = pol__x_db_get_document(c->db, docid, &d->own)) < 0)
        return st;
    if ((st = remember(c, term)) < 0)
        return st;
    if (d->n == 0 && c->nasked > 1)
        return read_asked(c, d, doc ? doc : d->own, term, v, n);
    pterm *nt = pol__grow(d->t, &d->cap, d->n, sizeof *nt);
    if (!nt)
        return POL_ENOMEM;
    d->t = nt;
    pterm t = { pol__strdup(term), NULL, 0 };
    if (!t.term)
        return POL_ENOMEM;
    if ((st = pol__x_doc_positions(doc ? doc : d->own, term, strlen(term), &t.v, &t.n)) < 0) {
        free(t.term);
        return st;
    }
    d->t[d->n++] = t;
    *v = t.v;
    *n = t.n;
    return POL_OK;
}
