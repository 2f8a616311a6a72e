/* polsearch — searches a polsearch index and prints ranked documents (or
 * sections) with highlighted passages, as text or JSON lines.
 * Only parses arguments, calls libpolsearch, and prints. */
#include "polsearch/polsearch.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXIT_NOMATCH 1
#define EXIT_ERROR 2

static const char usage[] =
"Usage: polsearch [OPTIONS] QUERY...\n"
"       polsearch [--db DIR] --analyze TEXT\n"
"\n"
"Search an index made by polindex. Words separated by spaces must all occur\n"
"(each literally, in the same document); a question (e.g. ending in ？ or\n"
"using 哪些/如何/什么) ranks documents by all its words, none required\n"
"but a quoted phrase.\n"
"\n"
"Query language:\n"
"  电商 扶贫              both words          \"对口 支援\"   exact phrase\n"
"  电商 OR 电子商务        either              -试点, NOT 试点  exclude\n"
"  (电商 OR 网店) 扶贫     grouping            title:规划     in the title\n"
"  issuer:国务院办公厅 type:通知 region:浙江省 source:seeds   exact metadata\n"
"  year:2016..2020  date:2019-01-01..2019-12-31              date ranges\n"
"  电商 NEAR/10 扶贫      at most 10 characters apart (NEAR alone: 10)\n"
"\n"
"English policy terms are translated through a built-in glossary\n"
"(\"e-commerce poverty relief\" also searches 电商扶贫, 电子商务 + 扶贫 ...), and\n"
"Chinese variants stand for each other (电商 = 电子商务); quoted words are\n"
"never expanded. --explain shows what was searched.\n"
"\n"
"Options:\n"
"  -d, --db DIR        index to search (default: $POLSEARCH_DB, else\n"
"                      ./polsearch.db); repeat to search several as one\n"
"      --remote HOST:PORT  also search the index served there by xapian-tcpsrv\n"
"                      (repeatable; with --remote alone, no local index);\n"
"                      every index searched is made with polindex --positions\n"
"  -n, --limit N       show N hits (default 10)\n"
"      --offset N      skip the first N hits\n"
"  -s, --sections      rank sections instead of documents\n"
"      --max-sections N  sections shown under each document (default 3)\n"
"      --all           every word required (keyword mode)\n"
"      --any           no word required (question mode)\n"
"      --literal       no glossary or variant expansion\n"
"      --sort ORDER    relevance (default), date (newest first) or oldest\n"
"      --facet FIELD   count FIELD's values over all matches: year, issuer,\n"
"                      type, region or source (repeat, or FIELD,FIELD)\n"
"      --count         print only the number of matching documents (each\n"
"                      group of near copies once, see --duplicates)\n"
"      --duplicates HOW  near copies of a document (reposts, versions):\n"
"                      group (default) shows one hit per group, the others\n"
"                      listed under it; show makes each copy a hit of its own\n"
"  -j, --json          one JSON object per hit (see docs/json.md)\n"
"      --color WHEN    highlight matches: auto (default: on a terminal),\n"
"                      always, never; NO_COLOR in the environment turns\n"
"                      colour off unless --color=always\n"
"      --rank NAME=VALUE  change a ranking setting (repeatable): k1, b,\n"
"                      question_b (b of questions; b is for keywords), bigram,\n"
"                      token, character, title, question_words, phrase,\n"
"                      phrase_len, expand_questions, passage, passage_len,\n"
"                      coord, rerank_depth, other_region, unasked_region, prf,\n"
"                      prf_docs, prf_terms\n"
"                      (see bench/RESULTS.md)\n"
"      --explain       print the query as parsed and expanded, then the hits\n"
"      --analyze TEXT  print the units the analyzer makes of TEXT, with the\n"
"                      words of the index's lexicon (see polindex --lexicon)\n"
"  -h, --help          show this help\n"
"      --version       show the version\n"
"\n"
"Examples:\n"
"  polsearch 电商扶贫\n"
"  polsearch \"e-commerce poverty relief\"\n"
"  polsearch --explain \"e-commerce poverty relief\"\n"
"  polsearch --sections 对口支援 year:2014\n"
"  polsearch --sort date --limit 5 乡村振兴 region:浙江省\n"
"  polsearch 电商 NEAR/10 扶贫 --sections\n"
"  polsearch --facet year,issuer --limit 0 脱贫攻坚\n"
"  polsearch --count 扶贫 -issuer:国务院\n"
"  polsearch --duplicates show 税收优惠政策\n"
"  polsearch --json '武汉市对于医疗物资的运输有哪些规定？'\n"
"\n"
"Exit status: 0 when something matched, 1 when nothing did, 2 on errors.\n"
"See polsearch(1) for more.\n";

