/* clean.c — removes page chrome and boilerplate from text: download-site
 * headers and page lists, share links, "scan to open on your phone" footers,
 * font-size toolbars, copyright/ICP lines, encyclopedia widgets and licence
 * notices. A line is dropped only when it is short and matches a pattern, so
 * body paragraphs that merely mention such words survive.
 * Also: blocks of lines that open or close many documents of one source
 * (licence notices of a collection, site headers) go, judged by repetition. */
#define _GNU_SOURCE /* memmem */
#include "document_int.h"

#include <stdlib.h>
#include <string.h>

/* Whole line equals one of these (after trimming). */
static const char *const exact_lines[] = {
    "返回 下载 相关 举报", "点击查看更多>>", "资源描述", "展开阅读全文", "相关资源",
    "正为您匹配相似的精品文档", "相关搜索", "最新文档", "锁定", "鎖定", "Public domain",
    "public domain", "false", "true", "分享到", "打印本页", "关闭窗口", "【打印】", "【关闭】",
    "複製鏈接", "复制链接", "收藏", "查看我的收藏", "打印", "下载", "相关报道：", "首页", "×",
    "【", "】", "分享:", "分享：", "相关文档：", "相关文档:", "相关链接：", "【字体：", "【字号：",
    "|",
};

/* Labels of news pages standing alone on a line; their value, when short,
 * is on the next line ("来源:" / "四川日报"). 发布时间 and 发布单位 are not
 * among them: they are the document's own metadata. */
static const char *const page_labels[] = {
    "来源", "发表时间", "时间", "阅读量", "浏览量", "浏览次数", "作者", "编辑", "责任编辑", "分享",
};

static int page_label(const char *s, size_t n)
{
    if (n > 3 && !memcmp(s + n - 3, "：", 3))
        n -= 3;
    else if (n > 1 && s[n - 1] == ':')
        n -= 1;
    else
        return 0;
    for (size_t i = 0; i < sizeof page_labels / sizeof *page_labels; i++)
        if (strlen(page_labels[i]) == n && !memcmp(s, page_labels[i], n))
            return 1;
    return 0;
}

/* Short lines (up to 30 characters) starting with one of these: sources,
 * editors and locations of news pages. */
static const char *const short_prefixes[] = {
    "来源：", "来源:", "（来源：", "(来源:", "编辑：", "编辑:", "责编：", "您的位置", "您所在的位置",
    "分享到", "作者：", "发布时间：", "浏览次数", "阅读次数", "点击数：",
};

/* Lines starting with one of these (download-site headers, breadcrumbs). */
static const char *const prefixes[] = {
    "上传人:", "上传人：", "文档编号:", "当前位置：", "当前位置:", "责任编辑：", "责任编辑:",
};

/* Lines containing one of these, when the line is not much longer than the
 * phrase itself (so that a paragraph that mentions it survives). */
static const char *const contains[] = {
    "扫一扫在手机打开当前页", "由会员分享", "请在金锄头文库上搜索", "請複製以下鏈接發送給好友",
    "请复制以下链接发送给好友", "下载 打印 全屏 收藏", "【字号：", "【字号:", "版权所有", "ICP备",
    "公网安备", "电脑版", "【我要纠错】", "本作品在全世界都属于公有领域",
    "本作品在中华人民共和国境内属于公有领域", "根据《中华人民共和国著作权法》第五条",
    "此作品在中华人民共和国", "Public domain", "点击查看更多",
};

static size_t utf8_chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static int has(const char *s, size_t n, const char *needle)
{
    /* glibc's memmem skips ahead by a hash of byte pairs: a CJK needle's
     * first byte starts every third byte of Chinese text, which made a
     * byte-by-byte scan 2% of indexing CPU */
    return memmem(s, n, needle, strlen(needle)) != NULL;
}

/* "第3页 / 共91页", "xxx.doc_第3页": page lists of document-sharing sites. */
static int page_marker(const char *s, size_t n)
{
    if (n >= 6 && !memcmp(s + n - 3, "页", 3)) {
        if (has(s, n, "页 / 共") || has(s, n, "页/共"))
            return 1;
        if (has(s, n, "_第"))
            return 1;
    }
    return 0;
}

