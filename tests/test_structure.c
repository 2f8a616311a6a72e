/* test_structure.c — section trees: each heading form, nesting by first
 * appearance, spaced 第 一 章 / 第 1 條, Markdown, run-in headings, page
 * counters and tables of contents that are not structure, title fallback;
 * and the traditional seed's 一、/(一) tree (from ../shared/corpus). */
#include "polsearch/document.h"
#include "testlib.h"

#include <stdio.h>
#include <stdlib.h>

/* "level:heading" of each section, joined by " | " (preamble as "0:-"). */
static const char *tree(const char *text)
{
    static char out[4096];
    pol_doc *d = NULL;
    out[0] = '\0';
    if (pol_doc_from_text(&d, "t.txt", text, strlen(text)) != POL_OK)
        return "(error)";
    size_t len = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        int n = snprintf(out + len, sizeof out - len, "%s%u:%s", i ? " | " : "", d->sections[i].level,
                         d->sections[i].heading ? d->sections[i].heading : "-");
        if (n > 0 && (size_t)n < sizeof out - len)
            len += (size_t)n;
    }
    pol_doc_free(d);
    return out;
}

static const struct { const char *in, *want; } rows[] = {
    { "标题\n一、总则\n正文\n（一）目标\n正文\n（二）原则\n正文\n二、任务\n1.第一项\n2、第二项\n（1）细目\n①要点\n",
      "0:- | 1:一、总则 | 2:（一）目标 | 2:（二）原则 | 1:二、任务 | 2:1.第一项 | 2:2、第二项 | 3:（1）细目 | 4:①要点" },
    /* ASCII parentheses, and a run-in heading cut at its first full stop */
    { "题\n(一)指导思想。以科学发展观为指导，全面贯彻党的十八大精神，落实党中央、国务院决策部署，推动经济社会发展。\n",
      "0:- | 1:(一)指导思想" },
    /* law structure, spaced traditional numbering */
    { "法\n第 一 章 總則\n第 1 條 為規範測試事項，特制定本法。\n第 2 條 本法所稱主管機關。\n第 二 章 罰則\n第 3 條 違反者處罰鍰。\n",
      "0:- | 1:第 一 章 總則 | 2:第 1 條 為規範測試事項，特制定本法 | 2:第 2 條 本法所稱主管機關 | 1:第 二 章 罰則 | 2:第 3 條 違反者處罰鍰" },
    { "# 条例\n\n## 第一章 总则\n\n### 第一节 一般规定\n\n第一条 内容。\n\n## 第二章 附则\n",
      "0:- | 1:第一章 总则 | 2:第一节 一般规定 | 3:第一条 内容 | 1:第二章 附则" },
    /* a page counter alone, and table-of-contents lines, are not headings */
    { "规划\n目录\n一、基础和背景3\n二、思路和目标10\n1、\n一、基础和背景\n正文\n",
      "0:- | 1:一、基础和背景" },
    /* "1.5亿元" is a number, not a heading */
    { "题\n1.5亿元用于扶贫\n", "0:-" },
    /* no headings: one section */
    { "只有一段正文。\n", "0:-" },
};

/* Text whose line breaks became spaces (one line of more than a thousand
 * characters) gets its headings back where a marker continues the
 * numbering after a sentence end (and spaces); a number inside a sentence
 * (“第2、3项”) is no heading. */
static void test_flattened(void)
{
    char text[16384];
    const char *filler = "建立统一指挥体系，明确各方责任，做好第2、3项工作，落实到人。";
    size_t len = (size_t)snprintf(text, sizeof text, "关于做好防控工作的通知 为做好防控工作，现通知如下。 一、责任体系 ");
    for (int part = 0; part < 4; part++) {
        static const char *const heads[] = { "", "（1）迅速建立指挥体系。", "（2）落实物资保障。",
                                             " 二、全面调查 " };
        len += (size_t)snprintf(text + len, sizeof text - len, "%s", heads[part]);
        for (int k = 0; k < 12; k++)
            len += (size_t)snprintf(text + len, sizeof text - len, "%s", filler);
    }
    CHECK_EQ_STR(tree(text), "0:- | 1:一、责任体系 | 2:（1）迅速建立指挥体系 | 2:（2）落实物资保障 | 1:二、全面调查");
}

static void test_seed(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/seeds/000_87d0efad834627a9.txt", POL_SHARED_CORPUS);
    FILE *f = fopen(path, "rb");
    CHECK_MSG(f != NULL, "shared corpus missing at %s", path);
    if (!f)
        return;
    static char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof buf, f);
    fclose(f);
    pol_doc *d = NULL;
    CHECK_EQ_INT(pol_doc_from_text(&d, "seed", buf, n), POL_OK);
    if (!d)
        return;
    /* the work plan: five 一、 parts with their (一) items: 5 + 3 + 2 + 6 + 5 */
    size_t top = 0, second = 0;
    for (size_t i = 0; i < d->nsections; i++) {
        top += d->sections[i].level == 1;
        second += d->sections[i].level == 2;
    }
    CHECK_EQ_INT(top, 5);
    CHECK_EQ_INT(second, 16);
    CHECK_EQ_STR(d->meta.title, "發達省(市)對口支援四川雲南甘肅省藏區經濟社會發展工作方案");
    CHECK_EQ_STR(d->meta.issuer, "國務院辦公廳");
    CHECK_EQ_STR(d->meta.date, "2014-08-11");
    pol_doc_free(d);
}

/* The organ that adopted a law, from its adoption line: without its term
 * (第X届), the institution rather than its committee, the State Council
 * from its decree. */
static void test_adoption(void)
{
    static const struct { const char *text, *issuer, *date; } rows[] = {
        { "# 某某法\n\n2016年12月25日 第十二届全国人民代表大会常务委员会第二十五次会议通过\n\n第一条 内容。\n",
          "全国人民代表大会常务委员会", "2016-12-25" },
        { "# 规则\n\n2019年12月2日 最高人民检察院第十三届检察委员会第二十八次会议通过\n",
          "最高人民检察院", "2019-12-02" },
        { "# 解释\n\n2009年2月16日 由最高人民法院审判委员会第1463次会议通过\n", "最高人民法院", "2009-02-16" },
        { "# 条例\n\n1989年10月20日 中华人民共和国国务院令第42号发布\n", "国务院", "1989-10-20" },
        { "# 条例\n\n2019年1月2日 日照市第十八届人民代表大会常务委员会第十七次会议通过\n",
          "日照市人民代表大会常务委员会", "2019-01-02" },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        pol_doc *d = NULL;
        CHECK_EQ_INT(pol_doc_from_text(&d, "law.md", rows[i].text, strlen(rows[i].text)), POL_OK);
        if (!d)
            continue;
        CHECK_EQ_STR(d->meta.issuer, rows[i].issuer);
        CHECK_EQ_STR(d->meta.date, rows[i].date);
        pol_doc_free(d);
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ_STR(tree(rows[i].in), rows[i].want);
    test_seed();
    test_adoption();
    test_flattened();
    return TEST_DONE();
}
