/* test_dedup.c — near-duplicate groups on real text.
 * 1. Signatures: a repost with page chrome and other punctuation, and a
 *    traditional-script copy, are related to the original; a third of a text,
 *    and other documents, are not.
 * 2. The NCP documents (ncp_policies_qa/docs): the exact relation "at least
 *    80% of the smaller text's 5-character shingles occur in the other" is
 *    computed over every pair (shingles as exact code-point tuples, texts
 *    normalized as dedup.c does), the folder is indexed, and the groups stored
 *    in the index are scored against it (pair precision and recall, printed).
 *    The index's groups must also be exactly the connected components of the
 *    signature relation with the smallest key as id.
 *    The folder is indexed by two threads writing parts of the index that are
 *    merged at the end, so groups must be joined across parts.
 * 3. Incremental and order-independent: a subset is indexed in another order
 *    and in two steps, by one thread, then files are removed and added back;
 *    after each step the stored groups must equal the components of the
 *    documents present. */
#define _XOPEN_SOURCE 700
#include "polsearch/polsearch.h"
#include "analyzer_int.h"
#include "dedup.h"
#include "testlib.h"
#include "util.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#define NCP_DIR POL_SHARED_CORPUS "/ncp_policies_qa/docs"
#define MAXDOCS 1000

typedef struct shingle { uint64_t a, b; } shingle;

typedef struct doc {
    char *name;        /* file name */
    char *key;         /* key in the full index */
    char *text;        /* cleaned text */
    shingle *sh;       /* distinct shingles, sorted */
    size_t nsh;
    pol_dupsig sig;
} doc;

static char ncp_dir[PATH_MAX]; /* NCP_DIR resolved, as the index names files */
static doc docs[MAXDOCS];
static size_t ndocs;
static pol_analyzer *an;

static int keep(void *ctx, pol_doc *d)
{
    doc *o = ctx;
    if (!o->text) {
        o->key = strdup(d->key);
        o->text = strdup(d->text);
    }
    pol_doc_free(d);
    return 0;
}

static int sh_cmp(const void *x, const void *y)
{
    const shingle *a = x, *b = y;
    if (a->a != b->a)
        return a->a < b->a ? -1 : 1;
    return a->b < b->b ? -1 : a->b > b->b;
}

/* Exact distinct shingles of a text, normalized as dedup.c does. */
static void shingles(doc *d)
{
    uint32_t *cp = NULL;
    size_t n = 0;
    CHECK_EQ_INT(pol__dup_text(an, d->text, strlen(d->text), &cp, &n), POL_OK);
    d->nsh = 0;
    d->sh = malloc((n + 1) * sizeof *d->sh);
    for (size_t i = 0; i + POL_DUP_SHINGLE <= n; i++) {
        shingle s = { ((uint64_t)cp[i] << 42) | ((uint64_t)cp[i + 1] << 21) | cp[i + 2],
                      ((uint64_t)cp[i + 3] << 21) | cp[i + 4] };
        d->sh[d->nsh++] = s;
    }
    qsort(d->sh, d->nsh, sizeof *d->sh, sh_cmp);
    size_t k = 0;
    for (size_t i = 0; i < d->nsh; i++)
        if (k == 0 || sh_cmp(&d->sh[i], &d->sh[k - 1]) != 0)
            d->sh[k++] = d->sh[i];
    d->nsh = k;
    free(cp);
}

static int name_cmp(const struct dirent **a, const struct dirent **b)
{
    return strcmp((*a)->d_name, (*b)->d_name);
}

static void load_ncp(void)
{
    struct dirent **names;
    CHECK(realpath(NCP_DIR, ncp_dir) != NULL);
    int n = scandir(ncp_dir, &names, NULL, name_cmp);
    CHECK_MSG(n > 0, "cannot read %s", NCP_DIR);
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' && ndocs < MAXDOCS) {
            char p[PATH_MAX + 300];
            doc *d = &docs[ndocs];
            snprintf(p, sizeof p, "%s/%s", ncp_dir, names[i]->d_name);
            pol_read_opts ro = POL_READ_OPTS_INIT;
            pol_read_file(p, &ro, keep, NULL, d, NULL, 0);
            if (d->text) {
                d->name = strdup(names[i]->d_name);
                shingles(d);
                CHECK_EQ_INT(pol__dup_sign(an, d->text, strlen(d->text), &d->sig), POL_OK);
                ndocs++;
            }
        }
        free(names[i]);
    }
    if (n > 0)
        free(names);
}

