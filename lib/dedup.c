/* dedup.c — near-duplicate detection: signatures of document texts and the
 * near-duplicate groups stored in the index, kept up to date as files are
 * added and removed. Not: showing groups in results (search.c).
 *
 * Method. A text is reduced to its letters and digits (normalized as the
 * analyzer does, so traditional and simplified copies compare equal) and cut
 * into overlapping 5-character shingles. The relation we want is "at least
 * 80% of the smaller text's shingles occur in the other", a set measure, so
 * the signature is a MinHash (which estimates the Jaccard index of shingle
 * sets; with both set sizes stored, Jaccard gives the shared share of the
 * smaller set). SimHash estimates cosine similarity of weighted features and
 * has no such link to set containment, so it was not used. We hash each
 * shingle once and keep the minimum per bin (one-permutation MinHash with
 * densification by rotation): one hash per shingle instead of 256.
 * Candidates are found through LSH: 64 bands of 4 bins, whose keys are held
 * in an in-memory table read from the stored signatures (one value stream)
 * when first needed; schema 3 stored each band as a boolean term on the
 * document record, which cost the index several times the signature's own
 * size. The stored bins keep 16 bits of each minimum (b-bit MinHash). A pair is related when it shares a band, the larger text has at
 * most twice the shingles of the smaller, and the estimate reaches 0.8. The
 * size limit keeps a compilation that quotes a notice from swallowing it
 * (and, through it, every other notice it quotes). Groups are the connected
 * components of this relation; a group's id is its smallest document key, so
 * groups depend only on the set of documents, not on the order of indexing.
 * Adding a document merges the groups of the documents it is related to;
 * deleting one recomputes the components of its group only.
 *
 * No Debian library offers MinHash/LSH over Xapian, so this is written here. */
#include "dedup.h"
#include "schema.h"
#include "util.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

static uint64_t mix64(uint64_t x)
{
    /* splitmix64's finalizer: a bijection that spreads every input bit */
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

/* The letters and digits of normalized text, as code points (malloc'd). */
static pol_status alnum_codepoints(const char *norm, size_t nlen, uint32_t **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    uint32_t *cps = malloc((nlen + 1) * sizeof *cps);
    if (!cps)
        return POL_ENOMEM;
    size_t k = 0;
    int32_t i = 0, nl = nlen > INT32_MAX ? INT32_MAX : (int32_t)nlen;
    while (i < nl) {
        UChar32 c;
        U8_NEXT(norm, i, nl, c);
        if (c >= 0 && u_isalnum(c))
            cps[k++] = (uint32_t)c;
    }
    *out = cps;
    *n = k;
    return POL_OK;
}

pol_status pol__dup_text(pol_analyzer *an, const char *text, size_t len, uint32_t **out, size_t *n)
{
    char *norm = NULL;
    size_t nlen = 0;
    *out = NULL;
    *n = 0;
    pol_status st = pol_analyzer_normalize(an, text, len, &norm, &nlen);
    if (st < 0)
        return st;
    st = alnum_codepoints(norm, nlen, out, n);
    free(norm);
    return st;
}

/* The number of distinct values among the n shingle hashes of h, in an
 * open-addressing set (linear probing) of at least 2n slots: linear time,
 * where sorting them to count took about 4% of indexing CPU. 0 marks an
 * empty slot; a hash of 0 is counted apart. */
static pol_status count_distinct(const uint64_t *h, size_t n, size_t *distinct)
{
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    uint64_t *set = calloc(cap, sizeof *set);
    if (!set)
        return POL_ENOMEM;
    size_t d = 0;
    int zero = 0;
    for (size_t i = 0; i < n; i++) {
        uint64_t v = h[i];
        if (!v) {
            zero = 1;
            continue;
        }
        size_t j = (size_t)(v ^ v >> 29) & (cap - 1);
        while (set[j] && set[j] != v)
            j = (j + 1) & (cap - 1);
        if (!set[j]) {
            set[j] = v;
            d++;
        }
    }
    free(set);
    *distinct = d + (size_t)zero;
    return POL_OK;
}

pol_status pol__dup_sign(pol_analyzer *an, const char *text, size_t len, pol_dupsig *out)
{
    char *norm = NULL;
    size_t nlen = 0;
    memset(out, 0, sizeof *out);
    pol_status st = pol_analyzer_normalize(an, text, len, &norm, &nlen);
    if (st < 0)
        return st;
    st = pol__dup_sign_normalized(norm, nlen, out);
    free(norm);
    return st;
}

pol_status pol__dup_sign_normalized(const char *norm, size_t nlen, pol_dupsig *out)
{
    uint32_t *cp = NULL;
    size_t n = 0;
    memset(out, 0, sizeof *out);
    pol_status st = alnum_codepoints(norm, nlen, &cp, &n);
    if (st < 0)
        return st;
    if (n < POL_DUP_SHINGLE) {
        free(cp);
        return POL_OK;
    }
    size_t ns = n - POL_DUP_SHINGLE + 1;
    uint64_t *h = malloc(ns * sizeof *h);
    if (!h) {
        free(cp);
        return POL_ENOMEM;
    }
    uint64_t minv[POL_DUP_BINS];
    for (size_t b = 0; b < POL_DUP_BINS; b++)
        minv[b] = UINT64_MAX; /* empty: above any 32-bit value */
    for (size_t i = 0; i < ns; i++) {
        /* code points are < 2^21: three pack exactly into 63 bits, two more into 42 */
        uint64_t x = ((uint64_t)cp[i] << 42) | ((uint64_t)cp[i + 1] << 21) | cp[i + 2];
        uint64_t y = ((uint64_t)cp[i + 3] << 21) | cp[i + 4];
        uint64_t v = mix64(x ^ mix64(y + 0x9e3779b97f4a7c15ULL));
        h[i] = v;
        unsigned bin = (unsigned)(v >> 56); /* top 8 bits: POL_DUP_BINS == 256 */
        uint64_t low = v & 0xffffffffULL;
        if (low < minv[bin])
            minv[bin] = low;
    }
    size_t distinct = 0;
    st = count_distinct(h, ns, &distinct);
    free(h);
    free(cp);
    if (st < 0)
        return st;
    out->nshingles = distinct > UINT32_MAX ? UINT32_MAX : (uint32_t)distinct;
    /* Densification by rotation (Shrivastava & Li, 2014): an empty bin takes
     * the value of the next non-empty bin, mixed with the distance, so that
     * two texts agree on it exactly when they agree on that bin. */
    for (size_t b = 0; b < POL_DUP_BINS; b++) {
        size_t d = 0;
        while (minv[(b + d) % POL_DUP_BINS] == UINT64_MAX)
            d++; /* ends: ns >= 1 fills at least one bin */
        uint64_t v = minv[(b + d) % POL_DUP_BINS];
        out->bins[b] = (uint16_t)(d == 0 ? v : mix64(v + d * 0x9e3779b97f4a7c15ULL));
    }
    return POL_OK;
}

static void put32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

static uint32_t get32(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint32_t)u[0] << 24 | (uint32_t)u[1] << 16 | (uint32_t)u[2] << 8 | u[3];
}

