/* duplicates.h — near-duplicate groups of an index (reposts and versions).
 * Owns: the copy record shown under search hits and the listing of every
 * group of an index. Not: how groups are found (polindex finds them while
 * indexing; see docs/duplicates.md). */
#ifndef POLSEARCH_DUPLICATES_H
#define POLSEARCH_DUPLICATES_H

#include <stddef.h>
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pol_searcher pol_searcher;

/* One document of a near-duplicate group. */
typedef struct pol_copy {
    const char *key;        /* document key (path, or path#N) */
    const char *path;       /* source file */
    const char *title;      /* NULL if unknown */
    const char *date;       /* NULL if unknown */
    double similarity;      /* estimated share of the smaller text's 5-character
                               shingles found in the other, against the document
                               it is listed under (1 for that document itself) */
} pol_copy;

typedef struct pol_dupgroups pol_dupgroups;

/* Every group of two or more documents, largest first (then by group id,
 * the smallest key of the group). The result is the caller's. */
pol_status pol_searcher_duplicates(pol_searcher *s, pol_dupgroups **out);
size_t pol_dupgroups_count(const pol_dupgroups *g);
/* Members of group i, the group id's document first, then by similarity to
 * it; *n gets their number. Borrowed; valid until pol_dupgroups_free. */
const pol_copy *pol_dupgroups_get(const pol_dupgroups *g, size_t i, size_t *n);
/* Number of documents in groups of two or more. */
size_t pol_dupgroups_documents(const pol_dupgroups *g);
void pol_dupgroups_free(pol_dupgroups *g);

#ifdef __cplusplus
}
#endif
#endif
