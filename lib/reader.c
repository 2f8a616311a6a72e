/* reader.c — files to documents: picks the format by name (.txt .md .html
 * .htm .json .jsonl .csv, each optionally .gz), reads and decodes the bytes,
 * extracts records and fields (libxml2 for HTML, jansson for JSON, libcsv for
 * CSV, zlib for .gz), maps field names to text and metadata, cleans, and
 * finds the structure. Not: the cleaning rules (clean.c), sections
 * (structure.c) or text metadata (metadata.c). */
#include "document_int.h"

#include <csv.h>
#include <errno.h>
#include <stdarg.h>
#include <jansson.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <zlib.h>

/* Files are read whole, then decoded, cleaned and analyzed in memory (about
 * ten times their size at peak, and minutes per 100 MB for one document), so
 * larger files are refused with a message rather than exhausting memory. */
#define MAX_FILE_BYTES (64u * 1024u * 1024u) /* 64 MiB, also after gunzip */

enum fmt { FMT_NONE, FMT_TXT, FMT_MD, FMT_HTML, FMT_JSON, FMT_JSONL, FMT_CSV };

static enum fmt format_of(const char *path, int *gz)
{
    size_t n = strlen(path);
    *gz = 0;
    if (n > 3 && !strcasecmp(path + n - 3, ".gz")) {
        *gz = 1;
        n -= 3;
    }
    static const struct { const char *ext; enum fmt f; } exts[] = {
        { ".txt", FMT_TXT }, { ".text", FMT_TXT }, { ".md", FMT_MD }, { ".markdown", FMT_MD },
        { ".html", FMT_HTML }, { ".htm", FMT_HTML }, { ".xhtml", FMT_HTML }, { ".json", FMT_JSON },
        { ".jsonl", FMT_JSONL }, { ".ndjson", FMT_JSONL }, { ".csv", FMT_CSV },
    };
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t l = strlen(exts[i].ext);
        if (n > l && !strncasecmp(path + n - l, exts[i].ext, l))
            return exts[i].f;
    }
    return FMT_NONE;
}

int pol_read_supported(const char *path)
{
    int gz;
    return format_of(path, &gz) != FMT_NONE;
}

typedef struct reader {
    const char *path;
    const pol_read_opts *opts;
    pol_doc_cb cb;
    pol_warn_cb warn;
    void *ctx;
    const char *encoding;
    size_t bad_bytes;
    size_t ndocs;
    int stop;
    pol_status rc;
    char *source;
    /* records of a multi-record file wait here until all are read, so that
     * boilerplate repeated across them can be judged */
    int collect;
    pol_doc **pending;
    size_t npending, pending_cap;
    char failure[512];  /* why the whole file could not be read (one line) */
} reader;

