/* test_recall.c — literal recall: polsearch finds every document that
 * literally contains what the user typed.
 *
 * Real documents from ../shared/corpus (simplified policy texts, laws, the
 * traditional-script mojlaw_tw set, question-answer pages, provincial reports)
 * are indexed. Their cleaned texts are normalized a second time, by a
 * reference normalization that shares no code with the analyzer: ICU's full
 * NFKC_Casefold over UTF-16, ICU's Traditional-Simplified transliterator (the
 * slow one the analyzer's table replaces), whitespace runs collapsed to one
 * space and dropped between CJK characters. Each normalized text is written to
 * a file, and grep -F over those files is the reference: the set of documents
 * that literally contain a string.
 *
 * At least 500 random substrings (1 to 12 characters; CJK, digits, Latin and
 * mixed) are drawn and typed in four ways: as normalized (simplified, so
 * traditional documents are queried in simplified), converted to traditional
 * with ICU's Simplified-Traditional (simplified documents queried in
 * traditional), cut from the original un-normalized text (traditional,
 * full-width, upper case as written), and with ASCII letters and digits made
 * full-width and upper case. Each runs as a quoted phrase and, when it holds
 * no query syntax, also bare, with the lexicon learned from the indexed texts
 * marking the query's words. Every document grep finds for the query's
 * normalized form must be among polsearch's hits; documents polsearch finds
 * beyond grep (punctuation is not indexed, so "发展，改革" also matches 发展改革)
 * are counted and printed, not failed. */
#define _XOPEN_SOURCE 700
#include "polsearch/polsearch.h"
#include "testlib.h"

#include <dirent.h>
#include <ftw.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>
#include <unicode/utrans.h>

#define MAXDOCS 500

typedef struct corpus {
    char *key[MAXDOCS];
    char *orig[MAXDOCS]; /* cleaned text as indexed */
    size_t olen[MAXDOCS];
    int trad[MAXDOCS];
    size_t n;
    int cur_trad;
} corpus;

