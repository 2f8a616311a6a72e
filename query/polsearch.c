/* polsearch — searches a polsearch index and prints ranked documents (or
 * sections) with highlighted passages, as text or JSON lines.
 * Only parses arguments, calls libpolsearch, and prints. */
#include "polsearch/polsearch.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define EXIT_NOMATCH 1
#define EXIT_ERROR 2

static const char usage[] =
"Usage: polsearch [OPTIONS] QUERY...\n"
"       polsearch --analyze TEXT\n"
"\n"
"Search an index made by polindex. Words separated by spaces must all occur\n"
"(each literally, in the same document); a question (e.g. ending in ？ or\n"
"using 哪些/如何/什么) ranks documents by all its words, none required.\n"
"\n"
"Query language:\n"
"  电商 扶贫              both words          \"对口 支援\"   exact phrase\n"
"  电商 OR 电子商务        either              -试点, NOT 试点  exclude\n"
"  (电商 OR 网店) 扶贫     grouping            title:规划     in the title\n"
"  issuer:国务院办公厅 type:通知 region:浙江省 source:seeds   exact metadata\n"
"  year:2016..2020  date:2019-01-01..2019-12-31              date ranges\n"
"\n"
"English policy terms are translated through a built-in glossary\n"
"(\"e-commerce poverty relief\" also searches 电商扶贫, 电子商务 + 扶贫 ...), and\n"
"Chinese variants stand for each other (电商 = 电子商务); quoted words are\n"
"never expanded. --explain shows what was searched.\n"
"\n"
"Options:\n"
"  -d, --db DIR        index to search (default: $POLSEARCH_DB, else\n"
"                      ./polsearch.db); repeat to search several as one\n"
"  -n, --limit N       show N hits (default 10)\n"
"      --offset N      skip the first N hits\n"
"  -s, --sections      rank sections instead of documents\n"
"      --max-sections N  sections shown under each document (default 3)\n"
"      --all           every word required (keyword mode)\n"
"      --any           no word required (question mode)\n"
"  -j, --json          one JSON object per hit (see docs/json.md)\n"
"      --color WHEN    highlight matches: auto (default), always, never;\n"
"                      NO_COLOR in the environment turns colour off\n"
"      --literal       no glossary or variant expansion\n"
"      --explain       print the query as parsed and expanded, then the hits\n"
"      --analyze TEXT  print the units the analyzer makes of TEXT\n"
"  -h, --help          show this help\n"
"      --version       show the version\n"
"\n"
"Examples:\n"
"  polsearch 电商扶贫\n"
"  polsearch --sections 对口支援 year:2014\n"
"  polsearch --json '武汉市对于医疗物资的运输有哪些规定？'\n"
"  polsearch --explain \"e-commerce poverty relief\"\n"
"\n"
"Exit status: 0 when something matched, 1 when nothing did, 2 on errors.\n";

typedef struct out_opts {
    int json, color, explain;
} out_opts;

static const char *HL_ON = "\033[1;31m", *HL_OFF = "\033[0m";
static const char *TITLE_ON = "\033[1m", *PATH_ON = "\033[35m", *DIM_ON = "\033[2m";

static void print_snippet(const pol_hit_section *s, const out_opts *o)
{
    size_t at = 0, len = strlen(s->snippet);
    for (size_t i = 0; i < s->nspans; i++) {
        fwrite(s->snippet + at, 1, s->spans[i].start - at, stdout);
        if (o->color)
            fputs(HL_ON, stdout);
        fwrite(s->snippet + s->spans[i].start, 1, s->spans[i].end - s->spans[i].start, stdout);
        if (o->color)
            fputs(HL_OFF, stdout);
        at = s->spans[i].end;
    }
    fwrite(s->snippet + at, 1, len - at, stdout);
}

/* Paths under the current directory are shown relative to it. */
static const char *display_path(const char *p, const char *cwd)
{
    size_t n = strlen(cwd);
    if (n > 1 && !strncmp(p, cwd, n) && p[n] == '/')
        return p + n + 1;
    return p;
}

static const char *display_key(const pol_hit *h, const char *cwd, char *buf, size_t bufsz)
{
    const char *p = display_path(h->path, cwd);
    const char *rec = strncmp(h->key, h->path, strlen(h->path)) == 0 ? h->key + strlen(h->path) : "";
    snprintf(buf, bufsz, "%s%s", p, rec);
    return buf;
}