static void warnf(reader *r, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
static void warnf(reader *r, const char *key, const char *fmt, ...)
{
    if (!r->warn)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    r->warn(r->ctx, key, msg);
}

/* The whole file is malformed: the message becomes the file's one error line. */
static void fail_file(reader *r, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
static void fail_file(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->failure, sizeof r->failure, fmt, ap);
    va_end(ap);
    r->rc = POL_EFORMAT;
}

/* ---- reading bytes ---- */

static pol_status read_all(const char *path, int gz, char **out, size_t *len, char *err, size_t errlen)
{
    pol_buf b = POL_BUF_INIT;
    char chunk[65536];
    if (gz) {
        gzFile f = gzopen(path, "rb");
        if (!f) {
            snprintf(err, errlen, "cannot open: %s", strerror(errno ? errno : EIO));
            return errno == ENOENT ? POL_ENOTFOUND : POL_EIO;
        }
        int n;
        while ((n = gzread(f, chunk, sizeof chunk)) > 0) {
            if (b.len + (size_t)n > MAX_FILE_BYTES) {
                gzclose(f);
                pol__buf_free(&b);
                snprintf(err, errlen, "larger than 64 MiB uncompressed: not indexed (split it into smaller files)");
                return POL_EFORMAT;
            }
            pol__buf_add(&b, chunk, (size_t)n);
        }
        int zerr = 0;
        const char *zmsg = n < 0 ? gzerror(f, &zerr) : NULL;
        if (n < 0) {
            snprintf(err, errlen, "damaged gzip data: %s", zmsg ? zmsg : "read error");
            gzclose(f);
            pol__buf_free(&b);
            return POL_EFORMAT;
        }
        gzclose(f);
    } else {
        FILE *f = fopen(path, "rb");
        if (!f) {
            snprintf(err, errlen, "cannot open: %s", strerror(errno));
            return errno == ENOENT ? POL_ENOTFOUND : POL_EIO;
        }
        struct stat sb;
        if (fstat(fileno(f), &sb) == 0 && (unsigned long long)sb.st_size > MAX_FILE_BYTES) {
            fclose(f);
            snprintf(err, errlen, "larger than 64 MiB: not indexed (split it into smaller files)");
            return POL_EFORMAT;
        }
        size_t n;
        while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
            if (b.len + n > MAX_FILE_BYTES) {
                fclose(f);
                pol__buf_free(&b);
                snprintf(err, errlen, "larger than 64 MiB: not indexed (split it into smaller files)");
                return POL_EFORMAT;
            }
            pol__buf_add(&b, chunk, n);
        }
        int bad = ferror(f);
        fclose(f);
        if (bad) {
            pol__buf_free(&b);
            snprintf(err, errlen, "read error: %s", strerror(errno));
            return POL_EIO;
        }
    }
    if (b.oom) {
        pol__buf_free(&b);
        snprintf(err, errlen, "out of memory");
        return POL_ENOMEM;
    }
    *out = pol__buf_detach(&b, len);
    if (!*out)
        return POL_ENOMEM;
    return POL_OK;
}

/* ---- building documents ---- */

/* The source: the name of the folder holding the file (e.g. "seeds"). */
static char *source_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash || slash == path)
        return NULL;
    const char *s = slash - 1;
    while (s > path && *s != '/')
        s--;
    if (*s == '/')
        s++;
    return pol__strndup(s, (size_t)(slash - s));
}

static void finish_doc(reader *r, pol_doc *d);

/* Hands a document with raw UTF-8 text and some metadata to the callback,
 * after cleaning and structure. Takes ownership of meta's strings. */
static void emit_doc(reader *r, size_t recno, const char *text, size_t len, pol_meta *meta)
{
    pol_doc *d = calloc(1, sizeof *d);
    if (!d) {
        r->rc = POL_ENOMEM;
        r->stop = 1;
        return;
    }
    d->meta = *meta;
    memset(meta, 0, sizeof *meta);
    pol_buf key = POL_BUF_INIT, clean = POL_BUF_INIT;
    pol__buf_addstr(&key, r->path);
    if (recno)
        pol__buf_printf(&key, "#%zu", recno);
    pol__clean_text(&clean, text, len);
    d->key = pol__buf_detach(&key, NULL);
    d->path = pol__strdup(r->path);
    d->text = pol__buf_detach(&clean, &d->text_len);
    d->encoding = r->encoding;
    d->bad_bytes = r->bad_bytes;
    if (!d->meta.source) {
        const char *src = r->opts && r->opts->source ? r->opts->source : r->source;
        if (src)
            d->meta.source = pol__strdup(src);
    }
    if (!d->key || !d->path || !d->text) {
        pol_doc_free(d);
        r->rc = POL_ENOMEM;
        r->stop = 1;
        return;
    }
    /* empty records are skipped */
    int blank = 1;
    for (size_t i = 0; i < d->text_len && blank; i++)
        blank = d->text[i] == '\n' || d->text[i] == ' ';
    if (blank) {
        if (recno)
            warnf(r, d->key, "record has no text: skipped");
        pol_doc_free(d);
        return;
    }
    if (r->collect) {
        if (r->npending == r->pending_cap) {
            size_t cap = r->pending_cap ? r->pending_cap * 2 : 64;
            pol_doc **np = realloc(r->pending, cap * sizeof *np);
            if (!np) {
                pol_doc_free(d);
                r->rc = POL_ENOMEM;
                r->stop = 1;
                return;
            }
            r->pending = np;
            r->pending_cap = cap;
        }
        r->pending[r->npending++] = d;
        return;
    }
    finish_doc(r, d);
}

