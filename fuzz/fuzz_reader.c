/* libFuzzer target: one document reader, chosen at build time by FUZZ_EXT
 * (".html", ".json", ".jsonl", ".csv", ".txt" for the text decoders). The
 * input is written to a file of that type and read like polindex reads it;
 * every document must be well formed. */
#include "polsearch/document.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int on_doc(void *ctx, pol_doc *doc)
{
    (void)ctx;
    if (!doc->text || strlen(doc->text) != doc->text_len)
        abort();
    for (size_t i = 0; i < doc->nsections; i++)
        if (doc->sections[i].start > doc->sections[i].end || doc->sections[i].end > doc->text_len ||
            (doc->sections[i].parent != POL_NO_PARENT && doc->sections[i].parent >= doc->nsections))
            abort();
    pol_doc_free(doc);
    return 0;
}

static void on_warn(void *ctx, const char *key, const char *msg)
{
    (void)ctx; (void)key;
    if (!msg || strchr(msg, '\n'))
        abort(); /* problems are reported on one line */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof path, "/tmp/polsearch-fuzz-%ld%s", (long)getpid(), FUZZ_EXT);
    FILE *f = fopen(path, "wb");
    if (!f)
        abort();
    if (size)
        fwrite(data, 1, size, f);
    fclose(f);
    char err[512];
    pol_read_opts ro = POL_READ_OPTS_INIT;
    pol_read_file(path, &ro, on_doc, on_warn, NULL, err, sizeof err);
    unlink(path);
    return 0;
}
