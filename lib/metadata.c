/* metadata.c — metadata found in a document's text when the source gave
 * none: 发布单位/发文机关/发布时间/成文日期 lines (also traditional), document
 * numbers such as 国办发〔2013〕11号, the issuer and date that close a notice,
 * the type from the title's last word, the region named in title or issuer.
 * Patterns use ICU regular expressions. Not: HTML tables or record fields
 * (reader.c). */
#include "document_int.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>

/* Compiled patterns, a cache per thread (a compiled ICU regex serves one
 * thread at a time): compiling them cost more than matching a document. */
#define RE_CACHE 16
typedef struct re_cache {
    char *pat[RE_CACHE];
    URegularExpression *re[RE_CACHE];
    int n;
} re_cache;
static pthread_key_t re_key;
static pthread_once_t re_once = PTHREAD_ONCE_INIT;

static void re_cache_free(void *p)
{
    re_cache *c = p;
    for (int i = 0; i < c->n; i++) {
        uregex_close(c->re[i]);
        free(c->pat[i]);
    }
    free(c);
}

static void re_key_make(void) { pthread_key_create(&re_key, re_cache_free); }

void pol__meta_release_thread(void)
{
    pthread_once(&re_once, re_key_make);
    re_cache *c = pthread_getspecific(re_key);
    if (c) {
        pthread_setspecific(re_key, NULL);
        re_cache_free(c);
    }
}

/* The compiled pattern; *owned: the caller closes it (the cache is full). */
static URegularExpression *re_get(const char *pattern, int *owned)
{
    pthread_once(&re_once, re_key_make);
    re_cache *c = pthread_getspecific(re_key);
    if (!c && (c = calloc(1, sizeof *c)) && pthread_setspecific(re_key, c) != 0) {
        free(c);
        c = NULL;
    }
    for (int i = 0; c && i < c->n; i++)
        if (strcmp(c->pat[i], pattern) == 0) {
            *owned = 0;
            return c->re[i];
        }
    UErrorCode err = U_ZERO_ERROR;
    UParseError pe;
    URegularExpression *re = uregex_openC(pattern, 0, &pe, &err);
    if (U_FAILURE(err))
        return NULL;
    *owned = 1;
    if (c && c->n < RE_CACHE && (c->pat[c->n] = pol__strdup(pattern))) {
        c->re[c->n++] = re;
        *owned = 0;
    }
    return re;
}

/* Done with re: closed, or detached from the text for its next use. */
static void re_put(URegularExpression *re, int owned)
{
    static const UChar none[1] = { 0 };
    UErrorCode err = U_ZERO_ERROR;
    if (owned)
        uregex_close(re);
    else
        uregex_setText(re, none, 0, &err);
}

/* Runs an ICU regex over UTF-8 text; returns group `g` of the first match
 * (malloc'd UTF-8) or NULL. */
static char *regex_first(const char *pattern, const char *text, size_t len, int g)
{
    UErrorCode err = U_ZERO_ERROR;
    int owned;
    URegularExpression *re = re_get(pattern, &owned);
    if (!re)
        return NULL;
    UText *ut = utext_openUTF8(NULL, text, (int64_t)len, &err);
    uregex_setUText(re, ut, &err);
    char *res = NULL;
    if (U_SUCCESS(err) && uregex_find(re, -1, &err) && U_SUCCESS(err)) {
        int64_t s = uregex_start64(re, g, &err), e = uregex_end64(re, g, &err);
        /* with a UTF-8 UText, native indexes are byte offsets */
        if (U_SUCCESS(err) && s >= 0 && e >= s)
            res = pol__strndup(text + s, (size_t)(e - s));
    }
    re_put(re, owned);
    utext_close(ut);
    return res;
}

