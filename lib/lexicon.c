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
 * give the same lexicon, whatever order they were indexed in and however
 * many threads count (opts.jobs: each scans a share of the text and hands
 * each n-gram to the thread that owns its hash partition, which counts its
 * partitions in the order of the text). */
#include "polsearch/lexicon.h"
#include "lexicon_int.h"
#include "normalize.h"
#include "schema.h"
#include "util.h"
#include "xapian_c.h"

#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
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

/* The hash of an n-gram key: its low bits pick a table slot, its top bits
 * (ng_part) a partition. */
static uint64_t ng_mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static size_t ng_hash(uint64_t k, size_t cap) { return (size_t)ng_mix(k) & (cap - 1); }

static int ng_grow(ngtab *t)
{
    size_t nc = t->cap ? t->cap * 2 : 1 << 12;
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

/* The count of key k (m = ng_mix(k)), created at 0 if create; NULL if absent
 * or out of memory. */
static uint32_t *ng_slot_m(ngtab *t, uint64_t k, uint64_t m, int create)
{
    if (create && (t->n + 1) * 4 > t->cap * 3 && ng_grow(t) < 0)
        return NULL;
    if (!t->cap)
        return NULL;
    size_t h = (size_t)m & (t->cap - 1);
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

static uint32_t *ng_slot(ngtab *t, uint64_t k, int create) { return ng_slot_m(t, k, ng_mix(k), create); }

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

/* The n-grams of one length are counted in NPART tables chosen by the top
 * bits of their hash (ng_part), each table filled by one thread in the
 * order of the text: the counts are exact and the tables' layout, hence the
 * order in which neighbour counts are summed below, is the same whatever
 * the number of threads. */
#define NPART 16

/* One partition's table, on a cache line of its own: threads insert into
 * neighbouring partitions (each updates its table's n). */
typedef struct ngpart {
    _Alignas(64) ngtab t;
} ngpart;

typedef struct ngparts {
    ngpart p[NPART];
} ngparts;

static unsigned ng_part(uint64_t m) { return (unsigned)(m >> 60); }

static uint32_t parts_count(ngparts *t, uint64_t k)
{
    uint64_t m = ng_mix(k);
    uint32_t *v = ng_slot_m(&t->p[ng_part(m)].t, k, m, 0);
    return v ? *v : 0;
}

static void parts_free(ngparts *t)
{
    for (int p = 0; p < NPART; p++)
        ng_free(&t->p[p].t);
}

/* counts[n]: the n-grams of n characters (characters: l->c1) */
static uint64_t key_count(const learner *l, ngparts *counts, uint64_t k)
{
    int n = key_len(k);
    return n == 1 ? l->c1[k] : parts_count(&counts[n], k);
}

/* Saturating one-byte counters of hashed n-grams, so that the count table
 * holds only n-grams that can be frequent: most n-grams are seen once or
 * twice, and storing them all once set the peak memory of learning. Each
 * partition has its own FILTER_SLOTS / NPART counters. */
#define FILTER_SLOTS ((size_t)1 << 24)
#define FILTER_PART (FILTER_SLOTS / NPART)

typedef struct cand {
    uint64_t key;
    uint32_t count;
    double cohesion;
    double lsum, rsum;      /* sum of c*log(c) over neighbour counts */
} cand;

/* The steps of counting, each run on all threads. A sweep over the text
 * (FILTER, STORE or NEIGHBOURS) goes round by round: each thread scans
 * ROUND positions of the round (SCATTER) and sorts those it keeps by
 * partition; then each thread takes its partitions' positions from every
 * thread's buffers, in the order of the threads' ranges, which is the
 * order of the text (the step itself). So the text is scanned once,
 * whatever the number of threads, and every partition's table still sees
 * its n-grams in the order of the text. One thread scans the text in the
 * step itself, in one round. */
enum step { SCATTER, FILTER, STORE, MARK, NEIGHBOURS };

#define ROUND ((size_t)1 << 18) /* positions a thread scans in one round */

/* One thread's share of a step: for FILTER, STORE and NEIGHBOURS, the
 * partitions p with bit p of own set, over the positions the round's
 * SCATTER kept; for SCATTER, positions [r0 + idx * ROUND, + ROUND); for
 * MARK, the positions [from, to), whatever their n-grams' partitions. */
typedef struct lwork {
    learner *l;
    ngparts *counts;        /* by length */
    uint64_t **freq;        /* by length: bit i set when the n-gram at i was
                               counted min_count times */
    ngtab *ct;              /* candidate key -> index + 1 */
    ngparts *nb;            /* neighbour counts */
    cand *cs;
    uint8_t *filter;        /* NULL: STORE counts every n-gram (see learn) */
    int overflow;           /* STORE without filter: a table reached STORE_LIMIT */
    unsigned min_count, own;
    size_t from, to;        /* multiples of 64 but the last */
    struct lwork *all;      /* every thread's work, by idx */
    unsigned idx, nw;
    size_t r0;              /* the round's first position */
    int first, last;        /* the sweep's first and last round */
    enum step kind;         /* for SCATTER: the step it scatters for */
    uint32_t *buf[NPART];   /* SCATTER: positions kept (- r0) by partition */
    size_t bn[NPART], bcap[NPART];
    int n;
    enum step step;
    int failed;
} lwork;

static int bit(const uint64_t *b, size_t i) { return (int)(b[i / 64] >> (i % 64) & 1); }

/* Whether the n-gram at i is counted: inside a run and, for n > 2, its
 * prefix and suffix (n-1)-grams were counted min_count times. */
static int counted_at(const lwork *w, size_t i, int n)
{
    if (n == 2)
        return w->l->text[i] && w->l->text[i + 1];
    const uint64_t *f = w->freq[n - 1];
    return bit(f, i) && bit(f, i + 1);
}

#define BATCH 16 /* hash-table look-ups started (prefetched) together */

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
    nt.cap = 1 << 10;
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

/* count_pass: the n-grams of length n whose prefix and suffix (n-1)-grams
 * were seen min_count times are counted in two sweeps of the text: the
 * first (FILTER) counts hashed n-grams in the filter, the second (STORE)
 * stores only n-grams whose filter counter reached min_count; then the
 * rare ones are dropped.
 * Exact: a counter counts at least the occurrences of every n-gram hashed
 * to it, so no n-gram seen min_count times is left out; the few rarer ones
 * that share a counter with others are dropped by ng_prune. */

/* SCATTER: keeps, by partition, the positions of w's range of the round
 * whose n-gram the step w->kind counts. */
static int scatter(lwork *w)
{
    const learner *l = w->l;
    int n = w->n;
    for (unsigned p = 0; p < NPART; p++)
        w->bn[p] = 0;
    size_t a = w->r0 + (size_t)w->idx * ROUND, b = a + ROUND;
    if (l->len < (size_t)n)
        return 0;
    if (b > l->len - (size_t)n + 1)
        b = l->len - (size_t)n + 1; /* the last n-gram's position + 1 */
    if (w->kind == NEIGHBOURS && !w->ct->cap)
        return 0; /* no candidates */
    const uint64_t *f = w->freq[n];
    for (size_t i = a; i < b; i++) {
        if (w->kind == NEIGHBOURS ? !bit(f, i) : !counted_at(w, i, n))
            continue;
        unsigned p = ng_part(ng_mix(pack(l->text + i, n)));
        if (w->bn[p] == w->bcap[p]) {
            uint32_t *nb = pol__grow(w->buf[p], &w->bcap[p], w->bn[p], sizeof *nb);
            if (!nb)
                return -1;
            w->buf[p] = nb;
        }
        w->buf[p][w->bn[p]++] = (uint32_t)(i - w->r0);
    }
    return 0;
}

/* Source s of a step's n-grams (0 when w does not take it): with one thread
 * the text itself (pos NULL, np positions), else, for each partition of w
 * in turn, the positions each thread's SCATTER kept, in the order of the
 * threads' ranges. So each partition sees its n-grams in text order. */
static int source(const lwork *w, unsigned s, const uint32_t **pos, size_t *np)
{
    if (w->nw == 1) {
        *pos = NULL;
        *np = w->l->len >= (size_t)w->n ? w->l->len - (size_t)w->n + 1 : 0;
        return 1;
    }
    unsigned p = s / w->nw, j = s % w->nw;
    if (!(w->own >> p & 1))
        return 0;
    *pos = w->all[j].buf[p];
    *np = w->all[j].bn[p];
    return 1;
}

static unsigned sources(const lwork *w) { return w->nw == 1 ? 1 : NPART * w->nw; }

/* The next (at most BATCH) positions of a source, from *i on: those a
 * SCATTER kept, or (pos NULL) those of the text the step counts. */
static int next_batch(const lwork *w, const uint32_t *pos, size_t np, size_t *i, size_t *at)
{
    int b = 0;
    if (pos) {
        for (; *i < np && b < BATCH; (*i)++)
            at[b++] = w->r0 + pos[*i];
        return b;
    }
    const uint64_t *f = w->freq[w->n];
    for (; *i < np && b < BATCH; (*i)++)
        if (w->kind == NEIGHBOURS ? bit(f, *i) : counted_at(w, *i, w->n))
            at[b++] = *i;
    return b;
}

/* The filter counter of an n-gram of hash m: in its partition's share. */
static size_t filter_slot(uint64_t m) { return ng_part(m) * FILTER_PART + (m & (FILTER_PART - 1)); }

/* FILTER: counts the hashed n-grams of w's partitions (filter counters: see
 * above). Increments commute. */
static int filter_pass(lwork *w)
{
    const uint16_t *text = w->l->text;
    int n = w->n;
    uint8_t full = w->min_count < UINT8_MAX ? (uint8_t)w->min_count : UINT8_MAX;
    size_t at[BATCH], fi[BATCH];
    for (unsigned p = 0; p < NPART && w->first; p++)
        if (w->own >> p & 1)
            memset(w->filter + p * FILTER_PART, 0, FILTER_PART);
    for (unsigned s = 0; s < sources(w); s++) {
        const uint32_t *pos;
        size_t np;
        if (!source(w, s, &pos, &np))
            continue;
        int b;
        for (size_t i = 0; (b = next_batch(w, pos, np, &i, at)) > 0;) {
            for (int k = 0; k < b; k++) {
                fi[k] = filter_slot(ng_mix(pack(text + at[k], n)));
                __builtin_prefetch(&w->filter[fi[k]], 1);
            }
            for (int k = 0; k < b; k++)
                if (w->filter[fi[k]] < full)
                    w->filter[fi[k]]++;
        }
    }
    return 0;
}

/* Entries a partition's table may reach when STORE counts without the
 * filter; past it STORE stops (w->overflow) and the n-grams are counted
 * again with the filter (see learn). 16 partitions of 128K entries: at most
 * about 50 MB of tables. Tests lower it (pol__lexicon_store_limit). */
#define STORE_LIMIT ((size_t)1 << 17)

static size_t store_limit = STORE_LIMIT;

void pol__lexicon_store_limit(size_t entries) { store_limit = entries ? entries : STORE_LIMIT; }

/* STORE: counts the n-grams of w's partitions whose filter counter reached
 * min_count (every n-gram without a filter), in the order of the text;
 * after the last round drops the rare ones (see above). */
static int store_pass(lwork *w)
{
    const uint16_t *text = w->l->text;
    int n = w->n;
    ngparts *cur = &w->counts[n];
    uint8_t full = w->min_count < UINT8_MAX ? (uint8_t)w->min_count : UINT8_MAX;
    size_t at[BATCH], fi[BATCH];
    uint64_t key[BATCH], mix[BATCH];
    for (unsigned s = 0; s < sources(w); s++) {
        const uint32_t *pos;
        size_t np;
        if (!source(w, s, &pos, &np))
            continue;
        int b;
        for (size_t i = 0; (b = next_batch(w, pos, np, &i, at)) > 0;) {
            for (int k = 0; k < b; k++) {
                key[k] = pack(text + at[k], n);
                mix[k] = ng_mix(key[k]);
                fi[k] = filter_slot(mix[k]);
                if (w->filter)
                    __builtin_prefetch(&w->filter[fi[k]]);
            }
            int c = 0;
            for (int k = 0; k < b; k++) {
                if (w->filter && w->filter[fi[k]] < full)
                    continue;
                const ngtab *t = &cur->p[ng_part(mix[k])].t;
                if (t->cap)
                    __builtin_prefetch(&t->key[mix[k] & (t->cap - 1)]);
                key[c] = key[k];
                mix[c++] = mix[k];
            }
            for (int k = 0; k < c; k++) {
                ngtab *t = &cur->p[ng_part(mix[k])].t;
                if (!w->filter && t->n >= store_limit) {
                    w->overflow = 1;
                    return 0;
                }
                uint32_t *v = ng_slot_m(t, key[k], mix[k], 1);
                if (!v)
                    return -1;
                if (*v < UINT32_MAX)
                    (*v)++;
            }
        }
    }
    for (unsigned p = 0; p < NPART && w->last; p++)
        if (w->own >> p & 1 && ng_prune(&cur->p[p].t, w->min_count) < 0)
            return -1;
    return 0;
}

/* Marks in freq[n] the positions in [from, to) whose n-gram was counted
 * min_count times, BATCH look-ups at a time. */
static int mark_frequent(lwork *w)
{
    const learner *l = w->l;
    int n = w->n;
    uint64_t *f = w->freq[n];
    size_t at[BATCH];
    uint64_t key[BATCH], mix[BATCH];
    memset(f + w->from / 64, 0, ((w->to + 63) / 64 - w->from / 64) * sizeof *f);
    for (size_t i = w->from; i < w->to;) {
        int b = 0;
        for (; i < w->to && b < BATCH; i++) {
            if (i + (size_t)n > l->len || !counted_at(w, i, n))
                continue;
            at[b] = i;
            key[b] = pack(l->text + i, n);
            mix[b] = ng_mix(key[b]);
            const ngtab *t = &w->counts[n].p[ng_part(mix[b])].t;
            if (t->cap)
                __builtin_prefetch(&t->key[mix[b] & (t->cap - 1)]);
            b++;
        }
        for (int j = 0; j < b; j++) {
            uint32_t *v = ng_slot_m(&w->counts[n].p[ng_part(mix[j])].t, key[j], mix[j], 0);
            if (v && *v >= w->min_count)
                f[at[j] / 64] |= 1ULL << (at[j] % 64);
        }
    }
    return 0;
}

/* Counts the left and right neighbours of the candidates of n characters
 * in w's partitions (key: (candidate index + 1) << 17 | side << 16 |
 * neighbour id) and adds their c log c to the candidates. Only n-grams
 * counted min_count times can be candidates. */
static int count_neighbours(lwork *w)
{
    const learner *l = w->l;
    int n = w->n;
    uint64_t key[BATCH], mix[BATCH];
    size_t at[BATCH];
    for (unsigned p = 0; p < NPART && w->first; p++) {
        ngtab *nb = &w->nb->p[p].t;
        if (w->own >> p & 1 && nb->cap) {
            memset(nb->key, 0, nb->cap * sizeof *nb->key);
            nb->n = 0;
        }
    }
    for (unsigned s = 0; s < sources(w) && w->ct->cap; s++) {
        const uint32_t *pos;
        size_t np;
        if (!source(w, s, &pos, &np))
            continue;
        int b;
        for (size_t i = 0; (b = next_batch(w, pos, np, &i, at)) > 0;) {
            for (int k = 0; k < b; k++) {
                key[k] = pack(l->text + at[k], n);
                mix[k] = ng_mix(key[k]);
                __builtin_prefetch(&w->ct->key[mix[k] & (w->ct->cap - 1)]);
            }
            for (int k = 0; k < b; k++) {
                uint32_t *ci = ng_slot_m(w->ct, key[k], mix[k], 0);
                if (!ci)
                    continue;
                ngtab *nb = &w->nb->p[ng_part(mix[k])].t;
                size_t x = at[k];
                uint16_t left = x > 0 ? l->text[x - 1] : 0;
                uint16_t right = x + (size_t)n < l->len ? l->text[x + (size_t)n] : 0;
                /* a run's edge is a new neighbour each time: adds c log c = 0 */
                if (left) {
                    uint32_t *v = ng_slot(nb, ((uint64_t)*ci << 17) | left, 1);
                    if (!v)
                        return -1;
                    (*v)++;
                }
                if (right) {
                    uint32_t *v = ng_slot(nb, ((uint64_t)*ci << 17) | (1u << 16) | right, 1);
                    if (!v)
                        return -1;
                    (*v)++;
                }
            }
        }
    }
    /* a candidate's neighbours are all in its partition: no other thread
     * adds to it */
    for (unsigned p = 0; p < NPART && w->last; p++) {
        ngtab *nb = &w->nb->p[p].t;
        if (!(w->own >> p & 1))
            continue;
        for (size_t i = 0; i < nb->cap; i++) {
            if (!nb->key[i])
                continue;
            size_t ci = (size_t)(nb->key[i] >> 17) - 1;
            double c = nb->val[i];
            if (nb->key[i] & (1u << 16))
                w->cs[ci].rsum += c * log(c);
            else
                w->cs[ci].lsum += c * log(c);
        }
    }
    return 0;
}

static void *lwork_run(void *arg)
{
    lwork *w = arg;
    int r;
    switch (w->step) {
    case SCATTER: r = scatter(w); break;
    case FILTER: r = filter_pass(w); break;
    case STORE: r = store_pass(w); break;
    case MARK: r = mark_frequent(w); break;
    default: r = count_neighbours(w); break;
    }
    w->failed = r < 0;
    return NULL;
}

/* Runs a step for n-grams of n on nw threads, the calling one included; a
 * thread that cannot be started runs its share here. */
static int run_step(lwork *w, unsigned nw, int n, enum step step)
{
    pthread_t th[NPART];
    int started[NPART] = { 0 };
    for (unsigned i = 0; i < nw; i++) {
        w[i].n = n;
        w[i].step = step;
        w[i].failed = 0;
    }
    for (unsigned i = 1; i < nw; i++)
        started[i] = pthread_create(&th[i], NULL, lwork_run, &w[i]) == 0;
    lwork_run(&w[0]);
    int failed = w[0].failed;
    for (unsigned i = 1; i < nw; i++) {
        if (started[i])
            pthread_join(th[i], NULL);
        else
            lwork_run(&w[i]);
        failed |= w[i].failed;
    }
    return failed ? -1 : 0;
}

/* Sweeps the text for step (FILTER, STORE or NEIGHBOURS) on n-grams of n,
 * round by round, each a SCATTER then the step; one thread takes the text
 * in one round, without SCATTER. */
static int sweep(lwork *w, unsigned nw, int n, enum step step)
{
    size_t len = w[0].l->len, span = nw > 1 ? (size_t)nw * ROUND : len, r0 = 0;
    do {
        for (unsigned i = 0; i < nw; i++) {
            w[i].r0 = r0;
            w[i].kind = step;
            w[i].first = r0 == 0;
            w[i].last = r0 + span >= len;
        }
        if ((nw > 1 && run_step(w, nw, n, SCATTER) < 0) || run_step(w, nw, n, step) < 0)
            return -1;
        for (unsigned i = 0; i < nw; i++)
            if (w[i].overflow)
                return 1;
        r0 += span;
    } while (r0 < len);
    return 0;
}

/* Reading the document texts of the index (a deterministic sample when
 * they exceed max bytes) into the learner: a first pass over the document
 * records lists them with their text sizes, then the texts are read, in
 * that order, by o->jobs threads, each a contiguous share of the list with
 * its own database handle and character ids, and the shares are joined in
 * order with the ids renumbered (join_part), so that the learner holds
 * what reading them one by one gives: the same text and the same ids. */
typedef struct rdoc {
    unsigned docid;
    unsigned src;               /* which of the databases read (in order) */
    unsigned long long len;     /* text bytes */
    uint32_t h;                 /* sample hash of the key */
} rdoc;

typedef struct doc_list {
    polx_db *db;
    unsigned src;               /* db's number */
    rdoc *v;
    size_t n, cap;
    unsigned long long total;
    pol_status rc;
} doc_list;

static int list_record(void *ctx, unsigned docid)
{
    doc_list *dl = ctx;
    polx_doc *d = NULL;
    const char *data;
    size_t dlen;
    pol_secdata sd;
    if ((dl->rc = pol__x_db_get_document(dl->db, docid, &d)) < 0)
        return 1;
    if (pol__x_doc_get_data(d, &data, &dlen) < 0 || pol__secdata_decode(&sd, data, dlen) < 0) {
        dl->rc = POL_ECORRUPT; /* learning from the rest would replace the lexicon with less */
    } else {
        if (dl->n == dl->cap) {
            rdoc *nv = pol__grow(dl->v, &dl->cap, dl->n, sizeof *nv);
            if (!nv)
                dl->rc = POL_ENOMEM;
            else
                dl->v = nv;
        }
        if (dl->rc >= 0) {
            dl->v[dl->n++] = (rdoc){ docid, dl->src, sd.text_len,
                                     (uint32_t)(pol__hash64(sd.key, sd.key_len, 0) & 0xffffffffu) };
            dl->total += sd.text_len;
        }
        pol__secdata_release(&sd);
    }
    pol__x_doc_free(d);
    return dl->rc < 0;
}

typedef struct read_part {
    char *const *paths;         /* the databases, rdoc.src their index */
    const rdoc *docs;
    size_t n;
    uint64_t keep_below;        /* of 2^32: sample threshold */
    learner l;                  /* this share's text, with ids of its own */
    unsigned long long read;
    pol_status rc;
    char dberr[256];            /* when rc is the database's: its message */
} read_part;

static int learner_init(learner *l)
{
    l->ids = calloc(CP_LIMIT, sizeof *l->ids);
    l->cps = calloc(0x10000, sizeof *l->cps);
    l->c1 = calloc(0x10000, sizeof *l->c1);
    return l->ids && l->cps && l->c1 ? 0 : -1;
}

static void learner_free(learner *l)
{
    free(l->ids);
    free(l->cps);
    free(l->c1);
    free(l->text);
    memset(l, 0, sizeof *l);
}

static void *read_part_run(void *arg)
{
    read_part *rp = arg;
    polx_db *db = NULL;
    unsigned open_src = 0;
    pol_normtext nt;
    memset(&nt, 0, sizeof nt);
    for (size_t i = 0; i < rp->n && rp->rc >= 0; i++) {
        if (rp->docs[i].h >= rp->keep_below)
            continue;
        if (!db || open_src != rp->docs[i].src) { /* the share's next database */
            pol__x_db_free(db);
            db = NULL;
            open_src = rp->docs[i].src;
            if ((rp->rc = pol__x_db_open(&db, rp->paths[open_src])) < 0) {
                snprintf(rp->dberr, sizeof rp->dberr, "%s", pol__x_errmsg()); /* the thread's own */
                break;
            }
        }
        polx_doc *d = NULL;
        const char *data;
        size_t dlen;
        pol_secdata sd;
        if ((rp->rc = pol__x_db_get_document(db, rp->docs[i].docid, &d)) < 0) {
            snprintf(rp->dberr, sizeof rp->dberr, "%s", pol__x_errmsg());
            break;
        }
        if (pol__x_doc_get_data(d, &data, &dlen) >= 0 && pol__secdata_decode(&sd, data, dlen) >= 0) {
            char *text = NULL;
            size_t tl = 0;
            if (pol__secdata_text(&sd, &text, &tl) >= 0) {
                if ((rp->rc = pol__normalize(&nt, text, tl)) >= 0)
                    add_text(&rp->l, &nt);
                rp->read += tl;
                free(text);
                if (rp->l.oom)
                    rp->rc = POL_ENOMEM;
            }
            pol__secdata_release(&sd);
        }
        pol__x_doc_free(d);
    }
    pol__normtext_free(&nt);
    pol__x_db_free(db);
    return NULL;
}

/* Appends part p's text to l, its ids renumbered as reading its texts after
 * l's would have numbered them: new characters in the order p met them.
 * Characters left without an id (past 0xffff of them) break runs, as
 * add_text does. Frees p's text. */
static int join_part(learner *l, read_part *p)
{
    uint16_t map[0x10000];
    map[0] = 0;
    for (uint32_t i = 1; i <= p->l.nids; i++) {
        uint32_t c = p->l.cps[i];
        uint16_t id = l->ids[c];
        if (!id && l->nids < 0xffff) {
            id = (uint16_t)++l->nids;
            l->ids[c] = id;
            l->cps[id] = c;
        }
        map[i] = id;
        if (id)
            l->c1[id] += p->l.c1[i];
    }
    if (l->len + p->l.len > l->cap) {
        size_t c = l->len + p->l.len;
        uint16_t *nt = realloc(l->text, (c ? c : 1) * sizeof *nt);
        if (!nt)
            return -1;
        l->text = nt;
        l->cap = c;
    }
    int in_run = 0;
    for (size_t k = 0; k < p->l.len; k++) {
        uint16_t id = map[p->l.text[k]];
        if (id) {
            l->text[l->len++] = id;
            in_run = 1;
        } else if (in_run) {
            l->text[l->len++] = 0;
            in_run = 0;
        }
    }
    free(p->l.text);
    p->l.text = NULL;
    p->l.len = p->l.cap = 0;
    return 0;
}

/* Reads the texts of dl's documents into l on jobs threads (see above).
 * On a database error, its message is put in dberr. */
static pol_status read_texts(learner *l, char *const *paths, const doc_list *dl,
                             uint64_t keep_below, unsigned jobs, unsigned long long *read, char *dberr,
                             size_t dberrlen)
{
    unsigned long long want = 0;
    for (size_t i = 0; i < dl->n; i++)
        want += dl->v[i].h < keep_below ? dl->v[i].len : 0;
    if (jobs > NPART)
        jobs = NPART;
    if (jobs < 1)
        jobs = 1;
    read_part rp[NPART];
    pthread_t th[NPART];
    int started[NPART] = { 0 };
    memset(rp, 0, sizeof rp);
    pol_status st = POL_OK;
    /* contiguous shares of about equal text */
    size_t at = 0;
    unsigned long long sum = 0;
    for (unsigned j = 0; j < jobs; j++) {
        rp[j].paths = paths;
        rp[j].keep_below = keep_below;
        rp[j].docs = dl->v + at;
        unsigned long long upto = want * (j + 1) / jobs;
        while (at < dl->n && (j + 1 == jobs || sum < upto)) {
            sum += dl->v[at].h < keep_below ? dl->v[at].len : 0;
            at++;
        }
        rp[j].n = (size_t)(dl->v + at - rp[j].docs);
        if (learner_init(&rp[j].l) < 0)
            st = POL_ENOMEM;
    }
    for (unsigned j = 1; j < jobs && st >= 0; j++)
        started[j] = pthread_create(&th[j], NULL, read_part_run, &rp[j]) == 0;
    if (st >= 0)
        read_part_run(&rp[0]);
    for (unsigned j = 1; j < jobs; j++) {
        if (started[j])
            pthread_join(th[j], NULL);
        else if (st >= 0)
            read_part_run(&rp[j]);
    }
    for (unsigned j = 0; j < jobs && st >= 0; j++) {
        if (rp[j].rc < 0) {
            st = rp[j].rc;
            snprintf(dberr, dberrlen, "%s", rp[j].dberr);
        } else if (join_part(l, &rp[j]) < 0) {
            st = POL_ENOMEM;
        }
        *read += rp[j].read;
    }
    for (unsigned j = 0; j < jobs; j++)
        learner_free(&rp[j].l);
    return st;
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
    ngparts counts[MAXN + 1], nb;
    ngtab ct = { 0 };
    lwork w[NPART];
    cand *cs = NULL;
    size_t ncs = 0, ccap = 0;
    pol_status st = POL_ENOMEM;
    uint64_t N = 0;
    unsigned nw = o->jobs < 1 ? 1 : o->jobs > NPART ? NPART : o->jobs;
    memset(counts, 0, sizeof counts);
    memset(&nb, 0, sizeof nb);
    memset(w, 0, sizeof w);
    for (uint32_t i = 1; i <= l->nids; i++)
        N += l->c1[i];
    stats->cjk_chars = N;
    uint8_t *filter = malloc(FILTER_SLOTS);
    uint64_t *freq[MAXN + 1] = { NULL };
    int failed = !filter;
    for (int n = 2; n <= MAXN; n++)
        failed |= !(freq[n] = malloc((l->len / 64 + 1) * sizeof *freq[n]));
    size_t words = (l->len + 63) / 64;
    for (unsigned i = 0; i < nw; i++) {
        w[i].l = l;
        w[i].counts = counts;
        w[i].freq = freq;
        w[i].ct = &ct;
        w[i].nb = &nb;
        w[i].min_count = o->min_count;
        w[i].all = w;
        w[i].idx = i;
        w[i].nw = nw;
        for (unsigned p = i; p < NPART; p += nw)
            w[i].own |= 1u << p;
        w[i].from = words * i / nw * 64;
        w[i].to = i + 1 < nw ? words * (i + 1) / nw * 64 : l->len;
    }
    /* Each length is counted first in one sweep, every n-gram stored: on
     * the texts of the law corpus (58 MB) fewer than a million n-grams of
     * each length pass the prefix and suffix test, and the tables stay below
     * the filter's size. When a table grows past STORE_LIMIT, the n-grams
     * are counted again with the filter's two sweeps, which bound memory
     * whatever the texts. The counts, hence the words, are the same either
     * way (bench/RESULTS.md). */
    for (int n = 2; n <= MAXN && !failed; n++) {
        for (unsigned i = 0; i < nw; i++)
            w[i].filter = NULL;
        int r = sweep(w, nw, n, STORE);
        if (r > 0) {
            parts_free(&counts[n]);
            for (unsigned i = 0; i < nw; i++) {
                w[i].filter = filter;
                w[i].overflow = 0;
            }
            r = sweep(w, nw, n, FILTER) < 0 || sweep(w, nw, n, STORE) != 0 ? -1 : 0;
        }
        failed = r < 0 || run_step(w, nw, n, MARK) < 0;
    }
    free(filter);
    if (failed)
        goto done;
    /* cohesion */
    for (int n = 2; n <= MAXN; n++) {
        for (int p = 0; p < NPART; p++) {
            ngtab *t = &counts[n].p[p].t;
            for (size_t i = 0; i < t->cap; i++) {
                uint64_t k = t->key[i];
                if (!k || t->val[i] < o->min_count)
                    continue;
                double coh = 1e9;
                for (int s = 1; s < n; s++) {
                    uint64_t a = k & ((1ULL << (16 * s)) - 1), b = k >> (16 * s);
                    double ca = (double)key_count(l, counts, a), cb = (double)key_count(l, counts, b);
                    double pmi = log((double)t->val[i] * (double)N / (ca * cb));
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
                cs[ncs++] = (cand){ k, t->val[i], coh, 0.0, 0.0 };
            }
        }
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
    for (int n = 0; n <= MAXN; n++)
        parts_free(&counts[n]);
    /* neighbours, counted for one length of candidates at a time, so that
     * the tables hold about a third of them */
    for (unsigned i = 0; i < nw; i++)
        w[i].cs = cs;
    for (int n = 2; n <= MAXN; n++)
        if (sweep(w, nw, n, NEIGHBOURS) < 0)
            goto done;
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
    for (int n = 0; n <= MAXN; n++) {
        parts_free(&counts[n]);
        free(freq[n]);
    }
    ng_free(&ct);
    parts_free(&nb);
    free(cs);
    for (unsigned i = 0; i < nw; i++)
        for (int p = 0; p < NPART; p++)
            free(w[i].buf[p]);
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

static void opts_defaults(pol_lexicon_opts *o)
{
    if (!o->min_count) o->min_count = 5;
    if (o->min_cohesion == 0.0) o->min_cohesion = 3.0;
    if (o->min_entropy == 0.0) o->min_entropy = 1.5;
    if (!o->max_text_bytes) o->max_text_bytes = 64ULL << 20;
}

/* Learns lx's words from the document texts of the databases at paths[0..n),
 * read in that order (the order in which a merge of them in that order
 * numbers the documents). read_done, when given, is called once the texts
 * are read: the databases are not used after it. err names `name`. */
static pol_status learn_sources(char *const *paths, size_t n, const char *name, const pol_lexicon_opts *o,
                                pol_lexicon *lx, pol_lexicon_stats *stats, void (*read_done)(void *),
                                void *rd_ctx, char *err, size_t errlen)
{
    learner l;
    memset(&l, 0, sizeof l);
    doc_list dl;
    memset(&dl, 0, sizeof dl);
    char dberr[256] = "";
    pol_status st = learner_init(&l) < 0 ? POL_ENOMEM : POL_OK;
    for (size_t i = 0; i < n && st >= 0; i++) {
        dl.src = (unsigned)i;
        if ((st = pol__x_db_open(&dl.db, paths[i])) >= 0) {
            st = pol__x_db_postlist(dl.db, POL_P_RECTYPE "d", strlen(POL_P_RECTYPE "d"), list_record, &dl);
            if (st >= 0)
                st = dl.rc;
        }
        if (st < 0 && st != POL_ECORRUPT && st != POL_ENOMEM)
            snprintf(dberr, sizeof dberr, "%s", pol__x_errmsg());
        pol__x_db_free(dl.db);
        dl.db = NULL;
    }
    if (st == POL_ECORRUPT) {
        set_err(err, errlen, "%s: a document's stored data cannot be decoded: the index is damaged; "
                "run polindex --rebuild", name);
    } else if (st >= 0) {
        uint64_t keep_below = dl.total <= o->max_text_bytes
                                  ? (1ULL << 32)
                                  : (uint64_t)((double)o->max_text_bytes / (double)dl.total * 4294967296.0);
        st = read_texts(&l, paths, &dl, keep_below, o->jobs, &stats->text_bytes, dberr, sizeof dberr);
    }
    if (read_done)
        read_done(rd_ctx);
    if (st < 0 && st != POL_ECORRUPT)
        set_err(err, errlen, "%s: cannot read the indexed texts: %s", name,
                st == POL_ENOMEM ? "out of memory" : dberr[0] ? dberr : pol_status_str(st));
    if (st >= 0 && (st = learn(&l, o, lx, stats)) < 0)
        set_err(err, errlen, "learning the lexicon failed: %s", pol_status_str(st));
    learner_free(&l);
    free(dl.v);
    return st;
}

/* Stores lx (learned) and users (the word list) in db and commits. */
static pol_status store_lexicon(polx_db *db, const char *name, pol_lexicon *lx, pol_lexicon *users, char *err,
                                size_t errlen)
{
    pol_buf lb = POL_BUF_INIT, ub = POL_BUF_INIT;
    pol_status st;
    if ((st = rehash(lx)) < 0 || (st = rehash(users)) < 0)
        return st;
    serialize(lx, 0, &lb);
    serialize(users, 1, &ub);
    if (lb.oom || ub.oom) {
        st = POL_ENOMEM;
    } else if ((st = pol__x_db_set_metadata(db, POL_M_LEXICON, lb.data ? lb.data : "", lb.len)) < 0 ||
               (st = pol__x_db_set_metadata(db, POL_M_WORDS, ub.data ? ub.data : "", ub.len)) < 0 ||
               (st = store_word_keys(db, lx, users)) < 0 || (st = pol__x_db_commit(db)) < 0) {
        /* an empty value removes the key */
        set_err(err, errlen, "%s: cannot store the lexicon: %s", name, pol__x_errmsg());
    }
    pol__buf_free(&lb);
    pol__buf_free(&ub);
    return st;
}

/* The word list stored in db, into users. */
static pol_status stored_words(polx_db *db, const char *name, pol_lexicon *users, char *err, size_t errlen)
{
    char *old_user = NULL;
    size_t oul = 0;
    pol_status st = pol__x_db_get_metadata(db, POL_M_WORDS, &old_user, &oul);
    if (st < 0)
        set_err(err, errlen, "%s: cannot read the word list: %s", name, pol__x_errmsg());
    else if (old_user)
        st = parse_lines(users, old_user, oul, 0);
    free(old_user);
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
    opts_defaults(&o);
    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof *stats);
    if (err && errlen)
        err[0] = '\0';

    pol_lexicon *lx = NULL, *users = NULL;
    polx_db *db = NULL;
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pol_status st = pol__x_db_open_writable(&db, dbpath, POLX_OPEN);
    if (st < 0) {
        set_err(err, errlen, "%s: cannot open the index for writing: %s", dbpath, pol__x_errmsg());
        return st;
    }
    char *const paths[1] = { (char *)(uintptr_t)dbpath };
    if ((st = pol_lexicon_new(&lx)) >= 0 && (st = pol_lexicon_new(&users)) >= 0) {
        /* the user word list: the new one, or the one stored before */
        st = user_words ? read_user_words(users, user_words, bad_line, ctx, err, errlen)
                        : stored_words(db, dbpath, users, err, errlen);
    }
    stats->user = users ? users->n : 0;
    if (st >= 0 && (st = learn_sources(paths, 1, dbpath, &o, lx, stats, NULL, NULL, err, errlen)) >= 0)
        st = store_lexicon(db, dbpath, lx, users, err, errlen);
    stats->seconds = pol__seconds_since(&t0);
    if (st == POL_ENOMEM && err && errlen && !err[0])
        set_err(err, errlen, "out of memory");
    pol_lexicon_free(lx);
    pol_lexicon_free(users);
    pol__x_db_free(db);
    return st;
}

/* ---- learning beside a merge (index.c) ---- */

struct pol__learn_job {
    char **paths;
    size_t n;
    pol_lexicon_opts o;
    pol_lexicon *lx;
    pol_lexicon_stats stats;
    pol_status rc;
    char err[512];
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    int read_done;
    struct timespec t0;
};

static void job_read_done(void *arg)
{
    pol__learn_job *j = arg;
    pthread_mutex_lock(&j->mu);
    j->read_done = 1;
    pthread_cond_broadcast(&j->cv);
    pthread_mutex_unlock(&j->mu);
}

static void *job_run(void *arg)
{
    pol__learn_job *j = arg;
    j->rc = learn_sources(j->paths, j->n, j->paths[0], &j->o, j->lx, &j->stats, job_read_done, j, j->err,
                          sizeof j->err);
    return NULL;
}

static void job_free(pol__learn_job *j)
{
    for (size_t i = 0; i < j->n; i++)
        free(j->paths[i]);
    free(j->paths);
    pol_lexicon_free(j->lx);
    pthread_mutex_destroy(&j->mu);
    pthread_cond_destroy(&j->cv);
    free(j);
}

pol_status pol__lexicon_learn_start(pol__learn_job **out, char *const *paths, size_t n,
                                    const pol_lexicon_opts *opts)
{
    *out = NULL;
    pol__learn_job *j = calloc(1, sizeof *j);
    if (!j)
        return POL_ENOMEM;
    pthread_mutex_init(&j->mu, NULL);
    pthread_cond_init(&j->cv, NULL);
    pol_lexicon_opts o = POL_LEXICON_OPTS_INIT;
    if (opts)
        o = *opts;
    opts_defaults(&o);
    j->o = o;
    pol_status st = (j->paths = calloc(n ? n : 1, sizeof *j->paths)) ? POL_OK : POL_ENOMEM;
    for (size_t i = 0; i < n && st >= 0; i++, j->n++)
        if (!(j->paths[i] = pol__strdup(paths[i])))
            st = POL_ENOMEM;
    if (st >= 0)
        st = pol_lexicon_new(&j->lx);
    clock_gettime(CLOCK_MONOTONIC, &j->t0);
    if (st >= 0 && pthread_create(&j->th, NULL, job_run, j) != 0)
        st = POL_EINTERNAL;
    if (st < 0) {
        job_free(j);
        return st;
    }
    *out = j;
    return POL_OK;
}

void pol__lexicon_learn_wait_read(pol__learn_job *j)
{
    if (!j)
        return;
    pthread_mutex_lock(&j->mu);
    while (!j->read_done)
        pthread_cond_wait(&j->cv, &j->mu);
    pthread_mutex_unlock(&j->mu);
}

pol_status pol__lexicon_learn_finish(pol__learn_job *j, polx_db *db, const char *name,
                                     pol_lexicon_stats *stats, char *err, size_t errlen)
{
    if (!j)
        return POL_OK;
    if (err && errlen)
        err[0] = '\0';
    pthread_join(j->th, NULL);
    pol_status st = j->rc;
    if (st < 0)
        set_err(err, errlen, "%s", j->err[0] ? j->err : pol_status_str(st));
    pol_lexicon *users = NULL;
    if (st >= 0 && db && (st = pol_lexicon_new(&users)) >= 0 &&
        (st = stored_words(db, name, users, err, errlen)) >= 0) {
        j->stats.user = users->n;
        st = store_lexicon(db, name, j->lx, users, err, errlen);
    }
    if (st == POL_ENOMEM && err && errlen && !err[0])
        set_err(err, errlen, "out of memory");
    j->stats.seconds = pol__seconds_since(&j->t0);
    if (stats)
        *stats = j->stats;
    pol_lexicon_free(users);
    job_free(j);
    return st;
}
