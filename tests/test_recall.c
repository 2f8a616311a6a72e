/* test_recall.c — literal recall: for random substrings (1 to 12 characters:
 * CJK, digits, Latin, mixed) of real documents from ../shared/corpus, the set
 * of documents polsearch finds must contain every document whose normalized
 * text contains the substring (a plain scan of the same texts). Traditional
 * documents (mojlaw_tw) are queried in simplified, and simplified documents
 * in traditional (ICU's Simplified-Traditional makes the query). */
#define _XOPEN_SOURCE 700
#include "polsearch/polsearch.h"
#include "testlib.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define MAXDOCS 400

typedef struct corpus {
    char *key[MAXDOCS];
    char *norm[MAXDOCS];  /* normalized text */
    char *orig[MAXDOCS];  /* cleaned text as indexed */
    int trad[MAXDOCS];
    size_t n;
    pol_analyzer *an;
    int cur_trad;
} corpus;

static int keep(void *ctx, pol_doc *d)
{
    corpus *c = ctx;
    if (c->n < MAXDOCS) {
        size_t nl = 0;
        c->key[c->n] = strdup(d->key);
        c->orig[c->n] = strdup(d->text);
        pol_analyzer_normalize(c->an, d->text, d->text_len, &c->norm[c->n], &nl);
        c->trad[c->n] = c->cur_trad;
        c->n++;
    }
    pol_doc_free(d);
    return 0;
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

/* The first `max` files of a folder, in name order. */
static size_t pick(const char *dir, size_t max, char paths[][PATH_MAX], size_t at)
{
    struct dirent **names;
    int n = scandir(dir, &names, NULL, name_cmp);
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && k < max && pol_read_supported(names[i]->d_name)) {
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", dir, names[i]->d_name);
            if (realpath(p, paths[at + k]))
                k++;
        }
        free(names[i]);
    }
    if (n > 0)
        free(names);
    return k;
}

static uint64_t rng = 88172645463325252ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static int rm_cb(const char *p, const struct stat *sb, int f, struct FTW *w)
{
    (void)sb; (void)f; (void)w;
    return remove(p);
}

/* Simplified -> Traditional, for querying simplified documents in traditional. */
static char *to_traditional(UTransliterator *t, const char *s)
{
    UChar u[256];
    int32_t len = 0, limit;
    UErrorCode err = U_ZERO_ERROR;
    u_strFromUTF8(u, 256, &len, s, -1, &err);
    limit = len;
    utrans_transUChars(t, u, &len, 256, 0, &limit, &err);
    char *out = malloc(1024);
    int32_t ol = 0;
    u_strToUTF8(out, 1024, &ol, u, len, &err);
    if (U_FAILURE(err)) {
        free(out);
        return NULL;
    }
    return out;
}

