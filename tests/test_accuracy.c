/* test_accuracy.c — how well documents are understood, measured on the real
 * corpus in ../shared/corpus against truth derived independently of the
 * reader:
 *  (a) the 60 State Council pages (govcn_sc2019): issuer and document number
 *      read from the page's metadata table against docs/index.tsv (the
 *      crawler's own columns), and the date against the table cell found by
 *      a plain string scan of the raw HTML; then extraction from the body
 *      text alone (no table: the issuer and date closing the notice, the
 *      number under the title) against the same truth;
 *  (b) the seeds: the section tree against the 一、/(一)/1、 headings found by
 *      a line scan of the raw file (000) and against a reviewed list of the
 *      headings written here from reading the flattened file (003);
 *  (c) 20 laws (lawrefbook): chapters and articles against the "## 第X章"
 *      lines and the paragraphs starting 第X条 counted in the raw Markdown;
 *  (d) the 72 work reports (political_corpora): the body paragraphs read
 *      with jansson from the raw records all survive cleaning, the
 *      Wikisource licence notices closing them do not; likewise the 8
 *      provincial reports (CSV, read with libcsv) and their page chrome.
 * Agreement is printed per field and asserted against targets. */
#include "polsearch/document.h"
#include "testlib.h"

#include <csv.h>
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#define CORPUS POL_SHARED_CORPUS

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, k;
    char *b = malloc(cap + 1);
    while (b && (k = fread(b + n, 1, cap - n, f)) > 0) {
        n += k;
        if (n == cap) {
            char *nb = realloc(b, cap * 2 + 1);
            if (!nb) { free(b); b = NULL; break; }
            b = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

/* A file of the shared corpus (its path left in path); a failed check when missing. */
static char *corpus_file(const char *rel, char *path, size_t pathlen)
{
    snprintf(path, pathlen, "%s/%s", CORPUS, rel);
    char *b = slurp(path, NULL);
    CHECK_MSG(b != NULL, "shared corpus missing: %s", path);
    return b;
}

typedef struct all_docs {
    pol_doc *d[128];
    size_t n;
} all_docs;

static int keep_all(void *ctx, pol_doc *d)
{
    all_docs *a = ctx;
    if (a->n < 128)
        a->d[a->n++] = d;
    else
        pol_doc_free(d);
    return 0;
}

static pol_doc *read_one(const char *path)
{
    all_docs g = { { NULL }, 0 };
    pol_read_opts o = POL_READ_OPTS_INIT;
    char err[256];
    if (pol_read_file(path, &o, keep_all, NULL, &g, err, sizeof err) != POL_OK || g.n == 0) {
        fprintf(stderr, "cannot read %s: %s\n", path, err);
        return NULL;
    }
    for (size_t i = 1; i < g.n; i++)
        pol_doc_free(g.d[i]);
    return g.d[0];
}

static int same(const char *got, const char *want)
{
    if (!want || !*want)
        return !got || !*got;
    return got && !strcmp(got, want);
}

/* ---- (a) State Council pages ---- */

/* The value cell after the label cell in the raw HTML:
 * "<td><b>成文日期：</b></td> <td>2018年10月27日</td>" -> "2018年10月27日". */
static char *raw_cell(const char *html, const char *label)
{
    const char *p = strstr(html, label);
    if (!p || !(p = strstr(p, "</td>")) || !(p = strstr(p + 5, "<td")) || !(p = strchr(p, '>')))
        return NULL;
    p++;
    const char *e = strstr(p, "</td>");
    if (!e)
        return NULL;
    while (p < e && (*p == ' ' || *p == '\n'))
        p++;
    while (e > p && (e[-1] == ' ' || e[-1] == '\n'))
        e--;
    char *v = malloc((size_t)(e - p) + 1);
    memcpy(v, p, (size_t)(e - p));
    v[e - p] = '\0';
    return v;
}

/* "2018年10月27日" -> "2018-10-27" */
static void iso_date(const char *cn, char *out, size_t outlen)
{
    int y, m, d;
    out[0] = '\0';
    if (cn && sscanf(cn, "%d年%d月%d日", &y, &m, &d) == 3)
        snprintf(out, outlen, "%04d-%02d-%02d", y, m, d);
}

typedef struct tally {
    const char *name;
    int agree, total;
} tally;

static void count(tally *t, int ok, const char *file, const char *got, const char *want)
{
    t->total++;
    t->agree += ok;
    if (!ok)
        fprintf(stderr, "  %s %s: got %s, want %s\n", t->name, file, got ? got : "(none)",
                want && *want ? want : "(none)");
}

static double pct(const tally *t)
{
    return t->total ? 100.0 * t->agree / t->total : 0;
}

static void test_govcn(void)
{
    char path[1024];
    char *tsv = corpus_file("govcn_sc2019/docs/index.tsv", path, sizeof path);
    if (!tsv)
        return;
    tally t_issuer = { "table issuer", 0, 0 }, t_number = { "table number", 0, 0 },
          t_date = { "table date", 0, 0 }, x_issuer = { "text issuer", 0, 0 },
          x_number = { "text number", 0, 0 }, x_date = { "text date", 0, 0 };
    int pages = 0;
    char *save = NULL;
    strtok_r(tsv, "\n", &save); /* header */
    for (char *line = strtok_r(NULL, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        /* content_id url index_number release_office release_number title */
        char *col[6] = { NULL };
        char *p = line;
        for (int c = 0; c < 6 && p; c++) {
            col[c] = p;
            p = strchr(p, '\t');
            if (p)
                *p++ = '\0';
        }
        if (!col[5])
            continue;
        snprintf(path, sizeof path, "%s/govcn_sc2019/docs/content_%s.html", CORPUS, col[0]);
        char *html = slurp(path, NULL);
        pol_doc *d = html ? read_one(path) : NULL;
        CHECK_MSG(d != NULL, "cannot read %s", path);
        if (!d) {
            free(html);
            continue;
        }
        pages++;
        char date[16], *cell = raw_cell(html, "成文日期");
        iso_date(cell, date, sizeof date);
        free(cell);
        const char *file = col[0];
        count(&t_issuer, same(d->meta.issuer, col[3]), file, d->meta.issuer, col[3]);
        count(&t_number, same(d->meta.doc_number, col[4]), file, d->meta.doc_number, col[4]);
        count(&t_date, same(d->meta.date, date), file, d->meta.date, date);
        /* the body text alone, as if it came without the table */
        pol_doc *x = NULL;
        CHECK_EQ_INT(pol_doc_from_text(&x, "body", d->text, d->text_len), POL_OK);
        if (x) {
            count(&x_issuer, same(x->meta.issuer, col[3]), file, x->meta.issuer, col[3]);
            count(&x_number, same(x->meta.doc_number, col[4]), file, x->meta.doc_number, col[4]);
            count(&x_date, same(x->meta.date, date), file, x->meta.date, date);
            pol_doc_free(x);
        }
        pol_doc_free(d);
        free(html);
    }
    free(tsv);
    CHECK_EQ_INT(pages, 60);
    const tally *all[] = { &t_issuer, &t_number, &t_date, &x_issuer, &x_number, &x_date };
    for (size_t i = 0; i < sizeof all / sizeof *all; i++)
        printf("govcn_sc2019 %-13s %d/%d agree (%.1f%%)\n", all[i]->name, all[i]->agree,
               all[i]->total, pct(all[i]));
    /* from the metadata tables: every page right */
    CHECK(pct(&t_issuer) >= 99.9 && pct(&t_number) >= 99.9 && pct(&t_date) >= 99.9);
    /* from the text alone: the target is 95%. One page (5351624) is signed
     * 二〇〇四年四月二十七日 while its table says 2004年04月17日. */
    CHECK_MSG(pct(&x_issuer) >= 95, "text issuer %.1f%%", pct(&x_issuer));
    CHECK_MSG(pct(&x_number) >= 95, "text number %.1f%%", pct(&x_number));
    CHECK_MSG(pct(&x_date) >= 95, "text date %.1f%%", pct(&x_date));
}

/* ---- (b) seeds ---- */

static int starts_with(const char *s, const char *p)
{
    return !strncmp(s, p, strlen(p));
}

static const char *const cn_num[] = { "十一", "十二", "十三", "十四", "十五", "十", "一", "二", "三",
                                      "四", "五", "六", "七", "八", "九", NULL };

/* Length of a Chinese numeral at s (one of the above), or 0. */
static size_t cn_at(const char *s)
{
    for (int i = 0; cn_num[i]; i++)
        if (starts_with(s, cn_num[i]))
            return strlen(cn_num[i]);
    return 0;
}

/* The heading level a raw line opens by its marker: 一、 1, (一)/（一） 2,
 * 1、/1. 3; 0 for none. *mlen gets the marker's length. */
static int raw_level(const char *s, size_t *mlen)
{
    size_t k = cn_at(s);
    if (k && starts_with(s + k, "、")) { *mlen = k + 3; return 1; }
    size_t o = starts_with(s, "（") ? 3 : s[0] == '(' ? 1 : 0;
    if (o && (k = cn_at(s + o)) != 0) {
        if (starts_with(s + o + k, "）")) { *mlen = o + k + 3; return 2; }
        if (s[o + k] == ')') { *mlen = o + k + 1; return 2; }
    }
    k = 0;
    while (s[k] >= '0' && s[k] <= '9')
        k++;
    if (k && k < 3 && starts_with(s + k, "、")) { *mlen = k + 3; return 3; }
    return 0;
}

/* The seed's sections in order as "level:marker" strings joined by spaces. */
static void tree_markers(const pol_doc *d, char *out, size_t outlen)
{
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < d->nsections; i++) {
        const char *h = d->sections[i].heading;
        size_t m = 0;
        if (!h || !raw_level(h, &m))
            continue;
        int n = snprintf(out + len, outlen - len, "%s%u:%.*s", len ? " " : "", d->sections[i].level,
                         (int)m, h);
        if (n > 0 && (size_t)n < outlen - len)
            len += (size_t)n;
    }
}

static void test_seed_lines(void)
{
    char path[1024];
    char *raw = corpus_file("seeds/000_87d0efad834627a9.txt", path, sizeof path);
    if (!raw)
        return;
    /* expected: each raw line that starts with a marker */
    char want[4096], got[4096];
    size_t wl = 0;
    int headings = 0;
    want[0] = '\0';
    for (char *line = raw; line && *line;) {
        char *nl = strchr(line, '\n');
        size_t m = 0;
        int lv = raw_level(line, &m);
        if (lv) {
            int n = snprintf(want + wl, sizeof want - wl, "%s%d:%.*s", wl ? " " : "", lv, (int)m, line);
            if (n > 0 && (size_t)n < sizeof want - wl)
                wl += (size_t)n;
            headings++;
        }
        line = nl ? nl + 1 : NULL;
    }
    free(raw);
    pol_doc *d = read_one(path);
    CHECK(d != NULL);
    if (!d)
        return;
    tree_markers(d, got, sizeof got);
    CHECK_EQ_STR(got, want);
    printf("seed 000: %d headings expected from the raw lines, tree %s\n", headings,
           strcmp(got, want) ? "differs" : "matches");
    pol_doc_free(d);
}

/* Seed 003 is a document-sharing site's preview: the text is flattened into
 * numbered chunks ("1、…", "2、…" cut mid-sentence) with the headings run
 * into the paragraphs. Read from the file: after the title page and the
 * table of contents, the body shows 一、基础和背景 with (一)三年对口帮扶主要成效
 * and its points 1、 to 8、, then (二)“十三五”对口帮扶背景 with 1、 to 3、
 * before the preview ends. */
static void test_seed_flat(void)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/seeds/003_d72d3272a760b96f.txt", CORPUS);
    pol_doc *d = read_one(path);
    CHECK_MSG(d != NULL, "shared corpus missing: %s", path);
    if (!d)
        return;
    static const char *const want[] = {
        "一、基础和背景",
        "(一)三年对口帮扶主要成效",
        "1、两地互访交流频繁,日趋常态",
        "2、帮扶项目顺利完成,基础夯实",
        "3、五大平台共建共享,优势互补",
        "4、电商扶贫亮点纷呈,全国领先",
        "5、产业扶贫因地制宜,初见成效",
        "6、经贸合作不断深化,成果丰硕",
        "7、智力帮扶开创样本,良性互动",
        "8、帮扶机制不断健全,日益紧密",
        "(二)“十三五”对口帮扶背景",
        "1、同步建成小康社会的目标和打赢脱贫攻坚战的要求,明确了对口帮扶的新要求",
        "2、“互联网+”行动的推进和高铁经济圈的形成,拓展了对口帮扶的新思路",
        "3、两地互补优势和“十三五”战略重点,指明了对口帮扶的新方向",
    };
    static const unsigned want_level[] = { 1, 2, 3, 3, 3, 3, 3, 3, 3, 3, 2, 3, 3, 3 };
    size_t nw = sizeof want / sizeof *want, k = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        const char *h = d->sections[i].heading;
        if (!h)
            continue;
        if (k < nw) {
            CHECK_EQ_STR(h, want[k]);
            CHECK_EQ_INT(d->sections[i].level, want_level[k]);
        } else {
            CHECK_MSG(0, "unexpected section %s", h);
        }
        k++;
    }
    CHECK_EQ_INT(k, nw);
    /* the body survives the removal of the chunk numbers: a sentence that
     * the site cut between chunks 2 and 3 reads whole again */
    CHECK(strstr(d->text, "是全国苗族侗族人口最集中的地区") != NULL);
    printf("seed 003: %zu of %zu reviewed headings found\n", k, nw);
    pol_doc_free(d);
}