/* A publishing time alone on a line: "2026年02月10日 07时41分",
 * "2026-01-31 07:00:44" (a date with a time of day, nothing else). */
static int timestamp_line(const char *s, size_t n)
{
    static const char *const parts[] = { "年", "月", "日", "时", "分", "秒" };
    size_t digits = 0, colon = 0;
    if (utf8_chars(s, n) > 25)
        return 0;
    for (size_t i = 0; i < n;) {
        char c = s[i];
        if (c >= '0' && c <= '9') { digits++; i++; continue; }
        if (c == '-' || c == '/' || c == ' ' || c == '.') { i++; continue; }
        if (c == ':') { colon++; i++; continue; }
        int hit = 0;
        for (size_t k = 0; k < sizeof parts / sizeof *parts && !hit; k++)
            if (i + 3 <= n && !memcmp(s + i, parts[k], 3)) {
                hit = 1;
                colon += k >= 3;
            }
        if (!hit)
            return 0;
        i += 3;
    }
    return digits >= 10 && colon >= 1;
}

/* Font-size toolbars ("【字体：" 大 中 小 】) spread over lines. */
static int toolbar_item(const char *s, size_t n)
{
    static const char *const items[] = { "大", "中", "小", "】", "默认", "加大", "减小", "还原", "A+", "A-" };
    for (size_t i = 0; i < sizeof items / sizeof *items; i++)
        if (strlen(items[i]) == n && !memcmp(s, items[i], n))
            return 1;
    return 0;
}

static int is_chrome(const char *s, size_t n)
{
    size_t chars = utf8_chars(s, n);
    for (size_t i = 0; i < sizeof exact_lines / sizeof *exact_lines; i++)
        if (strlen(exact_lines[i]) == n && !memcmp(s, exact_lines[i], n))
            return 1;
    if (chars > 200)
        return 0;
    if (page_marker(s, n))
        return 1;
    if (chars <= 30)
        for (size_t i = 0; i < sizeof short_prefixes / sizeof *short_prefixes; i++)
            if (n >= strlen(short_prefixes[i]) && !memcmp(s, short_prefixes[i], strlen(short_prefixes[i])))
                return 1;
    if (timestamp_line(s, n))
        return 1;
    /* photo captions of news pages: "… 贵州日报天眼新闻记者 李森 摄" */
    if (chars <= 100 && n > 4 && !memcmp(s + n - 4, " \xe6\x91\x84", 4) && has(s, n, "记者"))
        return 1;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (n >= strlen(prefixes[i]) && !memcmp(s, prefixes[i], strlen(prefixes[i])))
            return 1;
    if (has(s, n, "由会员分享") && has(s, n, "请在") && has(s, n, "上搜索"))
        return 1; /* 《…》由会员分享,可在线阅读,…请在…上搜索 */
    /* public-domain licence notices (Wikisource) */
    if ((has(s, n, "公有领域") || has(s, n, "公有領域")) && (chars <= 120 || has(s, n, "作品")))
        return 1;
    if ((has(s, n, "本作品") || has(s, n, "这部作品") || has(s, n, "這部作品")) &&
        (has(s, n, "著作权") || has(s, n, "著作權") || has(s, n, "版权") || has(s, n, "版權")))
        return 1;
    for (size_t i = 0; i < sizeof contains / sizeof *contains; i++)
        if (chars <= utf8_chars(contains[i], strlen(contains[i])) * 2 + 40 && has(s, n, contains[i]))
            return 1;
    return 0;
}

/* Leading/trailing blanks of a line, including U+3000 and NBSP. */
static void trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t k = *n;
    for (;;) {
        if (k && (*p == ' ' || *p == '\t' || *p == '\r')) { p++; k--; }
        else if (k >= 3 && !memcmp(p, "\xe3\x80\x80", 3)) { p += 3; k -= 3; }
        else if (k >= 2 && !memcmp(p, "\xc2\xa0", 2)) { p += 2; k -= 2; }
        else break;
    }
    for (;;) {
        if (k && (p[k - 1] == ' ' || p[k - 1] == '\t' || p[k - 1] == '\r')) k--;
        else if (k >= 3 && !memcmp(p + k - 3, "\xe3\x80\x80", 3)) k -= 3;
        else if (k >= 3 && !memcmp(p + k - 3, "\xef\xbf\xbd", 3)) k -= 3; /* cut-off character */
        else if (k >= 2 && !memcmp(p + k - 2, "\xc2\xa0", 2)) k -= 2;
        else if (k >= 4 && !memcmp(p + k - 4, "&sp;", 4)) k -= 4; /* a broken &nbsp; of the page */
        else break;
    }
    *s = p;
    *n = k;
}

