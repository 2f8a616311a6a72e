/* metrics.c — MRR@10, Recall@k and nDCG@10 (see metrics.h), with the
 * definitions of trec_eval (recip_rank cut at 10, recall_k, ndcg_cut_10 with
 * exponential gain). Written here because no Debian library computes them
 * from C; they are a few lines each and a test checks them by hand. */
#include "metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static int grade_of(const char *doc, const pol_judgement *j, size_t nj)
{
    for (size_t i = 0; i < nj; i++)
        if (!strcmp(j[i].docid, doc))
            return j[i].grade;
    return 0;
}

static int seen_before(const char *const *ranked, size_t i)
{
    for (size_t k = 0; k < i; k++)
        if (!strcmp(ranked[k], ranked[i]))
            return 1;
    return 0;
}

static int by_grade_desc(const void *a, const void *b)
{
    return *(const int *)b - *(const int *)a;
}

int pol_metrics_of(pol_metrics *out, const char *const *ranked, size_t nranked,
                   const pol_judgement *judged, size_t njudged)
{
    memset(out, 0, sizeof *out);
    size_t nrel = 0;
    for (size_t i = 0; i < njudged; i++)
        nrel += judged[i].grade > 0;
    if (nrel == 0)
        return -1;
    size_t found1 = 0, found5 = 0, found10 = 0, found100 = 0, rank = 0;
    double dcg = 0;
    for (size_t i = 0; i < nranked; i++) {
        if (seen_before(ranked, i))
            continue;
        rank++;
        int g = grade_of(ranked[i], judged, njudged);
        if (g <= 0)
            continue;
        if (rank <= 10 && out->mrr10 == 0)
            out->mrr10 = 1.0 / (double)rank;
        if (rank <= 10)
            dcg += (pow(2, g) - 1) / log2((double)rank + 1);
        found1 += rank <= 1;
        found5 += rank <= 5;
        found10 += rank <= 10;
        found100 += rank <= 100;
    }
    out->r1 = (double)found1 / (double)nrel;
    out->r5 = (double)found5 / (double)nrel;
    out->r10 = (double)found10 / (double)nrel;
    out->r100 = (double)found100 / (double)nrel;
    /* ideal DCG: the relevant grades, best first */
    int *g = malloc(nrel * sizeof *g);
    if (!g)
        return -1;
    size_t k = 0;
    for (size_t i = 0; i < njudged; i++)
        if (judged[i].grade > 0)
            g[k++] = judged[i].grade;
    qsort(g, k, sizeof *g, by_grade_desc);
    double idcg = 0;
    for (size_t i = 0; i < k && i < 10; i++)
        idcg += (pow(2, g[i]) - 1) / log2((double)i + 2);
    free(g);
    out->ndcg10 = idcg > 0 ? dcg / idcg : 0;
    return 0;
}

void pol_metrics_add(pol_metrics_sum *s, const pol_metrics *m)
{
    s->sum.mrr10 += m->mrr10;
    s->sum.r1 += m->r1;
    s->sum.r5 += m->r5;
    s->sum.r10 += m->r10;
    s->sum.r100 += m->r100;
    s->sum.ndcg10 += m->ndcg10;
    s->n++;
}

pol_metrics pol_metrics_mean(const pol_metrics_sum *s)
{
    pol_metrics m = { 0, 0, 0, 0, 0, 0 };
    if (!s->n)
        return m;
    double n = (double)s->n;
    m.mrr10 = s->sum.mrr10 / n;
    m.r1 = s->sum.r1 / n;
    m.r5 = s->sum.r5 / n;
    m.r10 = s->sum.r10 / n;
    m.r100 = s->sum.r100 / n;
    m.ndcg10 = s->sum.ndcg10 / n;
    return m;
}
