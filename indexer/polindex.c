/* polindex — builds and updates a polsearch index from files and folders.
 * Only parses arguments, calls libpolsearch, and prints. */
#include "polsearch/polsearch.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXIT_NOTHING 3   /* nothing could be indexed */
#define EXIT_ERROR 2

static const char usage[] =
"Usage: polindex [OPTIONS] PATH...\n"
"       polindex --dump FILE\n"
"       polindex --lexicon [--db DIR]\n"
"\n"
"Index text files (.txt .md .html .htm .json .jsonl .csv, and .gz of these;\n"
"UTF-8, GB18030/GBK or Big5) for polsearch. Folders are read recursively.\n"
"Re-running is incremental: unchanged files are skipped, changed files are\n"
"re-indexed, and files that disappeared under a given folder are removed.\n"
"\n"
"Options:\n"
"  -d, --db DIR      index directory (default: $POLSEARCH_DB, else ./polsearch.db)\n"
"      --rebuild     discard the index and build it anew\n"
"      --compact     compact the index after indexing (smaller, faster)\n"
"  -j, --jobs N      threads analyzing and writing (default: one per core);\n"
"                    with N > 1, large runs write parts of the index in\n"
"                    parallel (beside it, DIR.partK) and merge them at the end\n"
"      --shard I/N   index only shard I (1..N) of N: the files whose path\n"
"                    hashes to it. Search shards together with\n"
"                    polsearch --db A --db B or --remote\n"
"      --positions   also keep positions in Xapian's own position table (an\n"
"                    index about 1.5 times as large), which an index served\n"
"                    to polsearch --remote by xapian-tcpsrv needs for phrases;\n"
"                    set when the index is made (with --rebuild on one that\n"
"                    exists), kept by later runs\n"
"      --duplicates  list the groups of near-duplicate documents (reposts,\n"
"                    versions), largest first, after indexing PATHs if given\n"
"      --dump FILE   show what polindex understands of FILE: title, metadata,\n"
"                    sections; indexes nothing\n"
"      --field ROLE=NAME\n"
"                    take record field NAME (.json .jsonl .csv) for ROLE, one\n"
"                    of: title text date year url issuer doc_number type region;\n"
"                    repeatable, text several times to join fields. A role\n"
"                    given no longer takes its default names (title/标题,\n"
"                    content/text/full_text/body/正文, date/publish_date,\n"
"                    url/source_url, issuer/发文机关, ...). Use --rebuild when\n"
"                    changing mappings of files already indexed\n"
"      --words FILE  your own words (one a line, # comments), kept in the index\n"
"                    next to the learned ones (polsearch --analyze marks them);\n"
"                    replaces the list given before (an empty file clears it)\n"
"      --no-learn    do not relearn the corpus's vocabulary after indexing\n"
"                    (by default it is relearned whenever files changed)\n"
"      --lexicon     print the words learned from the indexed texts (and\n"
"                    your own) with their statistics; indexes nothing\n"
"  -q, --quiet       print only errors (no progress line, no summary)\n"
"  -v, --verbose     print every file as it is indexed\n"
"  -h, --help        show this help\n"
"      --version     show the version\n"
"\n"
"Examples:\n"
"  polindex ~/policies                 index a folder into ./polsearch.db\n"
"  polindex --db idx plans/ laws.jsonl index into idx/\n"
"  polindex --dump notice.html         check what is extracted from a page\n"
"  polindex --field title=法規名稱 --field text=條文 --dump law.json\n"
"  polindex --words mywords.txt        add your words (no paths: relearn only)\n"
"  polindex --db idx --duplicates      list the near-duplicate groups of idx/\n"
"\n"
"On a terminal a progress line shows files, MB, MB/s and the time left; a\n"
"summary follows at the end. Ctrl-C stops after the files in progress and\n"
"keeps what was indexed (batches are committed as they go).\n"
"\n"
"Exit status: 0 when the index is up to date with the given paths (problems\n"
"with single files are reported and skipped), 3 when no file could be indexed,\n"
"2 on errors (bad options, index locked or damaged).\n";

static volatile sig_atomic_t interrupted; /* int on the systems we build for: opts.stop reads it */
static void on_signal(int sig) { (void)sig; interrupted = 1; }

typedef struct cli {
    int quiet, verbose, tty;
    pol_index *ix;
    size_t files_seen;
    unsigned long long bytes_seen;   /* of files indexed (added, updated, failed) */
    struct timespec t0, last;
    int progress_shown;
} cli;