/* ---- (c) laws ---- */

static size_t skip_blank(const char *s)
{
    size_t i = 0;
    for (;;) {
        if (s[i] == ' ' || s[i] == '\t')
            i++;
        else if (starts_with(s + i, "\xe3\x80\x80"))
            i += 3;
        else
            return i;
    }
}

/* 第 + Chinese numerals + unit at s? */
static int numbered(const char *s, const char *unit)
{
    static const char *const digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九",
                                          "十", "百", "千", "零", "〇", NULL };
    if (!starts_with(s, "第"))
        return 0;
    s += 3;
    int n = 0;
    for (;;) {
        int hit = 0;
        for (int i = 0; digits[i]; i++)
            if (starts_with(s, digits[i])) { s += 3; n++; hit = 1; break; }
        if (!hit)
            break;
    }
    return n && starts_with(s, unit);
}

/* Laws to check: the first two files (by byte order) holding "## 第…章" in
 * each of ten folders, so that codes, laws, regulations, rules and local
 * regulations are all present. */
static size_t pick_laws(char paths[][1024], size_t max)
{
    static const char *const dirs[] = {
        "宪法相关法", "民法商法", "社会法", "经济法", "行政法", "行政法规", "诉讼与非诉讼程序法",
        "部门规章/公安部", "民法典", "DLC/上海地方法规/地方性法规/上海",
    };
    size_t n = 0;
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        char dir[512];
        snprintf(dir, sizeof dir, "%s/lawrefbook/%s", CORPUS, dirs[i]);
        struct dirent **ents;
        int ne = scandir(dir, &ents, NULL, alphasort);
        if (ne < 0)
            continue;
        size_t taken = 0;
        for (int e = 0; e < ne; e++) {
            const char *nm = ents[e]->d_name;
            size_t l = strlen(nm);
            if (taken < 2 && n < max && l > 3 && !strcmp(nm + l - 3, ".md")) {
                snprintf(paths[n], sizeof paths[n], "%.512s/%.500s", dir, nm);
                char *raw = slurp(paths[n], NULL);
                int chapters = 0;
                for (char *p = raw; p && (p = strstr(p, "\n## ")); p++)
                    chapters += numbered(p + 4 + skip_blank(p + 4), "章");
                free(raw);
                if (chapters) {
                    n++;
                    taken++;
                }
            }
            free(ents[e]);
        }
        free(ents);
    }
    return n;
}

