/* analyzer.h — the one analyzer used at index time and at query time.
 * Owns: normalization (NFKC, case folding, Traditional->Simplified) and the
 * units made from text: positional units (every character of a CJK run or of
 * a Latin word or number), CJK bigrams and whole non-CJK tokens. No
 * dictionary words: ICU's word break only finds where Latin words and numbers
 * end (it never runs its Chinese dictionary; analyzer version 2 and earlier
 * also made ICU dictionary words, which cost a seventh of indexing and the
 * start of every query process, and ranked nothing by default).
 * Not: which units become which index terms (see lib/schema.h). */
#ifndef POLSEARCH_ANALYZER_H
#define POLSEARCH_ANALYZER_H

#include <stddef.h>
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

#define POL_ANALYZER_NAME "polsearch-cjk"
/* Bump whenever the units made from any text change: indexes made by another
 * version are refused. */
#define POL_ANALYZER_VERSION 3

/* Longest unit, in bytes, the analyzer emits (longer tokens are cut at a
 * character boundary); keeps prefixed terms under Xapian's 245-byte limit. */
#define POL_MAX_UNIT_BYTES 96

/* Kinds of unit, passed as `flags` to the token callback. */
enum {
    POL_UNIT_CHAR = 0x01,   /* one character of a CJK run or of a non-CJK token;
                               the only kind that occupies a position */
    POL_UNIT_TOKEN = 0x02,  /* a whole non-CJK token of >= 2 characters (Latin
                               word, number); pos = its first character's */
    POL_UNIT_BIGRAM = 0x04, /* two adjacent CJK chars of one run; pos = first char's */
    /* 0x08: ICU dictionary words, analyzer version 2 and earlier */
    /* Only with a lexicon (pol_analyzer_set_lexicon; never at index time): */
    POL_UNIT_LEARNED = 0x10,/* a lexicon word of the text's segmentation into
                               lexicon words (fewest pieces, longest first);
                               pos = first char's */
    POL_UNIT_CROSS = 0x20   /* added to POL_UNIT_BIGRAM: the bigram joins the
                               last character of one lexicon word to the first
                               of the next (商扶 in 电商|扶贫), so it is no word */
};

/* Called for each unit, in order of position (a bigram, token or lexicon
 * word is reported right after the positional unit it starts at). `unit` is normalized UTF-8
 * (not NUL-terminated) valid only during the call; [start, end) is the byte
 * range in the original text the unit came from; pos counts positional
 * units from the `first_pos` given to pol_analyzer_run. A non-zero return
 * stops the run; pol_analyzer_run then returns POL_OK. */
typedef int (*pol_unit_cb)(void *ctx, const char *unit, size_t len, size_t start,
                           size_t end, unsigned pos, unsigned flags);

typedef struct pol_analyzer pol_analyzer;

/* A new analyzer. One analyzer serves one thread at a time; make one per
 * thread. The caller frees it with pol_analyzer_free. */
pol_status pol_analyzer_new(pol_analyzer **out);
void pol_analyzer_free(pol_analyzer *a);

/* Uses lx (borrowed; NULL: none) to mark words: POL_UNIT_LEARNED units and
 * POL_UNIT_CROSS bigrams. Units of the other kinds are the same with or
 * without a lexicon, so queries analyzed with one still match documents
 * indexed without. */
struct pol_lexicon;
void pol_analyzer_set_lexicon(pol_analyzer *a, const struct pol_lexicon *lx);

/* Analyzes UTF-8 text (invalid sequences are skipped). CJK runs continue
 * across whitespace (line breaks and spaces between CJK characters are
 * ignored), and end at any other character. *next_pos (may be NULL) gets the
 * position after the last positional unit. */
pol_status pol_analyzer_run(pol_analyzer *a, const char *text, size_t len,
                            unsigned first_pos, pol_unit_cb cb, void *ctx,
                            unsigned *next_pos);

/* The normalized form of text (NFKC, case folded, Traditional->Simplified),
 * malloc'd and NUL-terminated, freed by the caller. */
pol_status pol_analyzer_normalize(pol_analyzer *a, const char *text, size_t len,
                                  char **out, size_t *out_len);

/* Identity of the analysis, stored in and checked against every index:
 * "polsearch-cjk/1 icu/72.1". Static string. */
const char *pol_analyzer_id(void);

/* Detailed message of the analyzer's last failure. */
const char *pol_analyzer_errmsg(const pol_analyzer *a);

#ifdef __cplusplus
}
#endif
#endif
