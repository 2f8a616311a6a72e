/* analyzer.c — the units of a text (see analyzer.h): normalizes (normalize.c),
 * runs ICU's word break over the normalized UTF-8 with its ideographs blanked
 * (one break iterator per analyzer, over a UText so no UTF-16 copy is made;
 * see mask_ideographs), and emits positional units (CJK characters, non-CJK
 * tokens), CJK bigrams and whole non-CJK tokens with byte offsets into the
 * original text. Not: index terms or prefixes. */
#include "polsearch/analyzer.h"
#include "analyzer_int.h"
#include "lexicon_int.h"
#include "normalize.h"
#include "util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utext.h>
#include <unicode/utf8.h>
#include <unicode/uversion.h>

struct pol_analyzer {
    UBreakIterator *bi;
    UText *ut;
    pol_normtext nt;
    const pol_lexicon *lx;
    unsigned char *seg;     /* with a lexicon, per code point: chars of the lexicon
                               word starting there (0: none; inside a word: 0) */
    unsigned char *inword;  /* 1: the code point is in a lexicon word */
    int *cost;              /* segmentation scratch */
    unsigned char *choice;
    size_t segcap;
    char *masked;           /* the normalized text, ideographs as spaces */
    size_t maskcap;
    int full_break;         /* tests: the word break runs over the text itself */
    int no_plain;           /* tests: the word break runs even over plain text */
    char err[256];
};

const char *pol_analyzer_id(void)
{
    static char id[64];
    if (!id[0]) {
        char buf[64];
        snprintf(buf, sizeof buf, "%s/%d icu/%s", POL_ANALYZER_NAME, POL_ANALYZER_VERSION,
                 pol__t2s_icu_version);
        memcpy(id, buf, sizeof id);
    }
    return id;
}

const char *pol_analyzer_errmsg(const pol_analyzer *a) { return a ? a->err : "out of memory"; }

pol_status pol_analyzer_new(pol_analyzer **out)
{
    pol_analyzer *a = calloc(1, sizeof *a);
    *out = a;
    /* the word break iterator is opened when first needed (start_break): a
     * text of ideographs and punctuation alone needs none */
    return a ? POL_OK : POL_ENOMEM;
}

void pol_analyzer_free(pol_analyzer *a)
{
    if (!a)
        return;
    if (a->bi)
        ubrk_close(a->bi);
    if (a->ut)
        utext_close(a->ut);
    pol__normtext_free(&a->nt);
    free(a->seg);
    free(a->inword);
    free(a->cost);
    free(a->choice);
    free(a->masked);
    free(a);
}

void pol_analyzer_set_lexicon(pol_analyzer *a, const struct pol_lexicon *lx) { a->lx = lx; }

pol_status pol_analyzer_normalize(pol_analyzer *a, const char *text, size_t len, char **out,
                                  size_t *out_len)
{
    pol_status st = pol__normalize(&a->nt, text, len);
    if (st < 0) {
        snprintf(a->err, sizeof a->err, "normalization failed: %s", pol_status_str(st));
        return st;
    }
    *out = pol__strndup(a->nt.s, a->nt.len);
    if (out_len)
        *out_len = a->nt.len;
    return *out ? POL_OK : POL_ENOMEM;
}

const char *pol__analyzer_normalized(const pol_analyzer *a, size_t *len)
{
    *len = a->nt.len;
    return a->nt.s ? a->nt.s : "";
}

static uint32_t cp_at(const pol_normtext *nt, size_t k)
{
    UChar32 c;
    int32_t i = (int32_t)nt->boff[k];
    U8_NEXT_UNSAFE(nt->s, i, c);
    return (uint32_t)c;
}

static size_t cp_bytes(const pol_normtext *nt, size_t k)
{
    return (k + 1 < nt->ncp ? nt->boff[k + 1] : nt->len) - nt->boff[k];
}

