/* index.c — writing the index: opening with schema/analyzer checks, walking
 * paths, incremental file state, turning documents into Xapian records.
 * Not: reading or structuring files (reader.c, structure.c), nor the record
 * layout's definition (schema.h, docs/schema.md).
 *
 * Records: every document gets one record: positional units over its whole
 * text (phrase and AND queries are exact at document level), its text and
 * its section table, which maps each section to a range of positions; the
 * searcher ranks a document's sections from those positions (sections.c). */
#define _XOPEN_SOURCE 700 /* nftw */
#include "polsearch/index.h"
#include "polsearch/analyzer.h"
#include "polsearch/document.h"
#include "analyzer_int.h"
#include "dedup.h"
#include "document_int.h"
#include "lexicon_int.h"
#include "normalize.h"
#include "schema.h"
#include "unitmap.h"
#include "units.h"
#include "util.h"
#include "xapian_c.h"

#include <libxml/parser.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct pol_job pol_job;
typedef struct pathset pathset;

/* The non-positional terms of a record, counted before they go to Xapian:
 * a term seen k times is added once with wdf k, one lookup in the record's
 * term map instead of k (the record is the same). Reused from record to
 * record. */
typedef struct termagg_entry {
    size_t off;              /* in bytes */
    uint32_t len, wdf;       /* wdf 0: a boolean term (no part of the document's length) */
} termagg_entry;

typedef struct termagg {
    pol_buf bytes;           /* the terms, back to back */
    termagg_entry *e;
    size_t n, cap;
    int32_t *slots;          /* open addressing: entry index or -1 */
    size_t nslots;
    int oom;
} termagg;

static void termagg_free(termagg *a);

/* An index being written. Worker threads run on clones of it (see
 * start_workers): a clone shares opts and dbpath, and has its own analyzers,
 * its own part database (`db`), per-file state and stats. */
struct pol_index {
    polx_db *db;
    pol_analyzer *an;
    pol_analyzer *an_fields; /* titles and headings, analyzed while `an` is mid-run */
    char *dbpath;
    pol_index_opts opts;
    pol_index_event_cb cb;
    void *cb_ctx;
    pol_index_stats stats;
    unsigned uncommitted_files;
    unsigned long long uncommitted_bytes;
    size_t uncommitted_records;
    char err[1024];
    termagg agg;             /* the record's non-positional terms (add_term) */
    pol_unitmap umap;        /* the record's positional units (unitmap.h) */
    /* state while one file is being indexed */
    const char *cur_path;
    size_t cur_docs, cur_sections;
    pol_status cur_rc;
    pol_buf warnings;
    /* files found by the walk, waiting to be indexed (main index only) */
    pol_job *pending;
    size_t npending, cap_pending;
    /* parallel writing: one clone per worker, each writing a part database
     * that pol_index_commit merges into the index */
    pol_index **parts;
    unsigned nparts;
    pathset *queued;         /* files written into parts this run (not yet merged) */
    int merged;              /* the last commit merged parts: the index is compact */
    pol_index *owner;        /* clones: the index they work for */
    pol_dupbands bands;      /* near-duplicate candidates of db (dedup.h) */
    pol_job *cur_job;        /* clones: the job being run */
};

static pol_status fail(pol_index *ix, pol_status st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ix->err, sizeof ix->err, fmt, ap);
    va_end(ap);
    return st;
}

static pol_status xfail(pol_index *ix, pol_status st, const char *what)
{
    return fail(ix, st, "%s: %s: %s", ix->dbpath, what, pol__x_errmsg());
}

const char *pol_index_errmsg(const pol_index *ix) { return ix ? ix->err : "out of memory"; }
const pol_index_stats *pol_index_get_stats(const pol_index *ix) { return &ix->stats; }

void pol_index_set_event_cb(pol_index *ix, pol_index_event_cb cb, void *ctx)
{
    ix->cb = cb;
    ix->cb_ctx = ctx;
}

static void emit(pol_index *ix, pol_file_action a, const char *path, const char *msg,
                 size_t bytes, int warning)
{
    if (!ix->cb)
        return;
    pol_index_event ev = { a, path, msg, bytes, ix->cur_docs, ix->cur_sections, warning };
    ix->cb(ix->cb_ctx, &ev);
}

/* Checks (or, on an empty index, records) the schema and analyzer identity. */
static pol_status check_identity(pol_index *ix)
{
    char *schema = NULL, *an = NULL, *pos = NULL;
    size_t len;
    unsigned ndocs = 0, nrd = 0;
    pol_status st;
    char want_schema[16];
    snprintf(want_schema, sizeof want_schema, "%d", POL_SCHEMA_VERSION);
    if ((st = pol__x_db_get_metadata(ix->db, POL_M_SCHEMA, &schema, &len)) < 0 ||
        (st = pol__x_db_get_metadata(ix->db, POL_M_ANALYZER, &an, &len)) < 0 ||
        (st = pol__x_db_doccount(ix->db, &ndocs)) < 0 ||
        /* a posting list read now, so that a damaged term table is found
         * when the index is opened, not only where a later update reads */
        (st = pol__x_db_termfreq(ix->db, POL_P_RECTYPE "d", 2, &nrd)) < 0) {
        if (st == POL_ECORRUPT)
            st = fail(ix, st, "%s: index is damaged (%s); run polindex --rebuild", ix->dbpath,
                      pol__x_errmsg());
        else
            st = xfail(ix, st, "cannot read index metadata");
        goto done;
    }
    if (!schema && ndocs > 0) {
        st = fail(ix, POL_EVERSION, "%s: not a polsearch index (it holds %u documents but no "
                  "polsearch schema); choose another --db or rebuild it with polindex --rebuild",
                  ix->dbpath, ndocs);
        goto done;
    }
    if (schema && (strcmp(schema, want_schema) != 0 || !an || strcmp(an, pol_analyzer_id()) != 0)) {
        st = fail(ix, POL_EVERSION, "%s: index made with schema %s and analyzer '%s'; this "
                  "polindex writes schema %s with analyzer '%s': run polindex --rebuild",
                  ix->dbpath, schema, an ? an : "?", want_schema, pol_analyzer_id());
        goto done;
    }
    if (!schema) {
        const char *aid = pol_analyzer_id();
        if ((st = pol__x_db_set_metadata(ix->db, POL_M_SCHEMA, want_schema, strlen(want_schema))) < 0 ||
            (st = pol__x_db_set_metadata(ix->db, POL_M_ANALYZER, aid, strlen(aid))) < 0) {
            st = xfail(ix, st, "cannot write index metadata");
            goto done;
        }
    }
    /* Xapian's position table, kept when the index was made with it (an
     * index cannot have it for some documents and not for others) */
    if ((st = pol__x_db_get_metadata(ix->db, POL_M_POSITIONS, &pos, &len)) < 0) {
        st = xfail(ix, st, "cannot read index metadata");
        goto done;
    }
    if (pos && !strcmp(pos, "1")) {
        ix->opts.positions = 1;
    } else if (ix->opts.positions && ndocs > 0) {
        st = fail(ix, POL_EINVAL, "%s: index was made without Xapian positions (--positions); "
                  "add --rebuild to make it again with them", ix->dbpath);
        goto done;
    } else if (ix->opts.positions && (st = pol__x_db_set_metadata(ix->db, POL_M_POSITIONS, "1", 1)) < 0) {
        st = xfail(ix, st, "cannot write index metadata");
        goto done;
    }
    st = POL_OK;
done:
    free(schema);
    free(an);
    free(pos);
    return st;
}

static pol_status recover_parts(pol_index *ix);
static pol_status merge_parts(pol_index *ix, const pol_lexicon_opts *learn, pol__learn_job **job);
static void free_jobs(pol_index *ix);

/* Does the folder that would hold a new index at path not exist? */
static int parent_missing(const char *path)
{
    struct stat sb;
    if (stat(path, &sb) == 0)
        return 0;
    char *dir = pol__strdup(path);
    if (!dir)
        return 0;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        dir[--n] = '\0';
    char *slash = strrchr(dir, '/');
    int missing = 0;
    if (slash && slash != dir) {
        *slash = '\0';
        missing = stat(dir, &sb) != 0;
    }
    free(dir);
    return missing;
}

