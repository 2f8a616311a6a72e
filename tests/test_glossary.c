/* test_glossary — the built-in English->Chinese glossary and Chinese variant
 * groups: they load, are big enough, have no duplicate or empty entries; the
 * folding of English text; and the parser's reports on bad data. */
#include "glossary.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static char *fold(const char *s, int *words)
{
    pol_buf b = POL_BUF_INIT;
    *words = pol__glossary_fold(s, strlen(s), &b);
    return pol__buf_detach(&b, NULL);
}

static void test_fold(void)
{
    static const struct { const char *in, *want; int words; } rows[] = {
        { "E-commerce", "e commerce", 2 },
        { "  poverty   relief ", "poverty relief", 2 },
        { "poverty-stricken counties", "poverty stricken county", 3 },
        { "People's Bank of China", "people bank of china", 4 },
        { "Xi'an", "xi'an", 1 },
        { "business progress status analysis", "business progress status analysis", 4 },
        { "SMEs", "sme", 1 },
        { "COVID-19", "covid 19", 2 },
        { "--", "", 0 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        int w;
        char *f = fold(rows[i].in, &w);
        CHECK_EQ_STR(f, rows[i].want);
        CHECK_EQ_INT(w, rows[i].words);
        free(f);
    }
    int w;
    char *f = fold("电商", &w);
    CHECK_EQ_INT(w, -1);
    free(f);
}

static void test_builtin(void)
{
    const pol_glossary *g = NULL;
    CHECK_EQ_INT(pol__glossary_get_full(&g), POL_OK);
    if (!g)
        return;
    CHECK_MSG(g->nproblems == 0, "%zu problems in data/, first: %s", g->nproblems, g->problem);
    CHECK_MSG(g->n >= 300, "only %zu glossary entries", g->n);
    for (size_t i = 0; i < g->n; i++) {
        const pol_gloss_entry *e = &g->entries[i];
        CHECK_MSG(e->nzh >= 1, "%s: no Chinese", e->en);
        for (size_t k = 0; k < e->nzh; k++) {
            int chinese = 0;
            for (const char *c = e->zh[k]; *c; c++)
                chinese |= (unsigned char)*c >= 0x80;
            CHECK_MSG(chinese, "%s: Chinese side '%s' empty or not Chinese", e->en, e->zh[k]);
        }
        if (i > 0)
            CHECK_MSG(strcmp(g->entries[i - 1].key, e->key) < 0, "'%s' and '%s' fold alike",
                      g->entries[i - 1].en, e->en);
    }
    CHECK(g->ngroups >= 20);
    for (size_t i = 0; i < g->ngroups; i++)
        CHECK(g->groups[i].n >= 2);
    /* the terms the issue names */
    static const struct { const char *en, *zh; } want[] = {
        { "poverty alleviation", "扶贫" }, { "poverty relief", "扶贫" }, { "e-commerce", "电子商务" },
        { "counterpart support", "对口支援" }, { "counterpart assistance", "对口帮扶" },
        { "rural revitalization", "乡村振兴" }, { "five-year plan", "五年规划" },
        { "ecological protection", "生态保护" }, { "vocational education", "职业教育" },
    };
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int w;
        char *k = fold(want[i].en, &w);
        const pol_gloss_entry *e = pol__glossary_find(g, k, strlen(k));
        CHECK_MSG(e && !strcmp(e->zh[0], want[i].zh), "%s -> %s", want[i].en, e ? e->zh[0] : "(none)");
        free(k);
    }
    CHECK(pol__glossary_find(g, "poverty relie", 13) == NULL);
    CHECK(pol__glossary_find(g, "zzz", 3) == NULL);
    const pol_glossary *g2 = NULL;
    pol__glossary_get_full(&g2);
    CHECK(g2 == g);
}

/* The glossary queries get: its variant groups parsed, its English entries
 * deferred to the first lookup, which answers as the whole one does. */
