/* lexicon.c — learning the corpus's vocabulary, user word lists, and their
 * storage in the index metadata (see lexicon.h, docs/schema.md).
 *
 * Learning is written here because no Debian library does it: ICU's
 * dictionary is fixed, and the statistical new-word discovery below (as in
 * the Chinese "new word" literature) needs counts over our own texts. Over
 * the normalized CJK runs of every document text stored in the index:
 *   1. count characters, then n-grams of 2, 3 and 4 characters, an n-gram
 *      counted only when its two (n-1)-grams are frequent and a first scan
 *      of hashed counters shows it can be frequent itself, rare ones dropped
 *      after each length (so memory stays near the number of frequent
 *      n-grams, not of all n-grams, most of which are seen once);
 *   2. keep n-grams seen min_count times whose least pointwise mutual
 *      information over their splits (log c(w)N / c(a)c(b)) reaches
 *      min_cohesion: the parts stick together;
 *   3. keep those whose left and right branching entropies (variety of the
 *      characters next to them; a run's edge counts as a new neighbour each
 *      time) both reach min_entropy: the word is free to stand anywhere, not
 *      a fragment of a longer word (黔东 is always followed by 南).
 * Everything is counted exactly and thresholds are fixed: the same texts
 * give the same lexicon, whatever order they were indexed in. */
#include "polsearch/lexicon.h"
#include "lexicon_int.h"
#include "normalize.h"
#include "schema.h"
#include "util.h"
#include "xapian_c.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>

/* ---- the lexicon ---- */

typedef struct entry {
    pol_lexicon_word w;
    size_t len;         /* bytes of w.word */
    int borrowed;       /* w.word lies in one of the lexicon's texts */
} entry;

struct pol_lexicon {
    entry *e;
    size_t n, cap;
    char **texts;       /* stored lexicons kept for their words (pol__lexicon_take_words) */
    size_t ntexts;
    polx_db **dbs;      /* indexes whose word keys are looked up (pol__lexicon_add_index) */
    size_t ndbs;
    size_t stored;      /* words in those indexes */
    long *slots;        /* open addressing over word bytes: index or -1 */
    size_t nslots;
    unsigned max_chars;
    int sorted;
};

pol_status pol_lexicon_new(pol_lexicon **out)
{
    *out = calloc(1, sizeof **out);
    if (!*out)
        return POL_ENOMEM;
    (*out)->sorted = 1;
    return POL_OK;
}

void pol_lexicon_free(pol_lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->n; i++)
        if (!lx->e[i].borrowed)
            free((char *)lx->e[i].w.word);
    for (size_t i = 0; i < lx->ntexts; i++)
        free(lx->texts[i]);
    free(lx->texts);
    for (size_t i = 0; i < lx->ndbs; i++)
        pol__x_db_free(lx->dbs[i]);
    free(lx->dbs);
    free(lx->e);
    free(lx->slots);
    free(lx);
}

static int entry_cmp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    size_t n = x->len < y->len ? x->len : y->len;
    int c = memcmp(x->w.word, y->w.word, n);
    return c ? c : (x->len > y->len) - (x->len < y->len);
}

/* Sorts the words, merges duplicates (a learned word also on the user's
 * list keeps its statistics and becomes a user word) and rebuilds the hash
 * slots. */
static pol_status rehash(pol_lexicon *lx)
{
    if (!lx->sorted) {
        qsort(lx->e, lx->n, sizeof *lx->e, entry_cmp);
        size_t k = 0;
        for (size_t i = 0; i < lx->n; i++) {
            if (k > 0 && entry_cmp(&lx->e[k - 1], &lx->e[i]) == 0) {
                pol_lexicon_word *a = &lx->e[k - 1].w, *b = &lx->e[i].w;
                int user = a->user | b->user;
                if (!a->count && b->count) {
                    const char *keep = a->word;
                    *a = *b;
                    a->word = keep;
                }
                a->user = user;
                if (!lx->e[i].borrowed)
                    free((char *)b->word);
                continue;
            }
            lx->e[k++] = lx->e[i];
        }
        lx->n = k;
        lx->sorted = 1;
    }
    size_t ns = 16;
    while (ns < lx->n * 2)
        ns *= 2;
    long *s = malloc(ns * sizeof *s);
    if (!s)
        return POL_ENOMEM;
    for (size_t i = 0; i < ns; i++)
        s[i] = -1;
    for (size_t i = 0; i < lx->n; i++) {
        size_t h = (size_t)pol__hash64(lx->e[i].w.word, lx->e[i].len, 0) & (ns - 1);
        while (s[h] >= 0)
            h = (h + 1) & (ns - 1);
        s[h] = (long)i;
    }
    free(lx->slots);
    lx->slots = s;
    lx->nslots = ns;
    return POL_OK;
}

/* The metadata key of a word's entry (POL_M_LEXWORD + word), NUL-terminated
 * in k (room for KEY_MAX bytes); 0 when the word is too long to be one. */
