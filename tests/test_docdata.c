/* test_docdata — the stored document data (lib/docdata.c): metadata, section
 * table and text survive encoding; a prefix of the text is inflated exactly,
 * and damaged compressed text is refused. */
#include "schema.h"
#include "testlib.h"

#include <stdlib.h>
#include <string.h>

static char *encode(const char *text, size_t len, size_t *out_len)
{
    pol_secdata d;
    memset(&d, 0, sizeof d);
    d.path = "/a/b.md";
    d.path_len = strlen(d.path);
    d.title = "标题";
    d.title_len = strlen(d.title);
    char *out = NULL;
    CHECK_EQ_INT(pol__secdata_encode(&d, text, len, "", 0, &out, out_len), POL_OK);
    return out;
}

static void test_prefix(void)
{
    /* a text longer than zlib's window, so that prefixes end in any block */
    size_t n = 0, cap = 200000;
    char *text = malloc(cap + 1);
    if (!text)
        return;
    for (unsigned i = 0; n + 64 < cap; i++)
        n += (size_t)snprintf(text + n, cap - n, "第%u条 行政复议机关应当依法审查，%u。\n", i, i * 7919u % 1000u);
    size_t zn = 0;
    char *z = encode(text, n, &zn);
    pol_secdata d;
    CHECK_EQ_INT(pol__secdata_decode(&d, z, zn), POL_OK);
    CHECK_EQ_INT(d.text_len, n);
    CHECK(d.title_len == strlen("标题") && !memcmp(d.title, "标题", d.title_len));
    static const size_t upto[] = { 0, 1, 100, 32767, 32768, 70001, 150000 };
    for (size_t i = 0; i < sizeof upto / sizeof *upto; i++) {
        char *t = NULL;
        size_t tl = 0;
        CHECK_EQ_INT(pol__secdata_text_prefix(&d, upto[i], &t, &tl), POL_OK);
        CHECK_MSG(t && tl == upto[i] && !memcmp(t, text, tl) && t[tl] == '\0', "upto %zu", upto[i]);
        free(t);
    }
    char *t = NULL;
    size_t tl = 0;
    CHECK_EQ_INT(pol__secdata_text_prefix(&d, n + 5, &t, &tl), POL_OK); /* all of it */
    CHECK(t && tl == n && !memcmp(t, text, n));
    free(t);

    /* a damaged zlib header, damaged deflate data, a truncated stream */
    pol_secdata bad = d;
    char *copy = malloc(d.ztext_len);
    if (copy) {
        memcpy(copy, d.ztext, d.ztext_len);
        bad.ztext = copy;
        copy[0] ^= 0x01; /* not deflate */
        t = NULL;
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        CHECK(t == NULL);
        copy[0] ^= 0x01;
        copy[1] ^= 0x20; /* preset dictionary flag, check bits broken */
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        copy[1] ^= 0x20;
        memset(copy + 2, 0xff, 8); /* invalid block type */
        CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
        free(copy);
    }
    bad = d;
    bad.ztext_len = 1;
    CHECK_EQ_INT(pol__secdata_text_prefix(&bad, 100, &t, &tl), POL_ECORRUPT);
    bad.ztext_len = d.ztext_len / 2; /* ends before the prefix does */
    CHECK_EQ_INT(pol__secdata_text_prefix(&bad, n - 10, &t, &tl), POL_ECORRUPT);
    free(z);
    free(text);
}

int main(void)
{
    test_prefix();
    return TEST_DONE();
}