static int is_unit_heading(const char *h, const char *unit)
{
    return h && numbered(h, unit);
}

static void test_laws(void)
{
    static char paths[20][1024];
    size_t n = pick_laws(paths, 20);
    CHECK_EQ_INT(n, 20);
    int chapters_ok = 0, articles_ok = 0, laws_ok = 0;
    size_t chapters_all = 0, articles_all = 0;
    for (size_t li = 0; li < n; li++) {
        char *raw = slurp(paths[li], NULL);
        if (!raw)
            continue;
        /* expected, from the raw Markdown: chapter headings, and for each
         * article (a paragraph starting 第X条) the chapter it falls under */
        size_t nch = 0, nart = 0, cap = 1024;
        char (*chap)[128] = calloc(cap, sizeof *chap);
        int *art_chap = calloc(cap * 8, sizeof *art_chap);
        for (char *line = raw; line && *line;) {
            char *nl = strchr(line, '\n');
            size_t len = nl ? (size_t)(nl - line) : strlen(line);
            size_t h = 0;
            while (line[h] == '#')
                h++;
            if (h >= 2 && line[h] == ' ' && numbered(line + h + 1 + skip_blank(line + h + 1), "章")) {
                if (nch < cap) {
                    size_t b = h + 1 + skip_blank(line + h + 1);
                    snprintf(chap[nch], sizeof chap[nch], "%.*s", (int)(len - b), line + b);
                }
                nch++;
            } else if (h == 0 && numbered(line + skip_blank(line), "条")) {
                if (nart < cap * 8)
                    art_chap[nart] = (int)nch - 1;
                nart++;
            }
            line = nl ? nl + 1 : NULL;
        }
        free(raw);
        pol_doc *d = read_one(paths[li]);
        CHECK(d != NULL);
        if (!d) {
            free(chap);
            free(art_chap);
            continue;
        }
        /* found: chapter sections in order; articles and their chapter */
        size_t gch = 0, gart = 0;
        int ch_match = 1, art_match = 1;
        for (size_t i = 0; i < d->nsections; i++) {
            const char *hd = d->sections[i].heading;
            if (is_unit_heading(hd, "章")) {
                if (gch >= nch || gch >= cap || strcmp(hd, chap[gch]) != 0)
                    ch_match = 0;
                gch++;
            } else if (is_unit_heading(hd, "条")) {
                /* the chapter above this article */
                int at = -1;
                for (size_t p = d->sections[i].parent; p != POL_NO_PARENT; p = d->sections[p].parent)
                    if (is_unit_heading(d->sections[p].heading, "章")) {
                        for (size_t c = 0; c < gch && c < cap; c++)
                            if (!strcmp(d->sections[p].heading, chap[c]))
                                at = (int)c;
                        break;
                    }
                if (gart >= nart || gart >= cap * 8 || art_chap[gart] != at)
                    art_match = 0;
                gart++;
            }
        }
        ch_match &= gch == nch;
        art_match &= gart == nart;
        CHECK_MSG(ch_match, "%s: %zu chapters found, %zu in the Markdown", paths[li], gch, nch);
        CHECK_MSG(art_match, "%s: %zu articles found, %zu in the Markdown (or under other chapters)",
                  paths[li], gart, nart);
        chapters_ok += ch_match;
        articles_ok += art_match;
        laws_ok += ch_match && art_match;
        chapters_all += nch;
        articles_all += nart;
        pol_doc_free(d);
        free(chap);
        free(art_chap);
    }
    printf("lawrefbook: %d/%zu laws with all chapters, %d/%zu with all articles under the right chapter, "
           "%d/%zu with both (%zu chapters, %zu articles)\n", chapters_ok, n, articles_ok, n, laws_ok, n,
           chapters_all, articles_all);
}