/* Structure and metadata, then the callback. */
static void finish_doc(reader *r, pol_doc *d)
{
    if (r->stop) {
        pol_doc_free(d);
        return;
    }
    pol_status st = pol_doc_structure(d);
    if (st < 0) {
        pol_doc_free(d);
        r->rc = st;
        r->stop = 1;
        return;
    }
    r->ndocs++;
    if (r->cb(r->ctx, d))
        r->stop = 1;
}

/* The collected records of a file: boilerplate repeated across them out,
 * then each finished. */
static void finish_pending(reader *r)
{
    pol__strip_repeated(r->pending, r->npending);
    for (size_t i = 0; i < r->npending; i++)
        finish_doc(r, r->pending[i]);
    free(r->pending);
    r->pending = NULL;
    r->npending = r->pending_cap = 0;
}

static void meta_free(pol_meta *m)
{
    free(m->title); free(m->issuer); free(m->date); free(m->doc_number);
    free(m->type); free(m->region); free(m->source); free(m->url);
    memset(m, 0, sizeof *m);
}

/* ---- field names of records ---- */

enum field { FD_NONE, FD_TITLE, FD_TEXT, FD_DATE, FD_URL, FD_ISSUER, FD_DOCNUM, FD_REGION, FD_TYPE, FD_YEAR,
             FD_PREFACE };

/* Roles as named in "ROLE=NAME" mappings. */
static const struct { const char *n; enum field f; } roles[] = {
    { "title", FD_TITLE }, { "text", FD_TEXT }, { "date", FD_DATE }, { "year", FD_YEAR },
    { "url", FD_URL }, { "issuer", FD_ISSUER }, { "doc_number", FD_DOCNUM }, { "type", FD_TYPE },
    { "region", FD_REGION },
};

static enum field role_of(const char *s, size_t n)
{
    for (size_t i = 0; i < sizeof roles / sizeof *roles; i++)
        if (strlen(roles[i].n) == n && !strncmp(s, roles[i].n, n))
            return roles[i].f;
    return FD_NONE;
}

pol_status pol_read_check_field(const char *spec, char *errbuf, size_t errbuf_len)
{
    char dummy[8];
    if (!errbuf) {
        errbuf = dummy;
        errbuf_len = sizeof dummy;
    }
    const char *eq = spec ? strchr(spec, '=') : NULL;
    if (!eq || eq == spec || !eq[1]) {
        snprintf(errbuf, errbuf_len, "field mapping '%s' is not ROLE=NAME (e.g. title=法規名稱)", spec ? spec : "");
        return POL_EINVAL;
    }
    if (role_of(spec, (size_t)(eq - spec)) == FD_NONE) {
        snprintf(errbuf, errbuf_len, "unknown role '%.*s' (roles: title text date year url issuer doc_number type region)",
                 (int)(eq - spec), spec);
        return POL_EINVAL;
    }
    return POL_OK;
}

/* Default names of record fields, by role. */
static enum field default_field(const char *name)
{
    static const struct { const char *n; enum field f; } names[] = {
        { "title", FD_TITLE }, { "标题", FD_TITLE }, { "標題", FD_TITLE }, { "法規名稱", FD_TITLE },
        { "name", FD_TITLE }, { "content", FD_TEXT }, { "text", FD_TEXT }, { "full_text", FD_TEXT },
        { "fulltext", FD_TEXT }, { "body", FD_TEXT }, { "正文", FD_TEXT }, { "内容", FD_TEXT },
        { "內容", FD_TEXT }, { "法規內容", FD_TEXT }, { "context", FD_TEXT }, { "date", FD_DATE },
        { "publish_date", FD_DATE }, { "pub_date", FD_DATE }, { "release_date", FD_DATE },
        { "发布日期", FD_DATE }, { "成文日期", FD_DATE }, { "最新異動日期", FD_DATE }, { "year", FD_YEAR },
        { "url", FD_URL }, { "source_url", FD_URL }, { "link", FD_URL }, { "法規網址", FD_URL },
        { "issuer", FD_ISSUER }, { "发文机关", FD_ISSUER }, { "发布单位", FD_ISSUER },
        { "office", FD_ISSUER }, { "doc_number", FD_DOCNUM }, { "发文字号", FD_DOCNUM },
        { "province", FD_REGION }, { "region", FD_REGION }, { "省份", FD_REGION },
        { "type", FD_TYPE }, { "法規性質", FD_TYPE }, { "前言", FD_PREFACE }, { "preface", FD_PREFACE },
        { "序言", FD_PREFACE },
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strcasecmp(name, names[i].n))
            return names[i].f;
    return FD_NONE;
}

