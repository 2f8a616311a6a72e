/* query.c — the query language and its translation into Xapian queries.
 * Owns: lexing and parsing (keywords, "phrases", OR, AND, NOT/-, NEAR/N,
 * field:value filters, year:/date: ranges), the choice between keyword and
 * question mode, and the query built for document records (with its relaxed
 * form, below). Not: running queries or building snippets.
 *
 * A literal (a keyword or a quoted phrase) matches a document when its
 * normalized units occur there consecutively: a PHRASE over the positional
 * units of the document record, so matching is exact whatever the word
 * segmentation did. Its weight comes from its bigrams, words and tokens.
 *
 * The relaxed query is the same with each phrase outside a NOT reduced to
 * the AND of its units: it matches every document the query matches (and
 * more), with the same weights, without reading positions. search.c runs it
 * first and checks the phrases only on its best documents. */
#include "query.h"
#include "document_int.h"
#include "glossary.h"
#include "normalize.h"
#include "schema.h"
#include "units.h"
#include "util.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { N_LIT, N_AND, N_OR, N_NOT, N_FIELD, N_RANGE, N_NEAR };
enum { EXP_NONE, EXP_GLOSSARY, EXP_VARIANT };

typedef struct qnode {
    int type;
    char *text;            /* N_LIT, N_FIELD value */
    const char *field;     /* N_FIELD: term prefix; N_RANGE: "year" or "date" */
    char lo[9], hi[9];     /* N_RANGE bounds as YYYYMMDD */
    int title_only;        /* N_LIT from title: */
    int quoted;            /* N_LIT written in quotes: exact, never expanded */
    int expansion;         /* N_OR made by expansion: EXP_GLOSSARY or EXP_VARIANT */
    int fixed;             /* N_LIT made or already seen by expansion */
    unsigned window;       /* N_NEAR: most characters between its two words */
    size_t at;             /* N_NEAR: byte offset of the operator, for errors */
    struct qnode **kids;
    size_t nkids;
} qnode;

typedef struct parser {
    const char *s;
    size_t pos, len;
    char *err;
    size_t errlen;
    int failed;
    int depth;
} parser;

static void perr(parser *p, size_t col, const char *fmt, ...)
{
    if (p->failed)
        return;
    p->failed = 1;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    /* column in characters, 1-based */
    size_t chars = 1;
    for (size_t i = 0; i < col && i < p->len; i++)
        chars += ((unsigned char)p->s[i] & 0xc0) != 0x80;
    snprintf(p->err, p->errlen, "query error at column %zu: %s", chars, msg);
}

static qnode *node(parser *p, int type)
{
    qnode *n = calloc(1, sizeof *n);
    if (!n)
        perr(p, p->pos, "out of memory");
    else
        n->type = type;
    return n;
}

static void node_free(qnode *n)
{
    if (!n)
        return;
    for (size_t i = 0; i < n->nkids; i++)
        node_free(n->kids[i]);
    free(n->kids);
    free(n->text);
    free(n);
}

static int add_kid(parser *p, qnode *n, qnode *k)
{
    qnode **nk = realloc(n->kids, (n->nkids + 1) * sizeof *nk);
    if (!nk) {
        perr(p, p->pos, "out of memory");
        node_free(k);
        return -1;
    }
    n->kids = nk;
    n->kids[n->nkids++] = k;
    return 0;
}