#define KEY_MAX (sizeof POL_M_LEXWORD + 4 * POL_LEXICON_MAX_CHARS)
static size_t word_key(char *k, const char *w, size_t n)
{
    size_t pl = strlen(POL_M_LEXWORD);
    if (pl + n + 1 > KEY_MAX || memchr(w, '\0', n))
        return 0;
    memcpy(k, POL_M_LEXWORD, pl);
    memcpy(k + pl, w, n);
    k[pl + n] = '\0';
    return pl + n;
}

long pol__lexicon_find(const pol_lexicon *lx, const char *s, size_t n)
{
    if (!lx)
        return -1;
    if (lx->nslots) {
        size_t h = (size_t)pol__hash64(s, n, 0) & (lx->nslots - 1);
        for (long i; (i = lx->slots[h]) >= 0; h = (h + 1) & (lx->nslots - 1))
            if (lx->e[i].len == n && !memcmp(lx->e[i].w.word, s, n))
                return i;
    }
    char key[KEY_MAX];
    if (lx->ndbs && word_key(key, s, n)) {
        /* a read error counts as absent: the query is still analyzed, only
         * without marking this word */
        for (size_t d = 0; d < lx->ndbs; d++) {
            char *v = NULL;
            size_t vl;
            if (pol__x_db_get_metadata(lx->dbs[d], key, &v, &vl) >= 0 && v) {
                free(v);
                return (long)lx->n;
            }
        }
    }
    return -1;
}

unsigned pol__lexicon_max_chars(const pol_lexicon *lx) { return lx ? lx->max_chars : 0; }
size_t pol_lexicon_size(const pol_lexicon *lx) { return lx ? lx->n + lx->stored : 0; }

pol_status pol__lexicon_add_index(pol_lexicon *lx, polx_db *db, int *added)
{
    char *v = NULL;
    size_t vl = 0;
    *added = 0;
    pol_status st = pol__x_db_get_metadata(db, POL_M_LEXKEYS, &v, &vl);
    if (st < 0 || !v)
        return st;
    unsigned long words = 0;
    unsigned maxc = 0;
    int ok = sscanf(v, "%lu %u", &words, &maxc) == 2 && maxc <= POL_LEXICON_MAX_CHARS;
    free(v);
    if (!ok)
        return POL_ECORRUPT;
    polx_db **nd = realloc(lx->dbs, (lx->ndbs + 1) * sizeof *nd);
    if (!nd)
        return POL_ENOMEM;
    lx->dbs = nd;
    lx->dbs[lx->ndbs++] = db;
    lx->stored += words;
    if (maxc > lx->max_chars)
        lx->max_chars = maxc;
    *added = 1;
    return POL_OK;
}

const pol_lexicon_word *pol_lexicon_get(const pol_lexicon *lx, size_t i)
{
    return lx && i < lx->n ? &lx->e[i].w : NULL;
}

/* Room for one more entry. */
static pol_status grow(pol_lexicon *lx)
{
    entry *ne = pol__grow(lx->e, &lx->cap, lx->n, sizeof *ne);
    if (!ne)
        return POL_ENOMEM;
    lx->e = ne;
    return POL_OK;
}

/* Adds a normalized word (duplicates are merged by rehash, which must
 * follow before lookups). */
static pol_status put_word(pol_lexicon *lx, const pol_lexicon_word *w, size_t len)
{
    if (grow(lx) < 0)
        return POL_ENOMEM;
    entry *e = &lx->e[lx->n];
    e->w = *w;
    e->len = len;
    e->borrowed = 0;
    if (!(e->w.word = pol__strndup(w->word, len)))
        return POL_ENOMEM;
    lx->n++;
    lx->sorted = 0;
    if (w->chars > lx->max_chars)
        lx->max_chars = w->chars;
    return POL_OK;
}

static size_t count_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Normalizes a user word; POL_EINVAL unless it is 2..MAX CJK characters. */
static pol_status normalize_word(pol_normtext *nt, const char *word, size_t len)
{
    pol_status st = pol__normalize(nt, word, len);
    if (st < 0)
        return st;
    if (nt->ncp < 2 || nt->ncp > POL_LEXICON_MAX_CHARS)
        return POL_EINVAL;
    for (size_t k = 0; k < nt->ncp; k++) {
        UChar32 c;
        int32_t i = (int32_t)nt->boff[k];
        U8_NEXT_UNSAFE(nt->s, i, c);
        if (!pol__is_cjk((uint32_t)c))
            return POL_EINVAL;
    }
    return POL_OK;
}

pol_status pol_lexicon_add_user(pol_lexicon *lx, const char *word, size_t len)
{
    pol_normtext nt;
    memset(&nt, 0, sizeof nt);
    pol_status st = normalize_word(&nt, word, len);
    if (st >= 0) {
        pol_lexicon_word w = { nt.s, (unsigned)nt.ncp, 0, 0.0, 0.0, 1, 0 };
        st = put_word(lx, &w, nt.len);
    }
    if (st >= 0)
        st = rehash(lx);
    pol__normtext_free(&nt);
    return st;
}

