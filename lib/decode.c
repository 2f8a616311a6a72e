/* decode.c — bytes of unknown encoding to UTF-8. UTF-8 (with or without BOM)
 * is taken when the bytes are valid UTF-8; otherwise ICU's charset detector
 * proposes GB18030/GBK or Big5, and the conversion with the fewest
 * undecodable bytes wins. Binary data (NUL bytes, control characters) is
 * refused. Not: HTML's own charset declarations (reader.c lets libxml2 see
 * the decoded text). */
#include "document_int.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucsdet.h>
#include <unicode/utf8.h>

static size_t invalid_utf8(const char *s, size_t len)
{
    size_t bad = 0;
    int32_t i = 0, n = (int32_t)(len > INT32_MAX ? INT32_MAX : len);
    while (i < n) {
        UChar32 c;
        int32_t st = i;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0)
            bad += (size_t)(i - st);
    }
    return bad;
}

static int looks_binary(const char *s, size_t len)
{
    size_t n = len < 65536 ? len : 65536, ctl = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0)
            return 1;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != 0x1b)
            ctl++;
    }
    return n > 0 && ctl * 20 > n; /* over 5% control characters */
}

/* Converts from `enc` to UTF-8; returns the count of undecodable input
 * sequences (each shown as U+FFFD), or (size_t)-1 on failure. */
static size_t convert(const char *enc, const char *s, size_t len, char **out, size_t *out_len)
{
    UErrorCode err = U_ZERO_ERROR;
    UConverter *from = ucnv_open(enc, &err);
    if (U_FAILURE(err))
        return (size_t)-1;
    size_t cap = len * 2 + 16;
    char *buf = malloc(cap);
    if (!buf) {
        ucnv_close(from);
        return (size_t)-1;
    }
    UConverter *to = ucnv_open("UTF-8", &err);
    if (U_FAILURE(err)) {
        free(buf);
        ucnv_close(from);
        return (size_t)-1;
    }
    char *t = buf;
    const char *src = s;
    UChar pivot[1024], *ps = pivot, *pt = pivot;
    ucnv_convertEx(to, from, &t, buf + cap - 1, &src, s + len, pivot, &ps, &pt, pivot + 1024,
                   1, 1, &err);
    ucnv_close(from);
    ucnv_close(to);
    if (U_FAILURE(err)) {
        free(buf);
        return (size_t)-1;
    }
    *t = '\0';
    size_t bad = 0;
    for (char *p = buf; (p = strstr(p, "\xef\xbf\xbd")); p += 3)
        bad++;
    *out = buf;
    *out_len = (size_t)(t - buf);
    return bad;
}

/* Share of common CJK characters (U+4E00..U+9FA5) in UTF-8 text: wrong
 * guesses between GB18030 and Big5 produce rare characters and symbols. */
static double cjk_share(const char *s, size_t len)
{
    size_t cjk = 0, all = 0;
    int32_t i = 0, n = (int32_t)(len > INT32_MAX ? INT32_MAX : len);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0x80)
            continue;
        all++;
        if (c >= 0x4E00 && c <= 0x9FA5)
            cjk++;
    }
    return all ? (double)cjk / (double)all : 0;
}

pol_status pol__decode(const char *bytes, size_t len, char **out, size_t *out_len,
                       const char **encoding, size_t *bad)
{
    *out = NULL;
    *bad = 0;
    if (len >= 3 && !memcmp(bytes, "\xef\xbb\xbf", 3)) {
        bytes += 3;
        len -= 3;
    }
    if (len >= 2 && ((unsigned char)bytes[0] == 0xff || (unsigned char)bytes[0] == 0xfe) &&
        ((unsigned char)bytes[1] == 0xfe || (unsigned char)bytes[1] == 0xff) && bytes[0] != bytes[1]) {
        const char *enc = (unsigned char)bytes[0] == 0xff ? "UTF-16LE" : "UTF-16BE";
        size_t b = convert(enc, bytes + 2, len - 2, out, out_len);
        if (b == (size_t)-1)
            return POL_EENCODING;
        *encoding = enc;
        *bad = b;
        return POL_OK;
    }
    if (looks_binary(bytes, len))
        return POL_EFORMAT;
    size_t inv = invalid_utf8(bytes, len);
    if (inv == 0 || inv * 1000 < len) {
        /* valid UTF-8, or nearly: invalid bytes are dropped by the analyzer */
        *out = pol__strndup(bytes, len);
        if (!*out)
            return POL_ENOMEM;
        *out_len = len;
        *encoding = "UTF-8";
        *bad = inv;
        return POL_OK;
    }
    /* candidates in the order the detector likes them */
    const char *cands[3] = { "GB18030", "Big5", NULL };
    UErrorCode err = U_ZERO_ERROR;
    UCharsetDetector *det = ucsdet_open(&err);
    if (U_SUCCESS(err)) {
        ucsdet_setText(det, bytes, (int32_t)(len > INT32_MAX ? INT32_MAX : len), &err);
        const UCharsetMatch *m = ucsdet_detect(det, &err);
        if (U_SUCCESS(err) && m) {
            const char *name = ucsdet_getName(m, &err);
            if (U_SUCCESS(err) && name && !strcmp(name, "Big5")) {
                cands[0] = "Big5";
                cands[1] = "GB18030";
            }
        }
        ucsdet_close(det);
    }
    char *best = NULL;
    size_t best_len = 0, best_bad = 0;
    double best_share = -1;
    const char *best_enc = NULL;
    for (int i = 0; cands[i]; i++) {
        char *o;
        size_t ol;
        size_t b = convert(cands[i], bytes, len, &o, &ol);
        if (b == (size_t)-1)
            continue;
        /* the share of common characters, less a penalty for errors: a
         * wrong guess between GB18030 and Big5 often decodes without errors
         * but into rare characters */
        double share = cjk_share(o, ol) - 5.0 * (double)b / (double)(ol / 3 + 1);
        if (!best || share > best_share) {
            free(best);
            best = o;
            best_len = ol;
            best_bad = b;
            best_share = share;
            best_enc = cands[i];
        } else {
            free(o);
        }
    }
    if (!best)
        return POL_EENCODING;
    *out = best;
    *out_len = best_len;
    *encoding = best_enc;
    *bad = best_bad;
    return POL_OK;
}
