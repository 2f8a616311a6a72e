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

/* Invalid bytes; *multi gets the number of valid multi-byte sequences. */
static size_t invalid_utf8(const char *s, size_t len, size_t *multi)
{
    size_t bad = 0;
    int32_t i = 0, n = (int32_t)(len > INT32_MAX ? INT32_MAX : len);
    *multi = 0;
    while (i < n) {
        UChar32 c;
        int32_t st = i;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0)
            bad += (size_t)(i - st);
        else if (c >= 0x80)
            (*multi)++;
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

/* Characters frequent in Chinese government text, simplified and
 * traditional: a right guess between GB18030 and Big5 decodes into many of
 * them, a wrong one into rare characters (both are CJK, so the CJK share
 * alone cannot tell them apart on short texts). */
static const char common_chars[] =
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反明看原又利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶思术极交受联认六共权收证改清己美再采转更单风切打白教速带安场身车例真务具万每目至达走积示议声报完类八离华名确才科张信马节话整空元况今集传土许步群广石记需段研界林律且究观越织装影算低持音众书布复容儿须际商非验连断深难近千周委素技备半办青省列习响约支般史感劳便团往历市克何除消构府称太准精值号率族维划选标写存候亲快效院查江型按格养易置派层片始却专状育厂京识适属包火住调满县局照参红细引听该价严扶贫协援助"
    "這為個國們時來說產種後學經當發動開關對會實現點從業應還進過與間機問題黨幾兩體長門際區導將給見計別農運華電條東義務項設資邊級統聽該價嚴員處隊質氣論結決報總專層歷樣線內數協幫貧衛組織規劃總則內辦據權營濟環護請達認識適屬調滿縣參紅細響約團車萬積議聲類離確張馬節話傳許廣記須斷難遠際";

/* Share of decoded non-ASCII characters (of the first 20000) that are
 * frequent ones. */
static double common_share(const char *s, size_t len)
{
    unsigned char seen[65536 / 8];
    memset(seen, 0, sizeof seen);
    int32_t i = 0, n = (int32_t)(sizeof common_chars - 1);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)common_chars, i, n, c);
        if (c > 0 && c < 65536)
            seen[c >> 3] |= (unsigned char)(1u << (c & 7));
    }
    size_t hits = 0, all = 0;
    i = 0;
    n = (int32_t)(len > 20000 * 3 ? 20000 * 3 : len);
    while (i < n) {
        UChar32 c;
        U8_NEXT((const uint8_t *)s, i, n, c);
        if (c < 0x80)
            continue;
        all++;
        if (c < 65536 && (seen[c >> 3] & (1u << (c & 7))))
            hits++;
    }
    return all ? (double)hits / (double)all : 0;
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
        if (looks_binary(*out, *out_len)) { /* U+0000 or control characters */
            free(*out);
            *out = NULL;
            return POL_EFORMAT;
        }
        *encoding = enc;
        *bad = b;
        return POL_OK;
    }
    if (looks_binary(bytes, len))
        return POL_EFORMAT;
    size_t multi;
    size_t inv = invalid_utf8(bytes, len, &multi);
    /* Legacy CJK text yields few valid UTF-8 sequences per invalid byte;
     * UTF-8 text with a few damaged bytes yields many. */
    if (inv == 0 || inv * 1000 < len || multi >= 20 * inv) {
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
        /* the share of frequent characters, less a penalty for errors: a
         * wrong guess between GB18030 and Big5 often decodes without errors
         * but into rare characters */
        double share = common_share(o, ol) - 5.0 * (double)b / (double)(ol / 3 + 1);
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