/* Parses lines of `text`; learned: 5 tab-separated fields, else one word. */
static pol_status parse_lines(pol_lexicon *lx, const char *text, size_t len, int learned)
{
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        char line[256];
        size_t ll = (size_t)(le - p);
        if (ll > 0 && ll < sizeof line) {
            memcpy(line, p, ll);
            line[ll] = '\0';
            char *tab = strchr(line, '\t');
            pol_lexicon_word w = { line, 0, 0, 0.0, 0.0, !learned, 0 };
            size_t wl = tab ? (size_t)(tab - line) : ll;
            int ok = wl > 0;
            if (learned) {
                ok = ok && tab && sscanf(tab + 1, "%lu\t%lf\t%lf\t%d", &w.count, &w.cohesion,
                                         &w.entropy, &w.icu_split) == 4;
            }
            w.chars = (unsigned)count_chars(line, wl);
            if (ok && w.chars >= 2 && w.chars <= POL_LEXICON_MAX_CHARS) {
                pol_status st = put_word(lx, &w, wl);
                if (st < 0)
                    return st;
            }
        }
        p = le + 1;
    }
    return POL_OK;
}

pol_status pol__lexicon_parse(pol_lexicon *lx, const char *learned, size_t llen,
                              const char *user, size_t ulen)
{
    pol_status st = POL_OK;
    if (learned && (st = parse_lines(lx, learned, llen, 1)) < 0)
        return st;
    if (user && (st = parse_lines(lx, user, ulen, 0)) < 0)
        return st;
    return rehash(lx);
}

/* Words of one stored lexicon text, in place: each word is cut at its tab
 * or line end. Lines are checked as parse_lines does, except the numbers of
 * learned lines, which are not read. */
static pol_status take_lines(pol_lexicon *lx, char *text, size_t len, int learned)
{
    char *p = text, *end = text + len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        size_t ll = (size_t)(le - p);
        if (ll > 0 && ll < 256) {
            char *tab = memchr(p, '\t', ll);
            size_t wl = tab ? (size_t)(tab - p) : ll;
            unsigned chars = (unsigned)count_chars(p, wl);
            if (wl > 0 && (tab || !learned) && chars >= 2 && chars <= POL_LEXICON_MAX_CHARS) {
                if (grow(lx) < 0)
                    return POL_ENOMEM;
                p[wl] = '\0'; /* the tab, the line end, or the text's NUL */
                entry *e = &lx->e[lx->n++];
                memset(e, 0, sizeof *e);
                e->w.word = p;
                e->w.chars = chars;
                e->w.user = !learned;
                e->len = wl;
                e->borrowed = 1;
                if (chars > lx->max_chars)
                    lx->max_chars = chars;
            }
        }
        p = le + 1;
    }
    return POL_OK;
}

pol_status pol__lexicon_take_words(pol_lexicon *lx, char *learned, size_t llen, char *user,
                                   size_t ulen)
{
    char *t[2] = { learned, user };
    size_t tl[2] = { llen, ulen };
    pol_status st = POL_OK;
    for (int i = 0; i < 2; i++) {
        if (!t[i])
            continue;
        char **nt = realloc(lx->texts, (lx->ntexts + 1) * sizeof *nt);
        if (!nt) {
            for (int j = i; j < 2; j++)
                free(t[j]);
            return POL_ENOMEM;
        }
        lx->texts = nt;
        lx->texts[lx->ntexts++] = t[i];
        if (st >= 0)
            st = take_lines(lx, t[i], tl[i], i == 0);
    }
    /* duplicates are left in place: a lookup finds either copy */
    int sorted = lx->sorted;
    lx->sorted = 1;
    if (st >= 0)
        st = rehash(lx);
    lx->sorted = sorted;
    return st;
}

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

pol_status pol_lexicon_load(pol_lexicon **out, const char *dbpath, char *err, size_t errlen)
{
    polx_db *db = NULL;
    char *learned = NULL, *user = NULL;
    size_t ll = 0, ul = 0;
    *out = NULL;
    pol_status st = pol__x_db_open(&db, dbpath);
    if (st < 0) {
        set_err(err, errlen, "%s: cannot open index: %s", dbpath, pol__x_errmsg());
        return st;
    }
    if ((st = pol__x_db_get_metadata(db, POL_M_LEXICON, &learned, &ll)) < 0 ||
        (st = pol__x_db_get_metadata(db, POL_M_WORDS, &user, &ul)) < 0)
        set_err(err, errlen, "%s: cannot read the lexicon: %s", dbpath, pol__x_errmsg());
    if (st >= 0 && (st = pol_lexicon_new(out)) >= 0)
        st = pol__lexicon_parse(*out, learned, ll, user, ul);
    if (st == POL_ENOMEM)
        set_err(err, errlen, "out of memory");
    free(learned);
    free(user);
    pol__x_db_free(db);
    if (st < 0) {
        pol_lexicon_free(*out);
        *out = NULL;
    }
    return st;
}

/* ---- counting n-grams ---- */

/* Characters get dense 16-bit ids (0 separates runs), so an n-gram of up to
 * four characters packs into 64 bits, first character lowest. */
