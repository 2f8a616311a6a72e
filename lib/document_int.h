/* document_int.h — internal interfaces between the reading stages:
 * decode.c (bytes -> UTF-8), clean.c (page chrome), structure.c (sections),
 * metadata.c (metadata from text and tables). */
#ifndef POL_DOCUMENT_INT_H
#define POL_DOCUMENT_INT_H

#include <stddef.h>
#include "polsearch/document.h"
#include "util.h"

/* Decodes bytes of unknown encoding into UTF-8 (malloc'd, NUL-terminated):
 * UTF-8 with or without BOM, else GB18030/GBK or Big5, chosen by ICU's
 * charset detector and checked by conversion errors. *encoding gets a static
 * name; *bad the count of undecodable bytes. POL_EFORMAT for binary data. */
pol_status pol__decode(const char *bytes, size_t len, char **out, size_t *out_len,
                       const char **encoding, size_t *bad);

/* Appends text to out without page chrome and boilerplate lines, with line
 * ends normalized to \n and runs of blank lines collapsed. */
void pol__clean_text(pol_buf *out, const char *text, size_t len);

/* Removes from cleaned documents of one source (e.g. the records of one
 * file) the blocks of lines that close or open them when each of those lines
 * occurs in at least a tenth of the documents (and at least 3): licence
 * notices, site headers and footers. A block of one short line (特此通知。)
 * stays, and so does a document made only of such lines. Works on doc->text before the structure is found. */
void pol__strip_repeated(pol_doc **docs, size_t n);

/* Fills still-unknown metadata from the text (issuer, date, document number,
 * type, region). */
void pol__meta_from_text(pol_doc *doc);
/* Frees the patterns the calling thread compiled for pol__meta_from_text
 * (each thread keeps its own; a thread's are freed when it exits, so only
 * a thread that lives on, such as the main one, needs this). */
void pol__meta_release_thread(void);
/* Normalizes a date string (2018年10月27日, 2018-10-27, 2018/10/27, 2018) to
 * YYYY-MM-DD / YYYY-MM / YYYY, malloc'd, or NULL. */
char *pol__meta_date(const char *s);
/* Type from a title's last word (通知, 意见, ...), static or NULL. */
const char *pol__meta_type(const char *title);
/* Province or city (a prefecture-level division) named in s, static or NULL:
 * the earliest full name (福建省; 莆田市 for 福建省莆田市, a city of the
 * province right after it), else a short name at the start (莆田 2020). */
const char *pol__meta_region(const char *s);
/* Every province or city s names anywhere, by its full name or its short
 * one (北京, 广西, 深圳), as region values (北京市, 广西壮族自治区, 深圳市),
 * each once, in the order named, at most max into out (static strings); the
 * number stored. Names are read left to right, the longest at each place,
 * so 陕西安康 names 陕西 and not 西安. */
size_t pol__meta_regions_named(const char *s, const char **out, size_t max);
/* 1 when region values a and b are the same region or one is a city of the
 * other province (深圳市, 广东省). */
int pol__meta_regions_related(const char *a, const char *b);

/* Tests: off, the region lookups try every name at every character instead
 * of only where a name's first character is (the answers must be the same). */
void pol__meta_region_initials(int on);

#endif
