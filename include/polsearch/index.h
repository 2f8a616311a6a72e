/* index.h — writing a polsearch index.
 * Owns: opening an index for writing (with schema and analyzer checks),
 * adding files and directories (incrementally), removing vanished files,
 * committing. Not: reading files (document.h) or searching (search.h). */
#ifndef POLSEARCH_INDEX_H
#define POLSEARCH_INDEX_H

#include <stddef.h>
#include "polsearch/lexicon.h"
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pol_index pol_index;

#define POL_MAX_JOBS 64

typedef struct pol_index_opts {
    int rebuild;            /* start from an empty index */
    unsigned commit_every;  /* commit after this many files (0 = default 200) */
    const char *const *fields; /* record field mappings, as pol_read_opts.fields */
    unsigned jobs;          /* threads analyzing and writing (0 or 1: the caller's
                               thread only; at most POL_MAX_JOBS) */
    unsigned shard, nshards;/* nshards > 1: index only the files of shard number
                               `shard` (0-based) of nshards, chosen by path */
    const volatile int *stop; /* when set and *stop becomes non-zero (say, from a
                               signal handler), adding stops after the files in
                               progress; what was indexed is kept */
    int positions;          /* also keep positions in Xapian's position table, as
                               searching the index through xapian-tcpsrv needs
                               (a larger index); an index keeps what it was made with */
} pol_index_opts;
#define POL_INDEX_OPTS_INIT { 0, 0, NULL, 0, 0, 0, NULL, 0 }

/* What happened to one file. */
typedef enum pol_file_action {
    POL_FILE_ADDED = 1,
    POL_FILE_UPDATED,
    POL_FILE_UNCHANGED,
    POL_FILE_REMOVED,
    POL_FILE_FAILED,
    POL_FILE_SKIPPED        /* not a supported file type */
} pol_file_action;

/* Progress and problems while indexing. `path` is the file concerned;
 * `message` (NULL unless FAILED, or a warning) is one line without newline. */
typedef struct pol_index_event {
    pol_file_action action;
    const char *path;
    const char *message;
    size_t bytes;           /* file size */
    size_t documents;       /* documents (records) the file gave */
    size_t sections;        /* sections indexed */
    int is_warning;         /* 1: a problem inside a file that was still indexed */
} pol_index_event;
typedef void (*pol_index_event_cb)(void *ctx, const pol_index_event *ev);

/* Totals since the index was opened. */
typedef struct pol_index_stats {
    size_t added, updated, unchanged, removed, failed, skipped;
    size_t documents, sections;
    unsigned long long bytes;         /* bytes of the files added or updated */
    size_t files_total;               /* supported files found under the paths */
    unsigned long long bytes_total;
    size_t files_todo;                /* of these, files found to need indexing */
    unsigned long long bytes_todo;    /* (added, updated or failed when done) */
    double dup_seconds;               /* time spent on near-duplicate signatures and groups */
    size_t parts_merged;              /* parts written by worker threads and merged in */
} pol_index_stats;

/* Opens (creating if missing) the index at dbpath for writing. POL_ELOCKED
 * when another writer has it, POL_EVERSION when it was made by another schema
 * or analyzer (rebuild it), POL_ECORRUPT when damaged. On failure *out is
 * still set when a message is available (read it with pol_index_errmsg, then
 * free), or NULL on POL_ENOMEM. */
pol_status pol_index_open(pol_index **out, const char *dbpath, const pol_index_opts *opts);

/* Events (may be NULL) are reported through cb. */
void pol_index_set_event_cb(pol_index *ix, pol_index_event_cb cb, void *ctx);

/* Indexes a file, or every supported file under a directory (recursively,
 * symlinks to directories not followed). Unchanged files (same size and
 * mtime, or same content) are skipped; changed files replace their records.
 * The walk comes first (stats give the totals), then the files that need it
 * are indexed. With opts.jobs > 1 and enough to do, worker threads write
 * parts of the index (beside it, "<db>.partN") which pol_index_commit merges
 * in; events still come in walk order, from the calling thread.
 * Bad files are reported as events and skipped: the return value is an error
 * only for failures of the index itself (or a missing `path`). */
pol_status pol_index_add_path(pol_index *ix, const char *path);

/* Removes the records of files under `root` (a file or directory, as given to
 * pol_index_add_path) that no longer exist. */
pol_status pol_index_remove_missing(pol_index *ix, const char *root);

/* Commits what was added so far; merges the parts written by worker threads
 * (a merge compacts the index). Parts left by a killed run are merged when
 * the index is next opened. */
pol_status pol_index_commit(pol_index *ix);

/* pol_index_commit, then, when files were added, updated or removed, the
 * lexicon relearned as pol_lexicon_learn does without a new word list
 * (*learned 1, *stats its figures). When parts are merged, their texts and
 * the index's are read and the words counted while the merge runs. A
 * failure to learn leaves the commit done. */
pol_status pol_index_commit_learn(pol_index *ix, const pol_lexicon_opts *opts, pol_lexicon_stats *stats,
                                  int *learned);

/* Compacts the committed index into a fresh copy and swaps it in place. */
pol_status pol_index_compact(pol_index *ix);

const pol_index_stats *pol_index_get_stats(const pol_index *ix);

/* Last detailed message (one line); borrowed from ix. */
const char *pol_index_errmsg(const pol_index *ix);

/* Commits and closes; accepts NULL. Errors at this point are lost: call
 * pol_index_commit first to see them. */
void pol_index_free(pol_index *ix);

#ifdef __cplusplus
}
#endif
#endif
