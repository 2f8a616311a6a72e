/* glossary.h — the English->Chinese glossary of policy terms and the groups
 * of Chinese variants that query expansion uses (internal).
 * Owns: parsing the data files (data/glossary.tsv, data/zh_variants.tsv, built
 * into the library by tools/embed.c), folding English text for lookup, and
 * lookup. Not: building queries from what is found (query.c). */
#ifndef POL_GLOSSARY_H
#define POL_GLOSSARY_H

#include <stddef.h>
#include "polsearch/status.h"
#include "util.h"

typedef struct pol_gloss_entry {
    const char *en;             /* the English term as written in the data */
    const char *key;            /* its folded form (pol__glossary_fold) */
    size_t nwords;              /* words in key */
    const char *const *zh;      /* Chinese renderings, most usual first */
    size_t nzh;
    unsigned line;              /* line in the data file */
} pol_gloss_entry;

typedef struct pol_variant_group {
    const char *const *terms;   /* interchangeable Chinese terms */
    size_t n;
} pol_variant_group;

typedef struct pol_glossary {
    pol_gloss_entry *entries;   /* sorted by key (none while deferred) */
    size_t n;
    size_t max_words;           /* most words in one key (deferred: see
                                   pol__glossary_max_words) */
    pol_variant_group *groups;
    size_t ngroups;
    size_t nproblems;           /* malformed lines, empty sides, duplicate keys */
    char problem[256];          /* the first of them, "line N: ..." */
    char *store;                /* the parsed copy of the data everything points into */
    const char **strs;          /* the renderings and variant terms */
    int deferred;               /* the built-in one: its English entries are
                                   parsed on the first pol__glossary_find */
} pol_glossary;

/* The built-in glossary, parsed once per process on first use; borrowed,
 * valid for the life of the process. POL_ENOMEM if it cannot be parsed.
 * Only the variant groups are parsed here: the English entries (most of
 * the data) are parsed when pol__glossary_find is first asked, and their
 * most words in a key when pol__glossary_max_words is, so that a query
 * without English words never pays for them. */
pol_status pol__glossary_get(const pol_glossary **out);

/* The built-in glossary parsed whole (entries, groups, problems of both
 * files), once per process; borrowed. pol__glossary_find on the one of
 * pol__glossary_get searches this one. */
pol_status pol__glossary_get_full(const pol_glossary **out);

/* Parses glossary and variants text (either may be empty). Bad lines are
 * counted in nproblems and skipped; duplicate keys keep the first entry.
 * *out is the caller's (pol__glossary_free). */
pol_status pol__glossary_parse(pol_glossary **out, const char *gloss, size_t glen,
                               const char *variants, size_t vlen);
void pol__glossary_free(pol_glossary *g);

/* Folds English text for lookup into out (appended, NUL-terminated): ASCII
 * letters lower-cased, hyphens, spaces and other punctuation separate words
 * (joined by one space), a plural ending (-s, -ies -> -y, -'s) dropped from
 * each word. Returns the number of words, or -1 when the text has anything
 * but ASCII (a Chinese word is never looked up). */
int pol__glossary_fold(const char *s, size_t n, pol_buf *out);

/* The most words the English side of a line of glossary text folds to,
 * over all lines with a TAB: what pol__glossary_fold would count, without
 * folding; lines the parser refuses count too, so this is at least the
 * max_words of the parsed text (equal when it has no bad line). */
size_t pol__glossary_max_words_bound(const char *gloss, size_t glen);

/* The most words in one key of g: for the built-in one, at least that. */
size_t pol__glossary_max_words(const pol_glossary *g);

/* The entry whose folded key is key[0..len), or NULL (also when a deferred
 * glossary cannot be parsed: out of memory). */
const pol_gloss_entry *pol__glossary_find(const pol_glossary *g, const char *key, size_t len);

#endif
