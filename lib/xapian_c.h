/* xapian_c.h — the C binding of libxapian used by libpolsearch (internal).
 * Owns: databases, documents, queries, enquire/mset, match spies, metadata,
 * compaction, remote and multi-database access, with every Xapian exception
 * mapped to a pol_status. Not: term generation, the schema (see schema.h).
 *
 * Ownership: every object handed out through `out` is the caller's and is
 * freed with the matching pol__x_*_free (which accept NULL). Borrowed pointers
 * (pol__x_doc_data, pol__x_errmsg) live until the next call on that object
 * (or, for pol__x_errmsg, the next failing call on this thread).
 * Errors: a failing call returns a negative pol_status and leaves a one-line
 * message (the Xapian error's type and text) in pol__x_errmsg(). */
#ifndef POL_XAPIAN_C_H
#define POL_XAPIAN_C_H

#include <stddef.h>
#include <stdint.h>
#include "polsearch/status.h"
#include "units.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct polx_db polx_db;
typedef struct polx_doc polx_doc;
typedef struct polx_query polx_query;
typedef struct polx_enquire polx_enquire;
typedef struct polx_mset polx_mset;
typedef struct polx_spy polx_spy;

/* Detailed message of the last failure on this thread ("" if none). */
const char *pol__x_errmsg(void);
/* Version string of the linked libxapian, e.g. "1.4.22". */
const char *pol__x_version(void);

/* ---- databases ---- */
enum polx_open_mode {
    POLX_OPEN = 0,              /* writable, must exist */
    POLX_CREATE_OR_OPEN = 1,    /* writable, created when missing */
    POLX_CREATE_OR_OVERWRITE = 2,/* writable, emptied when present */
    POLX_NO_SYNC = 0x10         /* or'ed in: commits are not fsync'ed (scratch databases) */
};
/* Writable database at `path` (glass backend). POL_ELOCKED when another
 * writer holds it, POL_ECORRUPT / POL_EVERSION / POL_ENOTFOUND as mapped. */
pol_status pol__x_db_open_writable(polx_db **out, const char *path, int mode);
/* Read-only database at `path`. */
pol_status pol__x_db_open(polx_db **out, const char *path);
/* Read-only remote database served by xapian-tcpsrv. timeout_ms 0 = default. */
pol_status pol__x_db_open_remote(polx_db **out, const char *host, unsigned port,
                                 unsigned timeout_ms);
/* Adds the shards of `other` to the read-only `db` (Database::add_database);
 * `other` stays the caller's. */
pol_status pol__x_db_add(polx_db *db, polx_db *other);
/* Re-reads the latest committed revision (readers after POL_EMODIFIED). */
pol_status pol__x_db_reopen(polx_db *db);
/* Closes and frees; for a writable database, uncommitted changes are lost
 * (call pol__x_db_commit first). */
void pol__x_db_free(polx_db *db);
/* A second handle on the same (read-only) database, sharing its files; it
 * stays a view of db alone when shards are later added to db. */
pol_status pol__x_db_clone(polx_db **out, polx_db *db);
pol_status pol__x_db_commit(polx_db *db);
pol_status pol__x_db_doccount(polx_db *db, unsigned *out);
/* 1 for a single local database (no shards added, not remote). */
int pol__x_db_one_local(const polx_db *db);
/* Number of documents indexed by `term` (0 when absent). */
pol_status pol__x_db_termfreq(polx_db *db, const char *term, size_t len, unsigned *out);
pol_status pol__x_db_collection_freq(polx_db *db, const char *term, size_t len,
                                     unsigned long long *out);
/* Calls cb for each document id indexed by `term`, in increasing order;
 * a non-zero return from cb stops the walk (and is not an error). */
typedef int (*polx_docid_cb)(void *ctx, unsigned docid);
pol_status pol__x_db_postlist(polx_db *db, const char *term, size_t len,
                              polx_docid_cb cb, void *ctx);
/* Calls cb for each document with a value in `slot`, in increasing docid
 * order (a value stream: reads that slot's values only, also uncommitted ones
 * of a writable database); a non-zero return from cb stops the walk. */