pol_status pol_index_open(pol_index **out, const char *dbpath, const pol_index_opts *opts)
{
    pol_index *ix = calloc(1, sizeof *ix);
    pol_status st;
    *out = ix;
    if (!ix)
        return POL_ENOMEM;
    if (opts)
        ix->opts = *opts;
    if (!ix->opts.commit_every)
        ix->opts.commit_every = 200;
    if (ix->opts.jobs > POL_MAX_JOBS)
        ix->opts.jobs = POL_MAX_JOBS;
    ix->dbpath = pol__strdup(dbpath);
    if (!ix->dbpath)
        return POL_ENOMEM;
    /* Commits come at file boundaries (maybe_commit: every COMMIT_RECORDS
     * records), so a killed run never leaves half a file. Xapian also
     * commits by itself every XAPIAN_FLUSH_THRESHOLD records (default 10000);
     * the library reads and sets no environment, so polindex raises that
     * threshold for itself (see indexer/polindex.c). */
    st = pol__x_db_open_writable(&ix->db, dbpath,
                                 ix->opts.rebuild ? POLX_CREATE_OR_OVERWRITE : POLX_CREATE_OR_OPEN);
    if (st < 0) {
        if (st == POL_ELOCKED)
            return fail(ix, st, "%s: index is locked by another polindex; wait for it to finish", dbpath);
        if (st == POL_ECORRUPT || st == POL_EVERSION)
            return fail(ix, st, "%s: index is damaged or of an unknown format (%s); "
                        "run polindex --rebuild", dbpath, pol__x_errmsg());
        if (parent_missing(dbpath))
            return fail(ix, st, "%s: cannot create the index: the folder it goes in does not exist; "
                        "create it first (mkdir -p)", dbpath);
        return xfail(ix, st, "cannot open index for writing");
    }
    if ((st = check_identity(ix)) < 0)
        return st;
    if ((st = pol_analyzer_new(&ix->an)) < 0 || (st = pol_analyzer_new(&ix->an_fields)) < 0)
        return fail(ix, st, "cannot create analyzer: %s", pol_status_str(st));
    return recover_parts(ix);
}

void pol_index_free(pol_index *ix)
{
    if (!ix)
        return;
    if (ix->parts)
        merge_parts(ix, NULL, NULL);
    if (ix->db)
        pol__x_db_commit(ix->db);
    pol__x_db_free(ix->db);
    pol__dup_bands_reset(&ix->bands);
    pol_analyzer_free(ix->an);
    pol_analyzer_free(ix->an_fields);
    pol__buf_free(&ix->warnings);
    termagg_free(&ix->agg);
    pol__unitmap_free(&ix->umap);
    free_jobs(ix);
    free(ix->pending);
    free(ix->dbpath);
    free(ix);
}

/* ---- turning one document into records ---- */

typedef struct rec_builder {
    pol_index *ix;
    const pol_doc *doc;
    polx_doc *drec;          /* the document record */
    size_t *order;           /* section indices sorted by start */
    unsigned *pos0;          /* first position of each section, in `order` order */
    size_t next_idx;         /* sections of order[0..next_idx) have begun */
    unsigned last_pos;       /* position of the last positional unit */
    pol_status rc;           /* sticky */
    const char *prefix;      /* for title units */
    polx_doc *target;        /* for title units */
    char prev[8];            /* the last positional unit when CJK (else "") */
    size_t prev_len;
    int prev_bigram;         /* a bigram began at it */
} rec_builder;

static void termagg_free(termagg *a)
{
    pol__buf_free(&a->bytes);
    free(a->e);
    free(a->slots);
    memset(a, 0, sizeof *a);
}

static void termagg_clear(termagg *a)
{
    a->bytes.len = 0;
    a->n = 0;
    a->oom = 0;
    for (size_t i = 0; i < a->nslots; i++)
        a->slots[i] = -1;
}

static size_t termagg_slot(const termagg *a, const char *t, size_t n)
{
    size_t h = (size_t)pol__hash64(t, n, 0) & (a->nslots - 1);
    for (int32_t i; (i = a->slots[h]) >= 0; h = (h + 1) & (a->nslots - 1))
        if (a->e[i].len == n && !memcmp(a->bytes.data + a->e[i].off, t, n))
            break;
    return h;
}

/* Counts one occurrence of term t (boolean: kept once, with wdf 0). */
static void termagg_add(termagg *a, const char *t, size_t n, int boolean)
{
    if (a->oom)
        return;
    if ((a->n + 1) * 2 > a->nslots) {
        size_t ns = a->nslots ? a->nslots * 2 : 1024;
        int32_t *s = malloc(ns * sizeof *s);
        if (!s || ns > INT32_MAX) {
            free(s);
            a->oom = 1;
            return;
        }
        free(a->slots);
        a->slots = s;
        a->nslots = ns;
        for (size_t i = 0; i < ns; i++)
            s[i] = -1;
        for (size_t i = 0; i < a->n; i++)
            s[termagg_slot(a, a->bytes.data + a->e[i].off, a->e[i].len)] = (int32_t)i;
    }
    size_t h = termagg_slot(a, t, n);
    if (a->slots[h] >= 0) {
        if (!boolean)
            a->e[a->slots[h]].wdf++;
        return;
    }
    termagg_entry *ne = pol__grow(a->e, &a->cap, a->n, sizeof *ne);
    size_t off = a->bytes.len;
    pol__buf_add(&a->bytes, t, n);
    if (!ne || a->bytes.oom) {
        a->oom = 1;
        return;
    }
    a->e = ne;
    a->e[a->n] = (termagg_entry){ off, (uint32_t)n, boolean ? 0u : 1u };
    a->slots[h] = (int32_t)a->n++;
}

static void add_term(rec_builder *b, polx_doc *d, const char *t, size_t n, unsigned pos)
{
    if (b->rc < 0 || !d)
        return;
    if (!pos) {
        termagg_add(&b->ix->agg, t, n, 0);
        return;
    }
    pol_status st = pol__x_doc_add_posting(d, t, n, pos, 1);
    if (st < 0)
        b->rc = st;
}

/* Adds the counted terms to d, in the order first seen. */
static void flush_terms(rec_builder *b, polx_doc *d)
{
    termagg *a = &b->ix->agg;
    if (a->oom && b->rc >= 0)
        b->rc = POL_ENOMEM;
    for (size_t i = 0; i < a->n && b->rc >= 0; i++) {
        const char *t = a->bytes.data + a->e[i].off;
        pol_status st = a->e[i].wdf ? pol__x_doc_add_term(d, t, a->e[i].len, a->e[i].wdf)
                                    : pol__x_doc_add_boolean_term(d, t, a->e[i].len);
        if (st < 0)
            b->rc = st;
    }
    termagg_clear(a);
}

static void add_prefixed(rec_builder *b, polx_doc *d, const char *prefix, const char *t, size_t n,
                         int boolean)
{
    char term[256];
    size_t pl = strlen(prefix);
    if (b->rc < 0 || !d || pl + n >= sizeof term || n == 0)
        return;
    memcpy(term, prefix, pl);
    memcpy(term + pl, t, n);
    pol_status st = boolean ? pol__x_doc_add_boolean_term(d, term, pl + n)
                            : pol__x_doc_add_term(d, term, pl + n, 1);
    if (st < 0)
        b->rc = st;
}

/* A boolean term identifying a file or document, however long its name. */
static void add_ident(rec_builder *b, polx_doc *d, const char *prefix, const char *s)
{
    pol_buf t = POL_BUF_INIT;
    pol__ident(&t, prefix, s, strlen(s));
    if (b->rc >= 0)
        b->rc = t.oom ? POL_ENOMEM : pol__x_doc_add_boolean_term(d, t.data, t.len);
    pol__buf_free(&t);
}

/* Units of prefixed fields (the title): no positions. */
static int prefixed_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                         unsigned pos, unsigned flags)
{
    rec_builder *b = ctx;
    (void)start; (void)end; (void)pos; (void)flags;
    add_prefixed(b, b->target, b->prefix, u, len, 0);
    return b->rc < 0;
}