static void test_builtin_deferred(void)
{
    const pol_glossary *d = NULL, *g = NULL, *d2 = NULL;
    CHECK_EQ_INT(pol__glossary_get(&d), POL_OK);
    CHECK_EQ_INT(pol__glossary_get_full(&g), POL_OK);
    if (!d || !g)
        return;
    CHECK(d != g && d->deferred && !g->deferred);
    CHECK_EQ_INT(d->n, 0);
    CHECK_EQ_INT(d->nproblems, 0);
    CHECK_EQ_INT(pol__glossary_max_words(d), g->max_words); /* exact, as data/ has no bad lines */
    CHECK_EQ_INT(d->ngroups, g->ngroups);
    for (size_t i = 0; i < d->ngroups && i < g->ngroups; i++) {
        CHECK_EQ_INT(d->groups[i].n, g->groups[i].n);
        for (size_t k = 0; k < d->groups[i].n && k < g->groups[i].n; k++)
            CHECK_EQ_STR(d->groups[i].terms[k], g->groups[i].terms[k]);
    }
    for (size_t i = 0; i < g->n; i += 7) {
        const char *k = g->entries[i].key;
        CHECK(pol__glossary_find(d, k, strlen(k)) == &g->entries[i]);
    }
    CHECK(pol__glossary_find(d, "zzz", 3) == NULL);
    pol__glossary_get(&d2);
    CHECK(d2 == d);
}

/* max_words of the deferred glossary is counted without folding: it must
 * be at least what the parser finds, on lines of every shape. */
static void test_max_words_bound(void)
{
    static const char *const rows[] = {
        "a\tb\n", "Poverty-stricken counties' plans\t扶贫\n", "'' x ''\ty\n", "no tab here at all\n",
        "COVID-19 response\t抗疫\nshort\t短\n", "电商 e\t电子商务\n",
        "\t two words\tx\n",
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        pol_glossary *g = NULL;
        CHECK_EQ_INT(pol__glossary_parse(&g, rows[i], strlen(rows[i]), "", 0), POL_OK);
        if (!g)
            continue;
        size_t bound = pol__glossary_max_words_bound(rows[i], strlen(rows[i]));
        CHECK_MSG(bound >= g->max_words, "row %zu: %zu < %zu", i, bound, g->max_words);
        if (g->nproblems == 0)
            CHECK_EQ_INT(bound, g->max_words);
        pol__glossary_free(g);
    }
}

static void test_bad_data(void)
{
    static const struct { const char *gloss, *variants, *problem; size_t n; } rows[] = {
        { "a\tb\n", "", NULL, 1 },
        { "Poverty relief\t扶贫\npoverty-reliefs\t脱贫\n", "", "line 2: 'poverty-reliefs' repeats the entry of line 1", 1 },
        { "no tab here\n", "", "line 1: no TAB", 0 },
        { "word\t\n", "", "line 1: 'word' has an empty Chinese side", 0 },
        { "word\t扶贫||脱贫\n", "", "empty Chinese side", 0 },
        { "word\t扶贫|扶贫\n", "", "lists a Chinese term twice", 0 },
        { "电商\t电子商务\n", "", "no ASCII words", 0 },
        { "# comment\n\nx\ty\n", "电商|电子商务\n单独\n", "zh_variants.tsv line 2: a group of one term", 1 },
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        pol_glossary *g = NULL;
        CHECK_EQ_INT(pol__glossary_parse(&g, rows[i].gloss, strlen(rows[i].gloss), rows[i].variants,
                                         strlen(rows[i].variants)), POL_OK);
        if (!g)
            continue;
        CHECK_EQ_INT(g->n, rows[i].n);
        if (rows[i].problem)
            CHECK_MSG(g->nproblems == 1 && strstr(g->problem, rows[i].problem), "row %zu: %s", i, g->problem);
        else
            CHECK_EQ_INT(g->nproblems, 0);
        pol__glossary_free(g);
    }
}

int main(void)
{
    test_fold();
    test_builtin();
    test_builtin_deferred();
    test_max_words_bound();
    test_bad_data();
    return TEST_DONE();
}
