/* docdata.c — the document data: metadata strings, the section table and
 * the zlib-compressed text used for snippets (layout in docs/schema.md).
 * Not: terms or values (index.c), nor decoding of source files. */
#include "schema.h"
#include "unitmap.h"
#include "units.h"

#include <libdeflate.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

/* Format 3 compresses the metadata strings too: the data is then all deflate
 * output but for a few varints, which Xapian's own compression of the
 * document data cannot shrink, so Xapian stores it as it is and reading a
 * hit's data copies it instead of inflating it (format 2, whose plain
 * strings let Xapian gain about 2.5%, cost every read an inflate of the
 * whole data). Format 3 came with schema 5; older indexes are refused before
 * their data is read. */
#define SECDATA_FORMAT 4

/* Compressing and decompressing whole buffers (the metadata, the section
 * table, the text) is libdeflate's: on the law corpus's texts its zlib format
 * at level 4 takes a third less CPU than zlib's level 4 and is 1% smaller,
 * and it decompresses about 2.5 times as fast (bench/RESULTS.md). The data
 * is the same zlib format as before: indexes written by zlib read the same.
 * zlib stays for inflating a prefix of a long text (pol__secdata_text_prefix),
 * which libdeflate cannot stop short of the end. libdeflate's compressors and
 * decompressors serve one thread at a time: one of each per thread. */
#define DEFLATE_LEVEL 4

static pthread_key_t compressor_key, decompressor_key;
static pthread_once_t libdeflate_once = PTHREAD_ONCE_INIT;

static void free_compressor(void *p) { libdeflate_free_compressor(p); }
static void free_decompressor(void *p) { libdeflate_free_decompressor(p); }

static void make_libdeflate_keys(void)
{
    pthread_key_create(&compressor_key, free_compressor);
    pthread_key_create(&decompressor_key, free_decompressor);
}

static struct libdeflate_compressor *thread_compressor(void)
{
    pthread_once(&libdeflate_once, make_libdeflate_keys);
    struct libdeflate_compressor *c = pthread_getspecific(compressor_key);
    if (!c && (c = libdeflate_alloc_compressor(DEFLATE_LEVEL)) && pthread_setspecific(compressor_key, c) != 0) {
        libdeflate_free_compressor(c);
        c = NULL;
    }
    return c;
}

static struct libdeflate_decompressor *thread_decompressor(void)
{
    pthread_once(&libdeflate_once, make_libdeflate_keys);
    struct libdeflate_decompressor *d = pthread_getspecific(decompressor_key);
    if (!d && (d = libdeflate_alloc_decompressor()) && pthread_setspecific(decompressor_key, d) != 0) {
        libdeflate_free_decompressor(d);
        d = NULL;
    }
    return d;
}

void pol__docdata_release_thread(void)
{
    pthread_once(&libdeflate_once, make_libdeflate_keys);
    struct libdeflate_compressor *c = pthread_getspecific(compressor_key);
    struct libdeflate_decompressor *d = pthread_getspecific(decompressor_key);
    if (c) {
        pthread_setspecific(compressor_key, NULL);
        libdeflate_free_compressor(c);
    }
    if (d) {
        pthread_setspecific(decompressor_key, NULL);
        libdeflate_free_decompressor(d);
    }
}

/* Appends the zlib-compressed bytes of src to b. */
static pol_status deflate_into(pol_buf *b, const char *src, size_t n)
{
    struct libdeflate_compressor *c = thread_compressor();
    if (!c)
        return POL_ENOMEM;
    size_t bound = libdeflate_zlib_compress_bound(c, n);
    if (pol__buf_reserve(b, bound) < 0)
        return POL_ENOMEM;
    size_t zlen = libdeflate_zlib_compress(c, src, n, b->data + b->len, bound);
    if (zlen == 0)
        return POL_EINTERNAL; /* cannot happen: the bound is libdeflate's own */
    b->len += zlen;
    return POL_OK;
}

