/* snippet.h — choosing and highlighting the passage shown for a section
 * (internal). */
#ifndef POL_SNIPPET_H
#define POL_SNIPPET_H

#include <stddef.h>
#include "polsearch/search.h"
#include "query.h"
#include "units.h"

/* Calls cb (units.h) for each positional unit of a text, in text order,
 * with the bytes of the text it stands for (pol__x_doc_unit_spans gives
 * them from the document's unit map, as the analyzer made them). */
typedef pol_status (*pol_units_fn)(void *src, pol_unitspan_cb cb, void *ctx);

/* The most relevant passage of text, whose units `units(src, ...)` gives (about target_chars characters, cut at
 * sentence ends 。；！？ where possible, never inside a character) with every
 * occurrence of a literal highlighted. *out (NUL-terminated) and *spans are
 * malloc'd; spans are byte ranges of *out. Whitespace runs are shown as one
 * space (none between CJK characters). *score_out (may be NULL) gets the
 * number of distinct literals found in the passage. */
pol_status pol__snippet_make(pol_units_fn units, void *src, const char *text, size_t len,
                             const pol_literal *lits, size_t nlits, size_t target_chars,
                             char **out, pol_span **spans, size_t *nspans);

#endif