static double elapsed(const struct timespec *a, const struct timespec *b)
{
    return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

static void clear_progress(cli *c)
{
    if (c->progress_shown) {
        fputs("\r\033[K", stderr);
        c->progress_shown = 0;
    }
}

static void on_event(void *ctx, const pol_index_event *ev)
{
    cli *c = ctx;
    if (ev->is_warning) {
        if (!c->quiet) {
            clear_progress(c);
            fprintf(stderr, "polindex: warning: %s: %s\n", ev->path, ev->message);
        }
        return;
    }
    if (ev->action == POL_FILE_SKIPPED)
        return;
    c->files_seen++;
    if (ev->action == POL_FILE_ADDED || ev->action == POL_FILE_UPDATED || ev->action == POL_FILE_FAILED)
        c->bytes_seen += ev->bytes;
    if (ev->action == POL_FILE_FAILED) {
        clear_progress(c);
        fprintf(stderr, "polindex: skipped %s: %s\n", ev->path, ev->message ? ev->message : "failed");
        return;
    }
    if (c->verbose) {
        const char *what = ev->action == POL_FILE_ADDED ? "added" : ev->action == POL_FILE_UPDATED ? "updated"
                         : ev->action == POL_FILE_REMOVED ? "removed" : "unchanged";
        clear_progress(c);
        fprintf(stderr, "%-9s %s (%zu documents, %zu sections)\n", what, ev->path, ev->documents, ev->sections);
    }
    if (c->tty && !c->quiet) {
        struct timespec now;
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (elapsed(&c->last, &now) > 0.2) {
            const pol_index_stats *s = pol_index_get_stats(c->ix);
            double t = elapsed(&c->t0, &now), mb = (double)c->bytes_seen / 1e6;
            double todo = (double)s->bytes_todo / 1e6, rate = t > 0 ? mb / t : 0.0;
            fprintf(stderr, "\r\033[K%zu/%zu files, %.1f/%.1f MB, %.2f MB/s", c->files_seen,
                    s->files_total, mb, todo, rate);
            if (rate > 0 && todo > mb) {
                unsigned left = (unsigned)((todo - mb) / rate + 0.5);
                fprintf(stderr, ", %u:%02u left", left / 60, left % 60);
            }
            c->progress_shown = 1;
            c->last = now;
        }
    }
}

static void print_meta(const char *name, const char *v)
{
    if (v)
        printf("%-11s %s\n", name, v);
}


static int dump_doc(void *ctx, pol_doc *doc)
{
    int *count = ctx;
    if ((*count)++)
        putchar('\n');
    print_meta("key", doc->key);
    print_meta("title", doc->meta.title);
    print_meta("issuer", doc->meta.issuer);
    print_meta("date", doc->meta.date);
    print_meta("doc_number", doc->meta.doc_number);
    print_meta("type", doc->meta.type);
    print_meta("region", doc->meta.region);
    print_meta("source", doc->meta.source);
    print_meta("url", doc->meta.url);
    if (doc->bad_bytes)
        printf("%-11s %s (%zu undecodable bytes dropped)\n", "encoding", doc->encoding ? doc->encoding : "UTF-8",
               doc->bad_bytes);
    else
        printf("%-11s %s\n", "encoding", doc->encoding ? doc->encoding : "UTF-8");
    printf("%-11s %zu bytes\n", "text", doc->text_len);
    printf("sections    %zu\n", doc->nsections);
    for (size_t i = 0; i < doc->nsections; i++) {
        const pol_section *s = &doc->sections[i];
        unsigned indent = s->level;
        size_t chars = 0;
        for (size_t j = s->start; j < s->end; j++)
            chars += ((unsigned char)doc->text[j] & 0xc0) != 0x80;
        printf("  %*s%s  [%zu chars]\n", (int)(indent * 2), "", s->heading ? s->heading : "(preamble)", chars);
    }
    pol_doc_free(doc);
    return 0;
}

static void dump_warn(void *ctx, const char *key, const char *msg)
{
    (void)ctx;
    fprintf(stderr, "polindex: warning: %s%s%s\n", key ? key : "", key ? ": " : "", msg);
}

/* Prints the near-duplicate groups of the index at db, largest first. */
static int list_duplicates(const char *db)
{
    pol_searcher *s = NULL;
    pol_dupgroups *g = NULL;
    pol_status st = pol_searcher_open(&s, &db, 1);
    if (st >= 0)
        st = pol_searcher_duplicates(s, &g);
    if (st < 0) {
        fprintf(stderr, "polindex: %s\n", pol_searcher_errmsg(s));
        pol_searcher_free(s);
        return EXIT_ERROR;
    }
    size_t ng = pol_dupgroups_count(g);
    printf("near-duplicate groups: %zu, with %zu of the %u documents\n", ng,
           pol_dupgroups_documents(g), pol_searcher_doccount(s));
    for (size_t i = 0; i < ng; i++) {
        size_t n;
        const pol_copy *c = pol_dupgroups_get(g, i, &n);
        printf("\ngroup %zu: %zu documents\n", i + 1, n);
        for (size_t k = 0; k < n; k++)
            printf("  %.2f  %s  %s%s%s\n", c[k].similarity, c[k].key,
                   c[k].title ? c[k].title : "(untitled)", c[k].date ? "  " : "",
                   c[k].date ? c[k].date : "");
    }
    pol_dupgroups_free(g);
    pol_searcher_free(s);
    return 0;
}

static int dump(const char *path, const char *const *fields)
{
    char err[512] = "";
    pol_read_opts ro = POL_READ_OPTS_INIT;
    ro.fields = fields;
    int count = 0;
    pol_status st = pol_read_file(path, &ro, dump_doc, dump_warn, &count, err, sizeof err);
    if (st < 0) {
        fprintf(stderr, "polindex: %s: %s\n", path, err[0] ? err : pol_status_str(st));
        return EXIT_NOTHING;
    }
    return count ? 0 : EXIT_NOTHING;
}

static int by_count(const void *a, const void *b)
{
    const pol_lexicon_word *x = *(const pol_lexicon_word *const *)a, *y = *(const pol_lexicon_word *const *)b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->word, y->word);
}

