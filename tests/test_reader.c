/* test_reader.c — reading files into documents: every format, encodings,
 * cleaning, metadata from tables, fields and text, and each way a file can
 * be bad (binary, empty, malformed, missing). Fixtures: tests/fixtures/docs. */
#include "polsearch/document.h"
#include "document_int.h"
#include "testlib.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct got {
    pol_doc *docs[16];
    size_t n;
    char warnings[2048];
} got;

static int keep(void *ctx, pol_doc *d)
{
    got *g = ctx;
    if (g->n < 16)
        g->docs[g->n++] = d;
    else
        pol_doc_free(d);
    return 0;
}

static void warned(void *ctx, const char *key, const char *msg)
{
    got *g = ctx;
    size_t l = strlen(g->warnings);
    snprintf(g->warnings + l, sizeof g->warnings - l, "%s%s|", key ? key : "", msg);
}

static pol_status read_fixture_mapped(const char *name, const char *const *fields, got *g, char *err,
                                     size_t errlen)
{
    char path[512];
    snprintf(path, sizeof path, "%s/docs/%s", POL_TEST_FIXTURES, name);
    memset(g, 0, sizeof *g);
    pol_read_opts o = POL_READ_OPTS_INIT;
    o.fields = fields;
    return pol_read_file(path, &o, keep, warned, g, err, errlen);
}

static pol_status read_fixture(const char *name, got *g, char *err, size_t errlen)
{
    return read_fixture_mapped(name, NULL, g, err, errlen);
}

static void release(got *g)
{
    for (size_t i = 0; i < g->n; i++)
        pol_doc_free(g->docs[i]);
    g->n = 0;
}

static const char *heading(const pol_doc *d, size_t i)
{
    return i < d->nsections && d->sections[i].heading ? d->sections[i].heading : "(none)";
}

static void test_text_and_metadata(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("notice_utf8.txt", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 1);
    if (g.n) {
        pol_doc *d = g.docs[0];
        CHECK_EQ_STR(d->meta.title, "关于做好农村电商扶贫工作的通知");
        CHECK_EQ_STR(d->meta.doc_number, "测发〔2019〕7号");
        CHECK_EQ_STR(d->meta.date, "2019-03-05");
        CHECK_EQ_STR(d->meta.issuer, "测试市人民政府办公室");
        CHECK_EQ_STR(d->meta.type, "通知");
        CHECK_EQ_STR(d->meta.source, "docs");
        CHECK_EQ_INT(d->nsections, 7);
        CHECK_EQ_STR(heading(d, 2), "（一）主要目标");
        CHECK_EQ_INT(d->sections[2].level, 2);
        CHECK_EQ_INT(d->sections[2].parent, 1);
        CHECK_EQ_STR(heading(d, 6), "2．培育电商带头人");
        CHECK_EQ_INT(d->sections[6].parent, 4);
    }
    release(&g);
}

/* The regions a text (a question) names: full and short names, each once,
 * the longest name at each place (陕西安康 is 陕西, not 西安); and which
 * region values are related (a city and its province). */
static const char *named(const char *s)
{
    static char out[256];
    const char *r[4];
    size_t n = pol__meta_regions_named(s, r, 4);
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        strcat(out, i ? "|" : "");
        strcat(out, r[i]);
    }
    return out;
}

