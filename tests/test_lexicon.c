/* test_lexicon.c — the corpus lexicon: learning over real policy texts from
 * ../shared/corpus, checked against plain counts of the same normalized
 * texts; determinism (indexing order does not matter); user word lists
 * (normalization, bad lines, persistence, clearing); error paths. */
#define _XOPEN_SOURCE 700
#include "polsearch/polsearch.h"
#include "lexicon_int.h"
#include "schema.h"
#include "testlib.h"
#include "xapian_c.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>

#define MAXF 64

static char paths[MAXF][PATH_MAX];
static size_t np;

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void pick(const char *sub, size_t max)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/%s", POL_SHARED_CORPUS, sub);
    struct dirent **names;
    int n = scandir(dir, &names, NULL, name_cmp);
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && k < max && np < MAXF &&
            strlen(dir) + strlen(names[i]->d_name) + 2 < PATH_MAX) {
            char p[2 * PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", dir, names[i]->d_name);
            if (realpath(p, paths[np])) {
                np++;
                k++;
            }
        }
        free(names[i]);
    }
    if (n > 0)
        free(names);
    CHECK_MSG(k > 0, "no files in %s", dir);
}

static void build(const char *db, int reverse)
{
    pol_index *ix = NULL;
    CHECK_EQ_INT(pol_index_open(&ix, db, NULL), POL_OK);
    for (size_t i = 0; i < np; i++)
        CHECK_EQ_INT(pol_index_add_path(ix, paths[reverse ? np - 1 - i : i]), POL_OK);
    CHECK_EQ_INT(pol_index_commit(ix), POL_OK);
    pol_index_free(ix);
}

/* The normalized text of every document, joined by newlines. */
typedef struct texts {
    pol_analyzer *an;
    char *all;
    size_t len;
} texts;

static int keep(void *ctx, pol_doc *d)
{
    texts *t = ctx;
    char *n = NULL;
    size_t nl = 0;
    if (pol_analyzer_normalize(t->an, d->text, d->text_len, &n, &nl) == POL_OK) {
        char *a = realloc(t->all, t->len + nl + 2);
        if (a) {
            t->all = a;
            memcpy(a + t->len, n, nl);
            t->len += nl;
            a[t->len++] = '\n';
            a[t->len] = '\0';
        }
    }
    free(n);
    pol_doc_free(d);
    return 0;
}

/* Occurrences of w in s, overlapping ones included. */
static unsigned long occurrences(const char *s, const char *w)
{
    unsigned long n = 0;
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
        n++;
    return n;
}

static const pol_lexicon_word *find(const pol_lexicon *lx, const char *w)
{
    for (size_t i = 0; i < pol_lexicon_size(lx); i++)
        if (!strcmp(pol_lexicon_get(lx, i)->word, w))
            return pol_lexicon_get(lx, i);
    return NULL;
}

static unsigned bad_lines[16];
static size_t nbad;
static void on_bad(void *ctx, unsigned line, const char *msg)
{
    (void)ctx;
    CHECK(strstr(msg, "skipped") != NULL);
    if (nbad < 16)
        bad_lines[nbad++] = line;
}

static int rm_cb(const char *p, const struct stat *sb, int f, struct FTW *w)
{
    (void)sb; (void)f; (void)w;
    return remove(p);
}

static char *meta_dump(const char *db)
{
    /* the stored lexicon, as a string, through the public API */
    pol_lexicon *lx = NULL;
    char err[256];
    if (pol_lexicon_load(&lx, db, err, sizeof err) != POL_OK)
        return NULL;
    size_t cap = 1 << 16, len = 0;
    char *s = malloc(cap);
    for (size_t i = 0; s && i < pol_lexicon_size(lx); i++) {
        const pol_lexicon_word *w = pol_lexicon_get(lx, i);
        char line[256];
        int n = snprintf(line, sizeof line, "%s %lu %.4f %.4f %d %d\n", w->word, w->count,
                         w->cohesion, w->entropy, w->user, w->icu_split);
        if (len + (size_t)n + 1 > cap) {
            char *ns = realloc(s, cap *= 2);
            if (!ns) { free(s); s = NULL; break; }
            s = ns;
        }
        memcpy(s + len, line, (size_t)n);
        len += (size_t)n;
        s[len] = '\0';
    }
    pol_lexicon_free(lx);
    return s;
}

/* 1 when the word is found through dbpath's word keys, 0 when not, -1 when
 * the keys are missing or do not count as many words as full holds. */