typedef struct out_opts {
    int json, color, explain, count;
} out_opts;

static const char *HL_ON = "\033[1;31m", *HL_OFF = "\033[0m";
static const char *TITLE_ON = "\033[1m", *PATH_ON = "\033[35m", *DIM_ON = "\033[2m";

#define WIDTH 80 /* output columns */
#define MAX_COPY_LINES 5 /* near copies listed under a hit in text output */

/* Columns a character takes on a terminal: 2 for East Asian wide and
 * full-width characters, else 1. Written out because wcwidth() depends on
 * the locale, and output must be laid out the same under LANG=C. */
static int char_cols(const unsigned char *p)
{
    unsigned cp;
    if (p[0] < 0x80)
        return 1;
    if ((p[0] & 0xe0) == 0xc0)
        cp = ((p[0] & 0x1fu) << 6) | (p[1] & 0x3fu);
    else if ((p[0] & 0xf0) == 0xe0)
        cp = ((p[0] & 0x0fu) << 12) | ((p[1] & 0x3fu) << 6) | (p[2] & 0x3fu);
    else
        return 2; /* 4-byte: supplementary ideographs, emoji */
    return (cp >= 0x1100 && cp <= 0x115f) || (cp >= 0x2e80 && cp <= 0xa4cf && cp != 0x303f) ||
           (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) ||
           (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) ||
           (cp >= 0xffe0 && cp <= 0xffe6) ? 2 : 1;
}

static size_t char_bytes(const unsigned char *p)
{
    size_t n = p[0] < 0x80 ? 1 : (p[0] & 0xe0) == 0xc0 ? 2 : (p[0] & 0xf0) == 0xe0 ? 3 : (p[0] & 0xf8) == 0xf0 ? 4 : 1;
    for (size_t i = 1; i < n; i++)
        if (!p[i])
            return i;
    return n;
}

/* Punctuation that must not begin a line (，。、；：！？）」』”》】 …), by its
 * bytes: this is asked for every character printed. */
static int no_line_start(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    switch (p[0]) {
    case ',': case '.': case ';': case ':': case '!': case '?': case ')':
        return 1;
    case 0xef: /* ， ； ： ！ ？ ） */
        return p[1] == 0xbc && (p[2] == 0x8c || p[2] == 0x9b || p[2] == 0x9a || p[2] == 0x81 ||
                                p[2] == 0x9f || p[2] == 0x89);
    case 0xe3: /* 。 、 」 』 》 】 */
        return p[1] == 0x80 && (p[2] == 0x82 || p[2] == 0x81 || p[2] == 0x8d || p[2] == 0x8f ||
                                p[2] == 0x8b || p[2] == 0x91);
    case 0xe2: /* ” … */
        return p[1] == 0x80 && (p[2] == 0x9d || p[2] == 0xa6);
    default:
        return 0;
    }
}

static int text_cols(const char *s)
{
    int c = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p += char_bytes(p))
        c += char_cols(p);
    return c;
}

/* Prints s starting at column `col`, wrapped to WIDTH with continuation lines
 * indented by `indent`; the spans are shown in colour `on` when colour is on
 * (closed at each line end and reopened after the indent). A line is broken
 * before the character that would pass the width (between Latin words when
 * there is a space in the line). Returns the column after the text. */