static void put16(char *p, uint16_t v)
{
    p[0] = (char)(v >> 8);
    p[1] = (char)v;
}

static uint16_t get16(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    return (uint16_t)(u[0] << 8 | u[1]);
}

void pol__dup_encode(const pol_dupsig *s, char out[POL_DUPSIG_BYTES])
{
    put32(out, s->nshingles);
    for (size_t b = 0; b < POL_DUP_BINS; b++)
        put16(out + 4 + 2 * b, s->bins[b]);
}

int pol__dup_decode(pol_dupsig *s, const char *p, size_t len)
{
    memset(s, 0, sizeof *s);
    if (len != POL_DUPSIG_BYTES)
        return -1;
    s->nshingles = get32(p);
    for (size_t b = 0; b < POL_DUP_BINS; b++)
        s->bins[b] = get16(p + 4 + 2 * b);
    return 0;
}

double pol__dup_similarity(const pol_dupsig *a, const pol_dupsig *b)
{
    if (!a->nshingles || !b->nshingles)
        return 0;
    unsigned eq = 0;
    for (size_t i = 0; i < POL_DUP_BINS; i++)
        eq += a->bins[i] == b->bins[i];
    double j = (double)eq / POL_DUP_BINS;
    double na = a->nshingles, nb = b->nshingles;
    /* |A∩B| = J/(1+J) · (|A| + |B|) */
    double c = j * (na + nb) / ((1 + j) * (na < nb ? na : nb));
    return c > 1 ? 1 : c;
}

int pol__dup_related(const pol_dupsig *a, const pol_dupsig *b)
{
    uint32_t lo = a->nshingles < b->nshingles ? a->nshingles : b->nshingles;
    uint32_t hi = a->nshingles < b->nshingles ? b->nshingles : a->nshingles;
    if (lo < POL_DUP_MIN_SHINGLES || (double)hi > POL_DUP_MAX_RATIO * lo)
        return 0;
    int band = 0;
    for (size_t k = 0; k < POL_DUP_BANDS && !band; k++)
        band = memcmp(a->bins + k * POL_DUP_ROWS, b->bins + k * POL_DUP_ROWS,
                      POL_DUP_ROWS * sizeof a->bins[0]) == 0;
    return band && pol__dup_similarity(a, b) >= POL_DUP_THRESHOLD;
}

/* ---- candidates: LSH bands in memory ---- */