/* The role of a record field: a mapping naming it, else its default role
 * unless that role is mapped to other fields. */
static enum field field_of(const reader *r, const char *name)
{
    const char *const *map = r->opts ? r->opts->fields : NULL;
    unsigned mapped = 0;
    for (size_t i = 0; map && map[i]; i++) {
        const char *eq = strchr(map[i], '=');
        if (!eq)
            continue;
        enum field f = role_of(map[i], (size_t)(eq - map[i]));
        if (!strcmp(eq + 1, name))
            return f;
        mapped |= 1u << f;
    }
    enum field f = default_field(name);
    return mapped & (1u << f) ? FD_NONE : f;
}

static void set_field(pol_meta *m, enum field f, const char *v, pol_buf *text)
{
    if (!v || !*v)
        return;
    char **slot = NULL;
    switch (f) {
    case FD_TITLE: slot = &m->title; break;
    case FD_ISSUER: slot = &m->issuer; break;
    case FD_DOCNUM: slot = &m->doc_number; break;
    case FD_REGION: slot = &m->region; break;
    case FD_TYPE: slot = &m->type; break;
    case FD_URL: slot = &m->url; break;
    case FD_DATE:
    case FD_YEAR:
        if (!m->date || f == FD_DATE) {
            char *d = pol__meta_date(v);
            if (d) {
                free(m->date);
                m->date = d;
            }
        }
        return;
    case FD_TEXT:
        if (text->len)
            pol__buf_addstr(text, "\n\n");
        pol__buf_addstr(text, v);
        return;
    default:
        return;
    }
    if (!*slot)
        *slot = pol__strdup(v);
}

/* ---- JSON ---- */

/* A text field holding a list: strings become paragraphs; objects (such as
 * {"條號": "第 1 條", "條文內容": "…"} or {"編章節": "第 一 章 總則"}) become a
 * line of their string values joined by a space, in their order. */
static void json_text_list(json_t *items, pol_buf *text)
{
    size_t i;
    json_t *it;
    json_array_foreach(items, i, it) {
        if (json_is_string(it)) {
            if (text->len)
                pol__buf_addstr(text, "\n\n");
            pol__buf_addstr(text, json_string_value(it));
        } else if (json_is_object(it)) {
            const char *k;
            json_t *v;
            int first = 1;
            json_object_foreach(it, k, v) {
                if (!json_is_string(v) || !*json_string_value(v))
                    continue;
                if (first && text->len)
                    pol__buf_addc(text, '\n');
                if (!first)
                    pol__buf_addc(text, ' ');
                pol__buf_addstr(text, json_string_value(v));
                first = 0;
            }
        }
    }
}

