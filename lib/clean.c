/* clean.c — removes page chrome and boilerplate from text: download-site
 * headers and page lists, share links, "scan to open on your phone" footers,
 * font-size toolbars, copyright/ICP lines, encyclopedia widgets and licence
 * notices. A line is dropped only when it is short and matches a pattern, so
 * body paragraphs that merely mention such words survive.
 * Not yet: judging lines by their repetition across a source's documents. */
#include "document_int.h"

#include <string.h>

/* Whole line equals one of these (after trimming). */
static const char *const exact_lines[] = {
    "返回 下载 相关 举报", "点击查看更多>>", "资源描述", "展开阅读全文", "相关资源",
    "正为您匹配相似的精品文档", "相关搜索", "最新文档", "锁定", "鎖定", "Public domain",
    "public domain", "false", "true", "分享到", "打印本页", "关闭窗口", "【打印】", "【关闭】",
    "複製鏈接", "复制链接", "收藏", "查看我的收藏", "打印", "下载", "相关报道：",
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
    size_t k = strlen(needle);
    if (k > n)
        return 0;
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == needle[0] && !memcmp(s + i, needle, k))
            return 1;
    return 0;
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
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (n >= strlen(prefixes[i]) && !memcmp(s, prefixes[i], strlen(prefixes[i])))
            return 1;
    if (has(s, n, "由会员分享") && has(s, n, "请在") && has(s, n, "上搜索"))
        return 1; /* 《…》由会员分享,可在线阅读,…请在…上搜索 */
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
        else break;
    }
    *s = p;
    *n = k;
}

void pol__clean_text(pol_buf *out, const char *text, size_t len)
{
    size_t i = 0;
    int blank = 1; /* no blank lines at the start */
    while (i < len) {
        const char *e = memchr(text + i, '\n', len - i);
        size_t end = e ? (size_t)(e - text) : len;
        const char *line = text + i;
        size_t n = end - i;
        i = end + 1;
        trim(&line, &n);
        if (n == 0) {
            if (!blank)
                pol__buf_addc(out, '\n');
            blank = 1;
            continue;
        }
        if (is_chrome(line, n))
            continue;
        /* keep the line's leading indentation out: headings are line-initial */
        pol__buf_add(out, line, n);
        pol__buf_addc(out, '\n');
        blank = 0;
    }
    while (out->len >= 2 && out->data[out->len - 1] == '\n' && out->data[out->len - 2] == '\n')
        out->len--;
    if (out->data)
        out->data[out->len] = '\0';
}
