/* test_analyzer.c — table-driven tests of the analyzer (Xapian's
 * api_termgen.cc style). Each row is an input and its unit stream written
 * compactly as "kind:unit@pos", kinds c (CJK character), b (bigram),
 * t (non-CJK token); then offsets, normalization, stopping, and that the word
 * break over text with its ideographs blanked gives the units of the word
 * break over the text itself. */
#include "polsearch/analyzer.h"
#include "polsearch/lexicon.h"
#include "analyzer_int.h"
#include "corpus_files.h"
#include "testlib.h"

#include <stdint.h>
#include <stdio.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>
#include <stdlib.h>

typedef struct render {
    char buf[4096];
    size_t len;
    int with_offsets;
    int stop_after;
    int seen;
    const char *only;   /* kinds to render (NULL: all) */
} render;

static int render_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                       unsigned pos, unsigned flags)
{
    render *r = ctx;
    char kind = (flags & POL_UNIT_CHAR) ? 'c' : (flags & POL_UNIT_TOKEN) ? 't'
              : (flags & POL_UNIT_CROSS) ? 'x' : (flags & POL_UNIT_BIGRAM) ? 'b'
              : (flags & POL_UNIT_LEARNED) ? 'l' : '?';
    if (r->only && !strchr(r->only, kind))
        return 0;
    int n;
    if (r->with_offsets)
        n = snprintf(r->buf + r->len, sizeof r->buf - r->len, "%s%c:%.*s@%u[%zu,%zu)",
                     r->len ? " " : "", kind, (int)len, u, pos, start, end);
    else
        n = snprintf(r->buf + r->len, sizeof r->buf - r->len, "%s%c:%.*s@%u",
                     r->len ? " " : "", kind, (int)len, u, pos);
    if (n > 0 && (size_t)n < sizeof r->buf - r->len)
        r->len += (size_t)n;
    r->seen++;
    return r->stop_after && r->seen >= r->stop_after;
}

static const char *units(pol_analyzer *a, const char *text, size_t len, int offsets)
{
    static render r;
    memset(&r, 0, sizeof r);
    r.with_offsets = offsets;
    pol_status st = pol_analyzer_run(a, text, len, 1, render_unit, &r, NULL);
    if (st < 0)
        return "(error)";
    return r.buf;
}

static const struct { const char *in, *want; } rows[] = {
    /* simplified: characters with positions, bigrams at the first's position */
    { "电商扶贫", "c:电@1 b:电商@1 c:商@2 b:商扶@2 c:扶@3 b:扶贫@3 c:贫@4" },
    /* traditional folds to simplified, then ICU breaks the simplified text
     * (ICU 72 splits 对口 into 对|口: the bigram keeps it findable) */
    { "對口", "c:对@1 b:对口@1 c:口@2" },
    /* no dictionary words: ICU's dictionary would make 国务院 and 办公 */
    { "國務院辦公廳", "c:国@1 b:国务@1 c:务@2 b:务院@2 c:院@3 b:院办@3 c:办@4 b:办公@4 c:公@5 b:公厅@5 c:厅@6" },
    /* every character of a Latin word or number has a position (so that any
     * part of it is found); the whole token ranks; case folded */
    { "2020年电商 Plan", "c:2@1 t:2020@1 c:0@2 c:2@3 c:0@4 c:年@5 b:年电@5 c:电@6 b:电商@6 c:商@7 c:p@8 t:plan@8 c:l@9 c:a@10 c:n@11" },
    /* full-width digits and letters are ASCII after NFKC */
    { "２０１６年", "c:2@1 t:2016@1 c:0@2 c:1@3 c:6@4 c:年@5" },
    { "ＧＤＰ", "c:g@1 t:gdp@1 c:d@2 c:p@3" },
    /* punctuation makes no unit and takes no position; bigrams stop at it */
    { "发展，改革", "c:发@1 b:发展@1 c:展@2 c:改@3 b:改革@3 c:革@4" },
    /* whitespace and line breaks between CJK characters are ignored */
    { "电商\n扶贫", "c:电@1 b:电商@1 c:商@2 b:商扶@2 c:扶@3 b:扶贫@3 c:贫@4" },
    { "经　济", "c:经@1 b:经济@1 c:济@2" },
    /* document numbers: the year and number are tokens whatever the brackets */
    { "国办发〔2013〕11号", "c:国@1 b:国办@1 c:办@2 b:办发@2 c:发@3 c:2@4 t:2013@4 c:0@5 c:1@6 c:3@7 c:1@8 t:11@8 c:1@9 c:号@10" },
    { "国办发[2013]11号", "c:国@1 b:国办@1 c:办@2 b:办发@2 c:发@3 c:2@4 t:2013@4 c:0@5 c:1@6 c:3@7 c:1@8 t:11@8 c:1@9 c:号@10" },
    /* decimals and percentages, year ranges */
    { "62.78%", "c:6@1 t:62.78@1 c:2@2 c:.@3 c:7@4 c:8@5" },
    { "2016-2020", "c:2@1 t:2016@1 c:0@2 c:1@3 c:6@4 c:2@5 t:2020@5 c:0@6 c:2@7 c:0@8" },
    { "2016—2020", "c:2@1 t:2016@1 c:0@2 c:1@3 c:6@4 c:2@5 t:2020@5 c:0@6 c:2@7 c:0@8" },
    /* nothing */
    { "", "" },
    { "。，、", "" },
};

