/* units.h — the code point at each position of a document, from its stored
 * data (docdata.c, unitmap.c), for the Xapian binding's phrase check and
 * position lists (internal). */
#ifndef POL_UNITS_H
#define POL_UNITS_H

#include <stddef.h>
#include <stdint.h>
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The units of the document whose Xapian data is data[0..len), malloc'd
 * (position p at index p - 1), and its whole text (malloc'd, NUL-terminated)
 * into *text and *text_len, as inflated on the way; POL_ECORRUPT when the
 * data is damaged. */
pol_status pol__data_units(const char *data, size_t len, uint32_t **out, size_t *n, char **text,
                           size_t *text_len);
/* The whole text (malloc'd, NUL-terminated) of the document whose Xapian
 * data is data[0..len), without its units; POL_ECORRUPT when damaged. */
pol_status pol__data_text(const char *data, size_t len, char **text, size_t *text_len);
/* Its units (as pol__data_units) given that text. */
pol_status pol__data_units_of_text(const char *data, size_t len, const char *text, uint32_t **out,
                                   size_t *n);
/* Whether a text's every occurrence of the character cp is a unit cp of its
 * own: a unified ideograph that normalization keeps as it is (docs/schema.md).
 * A phrase of such characters holds where a text has their bytes in a row. */
int pol__unit_verbatim(uint32_t cp);
/* The code point of a unit of one character (len bytes of UTF-8), or -1
 * for anything else. */
long pol__unit_cp(const char *u, size_t len);

#ifdef __cplusplus
}
#endif
#endif
