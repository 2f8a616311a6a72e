/* dedup.h — near-duplicate detection (internal): the signature of a
 * document's text and the near-duplicate groups kept in the index.
 * docs/schema.md describes what is stored; docs/duplicates.md the method. */
#ifndef POL_DEDUP_H
#define POL_DEDUP_H

#include <stddef.h>
#include <stdint.h>
#include "polsearch/analyzer.h"
#include "polsearch/duplicates.h"
#include "polsearch/status.h"
#include "util.h"
#include "xapian_c.h"

#define POL_DUP_SHINGLE 5        /* characters per shingle */
#define POL_DUP_BINS 256         /* one-permutation MinHash bins */
#define POL_DUP_ROWS 4           /* bins per LSH band */
#define POL_DUP_BANDS (POL_DUP_BINS / POL_DUP_ROWS)
#define POL_DUP_THRESHOLD 0.8    /* share of the smaller text's shingles found in the other */
#define POL_DUP_MAX_RATIO 2.0    /* the larger text has at most this many times the shingles */
#define POL_DUP_MIN_SHINGLES 10  /* shorter texts are never grouped */

/* A document's signature: its number of distinct shingles and, per bin, the
 * low 16 bits of the smallest 32-bit shingle hash that fell in it (empty bins
 * densified; b-bit MinHash: two unequal minima agree by chance once in 65536,
 * which raises the Jaccard estimate by (1 - J) / 65536 on average).
 * nshingles == 0: no signature (text too short). */
typedef struct pol_dupsig {
    uint32_t nshingles;
    uint16_t bins[POL_DUP_BINS];
} pol_dupsig;

#define POL_DUPSIG_BYTES (4 + 2 * POL_DUP_BINS)

/* The text shingles are made of: text normalized by the analyzer (NFKC, case
 * folding, Traditional->Simplified) with only letters and digits kept (no
 * spaces, punctuation or symbols). *out is malloc'd code points. */
pol_status pol__dup_text(pol_analyzer *an, const char *text, size_t len, uint32_t **out,
                         size_t *n);
/* The signature of text (cleaned document text). */
pol_status pol__dup_sign(pol_analyzer *an, const char *text, size_t len, pol_dupsig *out);
/* The same from the text already normalized by the analyzer (the indexer
 * has it from analyzing the document: pol__analyzer_normalized). */
pol_status pol__dup_sign_normalized(const char *norm, size_t nlen, pol_dupsig *out);
void pol__dup_encode(const pol_dupsig *s, char out[POL_DUPSIG_BYTES]);
/* 0, or -1 when the bytes are not a signature. */
int pol__dup_decode(pol_dupsig *s, const char *p, size_t len);
/* Estimated share of the smaller text's shingles that occur in the other
 * (from the Jaccard estimate and both sizes), in [0, 1]. */
double pol__dup_similarity(const pol_dupsig *a, const pol_dupsig *b);
/* The edge of the grouping graph (symmetric): both signatures exist, they
 * share an LSH band, sizes within POL_DUP_MAX_RATIO and similarity >=
 * POL_DUP_THRESHOLD. */
int pol__dup_related(const pol_dupsig *a, const pol_dupsig *b);

/* Index maintenance. Document records carry POL_V_DUPSIG and POL_V_DUPGROUP
 * (group id: the smallest document key of the group); POL_M_DUPGROUP
 * metadata lists the members of each group of two or more. */

/* Candidates (LSH): the POL_DUP_BANDS band keys of every signature of an
 * index, held in memory (the index stores no band terms since schema 4).
 * Read from the POL_V_DUPSIG value stream when first needed, then kept up to
 * date by pol__dup_join and pol__dup_delete. About 1 KB a document. Zeroed:
 * empty, not read yet. Belongs to one open database: reset it when that
 * database's docids change (compaction renumbers them). */
typedef struct pol_dupbands {
    uint64_t *slot;      /* band key << 32 | docid; 0 empty; docid 0 deleted */
    size_t cap, used, live;
    int loaded;
} pol_dupbands;
/* Frees the table; it is read again when next needed. */
void pol__dup_bands_reset(pol_dupbands *b);

/* Puts the signature and the singleton group of `key` on a new document
 * record (before it is added). */
pol_status pol__dup_tag(polx_doc *drec, const pol_dupsig *sig, const char *key);
/* After the document record `docid` (with signature sig, key `key`) was
 * added: joins its group to the groups of the documents it is related to,
 * merging them; rewrites only the records whose group id changes. bands
 * (those of db) gets the document's bands. */
pol_status pol__dup_join(polx_db *db, pol_dupbands *bands, unsigned docid, const pol_dupsig *sig,
                         const char *key);
/* Keys of the documents with a signature in a part database (written in
 * parallel, see index.c), to be joined once the part is merged in. */
pol_status pol__dup_part_keys(polx_db *part, pol_strlist *out);
/* Joins the documents of `keys` (pol__dup_join with their stored signature,
 * against the bands of every document of db, read once): after parts are
 * merged, their groups meet those of the index and of each other.
 * Documents gone are skipped. */
pol_status pol__dup_rejoin(polx_db *db, const pol_strlist *keys);
/* Deletes every record indexed by `term` (e.g. a file's P term) and splits
 * the groups those documents were in, as the remaining members' relations
 * decide; their bands leave `bands` (those of db). */
pol_status pol__dup_delete(polx_db *db, pol_dupbands *bands, const char *term);

/* 1 in *listed when group gid has a member list in db (it has two or more
 * members there); the members' keys are appended to keys (unless NULL).
 * The list may name documents gone or regrouped since: check their group. */
pol_status pol__dup_listed(polx_db *db, const char *gid, int *listed, pol_strlist *keys);

struct pol_secdata;
/* How many metadata fields of a document are known (title, issuer, date,
 * document number, type, region, url): the tie-break toward the richest copy. */
unsigned pol__dup_richness(const struct pol_secdata *d);

/* A group member as search results and listings show it. */
typedef struct pol_dupmember {
    unsigned docid;
    char *key, *path, *title, *date;  /* malloc'd; title, date NULL if unknown */
    unsigned richness;                /* number of metadata fields known */
    pol_dupsig sig;
} pol_dupmember;
/* The document records of group gid (in key order). */
pol_status pol__dup_members(polx_db *db, const char *gid, size_t gid_len, pol_dupmember **out,
                            size_t *n);
void pol__dup_members_free(pol_dupmember *m, size_t n);
/* Every group of >= 2 documents (see pol_searcher_duplicates). */
pol_status pol__dup_groups(polx_db *db, struct pol_dupgroups **out);

#endif