/* --lexicon: the stored words, most frequent first. */
static int show_lexicon(const char *db)
{
    char err[512] = "";
    pol_lexicon *lx = NULL;
    if (pol_lexicon_load(&lx, db, err, sizeof err) < 0) {
        fprintf(stderr, "polindex: %s\n", err);
        return EXIT_ERROR;
    }
    size_t n = pol_lexicon_size(lx), learned = 0, user = 0, split = 0;
    const pol_lexicon_word **w = malloc((n ? n : 1) * sizeof *w);
    if (!w) {
        pol_lexicon_free(lx);
        return EXIT_ERROR;
    }
    for (size_t i = 0; i < n; i++) {
        w[i] = pol_lexicon_get(lx, i);
        learned += w[i]->count > 0;
        user += w[i]->user;
        split += w[i]->icu_split;
    }
    qsort(w, n, sizeof *w, by_count);
    printf("# %zu words: %zu learned from the indexed texts (%zu of them split by ICU), %zu your own\n",
           n, learned, split, user);
    printf("# word\tcount\tcohesion\tentropy\tnotes\n");
    for (size_t i = 0; i < n; i++)
        printf("%s\t%lu\t%.2f\t%.2f\t%s%s%s\n", w[i]->word, w[i]->count, w[i]->cohesion, w[i]->entropy,
               w[i]->user ? "user" : "", w[i]->user && w[i]->icu_split ? "," : "",
               w[i]->icu_split ? "icu-split" : "");
    free(w);
    pol_lexicon_free(lx);
    return 0;
}

#define LEARNING_LINE "learning the vocabulary of the indexed texts…"
static int learning_shown; /* LEARNING_LINE is on the terminal */

static void bad_word(void *ctx, unsigned line, const char *msg)
{
    fprintf(stderr, "%spolindex: %s:%u: %s\n%s", learning_shown ? "\r\033[K" : "", (const char *)ctx, line,
            msg, learning_shown ? LEARNING_LINE : "");
}

static void print_lexicon_stats(const pol_lexicon_stats *ls)
{
    fprintf(stderr, "lexicon: %zu words learned from %.1f MB of text (%zu candidates), %zu of your own, "
            "in %.1f s (see polindex --lexicon)\n", ls->learned, (double)ls->text_bytes / 1e6, ls->candidates,
            ls->user, ls->seconds);
}

/* Relearns the vocabulary of the index (and stores the user's words). On a
 * terminal a line says so while it runs (seconds on a large index). */
