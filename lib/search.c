/* search.c — running queries: opens indexes (checking schema and analyzer),
 * ranks document records (or section records), finds the best sections of
 * each document hit, and fills results with metadata and snippets.
 * Not: the query language (query.c) or passage choice (snippet.c). */
#include "polsearch/search.h"
#include "polsearch/analyzer.h"
#include "dedup.h"
#include "near.h"
#include "lexicon_int.h"
#include "query.h"
#include "schema.h"
#include "snippet.h"
#include "util.h"
#include "xapian_c.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* BM25 parameters other than k1 and b (those are in pol_rank_opts):
 * Xapian's defaults. */
#define POL_BM25_K2 0.0
#define POL_BM25_K3 1.0
#define POL_BM25_MINLEN 0.5

struct pol_searcher {
    polx_db *db;
    pol_analyzer *an;
    pol_lexicon *lx;        /* words of every index searched: marks query words */
    char err[1024];
    char names[512];        /* the opened indexes, for messages */
};

struct pol_results {
    pol_hit *hits;
    size_t n;
    unsigned estimated;
    char *description;
    char *explain;
    pol_facet_value *facets[POL_FACET_MAX];
    size_t nfacets[POL_FACET_MAX];
    pol_buf arena;          /* not used for pointers: see strs */
    char **strs;            /* every string the hits point to */
    size_t nstrs, strcap;
    void **blocks;          /* other allocations (sections, spans, heading arrays) */
    size_t nblocks, blockcap;
};

static pol_status fail(pol_searcher *s, pol_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    return st;
}

const char *pol_searcher_errmsg(const pol_searcher *s) { return s ? s->err : "out of memory"; }

/* A failure of the opened indexes while searching, naming them. */
static pol_status db_fail(pol_searcher *s, pol_status st, const char *what, const char *detail)
{
    if (st == POL_ECORRUPT)
        return fail(s, st, "%s: index is damaged (%s: %s); run polindex --rebuild", s->names, what, detail);
    return fail(s, st, "%s: %s: %s", s->names, what, detail);
}

static void add_name(pol_searcher *s, const char *name)
{
    size_t n = strlen(s->names);
    snprintf(s->names + n, sizeof s->names - n, "%s%s", n ? ", " : "", name);
}

static pol_status open_error(pol_searcher *s, pol_status st, const char *path)
{
    switch (st) {
    case POL_ENOTFOUND:
        return fail(s, st, "%s: no index here; create it with: polindex --db %s FILES...", path, path);
    case POL_ECORRUPT:
        return fail(s, st, "%s: index is damaged (%s); run polindex --rebuild", path, pol__x_errmsg());
    case POL_EVERSION:
        return fail(s, st, "%s: index format not understood (%s); run polindex --rebuild", path,
                    pol__x_errmsg());
    default:
        return fail(s, st, "%s: cannot open index: %s", path, pol__x_errmsg());
    }
}

/* The schema and analyzer an index was made with must be ours. */
static pol_status check_identity(pol_searcher *s, polx_db *db, const char *name)
{
    char *schema = NULL, *an = NULL;
    size_t len;
    char want[16];
    pol_status st;
    snprintf(want, sizeof want, "%d", POL_SCHEMA_VERSION);
    if ((st = pol__x_db_get_metadata(db, POL_M_SCHEMA, &schema, &len)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_ANALYZER, &an, &len)) < 0) {
        st = open_error(s, st, name);
    } else if (!schema) {
        st = fail(s, POL_EVERSION, "%s: not a polsearch index (no schema); create one with polindex", name);
    } else if (strcmp(schema, want) != 0 || !an || strcmp(an, pol_analyzer_id()) != 0) {
        st = fail(s, POL_EVERSION, "%s: index made with schema %s and analyzer '%s', but this polsearch "
                  "reads schema %s with analyzer '%s': run polindex --rebuild", name, schema,
                  an ? an : "?", want, pol_analyzer_id());
    }
    free(schema);
    free(an);
    return st;
}

/* Adds the lexicon stored in db (learned and user words) to the searcher's,
 * which the analyzer uses to mark the words of queries. */