pol_status pol__secdata_encode(const pol_secdata *d, const char *text, size_t text_len,
                               const char *table, size_t table_len, const char *map, size_t map_len,
                               char **out, size_t *out_len)
{
    pol_buf b = POL_BUF_INIT, zt = POL_BUF_INIT, meta = POL_BUF_INIT, zm = POL_BUF_INIT,
            zu = POL_BUF_INIT;
    pol_status st = deflate_into(&zt, table, table_len);
    if (st >= 0)
        st = deflate_into(&zu, map, map_len);
    pol__buf_add_lenstr(&meta, d->path, d->path_len);
    pol__buf_add_lenstr(&meta, d->key, d->key_len);
    pol__buf_add_lenstr(&meta, d->title, d->title_len);
    pol__buf_add_lenstr(&meta, d->issuer, d->issuer_len);
    pol__buf_add_lenstr(&meta, d->date, d->date_len);
    pol__buf_add_lenstr(&meta, d->doc_number, d->doc_number_len);
    pol__buf_add_lenstr(&meta, d->type, d->type_len);
    pol__buf_add_lenstr(&meta, d->region, d->region_len);
    pol__buf_add_lenstr(&meta, d->source, d->source_len);
    pol__buf_add_lenstr(&meta, d->url, d->url_len);
    if (st >= 0 && meta.oom)
        st = POL_ENOMEM;
    if (st >= 0)
        st = deflate_into(&zm, meta.data, meta.len);
    pol__buf_addc(&b, SECDATA_FORMAT);
    pol__buf_add_varint(&b, meta.len);
    pol__buf_add_lenstr(&b, zm.data, zm.len);
    pol__buf_free(&meta);
    pol__buf_free(&zm);
    pol__buf_add_varint(&b, table_len);
    pol__buf_add_lenstr(&b, zt.data, zt.len);
    pol__buf_add_varint(&b, map_len);
    pol__buf_add_lenstr(&b, zu.data, zu.len);
    pol__buf_free(&zu);
    pol__buf_add_varint(&b, text_len);
    /* Length of the compressed text is implied: it runs to the end. */
    if (st >= 0)
        st = deflate_into(&b, text, text_len);
    pol__buf_free(&zt);
    if (st >= 0 && b.oom)
        st = POL_ENOMEM;
    if (st < 0) {
        pol__buf_free(&b);
        return st;
    }
    *out = pol__buf_detach(&b, out_len);
    return *out ? POL_OK : POL_ENOMEM;
}

static pol_status inflate_to(const char *z, size_t zlen, unsigned long long n, char **out);

/* The ten metadata strings from *p (the inflated metadata block). */
static int get_strings(pol_secdata *d, const char **p, const char *end)
{
#define GETS(f) if (pol__get_lenstr(p, end, &d->f, &d->f##_len) < 0) return -1
    GETS(path); GETS(key); GETS(title); GETS(issuer); GETS(date);
    GETS(doc_number); GETS(type); GETS(region); GETS(source); GETS(url);
#undef GETS
    return 0;
}

void pol__secdata_release(pol_secdata *d)
{
    free(d->meta);
    d->meta = NULL;
}

/* Decodes data into d; the metadata strings only when `strings` (the
 * positions of a document need none of them). */