static int keyed_find(const char *dbpath, const char *word, const pol_lexicon *full)
{
    polx_db *db = NULL;
    pol_lexicon *keyed = NULL;
    int added = 0, found = -1;
    if (pol__x_db_open(&db, dbpath) < 0 || pol_lexicon_new(&keyed) < 0 ||
        pol__lexicon_add_index(keyed, db, &added) < 0 || !added) {
        pol__x_db_free(db);
    } else if (pol_lexicon_size(keyed) == pol_lexicon_size(full)) {
        found = pol__lexicon_find(keyed, word, strlen(word)) >= 0;
    }
    pol_lexicon_free(keyed);
    return found;
}

int main(void)
{
    /* the poverty-alleviation plans, State Council documents, COVID policies */
    pick("seeds", 2);
    pick("govcn_sc2019/docs", 30);
    pick("ncp_policies_qa/docs", 30);
    char tmp[] = "/tmp/test_lexicon.XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char db1[PATH_MAX], db2[PATH_MAX], words[PATH_MAX], err[512];
    snprintf(db1, sizeof db1, "%s/a", tmp);
    snprintf(db2, sizeof db2, "%s/b", tmp);
    snprintf(words, sizeof words, "%s/words.txt", tmp);
    build(db1, 0);

    pol_lexicon_opts lo = POL_LEXICON_OPTS_INIT;
    lo.min_count = 3; /* a small corpus */
    pol_lexicon_stats ls;
    CHECK_EQ_INT(pol_lexicon_learn(db1, &lo, NULL, NULL, NULL, &ls, err, sizeof err), POL_OK);
    printf("learned %zu words from %llu bytes (%llu CJK characters, %zu candidates)\n", ls.learned,
           ls.text_bytes, ls.cjk_chars, ls.candidates);
    CHECK(ls.learned > 100 && ls.learned < ls.candidates);
    pol_lexicon *lx = NULL;
    CHECK_EQ_INT(pol_lexicon_load(&lx, db1, err, sizeof err), POL_OK);
    if (!lx)
        return TEST_DONE();
    CHECK_EQ_INT(pol_lexicon_size(lx), ls.learned);

    /* domain words that ICU's dictionary splits are learned */
    static const char *const domain[] = { "扶贫", "帮扶", "十三五", "疫情" };
    for (size_t i = 0; i < sizeof domain / sizeof *domain; i++) {
        const pol_lexicon_word *w = find(lx, domain[i]);
        CHECK_MSG(w != NULL, "%s not learned", domain[i]);
        if (w)
            CHECK_MSG(w->icu_split, "ICU does not split %s", domain[i]);
    }

    /* the searcher's lookup-only reading of the stored lexicon (plus a user
     * list with a duplicate and malformed lines) finds the same words: every
     * stored word, and none of their one-character-shorter prefixes that is
     * not a word itself */
    {
        polx_db *db = NULL;
        char *learned = NULL;
        size_t ll = 0;
        static const char user_text[] = "扶贫\n十三五规划\nx\n\n一\n";
        pol_lexicon *quick = NULL, *full = NULL;
        CHECK_EQ_INT(pol__x_db_open(&db, db1), POL_OK);
        CHECK_EQ_INT(pol__x_db_get_metadata(db, POL_M_LEXICON, &learned, &ll), POL_OK);
        CHECK(learned != NULL);
        char *user = strdup(user_text), *lcopy = learned ? strdup(learned) : NULL;
        CHECK_EQ_INT(pol_lexicon_new(&quick), POL_OK);
        CHECK_EQ_INT(pol_lexicon_new(&full), POL_OK);
        CHECK_EQ_INT(pol__lexicon_parse(full, learned, ll, user_text, strlen(user_text)), POL_OK);
        CHECK_EQ_INT(pol__lexicon_take_words(quick, lcopy, ll, user, strlen(user_text)), POL_OK);
        CHECK_EQ_INT(pol__lexicon_max_chars(quick), pol__lexicon_max_chars(full));
        size_t words = 0, differ = 0;
        for (size_t i = 0; i < pol_lexicon_size(full); i++) {
            const pol_lexicon_word *w = pol_lexicon_get(full, i);
            size_t n = strlen(w->word);
            words++;
            differ += pol__lexicon_find(quick, w->word, n) < 0;
            while (n > 0 && ((unsigned char)w->word[n - 1] & 0xc0) == 0x80)
                n--;
            if (n > 0)
                n--; /* the prefix without the last character */
            differ += (pol__lexicon_find(quick, w->word, n) < 0) != (pol__lexicon_find(full, w->word, n) < 0);
        }
        CHECK(words > 100);
        CHECK_EQ_INT(differ, 0);
        CHECK(pol__lexicon_find(quick, "十三五规划", strlen("十三五规划")) >= 0);
        CHECK(pol__lexicon_find(quick, "x", 1) < 0);
        free(learned);
        pol_lexicon_free(quick);

        /* the same through the index's word keys, read as asked for */
        pol_lexicon *keyed = NULL;
        int added = 0;
        CHECK_EQ_INT(pol_lexicon_new(&keyed), POL_OK);
        CHECK_EQ_INT(pol__lexicon_add_index(keyed, db, &added), POL_OK);
        CHECK_EQ_INT(added, 1);
        if (!added)
            pol__x_db_free(db);
        CHECK_EQ_INT(pol_lexicon_size(keyed), pol_lexicon_size(lx));
        CHECK_EQ_INT(pol__lexicon_max_chars(keyed), pol__lexicon_max_chars(lx));
        differ = 0;
        for (size_t i = 0; i < pol_lexicon_size(lx); i++) {
            const pol_lexicon_word *w = pol_lexicon_get(lx, i);
            size_t n = strlen(w->word);
            differ += pol__lexicon_find(keyed, w->word, n) < 0;
            while (n > 0 && ((unsigned char)w->word[n - 1] & 0xc0) == 0x80)
                n--;
            if (n > 0)
                n--;
            differ += (pol__lexicon_find(keyed, w->word, n) < 0) != (pol__lexicon_find(lx, w->word, n) < 0);
        }
        CHECK_EQ_INT(differ, 0);
        CHECK(pol__lexicon_find(keyed, "x", 1) < 0);
        pol_lexicon_free(keyed);
        pol_lexicon_free(full);
    }

    /* counts agree with a plain scan of the same normalized texts (a word
     * across two sections is counted by the scan only); thresholds hold;
     * a prefix or suffix always followed or preceded by the same character
     * (no branching) is not a word on its own */
    texts t = { NULL, NULL, 0 };
    pol_analyzer_new(&t.an);
    for (size_t i = 0; i < np; i++) {
        pol_read_opts ro = POL_READ_OPTS_INIT;
        pol_read_file(paths[i], &ro, keep, NULL, &t, NULL, 0);
    }
    size_t checked = 0, fragments = 0, count_off = 0;
    for (size_t i = 0; i < pol_lexicon_size(lx) && t.all; i++) {
        const pol_lexicon_word *w = pol_lexicon_get(lx, i);
        unsigned long n = occurrences(t.all, w->word);
        if (n < w->count || n > w->count + w->count / 20 + 2) {
            count_off++;
            fprintf(stderr, "%s: count %lu, plain scan %lu\n", w->word, w->count, n);
        }
        CHECK(w->count >= 3 && w->cohesion >= 3.0 && w->entropy >= 1.5 && !w->user);
        CHECK(w->chars >= 2 && w->chars <= 4);
        checked++;
        if (w->chars >= 3) {
            /* the word minus its last / first character */
            size_t wl = strlen(w->word), last = wl;
            while (last > 0 && ((unsigned char)w->word[last - 1] & 0xc0) == 0x80)
                last--;
            last--;
            size_t first = 1;
            while (((unsigned char)w->word[first] & 0xc0) == 0x80)
                first++;
            char pre[64], suf[64];
            snprintf(pre, sizeof pre, "%.*s", (int)last, w->word);
            snprintf(suf, sizeof suf, "%s", w->word + first);
            if (occurrences(t.all, pre) == n) {
                fragments++;
                CHECK_MSG(!find(lx, pre), "%s is only ever part of %s", pre, w->word);
            }
            if (occurrences(t.all, suf) == n) {
                fragments++;
                CHECK_MSG(!find(lx, suf), "%s is only ever part of %s", suf, w->word);
            }
        }
    }
    printf("%zu words checked against a plain scan, %zu with another count; %zu fragments rejected\n",
           checked, count_off, fragments);
    CHECK_EQ_INT(count_off, 0);
    CHECK(fragments > 0);

    /* deterministic: the same files indexed in the other order, learned on
     * three threads, give the same lexicon */
    build(db2, 1);
    pol_lexicon_opts lo3 = lo;
    lo3.jobs = 3;
    CHECK_EQ_INT(pol_lexicon_learn(db2, &lo3, NULL, NULL, NULL, NULL, err, sizeof err), POL_OK);
    char *m1 = meta_dump(db1), *m2 = meta_dump(db2);
    CHECK(m1 && m2 && strlen(m1) > 1000);
    CHECK(m1 && m2 && !strcmp(m1, m2));
    free(m2);
    /* counted through the filter (the tables' limit reached at once, at
     * every length), the same again */
    pol__lexicon_store_limit(1);
    CHECK_EQ_INT(pol_lexicon_learn(db2, &lo3, NULL, NULL, NULL, NULL, err, sizeof err), POL_OK);
    pol__lexicon_store_limit(0);
    m2 = meta_dump(db2);
    CHECK(m1 && m2 && !strcmp(m1, m2));
    free(m1);
    free(m2);

    /* user words: normalized (traditional, full-width), bad lines reported
     * with their numbers and skipped, comments ignored */
    FILE *f = fopen(words, "w");
    CHECK(f != NULL);
    if (f) {
        fputs("# my words\n對口支援\n  电商扶贫  # inline comment\nab\n一\n"
              "一二三四五六七八九\n扶贫\n\n", f);
        fclose(f);
    }
    CHECK_EQ_INT(pol_lexicon_learn(db1, &lo, words, on_bad, NULL, &ls, err, sizeof err), POL_OK);
    CHECK_EQ_INT(nbad, 3);
    CHECK(nbad == 3 && bad_lines[0] == 4 && bad_lines[1] == 5 && bad_lines[2] == 6);
    CHECK_EQ_INT(ls.user, 3);
    pol_lexicon_free(lx);
    CHECK_EQ_INT(pol_lexicon_load(&lx, db1, err, sizeof err), POL_OK);
    const pol_lexicon_word *w = lx ? find(lx, "对口支援") : NULL;
    CHECK(w && w->user);
    w = lx ? find(lx, "扶贫") : NULL;
    CHECK(w && w->user && w->count > 0); /* learned and listed: both */
    CHECK(lx && find(lx, "电商扶贫") && !find(lx, "ab"));
    CHECK_EQ_INT(keyed_find(db1, "电商扶贫", lx), 1);
    CHECK_EQ_INT(keyed_find(db1, "对口支援", lx), 1);
    /* relearning keeps the list; an empty list clears it */
    CHECK_EQ_INT(pol_lexicon_learn(db1, &lo, NULL, NULL, NULL, &ls, err, sizeof err), POL_OK);
    CHECK_EQ_INT(ls.user, 3);
    f = fopen(words, "w");
    if (f)
        fclose(f);
    CHECK_EQ_INT(pol_lexicon_learn(db1, &lo, words, NULL, NULL, &ls, err, sizeof err), POL_OK);
    CHECK_EQ_INT(ls.user, 0);
    pol_lexicon_free(lx);
    CHECK_EQ_INT(pol_lexicon_load(&lx, db1, err, sizeof err), POL_OK);
    w = lx ? find(lx, "对口支援") : NULL;
    CHECK(lx && (!w || !w->user));
    CHECK(lx && !find(lx, "电商扶贫"));
    /* the word keys follow: the cleared user words are gone, learned ones stay */
    CHECK_EQ_INT(keyed_find(db1, "电商扶贫", lx), 0);
    CHECK_EQ_INT(keyed_find(db1, "扶贫", lx), 1);

    /* pol_lexicon_add_user takes words only */
    CHECK_EQ_INT(pol_lexicon_add_user(lx, "黔東南", strlen("黔東南")), POL_OK);
    CHECK(find(lx, "黔东南") != NULL);
    CHECK_EQ_INT(pol_lexicon_add_user(lx, "2020", 4), POL_EINVAL);
    CHECK_EQ_INT(pol_lexicon_add_user(lx, "电", strlen("电")), POL_EINVAL);

    /* error paths: a missing index, a missing word list */
    char missing[PATH_MAX];
    snprintf(missing, sizeof missing, "%s/none", tmp);
    pol_lexicon *none = NULL;
    CHECK(pol_lexicon_load(&none, missing, err, sizeof err) < 0 && none == NULL);
    CHECK(strstr(err, "cannot open index") != NULL);
    CHECK(pol_lexicon_learn(missing, NULL, NULL, NULL, NULL, NULL, err, sizeof err) < 0);
    CHECK(strstr(err, missing) != NULL);
    CHECK_EQ_INT(pol_lexicon_learn(db1, NULL, missing, NULL, NULL, NULL, err, sizeof err), POL_ENOTFOUND);
    CHECK(strstr(err, "cannot read the word list") != NULL);

    pol_lexicon_free(lx);
    pol_analyzer_free(t.an);
    free(t.all);
    nftw(tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return TEST_DONE();
}