static void test_table(pol_analyzer *a)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ_STR(units(a, rows[i].in, strlen(rows[i].in), 0), rows[i].want);
}

/* Ways of writing the same thing that users and documents mix: each group
 * must give identical units at identical positions. */
static const char *const same[][6] = {
    /* document numbers, whatever the brackets, width, script or spacing */
    { "国办发〔2013〕11号", "国办发[2013]11号", "国办发(2013)11号", "国办发（２０１３）１１号",
      "國辦發〔2013〕11號", "国办发 〔2013〕 11 号" },
    /* year ranges with any dash */
    { "2016—2020年", "2016-2020年", "2016－2020年", "2016–2020年", "２０１６~２０２０年", "2016 - 2020 年" },
    /* percentages and decimals */
    { "增长62.78%", "增长62.78％", "增长６２．７８％", "增長62.78%", "增长 62.78 %", NULL },
    /* traditional and simplified, line breaks and spaces between CJK */
    { "对口支援", "對口支援", "对口 支援", "对口\n支援", "對口\r\n支援", "对　口　支　援" },
    /* full-width letters, case */
    { "GDP增速", "ｇｄｐ增速", "Gdp增速", "ＧＤＰ增速", "gdp增速", NULL },
    /* compatibility ideographs and radicals fold to the unified ones */
    { "\xef\xa4\x80", "\xe8\xb1\x88", NULL },
};

static void test_same(pol_analyzer *a)
{
    for (size_t g = 0; g < sizeof same / sizeof same[0]; g++) {
        char first[4096];
        snprintf(first, sizeof first, "%s", units(a, same[g][0], strlen(same[g][0]), 0));
        CHECK(first[0] != '\0');
        for (size_t i = 1; i < 6 && same[g][i]; i++)
            CHECK_EQ_STR(units(a, same[g][i], strlen(same[g][i]), 0), first);
    }
}

/* With a lexicon: l = lexicon word of the segmentation, x = bigram across
 * two lexicon words (only these kinds and bigrams are shown). */
static const struct { const char *in, *want; } lex_rows[] = {
    { "电商扶贫", "b:电商@1 l:电商@1 x:商扶@2 b:扶贫@3 l:扶贫@3" },
    /* traditional input: the same */
    { "電商扶貧", "b:电商@1 l:电商@1 x:商扶@2 b:扶贫@3 l:扶贫@3" },
    /* three words in a row; the longest word wins over its parts */
    { "对口帮扶黔东南", "b:对口@1 l:对口@1 x:口帮@2 b:帮扶@3 l:帮扶@3 x:扶黔@4 b:黔东@5 l:黔东南@5 b:东南@6" },
    /* fewest pieces: 十三五 rather than 十三|五 */
    { "十三五规划", "b:十三@1 l:十三五@1 b:三五@2 b:五规@3 b:规划@4" },
    /* a character outside every word: its bigrams are no crossing */
    { "电商的扶贫", "b:电商@1 l:电商@1 b:商的@2 b:的扶@3 b:扶贫@4 l:扶贫@4" },
    /* line breaks are ignored; punctuation ends runs */
    { "电商\n扶贫", "b:电商@1 l:电商@1 x:商扶@2 b:扶贫@3 l:扶贫@3" },
    { "电商，扶贫", "b:电商@1 l:电商@1 b:扶贫@3 l:扶贫@3" },
    /* no lexicon word: nothing marked */
    { "改革开放", "b:改革@1 b:革开@2 b:开放@3" },
};