static pol_status decode(pol_secdata *d, const char *data, size_t len, int strings)
{
    const char *p = data, *end = data + len;
    uint64_t v;
    memset(d, 0, sizeof *d);
    if (len < 1 || *p++ != SECDATA_FORMAT)
        return POL_ECORRUPT;
    const char *zm, *mp;
    size_t zml;
    pol_status st;
    /* a deflate stream holds at most 1032 bytes a byte */
    if (pol__get_varint(&p, end, &v) < 0 || pol__get_lenstr(&p, end, &zm, &zml) < 0 ||
        v > 1032 * (uint64_t)zml + 64)
        return POL_ECORRUPT;
    if (strings) {
        if ((st = inflate_to(zm, zml, v, &d->meta)) < 0)
            return st;
        mp = d->meta;
        if (get_strings(d, &mp, d->meta + v) < 0 || mp != d->meta + v)
            goto bad;
    }
    if (pol__get_varint(&p, end, &v) < 0)
        goto bad;
    d->table_len = v;
    if (pol__get_lenstr(&p, end, &d->ztable, &d->ztable_len) < 0 || pol__get_varint(&p, end, &v) < 0)
        goto bad;
    d->map_len = v;
    if (pol__get_lenstr(&p, end, &d->zmap, &d->zmap_len) < 0 || pol__get_varint(&p, end, &v) < 0)
        goto bad;
    d->text_len = v;
    d->ztext = p;
    d->ztext_len = (size_t)(end - p);
    /* lengths the compressed bytes cannot hold are damage, found before
     * anything of that size is allocated */
    if (d->table_len > 1032 * (uint64_t)d->ztable_len + 64 || d->text_len > 1032 * (uint64_t)d->ztext_len + 64 ||
        d->map_len > 1032 * (uint64_t)d->zmap_len + 64)
        goto bad;
    return POL_OK;
bad:
    pol__secdata_release(d);
    return POL_ECORRUPT;
}

pol_status pol__secdata_decode(pol_secdata *d, const char *data, size_t len)
{
    return decode(d, data, len, 1);
}

/* The n bytes of the zlib data z, NUL-terminated: damaged data, or data of
 * another length than n, is POL_ECORRUPT. */
static pol_status inflate_to(const char *z, size_t zlen, unsigned long long n, char **out)
{
    if (n > (1ULL << 32))
        return POL_ECORRUPT;
    char *t = malloc((size_t)n + 1);
    if (!t)
        return POL_ENOMEM;
    if (n > 0) {
        struct libdeflate_decompressor *d = thread_decompressor();
        size_t got = 0;
        enum libdeflate_result rc =
            d ? libdeflate_zlib_decompress(d, z, zlen, t, (size_t)n, &got) : LIBDEFLATE_BAD_DATA;
        if (!d || rc != LIBDEFLATE_SUCCESS || got != n) {
            free(t);
            return !d ? POL_ENOMEM : POL_ECORRUPT;
        }
    }
    t[n] = '\0';
    *out = t;
    return POL_OK;
}

pol_status pol__secdata_text_prefix(const pol_secdata *d, size_t upto, char **out, size_t *out_len)
{
    /* libdeflate decompresses the whole text about 2.5 times as fast as
     * zlib inflates a prefix: unless the prefix is under half the text,
     * the whole text is cheaper */
    if (upto >= d->text_len / 2)
        return pol__secdata_text(d, out, out_len);
    char *t = malloc(upto + 1);
    if (!t)
        return POL_ENOMEM;
    /* The zlib header is checked here and the deflate data inflated raw: the
     * Adler-32 of the text, at its end, is never reached for a prefix, and
     * a raw stream does not compute it (a sixth of the inflating). */
    const unsigned char *zh = (const unsigned char *)d->ztext;
    if (d->ztext_len < 2 || (zh[0] & 0x0f) != Z_DEFLATED || (zh[0] >> 4) > 7 || (zh[1] & 0x20) ||
        ((unsigned)zh[0] << 8 | zh[1]) % 31 != 0) {
        free(t);
        return POL_ECORRUPT;
    }
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK) {
        free(t);
        return POL_ENOMEM;
    }
    z.next_in = (Bytef *)(uintptr_t)(d->ztext + 2);
    z.avail_in = (uInt)(d->ztext_len - 2);
    z.next_out = (Bytef *)t;
    z.avail_out = (uInt)upto;
    int rc = upto ? inflate(&z, Z_SYNC_FLUSH) : Z_OK;
    size_t got = upto - z.avail_out;
    inflateEnd(&z);
    if ((rc != Z_OK && rc != Z_STREAM_END) || got != upto) {
        free(t);
        return rc == Z_MEM_ERROR ? POL_ENOMEM : POL_ECORRUPT;
    }
    t[got] = '\0';
    *out = t;
    *out_len = got;
    return POL_OK;
}

