/* search.c — running queries: opens indexes (checking schema and analyzer),
 * ranks document records, finds the best sections of each document hit (or,
 * in sections mode, of the best documents: sections.c), and fills results
 * with metadata and snippets.
 * Not: the query language (query.c) or passage choice (snippet.c). */
#include "polsearch/search.h"
#include "polsearch/analyzer.h"
#include "dedup.h"
#include "near.h"
#include "sections.h"
#include "lexicon_int.h"
#include "query.h"
#include "rerank.h"
#include "schema.h"
#include "snippet.h"
#include "units.h"
#include "util.h"
#include "xapian_c.h"

#include <limits.h>
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
    char unpositioned[300]; /* a database without Xapian positions (its name; "" when
                             * none): phrases are checked on the unit maps */
    int remote;             /* a remote database was added */
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
static pol_status check_identity(pol_searcher *s, polx_db *db, const char *name, int *positions)
{
    char *schema = NULL, *an = NULL, *pos = NULL;
    size_t len;
    char want[16];
    pol_status st;
    snprintf(want, sizeof want, "%d", POL_SCHEMA_VERSION);
    if ((st = pol__x_db_get_metadata(db, POL_M_SCHEMA, &schema, &len)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_ANALYZER, &an, &len)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_POSITIONS, &pos, &len)) < 0) {
        st = open_error(s, st, name);
    } else if (!schema) {
        st = fail(s, POL_EVERSION, "%s: not a polsearch index (no schema); create one with polindex", name);
    } else if (strcmp(schema, want) != 0 || !an || strcmp(an, pol_analyzer_id()) != 0) {
        st = fail(s, POL_EVERSION, "%s: index made with schema %s and analyzer '%s', but this polsearch "
                  "reads schema %s with analyzer '%s': run polindex --rebuild", name, schema,
                  an ? an : "?", want, pol_analyzer_id());
    }
    *positions = pos && !strcmp(pos, "1");
    free(schema);
    free(an);
    free(pos);
    return st;
}

/* Xapian's remote server matches phrases with Xapian's position table only:
 * a search that takes in a remote database needs every database made with
 * it. */