static int keep(void *ctx, pol_doc *d)
{
    corpus *c = ctx;
    if (c->n < MAXDOCS) {
        c->key[c->n] = strdup(d->key);
        c->orig[c->n] = strndup(d->text, d->text_len);
        c->olen[c->n] = d->text_len;
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
        if (names[i]->d_name[0] != '.' && k < max && pol_read_supported(names[i]->d_name) &&
            strlen(dir) + strlen(names[i]->d_name) + 2 < PATH_MAX) {
            char p[2 * PATH_MAX];
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

/* ---- the reference normalization (ICU only, whole strings) ---- */

static const UNormalizer2 *ref_nfkc;
static UTransliterator *ref_t2s, *ref_s2t;

static int ref_cjk(UChar32 c)
{
    UErrorCode e = U_ZERO_ERROR;
    UScriptCode sc = uscript_getScript(c, &e);
    return u_hasBinaryProperty(c, UCHAR_IDEOGRAPHIC) || sc == USCRIPT_HAN ||
           sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL;
}

static int ref_space(UChar32 c)
{
    return u_isUWhiteSpace(c) || c == 0x200B || c == 0xFEFF;
}

/* Runs an ICU transform over UTF-16 in place (buffer of cap units). */
static UChar *transform(UTransliterator *t, UChar *u, int32_t *len, int32_t *cap)
{
    for (;;) {
        UErrorCode e = U_ZERO_ERROR;
        int32_t l = *len, limit = *len;
        UChar *copy = malloc((size_t)*cap * sizeof *copy);
        if (!copy)
            return u;
        u_memcpy(copy, u, *len);
        utrans_transUChars(t, copy, &l, *cap, 0, &limit, &e);
        if (e == U_BUFFER_OVERFLOW_ERROR) {
            free(copy);
            *cap *= 2;
            UChar *nu = realloc(u, (size_t)*cap * sizeof *nu);
            if (!nu)
                return u;
            u = nu;
            continue;
        }
        if (U_SUCCESS(e)) {
            free(u);
            *len = l;
            return copy;
        }
        free(copy);
        return u;
    }
}

/* NFKC_Casefold, Traditional->Simplified (or, with to_trad, Simplified->
 * Traditional and nothing else), whitespace folding. Malloc'd UTF-8. */
static char *ref_normalize(const char *s, size_t n, int to_trad)
{
    UErrorCode e = U_ZERO_ERROR;
    int32_t cap = (int32_t)n * 2 + 64, len = 0;
    UChar *u = malloc((size_t)cap * sizeof *u);
    u_strFromUTF8Lenient(u, cap, &len, s, (int32_t)n, &e);
    if (to_trad) {
        u = transform(ref_s2t, u, &len, &cap);
    } else {
        UChar *f = malloc((size_t)cap * 2 * sizeof *f);
        e = U_ZERO_ERROR;
        int32_t fl = unorm2_normalize(ref_nfkc, u, len, f, cap * 2, &e);
        free(u);
        u = f;
        len = U_SUCCESS(e) ? fl : 0;
        cap *= 2;
        u = transform(ref_t2s, u, &len, &cap);
    }
    char *out = malloc((size_t)len * 3 + 1);
    size_t o = 0;
    int pending = 0, last_cjk = 0;
    for (int32_t i = 0; i < len;) {
        UChar32 c;
        U16_NEXT(u, i, len, c);
        if (ref_space(c) && !to_trad) {
            pending = 1;
            continue;
        }
        int cjk = ref_cjk(c);
        if (pending && o > 0 && !(last_cjk && cjk))
            out[o++] = ' ';
        pending = 0;
        U8_APPEND_UNSAFE(out, o, c);
        last_cjk = cjk;
    }
    out[o] = '\0';
    free(u);
    return out;
}

/* ASCII letters and digits made full-width and upper case. */
static char *fullwidth(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p;
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
            if (c >= 'a' && c <= 'z')
                c -= 32;
            unsigned cp = 0xFF00 + (c - 0x20);
            *o++ = (char)(0xE0 | (cp >> 12));
            *o++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *o++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *o++ = (char)c;
        }
    }
    *o = '\0';
    return out;
}

/* ---- the reference search: grep -F over the normalized texts ---- */

static char grepdir[PATH_MAX];

/* Marks in hit[] every document whose normalized text contains pat; returns
 * how many, or -1 when grep could not run. */
static int grep_docs(const char *pat, size_t ndocs, unsigned char *hit)
{
    int fd[2];
    memset(hit, 0, ndocs);
    if (pipe(fd) < 0)
        return -1;
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
    posix_spawn_file_actions_addclose(&fa, fd[0]);
    posix_spawn_file_actions_addclose(&fa, fd[1]);
    /* LC_ALL=C: bytes, so UTF-8 substrings match exactly */
    char *argv[] = { "grep", "-rlF", "-e", (char *)pat, "--", grepdir, NULL };
    char *envp[] = { "LC_ALL=C", "PATH=/usr/bin:/bin", NULL };
    pid_t pid;
    int rc = posix_spawnp(&pid, "grep", &fa, NULL, argv, envp);
    posix_spawn_file_actions_destroy(&fa);
    close(fd[1]);
    if (rc != 0) {
        close(fd[0]);
        return -1;
    }
    FILE *f = fdopen(fd[0], "r");
    char line[PATH_MAX + 16];
    int n = 0;
    size_t dl = strlen(grepdir);
    while (f && fgets(line, sizeof line, f)) {
        if (strncmp(line, grepdir, dl) != 0 || line[dl] != '/')
            continue;
        size_t k = strtoul(line + dl + 1, NULL, 10);
        if (k < ndocs && !hit[k]) {
            hit[k] = 1;
            n++;
        }
    }
    if (f)
        fclose(f);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return -1;
    return n;
}

/* ---- drawing substrings ---- */

static int is_alnum_ascii(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static size_t char_floor(const char *t, size_t at)
{
    while (at > 0 && ((unsigned char)t[at] & 0xc0) == 0x80)
        at--;
    return at;
}

/* A substring of 1 to 12 characters of t (len bytes) into sub; near_alnum:
 * start next to a digit or Latin letter. 0 if none was found. */
static int draw(const char *t, size_t len, int near_alnum, char *sub, size_t subsz)
{
    if (len < 4)
        return 0;
    size_t at = char_floor(t, next_rand() % len);
    if (near_alnum) {
        size_t k = at;
        while (k < len && !is_alnum_ascii((unsigned char)t[k]))
            k++;
        if (k == len)
            return 0;
        at = char_floor(t, k > 2 ? k - 2 : k);
    }
    size_t want = 1 + next_rand() % 12, e = at, chars = 0;
    while (e < len && chars < want) {
        e++;
        while (e < len && ((unsigned char)t[e] & 0xc0) == 0x80)
            e++;
        chars++;
    }
    if (e - at >= subsz)
        return 0;
    memcpy(sub, t + at, e - at);
    sub[e - at] = '\0';
    /* no line breaks (a query is one line) and no quotes (we quote it) */
    if (strpbrk(sub, "\"\n\r\t") || strstr(sub, "\xe2\x80\x9c") || strstr(sub, "\xe2\x80\x9d"))
        return 0;
    return 1;
}

/* Does the query text hold a letter, digit or ideograph (something the
 * analyzer makes a unit of)? */
static int searchable(const char *s)
{
    int32_t i = 0, n = (int32_t)strlen(s);
    while (i < n) {
        UChar32 c;
        U8_NEXT(s, i, n, c);
        if (c >= 0 && (u_isalnum(c) || ref_cjk(c)))
            return 1;
    }
    return 0;
}

/* Bare (unquoted) queries only when nothing in them is query syntax. */
static int bare_ok(const char *s)
{
    if (s[0] == '-' || strpbrk(s, "():\"") || strstr(s, "OR") || strstr(s, "NOT") ||
        strstr(s, "AND") || strstr(s, "\xe3\x80\x80"))
        return 0;
    for (const char *p = s; *p; p++)
        if ((*p == ' ' || *p == '\t') && p[1] == '-')
            return 0;
    return 1;
}

typedef struct stats {
    size_t queries, searches, expected, missed, extra, failed, self, self_want;
    size_t by_form[4], trad_docs, mixed;
} stats;

static const char *const form_name[4] = {
    "as normalized (simplified)", "in traditional (ICU Simplified-Traditional)",
    "as written in the document", "full-width and upper case",
};

/* Runs q (as typed) and checks that every document grep finds for its
 * normalized form is found. */
static void check_query(pol_searcher *s, const corpus *c, const char *q, int quoted, stats *st,
                        unsigned char *hit, unsigned char *found, long source)
{
    char *nq = ref_normalize(q, strlen(q), 0);
    /* a leading or trailing space is not part of what the user means */
    char *b = nq;
    while (*b == ' ')
        b++;
    size_t bl = strlen(b);
    while (bl && b[bl - 1] == ' ')
        b[--bl] = '\0';
    int want = bl ? grep_docs(b, c->n, hit) : 0;
    CHECK_MSG(want >= 0, "grep failed for %s", b);
    if (source >= 0) {
        /* the document the text was cut from: grep must see it */
        st->self_want++;
        st->self += want > 0 && hit[source];
    }
    char query[512];
    snprintf(query, sizeof query, quoted ? "\"%s\"" : "%s", q);
    pol_search_opts o = POL_SEARCH_OPTS_INIT;
    o.limit = MAXDOCS;
    o.mode = POL_MATCH_ALL;
    o.max_sections = 1;
    pol_results *r = NULL;
    pol_status rc = pol_search_run(s, query, &o, &r);
    st->searches++;
    if (rc != POL_OK) {
        /* only a query of punctuation alone has nothing to search */
        if (searchable(b)) {
            st->failed++;
            fprintf(stderr, "FAILED: query %s: %s\n", query, pol_searcher_errmsg(s));
        }
        free(nq);
        return;
    }
    memset(found, 0, c->n);
    for (size_t h = 0; h < pol_results_size(r); h++) {
        const char *key = pol_results_hit(r, h)->key;
        for (size_t k = 0; k < c->n; k++)
            if (!strcmp(key, c->key[k]))
                found[k] = 1;
    }
    for (size_t k = 0; k < c->n; k++) {
        if (hit[k]) {
            st->expected++;
            if (!found[k]) {
                st->missed++;
                fprintf(stderr, "MISS: query %s (normalized \"%s\"): %s not found\n", query, b,
                        c->key[k]);
            }
        } else if (found[k]) {
            st->extra++;
        }
    }
    pol_results_free(r);
    free(nq);
}

int main(void)
{
    static char paths[MAXDOCS][PATH_MAX];
    size_t np = 0;
    char dir[PATH_MAX];
    static const struct { const char *sub; size_t max; int trad; } sources[] = {
        { "seeds", 2, 0 }, { "govcn_sc2019/docs", 30, 0 }, { "lawrefbook/宪法", 6, 0 },
        { "lawrefbook/刑法", 13, 0 }, { "lawrefbook/民法典", 8, 0 }, { "mojlaw_tw/FalVMingLing", 60, 1 },
        { "ncp_policies_qa/docs", 80, 0 }, { "provincial_reports_2026/output/2026_raw_text", 2, 0 },
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
    char tmp[] = "/tmp/test_recall.XXXXXX";
    if (!mkdtemp(tmp))
        return 1;
    char dbpath[PATH_MAX];
    snprintf(dbpath, sizeof dbpath, "%s/db", tmp);
    snprintf(grepdir, sizeof grepdir, "%s/norm", tmp);
    pol_index *ix = NULL;
    CHECK_EQ_INT(pol_index_open(&ix, dbpath, NULL), POL_OK);
    for (size_t i = 0; i < np; i++)
        CHECK_EQ_INT(pol_index_add_path(ix, paths[i]), POL_OK);
    CHECK_EQ_INT(pol_index_commit(ix), POL_OK);
    pol_index_free(ix);
    /* queries are analyzed with the learned lexicon, as polsearch does */
    pol_lexicon_stats ls;
    char lerr[512];
    CHECK_EQ_INT(pol_lexicon_learn(dbpath, NULL, NULL, NULL, NULL, &ls, lerr, sizeof lerr), POL_OK);
    CHECK(ls.learned > 100);

    /* the documents as indexed, and their reference normalization on disk */
    corpus c;
    memset(&c, 0, sizeof c);
    for (size_t i = 0; i < np; i++) {
        c.cur_trad = trad_of[i];
        pol_read_opts ro = POL_READ_OPTS_INIT;
        pol_read_file(paths[i], &ro, keep, NULL, &c, NULL, 0);
    }
    UErrorCode uerr = U_ZERO_ERROR;
    UChar tid[32];
    ref_nfkc = unorm2_getNFKCCasefoldInstance(&uerr);
    u_uastrcpy(tid, "Traditional-Simplified");
    ref_t2s = utrans_openU(tid, -1, UTRANS_FORWARD, NULL, 0, NULL, &uerr);
    u_uastrcpy(tid, "Simplified-Traditional");
    ref_s2t = utrans_openU(tid, -1, UTRANS_FORWARD, NULL, 0, NULL, &uerr);
    CHECK(U_SUCCESS(uerr));
    if (U_FAILURE(uerr))
        return TEST_DONE();
    CHECK(mkdir(grepdir, 0700) == 0);
    char **norm = calloc(c.n, sizeof *norm);
    size_t total = 0;
    for (size_t i = 0; i < c.n; i++) {
        norm[i] = ref_normalize(c.orig[i], c.olen[i], 0);
        char p[PATH_MAX + 32];
        snprintf(p, sizeof p, "%s/%zu", grepdir, i);
        FILE *f = fopen(p, "w");
        CHECK(f != NULL);
        if (f) {
            fputs(norm[i], f);
            fclose(f);
        }
        total += strlen(norm[i]);
    }
    size_t ntrad = 0;
    for (size_t i = 0; i < c.n; i++)
        ntrad += c.trad[i];
    printf("%zu files, %zu documents (%zu traditional), %.1f MB of normalized text, %zu lexicon words\n",
           np, c.n, ntrad, total / 1e6, ls.learned);

    pol_searcher *s = NULL;
    const char *dbs[1] = { dbpath };
    CHECK_EQ_INT(pol_searcher_open(&s, dbs, 1), POL_OK);
    unsigned char *hit = calloc(c.n, 1), *found = calloc(c.n, 1);
    stats st;
    memset(&st, 0, sizeof st);
    for (int attempt = 0; attempt < 20000 && st.queries < 600; attempt++) {
        size_t d = next_rand() % c.n;
        int form = (int)(st.queries % 4);
        int near_alnum = st.queries % 3 == 0 || form == 3;
        char sub[160];
        /* form 2 cuts from the original text, the others from the normalized */
        if (form == 2 ? !draw(c.orig[d], c.olen[d], near_alnum, sub, sizeof sub)
                      : !draw(norm[d], strlen(norm[d]), near_alnum, sub, sizeof sub))
            continue;
        if (sub[0] == ' ' || !searchable(sub))
            continue;
        char *q = NULL;
        if (form == 1)
            q = ref_normalize(sub, strlen(sub), 1);
        else if (form == 3)
            q = fullwidth(sub);
        else
            q = strdup(sub);
        st.queries++;
        st.by_form[form]++;
        st.trad_docs += c.trad[d];
        for (const char *p = sub; *p; p++)
            if (is_alnum_ascii((unsigned char)*p)) {
                st.mixed++;
                break;
            }
        long source = form == 0 || form == 3 ? (long)d : -1;
        check_query(s, &c, q, 1, &st, hit, found, source);
        if (bare_ok(q))
            check_query(s, &c, q, 0, &st, hit, found, source);
        free(q);
    }
    printf("%zu substrings drawn from %zu documents (%zu traditional), %zu searches "
           "(quoted, and bare where the text holds no query syntax)\n", st.queries, c.n, ntrad, st.searches);
    for (int f = 0; f < 4; f++)
        printf("  typed %-45s %zu\n", form_name[f], st.by_form[f]);
    printf("  from traditional documents %zu, with digits or Latin %zu\n", st.trad_docs, st.mixed);
    printf("grep -F found %zu (query, document) pairs; polsearch missed %zu, found %zu more "
           "(punctuation is not indexed), failed %zu searches\n",
           st.expected, st.missed, st.extra, st.failed);
    CHECK(st.queries >= 500);
    CHECK(st.trad_docs > 50 && st.by_form[1] > 100 && st.mixed > 100);
    CHECK_EQ_INT(st.self, st.self_want); /* the reference finds where the text came from */
    CHECK_EQ_INT(st.missed, 0);
    CHECK_EQ_INT(st.failed, 0);
    utrans_close(ref_t2s);
    utrans_close(ref_s2t);
    pol_searcher_free(s);
    for (size_t i = 0; i < c.n; i++) {
        free(c.key[i]);
        free(c.orig[i]);
        free(norm[i]);
    }
    free(norm);
    free(hit);
    free(found);
    nftw(tmp, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return TEST_DONE();
}