static pol_status load_lexicon(pol_searcher *s, polx_db *db, const char *name)
{
    char *learned = NULL, *user = NULL;
    size_t ll = 0, ul = 0;
    pol_status st;
    if (!s->lx && (st = pol_lexicon_new(&s->lx)) < 0)
        return fail(s, st, "out of memory");
    if ((st = pol__x_db_get_metadata(db, POL_M_LEXICON, &learned, &ll)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_WORDS, &user, &ul)) < 0)
        st = open_error(s, st, name);
    else if ((learned || user) && (st = pol__lexicon_parse(s->lx, learned, ll, user, ul)) < 0)
        st = fail(s, st, "out of memory");
    free(learned);
    free(user);
    pol_analyzer_set_lexicon(s->an, s->lx);
    return st;
}

pol_status pol_searcher_open(pol_searcher **out, const char *const *dbpaths, size_t n)
{
    pol_searcher *s = calloc(1, sizeof *s);
    pol_status st;
    *out = s;
    if (!s)
        return POL_ENOMEM;
    if ((st = pol_analyzer_new(&s->an)) < 0)
        return fail(s, st, "cannot create analyzer: %s", pol_status_str(st));
    for (size_t i = 0; i < n; i++) {
        polx_db *db = NULL;
        if ((st = pol__x_db_open(&db, dbpaths[i])) < 0)
            return open_error(s, st, dbpaths[i]);
        if ((st = check_identity(s, db, dbpaths[i])) < 0 || (st = load_lexicon(s, db, dbpaths[i])) < 0) {
            pol__x_db_free(db);
            return st;
        }
        add_name(s, dbpaths[i]);
        if (!s->db) {
            s->db = db;
        } else {
            st = pol__x_db_add(s->db, db);
            pol__x_db_free(db);
            if (st < 0)
                return open_error(s, st, dbpaths[i]);
        }
    }
    return POL_OK;
}

pol_status pol_searcher_add_remote(pol_searcher *s, const char *host, unsigned port)
{
    polx_db *db = NULL;
    char name[300];
    snprintf(name, sizeof name, "%s:%u", host, port);
    pol_status st = pol__x_db_open_remote(&db, host, port, 10000);
    if (st < 0)
        return fail(s, st, "%s: cannot reach remote index: %s", name, pol__x_errmsg());
    if ((st = check_identity(s, db, name)) < 0) {
        pol__x_db_free(db);
        return st;
    }
    add_name(s, name);
    if (!s->db)
        s->db = db;
    else {
        st = pol__x_db_add(s->db, db);
        pol__x_db_free(db);
        if (st < 0)
            return fail(s, st, "%s: %s", name, pol__x_errmsg());
    }
    return POL_OK;
}

void pol_searcher_free(pol_searcher *s)
{
    if (!s)
        return;
    pol__x_db_free(s->db);
    pol_analyzer_free(s->an);
    pol_lexicon_free(s->lx);
    free(s);
}

unsigned pol_searcher_doccount(pol_searcher *s)
{
    unsigned n = 0;
    if (s->db)
        pol__x_db_termfreq(s->db, POL_P_RECTYPE "d", strlen(POL_P_RECTYPE "d"), &n);
    return n;
}

/* ---- results ---- */

size_t pol_results_size(const pol_results *r) { return r->n; }
const pol_hit *pol_results_hit(const pol_results *r, size_t i) { return i < r->n ? &r->hits[i] : NULL; }
unsigned pol_results_estimated(const pol_results *r) { return r->estimated; }
const char *pol_results_query_description(const pol_results *r) { return r->description ? r->description : ""; }
const char *pol_results_explain(const pol_results *r) { return r->explain ? r->explain : ""; }

const pol_facet_value *pol_results_facet(const pol_results *r, pol_facet f, size_t *n)
{
    *n = (unsigned)f < POL_FACET_MAX ? r->nfacets[f] : 0;
    return *n ? r->facets[f] : NULL;
}

void pol_results_free(pol_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nstrs; i++)
        free(r->strs[i]);
    for (size_t i = 0; i < r->nblocks; i++)
        free(r->blocks[i]);
    free(r->strs);
    free(r->blocks);
    free(r->hits);
    free(r->description);
    free(r->explain);
    free(r);
}

