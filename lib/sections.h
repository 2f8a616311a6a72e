/* sections.h — ranking the sections of a document record by the query's
 * units (internal). */
#ifndef POL_SECTIONS_H
#define POL_SECTIONS_H

#include "polsearch/search.h"
#include "poscache.h"
#include "query.h"
#include "schema.h"
#include "xapian_c.h"

typedef struct pol_secrank pol_secrank;

/* The ranking units of bq's literals (CJK bigrams, Latin words and numbers,
 * CJK characters) with their weights from ro and their idf in db: the
 * document frequencies as the match of m counted them. */
pol_status pol__secrank_new(pol_secrank **out, polx_db *db, const polx_mset *m,
                            const pol_built_query *bq, const pol_rank_opts *ro);
void pol__secrank_free(pol_secrank *r);
/* BM25 score of each of the n sections of document docid, open as doc (0:
 * none of the units is there), section lengths in positions normalized by
 * avglen; positions are read through pc. listed (may be NULL) gets 1 for the
 * sections that hold a unit other than a character of a longer literal: the
 * sections --sections lists. */
pol_status pol__secrank_score(const pol_secrank *r, pol_poscache *pc, unsigned docid, polx_doc *doc,
                              const pol_secinfo *secs, size_t n, double avglen, double *scores,
                              unsigned char *listed);

#endif
