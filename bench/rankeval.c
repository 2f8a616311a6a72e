/* rankeval — measures ranking quality: runs each query of a test collection
 * through libpolsearch (question mode decides itself, as in polsearch) and
 * prints MRR@10, Recall@1/5/10/100 and nDCG@10, for the tuning part, the
 * check part and all queries, next to any TREC run files given (baselines
 * made by other engines over the same documents), scored by the same code.
 *
 * Test collection: queries as `qid<TAB>text` lines and TREC qrels
 * (`qid 0 docid grade`), or --ncp DIR, which builds both from the
 * ncp_policies_qa question files (data/local/train.json and dev.json, JSON
 * lines with id, docid, question: one relevant document per question).
 * A document's id is its file name without the extension.
 *
 * Our run is made twice by default: as polsearch shows results (one hit per
 * group of near copies; a hit counts as the judged document when that is the
 * hit or one of its copies) and strict (--duplicates show: every copy is its
 * own hit, as before grouping).
 *
 * Parts: a query belongs to the check part when the 64-bit FNV-1a hash of
 * its qid is divisible by 3, else to the tuning part (about 1/3 and 2/3;
 * deterministic, and independent of file order). */
#include "metrics.h"
#include "polsearch/polsearch.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#define MAX_RUNS 8
#define DEPTH 100

typedef struct query {
    char *qid, *text;
    pol_judgement *judged;
    size_t njudged;
    int check;              /* 1: check part, 0: tuning part */
} query;

typedef struct collection {
    query *q;
    size_t n, cap;
} collection;

/* A ranked list per query, in collection order. */
typedef struct run {
    const char *name;
    char ***docs;           /* docs[i][k]: rank k+1 of query i */
    size_t *ndocs;
} run;

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

static void *xrealloc(void *p, size_t n)
{
    void *r = realloc(p, n ? n : 1);
    if (!r) {
        fprintf(stderr, "rankeval: out of memory\n");
        exit(2);
    }
    return r;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

static query *find_query(collection *c, const char *qid)
{
    for (size_t i = 0; i < c->n; i++)
        if (!strcmp(c->q[i].qid, qid))
            return &c->q[i];
    return NULL;
}

static query *add_query(collection *c, const char *qid, const char *text)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 256;
        c->q = xrealloc(c->q, c->cap * sizeof *c->q);
    }
    query *q = &c->q[c->n++];
    memset(q, 0, sizeof *q);
    q->qid = xstrdup(qid);
    q->text = xstrdup(text);
    q->check = fnv1a(qid) % 3 == 0;
    return q;
}

static void add_judgement(query *q, const char *docid, int grade)
{
    q->judged = xrealloc(q->judged, (q->njudged + 1) * sizeof *q->judged);
    q->judged[q->njudged].docid = xstrdup(docid);
    q->judged[q->njudged++].grade = grade;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
}

/* Calls fn for each line of path (newline removed; blank lines skipped);
 * -1 after a message when the file cannot be read. Bad lines are reported
 * by fn (one line each) and skipped. */
typedef void (*line_fn)(void *ctx, char *line, const char *path, size_t lineno);

static int each_line(const char *path, line_fn fn, void *ctx)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "rankeval: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char *line = NULL;
    size_t cap = 0, lineno = 0;
    while (getline(&line, &cap, f) > 0) {
        lineno++;
        chomp(line);
        if (strspn(line, " \t") != strlen(line))
            fn(ctx, line, path, lineno);
    }
    free(line);
    fclose(f);
    return 0;
}

static void query_line(void *ctx, char *line, const char *path, size_t lineno)
{
    collection *c = ctx;
    char *tab = strchr(line, '\t');
    if (!tab || tab == line || !tab[1]) {
        fprintf(stderr, "rankeval: %s:%zu: not 'qid<TAB>text', skipped\n", path, lineno);
        return;
    }
    *tab = '\0';
    if (find_query(c, line))
        fprintf(stderr, "rankeval: %s:%zu: query %s given twice, skipped\n", path, lineno, line);
    else
        add_query(c, line, tab + 1);
}

