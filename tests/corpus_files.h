/* corpus_files.h — the first files of folders of the shared corpus, for
 * the unit tests that check a property over real text. */
#ifndef POL_CORPUS_FILES_H
#define POL_CORPUS_FILES_H
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>

/* Calls fn(ctx, path, text, len) for the files of each folder dirs[i] of
 * the shared corpus (POL_SHARED_CORPUS), each read up to 200 KB and cut at
 * a character's end, until a folder has given `per_dir` bytes; returns how
 * many files it read. */
static inline size_t corpus_files(const char *const *dirs, size_t ndirs, size_t per_dir,
                                  void (*fn)(void *ctx, const char *path, const char *text, size_t len),
                                  void *ctx)
{
    size_t files = 0;
    for (size_t d = 0; d < ndirs; d++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", POL_SHARED_CORPUS, dirs[d]);
        DIR *dir = opendir(path);
        if (!dir)
            continue;
        size_t bytes = 0;
        struct dirent *e;
        while ((e = readdir(dir)) && bytes < per_dir) {
            char fp[2048];
            snprintf(fp, sizeof fp, "%s/%s", path, e->d_name);
            FILE *f = e->d_name[0] != '.' ? fopen(fp, "rb") : NULL;
            if (!f)
                continue;
            char *buf = malloc(200000);
            size_t n = buf ? fread(buf, 1, 200000, f) : 0;
            fclose(f);
            while (n > 0 && ((unsigned char)buf[n - 1] & 0xC0) == 0x80)
                n--;
            if (n > 0 && (unsigned char)buf[n - 1] >= 0xC0)
                n--;
            if (n > 0) {
                fn(ctx, fp, buf, n);
                bytes += n;
                files++;
            }
            free(buf);
        }
        closedir(dir);
    }
    return files;
}

#endif