static pol_status add_prefixed_text(rec_builder *b, polx_doc *d, const char *prefix,
                                    const char *text, size_t len)
{
    if (!text || !len)
        return POL_OK;
    b->prefix = prefix;
    b->target = d;
    pol_status st = pol_analyzer_run(b->ix->an_fields, text, len, 1, prefixed_unit, b, NULL);
    return st < 0 ? st : b->rc;
}

static void date_value(const char *date, char out[9])
{
    /* "YYYY-MM-DD" / "YYYY-MM" / "YYYY" -> "YYYYMMDD" with 00 for missing parts */
    memcpy(out, "00000000", 9);
    if (!date)
        return;
    size_t k = 0;
    for (const char *p = date; *p && k < 8; p++)
        if (*p >= '0' && *p <= '9')
            out[k++] = *p;
}

/* Values, filter terms and title units of the document record. */
static void add_common(rec_builder *b, polx_doc *d)
{
    const pol_doc *doc = b->doc;
    const pol_meta *m = &doc->meta;
    pol_status st = POL_OK;
    char dv[9];
    date_value(m->date, dv);
#define SETV(slot, s) if (st >= 0 && (s)) st = pol__x_doc_set_value(d, slot, s, strlen(s))
    SETV(POL_V_DOCKEY, doc->key);
    if (m->date && st >= 0)
        st = pol__x_doc_set_value(d, POL_V_DATE, dv, 8);
    if (m->date && st >= 0 && strncmp(dv, "0000", 4) != 0)
        st = pol__x_doc_set_value(d, POL_V_YEAR, dv, 4);
    SETV(POL_V_ISSUER, m->issuer);
    SETV(POL_V_TYPE, m->type);
    SETV(POL_V_REGION, m->region);
    SETV(POL_V_SOURCE, m->source);
#undef SETV
    if (st < 0) {
        b->rc = st;
        return;
    }
    add_ident(b, d, POL_P_FILE, doc->path);
    add_ident(b, d, POL_P_KEY, doc->key);
    if (m->date && strncmp(dv, "0000", 4) != 0)
        add_prefixed(b, d, POL_P_YEAR, dv, 4, 1);
    /* Filter terms hold the normalized value so that filters match however
     * the user types them (traditional/simplified, full-width). */
    const char *pfx[] = { POL_P_ISSUER, POL_P_TYPE, POL_P_REGION, POL_P_SOURCE };
    const char *val[] = { m->issuer, m->type, m->region, m->source };
    for (int i = 0; i < 4; i++) {
        if (!val[i] || !*val[i])
            continue;
        char *norm = NULL;
        size_t nlen = 0;
        if (pol_analyzer_normalize(b->ix->an_fields, val[i], strlen(val[i]), &norm, &nlen) < 0) {
            b->rc = POL_ENOMEM;
            return;
        }
        add_prefixed(b, d, pfx[i], norm, nlen, 1);
        free(norm);
    }
    if (b->rc >= 0)
        b->rc = add_prefixed_text(b, d, POL_P_TITLE, m->title, m->title ? strlen(m->title) : 0);
}

/* The document data: metadata, the section table (sections in text order
 * with their first positions) and the text. */
static pol_status set_data(rec_builder *b)
{
    const pol_doc *doc = b->doc;
    const pol_meta *m = &doc->meta;
    pol_secdata sd;
    pol_buf tab = POL_BUF_INIT;
    size_t *rank = NULL; /* section index -> place in text order */
    memset(&sd, 0, sizeof sd);
#define S(f, v) do { sd.f = (v); sd.f##_len = sd.f ? strlen(sd.f) : 0; } while (0)
    S(path, doc->path); S(key, doc->key); S(title, m->title); S(issuer, m->issuer);
    S(date, m->date); S(doc_number, m->doc_number); S(type, m->type); S(region, m->region);
    S(source, m->source); S(url, m->url);
#undef S
    if (doc->nsections > 0 && !(rank = malloc(doc->nsections * sizeof *rank)))
        return POL_ENOMEM;
    pol__sectable_begin(&tab, doc->nsections, b->last_pos);
    size_t prev_start = 0;
    unsigned prev_pos = 0;
    for (size_t k = 0; k < doc->nsections; k++) {
        const pol_section *sec = &doc->sections[b->order[k]];
        rank[b->order[k]] = k;
        pol_secinfo si = { sec->start, sec->end, b->pos0[k], 0,
                           sec->parent == POL_NO_PARENT ? (size_t)-1 : rank[sec->parent],
                           sec->heading, sec->heading ? strlen(sec->heading) : 0, 0 };
        pol__sectable_add(&tab, doc->text, &si, &prev_start, &prev_pos);
    }
    free(rank);
    char *data = NULL;
    size_t dlen = 0, mlen = 0;
    const char *map = pol__unitmap_end(&b->ix->umap, &mlen);
    pol_status st = tab.oom || !map ? POL_ENOMEM
                  : pol__secdata_encode(&sd, doc->text, doc->text_len, tab.data, tab.len, map, mlen,
                                        &data, &dlen);
    if (st >= 0)
        st = pol__x_doc_set_data(b->drec, data, dlen);
    free(data);
    pol__buf_free(&tab);
    return st;
}

static int order_cmp_doc_sections(const void *a, const void *b, const pol_doc *doc)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    size_t sx = doc->sections[x].start, sy = doc->sections[y].start;
    return sx < sy ? -1 : sx > sy ? 1 : (x < y ? -1 : x > y);
}
static _Thread_local const pol_doc *g_sort_doc; /* qsort has no context argument in C11 */
static int order_cmp(const void *a, const void *b) { return order_cmp_doc_sections(a, b, g_sort_doc); }

static int text_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                     unsigned pos, unsigned flags)
{
    rec_builder *b = ctx;
    const pol_doc *doc = b->doc;
    /* sections begun by now start at the next position */
    while (b->next_idx < doc->nsections && doc->sections[b->order[b->next_idx]].start <= start)
        b->pos0[b->next_idx++] = b->last_pos + 1;
    int positional = (flags & POL_UNIT_CHAR) != 0;
    if (positional) {
        if (pos > b->last_pos)
            b->last_pos = pos;
        pol__unitmap_add(&b->ix->umap, doc->text, u, len, start, end);
        /* two CJK characters at consecutive positions that are no bigram (the
         * text had punctuation between them): a pair term, so that a phrase's
         * every two characters are found by terms (POL_P_PAIR) */
        long cp = pol__unit_cp(u, len);
        int cjk = cp >= 0 && pol__is_cjk((uint32_t)cp);
        if (cjk && b->prev_len && !b->prev_bigram) {
            char t[2 + 8 + 8];
            size_t pl = strlen(POL_P_PAIR);
            memcpy(t, POL_P_PAIR, pl);
            memcpy(t + pl, b->prev, b->prev_len);
            memcpy(t + pl + b->prev_len, u, len);
            /* boolean: the pair is no part of the document's length (BM25) */
            if (b->rc >= 0)
                termagg_add(&b->ix->agg, t, pl + b->prev_len + len, 1);
        }
        b->prev_len = cjk ? len : 0;
        if (cjk)
            memcpy(b->prev, u, len);
        b->prev_bigram = 0;
    } else if (flags & POL_UNIT_BIGRAM) {
        b->prev_bigram = 1;
    }
    /* the positions are in the unit map; Xapian's position table gets them
     * too only when asked (remote serving needs Xapian's phrase matching) */
    add_term(b, b->drec, u, len, positional && b->ix->opts.positions ? pos : 0);
    return b->rc < 0;
}