static void qrels_line(void *ctx, char *line, const char *path, size_t lineno)
{
    char qid[256], iter[64], doc[256];
    int grade;
    if (sscanf(line, "%255s %63s %255s %d", qid, iter, doc, &grade) != 4) {
        fprintf(stderr, "rankeval: %s:%zu: not 'qid 0 docid grade', skipped\n", path, lineno);
        return;
    }
    query *q = find_query(ctx, qid);
    if (q)
        add_judgement(q, doc, grade);
}

/* ncp_policies_qa: JSON lines with id, docid and question. */
static void ncp_line(void *ctx, char *line, const char *path, size_t lineno)
{
    collection *c = ctx;
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    const char *id = json_string_value(json_object_get(o, "id"));
    const char *doc = json_string_value(json_object_get(o, "docid"));
    const char *qtext = json_string_value(json_object_get(o, "question"));
    if (!id || !doc || !qtext || !*id || !*doc || !*qtext || strchr(qtext, '\n') ||
        strchr(qtext, '\t'))
        fprintf(stderr, "rankeval: %s:%zu: no id, docid and question, skipped\n", path, lineno);
    else if (find_query(c, id))
        fprintf(stderr, "rankeval: %s:%zu: question %s given twice, skipped\n", path, lineno, id);
    else
        add_judgement(add_query(c, id, qtext), doc, 1);
    json_decref(o);
}

static int read_ncp(collection *c, const char *dir)
{
    static const char *const files[] = { "train.json", "dev.json" };
    for (size_t k = 0; k < 2; k++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/data/local/%s", dir, files[k]);
        if (each_line(path, ncp_line, c) < 0)
            return -1;
    }
    return 0;
}

static int write_topics(const collection *c, const char *dir)
{
    char qp[4096], rp[4096];
    mkdir(dir, 0777);
    snprintf(qp, sizeof qp, "%s/queries.tsv", dir);
    snprintf(rp, sizeof rp, "%s/qrels.txt", dir);
    FILE *q = fopen(qp, "w"), *r = fopen(rp, "w");
    if (!q || !r) {
        fprintf(stderr, "rankeval: %s: %s\n", q ? rp : qp, strerror(errno));
        if (q) fclose(q);
        if (r) fclose(r);
        return -1;
    }
    for (size_t i = 0; i < c->n; i++) {
        fprintf(q, "%s\t%s\n", c->q[i].qid, c->q[i].text);
        for (size_t j = 0; j < c->q[i].njudged; j++)
            fprintf(r, "%s 0 %s %d\n", c->q[i].qid, c->q[i].judged[j].docid, c->q[i].judged[j].grade);
    }
    int bad = ferror(q) || ferror(r);
    bad |= fclose(q) != 0;
    bad |= fclose(r) != 0;
    if (bad)
        fprintf(stderr, "rankeval: cannot write %s\n", dir);
    return bad ? -1 : 0;
}

static run *new_run(const char *name, size_t n)
{
    run *r = xrealloc(NULL, sizeof *r);
    r->name = name;
    r->docs = xrealloc(NULL, n * sizeof *r->docs);
    r->ndocs = xrealloc(NULL, n * sizeof *r->ndocs);
    memset(r->docs, 0, n * sizeof *r->docs);
    memset(r->ndocs, 0, n * sizeof *r->ndocs);
    return r;
}

static void run_push(run *r, size_t i, const char *doc)
{
    if (r->ndocs[i] >= DEPTH)
        return;
    r->docs[i] = xrealloc(r->docs[i], (r->ndocs[i] + 1) * sizeof *r->docs[i]);
    r->docs[i][r->ndocs[i]++] = xstrdup(doc);
}

/* The document id of a hit: the file name of its path without extension. */
static void docid_of(const char *path, char *out, size_t cap)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(out, cap, "%s", b);
    char *dot = strrchr(out, '.');
    if (dot && dot != out)
        *dot = '\0';
}

/* TREC run: `qid Q0 docid rank score tag`, ordered by rank within a query. */
typedef struct run_reader {
    run *r;
    const collection *c;
    size_t unknown;
} run_reader;