/* Segments each CJK run of the normalized text into lexicon words and single
 * characters, with the fewest pieces (ties: the longer word first), and
 * fills a->seg and a->inword. */
static pol_status segment(pol_analyzer *a)
{
    const pol_normtext *nt = &a->nt;
    if (nt->ncp + 1 > a->segcap) {
        size_t c = nt->ncp + 1;
        unsigned char *s = realloc(a->seg, c), *w = realloc(a->inword, c), *ch = realloc(a->choice, c);
        int *co = realloc(a->cost, c * sizeof *co);
        if (s) a->seg = s;
        if (w) a->inword = w;
        if (ch) a->choice = ch;
        if (co) a->cost = co;
        if (!s || !w || !ch || !co)
            return POL_ENOMEM;
        a->segcap = c;
    }
    memset(a->seg, 0, nt->ncp);
    memset(a->inword, 0, nt->ncp);
    unsigned maxc = pol__lexicon_max_chars(a->lx);
    for (size_t r0 = 0; r0 < nt->ncp;) {
        if (!pol__is_cjk(cp_at(nt, r0))) {
            r0++;
            continue;
        }
        size_t r1 = r0;
        while (r1 < nt->ncp && pol__is_cjk(cp_at(nt, r1)))
            r1++;
        /* cost[i]: fewest pieces for [i, r1) */
        a->cost[r1 - r0] = 0;
        for (size_t i = r1; i-- > r0;) {
            size_t k = i - r0;
            a->cost[k] = a->cost[k + 1] + 1;
            a->choice[k] = 1;
            for (unsigned l = maxc; l >= 2; l--) {
                if (i + l > r1)
                    continue;
                size_t nb = (i + l < nt->ncp ? nt->boff[i + l] : nt->len) - nt->boff[i];
                /* a word beats single characters at equal cost, and a
                 * longer word a shorter one (l counts down) */
                int c = a->cost[k + l] + 1;
                if ((c < a->cost[k] || (c == a->cost[k] && a->choice[k] == 1)) &&
                    pol__lexicon_find(a->lx, nt->s + nt->boff[i], nb) >= 0) {
                    a->cost[k] = c;
                    a->choice[k] = (unsigned char)l;
                }
            }
        }
        for (size_t i = r0; i < r1; i += a->choice[i - r0]) {
            unsigned l = a->choice[i - r0];
            if (l >= 2) {
                a->seg[i] = (unsigned char)l;
                memset(a->inword + i, 1, l);
            }
        }
        r0 = r1;
    }
    return POL_OK;
}

/* Points the word break iterator at s (opening it the first time). */
static pol_status start_break(pol_analyzer *a, const char *s, size_t len)
{
    UErrorCode err = U_ZERO_ERROR;
    if (!a->bi) {
        a->bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
        if (U_FAILURE(err)) {
            a->bi = NULL;
            snprintf(a->err, sizeof a->err, "ICU word break: %s", u_errorName(err));
            return POL_EINTERNAL;
        }
    }
    a->ut = utext_openUTF8(a->ut, s, (int64_t)len, &err);
    ubrk_setUText(a->bi, a->ut, &err);
    if (U_FAILURE(err)) {
        snprintf(a->err, sizeof a->err, "ICU word break: %s", u_errorName(err));
        return POL_EINTERNAL;
    }
    return POL_OK;
}

/* Ideographs of the CJK characters: for ICU's word break they join only
 * other kana and kanji (handed to its dictionary) and the Extend, Format and
 * ZWJ characters that follow them (UAX #29 WB4). Kana and Hangul are not. */
static int is_ideograph(uint32_t c)
{
    return pol__is_cjk(c) && !(c >= 0x3040 && c <= 0x30FF) && !(c >= 0x31F0 && c <= 0x31FF) &&
           !(c >= 0xAC00 && c <= 0xD7AF) && !(c >= 0x1100 && c <= 0x11FF);
}