static void json_record(reader *r, json_t *obj, size_t recno)
{
    pol_meta m;
    pol_buf text = POL_BUF_INIT, preface = POL_BUF_INIT;
    memset(&m, 0, sizeof m);
    const char *k;
    json_t *v;
    json_object_foreach(obj, k, v) {
        enum field f = field_of(r, k);
        pol_buf *into = f == FD_PREFACE ? &preface : &text;
        if (f == FD_PREFACE)
            f = FD_TEXT;
        if (json_is_string(v)) {
            set_field(&m, f, json_string_value(v), into);
        } else if (json_is_integer(v) && (f == FD_YEAR || f == FD_DATE)) {
            char buf[32];
            snprintf(buf, sizeof buf, "%lld", (long long)json_integer_value(v));
            set_field(&m, f, buf, into);
        } else if (json_is_array(v) && f == FD_TEXT) {
            json_text_list(v, into);
        }
    }
    if (preface.len) {
        /* a preface (前言) leads the text wherever the record had it */
        if (text.len)
            pol__buf_addstr(&preface, "\n\n");
        pol__buf_add(&preface, text.data, text.len);
        pol__buf_free(&text);
        text = preface;
        memset(&preface, 0, sizeof preface);
    }
    if (text.oom) {
        r->rc = POL_ENOMEM;
        r->stop = 1;
    } else if (text.len == 0) {
        warnf(r, NULL, "record %zu has no text field (content, text, full_text, body …; see --field): skipped", recno ? recno : 1);
    } else {
        /* the title leads the text so that it is searchable like any line */
        pol_buf full = POL_BUF_INIT;
        if (m.title && strncmp(text.data, m.title, strlen(m.title)) != 0) {
            pol__buf_addstr(&full, m.title);
            pol__buf_addstr(&full, "\n\n");
        }
        pol__buf_add(&full, text.data, text.len);
        emit_doc(r, recno, full.data ? full.data : "", full.len, &m);
        pol__buf_free(&full);
    }
    meta_free(&m);
    pol__buf_free(&text);
    pol__buf_free(&preface);
}

static void read_jsonl(reader *r, const char *s, size_t len);

static void read_json(reader *r, const char *s, size_t len)
{
    json_error_t je;
    json_t *root = json_loadb(s, len, JSON_DECODE_ANY, &je);
    if (!root && json_error_code(&je) == json_error_end_of_input_expected) {
        /* A value followed by more: JSON Lines saved under a .json name
         * (common in data sets). Read it as such when its first line is a
         * whole object on its own. */
        const char *nl = memchr(s, '\n', len);
        json_t *first = nl ? json_loadb(s, (size_t)(nl - s), 0, NULL) : NULL;
        int lines = first && json_is_object(first);
        json_decref(first);
        if (lines) {
            read_jsonl(r, s, len);
            return;
        }
    }
    if (!root) {
        fail_file(r, "not valid JSON: %s (line %d, column %d)", je.text, je.line, je.column);
        return;
    }
    if (json_is_object(root)) {
        json_record(r, root, 0);
    } else if (json_is_array(root)) {
        size_t i;
        json_t *v;
        json_array_foreach(root, i, v) {
            if (r->stop)
                break;
            if (json_is_object(v))
                json_record(r, v, i + 1);
            else
                warnf(r, NULL, "item %zu is not an object: skipped", i + 1);
        }
    } else {
        fail_file(r, "JSON holds neither an object nor an array of objects");
    }
    json_decref(root);
}

static void read_jsonl(reader *r, const char *s, size_t len)
{
    size_t line = 0;
    for (size_t i = 0; i < len && !r->stop;) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - s) : len;
        line++;
        size_t b = i;
        i = end + 1;
        while (b < end && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r'))
            b++;
        if (b == end)
            continue;
        json_error_t je;
        json_t *v = json_loadb(s + b, end - b, 0, &je);
        if (!v || !json_is_object(v)) {
            warnf(r, NULL, "line %zu is not a JSON object (%s): skipped", line, v ? "not an object" : je.text);
            json_decref(v);
            continue;
        }
        json_record(r, v, line);
        json_decref(v);
    }
}

/* ---- CSV ---- */

typedef struct csv_state {
    reader *r;
    char **header;
    size_t nheader;
    char **row;
    size_t nrow, rowcap;
    size_t recno;
    int oom;
} csv_state;

static void csv_field(void *s, size_t len, void *ctx)
{
    csv_state *c = ctx;
    char **nr = pol__grow(c->row, &c->rowcap, c->nrow, sizeof *nr);
    if (!nr) { c->oom = 1; return; }
    c->row = nr;
    c->row[c->nrow] = pol__strndup(s ? s : "", s ? len : 0);
    if (!c->row[c->nrow]) { c->oom = 1; return; }
    c->nrow++;
}