typedef int (*polx_value_cb)(void *ctx, unsigned docid, const char *val, size_t len);
pol_status pol__x_db_values(polx_db *db, unsigned slot, polx_value_cb cb, void *ctx);
/* Calls cb for each term starting with `prefix`, in byte order. */
typedef int (*polx_term_cb)(void *ctx, const char *term, size_t len, unsigned termfreq);
pol_status pol__x_db_allterms(polx_db *db, const char *prefix, polx_term_cb cb, void *ctx);
/* Metadata: *out is malloc'd and NUL-terminated (caller frees); a missing key
 * gives *out = NULL, *len = 0 and POL_OK. */
pol_status pol__x_db_get_metadata(polx_db *db, const char *key, char **out, size_t *len);
/* Setting an empty value removes the key. Writable databases only. */
pol_status pol__x_db_set_metadata(polx_db *db, const char *key, const char *val, size_t len);
/* Calls cb(ctx, key, keylen, 0) for each metadata key starting with prefix. */
pol_status pol__x_db_metadata_keys(polx_db *db, const char *prefix, polx_term_cb cb, void *ctx);
pol_status pol__x_db_add_document(polx_db *db, polx_doc *doc, unsigned *docid_out);
/* Replaces every document indexed by `unique_term` with `doc` (adds if none). */
pol_status pol__x_db_replace_document_term(polx_db *db, const char *unique_term,
                                           polx_doc *doc);
/* Replaces document docid with doc (Xapian rewrites only what changed). */
pol_status pol__x_db_replace_document(polx_db *db, unsigned docid, polx_doc *doc);
pol_status pol__x_db_delete_document(polx_db *db, unsigned docid);
/* Deletes every document indexed by `term`. */
pol_status pol__x_db_delete_documents_term(polx_db *db, const char *term);
pol_status pol__x_db_get_document(polx_db *db, unsigned docid, polx_doc **out);
/* Compacts `db` (writable or read-only, committed state) into a new database
 * at `dest` (which must not exist), as Database::compact / xapian-compact. */
pol_status pol__x_db_compact(polx_db *db, const char *dest);

/* ---- documents ---- */
pol_status pol__x_doc_new(polx_doc **out);
void pol__x_doc_free(polx_doc *doc);
/* Positional posting: term at position pos (>= 1), wdf += wdfinc. */
pol_status pol__x_doc_add_posting(polx_doc *doc, const char *term, size_t len,
                                  unsigned pos, unsigned wdfinc);
/* Non-positional term, wdf += wdfinc. */
pol_status pol__x_doc_add_term(polx_doc *doc, const char *term, size_t len, unsigned wdfinc);
/* Boolean (filter) term: wdf 0, no positions. */
pol_status pol__x_doc_add_boolean_term(polx_doc *doc, const char *term, size_t len);
pol_status pol__x_doc_set_value(polx_doc *doc, unsigned slot, const char *val, size_t len);
/* *out borrowed from doc, valid until the doc changes or is freed; "" if unset. */
pol_status pol__x_doc_get_value(polx_doc *doc, unsigned slot, const char **out, size_t *len);
pol_status pol__x_doc_set_data(polx_doc *doc, const char *data, size_t len);
pol_status pol__x_doc_get_data(polx_doc *doc, const char **out, size_t *len);
/* Positions of term (one character) in doc, ascending, into *out (malloc'd,
 * caller frees; NULL and *n = 0 when absent), read from the document's unit
 * map (units.h), decoded once for all its terms and cached per thread. */
pol_status pol__x_doc_positions(polx_doc *doc, const char *term, size_t len, unsigned **out,
                                size_t *n);
/* Whether doc holds the code points cps[0 .. n) at consecutive positions (a
 * phrase of units of one character each, as the phrase queries of
 * pol__x_query_phrase check it), into *holds. */
pol_status pol__x_doc_has_phrase(polx_doc *doc, const uint32_t *cps, size_t n, int *holds);
/* doc's whole text (NUL-terminated), when this thread holds it decoded with
 * the document's units (its positions or a phrase check read them): *text
 * borrowed from doc, valid until doc is freed; else NULL. */