static int keep_block(pol_results *r, void *p)
{
    if (!p)
        return -1;
    if (r->nblocks == r->blockcap) {
        size_t c = r->blockcap ? r->blockcap * 2 : 32;
        void **nb = realloc(r->blocks, c * sizeof *nb);
        if (!nb) { free(p); return -1; }
        r->blocks = nb;
        r->blockcap = c;
    }
    r->blocks[r->nblocks++] = p;
    return 0;
}

/* A NUL-terminated copy owned by r; NULL for an empty string. */
static const char *keep_str(pol_results *r, const char *s, size_t n, int *oom)
{
    if (!s || n == 0)
        return NULL;
    char *d = pol__strndup(s, n);
    if (!d || keep_block(r, d) < 0) {
        *oom = 1;
        return NULL;
    }
    return d;
}

static pol_status fill_meta(pol_results *r, pol_hit *h, const pol_secdata *d)
{
    int oom = 0;
    h->path = keep_str(r, d->path, d->path_len, &oom);
    h->key = keep_str(r, d->key, d->key_len, &oom);
    h->title = keep_str(r, d->title, d->title_len, &oom);
    h->issuer = keep_str(r, d->issuer, d->issuer_len, &oom);
    h->date = keep_str(r, d->date, d->date_len, &oom);
    h->doc_number = keep_str(r, d->doc_number, d->doc_number_len, &oom);
    h->type = keep_str(r, d->type, d->type_len, &oom);
    h->region = keep_str(r, d->region, d->region_len, &oom);
    h->source = keep_str(r, d->source, d->source_len, &oom);
    h->url = keep_str(r, d->url, d->url_len, &oom);
    if (!h->path)
        h->path = "";
    if (!h->key)
        h->key = h->path;
    return oom ? POL_ENOMEM : POL_OK;
}

/* Fills one section of a hit from a section record's data. */
static pol_status fill_section(pol_searcher *s, pol_results *r, pol_hit_section *hs,
                               const pol_secdata *d, double score, const pol_built_query *bq,
                               unsigned snippet_chars)
{
    int oom = 0;
    hs->score = score;
    /* heading path */
    size_t depth = 0;
    for (size_t i = 0; i < d->heading_path_len; i++)
        depth += d->heading_path[i] == '\x1f';
    if (d->heading_path_len)
        depth++;
    const char **hp = calloc(depth + 1, sizeof *hp);
    if (!hp || keep_block(r, (void *)hp) < 0)
        return POL_ENOMEM;
    size_t k = 0, b = 0;
    for (size_t i = 0; i <= d->heading_path_len && depth; i++) {
        if (i == d->heading_path_len || d->heading_path[i] == '\x1f') {
            hp[k++] = keep_str(r, d->heading_path + b, i - b, &oom);
            if (!hp[k - 1] && !oom)
                hp[k - 1] = "";
            b = i + 1;
        }
    }
    hs->heading_path = hp;
    hs->depth = depth;
    if (oom)
        return POL_ENOMEM;
    char *text = NULL, *snip = NULL;
    size_t tlen = 0;
    pol_span *spans = NULL;
    size_t nspans = 0;
    pol_status st = pol__secdata_text(d, &text, &tlen);
    if (st < 0)
        return fail(s, st, "cannot read stored section text: %s", pol_status_str(st));
    /* the heading is shown in the heading path: the passage starts after it */
    const char *body = text;
    size_t blen = tlen;
    if (depth > 0) {
        const char *nl = memchr(text, '\n', tlen);
        if (nl && (size_t)(nl - text) + 1 < tlen) {
            size_t skip = (size_t)(nl - text) + 1;
            int blank = 1;
            for (size_t k = skip; k < tlen && blank; k++)
                blank = text[k] == '\n' || text[k] == ' ';
            if (!blank) {
                body = text + skip;
                blen = tlen - skip;
            }
        }
    }
    st = pol__snippet_make(s->an, body, blen, bq->lits, bq->nlits, snippet_chars, &snip, &spans, &nspans);
    free(text);
    if (st < 0)
        return st;
    if (keep_block(r, snip) < 0 || (spans && keep_block(r, spans) < 0))
        return POL_ENOMEM;
    hs->snippet = snip;
    hs->spans = spans;
    hs->nspans = nspans;
    return POL_OK;
}