static pol_status index_document(pol_index *ix, pol_doc *doc)
{
    rec_builder b;
    memset(&b, 0, sizeof b);
    b.ix = ix;
    b.doc = doc;
    pol_status st = pol__x_doc_new(&b.drec);
    if (st < 0)
        return st;
    if (doc->nsections > 0) {
        b.order = malloc(doc->nsections * sizeof *b.order);
        b.pos0 = malloc(doc->nsections * sizeof *b.pos0);
        if (!b.order || !b.pos0) {
            free(b.order);
            free(b.pos0);
            pol__x_doc_free(b.drec);
            return POL_ENOMEM;
        }
        for (size_t i = 0; i < doc->nsections; i++)
            b.order[i] = i;
        g_sort_doc = doc;
        qsort(b.order, doc->nsections, sizeof *b.order, order_cmp);
    }
    termagg_clear(&ix->agg);
    pol__unitmap_begin(&ix->umap);
    st = pol_analyzer_run(ix->an, doc->text, doc->text_len, 1, text_unit, &b, NULL);
    flush_terms(&b, b.drec);
    while (b.next_idx < doc->nsections) /* sections after the last unit */
        b.pos0[b.next_idx++] = b.last_pos + 1;
    if (st >= 0)
        st = b.rc;
    if (st >= 0) {
        add_common(&b, b.drec);
        add_prefixed(&b, b.drec, POL_P_RECTYPE, "d", 1, 1);
        st = b.rc;
    }
    if (st >= 0)
        st = set_data(&b);
    /* near-duplicate signature and group (dedup.c), timed for the stats */
    struct timespec t0;
    pol_dupsig sig;
    unsigned docid = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (st >= 0) {
        /* the text the analyzer normalized above: not normalized again */
        size_t nlen;
        const char *norm = pol__analyzer_normalized(ix->an, &nlen);
        st = pol__dup_sign_normalized(norm, nlen, &sig);
    }
    if (st >= 0)
        st = pol__dup_tag(b.drec, &sig, doc->key);
    ix->stats.dup_seconds += pol__seconds_since(&t0);
    if (st >= 0)
        st = pol__x_db_add_document(ix->db, b.drec, &docid);
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (st >= 0)
        st = pol__dup_join(ix->db, &ix->bands, docid, &sig, doc->key);
    ix->stats.dup_seconds += pol__seconds_since(&t0);
    if (st >= 0)
        ix->cur_sections += doc->nsections ? doc->nsections : 1;
    pol__x_doc_free(b.drec);
    free(b.order);
    free(b.pos0);
    return st;
}

static int on_doc(void *ctx, pol_doc *doc)
{
    pol_index *ix = ctx;
    if (ix->cur_rc >= 0) {
        pol_status st = index_document(ix, doc);
        if (st < 0)
            ix->cur_rc = st;
        else
            ix->cur_docs++;
    }
    pol_doc_free(doc);
    return ix->cur_rc < 0;
}

/* ---- files to index, and running them ---- */

struct pol_job {
    char *path;
    pol_filestate now;
    int found;               /* the file had records before: an update */
    /* results, set by whoever ran the job */
    int done;
    pol_file_action action;  /* ADDED, UPDATED or FAILED */
    size_t docs, sections;
    double dup_seconds;      /* spent on near-duplicate signatures (counted by finish_job) */
    char *msg;               /* FAILED: why */
    pol_buf warnings;        /* run by a worker: warning lines, each ending in '\n' */
    pol_status rc;           /* < 0: the index itself failed, message in err */
    char *err;
};

static void on_warn(void *ctx, const char *key, const char *message)
{
    pol_index *ix = ctx;
    char line[1024];
    if (key)
        snprintf(line, sizeof line, "%s: %s", key, message);
    else
        snprintf(line, sizeof line, "%s", message);
    if (ix->owner) { /* a worker: the main thread reports it with the file */
        pol__buf_addstr(&ix->cur_job->warnings, line);
        pol__buf_addc(&ix->cur_job->warnings, '\n');
        return;
    }
    emit(ix, POL_FILE_ADDED, ix->cur_path, line, 0, 1);
}

/* Content hash of a file, streamed. */
static int hash_file(const char *path, unsigned long long *out)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    static _Thread_local char buf[1 << 16];
    uint64_t h = 0;
    ssize_t n;
    while ((n = read(fd, buf, sizeof buf)) > 0)
        h = pol__hash64(buf, (size_t)n, h);
    close(fd);
    if (n < 0)
        return -1;
    *out = h;
    return 0;
}

/* A file's state lives under POL_M_FILE + its path; a path too long for a
 * metadata key is cut and hashed (pol__ident) and also kept in the value. */
static int key_is_hashed(const char *key, size_t len)
{
    return len > 17 && key[len - 17] == '\x1f';
}

static pol_status set_filestate(pol_index *ix, const char *abs, const pol_filestate *fs)
{
    pol_buf key = POL_BUF_INIT, val = POL_BUF_INIT;
    pol__ident(&key, POL_M_FILE, abs, strlen(abs));
    if (fs) {
        pol__filestate_encode(fs, &val);
        if (!key.oom && key_is_hashed(key.data, key.len)) {
            pol__buf_addc(&val, ' ');
            pol__buf_addstr(&val, abs);
        }
    }
    pol_status st = key.oom || val.oom ? POL_ENOMEM
                  : pol__x_db_set_metadata(ix->db, key.data, fs ? val.data : "", fs ? val.len : 0);
    pol__buf_free(&key);
    pol__buf_free(&val);
    return st;
}

static pol_status get_filestate(pol_index *ix, const char *abs, pol_filestate *fs, int *found)
{
    pol_buf key = POL_BUF_INIT;
    char *v = NULL;
    size_t vlen = 0;
    pol__ident(&key, POL_M_FILE, abs, strlen(abs));
    if (key.oom)
        return POL_ENOMEM;
    pol_status st = pol__x_db_get_metadata(ix->db, key.data, &v, &vlen);
    pol__buf_free(&key);
    *found = st >= 0 && v && pol__filestate_decode(fs, v, vlen) == 0;
    free(v);
    return st;
}

/* The path a file-state key stands for (malloc'd), or NULL on failure. */
static char *filestate_path(polx_db *db, const char *key, size_t len)
{
    size_t plen = strlen(POL_M_FILE);
    if (!key_is_hashed(key, len))
        return pol__strndup(key + plen, len - plen);
    char *v = NULL, *path = NULL;
    size_t vlen = 0;
    char *k = pol__strndup(key, len);
    if (k && pol__x_db_get_metadata(db, k, &v, &vlen) >= 0 && v) {
        /* "size mtime hash ndocs path" */
        const char *p = v;
        for (int spaces = 0; *p && spaces < 4; p++)
            spaces += *p == ' ';
        if (*p)
            path = pol__strdup(p);
    }
    free(k);
    free(v);
    return path;
}

static pol_status delete_file_records(pol_index *ix, const char *abs)
{
    pol_buf t = POL_BUF_INIT;
    pol__ident(&t, POL_P_FILE, abs, strlen(abs));
    if (t.oom)
        return POL_ENOMEM;
    /* deletes the records and splits the near-duplicate groups they were in */
    pol_status st = pol__dup_delete(ix->db, &ix->bands, t.data);
    pol__buf_free(&t);
    return st;
}

static pol_status commit_db(pol_index *ix)
{
    pol_status st = pol__x_db_commit(ix->db);
    ix->uncommitted_files = 0;
    ix->uncommitted_bytes = 0;
    ix->uncommitted_records = 0;
    ix->merged = 0;
    return st < 0 ? xfail(ix, st, "commit failed") : POL_OK;
}

/* Batches, committed after whole files: after commit_every files, this many
 * bytes of input or this many records, whichever comes first (bounds the
 * writer's memory). */
#define COMMIT_BYTES (16ULL << 20)
#define COMMIT_RECORDS 1000

static pol_status maybe_commit(pol_index *ix, unsigned long long bytes, size_t records)
{
    ix->uncommitted_bytes += bytes;
    ix->uncommitted_records += records;
    if (++ix->uncommitted_files >= ix->opts.commit_every || ix->uncommitted_bytes >= COMMIT_BYTES ||
        ix->uncommitted_records >= COMMIT_RECORDS)
        return commit_db(ix);
    return POL_OK;
}

/* Indexes one file into ix->db (the index itself, or a worker's part). The
 * caller marks the job done (a worker under the work mutex, which the main
 * thread reads it under). */
