/* rerank.h — the second ranking of a question's first document hits
 * (internal; see rerank.c). */
#ifndef POL_RERANK_H
#define POL_RERANK_H

#include "poscache.h"
#include "query.h"
#include "xapian_c.h"

/* Ranks the first n hits of m (document records of db, found by the
 * question bq) again with ro's passage and coord settings: order[k] gets the
 * index in m of the k-th hit and scores[k] its score. Without question
 * units or with both settings 0, the order of m and its weights. Positions
 * are read through pc (kept there for the hits' sections). */
pol_status pol__rerank(polx_db *db, pol_poscache *pc, const pol_built_query *bq,
                       const pol_rank_opts *ro, const polx_mset *m, unsigned n, unsigned *order,
                       double *scores);

/* Pseudo-relevance feedback (ro->prf > 0): *out gets q with the expansion
 * terms of the first ro->prf_docs hits of m (found by e) added, ranking only
 * (AND_MAYBE), the best scaled ro->prf, the others by their expand weight;
 * NULL when there is nothing to add. */
pol_status pol__feedback_query(polx_enquire *e, const polx_mset *m, const polx_query *q,
                               const pol_rank_opts *ro, polx_query **out);

#endif