#define MAXN 4

typedef struct ngtab {
    uint64_t *key;
    uint32_t *val;
    size_t cap, n;
} ngtab;

static size_t ng_hash(uint64_t k, size_t cap)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return (size_t)k & (cap - 1);
}

static int ng_grow(ngtab *t)
{
    size_t nc = t->cap ? t->cap * 2 : 1 << 16;
    uint64_t *nk = calloc(nc, sizeof *nk);
    uint32_t *nv = calloc(nc, sizeof *nv);
    if (!nk || !nv) {
        free(nk);
        free(nv);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->key[i]) {
            size_t h = ng_hash(t->key[i], nc);
            while (nk[h])
                h = (h + 1) & (nc - 1);
            nk[h] = t->key[i];
            nv[h] = t->val[i];
        }
    free(t->key);
    free(t->val);
    t->key = nk;
    t->val = nv;
    t->cap = nc;
    return 0;
}

static uint32_t *ng_slot(ngtab *t, uint64_t k, int create)
{
    if (create && (t->n + 1) * 4 > t->cap * 3 && ng_grow(t) < 0)
        return NULL;
    if (!t->cap)
        return NULL;
    size_t h = ng_hash(k, t->cap);
    while (t->key[h]) {
        if (t->key[h] == k)
            return &t->val[h];
        h = (h + 1) & (t->cap - 1);
    }
    if (!create)
        return NULL;
    t->key[h] = k;
    t->val[h] = 0;
    t->n++;
    return &t->val[h];
}

static uint32_t ng_count(ngtab *t, uint64_t k)
{
    uint32_t *v = ng_slot(t, k, 0);
    return v ? *v : 0;
}

static void ng_free(ngtab *t)
{
    free(t->key);
    free(t->val);
    memset(t, 0, sizeof *t);
}

typedef struct learner {
    uint16_t *ids;          /* code point -> id (0: none yet) */
    uint32_t *cps;          /* id -> code point */
    uint32_t nids;
    uint16_t *text;         /* ids, 0 between runs */
    size_t len, cap;
    uint64_t *c1;           /* character counts by id */
    int oom;
} learner;

#define CP_LIMIT 0x32000

static void push_id(learner *l, uint16_t id)
{
    if (l->oom)
        return;
    if (l->len == l->cap) {
        size_t c = l->cap ? l->cap * 2 : 1 << 20;
        uint16_t *nt = realloc(l->text, c * sizeof *nt);
        if (!nt) {
            l->oom = 1;
            return;
        }
        l->text = nt;
        l->cap = c;
    }
    l->text[l->len++] = id;
}

/* Appends the CJK runs of a normalized text. */
static void add_text(learner *l, const pol_normtext *nt)
{
    int in_run = 0;
    for (size_t k = 0; k < nt->ncp && !l->oom; k++) {
        UChar32 c;
        int32_t i = (int32_t)nt->boff[k];
        U8_NEXT_UNSAFE(nt->s, i, c);
        uint16_t id = 0;
        if (pol__is_cjk((uint32_t)c) && c < CP_LIMIT) {
            id = l->ids[c];
            if (!id && l->nids < 0xffff) {
                id = (uint16_t)++l->nids;
                l->ids[c] = id;
                l->cps[id] = c;
            }
        }
        if (id) {
            push_id(l, id);
            l->c1[id]++;
            in_run = 1;
        } else if (in_run) {
            push_id(l, 0);
            in_run = 0;
        }
    }
    if (in_run)
        push_id(l, 0);
}

static uint64_t pack(const uint16_t *t, int n)
{
    uint64_t k = 0;
    for (int i = n - 1; i >= 0; i--)
        k = (k << 16) | t[i];
    return k;
}

static int key_len(uint64_t k)
{
    int n = 0;
    while (k) {
        n++;
        k >>= 16;
    }
    return n;
}

static uint64_t key_count(const learner *l, ngtab *t, uint64_t k)
{
    return key_len(k) == 1 ? l->c1[k] : ng_count(t, k);
}

/* The n-gram of length n at i in *k: 1 when it lies inside a run and, for
 * n > 2, its prefix and suffix (n-1)-grams were seen min_count times. */
static int ngram_at(const learner *l, ngtab *t, size_t i, int n, unsigned min_count, uint64_t *k)
{
    for (int j = 0; j < n; j++)
        if (l->text[i + (size_t)j] == 0)
            return 0;
    *k = pack(l->text + i, n);
    if (n > 2) {
        uint64_t mask = (1ULL << (16 * (n - 1))) - 1;
        if (ng_count(t, *k & mask) < min_count || ng_count(t, *k >> 16) < min_count)
            return 0;
    }
    return 1;
}

/* Saturating one-byte counters of hashed n-grams, so that the count table
 * holds only n-grams that can be frequent: most n-grams are seen once or
 * twice, and storing them all once set the peak memory of learning. */
#define FILTER_SLOTS ((size_t)1 << 24)

