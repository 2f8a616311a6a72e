/* dbtool — test helper for the reliability CLI tests: acts on an index the
 * way another program would, through the Xapian binding.
 *   dbtool hold DB               open DB for writing, print "held", keep the
 *                                write lock until stdin reaches end of file
 *   dbtool setmeta DB KEY VALUE  set a metadata entry and commit
 *   dbtool getmeta DB KEY        print a metadata entry */
#include "xapian_c.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
    polx_db *db = NULL;
    if (argc == 4 && strcmp(argv[1], "getmeta") == 0) {
        char *v = NULL;
        size_t len = 0;
        pol_status st = pol__x_db_open(&db, argv[2]);
        if (st >= 0)
            st = pol__x_db_get_metadata(db, argv[3], &v, &len);
        if (st < 0)
            fprintf(stderr, "dbtool: %s: %s\n", argv[2], pol__x_errmsg());
        else if (v)
            printf("%.*s\n", (int)len, v);
        free(v);
        pol__x_db_free(db);
        return st < 0;
    }
    if (argc < 3 || (strcmp(argv[1], "hold") != 0 && strcmp(argv[1], "setmeta") != 0) ||
        (strcmp(argv[1], "setmeta") == 0 && argc != 5)) {
        fprintf(stderr, "usage: dbtool hold DB | dbtool setmeta DB KEY VALUE | dbtool getmeta DB KEY\n");
        return 2;
    }
    pol_status st = pol__x_db_open_writable(&db, argv[2], POLX_OPEN);
    if (st < 0) {
        fprintf(stderr, "dbtool: %s: %s\n", argv[2], pol__x_errmsg());
        return 1;
    }
    if (strcmp(argv[1], "hold") == 0) {
        printf("held\n");
        fflush(stdout);
        while (getchar() != EOF)
            ;
    } else {
        st = pol__x_db_set_metadata(db, argv[3], argv[4], strlen(argv[4]));
        if (st >= 0)
            st = pol__x_db_commit(db);
        if (st < 0) {
            fprintf(stderr, "dbtool: %s: %s\n", argv[2], pol__x_errmsg());
            pol__x_db_free(db);
            return 1;
        }
    }
    pol__x_db_free(db);
    return 0;
}