int main(void)
{
    static char paths[MAXDOCS][PATH_MAX];
    size_t np = 0;
    char dir[PATH_MAX];
    static const struct { const char *sub; size_t max; int trad; } sources[] = {
        { "seeds", 2, 0 }, { "govcn_sc2019/docs", 30, 0 }, { "lawrefbook/宪法", 6, 0 },
        { "lawrefbook/刑法", 13, 0 }, { "lawrefbook/民法典", 8, 0 }, { "mojlaw_tw/FalVMingLing", 60, 1 },
        { "ncp_policies_qa/docs", 80, 0 },
    };
    int trad_of[MAXDOCS];
    for (size_t i = 0; i < sizeof sources / sizeof *sources; i++) {
        snprintf(dir, sizeof dir, "%s/%s", POL_SHARED_CORPUS, sources[i].sub);
        size_t k = pick(dir, sources[i].max, paths, np);
        CHECK_MSG(k > 0, "no documents in %s", dir);
        for (size_t j = 0; j < k; j++)
            trad_of[np + j] = sources[i].trad;
        np += k;
    }
    char db[] = "/tmp/test_recall.XXXXXX";
    if (!mkdtemp(db))
        return 1;
    char dbpath[PATH_MAX];
    snprintf(dbpath, sizeof dbpath, "%s/db", db);
    pol_index *ix = NULL;
    CHECK_EQ_INT(pol_index_open(&ix, dbpath, NULL), POL_OK);
    for (size_t i = 0; i < np; i++)
        CHECK_EQ_INT(pol_index_add_path(ix, paths[i]), POL_OK);
    CHECK_EQ_INT(pol_index_commit(ix), POL_OK);
    pol_index_free(ix);

    corpus c;
    memset(&c, 0, sizeof c);
    pol_analyzer_new(&c.an);
    for (size_t i = 0; i < np; i++) {
        c.cur_trad = trad_of[i];
        pol_read_opts ro = POL_READ_OPTS_INIT;
        pol_read_file(paths[i], &ro, keep, NULL, &c, NULL, 0);
    }
    printf("%zu files, %zu documents\n", np, c.n);

    pol_searcher *s = NULL;
    const char *dbs[1] = { dbpath };
    CHECK_EQ_INT(pol_searcher_open(&s, dbs, 1), POL_OK);
    UErrorCode uerr = U_ZERO_ERROR;
    UChar tid[32];
    u_uastrcpy(tid, "Simplified-Traditional");
    UTransliterator *s2t = utrans_openU(tid, -1, UTRANS_FORWARD, NULL, 0, NULL, &uerr);
    CHECK(U_SUCCESS(uerr));

    size_t queries = 0, misses = 0, trad_q = 0, s2t_q = 0, mixed_q = 0;
    for (int attempt = 0; attempt < 20000 && queries < 600; attempt++) {
        size_t d = next_rand() % c.n;
        const char *t = c.norm[d];
        size_t len = strlen(t);
        if (len < 4)
            continue;
        /* a start on a character boundary; a third of the samples start at a
         * digit or Latin letter */
        size_t at = next_rand() % len;
        while (at > 0 && ((unsigned char)t[at] & 0xc0) == 0x80)
            at--;
        if (queries % 3 == 0) {
            size_t k = at;
            while (k < len && !((t[k] >= '0' && t[k] <= '9') || (t[k] >= 'a' && t[k] <= 'z')))
                k++;
            if (k == len)
                continue;
            at = k > 2 ? k - 2 : k;
            while (at > 0 && ((unsigned char)t[at] & 0xc0) == 0x80)
                at--;
        }
        size_t want = 1 + next_rand() % 12, e = at, chars = 0;
        while (e < len && chars < want) {
            e++;
            while (e < len && ((unsigned char)t[e] & 0xc0) == 0x80)
                e++;
            chars++;
        }
        char sub[128];
        if (e - at >= sizeof sub)
            continue;
        memcpy(sub, t + at, e - at);
        sub[e - at] = '\0';
        if (strchr(sub, '"') || sub[0] == ' ' || (e - at > 0 && sub[e - at - 1] == ' '))
            continue;
        /* it must make at least one unit */
        int alnum = 0;
        for (const unsigned char *p = (const unsigned char *)sub; *p; p++)
            alnum |= *p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z');
        if (!alnum)
            continue;
        char *tq = NULL;
        const char *qtext = sub;
        if (!c.trad[d] && queries % 5 == 1) {
            tq = to_traditional(s2t, sub);
            if (tq && strcmp(tq, sub) != 0) {
                qtext = tq;
                s2t_q++;
            }
        }
        char query[300];
        snprintf(query, sizeof query, "\"%s\"", qtext);
        pol_search_opts o = POL_SEARCH_OPTS_INIT;
        o.limit = MAXDOCS;
        o.mode = POL_MATCH_ALL;
        o.max_sections = 1;
        pol_results *r = NULL;
        pol_status st = pol_search_run(s, query, &o, &r);
        if (st != POL_OK) {
            /* queries of punctuation alone have nothing to search */
            free(tq);
            continue;
        }
        queries++;
        trad_q += c.trad[d];
        for (const char *p = sub; *p; p++)
            if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z')) {
                mixed_q++;
                break;
            }
        for (size_t k = 0; k < c.n; k++) {
            if (!strstr(c.norm[k], sub))
                continue;
            int found = 0;
            for (size_t h = 0; h < pol_results_size(r) && !found; h++)
                found = !strcmp(pol_results_hit(r, h)->key, c.key[k]);
            if (!found) {
                misses++;
                fprintf(stderr, "MISS: query %s: %s not found\n", query, c.key[k]);
            }
        }
        pol_results_free(r);
        free(tq);
    }
    printf("%zu queries (%zu in traditional documents, %zu typed in traditional, %zu with digits or Latin): %zu documents missed\n",
           queries, trad_q, s2t_q, mixed_q, misses);
    CHECK(queries >= 500);
    CHECK(trad_q > 0 && s2t_q > 0 && mixed_q > 100);
    CHECK_EQ_INT(misses, 0);
    utrans_close(s2t);
    pol_searcher_free(s);
    pol_analyzer_free(c.an);
    for (size_t i = 0; i < c.n; i++) {
        free(c.key[i]);
        free(c.norm[i]);
        free(c.orig[i]);
    }
    nftw(db, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return TEST_DONE();
}
