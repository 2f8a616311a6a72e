/* snippet.c — passages for hits: finds the query's literals in a section's
 * units with the analyzer's own byte offsets, as the document's unit map
 * keeps them (so highlights are exact in traditional, full-width or spaced
 * text), picks the sentence with the most distinct literals, and cuts a
 * window at sentence ends.
 * Not: choosing which sections to show (search.c). */
#include "snippet.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/utf8.h>

typedef struct tunit {
    size_t uoff, ulen;   /* normalized unit bytes in the store */
    size_t start, end;   /* original byte range */
} tunit;

typedef struct tunits {
    tunit *v;
    size_t n, cap;
    pol_buf store;
    int oom;
} tunits;

static int collect(void *ctx, uint32_t cp, size_t start, size_t end)
{
    tunits *t = ctx;
    if (t->n == t->cap) {
        tunit *nv = pol__grow(t->v, &t->cap, t->n, sizeof *nv);
        if (!nv) { t->oom = 1; return 1; }
        t->v = nv;
    }
    tunit *x = &t->v[t->n++];
    char u[4];
    size_t len = 0;
    U8_APPEND_UNSAFE(u, len, cp);
    x->uoff = t->store.len;
    x->ulen = len;
    x->start = start;
    x->end = end;
    pol__buf_add(&t->store, u, len); /* inline (util.h) */
    if (t->store.oom) { t->oom = 1; return 1; }
    return 0;
}

typedef struct match { size_t start, end; size_t lit; } match;

static int match_cmp(const void *a, const void *b)
{
    const match *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->end < y->end ? 1 : x->end > y->end ? -1 : 0;
}

/* Sentence-ending characters: 。；！？ ! ? ; and line breaks. */
static size_t sentence_end_len(const char *s, size_t i, size_t len)
{
    unsigned char c = (unsigned char)s[i];
    if (c == '\n' || c == '!' || c == '?' || c == ';')
        return 1;
    if (i + 2 < len + 0 && c == 0xe3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x82)
        return 3; /* 。 */
    if (i + 2 < len && c == 0xef && (unsigned char)s[i + 1] == 0xbc) {
        unsigned char d = (unsigned char)s[i + 2];
        if (d == 0x9b || d == 0x81 || d == 0x9f)
            return 3; /* ； ！ ？ */
    }
    return 0;
}

static int is_space_at(const char *s, size_t i, size_t len, size_t *n)
{
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') { *n = 1; return 1; }
    if (i + 2 < len && c == 0xe3 && (unsigned char)s[i + 1] == 0x80 && (unsigned char)s[i + 2] == 0x80) { *n = 3; return 1; }
    return 0;
}

/* Clause marks where a long sentence may be cut: ，、：, and sentence ends. */
static size_t clause_mark_len(const char *s, size_t i, size_t len)
{
    size_t el = sentence_end_len(s, i, len);
    if (el)
        return el;
    if (i + 2 < len && !memcmp(s + i, "\xef\xbc\x8c", 3)) /* ， */
        return 3;
    if (i + 2 < len && !memcmp(s + i, "\xe3\x80\x81", 3)) /* 、 */
        return 3;
    if (i + 2 < len && !memcmp(s + i, "\xef\xbc\x9a", 3)) /* ： */
        return 3;
    return 0;
}

static size_t count_chars(const char *s, size_t from, size_t to)
{
    size_t n = 0;
    for (size_t i = from; i < to; i += pol__utf8_len((unsigned char)s[i]))
        n++;
    return n;
}

/* Start of the character before byte i (not before `floor`). */
static size_t prev_char(const char *s, size_t i, size_t floor)
{
    if (i <= floor)
        return floor;
    i--;
    while (i > floor && ((unsigned char)s[i] & 0xc0) == 0x80)
        i--;
    return i;
}

/* End (after its mark) of the sentence starting at i. */
static size_t sentence_after(const char *s, size_t i, size_t len)
{
    while (i < len) {
        size_t el = sentence_end_len(s, i, len);
        if (el)
            return i + el;
        i += pol__utf8_len((unsigned char)s[i]);
    }
    return len;
}

/* Start of the sentence that ends at byte i (a sentence start). */
static size_t sentence_before(const char *s, size_t i)
{
    size_t j = prev_char(s, i, 0); /* the mark ending that sentence */
    while (j > 0) {
        size_t p = prev_char(s, j, 0);
        if (sentence_end_len(s, p, i))
            return j;
        j = p;
    }
    return 0;
}

