/* glossary.c — the English->Chinese glossary and the Chinese variant groups:
 * parses the embedded data files once (data/glossary.tsv,
 * data/zh_variants.tsv), folds English words for lookup and finds entries.
 * Not: turning entries into query alternatives (query.c). */
#include "glossary.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* tools/embed.c output (glossary_data.c in the build tree) */
extern const char pol__glossary_tsv[];
extern const unsigned long pol__glossary_tsv_len;
extern const char pol__variants_tsv[];
extern const unsigned long pol__variants_tsv_len;

static int is_word_byte(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '\'';
}

/* Drops a plural ending from w[0..n) (lower case); returns the new length. */
static size_t singular(const char *w, size_t n)
{
    if (n > 3 && w[n - 2] == '\'' && w[n - 1] == 's')
        return n - 2;
    if (n > 4 && !memcmp(w + n - 3, "ies", 3))
        return n - 2; /* -ies -> -y: the caller writes the y */
    if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's' && w[n - 2] != 'u' && w[n - 2] != 'i')
        return n - 1;
    return n;
}

int pol__glossary_fold(const char *s, size_t n, pol_buf *out)
{
    int words = 0;
    size_t i = 0;
    for (size_t k = 0; k < n; k++)
        if ((unsigned char)s[k] >= 0x80)
            return -1;
    while (i < n) {
        while (i < n && !is_word_byte((unsigned char)s[i]))
            i++;
        size_t b = i;
        while (i < n && is_word_byte((unsigned char)s[i]))
            i++;
        /* apostrophes only inside words (xi'an, people's) */
        while (b < i && s[b] == '\'')
            b++;
        size_t e = i;
        while (e > b && s[e - 1] == '\'')
            e--;
        if (b == e)
            continue;
        char w[128];
        size_t wn = e - b < sizeof w ? e - b : sizeof w - 1;
        for (size_t k = 0; k < wn; k++) {
            char c = s[b + k];
            w[k] = c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
        }
        size_t sn = singular(w, wn);
        if (words++)
            pol__buf_addc(out, ' ');
        if (sn == wn - 2 && wn > 4 && !memcmp(w + wn - 3, "ies", 3)) {
            pol__buf_add(out, w, wn - 3);
            pol__buf_addc(out, 'y');
        } else {
            pol__buf_add(out, w, sn);
        }
    }
    if (!out->data)
        pol__buf_add(out, "", 0);
    return words;
}

static void problem(pol_glossary *g, const char *file, unsigned line, const char *fmt, const char *arg)
{
    if (g->nproblems++ == 0) {
        char msg[200];
        snprintf(msg, sizeof msg, fmt, arg);
        snprintf(g->problem, sizeof g->problem, "%s line %u: %s", file, line, msg);
    }
}

/* Trims blanks around s[0..*n) (a trailing TAB stays: it separates an
 * empty Chinese side); returns the new start. */
static char *trim(char *s, size_t *n)
{
    while (*n && (*s == ' ' || *s == '\t')) {
        s++;
        (*n)--;
    }
    while (*n && (s[*n - 1] == ' ' || s[*n - 1] == '\r'))
        (*n)--;
    s[*n] = '\0';
    return s;
}

/* Splits s at '|' into trimmed terms appended to strs; returns how many, or
 * -1 when one is empty. */
static long split_terms(char *s, const char **strs, size_t *nstrs)
{
    long k = 0;
    for (;;) {
        char *bar = strchr(s, '|');
        size_t n = bar ? (size_t)(bar - s) : strlen(s);
        char *t = trim(s, &n);
        while (n && t[n - 1] == '\t')
            t[--n] = '\0';
        if (n == 0)
            return -1;
        strs[(*nstrs)++] = t;
        k++;
        if (!bar)
            return k;
        s = bar + 1;
    }
}