static int strip_lexicon(void *ctx, const char *u, size_t len, size_t start, size_t end,
                         unsigned pos, unsigned flags)
{
    if (flags & POL_UNIT_LEARNED)
        return 0;
    return render_unit(ctx, u, len, start, end, pos, flags & ~(unsigned)POL_UNIT_CROSS);
}

static void test_lexicon(pol_analyzer *a)
{
    pol_lexicon *lx = NULL;
    CHECK_EQ_INT(pol_lexicon_new(&lx), POL_OK);
    static const char *const words[] = { "电商", "扶贫", "对口", "帮扶", "黔东南", "十三", "十三五", "三五规" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        CHECK_EQ_INT(pol_lexicon_add_user(lx, words[i], strlen(words[i])), POL_OK);
    pol_analyzer_set_lexicon(a, lx);
    static render r;
    for (size_t i = 0; i < sizeof lex_rows / sizeof lex_rows[0]; i++) {
        memset(&r, 0, sizeof r);
        r.only = "blx";
        CHECK_EQ_INT(pol_analyzer_run(a, lex_rows[i].in, strlen(lex_rows[i].in), 1, render_unit, &r, NULL), POL_OK);
        CHECK_EQ_STR(r.buf, lex_rows[i].want);
    }
    /* the other units are the same with or without a lexicon (queries
     * analyzed with one match documents indexed without) */
    static const char text[] = "杭州市对口帮扶黔东南州“十三五”规划：电商扶贫，2020年 GDP 增长62.78%。";
    memset(&r, 0, sizeof r);
    CHECK_EQ_INT(pol_analyzer_run(a, text, strlen(text), 1, strip_lexicon, &r, NULL), POL_OK);
    char with[4096];
    snprintf(with, sizeof with, "%s", r.buf);
    pol_analyzer_set_lexicon(a, NULL);
    CHECK_EQ_STR(units(a, text, strlen(text), 0), with);
    pol_lexicon_free(lx);
}

static void test_offsets(pol_analyzer *a)
{
    /* a traditional character maps back to its own three bytes */
    CHECK_EQ_STR(units(a, "a對口", strlen("a對口"), 1),
                 "c:a@1[0,1) c:对@2[1,4) b:对口@2[1,7) c:口@3[4,7)");
    /* a full-width token covers its original bytes */
    CHECK_EQ_STR(units(a, "＃２０", strlen("＃２０"), 1), "c:2@1[3,6) t:20@1[3,9) c:0@2[6,9)");
    /* a bigram across a line break covers both characters and the break */
    CHECK_EQ_STR(units(a, "电\n商", strlen("电\n商"), 1), "c:电@1[0,3) b:电商@1[0,7) c:商@2[4,7)");
}

static void test_invalid_and_long(pol_analyzer *a)
{
    /* invalid UTF-8 bytes are skipped */
    const char bad[] = "电\xff\xfe商";
    CHECK_EQ_STR(units(a, bad, sizeof bad - 1, 0), "c:电@1 b:电商@1 c:商@2");
    /* a very long Latin token is cut at POL_MAX_UNIT_BYTES */
    char longw[400];
    memset(longw, 'x', sizeof longw - 1);
    longw[sizeof longw - 1] = '\0';
    const char *u = units(a, longw, strlen(longw), 0);
    const char *t = strstr(u, "t:");
    CHECK(t != NULL);
    if (t)
        CHECK_EQ_INT(strcspn(t, "@"), 2 + POL_MAX_UNIT_BYTES);
}

static void test_normalize(pol_analyzer *a)
{
    char *n = NULL;
    size_t len = 0;
    CHECK_EQ_INT(pol_analyzer_normalize(a, "發達省（市）ＡＢＣ 經 濟", strlen("發達省（市）ＡＢＣ 經 濟"), &n, &len), POL_OK);
    CHECK_EQ_STR(n, "发达省(市)abc 经济");
    CHECK_EQ_INT(len, strlen("发达省(市)abc 经济"));
    free(n);
    /* folds are cached per code point (64 slots): the same answers when
     * cached, and for code points that share a slot (＠ U+FF20 and Ａ
     * U+FF21, with ｠ U+FF60 and ｡ U+FF61 64 after them), expanding ones
     * (㍱ -> hpa) and ones dropped (U+00AD) included */
    static const char *const texts[] = {
        "＠Ａ｠｡㍱x\xc2\xad中ﬁ①", "｡｠Ａ＠①ﬁ中x\xc2\xad㍱", "＠Ａ｠｡㍱x\xc2\xad中ﬁ①",
    };
    static const char *const want[] = { "@a⦆。hpax中fi1", "。⦆a@1fi中xhpa", "@a⦆。hpax中fi1" };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        n = NULL;
        CHECK_EQ_INT(pol_analyzer_normalize(a, texts[i], strlen(texts[i]), &n, &len), POL_OK);
        CHECK_EQ_STR(n, want[i]);
        free(n);
    }
}