static pol_status get_secdata(pol_searcher *s, const polx_mset *m, unsigned i, polx_doc **doc,
                              pol_secdata *d)
{
    const char *data;
    size_t len;
    pol_status st = pol__x_mset_document(m, i, doc);
    if (st < 0)
        return db_fail(s, st, "cannot read a matching document", pol__x_errmsg());
    if ((st = pol__x_doc_get_data(*doc, &data, &len)) < 0)
        return db_fail(s, st, "cannot read a matching document", pol__x_errmsg());
    if ((st = pol__secdata_decode(d, data, len)) < 0)
        return db_fail(s, POL_ECORRUPT, "a document's stored data", "cannot be decoded");
    return POL_OK;
}

static pol_status filtered(polx_query **out, const polx_query *q, const char *rectype)
{
    polx_query *t = NULL;
    pol_status st = pol__x_query_term(&t, rectype, strlen(rectype), 1, 0);
    if (st < 0)
        return st;
    polx_query *subs[2] = { (polx_query *)q, t };
    st = pol__x_query_combine(out, POLX_OP_FILTER, subs, 2, 0);
    pol__x_query_free(t);
    return st;
}

static pol_status new_enquire(polx_enquire **e, polx_db *db, const polx_query *q,
                              const pol_rank_opts *ro)
{
    pol_status st = pol__x_enquire_new(e, db);
    if (st >= 0)
        st = pol__x_enquire_set_query(*e, q);
    if (st >= 0)
        st = pol__x_enquire_set_bm25(*e, ro->k1, POL_BM25_K2, POL_BM25_K3, ro->b, POL_BM25_MINLEN);
    return st;
}

/* Best sections of the document hits: section records of those documents
 * ranked by the query's units, at most max_sections per document. */
static pol_status best_sections(pol_searcher *s, pol_results *r, const pol_built_query *bq,
                                const pol_search_opts *o)
{
    pol_status st = POL_OK;
    polx_query **keys = calloc(r->n, sizeof *keys);
    polx_query *keyq = NULL, *q = NULL, *rq = NULL;
    polx_enquire *e = NULL;
    polx_mset *m = NULL;
    size_t nk = 0;
    if (!keys)
        return POL_ENOMEM;
    for (size_t i = 0; i < r->n && st >= 0; i++) {
        pol_buf t = POL_BUF_INIT;
        pol__ident(&t, POL_P_KEY, r->hits[i].key, strlen(r->hits[i].key));
        st = t.oom ? POL_ENOMEM : pol__x_query_term(&keys[nk++], t.data, t.len, 1, 0);
        pol__buf_free(&t);
    }
    if (st >= 0)
        st = pol__x_query_combine(&keyq, POLX_OP_OR, keys, nk, 0);
    if (st >= 0) {
        const polx_query *rank = bq->rank_query ? bq->rank_query : bq->section_query;
        polx_query *subs[2] = { (polx_query *)rank, keyq };
        st = pol__x_query_combine(&q, POLX_OP_AND_MAYBE, subs, 2, 0);
        if (st >= 0) {
            /* documents matched without any ranking unit still list sections */
            polx_query *sub2[2] = { keyq, q };
            polx_query *q2 = NULL;
            st = pol__x_query_combine(&q2, POLX_OP_AND_MAYBE, sub2, 2, 0);
            pol__x_query_free(q);
            q = q2;
        }
    }
    if (st >= 0)
        st = filtered(&rq, q, POL_P_RECTYPE "s");
    if (st >= 0)
        st = new_enquire(&e, s->db, rq, o->rank);
    if (st >= 0)
        st = pol__x_enquire_set_collapse_key(e, POL_V_DOCKEY, o->max_sections);
    if (st >= 0)
        st = pol__x_enquire_get_mset(e, 0, (unsigned)(r->n * o->max_sections), 0, &m);
    if (st < 0) {
        st = db_fail(s, st, "search failed", pol__x_errmsg());
        goto done;
    }
    for (size_t i = 0; i < r->n; i++) {
        pol_hit_section *secs = calloc(o->max_sections, sizeof *secs);
        if (!secs || keep_block(r, secs) < 0) { st = POL_ENOMEM; goto done; }
        r->hits[i].sections = secs;
    }
    unsigned ms = pol__x_mset_size(m);
    for (unsigned i = 0; i < ms && st >= 0; i++) {
        polx_doc *doc = NULL;
        pol_secdata d;
        if ((st = get_secdata(s, m, i, &doc, &d)) < 0) {
            pol__x_doc_free(doc);
            break;
        }
        for (size_t h = 0; h < r->n; h++) {
            pol_hit *hit = &r->hits[h];
            if (strlen(hit->key) != d.key_len || memcmp(hit->key, d.key, d.key_len) != 0)
                continue;
            /* sections that match no unit are listed only when none does */
            if (hit->nsections < o->max_sections &&
                (hit->nsections == 0 || pol__x_mset_weight(m, i) > 0))
                st = fill_section(s, r, (pol_hit_section *)&hit->sections[hit->nsections++], &d,
                                  pol__x_mset_weight(m, i), bq, o->snippet_chars);
            break;
        }
        pol__x_doc_free(doc);
    }
done:
    for (size_t i = 0; i < nk; i++)
        pol__x_query_free(keys[i]);
    free(keys);
    pol__x_query_free(keyq);
    pol__x_query_free(q);
    pol__x_query_free(rq);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    return st;
}

