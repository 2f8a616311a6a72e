/* metrics.h — ranking quality measures of one query (bench/ only).
 * Owns: reciprocal rank, recall at k and nDCG at k of a ranked list of
 * document ids against graded judgements, and their means over queries.
 * Not: reading files or running searches (rankeval.c). */
#ifndef POL_BENCH_METRICS_H
#define POL_BENCH_METRICS_H

#include <stddef.h>

/* One judged document of a query: grade > 0 means relevant. */
typedef struct pol_judgement {
    const char *docid;
    int grade;
} pol_judgement;

/* The measures reported for each query and their means. */
typedef struct pol_metrics {
    double mrr10;     /* 1/rank of the first relevant document within 10, else 0 */
    double r1, r5, r10, r100; /* share of the relevant documents found within k */
    double ndcg10;    /* DCG@10 with gain 2^grade - 1 and log2(rank+1) discount, over the ideal */
} pol_metrics;

/* Measures of one ranked list (ranked[0] is rank 1; a document listed twice
 * counts once, at its first rank). A query with no relevant judgement gets
 * all zeros and returns -1 (the caller should not count it). */
int pol_metrics_of(pol_metrics *out, const char *const *ranked, size_t nranked,
                   const pol_judgement *judged, size_t njudged);

/* Running sums for means over queries. */
typedef struct pol_metrics_sum {
    pol_metrics sum;
    size_t n;
} pol_metrics_sum;

void pol_metrics_add(pol_metrics_sum *s, const pol_metrics *m);
/* Means; all zeros when no query was added. */
pol_metrics pol_metrics_mean(const pol_metrics_sum *s);

#endif