static void test_stop_and_positions(pol_analyzer *a)
{
    render r;
    memset(&r, 0, sizeof r);
    r.stop_after = 2;
    CHECK_EQ_INT(pol_analyzer_run(a, "电商扶贫", strlen("电商扶贫"), 1, render_unit, &r, NULL), POL_OK);
    CHECK_EQ_INT(r.seen, 2);
    unsigned next = 0;
    memset(&r, 0, sizeof r);
    CHECK_EQ_INT(pol_analyzer_run(a, "电商 2020", strlen("电商 2020"), 10, render_unit, &r, &next), POL_OK);
    CHECK_EQ_INT(next, 16); /* 电 商 2 0 2 0 */
    CHECK(strstr(pol_analyzer_id(), "polsearch-cjk/") == pol_analyzer_id());
    CHECK(strstr(pol_analyzer_id(), " icu/") != NULL);
}

/* pol_analyzer_run, whose word break runs over the text with its ideographs
 * blanked, gives exactly the units (of every kind) of the word break over
 * the text itself. */
typedef struct dump {
    char *b;
    size_t n, cap;
    int oom;
    int all;    /* every kind of unit, not only characters */
} dump;

static int dump_char(void *ctx, const char *u, size_t len, size_t start, size_t end, unsigned pos,
                     unsigned flags)
{
    dump *d = ctx;
    char line[400];
    if (!(flags & POL_UNIT_CHAR) && !d->all)
        return 0;
    int k = snprintf(line, sizeof line, "%.*s %zu %zu %u %u\n", (int)len, u, start, end, pos, flags);
    if (k < 0 || (size_t)k >= sizeof line)
        return 0;
    if (d->n + (size_t)k + 1 > d->cap) {
        size_t c = (d->cap + (size_t)k + 1) * 2;
        char *nb = realloc(d->b, c);
        if (!nb) { d->oom = 1; return 1; }
        d->b = nb;
        d->cap = c;
    }
    memcpy(d->b + d->n, line, (size_t)k + 1);
    d->n += (size_t)k;
    return 0;
}

static int same_chars(pol_analyzer *a, const char *text, size_t len)
{
    dump m = { NULL, 0, 0, 0, 1 }, f = { NULL, 0, 0, 0, 1 };
    pol_status s1 = pol_analyzer_run(a, text, len, 3, dump_char, &m, NULL);
    pol__analyzer_full_break(a, 1);
    pol_status s2 = pol_analyzer_run(a, text, len, 3, dump_char, &f, NULL);
    pol__analyzer_full_break(a, 0);
    int same = s1 == POL_OK && s2 == POL_OK && !m.oom && !f.oom && m.n == f.n &&
           (m.n == 0 || memcmp(m.b, f.b, m.n) == 0);
    if (!same && m.n && f.n) {
        size_t i = 0;
        while (i < m.n && i < f.n && m.b[i] == f.b[i])
            i++;
        while (i > 0 && m.b[i - 1] != '\n')
            i--;
        fprintf(stderr, "masked: %.80s\nfull:   %.80s\n", m.b + i, f.b + i);
    }
    free(m.b);
    free(f.b);
    return same;
}