/* Whitespace: ASCII blanks and the ideographic space U+3000. */
static size_t space_len(const char *s, size_t i, size_t len)
{
    if (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
        return 1;
    if (i + 2 < len && (unsigned char)s[i] == 0xe3 && (unsigned char)s[i + 1] == 0x80 &&
        (unsigned char)s[i + 2] == 0x80)
        return 3;
    return 0;
}

static void skip_space(parser *p)
{
    size_t n;
    while ((n = space_len(p->s, p->pos, p->len)))
        p->pos += n;
}

/* Opening quote: " or “ (U+201C); returns its length. */
static size_t open_quote(const char *s, size_t i, size_t len)
{
    if (i < len && s[i] == '"')
        return 1;
    if (i + 2 < len && !memcmp(s + i, "\xe2\x80\x9c", 3))
        return 3;
    return 0;
}

static size_t close_quote(const char *s, size_t i, size_t len)
{
    if (i < len && s[i] == '"')
        return 1;
    if (i + 2 < len && (!memcmp(s + i, "\xe2\x80\x9d", 3) || !memcmp(s + i, "\xe2\x80\x9c", 3)))
        return 3;
    return 0;
}

static int is_paren(const char *s, size_t i, size_t len, int open)
{
    if (i < len && s[i] == (open ? '(' : ')'))
        return 1;
    /* full-width （ ） are text, common inside policy names: not operators */
    return 0;
}

/* A bare word: up to whitespace, a parenthesis or a quote. */
static size_t word_end(parser *p, size_t i)
{
    while (i < p->len && !space_len(p->s, i, p->len) && !is_paren(p->s, i, p->len, 1) &&
           !is_paren(p->s, i, p->len, 0) && !open_quote(p->s, i, p->len))
        i++;
    return i;
}

static int word_is(parser *p, const char *w)
{
    size_t n = strlen(w), e = word_end(p, p->pos);
    return e - p->pos == n && !memcmp(p->s + p->pos, w, n);
}

static qnode *parse_or(parser *p);

static qnode *lit_node(parser *p, const char *s, size_t n)
{
    qnode *l = node(p, N_LIT);
    if (l && !(l->text = pol__strndup(s, n))) {
        perr(p, p->pos, "out of memory");
        free(l);
        return NULL;
    }
    return l;
}

static qnode *parse_quoted(parser *p, size_t q)
{
    size_t start = p->pos;
    p->pos += q;
    size_t b = p->pos;
    while (p->pos < p->len && !close_quote(p->s, p->pos, p->len))
        p->pos++;
    if (p->pos >= p->len) {
        perr(p, start, "unbalanced quote: add the closing \"");
        return NULL;
    }
    size_t e = p->pos;
    p->pos += close_quote(p->s, p->pos, p->len);
    if (e == b) {
        perr(p, start, "empty phrase \"\"");
        return NULL;
    }
    qnode *l = lit_node(p, p->s + b, e - b);
    if (l)
        l->quoted = 1;
    return l;
}

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (also YYYY/MM/DD, YYYYMMDD) into
 * 8 digits; missing parts take `fill` ('0' for a low bound, '9' for high). */
static int parse_date(const char *s, size_t n, char out[9], int high)
{
    char digits[9];
    size_t k = 0, groups = 0, glen = 0;
    for (size_t i = 0; i < n; i++) {
        if (isdigit((unsigned char)s[i])) {
            if (k >= 8)
                return -1;
            digits[k++] = s[i];
            glen++;
        } else if (s[i] == '-' || s[i] == '/' || s[i] == '.') {
            if (!glen)
                return -1;
            /* pad a one-digit month/day */
            if (groups > 0 && glen == 1) {
                digits[k] = digits[k - 1];
                digits[k - 1] = '0';
                k++;
            }
            groups++;
            glen = 0;
        } else {
            return -1;
        }
    }
    if (groups > 0 && glen == 1 && k < 8) {
        digits[k] = digits[k - 1];
        digits[k - 1] = '0';
        k++;
    }
    if (k != 4 && k != 6 && k != 8)
        return -1;
    int month = k >= 6 ? (digits[4] - '0') * 10 + (digits[5] - '0') : 1;
    int day = k == 8 ? (digits[6] - '0') * 10 + (digits[7] - '0') : 1;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return -1;
    memcpy(out, digits, k);
    if (k == 4)
        memcpy(out + 4, high ? "9999" : "0000", 4);
    else if (k == 6)
        memcpy(out + 6, high ? "99" : "00", 2);
    out[8] = '\0';
    return 0;
}

static const struct { const char *name; const char *prefix; } fields[] = {
    { "title", POL_P_TITLE }, { "issuer", POL_P_ISSUER }, { "type", POL_P_TYPE },
    { "region", POL_P_REGION }, { "source", POL_P_SOURCE }, { "year", "year" }, { "date", "date" },
};

static qnode *parse_field(parser *p, size_t fstart, size_t fend, size_t vstart)
{
    const char *pref = NULL, *name = NULL;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (strlen(fields[i].name) == fend - fstart &&
            !strncasecmp(p->s + fstart, fields[i].name, fend - fstart)) {
            pref = fields[i].prefix;
            name = fields[i].name;
        }
    if (!pref) {
        perr(p, fstart, "unknown field '%.*s:' (fields: title issuer type region source year date)",
             (int)(fend - fstart), p->s + fstart);
        return NULL;
    }
    p->pos = vstart;
    size_t q = open_quote(p->s, p->pos, p->len);
    const char *v;
    size_t vn;
    char *quoted = NULL;
    if (q) {
        qnode *l = parse_quoted(p, q);
        if (!l)
            return NULL;
        quoted = l->text;
        l->text = NULL;
        node_free(l);
        v = quoted;
        vn = strlen(quoted);
    } else {
        size_t e = word_end(p, p->pos);
        v = p->s + p->pos;
        vn = e - p->pos;
        p->pos = e;
    }
    if (vn == 0) {
        perr(p, vstart, "missing value after '%s:'", name);
        free(quoted);
        return NULL;
    }
    qnode *n;
    if (!strcmp(name, "year") || !strcmp(name, "date")) {
        n = node(p, N_RANGE);
        if (!n) { free(quoted); return NULL; }
        n->field = name;
        const char *dots = NULL;
        for (size_t i = 0; i + 1 < vn; i++)
            if (v[i] == '.' && v[i + 1] == '.') { dots = v + i; break; }
        const char *a = v, *b = v;
        size_t an = vn, bn = vn;
        if (dots) {
            an = (size_t)(dots - v);
            b = dots + 2;
            bn = vn - an - 2;
        }
        int year = !strcmp(name, "year");
        int bad = 0;
        if (an == 0) memcpy(n->lo, "00000000", 9);
        else if (parse_date(a, an, n->lo, 0) < 0 || (year && an != 4)) bad = 1;
        if (bn == 0) memcpy(n->hi, "99999999", 9);
        else if (parse_date(b, bn, n->hi, 1) < 0 || (year && bn != 4)) bad = 1;
        if (bad) {
            perr(p, vstart, year ? "bad year range '%.*s' (write year:2016 or year:2016..2020)"
                                 : "bad date range '%.*s' (write date:2019-01-01..2019-12-31)",
                 (int)vn, v);
            free(quoted);
            node_free(n);
            return NULL;
        }
        if (strcmp(n->lo, n->hi) > 0) {
            perr(p, vstart, "empty range '%.*s': the start is after the end", (int)vn, v);
            free(quoted);
            node_free(n);
            return NULL;
        }
    } else if (!strcmp(name, "title")) {
        n = lit_node(p, v, vn);
        if (n)
            n->title_only = 1;
    } else {
        n = node(p, N_FIELD);
        if (n) {
            n->field = pref;
            if (!(n->text = pol__strndup(v, vn))) {
                perr(p, vstart, "out of memory");
                node_free(n);
                n = NULL;
            }
        }
    }
    free(quoted);
    return n;
}

static qnode *parse_primary(parser *p)
{
    skip_space(p);
    if (p->pos >= p->len) {
        perr(p, p->pos, "the query ends where a word was expected");
        return NULL;
    }
    size_t start = p->pos;
    if (is_paren(p->s, p->pos, p->len, 1)) {
        if (++p->depth > 100) {
            perr(p, start, "parentheses nested too deeply");
            return NULL;
        }
        p->pos++;
        qnode *n = parse_or(p);
        if (!n)
            return NULL;
        skip_space(p);
        if (!is_paren(p->s, p->pos, p->len, 0)) {
            perr(p, start, "unbalanced '(': add the closing ')'");
            node_free(n);
            return NULL;
        }
        p->pos++;
        p->depth--;
        return n;
    }
    if (is_paren(p->s, p->pos, p->len, 0)) {
        perr(p, start, "unexpected ')'");
        return NULL;
    }
    size_t q = open_quote(p->s, p->pos, p->len);
    if (q)
        return parse_quoted(p, q);
    size_t e = word_end(p, p->pos);
    /* field:value, with an ASCII-letter field name */
    for (size_t i = p->pos; i < e; i++) {
        size_t colon = 0;
        if (p->s[i] == ':')
            colon = 1;
        else if (i + 2 < e + 2 && i + 2 < p->len && !memcmp(p->s + i, "\xef\xbc\x9a", 3))
            colon = 3; /* full-width colon */
        if (!colon)
            continue;
        int ascii = i > p->pos;
        for (size_t j = p->pos; j < i; j++)
            if (!isalpha((unsigned char)p->s[j]))
                ascii = 0;
        if (ascii)
            return parse_field(p, p->pos, i, i + colon);
        break;
    }
    p->pos = e;
    return lit_node(p, p->s + start, e - start);
}

static qnode *parse_unary(parser *p)
{
    skip_space(p);
    size_t start = p->pos;
    int neg = 0;
    if (p->pos < p->len && p->s[p->pos] == '-' && p->pos + 1 < p->len &&
        !space_len(p->s, p->pos + 1, p->len)) {
        neg = 1;
        p->pos++;
    } else if (word_is(p, "NOT")) {
        neg = 1;
        p->pos += 3;
    }
    if (!neg)
        return parse_primary(p);
    skip_space(p);
    if (p->pos >= p->len) {
        perr(p, start, "nothing to exclude after '%s'", p->s[start] == '-' ? "-" : "NOT");
        return NULL;
    }
    qnode *k = parse_unary(p);
    if (!k)
        return NULL;
    qnode *n = node(p, N_NOT);
    if (!n || add_kid(p, n, k) < 0) {
        node_free(n);
        return NULL;
    }
    return n;
}

/* "NEAR" or "NEAR/N" at p->pos: its length (0 if none), *window = N. */
static size_t near_op(parser *p, unsigned *window)
{
    size_t e = word_end(p, p->pos), n = e - p->pos;
    const char *w = p->s + p->pos;
    if (n < 4 || memcmp(w, "NEAR", 4) || (n > 4 && w[4] != '/'))
        return 0;
    *window = 10;
    if (n == 4)
        return 4;
    unsigned long v = 0;
    size_t i = 5;
    for (; i < n && isdigit((unsigned char)w[i]) && v <= 1000; i++)
        v = v * 10 + (unsigned long)(w[i] - '0');
    if (i == 5 || i < n || v > 1000) {
        perr(p, p->pos, "write NEAR/N with N a number of characters from 0 to 1000, e.g. NEAR/10");
        return n;
    }
    *window = (unsigned)v;
    return n;
}

static qnode *near_pair(parser *p, qnode *a, qnode *b, unsigned window, size_t at)
{
    qnode *n = node(p, N_NEAR);
    if (!n || add_kid(p, n, a) < 0 || add_kid(p, n, b) < 0) {
        node_free(n);
        return NULL;
    }
    n->window = window;
    n->at = at;
    return n;
}

/* a NEAR/N b [NEAR/M c ...]: a chain is the AND of its pairs. */
static qnode *parse_near(parser *p)
{
    unsigned w;
    skip_space(p);
    if (near_op(p, &w) > 0) {
        perr(p, p->pos, "NEAR needs a word or phrase on each side");
        return NULL;
    }
    qnode *k = parse_unary(p), *chain = NULL;
    skip_space(p);
    size_t at = p->pos, l;
    while (k && !p->failed && (l = near_op(p, &w)) > 0) {
        if (p->failed)
            break;
        p->pos += l;
        skip_space(p);
        if (p->pos >= p->len || is_paren(p->s, p->pos, p->len, 0) || word_is(p, "OR") || word_is(p, "AND")) {
            perr(p, at, "NEAR needs a word or phrase on each side");
            break;
        }
        qnode *b = parse_unary(p);
        if (!b)
            break;
        if (k->type != N_LIT || b->type != N_LIT || k->title_only || b->title_only) {
            perr(p, at, "NEAR joins words or phrases, not filters, exclusions or groups");
            node_free(b);
            break;
        }
        qnode *next = lit_node(p, b->text, strlen(b->text));
        if (next)
            next->quoted = b->quoted;
        qnode *pair = near_pair(p, k, b, w, at);
        k = next;
        if (!pair || (!chain && !(chain = node(p, N_AND))) || add_kid(p, chain, pair) < 0)
            break;
        skip_space(p);
        at = p->pos;
    }
    if (p->failed) {
        node_free(k);
        node_free(chain);
        return NULL;
    }
    if (!chain)
        return k;
    node_free(k);
    if (chain->nkids == 1) {
        qnode *only = chain->kids[0];
        chain->nkids = 0;
        node_free(chain);
        return only;
    }
    return chain;
}

/* NEAR pairs must hold for a document to match: never under OR or NOT. */
static void check_near(parser *p, const qnode *n, int optional)
{
    if (n->type == N_NEAR && optional)
        perr(p, n->at, "NEAR cannot be inside OR or NOT");
    for (size_t i = 0; i < n->nkids && !p->failed; i++)
        check_near(p, n->kids[i], optional || n->type == N_NOT || (n->type == N_OR && n->nkids > 1));
}

static int at_and_end(parser *p)
{
    skip_space(p);
    return p->pos >= p->len || is_paren(p->s, p->pos, p->len, 0) || word_is(p, "OR");
}

static qnode *parse_and(parser *p)
{
    qnode *n = node(p, N_AND);
    if (!n)
        return NULL;
    do {
        if (word_is(p, "AND")) {
            size_t at = p->pos;
            p->pos += 3;
            if (n->nkids == 0 || at_and_end(p)) {
                perr(p, at, "AND needs a word on each side");
                node_free(n);
                return NULL;
            }
        }
        qnode *k = parse_near(p);
        if (!k || add_kid(p, n, k) < 0) {
            node_free(n);
            return NULL;
        }
    } while (!at_and_end(p));
    return n;
}

static qnode *parse_or(parser *p)
{
    skip_space(p);
    if (word_is(p, "OR")) {
        perr(p, p->pos, "OR needs a word on each side");
        return NULL;
    }
    qnode *n = node(p, N_OR);
    if (!n)
        return NULL;
    for (;;) {
        qnode *k = parse_and(p);
        if (!k || add_kid(p, n, k) < 0) {
            node_free(n);
            return NULL;
        }
        skip_space(p);
        if (!word_is(p, "OR"))
            break;
        size_t at = p->pos;
        p->pos += 2;
        skip_space(p);
        if (p->pos >= p->len || is_paren(p->s, p->pos, p->len, 0) || word_is(p, "OR")) {
            perr(p, at, "OR needs a word on each side");
            node_free(n);
            return NULL;
        }
    }
    return n;
}

/* ---- expansion: English policy terms and Chinese variants ----
 *
 * Runs of plain English words are looked up in the glossary, longest first
 * ("e-commerce poverty relief" before "e-commerce"); a term found becomes the
 * OR of its English words and its Chinese renderings. When a longer term's
 * parts are glossary terms too, one of them of two words or more, the AND of
 * the parts is a further alternative (documents with 电子商务 in one place and
 * 扶贫 in another match "e-commerce poverty relief" too). A Chinese word that
 * is or contains a variant (data/zh_variants.tsv) is also searched with each
 * other variant in its place (电商扶贫: also 电子商务扶贫). Quoted phrases and
 * title: values are never expanded. */

typedef struct expander {
    pol_analyzer *an;
    const pol_glossary *g;
    int any;             /* question mode: variants are added as words of their own */
    pol_buf notes;       /* one line per expansion, for --explain */
    pol_status rc;
} expander;

enum { MAX_ALTERNATIVES = 8 };

static qnode *gen_node(expander *x, int type, const char *text, size_t n)
{
    qnode *q = x->rc < 0 ? NULL : calloc(1, sizeof *q);
    if (q && text && !(q->text = pol__strndup(text, n))) {
        free(q);
        q = NULL;
    }
    if (!q) {
        if (x->rc >= 0)
            x->rc = POL_ENOMEM;
        return NULL;
    }
    q->type = type;
    q->fixed = 1; /* made here: not expanded again */
    return q;
}

static int gen_kid(expander *x, qnode *n, qnode *k)
{
    if (!n || !k) {
        node_free(k);
        return -1;
    }
    qnode **nk = realloc(n->kids, (n->nkids + 1) * sizeof *nk);
    if (!nk) {
        node_free(k);
        x->rc = POL_ENOMEM;
        return -1;
    }
    n->kids = nk;
    n->kids[n->nkids++] = k;
    return 0;
}

static int expandable(const qnode *k)
{
    return k->type == N_LIT && !k->quoted && !k->title_only && !k->fixed;
}

/* The glossary entry of the longest run of words f[i..j), j <= end, of at
 * most maxlen words (each f[] is a folded query word, maybe of several). */
static const pol_gloss_entry *longest(expander *x, char **f, size_t i, size_t end, size_t maxlen,
                                      size_t *j_out)
{
    size_t top = end - i < maxlen ? end : i + maxlen, most = pol__glossary_max_words(x->g);
    if (top - i > most)
        top = i + most;
    for (size_t j = top; j > i; j--) {
        pol_buf key = POL_BUF_INIT;
        for (size_t k = i; k < j; k++) {
            if (k > i)
                pol__buf_addc(&key, ' ');
            pol__buf_addstr(&key, f[k]);
        }
        if (key.oom) {
            x->rc = POL_ENOMEM;
            return NULL;
        }
        const pol_gloss_entry *e = pol__glossary_find(x->g, key.data, key.len);
        pol__buf_free(&key);
        if (e) {
            *j_out = j;
            return e;
        }
    }
    return NULL;
}

/* The alternatives of the English words kids[i..j), glossary entry e. */
static qnode *english_term(expander *x, qnode **kids, char **f, size_t i, size_t j,
                           const pol_gloss_entry *e)
{
    qnode *o = gen_node(x, N_OR, NULL, 0);
    if (!o)
        return NULL;
    o->expansion = EXP_GLOSSARY;
    pol_buf en = POL_BUF_INIT;
    for (size_t k = i; k < j; k++) {
        if (k > i)
            pol__buf_addc(&en, ' ');
        pol__buf_addstr(&en, kids[k]->text);
    }
    if (en.oom) {
        x->rc = POL_ENOMEM;
        node_free(o);
        return NULL;
    }
    gen_kid(x, o, gen_node(x, N_LIT, en.data, en.len));
    pol__buf_printf(&x->notes, "  %s \xe2\x86\x92 ", en.data); /* → */
    for (size_t k = 0; k < e->nzh; k++) {
        gen_kid(x, o, gen_node(x, N_LIT, e->zh[k], strlen(e->zh[k])));
        pol__buf_printf(&x->notes, "%s%s", k ? " | " : "", e->zh[k]);
    }
    pol__buf_printf(&x->notes, "  (glossary: %s)\n", e->en);
    pol__buf_free(&en);
    /* the parts, when they are terms themselves and one has two words or more */
    if (j - i > 1) {
        const pol_gloss_entry *parts[16];
        size_t ends[16], np = 0, at = i;
        int ok = 1, multi = 0;
        while (at < j && ok) {
            size_t pj = 0;
            const pol_gloss_entry *pe = np < 16 ? longest(x, f, at, j, j - i - 1, &pj) : NULL;
            if (!pe) {
                ok = 0;
                break;
            }
            multi |= pe->nwords > 1;
            parts[np] = pe;
            ends[np++] = pj;
            at = pj;
        }
        if (ok && multi && np > 1) {
            qnode *a = gen_node(x, N_AND, NULL, 0);
            size_t from = i;
            for (size_t k = 0; k < np && a; k++) {
                gen_kid(x, a, english_term(x, kids, f, from, ends[k], parts[k]));
                from = ends[k];
            }
            gen_kid(x, o, a);
        }
    }
    if (x->rc < 0) {
        node_free(o);
        return NULL;
    }
    return o;
}

/* Replaces runs of English words among n's kids (of length 1 unless n is an
 * AND) by their glossary alternatives. */
static void expand_english(expander *x, qnode *n)
{
    size_t nk = n->nkids;
    char **f = calloc(nk ? nk : 1, sizeof *f);
    qnode **out = calloc(nk ? nk : 1, sizeof *out);
    size_t no = 0;
    if (!f || !out) {
        x->rc = POL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < nk; i++) {
        if (!expandable(n->kids[i]))
            continue;
        pol_buf b = POL_BUF_INIT;
        if (pol__glossary_fold(n->kids[i]->text, strlen(n->kids[i]->text), &b) > 0)
            f[i] = pol__buf_detach(&b, NULL);
        pol__buf_free(&b);
    }
    for (size_t i = 0; i < nk;) {
        if (!f[i] || x->rc < 0) {
            out[no++] = n->kids[i++];
            continue;
        }
        size_t end = i;
        while (end < nk && f[end] && (n->type == N_AND || end == i))
            end++;
        size_t j = 0;
        const pol_gloss_entry *e = longest(x, f, i, end, end - i, &j);
        qnode *t = e ? english_term(x, n->kids, f, i, j, e) : NULL;
        if (!t) {
            out[no++] = n->kids[i++];
            continue;
        }
        for (size_t k = i; k < j; k++)
            node_free(n->kids[k]);
        out[no++] = t;
        i = j;
    }
    free(n->kids);
    n->kids = out;
    n->nkids = no;
    out = NULL;
done:
    for (size_t i = 0; f && i < nk; i++)
        free(f[i]);
    free(f);
    free(out);
}

/* A Chinese literal with its variants as alternatives (or itself). */
static qnode *chinese_variants(expander *x, qnode *lit)
{
    char *norm = NULL;
    size_t nl = 0;
    char *alts[MAX_ALTERNATIVES];
    size_t na = 0;
    if ((x->rc = pol_analyzer_normalize(x->an, lit->text, strlen(lit->text), &norm, &nl)) < 0)
        return lit;
    for (size_t gi = 0; gi < x->g->ngroups && na < MAX_ALTERNATIVES; gi++) {
        const pol_variant_group *grp = &x->g->groups[gi];
        for (size_t t = 0; t < grp->n && na < MAX_ALTERNATIVES; t++) {
            const char *hit = strstr(norm, grp->terms[t]);
            if (!hit)
                continue;
            size_t tl = strlen(grp->terms[t]);
            for (size_t u = 0; u < grp->n && na < MAX_ALTERNATIVES; u++) {
                if (u == t)
                    continue;
                pol_buf b = POL_BUF_INIT;
                if (!x->any)
                    pol__buf_add(&b, norm, (size_t)(hit - norm));
                pol__buf_addstr(&b, grp->terms[u]);
                if (!x->any)
                    pol__buf_addstr(&b, hit + tl);
                char *a = pol__buf_detach(&b, NULL);
                if (!a) {
                    x->rc = POL_ENOMEM;
                    break;
                }
                int seen = !strcmp(a, norm);
                for (size_t k = 0; k < na && !seen; k++)
                    seen = !strcmp(a, alts[k]);
                if (seen)
                    free(a);
                else
                    alts[na++] = a;
            }
        }
    }
    qnode *o = NULL;
    if (na && x->rc >= 0 && (o = gen_node(x, N_OR, NULL, 0))) {
        o->expansion = EXP_VARIANT;
        pol__buf_printf(&x->notes, "  %s \xe2\x86\x92 ", lit->text);
        for (size_t k = 0; k < na; k++)
            pol__buf_printf(&x->notes, "%s%s", k ? " | " : "", alts[k]);
        pol__buf_addstr(&x->notes, x->any ? "  (variants, as words of their own)\n" : "  (variants)\n");
        lit->fixed = 1;
        gen_kid(x, o, lit);
        for (size_t k = 0; k < na; k++)
            gen_kid(x, o, gen_node(x, N_LIT, alts[k], strlen(alts[k])));
    }
    for (size_t k = 0; k < na; k++)
        free(alts[k]);
    free(norm);
    return o && x->rc >= 0 ? o : lit;
}

static void expand(expander *x, qnode *n)
{
    if (x->rc < 0 || !(n->type == N_AND || n->type == N_OR || n->type == N_NOT || n->type == N_NEAR))
        return;
    expand_english(x, n);
    for (size_t i = 0; i < n->nkids && x->rc >= 0; i++) {
        qnode *k = n->kids[i];
        if (expandable(k))
            n->kids[i] = chinese_variants(x, k);
        else if (!k->expansion)
            expand(x, k);
    }
}

/* ---- the query as text, for --explain ---- */

static void describe(pol_buf *b, const qnode *n, int top)
{
    switch (n->type) {
    case N_LIT:
        if (n->title_only)
            pol__buf_addstr(b, "title:");
        if (n->quoted || (n->title_only && strchr(n->text, ' ')))
            pol__buf_printf(b, "\"%s\"", n->text);
        else
            pol__buf_addstr(b, n->text);
        break;
    case N_AND:
    case N_OR:
        if (n->nkids == 1) {
            describe(b, n->kids[0], top);
            break;
        }
        if (!top)
            pol__buf_addc(b, '(');
        for (size_t i = 0; i < n->nkids; i++) {
            if (i)
                pol__buf_addstr(b, n->type == N_AND ? " AND " : " OR ");
            describe(b, n->kids[i], 0);
        }
        if (!top)
            pol__buf_addc(b, ')');
        break;
    case N_NOT:
        pol__buf_addstr(b, "NOT ");
        describe(b, n->kids[0], 0);
        break;
    case N_NEAR:
        describe(b, n->kids[0], 0);
        pol__buf_printf(b, " NEAR/%u ", n->window);
        describe(b, n->kids[1], 0);
        break;
    case N_FIELD:
        for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
            if (!strcmp(fields[i].prefix, n->field))
                pol__buf_printf(b, "%s:", fields[i].name);
        pol__buf_printf(b, strchr(n->text, ' ') ? "\"%s\"" : "%s", n->text);
        break;
    case N_RANGE:
        pol__buf_printf(b, "%s:%.4s-%.2s-%.2s..%.4s-%.2s-%.2s", n->field, n->lo, n->lo + 4, n->lo + 6,
                        n->hi, n->hi + 4, n->hi + 6);
        break;
    }
}

/* ---- analysis of literals ---- */

typedef struct units {
    pol_buf store;          /* unit bytes */
    size_t *off, *len;      /* positional units */
    unsigned *flags;
    size_t n, cap;
    size_t *woff, *wlen;    /* ranking units: bigrams, tokens */
    unsigned *wflags;       /* their kinds (POL_UNIT_BIGRAM, _TOKEN) */
    size_t nw, wcap;
    size_t *boff, *blen;    /* bigrams */
    size_t nb, bcap;
    unsigned char *paired;  /* per positional unit: a bigram joins it to the next */
    int oom;
} units;

static void units_free(units *u)
{
    pol__buf_free(&u->store);
    free(u->off); free(u->len); free(u->flags); free(u->woff); free(u->wlen); free(u->wflags);
    free(u->boff); free(u->blen); free(u->paired);
    memset(u, 0, sizeof *u);
}

static int push(size_t **a, size_t **b, size_t *n, size_t *cap, size_t x, size_t y, unsigned **f, unsigned fl)
{
    if (*n == *cap) {
        size_t c = *cap ? *cap * 2 : 16;
        size_t *na = realloc(*a, c * sizeof *na);
        if (!na) return -1;
        *a = na;
        size_t *nb = realloc(*b, c * sizeof *nb);
        if (!nb) return -1;
        *b = nb;
        if (f) {
            unsigned *nf = realloc(*f, c * sizeof *nf);
            if (!nf) return -1;
            *f = nf;
        }
        *cap = c;
    }
    (*a)[*n] = x;
    (*b)[*n] = y;
    if (f)
        (*f)[*n] = fl;
    (*n)++;
    return 0;
}

static size_t nchars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

static int collect_unit(void *ctx, const char *t, size_t len, size_t start, size_t end,
                        unsigned pos, unsigned flags)
{
    units *u = ctx;
    (void)start; (void)end; (void)pos;
    size_t off = u->store.len;
    pol__buf_add(&u->store, t, len);
    if (u->store.oom) { u->oom = 1; return 1; }
    if (flags & POL_UNIT_CHAR) {
        if (push(&u->off, &u->len, &u->n, &u->cap, off, len, &u->flags, flags) < 0) { u->oom = 1; return 1; }
    } else if (flags & (POL_UNIT_BIGRAM | POL_UNIT_TOKEN)) {
        if ((flags & POL_UNIT_BIGRAM) &&
            push(&u->boff, &u->blen, &u->nb, &u->bcap, off, len, NULL, 0) < 0) { u->oom = 1; return 1; }
        if (push(&u->woff, &u->wlen, &u->nw, &u->wcap, off, len, &u->wflags, flags) < 0) { u->oom = 1; return 1; }
    }
    return 0;
}

static pol_status analyze(pol_analyzer *an, const char *s, size_t n, units *u)
{
    memset(u, 0, sizeof *u);
    pol_status st = pol_analyzer_run(an, s, n, 1, collect_unit, u, NULL);
    if (st >= 0 && u->oom)
        st = POL_ENOMEM;
    if (st >= 0 && u->n) {
        /* a bigram joins the two positional units it was made of */
        u->paired = calloc(u->n, 1);
        if (!u->paired)
            return POL_ENOMEM;
        size_t bi = 0;
        for (size_t i = 0; i + 1 < u->n && bi < u->nb; i++) {
            size_t l1 = u->len[i], l2 = u->len[i + 1];
            if (u->blen[bi] == l1 + l2 && !memcmp(u->store.data + u->boff[bi], u->store.data + u->off[i], l1) &&
                !memcmp(u->store.data + u->boff[bi] + l1, u->store.data + u->off[i + 1], l2)) {
                u->paired[i] = 1;
                bi++;
            }
        }
    }
    return st;
}

/* ---- building Xapian queries ---- */

typedef struct builder {
    pol_analyzer *an;
    pol_built_query *out;
    pol_status rc;
    const pol_rank_opts *ro;
    int own;            /* phrases checked on the unit maps (else by Xapian) */
    int negated;        /* building inside a NOT: its phrases stay exact */
} builder;

static polx_query *q_term(builder *b, const char *prefix, const char *t, size_t n, unsigned pos)
{
    polx_query *q = NULL;
    char buf[300];
    size_t pl = strlen(prefix);
    if (b->rc < 0 || pl + n >= sizeof buf)
        return NULL;
    memcpy(buf, prefix, pl);
    memcpy(buf + pl, t, n);
    if ((b->rc = pol__x_query_term(&q, buf, pl + n, 1, pos)) < 0)
        return NULL;
    return q;
}

static polx_query *q_copy(builder *b, const polx_query *x)
{
    polx_query *q = NULL;
    if (b->rc < 0 || !x)
        return NULL;
    if ((b->rc = pol__x_query_scale(&q, x, 1.0)) < 0)
        return NULL;
    return q;
}

static polx_query *q_combine(builder *b, int op, polx_query **subs, size_t n, unsigned window)
{
    polx_query *q = NULL;
    if (b->rc < 0)
        return NULL;
    if (n == 0) {
        b->rc = pol__x_query_match_nothing(&q);
        return q;
    }
    if ((b->rc = pol__x_query_combine(&q, op, subs, n, window)) < 0)
        return NULL;
    return q;
}

static polx_query *q_pair(builder *b, int op, polx_query *x, polx_query *y)
{
    polx_query *subs[2] = { x, y };
    polx_query *q = (x && y) ? q_combine(b, op, subs, 2, 0) : NULL;
    pol__x_query_free(x);
    pol__x_query_free(y);
    return q;
}

static void free_all(polx_query **qs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        pol__x_query_free(qs[i]);
    free(qs);
}

static int cjk_unit(const char *t, size_t l)
{
    long cp = pol__unit_cp(t, l);
    return cp >= 0 && pol__is_cjk((uint32_t)cp);
}

/* The phrase of n positional units (pol__x_query_phrase). Checked on the
 * unit maps, it is also filtered by the terms of its every two CJK
 * characters: at consecutive positions they are a bigram, or a pair term
 * (POL_P_PAIR) when punctuation stood between them. A phrase of two CJK
 * characters is then found by those terms alone, a longer one checked on
 * the few documents that hold them all. */
#define PAIRS_MAX 16    /* pairs of a phrase filtered by their terms (the first ones) */

/* The AND of the terms of every two CJK characters in a row of the n units
 * (each pair's bigram or pair term; the first PAIRS_MAX), for phrases
 * checked on the unit maps; NULL when there are none. */
static polx_query *q_pairs(builder *b, const char *const *t, const size_t *l, size_t n)
{
    polx_query *pairs[PAIRS_MAX], *pq = NULL;
    size_t np = 0;
    for (size_t i = 0; b->own && i + 1 < n && np < PAIRS_MAX && b->rc >= 0; i++) {
        if (!cjk_unit(t[i], l[i]) || !cjk_unit(t[i + 1], l[i + 1]))
            continue;
        char bi[16];
        memcpy(bi, t[i], l[i]);
        memcpy(bi + l[i], t[i + 1], l[i + 1]);
        size_t bl = l[i] + l[i + 1];
        polx_query *x = q_term(b, "", bi, bl, 0), *y = q_term(b, POL_P_PAIR, bi, bl, 0);
        polx_query *alt = q_pair(b, POLX_OP_OR, x, y);
        if (alt)
            pairs[np++] = alt;
    }
    if (np && b->rc >= 0)
        pq = q_combine(b, POLX_OP_AND, pairs, np, 0);
    for (size_t i = 0; i < np; i++)
        pol__x_query_free(pairs[i]);
    return pq;
}

/* Whether every one of the n units is in a pair of q_pairs, whose terms
 * then find the documents that hold them: 2 to PAIRS_MAX + 1 CJK characters */
static int pairs_cover(const builder *b, const char *const *t, const size_t *l, size_t n)
{
    size_t i = 0;
    while (i < n && cjk_unit(t[i], l[i]))
        i++;
    return b->own && n >= 2 && n <= PAIRS_MAX + 1 && i == n;
}

/* as_filter: the phrase only filters (weighs nothing): when its pair terms
 * find every unit, they stand for the AND of the units. pq: its pair terms
 * (q_pairs; taken) */
static polx_query *phrase_of(builder *b, const char *const *t, const size_t *l, size_t n,
                             polx_query *pq, int as_filter)
{
    polx_query *q = NULL;
    size_t k = 0;
    if (b->rc < 0) {
        pol__x_query_free(pq);
        return NULL;
    }
    if (pq && pairs_cover(b, t, l, n) && (as_filter || n == 2)) {
        if (as_filter && n == 2)
            return pq;
        if (as_filter) {
            if ((b->rc = pol__x_query_phrase(&q, t, l, n, 2)) < 0) {
                pol__x_query_free(pq);
                return NULL;
            }
            return q_pair(b, POLX_OP_FILTER, pq, q);
        }
        /* two CJK characters, weighing: the pair's terms are the phrase */
        polx_query **qs = calloc(n, sizeof *qs);
        if (!qs) {
            b->rc = POL_ENOMEM;
            pol__x_query_free(pq);
            return NULL;
        }
        for (k = 0; k < n && b->rc >= 0; k++)
            qs[k] = q_term(b, "", t[k], l[k], 0);
        polx_query *all = q_combine(b, POLX_OP_AND, qs, k, 0);
        free_all(qs, k);
        return q_pair(b, POLX_OP_FILTER, all, pq);
    }
    if ((b->rc = pol__x_query_phrase(&q, t, l, n, b->own)) < 0)
        q = NULL;
    return pq ? q_pair(b, POLX_OP_FILTER, q, pq) : q;
}

static polx_query *q_phrase(builder *b, const char *const *t, const size_t *l, size_t n, int as_filter)
{
    return b->rc < 0 ? NULL : phrase_of(b, t, l, n, q_pairs(b, t, l, n), as_filter);
}

/* ---- ranking: the weights of units (settings in pol_rank_opts) ---- */

/* Weight of a ranking unit by its kind. */
static double unit_weight(const pol_rank_opts *ro, unsigned flags)
{
    if (flags & POL_UNIT_BIGRAM)
        return ro->bigram;
    if (flags & POL_UNIT_TOKEN)
        return ro->token;
    return 1.0;
}

/* Appends the text term t scaled by w and its title term scaled by
 * w * ro->title (title_only: the title term alone, unscaled). */
static void add_weighted(builder *b, polx_query **qs, size_t *k, const char *t, size_t tl, double w,
                         int title_only)
{
    polx_query *tq = title_only ? NULL : q_term(b, "", t, tl, 0);
    polx_query *st = q_term(b, POL_P_TITLE, t, tl, 0);
    if (!title_only) {
        /* a unit in the title counts, but (by default) less than in the
         * text, so that the title does not override where the text matches */
        double f[2] = { w, w * b->ro->title };
        polx_query **q[2] = { &tq, &st };
        for (int i = 0; i < 2 && b->rc >= 0; i++) {
            polx_query *sc = NULL;
            if (*q[i] && f[i] != 1.0) {
                b->rc = pol__x_query_scale(&sc, *q[i], f[i]);
                pol__x_query_free(*q[i]);
                *q[i] = sc;
            }
        }
    }
    if (tq)
        qs[(*k)++] = tq;
    if (st)
        qs[(*k)++] = st;
}

/* Whether units i and j of those at off/len are the same text. */
static int same_unit(const units *u, const size_t *off, const size_t *len, size_t i, size_t j)
{
    return len[j] == len[i] && !memcmp(u->store.data + off[j], u->store.data + off[i], len[i]);
}

/* Whether unit i of the units at off/len repeats an earlier one. */
static int repeats(const units *u, const size_t *off, const size_t *len, size_t i)
{
    for (size_t j = 0; j < i; j++)
        if (same_unit(u, off, len, i, j))
            return 1;
    return 0;
}

/* The weighted OR of a literal's ranking units (with title boost), or NULL.
 * with_chars: also each CJK character, weighted ro->character (questions).
 * A unit the text repeats is one term weighted by the sum of its weights:
 * the same scores as a term each time (BM25 is linear in the factor), with
 * fewer posting lists for Xapian to walk (a question repeats characters).
 * *nochars (when not NULL): the same without the characters, whose terms
 * are added to out->char_terms. */
static polx_query *rank_units(builder *b, const units *u, int title_only, int with_chars,
                              polx_query **nochars)
{
    if (nochars)
        *nochars = NULL;
    size_t n = u->nw;
    int lone = 0;
    if (n == 0) {
        /* no bigrams or tokens: lone characters rank by themselves */
        n = u->n;
        lone = 1;
    }
    if (n == 0)
        return NULL;
    int chars = with_chars && !lone && !title_only && b->ro->character > 0;
    polx_query **qs = calloc(n * 2, sizeof *qs);
    size_t k = 0;
    if (!qs) { b->rc = POL_ENOMEM; return NULL; }
    const size_t *off = lone ? u->off : u->woff, *len = lone ? u->len : u->wlen;
    for (size_t i = 0; i < n && b->rc >= 0; i++) {
        if (repeats(u, off, len, i))
            continue;
        double w = 0;
        for (size_t j = i; j < n; j++)
            if (same_unit(u, off, len, i, j))
                w += lone ? 1.0 : unit_weight(b->ro, u->wflags[j]);
        if (w > 0)
            add_weighted(b, qs, &k, u->store.data + off[i], len[i], w, title_only);
    }
    polx_query *q = b->rc >= 0 ? q_combine(b, POLX_OP_OR, qs, k, 0) : NULL;
    free_all(qs, k);
    if (nochars)
        *nochars = q_copy(b, q);
    if (!chars || !q)
        return q;
    /* characters add weight to what the other units match, and match
     * nothing by themselves */
    qs = calloc(u->n * 2, sizeof *qs);
    k = 0;
    if (!qs) { b->rc = POL_ENOMEM; pol__x_query_free(q); return NULL; }
    for (size_t i = 0; i < u->n && b->rc >= 0; i++) {
        if (nchars(u->store.data + u->off[i], u->len[i]) != 1 || u->len[i] < 2 ||
            repeats(u, u->off, u->len, i))
            continue;
        double w = 0;
        for (size_t j = i; j < u->n; j++)
            w += same_unit(u, u->off, u->len, i, j) ? b->ro->character : 0;
        add_weighted(b, qs, &k, u->store.data + u->off[i], u->len[i], w, 0);
        if (nochars) {
            pol_buf t = POL_BUF_INIT;
            pol__buf_addstr(&t, POL_P_TITLE);
            pol__buf_add(&t, u->store.data + u->off[i], u->len[i]);
            if (t.oom || pol__strlist_collect(&b->out->char_terms, t.data, t.len, 0) ||
                pol__strlist_collect(&b->out->char_terms, u->store.data + u->off[i], u->len[i], 0))
                b->rc = POL_ENOMEM;
            pol__buf_free(&t);
        }
    }
    if (k && b->rc >= 0)
        q = q_pair(b, POLX_OP_AND_MAYBE, q, q_combine(b, POLX_OP_OR, qs, k, 0));
    free_all(qs, k);
    return q;
}

/* Proximity (questions): each run of ro->phrase_len characters of the
 * question that a document holds in a row adds ro->phrase times the
 * weights of its characters there. NULL when off or nothing qualifies. */
static polx_query *phrase_units(builder *b, const units *u)
{
    size_t L = (size_t)b->ro->phrase_len;
    if (b->ro->phrase <= 0 || L < 2 || u->n < L)
        return NULL;
    polx_query **ps = calloc(u->n, sizeof *ps);
    const char *sub[16];
    size_t subl[16];
    size_t k = 0;
    if (!ps) { b->rc = POL_ENOMEM; return NULL; }
    for (size_t i = 0; i + L <= u->n && b->rc >= 0; i++) {
        size_t j = 0;
        while (j + 1 < L && u->paired[i + j])
            j++;
        if (j + 1 < L)
            continue;
        for (j = 0; j < L; j++) {
            sub[j] = u->store.data + u->off[i + j];
            subl[j] = u->len[i + j];
        }
        polx_query *ph = q_phrase(b, sub, subl, L, 0);
        if (ph)
            ps[k++] = ph;
    }
    polx_query *q = NULL, *all = k && b->rc >= 0 ? q_combine(b, POLX_OP_OR, ps, k, 0) : NULL;
    if (all && (b->rc = pol__x_query_scale(&q, all, b->ro->phrase)) < 0)
        q = NULL;
    pol__x_query_free(all);
    free_all(ps, k);
    return q;
}

/* Appends the positional units of u to the list *lits of *n. */
static void push_literal(builder *b, pol_literal **lits, size_t *n, const units *u)
{
    if (u->n == 0 || b->rc < 0)
        return;
    pol_literal *nl = realloc(*lits, (*n + 1) * sizeof *nl);
    if (!nl) { b->rc = POL_ENOMEM; return; }
    *lits = nl;
    pol_literal *l = &nl[*n];
    l->n = 0;
    l->units = calloc(u->n, sizeof *l->units);
    if (!l->units) { b->rc = POL_ENOMEM; return; }
    (*n)++;
    for (size_t i = 0; i < u->n; i++) {
        if (!(l->units[i] = pol__strndup(u->store.data + u->off[i], u->len[i]))) {
            b->rc = POL_ENOMEM;
            return;
        }
        l->n++;
    }
}

static void add_literal(builder *b, const units *u)
{
    push_literal(b, &b->out->lits, &b->out->nlits, u);
}

/* Records a question's ranking unit t (made of the positional units of u)
 * for re-ranking, once however often the question repeats it. */
static void add_qunit(builder *b, const char *t, size_t tl, double w, const units *u)
{
    pol_built_query *o = b->out;
    if (u->n == 0 || w <= 0 || b->rc < 0)
        return;
    for (size_t i = 0; i < o->nqunits; i++)
        if (strlen(o->qunits[i].term) == tl && !memcmp(o->qunits[i].term, t, tl))
            return;
    pol_qunit *nq = realloc(o->qunits, (o->nqunits + 1) * sizeof *nq);
    if (!nq) { b->rc = POL_ENOMEM; return; }
    o->qunits = nq;
    pol_qunit *q = &o->qunits[o->nqunits];
    memset(q, 0, sizeof *q);
    q->weight = w;
    if (!(q->term = pol__strndup(t, tl)) || !(q->lit.units = calloc(u->n, sizeof *q->lit.units))) {
        free(q->term);
        b->rc = POL_ENOMEM;
        return;
    }
    o->nqunits++;
    for (size_t i = 0; i < u->n; i++) {
        if (!(q->lit.units[i] = pol__strndup(u->store.data + u->off[i], u->len[i]))) {
            b->rc = POL_ENOMEM;
            return;
        }
        q->lit.n++;
    }
}

/* The query of one literal over document records: the phrase of its
 * positional units matches, its ranking units weigh. *relaxed: the same with
 * the AND of the units for the phrase (NULL: no phrase, the same as *exact). */
static void build_literal(builder *b, const qnode *n, polx_query **exact, polx_query **relaxed)
{
    units u;
    *exact = *relaxed = NULL;
    if ((b->rc = analyze(b->an, n->text, strlen(n->text), &u)) < 0) {
        units_free(&u);
        return;
    }
    if (u.n == 0) {
        /* punctuation only: matches everything, ranks nothing */
        units_free(&u);
        return;
    }
    if (!n->title_only)
        add_literal(b, &u);
    polx_query *w = rank_units(b, &u, n->title_only, 0, NULL);
    if (n->title_only) {
        /* title: all of its units must be in the title */
        polx_query **qs = calloc(u.nw ? u.nw : u.n, sizeof *qs);
        size_t k = 0, m = u.nw ? u.nw : u.n;
        if (!qs) { b->rc = POL_ENOMEM; units_free(&u); pol__x_query_free(w); return; }
        for (size_t i = 0; i < m && b->rc >= 0; i++)
            qs[k++] = q_term(b, POL_P_TITLE, u.store.data + (u.nw ? u.woff[i] : u.off[i]),
                             u.nw ? u.wlen[i] : u.len[i], 0);
        polx_query *all = q_combine(b, POLX_OP_AND, qs, k, 0);
        free_all(qs, k);
        *exact = q_pair(b, POLX_OP_FILTER, w, all);
        units_free(&u);
        return;
    }
    /* exact: the phrase of positional units */
    polx_query **qs = calloc(u.n, sizeof *qs);
    if (!qs) { b->rc = POL_ENOMEM; units_free(&u); pol__x_query_free(w); return; }
    size_t k = 0;
    for (size_t i = 0; i < u.n && b->rc >= 0; i++)
        qs[k++] = q_term(b, "", u.store.data + u.off[i], u.len[i], (unsigned)(i + 1));
    polx_query *phrase = NULL, *and = NULL;
    if (k == 1)
        phrase = q_copy(b, qs[0]);
    else if (k > 1) {
        const char **t = malloc(k * sizeof *t);
        size_t *tl = malloc(k * sizeof *tl);
        if (t && tl) {
            for (size_t i = 0; i < k; i++) {
                t[i] = u.store.data + u.off[i];
                tl[i] = u.len[i];
            }
            polx_query *pq = q_pairs(b, t, tl, k);
            int cover = pairs_cover(b, t, tl, k);
            phrase = phrase_of(b, t, tl, k, q_copy(b, pq), 1);
            /* relaxed: the AND of the units, and of the pairs' terms where
             * they are looked at (a phrase holds only where they are); the
             * pairs alone when they find every unit; a phrase that is its
             * pair terms alone (two CJK characters) is not relaxed */
            if (pq && cover && k > 2)
                and = pq;
            else if (!(pq && cover)) {
                and = q_combine(b, POLX_OP_AND, qs, k, 0);
                if (pq)
                    and = q_pair(b, POLX_OP_FILTER, and, pq);
            } else
                pol__x_query_free(pq);
        } else
            b->rc = POL_ENOMEM;
        free(t);
        free(tl);
    }
    /* the match decides; the ranking units weigh (a part of a token, e.g.
     * 2020 inside 20201231, matches without its token): the units OR their
     * first unit at weight 0, filtered by the phrase, i.e. the phrase's
     * documents with the units' weights. Not AND_MAYBE(phrase x 0, units),
     * the same on paper: Xapian 1.4 drops an AND_MAYBE that an OR (of
     * variants or the user's) makes the right side of the AND_MAYBE it
     * turns into before either has read a document (skip_to(0) leaves it
     * "at end"), as on the second of several databases, whose postlists
     * start when the page is full (T034, bench/RESULTS.md). */
    polx_query *any = NULL, *z = NULL;
    if (b->rc >= 0 && k && w)
        b->rc = pol__x_query_scale(&z, qs[0], 0.0);
    free_all(qs, k);
    if (z && b->rc >= 0)
        any = q_pair(b, POLX_OP_OR, w, z);
    else {
        pol__x_query_free(w);
        pol__x_query_free(z);
    }
    if (any && phrase && b->rc >= 0) {
        if (and) {
            *relaxed = q_pair(b, POLX_OP_FILTER, q_copy(b, any), and);
            and = NULL;
            if (!b->negated) /* an excluded phrase stays exact in the relaxed query */
                push_literal(b, &b->out->relaxed_lits, &b->out->nrelaxed, &u);
        }
        *exact = q_pair(b, POLX_OP_FILTER, any, phrase);
        any = phrase = NULL;
    }
    pol__x_query_free(any);
    pol__x_query_free(phrase);
    pol__x_query_free(and);
    units_free(&u);
}

typedef struct built {
    polx_query *exact;
    polx_query *relaxed;    /* NULL: the same as exact */
} built;

static void built_free(built *x)
{
    pol__x_query_free(x->exact);
    pol__x_query_free(x->relaxed);
    x->exact = x->relaxed = NULL;
}

static void build_node(builder *b, const qnode *n, built *out);

/* The positional units of each alternative of a NEAR side (a literal, or the
 * literals of its expansion). */
static void near_side(builder *b, const qnode *k, pol_literal **alts, size_t *nalts)
{
    const qnode *const *ls = k->type == N_LIT ? &k : (const qnode *const *)k->kids;
    size_t n = k->type == N_LIT ? 1 : k->nkids;
    *alts = calloc(n ? n : 1, sizeof **alts);
    *nalts = 0;
    if (!*alts) { b->rc = POL_ENOMEM; return; }
    for (size_t i = 0; i < n && b->rc >= 0; i++) {
        if (ls[i]->type != N_LIT)
            continue;
        units u;
        if ((b->rc = analyze(b->an, ls[i]->text, strlen(ls[i]->text), &u)) >= 0 && u.n) {
            pol_literal *l = &(*alts)[*nalts];
            if (!(l->units = calloc(u.n, sizeof *l->units)))
                b->rc = POL_ENOMEM;
            (*nalts)++;
            for (size_t j = 0; j < u.n && b->rc >= 0; j++, l->n++)
                if (!(l->units[j] = pol__strndup(u.store.data + u.off[j], u.len[j])))
                    b->rc = POL_ENOMEM;
        }
        units_free(&u);
    }
}

static void add_near(builder *b, const qnode *n)
{
    pol_built_query *o = b->out;
    pol_near *nn = realloc(o->nears, (o->nnears + 1) * sizeof *nn);
    if (!nn) { b->rc = POL_ENOMEM; return; }
    o->nears = nn;
    pol_near *x = &o->nears[o->nnears++];
    memset(x, 0, sizeof *x);
    x->window = n->window;
    near_side(b, n->kids[0], &x->alts[0], &x->nalts[0]);
    near_side(b, n->kids[1], &x->alts[1], &x->nalts[1]);
}

static polx_query *filter_term(builder *b, const qnode *n)
{
    char *norm = NULL;
    size_t nl = 0;
    if ((b->rc = pol_analyzer_normalize(b->an, n->text, strlen(n->text), &norm, &nl)) < 0)
        return NULL;
    polx_query *q = q_term(b, n->field, norm, nl, 0);
    free(norm);
    return q;
}

/* AND/OR over children; NOT children of an AND become AND_NOT. */
static void build_group(builder *b, const qnode *n, built *out)
{
    int is_and = n->type == N_AND || n->type == N_NEAR;
    built *kids = calloc(n->nkids ? n->nkids : 1, sizeof *kids);
    polx_query **pe = calloc(n->nkids + 1, sizeof *pe), **ne = calloc(n->nkids + 1, sizeof *ne),
               **pr = calloc(n->nkids + 1, sizeof *pr);
    size_t npos = 0, nneg = 0;
    int relaxed = 0;
    if (!kids || !pe || !ne || !pr) {
        b->rc = POL_ENOMEM;
        goto done;
    }
    for (size_t i = 0; i < n->nkids && b->rc >= 0; i++) {
        const qnode *k = n->kids[i];
        if (is_and && k->type == N_NOT) {
            b->negated++;
            build_node(b, k->kids[0], &kids[i]);
            b->negated--;
            if (kids[i].exact) {
                ne[nneg++] = kids[i].exact;
                kids[i].exact = NULL;
            }
            continue;
        }
        build_node(b, k, &kids[i]);
        if (kids[i].exact) {
            /* exclusions stay exact in the relaxed query too */
            relaxed |= kids[i].relaxed != NULL;
            pr[npos] = kids[i].relaxed ? kids[i].relaxed : q_copy(b, kids[i].exact);
            pe[npos++] = kids[i].exact;
            kids[i].exact = kids[i].relaxed = NULL;
        }
    }
    if (b->rc < 0)
        goto done;
    if (npos == 0 && nneg == 0)
        goto done; /* nothing to match: e.g. only punctuation */
    if (npos == 0) {
        if (!is_and)
            goto done;
        /* only exclusions: everything but them */
        b->rc = pol__x_query_match_all(&pe[0]);
        npos = 1;
        if (b->rc < 0)
            goto done;
    }
    int op = is_and ? POLX_OP_AND : POLX_OP_OR;
    out->exact = npos == 1 ? q_copy(b, pe[0]) : q_combine(b, op, pe, npos, 0);
    if (relaxed)
        out->relaxed = npos == 1 ? q_copy(b, pr[0]) : q_combine(b, op, pr, npos, 0);
    if (relaxed && !is_and && npos > 1)
        b->out->relaxed_or = 1;
    if (nneg) {
        polx_query *neg = q_combine(b, POLX_OP_OR, ne, nneg, 0);
        if (relaxed)
            out->relaxed = q_pair(b, POLX_OP_AND_NOT, out->relaxed, q_copy(b, neg));
        out->exact = q_pair(b, POLX_OP_AND_NOT, out->exact, neg);
    }
done:
    for (size_t i = 0; kids && i < n->nkids; i++)
        built_free(&kids[i]);
    if (pe) free_all(pe, npos);
    if (pr) free_all(pr, npos);
    if (ne) free_all(ne, nneg);
    free(kids);
}

static void build_node(builder *b, const qnode *n, built *out)
{
    memset(out, 0, sizeof *out);
    if (b->rc < 0)
        return;
    switch (n->type) {
    case N_LIT:
        build_literal(b, n, &out->exact, &out->relaxed);
        break;
    case N_NEAR:
        add_near(b, n);
        build_group(b, n, out);
        break;
    case N_AND:
    case N_OR:
        if (n->nkids == 1 && n->kids[0]->type != N_NOT)
            build_node(b, n->kids[0], out);
        else
            build_group(b, n, out);
        break;
    case N_NOT: {
        /* a lone NOT (e.g. inside OR): everything but it */
        built k;
        b->negated++;
        build_node(b, n->kids[0], &k);
        b->negated--;
        if (k.exact) {
            polx_query *all = NULL;
            pol__x_query_match_all(&all);
            out->exact = q_pair(b, POLX_OP_AND_NOT, all, k.exact);
            k.exact = NULL;
        }
        built_free(&k);
        break;
    }
    case N_FIELD: {
        polx_query *t = filter_term(b, n);
        if (t)
            b->rc = pol__x_query_scale(&out->exact, t, 0.0);
        pol__x_query_free(t);
        break;
    }
    case N_RANGE: {
        b->rc = pol__x_query_value_range(&out->exact, POL_V_DATE, n->lo, n->hi);
        break;
    }
    }
}

/* Question words and particles removed in question mode: they say what kind
 * of answer is wanted, not what it is about. */
static const char *const question_words[] = {
    "有哪些", "哪些", "什么", "怎么样", "怎么", "怎样", "如何", "是否", "多少", "哪里", "哪个",
    "为什么", "有没有", "能否", "可否", "可以吗", "吗", "呢", "请问", "是什么", "有什么",
    "有何", "何种", "何时", "为何", "哪几", "哪家", "哪类", "哪项", "哪方面", "多久",
    "對於", "对于", "关于", "的", "了", "？", "?",
};

/* Blanks out a question word: with full-width commas where it is made of
 * CJK characters, so that the words on its two sides make no bigram. */
static void strip_word(char *p, size_t wl)
{
    if (wl % 3 == 0 && (unsigned char)p[0] >= 0xe0)
        for (size_t i = 0; i < wl; i += 3)
            memcpy(p + i, "\xef\xbc\x8c", 3);
    else
        memset(p, ' ', wl);
}

/* Whether the question word w found at p in t is one: 何时, 何种 (and 何)
 * right after 任 are the end of 任何 (any), as in 任何时候, 任何种类. */
static int is_question_word(const char *t, const char *p, const char *w)
{
    return !(strncmp(w, "何", strlen("何")) == 0 && p - t >= 3 && strncmp(p - 3, "任", 3) == 0);
}

/* More question words and function words, removed too when
 * question_words is 2. */
static const char *const more_question_words[] = {
    "哪几个", "哪几", "哪方面", "哪类", "哪", "有何", "何种", "何时", "何", "怎么办", "多久",
    "几个", "分别", "具体", "主要", "都", "还", "应当", "应该", "需要", "可以", "采取", "进行",
    "在", "对", "和", "与", "及", "为", "是", "有", "等", "中",
};

static int looks_like_question(const char *q)
{
    if (strstr(q, "?") || strstr(q, "\xef\xbc\x9f"))
        return 1;
    for (size_t i = 0; i < 12; i++)
        if (strstr(q, question_words[i]))
            return 1;
    /* a long unbroken run of text is a sentence, not keywords */
    size_t run = 0, best = 0;
    for (const unsigned char *p = (const unsigned char *)q; *p; p++) {
        if (*p == ' ' || *p == '\t')
            run = 0;
        else if ((*p & 0xc0) != 0x80 && ++run > best)
            best = run;
    }
    return best > 16;
}

/* The words of n written without quotes, each followed by a space: what
 * tells a question from keywords (a quoted phrase is exact whatever it
 * holds; filters and exclusions only narrow the matches). */
static void unquoted_words(const qnode *n, pol_buf *out)
{
    if (n->type == N_LIT && !n->quoted && !n->title_only) {
        pol__buf_addstr(out, n->text);
        pol__buf_addc(out, ' ');
    }
    for (size_t i = 0; n->type != N_LIT && n->type != N_NOT && i < n->nkids; i++)
        unquoted_words(n->kids[i], out);
}

/* Whether n says how its words combine (OR, NEAR): keywords then. Field
 * filters, date ranges, title: and exclusions go with a question too. */
static int has_operators(const qnode *n)
{
    if (n->type == N_NEAR)
        return 1;
    if (n->type == N_OR && n->nkids > 1)
        return 1;
    for (size_t i = 0; i < n->nkids; i++)
        if (has_operators(n->kids[i]))
            return 1;
    return 0;
}

/* A question's group: the OR of its parts e[0..n) filtered by the AND of
 * fe[0..nf) (with no parts, that AND), less the OR of ne[0..nn). */
static polx_query *any_group(builder *b, polx_query **e, size_t n, polx_query **fe, size_t nf,
                             polx_query **ne, size_t nn)
{
    polx_query *q = n ? q_combine(b, POLX_OP_OR, e, n, 0) : q_combine(b, POLX_OP_AND, fe, nf, 0);
    if (n && nf)
        q = q_pair(b, POLX_OP_FILTER, q, q_combine(b, POLX_OP_AND, fe, nf, 0));
    if (nn)
        q = q_pair(b, POLX_OP_AND_NOT, q, q_combine(b, POLX_OP_OR, ne, nn, 0));
    return q;
}

/* A literal's ranking units in question mode (build_any). */
static void any_lit(builder *b, const qnode *n, built *out)
{
    memset(out, 0, sizeof *out);
    pol_built_query *o = b->out;
    o->nregions += pol__meta_regions_named(n->text, o->regions + o->nregions,
                                           sizeof o->regions / sizeof *o->regions - o->nregions);
    /* strip question words before analysis */
    char *t = pol__strdup(n->text);
    if (!t) { b->rc = POL_ENOMEM; return; }
    for (size_t i = 0; b->ro->question_words && i < sizeof question_words / sizeof *question_words; i++) {
        size_t wl = strlen(question_words[i]);
        for (char *p = strstr(t, question_words[i]); p; p = strstr(p + wl, question_words[i]))
            if (is_question_word(t, p, question_words[i]))
                strip_word(p, wl);
    }
    for (size_t i = 0; b->ro->question_words > 1 && i < sizeof more_question_words / sizeof *more_question_words; i++) {
        size_t wl = strlen(more_question_words[i]);
        for (char *p = strstr(t, more_question_words[i]); p; p = strstr(p + wl, more_question_words[i]))
            if (is_question_word(t, p, more_question_words[i]))
                strip_word(p, wl);
    }
    units u;
    if ((b->rc = analyze(b->an, t, strlen(t), &u)) >= 0 && u.n) {
        /* highlight each ranking unit on its own */
        for (size_t i = 0; i < u.nw && b->rc >= 0; i++) {
            units one;
            if ((b->rc = analyze(b->an, u.store.data + u.woff[i], u.wlen[i], &one)) >= 0) {
                add_literal(b, &one);
                add_qunit(b, u.store.data + u.woff[i], u.wlen[i], unit_weight(b->ro, u.wflags[i]), &one);
            }
            units_free(&one);
        }
        polx_query *lw = NULL, *w = rank_units(b, &u, 0, 1, &lw);
        if (w) {
            /* phrases need positions: document records only */
            polx_query *ph = phrase_units(b, &u);
            out->relaxed = ph ? q_pair(b, POLX_OP_OR, lw, q_copy(b, ph)) : lw;
            out->exact = ph ? q_pair(b, POLX_OP_OR, w, ph) : w;
        } else
            pol__x_query_free(lw);
    }
    units_free(&u);
    free(t);
}

/* The exact form of a quoted phrase, which a question requires too */
static polx_query *required_phrase(builder *b, const qnode *n)
{
    built req;
    build_node(b, n, &req);
    polx_query *q = req.exact;
    req.exact = NULL;
    built_free(&req);
    return q;
}

/* Question mode: every ranking unit of the text, none required; filters,
 * exclusions and quoted phrases still apply. out->relaxed: the same without
 * the characters' weights (pol_built_query.nochar_query). */
static void build_any(builder *b, const qnode *n, built *out)
{
    memset(out, 0, sizeof *out);
    if (n->type == N_LIT && !n->title_only) {
        any_lit(b, n, out);
        if (n->quoted && out->exact) {
            polx_query *f = required_phrase(b, n);
            out->relaxed = q_pair(b, POLX_OP_FILTER, out->relaxed, q_copy(b, f));
            out->exact = q_pair(b, POLX_OP_FILTER, out->exact, f);
        }
        return;
    }
    if (n->type == N_AND || n->type == N_OR) {
        built *kids = calloc(n->nkids, sizeof *kids);
        polx_query **e = calloc(n->nkids, sizeof *e), **le = calloc(n->nkids, sizeof *le),
                   **fe = calloc(n->nkids, sizeof *fe), **ne = calloc(n->nkids, sizeof *ne);
        size_t ne_ = 0, nf = 0, nn = 0;
        if (!kids || !e || !le || !fe || !ne) {
            b->rc = POL_ENOMEM;
        } else {
            for (size_t i = 0; i < n->nkids && b->rc >= 0; i++) {
                const qnode *k = n->kids[i];
                if (k->type == N_NOT) {
                    build_node(b, k->kids[0], &kids[i]);
                    if (kids[i].exact) ne[nn++] = kids[i].exact;
                } else if (k->type == N_FIELD || k->type == N_RANGE || k->title_only) {
                    build_node(b, k, &kids[i]);
                    if (kids[i].exact) fe[nf++] = kids[i].exact;
                } else {
                    if (n->type == N_AND && k->type == N_LIT && k->quoted) {
                        /* required by the group; its units rank */
                        polx_query *f = required_phrase(b, k);
                        if (f) fe[nf++] = f;
                        any_lit(b, k, &kids[i]);
                    } else {
                        build_any(b, k, &kids[i]);
                    }
                    if (kids[i].exact) {
                        e[ne_] = kids[i].exact;
                        le[ne_++] = kids[i].relaxed;
                        kids[i].relaxed = NULL;
                    }
                }
                kids[i].exact = NULL;
                built_free(&kids[i]); /* a keyword's relaxed form: questions are not relaxed */
            }
            if (b->rc >= 0 && (ne_ || nf)) {
                out->exact = any_group(b, e, ne_, fe, nf, ne, nn);
                out->relaxed = any_group(b, le, ne_, fe, nf, ne, nn);
            }
        }
        if (e) free_all(e, ne_);
        if (le) free_all(le, ne_);
        if (fe) free_all(fe, nf);
        if (ne) free_all(ne, nn);
        free(kids);
        return;
    }
    build_node(b, n, out);
    /* filters and title words have no characters' weights */
    pol__x_query_free(out->relaxed);
    out->relaxed = q_copy(b, out->exact);
}

pol_status pol__query_build(pol_analyzer *an, const char *query, pol_match_mode mode,
                            unsigned flags, const pol_rank_opts *ro, pol_built_query *out,
                            char *err, size_t errlen)
{
    static const pol_rank_opts defaults = POL_RANK_OPTS_INIT;
    memset(out, 0, sizeof *out);
    parser p = { query, 0, strlen(query), err, errlen, 0, 0 };
    err[0] = '\0';
    skip_space(&p);
    if (p.pos >= p.len) {
        snprintf(err, errlen, "empty query: give at least one word");
        return POL_EQUERY;
    }
    qnode *root = parse_or(&p);
    if (!p.failed) {
        skip_space(&p);
        if (p.pos < p.len)
            perr(&p, p.pos, "unexpected ')'");
    }
    if (!p.failed && root)
        check_near(&p, root, 0);
    if (p.failed || !root) {
        node_free(root);
        return POL_EQUERY;
    }
    if (mode == POL_MATCH_AUTO && !has_operators(root)) {
        pol_buf w = POL_BUF_INIT;
        unquoted_words(root, &w);
        pol__buf_addc(&w, '\0');
        if (w.oom) {
            pol__buf_free(&w);
            node_free(root);
            snprintf(err, errlen, "out of memory");
            return POL_ENOMEM;
        }
        mode = looks_like_question(w.data) ? POL_MATCH_ANY : POL_MATCH_ALL;
        pol__buf_free(&w);
    }
    if (mode == POL_MATCH_AUTO)
        mode = POL_MATCH_ALL;
    out->mode = mode;
    pol_buf ex = POL_BUF_INIT;
    pol__buf_addstr(&ex, mode == POL_MATCH_ANY ? "mode: question (no word required; units rank)\n"
                                               : "mode: keywords (every word required)\n");
    pol__buf_addstr(&ex, "parsed: ");
    describe(&ex, root, 1);
    pol__buf_addc(&ex, '\n');
    const pol_rank_opts *rop = ro ? ro : &defaults;
    if (!(flags & POL_QUERY_LITERAL) && (mode != POL_MATCH_ANY || rop->expand_questions)) {
        expander x = { an, NULL, mode == POL_MATCH_ANY, POL_BUF_INIT, POL_OK };
        if ((x.rc = pol__glossary_get(&x.g)) >= 0)
            expand(&x, root);
        if (x.rc >= 0 && x.notes.len) {
            pol__buf_addstr(&ex, "expansions:\n");
            pol__buf_add(&ex, x.notes.data, x.notes.len);
            pol__buf_addstr(&ex, "searched: ");
            describe(&ex, root, 1);
            pol__buf_addc(&ex, '\n');
        }
        if (x.notes.oom)
            x.rc = POL_ENOMEM;
        pol__buf_free(&x.notes);
        if (x.rc < 0) {
            pol__buf_free(&ex);
            node_free(root);
            snprintf(err, errlen, "out of memory");
            return x.rc;
        }
    }
    if (ex.oom) {
        node_free(root);
        snprintf(err, errlen, "out of memory");
        return POL_ENOMEM;
    }
    out->explain = pol__buf_detach(&ex, NULL);
    builder b = { an, out, POL_OK, rop, 0, 0 };
    b.own = (flags & POL_QUERY_OWN_PHRASES) != 0;
    built r;
    if (mode == POL_MATCH_ANY)
        build_any(&b, root, &r);
    else
        build_node(&b, root, &r);
    node_free(root);
    if (b.rc < 0) {
        built_free(&r);
        pol__query_free(out);
        if (b.rc == POL_ENOMEM)
            snprintf(err, errlen, "out of memory");
        else
            snprintf(err, errlen, "cannot build the query: %s", pol__x_errmsg());
        return b.rc;
    }
    if (!r.exact) {
        built_free(&r);
        pol__query_free(out);
        snprintf(err, errlen, "the query has no searchable words");
        return POL_EQUERY;
    }
    out->doc_query = r.exact;
    if (mode != POL_MATCH_ANY)
        out->relaxed_query = r.relaxed;
    else if (out->char_terms.n)
        out->nochar_query = r.relaxed;
    else
        pol__x_query_free(r.relaxed);
    return POL_OK;
}

void pol__query_free(pol_built_query *q)
{
    pol__x_query_free(q->doc_query);
    pol__x_query_free(q->relaxed_query);
    pol__x_query_free(q->nochar_query);
    pol__strlist_free(&q->char_terms);
    free(q->explain);
    for (size_t i = 0; i < q->nnears; i++)
        for (int side = 0; side < 2; side++) {
            for (size_t a = 0; a < q->nears[i].nalts[side]; a++) {
                for (size_t j = 0; j < q->nears[i].alts[side][a].n; j++)
                    free(q->nears[i].alts[side][a].units[j]);
                free(q->nears[i].alts[side][a].units);
            }
            free(q->nears[i].alts[side]);
        }
    free(q->nears);
    for (size_t i = 0; i < q->nlits; i++) {
        for (size_t j = 0; j < q->lits[i].n; j++)
            free(q->lits[i].units[j]);
        free(q->lits[i].units);
    }
    free(q->lits);
    for (size_t i = 0; i < q->nrelaxed; i++) {
        for (size_t j = 0; j < q->relaxed_lits[i].n; j++)
            free(q->relaxed_lits[i].units[j]);
        free(q->relaxed_lits[i].units);
    }
    free(q->relaxed_lits);
    for (size_t i = 0; i < q->nqunits; i++) {
        for (size_t j = 0; j < q->qunits[i].lit.n; j++)
            free(q->qunits[i].lit.units[j]);
        free(q->qunits[i].lit.units);
        free(q->qunits[i].term);
    }
    free(q->qunits);
    memset(q, 0, sizeof *q);
}
