/* analyzer_int.h — what other stages of the library need of the analyzer
 * beyond its public API (internal). */
#ifndef POL_ANALYZER_INT_H
#define POL_ANALYZER_INT_H

#include "polsearch/analyzer.h"

/* Calls cb for exactly the POL_UNIT_CHAR units pol_analyzer_run would report
 * for text (same units, offsets and positions), and for no other kind; the
 * lexicon is not used. Much faster on Chinese text: ICU's dictionary break,
 * which only decides word units, is not run over Han characters. */
pol_status pol__analyzer_chars(pol_analyzer *a, const char *text, size_t len, unsigned first_pos,
                               pol_unit_cb cb, void *ctx);

#endif
