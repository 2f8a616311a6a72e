/* unitmap.c — a document's positional units recorded against its stored
 * text (the unit map of the document data, docs/schema.md): the units are
 * mostly the text's own characters in a row, with punctuation and spaces
 * between the rows, so the map keeps how many bytes to skip and how many
 * characters to take, and writes out only the units normalization changed
 * (Traditional→Simplified, full-width, case). Built by the indexer from the
 * analyzer's units; decoded at query time into the code point at each
 * position. Not: compression (docdata.c) or what the positions are used for.
 *
 * Written here because the positions are what Xapian's position table would
 * keep, at about a twentieth of its size on the law corpus: Xapian stores one
 * position list per term and document, which no library option compacts. */
#include "unitmap.h"
#include "normalize.h"
#include "units.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

void pol__unitmap_begin(pol_unitmap *m)
{
    pol__buf_free(&m->out);
    pol__buf_free(&m->whole);
    m->t = 0;
    m->run = 0;
    m->skip = 0;
    m->n = 0;
}

static void flush_run(pol_unitmap *m)
{
    if (!m->run)
        return;
    pol__buf_add_varint(&m->out, m->skip);
    pol__buf_add_varint(&m->out, (uint64_t)m->run << 1);
    m->run = 0;
    m->skip = 0;
}

void pol__unitmap_add(pol_unitmap *m, const char *text, const char *u, size_t ulen, size_t start,
                      size_t end)
{
    m->n++;
    if (start >= m->t && end - start == ulen && !memcmp(text + start, u, ulen)) {
        /* the text's own character: one more of the run, or a new run */
        if (!(m->run && start == m->t)) {
            flush_run(m);
            m->skip = start - m->t;
        }
        m->run++;
        m->t = end;
        return;
    }
    /* a changed character (or the second unit of one original character) */
    flush_run(m);
    int32_t i = 0;
    UChar32 c;
    U8_NEXT_UNSAFE(u, i, c);
    size_t from = start > m->t ? start : m->t;
    pol__buf_add_varint(&m->out, start > m->t ? start - m->t : 0);
    pol__buf_add_varint(&m->out, ((uint64_t)(uint32_t)c << 1) | 1);
    pol__buf_add_varint(&m->out, end > from ? end - from : 0);
    if (end > m->t)
        m->t = end;
}

const char *pol__unitmap_end(pol_unitmap *m, size_t *len)
{
    flush_run(m);
    /* the number of units first, then the records */
    pol__buf_free(&m->whole);
    pol__buf_add_varint(&m->whole, m->n);
    pol__buf_add(&m->whole, m->out.data, m->out.len);
    *len = m->whole.len;
    return m->out.oom || m->whole.oom ? NULL : m->whole.data;
}

void pol__unitmap_free(pol_unitmap *m)
{
    pol__buf_free(&m->out);
    pol__buf_free(&m->whole);
}

/* The code point of the three-byte character at s (1110xxxx 10yyyyyy
 * 10zzzzzz): its marker bits subtracted */
static inline uint32_t cp3(const unsigned char *s)
{
    return ((uint32_t)s[0] << 12) + ((uint32_t)s[1] << 6) + s[2] - 0xE2080u;
}

/* The byte length of the character of text at t (< tlen), and its code
 * point in *cp; 0 when it runs past tlen or is not a character. ASCII and
 * three-byte characters (CJK) inline, the rest through ICU. The text's
 * continuation bytes are not checked: the text was valid UTF-8 when indexed
 * and is kept under the zlib checksum, so that damage to it is found when
 * it is inflated; what matters here is reading inside it. */
static inline size_t char_at(const char *text, size_t tlen, size_t t, uint32_t *cp)
{
    const unsigned char *x = (const unsigned char *)text + t;
    if (x[0] < 0x80) {
        *cp = x[0];
        return 1;
    }
    if ((x[0] & 0xF0) == 0xE0 && tlen - t >= 3) {
        *cp = cp3(x);
        return 3;
    }
    int32_t i = (int32_t)t;
    UChar32 c;
    U8_NEXT(text, i, (int32_t)tlen, c);
    if (c < 0)
        return 0;
    *cp = (uint32_t)c;
    return (size_t)i - t;
}

/* Units between two marks of a walk (pol_unitwalk) */
#define MARK_EVERY 256

void pol__unitwalk_free(pol_unitwalk *w)
{
    free(w->map);
    free(w->marks);
    memset(w, 0, sizeof *w);
}