static int print_wrapped(const char *s, const pol_span *spans, size_t nspans, int col, int indent,
                         int color, const char *on)
{
    size_t len = strlen(s), si = 0;
    int lit = 0;
    for (size_t i = 0; i < len;) {
        /* the next piece: a run of ASCII non-blanks (a word) or one character */
        size_t e = i;
        int w = 0;
        if ((unsigned char)s[i] < 0x80 && s[i] != ' ') {
            while (e < len && (unsigned char)s[e] < 0x80 && s[e] != ' ' && w < WIDTH - indent) {
                e++;
                w++;
            }
        } else {
            w = char_cols((const unsigned char *)s + i);
            e = i + char_bytes((const unsigned char *)s + i);
        }
        /* a closing mark after this piece goes on its line */
        int wnext = e < len && no_line_start(s + e) ? char_cols((const unsigned char *)s + e) : 0;
        if (col + w + wnext > WIDTH && col > indent) {
            if (lit && color)
                fputs(HL_OFF, stdout);
            printf("\n%*s", indent, "");
            col = indent;
            if (lit && color)
                fputs(on, stdout);
            if (s[i] == ' ') {
                i++;
                continue;
            }
        }
        for (size_t k = i; k < e; k++) {
            while (si < nspans && spans[si].end <= k)
                si++;
            int in = si < nspans && spans[si].start <= k && k < spans[si].end;
            if (in != lit && color)
                fputs(in ? on : HL_OFF, stdout);
            lit = in;
            putchar_unlocked(s[k]);
        }
        col += w;
        i = e;
    }
    if (lit && color)
        fputs(HL_OFF, stdout);
    return col;
}

/* Paths under the current directory are shown relative to it. */
static const char *display_path(const char *p, const char *cwd)
{
    size_t n = strlen(cwd);
    if (n > 1 && !strncmp(p, cwd, n) && p[n] == '/')
        return p + n + 1;
    return p;
}

/* A document key as shown: its path as display_path shows it, then the
 * record number (#N) of a multi-record file. */
static const char *shown_key(const char *path, const char *k, const char *cwd, char *buf, size_t bufsz)
{
    const char *p = display_path(path, cwd);
    const char *rec = strncmp(k, path, strlen(path)) == 0 ? k + strlen(path) : "";
    snprintf(buf, bufsz, "%s%s", p, rec);
    return buf;
}

static const char *display_key(const pol_hit *h, const char *cwd, char *buf, size_t bufsz)
{
    return shown_key(h->path, h->key, cwd, buf, bufsz);
}

static const char *copy_key(const pol_copy *c, const char *cwd, char *buf, size_t bufsz)
{
    return shown_key(c->path, c->key, cwd, buf, bufsz);
}

