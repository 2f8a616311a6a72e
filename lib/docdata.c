/* docdata.c — the per-section document data: metadata strings and the
 * zlib-compressed section text used for snippets (layout in docs/schema.md).
 * Not: terms or values (index.c), nor decoding of source files. */
#include "schema.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SECDATA_FORMAT 1

/* One deflate stream per thread, reset between texts: setting one up for each
 * of a corpus's many small sections (compress2) costs more than compressing. */
static pthread_key_t deflater_key;
static pthread_once_t deflater_once = PTHREAD_ONCE_INIT;

static void free_deflater(void *p)
{
    deflateEnd(p);
    free(p);
}

static void make_deflater_key(void) { pthread_key_create(&deflater_key, free_deflater); }

static z_stream *thread_deflater(void)
{
    pthread_once(&deflater_once, make_deflater_key);
    z_stream *z = pthread_getspecific(deflater_key);
    if (z)
        return z;
    if (!(z = calloc(1, sizeof *z)))
        return NULL;
    if (deflateInit(z, 6) != Z_OK) {
        free(z);
        return NULL;
    }
    pthread_setspecific(deflater_key, z);
    return z;
}

pol_status pol__secdata_encode(const pol_secdata *d, const char *text, size_t text_len,
                               char **out, size_t *out_len)
{
    pol_buf b = POL_BUF_INIT;
    pol__buf_addc(&b, SECDATA_FORMAT);
    pol__buf_add_lenstr(&b, d->path, d->path_len);
    pol__buf_add_lenstr(&b, d->key, d->key_len);
    pol__buf_add_lenstr(&b, d->title, d->title_len);
    pol__buf_add_lenstr(&b, d->heading_path, d->heading_path_len);
    pol__buf_add_lenstr(&b, d->issuer, d->issuer_len);
    pol__buf_add_lenstr(&b, d->date, d->date_len);
    pol__buf_add_lenstr(&b, d->doc_number, d->doc_number_len);
    pol__buf_add_lenstr(&b, d->type, d->type_len);
    pol__buf_add_lenstr(&b, d->region, d->region_len);
    pol__buf_add_lenstr(&b, d->source, d->source_len);
    pol__buf_add_lenstr(&b, d->url, d->url_len);
    pol__buf_add_varint(&b, d->start);
    pol__buf_add_varint(&b, d->end);
    pol__buf_add_varint(&b, d->section);
    pol__buf_add_varint(&b, text_len);
    uLongf zlen = compressBound((uLong)text_len);
    if (pol__buf_reserve(&b, zlen + 10) < 0) {
        pol__buf_free(&b);
        return POL_ENOMEM;
    }
    /* Length of the compressed text is implied: it runs to the end. */
    z_stream *z = thread_deflater();
    if (!z) {
        pol__buf_free(&b);
        return POL_ENOMEM;
    }
    z->next_in = (Bytef *)(uintptr_t)text;
    z->avail_in = (uInt)text_len;
    z->next_out = (Bytef *)b.data + b.len;
    z->avail_out = (uInt)zlen;
    int zr = deflate(z, Z_FINISH);
    zlen = z->total_out;
    deflateReset(z);
    if (zr != Z_STREAM_END) {
        pol__buf_free(&b);
        return POL_ENOMEM;
    }
    b.len += zlen;
    *out = pol__buf_detach(&b, out_len);
    return *out ? POL_OK : POL_ENOMEM;
}

pol_status pol__secdata_decode(pol_secdata *d, const char *data, size_t len)
{
    const char *p = data, *end = data + len;
    uint64_t v;
    memset(d, 0, sizeof *d);
    if (len < 1 || *p != SECDATA_FORMAT)
        return POL_ECORRUPT;
    p++;
#define GETS(f) if (pol__get_lenstr(&p, end, &d->f, &d->f##_len) < 0) return POL_ECORRUPT
    GETS(path); GETS(key); GETS(title); GETS(heading_path); GETS(issuer); GETS(date);
    GETS(doc_number); GETS(type); GETS(region); GETS(source); GETS(url);
#undef GETS
    if (pol__get_varint(&p, end, &v) < 0) return POL_ECORRUPT;
    d->start = v;
    if (pol__get_varint(&p, end, &v) < 0) return POL_ECORRUPT;
    d->end = v;
    if (pol__get_varint(&p, end, &v) < 0) return POL_ECORRUPT;
    d->section = (unsigned)v;
    if (pol__get_varint(&p, end, &v) < 0) return POL_ECORRUPT;
    d->text_len = v;
    d->ztext = p;
    d->ztext_len = (size_t)(end - p);
    return POL_OK;
}

pol_status pol__secdata_text(const pol_secdata *d, char **out, size_t *out_len)
{
    if (d->text_len > (1ULL << 32))
        return POL_ECORRUPT;
    uLongf n = (uLongf)d->text_len;
    char *t = malloc(n + 1);
    if (!t)
        return POL_ENOMEM;
    if (n > 0) {
        int rc = uncompress((Bytef *)t, &n, (const Bytef *)d->ztext, (uLong)d->ztext_len);
        if (rc != Z_OK || n != d->text_len) {
            free(t);
            return rc == Z_MEM_ERROR ? POL_ENOMEM : POL_ECORRUPT;
        }
    }
    t[n] = '\0';
    *out = t;
    if (out_len)
        *out_len = n;
    return POL_OK;
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