static int is_cjk_lead(const char *s, size_t i, size_t len)
{
    /* U+2E80..U+9FFF and U+F900..U+FAFF as 3-byte sequences; 4-byte ideographs */
    unsigned char c = (unsigned char)s[i];
    if (c >= 0xf0 && i + 3 < len + 1)
        return 1;
    if (c >= 0xe2 && c <= 0xe9 && i + 2 < len) {
        unsigned cp = ((c & 0x0fu) << 12) | (((unsigned char)s[i + 1] & 0x3fu) << 6) |
                      ((unsigned char)s[i + 2] & 0x3fu);
        return cp >= 0x2e80 && cp <= 0x9fff && !(cp >= 0x3000 && cp <= 0x303f);
    }
    return 0;
}

pol_status pol__snippet_make(pol_units_fn units, void *src, const char *text, size_t len,
                             const pol_literal *lits, size_t nlits, size_t target_chars,
                             char **out, pol_span **spans_out, size_t *nspans)
{
    tunits t;
    memset(&t, 0, sizeof t);
    match *m = NULL;
    size_t nm = 0, mcap = 0;
    pol_status st = units(src, collect, &t);
    *out = NULL;
    *spans_out = NULL;
    *nspans = 0;
    if (st >= 0 && t.oom)
        st = POL_ENOMEM;
    if (st < 0)
        goto done;
    /* every occurrence of every literal */
    for (size_t i = 0; i < t.n; i++) {
        const char *u0 = t.store.data + t.v[i].uoff;
        for (size_t l = 0; l < nlits; l++) {
            const pol_literal *lit = &lits[l];
            if (lit->n == 0 || i + lit->n > t.n)
                continue;
            size_t k;
            for (k = 0; k < lit->n; k++) {
                const tunit *x = &t.v[i + k];
                const char *u = k == 0 ? u0 : t.store.data + x->uoff;
                /* strlen and memcmp in one pass, stopping at the first
                 * byte that differs (most differ at once) */
                const char *lu = lit->units[k];
                size_t j = 0;
                while (j < x->ulen && lu[j] && lu[j] == u[j])
                    j++;
                if (j < x->ulen || lu[j])
                    break;
            }
            if (k < lit->n)
                continue;
            if (nm == mcap) {
                size_t c = mcap ? mcap * 2 : 32;
                match *nmv = realloc(m, c * sizeof *nmv);
                if (!nmv) { st = POL_ENOMEM; goto done; }
                m = nmv;
                mcap = c;
            }
            m[nm].start = t.v[i].start;
            m[nm].end = t.v[i + lit->n - 1].end;
            m[nm].lit = l;
            nm++;
        }
    }
    if (nm)
        qsort(m, nm, sizeof *m, match_cmp);

    /* the best sentence: most distinct literals, then most matches, then earliest */
    size_t best_start = 0, best_end = len, best_score = 0, best_count = 0;
    {
        size_t s = 0, mi = 0;
        unsigned char *seen = nlits ? calloc(nlits, 1) : NULL;
        if (nlits && !seen) { st = POL_ENOMEM; goto done; }
        int found_any = 0;
        for (size_t i = 0; i <= len;) {
            size_t el = i < len ? sentence_end_len(text, i, len) : 0;
            if (i == len || el) {
                size_t e = i + el;
                size_t score = 0, count = 0;
                if (seen)
                    memset(seen, 0, nlits);
                while (mi < nm && m[mi].start < e) {
                    if (m[mi].start >= s) {
                        count++;
                        if (!seen[m[mi].lit]) { seen[m[mi].lit] = 1; score++; }
                    }
                    mi++;
                }
                if (!found_any || score > best_score || (score == best_score && count > best_count)) {
                    if (score > 0 || !found_any) {
                        best_start = s;
                        best_end = e;
                        best_score = score;
                        best_count = count;
                        found_any = 1;
                    }
                }
                if (i == len)
                    break;
                s = e;
                i = e;
                continue;
            }
            i += pol__utf8_len((unsigned char)text[i]);
        }
        free(seen);
        if (best_score == 0) {
            /* nothing found: the start of the section */
            best_start = 0;
            best_end = len;
        }
    }
    /* skip leading blanks of the sentence */
    size_t sp;
    while (best_start < best_end && is_space_at(text, best_start, len, &sp))
        best_start += sp;
    /* window: whole sentences — the best one, then those after it and those
     * before it while they fit in the target; a sentence longer than the
     * target is cut around its first match, at a clause mark when one is near */
    size_t ws = best_start, we = best_end;
    size_t first_match = best_end;
    for (size_t i = 0; i < nm; i++)
        if (m[i].start >= best_start && m[i].start < best_end) { first_match = m[i].start; break; }
    size_t chars = count_chars(text, best_start, best_end);
    if (chars <= target_chars) {
        while (we < len) {
            size_t ne = sentence_after(text, we, len), n = count_chars(text, we, ne);
            if (chars + n > target_chars)
                break;
            we = ne;
            chars += n;
        }
        while (ws > 0) {
            size_t ps = sentence_before(text, ws), n = count_chars(text, ps, ws);
            if (chars + n > target_chars)
                break;
            ws = ps;
            chars += n;
        }
    } else {
        if (first_match < best_end) {
            /* start up to a quarter of the target before the first match, at
             * the farthest clause mark on the way if there is one */
            size_t i = first_match, at_mark = first_match;
            for (size_t back = 0; back < target_chars / 4 && i > best_start; back++) {
                size_t prev = prev_char(text, i, best_start);
                if (clause_mark_len(text, prev, len) && back > 0)
                    at_mark = i;
                i = prev;
            }
            ws = at_mark < first_match ? at_mark : i;
        }
        /* end after target characters, at the last clause mark of the second half */
        size_t i = ws, cut = 0;
        for (size_t n = 0; i < best_end && n < target_chars; n++) {
            size_t cl = clause_mark_len(text, i, len);
            i += cl ? cl : pol__utf8_len((unsigned char)text[i]);
            if (cl && n >= target_chars / 2)
                cut = i;
        }
        we = cut && i < best_end ? cut : i;
        if (we > len)
            we = len;
        /* the end of the sentence came first: use the room before the start,
         * from a clause mark */
        size_t have = count_chars(text, ws, we);
        if (have < target_chars && ws > best_start) {
            size_t j = ws, mark = ws;
            for (size_t n = have; n < target_chars && j > best_start; n++) {
                j = prev_char(text, j, best_start);
                size_t p = prev_char(text, j, best_start);
                if (j > best_start && clause_mark_len(text, p, len))
                    mark = j;
            }
            ws = j == best_start ? j : mark;
        }
    }
    /* build the snippet: whitespace runs as one space, none between CJK */
    pol_buf b = POL_BUF_INIT;
    pol_span *spans = NULL;
    size_t ns = 0, scap = 0;
    {
        /* "…" only when text is left out before the window */
        size_t k = 0, sp2;
        while (k < ws && is_space_at(text, k, len, &sp2))
            k += sp2;
        if (k < ws)
            pol__buf_addstr(&b, "\xe2\x80\xa6"); /* … */
    }
    size_t mi = 0;
    while (mi < nm && m[mi].end <= ws)
        mi++;
    int in_span = 0;
    size_t span_end = 0;
    for (size_t i = ws; i < we;) {
        /* spans starting here */
        if (!in_span && mi < nm && m[mi].start <= i && m[mi].end > i) {
            if (ns == scap) {
                size_t c = scap ? scap * 2 : 8;
                pol_span *nsv = realloc(spans, c * sizeof *nsv);
                if (!nsv) { st = POL_ENOMEM; pol__buf_free(&b); free(spans); goto done; }
                spans = nsv;
                scap = c;
            }
            spans[ns].start = b.len;
            in_span = 1;
            span_end = m[mi].end;
        }
        size_t n;
        if (text[i] == '#' && (i == 0 || text[i - 1] == '\n') && !in_span) {
            /* Markdown heading marks are layout, not text */
            size_t j = i;
            while (j < we && text[j] == '#')
                j++;
            if (j < we && text[j] == ' ') {
                i = j + 1;
                continue;
            }
        }
        if (is_space_at(text, i, len, &n)) {
            size_t j = i;
            while (j < we && is_space_at(text, j, len, &n))
                j += n;
            int cjk_before = b.len >= 3 && i > 0 && is_cjk_lead(b.data, b.len - 3, b.len);
            int cjk_after = j < len && is_cjk_lead(text, j, len);
            if (!(cjk_before && cjk_after) && b.len > 0 && j < we)
                pol__buf_addc(&b, ' ');
            i = j;
        } else {
            n = pol__utf8_len((unsigned char)text[i]);
            if (i + n > we)
                n = we - i;
            pol__buf_add(&b, text + i, n);
            i += n;
        }
        if (in_span) {
            /* extend over overlapping matches */
            while (mi < nm && m[mi].start < span_end + 0 && m[mi].start < i) {
                if (m[mi].end > span_end)
                    span_end = m[mi].end;
                mi++;
            }
            if (i >= span_end || i >= we) {
                spans[ns].end = b.len;
                ns++;
                in_span = 0;
                while (mi < nm && m[mi].start < i)
                    mi++;
            }
        }
    }
    if (in_span) {
        spans[ns].end = b.len;
        ns++;
    }
    {
        /* "…" only when text is left out after the window */
        size_t k = we, sp3;
        while (k < len && is_space_at(text, k, len, &sp3))
            k += sp3;
        if (k < len)
            pol__buf_addstr(&b, "\xe2\x80\xa6");
    }
    if (b.oom) {
        pol__buf_free(&b);
        free(spans);
        st = POL_ENOMEM;
        goto done;
    }
    *out = pol__buf_detach(&b, NULL);
    *spans_out = spans;
    *nspans = ns;
done:
    free(t.v);
    pol__buf_free(&t.store);
    free(m);
    return st;
}