static const char hexd[] = "0123456789abcdef";

static void hex64(char *out, uint64_t v)
{
    for (int i = 15; i >= 0; i--, v >>= 4)
        out[i] = hexd[v & 15];
}

/* Key of band k of s: 32 bits of a hash of the band's bins and k, never 0.
 * Equal bands give equal keys; unequal ones rarely do, and then the pair is
 * dropped by pol__dup_related, which compares the bins themselves. */
static uint32_t band_key(const pol_dupsig *s, size_t k)
{
    char raw[2 * POL_DUP_ROWS];
    for (size_t r = 0; r < POL_DUP_ROWS; r++)
        put16(raw + 2 * r, s->bins[k * POL_DUP_ROWS + r]);
    uint32_t key = (uint32_t)(pol__hash64(raw, sizeof raw, k) >> 32);
    return key ? key : 1;
}

/* The table is open addressing with linear probing; a slot is key << 32 |
 * docid, 0 when empty; a deleted entry keeps its key with docid 0 so that
 * probes walk past it (docids start at 1). */
static size_t band_home(const pol_dupbands *b, uint32_t key)
{
    return (size_t)(((uint64_t)key * 0x9e3779b97f4a7c15ULL) >> 20) & (b->cap - 1);
}

static pol_status bands_rehash(pol_dupbands *b, size_t cap)
{
    uint64_t *ns = calloc(cap, sizeof *ns), *old = b->slot;
    size_t ocap = b->cap;
    if (!ns)
        return POL_ENOMEM;
    b->slot = ns;
    b->cap = cap;
    b->used = 0;
    for (size_t i = 0; i < ocap; i++)
        if (old[i] & 0xffffffffULL) {
            size_t h = band_home(b, (uint32_t)(old[i] >> 32));
            while (b->slot[h])
                h = (h + 1) & (cap - 1);
            b->slot[h] = old[i];
            b->used++;
        }
    free(old);
    return POL_OK;
}

/* 1 when docid is in the table (checked on band 0). */
static int bands_has(const pol_dupbands *b, unsigned docid, const pol_dupsig *sig)
{
    uint32_t key = band_key(sig, 0);
    for (size_t h = band_home(b, key); b->cap && b->slot[h]; h = (h + 1) & (b->cap - 1))
        if (b->slot[h] == ((uint64_t)key << 32 | docid))
            return 1;
    return 0;
}

static pol_status bands_add(pol_dupbands *b, unsigned docid, const pol_dupsig *sig)
{
    pol_status st = POL_OK;
    if (sig->nshingles < POL_DUP_MIN_SHINGLES || bands_has(b, docid, sig))
        return POL_OK;
    /* at most 3/4 full, deleted entries included */
    if ((b->used + POL_DUP_BANDS) * 4 > b->cap * 3) {
        size_t cap = b->cap ? b->cap : 1024;
        while ((b->live + POL_DUP_BANDS) * 4 > cap * 3 / 2) /* half full after */
            cap *= 2;
        if ((st = bands_rehash(b, cap)) < 0)
            return st;
    }
    for (size_t k = 0; k < POL_DUP_BANDS; k++) {
        uint32_t key = band_key(sig, k);
        size_t h = band_home(b, key);
        while (b->slot[h])
            h = (h + 1) & (b->cap - 1);
        b->slot[h] = (uint64_t)key << 32 | docid;
        b->used++;
        b->live++;
    }
    return POL_OK;
}

static void bands_remove(pol_dupbands *b, unsigned docid, const pol_dupsig *sig)
{
    if (!b->cap || sig->nshingles < POL_DUP_MIN_SHINGLES)
        return;
    for (size_t k = 0; k < POL_DUP_BANDS; k++) {
        uint32_t key = band_key(sig, k);
        for (size_t h = band_home(b, key); b->slot[h]; h = (h + 1) & (b->cap - 1))
            if (b->slot[h] == ((uint64_t)key << 32 | docid)) {
                b->slot[h] = (uint64_t)key << 32; /* deleted */
                b->live--;
                break;
            }
    }
}

typedef struct bands_load {
    pol_dupbands *b;
    pol_status st;
} bands_load;

static int load_value(void *ctx, unsigned docid, const char *v, size_t len)
{
    bands_load *l = ctx;
    pol_dupsig sig;
    if (pol__dup_decode(&sig, v, len) < 0)
        l->st = POL_ECORRUPT;
    else
        l->st = bands_add(l->b, docid, &sig);
    return l->st < 0;
}

/* Reads the signatures of every document of db (one value stream) into b,
 * unless b is loaded already. */