static void run_job(pol_index *ix, pol_job *j)
{
    char errbuf[512] = "";
    pol_read_opts ro = POL_READ_OPTS_INIT;
    pol_status st;
    ro.fields = ix->opts.fields;
    ix->cur_docs = ix->cur_sections = 0;
    ix->cur_path = j->path;
    ix->cur_rc = POL_OK;
    ix->cur_job = j;
    double dup0 = ix->stats.dup_seconds;
    st = pol_read_file(j->path, &ro, on_doc, on_warn, ix, errbuf, sizeof errbuf);
    /* moved to the job: a worker's own stats are never reported */
    j->dup_seconds = ix->stats.dup_seconds - dup0;
    ix->stats.dup_seconds = dup0;
    j->docs = ix->cur_docs;
    j->sections = ix->cur_sections;
    if (ix->cur_rc < 0) {
        j->rc = xfail(ix, ix->cur_rc, "cannot add document");
        goto fatal;
    }
    if (st < 0 || ix->cur_docs == 0) {
        j->action = POL_FILE_FAILED;
        if (st >= 0 && !errbuf[0])
            snprintf(errbuf, sizeof errbuf, "no text found");
        j->msg = pol__strdup(errbuf[0] ? errbuf : pol_status_str(st));
        /* A file that failed half-way leaves no records and no state, so
         * that it is tried again next time. */
        if (ix->cur_docs > 0 && (st = delete_file_records(ix, j->path)) < 0) {
            j->rc = xfail(ix, st, "cannot delete records");
            goto fatal;
        }
        return;
    }
    j->now.ndocs = ix->cur_docs;
    if ((st = set_filestate(ix, j->path, &j->now)) < 0) {
        j->rc = xfail(ix, st, "cannot write file state");
        goto fatal;
    }
    j->action = j->found ? POL_FILE_UPDATED : POL_FILE_ADDED;
    if ((st = maybe_commit(ix, j->now.size, j->docs + j->sections)) < 0) {
        j->rc = st;
        goto fatal;
    }
    return;
fatal:
    j->err = pol__strdup(ix->err);
}

/* Main thread: reports a finished job and counts it. */
static pol_status finish_job(pol_index *ix, pol_job *j)
{
    if (j->rc < 0) {
        snprintf(ix->err, sizeof ix->err, "%s", j->err ? j->err : pol_status_str(j->rc));
        return j->rc;
    }
    ix->cur_docs = j->docs;
    ix->cur_sections = j->sections;
    ix->stats.dup_seconds += j->dup_seconds;
    for (size_t i = 0; i < j->warnings.len;) {
        char *nl = memchr(j->warnings.data + i, '\n', j->warnings.len - i);
        *nl = '\0';
        emit(ix, POL_FILE_ADDED, j->path, j->warnings.data + i, 0, 1);
        i = (size_t)(nl - j->warnings.data) + 1;
    }
    if (j->action == POL_FILE_FAILED) {
        ix->stats.failed++;
        emit(ix, POL_FILE_FAILED, j->path, j->msg, (size_t)j->now.size, 0);
        return POL_OK;
    }
    ix->stats.bytes += j->now.size;
    ix->stats.documents += j->docs;
    ix->stats.sections += j->sections;
    if (j->found)
        ix->stats.updated++;
    else
        ix->stats.added++;
    emit(ix, j->action, j->path, NULL, (size_t)j->now.size, 0);
    return POL_OK;
}

static void free_jobs(pol_index *ix)
{
    for (size_t i = 0; i < ix->npending; i++) {
        free(ix->pending[i].path);
        free(ix->pending[i].msg);
        free(ix->pending[i].err);
        pol__buf_free(&ix->pending[i].warnings);
    }
    ix->npending = 0;
}

static int stop_requested(const pol_index *ix)
{
    return ix->opts.stop && *ix->opts.stop;
}

/* ---- the set of files written into parts during this run ---- */

struct pathset {
    uint64_t *h;   /* open addressing; 0 = empty */
    size_t n, cap;
};

static uint64_t path_hash(const char *p)
{
    uint64_t h = pol__hash64(p, strlen(p), 0);
    return h ? h : 1;
}

static int pathset_has(const pathset *s, const char *path)
{
    if (!s || !s->cap)
        return 0;
    uint64_t h = path_hash(path);
    for (size_t i = h & (s->cap - 1); s->h[i]; i = (i + 1) & (s->cap - 1))
        if (s->h[i] == h)
            return 1;
    return 0;
}

static int pathset_add(pathset *s, const char *path)
{
    if ((s->n + 1) * 2 > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 1024;
        uint64_t *nh = calloc(cap, sizeof *nh);
        if (!nh)
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->h[i]) {
                size_t k = s->h[i] & (cap - 1);
                while (nh[k])
                    k = (k + 1) & (cap - 1);
                nh[k] = s->h[i];
            }
        free(s->h);
        s->h = nh;
        s->cap = cap;
    }
    uint64_t h = path_hash(path);
    size_t i = h & (s->cap - 1);
    for (; s->h[i]; i = (i + 1) & (s->cap - 1))
        if (s->h[i] == h)
            return 0;
    s->h[i] = h;
    s->n++;
    return 0;
}

/* ---- parallel writing into parts ---- */

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

