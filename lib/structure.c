/* structure.c — the section tree of a cleaned text: line-initial headings of
 * the forms 一、 （一） 1. 1、 （1） ① 第X编/章/节/条 (also 第 一 章, 第 1 條)
 * and Markdown #. Levels come from nesting as in Pandoc or Word: a heading
 * form met again closes everything opened after it; a new form opens a level
 * below the current one. Also the title fallback (first # heading, or the
 * first line). Not: reading files (reader.c) or metadata (metadata.c). */
#include "document_int.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

void pol_doc_free(pol_doc *doc)
{
    if (!doc)
        return;
    free(doc->key);
    free(doc->path);
    free(doc->text);
    pol_meta *m = &doc->meta;
    free(m->title); free(m->issuer); free(m->date); free(m->doc_number);
    free(m->type); free(m->region); free(m->source); free(m->url);
    for (size_t i = 0; i < doc->nsections; i++)
        free(doc->sections[i].heading);
    free(doc->sections);
    free(doc);
}

/* Heading forms, by the marker that starts the line. */
enum form {
    F_NONE, F_MD1, F_MD6 = F_MD1 + 5, F_BIAN, F_ZHANG, F_JIE, F_TIAO,
    F_CN_DUN,        /* 一、 */
    F_CN_PAREN,      /* （一） (一) */
    F_NUM_DOT,       /* 1. 1． 1、 */
    F_NUM_PAREN,     /* （1） (1) */
    F_CIRCLED        /* ① */
};

static const char *const cn_digits[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                         "百", "千", "〇", "零", "两", "壹", "贰", "叁", NULL };

/* Length of a run of Chinese numerals at s (spaces allowed when `spaced`). */
static size_t cn_number(const char *s, size_t n, int spaced)
{
    size_t i = 0, digits = 0;
    for (;;) {
        int hit = 0;
        for (int k = 0; cn_digits[k]; k++) {
            size_t l = strlen(cn_digits[k]);
            if (i + l <= n && !memcmp(s + i, cn_digits[k], l)) {
                i += l;
                digits++;
                hit = 1;
                break;
            }
        }
        if (hit)
            continue;
        if (spaced && i < n && s[i] == ' ') {
            i++;
            continue;
        }
        break;
    }
    while (spaced && i > 0 && s[i - 1] == ' ')
        i--;
    return digits ? i : 0;
}

static size_t ascii_number(const char *s, size_t n, int spaced)
{
    size_t i = 0, d = 0;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || (spaced && s[i] == ' ' && d == 0))) {
        d += s[i] != ' ';
        i++;
    }
    while (spaced && i < n && s[i] == ' ')
        i++;
    return d && d <= 3 ? i : 0;
}

static int starts(const char *s, size_t n, const char *p)
{
    size_t l = strlen(p);
    return n >= l && !memcmp(s, p, l);
}

/* Recognizes a heading marker at the start of a line; *mlen gets its length. */
static enum form heading_form(const char *s, size_t n, size_t *mlen)
{
    if (n && s[0] == '#') {
        size_t h = 0;
        while (h < n && s[h] == '#')
            h++;
        if (h <= 6 && h < n && s[h] == ' ') {
            *mlen = h + 1;
            return (enum form)(F_MD1 + h - 1);
        }
        return F_NONE;
    }
    if (starts(s, n, "第")) {
        size_t i = 3;
        while (i < n && s[i] == ' ')
            i++;
        size_t k = cn_number(s + i, n - i, 1);
        if (!k)
            k = ascii_number(s + i, n - i, 1);
        if (k) {
            i += k;
            while (i < n && s[i] == ' ')
                i++;
            static const struct { const char *w; enum form f; } units[] = {
                { "编", F_BIAN }, { "編", F_BIAN }, { "章", F_ZHANG }, { "节", F_JIE },
                { "節", F_JIE }, { "条", F_TIAO }, { "條", F_TIAO },
            };
            for (size_t u = 0; u < sizeof units / sizeof *units; u++)
                if (starts(s + i, n - i, units[u].w)) {
                    *mlen = i + 3;
                    /* "第三条规定的" inside running text is not a heading: the
                     * marker must be followed by a space, the end, or text
                     * that is not a particle */
                    return units[u].f;
                }
        }
        return F_NONE;
    }
    size_t k = cn_number(s, n, 0);
    if (k && starts(s + k, n - k, "、")) {
        *mlen = k + 3;
        return F_CN_DUN;
    }
    int fw = starts(s, n, "（"), ascii = n && s[0] == '(';
    if (fw || ascii) {
        size_t o = fw ? 3 : 1;
        size_t c = cn_number(s + o, n - o, 0);
        enum form f = F_CN_PAREN;
        if (!c) {
            c = ascii_number(s + o, n - o, 0);
            f = F_NUM_PAREN;
        }
        if (c) {
            if (starts(s + o + c, n - o - c, "）")) { *mlen = o + c + 3; return f; }
            if (o + c < n && s[o + c] == ')') { *mlen = o + c + 1; return f; }
        }
        return F_NONE;
    }
    k = ascii_number(s, n, 0);
    if (k) {
        if (starts(s + k, n - k, "、")) { *mlen = k + 3; return F_NUM_DOT; }
        if (starts(s + k, n - k, "．")) { *mlen = k + 3; return F_NUM_DOT; }
        /* "1." but not "1.5" */
        if (k < n && s[k] == '.' && !(k + 1 < n && s[k + 1] >= '0' && s[k + 1] <= '9')) {
            *mlen = k + 1;
            return F_NUM_DOT;
        }
        return F_NONE;
    }
    /* ① .. ⑳ : U+2460..U+2473 = e2 91 a0 .. e2 91 b3 */
    if (n >= 3 && (unsigned char)s[0] == 0xe2 && (unsigned char)s[1] == 0x91 &&
        (unsigned char)s[2] >= 0xa0 && (unsigned char)s[2] <= 0xb3) {
        *mlen = 3;
        return F_CIRCLED;
    }
    return F_NONE;
}