/* Document-sharing sites show a preview as numbered chunks of a fixed size,
 * "1、…" "2、…", each cut wherever the size ran out. A run of at least three
 * lines numbered 1, 2, 3 … in order with only blank lines between them,
 * each long, and most ending mid-sentence, is such a preview: the numbers
 * are dropped and the chunks joined. Returns the count of chunk lines and
 * fills starts[] with their offsets (at most max). */
static size_t chunk_lines(const char *text, size_t len, size_t *starts, size_t max)
{
    size_t n = 0, cut = 0, shorts = 0, i = 0, expect = 1, last_end = 0;
    int last_short = 0;
    while (i < len && n < max) {
        const char *e = memchr(text + i, '\n', len - i);
        size_t end = e ? (size_t)(e - text) : len;
        const char *line = text + i;
        size_t k = end - i, at = i;
        i = end + 1;
        trim(&line, &k);
        if (k == 0)
            continue;
        size_t d = 0, v = 0;
        while (d < k && d < 4 && line[d] >= '0' && line[d] <= '9')
            v = v * 10 + (size_t)(line[d++] - '0');
        int numbered = d && k >= d + 3 && !memcmp(line + d, "、", 3);
        int is_short = utf8_chars(line, k) < 150;
        if (numbered && v == expect) {
            /* only blank lines since the previous chunk */
            int gap_blank = 1;
            for (size_t j = last_end; n && j < at; j++)
                if (text[j] != '\n' && text[j] != ' ' && text[j] != '\r' && text[j] != '\t')
                    gap_blank = 0;
            if (gap_blank) {
                static const char *const closers[] = { "。", "！", "？", "；", "”", "）", "」" };
                int closed = 0;
                for (size_t c = 0; c < sizeof closers / sizeof *closers; c++)
                    closed |= k >= 3 && !memcmp(line + k - 3, closers[c], 3);
                cut += !closed;
                shorts += is_short;
                last_short = is_short;
                starts[n++] = at;
                expect++;
                last_end = end;
                continue;
            }
        }
        if (n >= 3)
            break;
        n = 0;
        cut = 0;
        shorts = 0;
        expect = 1;
        if (numbered && v == 1 && !is_short) {
            /* a new run starts here */
            starts[n++] = at;
            expect = 2;
            last_end = end;
        }
    }
    /* every chunk long but perhaps the last; most cut mid-sentence */
    int sizes_ok = shorts == 0 || (shorts == 1 && last_short);
    return n >= 3 && sizes_ok && cut * 2 >= n - 1 ? n : 0;
}

/* Flattened text (a whole document on one line) loses its headings into the
 * running text: "…特制定本规划。一、基础和背景(一)三年对口帮扶主要成效近三年来…".
 * In lines longer than FLAT_CHARS, a line break goes before each heading
 * marker that follows a sentence end (or directly a heading just broken
 * out) and continues its numbering: 一、 after 。 when the last 一、 seen
 * was none or the one before. Tables of contents ("前言1一、基础和背景3")
 * have page numbers, not sentence ends, before their markers and stay. */
#define FLAT_CHARS 1000