static int cn_digit(const char *s, size_t *adv)
{
    static const char *const d[] = { "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
    for (int i = 0; i < 10; i++)
        if (!strncmp(s, d[i], 3)) { *adv = 3; return i; }
    if (!strncmp(s, "零", 3) || !strncmp(s, "○", 3) || !strncmp(s, "Ｏ", 3)) { *adv = 3; return 0; }
    if (*s >= '0' && *s <= '9') { *adv = 1; return *s - '0'; }
    return -1;
}

/* "十二" -> 12, "二十一" -> 21, "12" -> 12 */
static int small_number(const char *s, size_t *adv)
{
    size_t a, i = 0;
    int v = 0, any = 0;
    if (*s >= '0' && *s <= '9') {
        while (s[i] >= '0' && s[i] <= '9' && i < 2) { v = v * 10 + s[i] - '0'; i++; }
        *adv = i;
        return v;
    }
    int d = cn_digit(s, &a);
    if (d > 0) { v = d; i += a; any = 1; }
    if (!strncmp(s + i, "十", 3)) {
        v = (any ? v : 1) * 10;
        i += 3;
        any = 1;
        d = cn_digit(s + i, &a);
        if (d > 0) { v += d; i += a; }
    }
    *adv = i;
    return any ? v : -1;
}

char *pol__meta_date(const char *s)
{
    if (!s)
        return NULL;
    /* year: 4 ASCII digits, or 4 Chinese digits (二〇一四) */
    int y = 0;
    size_t i = 0, a;
    while (*s && !(*s >= '0' && *s <= '9') && cn_digit(s, &a) < 0)
        for (size_t l = pol__utf8_len((unsigned char)*s); l > 0 && *s; l--)
            s++; /* a truncated sequence must not step over the end */
    /* YYYYMMDD written solid */
    size_t digits = 0;
    while (s[digits] >= '0' && s[digits] <= '9')
        digits++;
    if (digits == 8) {
        int yy = atoi((char[5]){ s[0], s[1], s[2], s[3], 0 });
        int mm = (s[4] - '0') * 10 + (s[5] - '0'), dd = (s[6] - '0') * 10 + (s[7] - '0');
        if (yy >= 1900 && yy <= 2100 && mm >= 1 && mm <= 12 && dd >= 1 && dd <= 31) {
            char b8[16];
            snprintf(b8, sizeof b8, "%04d-%02d-%02d", yy, mm, dd);
            return pol__strdup(b8);
        }
    }
    for (int k = 0; k < 4; k++) {
        int d = cn_digit(s + i, &a);
        if (d < 0)
            return NULL;
        y = y * 10 + d;
        i += a;
    }
    if (y < 1900 || y > 2100)
        return NULL;
    char buf[16];
    const char *p = s + i;
    int m = -1, dd = -1;
    if (!strncmp(p, "年", 3)) p += 3;
    else if (*p == '-' || *p == '/' || *p == '.') p++;
    else p = NULL;
    if (p) {
        m = small_number(p, &a);
        if (m >= 1 && m <= 12) {
            p += a;
            if (!strncmp(p, "月", 3)) p += 3;
            else if (*p == '-' || *p == '/' || *p == '.') p++;
            else p = NULL;
            if (p) {
                dd = small_number(p, &a);
                if (dd < 1 || dd > 31)
                    dd = -1;
            }
        } else {
            m = -1;
        }
    }
    if (m > 0 && dd > 0)
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, dd);
    else if (m > 0)
        snprintf(buf, sizeof buf, "%04d-%02d", y, m);
    else
        snprintf(buf, sizeof buf, "%04d", y);
    return pol__strdup(buf);
}

const char *pol__meta_type(const char *title)
{
    static const char *const types[] = {
        "实施方案", "工作方案", "行动计划", "实施意见", "指导意见", "实施细则", "管理办法",
        "暂行办法", "暂行规定", "规划纲要", "工作报告", "政府工作报告", "通知", "意见", "方案", "规划",
        "办法", "条例", "决定", "报告", "批复", "复函", "函", "公告", "通告", "规定", "细则", "纲要",
        "计划", "决议", "解释", "法", "通報", "規定", "條例", "辦法", "規劃", "決定", "報告", NULL,
    };
    if (!title)
        return NULL;
    size_t n = strlen(title);
    /* ignore a trailing file extension or closing punctuation */
    while (n > 0 && (title[n - 1] == ' ' || title[n - 1] == '\n'))
        n--;
    for (int i = 0; types[i]; i++) {
        size_t l = strlen(types[i]);
        if (n >= l && !memcmp(title + n - l, types[i], l))
            return types[i];
    }
    /* 《…方案》的通知 is a 通知 (caught above); 法 in a law's title: …法（2018修正） */
    for (int i = 0; types[i]; i++)
        if (strstr(title, types[i]) && strlen(types[i]) >= 6)
            return types[i];
    return NULL;
}