static int entry_cmp(const void *a, const void *b)
{
    const pol_gloss_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

void pol__glossary_free(pol_glossary *g)
{
    if (!g)
        return;
    free(g->entries);
    free(g->groups);
    free(g->store);
    free(g->strs);
    free(g);
}

pol_status pol__glossary_parse(pol_glossary **out, const char *gloss, size_t glen,
                               const char *variants, size_t vlen)
{
    pol_glossary *g = calloc(1, sizeof *g);
    pol_buf keys = POL_BUF_INIT;
    size_t *keyoff = NULL;
    *out = NULL;
    if (!g)
        return POL_ENOMEM;
    /* upper bounds: lines, and terms (lines + bars) */
    size_t lines = 2, bars = 0;
    for (size_t i = 0; i < glen; i++) {
        lines += gloss[i] == '\n';
        bars += gloss[i] == '|';
    }
    for (size_t i = 0; i < vlen; i++) {
        lines += variants[i] == '\n';
        bars += variants[i] == '|';
    }
    /* the store: the glossary text, the variants text, then the folded keys
     * (never longer than the English text they come from) */
    g->store = malloc(glen + vlen + 2 + glen + 1);
    g->strs = calloc(lines + bars, sizeof *g->strs);
    g->entries = calloc(lines, sizeof *g->entries);
    g->groups = calloc(lines, sizeof *g->groups);
    keyoff = calloc(lines, sizeof *keyoff);
    if (!g->store || !g->strs || !g->entries || !g->groups || !keyoff)
        goto oom;
    memcpy(g->store, gloss, glen);
    g->store[glen] = '\0';
    memcpy(g->store + glen + 1, variants, vlen);
    g->store[glen + 1 + vlen] = '\0';
    size_t nstrs = 0, kused = 0;
    char *kstore = g->store + glen + vlen + 2;
    for (int part = 0; part < 2; part++) {
        char *p = part ? g->store + glen + 1 : g->store;
        char *end = p + (part ? vlen : glen);
        const char *file = part ? "zh_variants.tsv" : "glossary.tsv";
        for (unsigned line = 1; p < end; line++) {
            char *nl = memchr(p, '\n', (size_t)(end - p));
            size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
            char *l = trim(p, &n);
            p = nl ? nl + 1 : end;
            if (n == 0 || l[0] == '#')
                continue;
            if (part) {
                size_t first = nstrs;
                long k = split_terms(l, g->strs, &nstrs);
                if (k < 2) {
                    problem(g, file, line, k < 0 ? "an empty term in '%s'" : "a group of one term: '%s'", l);
                    nstrs = first;
                    continue;
                }
                g->groups[g->ngroups].terms = g->strs + first;
                g->groups[g->ngroups++].n = (size_t)k;
                continue;
            }
            char *tab = strchr(l, '\t');
            if (!tab) {
                problem(g, file, line, "no TAB between the English and the Chinese: '%s'", l);
                continue;
            }
            size_t en_n = (size_t)(tab - l), zh_n = strlen(tab + 1);
            char *en = trim(l, &en_n), *zh = trim(tab + 1, &zh_n);
            size_t koff = kused;
            keys.len = 0;
            int words = pol__glossary_fold(en, en_n, &keys);
            if (keys.oom)
                goto oom;
            if (words > 0) {
                memcpy(kstore + kused, keys.data, keys.len + 1);
                kused += keys.len + 1;
            }
            if (words <= 0) {
                problem(g, file, line, "the English side '%s' has no ASCII words or has non-ASCII text", en);
                continue;
            }
            size_t first = nstrs;
            long k = zh_n ? split_terms(zh, g->strs, &nstrs) : -1;
            int dup = 0;
            for (long a = 0; k > 0 && a < k; a++)
                for (long b = a + 1; b < k; b++)
                    dup |= !strcmp(g->strs[first + a], g->strs[first + b]);
            if (k <= 0 || dup) {
                problem(g, file, line, k <= 0 ? "'%s' has an empty Chinese side"
                                              : "'%s' lists a Chinese term twice", en);
                nstrs = first;
                kused = koff;
                continue;
            }
            pol_gloss_entry *e = &g->entries[g->n];
            keyoff[g->n++] = koff;
            e->en = en;
            e->nwords = (size_t)words;
            e->zh = g->strs + first;
            e->nzh = (size_t)k;
            e->line = line;
            if ((size_t)words > g->max_words)
                g->max_words = (size_t)words;
        }
    }
    for (size_t i = 0; i < g->n; i++)
        g->entries[i].key = kstore + keyoff[i];
    qsort(g->entries, g->n, sizeof *g->entries, entry_cmp);
    /* duplicate keys: keep the first line's entry */
    size_t w = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (w > 0 && !strcmp(g->entries[w - 1].key, g->entries[i].key)) {
            char msg[160];
            snprintf(msg, sizeof msg, "'%%s' repeats the entry of line %u", g->entries[w - 1].line);
            problem(g, "glossary.tsv", g->entries[i].line, msg, g->entries[i].en);
            continue;
        }
        g->entries[w++] = g->entries[i];
    }
    g->n = w;
    pol__buf_free(&keys);
    free(keyoff);
    *out = g;
    return POL_OK;
oom:
    pol__buf_free(&keys);
    free(keyoff);
    pol__glossary_free(g);
    return POL_ENOMEM;
}