/* The fixed rank of structural forms (outer first), 0 for enumerations. */
static unsigned form_rank(enum form f)
{
    if (f >= F_MD1 && f <= F_MD6)
        return 1 + (unsigned)(f - F_MD1);
    if (f >= F_BIAN && f <= F_TIAO)
        return 7 + (unsigned)(f - F_BIAN);
    return 0;
}

static size_t chars_in(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* A table-of-contents line: a short heading text ending in a page number. */
static int toc_line(const char *s, size_t n)
{
    size_t d = 0;
    while (d < n && s[n - 1 - d] >= '0' && s[n - 1 - d] <= '9')
        d++;
    if (!d || d == n || chars_in(s, n) > 40)
        return 0;
    unsigned char c = (unsigned char)s[n - d - 1];
    return c >= 0x80 || c == '.' || c == ' '; /* CJK text, dot leaders or spaces before the number */
}

/* Entries of a table of contents (目录): heading texts without marker and
 * page number, pointing into the document text. */
#define TOC_MAX 128
typedef struct toc {
    const char *at[TOC_MAX];
    size_t len[TOC_MAX];
    size_t n;
} toc;

/* The first n bytes of p in t[0..len), or NULL (memchr for its first byte
 * rather than a comparison at every byte). */
static const char *find_bytes(const char *t, size_t len, const char *p, size_t n)
{
    for (const char *q = t, *end = t + len; n && (size_t)(end - q) >= n;) {
        q = memchr(q, p[0], (size_t)(end - q) - n + 1);
        if (!q)
            return NULL;
        if (!memcmp(q, p, n))
            return q;
        q++;
    }
    return NULL;
}

/* Finds the entries after a 目录 line in the first part of the text, also
 * when the whole table sits on one flattened line ("目 录前 言1一、基础和背景3
 * (一)三年对口帮扶主要成效3…"): a marker, 2 to 40 characters without a
 * sentence end, then the page number. */
static void find_toc(const char *t, size_t len, toc *tc)
{
    tc->n = 0;
    size_t lim = len < 20000 ? len : 20000;
    const char *p = NULL;
    static const char *const names[] = { "目录", "目 录", "目\xe3\x80\x80录", "目  录" };
    for (size_t k = 0; k < sizeof names / sizeof *names && !p; k++) {
        size_t l = strlen(names[k]);
        const char *at = find_bytes(t, lim, names[k], l);
        if (at)
            p = at + l;
    }
    if (!p)
        return;
    const char *end = p + ((size_t)(t + len - p) < 6000 ? (size_t)(t + len - p) : 6000);
    while (p < end && tc->n < TOC_MAX) {
        size_t mlen = 0;
        enum form f = heading_form(p, (size_t)(end - p), &mlen);
        if (f >= F_CN_DUN && mlen) {
            const char *q = p + mlen;
            size_t chars = 0;
            while (q < end && !(*q >= '0' && *q <= '9') && *q != '\n' && chars <= 40 &&
                   memcmp(q, "。", 3) != 0) {
                q += pol__utf8_len((unsigned char)*q);
                chars++;
            }
            if (q < end && *q >= '0' && *q <= '9' && chars >= 2 && chars <= 40) {
                tc->at[tc->n] = p + mlen;
                tc->len[tc->n++] = (size_t)(q - p - mlen);
                p = q;
                continue;
            }
        }
        p += pol__utf8_len((unsigned char)*p);
    }
}

/* The heading shown for a line: the whole line when short, else up to the
 * first sentence or clause end within 40 characters, else the first 24
 * characters (run-in headings: 一、总体要求。坚持……). */
static char *heading_text(const char *s, size_t n, size_t mlen, enum form f, const toc *tc)
{
    if (f >= F_MD1 && f <= F_MD6)
        return pol__strndup(s + mlen, n - mlen);
    /* a heading run into its text is cut where its table-of-contents entry ends */
    for (size_t e = 0; e < tc->n && chars_in(s, n) > 40; e++)
        if (n - mlen > tc->len[e] && !memcmp(s + mlen, tc->at[e], tc->len[e]))
            return pol__strndup(s, mlen + tc->len[e]);
    if (chars_in(s, n) <= 40) {
        /* a run-in heading: the heading ends at the first full stop */
        for (size_t i = mlen; i + 3 < n; i++)
            if (!memcmp(s + i, "。", 3))
                return pol__strndup(s, i);
        /* without a closing 。 or ： */
        while (n > mlen + 3 && (!memcmp(s + n - 3, "。", 3) || !memcmp(s + n - 3, "：", 3)))
            n -= 3;
        return pol__strndup(s, n);
    }
    if (f == F_TIAO) {
        /* 第X条 + its text: the article's number names it */
        return pol__strndup(s, mlen);
    }
    /* spaces end a heading too in text whose line breaks became spaces
     * ("一、责任体系 建立县（市、区）统一指挥…"), when past its first words */
    static const char *const ends[] = { "。", "：", "；", ":", "！", "？", " ", "\xe3\x80\x80" };
    size_t best = 0;
    for (size_t e = 0; e < sizeof ends / sizeof *ends; e++) {
        const char *p = NULL;
        size_t l = strlen(ends[e]), min = e >= 6 ? mlen + 6 : mlen;
        for (size_t i = min; i + l <= n; i++)
            if (!memcmp(s + i, ends[e], l)) { p = s + i; break; }
        if (p && chars_in(s, (size_t)(p - s)) <= 40 && (!best || (size_t)(p - s) < best))
            best = (size_t)(p - s);
    }
    if (best)
        return pol__strndup(s, best);
    size_t i = 0, c = 0;
    while (i < n && c < 24) {
        i += pol__utf8_len((unsigned char)s[i]);
        c++;
    }
    if (i > n)
        i = n;
    pol_buf b = POL_BUF_INIT;
    pol__buf_add(&b, s, i);
    pol__buf_addstr(&b, "\xe2\x80\xa6");
    return pol__buf_detach(&b, NULL);
}

static int add_section(pol_doc *doc, size_t *cap, char *heading, unsigned level, size_t parent, size_t start)
{
    pol_section *ns = pol__grow(doc->sections, cap, doc->nsections, sizeof *ns);
    if (!ns)
        return -1;
    doc->sections = ns;
    pol_section *s = &doc->sections[doc->nsections++];
    s->heading = heading;
    s->level = level;
    s->parent = parent;
    s->start = start;
    s->end = start;
    return 0;
}

pol_status pol_doc_structure(pol_doc *doc)
{
    const char *t = doc->text;
    size_t len = doc->text_len, cap = 0;
    enum form stack[32];
    size_t stack_sec[32];
    unsigned depth = 0;
    const char *first_line = NULL, *first_md = NULL;
    size_t first_line_len = 0, first_md_len = 0;
    for (size_t i = 0; i < doc->nsections; i++)
        free(doc->sections[i].heading);
    doc->nsections = 0;
    toc tc;
    find_toc(t, len, &tc);
    for (size_t i = 0; i < len;) {
        const char *nl = memchr(t + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - t) : len;
        const char *s = t + i;
        size_t n = end - i;
        size_t line_start = i;
        i = end + 1;
        if (n == 0)
            continue;
        if (!first_line) {
            first_line = s;
            first_line_len = n;
        }
        size_t mlen = 0;
        enum form f = heading_form(s, n, &mlen);
        if (f == F_NONE)
            continue;
        /* the marker alone (a page counter such as "1、"), or a TOC entry */
        size_t rest = n - mlen;
        while (rest && s[n - rest] == ' ')
            rest--;
        if (rest == 0)
            continue;
        if ((f < F_MD1 || f > F_MD6) && f != F_TIAO && toc_line(s, n))
            continue;
        if (f >= F_MD1 && f <= F_MD6 && !first_md) {
            first_md = s + mlen;
            first_md_len = n - mlen;
            if (f == F_MD1 && doc->nsections == 0)
                continue; /* the document's title, not a section */
        }
        /* nesting: close back to this form if open, else open a level */
        unsigned d;
        for (d = 0; d < depth; d++)
            if (stack[d] == f)
                break;
        if (d == depth && form_rank(f)) {
            /* Markdown headings and 编/章/节/条 have a fixed order: a new
             * one closes the deeper ones and every enumeration (一、 …)
             * open, e.g. a 第二章 after 第五条's (五) when the text never
             * marked 第一章 */
            for (d = 0; d < depth; d++)
                if (!form_rank(stack[d]) || form_rank(stack[d]) >= form_rank(f))
                    break;
        }
        if (d == depth && depth == 32)
            d = 31;
        depth = d;
        char *h = heading_text(s, n, mlen, f, &tc);
        if (!h)
            return POL_ENOMEM;
        /* the preamble: text before the first heading */
        if (doc->nsections == 0 && line_start > 0) {
            int nonblank = 0;
            for (size_t k = 0; k < line_start; k++)
                if (t[k] != '\n' && t[k] != ' ') { nonblank = 1; break; }
            if (nonblank && add_section(doc, &cap, NULL, 0, POL_NO_PARENT, 0) < 0) {
                free(h);
                return POL_ENOMEM;
            }
        }
        size_t parent = depth ? stack_sec[depth - 1] : POL_NO_PARENT;
        if (add_section(doc, &cap, h, depth + 1, parent, line_start) < 0) {
            free(h);
            return POL_ENOMEM;
        }
        stack[depth] = f;
        stack_sec[depth] = doc->nsections - 1;
        depth++;
    }
    if (doc->nsections == 0 && len > 0) {
        if (add_section(doc, &cap, NULL, 0, POL_NO_PARENT, 0) < 0)
            return POL_ENOMEM;
    }
    for (size_t k = 0; k < doc->nsections; k++)
        doc->sections[k].end = k + 1 < doc->nsections ? doc->sections[k + 1].start : len;
    if (!doc->meta.title) {
        const char *ts = first_md ? first_md : first_line;
        size_t tl = first_md ? first_md_len : first_line_len;
        if (ts) {
            if (chars_in(ts, tl) > 120) {
                size_t i = 0, c = 0;
                while (i < tl && c < 60) { i += pol__utf8_len((unsigned char)ts[i]); c++; }
                tl = i > tl ? tl : i;
            }
            /* a file name given as the title: 规划.doc */
            static const char *const exts[] = { ".doc", ".docx", ".pdf", ".wps", ".txt", ".DOC", ".PDF" };
            for (size_t e = 0; e < sizeof exts / sizeof *exts; e++) {
                size_t l = strlen(exts[e]);
                if (tl > l + 3 && !memcmp(ts + tl - l, exts[e], l)) {
                    tl -= l;
                    break;
                }
            }
            doc->meta.title = pol__strndup(ts, tl);
        }
    }
    pol__meta_from_text(doc);
    return POL_OK;
}

pol_status pol_doc_from_text(pol_doc **out, const char *key, const char *text, size_t len)
{
    pol_doc *d = calloc(1, sizeof *d);
    *out = NULL;
    if (!d)
        return POL_ENOMEM;
    pol_buf b = POL_BUF_INIT;
    pol__clean_text(&b, text, len);
    d->key = pol__strdup(key);
    d->path = pol__strdup(key);
    d->text = pol__buf_detach(&b, &d->text_len);
    d->encoding = "UTF-8";
    if (!d->key || !d->path || !d->text) {
        pol_doc_free(d);
        return POL_ENOMEM;
    }
    pol_status st = pol_doc_structure(d);
    if (st < 0) {
        pol_doc_free(d);
        return st;
    }
    *out = d;
    return POL_OK;
}
