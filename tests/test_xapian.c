/* test_xapian.c — the Xapian C binding: each operation, and each error path
 * with a real situation behind it (locked, corrupt, truncated, other
 * version, missing database or document, modified under a reader,
 * unreachable remote, invalid arguments). */
#define _XOPEN_SOURCE 700
#include "testlib.h"
#include "xapian_c.h"
#include "schema.h"

#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static char dir[256];

static char *path(const char *name)
{
    static char buf[4][512];
    static int k;
    k = (k + 1) % 4;
    snprintf(buf[k], sizeof buf[k], "%s/%s", dir, name);
    return buf[k];
}

static int rm_cb(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    return remove(p);
}

/* A database of n documents: term "all", "t<i%10>", positional "w"+i, data, values. */
static void make_db(const char *p, unsigned n)
{
    polx_db *db = NULL;
    CHECK_EQ_INT(pol__x_db_open_writable(&db, p, POLX_CREATE_OR_OVERWRITE), POL_OK);
    for (unsigned i = 0; i < n; i++) {
        polx_doc *d = NULL;
        char t[32], v[32], data[64];
        pol__x_doc_new(&d);
        snprintf(t, sizeof t, "t%u", i % 10);
        snprintf(v, sizeof v, "%04u", i);
        snprintf(data, sizeof data, "document %u", i);
        /* the data of a polsearch record: the text "abb" or "abc", its
         * units mapped one to one (positions 1..3, as the postings) */
        pol_secdata sd;
        memset(&sd, 0, sizeof sd);
        sd.key = data;
        sd.key_len = strlen(data);
        char *rec = NULL;
        size_t reclen = 0;
        CHECK_EQ_INT(pol__secdata_encode(&sd, i % 2 ? "abc" : "abb", 3, "", 0, "\x03\x00\x06", 3, &rec,
                                         &reclen), POL_OK);
        pol__x_doc_add_term(d, "all", 3, 1);
        pol__x_doc_add_term(d, t, strlen(t), 1 + i % 3);
        pol__x_doc_add_posting(d, "a", 1, 1, 1);
        pol__x_doc_add_posting(d, "b", 1, 2, 1);
        pol__x_doc_add_posting(d, i % 2 ? "c" : "b", 1, 3, 1);
        pol__x_doc_add_boolean_term(d, i % 2 ? "Kodd" : "Keven", 4 + (i % 2 == 0));
        pol__x_doc_set_value(d, 0, t, strlen(t));
        pol__x_doc_set_value(d, 1, v, strlen(v));
        pol__x_doc_set_data(d, rec, reclen);
        free(rec);
        CHECK_EQ_INT(pol__x_db_add_document(db, d, NULL), POL_OK);
        pol__x_doc_free(d);
    }
    CHECK_EQ_INT(pol__x_db_set_metadata(db, "polsearch:schema", "1", 1), POL_OK);
    CHECK_EQ_INT(pol__x_db_commit(db), POL_OK);
    pol__x_db_free(db);
}

/* A database of n documents (make_db) in dir/name, open for reading. */
static polx_db *new_db(const char *name, unsigned n)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    make_db(p, n);
    polx_db *db = NULL;
    CHECK_EQ_INT(pol__x_db_open(&db, p), POL_OK);
    return db;
}

static unsigned count_matches(polx_db *db, polx_query *q)
{
    polx_enquire *e = NULL;
    polx_mset *m = NULL;
    unsigned n = 0;
    if (pol__x_enquire_new(&e, db) == POL_OK && pol__x_enquire_set_query(e, q) == POL_OK &&
        pol__x_enquire_get_mset(e, 0, 10000, 10000, &m) == POL_OK)
        n = pol__x_mset_size(m);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    return n;
}

static polx_query *term(const char *t, unsigned pos)
{
    polx_query *q = NULL;
    pol__x_query_term(&q, t, strlen(t), 1, pos);
    return q;
}

static polx_query *combine(int op, polx_query *a, polx_query *b, unsigned window)
{
    polx_query *subs[2] = { a, b }, *q = NULL;
    pol__x_query_combine(&q, op, subs, 2, window);
    pol__x_query_free(a);
    pol__x_query_free(b);
    return q;
}

static int count_cb(void *ctx, const char *t, size_t len, unsigned f)
{
    (void)t; (void)len; (void)f;
    (*(unsigned *)ctx)++;
    return 0;
}

static int count_docid(void *ctx, unsigned docid)
{
    (void)docid;
    (*(unsigned *)ctx)++;
    return 0;
}