static pol_status bands_load_db(pol_dupbands *b, polx_db *db)
{
    if (b->loaded)
        return POL_OK;
    bands_load l = { b, POL_OK };
    pol_status st = pol__x_db_values(db, POL_V_DUPSIG, load_value, &l);
    if (st >= 0)
        st = l.st;
    if (st < 0) {
        pol__dup_bands_reset(b);
        return st;
    }
    b->loaded = 1;
    return POL_OK;
}

void pol__dup_bands_reset(pol_dupbands *b)
{
    free(b->slot);
    memset(b, 0, sizeof *b);
}

/* Metadata key listing the members of group gid. */
static void group_mkey(const char *gid, char out[2 + 16 + 1])
{
    memcpy(out, POL_M_DUPGROUP, 2);
    hex64(out + 2, pol__hash64(gid, strlen(gid), 0));
    out[18] = '\0';
}

pol_status pol__dup_tag(polx_doc *drec, const pol_dupsig *sig, const char *key)
{
    char enc[POL_DUPSIG_BYTES];
    pol_status st = POL_OK;
    if (sig->nshingles >= POL_DUP_MIN_SHINGLES) {
        pol__dup_encode(sig, enc);
        st = pol__x_doc_set_value(drec, POL_V_DUPSIG, enc, sizeof enc);
    }
    /* alone until pol__dup_join finds its relatives */
    if (st >= 0)
        st = pol__x_doc_set_value(drec, POL_V_DUPGROUP, key, strlen(key));
    return st;
}

/* ---- group maintenance ---- */

typedef struct member {
    unsigned docid;
    char *key;        /* document key */
    char *gid;        /* current group id */
    pol_dupsig sig;
} member;

typedef struct idlist {
    unsigned *v;
    size_t n, cap;
    int oom;
} idlist;

static int push_id(void *ctx, unsigned id)
{
    idlist *l = ctx;
    unsigned *nv = pol__grow(l->v, &l->cap, l->n, sizeof *nv);
    if (!nv) {
        l->oom = 1;
        return 1;
    }
    l->v = nv;
    l->v[l->n++] = id;
    return 0;
}

static int cmp_uint(const void *a, const void *b)
{
    unsigned x = *(const unsigned *)a, y = *(const unsigned *)b;
    return x < y ? -1 : x > y;
}

static void sort_unique(idlist *l)
{
    if (!l->n)
        return;
    qsort(l->v, l->n, sizeof *l->v, cmp_uint);
    size_t k = 1;
    for (size_t i = 1; i < l->n; i++)
        if (l->v[i] != l->v[k - 1])
            l->v[k++] = l->v[i];
    l->n = k;
}

static pol_status postlist(polx_db *db, const char *term, size_t len, idlist *l)
{
    pol_status st = pol__x_db_postlist(db, term, len, push_id, l);
    return st < 0 ? st : l->oom ? POL_ENOMEM : POL_OK;
}

/* Reads the key, group and signature of record docid. A record without a
 * group value (a section record) gives m->gid == NULL. */
static pol_status load_member(polx_db *db, unsigned docid, member *m)
{
    polx_doc *d = NULL;
    const char *v;
    size_t len;
    memset(m, 0, sizeof *m);
    m->docid = docid;
    pol_status st = pol__x_db_get_document(db, docid, &d);
    if (st >= 0 && (st = pol__x_doc_get_value(d, POL_V_DUPGROUP, &v, &len)) >= 0 && len) {
        m->gid = pol__strndup(v, len);
        if (!m->gid)
            st = POL_ENOMEM;
    }
    if (st >= 0 && m->gid && (st = pol__x_doc_get_value(d, POL_V_DOCKEY, &v, &len)) >= 0) {
        m->key = pol__strndup(v, len);
        if (!m->key)
            st = POL_ENOMEM;
    }
    if (st >= 0 && m->gid && (st = pol__x_doc_get_value(d, POL_V_DUPSIG, &v, &len)) >= 0 && len &&
        pol__dup_decode(&m->sig, v, len) < 0)
        st = POL_ECORRUPT;
    pol__x_doc_free(d);
    return st;
}

static void free_member(member *m)
{
    free(m->key);
    free(m->gid);
    m->key = m->gid = NULL;
}

/* The document record of key (the record of the key that has a group
 * value; index.c adds it after the section records, so it is met first
 * walking back). *found = 0 when the document is gone. */
static pol_status find_record(polx_db *db, const char *key, member *m, int *found)
{
    pol_buf t = POL_BUF_INIT;
    idlist l = { NULL, 0, 0, 0 };
    pol__buf_addstr(&t, POL_P_KEY);
    pol__buf_addstr(&t, key);
    pol_status st = t.oom ? POL_ENOMEM : postlist(db, t.data, t.len, &l);
    *found = 0;
    for (size_t i = l.n; i-- > 0 && st >= 0 && !*found;) {
        st = load_member(db, l.v[i], m);
        if (st >= 0 && m->gid && strcmp(m->key, key) == 0)
            *found = 1;
        else
            free_member(m);
    }
    free(l.v);
    pol__buf_free(&t);
    return st;
}

