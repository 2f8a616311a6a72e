/* poscache.h — positions of the query's units in the hits, read once per
 * search (internal). */
#ifndef POL_POSCACHE_H
#define POL_POSCACHE_H

#include "xapian_c.h"

typedef struct pol_poscache pol_poscache;

/* A cache over db (borrowed: it must outlive the cache). */
pol_status pol__poscache_new(pol_poscache **out, polx_db *db);
/* Accepts NULL. */
void pol__poscache_free(pol_poscache *c);
/* The positions (ascending) of term in document docid: *v is borrowed, valid
 * until the cache is freed; *n is 0 when the document lacks the term. doc is
 * that document when the caller has it open, else NULL (the cache opens it). */
pol_status pol__poscache_get(pol_poscache *c, unsigned docid, polx_doc *doc, const char *term,
                             const unsigned **v, size_t *n);
/* Document docid as the cache holds it open (opening it if need be): *doc is
 * borrowed, valid until the cache is freed. */
pol_status pol__poscache_doc(pol_poscache *c, unsigned docid, polx_doc **doc);

#endif
