/* test_docdata — the stored document data (lib/docdata.c): metadata, section
 * table and text survive encoding (format 3), format 2 is refused; a
 * prefix of the text is inflated exactly, and damaged data is refused. */
#include "polsearch/analyzer.h"
#include "corpus_files.h"
#include "schema.h"
#include "testlib.h"
#include "unitmap.h"
#include "units.h"

#include <stdlib.h>
#include <string.h>

static char *encode(const char *text, size_t len, size_t *out_len)
{
    pol_secdata d;
    memset(&d, 0, sizeof d);
    d.path = "/a/b.md";
    d.path_len = strlen(d.path);
    d.title = "标题";
    d.title_len = strlen(d.title);
    d.url = "http://x/y";
    d.url_len = strlen(d.url);
    char *out = NULL;
    CHECK_EQ_INT(pol__secdata_encode(&d, text, len, "", 0, "\x00", 1, &out, out_len), POL_OK);
    return out;
}

static void test_prefix(void)
{
    /* a text longer than zlib's window, so that prefixes end in any block */
    size_t n = 0, cap = 200000;
    char *text = malloc(cap + 1);
    if (!text)
        return;
    for (unsigned i = 0; n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "第%u条 行政复议机关应当依法审查，%u。\n", i, i * 7919u % 1000u);
    size_t zn = 0;
    char *z = encode(text, n, &zn);
    pol_secdata d;
    CHECK_EQ_INT(pol__secdata_decode(&d, z, zn), POL_OK);
    CHECK_EQ_INT(d.text_len, n);
    CHECK(d.title_len == strlen("标题") && !memcmp(d.title, "标题", d.title_len));
    static const size_t upto[] = { 0, 1, 100, 32767, 32768, 70001, 150000 };
    for (size_t i = 0; i < sizeof upto / sizeof *upto; i++) {
        char *t = NULL;
        size_t tl = 0;
        CHECK_EQ_INT(pol__secdata_text_prefix(&d, upto[i], &t, &tl), POL_OK);
        /* a prefix under half the text is inflated alone, else the whole
         * text is decompressed (cheaper) */
        size_t want = upto[i] < n / 2 ? upto[i] : n;
        CHECK_MSG(t && tl == want && !memcmp(t, text, tl) && t[tl] == '\0', "upto %zu", upto[i]);
        free(t);
    }
    char *t = NULL;
    size_t tl = 0;
    CHECK_EQ_INT(pol__secdata_text_prefix(&d, n + 5, &t, &tl), POL_OK); /* all of it */
    CHECK(t && tl == n && !memcmp(t, text, n));
    free(t);

    /* a damaged zlib header, damaged deflate data, a truncated stream */
    pol_secdata bad = d;
    char *copy = malloc(d.ztext_len);
    if (copy) {
        memcpy(copy, d.ztext, d.ztext_len);
        bad.ztext = copy;
        copy[0] ^= 0x01; /* not deflate */
        t = NULL;
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        CHECK(t == NULL);
        copy[0] ^= 0x01;
        copy[1] ^= 0x20; /* preset dictionary flag, check bits broken */
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        copy[1] ^= 0x20;
        memset(copy + 2, 0xff, 8); /* invalid block type */
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, n - 10, &t, &tl), POL_ECORRUPT); /* whole */
        CHECK_EQ_INT(pol__secdata_text(&bad, &t, &tl), POL_ECORRUPT);
        memcpy(copy, d.ztext, d.ztext_len);
        copy[d.ztext_len - 1] ^= 0x01; /* the checksum at the end */
        CHECK_EQ_INT(pol__secdata_text(&bad, &t, &tl), POL_ECORRUPT);
        CHECK(t == NULL);
        free(copy);
    }
    bad = d;
    bad.ztext_len = 1;
    CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
    bad.ztext_len = d.ztext_len / 2; /* ends before the prefix does */
    CHECK_EQ_INT(pol__secdata_text_prefix(&bad, n - 10, &t, &tl), POL_ECORRUPT);
    pol__secdata_release(&d);
    CHECK(d.meta == NULL);
    free(z);
    free(text);
}

static int same(const char *s, size_t n, const char *want)
{
    return n == strlen(want) && !memcmp(s, want, n);
}