static void run_line(void *ctx, char *line, const char *path, size_t lineno)
{
    run_reader *rr = ctx;
    char qid[256], q0[64], doc[256];
    int rank;
    if (sscanf(line, "%255s %63s %255s %d", qid, q0, doc, &rank) != 4) {
        fprintf(stderr, "rankeval: %s:%zu: not a TREC run line, skipped\n", path, lineno);
        return;
    }
    size_t i;
    for (i = 0; i < rr->c->n && strcmp(rr->c->q[i].qid, qid); i++)
        ;
    if (i == rr->c->n)
        rr->unknown++;
    else
        run_push(rr->r, i, doc);
}

static int read_run(run *r, const collection *c, const char *path)
{
    run_reader rr = { r, c, 0 };
    if (each_line(path, run_line, &rr) < 0)
        return -1;
    if (rr.unknown)
        fprintf(stderr, "rankeval: %s: %zu lines of unknown queries ignored\n", path, rr.unknown);
    return 0;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int listed(const run *r, size_t i, const char *doc)
{
    for (size_t k = 0; k < r->ndocs[i]; k++)
        if (!strcmp(r->docs[i][k], doc))
            return 1;
    return 0;
}

/* Appends a hit to query i's ranking. A grouped hit stands for its copies
 * too: when the hit is not a relevant document but one of its copies is (and
 * is not listed yet), that copy is listed at the hit's rank, the best graded
 * first. A group holding two relevant documents is credited with one. */
static void push_hit(run *r, size_t i, const query *q, const pol_hit *h)
{
    char doc[256], cand[256];
    const pol_judgement *best = NULL;
    docid_of(h->path, doc, sizeof doc);
    for (size_t j = 0; j < q->njudged; j++) {
        const pol_judgement *jd = &q->judged[j];
        if (jd->grade <= 0 || listed(r, i, jd->docid) || (best && best->grade >= jd->grade))
            continue;
        int in = !strcmp(jd->docid, doc);
        for (size_t k = 0; k < h->ncopies && !in; k++) {
            docid_of(h->copies[k].path, cand, sizeof cand);
            in = !strcmp(jd->docid, cand);
        }
        if (in)
            best = jd;
    }
    run_push(r, i, best ? best->docid : doc);
}

/* Runs every query through the library; 0, or -1 after a message. */
static int run_ours(run *r, const collection *c, const char *const *dbs, size_t ndb,
                    const pol_search_opts *so, double *secs)
{
    pol_searcher *s = NULL;
    if (pol_searcher_open(&s, dbs, ndb) < 0) {
        fprintf(stderr, "rankeval: %s\n", pol_searcher_errmsg(s));
        pol_searcher_free(s);
        return -1;
    }
    double t0 = now();
    for (size_t i = 0; i < c->n; i++) {
        pol_results *res = NULL;
        if (pol_search_run(s, c->q[i].text, so, &res) < 0) {
            /* a query the engine refuses counts as finding nothing */
            fprintf(stderr, "rankeval: query %s: %s\n", c->q[i].qid, pol_searcher_errmsg(s));
            continue;
        }
        for (size_t k = 0; k < pol_results_size(res); k++)
            push_hit(r, i, &c->q[i], pol_results_hit(res, k));
        pol_results_free(res);
    }
    *secs = now() - t0;
    pol_searcher_free(s);
    return 0;
}

static void run_free(run *r, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        for (size_t k = 0; k < r->ndocs[i]; k++)
            free(r->docs[i][k]);
        free(r->docs[i]);
    }
    free(r->docs);
    free(r->ndocs);
    free(r);
}

static void collection_free(collection *c)
{
    for (size_t i = 0; i < c->n; i++) {
        for (size_t j = 0; j < c->q[i].njudged; j++)
            free((char *)c->q[i].judged[j].docid);
        free(c->q[i].judged);
        free(c->q[i].qid);
        free(c->q[i].text);
    }
    free(c->q);
}