pol_status pol__unitmap_decode(const char *map, size_t mlen, const char *text, size_t tlen,
                               uint32_t **out, size_t *nout, pol_unitmark **marks, size_t *nmarks)
{
    const char *p = map, *end = map + mlen;
    size_t t = 0, n = 0;
    uint64_t npos;
    pol_unitmark *mk = NULL;
    size_t nmk = 0, next = MARK_EVERY;
    if (marks) {
        *marks = NULL;
        *nmarks = 0;
    }
    /* every unit takes a byte of the text or of the map */
    if (pol__get_varint(&p, end, &npos) < 0 || npos > tlen + mlen)
        return POL_ECORRUPT;
    uint32_t *v = malloc((npos ? npos : 1) * sizeof *v);
    if (!v)
        return POL_ENOMEM;
    if (marks && npos >= MARK_EVERY && tlen < UINT32_MAX && mlen < UINT32_MAX &&
        !(mk = malloc((npos / MARK_EVERY) * sizeof *mk))) {
        free(v);
        return POL_ENOMEM;
    }
    while (p < end) {
        uint64_t skip, h, used;
        const char *rec = p;
        if (pol__get_varint(&p, end, &skip) < 0 || pol__get_varint(&p, end, &h) < 0 ||
            skip > tlen - t)
            goto bad;
        /* a mark at the start of a run (never before the further units of
         * a character, which take that character's bytes) */
        if (mk && n >= next && !(h & 1) && nmk < npos / MARK_EVERY) {
            mk[nmk++] = (pol_unitmark){ (uint32_t)(rec - map), (uint32_t)t, (uint32_t)n };
            next = n + MARK_EVERY;
        }
        t += (size_t)skip;
        if (h & 1) {
            if (n == npos || (h >> 1) > 0x10FFFF || pol__get_varint(&p, end, &used) < 0 ||
                used > tlen - t)
                goto bad;
            v[n++] = (uint32_t)(h >> 1);
            t += (size_t)used;
            continue;
        }
        if (h == 0 || (h >> 1) > npos - n)
            goto bad;
        const unsigned char *x = (const unsigned char *)text;
        uint64_t k = h >> 1;
        /* a run of three-byte characters (CJK), while the text has the bytes
         * for the whole run: one bound check for it */
        if (tlen - t >= 3 * k) {
            const unsigned char *s = x + t;
            uint32_t *o = v + n;
            while (k > 0 && (s[0] & 0xF0) == 0xE0) {
                *o++ = cp3(s);
                s += 3;
                k--;
            }
            n = (size_t)(o - v);
            t = (size_t)(s - x);
        }
        for (; k > 0; k--) {
            size_t len = t < tlen ? char_at(text, tlen, t, &v[n]) : 0;
            if (!len)
                goto bad;
            n++;
            t += len;
        }
    }
    if (n != npos)
        goto bad;
    *out = v;
    *nout = n;
    if (marks) {
        *marks = mk;
        *nmarks = nmk;
    }
    return POL_OK;
bad:
    free(v);
    free(mk);
    return POL_ECORRUPT;
}

pol_status pol__unitmap_spans(const pol_unitwalk *w, const char *text, size_t tlen, size_t p0,
                              size_t p1, pol_unitspan_cb cb, void *ctx)
{
    const char *map = w->map, *p = map, *end = map + w->map_len;
    size_t t = 0, n = 0;        /* text bytes and positions passed */
    size_t ls = 0, le = 0;      /* the last unit's bytes */
    uint64_t npos;
    if (!map || pol__get_varint(&p, end, &npos) < 0 || npos > tlen + w->map_len)
        return POL_ECORRUPT;
    if (p0 < 1)
        p0 = 1;
    /* from the last mark before p0 */
    size_t lo = 0, hi = w->nmarks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (w->marks[mid].n < p0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo > 0) {
        const pol_unitmark *m = &w->marks[lo - 1];
        if (m->moff >= w->map_len || m->t > tlen || m->n > npos)
            return POL_ECORRUPT;
        p = map + m->moff;
        t = m->t;
        n = m->n;
    }
    while (p < end && n + 1 < p1) {
        uint64_t skip, h, used;
        if (pol__get_varint(&p, end, &skip) < 0 || pol__get_varint(&p, end, &h) < 0 ||
            skip > tlen - t)
            return POL_ECORRUPT;
        t += (size_t)skip;
        if (h & 1) {
            if (n == npos || (h >> 1) > 0x10FFFF || pol__get_varint(&p, end, &used) < 0 ||
                used > tlen - t)
                return POL_ECORRUPT;
            /* no bytes: a further unit of the character before */
            if (used) {
                ls = t;
                le = t + (size_t)used;
            }
            t += (size_t)used;
            if (++n >= p0 && cb(ctx, (uint32_t)(h >> 1), ls, le))
                return POL_OK;
            continue;
        }
        if (h == 0 || (h >> 1) > npos - n)
            return POL_ECORRUPT;
        uint64_t k = h >> 1;
        /* the run's characters before p0 are passed over: three-byte ones
         * (CJK) by their lead bytes */
        uint64_t pass = n + 1 < p0 ? (p0 - 1 - n < k ? p0 - 1 - n : k) : 0;
        const unsigned char *x = (const unsigned char *)text;
        if (pass && tlen - t >= 3 * pass) {
            size_t t0 = t;
            while (pass > 0 && (x[t] & 0xF0) == 0xE0) {
                t += 3;
                pass--;
            }
            if (t > t0) {
                ls = t - 3;
                le = t;
            }
            n += (t - t0) / 3;
            k -= (t - t0) / 3;
        }
        for (; k > 0 && n + 1 < p1; k--) {
            uint32_t c;
            size_t len = t < tlen ? char_at(text, tlen, t, &c) : 0;
            if (!len)
                return POL_ECORRUPT;
            ls = t;
            le = t += len;
            if (++n >= p0 && cb(ctx, c, ls, le))
                return POL_OK;
        }
    }
    return POL_OK;
}

int pol__unit_verbatim(uint32_t cp)
{
    /* normalize.c leaves unified ideographs to Traditional->Simplified alone */
    return ((cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF)) && pol__t2s(cp) == cp;
}

long pol__unit_cp(const char *u, size_t len)
{
    int32_t i = 0;
    UChar32 c;
    if (len == 0 || len > 4)
        return -1;
    U8_NEXT(u, i, (int32_t)len, c);
    return c < 0 || (size_t)i != len ? -1 : (long)c;
}