/* Format 3 (metadata compressed too) keeps every field; format 2 (metadata
 * in plain, schema 4) and a damaged metadata block are refused. */
static void test_formats(void)
{
    pol_secdata d;
    memset(&d, 0, sizeof d);
#define S(f, v) do { d.f = (v); d.f##_len = strlen(v); } while (0)
    S(path, "/p/政策.md"); S(key, "政策#2"); S(title, "关于扶贫的通知"); S(issuer, "国务院办公厅");
    S(date, "2016-01-02"); S(doc_number, "国办发〔2016〕1号"); S(type, "通知"); S(region, "浙江省");
    S(source, "seeds"); S(url, "http://gov.cn/a");
#undef S
    static const char table[] = "\x01\x05\x00\x04\x01\x00\x00";
    char *z = NULL;
    size_t zn = 0;
    CHECK_EQ_INT(pol__secdata_encode(&d, "一二三四", 12, table, sizeof table - 1, "\x04\x00\x08", 3, &z, &zn), POL_OK);
    pol_secdata e;
    CHECK(z && z[0] == 4);
    CHECK_EQ_INT(pol__secdata_decode(&e, z, zn), POL_OK);
    CHECK(e.meta != NULL);
    CHECK(same(e.path, e.path_len, "/p/政策.md") && same(e.key, e.key_len, "政策#2") &&
          same(e.title, e.title_len, "关于扶贫的通知") && same(e.issuer, e.issuer_len, "国务院办公厅") &&
          same(e.date, e.date_len, "2016-01-02") && same(e.doc_number, e.doc_number_len, "国办发〔2016〕1号") &&
          same(e.type, e.type_len, "通知") && same(e.region, e.region_len, "浙江省") &&
          same(e.source, e.source_len, "seeds") && same(e.url, e.url_len, "http://gov.cn/a"));
    char *t = NULL, *tb = NULL;
    size_t tl = 0, ns = 0;
    pol_secinfo *secs = NULL;
    CHECK_EQ_INT(pol__secdata_text(&e, &t, &tl), POL_OK);
    CHECK(t && tl == 12 && !strcmp(t, "一二三四"));
    CHECK_EQ_INT(pol__secdata_sections(&e, &tb, &secs, &ns), POL_OK);
    CHECK_EQ_INT(ns, 1);
    free(t);
    free(tb);
    free(secs);
    pol__secdata_release(&e);
    CHECK(e.meta == NULL);
    /* a text length the compressed text cannot hold (damage; the fuzzer
     * found it allocating gigabytes): refused when decoded */
    if (z && zn > 8) {
        pol_secdata f;
        size_t at = 0;
        if (pol__secdata_decode(&f, z, zn) == POL_OK) {
            at = (size_t)(f.ztext - z);
            pol__secdata_release(&f);
        }
        char *c = malloc(zn + 8);
        if (c && at > 0 && (unsigned char)z[at - 1] == 12) {
            memcpy(c, z, at - 1);
            static const unsigned char huge[5] = { 0x80, 0x80, 0x80, 0x80, 0x20 }; /* 2^33 */
            memcpy(c + at - 1, huge, 5);
            memcpy(c + at + 4, z + at, zn - at);
            CHECK_EQ_INT(pol__secdata_decode(&e, c, zn + 4), POL_ECORRUPT);
        } else {
            CHECK_MSG(0, "the text length is not the byte before the text");
        }
        free(c);
    }
    /* a table of no sections (count 0, the last position 4): one section
     * covers the text (docs/schema.md); it was refused as damaged */
    free(z);
    z = NULL;
    CHECK_EQ_INT(pol__secdata_encode(&d, "一二三四", 12, "\x00\x04", 2, "\x04\x00\x08", 3, &z, &zn), POL_OK);
    CHECK_EQ_INT(pol__secdata_decode(&e, z, zn), POL_OK);
    CHECK_EQ_INT(pol__secdata_sections(&e, &tb, &secs, &ns), POL_OK);
    CHECK(ns == 1 && secs && secs[0].start == 0 && secs[0].end == 12 && secs[0].pos0 == 1 && secs[0].pos1 == 5 &&
          secs[0].parent == (size_t)-1 && secs[0].heading_len == 0);
    free(tb);
    free(secs);
    pol__secdata_release(&e);
    /* damaged: the metadata block, its length */
    if (z && zn > 8) {
        char *c = malloc(zn);
        memcpy(c, z, zn);
        c[3] ^= 0x55; /* inside the compressed metadata */
        CHECK_EQ_INT(pol__secdata_decode(&e, c, zn), POL_ECORRUPT);
        CHECK(e.meta == NULL);
        memcpy(c, z, zn);
        c[1] = (char)(c[1] + 1); /* its uncompressed length */
        CHECK_EQ_INT(pol__secdata_decode(&e, c, zn), POL_ECORRUPT);
        CHECK_EQ_INT(pol__secdata_decode(&e, c, 3), POL_ECORRUPT); /* cut short */
        c[0] = 4; /* unknown format */
        CHECK_EQ_INT(pol__secdata_decode(&e, c, zn), POL_ECORRUPT);
        free(c);
    }
    free(z);

    /* format 2, of schema 4, whose indexes are refused before their data is
     * read: not taken for format 3 */
    static const char two[] = "\x02" "\x07/p/a.md" "\x01k" "\x01T" "\x00" "\x04" "2020" "\x00\x00\x00\x00"
                              "\x01u" "\x00\x00\x00";
    CHECK_EQ_INT(pol__secdata_decode(&e, two, sizeof two - 1), POL_ECORRUPT);
    CHECK(e.meta == NULL);
}

