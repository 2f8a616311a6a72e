/* unitmap.h — a document's positional units against its stored text
 * (internal; format in docs/schema.md, "Unit map"). */
#ifndef POL_UNITMAP_H
#define POL_UNITMAP_H

#include <stddef.h>
#include <stdint.h>
#include "polsearch/status.h"
#include "units.h"
#include "util.h"

typedef struct pol_unitmap {
    pol_buf out;    /* the records */
    pol_buf whole;  /* the map: count, then the records */
    size_t t;       /* text bytes accounted for */
    size_t run;     /* characters of the open run */
    size_t skip;    /* bytes skipped before it */
    size_t n;       /* units added */
} pol_unitmap;

/* Starts a map (m zeroed, or one used before). */
void pol__unitmap_begin(pol_unitmap *m);
/* Adds the next positional unit: u (one normalized code point, ulen bytes),
 * from the text's bytes [start, end). Units come in position order. */
void pol__unitmap_add(pol_unitmap *m, const char *text, const char *u, size_t ulen, size_t start,
                      size_t end);
/* The map's bytes (NULL when out of memory), valid until m changes. */
const char *pol__unitmap_end(pol_unitmap *m, size_t *len);
void pol__unitmap_free(pol_unitmap *m);

/* The code point at each position (position p at index p - 1) from the map
 * and the text, malloc'd; POL_ECORRUPT when they disagree. With marks not
 * NULL, also where pol__unitmap_spans may start (malloc'd, or NULL). */
pol_status pol__unitmap_decode(const char *map, size_t mlen, const char *text, size_t tlen,
                               uint32_t **out, size_t *nout, pol_unitmark **marks, size_t *nmarks);

#endif