static void print_text(const pol_hit *h, const out_opts *o, const char *cwd)
{
    char key[4096], line[4096];
    /* 1. title  [score] */
    int col = printf("%u. ", h->rank);
    int indent = col;
    if (o->color)
        fputs(TITLE_ON, stdout);
    col = print_wrapped(h->title ? h->title : "(untitled)", NULL, 0, col, indent, o->color, TITLE_ON);
    if (o->color)
        fputs(HL_OFF, stdout);
    snprintf(line, sizeof line, "[%.2f]", h->score);
    if (col + 2 + (int)strlen(line) > WIDTH) {
        printf("\n%*s", indent, "");
        col = indent;
    } else {
        fputs("  ", stdout);
    }
    printf("%s%s%s\n", o->color ? DIM_ON : "", line, o->color ? HL_OFF : "");
    /* the file, then issuer, document number and date */
    printf("%*s", indent, "");
    if (o->color)
        fputs(PATH_ON, stdout);
    /* paths are never broken across lines: they are copied and pasted */
    const char *shown = display_key(h, cwd, key, sizeof key);
    fputs(shown, stdout);
    col = indent + text_cols(shown);
    if (o->color)
        fputs(HL_OFF, stdout);
    const char *meta[] = { h->issuer, h->doc_number, h->date };
    for (int i = 0; i < 3; i++) {
        if (!meta[i])
            continue;
        if (col + 2 + text_cols(meta[i]) > WIDTH) {
            printf("\n%*s", indent, "");
            col = indent;
        } else {
            fputs("  ", stdout);
            col += 2;
        }
        col = print_wrapped(meta[i], NULL, 0, col, indent, 0, "");
    }
    putchar('\n');
    /* near copies: one line each, "also: path (date) 97%" */
    for (size_t i = 0; i < h->ncopies; i++) {
        const pol_copy *c = &h->copies[i];
        if (i == MAX_COPY_LINES && h->ncopies > MAX_COPY_LINES + 1) {
            printf("%*salso: %zu more near copies (--json lists them)\n", indent, "", h->ncopies - i);
            break;
        }
        snprintf(line, sizeof line, "%s%s%s%s %.0f%%", copy_key(c, cwd, key, sizeof key),
                 c->date ? " (" : "", c->date ? c->date : "", c->date ? ")" : "", c->similarity * 100);
        printf("%*s", indent, "");
        if (o->color)
            fputs(DIM_ON, stdout);
        printf("also: %s", line);
        if (o->color)
            fputs(HL_OFF, stdout);
        putchar('\n');
    }
    /* each section: heading path, then the passage */
    for (size_t i = 0; i < h->nsections; i++) {
        const pol_hit_section *sec = &h->sections[i];
        printf("%*s\xc2\xa7 ", indent, "");
        col = indent + 2;
        if (sec->depth == 0)
            col = print_wrapped("(beginning)", NULL, 0, col, indent + 2, 0, "");
        for (size_t d = 0; d < sec->depth; d++) {
            if (d)
                col = print_wrapped(" \xe2\x80\xba ", NULL, 0, col, indent + 2, 0, "");
            col = print_wrapped(sec->heading_path[d], NULL, 0, col, indent + 2, 0, "");
        }
        printf("\n%*s", indent + 2, "");
        print_wrapped(sec->snippet, sec->spans, sec->nspans, indent + 2, indent + 2, o->color, HL_ON);
        putchar('\n');
    }
    putchar('\n');
}

/* Byte offset in a UTF-8 string -> code point offset (for JSON consumers). */
static size_t cp_offset(const char *s, size_t byte)
{
    size_t n = 0;
    for (size_t i = 0; i < byte && s[i]; i++)
        n += ((unsigned char)s[i] & 0xc0) != 0x80;
    return n;
}

static void set_str(json_t *obj, const char *k, const char *v)
{
    json_object_set_new(obj, k, v ? json_string(v) : json_null());
}

static void print_json(const pol_hit *h, const char *cwd)
{
    char key[4096];
    json_t *o = json_object();
    json_object_set_new(o, "rank", json_integer(h->rank));
    json_object_set_new(o, "score", json_real(h->score));
    set_str(o, "path", display_key(h, cwd, key, sizeof key));
    set_str(o, "title", h->title);
    json_t *m = json_object();
    set_str(m, "issuer", h->issuer);
    set_str(m, "date", h->date);
    set_str(m, "doc_number", h->doc_number);
    set_str(m, "type", h->type);
    set_str(m, "region", h->region);
    set_str(m, "source", h->source);
    set_str(m, "url", h->url);
    json_object_set_new(o, "metadata", m);
    json_t *secs = json_array();
    for (size_t i = 0; i < h->nsections; i++) {
        const pol_hit_section *s = &h->sections[i];
        json_t *so = json_object();
        json_t *hp = json_array();
        for (size_t d = 0; d < s->depth; d++)
            json_array_append_new(hp, json_string(s->heading_path[d]));
        json_object_set_new(so, "heading_path", hp);
        set_str(so, "snippet", s->snippet);
        json_t *hl = json_array();
        for (size_t k = 0; k < s->nspans; k++) {
            json_t *pair = json_array();
            json_array_append_new(pair, json_integer((json_int_t)cp_offset(s->snippet, s->spans[k].start)));
            json_array_append_new(pair, json_integer((json_int_t)cp_offset(s->snippet, s->spans[k].end)));
            json_array_append_new(hl, pair);
        }
        json_object_set_new(so, "highlights", hl);
        json_object_set_new(so, "score", json_real(s->score));
        json_array_append_new(secs, so);
    }
    json_object_set_new(o, "sections", secs);
    json_t *copies = json_array();
    for (size_t i = 0; i < h->ncopies; i++) {
        const pol_copy *c = &h->copies[i];
        json_t *co = json_object();
        set_str(co, "path", copy_key(c, cwd, key, sizeof key));
        set_str(co, "title", c->title);
        set_str(co, "date", c->date);
        json_object_set_new(co, "similarity", json_real(c->similarity));
        json_array_append_new(copies, co);
    }
    json_object_set_new(o, "copies", copies);
    char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    if (line) {
        puts(line);
        free(line);
    }
    json_decref(o);
}