typedef struct collected {
    pol_unitmap map;
    const char *text;
    uint32_t cps[256];
    size_t n;
} collected;

static int collect_char(void *ctx, const char *u, size_t len, size_t start, size_t end, unsigned pos,
                        unsigned flags)
{
    collected *c = ctx;
    if (!(flags & POL_UNIT_CHAR))
        return 0;
    CHECK_EQ_INT(pos, c->n + 1); /* positions run without gaps */
    pol__unitmap_add(&c->map, c->text, u, len, start, end);
    if (c->n < 256) {
        /* the unit is one code point */
        const unsigned char *p = (const unsigned char *)u;
        uint32_t cp = len == 1 ? p[0]
                    : len == 2 ? (uint32_t)(p[0] & 0x1F) << 6 | (p[1] & 0x3F)
                    : len == 3 ? (uint32_t)(p[0] & 0x0F) << 12 | (uint32_t)(p[1] & 0x3F) << 6 | (p[2] & 0x3F)
                               : (uint32_t)(p[0] & 0x07) << 18 | (uint32_t)(p[1] & 0x3F) << 12 |
                                     (uint32_t)(p[2] & 0x3F) << 6 | (p[3] & 0x3F);
        c->cps[c->n] = cp;
    }
    c->n++;
    return 0;
}

/* The unit map gives back the analyzer's positional units from the text:
 * the text's own characters, and those normalization changes (Traditional,
 * full-width, case, a character that becomes several), across punctuation
 * and spaces. Damaged maps are refused. */