typedef struct mlist {
    member *v;
    size_t n, cap;
} mlist;

static member *mlist_push(mlist *l)
{
    member *nv = pol__grow(l->v, &l->cap, l->n, sizeof *nv);
    if (!nv)
        return NULL;
    l->v = nv;
    memset(&l->v[l->n], 0, sizeof l->v[0]);
    return &l->v[l->n++];
}

static void mlist_free(mlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free_member(&l->v[i]);
    free(l->v);
}

/* Appends the present members of group gid to l: those listed under its
 * metadata key (a group of two or more), else the document gid itself. */
static pol_status load_group(polx_db *db, const char *gid, mlist *l)
{
    char mkey[24];
    char *list = NULL;
    size_t len = 0;
    group_mkey(gid, mkey);
    pol_status st = pol__x_db_get_metadata(db, mkey, &list, &len);
    const char *p = list ? list : gid, *end = list ? list + len : gid + strlen(gid);
    while (st >= 0 && p < end) {
        size_t klen = strnlen(p, (size_t)(end - p));
        char *key = pol__strndup(p, klen);
        member *m = key ? mlist_push(l) : NULL;
        int found = 0;
        if (!m)
            st = POL_ENOMEM;
        else {
            st = find_record(db, key, m, &found);
            /* gone, or (a hash collision of list keys) in another group */
            if (st >= 0 && (!found || strcmp(m->gid, gid) != 0)) {
                free_member(m);
                l->n--;
            }
        }
        free(key);
        p += klen + 1;
    }
    free(list);
    return st;
}

/* Sets the group value of record docid (values only: cheap to rewrite). */
static pol_status set_group(polx_db *db, unsigned docid, const char *gid)
{
    polx_doc *d = NULL;
    pol_status st = pol__x_db_get_document(db, docid, &d);
    if (st >= 0)
        st = pol__x_doc_set_value(d, POL_V_DUPGROUP, gid, strlen(gid));
    if (st >= 0)
        st = pol__x_db_replace_document(db, docid, d);
    pol__x_doc_free(d);
    return st;
}

static int key_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Writes the member list of the group made of ms[idx[0..n)] (its id is the
 * smallest key); a group of one has none. */
static pol_status write_group(polx_db *db, const member *ms, const size_t *idx, size_t n)
{
    if (n < 2)
        return POL_OK;
    char **keys = malloc(n * sizeof *keys);
    if (!keys)
        return POL_ENOMEM;
    for (size_t i = 0; i < n; i++)
        keys[i] = ms[idx[i]].key;
    qsort(keys, n, sizeof *keys, key_cmp);
    pol_buf b = POL_BUF_INIT;
    for (size_t i = 0; i < n; i++)
        pol__buf_add(&b, keys[i], strlen(keys[i]) + 1);
    char mkey[24];
    group_mkey(keys[0], mkey);
    pol_status st = b.oom ? POL_ENOMEM : pol__x_db_set_metadata(db, mkey, b.data, b.len - 1);
    pol__buf_free(&b);
    free(keys);
    return st;
}

static pol_status drop_group(polx_db *db, const char *gid)
{
    char mkey[24];
    group_mkey(gid, mkey);
    return pol__x_db_set_metadata(db, mkey, "", 0);
}

static size_t uf_find(size_t *p, size_t x)
{
    while (p[x] != x)
        x = p[x] = p[p[x]];
    return x;
}

/* Assigns the members of l to the connected components of the relation:
 * each component's id is its smallest key; only changed values are
 * rewritten. The member lists of `old` groups are replaced. */
