/* near.h — checking NEAR pairs on a matching record (internal). */
#ifndef POL_NEAR_H
#define POL_NEAR_H

#include "polsearch/analyzer.h"
#include "query.h"
#include "xapian_c.h"

typedef struct pol_near_check {
    const pol_built_query *bq;  /* its nears */
    pol_status rc;              /* the first failure; records are refused after it */
} pol_near_check;

/* A polx_accept_cb: 1 when every NEAR pair of c->bq holds in doc. */
int pol__near_accept(void *ctx, polx_doc *doc);
/* *ok = 1 when every NEAR pair of bq holds with both sides wholly inside
 * the positions [lo, hi) of doc. */
pol_status pol__near_holds(const pol_built_query *bq, polx_doc *doc, unsigned lo, unsigned hi, int *ok);

#endif