static void test_unitmap(void)
{
    static const char *const texts[] = {
        "关于加强电子商务扶贫的通知",
        "乾坤大挪移。國務院辦公廳關於印發《方案》的通知",
        "ＡＢＣ全角，Covid-19 疫情 期间 第3条 ㈠ 95.5% e-mail@x.cn",
        "中 文 之 间 的 空 格，和\t制表符\n换行",
        "",
        "。，、！",
    };
    pol_analyzer *an = NULL;
    CHECK_EQ_INT(pol_analyzer_new(&an), POL_OK);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        collected c;
        memset(&c, 0, sizeof c);
        c.text = texts[i];
        pol__unitmap_begin(&c.map);
        CHECK_EQ_INT(pol_analyzer_run(an, texts[i], strlen(texts[i]), 1, collect_char, &c, NULL), POL_OK);
        size_t ml = 0;
        const char *m = pol__unitmap_end(&c.map, &ml);
        CHECK(m != NULL);
        uint32_t *u = NULL;
        size_t n = 99;
        CHECK_EQ_INT(pol__unitmap_decode(m, ml, texts[i], strlen(texts[i]), &u, &n, NULL, NULL), POL_OK);
        CHECK_EQ_INT(n, c.n);
        for (size_t k = 0; k < n && k < 256; k++)
            if (u[k] != c.cps[k]) {
                fprintf(stderr, "text %zu, position %zu: U+%04X, want U+%04X\n", i, k + 1,
                        (unsigned)u[k], (unsigned)c.cps[k]);
                CHECK(0);
                break;
            }
        free(u);
        /* damaged: cut short, or read against a shorter text */
        if (ml > 2) {
            u = NULL;
            CHECK_EQ_INT(pol__unitmap_decode(m, ml - 1, texts[i], strlen(texts[i]), &u, &n, NULL, NULL), POL_ECORRUPT);
            CHECK(u == NULL);
            CHECK_EQ_INT(pol__unitmap_decode(m, ml, texts[i], strlen(texts[i]) / 2, &u, &n, NULL, NULL), POL_ECORRUPT);
        }
        pol__unitmap_free(&c.map);
    }
    /* a count the records do not reach, a run past the count, a skip past the text */
    uint32_t *u = NULL;
    size_t n = 0;
    CHECK_EQ_INT(pol__unitmap_decode("\x05\x00\x06", 3, "abc", 3, &u, &n, NULL, NULL), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_decode("\x02\x00\x06", 3, "abc", 3, &u, &n, NULL, NULL), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_decode("\x01\x09\x02", 3, "abc", 3, &u, &n, NULL, NULL), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_decode("\x7f", 1, "abc", 3, &u, &n, NULL, NULL), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_decode("\x02\x00\x04\x00\x03", 5, "\xe4\xb8" "abc", 5, &u, &n, NULL, NULL), POL_ECORRUPT);
    pol_analyzer_free(an);
}

/* Units with their bytes, as the analyzer or the map gives them. */
typedef struct spanlist {
    uint32_t *cp;
    size_t *start, *end;
    size_t n, cap;
    size_t base;       /* added to each unit's bytes */
    pol_unitmap *map;  /* the analyzer's units go here too, when set */
    const char *text;
} spanlist;

static void span_add(spanlist *l, uint32_t cp, size_t start, size_t end)
{
    if (l->n == l->cap) {
        l->cap = l->cap ? 2 * l->cap : 256;
        l->cp = realloc(l->cp, l->cap * sizeof *l->cp);
        l->start = realloc(l->start, l->cap * sizeof *l->start);
        l->end = realloc(l->end, l->cap * sizeof *l->end);
        CHECK(l->cp && l->start && l->end);
    }
    l->cp[l->n] = cp;
    l->start[l->n] = start + l->base;
    l->end[l->n++] = end + l->base;
}

static int span_of_map(void *ctx, uint32_t cp, size_t start, size_t end)
{
    span_add(ctx, cp, start, end);
    return 0;
}

static int span_of_analyzer(void *ctx, const char *u, size_t len, size_t start, size_t end,
                            unsigned pos, unsigned flags)
{
    spanlist *l = ctx;
    (void)pos;
    if (!(flags & POL_UNIT_CHAR))
        return 0;
    if (l->map)
        pol__unitmap_add(l->map, l->text, u, len, start, end);
    span_add(l, (uint32_t)pol__unit_cp(u, len), start, end);
    return 0;
}

static void spans_free(spanlist *l)
{
    free(l->cp);
    free(l->start);
    free(l->end);
}

/* Whether the map gives each line of text the units (and their bytes) the
 * analyzer gives the line alone, as passages need them (snippet.c). */