static void test_regions_named(void)
{
    CHECK_EQ_STR(named("陕西省对确诊患者医疗费用报销给出了哪些优待政策？"), "陕西省");
    CHECK_EQ_STR(named("北京和重庆的税务局、北京市财政局如何支持企业？"), "北京市|重庆市");
    CHECK_EQ_STR(named("国家税务总局深圳市税务局发布了什么？"), "深圳市");
    CHECK_EQ_STR(named("广西与内蒙古有哪些措施"), "广西壮族自治区|内蒙古自治区");
    CHECK_EQ_STR(named("陕西安康和江西安福的补贴"), "陕西省|江西省");
    CHECK_EQ_STR(named("西安市的补贴"), "西安市");
    CHECK_EQ_STR(named("国家对中小企业有何支持？"), "");
    CHECK_EQ_STR(named("全国"), "");
    const char *r[2];
    CHECK_EQ_INT(pol__meta_regions_named("北京上海天津", r, 2), 2);
    CHECK_EQ_INT(pol__meta_regions_related("深圳市", "广东省"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("广东省", "深圳市"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("北京市", "北京市"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("深圳市", "广州市"), 0);
    CHECK_EQ_INT(pol__meta_regions_related("江苏省", "浙江省"), 0);
}

/* The region lookups start only where a name's first character is: the same
 * answers as trying every name at every character, on each line of some
 * corpus documents (policies of provinces and cities) and on odd strings. */
static int same_regions(const char *line)
{
    char a[256], b[256];
    const char *ra, *rb;
    snprintf(a, sizeof a, "%s", named(line));
    ra = pol__meta_region(line);
    pol__meta_region_initials(0);
    snprintf(b, sizeof b, "%s", named(line));
    rb = pol__meta_region(line);
    pol__meta_region_initials(1);
    return !strcmp(a, b) && ra == rb;
}

static void test_regions_initials(void)
{
    static const char *const odd[] = {
        "", "\xe5", "\xe5\xb9", "北", "北京", "福建省莆田市", "海南藏族自治州、海南州与海南",
        "香港澳门台湾", "x香港", "大理市对", "\xf0\xa0\x80\x80北京", "中山南路和山南", "伊犁州喀什市",
    };
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        CHECK_MSG(same_regions(odd[i]), "%s", odd[i]);
    char dirpath[1024];
    snprintf(dirpath, sizeof dirpath, "%s/ncp_policies_qa/docs", POL_SHARED_CORPUS);
    DIR *dir = opendir(dirpath);
    size_t lines = 0, files = 0, with_region = 0;
    struct dirent *e;
    while (dir && (e = readdir(dir)) && files < 200) {
        char fp[2048];
        snprintf(fp, sizeof fp, "%s/%s", dirpath, e->d_name);
        FILE *f = e->d_name[0] != '.' ? fopen(fp, "rb") : NULL;
        if (!f)
            continue;
        files++;
        char line[4096];
        while (fgets(line, sizeof line, f)) {
            lines++;
            with_region += named(line)[0] != '\0';
            CHECK_MSG(same_regions(line), "%s: %s", e->d_name, line);
        }
        fclose(f);
    }
    if (dir)
        closedir(dir);
    CHECK_MSG(files >= 20 && with_region >= 100, "%zu files, %zu lines naming a region", files, with_region);
}

/* Every prefecture-level division counts, by full or short name, and is
 * related to its province: cities (莆田, 淮安, 内江), autonomous prefectures
 * (also by their X州 name), 地区 and 盟. A short name that names another
 * place too or is a common word or part of one is left out, only its full
 * name counts (吉林市, 长春市, 保定市). */
static void test_regions_cities(void)
{
    CHECK_EQ_STR(named("莆田市的“八闽健康码”涵盖了哪些内容？"), "莆田市");
    CHECK_EQ_STR(named("莆田对企业有何补贴？"), "莆田市");
    CHECK_EQ_INT(pol__meta_regions_related("莆田市", "福建省"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("福建省", "莆田市"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("莆田市", "广东省"), 0);
    CHECK_EQ_INT(pol__meta_regions_related("莆田市", "厦门市"), 0);
    CHECK_EQ_STR(named("淮安市为台资企业提供哪些便利？"), "淮安市");
    CHECK_EQ_INT(pol__meta_regions_related("淮安市", "江苏省"), 1);
    CHECK_EQ_STR(named("四川省内江市对企业复工复产提出了什么倡议？"), "四川省|内江市");
    CHECK_EQ_INT(pol__meta_regions_related("内江市", "四川省"), 1);
    CHECK_EQ_STR(named("黔东南州和恩施土家族苗族自治州的补贴"),
                 "黔东南苗族侗族自治州|恩施土家族苗族自治州");
    CHECK_EQ_INT(pol__meta_regions_related("恩施土家族苗族自治州", "湖北省"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("黔东南苗族侗族自治州", "湖北省"), 0);
    CHECK_EQ_STR(named("锡林郭勒、阿拉善盟和喀什地区的措施"), "锡林郭勒盟|阿拉善盟|喀什地区");
    CHECK_EQ_INT(pol__meta_regions_related("阿拉善盟", "内蒙古自治区"), 1);
    CHECK_EQ_INT(pol__meta_regions_related("喀什地区", "新疆维吾尔自治区"), 1);
    /* a county-level city that shares its prefecture's name is in it */
    CHECK_EQ_STR(named("大理市对复工复产企业提出了哪些要求？"), "大理白族自治州");
    CHECK_EQ_STR(named("喀什市和阿克苏"), "喀什地区|阿克苏地区");
    /* ambiguous or common short names: the full name only */
    CHECK_EQ_STR(named("吉林市和吉林的措施"), "吉林市|吉林省");
    CHECK_EQ_STR(named("海南藏族自治州、海南州与海南"), "海南藏族自治州|海南省");
    CHECK_EQ_STR(named("是否延长春节假期？"), "");
    CHECK_EQ_STR(named("长春市是否延长春节假期？"), "长春市");
    CHECK_EQ_STR(named("如何确保定点医院的物资？"), "");
    CHECK_EQ_STR(named("经营口罩的企业有哪些真金白银的支持？"), "");
    CHECK_EQ_STR(named("兴安盟和大兴安岭的补贴"), "兴安盟|大兴安岭地区");
    CHECK_EQ_STR(named("规定西藏企业如何复工"), "西藏自治区");
    /* short names that run into words of the corpus (推广安全, 普通化妆品,
     * 江河源头, 出海口, 区域内江河, 停运城镇, 复合肥) */
    CHECK_EQ_STR(named("如何推广安全生产经验？普通化妆品呢？"), "");
    CHECK_EQ_STR(named("江河源头、出海口和区域内江河的保护"), "");
    CHECK_EQ_STR(named("停运城镇公交时复合肥怎么运？"), "");
    CHECK_EQ_STR(named("广安市、通化市和海口市"), "广安市|通化市|海口市");
    /* a document's region: the earliest full name, a city of the province
     * right after it the finer place, else a name at the very start */
    CHECK_EQ_STR(pol__meta_region("福建省莆田市人民政府关于支持企业的通知"), "莆田市");
    CHECK_EQ_STR(pol__meta_region("江苏省关于转发南京市稳岗补贴办法的通知"), "江苏省");
    CHECK_EQ_STR(pol__meta_region("湖北省深圳市对口支援工作方案"), "湖北省");
    CHECK_EQ_STR(pol__meta_region("关于做好淮安市复工复产的通知"), "淮安市");
    CHECK_EQ_STR(pol__meta_region("黔东南州人民政府办公室"), "黔东南苗族侗族自治州");
    CHECK_EQ_STR(pol__meta_region("吉林市人民政府"), "吉林市");
    CHECK_EQ_STR(pol__meta_region("泸州 2020年复工指南"), "泸州市");
    CHECK(pol__meta_region("内江 2020年复工指南") == NULL); /* 内江: full name only */
    CHECK(pol__meta_region("关于延长春节假期的通知") == NULL);
}

static void test_encodings(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("plan_gb18030.txt", &g, err, sizeof err), POL_OK);
    if (g.n) {
        CHECK_EQ_STR(g.docs[0]->encoding, "GB18030");
        CHECK_EQ_STR(g.docs[0]->meta.title, "扶贫协作工作方案");
        CHECK(strstr(g.docs[0]->text, "推进东西部扶贫协作，开展对口帮扶。") != NULL);
        CHECK_EQ_INT(g.docs[0]->bad_bytes, 0);
    }
    release(&g);
    /* two bytes no encoding has: counted and reported, the rest decoded */
    CHECK_EQ_INT(read_fixture("plan_gb18030_damaged.txt", &g, err, sizeof err), POL_OK);
    if (g.n) {
        CHECK_EQ_STR(g.docs[0]->encoding, "GB18030");
        CHECK_EQ_STR(g.docs[0]->meta.title, "扶贫协作工作方案");
        CHECK(g.docs[0]->bad_bytes >= 2);
        CHECK(strstr(g.warnings, "undecodable bytes (as GB18030) dropped") != NULL);
    }
    release(&g);
    /* a GBK page that declares its charset: decoded once, not twice */
    CHECK_EQ_INT(read_fixture("page_gbk.html", &g, err, sizeof err), POL_OK);
    if (g.n) {
        CHECK_EQ_STR(g.docs[0]->encoding, "GB18030");
        CHECK_EQ_STR(g.docs[0]->meta.title, "关于做好扶贫工作的通知");
        CHECK(strstr(g.docs[0]->text, "推进东西部扶贫协作。") != NULL);
    }
    release(&g);
    CHECK_EQ_INT(read_fixture("plan_big5.txt", &g, err, sizeof err), POL_OK);
    if (g.n) {
        CHECK_EQ_STR(g.docs[0]->encoding, "Big5");
        CHECK_EQ_STR(g.docs[0]->meta.title, "對口支援工作方案");
        CHECK(strstr(g.docs[0]->text, "抓緊組織開展對口支援工作") != NULL);
    }
    release(&g);
}

static void test_html(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("page.html", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 1);
    if (g.n) {
        pol_doc *d = g.docs[0];
        CHECK_EQ_STR(d->meta.title, "测试市关于印发电商扶贫实施方案的通知");
        CHECK_EQ_STR(d->meta.issuer, "测试市人民政府");
        CHECK_EQ_STR(d->meta.date, "2018-10-27");
        CHECK_EQ_STR(d->meta.doc_number, "测政发〔2018〕12号");
        /* body kept; scripts, navigation and footers gone */
        CHECK(strstr(d->text, "每个贫困村建设一个电商服务站。") != NULL);
        CHECK(strstr(d->text, "tracking") == NULL);
        CHECK(strstr(d->text, "首页") == NULL);
        CHECK(strstr(d->text, "扫一扫") == NULL);
        CHECK_EQ_STR(heading(d, 3), "（一）建设服务站点");
    }
    release(&g);
}

static void test_records(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("records.jsonl", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 2);
    if (g.n == 2) {
        CHECK(strstr(g.docs[0]->key, "records.jsonl#1") != NULL);
        CHECK(strstr(g.docs[1]->key, "records.jsonl#4") != NULL);
        CHECK_EQ_STR(g.docs[0]->meta.date, "2019");
        CHECK_EQ_STR(g.docs[0]->meta.url, "https://example.org/2019");
        CHECK_EQ_STR(g.docs[1]->meta.title, "2020年政府工作报告");
        CHECK_EQ_STR(heading(g.docs[1], 1), "一、决战脱贫攻坚");
    }
    CHECK(strstr(g.warnings, "line 2 is not a JSON object") != NULL);
    CHECK(strstr(g.warnings, "has no text field") != NULL);
    release(&g);

    /* JSON Lines under a .json name are read as lines, not refused */
    CHECK_EQ_INT(read_fixture("lines_named.json", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 2);
    if (g.n == 2) {
        CHECK(strstr(g.docs[0]->key, "lines_named.json#1") != NULL);
        CHECK_EQ_STR(g.docs[1]->meta.title, "关于加强疫情防控的通知");
        CHECK(strstr(g.docs[1]->text, "严格落实防控措施。") != NULL);
    }
    release(&g);

    CHECK_EQ_INT(read_fixture("reports.csv", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 2);
    if (g.n == 2) {
        CHECK_EQ_STR(g.docs[0]->meta.title, "2026年测试省政府工作报告");
        CHECK_EQ_STR(g.docs[0]->meta.date, "2026-01-20");
        CHECK_EQ_STR(g.docs[0]->meta.region, "测试省");
        CHECK(strstr(g.docs[0]->text, "全省生产总值增长5%。\n二、2026年主要任务") != NULL);
        CHECK(strstr(g.docs[1]->key, "reports.csv#2") != NULL);
    }
    release(&g);

    CHECK_EQ_INT(read_fixture("law_tw.json", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 1);
    if (g.n) {
        pol_doc *d = g.docs[0];
        CHECK_EQ_STR(d->meta.title, "測試法");
        CHECK_EQ_STR(d->meta.date, "2020-01-15");
        CHECK_EQ_INT(d->nsections, 6);
        CHECK_EQ_STR(heading(d, 1), "第 一 章 總則");
        CHECK_EQ_INT(d->sections[2].parent, 1);
        CHECK_EQ_INT(d->sections[5].parent, 4);
        /* the preface (前言), last in the record, leads the text */
        const char *pre = strstr(d->text, "為測試之需要"), *ch = strstr(d->text, "第 一 章");
        CHECK(pre && ch && pre < ch);
    }
    release(&g);
}

static void test_markdown_and_gzip(void)
{
    got g, z;
    char err[256];
    CHECK_EQ_INT(read_fixture("regulation.md", &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(read_fixture("regulation_copy.md.gz", &z, err, sizeof err), POL_OK);
    if (g.n && z.n) {
        CHECK_EQ_STR(g.docs[0]->meta.title, "测试条例");
        CHECK_EQ_STR(z.docs[0]->text, g.docs[0]->text);
        CHECK_EQ_INT(g.docs[0]->nsections, 6);
        CHECK_EQ_STR(heading(g.docs[0], 2), "第一条 为了测试，制定本条例");
    }
    release(&g);
    release(&z);
}

static void test_bad_files(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("binary.txt", &g, err, sizeof err), POL_EFORMAT);
    CHECK(strstr(err, "binary") != NULL);
    CHECK_EQ_INT(read_fixture("empty.txt", &g, err, sizeof err), POL_EEMPTY);
    CHECK(strstr(err, "empty") != NULL);
    CHECK_EQ_INT(read_fixture("broken.json", &g, err, sizeof err), POL_EFORMAT);
    CHECK(strstr(err, "not valid JSON") != NULL);
    CHECK_EQ_INT(read_fixture("no-such-file.txt", &g, err, sizeof err), POL_ENOTFOUND);
    CHECK(strstr(err, "cannot open") != NULL);
    CHECK_EQ_INT(read_fixture("notes.docx", &g, err, sizeof err), POL_EFORMAT);
    CHECK(!pol_read_supported("a.docx"));
    CHECK(pol_read_supported("a.JSONL.gz"));
}

static void test_cleaning(void)
{
    const char *scrape =
        "某市规划.doc\n\n上传人:re****.1 文档编号:560130027 上传时间:2022-12-23 格式:DOC 页数:91\n"
        "返回 下载 相关 举报\n某市规划.doc_第1页\n第1页 / 共91页\n"
        "一、总体要求\n正文第一段：要加快发展，扫一扫在手机打开当前页这句话在正文里，应当保留，"
        "因为它是一段很长的正文的一部分，不是页面的装饰，所以清理时不能删除它。\n"
        "展开阅读全文\n扫一扫在手机打开当前页\n";
    pol_doc *d = NULL;
    CHECK_EQ_INT(pol_doc_from_text(&d, "scrape.txt", scrape, strlen(scrape)), POL_OK);
    if (d) {
        CHECK(strstr(d->text, "上传人") == NULL);
        CHECK(strstr(d->text, "返回 下载") == NULL);
        CHECK(strstr(d->text, "第1页 / 共91页") == NULL);
        CHECK(strstr(d->text, "展开阅读全文") == NULL);
        /* body paragraphs survive, even one that mentions chrome words */
        CHECK(strstr(d->text, "正文第一段：要加快发展") != NULL);
        CHECK(strstr(d->text, "不能删除它。") != NULL);
        /* the file name shown as the title loses its extension */
        CHECK_EQ_STR(d->meta.title, "某市规划");
    }
    pol_doc_free(d);
}

/* A sharing site's preview chunks ("1、" "2、" … cut mid-sentence) are
 * joined without their numbers; a real numbered list is left alone. */
static void test_chunks(void)
{
    char text[8192];
    const char *body = "推进东西部扶贫协作和对口支援工作，加强产业合作、劳务协作、人才支援和资金支持，"
                       "帮助贫困地区发展特色产业，提高贫困群众收入水平，建设美丽乡村，改善基础设施条件，"
                       "推动公共服务均等化，促进教育、医疗、文化等社会事业发展，增强自我发展能力，"
                       "巩固脱贫成果，实现共同富裕的长远目标，持续改善民生福祉，不断提升";
    snprintf(text, sizeof text, "预览\n\n1、%s人民群众的\n\n2、获得感和幸福感。%s各族群众的\n\n"
             "3、团结和进步。%s社会\n\n4、治理水平。\n", body, body, body);
    pol_doc *d = NULL;
    CHECK_EQ_INT(pol_doc_from_text(&d, "preview.txt", text, strlen(text)), POL_OK);
    if (d) {
        CHECK(strstr(d->text, "人民群众的获得感和幸福感。") != NULL);
        CHECK(strstr(d->text, "社会治理水平。") != NULL);
        CHECK(strstr(d->text, "2、") == NULL);
    }
    pol_doc_free(d);
    const char *list = "要求\n\n1、加强组织领导。\n\n2、落实资金保障。\n\n3、强化监督考核。\n";
    CHECK_EQ_INT(pol_doc_from_text(&d, "list.txt", list, strlen(list)), POL_OK);
    if (d) {
        CHECK(strstr(d->text, "2、落实资金保障。") != NULL);
        CHECK_EQ_INT(d->nsections, 4);
    }
    pol_doc_free(d);
}

/* Record fields with names of their own, mapped by role; a mapped role no
 * longer takes its default name ("title" here is a site's column label). */
static void test_field_mapping(void)
{
    got g;
    char err[256];
    CHECK_EQ_INT(read_fixture("custom_fields.csv", &g, err, sizeof err), POL_EEMPTY);
    CHECK(strstr(g.warnings, "row 1 has no text column") != NULL);
    release(&g);
    static const char *const map[] = { "title=名称", "text=正文内容", "date=发布时间",
                                       "issuer=发文单位", NULL };
    CHECK_EQ_INT(read_fixture_mapped("custom_fields.csv", map, &g, err, sizeof err), POL_OK);
    CHECK_EQ_INT(g.n, 1);
    if (g.n) {
        pol_doc *d = g.docs[0];
        CHECK_EQ_STR(d->meta.title, "测试市农村电商发展办法");
        CHECK_EQ_STR(d->meta.date, "2021-03-05");
        CHECK_EQ_STR(d->meta.issuer, "测试市人民政府");
        CHECK(strstr(d->text, "网站栏目名称") == NULL);
        CHECK_EQ_STR(heading(d, 1), "第一章 总则");
        CHECK_EQ_INT(d->sections[2].parent, 1);
    }
    release(&g);
    CHECK_EQ_INT(pol_read_check_field("title=名称", err, sizeof err), POL_OK);
    CHECK_EQ_INT(pol_read_check_field("titel=名称", err, sizeof err), POL_EINVAL);
    CHECK(strstr(err, "unknown role 'titel'") != NULL);
    CHECK_EQ_INT(pol_read_check_field("text=", err, sizeof err), POL_EINVAL);
}

int main(void)
{
    test_text_and_metadata();
    test_regions_named();
    test_regions_cities();
    test_regions_initials();
    test_encodings();
    test_html();
    test_records();
    test_markdown_and_gzip();
    test_chunks();
    test_field_mapping();
    test_bad_files();
    test_cleaning();
    return TEST_DONE();
}