/* ---- (d) cleaning: the licence blocks go, the body stays ---- */

/* s without any whitespace (ASCII, U+3000), malloc'd. */
static char *squeeze(const char *s, size_t n)
{
    char *o = malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')
            continue;
        if (i + 3 <= n && !memcmp(s + i, "\xe3\x80\x80", 3)) {
            i += 2;
            continue;
        }
        o[k++] = s[i];
    }
    o[k] = '\0';
    return o;
}

/* The work reports (Wikisource copies): every record's body paragraphs -
 * its content up to the licence notice, split at blank lines - are found in
 * the cleaned text (whitespace aside, since split lines are rejoined), and
 * no licence notice is left. */
static void test_cleaning_reports(void)
{
    char path[1024];
    char *raw = corpus_file("political_corpora/government_work_reports.jsonl", path, sizeof path);
    if (!raw)
        return;
    all_docs a = { { NULL }, 0 };
    pol_read_opts o = POL_READ_OPTS_INIT;
    char err[256];
    CHECK_EQ_INT(pol_read_file(path, &o, keep_all, NULL, &a, err, sizeof err), POL_OK);
    size_t paras = 0, kept = 0, licences = 0, records = 0;
    char *save = NULL;
    for (char *line = strtok_r(raw, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        json_error_t je;
        json_t *rec = json_loads(line, 0, &je);
        const char *content = json_string_value(json_object_get(rec, "content"));
        const char *title = json_string_value(json_object_get(rec, "title"));
        if (!content || !*content || records >= a.n) {
            json_decref(rec);
            continue;
        }
        pol_doc *d = a.d[records++];
        CHECK(title && strstr(d->text, title) != NULL);
        char *text = squeeze(d->text, d->text_len);
        const char *end = strstr(content, "本作品");
        size_t body = end ? (size_t)(end - content) : strlen(content);
        for (size_t i = 0; i < body;) {
            const char *p = strstr(content + i, "\n\n");
            size_t e = p && (size_t)(p - content) < body ? (size_t)(p - content) : body;
            char *para = squeeze(content + i, e - i);
            if (strlen(para) >= 6) {
                paras++;
                if (strstr(text, para))
                    kept++;
                else
                    fprintf(stderr, "  lost in record %zu: %.120s\n", records, para);
            }
            free(para);
            i = e + 2;
        }
        licences += strstr(text, "著作权法》第五条") != NULL || strstr(text, "PublicDomain") != NULL ||
                    strstr(text, "本模板所指的决定") != NULL || strstr(text, "维基文库社群") != NULL;
        free(text);
        json_decref(rec);
    }
    free(raw);
    for (size_t i = 0; i < a.n; i++)
        pol_doc_free(a.d[i]);
    printf("political_corpora work reports: %zu/%zu body paragraphs kept, %zu of %zu records "
           "with a licence notice left\n", kept, paras, licences, records);
    CHECK_EQ_INT(records, 72);
    CHECK(paras > 1000);
    CHECK_EQ_INT(kept, paras);
    CHECK_EQ_INT(licences, 0);
}

/* The provincial reports (CSV, one row each, page chrome around the
 * speech): every raw line of 20 characters or more in full_text (read here
 * with libcsv), photo captions ("… 记者 王鼎 摄") aside, is in the cleaned
 * text; none of the page's chrome lines is. */
typedef struct csv_cells {
    size_t col, text_col;
    int row;
    char *full_text;
} csv_cells;

static void cell(void *s, size_t len, void *ctx)
{
    csv_cells *c = ctx;
    if (c->row == 0 && len == 9 && !memcmp(s, "full_text", 9))
        c->text_col = c->col;
    if (c->row == 1 && c->col == c->text_col && !c->full_text) {
        c->full_text = malloc(len + 1);
        memcpy(c->full_text, s, len);
        c->full_text[len] = '\0';
    }
    c->col++;
}

static void row_end(int t, void *ctx)
{
    csv_cells *c = ctx;
    (void)t;
    c->row++;
    c->col = 0;
}

static void test_cleaning_pages(void)
{
    static const char *const provinces[] = { "云南省", "四川省", "宁夏回族自治区", "广东省",
                                             "海南省", "贵州省", "陕西省", "青海省" };
    static const char *const chrome[] = { "\n首页\n", "\n【字体：\n", "\n扫一扫在手机打开当前页\n",
                                          "\n分享到:\n", "\n打印本页\n", "\n关闭窗口\n", "\n相关文档：\n",
                                          "\n阅读量：\n", "\n来源：", "\n来源:", "下载 打印 全屏 收藏",
                                          "\n编辑：", "\n当前位置：", "\n>\n" };
    size_t lines = 0, kept = 0, chrome_left = 0;
    for (size_t i = 0; i < sizeof provinces / sizeof *provinces; i++) {
        char rel[256], path[1024];
        snprintf(rel, sizeof rel, "provincial_reports_2026/output/2026_raw_text/2026_%s_政府工作报告.csv",
                 provinces[i]);
        size_t len;
        char *raw = corpus_file(rel, path, sizeof path);
        if (!raw)
            continue;
        len = strlen(raw);
        struct csv_parser p;
        csv_cells c = { 0, (size_t)-1, 0, NULL };
        csv_init(&p, 0);
        csv_parse(&p, raw, len, cell, row_end, &c);
        csv_fini(&p, cell, row_end, &c);
        csv_free(&p);
        free(raw);
        pol_doc *d = read_one(path);
        CHECK_MSG(d && c.full_text, "%s", path);
        if (!d || !c.full_text) {
            pol_doc_free(d);
            free(c.full_text);
            continue;
        }
        char *text = squeeze(d->text, d->text_len);
        for (char *l = c.full_text; l && *l;) {
            char *nl = strchr(l, '\n');
            size_t n = nl ? (size_t)(nl - l) : strlen(l), chars = 0;
            for (size_t k = 0; k < n; k++)
                chars += ((unsigned char)l[k] & 0xc0) != 0x80;
            int caption = n > 4 && !memcmp(l + n - 4, " 摄", 4);
            if (chars >= 20 && !caption) {
                char *want = squeeze(l, n);
                lines++;
                if (strstr(text, want))
                    kept++;
                else
                    fprintf(stderr, "  lost in %s: %.120s\n", provinces[i], want);
                free(want);
            }
            l = nl ? nl + 1 : NULL;
        }
        /* chrome is looked for with the line ends around it */
        size_t tl = strlen(d->text);
        char *framed = malloc(tl + 3);
        framed[0] = '\n';
        memcpy(framed + 1, d->text, tl + 1);
        for (size_t k = 0; k < sizeof chrome / sizeof *chrome; k++)
            if (strstr(framed, chrome[k])) {
                chrome_left++;
                fprintf(stderr, "  chrome left in %s: %s\n", provinces[i], chrome[k]);
            }
        free(framed);
        free(text);
        free(c.full_text);
        pol_doc_free(d);
    }
    printf("provincial_reports_2026: %zu/%zu body lines kept, %zu chrome lines left\n", kept, lines,
           chrome_left);
    CHECK(lines > 500);
    CHECK_EQ_INT(kept, lines);
    CHECK_EQ_INT(chrome_left, 0);
}

int main(void)
{
    test_govcn();
    test_seed_lines();
    test_seed_flat();
    test_laws();
    test_cleaning_reports();
    test_cleaning_pages();
    return TEST_DONE();
}