static int same_spans(pol_analyzer *an, const char *text, size_t len)
{
    pol_unitmap map;
    memset(&map, 0, sizeof map);
    pol__unitmap_begin(&map);
    spanlist all = { .map = &map, .text = text };
    CHECK_EQ_INT(pol_analyzer_run(an, text, len, 1, span_of_analyzer, &all, NULL), POL_OK);
    size_t ml = 0;
    const char *m = pol__unitmap_end(&map, &ml);
    int same = m != NULL;
    /* the walk from the marks, and without them */
    uint32_t *cps = NULL;
    size_t ncp = 0;
    pol_unitwalk w = { (char *)m, ml, NULL, 0 }, bare = { (char *)m, ml, NULL, 0 };
    CHECK(!m || pol__unitmap_decode(m, ml, text, len, &cps, &ncp, &w.marks, &w.nmarks) == POL_OK);
    CHECK(ncp < 2 * 256 || w.nmarks > 0);
    size_t first = 0; /* index of the first unit of the line */
    for (size_t a = 0; a < len && same;) {
        const char *nl = memchr(text + a, '\n', len - a);
        size_t b = nl ? (size_t)(nl - text) + 1 : len;
        size_t last = first;
        while (last < all.n && all.end[last] <= b)
            last++;
        spanlist line = { .base = a }, got = { 0 }, slow = { 0 };
        CHECK_EQ_INT(pol_analyzer_run(an, text + a, b - a, 1, span_of_analyzer, &line, NULL), POL_OK);
        same = pol__unitmap_spans(&w, text, len, first + 1, last + 1, span_of_map, &got) == POL_OK &&
               pol__unitmap_spans(&bare, text, len, first + 1, last + 1, span_of_map, &slow) == POL_OK &&
               got.n == line.n && slow.n == line.n;
        for (size_t i = 0; same && i < got.n; i++)
            same = got.cp[i] == line.cp[i] && got.start[i] == line.start[i] && got.end[i] == line.end[i] &&
                   slow.cp[i] == line.cp[i] && slow.start[i] == line.start[i] && slow.end[i] == line.end[i];
        if (!same)
            fprintf(stderr, "line at byte %zu: %.60s\n", a, text + a);
        spans_free(&line);
        spans_free(&got);
        spans_free(&slow);
        first = last;
        a = b;
    }
    spans_free(&all);
    free(cps);
    free(w.marks);
    pol__unitmap_free(&map);
    return same;
}

static void check_same_spans(void *ctx, const char *path, const char *text, size_t len)
{
    CHECK_MSG(same_spans(ctx, text, len), "%s", path);
}

/* The units of a line from the map and their bytes are the analyzer's, in
 * text normalization changes (Traditional, full-width, case, one character
 * becoming several, marks dropped) and in real text, simplified and
 * traditional; a unit map damaged or read against a shorter text is
 * refused. */
static void test_unit_spans(void)
{
    static const char *const texts[] = {
        "关于加强电子商务扶贫的通知\n第一条 为了规范。\n",
        "國務院辦公廳關於印發《方案》的通知\n（一）發達省（市）ＡＢＣ\n",
        "ＡＢＣ全角，Covid-19 疫情\n期间 第3条 ㈠ ㍿ ﬁx 95.5% e-mail@x.cn\n",
        "中\xe2\x80\x8b文 之\xcc\x81间\n\n空行之后\n人々と 東京タワー",
        "", "\n\n", "。，、！\n中",
    };
    pol_analyzer *an = NULL;
    CHECK_EQ_INT(pol_analyzer_new(&an), POL_OK);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        CHECK_MSG(same_spans(an, texts[i], strlen(texts[i])), "text %zu", i);
    static const char *const dirs[] = { "lawrefbook/司法解释", "mojlaw_tw/FalVMingLing", "ncp_policies_qa/docs" };
    size_t files = corpus_files(dirs, sizeof dirs / sizeof *dirs, 300000, check_same_spans, an);
    CHECK_MSG(files >= 6, "only %zu corpus files read under %s", files, POL_SHARED_CORPUS);
    /* damaged: a skip past the text, a run past the count, read against a
     * shorter text */
    spanlist got = { 0 };
    pol_unitmark far = { 1, 0, 0 };
    pol_unitwalk skip = { "\x01\x09\x02", 3, NULL, 0 }, run = { "\x02\x00\x06", 3, NULL, 0 },
                 shorter = { "\x03\x00\x06", 3, NULL, 0 }, marked = { "\x03\x00\x06", 3, &far, 1 };
    CHECK_EQ_INT(pol__unitmap_spans(&skip, "abc", 3, 1, 2, span_of_map, &got), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_spans(&run, "abc", 3, 1, 3, span_of_map, &got), POL_ECORRUPT);
    CHECK_EQ_INT(pol__unitmap_spans(&shorter, "ab", 2, 1, 4, span_of_map, &got), POL_ECORRUPT);
    far.t = 9; /* a mark past the text */
    CHECK_EQ_INT(pol__unitmap_spans(&marked, "abc", 3, 2, 4, span_of_map, &got), POL_ECORRUPT);
    spans_free(&got);
    pol_analyzer_free(an);
}

int main(void)
{
    test_unitmap();
    test_unit_spans();
    test_prefix();
    test_formats();
    return TEST_DONE();
}