static void check_same_chars(void *ctx, const char *path, const char *text, size_t len)
{
    CHECK_MSG(same_chars(ctx, text, len), "%s", path);
}

static void test_chars(pol_analyzer *a)
{
    /* ideographs next to what ICU joins them with, or could: kana, 々, marks
     * and format characters, Hangul, numbers and words with inner marks */
    static const char *const texts[] = {
        "第3.5条 A.B 中a 中文abc中", "人々と 東京タワー カ_ 3_カ", "中\xcc\x81" "a 中\xe2\x80\x8d" "x 文\xcc\x81",
        "A.한 한.A 한국어ABC中", "〇〇七 ⺀a 𠀀x 2020年GDP增长62.78%", "發達省（市）ＡＢＣ 經 濟",
        "e-commerce poverty relief 电商扶贫", "", "。，、", "x",
        /* other dictionary scripts, emoji, flags, word-internal marks next to ideographs */
        "ภาษาไทย中文ภาษา 中ພາສາລາວ文 ខ្មែរ中 မြန်မာ中", "中😀文 中👨\xe2\x80\x8d👩文 🇨🇳中🇨🇳",
        "a中b 3中4 3.中 中.3 a'中 中'a a:中 中_a _中_ 中·文 中‧文 a。b",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        CHECK_MSG(same_chars(a, texts[i], strlen(texts[i])), "%s", texts[i]);
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        CHECK_MSG(same_chars(a, rows[i].in, strlen(rows[i].in)), "%s", rows[i].in);
    /* real text, simplified and traditional: the first files of some corpus
     * folders, about 1.5 MB in all */
    static const char *const dirs[] = { "lawrefbook/司法解释", "mojlaw_tw", "govcn_sc2019", "ncp_policies_qa/docs" };
    size_t files = corpus_files(dirs, sizeof dirs / sizeof *dirs, 400000, check_same_chars, a);
    CHECK_MSG(files >= 8, "only %zu corpus files read under %s", files, POL_SHARED_CORPUS);
}

/* Plain marks (pol__analyzer_plain_mark) are in no word segment of ICU's
 * word break whatever surrounds them: their Word_Break values join nothing
 * without letters or digits. Each one next to ideographs, to itself and to
 * other marks gives the units of the word break over the text itself. */
static void test_plain_marks(pol_analyzer *a)
{
    size_t n = 0;
    uint32_t marks[400];
    for (uint32_t c = 0; c <= 0x10FFFF; c++) {
        if (!pol__analyzer_plain_mark(c))
            continue;
        int wb = u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK);
        UErrorCode e = U_ZERO_ERROR;
        UScriptCode sc = uscript_getScript((UChar32)c, &e);
        CHECK_MSG(wb == U_WB_OTHER || wb == U_WB_CR || wb == U_WB_LF || wb == U_WB_NEWLINE ||
                      wb == U_WB_WSEGSPACE || wb == U_WB_MIDLETTER || wb == U_WB_MIDNUM ||
                      wb == U_WB_MIDNUMLET || wb == U_WB_SINGLE_QUOTE || wb == U_WB_DOUBLE_QUOTE,
                  "U+%04X: Word_Break %d", (unsigned)c, wb);
        CHECK_MSG(!u_hasBinaryProperty((UChar32)c, UCHAR_EXTENDED_PICTOGRAPHIC) && !u_isalnum((UChar32)c) &&
                      u_getIntPropertyValue((UChar32)c, UCHAR_LINE_BREAK) != U_LB_COMPLEX_CONTEXT &&
                      sc != USCRIPT_HAN && sc != USCRIPT_HIRAGANA && sc != USCRIPT_KATAKANA,
                  "U+%04X", (unsigned)c);
        if (c > 0 && n < sizeof marks / sizeof *marks)
            marks[n++] = c;
    }
    CHECK(n > 100 && n < sizeof marks / sizeof *marks);
    for (size_t i = 0; i < n; i++) {
        char m[8], t[256];
        int32_t ml = 0;
        U8_APPEND_UNSAFE(m, ml, marks[i]);
        uint32_t o = marks[(i * 7 + 3) % n];
        char m2[8];
        int32_t m2l = 0;
        U8_APPEND_UNSAFE(m2, m2l, o);
        int k = snprintf(t, sizeof t, "%.*s中%.*s文%.*s%.*s国 %.*s %.*s家%.*s", (int)ml, m, (int)ml, m,
                         (int)ml, m, (int)m2l, m2, (int)m2l, m2, (int)ml, m, (int)ml, m);
        CHECK_MSG(same_chars(a, t, (size_t)k), "U+%04X", (unsigned)marks[i]);
    }
    /* the same units whether or not the break runs over plain text */
    static const char *const texts[] = {
        "中华人民共和国行政复议法", "第一条 为了防止和纠正违法的或者不当的具体行政行为，保护公民。",
        "《中华人民共和国宪法》（一九八二年）“依法”、【注】……——", "中@文 邮箱x@y.cn","\n\n  中 \t 文 ", "。，、",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        dump x = { NULL, 0, 0, 0, 1 }, y = { NULL, 0, 0, 0, 1 };
        pol_status s1 = pol_analyzer_run(a, texts[i], strlen(texts[i]), 1, dump_char, &x, NULL);
        pol__analyzer_no_plain(a, 1);
        pol_status s2 = pol_analyzer_run(a, texts[i], strlen(texts[i]), 1, dump_char, &y, NULL);
        pol__analyzer_no_plain(a, 0);
        CHECK_MSG(s1 == POL_OK && s2 == POL_OK && x.n == y.n && (x.n == 0 || !memcmp(x.b, y.b, x.n)),
                  "%s", texts[i]);
        free(x.b);
        free(y.b);
    }
}