pol_status pol__secdata_units(const pol_secdata *d, const char *text, uint32_t **out, size_t *n,
                              pol_unitwalk *walk)
{
    char *own = NULL, *map = NULL;
    pol_status st = POL_OK;
    if (walk)
        memset(walk, 0, sizeof *walk);
    if (!text && (st = pol__secdata_text(d, &own, NULL)) < 0)
        return st;
    if ((st = inflate_to(d->zmap, d->zmap_len, d->map_len, &map)) >= 0)
        st = pol__unitmap_decode(map, (size_t)d->map_len, text ? text : own, (size_t)d->text_len, out, n,
                                 walk ? &walk->marks : NULL, walk ? &walk->nmarks : NULL);
    if (st >= 0 && walk) {
        walk->map = map;
        walk->map_len = (size_t)d->map_len;
        map = NULL;
    }
    free(map);
    free(own);
    return st;
}

pol_status pol__data_text(const char *data, size_t len, char **text, size_t *text_len)
{
    pol_secdata d;
    pol_status st = decode(&d, data, len, 0);
    *text = NULL;
    return st < 0 ? st : pol__secdata_text(&d, text, text_len);
}

pol_status pol__data_units_of_text(const char *data, size_t len, const char *text, uint32_t **out,
                                   size_t *n, pol_unitwalk *walk)
{
    pol_secdata d;
    pol_status st = decode(&d, data, len, 0);
    return st < 0 ? st : pol__secdata_units(&d, text, out, n, walk);
}

pol_status pol__data_units(const char *data, size_t len, uint32_t **out, size_t *n, char **text,
                           size_t *text_len, pol_unitwalk *walk)
{
    pol_secdata d;
    pol_status st = decode(&d, data, len, 0);
    *text = NULL;
    if (st < 0 || (st = pol__secdata_text(&d, text, text_len)) < 0)
        return st;
    if ((st = pol__secdata_units(&d, *text, out, n, walk)) < 0) {
        free(*text);
        *text = NULL;
    }
    return st;
}

const char *pol__secinfo_heading(const pol_secinfo *s, const char *text)
{
    if (!s->heading_len)
        return NULL;
    return s->heading ? s->heading : text + s->heading_off;
}

pol_status pol__secdata_text(const pol_secdata *d, char **out, size_t *out_len)
{
    pol_status st = inflate_to(d->ztext, d->ztext_len, d->text_len, out);
    if (st >= 0 && out_len)
        *out_len = (size_t)d->text_len;
    return st;
}

/* Section table: varint count, varint last position, then per section in
 * text order: start (delta from the previous start), length, first position
 * (delta from the previous one), parent index + 1 (0: none), heading: 0 for
 * none; 2 + its offset from the section's start, then its length, when it
 * is a part of the section's first line (most are); else 1 and the heading. */
void pol__sectable_begin(pol_buf *t, size_t nsections, unsigned npos)
{
    pol__buf_add_varint(t, nsections);
    pol__buf_add_varint(t, npos);
}

void pol__sectable_add(pol_buf *t, const char *text, const pol_secinfo *s, size_t *prev_start,
                       unsigned *prev_pos)
{
    pol__buf_add_varint(t, s->start - *prev_start);
    pol__buf_add_varint(t, s->end - s->start);
    pol__buf_add_varint(t, s->pos0 - *prev_pos);
    pol__buf_add_varint(t, s->parent == (size_t)-1 ? 0 : s->parent + 1);
    *prev_start = s->start;
    *prev_pos = s->pos0;
    if (!s->heading || !s->heading_len) {
        pol__buf_add_varint(t, 0);
        return;
    }
    const char *sec = text + s->start, *nl = memchr(sec, '\n', s->end - s->start);
    size_t line = nl ? (size_t)(nl - sec) : s->end - s->start;
    for (size_t off = 0; off + s->heading_len <= line && off < 16; off++)
        if (memcmp(sec + off, s->heading, s->heading_len) == 0) {
            pol__buf_add_varint(t, 2 + off);
            pol__buf_add_varint(t, s->heading_len);
            return;
        }
    pol__buf_add_varint(t, 1);
    pol__buf_add_lenstr(t, s->heading, s->heading_len);
}