pol_status pol__x_doc_text(polx_doc *doc, const char **text, size_t *len);
/* Calls cb (units.h) for each of doc's units at positions p0 .. p1 - 1
 * with the bytes of its whole text (pol__x_doc_text) the unit stands for,
 * from the document's unit map, read and decoded once as for its
 * positions. */
pol_status pol__x_doc_unit_spans(polx_doc *doc, size_t p0, size_t p1,
                                 pol_unitspan_cb cb, void *ctx);
/* The same for each of terms[0 .. nterms) (NUL-terminated) into outs[t],
 * ns[t], in one pass over the document's units; on failure none is set. */
pol_status pol__x_doc_positions_many(polx_doc *doc, const char *const *terms, size_t nterms,
                                     unsigned **outs, size_t *ns);
/* Calls cb for each term of the document (in byte order), with its wdf. */
pol_status pol__x_doc_terms(polx_doc *doc, polx_term_cb cb, void *ctx);

/* ---- queries (immutable; combining copies the subqueries) ---- */
enum polx_op {
    POLX_OP_AND, POLX_OP_OR, POLX_OP_AND_NOT, POLX_OP_XOR, POLX_OP_AND_MAYBE,
    POLX_OP_FILTER, POLX_OP_NEAR, POLX_OP_PHRASE, POLX_OP_ELITE_SET,
    POLX_OP_SYNONYM, POLX_OP_MAX
};
/* Term query; wqf within-query frequency (1 normally), pos query position (0 = none). */
pol_status pol__x_query_term(polx_query **out, const char *term, size_t len,
                             unsigned wqf, unsigned pos);
/* Combines n >= 1 subqueries with op; window is used by NEAR/PHRASE (0 = the
 * number of subqueries) and as the set size for ELITE_SET. */
pol_status pol__x_query_combine(polx_query **out, int op, polx_query *const *subs,
                                size_t n, unsigned window);
/* The phrase of n one-character terms (at consecutive positions), weighing
 * as the terms do. With own 0, Xapian's phrase over its position table;
 * else the AND of the terms filtered by the documents' unit maps (units.h),
 * for an index without Xapian positions (not for a remote database); with
 * own 2, the unit maps' check alone, weighing nothing (for a filter whose
 * documents other terms of the query bring). */
pol_status pol__x_query_phrase(polx_query **out, const char *const *terms, const size_t *lens,
                               size_t n, int own);
/* Scales the weight of q by factor (>= 0; 0 makes it purely boolean). */
pol_status pol__x_query_scale(polx_query **out, const polx_query *q, double factor);
/* Documents whose value in `slot` lies in [lo, hi] (byte order; NULL = open end). */
pol_status pol__x_query_value_range(polx_query **out, unsigned slot,
                                    const char *lo, const char *hi);
/* q limited to the documents docids[0..n) (any order) of a database for
 * which pol__x_db_one_local holds. */
pol_status pol__x_query_restrict(polx_query **out, const polx_query *q, const unsigned *docids, size_t n);
pol_status pol__x_query_match_all(polx_query **out);
pol_status pol__x_query_match_nothing(polx_query **out);
int pol__x_query_empty(const polx_query *q);
/* Query::get_description(), malloc'd. */
pol_status pol__x_query_describe(const polx_query *q, char **out);
void pol__x_query_free(polx_query *q);

/* ---- enquire ---- */
pol_status pol__x_enquire_new(polx_enquire **out, polx_db *db);
void pol__x_enquire_free(polx_enquire *e);
pol_status pol__x_enquire_set_query(polx_enquire *e, const polx_query *q);
/* BM25Weight(k1, k2, k3, b, min_normlen). */
pol_status pol__x_enquire_set_bm25(polx_enquire *e, double k1, double k2, double k3,
                                   double b, double min_normlen);
/* At most collapse_max hits per distinct value in slot. */
pol_status pol__x_enquire_set_collapse_key(polx_enquire *e, unsigned slot, unsigned collapse_max);
/* Only documents weighing at least `weight` match. */
pol_status pol__x_enquire_set_weight_cutoff(polx_enquire *e, double weight);
/* Sort by value in slot (byte order; reverse = descending) then relevance. */
pol_status pol__x_enquire_set_sort_by_value(polx_enquire *e, unsigned slot, int reverse);
/* Relevance, ties broken by the value in slot. */
pol_status pol__x_enquire_set_sort_by_relevance_then_value(polx_enquire *e, unsigned slot, int reverse);
/* Registers a ValueCountMatchSpy on slot; *out is owned by the caller and must
 * outlive the enquire's get_mset calls. */
