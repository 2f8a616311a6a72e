/* schema.h — the index format in one place: term prefixes, value slots,
 * metadata keys and the document-data layout (docs/schema.md explains each).
 * Every reader and writer of the index uses these names and nothing else. */
#ifndef POL_SCHEMA_H
#define POL_SCHEMA_H

#include <stddef.h>
#include "polsearch/status.h"
#include "units.h"
#include "util.h"

/* Bump when terms, values, data layout or metadata keys change. */
#define POL_SCHEMA_VERSION 6

/* Term prefixes (Xapian convention: capital letters; unprefixed terms are the
 * analyzer's units of the document text: characters of CJK runs and of
 * non-CJK tokens with positions, CJK bigrams and whole tokens without;
 * schema <= 3 also had ICU dictionary words of >= 3 CJK characters). */
#define POL_P_TITLE     "S"   /* title units (characters, bigrams, tokens), no positions */
#define POL_P_HEADING   "H"   /* schema <= 2: heading-path units; no longer written */
#define POL_P_FILE      "P"   /* boolean: absolute path of the source file */
#define POL_P_KEY       "K"   /* boolean: document key (path or path#N) */
#define POL_P_ISSUER    "XI"  /* boolean: normalized issuer */
#define POL_P_TYPE      "XT"  /* boolean: document type (通知, 意见, ...) */
#define POL_P_REGION    "XR"  /* boolean: region */
#define POL_P_SOURCE    "XS"  /* boolean: source collection */
#define POL_P_PAIR      "J"   /* two CJK characters at consecutive positions that are not
                                 a bigram (punctuation between them); no positions */
#define POL_P_YEAR      "Y"   /* boolean: year, 4 digits */
#define POL_P_RECTYPE   "R"   /* boolean: record type, "Rd" document record (schema <= 2
                                 also had "Rs" section records) */
#define POL_P_DUPBAND   "XB"  /* schema <= 3: LSH band terms of the near-duplicate
                                 signature; no longer written (bands are kept in memory) */

/* Value slots. */
enum {
    POL_V_DOCKEY = 0,   /* document key */
    POL_V_DATE = 1,     /* "YYYYMMDD" (missing parts as 00), sortable */
    POL_V_YEAR = 2,     /* "YYYY", for facets */
    POL_V_ISSUER = 3,   /* display issuer, for facets */
    POL_V_TYPE = 4,
    POL_V_REGION = 5,
    POL_V_SOURCE = 6,
    POL_V_SECTION = 7,  /* schema <= 2: section number of a section record; no longer written */
    POL_V_DUPSIG = 8,   /* document records: near-duplicate signature (lib/dedup.h) */
    POL_V_DUPGROUP = 9  /* document records: near-duplicate group id, the smallest
                           document key of the group; collapse key of grouped results */
};

/* Metadata keys. */
#define POL_M_SCHEMA    "polsearch:schema"    /* decimal POL_SCHEMA_VERSION */
#define POL_M_ANALYZER  "polsearch:analyzer"  /* pol_analyzer_id() of the writer */
#define POL_M_FILE      "F:"                  /* + absolute path -> file state (see below) */
#define POL_M_POSITIONS "polsearch:positions" /* "1": positions in Xapian's position table
                                                 too (polindex --positions) */
#define POL_M_LEXICON   "polsearch:lexicon"   /* learned words, one a line (lexicon.c) */
#define POL_M_WORDS     "polsearch:words"     /* the user's word list, one a line */
#define POL_M_LEXWORD   "L:"                  /* + word of either list -> "l", "u" or "lu" */
#define POL_M_LEXKEYS   "polsearch:lexicon-keys" /* "WORDS MAXCHARS": the L: keys are there */
#define POL_M_DUPGROUP  "G:"                  /* + 16 hex digits of the FNV-1a hash of a group
                                                 id -> its members' keys, sorted, NUL-separated
                                                 (groups of two or more documents) */

/* What the index stores for one document (the Xapian document data), and
 * its sections. Strings point into the data buffer when decoded (not
 * NUL-terminated: use the _len). */
typedef struct pol_secdata {
    const char *path; size_t path_len;         /* absolute source path */
    const char *key; size_t key_len;           /* document key */
    const char *title; size_t title_len;
    const char *issuer; size_t issuer_len;
    const char *date; size_t date_len;         /* YYYY-MM-DD / YYYY-MM / YYYY */
    const char *doc_number; size_t doc_number_len;
    const char *type; size_t type_len;
    const char *region; size_t region_len;
    const char *source; size_t source_len;
    const char *url; size_t url_len;
    unsigned long long text_len;               /* uncompressed length of the text */
    unsigned long long table_len;              /* uncompressed length of the section table */
    const char *ztable; size_t ztable_len;     /* zlib-compressed section table */
    unsigned long long map_len;                /* uncompressed length of the unit map */
    const char *zmap; size_t zmap_len;         /* zlib-compressed unit map (unitmap.h) */
    const char *ztext; size_t ztext_len;       /* zlib-compressed cleaned text */
    char *meta;             /* decoded from format 3: the inflated block the strings point
                               into (pol__secdata_release); NULL for format 2 */
} pol_secdata;

