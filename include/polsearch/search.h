/* search.h — searching a polsearch index.
 * Owns: opening one or more indexes (local or remote) for reading, running a
 * query, and the results: ranked documents (or sections) with metadata,
 * heading paths and highlighted snippets. Not: printing them. */
#ifndef POLSEARCH_SEARCH_H
#define POLSEARCH_SEARCH_H

#include <stddef.h>
#include "polsearch/duplicates.h"
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pol_searcher pol_searcher;

/* Opens the indexes at dbpaths[0..n) as one (their documents are searched
 * together with one ranking). POL_ENOTFOUND when one is missing,
 * POL_ECORRUPT when damaged, POL_EVERSION when made by another schema or
 * analyzer. As with pol_index_open, *out carries the message on failure. */
pol_status pol_searcher_open(pol_searcher **out, const char *const *dbpaths, size_t n);
/* Adds a database served by xapian-tcpsrv at host:port. */
pol_status pol_searcher_add_remote(pol_searcher *s, const char *host, unsigned port);
void pol_searcher_free(pol_searcher *s);
const char *pol_searcher_errmsg(const pol_searcher *s);
/* Number of documents (not sections) in the opened indexes. */
unsigned pol_searcher_doccount(pol_searcher *s);

typedef enum pol_match_mode {
    POL_MATCH_AUTO = 0,   /* keywords: all required; a question: any unit ranks */
    POL_MATCH_ALL,
    POL_MATCH_ANY
} pol_match_mode;

typedef enum pol_sort {
    POL_SORT_RELEVANCE = 0, /* best first */
    POL_SORT_DATE,          /* newest first (undated last), then best first */
    POL_SORT_DATE_ASC       /* oldest first (undated first), then best first */
} pol_sort;

/* Fields whose values can be counted over all matches. */
typedef enum pol_facet {
    POL_FACET_YEAR = 0,
    POL_FACET_ISSUER,
    POL_FACET_TYPE,
    POL_FACET_REGION,
    POL_FACET_SOURCE,
    POL_FACET_MAX           /* number of facets */
} pol_facet;

/* Ranking settings. The defaults (POL_RANK_OPTS_INIT) are the best measured
 * on a development set of questions (bench/RESULTS.md). */
typedef struct pol_rank_opts {
    double k1, b;           /* BM25 term-frequency saturation and length normalization */
    double question_b;      /* BM25 length normalization of questions (queries in
                             * question mode, POL_MATCH_ANY); b is for keyword queries */
    double bigram;          /* weight of a CJK bigram */
    double token;           /* weight of a Latin word or number */
    double character;       /* questions: weight of each CJK character (0: not used) */
    double title;           /* factor of a unit found in the title */
    int question_words;     /* 1: questions drop question words (什么, 哪些, 如何 ...) */
    double phrase;          /* questions: factor of runs of phrase_len characters of the
                             * question found in a row in a document (0: off) */
    int phrase_len;         /* 2..16 */
    int expand_questions;   /* 1: questions get glossary and variant expansion too */
    /* Questions: the first rerank_depth document hits are ranked again by
     * score / best score + passage * (best window's units) + coord * (share
     * of the question's units found); 0 and 0: not re-ranked. */
    double passage;         /* weight of the best window of passage_len characters,
                             * scored by the units found in it, relative to the
                             * best such window among the hits */
    int passage_len;        /* 10..1000 characters */
    double coord;           /* weight of the share of the question's distinct units
                             * the document holds */
    int rerank_depth;       /* 1..1000 hits */
    double other_region;    /* taken off that score for a hit whose region (metadata)
                             * is none the question names, when it names one (a
                             * city's province counts as named, and the reverse) */
    double unasked_region;  /* taken off it for a hit whose region is a province or
                             * city when the question names none */
    /* Questions, pseudo-relevance feedback (0: off): the prf_terms terms that
     * best tell the first prf_docs hits from the rest are added to the query,
     * ranking only, the best weighted prf times a unit, and it is run again. */
    double prf;
    int prf_docs;           /* 1..100 */
    int prf_terms;          /* 1..200 */
} pol_rank_opts;
#define POL_RANK_OPTS_INIT { 0.6, 0.75, 0.75, 1.0, 1.0, 0.3, 0.1, 1, 0.0, 3, 0, 0.3, 60, 0.3, 10, 0.1, 0.3, 0.0, 3, 10 }

/* Changes one setting from "name=value" (names as in pol_rank_opts, e.g.
 * "k1=1.0", "title=0.8"). POL_EINVAL for an unknown name or a bad value. */
pol_status pol_rank_opts_set(pol_rank_opts *o, const char *setting);
/* The settings as "name=value" pairs separated by spaces, for reports;
 * static storage, overwritten by the next call. */