static void csv_row(int term, void *ctx)
{
    csv_state *c = ctx;
    (void)term;
    if (!c->header) {
        c->header = c->row;
        c->nheader = c->nrow;
        c->row = NULL;
        c->nrow = c->rowcap = 0;
        /* a BOM left on the first name */
        if (c->nheader && !strncmp(c->header[0], "\xef\xbb\xbf", 3))
            memmove(c->header[0], c->header[0] + 3, strlen(c->header[0]) - 2);
        return;
    }
    c->recno++;
    if (!c->r->stop) {
        pol_meta m;
        pol_buf text = POL_BUF_INIT;
        memset(&m, 0, sizeof m);
        for (size_t i = 0; i < c->nrow && i < c->nheader; i++) {
            enum field f = field_of(c->r, c->header[i]);
            set_field(&m, f == FD_PREFACE ? FD_TEXT : f, c->row[i], &text);
        }
        if (c->nrow != c->nheader && text.len == 0)
            warnf(c->r, NULL, "row %zu has %zu fields, the header %zu, and no text: skipped",
                  c->recno, c->nrow, c->nheader);
        else if (c->nrow != c->nheader)
            warnf(c->r, NULL, "row %zu has %zu fields, the header %zu", c->recno, c->nrow, c->nheader);
        if (text.len == 0 && c->nrow != c->nheader) {
            /* reported above */
        } else if (text.len == 0) {
            warnf(c->r, NULL, "row %zu has no text column (content, text, full_text, body …; see --field): skipped", c->recno);
        } else {
            pol_buf full = POL_BUF_INIT;
            if (m.title && strncmp(text.data, m.title, strlen(m.title)) != 0) {
                pol__buf_addstr(&full, m.title);
                pol__buf_addstr(&full, "\n\n");
            }
            pol__buf_add(&full, text.data, text.len);
            emit_doc(c->r, c->recno, full.data ? full.data : "", full.len, &m);
            pol__buf_free(&full);
        }
        meta_free(&m);
        pol__buf_free(&text);
    }
    for (size_t i = 0; i < c->nrow; i++)
        free(c->row[i]);
    c->nrow = 0;
}

static void read_csv(reader *r, const char *s, size_t len)
{
    struct csv_parser p;
    csv_state c;
    memset(&c, 0, sizeof c);
    c.r = r;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        r->rc = POL_ENOMEM;
        return;
    }
    if (csv_parse(&p, s, len, csv_field, csv_row, &c) != len)
        warnf(r, NULL, "CSV error: %s; the rest of the file is skipped", csv_strerror(csv_error(&p)));
    csv_fini(&p, csv_field, csv_row, &c);
    csv_free(&p);
    for (size_t i = 0; i < c.nheader; i++)
        free(c.header[i]);
    free(c.header);
    for (size_t i = 0; i < c.nrow; i++)
        free(c.row[i]);
    free(c.row);
    if (c.oom) {
        r->rc = POL_ENOMEM;
        r->stop = 1;
    }
}

/* ---- HTML ---- */

static int is_block(const char *n)
{
    static const char *const blocks[] = { "p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4",
                                          "h5", "h6", "table", "section", "article", "blockquote",
                                          "pre", "ul", "ol", "dd", "dt", "td", "th", NULL };
    for (int i = 0; blocks[i]; i++)
        if (!strcasecmp(n, blocks[i]))
            return 1;
    return 0;
}

static int is_chrome_element(xmlNode *n)
{
    static const char *const skip[] = { "script", "style", "nav", "header", "footer", "noscript",
                                         "iframe", "form", "select", "button", "head", NULL };
    for (int i = 0; skip[i]; i++)
        if (!strcasecmp((const char *)n->name, skip[i]))
            return 1;
    return 0;
}

/* Text of a subtree, with line breaks at block elements (depth-limited). */
static void html_text(xmlNode *n, pol_buf *out, unsigned depth)
{
    for (; n; n = n->next) {
        if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            const char *t = (const char *)n->content;
            if (!t)
                continue;
            /* collapse whitespace inside text nodes (HTML layout, not content) */
            for (const char *p = t; *p; p++) {
                if (*p == '\n' || *p == '\r' || *p == '\t')
                    continue;
                pol__buf_addc(out, *p);
            }
        } else if (n->type == XML_ELEMENT_NODE) {
            if (is_chrome_element(n))
                continue;
            int block = is_block((const char *)n->name);
            if (block && out->len && out->data[out->len - 1] != '\n')
                pol__buf_addc(out, '\n');
            if (depth < 200)
                html_text(n->children, out, depth + 1);
            if (block && out->len && out->data[out->len - 1] != '\n')
                pol__buf_addc(out, '\n');
        }
    }
}