/* Counts n-grams of length n whose prefix and suffix (n-1)-grams were seen
 * min_count times, in two scans of the text: the first counts hashed
 * n-grams in filter, the second stores only n-grams whose filter counter
 * reached min_count. Exact: a counter counts at least the occurrences of
 * every n-gram hashed to it, so no n-gram seen min_count times is left out;
 * the few rarer ones that share a counter with others are dropped by
 * ng_prune. */
static int count_pass(learner *l, ngtab *t, int n, unsigned min_count, uint8_t *filter,
                      uint64_t *at)
{
    uint8_t full = min_count < UINT8_MAX ? (uint8_t)min_count : UINT8_MAX;
    uint64_t k;
    memset(filter, 0, FILTER_SLOTS);
    memset(at, 0, (l->len / 64 + 1) * sizeof *at);
    for (size_t i = 0; i + (size_t)n <= l->len; i++) {
        if (!ngram_at(l, t, i, n, min_count, &k))
            continue;
        at[i / 64] |= 1ULL << (i % 64); /* not looked up again below */
        uint8_t *f = &filter[ng_hash(k, FILTER_SLOTS)];
        if (*f < full)
            (*f)++;
    }
    for (size_t i = 0; i + (size_t)n <= l->len; i++) {
        if (!(at[i / 64] >> (i % 64) & 1))
            continue;
        k = pack(l->text + i, n);
        if (filter[ng_hash(k, FILTER_SLOTS)] < full)
            continue;
        uint32_t *v = ng_slot(t, k, 1);
        if (!v)
            return -1;
        if (*v < UINT32_MAX)
            (*v)++;
    }
    return 0;
}

/* Drops the n-grams seen fewer than min_count times. Exact: the counts
 * looked up later are compared with min_count (a dropped one reads 0, as
 * rare) or belong to parts of a frequent n-gram, which are at least as
 * frequent as it. */
static int ng_prune(ngtab *t, unsigned min_count)
{
    ngtab nt = { 0 };
    size_t keep = 0;
    for (size_t i = 0; i < t->cap; i++)
        keep += t->key[i] && t->val[i] >= min_count;
    nt.cap = 1 << 16;
    while ((keep + 1) * 2 > nt.cap)
        nt.cap *= 2;
    nt.key = calloc(nt.cap, sizeof *nt.key);
    nt.val = calloc(nt.cap, sizeof *nt.val);
    if (!nt.key || !nt.val) {
        ng_free(&nt);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++)
        if (t->key[i] && t->val[i] >= min_count)
            *ng_slot(&nt, t->key[i], 1) = t->val[i];
    ng_free(t);
    *t = nt;
    return 0;
}

typedef struct cand {
    uint64_t key;
    uint32_t count;
    double cohesion;
    double lsum, rsum;      /* sum of c*log(c) over neighbour counts */
} cand;

/* Reads the document texts of the index (a deterministic sample when they
 * exceed max bytes) into l. */
typedef struct reader_ctx {
    polx_db *db;
    learner *l;
    pol_normtext nt;
    unsigned long long total, max, read;
    uint64_t keep_below;    /* of 2^32: sample threshold */
    int pass;               /* 0: measure, 1: read */
    pol_status rc;
} reader_ctx;

static int read_record(void *ctx, unsigned docid)
{
    reader_ctx *r = ctx;
    polx_doc *d = NULL;
    const char *data;
    size_t dlen;
    pol_secdata sd;
    if ((r->rc = pol__x_db_get_document(r->db, docid, &d)) < 0)
        return 1;
    if (pol__x_doc_get_data(d, &data, &dlen) < 0 || pol__secdata_decode(&sd, data, dlen) < 0) {
        pol__x_doc_free(d);
        return 0; /* not a record we understand: skipped */
    }
    if (r->pass == 0) {
        r->total += sd.text_len;
    } else {
        uint64_t h = pol__hash64(sd.key, sd.key_len, 0) & 0xffffffffu;
        char *text = NULL;
        size_t tl = 0;
        if (h < r->keep_below && pol__secdata_text(&sd, &text, &tl) >= 0) {
            if ((r->rc = pol__normalize(&r->nt, text, tl)) >= 0)
                add_text(r->l, &r->nt);
            r->read += tl;
            free(text);
            if (r->l->oom)
                r->rc = POL_ENOMEM;
        }
    }
    pol__x_doc_free(d);
    return r->rc < 0;
}

static int cand_cmp(const void *a, const void *b)
{
    const cand *x = a, *y = b;
    return (x->key > y->key) - (x->key < y->key);
}

static void key_utf8(const learner *l, uint64_t k, char *out, size_t *len)
{
    size_t o = 0;
    for (; k; k >>= 16)
        U8_APPEND_UNSAFE(out, o, l->cps[k & 0xffff]);
    out[o] = '\0';
    *len = o;
}

/* 1 if ICU's word break splits the word. */
static int icu_splits(UBreakIterator *bi, UText **ut, const char *w, size_t n)
{
    UErrorCode e = U_ZERO_ERROR;
    *ut = utext_openUTF8(*ut, w, (int64_t)n, &e);
    ubrk_setUText(bi, *ut, &e);
    if (U_FAILURE(e))
        return 0;
    ubrk_first(bi);
    int32_t b = ubrk_next(bi);
    return b != UBRK_DONE && b < (int32_t)n;
}

