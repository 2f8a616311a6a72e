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

/* A unit and the bytes [start, end) of the text it stands for. */
typedef int (*pol_unitspan_cb)(void *ctx, uint32_t cp, size_t start, size_t end);

/* Where the walk over a unit map may start: at the record at byte moff of
 * the map, at byte t of the text, after n units. */
typedef struct pol_unitmark {
    uint32_t moff, t, n;
} pol_unitmark;

/* A document's unit map, inflated, with marks every few hundred units, so
 * that the units of a section are found without passing over all before it. */
typedef struct pol_unitwalk {
    char *map;
    size_t map_len;
    pol_unitmark *marks;
    size_t nmarks;
} pol_unitwalk;

/* The units of the document whose Xapian data is data[0..len), malloc'd
 * (position p at index p - 1), its whole text (malloc'd, NUL-terminated)
 * into *text and *text_len, and its unit map into *walk (freed with
 * pol__unitwalk_free), as inflated on the way; POL_ECORRUPT when the data
 * is damaged. */
pol_status pol__data_units(const char *data, size_t len, uint32_t **out, size_t *n, char **text,
                           size_t *text_len, pol_unitwalk *walk);
/* The whole text (malloc'd, NUL-terminated) of the document whose Xapian
 * data is data[0..len), without its units; POL_ECORRUPT when damaged. */
pol_status pol__data_text(const char *data, size_t len, char **text, size_t *text_len);
/* Its units and map (as pol__data_units) given that text. */
pol_status pol__data_units_of_text(const char *data, size_t len, const char *text, uint32_t **out,
                                   size_t *n, pol_unitwalk *walk);
void pol__unitwalk_free(pol_unitwalk *w);

/* Calls cb for the units at positions p0 .. p1 - 1 (position p is the unit
 * at index p - 1 of pol__data_units) of the map of w over `text`, each with
 * its code point and the text's bytes it stands for, as the analyzer gave
 * them (the several units one character became each have that character's
 * bytes); stops when cb returns nonzero. POL_ECORRUPT when the map and the
 * text disagree. */
pol_status pol__unitmap_spans(const pol_unitwalk *w, const char *text, size_t tlen, size_t p0,
                              size_t p1, pol_unitspan_cb cb, void *ctx);

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