/* A fresh analyzer gives the units of text without ICU's word break
 * iterator and opens it when a text needs it. */
static void test_lazy_break(void)
{
    pol_analyzer *b = NULL;
    CHECK_EQ_INT(pol_analyzer_new(&b), POL_OK);
    if (!b)
        return;
    dump x = { NULL, 0, 0, 0, 1 };
    CHECK_EQ_INT(pol_analyzer_run(b, "行政复议", strlen("行政复议"), 1, dump_char, &x, NULL), POL_OK);
    CHECK(x.b && strstr(x.b, "行政 ") != NULL);
    free(x.b);
    dump y = { NULL, 0, 0, 0, 1 };
    CHECK_EQ_INT(pol_analyzer_run(b, "GDP 2020年", strlen("GDP 2020年"), 1, dump_char, &y, NULL), POL_OK);
    CHECK(y.b && strstr(y.b, "gdp ") != NULL && strstr(y.b, "2020 ") != NULL);
    free(y.b);
    pol_analyzer_free(b);
}

int main(void)
{
    pol_analyzer *a = NULL;
    CHECK_EQ_INT(pol_analyzer_new(&a), POL_OK);
    if (!a)
        return TEST_DONE();
    test_table(a);
    test_same(a);
    test_lexicon(a);
    test_offsets(a);
    test_invalid_and_long(a);
    test_normalize(a);
    test_stop_and_positions(a);
    test_chars(a);
    test_plain_marks(a);
    test_lazy_break();
    {
        /* with a lexicon: its words change no character unit */
        pol_lexicon *lx = NULL;
        static const char *const words[] = { "电商", "扶贫", "三五规", "人民法院" };
        CHECK_EQ_INT(pol_lexicon_new(&lx), POL_OK);
        for (size_t i = 0; lx && i < sizeof words / sizeof *words; i++)
            CHECK_EQ_INT(pol_lexicon_add_user(lx, words[i], strlen(words[i])), POL_OK);
        pol_analyzer_set_lexicon(a, lx);
        test_chars(a);
        pol_analyzer_set_lexicon(a, NULL);
        pol_lexicon_free(lx);
    }
    pol_analyzer_free(a);
    return TEST_DONE();
}
