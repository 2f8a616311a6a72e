/* normalize.c — NFKC_Casefold + Traditional->Simplified per code point, with
 * an offset map back to the original bytes (see normalize.h). ICU does the
 * folding; the T->S table is generated from ICU at build time (tools/
 * gen_t2s.c) because the transliterator itself is too slow for indexing.
 * Folding is per code point: combining sequences are not recomposed, which
 * is harmless because documents and queries are folded the same way. */
#include "normalize.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

static uint16_t *bmp_t2s;          /* direct table for the BMP, 0 = unchanged */
static pthread_once_t t2s_once = PTHREAD_ONCE_INIT;
static const UNormalizer2 *nfkc_cf;

static void init_tables(void)
{
    UErrorCode err = U_ZERO_ERROR;
    nfkc_cf = unorm2_getNFKCCasefoldInstance(&err);
    if (U_FAILURE(err))
        nfkc_cf = NULL;
    bmp_t2s = calloc(0x10000, sizeof *bmp_t2s);
    if (!bmp_t2s)
        return;
    for (size_t i = 0; i < pol__t2s_count; i++)
        if (pol__t2s_pairs[i][0] < 0x10000 && pol__t2s_pairs[i][1] < 0x10000)
            bmp_t2s[pol__t2s_pairs[i][0]] = (uint16_t)pol__t2s_pairs[i][1];
}

/* The T->S mapping of cp, once init_tables has run: the direct table for the
 * BMP, else (and when the table could not be allocated) a binary search of
 * the pairs. */
static inline uint32_t t2s_lookup(uint32_t cp)
{
    if (cp < 0x10000 && bmp_t2s) {
        uint16_t s = bmp_t2s[cp];
        return s ? s : cp;
    }
    size_t lo = 0, hi = pol__t2s_count;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (pol__t2s_pairs[mid][0] < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < pol__t2s_count && pol__t2s_pairs[lo][0] == cp ? pol__t2s_pairs[lo][1] : cp;
}

uint32_t pol__t2s(uint32_t cp)
{
    pthread_once(&t2s_once, init_tables);
    return t2s_lookup(cp);
}

int pol__is_cjk(uint32_t c)
{
    return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
           (c >= 0x20000 && c <= 0x3134F) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x3040 && c <= 0x30FF && c != 0x30FB) || /* kana, not the middle dot */
           (c >= 0x31F0 && c <= 0x31FF) || (c >= 0xAC00 && c <= 0xD7AF) ||
           (c >= 0x1100 && c <= 0x11FF) || c == 0x3007 || (c >= 0x2E80 && c <= 0x2FDF);
}

static int is_space(uint32_t c)
{
    if (c < 0x80)
        return c == ' ' || (c >= '\t' && c <= '\r'); /* \t \n \v \f \r */
    if (c > 0x3000 && c < 0xFEFF)
        return 0; /* most of what is not ASCII: CJK */
    return c == 0x3000 || c == 0xA0 || c == 0x2028 || c == 0x2029 || (c >= 0x2000 && c <= 0x200B) ||
           c == 0xFEFF;
}

/* NFKC_Casefold of one code point other than ASCII and unified ideographs
 * into out (at most 8 code points; c itself when ICU fails), how many: through
 * a small per-thread cache, as texts repeat the same few (，。“”、《》). */
#define FOLD_CACHE 64
typedef struct fold_entry {
    uint32_t key;           /* code point + 1; 0: empty */
    int n;
    UChar32 out[8];
} fold_entry;
static _Thread_local fold_entry fold_cache[FOLD_CACHE];

static int fold(UChar32 c, UChar32 *out)
{
    fold_entry *e = &fold_cache[(uint32_t)c % FOLD_CACHE];
    if (e->key == (uint32_t)c + 1) {
        memcpy(out, e->out, (size_t)e->n * sizeof *out);
        return e->n;
    }
    int nout = 0;
    UChar in[2], buf[32];
    int32_t il = 0;
    U16_APPEND_UNSAFE(in, il, c);
    UErrorCode err = U_ZERO_ERROR;
    int32_t bl = unorm2_normalize(nfkc_cf, in, il, buf, 32, &err);
    if (U_FAILURE(err)) {
        out[nout++] = c;
    } else {
        for (int32_t k = 0; k < bl && nout < 8;) {
            UChar32 f;
            U16_NEXT(buf, k, bl, f);
            out[nout++] = f;
        }
    }
    e->key = (uint32_t)c + 1;
    e->n = nout;
    memcpy(e->out, out, (size_t)nout * sizeof *out);
    return nout;
}