static size_t uf_find(size_t *p, size_t x)
{
    while (p[x] != x)
        x = p[x] = p[p[x]];
    return x;
}

/* ---- 1. signatures on real text ---- */

static char *to_traditional(const char *s)
{
    UErrorCode err = U_ZERO_ERROR;
    UChar tid[32];
    u_uastrcpy(tid, "Simplified-Traditional");
    UTransliterator *t = utrans_openU(tid, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
    int32_t len = 0, cap = (int32_t)strlen(s) * 2 + 16;
    UChar *u = malloc((size_t)cap * sizeof *u);
    u_strFromUTF8(u, cap, &len, s, -1, &err);
    int32_t limit = len;
    utrans_transUChars(t, u, &len, cap, 0, &limit, &err);
    char *out = malloc((size_t)len * 4 + 1);
    int32_t ol = 0;
    u_strToUTF8(out, len * 4 + 1, &ol, u, len, &err);
    utrans_close(t);
    free(u);
    CHECK(U_SUCCESS(err));
    return out;
}

static int no_unit(void *ctx, const char *u, size_t len, size_t start, size_t end, unsigned pos,
                   unsigned flags)
{
    (void)ctx; (void)u; (void)len; (void)start; (void)end; (void)pos; (void)flags;
    return 0;
}

static void test_signatures(void)
{
    /* the longest NCP text of moderate size as the original */
    const doc *o = NULL;
    for (size_t i = 0; i < ndocs; i++)
        if (docs[i].nsh > 1500 && docs[i].nsh < 4000 && (!o || docs[i].nsh > o->nsh))
            o = &docs[i];
    CHECK(o != NULL);
    if (!o)
        return;
    size_t len = strlen(o->text);
    pol_dupsig so, sv;
    CHECK_EQ_INT(pol__dup_sign(an, o->text, len, &so), POL_OK);
    CHECK_EQ_INT(so.nshingles, o->nsh); /* distinct shingles, counted exactly */
    CHECK(pol__dup_related(&so, &so));
    CHECK(pol__dup_similarity(&so, &so) == 1.0);

    /* a repost: site chrome around it, full stops turned into commas */
    char *v = malloc(len * 2 + 512);
    strcpy(v, "首页 > 政策文件 > 正文\n来源：某市人民政府网站 发布时间：2020-02-11 浏览次数：1024\n"
              "【字体：大 中 小】 分享到：微信 微博 QQ空间\n");
    for (const char *p = o->text; *p; p++) {
        if (!strncmp(p, "。", 3)) {
            strcat(v, "，");
            p += 2;
        } else
            strncat(v, p, 1);
    }
    strcat(v, "\n扫一扫在手机打开当前页\n主办单位：某市人民政府办公室 网站标识码：0000000000\n");
    CHECK_EQ_INT(pol__dup_sign(an, v, strlen(v), &sv), POL_OK);
    CHECK_MSG(pol__dup_related(&so, &sv), "similarity %.3f", pol__dup_similarity(&so, &sv));
    CHECK(pol__dup_similarity(&so, &sv) > 0.9);
    free(v);

    /* the same text in traditional script */
    char *t = to_traditional(o->text);
    CHECK(strcmp(t, o->text) != 0);
    CHECK_EQ_INT(pol__dup_sign(an, t, strlen(t), &sv), POL_OK);
    CHECK_MSG(pol__dup_similarity(&so, &sv) > 0.97, "similarity %.3f", pol__dup_similarity(&so, &sv));
    CHECK(pol__dup_related(&so, &sv));
    /* the indexer's way: from the text the analyzer normalized when it
     * analyzed the document, the same signature */
    pol_dupsig sn;
    CHECK_EQ_INT(pol_analyzer_run(an, t, strlen(t), 1, no_unit, NULL, NULL), POL_OK);
    size_t nlen;
    const char *norm = pol__analyzer_normalized(an, &nlen);
    CHECK(nlen > 0 && strstr(norm, "国") != NULL); /* simplified */
    CHECK_EQ_INT(pol__dup_sign_normalized(norm, nlen, &sn), POL_OK);
    CHECK(memcmp(&sn, &sv, sizeof sn) == 0);
    free(t);

    /* its first third: contained, but not a copy of the whole */
    size_t third = pol__utf8_floor(o->text, len / 3);
    CHECK_EQ_INT(pol__dup_sign(an, o->text, third, &sv), POL_OK);
    CHECK(sv.nshingles < so.nshingles / 2);
    CHECK(!pol__dup_related(&so, &sv));

    /* too short to be grouped */
    CHECK_EQ_INT(pol__dup_sign(an, "电商扶贫。", strlen("电商扶贫。"), &sv), POL_OK);
    CHECK_EQ_INT(sv.nshingles, 0);
    CHECK(!pol__dup_related(&sv, &sv));

    /* signatures survive the index's encoding; other bytes are refused */
    char enc[POL_DUPSIG_BYTES];
    pol_dupsig back;
    pol__dup_encode(&so, enc);
    CHECK_EQ_INT(pol__dup_decode(&back, enc, sizeof enc), 0);
    CHECK(memcmp(&back, &so, sizeof so) == 0);
    CHECK_EQ_INT(pol__dup_decode(&back, enc, sizeof enc - 1), -1);
}

/* ---- 2. the NCP documents against the exact relation ---- */

typedef struct entry { shingle s; uint32_t d; } entry;

static int entry_cmp(const void *x, const void *y)
{
    const entry *a = x, *b = y;
    int c = sh_cmp(&a->s, &b->s);
    return c ? c : (a->d < b->d ? -1 : a->d > b->d);
}

/* truth[i * n + j]: the exact relation */
static unsigned char *exact_relation(void)
{
    size_t total = 0, n = ndocs;
    for (size_t i = 0; i < n; i++)
        total += docs[i].nsh;
    entry *e = malloc((total + 1) * sizeof *e);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < docs[i].nsh; j++)
            e[k++] = (entry){ docs[i].sh[j], (uint32_t)i };
    qsort(e, k, sizeof *e, entry_cmp);
    uint32_t *shared = calloc(n * n, sizeof *shared);
    for (size_t a = 0; a < k;) {
        size_t b = a;
        while (b < k && sh_cmp(&e[b].s, &e[a].s) == 0)
            b++;
        for (size_t x = a; x < b; x++)
            for (size_t y = x + 1; y < b; y++)
                shared[e[x].d * n + e[y].d]++;
        a = b;
    }
    unsigned char *truth = calloc(n * n, 1);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            size_t m = docs[i].nsh < docs[j].nsh ? docs[i].nsh : docs[j].nsh;
            /* shared >= 0.8 * m, in integers */
            truth[i * n + j] = truth[j * n + i] = m > 0 && (size_t)shared[i * n + j] * 5 >= m * 4;
        }
    free(shared);
    free(e);
    return truth;
}

