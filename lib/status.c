/* status.c — names of pol_status codes. */
#include "polsearch/status.h"

const char *pol_status_str(pol_status st)
{
    switch (st) {
    case POL_OK: return "ok";
    case POL_ENOMEM: return "out of memory";
    case POL_EIO: return "input/output error";
    case POL_EINVAL: return "invalid argument";
    case POL_ENOTFOUND: return "not found";
    case POL_ELOCKED: return "database locked";
    case POL_ECORRUPT: return "database corrupt";
    case POL_EVERSION: return "incompatible database version";
    case POL_EMODIFIED: return "database modified during read";
    case POL_EQUERY: return "query syntax error";
    case POL_EENCODING: return "undecodable text";
    case POL_ENETWORK: return "network error";
    case POL_EUNSUPPORTED: return "unsupported operation";
    case POL_EFORMAT: return "malformed input";
    case POL_EINTERNAL: return "internal error";
    case POL_EEMPTY: return "nothing to index";
    }
    return "unknown status";
}