pol_status pol__secdata_sections(const pol_secdata *d, char **buf, pol_secinfo **out, size_t *n)
{
    char *t = NULL;
    uint64_t count = 0, npos = 0, v;
    *buf = NULL;
    *out = NULL;
    *n = 0;
    pol_status st = inflate_to(d->ztable, d->ztable_len, d->table_len, &t);
    if (st < 0)
        return st;
    const char *p = t, *end = t + d->table_len;
    if (d->table_len && (pol__get_varint(&p, end, &count) < 0 || pol__get_varint(&p, end, &npos) < 0 ||
                         count > d->table_len)) {
        free(t);
        return POL_ECORRUPT;
    }
    pol_secinfo *s = calloc(count ? count : 1, sizeof *s);
    if (!s) {
        free(t);
        return POL_ENOMEM;
    }
    int listed = count > 0; /* else one section covers the text (docs/schema.md) */
    if (count == 0) {
        s[0].end = (size_t)d->text_len;
        s[0].pos0 = 1;
        s[0].pos1 = (unsigned)npos + 1;
        s[0].parent = (size_t)-1;
        count = 1;
    }
    uint64_t start = 0, pos = 0;
    for (size_t i = 0; i < count && listed; i++) {
        uint64_t len, parent;
        if (pol__get_varint(&p, end, &v) < 0 || pol__get_varint(&p, end, &len) < 0) goto bad;
        start += v;
        if (start + len > d->text_len) goto bad;
        s[i].start = (size_t)start;
        s[i].end = (size_t)(start + len);
        if (pol__get_varint(&p, end, &v) < 0) goto bad;
        pos += v;
        s[i].pos0 = (unsigned)pos;
        if (pol__get_varint(&p, end, &parent) < 0 || parent > i) goto bad;
        s[i].parent = parent ? (size_t)parent - 1 : (size_t)-1;
        if (pol__get_varint(&p, end, &v) < 0) goto bad;
        if (v == 1) {
            if (pol__get_lenstr(&p, end, &s[i].heading, &s[i].heading_len) < 0) goto bad;
        } else if (v >= 2) {
            if (pol__get_varint(&p, end, &len) < 0 || v - 2 + len > s[i].end - s[i].start) goto bad;
            s[i].heading_off = s[i].start + (size_t)(v - 2);
            s[i].heading_len = (size_t)len;
        }
        if (v != 1 || !s[i].heading_len)
            s[i].heading = NULL;
        if (i > 0)
            s[i - 1].pos1 = s[i].pos0;
    }
    if (d->table_len)
        s[count - 1].pos1 = (unsigned)npos + 1;
    *buf = t;
    *out = s;
    *n = (size_t)count;
    return POL_OK;
bad:
    free(t);
    free(s);
    return POL_ECORRUPT;
}

void pol__filestate_encode(const pol_filestate *f, pol_buf *out)
{
    pol__buf_printf(out, "%llu %llu %016llx %llu", f->size, f->mtime_ns, f->hash, f->ndocs);
}

int pol__filestate_decode(pol_filestate *f, const char *s, size_t len)
{
    char tmp[128];
    if (len >= sizeof tmp)
        len = sizeof tmp - 1; /* the numbers come first; a path may follow */
    memcpy(tmp, s, len);
    tmp[len] = '\0';
    return sscanf(tmp, "%llu %llu %llx %llu", &f->size, &f->mtime_ns, &f->hash, &f->ndocs) == 4 ? 0 : -1;
}

void pol__ident(pol_buf *out, const char *prefix, const char *s, size_t len)
{
    size_t pl = strlen(prefix);
    pol__buf_addstr(out, prefix);
    if (pl + len <= POL_IDENT_MAX) {
        pol__buf_add(out, s, len);
        return;
    }
    size_t keep = pol__utf8_floor(s, POL_IDENT_MAX - pl - 17);
    pol__buf_add(out, s, keep);
    pol__buf_printf(out, "\x1f%016llx", (unsigned long long)pol__hash64(s, len, 0));
}