static xmlNode *find_by_id(xmlNode *n, const char *id, unsigned depth)
{
    for (; n && depth < 400; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *v = xmlGetProp(n, (const xmlChar *)"id");
        int hit = v && !strcmp((const char *)v, id);
        xmlFree(v);
        if (hit)
            return n;
        xmlNode *f = find_by_id(n->children, id, depth + 1);
        if (f)
            return f;
    }
    return NULL;
}

static char *node_text(xmlNode *n)
{
    pol_buf b = POL_BUF_INIT;
    html_text(n->children, &b, 0);
    /* trim spaces, U+3000 and line breaks */
    char *s = pol__buf_detach(&b, NULL);
    if (!s)
        return NULL;
    size_t len = strlen(s), a = 0;
    while (a < len && (s[a] == ' ' || s[a] == '\n' || !strncmp(s + a, "\xe3\x80\x80", 3) ||
                       !strncmp(s + a, "\xc2\xa0", 2)))
        a += (unsigned char)s[a] >= 0x80 ? ((unsigned char)s[a] == 0xc2 ? 2 : 3) : 1;
    while (len > a && (s[len - 1] == ' ' || s[len - 1] == '\n'))
        len--;
    while (len >= a + 3 && !strncmp(s + len - 3, "\xe3\x80\x80", 3))
        len -= 3;
    memmove(s, s + a, len - a);
    s[len - a] = '\0';
    return s;
}

/* gov.cn metadata tables: cells "发文机关：" followed by the value cell. */
static void html_meta_table(xmlNode *n, pol_meta *m, unsigned depth)
{
    for (; n && depth < 400; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcasecmp((const char *)n->name, "td") || !strcasecmp((const char *)n->name, "th")) {
            char *label = node_text(n);
            if (label) {
                /* drop spaces inside the label: 标　　题： */
                pol_buf l = POL_BUF_INIT;
                for (char *p = label; *p;) {
                    if (*p == ' ') { p++; continue; }
                    if (!strncmp(p, "\xe3\x80\x80", 3)) { p += 3; continue; }
                    pol__buf_addc(&l, *p++);
                }
                xmlNode *next = n->next;
                while (next && next->type != XML_ELEMENT_NODE)
                    next = next->next;
                if (next && l.data) {
                    char *val = NULL;
                    char **slot = NULL;
                    int is_date = 0;
                    if (strstr(l.data, "发文机关")) slot = &m->issuer;
                    else if (strstr(l.data, "发文字号")) slot = &m->doc_number;
                    else if (strstr(l.data, "成文日期")) { slot = &m->date; is_date = 1; }
                    else if (strstr(l.data, "标题")) slot = &m->title;
                    if (slot && !*slot && (val = node_text(next)) && *val) {
                        if (is_date) {
                            *slot = pol__meta_date(val);
                            free(val);
                        } else {
                            *slot = val;
                        }
                        val = NULL;
                    }
                    free(val);
                }
                pol__buf_free(&l);
                free(label);
            }
        }
        html_meta_table(n->children, m, depth + 1);
    }
}

