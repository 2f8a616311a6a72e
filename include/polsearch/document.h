/* document.h — a document as the indexer understands it.
 * Owns: the document model (cleaned text, metadata, section tree), reading
 * files into documents (formats, encodings, cleaning) and finding structure.
 * Not: analysis or index terms. */
#ifndef POLSEARCH_DOCUMENT_H
#define POLSEARCH_DOCUMENT_H

#include <stddef.h>
#include "polsearch/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Metadata; every field is a malloc'd UTF-8 string or NULL when unknown. */
typedef struct pol_meta {
    char *title;
    char *issuer;     /* 发文机关 / 发布单位 */
    char *date;       /* "YYYY-MM-DD", "YYYY-MM" or "YYYY" */
    char *doc_number; /* 发文字号, e.g. 国办发〔2013〕11号 */
    char *type;       /* 通知, 意见, 方案, 规划, 办法, 条例, 决定, 报告, 法 ... */
    char *region;     /* province or city, e.g. 浙江省, 杭州市 */
    char *source;     /* name of the collection the file came from */
    char *url;
} pol_meta;

#define POL_NO_PARENT ((size_t)-1)

/* One section: a heading and the text up to the next heading of the same or
 * a higher level. Level 0 is the preamble before the first heading. */
typedef struct pol_section {
    char *heading;    /* malloc'd heading line (NULL for the preamble) */
    unsigned level;   /* 0 = preamble; 1 = outermost heading form seen ... */
    size_t parent;    /* index of the enclosing section, or POL_NO_PARENT */
    size_t start;     /* byte range in doc->text of the section's own text, */
    size_t end;       /*  heading included, children excluded */
} pol_section;

typedef struct pol_doc {
    char *key;        /* path, or "path#N" for record N (1-based) of a multi-record file */
    char *path;       /* the file it came from */
    char *text;       /* cleaned UTF-8 text, NUL-terminated */
    size_t text_len;
    pol_meta meta;
    pol_section *sections;
    size_t nsections;
    const char *encoding;   /* static name of the source encoding, e.g. "UTF-8", "GB18030" */
    size_t bad_bytes;       /* undecodable input bytes replaced or dropped */
} pol_doc;

/* Frees a document and everything it owns; accepts NULL. */
void pol_doc_free(pol_doc *doc);

/* A document from UTF-8 text already in memory (takes a copy of text):
 * cleaning, structure and text metadata as pol_read_file does for a .txt file. */
pol_status pol_doc_from_text(pol_doc **out, const char *key, const char *text, size_t len);

/* Finds the section tree and fills the title (first heading or first line)
 * and whatever metadata the text states, where still unknown. */
pol_status pol_doc_structure(pol_doc *doc);

/* Options for reading files; initialize with POL_READ_OPTS_INIT. */
typedef struct pol_read_opts {
    const char *source;   /* value for meta.source (NULL: derived from the path) */
    /* Record fields (.json .jsonl .csv) to take for a role, as "ROLE=NAME"
     * strings, NULL-terminated (NULL: defaults only). Roles: title text date
     * year url issuer doc_number type region; text may be given several
     * times (joined in that order). A role given here no longer takes its
     * default names (title, content, text, full_text, date, url, ...). */
    const char *const *fields;
} pol_read_opts;
#define POL_READ_OPTS_INIT { NULL, NULL }

/* Checks one "ROLE=NAME" field mapping; POL_EINVAL with a one-line message
 * in errbuf when the role is unknown or the name empty. */
pol_status pol_read_check_field(const char *spec, char *errbuf, size_t errbuf_len);

/* Called with each document read from a file; the callee takes ownership of
 * doc. Non-zero return stops reading. */
typedef int (*pol_doc_cb)(void *ctx, pol_doc *doc);
/* Called with each problem met while reading (one line, no newline); the
 * record key is set when the problem concerns one record. */
typedef void (*pol_warn_cb)(void *ctx, const char *key, const char *message);

/* Is `path` a file the reader handles (by name: .txt .md .html .htm .json
 * .jsonl .csv, optionally .gz)? */
int pol_read_supported(const char *path);

/* Reads a file into one or more documents (structured, cleaned), calling cb
 * for each. Returns POL_OK when at least the file could be read; problems with
 * single records go to warn and are skipped. POL_EFORMAT for a binary or
 * unreadable format, POL_EIO for I/O errors, POL_EEMPTY when nothing was in it.
 * `errbuf` (may be NULL) receives a one-line message on failure. */
pol_status pol_read_file(const char *path, const pol_read_opts *opts, pol_doc_cb cb,
                         pol_warn_cb warn, void *ctx, char *errbuf, size_t errbuf_len);

#ifdef __cplusplus
}
#endif
#endif
