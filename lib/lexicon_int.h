/* lexicon_int.h — what the analyzer needs of a lexicon (internal). */
#ifndef POL_LEXICON_INT_H
#define POL_LEXICON_INT_H

#include <stddef.h>
#include "polsearch/lexicon.h"

/* Index of the word with these normalized bytes, or -1. A word found only
 * through an index's word keys (pol__lexicon_add_index) gives an index >=
 * the words held in memory, for which pol_lexicon_get returns NULL. */
long pol__lexicon_find(const pol_lexicon *lx, const char *s, size_t n);
/* Longest word in characters (0 when empty). */
unsigned pol__lexicon_max_chars(const pol_lexicon *lx);

/* Parses a stored lexicon (metadata values) into lx, adding to what it has:
 * `learned` lines "word TAB count TAB cohesion TAB entropy TAB icu_split",
 * `user` lines "word". Malformed lines are skipped. */
pol_status pol__lexicon_parse(pol_lexicon *lx, const char *learned, size_t llen,
                              const char *user, size_t ulen);

/* The same for lookups only (pol__lexicon_find), much faster: the words
 * stay in the stored texts, whose ownership passes to lx (malloc'd,
 * NUL-terminated; either may be NULL, both are freed even on failure), and
 * their statistics are not read (pol_lexicon_get gives count, cohesion and
 * entropy 0) nor duplicates merged. */
pol_status pol__lexicon_take_words(pol_lexicon *lx, char *learned, size_t llen, char *user,
                                   size_t ulen);

/* Makes lx look words up in db's word keys (POL_M_LEXWORD, one metadata
 * key per word, written by pol_lexicon_learn) as they are asked for, instead
 * of reading the stored lists: lx takes db (a handle of its own) and sets
 * *added when db has the keys; without them (indexes learned before the keys
 * existed) it leaves db to the caller, *added 0, who reads the lists.
 * POL_ECORRUPT when POL_M_LEXKEYS cannot be read. */
struct polx_db;
pol_status pol__lexicon_add_index(pol_lexicon *lx, struct polx_db *db, int *added);

/* Learning beside a merge: the texts of the databases at paths[0..n), in
 * that order (as a compaction of them in that order numbers the documents),
 * are read and the words learned on a thread of the job's own (and the
 * opts->jobs threads it starts), while the caller merges them. */
typedef struct pol__learn_job pol__learn_job;
pol_status pol__lexicon_learn_start(pol__learn_job **out, char *const *paths, size_t n,
                                    const pol_lexicon_opts *opts);
/* Waits until the job has read the texts: the databases may then go. */
void pol__lexicon_learn_wait_read(pol__learn_job *j);
/* Waits for the job and frees it; with db (writable), stores what it
 * learned there with the word list stored in db, and commits (as
 * pol_lexicon_learn without a new word list); name: db's path, for
 * messages. Without db, only waits and frees. */
pol_status pol__lexicon_learn_finish(pol__learn_job *j, struct polx_db *db, const char *name,
                                     pol_lexicon_stats *stats, char *err, size_t errlen);

/* Tests: the entries a partition's n-gram table may reach before learning
 * counts that length again through the filter (0: the default). Not
 * thread-safe; set it before learning. */
void pol__lexicon_store_limit(size_t entries);

#endif
