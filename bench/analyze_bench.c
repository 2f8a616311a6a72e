/* analyze_bench — speed of the analyzer against bare ICU word breaking.
 *
 * Reads every file under a folder (default: the law corpus,
 * ../shared/corpus/lawrefbook) into memory, then times, on one thread and
 * over the same bytes:
 *   icu       a bare ICU word-break loop (UBRK_WORD, "zh", stepping ubrk_next
 *             to the end), both over a UTF-8 UText and over UTF-16 (the
 *             conversion counted); the faster of the two is the baseline;
 *   normalize the analyzer's normalization alone (NFKC_Casefold,
 *             Traditional->Simplified, offset map);
 *   analyzer  the full analyzer (normalization, ICU word break, every unit
 *             delivered to a callback), as the indexer runs it.
 * Each is run `rounds` times, alternating, and the best round counts. Times
 * are the thread's CPU time (the machine is shared: wall time would measure
 * the neighbours). Prints MB/s and the ratio analyzer / icu; the target is
 * >= 0.50.
 * Usage: analyze_bench [DIR] [ROUNDS]   (not part of ctest: it takes minutes) */
#define _XOPEN_SOURCE 700
#include "polsearch/analyzer.h"
#include "normalize.h"

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>

typedef struct file {
    char *data;
    size_t len;
} file;

static file *files;
static size_t nfiles, capfiles, total_bytes;

static int add_file(const char *path, const struct stat *sb, int type, struct FTW *w)
{
    (void)w;
    if (type != FTW_F || sb->st_size == 0)
        return 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    char *d = malloc((size_t)sb->st_size);
    size_t n = d ? fread(d, 1, (size_t)sb->st_size, f) : 0;
    fclose(f);
    if (!d)
        return 1;
    if (nfiles == capfiles) {
        capfiles = capfiles ? capfiles * 2 : 1024;
        file *nf = realloc(files, capfiles * sizeof *nf);
        if (!nf)
            return 1;
        files = nf;
    }
    files[nfiles].data = d;
    files[nfiles].len = n;
    nfiles++;
    total_bytes += n;
    return 0;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t sink;

static double run_icu(int utf16)
{
    UErrorCode err = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &err);
    UText *ut = NULL;
    UChar *u = NULL;
    int32_t ucap = 0;
    double t0 = now();
    for (size_t i = 0; i < nfiles && U_SUCCESS(err); i++) {
        if (utf16) {
            int32_t ulen = 0;
            if ((int32_t)files[i].len + 1 > ucap) {
                ucap = (int32_t)files[i].len + 1;
                free(u);
                if (!(u = malloc((size_t)ucap * sizeof *u)))
                    exit(1);
            }
            u_strFromUTF8Lenient(u, ucap, &ulen, files[i].data, (int32_t)files[i].len, &err);
            ubrk_setText(bi, u, ulen, &err);
        } else {
            ut = utext_openUTF8(ut, files[i].data, (int64_t)files[i].len, &err);
            ubrk_setUText(bi, ut, &err);
        }
        for (int32_t b = ubrk_first(bi); b != UBRK_DONE; b = ubrk_next(bi))
            sink += (size_t)ubrk_getRuleStatus(bi);
    }
    double t = now() - t0;
    if (U_FAILURE(err)) {
        fprintf(stderr, "analyze_bench: ICU: %s\n", u_errorName(err));
        exit(1);
    }
    free(u);
    utext_close(ut);
    ubrk_close(bi);
    return t;
}

static double run_normalize(void)
{
    pol_normtext nt;
    memset(&nt, 0, sizeof nt);
    double t0 = now();
    for (size_t i = 0; i < nfiles; i++) {
        if (pol__normalize(&nt, files[i].data, files[i].len) < 0) {
            fprintf(stderr, "analyze_bench: normalization failed\n");
            exit(1);
        }
        sink += nt.ncp;
    }
    double t = now() - t0;
    pol__normtext_free(&nt);
    return t;
}

static int count_unit(void *ctx, const char *u, size_t len, size_t start, size_t end,
                      unsigned pos, unsigned flags)
{
    (void)u; (void)start; (void)end; (void)pos;
    size_t *n = ctx;
    *n += len + flags;
    return 0;
}

static double run_analyzer(void)
{
    pol_analyzer *a = NULL;
    if (pol_analyzer_new(&a) < 0) {
        fprintf(stderr, "analyze_bench: cannot create the analyzer\n");
        exit(1);
    }
    double t0 = now();
    for (size_t i = 0; i < nfiles; i++) {
        if (pol_analyzer_run(a, files[i].data, files[i].len, 1, count_unit, &sink, NULL) < 0) {
            fprintf(stderr, "analyze_bench: %s\n", pol_analyzer_errmsg(a));
            exit(1);
        }
    }
    double t = now() - t0;
    pol_analyzer_free(a);
    return t;
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : POL_SHARED_CORPUS "/lawrefbook";
    int rounds = argc > 2 ? atoi(argv[2]) : 3;
    if (rounds < 1 || argc > 3) {
        fprintf(stderr, "usage: analyze_bench [DIR] [ROUNDS>=1]\n");
        return 2;
    }
    if (nftw(dir, add_file, 32, FTW_PHYS) != 0 || nfiles == 0) {
        fprintf(stderr, "analyze_bench: cannot read files under %s\n", dir);
        return 1;
    }
    double mb = (double)total_bytes / 1e6;
    printf("%zu files, %.1f MB from %s; best of %d rounds, one thread\n", nfiles, mb, dir, rounds);
    double best8 = 1e30, best16 = 1e30, best_norm = 1e30, best_an = 1e30;
    for (int r = 0; r < rounds; r++) {
        double t8 = run_icu(0), t16 = run_icu(1), tn = run_normalize(), ta = run_analyzer();
        if (t8 < best8) best8 = t8;
        if (t16 < best16) best16 = t16;
        if (tn < best_norm) best_norm = tn;
        if (ta < best_an) best_an = ta;
        double ti = t8 < t16 ? t8 : t16;
        printf("round %d: icu utf-8 %.2f MB/s, icu utf-16 %.2f MB/s, normalize %.2f MB/s, "
               "analyzer %.2f MB/s (ratio %.2f)\n", r + 1, mb / t8, mb / t16, mb / tn, mb / ta, ti / ta);
        fflush(stdout);
    }
    double best_icu = best8 < best16 ? best8 : best16;
    printf("bare ICU word break   %7.2f MB/s (UTF-8 UText %.2f, UTF-16 %.2f)\n", mb / best_icu,
           mb / best8, mb / best16);
    printf("normalization alone   %7.2f MB/s\n", mb / best_norm);
    printf("full analyzer         %7.2f MB/s\n", mb / best_an);
    printf("ratio analyzer/icu    %7.2f   (target >= 0.50)\n", best_icu / best_an);
    return sink == 42 ? 3 : 0;
}