static int print_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                      unsigned pos, unsigned flags)
{
    (void)ctx;
    const char *kind = (flags & POL_UNIT_CHAR) ? "char" : (flags & POL_UNIT_TOKEN) ? "token"
                     : (flags & POL_UNIT_BIGRAM) ? "bigram" : "lexicon";
    printf("%4u  %-7s  %.*s  [%zu,%zu)%s\n", pos, kind, (int)len, u, start, end,
           (flags & POL_UNIT_CROSS) ? "  across two words" : "");
    return 0;
}

/* --analyze: the units of text, with the lexicon of the first index when
 * one is there (an index named with --db must open). */
static int analyze(const char *text, const char *db, int db_given)
{
    pol_analyzer *a = NULL;
    pol_lexicon *lx = NULL;
    char err[512] = "";
    pol_status st = pol_analyzer_new(&a);
    if (st < 0) {
        fprintf(stderr, "polsearch: cannot create analyzer: %s\n", pol_status_str(st));
        return EXIT_ERROR;
    }
    if (pol_lexicon_load(&lx, db, err, sizeof err) < 0) {
        if (db_given) {
            fprintf(stderr, "polsearch: %s\n", err);
            pol_analyzer_free(a);
            return EXIT_ERROR;
        }
    }
    pol_analyzer_set_lexicon(a, lx);
    char *norm = NULL;
    size_t nlen;
    if (pol_analyzer_normalize(a, text, strlen(text), &norm, &nlen) >= 0)
        printf("normalized: %s\n", norm);
    free(norm);
    if (lx)
        printf("lexicon:    %zu words from %s\n", pol_lexicon_size(lx), db);
    else
        printf("lexicon:    none (no index at %s)\n", db);
    printf(" pos  kind     unit  [bytes)\n");
    st = pol_analyzer_run(a, text, strlen(text), 1, print_unit, NULL, NULL);
    if (st < 0)
        fprintf(stderr, "polsearch: %s\n", pol_analyzer_errmsg(a));
    pol_analyzer_free(a);
    pol_lexicon_free(lx);
    return st < 0 ? EXIT_ERROR : 0;
}

static const char *const facet_names[POL_FACET_MAX] = { "year", "issuer", "type", "region", "source" };

/* "year,issuer" -> bits of so.facets */
static int parse_facets(const char *arg, unsigned *facets)
{
    const char *p = arg;
    for (;;) {
        size_t n = strcspn(p, ",");
        int f = 0;
        while (f < POL_FACET_MAX && (strlen(facet_names[f]) != n || strncmp(p, facet_names[f], n)))
            f++;
        if (f == POL_FACET_MAX) {
            fprintf(stderr, "polsearch: --facet wants year, issuer, type, region or source, not '%.*s'\n",
                    (int)n, p);
            return -1;
        }
        *facets |= 1u << f;
        if (!p[n])
            return 0;
        p += n + 1;
    }
}