static int rm_cb(const char *p, const struct stat *sb, int f, struct FTW *w)
{
    (void)sb; (void)f; (void)w;
    return remove(p);
}

/* The index's groups as group numbers per document (-1: alone); keys are
 * mapped to documents through `keyof`. Also checks each group's id. */
static void stored_groups(const char *dbpath, char **keyof, const int *present, long *grp)
{
    pol_searcher *s = NULL;
    pol_dupgroups *g = NULL;
    const char *dbs[1] = { dbpath };
    CHECK_EQ_INT(pol_searcher_open(&s, dbs, 1), POL_OK);
    CHECK_EQ_INT(pol_searcher_duplicates(s, &g), POL_OK);
    for (size_t i = 0; i < ndocs; i++)
        grp[i] = -1;
    for (size_t gi = 0; g && gi < pol_dupgroups_count(g); gi++) {
        size_t n;
        const pol_copy *c = pol_dupgroups_get(g, gi, &n);
        CHECK(n >= 2);
        if (gi > 0) {
            size_t pn;
            pol_dupgroups_get(g, gi - 1, &pn);
            CHECK(pn >= n); /* largest first */
        }
        for (size_t k = 0; k < n; k++) {
            size_t d;
            for (d = 0; d < ndocs && !(present[d] && !strcmp(keyof[d], c[k].key)); d++)
                ;
            CHECK_MSG(d < ndocs, "unknown key %s", c[k].key);
            if (d < ndocs) {
                CHECK(grp[d] == -1);
                grp[d] = (long)gi;
            }
            /* the first member is the group id: the smallest key */
            CHECK(k == 0 || strcmp(c[0].key, c[k].key) < 0);
            CHECK(c[k].similarity >= 0 && c[k].similarity <= 1);
        }
    }
    pol_dupgroups_free(g);
    pol_searcher_free(s);
}

/* The groups stored must be the components of pol__dup_related over the
 * present documents. Returns the number of disagreeing pairs. */