pol_status pol__x_enquire_add_value_spy(polx_enquire *e, unsigned slot, polx_spy **out);
/* A decider: called for each candidate document of get_mset (before match
 * spies see it); non-zero keeps the document. It must not fail through
 * exceptions: it reports failures through its ctx. */
typedef int (*polx_accept_cb)(void *ctx, polx_doc *doc);
/* Sets (or with cb NULL, removes) the decider of later get_mset calls. */
pol_status pol__x_enquire_set_decider(polx_enquire *e, polx_accept_cb cb, void *ctx);
/* checkatleast: how many matches to examine at least (for exact counts/facets). */
pol_status pol__x_enquire_get_mset(polx_enquire *e, unsigned first, unsigned maxitems,
                                   unsigned checkatleast, polx_mset **out);
/* Terms of the current query that index docid, in query order. */
pol_status pol__x_enquire_matching_terms(polx_enquire *e, unsigned docid,
                                         polx_term_cb cb, void *ctx);

/* Pseudo-relevance feedback: the maxterms terms that best tell the documents
 * docids (taken as relevant) from the rest, by Xapian's expand weight, best
 * first, leaving out the current query's terms, prefixed terms and single
 * characters; cb gets each with its weight (non-zero return stops). */
typedef int (*polx_eterm_cb)(void *ctx, const char *term, size_t len, double weight);
pol_status pol__x_enquire_eset(polx_enquire *e, const unsigned *docids, size_t n, unsigned maxterms,
                               polx_eterm_cb cb, void *ctx);

/* ---- match sets ---- */
void pol__x_mset_free(polx_mset *m);
unsigned pol__x_mset_size(const polx_mset *m);
/* A view of m (not itself a view): its items items[0 .. n), in that order,
 * with collapsed[i] other matches collapsed into each and `matches` matches
 * in all (what the match-count functions give for the view). docs (NULL:
 * none) are the items' documents as already read (pol__x_mset_document of
 * m): the view's documents are copies of them, their data not read again. */
pol_status pol__x_mset_pick(polx_mset **out, const polx_mset *m, const unsigned *items,
                            const unsigned *collapsed, polx_doc *const *docs, size_t n,
                            unsigned matches);
/* The number of documents holding term, as the match of m counted it for
 * the terms of its query (no index read), else as the database has it. */
pol_status pol__x_mset_termfreq(const polx_mset *m, const char *term, size_t len, unsigned *out);
/* The greatest weight term can add to a document's in the match of m (a
 * bound Xapian derives from the term's statistics; its occurrences in the
 * query summed); 0 for a term not in m's query. */
pol_status pol__x_mset_termweight(const polx_mset *m, const char *term, size_t len, double *out);
unsigned pol__x_mset_matches_estimated(const polx_mset *m);
unsigned pol__x_mset_matches_lower_bound(const polx_mset *m);
unsigned pol__x_mset_matches_upper_bound(const polx_mset *m);
unsigned pol__x_mset_docid(const polx_mset *m, unsigned i);
double pol__x_mset_weight(const polx_mset *m, unsigned i);
/* Number of other hits with the same collapse key that were dropped. */
unsigned pol__x_mset_collapse_count(const polx_mset *m, unsigned i);
pol_status pol__x_mset_document(const polx_mset *m, unsigned i, polx_doc **out);

/* ---- match spies ---- */
void pol__x_spy_free(polx_spy *s);
/* Total documents the spy saw. */
unsigned pol__x_spy_total(const polx_spy *s);
/* Calls cb(ctx, value, len, count) for each value, most frequent first. */
pol_status pol__x_spy_values(const polx_spy *s, unsigned maxvalues, polx_term_cb cb, void *ctx);

#ifdef __cplusplus
}
#endif
#endif
