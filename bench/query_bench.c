/* query_bench — in-process query latency: opens an index once, runs each
 * query line of stdin (after one warm-up pass over all of them) and prints
 * the p50 and p95 of the timed passes in milliseconds, how many queries
 * matched, the time opening the index took, and the p50 and p95 of the CPU
 * time each query used. Used by bench/query.sh; not installed. Ranking
 * settings (NAME=VALUE, as polsearch --rank) after REPEAT change the defaults;
 * "show" there lists every near copy as a hit (--duplicates show; default:
 * one hit per group of near copies); "each" prints on stderr every query's
 * median wall time, slowest first. With ranking settings it also prints
 * (on stderr) the CPU time of ranking alone (no sections or snippets) per
 * query with the default settings and with the given ones, each query run
 * both ways in turn so that both see the same load.
 *   query_bench DB [REPEAT [show] [each] [NAME=VALUE...]] < queries.txt */
#include "polsearch/polsearch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double clock_ms(clockid_t c)
{
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static double now_ms(void) { return clock_ms(CLOCK_MONOTONIC); }

/* every query's median over the passes (ms holds pass by pass, n queries a
 * pass), slowest first */
static void print_each(const double *ms, char **lines, size_t n, size_t repeat)
{
    struct each { double med; size_t i; } *q = malloc(n * sizeof *q);
    double *v = malloc(repeat * sizeof *v);
    if (!q || !v) {
        free(q);
        free(v);
        return;
    }
    for (size_t i = 0; i < n; i++) {
        for (size_t p = 0; p < repeat; p++)
            v[p] = ms[p * n + i];
        qsort(v, repeat, sizeof *v, cmp_double);
        q[i].med = v[repeat / 2];
        q[i].i = i;
    }
    for (size_t a = 1; a < n; a++) /* insertion sort, slowest first */
        for (size_t b = a; b > 0 && q[b].med > q[b - 1].med; b--) {
            struct each t = q[b];
            q[b] = q[b - 1];
            q[b - 1] = t;
        }
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%8.3f ms  %s\n", q[i].med, lines[q[i].i]);
    free(q);
    free(v);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: query_bench DB [REPEAT [show] [each] [NAME=VALUE...]] < queries\n");
        return 2;
    }
    int repeat = argc > 2 ? atoi(argv[2]) : 3;
    pol_rank_opts ro = POL_RANK_OPTS_INIT;
    pol_duplicates dup = POL_DUP_GROUP;
    int nset = 0, each = 0;
    for (int a = 3; a < argc; a++)
        if (!strcmp(argv[a], "show"))
            dup = POL_DUP_SHOW;
        else if (!strcmp(argv[a], "each"))
            each = 1;
        else if (pol_rank_opts_set(&ro, argv[a]) >= 0)
            nset++;
        else {
            fprintf(stderr, "query_bench: %s: unknown setting or bad value\n", argv[a]);
            return 2;
        }
    char *lines[1000];
    size_t n = 0;
    char buf[4096];
    while (n < 1000 && fgets(buf, sizeof buf, stdin)) {
        buf[strcspn(buf, "\n")] = '\0';
        if (buf[0] && !(lines[n++] = strdup(buf)))
            return 2;
    }
    const char *dbs[1] = { argv[1] };
    pol_searcher *s = NULL;
    double t0 = now_ms();
    if (pol_searcher_open(&s, dbs, 1) < 0) {
        fprintf(stderr, "query_bench: %s\n", pol_searcher_errmsg(s));
        return 2;
    }
    double open_ms = now_ms() - t0;
    double *ms = malloc((n * (size_t)repeat + 1) * sizeof *ms);
    double *cpu = malloc((n * (size_t)repeat + 1) * sizeof *cpu);
    size_t k = 0, matched = 0;
    if (!ms || !cpu)
        return 2;
    for (int pass = 0; pass <= repeat; pass++) {
        for (size_t i = 0; i < n; i++) {
            pol_search_opts so = POL_SEARCH_OPTS_INIT;
            so.rank = &ro;
            so.duplicates = dup;
            pol_results *r = NULL;
            double a = now_ms(), ca = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
            pol_status st = pol_search_run(s, lines[i], &so, &r);
            double b = now_ms(), cb = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
            if (st < 0) {
                fprintf(stderr, "query_bench: %s: %s\n", lines[i], pol_searcher_errmsg(s));
                return 2;
            }
            if (pass > 0) { /* pass 0 warms the caches */
                cpu[k] = cb - ca;
                ms[k++] = b - a;
                matched += pass == 1 && pol_results_size(r) > 0;
            }
            pol_results_free(r);
        }
    }
    if (nset) {
        static const pol_rank_opts defaults = POL_RANK_OPTS_INIT;
        double alone[2] = { 0, 0 };
        for (int pass = 0; pass <= repeat; pass++)
            for (size_t i = 0; i < n; i++)
                for (int w = 0; w < 2; w++) {
                    pol_search_opts so = POL_SEARCH_OPTS_INIT;
                    so.no_sections = 1;
                    so.duplicates = dup;
                    so.rank = w ? &ro : &defaults;
                    pol_results *r = NULL;
                    double a = clock_ms(CLOCK_PROCESS_CPUTIME_ID);
                    pol_status st = pol_search_run(s, lines[i], &so, &r);
                    if (pass > 0)
                        alone[w] += clock_ms(CLOCK_PROCESS_CPUTIME_ID) - a;
                    pol_results_free(r);
                    if (st < 0)
                        return 2;
                }
        double d = alone[0] / ((double)n * repeat), x = alone[1] / ((double)n * repeat);
        fprintf(stderr, "ranking alone, CPU ms per query: defaults %.3f, settings %.3f (%.2fx)\n", d, x,
                d > 0 ? x / d : 0.0);
    }
    if (each && n)
        print_each(ms, lines, n, (size_t)repeat);
    qsort(ms, k, sizeof *ms, cmp_double);
    qsort(cpu, k, sizeof *cpu, cmp_double);
    printf("%.3f %.3f %zu %zu %.1f %.3f %.3f\n", k ? ms[k / 2] : 0.0, k ? ms[(k * 95) / 100] : 0.0, matched,
           n, open_ms, k ? cpu[k / 2] : 0.0, k ? cpu[(k * 95) / 100] : 0.0);
    pol_searcher_free(s);
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(ms);
    free(cpu);
    return 0;
}
