/* util.h — small internal helpers shared by libpolsearch's files: a growable
 * byte buffer and string helpers. Not: anything about text analysis. */
#ifndef POL_UTIL_H
#define POL_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include "polsearch/status.h"

typedef struct pol_buf {
    char *data;
    size_t len, cap;
    int oom;           /* sticky: set once an append failed; later appends are no-ops */
} pol_buf;

#define POL_BUF_INIT { NULL, 0, 0, 0 }

int pol__buf_reserve(pol_buf *b, size_t extra);
/* Inline: called for every character unit of shown text. */
static inline void pol__buf_add(pol_buf *b, const void *p, size_t n)
{
    if ((b->oom || b->len + n + 1 > b->cap) && pol__buf_reserve(b, n) < 0)
        return;
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = '\0';
}
void pol__buf_addstr(pol_buf *b, const char *s);
void pol__buf_addc(pol_buf *b, char c);
void pol__buf_printf(pol_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* Appends n as a varint (7 bits a byte, high bit = more). */
void pol__buf_add_varint(pol_buf *b, uint64_t n);
/* Appends varint length + bytes. */
void pol__buf_add_lenstr(pol_buf *b, const char *s, size_t n);
/* NUL-terminates (not counted in len) and hands out the data; b is reset. */
char *pol__buf_detach(pol_buf *b, size_t *len);
void pol__buf_free(pol_buf *b);

/* Reads a varint at *p (< end); returns 0 and advances *p, or -1 if truncated.
 * Inline for the one-byte varints most are (section tables); longer ones in
 * pol__get_varint_long. */
int pol__get_varint_long(const char **p, const char *end, uint64_t *out);
static inline int pol__get_varint(const char **p, const char *end, uint64_t *out)
{
    if (*p < end && !((unsigned char)**p & 0x80)) {
        *out = (unsigned char)*(*p)++;
        return 0;
    }
    return pol__get_varint_long(p, end, out);
}
int pol__get_lenstr(const char **p, const char *end, const char **s, size_t *n);

char *pol__strdup(const char *s);
char *pol__strndup(const char *s, size_t n);
/* Length of the UTF-8 sequence starting with byte c (1 for invalid lead
 * bytes); inline: passages call it for every character they count. */
static inline size_t pol__utf8_len(unsigned char c)
{
    if (c < 0x80) return 1;
    if (c >= 0xf0 && c < 0xf8) return 4;
    if (c >= 0xe0) return c < 0xf0 ? 3 : 1;
    if (c >= 0xc2) return 2;
    return 1;
}
/* Largest n' <= n such that s[0..n') ends on a UTF-8 character boundary. */
size_t pol__utf8_floor(const char *s, size_t n);
/* Room for one more element in the array v of *cap elements of elem bytes,
 * n of them used: v itself, or when full v moved to twice the room (*cap
 * updated). NULL when out of memory (v is then unchanged). */
void *pol__grow(void *v, size_t *cap, size_t n, size_t elem);
/* 1 when p is in the ascending array v[0..n). */
int pol__sorted_has(const unsigned *v, size_t n, unsigned p);
/* A growable list of malloc'd strings. */
typedef struct pol_strlist {
    char **v;
    size_t n, cap;
    int oom;           /* sticky: set once an append failed */
} pol_strlist;
#define POL_STRLIST_INIT { NULL, 0, 0, 0 }
/* Appends a copy of s[0..len); shaped as a term/key callback (ctx is the
 * list, the last argument is ignored); returns 1 (stop) when out of memory. */
int pol__strlist_collect(void *ctx, const char *s, size_t len, unsigned ignored);
void pol__strlist_free(pol_strlist *l);

/* 64-bit FNV-1a hash. */
uint64_t pol__hash64(const void *p, size_t n, uint64_t seed);

struct timespec;
/* Seconds from *t0 (CLOCK_MONOTONIC) to now. */
double pol__seconds_since(const struct timespec *t0);

#endif
