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

static const char *const regions[] = {
    "北京市", "天津市", "上海市", "重庆市", "河北省", "山西省", "辽宁省", "吉林省", "黑龙江省",
    "江苏省", "浙江省", "安徽省", "福建省", "江西省", "山东省", "河南省", "湖北省", "湖南省",
    "广东省", "海南省", "四川省", "贵州省", "云南省", "陕西省", "甘肃省", "青海省", "台湾省",
    "内蒙古自治区", "广西壮族自治区", "西藏自治区", "宁夏回族自治区", "新疆维吾尔自治区",
    "香港特别行政区", "澳门特别行政区", NULL,
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
/* The prefecture-level divisions of mainland China, 333: 293 地级市, 30 自治州, 7 地区
 * and 3 盟, by province (the lists of the Ministry of Civil Affairs as of 2023).
 * Written by hand: no library on this system has them. A row: the short name a
 * question may use (or NULL), the full name (the region value), its province, and
 * for an autonomous prefecture the name documents use besides the full one (黔东南州).
 * A short name is left out (NULL: only the full name counts, 吉林市 but not 吉林)
 * when it names a province or another place too (吉林, 海南, 兴安 (兴安县), 朝阳
 * (北京朝阳区), 中山, 北海, 白山 (长白山), 黄山, the rivers 黑河 红河 怒江, the areas
 * 湘西 文山), or is a common word or runs into common phrases (长春 in 延长春节,
 * 大同 加大同级, 营口 经营口罩, 保定 确保定点, 定西 制定西部, 安顺 平安顺利, 和田 和田间,
 * 白银 真金白银, 阿里 阿里巴巴, 三明 三明治, 长治 长治久安, 四平 四平八稳, 山南 中山南路,
 * 海西 海峡西岸, 大理 大理石, 广安 推广安全, 通化 普通化妆品, 河源 江河源头, 海口 出海口,
 * 内江 区域内江河, 运城 停运城镇, 合肥 复合肥, 安康, 开封, 日照, 来宾, 大庆, 普洱, 中卫,
 * 玉树); 巴州
 * is not 巴音郭楞's other name (巴州区 is in 巴中). County-level cities under a
 * province (济源, 仙桃, ...) are not here. */
static const struct {
    const char *short_name, *name, *province, *other;
} cities[] = {
    { "石家庄", "石家庄市", "河北省", NULL }, { "唐山", "唐山市", "河北省", NULL },
    { "秦皇岛", "秦皇岛市", "河北省", NULL }, { "邯郸", "邯郸市", "河北省", NULL },
    { "邢台", "邢台市", "河北省", NULL }, { NULL, "保定市", "河北省", NULL },
    { "张家口", "张家口市", "河北省", NULL }, { "承德", "承德市", "河北省", NULL },
    { "沧州", "沧州市", "河北省", NULL }, { "廊坊", "廊坊市", "河北省", NULL },
    { "衡水", "衡水市", "河北省", NULL },
    { "太原", "太原市", "山西省", NULL }, { NULL, "大同市", "山西省", NULL },
    { "阳泉", "阳泉市", "山西省", NULL }, { NULL, "长治市", "山西省", NULL },
    { "晋城", "晋城市", "山西省", NULL }, { "朔州", "朔州市", "山西省", NULL },
    { "晋中", "晋中市", "山西省", NULL }, { NULL, "运城市", "山西省", NULL },
    { "忻州", "忻州市", "山西省", NULL }, { "临汾", "临汾市", "山西省", NULL },
    { "吕梁", "吕梁市", "山西省", NULL },
    { "呼和浩特", "呼和浩特市", "内蒙古自治区", NULL }, { "包头", "包头市", "内蒙古自治区", NULL },
    { "乌海", "乌海市", "内蒙古自治区", NULL }, { "赤峰", "赤峰市", "内蒙古自治区", NULL },
    { "通辽", "通辽市", "内蒙古自治区", NULL }, { "鄂尔多斯", "鄂尔多斯市", "内蒙古自治区", NULL },
    { "呼伦贝尔", "呼伦贝尔市", "内蒙古自治区", NULL },
    { "巴彦淖尔", "巴彦淖尔市", "内蒙古自治区", NULL },
    { "乌兰察布", "乌兰察布市", "内蒙古自治区", NULL }, { NULL, "兴安盟", "内蒙古自治区", NULL },
    { "锡林郭勒", "锡林郭勒盟", "内蒙古自治区", NULL },
    { "阿拉善", "阿拉善盟", "内蒙古自治区", NULL },
    { "沈阳", "沈阳市", "辽宁省", NULL }, { "大连", "大连市", "辽宁省", NULL },
    { "鞍山", "鞍山市", "辽宁省", NULL }, { "抚顺", "抚顺市", "辽宁省", NULL },
    { "本溪", "本溪市", "辽宁省", NULL }, { "丹东", "丹东市", "辽宁省", NULL },
    { "锦州", "锦州市", "辽宁省", NULL }, { NULL, "营口市", "辽宁省", NULL },
    { "阜新", "阜新市", "辽宁省", NULL }, { "辽阳", "辽阳市", "辽宁省", NULL },
    { "盘锦", "盘锦市", "辽宁省", NULL }, { "铁岭", "铁岭市", "辽宁省", NULL },
    { NULL, "朝阳市", "辽宁省", NULL }, { "葫芦岛", "葫芦岛市", "辽宁省", NULL },
    { NULL, "长春市", "吉林省", NULL }, { NULL, "吉林市", "吉林省", NULL },
    { NULL, "四平市", "吉林省", NULL }, { "辽源", "辽源市", "吉林省", NULL },
    { NULL, "通化市", "吉林省", NULL }, { NULL, "白山市", "吉林省", NULL },
    { "松原", "松原市", "吉林省", NULL }, { "白城", "白城市", "吉林省", NULL },
    { "延边", "延边朝鲜族自治州", "吉林省", "延边州" },
    { "哈尔滨", "哈尔滨市", "黑龙江省", NULL }, { "齐齐哈尔", "齐齐哈尔市", "黑龙江省", NULL },
    { "鸡西", "鸡西市", "黑龙江省", NULL }, { "鹤岗", "鹤岗市", "黑龙江省", NULL },
    { "双鸭山", "双鸭山市", "黑龙江省", NULL }, { NULL, "大庆市", "黑龙江省", NULL },
    { "伊春", "伊春市", "黑龙江省", NULL }, { "佳木斯", "佳木斯市", "黑龙江省", NULL },
    { "七台河", "七台河市", "黑龙江省", NULL }, { "牡丹江", "牡丹江市", "黑龙江省", NULL },
    { NULL, "黑河市", "黑龙江省", NULL }, { "绥化", "绥化市", "黑龙江省", NULL },
    { "大兴安岭", "大兴安岭地区", "黑龙江省", NULL },
    { "南京", "南京市", "江苏省", NULL }, { "无锡", "无锡市", "江苏省", NULL },
    { "徐州", "徐州市", "江苏省", NULL }, { "常州", "常州市", "江苏省", NULL },
    { "苏州", "苏州市", "江苏省", NULL }, { "南通", "南通市", "江苏省", NULL },
    { "连云港", "连云港市", "江苏省", NULL }, { "淮安", "淮安市", "江苏省", NULL },
    { "盐城", "盐城市", "江苏省", NULL }, { "扬州", "扬州市", "江苏省", NULL },
    { "镇江", "镇江市", "江苏省", NULL }, { "泰州", "泰州市", "江苏省", NULL },
    { "宿迁", "宿迁市", "江苏省", NULL },
    { "杭州", "杭州市", "浙江省", NULL }, { "宁波", "宁波市", "浙江省", NULL },
    { "温州", "温州市", "浙江省", NULL }, { "嘉兴", "嘉兴市", "浙江省", NULL },
    { "湖州", "湖州市", "浙江省", NULL }, { "绍兴", "绍兴市", "浙江省", NULL },
    { "金华", "金华市", "浙江省", NULL }, { "衢州", "衢州市", "浙江省", NULL },
    { "舟山", "舟山市", "浙江省", NULL }, { "台州", "台州市", "浙江省", NULL },
    { "丽水", "丽水市", "浙江省", NULL },
    { NULL, "合肥市", "安徽省", NULL }, { "芜湖", "芜湖市", "安徽省", NULL },
    { "蚌埠", "蚌埠市", "安徽省", NULL }, { "淮南", "淮南市", "安徽省", NULL },
    { "马鞍山", "马鞍山市", "安徽省", NULL }, { "淮北", "淮北市", "安徽省", NULL },
    { "铜陵", "铜陵市", "安徽省", NULL }, { "安庆", "安庆市", "安徽省", NULL },
    { NULL, "黄山市", "安徽省", NULL }, { "滁州", "滁州市", "安徽省", NULL },
    { "阜阳", "阜阳市", "安徽省", NULL }, { "宿州", "宿州市", "安徽省", NULL },
    { "六安", "六安市", "安徽省", NULL }, { "亳州", "亳州市", "安徽省", NULL },
    { "池州", "池州市", "安徽省", NULL }, { "宣城", "宣城市", "安徽省", NULL },
    { "福州", "福州市", "福建省", NULL }, { "厦门", "厦门市", "福建省", NULL },
    { "莆田", "莆田市", "福建省", NULL }, { NULL, "三明市", "福建省", NULL },
    { "泉州", "泉州市", "福建省", NULL }, { "漳州", "漳州市", "福建省", NULL },
    { "南平", "南平市", "福建省", NULL }, { "龙岩", "龙岩市", "福建省", NULL },
    { "宁德", "宁德市", "福建省", NULL },
    { "南昌", "南昌市", "江西省", NULL }, { "景德镇", "景德镇市", "江西省", NULL },
    { "萍乡", "萍乡市", "江西省", NULL }, { "九江", "九江市", "江西省", NULL },
    { "新余", "新余市", "江西省", NULL }, { "鹰潭", "鹰潭市", "江西省", NULL },
    { "赣州", "赣州市", "江西省", NULL }, { "吉安", "吉安市", "江西省", NULL },
    { "宜春", "宜春市", "江西省", NULL }, { "抚州", "抚州市", "江西省", NULL },
    { "上饶", "上饶市", "江西省", NULL },
    { "济南", "济南市", "山东省", NULL }, { "青岛", "青岛市", "山东省", NULL },
    { "淄博", "淄博市", "山东省", NULL }, { "枣庄", "枣庄市", "山东省", NULL },
    { "东营", "东营市", "山东省", NULL }, { "烟台", "烟台市", "山东省", NULL },
    { "潍坊", "潍坊市", "山东省", NULL }, { "济宁", "济宁市", "山东省", NULL },
    { "泰安", "泰安市", "山东省", NULL }, { "威海", "威海市", "山东省", NULL },
    { NULL, "日照市", "山东省", NULL }, { "临沂", "临沂市", "山东省", NULL },
    { "德州", "德州市", "山东省", NULL }, { "聊城", "聊城市", "山东省", NULL },
    { "滨州", "滨州市", "山东省", NULL }, { "菏泽", "菏泽市", "山东省", NULL },
    { "郑州", "郑州市", "河南省", NULL }, { NULL, "开封市", "河南省", NULL },
    { "洛阳", "洛阳市", "河南省", NULL }, { "平顶山", "平顶山市", "河南省", NULL },
    { "安阳", "安阳市", "河南省", NULL }, { "鹤壁", "鹤壁市", "河南省", NULL },
    { "新乡", "新乡市", "河南省", NULL }, { "焦作", "焦作市", "河南省", NULL },
    { "濮阳", "濮阳市", "河南省", NULL }, { "许昌", "许昌市", "河南省", NULL },
    { "漯河", "漯河市", "河南省", NULL }, { "三门峡", "三门峡市", "河南省", NULL },
    { "南阳", "南阳市", "河南省", NULL }, { "商丘", "商丘市", "河南省", NULL },
    { "信阳", "信阳市", "河南省", NULL }, { "周口", "周口市", "河南省", NULL },
    { "驻马店", "驻马店市", "河南省", NULL },
    { "武汉", "武汉市", "湖北省", NULL }, { "黄石", "黄石市", "湖北省", NULL },
    { "十堰", "十堰市", "湖北省", NULL }, { "宜昌", "宜昌市", "湖北省", NULL },
    { "襄阳", "襄阳市", "湖北省", NULL }, { "鄂州", "鄂州市", "湖北省", NULL },
    { "荆门", "荆门市", "湖北省", NULL }, { "孝感", "孝感市", "湖北省", NULL },
    { "荆州", "荆州市", "湖北省", NULL }, { "黄冈", "黄冈市", "湖北省", NULL },
    { "咸宁", "咸宁市", "湖北省", NULL }, { "随州", "随州市", "湖北省", NULL },
    { "恩施", "恩施土家族苗族自治州", "湖北省", "恩施州" },
    { "长沙", "长沙市", "湖南省", NULL }, { "株洲", "株洲市", "湖南省", NULL },
    { "湘潭", "湘潭市", "湖南省", NULL }, { "衡阳", "衡阳市", "湖南省", NULL },
    { "邵阳", "邵阳市", "湖南省", NULL }, { "岳阳", "岳阳市", "湖南省", NULL },
    { "常德", "常德市", "湖南省", NULL }, { "张家界", "张家界市", "湖南省", NULL },
    { "益阳", "益阳市", "湖南省", NULL }, { "郴州", "郴州市", "湖南省", NULL },
    { "永州", "永州市", "湖南省", NULL }, { "怀化", "怀化市", "湖南省", NULL },
    { "娄底", "娄底市", "湖南省", NULL }, { NULL, "湘西土家族苗族自治州", "湖南省", "湘西州" },
    { "广州", "广州市", "广东省", NULL }, { "韶关", "韶关市", "广东省", NULL },
    { "深圳", "深圳市", "广东省", NULL }, { "珠海", "珠海市", "广东省", NULL },
    { "汕头", "汕头市", "广东省", NULL }, { "佛山", "佛山市", "广东省", NULL },
    { "江门", "江门市", "广东省", NULL }, { "湛江", "湛江市", "广东省", NULL },
    { "茂名", "茂名市", "广东省", NULL }, { "肇庆", "肇庆市", "广东省", NULL },
    { "惠州", "惠州市", "广东省", NULL }, { "梅州", "梅州市", "广东省", NULL },
    { "汕尾", "汕尾市", "广东省", NULL }, { NULL, "河源市", "广东省", NULL },
    { "阳江", "阳江市", "广东省", NULL }, { "清远", "清远市", "广东省", NULL },
    { "东莞", "东莞市", "广东省", NULL }, { NULL, "中山市", "广东省", NULL },
    { "潮州", "潮州市", "广东省", NULL }, { "揭阳", "揭阳市", "广东省", NULL },
    { "云浮", "云浮市", "广东省", NULL },
    { "南宁", "南宁市", "广西壮族自治区", NULL }, { "柳州", "柳州市", "广西壮族自治区", NULL },
    { "桂林", "桂林市", "广西壮族自治区", NULL }, { "梧州", "梧州市", "广西壮族自治区", NULL },
    { NULL, "北海市", "广西壮族自治区", NULL }, { "防城港", "防城港市", "广西壮族自治区", NULL },
    { "钦州", "钦州市", "广西壮族自治区", NULL }, { "贵港", "贵港市", "广西壮族自治区", NULL },
    { "玉林", "玉林市", "广西壮族自治区", NULL }, { "百色", "百色市", "广西壮族自治区", NULL },
    { "贺州", "贺州市", "广西壮族自治区", NULL }, { "河池", "河池市", "广西壮族自治区", NULL },
    { NULL, "来宾市", "广西壮族自治区", NULL }, { "崇左", "崇左市", "广西壮族自治区", NULL },
    { NULL, "海口市", "海南省", NULL }, { "三亚", "三亚市", "海南省", NULL },
    { "三沙", "三沙市", "海南省", NULL }, { "儋州", "儋州市", "海南省", NULL },
    { "成都", "成都市", "四川省", NULL }, { "自贡", "自贡市", "四川省", NULL },
    { "攀枝花", "攀枝花市", "四川省", NULL }, { "泸州", "泸州市", "四川省", NULL },
    { "德阳", "德阳市", "四川省", NULL }, { "绵阳", "绵阳市", "四川省", NULL },
    { "广元", "广元市", "四川省", NULL }, { "遂宁", "遂宁市", "四川省", NULL },
    { NULL, "内江市", "四川省", NULL }, { "乐山", "乐山市", "四川省", NULL },
    { "南充", "南充市", "四川省", NULL }, { "眉山", "眉山市", "四川省", NULL },
    { "宜宾", "宜宾市", "四川省", NULL }, { NULL, "广安市", "四川省", NULL },
    { "达州", "达州市", "四川省", NULL }, { "雅安", "雅安市", "四川省", NULL },
    { "巴中", "巴中市", "四川省", NULL }, { "资阳", "资阳市", "四川省", NULL },
    { "阿坝", "阿坝藏族羌族自治州", "四川省", "阿坝州" },
    { "甘孜", "甘孜藏族自治州", "四川省", "甘孜州" },
    { "凉山", "凉山彝族自治州", "四川省", "凉山州" },
    { "贵阳", "贵阳市", "贵州省", NULL }, { "六盘水", "六盘水市", "贵州省", NULL },
    { "遵义", "遵义市", "贵州省", NULL }, { NULL, "安顺市", "贵州省", NULL },
    { "毕节", "毕节市", "贵州省", NULL }, { "铜仁", "铜仁市", "贵州省", NULL },
    { "黔西南", "黔西南布依族苗族自治州", "贵州省", "黔西南州" },
    { "黔东南", "黔东南苗族侗族自治州", "贵州省", "黔东南州" },
    { "黔南", "黔南布依族苗族自治州", "贵州省", "黔南州" },
    { "昆明", "昆明市", "云南省", NULL }, { "曲靖", "曲靖市", "云南省", NULL },
    { "玉溪", "玉溪市", "云南省", NULL }, { "保山", "保山市", "云南省", NULL },
    { "昭通", "昭通市", "云南省", NULL }, { "丽江", "丽江市", "云南省", NULL },
    { NULL, "普洱市", "云南省", NULL }, { "临沧", "临沧市", "云南省", NULL },
    { "楚雄", "楚雄彝族自治州", "云南省", "楚雄州" },
    { NULL, "红河哈尼族彝族自治州", "云南省", "红河州" },
    { NULL, "文山壮族苗族自治州", "云南省", "文山州" },
    { "西双版纳", "西双版纳傣族自治州", "云南省", "西双版纳州" },
    { NULL, "大理白族自治州", "云南省", "大理州" },
    { "德宏", "德宏傣族景颇族自治州", "云南省", "德宏州" },
    { NULL, "怒江傈僳族自治州", "云南省", "怒江州" },
    { "迪庆", "迪庆藏族自治州", "云南省", "迪庆州" },
    { "拉萨", "拉萨市", "西藏自治区", NULL }, { "日喀则", "日喀则市", "西藏自治区", NULL },
    { "昌都", "昌都市", "西藏自治区", NULL }, { "林芝", "林芝市", "西藏自治区", NULL },
    { NULL, "山南市", "西藏自治区", NULL }, { "那曲", "那曲市", "西藏自治区", NULL },
    { NULL, "阿里地区", "西藏自治区", NULL },
    { "西安", "西安市", "陕西省", NULL }, { "铜川", "铜川市", "陕西省", NULL },
    { "宝鸡", "宝鸡市", "陕西省", NULL }, { "咸阳", "咸阳市", "陕西省", NULL },
    { "渭南", "渭南市", "陕西省", NULL }, { "延安", "延安市", "陕西省", NULL },
    { "汉中", "汉中市", "陕西省", NULL }, { "榆林", "榆林市", "陕西省", NULL },
    { NULL, "安康市", "陕西省", NULL }, { "商洛", "商洛市", "陕西省", NULL },
    { "兰州", "兰州市", "甘肃省", NULL }, { "嘉峪关", "嘉峪关市", "甘肃省", NULL },
    { "金昌", "金昌市", "甘肃省", NULL }, { NULL, "白银市", "甘肃省", NULL },
    { "天水", "天水市", "甘肃省", NULL }, { "武威", "武威市", "甘肃省", NULL },
    { "张掖", "张掖市", "甘肃省", NULL }, { "平凉", "平凉市", "甘肃省", NULL },
    { "酒泉", "酒泉市", "甘肃省", NULL }, { "庆阳", "庆阳市", "甘肃省", NULL },
    { NULL, "定西市", "甘肃省", NULL }, { "陇南", "陇南市", "甘肃省", NULL },
    { "临夏", "临夏回族自治州", "甘肃省", "临夏州" },
    { "甘南", "甘南藏族自治州", "甘肃省", "甘南州" },
    { "西宁", "西宁市", "青海省", NULL }, { "海东", "海东市", "青海省", NULL },
    { "海北", "海北藏族自治州", "青海省", "海北州" },
    { "黄南", "黄南藏族自治州", "青海省", "黄南州" },
    { NULL, "海南藏族自治州", "青海省", "海南州" },
    { "果洛", "果洛藏族自治州", "青海省", "果洛州" },
    { NULL, "玉树藏族自治州", "青海省", "玉树州" },
    { NULL, "海西蒙古族藏族自治州", "青海省", "海西州" },
    { "银川", "银川市", "宁夏回族自治区", NULL }, { "石嘴山", "石嘴山市", "宁夏回族自治区", NULL },
    { "吴忠", "吴忠市", "宁夏回族自治区", NULL }, { "固原", "固原市", "宁夏回族自治区", NULL },
    { NULL, "中卫市", "宁夏回族自治区", NULL },
    { "乌鲁木齐", "乌鲁木齐市", "新疆维吾尔自治区", NULL },
    { "克拉玛依", "克拉玛依市", "新疆维吾尔自治区", NULL },
    { "吐鲁番", "吐鲁番市", "新疆维吾尔自治区", NULL },
    { "哈密", "哈密市", "新疆维吾尔自治区", NULL },
    { "昌吉", "昌吉回族自治州", "新疆维吾尔自治区", "昌吉州" },
    { "博尔塔拉", "博尔塔拉蒙古自治州", "新疆维吾尔自治区", "博尔塔拉州" },
    { "巴音郭楞", "巴音郭楞蒙古自治州", "新疆维吾尔自治区", "巴音郭楞州" },
    { "克孜勒苏", "克孜勒苏柯尔克孜自治州", "新疆维吾尔自治区", "克孜勒苏州" },
    { "喀什", "喀什地区", "新疆维吾尔自治区", NULL },
    { NULL, "和田地区", "新疆维吾尔自治区", NULL },
    { "阿克苏", "阿克苏地区", "新疆维吾尔自治区", NULL },
    { "塔城", "塔城地区", "新疆维吾尔自治区", NULL },
    { "阿勒泰", "阿勒泰地区", "新疆维吾尔自治区", NULL },
    { "伊犁", "伊犁哈萨克自治州", "新疆维吾尔自治区", "伊犁州" },
};
/* County-level cities that share the name of the prefecture they are the seat
 * of: a place in that prefecture (大理市 in 大理白族自治州). */
static const char *const seats[][2] = {
    { "恩施市", "恩施土家族苗族自治州" }, { "楚雄市", "楚雄彝族自治州" },
    { "文山市", "文山壮族苗族自治州" }, { "大理市", "大理白族自治州" },
    { "临夏市", "临夏回族自治州" }, { "玉树市", "玉树藏族自治州" }, { "昌吉市", "昌吉回族自治州" },
    { "喀什市", "喀什地区" }, { "和田市", "和田地区" }, { "阿克苏市", "阿克苏地区" },
    { "塔城市", "塔城地区" }, { "阿勒泰市", "阿勒泰地区" },
};

/* Short names a question names a region by that a document's region is not
 * read from (titles such as 台湾同胞投资保护法 are national). */
static const char *const question_short_names[][2] = {
    { "香港", "香港特别行政区" }, { "澳门", "澳门特别行政区" }, { "台湾", "台湾省" },
};

/* The first characters of all the names above, by the low 12 bits of the code
 * point of a three-byte UTF-8 character (every name starts with one): at
 * most other characters of a text, no name can begin, and the loops over the
 * ~700 names are skipped. Set once (pthread_once); false hits only cost the
 * loops. */
static unsigned char initials[4096 / 8];
static pthread_once_t initials_once = PTHREAD_ONCE_INIT;
static int initials_off; /* tests: the loops run at every character */

static unsigned initial_bit(const char *p)
{
    return ((unsigned)(p[1] & 0x3f) << 6) | (unsigned)(p[2] & 0x3f);
}

static void add_initial(const char *name)
{
    if (name) {
        unsigned b = initial_bit(name);
        initials[b >> 3] |= (unsigned char)(1u << (b & 7));
    }
}

static void initials_make(void)
{
    for (int i = 0; regions[i]; i++)
        add_initial(regions[i]);
    for (size_t i = 0; i < sizeof short_names / sizeof *short_names; i++)
        add_initial(short_names[i][0]);
    for (size_t i = 0; i < sizeof cities / sizeof *cities; i++) {
        add_initial(cities[i].short_name);
        add_initial(cities[i].name);
        add_initial(cities[i].other);
    }
    for (size_t i = 0; i < sizeof seats / sizeof *seats; i++)
        add_initial(seats[i][0]);
    for (size_t i = 0; i < sizeof question_short_names / sizeof *question_short_names; i++)
        add_initial(question_short_names[i][0]);
}

/* 0 when no name starts at p. */
static int may_start_name(const char *p)
{
    if (initials_off)
        return 1;
    if (((unsigned char)p[0] & 0xf0) != 0xe0 || !p[1] || !p[2])
        return 0;
    pthread_once(&initials_once, initials_make);
    unsigned b = initial_bit(p);
    return initials[b >> 3] >> (b & 7) & 1;
}

void pol__meta_region_initials(int on) { initials_off = !on; }

/* The longest full name of a province or city (or a city's other name or
 * seat) at p: its length, *r the region. */
static size_t full_at(const char *p, const char **r)
{
    size_t best = 0;
    if (!may_start_name(p))
        return 0;
    for (int i = 0; regions[i]; i++) {
        size_t l = strlen(regions[i]);
        if (l > best && !strncmp(p, regions[i], l)) { best = l; *r = regions[i]; }
    }
    for (size_t i = 0; i < sizeof cities / sizeof *cities; i++) {
        size_t l = strlen(cities[i].name);
        if (l > best && !strncmp(p, cities[i].name, l)) { best = l; *r = cities[i].name; }
        l = cities[i].other ? strlen(cities[i].other) : 0;
        if (l > best && !strncmp(p, cities[i].other, l)) { best = l; *r = cities[i].name; }
    }
    for (size_t i = 0; i < sizeof seats / sizeof *seats; i++) {
        size_t l = strlen(seats[i][0]);
        if (l > best && !strncmp(p, seats[i][0], l)) { best = l; *r = seats[i][1]; }
    }
    return best;
}

/* The longest region name (full or short) at p: its length, *r the region. */
static size_t region_at(const char *p, const char **r)
{
    size_t best = full_at(p, r);
    if (!may_start_name(p))
        return 0;
    for (size_t i = 0; i < sizeof short_names / sizeof *short_names; i++) {
        size_t l = strlen(short_names[i][0]);
        if (l > best && !strncmp(p, short_names[i][0], l)) { best = l; *r = short_names[i][1]; }
    }
    for (size_t i = 0; i < sizeof cities / sizeof *cities; i++) {
        size_t l = cities[i].short_name ? strlen(cities[i].short_name) : 0;
        if (l > best && !strncmp(p, cities[i].short_name, l)) { best = l; *r = cities[i].name; }
    }
    return best;
}

static const char *province_of(const char *r)
{
    for (size_t i = 0; i < sizeof cities / sizeof *cities; i++)
        if (!strcmp(r, cities[i].name))
            return cities[i].province;
    return NULL;
}

static const char *next_char(const char *s)
{
    s++;
    while ((*s & 0xc0) == 0x80)
        s++;
    return s;
}

/* The region a title or issuer names: the earliest full name, the longest at
 * its place (a city of the province right after it is the finer place:
 * 福建省莆田市 is 莆田市); else a name, full or short, at the very start
 * (浙江人民政府, 莆田2026). */
const char *pol__meta_region(const char *s)
{
    if (!s)
        return NULL;
    const char *r = NULL;
    for (const char *p = s; *p; p = next_char(p)) {
        size_t l = full_at(p, &r);
        if (!l)
            continue;
        const char *c = NULL, *pc;
        if (full_at(p + l, &c) && (pc = province_of(c)) && !strcmp(pc, r))
            return c;
        return r;
    }
    return region_at(s, &r) ? r : NULL;
}

size_t pol__meta_regions_named(const char *s, const char **out, size_t max)
{
    size_t n = 0;
    while (s && *s) {
        const char *r = NULL;
        size_t l = region_at(s, &r);
        for (size_t i = 0; i < sizeof question_short_names / sizeof *question_short_names && may_start_name(s); i++) {
            size_t ql = strlen(question_short_names[i][0]);
            if (ql > l && !strncmp(s, question_short_names[i][0], ql)) { l = ql; r = question_short_names[i][1]; }
        }
        if (!l) {
            s = next_char(s);
            continue;
        }
        size_t k = 0;
        while (k < n && strcmp(out[k], r))
            k++;
        if (k == n && n < max)
            out[n++] = r;
        s += l;
    }
    return n;
}

int pol__meta_regions_related(const char *a, const char *b)
{
    const char *pa = province_of(a), *pb = province_of(b);
    return !strcmp(a, b) || (pa && !strcmp(pa, b)) || (pb && !strcmp(pb, a));
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

/* The first document number such as 国办发〔2013〕11号 in t[0..len): the
 * pattern run only around an opening bracket followed by four digits,
 * from 12 characters before it, not from every character of the text.
 * The same match as over the whole text: characters before the bracket
 * must all be Han (no bracket is), so a match ends at the first bracket
 * it can, and every earlier start lies in an earlier bracket's window. */
static char *doc_number(const char *t, size_t len)
{
    static const char pat[] = "[\\p{Han}]{1,12}[〔\\[［(（][0-9]{4}[〕\\]］)）][0-9]{1,4}号";
    static const char *const open[] = { "〔", "[", "［", "(", "（" };
    for (size_t b = 0; b < len; b++) {
        /* the first bytes of the opening brackets: 〔 E3, ［ （ EF, [ ( */
        unsigned char c0 = (unsigned char)t[b];
        if (c0 != 0xe3 && c0 != 0xef && c0 != '[' && c0 != '(')
            continue;
        size_t ol = 0;
        for (size_t i = 0; i < sizeof open / sizeof *open && !ol; i++) {
            size_t n = strlen(open[i]);
            if (len - b >= n && !memcmp(t + b, open[i], n))
                ol = n;
        }
        if (!ol || len - b - ol < 4)
            continue;
        const char *d = t + b + ol;
        if (!(d[0] >= '0' && d[0] <= '9' && d[1] >= '0' && d[1] <= '9' && d[2] >= '0' && d[2] <= '9' &&
              d[3] >= '0' && d[3] <= '9'))
            continue;
        size_t w = b;
        for (int c = 0; c < 12 && w > 0; c++) {
            w--;
            while (w > 0 && ((unsigned char)t[w] & 0xc0) == 0x80)
                w--;
        }
        /* bracket, 4 digits, closing bracket, up to 4 digits, 号 */
        size_t e = b + ol + 4 + 3 + 4 + 3 < len ? b + ol + 4 + 3 + 4 + 3 : len;
        char *r = regex_first(pat, t + w, e - w, 0);
        if (r)
            return r;
    }
    return NULL;
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
    if (!m->doc_number)
        m->doc_number = doc_number(t, head);
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