static void remove_tree(const char *path)
{
    nftw(path, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void free_clone(pol_index *w)
{
    if (!w)
        return;
    pol__x_db_free(w->db);
    pol__dup_bands_reset(&w->bands);
    pol_analyzer_free(w->an);
    pol_analyzer_free(w->an_fields);
    pol__buf_free(&w->warnings);
    termagg_free(&w->agg);
    pol__unitmap_free(&w->umap);
    free(w->dbpath);
    free(w);
}

/* Part k of ix is the database "<index>.part<k>" beside it. */
static pol_status open_parts(pol_index *ix)
{
    unsigned n = ix->opts.jobs;
    ix->parts = calloc(n, sizeof *ix->parts);
    ix->queued = calloc(1, sizeof *ix->queued);
    if (!ix->parts || !ix->queued)
        return POL_ENOMEM;
    for (unsigned k = 0; k < n; k++) {
        pol_index *w = calloc(1, sizeof *w);
        pol_buf p = POL_BUF_INIT;
        pol_status st;
        if (!w)
            return POL_ENOMEM;
        ix->parts[ix->nparts++] = w;
        w->owner = ix;
        w->opts = ix->opts;
        pol__buf_printf(&p, "%s.part%u", ix->dbpath, k + 1);
        if (p.oom)
            return POL_ENOMEM;
        w->dbpath = pol__buf_detach(&p, NULL);
        remove_tree(w->dbpath);
        /* not fsync'ed: a part matters only until it is merged, and the
         * merge writes (and syncs) the index anew */
        if ((st = pol__x_db_open_writable(&w->db, w->dbpath, POLX_CREATE_OR_OVERWRITE | POLX_NO_SYNC)) < 0)
            return fail(ix, st, "%s: cannot create a part of the index: %s", w->dbpath, pol__x_errmsg());
        if ((st = pol_analyzer_new(&w->an)) < 0 || (st = pol_analyzer_new(&w->an_fields)) < 0)
            return fail(ix, st, "cannot create analyzer: %s", pol_status_str(st));
    }
    return POL_OK;
}

typedef struct work {
    pol_index *ix;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    size_t next;     /* next job to hand out */
    int stop;
} work;

typedef struct worker_arg {
    work *wk;
    pol_index *w;
} worker_arg;

static void *worker_main(void *arg)
{
    worker_arg *a = arg;
    work *wk = a->wk;
    for (;;) {
        pthread_mutex_lock(&wk->mu);
        if (wk->stop || wk->next >= wk->ix->npending) {
            pthread_mutex_unlock(&wk->mu);
            break;
        }
        pol_job *j = &wk->ix->pending[wk->next++];
        pthread_mutex_unlock(&wk->mu);
        run_job(a->w, j);
        pthread_mutex_lock(&wk->mu);
        j->done = 1;
        pthread_cond_broadcast(&wk->cv);
        pthread_mutex_unlock(&wk->mu);
    }
    return NULL;
}

/* Runs the pending jobs on one thread per part; the calling thread reports
 * them in order as they finish. */
static pol_status run_parallel(pol_index *ix)
{
    pol_status st = POL_OK;
    if (!ix->parts && (st = open_parts(ix)) < 0)
        return st;
    xmlInitParser(); /* libxml2 must be initialized before threads use it */
    work wk;
    memset(&wk, 0, sizeof wk);
    wk.ix = ix;
    pthread_mutex_init(&wk.mu, NULL);
    pthread_cond_init(&wk.cv, NULL);
    pthread_t tid[POL_MAX_JOBS];
    worker_arg args[POL_MAX_JOBS];
    unsigned started = 0;
    for (unsigned k = 0; k < ix->nparts; k++) {
        args[k].wk = &wk;
        args[k].w = ix->parts[k];
        if (pthread_create(&tid[k], NULL, worker_main, &args[k]) != 0)
            break;
        started++;
    }
    if (started == 0) {
        st = fail(ix, POL_EINTERNAL, "cannot start worker threads: %s", strerror(errno));
        wk.stop = 1;
    }
    for (size_t i = 0; i < ix->npending && started; i++) {
        pol_job *j = &ix->pending[i];
        pthread_mutex_lock(&wk.mu);
        while (!j->done && !(wk.stop && i >= wk.next)) {
            struct timespec until;
            clock_gettime(CLOCK_REALTIME, &until);
            until.tv_nsec += 100000000L;
            if (until.tv_nsec >= 1000000000L) {
                until.tv_sec++;
                until.tv_nsec -= 1000000000L;
            }
            pthread_cond_timedwait(&wk.cv, &wk.mu, &until);
            if (stop_requested(ix))
                wk.stop = 1;
        }
        int ran = j->done;
        pthread_mutex_unlock(&wk.mu);
        if (!ran)
            break; /* stopped before this job was handed out */
        if (pathset_add(ix->queued, j->path) < 0 && st >= 0)
            st = POL_ENOMEM;
        if (st >= 0)
            st = finish_job(ix, j);
        if (st < 0 || stop_requested(ix)) {
            pthread_mutex_lock(&wk.mu);
            wk.stop = 1;
            pthread_mutex_unlock(&wk.mu);
        }
    }
    for (unsigned k = 0; k < started; k++)
        pthread_join(tid[k], NULL);
    /* jobs that finished after a stop are in the parts: report them too */
    for (size_t i = 0; i < ix->npending && st >= 0; i++) {
        pol_job *j = &ix->pending[i];
        if (j->done && !pathset_has(ix->queued, j->path)) {
            if (pathset_add(ix->queued, j->path) < 0)
                st = POL_ENOMEM;
            else
                st = finish_job(ix, j);
        }
    }
    pthread_mutex_destroy(&wk.mu);
    pthread_cond_destroy(&wk.cv);
    return st;
}

/* Parallel writing pays when there is enough to index: below this, the merge
 * costs more than the threads gain. */
#define PARALLEL_MIN_BYTES (256u << 10)

static int count_key(void *ctx, const char *k, size_t len, unsigned tf)
{
    (void)k; (void)len; (void)tf;
    ++*(size_t *)ctx;
    return 0;
}

static pol_status run_pending(pol_index *ix)
{
    pol_status st = POL_OK;
    unsigned long long bytes = 0;
    for (size_t i = 0; i < ix->npending; i++)
        bytes += ix->pending[i].now.size;
    int parallel = ix->parts != NULL;
    if (!parallel && ix->opts.jobs > 1 && ix->npending >= 2 && bytes >= PARALLEL_MIN_BYTES) {
        /* merging rewrites the whole index: only worth it for a large share */
        size_t indexed = 0;
        if ((st = pol__x_db_metadata_keys(ix->db, POL_M_FILE, count_key, &indexed)) < 0)
            return xfail(ix, st, "cannot read file states");
        parallel = ix->npending * 4 >= indexed;
    }
    if (parallel) {
        st = run_parallel(ix);
    } else {
        for (size_t i = 0; i < ix->npending && st >= 0 && !stop_requested(ix); i++) {
            run_job(ix, &ix->pending[i]);
            ix->pending[i].done = 1;
            st = finish_job(ix, &ix->pending[i]);
        }
        /* this thread's compiled patterns and compressor (worker threads
         * free theirs on exit) */
        pol__meta_release_thread();
        pol__docdata_release_thread();
    }
    free_jobs(ix);
    return st;
}

/* Decides what to do with one file; files to index are queued. */
static pol_status add_file(pol_index *ix, const char *abs, const struct stat *sb)
{
    pol_filestate old, now;
    int found = 0;
    pol_status st;
    ix->cur_docs = ix->cur_sections = 0;
    if (!pol_read_supported(abs)) {
        ix->stats.skipped++;
        emit(ix, POL_FILE_SKIPPED, abs, NULL, (size_t)sb->st_size, 0);
        return POL_OK;
    }
    if (ix->opts.nshards > 1 && pol__hash64(abs, strlen(abs), 0) % ix->opts.nshards != ix->opts.shard)
        return POL_OK; /* another shard's file */
    ix->stats.files_total++;
    ix->stats.bytes_total += (unsigned long long)sb->st_size;
    now.size = (unsigned long long)sb->st_size;
    now.mtime_ns = (unsigned long long)sb->st_mtim.tv_sec * 1000000000ULL + (unsigned long long)sb->st_mtim.tv_nsec;
    now.hash = 0;
    now.ndocs = 0;
    if (pathset_has(ix->queued, abs)) { /* indexed into a part earlier in this run */
        ix->stats.unchanged++;
        emit(ix, POL_FILE_UNCHANGED, abs, NULL, (size_t)now.size, 0);
        return POL_OK;
    }
    if ((st = get_filestate(ix, abs, &old, &found)) < 0)
        return xfail(ix, st, "cannot read file state");
    if (found && old.size == now.size && old.mtime_ns == now.mtime_ns) {
        ix->stats.unchanged++;
        emit(ix, POL_FILE_UNCHANGED, abs, NULL, (size_t)now.size, 0);
        return POL_OK;
    }
    if (hash_file(abs, &now.hash) < 0) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        ix->stats.failed++;
        emit(ix, POL_FILE_FAILED, abs, msg, (size_t)now.size, 0);
        return POL_OK;
    }
    if (found && old.size == now.size && old.hash == now.hash) {
        /* touched but not changed: remember the new mtime only */
        now.ndocs = old.ndocs;
        ix->stats.unchanged++;
        emit(ix, POL_FILE_UNCHANGED, abs, NULL, (size_t)now.size, 0);
        if ((st = set_filestate(ix, abs, &now)) < 0)
            return xfail(ix, st, "cannot write file state");
        return maybe_commit(ix, 0, 0);
    }
    /* Changed: its old records and state go now; if this run is stopped
     * before the file is indexed again, the next run sees it as new. */
    if (found && ((st = delete_file_records(ix, abs)) < 0 || (st = set_filestate(ix, abs, NULL)) < 0))
        return xfail(ix, st, "cannot delete old records");
    pol_job *nj = pol__grow(ix->pending, &ix->cap_pending, ix->npending, sizeof *nj);
    if (!nj)
        return POL_ENOMEM;
    ix->pending = nj;
    pol_job *j = &ix->pending[ix->npending];
    memset(j, 0, sizeof *j);
    if (!(j->path = pol__strdup(abs)))
        return POL_ENOMEM;
    j->now = now;
    j->found = found;
    ix->npending++;
    ix->stats.files_todo++;
    ix->stats.bytes_todo += now.size;
    return POL_OK;
}

static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Directories being walked, outermost first, to catch symlink loops. */
typedef struct ancestry {
    dev_t dev[64];
    ino_t ino[64];
    unsigned n;
} ancestry;

/* Walks a directory in name order (deterministic). Symlinks are followed;
 * a link back to a directory being walked is reported and not entered. */
static pol_status walk(pol_index *ix, const char *dir, ancestry *anc)
{
    DIR *d = opendir(dir);
    if (!d) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot open directory: %s", strerror(errno));
        ix->stats.failed++;
        emit(ix, POL_FILE_FAILED, dir, msg, 0, 0);
        return POL_OK;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    pol_status st = POL_OK;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue; /* ., .., and hidden files such as .git */
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            char **nn = realloc(names, cap * sizeof *names);
            if (!nn) { st = POL_ENOMEM; break; }
            names = nn;
        }
        if (!(names[n] = pol__strdup(e->d_name))) { st = POL_ENOMEM; break; }
        n++;
    }
    closedir(d);
    if (st >= 0 && n > 1) /* (an empty folder has no names array) */
        qsort(names, n, sizeof *names, name_cmp);
    pol_buf p = POL_BUF_INIT;
    for (size_t i = 0; i < n && st >= 0 && !stop_requested(ix); i++) {
        struct stat sb;
        p.len = 0;
        pol__buf_addstr(&p, dir);
        if (p.len && p.data[p.len - 1] != '/')
            pol__buf_addc(&p, '/');
        pol__buf_addstr(&p, names[i]);
        if (p.oom) { st = POL_ENOMEM; break; }
        if (stat(p.data, &sb) < 0) {
            char msg[512];
            snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
            ix->stats.failed++;
            emit(ix, POL_FILE_FAILED, p.data, msg, 0, 0);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            unsigned k;
            for (k = 0; k < anc->n; k++)
                if (anc->dev[k] == sb.st_dev && anc->ino[k] == sb.st_ino)
                    break;
            if (k < anc->n || anc->n >= 64) {
                ix->stats.failed++;
                emit(ix, POL_FILE_FAILED, p.data, k < anc->n ? "symbolic link loop: not followed"
                                                             : "folders nested too deeply", 0, 0);
                continue;
            }
            anc->dev[anc->n] = sb.st_dev;
            anc->ino[anc->n++] = sb.st_ino;
            st = walk(ix, p.data, anc);
            anc->n--;
        } else if (S_ISREG(sb.st_mode)) {
            st = add_file(ix, p.data, &sb);
        }
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    pol__buf_free(&p);
    return st;
}