static void test_documents_and_queries(void)
{
    make_db(path("db"), 100);
    polx_db *db = NULL;
    CHECK_EQ_INT(pol__x_db_open(&db, path("db")), POL_OK);
    unsigned n = 0;
    CHECK_EQ_INT(pol__x_db_doccount(db, &n), POL_OK);
    CHECK_EQ_INT(n, 100);
    CHECK_EQ_INT(pol__x_db_termfreq(db, "t3", 2, &n), POL_OK);
    CHECK_EQ_INT(n, 10);
    polx_query *q;
    /* phrase: "a b" everywhere, "b c" only in odd documents, "a c" nowhere adjacent */
    q = combine(POLX_OP_PHRASE, term("a", 1), term("b", 2), 2);
    CHECK_EQ_INT(count_matches(db, q), 100);
    pol__x_query_free(q);
    q = combine(POLX_OP_PHRASE, term("b", 1), term("c", 2), 2);
    CHECK_EQ_INT(count_matches(db, q), 50);
    pol__x_query_free(q);
    q = combine(POLX_OP_PHRASE, term("a", 1), term("c", 2), 2);
    CHECK_EQ_INT(count_matches(db, q), 0);
    pol__x_query_free(q);
    q = combine(POLX_OP_NEAR, term("a", 1), term("c", 2), 3);
    CHECK_EQ_INT(count_matches(db, q), 50);
    pol__x_query_free(q);
    /* boolean operators */
    q = combine(POLX_OP_AND, term("t1", 0), term("Kodd", 0), 0);
    CHECK_EQ_INT(count_matches(db, q), 10);
    pol__x_query_free(q);
    q = combine(POLX_OP_AND_NOT, term("all", 0), term("Kodd", 0), 0);
    CHECK_EQ_INT(count_matches(db, q), 50);
    pol__x_query_free(q);
    q = combine(POLX_OP_OR, term("t1", 0), term("t2", 0), 0);
    CHECK_EQ_INT(count_matches(db, q), 20);
    pol__x_query_free(q);
    q = combine(POLX_OP_AND_MAYBE, term("t1", 0), term("Kodd", 0), 0);
    CHECK_EQ_INT(count_matches(db, q), 10);
    pol__x_query_free(q);
    q = combine(POLX_OP_FILTER, term("all", 0), term("Keven", 0), 0);
    CHECK_EQ_INT(count_matches(db, q), 50);
    pol__x_query_free(q);
    polx_query *r = NULL;
    CHECK_EQ_INT(pol__x_query_value_range(&r, 1, "0010", "0019"), POL_OK);
    CHECK_EQ_INT(count_matches(db, r), 10);
    pol__x_query_free(r);
    char *desc = NULL;
    q = term("t1", 0);
    CHECK_EQ_INT(pol__x_query_describe(q, &desc), POL_OK);
    CHECK(desc && strstr(desc, "t1"));
    free(desc);

    /* weights: scaling by 0 makes a query boolean; BM25 parameters change weights */
    polx_enquire *e = NULL;
    polx_mset *m = NULL;
    pol__x_enquire_new(&e, db);
    pol__x_enquire_set_query(e, q);
    pol__x_enquire_get_mset(e, 0, 10, 0, &m);
    double w1 = pol__x_mset_weight(m, 0);
    CHECK(w1 > 0);
    pol__x_mset_free(m);
    CHECK_EQ_INT(pol__x_enquire_set_bm25(e, 2.0, 0, 1, 0.0, 0.5), POL_OK);
    pol__x_enquire_get_mset(e, 0, 10, 0, &m);
    CHECK(pol__x_mset_weight(m, 0) != w1);
    pol__x_mset_free(m);
    polx_query *z = NULL;
    CHECK_EQ_INT(pol__x_query_scale(&z, q, 0.0), POL_OK);
    pol__x_enquire_set_query(e, z);
    pol__x_enquire_get_mset(e, 0, 10, 0, &m);
    CHECK_EQ_INT(pol__x_mset_size(m), 10);
    CHECK(pol__x_mset_weight(m, 0) == 0.0);
    pol__x_mset_free(m);
    pol__x_query_free(z);
    pol__x_enquire_free(e);

    /* collapse on value 0 (t0..t9): at most 2 per key, the rest counted */
    polx_query *all = term("all", 0);
    pol__x_enquire_new(&e, db);
    pol__x_enquire_set_query(e, all);
    CHECK_EQ_INT(pol__x_enquire_set_collapse_key(e, 0, 2), POL_OK);
    polx_spy *spy = NULL;
    CHECK_EQ_INT(pol__x_enquire_add_value_spy(e, 0, &spy), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_get_mset(e, 0, 100, 100, &m), POL_OK);
    CHECK_EQ_INT(pol__x_mset_size(m), 20);
    CHECK_EQ_INT(pol__x_mset_collapse_count(m, 0), 8);
    /* the spy counts every match: 10 distinct values */
    unsigned nvals = 0;
    CHECK_EQ_INT(pol__x_spy_values(spy, 0, count_cb, &nvals), POL_OK);
    CHECK_EQ_INT(nvals, 10);
    CHECK_EQ_INT(pol__x_spy_total(spy), 100);
    pol__x_mset_free(m);
    pol__x_enquire_free(e); /* the spy outlives the enquire */
    CHECK_EQ_INT(pol__x_spy_total(spy), 100);
    pol__x_spy_free(spy);

    /* sort by value, descending */
    pol__x_enquire_new(&e, db);
    pol__x_enquire_set_query(e, all);
    pol__x_enquire_set_sort_by_value(e, 1, 1);
    pol__x_enquire_get_mset(e, 0, 1, 0, &m);
    polx_doc *d = NULL;
    const char *data;
    size_t dl;
    CHECK_EQ_INT(pol__x_mset_document(m, 0, &d), POL_OK);
    pol__x_doc_get_data(d, &data, &dl);
    pol_secdata sd;
    CHECK_EQ_INT(pol__secdata_decode(&sd, data, dl), POL_OK);
    CHECK(sd.key_len == 11 && !memcmp(sd.key, "document 99", 11));
    pol__secdata_release(&sd);
    const char *v;
    pol__x_doc_get_value(d, 1, &v, &dl);
    CHECK_EQ_STR(v, "0099");
    /* a value read again, another slot, an empty one, and a value set
     * after it was read */
    CHECK_EQ_INT(pol__x_doc_get_value(d, 0, &v, &dl), POL_OK);
    CHECK_EQ_STR(v, "t9");
    CHECK_EQ_INT(pol__x_doc_get_value(d, 1, &v, &dl), POL_OK);
    CHECK(dl == 4 && !strcmp(v, "0099"));
    CHECK_EQ_INT(pol__x_doc_get_value(d, 7, &v, &dl), POL_OK);
    CHECK(dl == 0 && !strcmp(v, ""));
    CHECK_EQ_INT(pol__x_doc_set_value(d, 1, "0100", 4), POL_OK);
    CHECK_EQ_INT(pol__x_doc_get_value(d, 1, &v, &dl), POL_OK);
    CHECK(dl == 4 && !strcmp(v, "0100"));
    unsigned nterms = 0;
    CHECK_EQ_INT(pol__x_doc_terms(d, count_cb, &nterms), POL_OK);
    CHECK_EQ_INT(nterms, 6); /* a b c all t9 Kodd */
    unsigned nmatch = 0;
    CHECK_EQ_INT(pol__x_enquire_matching_terms(e, pol__x_mset_docid(m, 0), count_cb, &nmatch), POL_OK);
    CHECK_EQ_INT(nmatch, 1);
    pol__x_doc_free(d);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    pol__x_query_free(all);
    pol__x_query_free(q);

    /* metadata */
    char *mv = NULL;
    size_t ml = 0;
    CHECK_EQ_INT(pol__x_db_get_metadata(db, "polsearch:schema", &mv, &ml), POL_OK);
    CHECK_EQ_STR(mv, "1");
    free(mv);
    CHECK_EQ_INT(pol__x_db_get_metadata(db, "absent", &mv, &ml), POL_OK);
    CHECK(mv == NULL && ml == 0);
    unsigned nkeys = 0;
    CHECK_EQ_INT(pol__x_db_metadata_keys(db, "polsearch:", count_cb, &nkeys), POL_OK);
    CHECK_EQ_INT(nkeys, 1);
    /* writing to a read-only database is refused */
    CHECK_EQ_INT(pol__x_db_set_metadata(db, "k", "v", 1), POL_EINVAL);
    CHECK_EQ_INT(pol__x_db_commit(db), POL_EINVAL);
    unsigned nall = 0;
    CHECK_EQ_INT(pol__x_db_allterms(db, "t", count_cb, &nall), POL_OK);
    CHECK_EQ_INT(nall, 10);
    pol__x_db_free(db);
}