static pthread_once_t full_once = PTHREAD_ONCE_INIT;
static pol_glossary *builtin_full;
static pol_status builtin_full_status;

static void load_full(void)
{
    builtin_full_status = pol__glossary_parse(&builtin_full, pol__glossary_tsv, pol__glossary_tsv_len,
                                              pol__variants_tsv, pol__variants_tsv_len);
}

pol_status pol__glossary_get_full(const pol_glossary **out)
{
    pthread_once(&full_once, load_full);
    *out = builtin_full;
    return builtin_full_status;
}

const pol_gloss_entry *pol__glossary_find(const pol_glossary *g, const char *key, size_t len)
{
    if (g->deferred && pol__glossary_get_full(&g) < 0)
        return NULL;
    size_t lo = 0, hi = g->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = g->entries[mid].key;
        int c = strncmp(k, key, len);
        if (c == 0 && k[len] != '\0')
            c = 1;
        if (c == 0)
            return &g->entries[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

size_t pol__glossary_max_words_bound(const char *s, size_t n)
{
    size_t most = 0;
    for (const char *p = s, *end = s + n; p < end;) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end, *b = p;
        while (b < le && (*b == ' ' || *b == '\t'))
            b++; /* the parser trims the line before looking for its TAB */
        const char *tab = memchr(b, '\t', (size_t)(le - b));
        if (tab) {
            size_t words = 0;
            for (const char *q = b; q < tab;) {
                while (q < tab && !is_word_byte((unsigned char)*q))
                    q++;
                int letters = 0; /* a word is more than apostrophes */
                for (; q < tab && is_word_byte((unsigned char)*q); q++)
                    letters |= *q != '\'';
                words += letters;
            }
            if (words > most)
                most = words;
        }
        p = nl ? nl + 1 : end;
    }
    return most;
}

static pthread_once_t once = PTHREAD_ONCE_INIT;
static pol_glossary *builtin;
static pol_status builtin_status;

static void load_builtin(void)
{
    builtin_status = pol__glossary_parse(&builtin, "", 0, pol__variants_tsv, pol__variants_tsv_len);
    if (builtin_status >= 0)
        builtin->deferred = 1;
}

static pthread_once_t bound_once = PTHREAD_ONCE_INIT;
static size_t builtin_bound;

static void load_bound(void)
{
    builtin_bound = pol__glossary_max_words_bound(pol__glossary_tsv, pol__glossary_tsv_len);
}

size_t pol__glossary_max_words(const pol_glossary *g)
{
    if (!g->deferred)
        return g->max_words;
    /* the bound is read from the English side once it is needed: a query
     * without English words never needs it */
    pthread_once(&bound_once, load_bound);
    return builtin_bound > g->max_words ? builtin_bound : g->max_words;
}

pol_status pol__glossary_get(const pol_glossary **out)
{
    pthread_once(&once, load_builtin);
    *out = builtin;
    return builtin_status;
}