int pol__analyzer_plain_mark(uint32_t c)
{
    if (c < 0x80)
        return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                 c == '@'); /* ICU's word rules count @ as a letter (e-mail addresses) */
    return c == 0xB0 || c == 0xB7 || c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F);
}

/* Fills a->masked with the normalized text, each ideograph's bytes replaced
 * by spaces (offsets stay the same). ICU's word break gives every character
 * other than an ideograph the same segment and status in the masked text as
 * in the text itself, and ideographs need none (a CJK character is a unit
 * whatever its segment): so the break runs over the masked text and never
 * starts ICU's dictionary segmentation of Chinese, which would only decide
 * word units. Except where ideographs join their neighbours or could: kana,
 * Han-script characters outside pol__is_cjk (々), and a combining mark,
 * format character or ZWJ after an ideograph (UAX #29 WB4). Returns 2 when
 * masked and everything but ideographs is a plain mark (then no segment is
 * a word and the break need not run at all), 1 when masked, 0 when the text
 * has such an exception and needs the word break over itself, POL_ENOMEM. */
static int mask_ideographs(pol_analyzer *a)
{
    const pol_normtext *nt = &a->nt;
    if (a->full_break)
        return 0;
    if (nt->len + 1 > a->maskcap) {
        char *m = realloc(a->masked, nt->len + 1);
        if (!m) {
            snprintf(a->err, sizeof a->err, "out of memory");
            return POL_ENOMEM;
        }
        a->masked = m;
        a->maskcap = nt->len + 1;
    }
    memcpy(a->masked, nt->s, nt->len + 1);
    int after_ideograph = 0, plain = 1;
    for (size_t k = 0; k < nt->ncp; k++) {
        uint32_t c = cp_at(nt, k);
        if (is_ideograph(c)) {
            memset(a->masked + nt->boff[k], ' ', cp_bytes(nt, k));
            after_ideograph = 1;
            continue;
        }
        if (plain && !pol__analyzer_plain_mark(c))
            plain = 0;
        if (c >= 0x80) {
            UErrorCode e = U_ZERO_ERROR;
            UScriptCode sc = uscript_getScript((UChar32)c, &e);
            int wb = u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK);
            if (sc == USCRIPT_HAN || sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA ||
                wb == U_WB_KATAKANA ||
                (after_ideograph && (wb == U_WB_EXTEND || wb == U_WB_FORMAT || wb == U_WB_ZWJ)))
                return 0;
        }
        after_ideograph = 0;
    }
    return plain && !a->no_plain ? 2 : 1;
}

/* The end of the next segment of the word break and its rule status; for a
 * plain text (mask_ideographs 2), one segment of all of it and no word.
 * Returns 0 after the last. */
static int next_segment(pol_analyzer *a, int plain, int32_t *b0, int32_t *b1, int32_t *status)
{
    if (plain) {
        if (*b0 == (int32_t)a->nt.len)
            return 0;
        *b1 = (int32_t)a->nt.len;
        *status = UBRK_WORD_NONE;
        return 1;
    }
    if ((*b1 = ubrk_next(a->bi)) == UBRK_DONE)
        return 0;
    *status = ubrk_getRuleStatus(a->bi);
    return 1;
}

void pol__analyzer_full_break(pol_analyzer *a, int on) { a->full_break = on; }

void pol__analyzer_no_plain(pol_analyzer *a, int on) { a->no_plain = on; }