/* Value slot counted by each facet. */
static const unsigned facet_slot[POL_FACET_MAX] = {
    POL_V_YEAR, POL_V_ISSUER, POL_V_TYPE, POL_V_REGION, POL_V_SOURCE,
};

static pol_status set_order_and_spies(polx_enquire *e, const pol_search_opts *o, polx_spy **spies)
{
    pol_status st = POL_OK;
    if (o->sort != POL_SORT_RELEVANCE)
        st = pol__x_enquire_set_sort_by_value(e, POL_V_DATE, o->sort == POL_SORT_DATE);
    for (int f = 0; f < POL_FACET_MAX && st >= 0; f++)
        if (o->facets & (1u << f))
            st = pol__x_enquire_add_value_spy(e, facet_slot[f], &spies[f]);
    return st;
}

typedef struct facet_fill {
    pol_results *r;
    pol_facet_value *v;
    size_t n, cap;
    int oom;
} facet_fill;

static int facet_value(void *ctx, const char *value, size_t len, unsigned count)
{
    facet_fill *ff = ctx;
    if (len == 0)
        return 0; /* documents without the field are not a value */
    if (ff->n == ff->cap) {
        size_t c = ff->cap ? ff->cap * 2 : 16;
        pol_facet_value *nv = realloc(ff->v, c * sizeof *nv);
        if (!nv) { ff->oom = 1; return 1; }
        ff->v = nv;
        ff->cap = c;
    }
    ff->v[ff->n].value = keep_str(ff->r, value, len, &ff->oom);
    ff->v[ff->n++].count = count;
    return ff->oom;
}

static pol_status collect_facets(pol_results *r, polx_spy **spies)
{
    for (int f = 0; f < POL_FACET_MAX; f++) {
        if (!spies[f])
            continue;
        facet_fill ff = { r, NULL, 0, 0, 0 };
        pol_status st = pol__x_spy_values(spies[f], 0, facet_value, &ff);
        if (ff.v && keep_block(r, ff.v) < 0)
            ff.oom = 1;
        if (ff.oom)
            return POL_ENOMEM;
        if (st < 0)
            return st;
        r->facets[f] = ff.v;
        r->nfacets[f] = ff.n;
    }
    return POL_OK;
}