static size_t check_components(const char *dbpath, char **keyof, const int *present, const char *what)
{
    size_t n = ndocs, bad = 0, groups = 0;
    size_t *par = malloc(n * sizeof *par);
    long *grp = malloc(n * sizeof *grp);
    for (size_t i = 0; i < n; i++)
        par[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (present[i] && present[j] && uf_find(par, i) != uf_find(par, j) &&
                pol__dup_related(&docs[i].sig, &docs[j].sig))
                par[uf_find(par, i)] = uf_find(par, j);
    stored_groups(dbpath, keyof, present, grp);
    for (size_t i = 0; i < n; i++) {
        if (!present[i])
            continue;
        groups += grp[i] >= 0;
        for (size_t j = i + 1; j < n; j++) {
            if (!present[j])
                continue;
            int want = uf_find(par, i) == uf_find(par, j);
            int got = grp[i] >= 0 && grp[i] == grp[j];
            if (want != got && bad++ < 5)
                fprintf(stderr, "%s: %s and %s: want %s, index says %s\n", what, docs[i].name,
                        docs[j].name, want ? "together" : "apart", got ? "together" : "apart");
        }
    }
    printf("%s: %zu documents in groups, %zu pairs disagree with the components\n", what, groups, bad);
    free(par);
    free(grp);
    return bad;
}

/* jobs > 1: worker threads write parts that are merged (and grouped) at the end */
static void index_dir(const char *dbpath, const char *dir, int remove_missing, unsigned jobs)
{
    pol_index *ix = NULL;
    pol_index_opts o = POL_INDEX_OPTS_INIT;
    o.jobs = jobs;
    CHECK_EQ_INT(pol_index_open(&ix, dbpath, &o), POL_OK);
    CHECK_EQ_INT(pol_index_add_path(ix, dir), POL_OK);
    if (remove_missing)
        CHECK_EQ_INT(pol_index_remove_missing(ix, dir), POL_OK);
    CHECK_EQ_INT(pol_index_commit(ix), POL_OK);
    pol_index_free(ix);
}

int main(void)
{
    CHECK_EQ_INT(pol_analyzer_new(&an), POL_OK);
    load_ncp();
    printf("%zu NCP documents\n", ndocs);
    CHECK(ndocs > 500);
    if (ndocs < 2)
        return TEST_DONE();
    test_signatures();

    size_t n = ndocs;
    unsigned char *truth = exact_relation();
    size_t tpairs = 0, tdocs = 0;
    for (size_t i = 0; i < n; i++) {
        int has = 0;
        for (size_t j = 0; j < n; j++)
            if (i != j && truth[i * n + j]) {
                has = 1;
                tpairs += j > i;
            }
        tdocs += has;
    }
    printf("exact relation: %zu pairs, %zu documents with a near copy\n", tpairs, tdocs);
    CHECK(tpairs > 30); /* the corpus is known to hold reposts */

    char tmp[] = "/tmp/test_dedup.XXXXXX";
    CHECK(mkdtemp(tmp) != NULL);
    char dbpath[PATH_MAX], sub[PATH_MAX], db2[PATH_MAX];
    snprintf(dbpath, sizeof dbpath, "%s/db", tmp);
    snprintf(sub, sizeof sub, "%s/sub", tmp);
    snprintf(db2, sizeof db2, "%s/db2", tmp);
    index_dir(dbpath, ncp_dir, 0, 2); /* in parallel parts */

    int *all = malloc(n * sizeof *all);
    char **keys = malloc(n * sizeof *keys);
    for (size_t i = 0; i < n; i++) {
        all[i] = 1;
        keys[i] = docs[i].key;
    }
    long *grp = malloc(n * sizeof *grp);
    stored_groups(dbpath, keys, all, grp);
    size_t pp = 0, tp = 0, gdocs = 0, covered = 0;
    for (size_t i = 0; i < n; i++) {
        int in_truth = 0;
        for (size_t j = 0; j < n; j++) {
            if (j == i)
                continue;
            int same = grp[i] >= 0 && grp[i] == grp[j];
            in_truth |= truth[i * n + j];
            if (j > i) {
                pp += same;
                tp += same && truth[i * n + j];
            }
        }
        gdocs += grp[i] >= 0;
        covered += in_truth && grp[i] >= 0;
    }
    double precision = pp ? (double)tp / (double)pp : 0, recall = tpairs ? (double)tp / (double)tpairs : 0;
    printf("grouping vs exact relation: pairs precision %.3f (%zu of %zu), recall %.3f (%zu of %zu); "
           "documents with a near copy that are grouped: %zu of %zu; documents grouped: %zu\n",
           precision, tp, pp, recall, tp, tpairs, covered, tdocs, gdocs);
    /* floors well under what the method gives (see docs/duplicates.md) */
    CHECK_MSG(precision >= 0.9, "precision %.3f", precision);
    CHECK_MSG(recall >= 0.8, "recall %.3f", recall);
    CHECK(check_components(dbpath, keys, all, "full index") == 0);

    /* ---- 3. another order, in steps; removals and re-additions ---- */
    size_t *par = malloc(n * sizeof *par);
    for (size_t i = 0; i < n; i++)
        par[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (pol__dup_related(&docs[i].sig, &docs[j].sig))
                par[uf_find(par, i)] = uf_find(par, j);
    int *in_sub = calloc(n, sizeof *in_sub), *present = calloc(n, sizeof *present);
    char **subkey = calloc(n, sizeof *subkey);
    size_t nsub = 0, singles = 0;
    for (size_t i = 0; i < n; i++) {
        int grouped = 0;
        for (size_t j = 0; j < n && !grouped; j++)
            grouped = j != i && uf_find(par, i) == uf_find(par, j);
        if (grouped || singles++ < 12)
            in_sub[i] = 1, nsub++;
    }
    CHECK(mkdir(sub, 0700) == 0);
    /* link names reverse the order: the walk meets the last document first */
    for (size_t i = 0; i < n; i++) {
        if (!in_sub[i])
            continue;
        char link[PATH_MAX + 300];
        snprintf(link, sizeof link, "%s/%04zu-%s", sub, n - i, docs[i].name);
        subkey[i] = strdup(link);
    }
    char target[PATH_MAX + 300];
    for (int step = 0; step < 2; step++) {
        /* first the documents at odd positions, then the rest */
        size_t k = 0;
        for (size_t i = 0; i < n; i++) {
            if (!in_sub[i])
                continue;
            if ((k++ % 2 == 1) == (step == 0)) {
                snprintf(target, sizeof target, "%s/%s", ncp_dir, docs[i].name);
                CHECK(symlink(target, subkey[i]) == 0);
                present[i] = 1;
            }
        }
        index_dir(db2, sub, 1, 1);
        CHECK(check_components(db2, subkey, present, step ? "subset, all added" : "subset, half added") == 0);
    }
    /* remove the group id's document of every group, and a further member of
     * every third group: groups get new ids or split */
    size_t removed = 0, ng = 0;
    for (size_t i = 0; i < n; i++) {
        if (!in_sub[i] || uf_find(par, i) != i)
            continue;
        size_t first = SIZE_MAX, other = SIZE_MAX, members = 0;
        for (size_t j = 0; j < n; j++)
            if (in_sub[j] && uf_find(par, j) == i) {
                members++;
                if (first == SIZE_MAX || strcmp(subkey[j], subkey[first]) < 0)
                    first = j;
            }
        if (members < 2)
            continue;
        for (size_t j = 0; j < n; j++)
            if (in_sub[j] && uf_find(par, j) == i && j != first)
                other = j;
        unlink(subkey[first]);
        present[first] = 0;
        removed++;
        if (ng++ % 3 == 0 && members > 2) {
            unlink(subkey[other]);
            present[other] = 0;
            removed++;
        }
    }
    printf("subset of %zu documents; %zu removed\n", nsub, removed);
    index_dir(db2, sub, 1, 1);
    CHECK(check_components(db2, subkey, present, "subset, some removed") == 0);
    for (size_t i = 0; i < n; i++) {
        if (in_sub[i] && !present[i]) {
            snprintf(target, sizeof target, "%s/%s", ncp_dir, docs[i].name);
            CHECK(symlink(target, subkey[i]) == 0);
            present[i] = 1;
        }
    }
    index_dir(db2, sub, 1, 1);
    CHECK(check_components(db2, subkey, present, "subset, added back") == 0);

    nftw(tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    for (size_t i = 0; i < n; i++) {
        free(docs[i].name);
        free(docs[i].key);
        free(docs[i].text);
        free(docs[i].sh);
        free(subkey[i]);
    }
    free(subkey);
    free(in_sub);
    free(present);
    free(par);
    free(grp);
    free(keys);
    free(all);
    free(truth);
    pol_analyzer_free(an);
    return TEST_DONE();
}