static void print_facets(const pol_results *r, unsigned facets, int json)
{
    for (int f = 0; f < POL_FACET_MAX; f++) {
        if (!(facets & (1u << f)))
            continue;
        size_t n;
        const pol_facet_value *v = pol_results_facet(r, (pol_facet)f, &n);
        if (json) {
            json_t *o = json_object(), *vals = json_array();
            json_object_set_new(o, "facet", json_string(facet_names[f]));
            for (size_t i = 0; i < n; i++) {
                json_t *e = json_object();
                json_object_set_new(e, "value", json_string(v[i].value));
                json_object_set_new(e, "count", json_integer(v[i].count));
                json_array_append_new(vals, e);
            }
            json_object_set_new(o, "values", vals);
            char *line = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
            if (line) {
                puts(line);
                free(line);
            }
            json_decref(o);
            continue;
        }
        /* values left, counts right-aligned in one column */
        int vw = 0;
        for (size_t i = 0; i < n; i++)
            if (text_cols(v[i].value) > vw)
                vw = text_cols(v[i].value);
        if (vw > WIDTH - 14)
            vw = WIDTH - 14;
        printf("%s:%s\n", facet_names[f], n ? "" : " (none)");
        for (size_t i = 0; i < n; i++) {
            fputs("  ", stdout);
            int col = print_wrapped(v[i].value, NULL, 0, 2, 4, 0, "");
            printf("%*s%8u\n", col < vw + 2 ? vw + 2 - col : 0, "", v[i].count);
        }
    }
    if (!json)
        putchar('\n');
}