static void test_shards_and_compact(void)
{
    /* two shards of 30 and 70 documents searched as one = 100 */
    make_db(path("s1"), 30);
    make_db(path("s2"), 70);
    polx_db *a = NULL, *b = NULL;
    CHECK_EQ_INT(pol__x_db_open(&a, path("s1")), POL_OK);
    CHECK_EQ_INT(pol__x_db_open(&b, path("s2")), POL_OK);
    CHECK_EQ_INT(pol__x_db_add(a, b), POL_OK);
    pol__x_db_free(b);
    unsigned n = 0;
    pol__x_db_doccount(a, &n);
    CHECK_EQ_INT(n, 100);
    polx_query *q = term("t4", 0);
    CHECK_EQ_INT(count_matches(a, q), 10);
    CHECK_EQ_INT(pol__x_db_compact(a, path("merged")), POL_OK);
    pol__x_db_free(a);
    polx_db *m = NULL;
    CHECK_EQ_INT(pol__x_db_open(&m, path("merged")), POL_OK);
    pol__x_db_doccount(m, &n);
    CHECK_EQ_INT(n, 100);
    CHECK_EQ_INT(count_matches(m, q), 10);
    pol__x_db_free(m);
    pol__x_query_free(q);
}

static void test_errors(void)
{
    polx_db *db = NULL, *db2 = NULL;
    /* missing database */
    CHECK_EQ_INT(pol__x_db_open(&db, path("nothing")), POL_ENOTFOUND);
    CHECK(db == NULL && strstr(pol__x_errmsg(), "nothing"));
    CHECK_EQ_INT(pol__x_db_open_writable(&db, path("nothing"), POLX_OPEN), POL_ENOTFOUND);

    /* locked: a second writer */
    make_db(path("lock"), 5);
    CHECK_EQ_INT(pol__x_db_open_writable(&db, path("lock"), POLX_OPEN), POL_OK);
    CHECK_EQ_INT(pol__x_db_open_writable(&db2, path("lock"), POLX_OPEN), POL_ELOCKED);
    CHECK(strstr(pol__x_errmsg(), "DatabaseLockError") != NULL);
    /* missing document */
    polx_doc *d = NULL;
    CHECK_EQ_INT(pol__x_db_get_document(db, 999, &d), POL_ENOTFOUND);
    /* invalid arguments: empty term, oversized term, position 0 */
    pol__x_doc_new(&d);
    CHECK_EQ_INT(pol__x_doc_add_term(d, "", 0, 1), POL_EINVAL);
    char big[300];
    memset(big, 'x', sizeof big);
    CHECK_EQ_INT(pol__x_doc_add_term(d, big, sizeof big, 1), POL_EINVAL);
    CHECK_EQ_INT(pol__x_doc_add_posting(d, "x", 1, 0, 1), POL_EINVAL);
    polx_query *q = NULL;
    CHECK_EQ_INT(pol__x_query_combine(&q, POLX_OP_AND, NULL, 0, 0), POL_EINVAL);
    CHECK_EQ_INT(pol__x_query_term(&q, big, sizeof big, 1, 0), POL_EINVAL);
    pol__x_doc_free(d);
    pol__x_db_free(db);

    /* another format version: the version stamp in iamglass */
    make_db(path("ver"), 5);
    int fd = open(path("ver/iamglass"), O_WRONLY);
    CHECK(fd >= 0);
    if (fd >= 0) {
        CHECK_EQ_INT(pwrite(fd, "\x09\x09", 2, 14), 2);
        close(fd);
    }
    CHECK_EQ_INT(pol__x_db_open(&db, path("ver")), POL_EVERSION);
    CHECK(strstr(pol__x_errmsg(), "version") != NULL);

    /* corrupt: overwritten blocks of the posting table */
    make_db(path("bad"), 3000);
    fd = open(path("bad/postlist.glass"), O_WRONLY);
    char junk[4000];
    memset(junk, 0xde, sizeof junk);
    CHECK_EQ_INT(pwrite(fd, junk, sizeof junk, 8192), (long)sizeof junk);
    close(fd);
    pol_status st = pol__x_db_open(&db, path("bad"));
    unsigned n = 0;
    if (st == POL_OK) {
        /* reading every term and posting list meets the damaged blocks */
        st = pol__x_db_allterms(db, "", count_cb, &n);
        if (st == POL_OK)
            st = pol__x_db_postlist(db, "all", 3, count_docid, &n);
        pol__x_db_free(db);
    }
    CHECK_EQ_INT(st, POL_ECORRUPT);

    /* truncated table file: also reported as corruption */
    make_db(path("cut"), 3000);
    CHECK_EQ_INT(truncate(path("cut/postlist.glass"), 100), 0);
    st = pol__x_db_open(&db, path("cut"));
    if (st == POL_OK) {
        st = pol__x_db_termfreq(db, "t1", 2, &n);
        pol__x_db_free(db);
    }
    CHECK_EQ_INT(st, POL_ECORRUPT);

    /* unreachable remote: nothing listens on this loopback port */
    CHECK_EQ_INT(pol__x_db_open_remote(&db, "127.0.0.1", 1, 2000), POL_ENETWORK);
}

