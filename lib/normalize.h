/* normalize.h — normalization of UTF-8 text for analysis (internal):
 * NFKC + case folding (ICU's NFKC_Casefold), then Traditional->Simplified
 * through the generated code-point table, with whitespace between two CJK
 * characters removed. Keeps, for every normalized code point, the byte range
 * of the original text it came from. */
#ifndef POL_NORMALIZE_H
#define POL_NORMALIZE_H

#include <stddef.h>
#include <stdint.h>
#include "polsearch/status.h"

typedef struct pol_normtext {
    char *s;            /* normalized UTF-8, NUL-terminated */
    size_t len, cap;
    uint32_t *ostart;   /* per normalized code point: original byte range */
    uint32_t *oend;
    uint32_t *boff;     /* per normalized code point: its byte offset in s */
    size_t ncp, cpcap;
    size_t bad_bytes;   /* invalid UTF-8 bytes skipped */
} pol_normtext;

/* Normalizes text into nt (reusing its buffers). Texts over 4 GiB are cut. */
pol_status pol__normalize(pol_normtext *nt, const char *text, size_t len);
void pol__normtext_free(pol_normtext *nt);

/* Is cp a CJK character (Han, kana, Hangul, 〇)? */
int pol__is_cjk(uint32_t cp);
/* Simplified form of a (folded) code point, or cp itself. */
uint32_t pol__t2s(uint32_t cp);

extern const uint32_t pol__t2s_pairs[][2];
extern const size_t pol__t2s_count;
extern const char pol__t2s_icu_version[];

#endif
