/* status.h — the status codes every fallible libpolsearch function returns.
 * Owns: the pol_status enum and its names. Not: detailed messages, which
 * live on the handle that failed (see pol_index_errmsg, pol_searcher_errmsg). */
#ifndef POLSEARCH_STATUS_H
#define POLSEARCH_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pol_status {
    POL_OK = 0,
    POL_ENOMEM = -1,       /* out of memory */
    POL_EIO = -2,          /* reading or writing a file or database failed */
    POL_EINVAL = -3,       /* bad argument or option */
    POL_ENOTFOUND = -4,    /* no such file, database, document or key */
    POL_ELOCKED = -5,      /* database locked by another writer */
    POL_ECORRUPT = -6,     /* database damaged */
    POL_EVERSION = -7,     /* database of another format, schema or analyzer version */
    POL_EMODIFIED = -8,    /* database changed under a reader; reopen and retry */
    POL_EQUERY = -9,       /* query could not be parsed */
    POL_EENCODING = -10,   /* text could not be decoded */
    POL_ENETWORK = -11,    /* remote database unreachable or protocol failure */
    POL_EUNSUPPORTED = -12,/* operation not supported by this backend or build */
    POL_EFORMAT = -13,     /* input document malformed or not a supported format */
    POL_EINTERNAL = -14,   /* unexpected failure inside a dependency (a bug) */
    POL_EEMPTY = -15       /* input held nothing to index */
} pol_status;

/* Short English name of a status, e.g. "database locked". Static string. */
const char *pol_status_str(pol_status st);

#ifdef __cplusplus
}
#endif
#endif