static pol_status note_positions(pol_searcher *s, const char *name, int positions, int remote)
{
    if (!positions && !s->unpositioned[0])
        snprintf(s->unpositioned, sizeof s->unpositioned, "%s", name);
    s->remote |= remote;
    if (s->remote && s->unpositioned[0])
        return fail(s, POL_EINVAL, "%s: index made without Xapian positions, which searching with a "
                    "remote index (--remote) needs for phrases: make every index searched with "
                    "polindex --rebuild --positions", s->unpositioned);
    return POL_OK;
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
    pol_analyzer_set_lexicon(s->an, s->lx);
    /* the words a query could hold are looked up as needed when the index
     * has a key per word; else its lists are read */
    polx_db *own = NULL;
    int added = 0;
    if ((st = pol__x_db_clone(&own, db)) < 0 || (st = pol__lexicon_add_index(s->lx, own, &added)) < 0) {
        pol__x_db_free(own);
        if (st == POL_ECORRUPT)
            return fail(s, st, "%s: index is damaged (its lexicon cannot be read); run polindex --rebuild",
                        name);
        return st == POL_ENOMEM ? fail(s, st, "out of memory") : open_error(s, st, name);
    }
    if (added)
        return POL_OK;
    pol__x_db_free(own);
    if ((st = pol__x_db_get_metadata(db, POL_M_LEXICON, &learned, &ll)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_WORDS, &user, &ul)) < 0) {
        free(learned);
        st = open_error(s, st, name);
    } else if ((learned || user) && (st = pol__lexicon_take_words(s->lx, learned, ll, user, ul)) < 0) {
        st = fail(s, st, "out of memory");
    }
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
        int positions = 0;
        if ((st = check_identity(s, db, dbpaths[i], &positions)) < 0 ||
            (st = note_positions(s, dbpaths[i], positions, 0)) < 0 ||
            (st = load_lexicon(s, db, dbpaths[i])) < 0) {
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
    int positions = 0;
    if ((st = check_identity(s, db, name, &positions)) < 0 ||
        (st = note_positions(s, name, positions, 1)) < 0) {
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
    void **nb = pol__grow(r->blocks, &r->blockcap, r->nblocks, sizeof *nb);
    if (!nb) { free(p); return -1; }
    r->blocks = nb;
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

/* The units of a section's body, for its passage: those of the section's
 * positions whose bytes lie in the body [base, base + len), from the
 * document's unit map, with their bytes counted from the body's start. */
typedef struct body_units {
    polx_doc *doc;
    size_t p0, p1, base, len;
    pol_unitspan_cb cb;
    void *ctx;
} body_units;

static int body_unit(void *ctx, uint32_t cp, size_t start, size_t end)
{
    body_units *b = ctx;
    if (start < b->base || end > b->base + b->len)
        return 0; /* the heading's */
    return b->cb(b->ctx, cp, start - b->base, end - b->base);
}

static pol_status body_units_of(void *src, pol_unitspan_cb cb, void *ctx)
{
    body_units *b = src;
    b->cb = cb;
    b->ctx = ctx;
    return pol__x_doc_unit_spans(b->doc, b->p0, b->p1, body_unit, b);
}

/* Fills one section of a hit: section k of the table of document doc,
 * whose text is `text`. */
static pol_status fill_section(pol_searcher *s, pol_results *r, pol_hit_section *hs, polx_doc *doc,
                               const char *text, const pol_secinfo *secs, size_t k, double score,
                               const pol_built_query *bq, unsigned snippet_chars)
{
    int oom = 0;
    hs->score = score;
    /* heading path: the headings of the section and its ancestors */
    size_t depth = 0;
    for (size_t i = k; i != (size_t)-1; i = secs[i].parent)
        depth += secs[i].heading_len > 0;
    const char **hp = calloc(depth + 1, sizeof *hp);
    if (!hp || keep_block(r, (void *)hp) < 0)
        return POL_ENOMEM;
    size_t at = depth;
    for (size_t i = k; i != (size_t)-1; i = secs[i].parent)
        if (secs[i].heading_len) {
            hp[--at] = keep_str(r, pol__secinfo_heading(&secs[i], text), secs[i].heading_len, &oom);
            if (!hp[at] && !oom)
                hp[at] = "";
        }
    hs->heading_path = hp;
    hs->depth = depth;
    if (oom)
        return POL_ENOMEM;
    char *snip = NULL;
    pol_span *spans = NULL;
    size_t nspans = 0;
    const char *sect = text + secs[k].start;
    size_t tlen = secs[k].end - secs[k].start;
    /* the heading is shown in the heading path: the passage starts after it */
    const char *body = sect;
    size_t blen = tlen;
    if (secs[k].heading_len) {
        const char *nl = memchr(sect, '\n', tlen);
        if (nl && (size_t)(nl - sect) + 1 < tlen) {
            size_t skip = (size_t)(nl - sect) + 1;
            int blank = 1;
            for (size_t j = skip; j < tlen && blank; j++)
                blank = sect[j] == '\n' || sect[j] == ' ';
            if (!blank) {
                body = sect + skip;
                blen = tlen - skip;
            }
        }
    }
    body_units bu = { doc, secs[k].pos0, secs[k].pos1, (size_t)(body - text), blen, NULL, NULL };
    pol_status st = pol__snippet_make(body_units_of, &bu, body, blen, bq->lits, bq->nlits, snippet_chars,
                                      &snip, &spans, &nspans);
    if (st < 0)
        return st == POL_ECORRUPT ? db_fail(s, st, "a document's stored positions", "cannot be decoded")
                                  : st;
    if (keep_block(r, snip) < 0 || (spans && keep_block(r, spans) < 0))
        return POL_ENOMEM;
    hs->snippet = snip;
    hs->spans = spans;
    hs->nspans = nspans;
    return POL_OK;
}

/* A document record's sections and text, decoded. */
typedef struct docsecs {
    polx_doc *doc;
    pol_secdata d;
    char *tbuf;             /* section table (headings point here) */
    pol_secinfo *secs;
    size_t n;
    const char *text;       /* the first text_len bytes of the text, as needed: */
    size_t text_len;
    char *text_own;         /* inflated here, or NULL: the whole text, borrowed from doc */
    double *scores;
    unsigned char *listed;  /* sections mode: sections that may be listed */
} docsecs;

static void docsecs_free(docsecs *x)
{
    pol__secdata_release(&x->d);
    pol__x_doc_free(x->doc);
    free(x->tbuf);
    free(x->secs);
    free(x->text_own);
    free(x->scores);
    free(x->listed);
    memset(x, 0, sizeof *x);
}

static pol_status docsecs_load(pol_searcher *s, docsecs *x)
{
    pol_status st = pol__secdata_sections(&x->d, &x->tbuf, &x->secs, &x->n);
    if (st >= 0 && (!(x->scores = calloc(x->n, sizeof *x->scores)) || !(x->listed = calloc(x->n, 1))))
        st = POL_ENOMEM;
    if (st == POL_ECORRUPT)
        return db_fail(s, st, "a document's stored sections", "cannot be decoded");
    return st;
}

/* The text up to section k's end at least (a long text is decompressed only
 * as far as the sections shown). */
static pol_status docsecs_text(pol_searcher *s, docsecs *x, size_t upto)
{
    if (x->text && x->text_len >= upto)
        return POL_OK;
    free(x->text_own);
    x->text = x->text_own = NULL;
    /* the whole text, when reading the positions inflated it */
    const char *whole = NULL;
    size_t wlen = 0;
    if (pol__x_doc_text(x->doc, &whole, &wlen) >= 0 && whole && wlen >= upto) {
        x->text = whole;
        x->text_len = wlen;
        return POL_OK;
    }
    pol_status st = pol__secdata_text_prefix(&x->d, upto, &x->text_own, &x->text_len);
    x->text = x->text_own;
    if (st < 0)
        return fail(s, st, "cannot read stored text: %s", pol_status_str(st));
    return st;
}

static double mean_len(const pol_secinfo *secs, size_t n)
{
    double sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += secs[i].pos1 > secs[i].pos0 ? secs[i].pos1 - secs[i].pos0 : 0;
    return n ? sum / (double)n : 1;
}

/* The best sections of a document hit, by the query's units: at most
 * max_sections, best first; the first section when none has a unit. */
static pol_status hit_sections(pol_searcher *s, pol_results *r, pol_hit *h, unsigned docid,
                               docsecs *x, const pol_secrank *sr, pol_poscache *pc,
                               const pol_built_query *bq, const pol_search_opts *o)
{
    pol_status st = docsecs_load(s, x);
    if (st < 0 || (st = pol__secrank_score(sr, pc, docid, x->doc, x->secs, x->n,
                                           mean_len(x->secs, x->n), x->scores, NULL)) < 0)
        return st < 0 && st != POL_ENOMEM && st != POL_ECORRUPT
                   ? db_fail(s, st, "cannot read positions", pol__x_errmsg()) : st;
    pol_hit_section *secs = calloc(o->max_sections, sizeof *secs);
    if (!secs || keep_block(r, secs) < 0)
        return POL_ENOMEM;
    h->sections = secs;
    size_t pick[10], np = 0, upto = 0;
    double score[10];
    while (np < o->max_sections && np < 10) {
        size_t best = x->n;
        for (size_t i = 0; i < x->n; i++)
            if (x->scores[i] > 0 && (best == x->n || x->scores[i] > x->scores[best]))
                best = i;
        if (best == x->n && np == 0)
            best = 0; /* no section has a unit: the first is shown */
        if (best == x->n)
            break;
        score[np] = x->scores[best];
        pick[np++] = best;
        x->scores[best] = -1;
        if (x->secs[best].end > upto)
            upto = x->secs[best].end;
    }
    if ((st = docsecs_text(s, x, upto)) < 0)
        return st;
    for (size_t k = 0; k < np && st >= 0; k++)
        st = fill_section(s, r, &secs[h->nsections++], x->doc, x->text, x->secs, pick[k], score[k], bq,
                          o->snippet_chars);
    return st;
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

/* Value slot counted by each facet. */
static const unsigned facet_slot[POL_FACET_MAX] = {
    POL_V_YEAR, POL_V_ISSUER, POL_V_TYPE, POL_V_REGION, POL_V_SOURCE,
};

static pol_status set_order_and_spies(polx_enquire *e, const pol_search_opts *o, polx_spy **spies)
{
    pol_status st = POL_OK;
    if (o->sort != POL_SORT_RELEVANCE)
        st = pol__x_enquire_set_sort_by_value(e, POL_V_DATE, o->sort == POL_SORT_DATE);
    else
        st = pol__x_enquire_set_sort_by_relevance_then_value(e, POL_V_DOCKEY, 0);
    for (int f = 0; f < POL_FACET_MAX && st >= 0; f++)
        if (o->facets & (1u << f))
            st = pol__x_enquire_add_value_spy(e, facet_slot[f], &spies[f]);
    return st;
}

/* Whether the required phrases of bq are likely to hold in most documents
 * holding their units, so that the relaxed query's best documents give the
 * hits (get_hits): each adjacent pair of CJK characters of each phrase is a
 * bigram term of at least a fiftieth of the documents. A phrase is rarer than
 * its rarest bigram (but for punctuation between its characters); a rare
 * phrase would leave too few of the relaxed query's best documents (bench/
 * RESULTS.md: a tenth left out most keyword pairs, which gain the most). */
static int phrases_common(pol_searcher *s, const pol_built_query *bq)
{
    unsigned ndocs = 0;
    if (pol__x_db_doccount(s->db, &ndocs) < 0)
        return 0;
    for (size_t i = 0; i < bq->nrelaxed; i++) {
        const pol_literal *l = &bq->relaxed_lits[i];
        for (size_t k = 0; k + 1 < l->n; k++) {
            char t[32];
            size_t a = strlen(l->units[k]), b = strlen(l->units[k + 1]);
            unsigned df = 0;
            if (a < 3 || b < 3 || a + b >= sizeof t)
                continue; /* not two CJK characters */
            memcpy(t, l->units[k], a);
            memcpy(t + a, l->units[k + 1], b);
            if (pol__x_db_termfreq(s->db, t, a + b, &df) < 0 || (double)df * 50 < ndocs)
                return 0;
        }
    }
    return 1;
}

/* The number of matches of m. When every match was looked at (checkatleast),
 * the lower bound is the exact count; with near copies collapsed Xapian's
 * estimate is not (it lies between the groups and the uncollapsed matches,
 * rounded). */
static unsigned matches(const polx_mset *m, unsigned checkatleast)
{
    return checkatleast ? pol__x_mset_matches_lower_bound(m) : pol__x_mset_matches_estimated(m);
}

/* The code points of each phrase reduced in bq's relaxed query (ncp[i] of
 * them in cp[i]); NULL (st untouched) when a unit is not one character, or
 * with *st set when out of memory. */
typedef struct phrase_cps {
    uint32_t **cp;
    size_t *ncp, n;
} phrase_cps;

static void phrase_cps_free(phrase_cps *p)
{
    for (size_t i = 0; p && i < p->n; i++)
        free(p->cp[i]);
    if (p) {
        free(p->cp);
        free(p->ncp);
    }
    free(p);
}

static phrase_cps *reduced_phrases(const pol_built_query *bq, pol_status *st)
{
    phrase_cps *p = calloc(1, sizeof *p);
    if (p) {
        p->cp = calloc(bq->nrelaxed ? bq->nrelaxed : 1, sizeof *p->cp);
        p->ncp = calloc(bq->nrelaxed ? bq->nrelaxed : 1, sizeof *p->ncp);
    }
    if (!p || !p->cp || !p->ncp) {
        phrase_cps_free(p);
        *st = POL_ENOMEM;
        return NULL;
    }
    for (size_t i = 0; i < bq->nrelaxed; i++, p->n++) {
        const pol_literal *l = &bq->relaxed_lits[i];
        if (!(p->cp[i] = malloc((l->n ? l->n : 1) * sizeof *p->cp[i]))) {
            phrase_cps_free(p);
            *st = POL_ENOMEM;
            return NULL;
        }
        p->ncp[i] = l->n;
        for (size_t k = 0; k < l->n; k++) {
            long c = pol__unit_cp(l->units[k], strlen(l->units[k]));
            if (c < 0) {
                p->n++;
                phrase_cps_free(p);
                return NULL;
            }
            p->cp[i][k] = (uint32_t)c;
        }
    }
    return p;
}

/* The page first .. first+want of the exact query from the relaxed one's
 * best documents rm (n of them, cand asked for), checking their phrases (pc)
 * directly in rank order and stopping once they give the page, which is a
 * view of rm: the documents that hold the phrases, near copies (grouped)
 * collapsed into the first of their group as Xapian collapses them. For a
 * conjunction of phrases (no phrase under an OR, no NEAR): a document matches
 * the exact query when it matches the relaxed one and holds its phrases,
 * with the same weight. *out stays NULL when rm does not give the page. */
static pol_status page_by_checks(const polx_mset *rm, unsigned n, unsigned cand,
                                 const phrase_cps *pc, int grouped, unsigned first,
                                 unsigned want, polx_mset **out, unsigned *estimated)
{
    unsigned *kept = malloc((n ? n : 1) * sizeof *kept), nkept = 0;
    unsigned *coll = calloc(n ? n : 1, sizeof *coll);
    char **gid = calloc(n ? n : 1, sizeof *gid);
    polx_doc **docs = calloc(n ? n : 1, sizeof *docs); /* kept's, read for the check */
    pol_status st = kept && coll && gid && docs ? POL_OK : POL_ENOMEM;
    for (unsigned i = 0; i < n && st >= 0 && !*out; i++) {
        polx_doc *doc = NULL;
        int holds = 1, dup = 0;
        if ((st = pol__x_mset_document(rm, i, &doc)) >= 0)
            for (size_t k = 0; k < pc->n && holds && st >= 0; k++)
                st = pol__x_doc_has_phrase(doc, pc->cp[k], pc->ncp[k], &holds);
        if (st >= 0 && holds) {
            const char *v = "";
            size_t len = 0;
            if (grouped && (st = pol__x_doc_get_value(doc, POL_V_DUPGROUP, &v, &len)) >= 0 && len)
                for (unsigned j = 0; j < nkept && !dup; j++)
                    if (gid[j] && strlen(gid[j]) == len && !memcmp(gid[j], v, len))
                        dup = ++coll[j];
            if (st >= 0 && !dup) {
                if (len && !(gid[nkept] = pol__strndup(v, len)))
                    st = POL_ENOMEM;
                docs[nkept] = doc;
                doc = NULL;
                kept[nkept++] = i;
            }
        }
        pol__x_doc_free(doc);
        /* every candidate checked, when the relaxed query has no more:
         * the documents that hold the phrases are all of the exact query's */
        int all = i + 1 == n && n < cand;
        if (st < 0 || (nkept < first + want && !all))
            continue;
        unsigned from = first < nkept ? first : nkept;
        unsigned k = nkept - from < want ? nkept - from : want;
        /* the share of the documents checked that match (in groups) */
        double est = all ? nkept : (double)pol__x_mset_matches_estimated(rm) * nkept / (i + 1);
        *estimated = est > nkept ? (unsigned)est : nkept;
        st = pol__x_mset_pick(out, rm, kept + from, coll + from, docs + from, k, *estimated);
    }
    for (unsigned j = 0; gid && docs && j < nkept; j++) {
        free(gid[j]);
        pol__x_doc_free(docs[j]);
    }
    free(docs);
    free(gid);
    free(kept);
    free(coll);
    return st;
}

/* q's page first .. first+want through e, over the documents `lm` holds
 * (*out), and (bound not NULL) the bound that q's weight of any other
 * document stays under when it weighs at most `b` without the characters:
 * b + the characters' terms' greatest weights. */
static pol_status page_over(polx_enquire *e, const polx_query *q, const pol_built_query *bq,
                            const polx_mset *lm, unsigned first, unsigned want, polx_mset **out,
                            double b, double *bound)
{
    unsigned n = pol__x_mset_size(lm), *ids = malloc((n ? n : 1) * sizeof *ids);
    polx_query *rq = NULL;
    pol_status st = ids ? POL_OK : POL_ENOMEM;
    for (unsigned i = 0; i < n && st >= 0; i++)
        ids[i] = pol__x_mset_docid(lm, i);
    if (st >= 0 && (st = pol__x_query_restrict(&rq, q, ids, n)) >= 0 &&
        (st = pol__x_enquire_set_query(e, rq)) >= 0) {
        st = pol__x_enquire_get_mset(e, first, want, 0, out);
        pol_status st2 = pol__x_enquire_set_query(e, q);
        st = st < 0 ? st : st2;
    }
    if (bound)
        *bound = b;
    for (size_t i = 0; bound && i < bq->char_terms.n && st >= 0; i++) {
        double t = 0;
        st = pol__x_mset_termweight(*out, bq->char_terms.v[i], strlen(bq->char_terms.v[i]), &t);
        *bound += t;
    }
    pol__x_query_free(rq);
    free(ids);
    return st;
}

/* A question's page first .. first+want of q (the query of bq, filtered)
 * through e from the documents that rank best without its characters'
 * weights (bq->nochar_query), as MaxScore does: the characters only add
 * weight to what the rest matches, at most their terms' greatest weights.
 * q runs on the best 2 * (first + want) of those documents; when its page
 * there ends above what any other document can weigh, it is q's own; so
 * also when they are all of the matches. Else it runs again on every
 * document that weighs enough without the characters to reach that page's
 * last weight with them. The characters' posting lists, which hold nearly
 * every document, are read for those documents alone. *out stays NULL
 * when neither gives the page (too many documents to check). */
static pol_status page_by_bound(pol_searcher *s, polx_enquire *e, const polx_query *q,
                                const pol_built_query *bq, const pol_search_opts *o,
                                unsigned first, unsigned want, polx_mset **out, unsigned *estimated)
{
    unsigned cand = 2 * (first + want), n = 0;
    polx_query *lq = NULL;
    polx_enquire *le = NULL;
    polx_mset *lm = NULL, *lm2 = NULL, *m = NULL;
    double bound = 0;
    pol_status st;
    if ((st = filtered(&lq, bq->nochar_query, POL_P_RECTYPE "d")) >= 0 &&
        (st = new_enquire(&le, s->db, lq, o->rank)) >= 0 &&
        (st = pol__x_enquire_get_mset(le, 0, cand, 0, &lm)) >= 0)
        n = pol__x_mset_size(lm);
    if (st >= 0 && n)
        st = page_over(e, q, bq, lm, first, want, &m, pol__x_mset_weight(lm, n - 1), &bound);
    unsigned size = st >= 0 && m ? pol__x_mset_size(m) : 0;
    /* every match of q among the documents, or a page above the bound */
    int own = st >= 0 && m &&
              (n < cand || (size == want && pol__x_mset_weight(m, want - 1) > bound + 1e-9));
    if (st >= 0 && m && !own && size == want) {
        /* a document reaches the page's last weight only if it weighs that
         * less the characters' greatest weights without them: q runs on
         * every such document (unless there are too many) */
        double need = pol__x_mset_weight(m, want - 1) - (bound - pol__x_mset_weight(lm, n - 1)) - 1e-9;
        unsigned most = 20 * cand;
        pol__x_mset_free(m);
        m = NULL;
        if ((st = pol__x_enquire_set_weight_cutoff(le, need)) >= 0 &&
            (st = pol__x_enquire_get_mset(le, 0, most, 0, &lm2)) >= 0 &&
            pol__x_mset_size(lm2) < most &&
            (st = page_over(e, q, bq, lm2, first, want, &m, 0, NULL)) >= 0)
            own = pol__x_mset_size(m) == want;
    }
    if (own) {
        *estimated = pol__x_mset_matches_estimated(n < cand ? m : lm);
        *out = m;
        m = NULL;
    }
    pol__x_mset_free(m);
    pol__x_mset_free(lm);
    pol__x_mset_free(lm2);
    pol__x_enquire_free(le);
    pol__x_query_free(lq);
    return st;
}

/* The hits first .. first+want of q (the query of bq, filtered) through e
 * (grouped: it collapses near copies). A question's come from the documents
 * that rank best without its characters (page_by_bound) where that gives
 * them. Positions are not read for every candidate where that can be
 * helped: a query with required phrases runs first
 * relaxed (bq->relaxed_query: their units only, the same weights), for its
 * best documents, whose phrases are then checked in rank order: directly
 * (page_by_checks) for a conjunction of phrases; else by q limited to the
 * first of those, more of them each round. When that gives `want` hits from
 * `first`, or the relaxed query had no more documents, they are q's own:
 * every other document of q sorts after them, as it sorts after them in the
 * relaxed order. Else q runs on every candidate.
 * *estimated: the number of matches q has, estimated. */
static pol_status get_hits(pol_searcher *s, polx_enquire *e, const polx_query *q,
                           const pol_built_query *bq, const pol_search_opts *o, int grouped,
                           unsigned first, unsigned want, unsigned checkatleast, polx_mset **out,
                           unsigned *estimated)
{
    *out = NULL;
    pol_status st;
    if (bq->nochar_query && !checkatleast && want && first <= 10000 && want <= 10000 &&
        o->sort == POL_SORT_RELEVANCE && pol__x_db_one_local(s->db) &&
        ((st = page_by_bound(s, e, q, bq, o, first, want, out, estimated)) < 0 || *out))
        return st;
    if (bq->relaxed_query && !checkatleast && want && first <= 10000 && want <= 10000 &&
        pol__x_db_one_local(s->db) && phrases_common(s, bq)) {
        unsigned cand = 2 * (first + want) + 20;
        polx_query *rq = NULL, *lq = NULL;
        polx_enquire *re = NULL;
        polx_mset *rm = NULL, *m = NULL;
        unsigned *ids = NULL, n = 0;
        if ((st = filtered(&rq, bq->relaxed_query, POL_P_RECTYPE "d")) >= 0 &&
            (st = new_enquire(&re, s->db, rq, o->rank)) >= 0 &&
            (st = set_order_and_spies(re, o, NULL)) >= 0 &&
            (st = pol__x_enquire_get_mset(re, 0, cand, 0, &rm)) >= 0)
            n = pol__x_mset_size(rm);
        /* a conjunction of phrases is checked on the relaxed order's best
         * documents directly; else the phrases are checked by q limited to
         * the relaxed order's best k documents, k growing until they give
         * the page. Most of them hold the phrases (phrases_common), so the
         * page is found after checking not many more documents than it shows */
        phrase_cps *pc = NULL;
        int direct = st >= 0 && n > 0 && !bq->relaxed_or && !bq->nnears &&
                     (pc = reduced_phrases(bq, &st)) != NULL;
        if (direct)
            st = page_by_checks(rm, n, cand, pc, grouped, first, want, out, estimated);
        phrase_cps_free(pc);
        if (st >= 0 && n > 0 && !direct) {
            if (!(ids = malloc(n * sizeof *ids)))
                st = POL_ENOMEM;
            for (unsigned i = 0; i < n && st >= 0; i++)
                ids[i] = pol__x_mset_docid(rm, i);
        }
        unsigned k = first + want < n ? first + want : n, rounds = 0;
        while (st >= 0 && n > 0 && !direct) {
            pol__x_query_free(lq);
            pol__x_mset_free(m);
            lq = NULL;
            m = NULL;
            if ((st = pol__x_query_restrict(&lq, q, ids, k)) < 0 ||
                (st = pol__x_enquire_set_query(e, lq)) < 0 ||
                (st = pol__x_enquire_get_mset(e, first, want, k, &m)) < 0 ||
                (st = pol__x_enquire_set_query(e, q)) < 0)
                break;
            /* under an OR a document's relaxed weight may exceed its weight
             * in q: the page is q's own only when its last hit weighs at
             * least the last document checked, which weighs at least as
             * much as any document left out (relevance order alone) */
            unsigned size = pol__x_mset_size(m);
            if ((k == n && n < cand) ||
                (size == want && (!bq->relaxed_or || (o->sort == POL_SORT_RELEVANCE &&
                                                      pol__x_mset_weight(m, want - 1) >=
                                                          pol__x_mset_weight(rm, k - 1))))) {
                /* the share of the documents checked that match */
                unsigned got = pol__x_mset_matches_lower_bound(m);
                double all = k == n && n < cand
                                 ? got
                                 : (double)pol__x_mset_matches_estimated(rm) * got / k;
                *estimated = all > got ? (unsigned)all : got;
                *out = m;
                m = NULL;
                break;
            }
            if (k == n)
                break; /* every candidate checked, too few hold the phrases */
            /* what the share found so far needs: more than the candidates
             * hold, q runs on every document (a rare phrase); else a
             * second round with twice that, a third with every candidate */
            unsigned got = pol__x_mset_matches_lower_bound(m);
            double need = (double)(first + want) * k / (got ? got : 1);
            if (need >= n && n == cand)
                break;
            k = ++rounds > 1 || 2 * need >= n ? n : 2 * need > 2.0 * k ? (unsigned)(2 * need) : 2 * k;
        }
        pol__x_mset_free(m);
        pol__x_mset_free(rm);
        pol__x_enquire_free(re);
        pol__x_query_free(rq);
        pol__x_query_free(lq);
        free(ids);
        if (st < 0 || *out)
            return st;
    }
    if ((st = pol__x_enquire_get_mset(e, first, want, checkatleast, out)) >= 0)
        *estimated = matches(*out, checkatleast);
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
    pol_facet_value *nv = pol__grow(ff->v, &ff->cap, ff->n, sizeof *nv);
    if (!nv) { ff->oom = 1; return 1; }
    ff->v = nv;
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

/* ---- near-duplicate groups (docs/duplicates.md) ----
 * Document results are collapsed on the group id (POL_V_DUPGROUP): Xapian
 * keeps the best-ranked member of each group (by the sort in effect) and
 * counts the estimate in groups. Records without a group value are never
 * collapsed (Xapian leaves empty collapse keys alone). Then, per page: a group's members are read (they all carry
 * the group id), the members matching the query are scored, a member with
 * the same score (and date, when sorting by date) but richer metadata (then
 * newer, then the smaller key) replaces the hit, and the others become its
 * copies. */

/* A hit of the page as the group stage needs it. */
typedef struct hitgroup {
    unsigned docid;
    polx_doc *doc;          /* the matching document as read for the hit (its data read
                               once), kept for its sections; NULL once taken */
    unsigned doc_id;        /* doc's id (docid may change to the copy shown) */
    pol_secdata d;          /* doc's data decoded (d.meta owned), kept with doc */
    unsigned collapsed;     /* other matches collapsed into it */
    char *gid;              /* its group id (malloc'd); NULL: not in a group of two or more */
    char datev[9];          /* POL_V_DATE value */
} hitgroup;

static pol_status value_copy(polx_doc *doc, unsigned slot, char *out, size_t cap)
{
    const char *v;
    size_t len;
    pol_status st = pol__x_doc_get_value(doc, slot, &v, &len);
    if (st >= 0) {
        len = len < cap - 1 ? len : cap - 1;
        memcpy(out, v, len);
        out[len] = '\0';
    }
    return st;
}

/* Notes the group of hit h (mset item i, record doc) when it may have other
 * members: other matches were collapsed into it, its group id is another
 * document's key, or the index lists members for it. */
static pol_status hit_group(pol_searcher *s, const polx_mset *m, unsigned i, polx_doc *doc,
                            const pol_hit *h, hitgroup *g)
{
    const char *v;
    size_t len;
    int listed = 0;
    g->docid = pol__x_mset_docid(m, i);
    g->collapsed = pol__x_mset_collapse_count(m, i);
    pol_status st = value_copy(doc, POL_V_DATE, g->datev, sizeof g->datev);
    if (st >= 0)
        st = pol__x_doc_get_value(doc, POL_V_DUPGROUP, &v, &len);
    if (st < 0 || len == 0)
        return st < 0 ? db_fail(s, st, "cannot read a matching document", pol__x_errmsg()) : st;
    if (!(g->gid = pol__strndup(v, len)))
        return POL_ENOMEM;
    if (g->collapsed == 0 && strcmp(g->gid, h->key) == 0 &&
        (st = pol__dup_listed(s->db, g->gid, &listed, NULL)) >= 0 && !listed) {
        free(g->gid);
        g->gid = NULL;
    }
    return st < 0 ? db_fail(s, st, "cannot read near-duplicate groups", pol__x_errmsg()) : st;
}

/* A member of a group of one of the page's hits. */
typedef struct gmember {
    unsigned docid;
    size_t hit;             /* the hit whose group it is in */
    char *data;             /* stored document data (malloc'd) */
    size_t len;
    pol_secdata d;          /* decoded from data */
    char datev[9];
    pol_dupsig sig;
    int matched;            /* matches the query */
    double score;
} gmember;

/* Records of the groups gids[0..n) (and perhaps others: callers check the
 * group value). A group listed in the index is found through its members'
 * key terms (short posting lists); one that is not (a group of another
 * index than the first, whose lists Xapian does not read) through its value,
 * which walks every document's value 9. Reorders gids. */
static pol_status in_groups(polx_db *db, polx_query **out, char **gids, size_t n)
{
    pol_strlist keys = POL_STRLIST_INIT;
    polx_query **sub = NULL;
    size_t nsub = 0, nvr = 0;
    pol_status st = POL_OK;
    int listed;
    for (size_t i = 0; i < n && st >= 0; i++) {
        size_t before = keys.n;
        st = pol__dup_listed(db, gids[i], &listed, &keys);
        if (st >= 0 && (!listed || keys.n == before)) {
            /* not listed: keep it among the first nvr gids for a value range */
            char *t = gids[nvr];
            gids[nvr++] = gids[i];
            gids[i] = t;
        }
    }
    if (st >= 0 && !(sub = calloc(keys.n + nvr + 1, sizeof *sub)))
        st = POL_ENOMEM;
    for (size_t i = 0; i < keys.n && st >= 0; i++) {
        pol_buf t = POL_BUF_INIT;
        pol__ident(&t, POL_P_KEY, keys.v[i], strlen(keys.v[i]));
        st = t.oom ? POL_ENOMEM : pol__x_query_term(&sub[nsub++], t.data, t.len, 1, 0);
        pol__buf_free(&t);
    }
    for (size_t i = 0; i < nvr && st >= 0; i++)
        st = pol__x_query_value_range(&sub[nsub++], POL_V_DUPGROUP, gids[i], gids[i]);
    if (st >= 0 && nsub)
        st = pol__x_query_combine(out, POLX_OP_OR, sub, nsub, 0);
    for (size_t i = 0; i < nsub; i++)
        pol__x_query_free(sub[i]);
    free(sub);
    pol__strlist_free(&keys);
    return st;
}

/* Calls fn(ctx, doc, docid, weight) for every record of q that filter lets through. */
typedef pol_status (*group_doc_fn)(void *ctx, polx_doc *doc, unsigned docid, double weight);

static pol_status each_in(pol_searcher *s, const polx_query *q, const polx_query *filter,
                          const pol_search_opts *o, pol_near_check *nearc, group_doc_fn fn, void *ctx)
{
    polx_query *fq = NULL;
    polx_enquire *e = NULL;
    polx_mset *m = NULL;
    unsigned all = 0;
    polx_query *subs[2] = { (polx_query *)q, (polx_query *)filter };
    pol_status st = pol__x_db_doccount(s->db, &all);
    if (st >= 0)
        st = pol__x_query_combine(&fq, POLX_OP_FILTER, subs, 2, 0);
    if (st >= 0)
        st = new_enquire(&e, s->db, fq, o->rank);
    if (st >= 0 && nearc && nearc->bq->nnears)
        st = pol__x_enquire_set_decider(e, pol__near_accept, nearc);
    if (st >= 0)
        st = pol__x_enquire_get_mset(e, 0, all, 0, &m);
    if (st >= 0 && nearc)
        st = nearc->rc;
    unsigned ms = st >= 0 ? pol__x_mset_size(m) : 0;
    for (unsigned i = 0; i < ms && st >= 0; i++) {
        polx_doc *doc = NULL;
        st = pol__x_mset_document(m, i, &doc);
        if (st >= 0)
            st = fn(ctx, doc, pol__x_mset_docid(m, i), pol__x_mset_weight(m, i));
        pol__x_doc_free(doc);
    }
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    pol__x_query_free(fq);
    return st;
}

typedef struct member_list {
    gmember *v;
    size_t n, cap;
    const hitgroup *hg;
    size_t nhg;
} member_list;

static pol_status add_member(void *ctx, polx_doc *doc, unsigned docid, double weight)
{
    member_list *l = ctx;
    const char *v, *data;
    size_t len, dlen;
    (void)weight;
    pol_status st = pol__x_doc_get_value(doc, POL_V_DUPGROUP, &v, &len);
    size_t h = 0;
    while (st >= 0 && h < l->nhg &&
           !(l->hg[h].gid && strlen(l->hg[h].gid) == len && memcmp(l->hg[h].gid, v, len) == 0))
        h++;
    if (st < 0 || h == l->nhg)
        return st;
    gmember *nv = pol__grow(l->v, &l->cap, l->n, sizeof *nv);
    if (!nv)
        return POL_ENOMEM;
    l->v = nv;
    gmember *m = &l->v[l->n];
    memset(m, 0, sizeof *m);
    m->docid = docid;
    m->hit = h;
    if ((st = pol__x_doc_get_data(doc, &data, &dlen)) < 0)
        return st;
    if (!(m->data = pol__strndup(data, dlen)))
        return POL_ENOMEM;
    l->n++;
    m->len = dlen;
    if (pol__secdata_decode(&m->d, m->data, m->len) < 0)
        return POL_ECORRUPT;
    if ((st = pol__x_doc_get_value(doc, POL_V_DUPSIG, &v, &len)) < 0)
        return st;
    if (len && pol__dup_decode(&m->sig, v, len) < 0)
        return POL_ECORRUPT;
    return value_copy(doc, POL_V_DATE, m->datev, sizeof m->datev);
}

/* Key terms of the members of groups where matches were collapsed (those
 * that may score as much as their hit: not only identical texts, e.g.
 * records that share their text and differ in a field not searched); *out
 * stays NULL when there are none. */
static pol_status member_keys(polx_query **out, const member_list *l)
{
    polx_query **kt = calloc(l->n, sizeof *kt);
    size_t n = 0;
    pol_status st = kt ? POL_OK : POL_ENOMEM;
    for (size_t i = 0; i < l->n && st >= 0; i++) {
        const gmember *m = &l->v[i];
        if (!l->hg[m->hit].collapsed || m->docid == l->hg[m->hit].docid)
            continue;
        pol_buf t = POL_BUF_INIT;
        pol__ident(&t, POL_P_KEY, m->d.key, m->d.key_len);
        st = t.oom ? POL_ENOMEM : pol__x_query_term(&kt[n++], t.data, t.len, 1, 0);
        pol__buf_free(&t);
    }
    if (st >= 0 && n)
        st = pol__x_query_combine(out, POLX_OP_OR, kt, n, 0);
    for (size_t i = 0; i < n; i++)
        pol__x_query_free(kt[i]);
    free(kt);
    return st;
}

static pol_status score_member(void *ctx, polx_doc *doc, unsigned docid, double weight)
{
    member_list *l = ctx;
    (void)doc;
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].docid == docid) {
            l->v[i].matched = 1;
            l->v[i].score = weight;
        }
    return POL_OK;
}

static int same_score(double a, double b)
{
    double d = a > b ? a - b : b - a, m = a > 0 ? a : -a;
    return d <= 1e-9 * (m > 1 ? m : 1);
}

static int str_cmp(const char *a, size_t al, const char *b, size_t bl)
{
    int c = memcmp(a, b, al < bl ? al : bl);
    return c ? c : al < bl ? -1 : al > bl;
}

/* < 0 when member a is to be shown before b among tied members: more
 * metadata, then newer, then the smaller key. */
static int prefer(const gmember *a, const gmember *b)
{
    unsigned ra = pol__dup_richness(&a->d), rb = pol__dup_richness(&b->d);
    if (ra != rb)
        return ra > rb ? -1 : 1;
    int c = str_cmp(a->d.date, a->d.date_len, b->d.date, b->d.date_len);
    if (c)
        return -c;
    return str_cmp(a->d.key, a->d.key_len, b->d.key, b->d.key_len);
}

static const gmember *g_shown; /* qsort has no context argument in C11 */

static int copy_cmp(const void *x, const void *y)
{
    const gmember *a = *(const gmember *const *)x, *b = *(const gmember *const *)y;
    double sa = pol__dup_similarity(&g_shown->sig, &a->sig), sb = pol__dup_similarity(&g_shown->sig, &b->sig);
    if (sa != sb)
        return sa > sb ? -1 : 1;
    return str_cmp(a->d.key, a->d.key_len, b->d.key, b->d.key_len);
}

/* Hit h becomes member shown (tied with it), and lists the other members. */
static pol_status set_copies(pol_results *r, pol_hit *h, gmember *const *ms, size_t n,
                             const gmember *shown)
{
    pol_copy *c = calloc(n, sizeof *c);
    int oom = 0;
    if (!c || keep_block(r, c) < 0)
        return POL_ENOMEM;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const gmember *m = ms[i];
        if (m == shown)
            continue;
        c[k].key = keep_str(r, m->d.key, m->d.key_len, &oom);
        c[k].path = keep_str(r, m->d.path, m->d.path_len, &oom);
        c[k].title = keep_str(r, m->d.title, m->d.title_len, &oom);
        c[k].date = keep_str(r, m->d.date, m->d.date_len, &oom);
        if (!c[k].path)
            c[k].path = "";
        if (!c[k].key)
            c[k].key = c[k].path;
        c[k++].similarity = pol__dup_similarity(&shown->sig, &m->sig);
    }
    h->copies = c;
    h->ncopies = k;
    return oom ? POL_ENOMEM : POL_OK;
}

static pol_status group_hits(pol_searcher *s, pol_results *r, const polx_query *q,
                             const pol_search_opts *o, pol_near_check *nearc, hitgroup *hg)
{
    member_list l = { NULL, 0, 0, hg, r->n };
    char **gids = calloc(r->n, sizeof *gids);
    gmember **grp = calloc(r->n + 1, sizeof *grp); /* grown below */
    size_t ng = 0;
    pol_status st = gids && grp ? POL_OK : POL_ENOMEM;
    for (size_t i = 0; i < r->n && st >= 0; i++)
        if (hg[i].gid)
            gids[ng++] = hg[i].gid;
    polx_query *rd = NULL, *gq = NULL, *kq = NULL;
    if (st >= 0 && ng)
        st = pol__x_query_term(&rd, POL_P_RECTYPE "d", strlen(POL_P_RECTYPE "d"), 1, 0);
    if (st >= 0 && ng)
        st = in_groups(s->db, &gq, gids, ng);
    /* the members, then which of them match the query, with what score:
     * only where other matches were collapsed into the hit (the others
     * match nothing); their key terms are short posting lists */
    if (st >= 0 && gq)
        st = each_in(s, rd, gq, o, NULL, add_member, &l);
    if (st >= 0 && l.n)
        st = member_keys(&kq, &l);
    if (st >= 0 && kq)
        st = each_in(s, q, kq, o, nearc, score_member, &l);
    pol__x_query_free(rd);
    pol__x_query_free(gq);
    pol__x_query_free(kq);
    if (st >= 0 && l.n > r->n + 1) {
        gmember **g2 = realloc(grp, l.n * sizeof *grp);
        if (!g2)
            st = POL_ENOMEM;
        else
            grp = g2;
    }
    for (size_t h = 0; h < r->n && st >= 0; h++) {
        size_t n = 0;
        gmember *cur = NULL, *best = NULL;
        for (size_t i = 0; i < l.n; i++)
            if (l.v[i].hit == h) {
                grp[n++] = &l.v[i];
                if (l.v[i].docid == hg[h].docid)
                    cur = &l.v[i];
            }
        if (!cur || n < 2)
            continue;
        best = cur;
        for (size_t i = 0; i < n; i++) {
            gmember *m = grp[i];
            if (m != cur && m->matched && same_score(m->score, r->hits[h].score) &&
                (o->sort == POL_SORT_RELEVANCE || strcmp(m->datev, hg[h].datev) == 0) &&
                prefer(m, best) < 0)
                best = m;
        }
        if (best != cur) {
            st = fill_meta(r, &r->hits[h], &best->d);
            r->hits[h].score = best->score;
            hg[h].docid = best->docid; /* its sections are listed */
        }
        g_shown = best;
        qsort(grp, n, sizeof *grp, copy_cmp);
        if (st >= 0)
            st = set_copies(r, &r->hits[h], grp, n, best);
    }
    for (size_t i = 0; i < l.n; i++) {
        pol__secdata_release(&l.v[i].d);
        free(l.v[i].data);
    }
    free(l.v);
    free(gids);
    free(grp);
    return st;
}

/* ---- facets counting groups ---- */

static int multi_group(void *ctx, const char *value, size_t len, unsigned count)
{
    pol_strlist *l = ctx;
    if (len && count >= 2)
        pol__strlist_collect(l, value, len, count);
    return l->oom;
}

/* One matching member of a group with several: its group and facet values. */
typedef struct fmember {
    char *gid;
    char *val[POL_FACET_MAX];
} fmember;

typedef struct fmember_list {
    fmember *v;
    size_t n, cap;
    unsigned facets;
} fmember_list;

static pol_status add_fmember(void *ctx, polx_doc *doc, unsigned docid, double weight)
{
    fmember_list *l = ctx;
    const char *v;
    size_t len;
    (void)docid;
    (void)weight;
    fmember *nv = pol__grow(l->v, &l->cap, l->n, sizeof *nv);
    if (!nv)
        return POL_ENOMEM;
    l->v = nv;
    fmember *m = &l->v[l->n++];
    memset(m, 0, sizeof *m);
    pol_status st = pol__x_doc_get_value(doc, POL_V_DUPGROUP, &v, &len);
    if (st >= 0 && !(m->gid = pol__strndup(v, len)))
        st = POL_ENOMEM;
    for (int f = 0; f < POL_FACET_MAX && st >= 0; f++) {
        if (!(l->facets & (1u << f)))
            continue;
        st = pol__x_doc_get_value(doc, facet_slot[f], &v, &len);
        if (st >= 0 && len && !(m->val[f] = pol__strndup(v, len)))
            st = POL_ENOMEM;
    }
    return st;
}

static int fmember_cmp(const void *a, const void *b)
{
    return strcmp(((const fmember *)a)->gid, ((const fmember *)b)->gid);
}

static int facet_cmp(const void *a, const void *b)
{
    const pol_facet_value *x = a, *y = b;
    if (x->count != y->count)
        return x->count > y->count ? -1 : 1;
    return strcmp(x->value, y->value);
}

/* The facet spies counted documents (Xapian's match spies see every match,
 * also those collapsed away): a group with several matching members that
 * share a value counted that value once per member. Those members are read
 * and the surplus taken off. */
static pol_status facets_by_group(pol_searcher *s, pol_results *r, const polx_query *q,
                                  const pol_search_opts *o, pol_near_check *nearc, polx_spy *gspy)
{
    pol_strlist multi = POL_STRLIST_INIT;
    fmember_list fl = { NULL, 0, 0, o->facets };
    pol_status st = pol__x_spy_values(gspy, 0, multi_group, &multi);
    if (st >= 0 && multi.oom)
        st = POL_ENOMEM;
    polx_query *gq = NULL;
    if (st >= 0 && multi.n)
        st = in_groups(s->db, &gq, multi.v, multi.n);
    if (st >= 0 && gq)
        st = each_in(s, q, gq, o, nearc, add_fmember, &fl);
    pol__x_query_free(gq);
    if (fl.n)
        qsort(fl.v, fl.n, sizeof *fl.v, fmember_cmp);
    for (int f = 0; f < POL_FACET_MAX && st >= 0 && fl.n; f++) {
        if (!(o->facets & (1u << f)))
            continue;
        /* members of one group are adjacent: a value met again in the group is surplus */
        for (size_t i = 0, g = 0; i < fl.n; i++) {
            if (strcmp(fl.v[g].gid, fl.v[i].gid) != 0)
                g = i;
            const char *v = fl.v[i].val[f];
            int seen = 0;
            for (size_t k = g; k < i && v && !seen; k++)
                seen = fl.v[k].val[f] && !strcmp(fl.v[k].val[f], v);
            for (size_t k = 0; k < r->nfacets[f] && seen; k++)
                if (!strcmp(r->facets[f][k].value, v)) {
                    r->facets[f][k].count--;
                    break;
                }
        }
        if (r->nfacets[f])
            qsort(r->facets[f], r->nfacets[f], sizeof *r->facets[f], facet_cmp);
    }
    for (size_t i = 0; i < fl.n; i++) {
        free(fl.v[i].gid);
        for (int f = 0; f < POL_FACET_MAX; f++)
            free(fl.v[i].val[f]);
    }
    free(fl.v);
    pol__strlist_free(&multi);
    return st;
}

typedef struct sec_hit {
    size_t doc, sec;        /* candidate document (its rank), section */
    double score;
} sec_hit;

/* sec_cmp: 1 ranks by score first, 0 keeps the documents' order (sorted by
 * date); qsort has no context argument in C11 */
static _Thread_local int g_by_score;
static int sec_cmp(const void *a, const void *b)
{
    const sec_hit *x = a, *y = b;
    if (g_by_score && x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->doc != y->doc)
        return x->doc < y->doc ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->sec < y->sec ? -1 : x->sec > y->sec;
}

/* Sections mode: the sections of the best documents (m), ranked by the
 * query's units; a section is listed when it has one of them (a character
 * of a longer word is not enough) and holds the query's NEAR pairs within
 * itself. */
static pol_status rank_sections(pol_searcher *s, pol_results *r, const polx_mset *m,
                                const pol_secrank *sr, pol_poscache *pc, const pol_built_query *bq,
                                const pol_search_opts *o)
{
    unsigned nd = pol__x_mset_size(m);
    docsecs *xs = calloc(nd ? nd : 1, sizeof *xs);
    sec_hit *sh = NULL;
    size_t nsh = 0, cap = 0;
    pol_status st = xs ? POL_OK : POL_ENOMEM;
    double sum = 0, count = 0;
    for (unsigned i = 0; i < nd && st >= 0; i++) {
        if ((st = get_secdata(s, m, i, &xs[i].doc, &xs[i].d)) >= 0)
            st = docsecs_load(s, &xs[i]);
        for (size_t k = 0; st >= 0 && k < xs[i].n; k++, count++)
            sum += xs[i].secs[k].pos1 > xs[i].secs[k].pos0 ? xs[i].secs[k].pos1 - xs[i].secs[k].pos0 : 0;
    }
    double avglen = count ? sum / count : 1;
    for (unsigned i = 0; i < nd && st >= 0; i++) {
        docsecs *x = &xs[i];
        if ((st = pol__secrank_score(sr, pc, pol__x_mset_docid(m, i), x->doc, x->secs, x->n, avglen,
                                     x->scores, x->listed)) < 0)
            break;
        for (size_t k = 0; k < x->n && st >= 0; k++) {
            int ok = 1;
            if (!x->listed[k])
                continue;
            if (bq->nnears && ((st = pol__near_holds(bq, x->doc, x->secs[k].pos0, x->secs[k].pos1, &ok)) < 0 || !ok))
                continue;
            if (nsh == cap) {
                cap = cap ? cap * 2 : 64;
                sec_hit *n2 = realloc(sh, cap * sizeof *n2);
                if (!n2) { st = POL_ENOMEM; break; }
                sh = n2;
            }
            sh[nsh++] = (sec_hit){ i, k, x->scores[k] };
        }
    }
    if (st >= 0 && nsh > 1) {
        g_by_score = o->sort == POL_SORT_RELEVANCE;
        qsort(sh, nsh, sizeof *sh, sec_cmp);
    }
    /* more documents matched than were looked at: each has a section */
    if (r->estimated > nd)
        r->estimated = (unsigned)nsh + (r->estimated - nd);
    else
        r->estimated = (unsigned)nsh;
    size_t from = o->offset < nsh ? o->offset : nsh;
    size_t to = nsh - from > o->limit ? from + o->limit : nsh;
    if (st >= 0 && !(r->hits = calloc(to > from ? to - from : 1, sizeof *r->hits)))
        st = POL_ENOMEM;
    for (size_t i = from; i < to && st >= 0; i++) {
        docsecs *x = &xs[sh[i].doc];
        pol_hit *h = &r->hits[r->n++];
        pol_hit_section *sec = calloc(1, sizeof *sec);
        h->rank = (unsigned)i + 1;
        h->score = sh[i].score;
        if ((st = fill_meta(r, h, &x->d)) < 0)
            break;
        if (!sec || keep_block(r, sec) < 0) {
            st = POL_ENOMEM;
            break;
        }
        h->sections = sec;
        h->nsections = 1;
        if ((st = docsecs_text(s, x, x->secs[sh[i].sec].end)) >= 0)
            st = fill_section(s, r, sec, x->doc, x->text, x->secs, sh[i].sec, sh[i].score, bq,
                              o->snippet_chars);
    }
    for (unsigned i = 0; xs && i < nd; i++)
        docsecs_free(&xs[i]);
    free(xs);
    free(sh);
    return st;
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
    if ((st = pol__query_build(s->an, query, o.mode,
                                 (o.literal ? POL_QUERY_LITERAL : 0) |
                                     (s->unpositioned[0] ? POL_QUERY_OWN_PHRASES : 0),
                                 o.rank, &bq, err,
                               sizeof err)) < 0)
        return fail(s, st, "%s", err);
    /* a question has its own BM25 length normalization (question_b): every
     * BM25 of it below (documents, then the sections of the hits) uses it */
    pol_rank_opts qro;
    if (bq.mode == POL_MATCH_ANY) {
        qro = *o.rank;
        qro.b = qro.question_b;
        o.rank = &qro;
    }
    pol_results *r = calloc(1, sizeof *r);
    if (!r) {
        pol__query_free(&bq);
        return POL_ENOMEM;
    }
    r->explain = bq.explain;
    bq.explain = NULL;
    polx_spy *spies[POL_FACET_MAX] = { NULL }, *gspy = NULL;
    hitgroup *hg = NULL;
    int grouped = !o.sections && o.duplicates == POL_DUP_GROUP;
    unsigned checkatleast = 0;
    pol_near_check nearc = { &bq, POL_OK };
    unsigned estimated = 0;
    pol_secrank *sr = NULL;
    pol_poscache *pc = NULL;
    unsigned *order = NULL;
    double *scores = NULL;
    /* sections mode: the sections of the best documents are ranked */
    unsigned first = o.sections ? 0 : o.offset;
    unsigned want = o.sections ? 2 * (o.offset + o.limit) + 10 : o.limit;
    /* a question's first hits are ranked again (rerank.c): fetch them all,
     * from the first, whatever page is asked for */
    int rerank = bq.mode == POL_MATCH_ANY && !o.sections && o.sort == POL_SORT_RELEVANCE &&
                 bq.nqunits &&
                 (o.rank->passage > 0 || o.rank->coord > 0 || o.rank->other_region > 0 ||
                  o.rank->unasked_region > 0 || o.rank->prf > 0);
    unsigned depth = (unsigned)o.rank->rerank_depth;
    if (rerank) {
        first = 0;
        want = o.offset > UINT_MAX - o.limit ? UINT_MAX : o.offset + o.limit;
        if (want < depth)
            want = depth;
    }
    /* Several databases need no exhaustive match: each literal is a filter
     * (query.c), which Xapian 1.4's match over shards, skipping documents
     * that cannot make the page, handles as it does one database (T034;
     * it dropped the AND_MAYBE form's literals under an OR on the second
     * shard, bench/RESULTS.md) */
    if (o.exact_count || o.facets)
        pol__x_db_doccount(s->db, &checkatleast); /* every match is looked at */
    if (o.sections && o.exact_count && checkatleast > want)
        want = checkatleast; /* every section is counted */
    if ((st = filtered(&q, bq.doc_query, POL_P_RECTYPE "d")) < 0 ||
        (st = new_enquire(&e, s->db, q, o.rank)) < 0 ||
        (st = set_order_and_spies(e, &o, spies)) < 0 ||
        (grouped && (st = pol__x_enquire_set_collapse_key(e, POL_V_DUPGROUP, 1)) < 0) ||
        (grouped && o.facets && (st = pol__x_enquire_add_value_spy(e, POL_V_DUPGROUP, &gspy)) < 0) ||
        (bq.nnears && (st = pol__x_enquire_set_decider(e, pol__near_accept, &nearc)) < 0) ||
        (st = get_hits(s, e, q, &bq, &o, grouped, first, want, checkatleast, &m, &estimated)) < 0 ||
        (st = nearc.rc) < 0 ||
        (st = collect_facets(r, spies)) < 0 ||
        (gspy && (st = facets_by_group(s, r, q, &o, &nearc, gspy)) < 0) ||
        (!o.no_sections && (st = pol__secrank_new(&sr, s->db, m, &bq, o.rank)) < 0) ||
        (st = pol__poscache_new(&pc, s->db)) < 0) {
        if (st == POL_EMODIFIED)
            st = fail(s, st, "the index changed while reading; run the search again");
        else if (st != POL_ENOMEM)
            st = db_fail(s, st, "search failed", pol__x_errmsg());
        goto done;
    }
    if (rerank && o.rank->prf > 0 && !o.facets) {
        /* pseudo-relevance feedback: run again with the first hits' terms */
        polx_query *fq = NULL;
        polx_mset *m2 = NULL;
        if ((st = pol__feedback_query(e, m, q, o.rank, &fq)) >= 0 && fq &&
            (st = pol__x_enquire_set_query(e, fq)) >= 0 &&
            (st = pol__x_enquire_get_mset(e, first, want, checkatleast, &m2)) >= 0) {
            pol__x_mset_free(m);
            m = m2;
            estimated = matches(m, checkatleast);
            pol__x_query_free(q);
            q = fq;
            fq = NULL;
        }
        pol__x_query_free(fq);
        if (st < 0) {
            st = st == POL_ENOMEM ? st : db_fail(s, st, "search failed", pol__x_errmsg());
            goto done;
        }
    }
    pol__x_query_describe(q, &r->description);
    r->estimated = estimated;
    if (o.sections) {
        st = rank_sections(s, r, m, sr, pc, &bq, &o);
        goto done;
    }
    unsigned ms = pol__x_mset_size(m), skip = rerank ? o.offset : 0;
    r->hits = calloc(ms ? ms : 1, sizeof *r->hits);
    hg = calloc(ms ? ms : 1, sizeof *hg);
    order = malloc((ms ? ms : 1) * sizeof *order);
    scores = malloc((ms ? ms : 1) * sizeof *scores);
    if (!r->hits || !hg || !order || !scores) { st = POL_ENOMEM; goto done; }
    for (unsigned i = 0; i < ms; i++) {
        order[i] = i;
        scores[i] = pol__x_mset_weight(m, i);
    }
    if (rerank && (st = pol__rerank(s->db, pc, &bq, o.rank, m, ms < depth ? ms : depth, order, scores)) < 0) {
        st = db_fail(s, st, "search failed", pol__x_errmsg());
        goto done;
    }
    for (unsigned k = skip; k < ms && r->n < o.limit; k++) {
        unsigned i = order[k];
        polx_doc *doc = NULL;
        pol_secdata d;
        if ((st = get_secdata(s, m, i, &doc, &d)) < 0) {
            pol__x_doc_free(doc);
            goto done;
        }
        pol_hit *h = &r->hits[r->n++];
        size_t hn = r->n - 1;
        h->rank = o.offset + (k - skip) + 1;
        h->score = scores[k];
        hg[hn].docid = pol__x_mset_docid(m, i);
        st = fill_meta(r, h, &d);
        if (st >= 0 && grouped)
            st = hit_group(s, m, i, doc, h, &hg[hn]);
        hg[hn].d = d; /* for its sections: not decoded again */
        hg[hn].doc = doc;
        hg[hn].doc_id = hg[hn].docid;
        if (st < 0)
            goto done;
    }
    if (grouped && r->n > 0 && (st = group_hits(s, r, q, &o, &nearc, hg)) < 0) {
        st = st == POL_ECORRUPT ? db_fail(s, st, "near-duplicate group", "a member's stored data cannot be decoded")
           : st == POL_ENOMEM ? st : db_fail(s, st, "reading near-duplicate groups", pol__x_errmsg());
        goto done;
    }
    /* the best sections of each hit (of the copy shown, for a group) */
    for (size_t i = 0; i < r->n && !o.no_sections && st >= 0; i++) {
        docsecs x;
        memset(&x, 0, sizeof x);
        const char *data;
        size_t len;
        if (hg[i].doc && hg[i].doc_id == hg[i].docid) {
            x.doc = hg[i].doc; /* read and decoded already */
            x.d = hg[i].d;
            hg[i].doc = NULL;
            memset(&hg[i].d, 0, sizeof hg[i].d);
            st = hit_sections(s, r, &r->hits[i], hg[i].docid, &x, sr, pc, &bq, &o);
        } else if ((st = pol__x_db_get_document(s->db, hg[i].docid, &x.doc)) < 0 ||
                   (st = pol__x_doc_get_data(x.doc, &data, &len)) < 0)
            st = db_fail(s, st, "cannot read a matching document", pol__x_errmsg());
        else if (pol__secdata_decode(&x.d, data, len) < 0)
            st = db_fail(s, POL_ECORRUPT, "a document's stored data", "cannot be decoded");
        else
            st = hit_sections(s, r, &r->hits[i], hg[i].docid, &x, sr, pc, &bq, &o);
        docsecs_free(&x);
    }
done:
    pol__secrank_free(sr);
    pol__poscache_free(pc);
    for (size_t i = 0; hg && i < r->n; i++) {
        free(hg[i].gid);
        pol__x_doc_free(hg[i].doc);
        pol__secdata_release(&hg[i].d);
    }
    free(hg);
    pol__x_spy_free(gspy);
    free(order);
    free(scores);
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