static void print_text(const pol_hit *h, const out_opts *o, const char *cwd)
{
    char key[4096];
    printf("%s%u. %s%s", o->color ? TITLE_ON : "", h->rank, h->title ? h->title : "(untitled)",
           o->color ? HL_OFF : "");
    printf("  %s[%.2f]%s\n", o->color ? DIM_ON : "", h->score, o->color ? HL_OFF : "");
    printf("   %s%s%s", o->color ? PATH_ON : "", display_key(h, cwd, key, sizeof key), o->color ? HL_OFF : "");
    const char *meta[] = { h->issuer, h->doc_number, h->date };
    for (int i = 0; i < 3; i++)
        if (meta[i])
            printf("  %s", meta[i]);
    putchar('\n');
    for (size_t i = 0; i < h->nsections; i++) {
        const pol_hit_section *s = &h->sections[i];
        fputs("   \xc2\xa7 ", stdout);
        if (s->depth == 0)
            fputs("(beginning)", stdout);
        for (size_t d = 0; d < s->depth; d++)
            printf("%s%s", d ? " \xe2\x80\xba " : "", s->heading_path[d]);
        putchar('\n');
        fputs("     ", stdout);
        print_snippet(s, o);
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
                     : (flags & POL_UNIT_BIGRAM) ? "bigram" : "word";
    printf("%4u  %-6s  %.*s  [%zu,%zu)\n", pos, kind, (int)len, u, start, end);
    return 0;
}

static int analyze(const char *text)
{
    pol_analyzer *a = NULL;
    pol_status st = pol_analyzer_new(&a);
    if (st < 0) {
        fprintf(stderr, "polsearch: cannot create analyzer: %s\n", pol_status_str(st));
        return EXIT_ERROR;
    }
    char *norm = NULL;
    size_t nlen;
    if (pol_analyzer_normalize(a, text, strlen(text), &norm, &nlen) >= 0)
        printf("normalized: %s\n", norm);
    free(norm);
    printf(" pos  kind    unit  [bytes)\n");
    st = pol_analyzer_run(a, text, strlen(text), 1, print_unit, NULL, NULL);
    if (st < 0)
        fprintf(stderr, "polsearch: %s\n", pol_analyzer_errmsg(a));
    pol_analyzer_free(a);
    return st < 0 ? EXIT_ERROR : 0;
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
           O_LITERAL };
    static const struct option longopts[] = {
        { "db", required_argument, NULL, 'd' },
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
        { "analyze", required_argument, NULL, O_ANALYZE },
        { "help", no_argument, NULL, 'h' },
        { "version", no_argument, NULL, O_VERSION },
        { NULL, 0, NULL, 0 },
    };
    const char *dbs[64];
    size_t ndb = 0;
    pol_search_opts so = POL_SEARCH_OPTS_INIT;
    out_opts oo = { 0, -1, 0 };
    int c;
    /* "-扶贫" is an exclusion in the query, not an option: hide such words
     * from getopt (a leading \x01 makes them operands), restored below */
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--"))
            break;
        unsigned char c1 = (unsigned char)argv[i][0] == '-' ? (unsigned char)argv[i][1] : 0;
        if (c1 >= 0x80 || c1 == '"' || c1 == '(') {
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
        case O_ANALYZE: return analyze(optarg);
        case 'h': fputs(usage, stdout); return 0;
        case O_VERSION: printf("polsearch %s (%s)\n", "0.1.0", pol_analyzer_id()); return 0;
        default:
            fprintf(stderr, "Try 'polsearch --help'.\n");
            return EXIT_ERROR;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "polsearch: no query given\nUsage: polsearch [OPTIONS] QUERY...  (see --help)\n");
        return EXIT_ERROR;
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
    if (ndb == 0) {
        const char *env = getenv("POLSEARCH_DB");
        dbs[ndb++] = env && *env ? env : "polsearch.db";
    }
    pol_searcher *s = NULL;
    pol_status st = pol_searcher_open(&s, dbs, ndb);
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
    size_t n = pol_results_size(r);
    for (size_t i = 0; i < n; i++) {
        const pol_hit *h = pol_results_hit(r, i);
        if (oo.json)
            print_json(h, cwd);
        else
            print_text(h, &oo, cwd);
    }
    if (!oo.json && n == 0)
        fprintf(stderr, "polsearch: no matches for %s\n", query);
    int rc = n > 0 || (so.offset > 0 && pol_results_estimated(r) > 0) ? 0 : EXIT_NOMATCH;
    pol_results_free(r);
    pol_searcher_free(s);
    free(query);
    return rc;
}
