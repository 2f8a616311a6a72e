/* query.h — parsing a user's query and building the Xapian queries for it
 * (internal). Not: running them (search.c) or snippets (snippet.c). */
#ifndef POL_QUERY_H
#define POL_QUERY_H

#include <stddef.h>
#include "polsearch/analyzer.h"
#include "polsearch/search.h"
#include "util.h"
#include "xapian_c.h"

/* A sequence of normalized positional units to highlight in snippets. */
typedef struct pol_literal {
    char **units;
    size_t n;
} pol_literal;

/* A NEAR pair: some alternative of side 0 and some alternative of side 1
 * occur with at most `window` characters between them (in either order). */
typedef struct pol_near {
    pol_literal *alts[2];
    size_t nalts[2];
    unsigned window;
} pol_near;

/* A ranking unit of a question (a bigram or a Latin token) for the
 * re-ranking of its first hits (rerank.c): its term, its weight by kind, and
 * the positional units it is made of (found consecutively where it occurs). */
typedef struct pol_qunit {
    char *term;
    double weight;
    pol_literal lit;
} pol_qunit;

typedef struct pol_built_query {
    polx_query *doc_query;      /* over document records (exact phrases) */
    polx_query *relaxed_query;  /* doc_query with its required phrases reduced to the
                                 * AND of their units or of their pairs' terms (a
                                 * superset of its matches, the same weights); NULL
                                 * when it has no such phrase */
    pol_literal *relaxed_lits;  /* the phrases reduced there (may repeat; none
                                 * of an exclusion, which stays exact) */
    size_t nrelaxed;
    int relaxed_or;             /* a phrase is reduced under an OR: a document's
                                 * relaxed weight may exceed its weight in doc_query
                                 * (it counts a phrase's units without the phrase) */
    polx_query *nochar_query;   /* question mode: doc_query without its characters'
                                 * weights (the same matches, each weighing at most
                                 * the characters' terms' greatest weights less);
                                 * NULL when it weighs no characters */
    pol_strlist char_terms;     /* the terms of those characters (text and title) */
    pol_literal *lits;          /* what to highlight */
    size_t nlits;
    pol_match_mode mode;        /* the mode chosen (never AUTO) */
    char *explain;              /* the parsed and expanded query, for --explain */
    struct pol_near *nears;     /* NEAR pairs every document must satisfy */
    size_t nnears;
    pol_qunit *qunits;          /* question mode: its distinct ranking units */
    size_t nqunits;
    const char *regions[8];     /* question mode: the regions its text names, as region
                                 * values (pol__meta_regions_named; static strings) */
    size_t nregions;
} pol_built_query;

/* Flags of pol__query_build. */
#define POL_QUERY_LITERAL 0x01  /* no glossary or variant expansion */
#define POL_QUERY_OWN_PHRASES 0x02 /* phrases checked on the documents' unit maps: for
                                    * databases without Xapian positions (pol__x_query_phrase) */

/* Parses and builds, weighing units by ro (NULL: POL_RANK_OPTS_INIT). On POL_EQUERY, err gets a one-line message naming the
 * problem and its column. */
pol_status pol__query_build(pol_analyzer *an, const char *query, pol_match_mode mode,
                            unsigned flags, const pol_rank_opts *ro, pol_built_query *out,
                            char *err, size_t errlen);
void pol__query_free(pol_built_query *q);

#endif