/* A reader on an old revision, after the writer committed several times,
 * meets DatabaseModifiedError; reopen() fixes it. */
static void test_modified(void)
{
    make_db(path("mod"), 2000);
    polx_db *r = NULL, *w = NULL;
    CHECK_EQ_INT(pol__x_db_open(&r, path("mod")), POL_OK);
    CHECK_EQ_INT(pol__x_db_open_writable(&w, path("mod"), POLX_OPEN), POL_OK);
    pol_status st = POL_OK;
    for (int round = 0; round < 6 && st == POL_OK; round++) {
        for (unsigned i = 1; i <= 2000; i++) {
            polx_doc *d = NULL;
            pol__x_doc_new(&d);
            char t[32];
            snprintf(t, sizeof t, "r%d_%u", round, i);
            pol__x_doc_add_term(d, t, strlen(t), 1);
            pol__x_doc_add_term(d, "all", 3, 1);
            char uniq[32];
            snprintf(uniq, sizeof uniq, "Q%u", i);
            pol__x_doc_add_boolean_term(d, uniq, strlen(uniq));
            pol__x_db_replace_document_term(w, uniq, d);
            pol__x_doc_free(d);
        }
        pol__x_db_commit(w);
        polx_query *q = term("all", 0);
        polx_enquire *e = NULL;
        polx_mset *m = NULL;
        pol__x_enquire_new(&e, r);
        pol__x_enquire_set_query(e, q);
        st = pol__x_enquire_get_mset(e, 0, 2000, 2000, &m);
        pol__x_mset_free(m);
        pol__x_enquire_free(e);
        pol__x_query_free(q);
    }
    CHECK_EQ_INT(st, POL_EMODIFIED);
    CHECK_EQ_INT(pol__x_db_reopen(r), POL_OK);
    unsigned n = 0;
    CHECK_EQ_INT(pol__x_db_termfreq(r, "all", 3, &n), POL_OK);
    CHECK(n >= 2000);
    pol__x_db_free(r);
    pol__x_db_free(w);
}

/* pol__x_db_values: a slot's values in docid order, the documents without
 * one skipped; a writable database's own uncommitted additions, changes and
 * deletions are seen (dedup.c reads its band table this way mid-run). */