pol_status pol_index_add_path(pol_index *ix, const char *path)
{
    char abs[PATH_MAX];
    struct stat sb;
    pol_status st;
    if (!realpath(path, abs) || stat(abs, &sb) < 0)
        return fail(ix, POL_ENOTFOUND, "%s: %s", path, strerror(errno));
    if (S_ISDIR(sb.st_mode)) {
        ancestry anc;
        anc.dev[0] = sb.st_dev;
        anc.ino[0] = sb.st_ino;
        anc.n = 1;
        st = walk(ix, abs, &anc);
    } else if (S_ISREG(sb.st_mode)) {
        st = add_file(ix, abs, &sb);
    } else {
        return fail(ix, POL_EINVAL, "%s: not a regular file or directory", path);
    }
    if (st >= 0)
        return run_pending(ix);
    free_jobs(ix);
    return st;
}

pol_status pol_index_remove_missing(pol_index *ix, const char *root)
{
    char abs[PATH_MAX];
    if (!realpath(root, abs))
        return fail(ix, POL_ENOTFOUND, "%s: %s", root, strerror(errno));
    pol_buf prefix = POL_BUF_INIT;
    pol__buf_addstr(&prefix, POL_M_FILE);
    /* keys of long paths are cut (pol__ident): list by the part every key keeps */
    size_t keep = POL_IDENT_MAX - 17 - strlen(POL_M_FILE);
    pol__buf_add(&prefix, abs, strlen(abs) <= keep ? strlen(abs) : pol__utf8_floor(abs, keep));
    pol_strlist kl = POL_STRLIST_INIT;
    pol_status st = prefix.oom ? POL_ENOMEM : pol__x_db_metadata_keys(ix->db, prefix.data, pol__strlist_collect, &kl);
    if (st >= 0 && kl.oom)
        st = POL_ENOMEM;
    size_t rootlen = strlen(abs);
    for (size_t i = 0; i < kl.n && st >= 0 && !stop_requested(ix); i++) {
        char *path = filestate_path(ix->db, kl.v[i], strlen(kl.v[i]));
        if (!path)
            continue;
        /* under root: the root itself, or root + '/' + ... */
        int under = strncmp(path, abs, rootlen) == 0 &&
                    (path[rootlen] == '\0' || path[rootlen] == '/' || (rootlen == 1 && abs[0] == '/'));
        struct stat sb;
        if (!under || stat(path, &sb) == 0) {
            free(path);
            continue;
        }
        ix->cur_docs = ix->cur_sections = 0;
        if ((st = delete_file_records(ix, path)) < 0 || (st = set_filestate(ix, path, NULL)) < 0) {
            st = xfail(ix, st, "cannot remove records");
            free(path);
            break;
        }
        ix->stats.removed++;
        emit(ix, POL_FILE_REMOVED, path, NULL, 0, 0);
        free(path);
    }
    pol__strlist_free(&kl);
    pol__buf_free(&prefix);
    return st;
}

/* ---- commits, merges, compaction ---- */

/* Replaces the index with the compaction of its committed state and of the
 * databases at parts[0..n), then reopens it. A job learning from them
 * (pol_index_commit_learn) is waited for before they go. */
static pol_status compact_with(pol_index *ix, char *const *parts, size_t n, pol__learn_job *job)
{
    pol_status st;
    polx_db *all = NULL;
    pol_buf tmp = POL_BUF_INIT, old = POL_BUF_INIT;
    pol_strlist dupkeys = POL_STRLIST_INIT; /* documents of the parts, to group */
    pol__buf_printf(&tmp, "%s.compact-%ld", ix->dbpath, (long)getpid());
    pol__buf_printf(&old, "%s.old-%ld", ix->dbpath, (long)getpid());
    if (tmp.oom || old.oom) {
        st = POL_ENOMEM;
        goto done;
    }
    remove_tree(tmp.data);
    if ((st = pol__x_db_open(&all, ix->dbpath)) < 0) {
        st = xfail(ix, st, "cannot read the index");
        goto done;
    }
    for (size_t i = 0; i < n; i++) {
        polx_db *p = NULL;
        if ((st = pol__x_db_open(&p, parts[i])) < 0 || (st = pol__dup_part_keys(p, &dupkeys)) < 0 ||
            (st = pol__x_db_add(all, p)) < 0) {
            pol__x_db_free(p);
            st = fail(ix, st, "%s: cannot read a part of the index: %s", parts[i], pol__x_errmsg());
            goto done;
        }
        pol__x_db_free(p);
    }
    if ((st = pol__x_db_compact(all, tmp.data)) < 0) {
        st = xfail(ix, st, n ? "merging the parts failed" : "compaction failed");
        remove_tree(tmp.data);
        goto done;
    }
    pol__x_db_free(all);
    all = NULL;
    /* each part grouped its own documents: they are joined across parts and
     * with the index (dedup.c) before the merged index is swapped in, so
     * that a run killed in between leaves the parts to merge again */
    if (dupkeys.n) {
        polx_db *w = NULL;
        if ((st = pol__x_db_open_writable(&w, tmp.data, POLX_OPEN)) < 0 ||
            (st = pol__dup_rejoin(w, &dupkeys)) < 0 || (st = pol__x_db_commit(w)) < 0) {
            pol__x_db_free(w);
            st = xfail(ix, st, "cannot group the near-duplicates of the merged parts");
            remove_tree(tmp.data);
            goto done;
        }
        pol__x_db_free(w);
    }
    pol__lexicon_learn_wait_read(job); /* it reads the index and the parts by their paths */
    pol__x_db_free(ix->db);
    ix->db = NULL;
    pol__dup_bands_reset(&ix->bands); /* compaction renumbers the documents */
    if (rename(ix->dbpath, old.data) < 0 || rename(tmp.data, ix->dbpath) < 0) {
        st = fail(ix, POL_EIO, "%s: cannot swap in the compacted index: %s", ix->dbpath, strerror(errno));
        goto done;
    }
    remove_tree(old.data);
    for (size_t i = 0; i < n; i++)
        remove_tree(parts[i]);
    if ((st = pol__x_db_open_writable(&ix->db, ix->dbpath, POLX_OPEN)) < 0) {
        st = xfail(ix, st, "cannot reopen the compacted index");
        goto done;
    }
    ix->merged = 1;
done:
    pol__strlist_free(&dupkeys);
    pol__x_db_free(all);
    pol__buf_free(&tmp);
    pol__buf_free(&old);
    return st;
}

/* Commits the workers' parts and merges them into the index; with learn,
 * *job learns from the index and the parts while they are merged. */
