/* util.c — growable buffers, varints and string helpers (see util.h). */
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

double pol__seconds_since(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

int pol__buf_reserve(pol_buf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

void pol__buf_addstr(pol_buf *b, const char *s) { pol__buf_add(b, s, strlen(s)); }
void pol__buf_addc(pol_buf *b, char c) { pol__buf_add(b, &c, 1); }

void pol__buf_printf(pol_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || pol__buf_reserve(b, (size_t)n) < 0)
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void pol__buf_add_varint(pol_buf *b, uint64_t n)
{
    unsigned char tmp[10];
    size_t k = 0;
    do {
        unsigned char c = n & 0x7f;
        n >>= 7;
        tmp[k++] = c | (n ? 0x80 : 0);
    } while (n);
    pol__buf_add(b, tmp, k);
}

void pol__buf_add_lenstr(pol_buf *b, const char *s, size_t n)
{
    pol__buf_add_varint(b, n);
    pol__buf_add(b, s, n);
}

char *pol__buf_detach(pol_buf *b, size_t *len)
{
    if (b->oom) {
        pol__buf_free(b);
        return NULL;
    }
    if (!b->data) {
        if (pol__buf_reserve(b, 0) < 0)
            return NULL;
        b->data[0] = '\0'; /* an empty buffer detaches as "" */
    }
    char *d = b->data;
    if (len)
        *len = b->len;
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}

void pol__buf_free(pol_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

int pol__get_varint_long(const char **p, const char *end, uint64_t *out)
{
    uint64_t v = 0;
    unsigned shift = 0;
    const unsigned char *q = (const unsigned char *)*p;
    while ((const char *)q < end && shift < 64) {
        unsigned char c = *q++;
        v |= (uint64_t)(c & 0x7f) << shift;
        if (!(c & 0x80)) {
            *p = (const char *)q;
            *out = v;
            return 0;
        }
        shift += 7;
    }
    return -1;
}

int pol__get_lenstr(const char **p, const char *end, const char **s, size_t *n)
{
    uint64_t len;
    if (pol__get_varint(p, end, &len) < 0 || len > (uint64_t)(end - *p))
        return -1;
    *s = *p;
    *n = (size_t)len;
    *p += len;
    return 0;
}

char *pol__strdup(const char *s) { return s ? pol__strndup(s, strlen(s)) : NULL; }

char *pol__strndup(const char *s, size_t n)
{
    char *d = malloc(n + 1);
    if (!d)
        return NULL;
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

size_t pol__utf8_floor(const char *s, size_t n)
{
    size_t i = n;
    while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xc0) == 0x80)
        i--;
    if (i == 0)
        return 0;
    /* s[i-1] is a lead byte (or ASCII): keep its character only if whole. */
    if (i - 1 + pol__utf8_len((unsigned char)s[i - 1]) <= n)
        return n;
    return i - 1;
}

int pol__sorted_has(const unsigned *v, size_t n, unsigned p)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] == p)
            return 1;
        if (v[mid] < p)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

uint64_t pol__hash64(const void *p, size_t n, uint64_t seed)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

void *pol__grow(void *v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return v;
    size_t c = *cap ? *cap * 2 : 16;
    void *nv = realloc(v, c * elem);
    if (nv)
        *cap = c;
    return nv;
}

int pol__strlist_collect(void *ctx, const char *s, size_t len, unsigned ignored)
{
    pol_strlist *l = ctx;
    (void)ignored;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        char **nv = realloc(l->v, cap * sizeof *nv);
        if (!nv) {
            l->oom = 1;
            return 1;
        }
        l->v = nv;
        l->cap = cap;
    }
    if (!(l->v[l->n] = pol__strndup(s, len))) {
        l->oom = 1;
        return 1;
    }
    l->n++;
    return 0;
}

void pol__strlist_free(pol_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