const char *pol__meta_region(const char *s)
{
    static const char *const regions[] = {
        "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
        "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
        "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
        "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
        "香港特别行政区", "澳门特别行政区", "杭州市", "武汉市", "广州市", "深圳市", "南京市",
        "成都市", "西安市", "黔东南州", NULL,
    };
    static const char *const short_names[][2] = {
        { "北京", "北京市" }, { "天津", "天津市" }, { "上海", "上海市" }, { "重庆", "重庆市" },
        { "河北", "河北省" }, { "山西", "山西省" }, { "辽宁", "辽宁省" }, { "吉林", "吉林省" },
        { "黑龙江", "黑龙江省" }, { "江苏", "江苏省" }, { "浙江", "浙江省" }, { "安徽", "安徽省" },
        { "福建", "福建省" }, { "江西", "江西省" }, { "山东", "山东省" }, { "河南", "河南省" },
        { "湖北", "湖北省" }, { "湖南", "湖南省" }, { "广东", "广东省" }, { "海南", "海南省" },
        { "四川", "四川省" }, { "贵州", "贵州省" }, { "云南", "云南省" }, { "陕西", "陕西省" },
        { "甘肃", "甘肃省" }, { "青海", "青海省" }, { "内蒙古", "内蒙古自治区" },
        { "广西", "广西壮族自治区" }, { "西藏", "西藏自治区" }, { "宁夏", "宁夏回族自治区" },
        { "新疆", "新疆维吾尔自治区" },
    };
    if (!s)
        return NULL;
    const char *best = NULL, *at = NULL;
    for (int i = 0; regions[i]; i++) {
        const char *p = strstr(s, regions[i]);
        if (p && (!at || p < at)) { at = p; best = regions[i]; }
    }
    if (best)
        return best;
    /* a short name at the very start: 浙江省人民政府 / 浙江 2026 */
    for (size_t i = 0; i < sizeof short_names / sizeof *short_names; i++)
        if (!strncmp(s, short_names[i][0], strlen(short_names[i][0])))
            return short_names[i][1];
    return NULL;
}

/* Value of a "label：value" or "label\nvalue" line, for the first label found. */
static char *labelled(const char *text, size_t len, const char *labels)
{
    char pat[512];
    snprintf(pat, sizeof pat, "(?m)^\\s*(?:%s)\\s*[：:]?\\s*(?:\\n\\s*)?([^\\n]{1,60})$", labels);
    return regex_first(pat, text, len, 1);
}

static void trim_value(char *v)
{
    if (!v)
        return;
    size_t n = strlen(v);
    while (n && (v[n - 1] == ' ' || v[n - 1] == '\r'))
        v[--n] = '\0';
}

/* Does an ICU regex match the whole of s? */
static int regex_whole(const char *pattern, const char *s)
{
    UErrorCode err = U_ZERO_ERROR;
    int owned;
    URegularExpression *re = re_get(pattern, &owned);
    if (!re)
        return 0;
    UText *ut = utext_openUTF8(NULL, s, (int64_t)strlen(s), &err);
    uregex_setUText(re, ut, &err);
    int ok = U_SUCCESS(err) && uregex_matches(re, -1, &err) && U_SUCCESS(err);
    re_put(re, owned);
    utext_close(ut);
    return ok;
}

/* Issuers sign with one or more organ names ("国务院　中央军委"). */
#define ORG_NAME "[\\p{Han}（）()·]{1,30}?(?:国务院|军委|政府|办公厅|辦公廳|委员会|委員會|" \
                 "办公室|辦公室|委|部|局|院|厅|廳|中心|会|會|署|办|辦|行|所|社|团|團|处|處)"

/* Signatures: a line naming the issuer (or a signer such as 总理　李克强)
 * directly above a date line, as notices, decrees and letters close. The
 * first one in the text belongs to the document itself: later ones close
 * the attachments it forwards. Fills the date and, from an organ name, the
 * issuer (several organs joined by 、 as 发文机关 writes them). */
/* Whether t[a..b) is blanks only ([ \t\u3000]*). */
static int blank_line(const char *t, size_t a, size_t b)
{
    while (a < b) {
        if (t[a] == ' ' || t[a] == '\t')
            a++;
        else if (b - a >= 3 && !memcmp(t + a, "\xe3\x80\x80", 3))
            a += 3;
        else
            return 0;
    }
    return 1;
}

/* Where a signature match can start at the earliest: the line above the
 * blank lines above the first line ending in 日 (blanks after it allowed);
 * len when there is none. */
static size_t signature_start(const char *t, size_t len)
{
    size_t ls = 0;
    while (ls < len) {
        const char *nl = memchr(t + ls, '\n', len - ls);
        size_t le = nl ? (size_t)(nl - t) : len, e = le;
        while (e > ls && (t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' ||
                          (e - ls >= 3 && !memcmp(t + e - 3, "\xe3\x80\x80", 3))))
            e -= t[e - 1] == ' ' || t[e - 1] == '\t' || t[e - 1] == '\r' ? 1 : 3;
        if (e - ls >= 3 && !memcmp(t + e - 3, "日", 3)) {
            /* back over blank lines, then one more line */
            size_t s = ls;
            while (s > 0) {
                size_t ps = s - 1;
                while (ps > 0 && t[ps - 1] != '\n')
                    ps--;
                s = ps;
                if (!blank_line(t, ps, ls > ps ? ls - 1 : ps))
                    break;
                ls = ps;
            }
            return s;
        }
        ls = le + 1;
    }
    return len;
}