/* Learns from l into lx. */
static pol_status learn(learner *l, const pol_lexicon_opts *o, pol_lexicon *lx,
                        pol_lexicon_stats *stats)
{
    ngtab t = { 0 }, ct = { 0 }, nb = { 0 };
    cand *cs = NULL;
    size_t ncs = 0, ccap = 0;
    pol_status st = POL_ENOMEM;
    uint64_t N = 0;
    for (uint32_t i = 1; i <= l->nids; i++)
        N += l->c1[i];
    stats->cjk_chars = N;
    uint8_t *filter = malloc(FILTER_SLOTS);
    uint64_t *at = malloc((l->len / 64 + 1) * sizeof *at); /* positions of n-grams counted */
    int failed = !filter || !at;
    for (int n = 2; n <= MAXN && !failed; n++)
        failed = count_pass(l, &t, n, o->min_count, filter, at) < 0 ||
                 ng_prune(&t, o->min_count) < 0;
    free(filter);
    free(at);
    if (failed)
        goto done;
    /* cohesion */
    for (size_t i = 0; i < t.cap; i++) {
        uint64_t k = t.key[i];
        if (!k || t.val[i] < o->min_count)
            continue;
        int n = key_len(k);
        double coh = 1e9;
        for (int s = 1; s < n; s++) {
            uint64_t a = k & ((1ULL << (16 * s)) - 1), b = k >> (16 * s);
            double ca = (double)key_count(l, &t, a), cb = (double)key_count(l, &t, b);
            double pmi = log((double)t.val[i] * (double)N / (ca * cb));
            if (pmi < coh)
                coh = pmi;
        }
        stats->candidates++;
        if (coh < o->min_cohesion)
            continue;
        if (ncs == ccap) {
            ccap = ccap ? ccap * 2 : 1024;
            cand *nc = realloc(cs, ccap * sizeof *nc);
            if (!nc)
                goto done;
            cs = nc;
        }
        cs[ncs++] = (cand){ k, t.val[i], coh, 0.0, 0.0 };
    }
    if (ncs)
        qsort(cs, ncs, sizeof *cs, cand_cmp);
    for (size_t i = 0; i < ncs; i++) {
        uint32_t *v = ng_slot(&ct, cs[i].key, 1);
        if (!v)
            goto done;
        *v = (uint32_t)i + 1;
    }
    /* the counts of n-grams are no longer needed: the candidates hold theirs */
    ng_free(&t);
    /* neighbours: key (candidate index + 1) << 17 | side << 16 | neighbour id,
     * counted for one length of candidates at a time, so that the table holds
     * about a third of them */
    for (int n = 2; n <= MAXN; n++) {
        if (nb.cap) {
            memset(nb.key, 0, nb.cap * sizeof *nb.key);
            nb.n = 0;
        }
        for (size_t i = 0; i + (size_t)n <= l->len; i++) {
            int inside = 1;
            for (int j = 0; j < n && inside; j++)
                inside = l->text[i + (size_t)j] != 0;
            if (!inside)
                continue;
            uint32_t *ci = ng_slot(&ct, pack(l->text + i, n), 0);
            if (!ci)
                continue;
            uint16_t left = i > 0 ? l->text[i - 1] : 0;
            uint16_t right = i + (size_t)n < l->len ? l->text[i + (size_t)n] : 0;
            /* a run's edge is a new neighbour each time: adds c log c = 0 */
            if (left) {
                uint32_t *v = ng_slot(&nb, ((uint64_t)*ci << 17) | left, 1);
                if (!v)
                    goto done;
                (*v)++;
            }
            if (right) {
                uint32_t *v = ng_slot(&nb, ((uint64_t)*ci << 17) | (1u << 16) | right, 1);
                if (!v)
                    goto done;
                (*v)++;
            }
        }
        for (size_t i = 0; i < nb.cap; i++) {
            if (!nb.key[i])
                continue;
            size_t ci = (size_t)(nb.key[i] >> 17) - 1;
            double c = nb.val[i];
            if (nb.key[i] & (1u << 16))
                cs[ci].rsum += c * log(c);
            else
                cs[ci].lsum += c * log(c);
        }
    }
    UErrorCode e = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &e);
    UText *ut = NULL;
    if (U_FAILURE(e)) {
        st = POL_EINTERNAL;
        goto done;
    }
    st = POL_OK;
    for (size_t i = 0; i < ncs && st >= 0; i++) {
        double S = cs[i].count;
        double hl = log(S) - cs[i].lsum / S, hr = log(S) - cs[i].rsum / S;
        double h = hl < hr ? hl : hr;
        if (h < o->min_entropy)
            continue;
        char w[4 * MAXN + 1];
        size_t wl;
        key_utf8(l, cs[i].key, w, &wl);
        pol_lexicon_word lw = { w, (unsigned)key_len(cs[i].key), cs[i].count, cs[i].cohesion, h, 0,
                                icu_splits(bi, &ut, w, wl) };
        if ((st = put_word(lx, &lw, wl)) < 0)
            break;
        stats->learned++;
    }
    utext_close(ut);
    ubrk_close(bi);