static void read_html(reader *r, const char *s, size_t len)
{
    htmlDocPtr doc = htmlReadMemory(s, (int)(len > INT32_MAX ? INT32_MAX : len), r->path, "UTF-8",
                                    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                                    HTML_PARSE_NONET | HTML_PARSE_COMPACT);
    if (!doc) {
        fail_file(r, "HTML could not be parsed");
        return;
    }
    xmlNode *root = xmlDocGetRootElement(doc);
    pol_meta m;
    memset(&m, 0, sizeof m);
    pol_buf text = POL_BUF_INIT;
    if (root) {
        html_meta_table(root, &m, 0);
        /* <title> when no table title */
        if (!m.title) {
            for (xmlNode *h = root->children; h; h = h->next)
                if (h->type == XML_ELEMENT_NODE && !strcasecmp((const char *)h->name, "head"))
                    for (xmlNode *t = h->children; t; t = t->next)
                        if (t->type == XML_ELEMENT_NODE && !strcasecmp((const char *)t->name, "title") && !m.title)
                            m.title = node_text(t);
            if (m.title && !*m.title) {
                free(m.title);
                m.title = NULL;
            }
        }
        xmlNode *body = find_by_id(root, "UCAP-CONTENT", 0);
        if (body)
            html_text(body->children, &text, 0);
        else
            html_text(root->children, &text, 0);
    }
    xmlFreeDoc(doc);
    if (text.len == 0) {
        snprintf(r->failure, sizeof r->failure, "HTML page has no text");
    } else {
        pol_buf full = POL_BUF_INIT;
        if (m.title && !strstr(text.data, m.title)) {
            pol__buf_addstr(&full, m.title);
            pol__buf_addstr(&full, "\n\n");
        }
        pol__buf_add(&full, text.data, text.len);
        emit_doc(r, 0, full.data, full.len, &m);
        pol__buf_free(&full);
    }
    meta_free(&m);
    pol__buf_free(&text);
}

pol_status pol_read_file(const char *path, const pol_read_opts *opts, pol_doc_cb cb,
                         pol_warn_cb warn, void *ctx, char *errbuf, size_t errbuf_len)
{
    char dummy[8];
    if (!errbuf) {
        errbuf = dummy;
        errbuf_len = sizeof dummy;
    }
    errbuf[0] = '\0';
    int gz;
    enum fmt f = format_of(path, &gz);
    if (f == FMT_NONE) {
        snprintf(errbuf, errbuf_len, "not a supported file type (.txt .md .html .htm .json .jsonl .csv, or .gz of these)");
        return POL_EFORMAT;
    }
    char *raw = NULL, *text = NULL;
    size_t rawlen = 0, textlen = 0;
    pol_status st = read_all(path, gz, &raw, &rawlen, errbuf, errbuf_len);
    if (st < 0)
        return st;
    if (rawlen == 0) {
        free(raw);
        snprintf(errbuf, errbuf_len, "empty file");
        return POL_EEMPTY;
    }
    reader r;
    memset(&r, 0, sizeof r);
    r.path = path;
    r.opts = opts;
    r.cb = cb;
    r.warn = warn;
    r.ctx = ctx;
    r.source = source_of(path);
    st = pol__decode(raw, rawlen, &text, &textlen, &r.encoding, &r.bad_bytes);
    free(raw);
    if (st < 0) {
        free(r.source);
        if (st == POL_EFORMAT)
            snprintf(errbuf, errbuf_len, "binary data, not text: skipped");
        else
            snprintf(errbuf, errbuf_len, "cannot decode the text (%s)", pol_status_str(st));
        return st;
    }
    if (r.bad_bytes)
        warnf(&r, NULL, "%zu undecodable bytes (as %s) dropped", r.bad_bytes, r.encoding);
    switch (f) {
    case FMT_TXT:
    case FMT_MD: {
        pol_meta m;
        memset(&m, 0, sizeof m);
        emit_doc(&r, 0, text, textlen, &m);
        break;
    }
    case FMT_HTML: read_html(&r, text, textlen); break;
    case FMT_JSON: r.collect = 1; read_json(&r, text, textlen); break;
    case FMT_JSONL: r.collect = 1; read_jsonl(&r, text, textlen); break;
    case FMT_CSV: r.collect = 1; read_csv(&r, text, textlen); break;
    default: break;
    }
    finish_pending(&r);
    free(text);
    free(r.source);
    if (r.rc == POL_ENOMEM) {
        snprintf(errbuf, errbuf_len, "out of memory");
        return POL_ENOMEM;
    }
    if (r.ndocs == 0) {
        if (!errbuf[0] && r.failure[0])
            snprintf(errbuf, errbuf_len, "%s", r.failure);
        if (!errbuf[0])
            snprintf(errbuf, errbuf_len, r.rc == POL_EFORMAT ? "malformed %s" : "no text found",
                     f == FMT_JSON || f == FMT_JSONL ? "JSON" : f == FMT_HTML ? "HTML" : "file");
        return r.rc < 0 ? r.rc : POL_EEMPTY;
    }
    return POL_OK;
}