static int grow(pol_normtext *nt, size_t bytes, size_t cps)
{
    if (nt->len + bytes + 1 > nt->cap) {
        size_t c = nt->cap ? nt->cap : 256;
        while (c < nt->len + bytes + 1)
            c *= 2;
        char *s = realloc(nt->s, c);
        if (!s)
            return -1;
        nt->s = s;
        nt->cap = c;
    }
    if (nt->ncp + cps > nt->cpcap) {
        size_t c = nt->cpcap ? nt->cpcap : 128;
        while (c < nt->ncp + cps)
            c *= 2;
        uint32_t *a = realloc(nt->ostart, c * sizeof *a);
        if (!a) return -1;
        nt->ostart = a;
        a = realloc(nt->oend, c * sizeof *a);
        if (!a) return -1;
        nt->oend = a;
        a = realloc(nt->boff, c * sizeof *a);
        if (!a) return -1;
        nt->boff = a;
        nt->cpcap = c;
    }
    return 0;
}

static void put(pol_normtext *nt, uint32_t cp, size_t os, size_t oe)
{
    nt->boff[nt->ncp] = (uint32_t)nt->len;
    nt->ostart[nt->ncp] = (uint32_t)os;
    nt->oend[nt->ncp] = (uint32_t)oe;
    nt->ncp++;
    size_t i = nt->len;
    U8_APPEND_UNSAFE(nt->s, i, cp);
    nt->len = i;
}

pol_status pol__normalize(pol_normtext *nt, const char *text, size_t len)
{
    pthread_once(&t2s_once, init_tables);
    if (!nfkc_cf || !bmp_t2s)
        return POL_EINTERNAL;
    if (len > 0xffffffffu)
        len = 0xffffffffu;
    nt->len = 0;
    nt->ncp = 0;
    nt->bad_bytes = 0;
    if (grow(nt, len + 16, len / 2 + 16) < 0)
        return POL_ENOMEM;
    const uint8_t *s = (const uint8_t *)text;
    int32_t i = 0, n = (int32_t)(len > INT32_MAX ? INT32_MAX : len);
    int last_cjk = 0;          /* last emitted code point was CJK */
    size_t pending_ws = 0;     /* whitespace seen after a CJK character */
    size_t ws_start = 0, ws_end = 0;
    while (i < n) {
        int32_t start = i;
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c < 0) {
            nt->bad_bytes += (size_t)(i - start);
            continue;
        }
        if (is_space((uint32_t)c)) {
            if (!pending_ws)
                ws_start = (size_t)start;
            pending_ws++;
            ws_end = (size_t)i;
            continue;
        }
        /* fold */
        UChar32 out[8];
        int nout = 0;
        if (c < 0x80) {
            out[nout++] = (c >= 'A' && c <= 'Z') ? c + 32 : c;
        } else if ((c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF)) {
            out[nout++] = c; /* NFKC_Casefold leaves unified ideographs alone */
        } else {
            nout = fold(c, out);
        }
        if (nout == 0)
            continue; /* default-ignorable: dropped */
        for (int k = 0; k < nout; k++) {
            uint32_t f = t2s_lookup((uint32_t)out[k]); /* tables set up above */
            int cjk = pol__is_cjk(f);
            if (is_space(f)) {
                /* NFKC made a space (e.g. of U+3000 variants) */
                if (!pending_ws)
                    ws_start = (size_t)start;
                pending_ws++;
                ws_end = (size_t)i;
                continue;
            }
            if ((nt->len + 8 + 1 > nt->cap || nt->ncp + 2 > nt->cpcap) && grow(nt, 8, 2) < 0)
                return POL_ENOMEM;
            if (pending_ws) {
                /* whitespace between two CJK characters is dropped */
                if (!(last_cjk && cjk) && nt->len > 0)
                    put(nt, ' ', ws_start, ws_end);
                pending_ws = 0;
            }
            put(nt, f, (size_t)start, (size_t)i);
            last_cjk = cjk;
        }
    }
    nt->s[nt->len] = '\0';
    return POL_OK;
}

void pol__normtext_free(pol_normtext *nt)
{
    free(nt->s);
    free(nt->ostart);
    free(nt->oend);
    free(nt->boff);
    memset(nt, 0, sizeof *nt);
}