typedef struct vals {
    unsigned docid[16];
    char val[16][8];
    size_t n, stop_after;
} vals;

static int collect_value(void *ctx, unsigned docid, const char *v, size_t len)
{
    vals *c = ctx;
    if (c->n < 16) {
        c->docid[c->n] = docid;
        snprintf(c->val[c->n], sizeof c->val[0], "%.*s", (int)len, v);
    }
    c->n++;
    return c->stop_after && c->n >= c->stop_after;
}

static void test_values(void)
{
    make_db(path("vals"), 6); /* value 1: "0000".."0005" on docids 1..6 */
    polx_db *w = NULL;
    CHECK_EQ_INT(pol__x_db_open_writable(&w, path("vals"), POLX_OPEN), POL_OK);
    polx_doc *d = NULL;
    pol__x_doc_new(&d);
    pol__x_doc_set_value(d, 1, "new", 3);
    unsigned id = 0;
    CHECK_EQ_INT(pol__x_db_add_document(w, d, &id), POL_OK); /* docid 7 */
    pol__x_doc_free(d);
    pol__x_doc_new(&d);
    pol__x_doc_set_value(d, 2, "other", 5); /* no value 1 */
    CHECK_EQ_INT(pol__x_db_add_document(w, d, NULL), POL_OK);
    pol__x_doc_free(d);
    CHECK_EQ_INT(pol__x_db_delete_document(w, 2), POL_OK);
    pol__x_doc_new(&d);
    pol__x_doc_set_value(d, 1, "chg", 3);
    CHECK_EQ_INT(pol__x_db_replace_document(w, 4, d), POL_OK);
    pol__x_doc_free(d);
    vals c = { { 0 }, { { 0 } }, 0, 0 };
    CHECK_EQ_INT(pol__x_db_values(w, 1, collect_value, &c), POL_OK);
    CHECK_EQ_INT((int)c.n, 6);
    unsigned want_id[] = { 1, 3, 4, 5, 6, 7 };
    const char *want_val[] = { "0000", "0002", "chg", "0004", "0005", "new" };
    for (size_t i = 0; i < 6 && c.n == 6; i++) {
        CHECK_EQ_INT((int)c.docid[i], (int)want_id[i]);
        CHECK_EQ_STR(c.val[i], want_val[i]);
    }
    CHECK_EQ_INT((int)id, 7);
    /* a non-zero return stops the walk; an unused slot has none */
    vals s = { { 0 }, { { 0 } }, 0, 2 };
    CHECK_EQ_INT(pol__x_db_values(w, 1, collect_value, &s), POL_OK);
    CHECK_EQ_INT((int)s.n, 2);
    vals e = { { 0 }, { { 0 } }, 0, 0 };
    CHECK_EQ_INT(pol__x_db_values(w, 9, collect_value, &e), POL_OK);
    CHECK_EQ_INT((int)e.n, 0);
    pol__x_db_free(w);
}