static pol_status assign(polx_db *db, mlist *l, char *const *old, size_t nold)
{
    size_t n = l->n;
    member *ms = l->v;
    pol_status st = POL_OK;
    size_t *par = malloc((n ? n : 1) * sizeof *par), *idx = malloc((n ? n : 1) * sizeof *idx);
    if (!par || !idx) {
        free(par);
        free(idx);
        return POL_ENOMEM;
    }
    for (size_t i = 0; i < n; i++)
        par[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (uf_find(par, i) != uf_find(par, j) && pol__dup_related(&ms[i].sig, &ms[j].sig))
                par[uf_find(par, i)] = uf_find(par, j);
    for (size_t g = 0; g < nold && st >= 0; g++)
        st = drop_group(db, old[g]);
    for (size_t r = 0; r < n && st >= 0; r++) {
        if (uf_find(par, r) != r)
            continue;
        size_t k = 0, min = r;
        for (size_t i = 0; i < n; i++)
            if (uf_find(par, i) == r) {
                idx[k++] = i;
                if (strcmp(ms[i].key, ms[min].key) < 0)
                    min = i;
            }
        for (size_t i = 0; i < k && st >= 0; i++)
            if (strcmp(ms[idx[i]].gid, ms[min].key) != 0)
                st = set_group(db, ms[idx[i]].docid, ms[min].key);
        if (st >= 0)
            st = write_group(db, ms, idx, k);
    }
    free(par);
    free(idx);
    return st;
}

static pol_status add_gid(char ***gids, size_t *n, char *gid)
{
    for (size_t g = 0; g < *n; g++)
        if (strcmp((*gids)[g], gid) == 0) {
            free(gid);
            return POL_OK;
        }
    char **ng = realloc(*gids, (*n + 1) * sizeof *ng);
    if (!ng) {
        free(gid);
        return POL_ENOMEM;
    }
    *gids = ng;
    ng[(*n)++] = gid;
    return POL_OK;
}

pol_status pol__dup_join(polx_db *db, pol_dupbands *bands, unsigned docid, const pol_dupsig *sig,
                         const char *key)
{
    if (sig->nshingles < POL_DUP_MIN_SHINGLES)
        return POL_OK;
    idlist cand = { NULL, 0, 0, 0 };
    /* loading reads the new document too; adding it again is a no-op */
    pol_status st = bands_load_db(bands, db);
    if (st >= 0)
        st = bands_add(bands, docid, sig);
    for (size_t k = 0; k < POL_DUP_BANDS && st >= 0; k++) {
        uint32_t bk = band_key(sig, k);
        for (size_t h = band_home(bands, bk); bands->slot[h] && st >= 0; h = (h + 1) & (bands->cap - 1)) {
            unsigned id = (unsigned)(bands->slot[h] & 0xffffffffULL);
            if ((uint32_t)(bands->slot[h] >> 32) == bk && id && id != docid && push_id(&cand, id))
                st = POL_ENOMEM;
        }
    }
    sort_unique(&cand);
    /* its own group (itself alone when just added), then those of the
     * related documents */
    char **gids = NULL;
    size_t ng = 0;
    member self;
    if (st >= 0)
        st = load_member(db, docid, &self);
    if (st >= 0 && self.gid) {
        st = add_gid(&gids, &ng, self.gid);
        self.gid = NULL;
    }
    if (st >= 0)
        free_member(&self);
    for (size_t i = 0; i < cand.n && st >= 0 && ng > 0; i++) {
        member m;
        if (cand.v[i] == docid)
            continue;
        st = load_member(db, cand.v[i], &m);
        if (st >= 0 && m.gid && pol__dup_related(sig, &m.sig)) {
            st = add_gid(&gids, &ng, m.gid);
            m.gid = NULL;
        }
        free_member(&m);
    }
    free(cand.v);
    (void)key;
    /* merged: every member of those groups, split into components */
    mlist l = { NULL, 0, 0 };
    for (size_t g = 0; g < ng && st >= 0 && ng > 1; g++)
        st = load_group(db, gids[g], &l);
    if (st >= 0 && ng > 1)
        st = assign(db, &l, gids, ng);
    mlist_free(&l);
    pol_strlist gl = { gids, ng, ng, 0 };
    pol__strlist_free(&gl);
    return st;
}

pol_status pol__dup_part_keys(polx_db *part, pol_strlist *out)
{
    idlist l = { NULL, 0, 0, 0 };
    const char *rd = POL_P_RECTYPE "d";
    pol_status st = postlist(part, rd, strlen(rd), &l);
    for (size_t i = 0; i < l.n && st >= 0; i++) {
        member m;
        st = load_member(part, l.v[i], &m);
        if (st >= 0 && m.gid && m.sig.nshingles >= POL_DUP_MIN_SHINGLES &&
            pol__strlist_collect(out, m.key, strlen(m.key), 0))
            st = POL_ENOMEM;
        free_member(&m);
    }
    free(l.v);
    return st;
}

pol_status pol__dup_rejoin(polx_db *db, const pol_strlist *keys)
{
    pol_status st = POL_OK;
    pol_dupbands bands = { 0 };
    for (size_t i = 0; i < keys->n && st >= 0; i++) {
        member m;
        int found = 0;
        st = find_record(db, keys->v[i], &m, &found);
        if (st >= 0 && found)
            st = pol__dup_join(db, &bands, m.docid, &m.sig, m.key);
        if (found)
            free_member(&m);
    }
    pol__dup_bands_reset(&bands);
    return st;
}

pol_status pol__dup_delete(polx_db *db, pol_dupbands *bands, const char *term)
{
    idlist l = { NULL, 0, 0, 0 };
    char **gids = NULL;
    size_t ng = 0;
    /* read before the deletion, which then leaves the table explicitly */
    pol_status st = bands_load_db(bands, db);
    if (st >= 0)
        st = postlist(db, term, strlen(term), &l);
    for (size_t i = 0; i < l.n && st >= 0; i++) {
        member m;
        st = load_member(db, l.v[i], &m);
        if (st >= 0 && m.gid)
            bands_remove(bands, m.docid, &m.sig);
        /* only groups of two or more can split */
        char mkey[24], *list = NULL;
        size_t len = 0;
        if (st >= 0 && m.gid) {
            group_mkey(m.gid, mkey);
            st = pol__x_db_get_metadata(db, mkey, &list, &len);
        }
        if (st >= 0 && list) {
            st = add_gid(&gids, &ng, m.gid);
            m.gid = NULL;
        }
        free(list);
        free_member(&m);
    }
    free(l.v);
    if (st >= 0)
        st = pol__x_db_delete_documents_term(db, term);
    for (size_t g = 0; g < ng && st >= 0; g++) {
        mlist ml = { NULL, 0, 0 };
        st = load_group(db, gids[g], &ml);
        if (st >= 0)
            st = assign(db, &ml, &gids[g], 1);
        mlist_free(&ml);
    }
    pol_strlist gl = { gids, ng, ng, 0 };
    pol__strlist_free(&gl);
    return st;
}

/* ---- reading groups ---- */

pol_status pol__dup_listed(polx_db *db, const char *gid, int *listed, pol_strlist *keys)
{
    char mkey[24];
    char *list = NULL;
    size_t len = 0;
    group_mkey(gid, mkey);
    pol_status st = pol__x_db_get_metadata(db, mkey, &list, &len);
    *listed = st >= 0 && list && len > 0;
    for (const char *p = list, *end = list + len; keys && *listed && p < end && !keys->oom;) {
        size_t klen = strnlen(p, (size_t)(end - p));
        pol__strlist_collect(keys, p, klen, 0);
        p += klen + 1;
    }
    free(list);
    return st >= 0 && keys && keys->oom ? POL_ENOMEM : st;
}

unsigned pol__dup_richness(const pol_secdata *d)
{
    size_t f[] = { d->title_len, d->issuer_len, d->date_len, d->doc_number_len,
                   d->type_len, d->region_len, d->url_len };
    unsigned n = 0;
    for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
        n += f[k] > 0;
    return n;
}

void pol__dup_members_free(pol_dupmember *m, size_t n)
{
    for (size_t i = 0; m && i < n; i++) {
        free(m[i].key);
        free(m[i].path);
        free(m[i].title);
        free(m[i].date);
    }
    free(m);
}

pol_status pol__dup_members(polx_db *db, const char *gid, size_t gid_len, pol_dupmember **out,
                            size_t *n)
{
    mlist l = { NULL, 0, 0 };
    char *g = pol__strndup(gid, gid_len);
    *out = NULL;
    *n = 0;
    if (!g)
        return POL_ENOMEM;
    pol_status st = load_group(db, g, &l);
    free(g);
    pol_dupmember *dm = st >= 0 && l.n ? calloc(l.n, sizeof *dm) : NULL;
    if (st >= 0 && l.n && !dm)
        st = POL_ENOMEM;
    for (size_t i = 0; i < l.n && st >= 0; i++) {
        polx_doc *d = NULL;
        const char *data;
        size_t len;
        pol_secdata sd;
        dm[i].docid = l.v[i].docid;
        dm[i].sig = l.v[i].sig;
        dm[i].key = l.v[i].key;
        l.v[i].key = NULL;
        (*n)++;
        st = pol__x_db_get_document(db, l.v[i].docid, &d);
        if (st >= 0)
            st = pol__x_doc_get_data(d, &data, &len);
        if (st >= 0 && pol__secdata_decode(&sd, data, len) < 0)
            st = POL_ECORRUPT;
        if (st >= 0) {
            dm[i].path = pol__strndup(sd.path, sd.path_len);
            dm[i].title = sd.title_len ? pol__strndup(sd.title, sd.title_len) : NULL;
            dm[i].date = sd.date_len ? pol__strndup(sd.date, sd.date_len) : NULL;
            if (!dm[i].path || (sd.title_len && !dm[i].title) || (sd.date_len && !dm[i].date))
                st = POL_ENOMEM;
            dm[i].richness = pol__dup_richness(&sd);
            pol__secdata_release(&sd);
        }
        pol__x_doc_free(d);
    }
    mlist_free(&l);
    if (st < 0) {
        pol__dup_members_free(dm, *n);
        *n = 0;
        return st;
    }
    *out = dm;
    return POL_OK;
}

struct pol_dupgroups {
    pol_copy *copies;   /* every member, group after group */
    size_t ncopies;
    size_t *start;      /* group i is copies[start[i] .. start[i + 1]) */
    size_t n;
};

size_t pol_dupgroups_count(const pol_dupgroups *g) { return g->n; }
size_t pol_dupgroups_documents(const pol_dupgroups *g) { return g->ncopies; }

const pol_copy *pol_dupgroups_get(const pol_dupgroups *g, size_t i, size_t *n)
{
    if (i >= g->n) {
        *n = 0;
        return NULL;
    }
    *n = g->start[i + 1] - g->start[i];
    return g->copies + g->start[i];
}

void pol_dupgroups_free(pol_dupgroups *g)
{
    if (!g)
        return;
    for (size_t i = 0; i < g->ncopies; i++) {
        free((char *)g->copies[i].key);
        free((char *)g->copies[i].path);
        free((char *)g->copies[i].title);
        free((char *)g->copies[i].date);
    }
    free(g->copies);
    free(g->start);
    free(g);
}

/* One group while listing: its members, the id's document first. */
typedef struct glist {
    pol_dupmember *m;
    size_t n;
} glist;

static const pol_dupsig *g_head; /* qsort has no context argument in C11 */

static int member_cmp(const void *a, const void *b)
{
    const pol_dupmember *x = a, *y = b;
    double sx = pol__dup_similarity(g_head, &x->sig), sy = pol__dup_similarity(g_head, &y->sig);
    if (sx != sy)
        return sx > sy ? -1 : 1;
    return strcmp(x->key, y->key);
}

static int group_cmp(const void *a, const void *b)
{
    const glist *x = a, *y = b;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    return strcmp(x->m[0].key, y->m[0].key);
}

pol_status pol__dup_groups(polx_db *db, pol_dupgroups **out)
{
    pol_strlist tl = POL_STRLIST_INIT;
    glist *gs = NULL;
    size_t ng = 0, total = 0;
    pol_dupgroups *r = calloc(1, sizeof *r);
    *out = NULL;
    pol_status st = r ? pol__x_db_metadata_keys(db, POL_M_DUPGROUP, pol__strlist_collect, &tl) : POL_ENOMEM;
    if (st >= 0 && tl.oom)
        st = POL_ENOMEM;
    if (st >= 0 && tl.n && !(gs = calloc(tl.n, sizeof *gs)))
        st = POL_ENOMEM;
    /* each list starts with the group id, its smallest key */
    for (size_t i = 0; i < tl.n && st >= 0; i++) {
        char *list = NULL;
        size_t len = 0;
        st = pol__x_db_get_metadata(db, tl.v[i], &list, &len);
        if (st >= 0 && list)
            st = pol__dup_members(db, list, strnlen(list, len), &gs[ng].m, &gs[ng].n);
        if (st >= 0 && gs[ng].n >= 2) {
            /* the id's document first, then by similarity to it */
            for (size_t k = 0; k < gs[ng].n; k++)
                if (strcmp(gs[ng].m[k].key, list) == 0) {
                    pol_dupmember t = gs[ng].m[0];
                    gs[ng].m[0] = gs[ng].m[k];
                    gs[ng].m[k] = t;
                }
            g_head = &gs[ng].m[0].sig;
            qsort(gs[ng].m + 1, gs[ng].n - 1, sizeof *gs[ng].m, member_cmp);
            total += gs[ng].n;
            ng++;
        } else if (st >= 0) {
            pol__dup_members_free(gs[ng].m, gs[ng].n);
            gs[ng].m = NULL;
            gs[ng].n = 0;
        }
        free(list);
    }
    if (st >= 0 && ng)
        qsort(gs, ng, sizeof *gs, group_cmp);
    if (st >= 0) {
        r->copies = calloc(total ? total : 1, sizeof *r->copies);
        r->start = calloc(ng + 1, sizeof *r->start);
        if (!r->copies || !r->start)
            st = POL_ENOMEM;
    }
    for (size_t i = 0; i < ng && st >= 0; i++) {
        r->start[i] = r->ncopies;
        for (size_t k = 0; k < gs[i].n; k++) {
            pol_copy *c = &r->copies[r->ncopies++];
            pol_dupmember *m = &gs[i].m[k];
            c->key = m->key;
            c->path = m->path;
            c->title = m->title;
            c->date = m->date;
            c->similarity = k == 0 ? 1.0 : pol__dup_similarity(&gs[i].m[0].sig, &m->sig);
            m->key = m->path = m->title = m->date = NULL;
        }
        r->start[i + 1] = r->ncopies;
        r->n++;
    }
    for (size_t i = 0; gs && i < tl.n; i++)
        pol__dup_members_free(gs[i].m, gs[i].n);
    free(gs);
    pol__strlist_free(&tl);
    if (st < 0) {
        pol_dupgroups_free(r);
        return st;
    }
    *out = r;
    return POL_OK;
}