static int write_run(const run *r, const collection *c, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "rankeval: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < c->n; i++)
        for (size_t k = 0; k < r->ndocs[i]; k++)
            fprintf(f, "%s Q0 %s %zu %zu %s\n", c->q[i].qid, r->docs[i][k], k + 1, DEPTH - k, r->name);
    if (fclose(f) != 0) {
        fprintf(stderr, "rankeval: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* Per query: qid, part, rank of the first relevant document (0: not in the
 * list), the top document, the relevant ones, the text. */
static int write_per_query(const run *r, const collection *c, const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f) {
        fprintf(stderr, "rankeval: %s: %s\n", path, strerror(errno));
        return -1;
    }
    for (size_t i = 0; i < c->n; i++) {
        const query *q = &c->q[i];
        size_t first = 0;
        for (size_t k = 0; k < r->ndocs[i] && !first; k++)
            for (size_t j = 0; j < q->njudged; j++)
                if (q->judged[j].grade > 0 && !strcmp(q->judged[j].docid, r->docs[i][k]))
                    first = k + 1;
        fprintf(f, "%s\t%s\t%zu\t%s\t", q->qid, q->check ? "check" : "tune", first,
                r->ndocs[i] ? r->docs[i][0] : "-");
        for (size_t j = 0; j < q->njudged; j++)
            if (q->judged[j].grade > 0)
                fprintf(f, "%s%s", j ? "," : "", q->judged[j].docid);
        fprintf(f, "\t%s\n", q->text);
    }
    if (fclose(f) != 0) {
        fprintf(stderr, "rankeval: cannot write %s\n", path);
        return -1;
    }
    return 0;
}

/* Means of a run over one part (0 tune, 1 check, 2 all). */
static pol_metrics score(const run *r, const collection *c, int part, size_t *nq)
{
    pol_metrics_sum s = { { 0, 0, 0, 0, 0, 0 }, 0 };
    for (size_t i = 0; i < c->n; i++) {
        if (part < 2 && c->q[i].check != part)
            continue;
        pol_metrics m;
        if (pol_metrics_of(&m, (const char *const *)r->docs[i], r->ndocs[i], c->q[i].judged,
                           c->q[i].njudged) == 0)
            pol_metrics_add(&s, &m);
    }
    *nq = s.n;
    return pol_metrics_mean(&s);
}

static void print_table(run *const *runs, size_t nruns, const collection *c)
{
    static const char *const parts[] = { "tune", "check", "all" };
    printf("%-14s %-6s %7s %7s %7s %7s %7s %7s %7s\n", "run", "part", "queries", "MRR@10", "R@1",
           "R@5", "R@10", "R@100", "nDCG@10");
    for (size_t k = 0; k < nruns; k++)
        for (int p = 0; p < 3; p++) {
            size_t nq;
            pol_metrics m = score(runs[k], c, p, &nq);
            printf("%-14s %-6s %7zu %7.4f %7.4f %7.4f %7.4f %7.4f %7.4f\n", runs[k]->name, parts[p],
                   nq, m.mrr10, m.r1, m.r5, m.r10, m.r100, m.ndcg10);
        }
}

/* The recorded figure: the first number on the first line not starting with #. */
static int read_floor(const char *path, double *out)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "rankeval: %s: %s\n", path, strerror(errno));
        return -1;
    }
    char line[512];
    int ok = 0;
    while (!ok && fgets(line, sizeof line, f))
        if (line[0] != '#' && sscanf(line, "%lf", out) == 1)
            ok = 1;
    fclose(f);
    if (!ok)
        fprintf(stderr, "rankeval: %s: no recorded MRR@10 figure in it\n", path);
    return ok ? 0 : -1;
}