static int relearn(const char *db, const char *words, unsigned jobs, int quiet)
{
    char err[1024] = "";
    pol_lexicon_opts lo = POL_LEXICON_OPTS_INIT;
    pol_lexicon_stats ls;
    lo.jobs = jobs;
    learning_shown = !quiet && isatty(STDERR_FILENO);
    if (learning_shown)
        fputs(LEARNING_LINE, stderr);
    pol_status st = pol_lexicon_learn(db, &lo, words, bad_word, (void *)words, &ls, err, sizeof err);
    if (learning_shown)
        fputs("\r\033[K", stderr);
    learning_shown = 0;
    if (st < 0) {
        fprintf(stderr, "polindex: %s\n", err[0] ? err : pol_status_str(st));
        return EXIT_ERROR;
    }
    if (!quiet)
        print_lexicon_stats(&ls);
    return 0;
}

int main(int argc, char **argv)
{
    /* The library commits at file boundaries, every 1000 records, so that
     * a killed run never leaves half a file; Xapian's own automatic flush
     * (every XAPIAN_FLUSH_THRESHOLD records, default 10000) would cut files
     * in the middle, so it is raised to a bound for files of very many
     * records. A value the user set still rules. Set before any database is
     * opened and before any thread starts. */
    setenv("XAPIAN_FLUSH_THRESHOLD", "50000", 0);
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
        { "rebuild", no_argument, NULL, 'R' },
        { "compact", no_argument, NULL, 'C' },
        { "jobs", required_argument, NULL, 'j' },
        { "shard", required_argument, NULL, 'S' },
        { "positions", no_argument, NULL, 'P' },
        { "dump", required_argument, NULL, 'D' },
        { "field", required_argument, NULL, 'F' },
        { "words", required_argument, NULL, 'W' },
        { "no-learn", no_argument, NULL, 'N' },
        { "lexicon", no_argument, NULL, 'L' },
        { "duplicates", no_argument, NULL, 'U' },
        { "quiet", no_argument, NULL, 'q' },
        { "verbose", no_argument, NULL, 'v' },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, 'V' },
        { NULL, 0, NULL, 0 },
    };
    const char *db = getenv("POLSEARCH_DB");
    const char *dump_path = NULL, *words = NULL;
    pol_index_opts io = POL_INDEX_OPTS_INIT;
    static const char *fields[65];
    size_t nfields = 0;
    char ferr[256];
    int compact = 0, c, no_learn = 0, lexicon = 0, dups = 0;
    cli cl;
    memset(&cl, 0, sizeof cl);
    if (!db || !*db)
        db = "polsearch.db";
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    io.jobs = ncpu > 0 ? (unsigned)ncpu : 1;
    while ((c = getopt_long(argc, argv, "d:j:qvh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'j': {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*optarg == '\0' || *end != '\0' || v < 1 || v > POL_MAX_JOBS) {
                fprintf(stderr, "polindex: --jobs wants a number from 1 to %d, not '%s'\n", POL_MAX_JOBS, optarg);
                return EXIT_ERROR;
            }
            io.jobs = (unsigned)v;
            break;
        }
        case 'S': {
            unsigned i, n;
            char extra;
            if (sscanf(optarg, "%u/%u%c", &i, &n, &extra) != 2 || n < 1 || i < 1 || i > n) {
                fprintf(stderr, "polindex: --shard wants I/N with 1 <= I <= N, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            io.shard = i - 1;
            io.nshards = n;
            break;
        }
        case 'R': io.rebuild = 1; break;
        case 'P': io.positions = 1; break;
        case 'C': compact = 1; break;
        case 'D': dump_path = optarg; break;
        case 'F':
            if (pol_read_check_field(optarg, ferr, sizeof ferr) < 0) {
                fprintf(stderr, "polindex: --field: %s\n", ferr);
                return EXIT_ERROR;
            }
            if (nfields == 64) {
                fprintf(stderr, "polindex: --field: at most 64 mappings\n");
                return EXIT_ERROR;
            }
            fields[nfields++] = optarg;
            io.fields = fields;
            break;
        case 'W': words = optarg; break;
        case 'N': no_learn = 1; break;
        case 'L': lexicon = 1; break;
        case 'U': dups = 1; break;
        case 'q': cl.quiet = 1; break;
        case 'v': cl.verbose = 1; break;
        case 'h': fputs(usage, stdout); return 0;
        case 'V': printf("polindex %s (%s)\n", "0.1.0", pol_analyzer_id()); return 0;
        default:
            fprintf(stderr, "Try 'polindex --help'.\n");
            return EXIT_ERROR;
        }
    }
    if (dump_path)
        return dump(dump_path, io.fields);
    if (lexicon)
        return show_lexicon(db);
    if (optind >= argc && words && !compact)
        return relearn(db, words, io.jobs, cl.quiet);
    if (dups && optind >= argc && !compact)
        return list_duplicates(db);
    if (optind >= argc && !compact) {
        fprintf(stderr, "polindex: no files or folders given\nUsage: polindex [--db DIR] PATH...  (see --help)\n");
        return EXIT_ERROR;
    }
    cl.tty = isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &cl.t0);
    cl.last = cl.t0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);

    io.stop = &interrupted;
    pol_index *ix = NULL;
    pol_status st = pol_index_open(&ix, db, &io);
    if (st < 0) {
        fprintf(stderr, "polindex: %s\n", pol_index_errmsg(ix));
        pol_index_free(ix);
        return EXIT_ERROR;
    }
    cl.ix = ix;
    pol_index_set_event_cb(ix, on_event, &cl);
    int rc = 0;
    for (int i = optind; i < argc && !interrupted; i++) {
        st = pol_index_add_path(ix, argv[i]);
        if (st == POL_ENOTFOUND || st == POL_EINVAL) {
            clear_progress(&cl);
            fprintf(stderr, "polindex: %s\n", pol_index_errmsg(ix));
            rc = EXIT_ERROR;
            continue;
        }
        if (st >= 0 && !interrupted)
            st = pol_index_remove_missing(ix, argv[i]);
        if (st < 0) {
            clear_progress(&cl);
            fprintf(stderr, "polindex: %s\n", pol_index_errmsg(ix));
            pol_index_free(ix);
            return EXIT_ERROR;
        }
    }
    /* the lexicon is relearned with the commit (while parts are merged);
     * a new word list goes through relearn below */
    const pol_index_stats *s = pol_index_get_stats(ix); /* the commit adds no file */
    int changed = s->added + s->updated + s->removed > 0;
    int learn_now = !no_learn && !words && !interrupted, learned = 0;
    int will_learn = learn_now && changed;
    pol_lexicon_opts lo = POL_LEXICON_OPTS_INIT;
    pol_lexicon_stats ls;
    lo.jobs = io.jobs;
    if (cl.progress_shown || (will_learn && cl.tty && !cl.quiet)) {
        fputs(will_learn ? "\r\033[Kcommitting, learning the vocabulary of the indexed texts…" : "\r\033[Kcommitting…",
              stderr);
        cl.progress_shown = 1;
    }
    if ((st = learn_now ? pol_index_commit_learn(ix, &lo, &ls, &learned) : pol_index_commit(ix)) < 0) {
        clear_progress(&cl);
        fprintf(stderr, "polindex: %s\n", pol_index_errmsg(ix));
        pol_index_free(ix);
        return EXIT_ERROR;
    }
    if (compact && !interrupted && (st = pol_index_compact(ix)) < 0) {
        fprintf(stderr, "polindex: %s\n", pol_index_errmsg(ix));
        pol_index_free(ix);
        return EXIT_ERROR;
    }
    clear_progress(&cl);
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    if (!cl.quiet) {
        fprintf(stderr, "%s%zu added, %zu updated, %zu unchanged, %zu removed, %zu failed; "
                "%zu documents, %zu sections, %.1f MB in %.1f s\n",
                interrupted ? "interrupted: committed what was indexed; " : "",
                s->added, s->updated, s->unchanged, s->removed, s->failed, s->documents,
                s->sections, (double)s->bytes / 1e6, elapsed(&cl.t0, &now));
    }
    if (cl.verbose) {
        fprintf(stderr, "near-duplicate signatures and groups: %.2f s\n", s->dup_seconds);
        if (s->parts_merged)
            fprintf(stderr, "parts written in parallel and merged: %zu\n", s->parts_merged);
    }
    if (learned && !cl.quiet)
        print_lexicon_stats(&ls);
    size_t ok = s->added + s->updated + s->unchanged + s->removed;
    int failed = s->failed > 0;
    pol_index_free(ix); /* s points into ix: read above */
    if (interrupted)
        return 130;
    if ((changed || words) && !no_learn && !learned && relearn(db, words, io.jobs, cl.quiet) != 0)
        return EXIT_ERROR;
    if (rc)
        return rc;
    if (dups && list_duplicates(db) != 0)
        return EXIT_ERROR;
    if (ok == 0 && (failed || optind < argc)) {
        fprintf(stderr, "polindex: nothing could be indexed\n");
        return EXIT_NOTHING;
    }
    return 0;
}