static const char *const cn_digit[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九" };

/* Value of a Chinese numeral 一..九十九 at s, its length in *len; 0 if none. */
static unsigned cn_value(const char *s, size_t n, size_t *len)
{
    unsigned v = 0, tens = 0;
    size_t i = 0;
    for (int pass = 0; pass < 3; pass++) {
        int hit = 0;
        for (unsigned d = 0; d < 9 && !hit; d++)
            if (i + 3 <= n && !memcmp(s + i, cn_digit[d], 3)) {
                v = d + 1;
                i += 3;
                hit = 1;
            }
        if (!hit && i + 3 <= n && !memcmp(s + i, "十", 3) && !tens) {
            tens = (v ? v : 1) * 10;
            v = 0;
            i += 3;
            hit = 1;
        }
        if (!hit)
            break;
    }
    *len = i;
    return tens + v;
}

/* A heading marker at s: form 1 = 一、, 2 = (一)/（一）, 3 = 1、/1．, 4 = (1)/（1）;
 * *val its number, *len its length. 0 when none. */
static int marker_at(const char *s, size_t n, unsigned *val, size_t *len)
{
    size_t k;
    unsigned v = cn_value(s, n, &k);
    if (v && k + 3 <= n && !memcmp(s + k, "、", 3)) {
        *val = v;
        *len = k + 3;
        return 1;
    }
    size_t o = n >= 3 && !memcmp(s, "（", 3) ? 3 : n && s[0] == '(' ? 1 : 0;
    if (o) {
        int form = 2;
        v = cn_value(s + o, n - o, &k);
        if (!v) {
            form = 4;
            for (k = 0; o + k < n && k < 2 && s[o + k] >= '0' && s[o + k] <= '9'; k++)
                v = v * 10 + (unsigned)(s[o + k] - '0');
        }
        if (v && o + k + 3 <= n && !memcmp(s + o + k, "）", 3)) { *val = v; *len = o + k + 3; return form; }
        if (v && o + k < n && s[o + k] == ')') { *val = v; *len = o + k + 1; return form; }
        return 0;
    }
    v = 0;
    for (k = 0; k < n && k < 2 && s[k] >= '0' && s[k] <= '9'; k++)
        v = v * 10 + (unsigned)(s[k] - '0');
    if (v && k + 3 <= n && (!memcmp(s + k, "、", 3) || !memcmp(s + k, "．", 3))) {
        *val = v;
        *len = k + 3;
        return 3;
    }
    return 0;
}

static void add_unflattened(pol_buf *out, const char *s, size_t n)
{
    unsigned last[5] = { 0 };
    size_t heading_end = (size_t)-1; /* where the last broken-out marker ended */
    size_t from = 0;
    for (size_t i = 0; i < n;) {
        size_t cl = pol__utf8_len((unsigned char)s[i]);
        /* after a sentence end, spaces allowed between (not after any space
         * or colon: in whitespace-flattened text such as ncp_policies_qa's,
         * splitting there too made the sections of those documents rank
         * worse) */
        size_t b = i;
        while (b > 0 && s[b - 1] == ' ')
            b--;
        int after_stop = b >= 3 && (!memcmp(s + b - 3, "。", 3) || !memcmp(s + b - 3, "！", 3) ||
                                    !memcmp(s + b - 3, "？", 3) || !memcmp(s + b - 3, "；", 3));
        int near_heading = heading_end != (size_t)-1 && i > heading_end && i - heading_end <= 60;
        unsigned v;
        size_t ml;
        int f = (after_stop || near_heading) && i > 0 ? marker_at(s + i, n - i, &v, &ml) : 0;
        /* a list continues (v = last + 1) or a deeper list starts after a
         * heading just broken out */
        if (f && (v == last[f] + 1 || (v == 1 && near_heading)) && (after_stop || v == 1)) {
            /* the spaces before the break go with it */
            size_t e = i;
            while (e > from && (s[e - 1] == ' ' || (e - from >= 3 && !memcmp(s + e - 3, "\xe3\x80\x80", 3))))
                e -= s[e - 1] == ' ' ? 1 : 3;
            pol__buf_add(out, s + from, e - from);
            pol__buf_addc(out, '\n');
            from = i;
            last[f] = v;
            for (int d = f + 1; d < 5; d++)
                last[d] = 0;
            heading_end = i + ml;
            i += ml;
            continue;
        }
        i += cl;
    }
    pol__buf_add(out, s + from, n - from);
}

/* Does a line start with punctuation that continues the line before (wiki
 * links and page breaks split "…所作的\n政府工作报告\n。会议…")? */
static int continues(const char *s, size_t n)
{
    static const char *const p[] = { "，", "。", "、", "；", "：", "》", "）", "」", "』", "！", "？", "”" };
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        if (n >= 3 && !memcmp(s, p[i], 3))
            return 1;
    return 0;
}

static int ends_sentence(const char *s, size_t n)
{
    static const char *const p[] = { "。", "！", "？", "；", "：", "”" };
    for (size_t i = 0; i < sizeof p / sizeof *p; i++)
        if (n >= 3 && !memcmp(s + n - 3, p[i], 3))
            return 1;
    return 0;
}

/* Pass 1: trimmed lines, blank runs collapsed, preview chunks joined,
 * split lines rejoined. */
static void join_lines(pol_buf *out, const char *text, size_t len)
{
    size_t chunks[4096];
    size_t nchunks = chunk_lines(text, len, chunks, sizeof chunks / sizeof *chunks), next = 0;
    size_t i = 0, cur = (size_t)-1, prev = (size_t)-1; /* starts of the last two lines in out */
    int blank = 1; /* no blank lines at the start */
    while (i < len) {
        const char *e = memchr(text + i, '\n', len - i);
        size_t end = e ? (size_t)(e - text) : len;
        const char *line = text + i;
        size_t n = end - i;
        int chunk = next < nchunks && chunks[next] == i;
        i = end + 1;
        trim(&line, &n);
        if (chunk) {
            /* drop the chunk number; join to the chunk before */
            while (*line >= '0' && *line <= '9')
                line++, n--;
            line += 3, n -= 3;
            if (next > 0 && out->len && out->data[out->len - 1] == '\n')
                out->len--;
            next++;
        }
        if (n == 0) {
            if (!blank && !(next > 0 && next < nchunks)) {
                pol__buf_addc(out, '\n');
                prev = cur = (size_t)-1;
            }
            blank = 1;
            continue;
        }
        if (!blank && cur != (size_t)-1 && continues(line, n) && out->len && out->data[out->len - 1] == '\n') {
            out->len--;
            /* a short piece between two halves of a sentence joins both */
            size_t plen = out->len - cur;
            unsigned v;
            size_t ml;
            if (prev != (size_t)-1 && utf8_chars(out->data + cur, plen) <= 20 &&
                !marker_at(out->data + cur, plen, &v, &ml) && !ends_sentence(out->data + prev, cur - 1 - prev)) {
                memmove(out->data + cur - 1, out->data + cur, plen);
                out->len--;
                cur = prev;
                prev = (size_t)-1;
            }
            pol__buf_add(out, line, n);
            pol__buf_addc(out, '\n');
            continue;
        }
        prev = blank ? (size_t)-1 : cur;
        cur = out->len;
        /* keep the line's leading indentation out: headings are line-initial */
        pol__buf_add(out, line, n);
        pol__buf_addc(out, '\n');
        blank = 0;
    }
}

void pol__clean_text(pol_buf *res, const char *text, size_t len)
{
    pol_buf tmp = POL_BUF_INIT;
    join_lines(&tmp, text, len);
    /* pass 2: chrome lines out; flattened lines get their headings back on
     * lines of their own */
    int blank = 1, toolbar = 0, crumb = 0, label_value = 0;
    size_t crumb_at = 0, crumb_len = 0;
    for (size_t a = 0; a < tmp.len;) {
        const char *e = memchr(tmp.data + a, '\n', tmp.len - a);
        size_t end = e ? (size_t)(e - tmp.data) : tmp.len;
        const char *line = tmp.data + a;
        size_t n = end - a;
        a = end + 1;
        if (n == 0) {
            if (!blank)
                pol__buf_addc(res, '\n');
            blank = 1;
            continue;
        }
        if (toolbar && toolbar_item(line, n))
            continue;
        toolbar = 0;
        if (crumb && utf8_chars(line, n) <= 12) {
            /* the page's place after a breadcrumb ">", and its repetition */
            if (crumb == 2 || (n == crumb_len && !memcmp(line, tmp.data + crumb_at, n))) {
                crumb_at = (size_t)(line - tmp.data);
                crumb_len = n;
                crumb = 1;
                continue;
            }
        }
        crumb = 0;
        if (label_value && utf8_chars(line, n) <= 12 && !is_chrome(line, n) && !page_label(line, n)) {
            label_value = 0;
            continue;
        }
        label_value = 0;
        if (page_label(line, n)) {
            label_value = 1;
            continue;
        }
        if ((n == 1 && line[0] == '>') || (n == 3 && !memcmp(line, "›", 3)) ||
            (n == 2 && !memcmp(line, "»", 2))) {
            crumb = 2;
            continue;
        }
        if (is_chrome(line, n)) {
            toolbar = has(line, n, "【字体") || has(line, n, "【字号");
            continue;
        }
        if (utf8_chars(line, n) > FLAT_CHARS)
            add_unflattened(res, line, n);
        else
            pol__buf_add(res, line, n);
        pol__buf_addc(res, '\n');
        blank = 0;
    }
    while (res->len >= 2 && res->data[res->len - 1] == '\n' && res->data[res->len - 2] == '\n')
        res->len--;
    if (tmp.oom)
        res->oom = 1;
    pol__buf_free(&tmp);
    if (res->data)
        res->data[res->len] = '\0';
}

/* ---- repetition across the documents of a source ---- */

typedef struct line_count {
    uint64_t hash;
    size_t docs;      /* documents holding the line */
    size_t last_doc;  /* the last document counted, + 1 */
} line_count;

static line_count *slot(line_count *t, size_t mask, uint64_t h)
{
    size_t i = (size_t)h & mask;
    while (t[i].hash && t[i].hash != h)
        i = (i + 1) & mask;
    return &t[i];
}

static uint64_t line_hash(const char *s, size_t n)
{
    uint64_t h = pol__hash64(s, n, 0x9e3779b97f4a7c15ULL);
    return h ? h : 1;
}

void pol__strip_repeated(pol_doc **docs, size_t n)
{
    if (n < 3)
        return;
    size_t lines = 0;
    for (size_t d = 0; d < n; d++)
        for (size_t i = 0; i < docs[d]->text_len; i++)
            lines += docs[d]->text[i] == '\n';
    size_t cap = 64;
    while (cap < 2 * (lines + n))
        cap *= 2;
    line_count *t = calloc(cap, sizeof *t);
    if (!t)
        return; /* cleaning by repetition is an improvement, not a need */
    for (size_t d = 0; d < n; d++) {
        const char *x = docs[d]->text;
        size_t len = docs[d]->text_len;
        for (size_t a = 0; a < len;) {
            const char *e = memchr(x + a, '\n', len - a);
            size_t end = e ? (size_t)(e - x) : len;
            if (end > a) {
                line_count *c = slot(t, cap - 1, line_hash(x + a, end - a));
                c->hash = line_hash(x + a, end - a);
                if (c->last_doc != d + 1) {
                    c->docs++;
                    c->last_doc = d + 1;
                }
            }
            a = end + 1;
        }
    }
    size_t need = n / 10 > 3 ? n / 10 : 3;
    for (size_t d = 0; d < n; d++) {
        char *x = docs[d]->text;
        size_t len = docs[d]->text_len;
        /* the trailing block: lines from the end while each is frequent */
        size_t keep = len, nl = 0, first_len = 0;
        while (keep > 0) {
            size_t end = keep;
            while (end > 0 && x[end - 1] == '\n')
                end--;
            size_t a = end;
            while (a > 0 && x[a - 1] != '\n')
                a--;
            if (end == a || slot(t, cap - 1, line_hash(x + a, end - a))->docs < need)
                break;
            keep = a;
            first_len = end - a;
            nl++;
        }
        /* one short closing line (特此通知。 谢谢！) is the text's own */
        if (nl == 1 && utf8_chars(x + keep, first_len) < 15)
            keep = len;
        /* the leading block likewise */
        size_t from = 0;
        nl = 0;
        while (from < keep) {
            while (from < keep && x[from] == '\n')
                from++;
            const char *e = memchr(x + from, '\n', keep - from);
            size_t end = e ? (size_t)(e - x) : keep;
            if (end == from || slot(t, cap - 1, line_hash(x + from, end - from))->docs < need)
                break;
            first_len = end - from;
            from = end;
            nl++;
        }
        if (nl == 1 && utf8_chars(x + from - first_len, first_len) < 15)
            from = 0;
        while (from < keep && x[from] == '\n')
            from++;
        if (from >= keep)
            continue; /* all of it repeats elsewhere: a duplicate, not boilerplate */
        if (from == 0 && keep == len)
            continue;
        while (keep > from && x[keep - 1] == '\n')
            keep--;
        /* keep < len here: room for the final line end */
        memmove(x, x + from, keep - from);
        x[keep - from] = '\n';
        x[keep - from + 1] = '\0';
        docs[d]->text_len = keep - from + 1;
    }
    free(t);
}
