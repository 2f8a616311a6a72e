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

pol_status pol__unitmap_decode(const char *map, size_t mlen, const char *text, size_t tlen,
                               uint32_t **out, size_t *nout)
{
    const char *p = map, *end = map + mlen;
    size_t t = 0, n = 0;
    uint64_t npos;
    /* every unit takes a byte of the text or of the map */
    if (pol__get_varint(&p, end, &npos) < 0 || npos > tlen + mlen)
        return POL_ECORRUPT;
    uint32_t *v = malloc((npos ? npos : 1) * sizeof *v);
    if (!v)
        return POL_ENOMEM;
    while (p < end) {
        uint64_t skip, h, used;
        if (pol__get_varint(&p, end, &skip) < 0 || pol__get_varint(&p, end, &h) < 0 ||
            skip > tlen - t)
            goto bad;
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
            if (t >= tlen)
                goto bad;
            /* ASCII and three-byte characters (CJK) inline, the rest
             * through ICU. The text's continuation bytes are not checked
             * here: the text was valid UTF-8 when indexed and is kept
             * under the zlib checksum, so that damage to it is found when
             * it is inflated; what matters here is reading inside it. */
            unsigned b0 = x[t];
            if (b0 < 0x80) {
                v[n++] = b0;
                t++;
                continue;
            }
            if ((b0 & 0xF0) == 0xE0 && tlen - t >= 3) {
                v[n++] = cp3(x + t);
                t += 3;
                continue;
            }
            int32_t i = (int32_t)t;
            UChar32 c;
            U8_NEXT(text, i, (int32_t)tlen, c);
            if (c < 0)
                goto bad;
            v[n++] = (uint32_t)c;
            t = (size_t)i;
        }
    }
    if (n != npos)
        goto bad;
    *out = v;
    *nout = n;
    return POL_OK;
bad:
    free(v);
    return POL_ECORRUPT;
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
