/* lexicon.h — the corpus's own vocabulary.
 * Owns: learning words (runs of 2 to 4 CJK characters) statistically from
 * the texts of an index, user word lists, storing both in the index's
 * metadata and reading them back. The analyzer uses a lexicon at query time
 * to mark the query's words (see pol_analyzer_set_lexicon); documents are
 * indexed without one, so a lexicon that changes as the corpus grows never
 * makes old and new documents inconsistent, and nothing is re-indexed.
 * Not: index terms (a learned word adds none). */
#ifndef POLSEARCH_LEXICON_H
#define POLSEARCH_LEXICON_H

#include <stddef.h>
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Longest word, in characters, that is learned or accepted from a list. */
#define POL_LEXICON_MAX_CHARS 8

typedef struct pol_lexicon pol_lexicon;

typedef struct pol_lexicon_word {
    const char *word;       /* normalized UTF-8 (simplified, NFKC, folded) */
    unsigned chars;         /* its length in characters */
    unsigned long count;    /* occurrences in the texts learned from (0: user word not seen) */
    double cohesion;        /* learned: least pointwise mutual information over the
                               word's splits into two parts, in nats */
    double entropy;         /* learned: least of the left and right branching
                               entropies (variety of neighbouring characters), nats */
    int user;               /* 1: from a user word list */
    int icu_split;          /* 1: ICU's dictionary breaks it into several words */
} pol_lexicon_word;

/* How words are learned. Defaults (POL_LEXICON_OPTS_INIT) suit corpora of
 * a few to a few hundred MB; all thresholds are fixed, so learning is
 * deterministic: the same texts give the same lexicon. */
typedef struct pol_lexicon_opts {
    unsigned min_count;         /* occurrences at least (0: 5) */
    double min_cohesion;        /* nats (0: 3.0) */
    double min_entropy;         /* nats (0: 1.5) */
    unsigned long long max_text_bytes; /* text read at most; larger indexes are
                                  sampled by a hash of each section's key (0: 64 MB) */
    unsigned jobs;              /* threads counting (0: 1); the lexicon does not depend on it */
} pol_lexicon_opts;
#define POL_LEXICON_OPTS_INIT { 0, 0.0, 0.0, 0, 0 }

typedef struct pol_lexicon_stats {
    unsigned long long text_bytes;  /* bytes of text read */
    unsigned long long cjk_chars;   /* CJK characters counted */
    size_t candidates;              /* n-grams frequent enough to be judged */
    size_t learned;                 /* words kept */
    size_t user;                    /* user words stored */
    double seconds;                 /* wall time of learning (reading the texts included) */
} pol_lexicon_stats;

/* An empty lexicon. */
pol_status pol_lexicon_new(pol_lexicon **out);
void pol_lexicon_free(pol_lexicon *lx);

/* Reads the lexicon (learned and user words) stored in the index at dbpath.
 * An index without one gives an empty lexicon. On failure a one-line message
 * is left in err. */
pol_status pol_lexicon_load(pol_lexicon **out, const char *dbpath, char *err, size_t errlen);

/* Words in byte order of their normalized form. */
size_t pol_lexicon_size(const pol_lexicon *lx);
const pol_lexicon_word *pol_lexicon_get(const pol_lexicon *lx, size_t i);

/* Adds a user word: normalized, it must be 2 to POL_LEXICON_MAX_CHARS CJK
 * characters (else POL_EINVAL). Adding a word already present marks it user. */
pol_status pol_lexicon_add_user(pol_lexicon *lx, const char *word, size_t len);

/* Learns the vocabulary of the texts stored in the index at dbpath (which
 * must not be open for writing elsewhere) and stores it in the index's
 * metadata, replacing the learned words stored before. When user_words is
 * not NULL it replaces the stored user word list (one word a line; '#'
 * starts a comment; bad lines are reported through bad_line and skipped).
 * stats may be NULL. */
typedef void (*pol_lexicon_bad_line_cb)(void *ctx, unsigned line, const char *message);
pol_status pol_lexicon_learn(const char *dbpath, const pol_lexicon_opts *opts,
                             const char *user_words, pol_lexicon_bad_line_cb bad_line,
                             void *ctx, pol_lexicon_stats *stats, char *err, size_t errlen);

#ifdef __cplusplus
}
#endif
#endif