done:
    ng_free(&t);
    ng_free(&ct);
    ng_free(&nb);
    free(cs);
    return st;
}

static void serialize(const pol_lexicon *lx, int user, pol_buf *out)
{
    for (size_t i = 0; i < lx->n; i++) {
        const pol_lexicon_word *w = &lx->e[i].w;
        if (user && w->user)
            pol__buf_printf(out, "%s\n", w->word);
        else if (!user && !w->user)
            pol__buf_printf(out, "%s\t%lu\t%.4f\t%.4f\t%d\n", w->word, w->count, w->cohesion,
                            w->entropy, w->icu_split);
    }
}

typedef struct stale_keys {
    const pol_lexicon *lx, *users;
    pol_buf keys;           /* NUL-separated keys of words no longer in either */
} stale_keys;

static int note_stale(void *ctx, const char *key, size_t len, unsigned tf)
{
    stale_keys *sk = ctx;
    size_t pl = strlen(POL_M_LEXWORD);
    (void)tf;
    if (len > pl && pol__lexicon_find(sk->lx, key + pl, len - pl) < 0 &&
        pol__lexicon_find(sk->users, key + pl, len - pl) < 0) {
        pol__buf_add(&sk->keys, key, len);
        pol__buf_addc(&sk->keys, '\0');
    }
    return sk->keys.oom;
}

static pol_status set_word_key(polx_db *db, const char *word, size_t len, const char *val)
{
    char key[KEY_MAX];
    return word_key(key, word, len) ? pol__x_db_set_metadata(db, key, val, strlen(val)) : POL_OK;
}

/* One metadata key per word (POL_M_LEXWORD + word: "l" learned, "u" the
 * user's, "lu" both) and POL_M_LEXKEYS ("WORDS MAXCHARS"), so that a
 * searcher looks up the few words a query could hold instead of reading and
 * parsing the whole lexicon at every start; keys of words gone are removed. */
static pol_status store_word_keys(polx_db *db, const pol_lexicon *lx, const pol_lexicon *users)
{
    stale_keys sk = { lx, users, POL_BUF_INIT };
    pol_status st = pol__x_db_metadata_keys(db, POL_M_LEXWORD, note_stale, &sk);
    if (st >= 0 && sk.keys.oom)
        st = POL_ENOMEM;
    for (size_t i = 0; st >= 0 && i < sk.keys.len; i += strlen(sk.keys.data + i) + 1)
        st = pol__x_db_set_metadata(db, sk.keys.data + i, "", 0);
    pol__buf_free(&sk.keys);
    size_t words = 0;
    for (size_t i = 0; st >= 0 && i < lx->n; i++, words++)
        st = set_word_key(db, lx->e[i].w.word, lx->e[i].len,
                          pol__lexicon_find(users, lx->e[i].w.word, lx->e[i].len) >= 0 ? "lu" : "l");
    for (size_t i = 0; st >= 0 && i < users->n; i++) {
        if (pol__lexicon_find(lx, users->e[i].w.word, users->e[i].len) >= 0)
            continue;
        st = set_word_key(db, users->e[i].w.word, users->e[i].len, "u");
        words++;
    }
    if (st >= 0) {
        char info[64];
        unsigned maxc = lx->max_chars > users->max_chars ? lx->max_chars : users->max_chars;
        snprintf(info, sizeof info, "%zu %u", words, maxc);
        st = pol__x_db_set_metadata(db, POL_M_LEXKEYS, info, strlen(info));
    }
    return st;
}

/* Reads a user word list into lx (as user words). */
static pol_status read_user_words(pol_lexicon *lx, const char *path, pol_lexicon_bad_line_cb bad,
                                  void *ctx, char *err, size_t errlen)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        set_err(err, errlen, "%s: cannot read the word list", path);
        return POL_ENOTFOUND;
    }
    char line[1024];
    unsigned ln = 0;
    pol_normtext nt;
    memset(&nt, 0, sizeof nt);
    pol_status st = POL_OK;
    while (st >= 0 && fgets(line, sizeof line, f)) {
        ln++;
        char *hash = strchr(line, '#');
        if (hash)
            *hash = '\0';
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
            line[--n] = '\0';
        char *w = line;
        while (*w == ' ' || *w == '\t')
            w++;
        if (!*w)
            continue;
        pol_status ws = normalize_word(&nt, w, strlen(w));
        if (ws == POL_EINVAL) {
            if (bad) {
                char msg[1200];
                snprintf(msg, sizeof msg, "'%s' is not a word of 2 to %d Chinese characters: skipped",
                         w, POL_LEXICON_MAX_CHARS);
                bad(ctx, ln, msg);
            }
            continue;
        }
        if (ws < 0) {
            st = ws;
            break;
        }
        pol_lexicon_word lw = { nt.s, (unsigned)nt.ncp, 0, 0.0, 0.0, 1, 0 };
        st = put_word(lx, &lw, nt.len);
    }
    if (ferror(f) && st >= 0) {
        set_err(err, errlen, "%s: read error", path);
        st = POL_EIO;
    }
    fclose(f);
    pol__normtext_free(&nt);
    return st;
}