static pol_status merge_parts(pol_index *ix, const pol_lexicon_opts *learn, pol__learn_job **job)
{
    pol_status st = POL_OK;
    char **paths = calloc(ix->nparts, sizeof *paths);
    size_t n = 0;
    if (!paths)
        return POL_ENOMEM;
    for (unsigned k = 0; k < ix->nparts; k++) {
        pol_index *w = ix->parts[k];
        if (!w->db) { /* its creation failed: it holds nothing */
            free_clone(w);
            continue;
        }
        if (st >= 0 && (st = pol__x_db_commit(w->db)) < 0)
            st = fail(ix, st, "%s: cannot commit a part of the index: %s", w->dbpath, pol__x_errmsg());
        pol__x_db_free(w->db);
        w->db = NULL;
        paths[n++] = w->dbpath;
        w->dbpath = NULL;
        free_clone(w);
    }
    free(ix->parts);
    ix->parts = NULL;
    ix->nparts = 0;
    if (ix->queued)
        free(ix->queued->h);
    free(ix->queued);
    ix->queued = NULL;
    if (st >= 0)
        st = commit_db(ix);
    if (st >= 0 && learn) {
        /* the texts in the order the merge numbers them: the index's, then
         * each part's */
        char **src = malloc((n + 1) * sizeof *src);
        if (!src) {
            st = POL_ENOMEM;
        } else {
            src[0] = ix->dbpath;
            memcpy(src + 1, paths, n * sizeof *paths);
            st = pol__lexicon_learn_start(job, src, n + 1, learn);
            free(src);
        }
    }
    if (st >= 0 && (st = compact_with(ix, paths, n, job ? *job : NULL)) >= 0)
        ix->stats.parts_merged += n;
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return st;
}

pol_status pol_index_commit(pol_index *ix)
{
    if (ix->parts)
        return merge_parts(ix, NULL, NULL);
    return commit_db(ix);
}

pol_status pol_index_commit_learn(pol_index *ix, const pol_lexicon_opts *lo, pol_lexicon_stats *ls, int *learned)
{
    *learned = 0;
    if (ix->stats.added + ix->stats.updated + ix->stats.removed == 0)
        return pol_index_commit(ix);
    pol_lexicon_opts o = POL_LEXICON_OPTS_INIT;
    if (lo)
        o = *lo;
    pol__learn_job *job = NULL;
    pol_status st;
    if (ix->parts) {
        st = merge_parts(ix, &o, &job);
    } else if ((st = commit_db(ix)) >= 0 && (st = pol__lexicon_learn_start(&job, &ix->dbpath, 1, &o)) < 0) {
        st = fail(ix, st, "cannot learn the lexicon: %s", pol_status_str(st));
    }
    if (st < 0) {
        pol__lexicon_learn_finish(job, NULL, NULL, NULL, NULL, 0); /* waits for it */
        return st;
    }
    char err[600];
    if ((st = pol__lexicon_learn_finish(job, ix->db, ix->dbpath, ls, err, sizeof err)) < 0)
        return fail(ix, st, "%s", err);
    *learned = 1;
    return POL_OK;
}

pol_status pol_index_compact(pol_index *ix)
{
    int had_parts = ix->parts != NULL;
    pol_status st = pol_index_commit(ix);
    if (st < 0 || (had_parts && ix->merged))
        return st; /* merging the parts compacted the index already */
    return compact_with(ix, NULL, 0, NULL);
}

typedef struct orphan_scan {
    pathset keep;     /* P terms of the files the part has a state for */
    pol_strlist drop;    /* P terms of records with no file state */
} orphan_scan;

static int collect_orphan(void *ctx, const char *t, size_t len, unsigned tf)
{
    orphan_scan *o = ctx;
    char *term = pol__strndup(t, len);
    if (!term)
        return 1;
    int keep = pathset_has(&o->keep, term);
    free(term);
    return keep ? 0 : pol__strlist_collect(&o->drop, t, len, tf);
}

/* Records of a file whose state a part lacks (Xapian committed in the middle
 * of that file, for a file of very many records) are deleted from the part:
 * the file is indexed again. `*ro` (the part, read-only) is reopened. */
static pol_status drop_orphans(pol_index *ix, const char *part, pol_strlist *fkeys, polx_db **ro)
{
    orphan_scan o;
    pol_status st = POL_OK;
    memset(&o, 0, sizeof o);
    for (size_t k = 0; k < fkeys->n && st >= 0; k++) {
        char *path = filestate_path(*ro, fkeys->v[k], strlen(fkeys->v[k]));
        pol_buf t = POL_BUF_INIT;
        if (path)
            pol__ident(&t, POL_P_FILE, path, strlen(path));
        if (path && (t.oom || pathset_add(&o.keep, t.data) < 0))
            st = POL_ENOMEM;
        pol__buf_free(&t);
        free(path);
    }
    if (st >= 0 && ((st = pol__x_db_allterms(*ro, POL_P_FILE, collect_orphan, &o)) >= 0) && o.drop.oom)
        st = POL_ENOMEM;
    if (st >= 0 && o.drop.n > 0) {
        polx_db *w = NULL;
        pol__x_db_free(*ro);
        *ro = NULL;
        st = pol__x_db_open_writable(&w, part, POLX_OPEN | POLX_NO_SYNC);
        for (size_t k = 0; k < o.drop.n && st >= 0; k++)
            st = pol__x_db_delete_documents_term(w, o.drop.v[k]);
        if (st >= 0)
            st = pol__x_db_commit(w);
        pol__x_db_free(w);
        if (st >= 0)
            st = pol__x_db_open(ro, part);
        if (st < 0)
            st = fail(ix, st, "%s: cannot clean a part of the index: %s", part, pol__x_errmsg());
    }
    free(o.keep.h);
    pol__strlist_free(&o.drop);
    return st;
}

/* Parts left by a run that was killed hold batches committed before it died:
 * they are merged now (their files' older records in the index go first). A
 * part that cannot be read is dropped: its files are indexed again. */
static pol_status recover_parts(pol_index *ix)
{
    char *slash = strrchr(ix->dbpath, '/');
    char *dir = slash ? pol__strndup(ix->dbpath, (size_t)(slash - ix->dbpath + 1)) : pol__strdup(".");
    const char *base = slash ? slash + 1 : ix->dbpath;
    if (!dir)
        return POL_ENOMEM;
    DIR *d = opendir(*dir ? dir : "/");
    char **paths = NULL;
    size_t n = 0, cap = 0;
    pol_status st = POL_OK;
    size_t blen = strlen(base);
    struct dirent *e;
    while (d && (e = readdir(d))) {
        const char *s = e->d_name;
        if (strncmp(s, base, blen) != 0 || strncmp(s + blen, ".part", 5) != 0 ||
            !s[blen + 5] || strspn(s + blen + 5, "0123456789") != strlen(s + blen + 5))
            continue;
        pol_buf p = POL_BUF_INIT;
        pol__buf_printf(&p, "%s%s", slash ? dir : "", s);
        if (p.oom || (n == cap && !(paths = realloc(paths, (cap = cap ? cap * 2 : 8) * sizeof *paths)))) {
            pol__buf_free(&p);
            st = POL_ENOMEM;
            break;
        }
        paths[n++] = pol__buf_detach(&p, NULL);
    }
    if (d)
        closedir(d);
    free(dir);
    size_t good = 0;
    for (size_t i = 0; i < n && st >= 0; i++) {
        polx_db *p = NULL;
        pol_strlist kl = POL_STRLIST_INIT;
        if (ix->opts.rebuild || pol__x_db_open(&p, paths[i]) < 0 ||
            pol__x_db_metadata_keys(p, POL_M_FILE, pol__strlist_collect, &kl) < 0 || kl.oom) {
            pol__x_db_free(p);
            pol__strlist_free(&kl);
            remove_tree(paths[i]);
            free(paths[i]);
            continue;
        }
        if (st >= 0)
            st = drop_orphans(ix, paths[i], &kl, &p);
        for (size_t k = 0; k < kl.n && st >= 0; k++) {
            char *path = filestate_path(p, kl.v[k], strlen(kl.v[k]));
            if (path && ((st = delete_file_records(ix, path)) < 0 || (st = set_filestate(ix, path, NULL)) < 0))
                st = xfail(ix, st, "cannot recover an interrupted run");
            free(path);
        }
        pol__x_db_free(p);
        pol__strlist_free(&kl);
        paths[good++] = paths[i];
    }
    if (st >= 0 && good > 0 && (st = commit_db(ix)) >= 0)
        st = compact_with(ix, paths, good, NULL);
    for (size_t i = 0; i < good; i++)
        free(paths[i]);
    free(paths);
    return st;
}