static int parse_count(const char *s, const char *opt, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end != '\0' || v < 0 || v > 1000000) {
        fprintf(stderr, "polsearch: %s wants a number from 0 to 1000000, not '%s'\n", opt, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int main(int argc, char **argv)
{
    enum { O_OFFSET = 256, O_ALL, O_ANY, O_COLOR, O_EXPLAIN, O_ANALYZE, O_VERSION, O_MAXSEC,
           O_LITERAL, O_SORT, O_FACET, O_COUNT, O_REMOTE, O_RANK, O_DUPLICATES };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
        { "remote", required_argument, NULL, O_REMOTE },
        { "limit", required_argument, NULL, 'n' },
        { "offset", required_argument, NULL, O_OFFSET },
        { "sections", no_argument, NULL, 's' },
        { "max-sections", required_argument, NULL, O_MAXSEC },
        { "all", no_argument, NULL, O_ALL },
        { "any", no_argument, NULL, O_ANY },
        { "json", no_argument, NULL, 'j' },
        { "color", required_argument, NULL, O_COLOR },
        { "colour", required_argument, NULL, O_COLOR },
        { "explain", no_argument, NULL, O_EXPLAIN },
        { "literal", no_argument, NULL, O_LITERAL },
        { "sort", required_argument, NULL, O_SORT },
        { "facet", required_argument, NULL, O_FACET },
        { "count", no_argument, NULL, O_COUNT },
        { "rank", required_argument, NULL, O_RANK },
        { "duplicates", required_argument, NULL, O_DUPLICATES },
        { "analyze", required_argument, NULL, O_ANALYZE },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, O_VERSION },
        { NULL, 0, NULL, 0 },
    };
    const char *dbs[64], *remotes[64];
    size_t ndb = 0, nremote = 0;
    pol_search_opts so = POL_SEARCH_OPTS_INIT;
    pol_rank_opts ro = POL_RANK_OPTS_INIT;
    so.rank = &ro;
    out_opts oo = { 0, -1, 0, 0 };
    int c;
    const char *analyze_text = NULL;
    /* "-扶贫", "-issuer:国务院" and "-poverty" are exclusions in the query, not
     * options: hide such words from getopt (a leading \x01 makes them
     * operands), restored below. A word is an option when it is a cluster
     * of the flags -s -j -h, or a short option taking a value: -d or -n
     * alone (the value follows), -n with a number (-n20), -d with a path
     * that exists (-dpolsearch.db); so -nuclear and -development are
     * exclusions. */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        unsigned char c1 = (unsigned char)argv[i][0] == '-' ? (unsigned char)argv[i][1] : 0;
        int word = c1 >= 0x80 || c1 == '"' || c1 == '(';
        struct stat sb;
        if (((c1 | 0x20) >= 'a' && (c1 | 0x20) <= 'z') && c1 != 'd' && c1 != 'n')
            word = strspn(argv[i] + 1, "sjh") != strlen(argv[i] + 1);
        else if (c1 == 'n' && argv[i][2])
            word = strspn(argv[i] + 2, "0123456789") != strlen(argv[i] + 2);
        else if (c1 == 'd' && argv[i][2])
            word = stat(argv[i] + 2, &sb) != 0;
        if (word) {
            char *w = malloc(strlen(argv[i]) + 2);
            if (!w)
                return EXIT_ERROR;
            w[0] = '\x01';
            strcpy(w + 1, argv[i]);
            argv[i] = w; /* freed at exit */
        }
    }
    while ((c = getopt_long(argc, argv, "d:n:sjh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (ndb == 64) {
                fprintf(stderr, "polsearch: at most 64 --db options\n");
                return EXIT_ERROR;
            }
            dbs[ndb++] = optarg;
            break;
        case O_REMOTE: {
            const char *colon = strrchr(optarg, ':');
            char *end;
            long port = colon ? strtol(colon + 1, &end, 10) : 0;
            if (!colon || colon == optarg || colon[1] == '\0' || *end != '\0' || port < 1 || port > 65535) {
                fprintf(stderr, "polsearch: --remote wants HOST:PORT, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            if (nremote == 64) {
                fprintf(stderr, "polsearch: at most 64 --remote options\n");
                return EXIT_ERROR;
            }
            remotes[nremote++] = optarg;
            break;
        }
        case 'n': if (parse_count(optarg, "--limit", &so.limit) < 0) return EXIT_ERROR; break;
        case O_OFFSET: if (parse_count(optarg, "--offset", &so.offset) < 0) return EXIT_ERROR; break;
        case O_MAXSEC:
            if (parse_count(optarg, "--max-sections", &so.max_sections) < 0) return EXIT_ERROR;
            if (so.max_sections < 1 || so.max_sections > 10) {
                fprintf(stderr, "polsearch: --max-sections wants 1 to 10\n");
                return EXIT_ERROR;
            }
            break;
        case 's': so.sections = 1; break;
        case O_ALL: so.mode = POL_MATCH_ALL; break;
        case O_ANY: so.mode = POL_MATCH_ANY; break;
        case 'j': oo.json = 1; break;
        case O_COLOR:
            if (!strcmp(optarg, "always")) oo.color = 1;
            else if (!strcmp(optarg, "never")) oo.color = 0;
            else if (!strcmp(optarg, "auto")) oo.color = -1;
            else {
                fprintf(stderr, "polsearch: --color wants auto, always or never, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case O_EXPLAIN: oo.explain = 1; break;
        case O_LITERAL: so.literal = 1; break;
        case O_SORT:
            if (!strcmp(optarg, "relevance")) so.sort = POL_SORT_RELEVANCE;
            else if (!strcmp(optarg, "date")) so.sort = POL_SORT_DATE;
            else if (!strcmp(optarg, "oldest")) so.sort = POL_SORT_DATE_ASC;
            else {
                fprintf(stderr, "polsearch: --sort wants relevance, date or oldest, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case O_FACET:
            if (parse_facets(optarg, &so.facets) < 0)
                return EXIT_ERROR;
            break;
        case O_COUNT: oo.count = 1; break;
        case O_DUPLICATES:
            if (!strcmp(optarg, "group")) so.duplicates = POL_DUP_GROUP;
            else if (!strcmp(optarg, "show")) so.duplicates = POL_DUP_SHOW;
            else {
                fprintf(stderr, "polsearch: --duplicates wants group or show, not '%s'\n", optarg);
                return EXIT_ERROR;
            }
            break;
        case O_RANK:
            if (pol_rank_opts_set(&ro, optarg) < 0) {
                fprintf(stderr, "polsearch: --rank %s: unknown setting or bad value (settings: %s)\n",
                        optarg, pol_rank_opts_describe(&ro));
                return EXIT_ERROR;
            }
            break;
        case O_ANALYZE: analyze_text = optarg; break;
        case 'h': fputs(usage, stdout); return 0;
        case O_VERSION: printf("polsearch %s (%s)\n", "0.1.0", pol_analyzer_id()); return 0;
        default:
            fprintf(stderr, "Try 'polsearch --help'.\n");
            return EXIT_ERROR;
        }
    }
    if (analyze_text) {
        const char *env = getenv("POLSEARCH_DB");
        return analyze(analyze_text, ndb ? dbs[0] : env && *env ? env : "polsearch.db", ndb > 0);
    }
    if (optind >= argc) {
        fprintf(stderr, "polsearch: no query given\nUsage: polsearch [OPTIONS] QUERY...  (see --help)\n");
        return EXIT_ERROR;
    }
    if (oo.count) {
        so.exact_count = 1;
        so.limit = 0;
    }
    if (oo.color < 0) {
        const char *nc = getenv("NO_COLOR");
        oo.color = isatty(STDOUT_FILENO) && !(nc && *nc);
    }
    /* the query is the arguments joined by spaces */
    size_t qlen = 0;
    for (int i = optind; i < argc; i++)
        qlen += strlen(argv[i]) + 1;
    char *query = malloc(qlen + 1);
    if (!query)
        return EXIT_ERROR;
    query[0] = '\0';
    for (int i = optind; i < argc; i++) {
        if (i > optind)
            strcat(query, " ");
        strcat(query, argv[i][0] == '\x01' ? argv[i] + 1 : argv[i]);
    }
    if (ndb == 0 && nremote == 0) {
        const char *env = getenv("POLSEARCH_DB");
        dbs[ndb++] = env && *env ? env : "polsearch.db";
    }
    pol_searcher *s = NULL;
    pol_status st = pol_searcher_open(&s, dbs, ndb);
    for (size_t i = 0; i < nremote && st >= 0; i++) {
        const char *colon = strrchr(remotes[i], ':');
        char host[256];
        snprintf(host, sizeof host, "%.*s", (int)(colon - remotes[i]), remotes[i]);
        st = pol_searcher_add_remote(s, host, (unsigned)atoi(colon + 1));
    }
    if (st < 0) {
        fprintf(stderr, "polsearch: %s\n", pol_searcher_errmsg(s));
        pol_searcher_free(s);
        free(query);
        return EXIT_ERROR;
    }
    pol_results *r = NULL;
    st = pol_search_run(s, query, &so, &r);
    if (st < 0) {
        fprintf(stderr, "polsearch: %s\n", pol_searcher_errmsg(s));
        pol_searcher_free(s);
        free(query);
        return EXIT_ERROR;
    }
    char cwd[4096];
    if (!getcwd(cwd, sizeof cwd))
        cwd[0] = '\0';
    if (oo.explain)
        fprintf(oo.json ? stderr : stdout, "%sxapian: %s\n\n", pol_results_explain(r),
                pol_results_query_description(r));
    unsigned total = pol_results_estimated(r);
    if (oo.count) {
        if (oo.json)
            printf("{\"count\":%u}\n", total);
        else
            printf("%u\n", total);
    }
    if (so.facets)
        print_facets(r, so.facets, oo.json);
    size_t n = pol_results_size(r);
    for (size_t i = 0; i < n; i++) {
        const pol_hit *h = pol_results_hit(r, i);
        if (oo.json)
            print_json(h, cwd);
        else
            print_text(h, &oo, cwd);
    }
    if (!oo.json && !oo.count && total == 0)
        fprintf(stderr, "polsearch: no matches for %s\n", query);
    int rc = n > 0 || total > 0 ? 0 : EXIT_NOMATCH;
    pol_results_free(r);
    pol_searcher_free(s);
    free(query);
    return rc;
}