pol_status pol_search_run(pol_searcher *s, const char *query, const pol_search_opts *opts,
                          pol_results **out)
{
    pol_search_opts o = POL_SEARCH_OPTS_INIT;
    pol_built_query bq;
    char err[512];
    polx_query *q = NULL;
    polx_enquire *e = NULL;
    polx_mset *m = NULL;
    pol_status st;
    *out = NULL;
    static const pol_rank_opts rank_defaults = POL_RANK_OPTS_INIT;
    if (opts)
        o = *opts;
    if (!o.rank)
        o.rank = &rank_defaults;
    if (o.max_sections < 1)
        o.max_sections = 1;
    if (o.max_sections > 10)
        o.max_sections = 10;
    if (o.snippet_chars < 20)
        o.snippet_chars = 20;
    if (!s->db)
        return fail(s, POL_EINVAL, "no index opened");
    if ((st = pol__query_build(s->an, query, o.mode, o.literal ? POL_QUERY_LITERAL : 0, o.rank, &bq, err,
                               sizeof err)) < 0)
        return fail(s, st, "%s", err);
    pol_results *r = calloc(1, sizeof *r);
    if (!r) {
        pol__query_free(&bq);
        return POL_ENOMEM;
    }
    r->explain = bq.explain;
    bq.explain = NULL;
    const polx_query *base = o.sections ? bq.section_query : bq.doc_query;
    polx_spy *spies[POL_FACET_MAX] = { NULL };
    unsigned checkatleast = 0;
    pol_near_check nearc = { &bq, s->an, o.sections, POL_OK };
    if (o.exact_count || o.facets)
        pol__x_db_doccount(s->db, &checkatleast); /* every match is looked at */
    if ((st = filtered(&q, base, o.sections ? POL_P_RECTYPE "s" : POL_P_RECTYPE "d")) < 0 ||
        (st = new_enquire(&e, s->db, q, o.rank)) < 0 ||
        (st = set_order_and_spies(e, &o, spies)) < 0 ||
        (bq.nnears && (st = pol__x_enquire_set_decider(e, pol__near_accept, &nearc)) < 0) ||
        (st = pol__x_enquire_get_mset(e, o.offset, o.limit, checkatleast, &m)) < 0 ||
        (st = nearc.rc) < 0 ||
        (st = collect_facets(r, spies)) < 0) {
        if (st == POL_EMODIFIED)
            st = fail(s, st, "the index changed while reading; run the search again");
        else
            st = db_fail(s, st, "search failed", pol__x_errmsg());
        goto done;
    }
    pol__x_query_describe(q, &r->description);
    r->estimated = pol__x_mset_matches_estimated(m);
    unsigned ms = pol__x_mset_size(m);
    r->hits = calloc(ms ? ms : 1, sizeof *r->hits);
    if (!r->hits) { st = POL_ENOMEM; goto done; }
    for (unsigned i = 0; i < ms; i++) {
        polx_doc *doc = NULL;
        pol_secdata d;
        if ((st = get_secdata(s, m, i, &doc, &d)) < 0) {
            pol__x_doc_free(doc);
            goto done;
        }
        pol_hit *h = &r->hits[r->n++];
        h->rank = o.offset + i + 1;
        h->score = pol__x_mset_weight(m, i);
        st = fill_meta(r, h, &d);
        if (st >= 0 && o.sections && !o.no_sections) {
            pol_hit_section *sec = calloc(1, sizeof *sec);
            if (!sec || keep_block(r, sec) < 0)
                st = POL_ENOMEM;
            else {
                h->sections = sec;
                h->nsections = 1;
                st = fill_section(s, r, sec, &d, h->score, &bq, o.snippet_chars);
            }
        }
        pol__x_doc_free(doc);
        if (st < 0)
            goto done;
    }
    if (!o.sections && !o.no_sections && r->n > 0)
        st = best_sections(s, r, &bq, &o);
done:
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    for (int f = 0; f < POL_FACET_MAX; f++)
        pol__x_spy_free(spies[f]);
    pol__x_query_free(q);
    pol__query_free(&bq);
    if (st < 0) {
        if (st == POL_ENOMEM)
            fail(s, st, "out of memory");
        pol_results_free(r);
        return st;
    }
    *out = r;
    return POL_OK;
}

pol_status pol_searcher_duplicates(pol_searcher *s, pol_dupgroups **out)
{
    *out = NULL;
    if (!s->db)
        return fail(s, POL_EINVAL, "no index opened");
    pol_status st = pol__dup_groups(s->db, out);
    if (st == POL_ECORRUPT)
        return fail(s, st, "index damaged: a near-duplicate signature cannot be decoded; "
                    "run polindex --rebuild");
    if (st < 0)
        return fail(s, st, "cannot read near-duplicate groups: %s",
                    st == POL_ENOMEM ? "out of memory" : pol__x_errmsg());
    return POL_OK;
}