static void signature(pol_meta *m, const char *t, size_t len)
{
    static const char pat[] =
        "(?m)^[ \\t\\u3000\\u00a0]*([^\\n]{2,40}?)[ \\t\\u3000\\u00a0]*(?:&sp;)?[ \\t\\u3000]*\\n(?:[ \\t\\u3000]*\\n)*"
        "[ \\t\\u3000]*((?:\\d{4}|[〇一二三四五六七八九○零Ｏ]{4})[ ]?年[ ]?[\\d一二三四五六七八九十]{1,3}[ ]?月"
        "[ ]?[\\d一二三四五六七八九十]{1,3}[ ]?日)[ \\t\\u3000]*$";
    /* The pattern ends at a line ending in 日: matching starts a line before
     * the blank lines above the first such line (most texts have none). */
    size_t from = signature_start(t, len);
    if (from == len)
        return;
    t += from;
    len -= from;
    UErrorCode err = U_ZERO_ERROR;
    int owned;
    URegularExpression *re = re_get(pat, &owned);
    if (!re)
        return;
    UText *ut = utext_openUTF8(NULL, t, (int64_t)len, &err);
    uregex_setUText(re, ut, &err);
    char *date = NULL, *issuer = NULL;
    while (U_SUCCESS(err) && uregex_findNext(re, &err) && U_SUCCESS(err) && !issuer) {
        int64_t a = uregex_start64(re, 1, &err), b = uregex_end64(re, 1, &err);
        int64_t c = uregex_start64(re, 2, &err), d = uregex_end64(re, 2, &err);
        if (U_FAILURE(err) || a < 0 || c < 0)
            break;
        char *who = pol__strndup(t + a, (size_t)(b - a));
        char *when = pol__strndup(t + c, (size_t)(d - c));
        if (!who || !when) {
            free(who);
            free(when);
            break;
        }
        if (regex_whole(ORG_NAME "(?:[ \\t\\u3000、，,]+" ORG_NAME ")*", who)) {
            /* 国务院　中央军委 -> 国务院、中央军委 */
            pol_buf b2 = POL_BUF_INIT;
            int sep = 0;
            for (const char *p = who; *p;) {
                if (*p == ' ' || *p == '\t' || !strncmp(p, "\xe3\x80\x80", 3) || !strncmp(p, "、", 3) ||
                    !strncmp(p, "，", 3) || *p == ',') {
                    p += (unsigned char)*p < 0x80 ? 1 : 3;
                    sep = 1;
                    continue;
                }
                if (sep && b2.len)
                    pol__buf_addstr(&b2, "、");
                sep = 0;
                pol__buf_addc(&b2, *p++);
            }
            issuer = pol__buf_detach(&b2, NULL);
            free(date);
            date = when;
            when = NULL;
        } else if (!date && regex_whole("(?:总理|總理|副总理|主席|省长|省長|市长|市長|部长|部長|主任|局长|局長|院长|院長)"
                                        "[ \\t\\u3000]*[\\p{Han}·]{2,6}", who)) {
            date = when;
            when = NULL;
        }
        free(who);
        free(when);
    }
    re_put(re, owned);
    utext_close(ut);
    if (date && !m->date)
        m->date = pol__meta_date(date);
    if (issuer && !m->issuer)
        m->issuer = issuer;
    else
        free(issuer);
    free(date);
}

/* Laws and regulations open with their adoption: "2016年12月25日 第十二届
 * 全国人民代表大会常务委员会第二十五次会议通过", "2019年12月2日 最高人民检察院
 * 第十三届检察委员会第二十八次会议通过", "国务院第N次常务会议通过". The
 * issuer is the organ named, without its term (第X届); for a court or
 * procuratorate, the institution rather than its committee. */