static const char usage[] =
"Usage: rankeval [OPTIONS] (--ncp DIR | --queries FILE --qrels FILE)\n"
"\n"
"Runs every query through libpolsearch over the index(es) given with --db and\n"
"prints MRR@10, Recall@1/5/10/100 and nDCG@10 for the tuning part, the check\n"
"part and all queries (a query is in the check part when the FNV-1a hash of\n"
"its id is divisible by 3).\n"
"\n"
"  -d, --db DIR          index to search (repeatable); without it, only the\n"
"                        runs given with --run are scored\n"
"      --ncp DIR         questions and judgements of ncp_policies_qa\n"
"      --queries FILE    queries, 'qid<TAB>text' per line\n"
"      --qrels FILE      TREC judgements, 'qid 0 docid grade' per line\n"
"      --rank NAME=VALUE ranking setting for our run (repeatable), e.g. k1=1.0,\n"
"                        title=0.8 (see pol_rank_opts in polsearch/search.h)\n"
"      --literal         no glossary or variant expansion (polsearch --literal)\n"
"      --duplicates HOW  group: our run as polsearch shows it by default, one\n"
"                        hit per group of near copies, the hit counting as\n"
"                        found when the judged document is it or one of its\n"
"                        copies; show: every copy its own hit (strict); both\n"
"                        (default): the two runs, polsearch and polsearch-show\n"
"      --run NAME=FILE   also score a TREC run file (e.g. a baseline engine)\n"
"      --write-topics DIR  write DIR/queries.tsv and DIR/qrels.txt and go on\n"
"      --write-run FILE  write our (first) ranking as a TREC run file\n"
"      --per-query FILE  write the rank of the relevant document of each query\n"
"                        in our (first) ranking\n"
"      --floor FILE      fail (exit 1) when our MRR@10 over all queries is below\n"
"                        the figure recorded in FILE minus 0.01 (the strict\n"
"                        run's, polsearch-show, when it is made)\n"
"  -h, --help            show this help\n";

