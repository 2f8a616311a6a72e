/* analyzer_int.h — what other stages of the library need of the analyzer
 * beyond its public API (internal). */
#ifndef POL_ANALYZER_INT_H
#define POL_ANALYZER_INT_H

#include "polsearch/analyzer.h"

#include <stdint.h>

/* The text the last pol_analyzer_run (or pol_analyzer_normalize) of a
 * normalized (NFKC, case folding, Traditional->Simplified), valid until a's
 * next use: what pol_analyzer_normalize returns a copy of. */
const char *pol__analyzer_normalized(const pol_analyzer *a, size_t *len);

/* Tests: on, the word break runs over the text itself, ICU's dictionary
 * segmentation of Chinese included, instead of over a copy with ideographs
 * blanked (the units must be the same either way). */
void pol__analyzer_full_break(pol_analyzer *a, int on);

/* A plain mark: a character other than an ideograph that can be in no word
 * segment of ICU's word break (spaces, punctuation, no letter, digit, '_',
 * joiner or emoji). When every character of a text is an ideograph or a
 * plain mark, its units are its CJK characters and the word break is not
 * run (nor its iterator opened). */
int pol__analyzer_plain_mark(uint32_t c);

/* Tests: on, the word break runs even over text of ideographs and plain
 * marks (the units must be the same either way). */
void pol__analyzer_no_plain(pol_analyzer *a, int on);

#endif