/* A database served by xapian-tcpsrv on loopback. */
static void test_remote(void)
{
    if (access("/usr/bin/xapian-tcpsrv", X_OK) != 0) {
        printf("xapian-tcpsrv not installed (Debian package xapian-tools): remote test not run\n");
        t_fail++;
        return;
    }
    make_db(path("remote"), 40);
    unsigned port = 20000 + (unsigned)(getpid() % 20000);
    char ports[16];
    snprintf(ports, sizeof ports, "%u", port);
    pid_t pid = fork();
    if (pid == 0) {
        /* its own process group: xapian-tcpsrv signals its group on exit */
        setpgid(0, 0);
        int nul = open("/dev/null", O_WRONLY);
        dup2(nul, 1);
        dup2(nul, 2);
        execl("/usr/bin/xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", ports,
              path("remote"), (char *)NULL);
        _exit(127);
    }
    polx_db *db = NULL;
    pol_status st = POL_ENETWORK;
    for (int i = 0; i < 50 && st != POL_OK; i++) {
        usleep(100000);
        st = pol__x_db_open_remote(&db, "127.0.0.1", port, 2000);
    }
    CHECK_EQ_INT(st, POL_OK);
    if (db) {
        unsigned n = 0;
        pol__x_db_doccount(db, &n);
        CHECK_EQ_INT(n, 40);
        polx_query *q = term("t2", 0);
        CHECK_EQ_INT(count_matches(db, q), 4);
        pol__x_query_free(q);
        pol__x_db_free(db);
    }
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

/* A decider keeping documents where "b" occurs twice, read from positions. */
static int twice_b(void *ctx, polx_doc *doc)
{
    unsigned *pos = NULL;
    size_t n = 0;
    pol_status st = pol__x_doc_positions(doc, "b", 1, &pos, &n);
    (*(unsigned *)ctx)++;
    free(pos);
    return st == POL_OK && n == 2;
}

typedef struct eset_seen {
    char first[16];
    unsigned n, bad;
} eset_seen;

static int eset_term(void *ctx, const char *t, size_t len, double w)
{
    eset_seen *x = ctx;
    if (x->n++ == 0)
        snprintf(x->first, sizeof x->first, "%.*s", (int)len, t);
    /* never the query's term, a prefixed one or a single character */
    if (len < 2 || t[0] == 'K' || (len == 3 && !memcmp(t, "all", 3)) || w <= 0)
        x->bad++;
    return 0;
}

/* Feedback terms of the documents of t3 (ids 4 and 14) for the query "all":
 * t3 first, which only they hold. */
static void test_eset(void)
{
    polx_db *db = new_db("eset", 20);
    polx_enquire *e = NULL;
    polx_query *q = term("all", 0);
    polx_mset *m = NULL;
    CHECK_EQ_INT(pol__x_enquire_new(&e, db), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_set_query(e, q), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_get_mset(e, 0, 10, 0, &m), POL_OK);
    unsigned ids[2] = { 4, 14 };
    eset_seen x = { "", 0, 0 };
    CHECK_EQ_INT(pol__x_enquire_eset(e, ids, 2, 5, eset_term, &x), POL_OK);
    CHECK(x.n >= 1 && x.n <= 5);
    CHECK(strcmp(x.first, "t3") == 0);
    CHECK_EQ_INT(x.bad, 0);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    pol__x_query_free(q);
    pol__x_db_free(db);
}

static void test_decider_and_positions(void)
{
    polx_db *db = new_db("decider", 20);
    polx_doc *d = NULL;
    unsigned *pos = NULL;
    size_t n = 9;
    CHECK_EQ_INT(pol__x_db_get_document(db, 1, &d), POL_OK);
    CHECK_EQ_INT(pol__x_doc_positions(d, "b", 1, &pos, &n), POL_OK);
    CHECK(n == 2 && pos && pos[0] == 2 && pos[1] == 3); /* document 1 is i = 0: b at 2 and 3 */
    free(pos);
    CHECK_EQ_INT(pol__x_doc_positions(d, "zz", 2, &pos, &n), POL_OK);
    CHECK(n == 0 && pos == NULL);
    CHECK_EQ_INT(pol__x_doc_positions(d, "all", 3, &pos, &n), POL_OK);
    CHECK(n == 0 && pos == NULL); /* a term without positions */
    pol__x_doc_free(d);
    /* phrases: by Xapian's position table, by the unit maps, and by the
     * unit maps' check alone, the same documents (ab: all 20; bb: the 10
     * even ones; bc: the 10 odd; ba: none) */
    static const char *const ph[][2] = { { "a", "b" }, { "b", "b" }, { "b", "c" }, { "b", "a" } };
    static const unsigned want[] = { 20, 10, 10, 0 };
    static const size_t one[] = { 1, 1 };
    for (size_t i = 0; i < 4; i++)
        for (int k = 0; k < 3; k++) {
            polx_query *pq = NULL;
            CHECK_EQ_INT(pol__x_query_phrase(&pq, ph[i], one, 2, k), POL_OK);
            CHECK_EQ_INT(count_matches(db, pq), want[i]);
            pol__x_query_free(pq);
        }
    /* more than one character a unit is refused */
    static const char *const bad[] = { "all", "b" };
    static const size_t badl[] = { 3, 1 };
    polx_query *pq = NULL;
    CHECK_EQ_INT(pol__x_query_phrase(&pq, bad, badl, 2, 1), POL_EINVAL);
    CHECK(pq == NULL);
    /* the decider runs before the match spy: both see 10 of 20 */
    polx_enquire *e = NULL;
    polx_query *q = term("all", 0);
    polx_spy *spy = NULL;
    polx_mset *m = NULL;
    unsigned calls = 0;
    CHECK_EQ_INT(pol__x_enquire_new(&e, db), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_set_query(e, q), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_add_value_spy(e, 0, &spy), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_set_decider(e, twice_b, &calls), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_get_mset(e, 0, 100, 100, &m), POL_OK);
    CHECK_EQ_INT(pol__x_mset_size(m), 10);
    CHECK_EQ_INT(calls, 20);
    CHECK_EQ_INT(pol__x_spy_total(spy), 10);
    pol__x_mset_free(m);
    CHECK_EQ_INT(pol__x_enquire_set_decider(e, NULL, NULL), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_get_mset(e, 0, 100, 100, &m), POL_OK);
    CHECK_EQ_INT(pol__x_mset_size(m), 20);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    pol__x_spy_free(spy);
    pol__x_query_free(q);
    pol__x_db_free(db);
}

/* The direct phrase check, the positions of several characters in one pass,
 * views of a match set and document frequencies from a match's statistics. */
static void test_views_and_direct_phrases(void)
{
    polx_db *db = new_db("views", 20);
    polx_doc *even = NULL, *odd = NULL;
    CHECK_EQ_INT(pol__x_db_get_document(db, 1, &even), POL_OK); /* "abb" */
    CHECK_EQ_INT(pol__x_db_get_document(db, 2, &odd), POL_OK);  /* "abc" */
    static const uint32_t abb[] = { 'a', 'b', 'b' }, bc[] = { 'b', 'c' }, ba[] = { 'b', 'a' };
    int holds = -1;
    CHECK_EQ_INT(pol__x_doc_has_phrase(even, abb, 3, &holds), POL_OK);
    CHECK_EQ_INT(holds, 1);
    CHECK_EQ_INT(pol__x_doc_has_phrase(odd, abb, 3, &holds), POL_OK);
    CHECK_EQ_INT(holds, 0);
    CHECK_EQ_INT(pol__x_doc_has_phrase(odd, bc, 2, &holds), POL_OK);
    CHECK_EQ_INT(holds, 1);
    CHECK_EQ_INT(pol__x_doc_has_phrase(even, bc, 2, &holds), POL_OK);
    CHECK_EQ_INT(holds, 0);
    CHECK_EQ_INT(pol__x_doc_has_phrase(even, ba, 2, &holds), POL_OK);
    CHECK_EQ_INT(holds, 0);
    CHECK_EQ_INT(pol__x_doc_has_phrase(even, ba, 0, &holds), POL_OK);
    CHECK_EQ_INT(holds, 1); /* the empty phrase holds everywhere */
    /* several characters in one pass: with four or more, the filtered pass;
     * with fewer, a scan each; a character asked twice gets it twice */
    static const char *const many[] = { "a", "b", "c", "zz", "b" };
    unsigned *outs[5];
    size_t ns[5];
    for (size_t nt = 2; nt <= 5; nt += 3) {
        CHECK_EQ_INT(pol__x_doc_positions_many(odd, many, nt, outs, ns), POL_OK);
        CHECK(ns[0] == 1 && outs[0][0] == 1);
        CHECK(ns[1] == 1 && outs[1][0] == 2);
        if (nt == 5) {
            CHECK(ns[2] == 1 && outs[2][0] == 3);
            CHECK(ns[3] == 0 && outs[3] == NULL);
            CHECK(ns[4] == 1 && outs[4][0] == 2);
        }
        for (size_t t = 0; t < nt; t++)
            free(outs[t]);
    }
    CHECK_EQ_INT(pol__x_doc_positions_many(even, many, 5, outs, ns), POL_OK);
    CHECK(ns[1] == 2 && outs[1][0] == 2 && outs[1][1] == 3 && ns[2] == 0);
    for (size_t t = 0; t < 5; t++)
        free(outs[t]);
    /* Chinese, a character beyond the basic plane, and as many characters
     * as a long question asks (the pass for 255 or more) */
    {
        static const char text[] = "中\xf0\xa0\x80\x80文中";
        pol_secdata sd;
        memset(&sd, 0, sizeof sd);
        char *rec = NULL;
        size_t reclen = 0;
        CHECK_EQ_INT(pol__secdata_encode(&sd, text, strlen(text), "", 0, "\x04\x00\x08", 3, &rec, &reclen),
                     POL_OK);
        static const char *const cjk[] = { "中", "\xf0\xa0\x80\x80", "文", "x", "中" };
        char more[300][8];
        const char *lots[300];
        for (size_t t = 0; t < 300; t++) {
            unsigned c = t == 0 ? 0x4E2D : t == 1 ? 0x20000 : 0x4E00 + 2 * (unsigned)t; /* none is 中 (U+4E2D) */
            if (c < 0x10000)
                snprintf(more[t], sizeof more[t], "%c%c%c", 0xE0 | c >> 12, 0x80 | (c >> 6 & 0x3F), 0x80 | (c & 0x3F));
            else
                snprintf(more[t], sizeof more[t], "%c%c%c%c", 0xF0 | c >> 18, 0x80 | (c >> 12 & 0x3F),
                         0x80 | (c >> 6 & 0x3F), 0x80 | (c & 0x3F));
            lots[t] = more[t];
        }
        for (int round = 0; round < 3; round++) {
            polx_doc *d = NULL;
            unsigned *o[300];
            size_t nn[300];
            CHECK_EQ_INT(pol__x_doc_new(&d), POL_OK);
            CHECK_EQ_INT(pol__x_doc_set_data(d, rec, reclen), POL_OK);
            /* round 1: other characters, none in the text (what round 0
             * asked is not left behind) */
            static const char *const none[] = { "a", "b", "c", "d" };
            size_t nt = round == 2 ? 300 : round == 1 ? 4 : 5;
            CHECK_EQ_INT(pol__x_doc_positions_many(d, round == 2 ? lots : round == 1 ? none : cjk, nt, o, nn),
                         POL_OK);
            for (size_t t = 0; round == 1 && t < nt; t++)
                CHECK_EQ_INT(nn[t], 0);
            if (round != 1)
                CHECK(nn[0] == 2 && o[0][0] == 1 && o[0][1] == 4);
            if (round != 1)
                CHECK(nn[1] == 1 && o[1][0] == 2);
            if (nt == 5)
                CHECK(nn[2] == 1 && o[2][0] == 3 && nn[3] == 0 && nn[4] == 2 && o[4][1] == 4);
            for (size_t t = 2; nt == 300 && t < nt; t++)
                CHECK_EQ_INT(nn[t], 0);
            for (size_t t = 0; t < nt; t++)
                free(o[t]);
            pol__x_doc_free(d);
        }
        free(rec);
    }
    pol__x_doc_free(even);
    pol__x_doc_free(odd);
    /* a view: items 3, 0 and 5 of a match set, in that order */
    polx_enquire *e = NULL;
    polx_query *q = term("all", 0);
    polx_mset *m = NULL, *v = NULL, *vv = NULL;
    CHECK_EQ_INT(pol__x_enquire_new(&e, db), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_set_query(e, q), POL_OK);
    CHECK_EQ_INT(pol__x_enquire_get_mset(e, 0, 20, 0, &m), POL_OK);
    CHECK_EQ_INT(pol__x_mset_size(m), 20);
    static const unsigned items[] = { 3, 0, 5 }, coll[] = { 1, 0, 2 }, bad[] = { 20 };
    CHECK_EQ_INT(pol__x_mset_pick(&v, m, items, coll, NULL, 3, 7), POL_OK);
    CHECK_EQ_INT(pol__x_mset_size(v), 3);
    for (unsigned i = 0; i < 3; i++) {
        CHECK_EQ_INT(pol__x_mset_docid(v, i), pol__x_mset_docid(m, items[i]));
        CHECK(pol__x_mset_weight(v, i) == pol__x_mset_weight(m, items[i]));
        CHECK_EQ_INT(pol__x_mset_collapse_count(v, i), coll[i]);
    }
    CHECK_EQ_INT(pol__x_mset_matches_estimated(v), 7);
    CHECK_EQ_INT(pol__x_mset_matches_lower_bound(v), 7);
    CHECK_EQ_INT(pol__x_mset_matches_upper_bound(v), 7);
    polx_doc *d = NULL;
    const char *data = NULL;
    size_t dlen = 0;
    CHECK_EQ_INT(pol__x_mset_document(v, 2, &d), POL_OK);
    CHECK_EQ_INT(pol__x_doc_get_data(d, &data, &dlen), POL_OK);
    pol_secdata sd;
    char key[32];
    snprintf(key, sizeof key, "document %u", pol__x_mset_docid(m, 5) - 1);
    CHECK_EQ_INT(pol__secdata_decode(&sd, data, dlen), POL_OK);
    CHECK(sd.key_len == strlen(key) && memcmp(sd.key, key, sd.key_len) == 0);
    pol__secdata_release(&sd);
    pol__x_doc_free(d);
    /* a view given the documents as read: the same document, its data
     * (and its positions) from that reading */
    polx_doc *read = NULL;
    polx_mset *vd = NULL;
    CHECK_EQ_INT(pol__x_mset_document(m, 5, &read), POL_OK);
    CHECK_EQ_INT(pol__x_doc_get_data(read, &data, &dlen), POL_OK);
    CHECK_EQ_INT(pol__x_mset_pick(&vd, m, items + 2, coll + 2, &read, 1, 7), POL_OK);
    pol__x_doc_free(read);
    CHECK_EQ_INT(pol__x_mset_document(vd, 0, &d), POL_OK);
    CHECK_EQ_INT(pol__x_doc_get_data(d, &data, &dlen), POL_OK);
    CHECK_EQ_INT(pol__secdata_decode(&sd, data, dlen), POL_OK);
    CHECK(sd.key_len == strlen(key) && memcmp(sd.key, key, sd.key_len) == 0);
    pol__secdata_release(&sd);
    CHECK_EQ_INT(pol__x_doc_has_phrase(d, bc, 2, &holds), POL_OK);
    CHECK_EQ_INT(holds, pol__x_mset_docid(m, 5) % 2 == 0); /* even ids are the odd i: "abc" */
    pol__x_doc_free(d);
    pol__x_mset_free(vd);
    /* out of range, a view of a view, an item past the set: refused */
    d = NULL;
    CHECK_EQ_INT(pol__x_mset_document(v, 3, &d), POL_EINVAL);
    CHECK(d == NULL);
    CHECK_EQ_INT(pol__x_mset_docid(v, 3), 0);
    CHECK_EQ_INT(pol__x_mset_pick(&vv, v, items, coll, NULL, 1, 1), POL_EINVAL);
    CHECK(vv == NULL);
    CHECK_EQ_INT(pol__x_mset_pick(&vv, m, bad, coll, NULL, 1, 1), POL_EINVAL);
    CHECK(vv == NULL);
    /* document frequencies: a term of the query from the match's
     * statistics, another from the database */
    unsigned df = 0;
    CHECK_EQ_INT(pol__x_mset_termfreq(m, "all", 3, &df), POL_OK);
    CHECK_EQ_INT(df, 20);
    CHECK_EQ_INT(pol__x_mset_termfreq(v, "t3", 2, &df), POL_OK);
    CHECK_EQ_INT(df, 2);
    pol__x_mset_free(v);
    pol__x_mset_free(m);
    pol__x_enquire_free(e);
    pol__x_query_free(q);
    pol__x_db_free(db);
}

int main(void)
{
    snprintf(dir, sizeof dir, "/tmp/test_xapian.XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        return 1;
    }
    test_documents_and_queries();
    test_shards_and_compact();
    test_errors();
    test_modified();
    test_values();
    test_decider_and_positions();
    test_views_and_direct_phrases();
    test_eset();
    test_remote();
    nftw(dir, rm_cb, 16, FTW_DEPTH | FTW_PHYS);
    return TEST_DONE();
}