int main(int argc, char **argv)
{
    enum { O_RANK = 200, O_LITERAL, O_DUP, O_NCP = 256, O_QUERIES, O_QRELS, O_RUN, O_TOPICS, O_WRUN, O_PERQ, O_FLOOR };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
        { "ncp", required_argument, NULL, O_NCP },
        { "queries", required_argument, NULL, O_QUERIES },
        { "qrels", required_argument, NULL, O_QRELS },
        { "run", required_argument, NULL, O_RUN },
        { "rank", required_argument, NULL, O_RANK },
        { "literal", no_argument, NULL, O_LITERAL },
        { "duplicates", required_argument, NULL, O_DUP },
        { "write-topics", required_argument, NULL, O_TOPICS },
        { "write-run", required_argument, NULL, O_WRUN },
        { "per-query", required_argument, NULL, O_PERQ },
        { "floor", required_argument, NULL, O_FLOOR },
        { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    const char *dbs[16], *ncp = NULL, *qpath = NULL, *rpath = NULL, *topics = NULL;
    const char *wrun = NULL, *perq = NULL, *floorf = NULL;
    const char *runspec[MAX_RUNS];
    char *names[MAX_RUNS] = { NULL };
    size_t ndb = 0, nrunspec = 0;
    int dupmodes = 3;       /* bit 0: grouped run, bit 1: strict run */
    pol_search_opts so = POL_SEARCH_OPTS_INIT;
    so.limit = DEPTH;
    so.no_sections = 1;
    pol_rank_opts ro = POL_RANK_OPTS_INIT;
    so.rank = &ro;
    int c;
    while ((c = getopt_long(argc, argv, "d:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (ndb == 16) {
                fprintf(stderr, "rankeval: at most 16 --db options\n");
                return 2;
            }
            dbs[ndb++] = optarg;
            break;
        case O_NCP: ncp = optarg; break;
        case O_RANK:
            if (pol_rank_opts_set(&ro, optarg) < 0) {
                fprintf(stderr, "rankeval: --rank %s: unknown setting or bad value (settings: %s)\n",
                        optarg, pol_rank_opts_describe(&ro));
                return 2;
            }
            break;
        case O_LITERAL: so.literal = 1; break;
        case O_DUP:
            if (!strcmp(optarg, "group")) dupmodes = 1;
            else if (!strcmp(optarg, "show")) dupmodes = 2;
            else if (!strcmp(optarg, "both")) dupmodes = 3;
            else {
                fprintf(stderr, "rankeval: --duplicates wants group, show or both, not '%s'\n", optarg);
                return 2;
            }
            break;
        case O_QUERIES: qpath = optarg; break;
        case O_QRELS: rpath = optarg; break;
        case O_RUN:
            if (nrunspec == MAX_RUNS || !strchr(optarg, '=')) {
                fprintf(stderr, "rankeval: --run wants NAME=FILE (at most %d)\n", MAX_RUNS);
                return 2;
            }
            runspec[nrunspec++] = optarg;
            break;
        case O_TOPICS: topics = optarg; break;
        case O_WRUN: wrun = optarg; break;
        case O_PERQ: perq = optarg; break;
        case O_FLOOR: floorf = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        default: fprintf(stderr, "Try 'rankeval --help'.\n"); return 2;
        }
    }
    if (optind < argc || (!ncp && (!qpath || !rpath)) || (ncp && (qpath || rpath))) {
        fprintf(stderr, "rankeval: give --ncp DIR, or --queries FILE and --qrels FILE "
                        "(see --help)\n");
        return 2;
    }
    if ((floorf || wrun || perq) && !ndb) {
        fprintf(stderr, "rankeval: --floor, --write-run and --per-query need --db\n");
        return 2;
    }
    collection col = { NULL, 0, 0 };
    run *runs[MAX_RUNS + 2];
    size_t nruns = 0, nours = 0, strict = 0;
    double secs[2] = { 0, 0 };
    int rc = 2;
    if (ncp ? read_ncp(&col, ncp) < 0 : (each_line(qpath, query_line, &col) < 0 || each_line(rpath, qrels_line, &col) < 0))
        goto done;
    if (col.n == 0) {
        fprintf(stderr, "rankeval: no queries\n");
        goto done;
    }
    if (topics && write_topics(&col, topics) < 0)
        goto done;
    for (int mode = 0; mode < 2 && ndb; mode++) {
        if (!(dupmodes & (1 << mode)))
            continue;
        so.duplicates = mode ? POL_DUP_SHOW : POL_DUP_GROUP;
        runs[nruns] = new_run(mode ? "polsearch-show" : "polsearch", col.n);
        strict = mode ? nruns : strict;
        nruns++;
        if (run_ours(runs[nruns - 1], &col, dbs, ndb, &so, &secs[nours++]) < 0)
            goto done;
    }
    if (ndb && ((wrun && write_run(runs[0], &col, wrun) < 0) ||
                (perq && write_per_query(runs[0], &col, perq) < 0)))
        goto done;
    for (size_t k = 0; k < nrunspec; k++) {
        const char *eq = strchr(runspec[k], '=');
        char *name = xrealloc(NULL, (size_t)(eq - runspec[k]) + 1);
        memcpy(name, runspec[k], (size_t)(eq - runspec[k]));
        name[eq - runspec[k]] = '\0';
        names[k] = name;
        runs[nruns] = new_run(name, col.n);
        nruns++;
        if (read_run(runs[nruns - 1], &col, eq + 1) < 0)
            goto done;
    }
    rc = 0;
    if (!nruns)
        goto done;
    print_table(runs, nruns, &col);
    for (size_t k = 0; k < nours; k++)
        printf("%s: %zu queries in %.2f s; %s%s\n", runs[k]->name, col.n, secs[k],
               pol_rank_opts_describe(&ro), so.literal ? " literal" : "");
    if (floorf) {
        double fl;
        size_t nq;
        if (read_floor(floorf, &fl) < 0) {
            rc = 2;
            goto done;
        }
        pol_metrics m = score(runs[strict], &col, 2, &nq);
        if (m.mrr10 < fl - 0.01) {
            printf("FAIL: MRR@10 %.4f is below the recorded %.4f minus 0.01 (%s)\n", m.mrr10, fl,
                   runs[strict]->name);
            rc = 1;
        } else {
            printf("ok: MRR@10 %.4f, recorded %.4f (%s)\n", m.mrr10, fl, runs[strict]->name);
        }
    }
done:
    for (size_t k = 0; k < nruns; k++)
        run_free(runs[k], col.n);
    for (size_t k = 0; k < nrunspec; k++)
        free(names[k]);
    collection_free(&col);
    return rc;
}