pol_status pol_analyzer_run(pol_analyzer *a, const char *text, size_t len, unsigned first_pos,
                            pol_unit_cb cb, void *ctx, unsigned *next_pos)
{
    pol_normtext *nt = &a->nt;
    unsigned pos = first_pos;
    pol_status st = pol__normalize(nt, text, len);
    if (st < 0) {
        snprintf(a->err, sizeof a->err, "normalization failed: %s", pol_status_str(st));
        return st;
    }
    if (next_pos)
        *next_pos = pos;
    if (nt->ncp == 0)
        return POL_OK;
    int lex = a->lx && pol_lexicon_size(a->lx) > 0;
    if (lex && (st = segment(a)) < 0) {
        snprintf(a->err, sizeof a->err, "out of memory");
        return st;
    }
    int masked = mask_ideographs(a), plain = masked == 2;
    if (masked < 0)
        return masked;
    if (!plain && (st = start_break(a, masked ? a->masked : nt->s, nt->len)) < 0)
        return st;
    size_t k = 0; /* code point cursor */
    int32_t b0 = plain ? 0 : ubrk_first(a->bi), b1, status;
    int stop = 0;
    while (!stop && next_segment(a, plain, &b0, &b1, &status)) {
        /* code points of this segment: [k, ke) */
        while (k < nt->ncp && (int32_t)nt->boff[k] < b0)
            k++;
        size_t ke = k;
        while (ke < nt->ncp && (int32_t)nt->boff[ke] < b1)
            ke++;
        int wordy = status >= UBRK_WORD_NUMBER; /* numbers, letters, kana, ideographs */
        size_t i = k;
        while (!stop && i < ke) {
            uint32_t c = cp_at(nt, i);
            if (pol__is_cjk(c)) {
                /* a CJK stretch of this segment: [i, j) */
                size_t j = i;
                while (j < ke && pol__is_cjk(cp_at(nt, j)))
                    j++;
                for (size_t m = i; m < j && !stop; m++) {
                    const char *u = nt->s + nt->boff[m];
                    size_t ub = cp_bytes(nt, m);
                    stop = cb(ctx, u, ub, nt->ostart[m], nt->oend[m], pos, POL_UNIT_CHAR);
                    /* bigram with the next code point when it is CJK too
                     * (whitespace between them is already gone) */
                    if (!stop && m + 1 < nt->ncp && pol__is_cjk(cp_at(nt, m + 1))) {
                        size_t bb = ub + cp_bytes(nt, m + 1);
                        unsigned fl = POL_UNIT_BIGRAM;
                        /* the last character of a word next to the first of another */
                        if (lex && a->inword[m] && a->inword[m + 1] && a->seg[m + 1])
                            fl |= POL_UNIT_CROSS;
                        stop = cb(ctx, u, bb, nt->ostart[m], nt->oend[m + 1], pos, fl);
                    }
                    if (!stop && lex && a->seg[m]) {
                        size_t e = m + a->seg[m];
                        size_t lb = (e < nt->ncp ? nt->boff[e] : nt->len) - nt->boff[m];
                        stop = cb(ctx, u, lb, nt->ostart[m], nt->oend[e - 1], pos, POL_UNIT_LEARNED);
                    }
                    pos++;
                }
                i = j;
            } else if (wordy) {
                /* a non-CJK token: up to the next CJK character */
                size_t j = i;
                while (j < ke && !pol__is_cjk(cp_at(nt, j)))
                    j++;
                const char *u = nt->s + nt->boff[i];
                size_t ub = nt->boff[j - 1] + cp_bytes(nt, j - 1) - nt->boff[i];
                if (ub > POL_MAX_UNIT_BYTES)
                    ub = pol__utf8_floor(u, POL_MAX_UNIT_BYTES);
                /* each character of the token is a positional unit, so that
                 * any part of it (20 of 2020) is found; the token as a whole
                 * ranks, after its first character */
                for (size_t m = i; m < j && !stop; m++) {
                    stop = cb(ctx, nt->s + nt->boff[m], cp_bytes(nt, m), nt->ostart[m], nt->oend[m],
                              pos, POL_UNIT_CHAR);
                    if (!stop && m == i && j - i > 1)
                        stop = cb(ctx, u, ub, nt->ostart[i], nt->oend[j - 1], pos, POL_UNIT_TOKEN);
                    pos++;
                }
                i = j;
            } else {
                i++; /* punctuation, symbols, spaces: no unit */
            }
        }
        k = ke;
        b0 = b1;
    }
    if (next_pos)
        *next_pos = pos;
    return POL_OK;
}
