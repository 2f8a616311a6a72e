/* rank.c — ranking settings: their defaults, setting one from "name=value"
 * and describing them. Not: using them (query.c builds the weighted queries,
 * search.c sets BM25). */
#include "polsearch/search.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
    const char *name;
    size_t off;
    double lo, hi;
    int is_int;
} settings[] = {
    { "k1", offsetof(pol_rank_opts, k1), 0, 100, 0 },
    { "b", offsetof(pol_rank_opts, b), 0, 1, 0 },
    { "question_b", offsetof(pol_rank_opts, question_b), 0, 1, 0 },
    { "bigram", offsetof(pol_rank_opts, bigram), 0, 100, 0 },
    { "token", offsetof(pol_rank_opts, token), 0, 100, 0 },
    { "character", offsetof(pol_rank_opts, character), 0, 100, 0 },
    { "title", offsetof(pol_rank_opts, title), 0, 100, 0 },
    { "question_words", offsetof(pol_rank_opts, question_words), 0, 2, 1 },
    { "phrase", offsetof(pol_rank_opts, phrase), 0, 100, 0 },
    { "phrase_len", offsetof(pol_rank_opts, phrase_len), 2, 16, 1 },
    { "expand_questions", offsetof(pol_rank_opts, expand_questions), 0, 1, 1 },
    { "passage", offsetof(pol_rank_opts, passage), 0, 100, 0 },
    { "passage_len", offsetof(pol_rank_opts, passage_len), 10, 1000, 1 },
    { "coord", offsetof(pol_rank_opts, coord), 0, 100, 0 },
    { "rerank_depth", offsetof(pol_rank_opts, rerank_depth), 1, 1000, 1 },
    { "other_region", offsetof(pol_rank_opts, other_region), 0, 100, 0 },
    { "unasked_region", offsetof(pol_rank_opts, unasked_region), 0, 100, 0 },
    { "prf", offsetof(pol_rank_opts, prf), 0, 100, 0 },
    { "prf_docs", offsetof(pol_rank_opts, prf_docs), 1, 100, 1 },
    { "prf_terms", offsetof(pol_rank_opts, prf_terms), 1, 200, 1 },
};

pol_status pol_rank_opts_set(pol_rank_opts *o, const char *setting)
{
    const char *eq = strchr(setting, '=');
    if (!eq || !eq[1])
        return POL_EINVAL;
    char *end;
    double v = strtod(eq + 1, &end);
    if (*end || end == eq + 1)
        return POL_EINVAL;
    for (size_t i = 0; i < sizeof settings / sizeof *settings; i++) {
        if (strlen(settings[i].name) != (size_t)(eq - setting) ||
            strncmp(settings[i].name, setting, (size_t)(eq - setting)))
            continue;
        if (!(v >= settings[i].lo && v <= settings[i].hi))
            return POL_EINVAL;
        if (settings[i].is_int) {
            if (v != (int)v)
                return POL_EINVAL;
            *(int *)((char *)o + settings[i].off) = (int)v;
        } else {
            *(double *)((char *)o + settings[i].off) = v;
        }
        return POL_OK;
    }
    return POL_EINVAL;
}

const char *pol_rank_opts_describe(const pol_rank_opts *o)
{
    static char buf[512];
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof settings / sizeof *settings && n < sizeof buf; i++) {
        const char *p = (const char *)o + settings[i].off;
        int w = settings[i].is_int
                    ? snprintf(buf + n, sizeof buf - n, "%s%s=%d", n ? " " : "", settings[i].name, *(const int *)p)
                    : snprintf(buf + n, sizeof buf - n, "%s%s=%g", n ? " " : "", settings[i].name, *(const double *)p);
        if (w > 0)
            n += (size_t)w;
    }
    return buf;
}
