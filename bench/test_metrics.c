/* test_metrics — the ranking measures on lists worked out by hand. */
#include "metrics.h"
#include "testlib.h"

#include <math.h>

#define NEAR(a, b) (fabs((a) - (b)) < 1e-4)

int main(void)
{
    pol_metrics m;
    /* two relevant documents (grades 2 and 1) found at ranks 4 and 2 */
    const pol_judgement ja[] = { { "d1", 2 }, { "d2", 1 }, { "d3", 0 } };
    const char *ra[] = { "x", "d2", "d3", "d1", "y" };
    CHECK(pol_metrics_of(&m, ra, 5, ja, 3) == 0);
    CHECK(NEAR(m.mrr10, 0.5));
    CHECK(NEAR(m.r1, 0.0));
    CHECK(NEAR(m.r5, 1.0));
    CHECK(NEAR(m.r10, 1.0));
    /* DCG = 1/log2(3) + 3/log2(5) = 1.92296; ideal = 3/log2(2) + 1/log2(3) = 3.63093 */
    CHECK_MSG(NEAR(m.ndcg10, 0.52960), "ndcg10 %f", m.ndcg10);

    /* the relevant document at rank 11: outside every cut but 100 */
    const pol_judgement jb[] = { { "r", 1 } };
    const char *rb[] = { "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "r" };
    CHECK(pol_metrics_of(&m, rb, 11, jb, 1) == 0);
    CHECK(m.mrr10 == 0 && m.r10 == 0 && m.ndcg10 == 0);
    CHECK(NEAR(m.r100, 1.0));

    /* a document listed twice counts once: r is at rank 2, not 3 */
    const char *rc[] = { "a", "a", "r" };
    CHECK(pol_metrics_of(&m, rc, 3, jb, 1) == 0);
    CHECK(NEAR(m.mrr10, 0.5));
    CHECK(NEAR(m.ndcg10, 1.0 / log2(3.0)));

    /* first place */
    const char *rd[] = { "r", "z" };
    CHECK(pol_metrics_of(&m, rd, 2, jb, 1) == 0);
    CHECK(NEAR(m.mrr10, 1.0) && NEAR(m.r1, 1.0) && NEAR(m.ndcg10, 1.0));

    /* nothing relevant judged: not counted */
    const pol_judgement je[] = { { "a", 0 } };
    CHECK(pol_metrics_of(&m, rd, 2, je, 1) == -1);
    /* empty ranking */
    CHECK(pol_metrics_of(&m, NULL, 0, jb, 1) == 0 && m.mrr10 == 0 && m.r100 == 0);

    /* means: query A (0.5), query B (0), first place (1) */
    pol_metrics_sum s = { { 0, 0, 0, 0, 0, 0 }, 0 };
    pol_metrics a, b, d;
    pol_metrics_of(&a, ra, 5, ja, 3);
    pol_metrics_of(&b, rb, 11, jb, 1);
    pol_metrics_of(&d, rd, 2, jb, 1);
    pol_metrics_add(&s, &a);
    pol_metrics_add(&s, &b);
    pol_metrics_add(&s, &d);
    pol_metrics mean = pol_metrics_mean(&s);
    CHECK(s.n == 3);
    CHECK(NEAR(mean.mrr10, 0.5));
    CHECK(NEAR(mean.r1, 1.0 / 3));
    CHECK(NEAR(mean.r100, 1.0));
    pol_metrics_sum empty = { { 0, 0, 0, 0, 0, 0 }, 0 };
    CHECK(pol_metrics_mean(&empty).mrr10 == 0);
    return TEST_DONE();
}