const char *pol_rank_opts_describe(const pol_rank_opts *o);

/* What to do with near copies of one document (reposts, versions; see
 * docs/duplicates.md) in document results. */
typedef enum pol_duplicates {
    POL_DUP_GROUP = 0,      /* one hit per near-duplicate group, the others listed
                             * under it as its copies (pol_hit.copies) */
    POL_DUP_SHOW            /* every copy is a hit of its own, none listed */
} pol_duplicates;

typedef struct pol_search_opts {
    unsigned offset;        /* hits to skip */
    unsigned limit;         /* hits to return */
    int sections;           /* 1: rank sections, not documents */
    unsigned max_sections;  /* sections listed under each document hit (1..3) */
    pol_match_mode mode;
    unsigned snippet_chars; /* target snippet length in characters */
    int literal;            /* 1: no expansion of English terms or Chinese variants */
    pol_sort sort;
    unsigned facets;        /* (1u << pol_facet) for each facet to count */
    int exact_count;        /* 1: count every match exactly (pol_results_estimated) */
    int no_sections;        /* 1: document hits only, without sections or snippets
                             * (faster; for measuring rankings) */
    const pol_rank_opts *rank; /* ranking settings; NULL: POL_RANK_OPTS_INIT */
    pol_duplicates duplicates; /* document results: POL_DUP_GROUP (default) shows one
                             * hit per group of near copies: the best-scoring member
                             * (on equal scores the one with the most metadata, then
                             * the newest, then the smallest key); the estimate and
                             * facets then count groups. Section results (sections
                             * = 1) are never grouped. */
} pol_search_opts;
#define POL_SEARCH_OPTS_INIT { 0, 10, 0, 3, POL_MATCH_AUTO, 90, 0, POL_SORT_RELEVANCE, 0, 0, 0, NULL, POL_DUP_GROUP }

/* A highlighted span of a snippet, in bytes from the snippet's start. */
typedef struct pol_span { size_t start, end; } pol_span;

typedef struct pol_hit_section {
    double score;
    const char *const *heading_path;  /* outermost first */
    size_t depth;
    const char *snippet;              /* UTF-8, whole characters */
    const pol_span *spans;            /* highlighted parts of snippet, in order */
    size_t nspans;
} pol_hit_section;

typedef struct pol_hit {
    unsigned rank;          /* 1-based, counting from the first hit of the whole result */
    double score;
    const char *path;       /* the source file */
    const char *key;        /* path, or path#N for a record of a multi-record file */
    const char *title;
    const char *issuer, *date, *doc_number, *type, *region, *source, *url; /* NULL if unknown */
    const pol_hit_section *sections;
    size_t nsections;
    /* With POL_DUP_GROUP: the other members of the hit's near-duplicate group
     * (whether they match the query or not), most similar first, then by key;
     * similarity is against this hit. None otherwise. */
    const pol_copy *copies;
    size_t ncopies;
} pol_hit;

typedef struct pol_results pol_results;

/* Runs a query. POL_EQUERY (with a message naming the problem) when it
 * cannot be parsed. Results are the caller's (pol_results_free). */
pol_status pol_search_run(pol_searcher *s, const char *query, const pol_search_opts *opts,
                          pol_results **out);
size_t pol_results_size(const pol_results *r);
/* Borrowed; valid until pol_results_free. */
const pol_hit *pol_results_hit(const pol_results *r, size_t i);
/* Estimated number of matching documents (or sections with opts.sections);
 * with POL_DUP_GROUP, of matching groups (a document without near copies is
 * a group of one): the number of hits there are to page through. */
unsigned pol_results_estimated(const pol_results *r);
/* The query as Xapian saw it, for --explain (borrowed). */
const char *pol_results_query_description(const pol_results *r);
/* The query as parsed and expanded, several lines: the mode chosen, the
 * parsed query, each expansion (glossary terms, Chinese variants) and the
 * query searched (borrowed). */
const char *pol_results_explain(const pol_results *r);

/* One value of a facet and the number of matches that have it. */
typedef struct pol_facet_value {
    const char *value;
    unsigned count;
} pol_facet_value;

/* The values of facet f over all matches (not only the hits returned), most
 * frequent first; *n gets their number (0 when f was not asked for). With
 * POL_DUP_GROUP a group counts once for each value its matching members have
 * (once in all when they agree), as the estimate counts groups.
 * Borrowed; valid until pol_results_free. */
const pol_facet_value *pol_results_facet(const pol_results *r, pol_facet f, size_t *n);
void pol_results_free(pol_results *r);

#ifdef __cplusplus
}
#endif
#endif