pol_status pol_lexicon_learn(const char *dbpath, const pol_lexicon_opts *opts,
                             const char *user_words, pol_lexicon_bad_line_cb bad_line,
                             void *ctx, pol_lexicon_stats *stats, char *err, size_t errlen)
{
    pol_lexicon_opts o = POL_LEXICON_OPTS_INIT;
    pol_lexicon_stats dummy;
    if (opts)
        o = *opts;
    if (!o.min_count) o.min_count = 5;
    if (o.min_cohesion == 0.0) o.min_cohesion = 3.0;
    if (o.min_entropy == 0.0) o.min_entropy = 1.5;
    if (!o.max_text_bytes) o.max_text_bytes = 64ULL << 20;
    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);
    if (err && errlen)
        err[0] = '\0';

    pol_lexicon *lx = NULL, *users = NULL;
    learner l;
    memset(&l, 0, sizeof l);
    reader_ctx r;
    memset(&r, 0, sizeof r);
    char *old_user = NULL;
    size_t oul = 0;
    pol_buf lb = POL_BUF_INIT, ub = POL_BUF_INIT;
    polx_db *db = NULL;
    pol_status st = pol__x_db_open_writable(&db, dbpath, POLX_OPEN);
    if (st < 0) {
        set_err(err, errlen, "%s: cannot open the index for writing: %s", dbpath, pol__x_errmsg());
        return st;
    }
    if ((st = pol_lexicon_new(&lx)) < 0 || (st = pol_lexicon_new(&users)) < 0)
        goto done;
    /* the user word list: the new one, or the one stored before */
    if (user_words) {
        if ((st = read_user_words(users, user_words, bad_line, ctx, err, errlen)) < 0)
            goto done;
    } else {
        if ((st = pol__x_db_get_metadata(db, POL_M_WORDS, &old_user, &oul)) < 0) {
            set_err(err, errlen, "%s: cannot read the word list: %s", dbpath, pol__x_errmsg());
            goto done;
        }
        if (old_user && (st = parse_lines(users, old_user, oul, 0)) < 0)
            goto done;
    }
    stats->user = users->n;
    /* the texts */
    l.ids = calloc(CP_LIMIT, sizeof *l.ids);
    l.cps = calloc(0x10000, sizeof *l.cps);
    l.c1 = calloc(0x10000, sizeof *l.c1);
    if (!l.ids || !l.cps || !l.c1) {
        st = POL_ENOMEM;
        goto done;
    }
    r.db = db;
    r.l = &l;
    r.max = o.max_text_bytes;
    for (r.pass = 0; r.pass < 2; r.pass++) {
        if (r.pass == 1)
            r.keep_below = r.total <= r.max ? (1ULL << 32)
                                            : (uint64_t)((double)r.max / (double)r.total * 4294967296.0);
        st = pol__x_db_postlist(db, POL_P_RECTYPE "d", strlen(POL_P_RECTYPE "d"), read_record, &r);
        if (st >= 0)
            st = r.rc;
        if (st < 0) {
            set_err(err, errlen, "%s: cannot read the indexed texts: %s", dbpath,
                    st == POL_ENOMEM ? "out of memory" : pol__x_errmsg());
            goto done;
        }
    }
    stats->text_bytes = r.read;
    if ((st = learn(&l, &o, lx, stats)) < 0) {
        set_err(err, errlen, "learning the lexicon failed: %s", pol_status_str(st));
        goto done;
    }
    if ((st = rehash(lx)) < 0 || (st = rehash(users)) < 0)
        goto done;
    serialize(lx, 0, &lb);
    serialize(users, 1, &ub);
    if (lb.oom || ub.oom) {
        st = POL_ENOMEM;
        goto done;
    }
    /* an empty value removes the key */
    if ((st = pol__x_db_set_metadata(db, POL_M_LEXICON, lb.data ? lb.data : "", lb.len)) < 0 ||
        (st = pol__x_db_set_metadata(db, POL_M_WORDS, ub.data ? ub.data : "", ub.len)) < 0 ||
        (st = store_word_keys(db, lx, users)) < 0 || (st = pol__x_db_commit(db)) < 0) {
        set_err(err, errlen, "%s: cannot store the lexicon: %s", dbpath, pol__x_errmsg());
        goto done;
    }
done:
    if (st == POL_ENOMEM && err && errlen && !err[0])
        set_err(err, errlen, "out of memory");
    pol__buf_free(&lb);
    pol__buf_free(&ub);
    free(old_user);
    free(l.ids);
    free(l.cps);
    free(l.c1);
    free(l.text);
    pol__normtext_free(&r.nt);
    pol_lexicon_free(lx);
    pol_lexicon_free(users);
    pol__x_db_free(db);
    return st;
}