static char *adoption_issuer(const char *t, size_t head)
{
    char *org = regex_first("(?m)^[ \\t\\u3000]*(?:\\d{4}|[〇一二三四五六七八九○零]{4})年[\\d一二三四五六七八九十]{1,3}月[\\d一二三四五六七八九十]{1,3}日[ \\t\\u3000]*"
                            "((?:第[一二三四五六七八九十]+届)?[\\p{Han}]{2,40}?)(?:第[\\d一二三四五六七八九十百千]+次"
                            "(?:全体|常务)?会议|常务会议|令第\\d+号)[^\\n]{0,40}?(?:通过|批准|修订|修正|公布|发布)",
                            t, head, 1);
    if (!org)
        return NULL;
    /* drop 第X届 wherever it stands */
    pol_buf b = POL_BUF_INIT;
    for (const char *p = org; *p;) {
        if (!strncmp(p, "第", 3)) {
            const char *q = strstr(p, "届");
            if (q && q - p <= 3 + 5 * 3) {
                p = q + 3;
                continue;
            }
        }
        pol__buf_addc(&b, *p++);
    }
    free(org);
    char *o = pol__buf_detach(&b, NULL);
    if (!o)
        return NULL;
    if (!strncmp(o, "由", 3))
        memmove(o, o + 3, strlen(o) - 2);
    if (!strncmp(o, "中华人民共和国国务院", strlen("中华人民共和国国务院")))
        memmove(o, o + strlen("中华人民共和国"), strlen(o) - strlen("中华人民共和国") + 1);
    static const char *const committees[] = { "检察委员会", "审判委员会" };
    for (size_t i = 0; i < 2; i++) {
        char *c = strstr(o, committees[i]);
        if (c && c > o)
            *c = '\0';
    }
    if (strlen(o) < 6) {
        free(o);
        return NULL;
    }
    return o;
}

/* Decrees open with "中华人民共和国国务院令" and "第706号": the number is
 * written 国令第706号 (other organs: 财政部令第1号), the issuer the organ. */
static void decree(pol_meta *m, const char *t, size_t head)
{
    char *who = regex_first("(?m)^\\s*(?:中华人民共和国|中華人民共和國)?([\\p{Han}]{2,20}?)令\\s*\\n\\s*第[0-9０-９]{1,5}号", t, head, 1);
    if (!who)
        return;
    char *no = regex_first("(?m)^\\s*[^\\n]*令\\s*\\n\\s*(第[0-9０-９]{1,5}号)", t, head, 1);
    if (no && !m->doc_number) {
        pol_buf b = POL_BUF_INIT;
        pol__buf_addstr(&b, strcmp(who, "国务院") ? who : "国");
        pol__buf_addstr(&b, "令");
        pol__buf_addstr(&b, no);
        m->doc_number = pol__buf_detach(&b, NULL);
    }
    if (!m->issuer) {
        m->issuer = who;
        who = NULL;
    }
    free(who);
    free(no);
}

void pol__meta_from_text(pol_doc *doc)
{
    pol_meta *m = &doc->meta;
    const char *t = doc->text;
    size_t len = doc->text_len;
    /* the head of a document holds labelled fields; its end, the signature */
    size_t head = len < 6000 ? len : pol__utf8_floor(t, 6000);
    if (!m->issuer) {
        m->issuer = labelled(t, head, "发布单位|發佈單位|发文机关|發文機關|发布机关|制定机关|颁布单位");
        trim_value(m->issuer);
    }
    if (!m->date) {
        char *v = labelled(t, head, "发布时间|發佈時間|成文日期|发布日期|發布日期|印发日期|公布日期");
        if (v) {
            m->date = pol__meta_date(v);
            free(v);
        }
    }
    if (!m->doc_number || !m->issuer)
        decree(m, t, head);
    if (!m->issuer)
        m->issuer = adoption_issuer(t, head < 2000 ? head : pol__utf8_floor(t, 2000));
    if (!m->doc_number) {
        m->doc_number = regex_first("[\\p{Han}]{1,12}[〔\\[［(（][0-9]{4}[〕\\]］)）][0-9]{1,4}号",
                                    t, head, 0);
    }
    if (!m->date || !m->issuer)
        signature(m, t, len);
    if (!m->date) {
        /* a date in the title line region, e.g. 2009年2月28日 …通过 */
        char *v = regex_first("(\\d{4}年\\d{1,2}月\\d{1,2}日)", t, len < 600 ? len : pol__utf8_floor(t, 600), 1);
        if (v) {
            m->date = pol__meta_date(v);
            free(v);
        }
    }
    if (!m->type) {
        const char *ty = pol__meta_type(m->title);
        if (ty)
            m->type = pol__strdup(ty);
    }
    if (!m->region) {
        const char *r = pol__meta_region(m->title);
        if (!r)
            r = pol__meta_region(m->issuer);
        if (r)
            m->region = pol__strdup(r);
    }
}