/* One section of a document, as decoded from its section table: the
 * section's own text (heading included, subsections excluded) and the
 * positions of its positional units in the document record. */
typedef struct pol_secinfo {
    size_t start, end;          /* byte range in the document text */
    unsigned pos0, pos1;        /* positions [pos0, pos1) */
    size_t parent;              /* index in the table, or (size_t)-1 */
    const char *heading; size_t heading_len; /* heading_len 0: none (a preamble) */
    size_t heading_off;         /* heading NULL, heading_len > 0: the heading is
                                   the text's bytes [heading_off, +heading_len) */
} pol_secinfo;

/* The heading of s (not NUL-terminated, s->heading_len bytes) in the text
 * of its document, of which at least the bytes up to s->end are given. */
const char *pol__secinfo_heading(const pol_secinfo *s, const char *text);

/* Appends one section (in text order) to a section table being built; the
 * table starts with pol__sectable_begin (npos: the document's last position). */
void pol__sectable_begin(pol_buf *t, size_t nsections, unsigned npos);
void pol__sectable_add(pol_buf *t, const char *text, const pol_secinfo *s, size_t *prev_start,
                       unsigned *prev_pos);

/* Encodes d's strings with `text`, the section table and the unit map
 * (unitmap.h) compressed into *out (malloc'd). */
pol_status pol__secdata_encode(const pol_secdata *d, const char *text, size_t text_len,
                               const char *table, size_t table_len, const char *map, size_t map_len,
                               char **out, size_t *out_len);
/* Decodes data into d (pointers into data, and for format 3 the strings into
 * d->meta, which pol__secdata_release frees). POL_ECORRUPT if malformed. */
pol_status pol__secdata_decode(pol_secdata *d, const char *data, size_t len);
/* Frees what pol__secdata_decode allocated (d->meta); the strings are gone. */
void pol__secdata_release(pol_secdata *d);
/* Frees the calling thread's compressor and decompressor (other threads'
 * go when they end): a thread that stays, such as a program's main thread,
 * calls it when done with document data. */
void pol__docdata_release_thread(void);
/* Uncompressed text of d, malloc'd and NUL-terminated. */
pol_status pol__secdata_text(const pol_secdata *d, char **out, size_t *out_len);
/* The code point at each position of d (position p at index p - 1), from
 * its unit map and its text (the whole text when given, else inflated
 * here), malloc'd; the map itself, inflated, with its marks, into *walk
 * when walk is not NULL (units.h). */
pol_status pol__secdata_units(const pol_secdata *d, const char *text, uint32_t **out, size_t *n,
                              pol_unitwalk *walk);
/* Its first `upto` bytes at least (all when shorter): the whole text when
 * that is the cheaper, else a prefix decompressed no further than needed;
 * *out_len gets how many. */
pol_status pol__secdata_text_prefix(const pol_secdata *d, size_t upto, char **out, size_t *out_len);
/* The sections of d in text order (malloc'd; headings point into *buf, also
 * malloc'd, or are found with pol__secinfo_heading). A document without
 * sections gets one covering its text. */
pol_status pol__secdata_sections(const pol_secdata *d, char **buf, pol_secinfo **out, size_t *n);

/* File state kept under POL_M_FILE + path: size, mtime (ns), content hash and
 * how many documents (records) the file gave. */
typedef struct pol_filestate {
    unsigned long long size, mtime_ns, hash, ndocs;
} pol_filestate;
void pol__filestate_encode(const pol_filestate *f, pol_buf *out);
/* Reads the four numbers at the start of s (a longer value may follow). */
int pol__filestate_decode(pol_filestate *f, const char *s, size_t len);

/* Longest identifying term or metadata key (prefix included) written as is:
 * Xapian refuses terms over 245 and metadata keys over 255 bytes. */
#define POL_IDENT_MAX 240
/* Appends prefix + s to out; when that is longer than POL_IDENT_MAX, s is cut
 * at a character boundary and followed by U+001F and 16 hex digits of its
 * hash, so that long paths and keys still identify their file or document. */
void pol__ident(pol_buf *out, const char *prefix, const char *s, size_t len);

#endif
