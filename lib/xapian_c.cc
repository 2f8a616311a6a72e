/* xapian_c.cc — the C binding of libxapian (see xapian_c.h); the only file
 * that includes <xapian.h>. Every extern "C" function catches everything and
 * maps it to a pol_status through map_error(); no exception crosses into C.
 * Positions and phrases are read from the documents' unit maps through
 * units.h (decoded in C). Not: terms, schema or ranking policy. */
#include "xapian_c.h"
#include "units.h"

#include <xapian.h>

#include <cstdio>
#include <cstdlib>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <new>
#include <string>
#include <unordered_map>
#include <vector>

struct polx_db {
    Xapian::Database *db;         /* the read-only view (== wdb when writable) */
    Xapian::WritableDatabase *wdb;
    bool one_local = true;        /* a single local database (no shards added, not remote) */
};
/* The code point at each position of a document, as pol__data_units gives
 * them (kept as they come: no copy). */
struct polx_units {
    uint32_t *v = nullptr;
    size_t n = 0;
    char *text = nullptr;       /* the whole text, inflated on the way */
    size_t text_len = 0;
    pol_unitwalk walk = {};     /* the unit map (decoded units only) */
    bool decoded = true;        /* false: the text alone, v not decoded yet */
    polx_units() = default;
    polx_units(const polx_units &) = delete;
    polx_units &operator=(const polx_units &) = delete;
    ~polx_units()
    {
        std::free(v);
        std::free(text);
        pol__unitwalk_free(&walk);
    }
};

struct polx_doc {
    Xapian::Document doc;
    std::string data;       /* its data, once read (Xapian reads it again at every call) */
    bool data_read = false;
    std::shared_ptr<const polx_units> units; /* the code point at each position, once decoded */
    /* the values read, by slot: Xapian looks a value up in the table at
     * every call, and a hit's group is asked for more than once */
    std::vector<std::pair<unsigned, std::string>> values;
};
struct polx_query { Xapian::Query q; };
struct polx_spy { Xapian::ValueCountMatchSpy *spy; };
/* A Xapian match decider calling a C callback. */
struct polx_decider : public Xapian::MatchDecider {
    polx_accept_cb cb;
    void *ctx;
    polx_decider(polx_accept_cb c, void *x) : cb(c), ctx(x) {}
    bool operator()(const Xapian::Document &doc) const override
    {
        polx_doc d;
        d.doc = doc;
        return cb(ctx, &d) != 0;
    }
};
struct polx_enquire {
    Xapian::Enquire enq;
    std::unique_ptr<polx_decider> decider;
    explicit polx_enquire(const Xapian::Database &d) : enq(d) {}
};
struct polx_mset {
    Xapian::MSet mset;
    /* a view (pol__x_mset_pick): items pick[i] of mset, collapsed[i] other
     * matches collapsed into each, `matches` matches in all; docs[i] the
     * item's document as read before (data and units), when given */
    bool view = false;
    std::vector<Xapian::doccount> pick, collapsed;
    std::vector<polx_doc> docs;
    unsigned matches = 0;
};

/* item i of m (a view's item of its MSet); throws when out of range */
static Xapian::MSetIterator mset_item(const polx_mset *m, unsigned i)
{
    if (m->view) {
        if (i >= m->pick.size())
            throw Xapian::RangeError("mset index out of range");
        return m->mset[m->pick[i]];
    }
    return m->mset[i];
}

static thread_local char g_err[1024];

/* Xapian's get_description() already starts with the error's type
 * ("DatabaseError: ..."), so messages are kept as they come. */
static void set_err(const std::string &msg)
{
    std::snprintf(g_err, sizeof g_err, "%s", msg.c_str());
    /* one line */
    for (char *p = g_err; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
}

/* Rethrows the current exception and maps it to a status. */
static pol_status map_error()
{
    try {
        throw;
    } catch (const Xapian::DatabaseLockError &e) {
        set_err(e.get_description());
        return POL_ELOCKED;
    } catch (const Xapian::DatabaseModifiedError &e) {
        set_err(e.get_description());
        return POL_EMODIFIED;
    } catch (const Xapian::DatabaseCorruptError &e) {
        set_err(e.get_description());
        return POL_ECORRUPT;
    } catch (const Xapian::DatabaseVersionError &e) {
        set_err(e.get_description());
        return POL_EVERSION;
    } catch (const Xapian::DatabaseNotFoundError &e) {
        set_err(e.get_description());
        return POL_ENOTFOUND;
    } catch (const Xapian::DatabaseOpeningError &e) {
        set_err(e.get_description());
        return POL_ENOTFOUND;
    } catch (const Xapian::DocNotFoundError &e) {
        set_err(e.get_description());
        return POL_ENOTFOUND;
    } catch (const Xapian::NetworkError &e) {
        set_err(e.get_description());
        return POL_ENETWORK;
    } catch (const Xapian::InvalidArgumentError &e) {
        set_err(e.get_description());
        return POL_EINVAL;
    } catch (const Xapian::InvalidOperationError &e) {
        set_err(e.get_description());
        return POL_EINVAL;
    } catch (const Xapian::RangeError &e) {
        set_err(e.get_description());
        return POL_EINVAL;
    } catch (const Xapian::UnimplementedError &e) {
        set_err(e.get_description());
        return POL_EUNSUPPORTED;
    } catch (const Xapian::DatabaseError &e) {
        set_err(e.get_description());
        /* A table file cut short (truncated by a crash or by hand) shows up
         * as a plain DatabaseError "EOF reading block": that is damage. */
        if (e.get_msg().find("EOF reading block") != std::string::npos ||
            e.get_msg().find("Expected block") != std::string::npos)
            return POL_ECORRUPT;
        return POL_EIO;
    } catch (const Xapian::Error &e) {
        set_err(e.get_description());
        return POL_EINTERNAL;
    } catch (const std::bad_alloc &) {
        set_err("out of memory");
        return POL_ENOMEM;
    } catch (const std::exception &e) {
        set_err(e.what());
        return POL_EINTERNAL;
    } catch (...) {
        set_err("unknown exception");
        return POL_EINTERNAL;
    }
}

#define TRY try {
#define CATCH } catch (...) { return map_error(); }

static pol_status bad_arg(const char *msg)
{
    set_err(std::string("invalid argument: ") + msg);
    return POL_EINVAL;
}

/* Xapian's own limit on term length (in the glass backend) is 245 bytes. */
static pol_status check_term(const char *term, size_t len)
{
    if (!term || len == 0)
        return bad_arg("empty term");
    if (len > 245)
        return bad_arg("term longer than 245 bytes");
    return POL_OK;
}

extern "C" {

const char *pol__x_errmsg(void) { return g_err; }
const char *pol__x_version(void) { return Xapian::version_string(); }

pol_status pol__x_db_open_writable(polx_db **out, const char *path, int mode)
{
    *out = nullptr;
    TRY
    int base = mode & ~POLX_NO_SYNC;
    int action = base == POLX_OPEN ? Xapian::DB_OPEN
               : base == POLX_CREATE_OR_OVERWRITE ? Xapian::DB_CREATE_OR_OVERWRITE
               : Xapian::DB_CREATE_OR_OPEN;
    if (mode & POLX_NO_SYNC)
        action |= Xapian::DB_NO_SYNC;
    Xapian::WritableDatabase *w = new Xapian::WritableDatabase(path, action | Xapian::DB_BACKEND_GLASS);
    polx_db *d = new (std::nothrow) polx_db;
    if (!d) {
        delete w;
        throw std::bad_alloc();
    }
    d->db = w;
    d->wdb = w;
    *out = d;
    return POL_OK;
    CATCH
}

/* A handle owning r (deleted if the handle cannot be made). */
static polx_db *readonly(Xapian::Database *r)
{
    polx_db *d = new (std::nothrow) polx_db;
    if (!d) {
        delete r;
        throw std::bad_alloc();
    }
    d->db = r;
    d->wdb = nullptr;
    return d;
}

pol_status pol__x_db_open(polx_db **out, const char *path)
{
    *out = nullptr;
    TRY
    Xapian::Database *r = new Xapian::Database(path);
    *out = readonly(r);
    return POL_OK;
    CATCH
}

pol_status pol__x_db_clone(polx_db **out, polx_db *db)
{
    *out = nullptr;
    TRY
    Xapian::Database *r = new Xapian::Database(*db->db);
    *out = readonly(r);
    (*out)->one_local = db->one_local;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_open_remote(polx_db **out, const char *host, unsigned port, unsigned timeout_ms)
{
    *out = nullptr;
    TRY
    unsigned t = timeout_ms ? timeout_ms : 10000;
    Xapian::Database *r = new Xapian::Database(Xapian::Remote::open(host, port, t, t));
    *out = readonly(r);
    (*out)->one_local = false;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_add(polx_db *db, polx_db *other)
{
    TRY
    if (db->wdb)
        return bad_arg("cannot add shards to a writable database");
    db->db->add_database(*other->db);
    db->one_local = false;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_reopen(polx_db *db)
{
    TRY
    db->db->reopen();
    return POL_OK;
    CATCH
}

void pol__x_db_free(polx_db *db)
{
    if (!db)
        return;
    try {
        if (db->wdb)
            db->wdb->close();
    } catch (...) {
        (void)map_error();
    }
    try {
        delete db->db; /* wdb is the same object */
    } catch (...) {
        (void)map_error();
    }
    delete db;
}

pol_status pol__x_db_commit(polx_db *db)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    db->wdb->commit();
    return POL_OK;
    CATCH
}

int pol__x_db_one_local(const polx_db *db) { return db->one_local; }

pol_status pol__x_db_doccount(polx_db *db, unsigned *out)
{
    TRY
    *out = db->db->get_doccount();
    return POL_OK;
    CATCH
}

pol_status pol__x_db_termfreq(polx_db *db, const char *term, size_t len, unsigned *out)
{
    TRY
    *out = db->db->get_termfreq(std::string(term, len));
    return POL_OK;
    CATCH
}

pol_status pol__x_db_collection_freq(polx_db *db, const char *term, size_t len, unsigned long long *out)
{
    TRY
    *out = db->db->get_collection_freq(std::string(term, len));
    return POL_OK;
    CATCH
}

pol_status pol__x_db_postlist(polx_db *db, const char *term, size_t len, polx_docid_cb cb, void *ctx)
{
    TRY
    std::string t(term, len);
    for (Xapian::PostingIterator i = db->db->postlist_begin(t); i != db->db->postlist_end(t); ++i)
        if (cb(ctx, *i))
            break;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_values(polx_db *db, unsigned slot, polx_value_cb cb, void *ctx)
{
    TRY
    for (Xapian::ValueIterator i = db->db->valuestream_begin(slot); i != db->db->valuestream_end(slot); ++i) {
        std::string v = *i;
        if (cb(ctx, i.get_docid(), v.data(), v.size()))
            break;
    }
    return POL_OK;
    CATCH
}

pol_status pol__x_db_allterms(polx_db *db, const char *prefix, polx_term_cb cb, void *ctx)
{
    TRY
    std::string p(prefix ? prefix : "");
    for (Xapian::TermIterator i = db->db->allterms_begin(p); i != db->db->allterms_end(p); ++i) {
        std::string t = *i;
        if (cb(ctx, t.data(), t.size(), i.get_termfreq()))
            break;
    }
    return POL_OK;
    CATCH
}

pol_status pol__x_db_get_metadata(polx_db *db, const char *key, char **out, size_t *len)
{
    *out = nullptr;
    *len = 0;
    TRY
    if (!key || !*key)
        return bad_arg("empty metadata key");
    std::string v = db->db->get_metadata(key);
    if (v.empty())
        return POL_OK;
    char *p = static_cast<char *>(std::malloc(v.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, v.data(), v.size());
    p[v.size()] = '\0';
    *out = p;
    *len = v.size();
    return POL_OK;
    CATCH
}

pol_status pol__x_db_set_metadata(polx_db *db, const char *key, const char *val, size_t len)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    if (!key || !*key)
        return bad_arg("empty metadata key");
    db->wdb->set_metadata(key, std::string(val ? val : "", val ? len : 0));
    return POL_OK;
    CATCH
}

pol_status pol__x_db_metadata_keys(polx_db *db, const char *prefix, polx_term_cb cb, void *ctx)
{
    TRY
    std::string p(prefix ? prefix : "");
    for (Xapian::TermIterator i = db->db->metadata_keys_begin(p); i != db->db->metadata_keys_end(p); ++i) {
        std::string k = *i;
        if (cb(ctx, k.data(), k.size(), 0))
            break;
    }
    return POL_OK;
    CATCH
}

pol_status pol__x_db_add_document(polx_db *db, polx_doc *doc, unsigned *docid_out)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    Xapian::docid id = db->wdb->add_document(doc->doc);
    if (docid_out)
        *docid_out = id;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_replace_document_term(polx_db *db, const char *unique_term, polx_doc *doc)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    pol_status st = check_term(unique_term, std::strlen(unique_term));
    if (st < 0)
        return st;
    db->wdb->replace_document(unique_term, doc->doc);
    return POL_OK;
    CATCH
}

pol_status pol__x_db_replace_document(polx_db *db, unsigned docid, polx_doc *doc)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    db->wdb->replace_document(docid, doc->doc);
    return POL_OK;
    CATCH
}

pol_status pol__x_db_delete_document(polx_db *db, unsigned docid)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    db->wdb->delete_document(docid);
    return POL_OK;
    CATCH
}

pol_status pol__x_db_delete_documents_term(polx_db *db, const char *term)
{
    TRY
    if (!db->wdb)
        return bad_arg("database is read-only");
    pol_status st = check_term(term, std::strlen(term));
    if (st < 0)
        return st;
    db->wdb->delete_document(std::string(term));
    return POL_OK;
    CATCH
}

pol_status pol__x_db_get_document(polx_db *db, unsigned docid, polx_doc **out)
{
    *out = nullptr;
    TRY
    polx_doc *d = new polx_doc;
    try {
        d->doc = db->db->get_document(docid);
    } catch (...) {
        delete d;
        throw;
    }
    *out = d;
    return POL_OK;
    CATCH
}

pol_status pol__x_db_compact(polx_db *db, const char *dest)
{
    TRY
    /* FULL splits items wherever that saves space, as xapian-compact does
     * by default (without it, STANDARD: 1.5% more on the law corpus); the
     * result stays updatable, unlike FULLER's */
    db->db->compact(dest, Xapian::DBCOMPACT_MULTIPASS | Xapian::DB_BACKEND_GLASS |
                              Xapian::Compactor::FULL);
    return POL_OK;
    CATCH
}

/* ---- documents ---- */

pol_status pol__x_doc_new(polx_doc **out)
{
    *out = nullptr;
    TRY
    *out = new polx_doc;
    return POL_OK;
    CATCH
}

void pol__x_doc_free(polx_doc *doc)
{
    try {
        delete doc;
    } catch (...) {
        (void)map_error();
    }
}

pol_status pol__x_doc_add_posting(polx_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc)
{
    pol_status st = check_term(term, len);
    if (st < 0)
        return st;
    if (pos == 0)
        return bad_arg("position 0 (positions start at 1)");
    TRY
    doc->doc.add_posting(std::string(term, len), pos, wdfinc);
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_add_term(polx_doc *doc, const char *term, size_t len, unsigned wdfinc)
{
    pol_status st = check_term(term, len);
    if (st < 0)
        return st;
    TRY
    doc->doc.add_term(std::string(term, len), wdfinc);
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_add_boolean_term(polx_doc *doc, const char *term, size_t len)
{
    pol_status st = check_term(term, len);
    if (st < 0)
        return st;
    TRY
    doc->doc.add_boolean_term(std::string(term, len));
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_set_value(polx_doc *doc, unsigned slot, const char *val, size_t len)
{
    TRY
    if (slot == Xapian::BAD_VALUENO)
        return bad_arg("bad value slot");
    doc->doc.add_value(slot, std::string(val ? val : "", val ? len : 0));
    for (auto &v : doc->values)
        if (v.first == slot)
            v.second.assign(val ? val : "", val ? len : 0);
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_get_value(polx_doc *doc, unsigned slot, const char **out, size_t *len)
{
    *out = "";
    *len = 0;
    TRY
    for (const auto &v : doc->values)
        if (v.first == slot) {
            *out = v.second.c_str();
            *len = v.second.size();
            return POL_OK;
        }
    doc->values.emplace_back(slot, doc->doc.get_value(slot));
    *out = doc->values.back().second.c_str();
    *len = doc->values.back().second.size();
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_set_data(polx_doc *doc, const char *data, size_t len)
{
    TRY
    doc->doc.set_data(std::string(data ? data : "", data ? len : 0));
    doc->data_read = false;
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_get_data(polx_doc *doc, const char **out, size_t *len)
{
    *out = "";
    *len = 0;
    TRY
    if (!doc->data_read) {
        doc->data = doc->doc.get_data();
        doc->data_read = true;
    }
    *out = doc->data.c_str();
    *len = doc->data.size();
    return POL_OK;
    CATCH
}

/* The units of the document whose data is `data` (units.h); a damaged
 * record throws, as Xapian does for a damaged table. */
static void data_check(pol_status st)
{
    if (st == POL_ENOMEM)
        throw std::bad_alloc();
    if (st < 0)
        throw Xapian::DatabaseCorruptError("a document's data is damaged (its positions cannot be read)");
}

static std::shared_ptr<const polx_units> decode_units(const std::string &data)
{
    auto u = std::make_shared<polx_units>();
    data_check(pol__data_units(data.data(), data.size(), &u->v, &u->n, &u->text, &u->text_len, &u->walk));
    return u;
}

/* The units of data given its text t (inflated before): a copy of t is kept */
static std::shared_ptr<const polx_units> decode_with_text(const std::string &data, const polx_units &t)
{
    auto u = std::make_shared<polx_units>();
    if (!(u->text = (char *)std::malloc(t.text_len + 1)))
        throw std::bad_alloc();
    std::memcpy(u->text, t.text, t.text_len + 1);
    u->text_len = t.text_len;
    data_check(pol__data_units_of_text(data.data(), data.size(), u->text, &u->v, &u->n, &u->walk));
    return u;
}

static uint64_t data_hash(const std::string &d)
{
    /* 64-bit FNV-1a over 8-byte words: the document data is mostly deflate
     * output, so a word-wise hash tells records apart as well as a bytewise */
    uint64_t h = 1469598103934665603ULL ^ d.size();
    size_t i = 0;
    for (; i + 8 <= d.size(); i += 8) {
        uint64_t w;
        std::memcpy(&w, d.data() + i, 8);
        h = (h ^ w) * 1099511628211ULL;
    }
    for (; i < d.size(); i++)
        h = (h ^ (unsigned char)d[i]) * 1099511628211ULL;
    return h;
}

/* The decoded units of the documents last read on this thread, by their
 * data: the phrase check of the match and the position lists of the hits
 * (the sections, the second ranking) decode a document once. */
struct units_cache {
    struct entry {
        uint64_t hash = 0;
        size_t len = 0;
        unsigned long long used = 0;
        std::shared_ptr<const polx_units> units;
    };
    entry e[64];
    unsigned long long clock = 0;
};
static thread_local units_cache g_units;

/* This thread's cache entry for the data of hash h and length len, or NULL */
static units_cache::entry *cache_entry(uint64_t h, size_t len)
{
    for (units_cache::entry &x : g_units.e)
        if (x.units && x.hash == h && x.len == len)
            return &x;
    return nullptr;
}

/* What this thread's cache has of the data of hash h (and length len): its
 * units, or its text alone (not decoded: polx_phrase); NULL when nothing */
static std::shared_ptr<const polx_units> units_cached(uint64_t h, size_t len)
{
    units_cache::entry *x = cache_entry(h, len);
    if (!x)
        return nullptr;
    x->used = ++g_units.clock;
    return x->units;
}

/* Keeps u, the units (or the text alone) of the data of hash h and length
 * len, in this thread's cache: in place of what it had of that data, else
 * of the entry used least lately */
static void units_keep(uint64_t h, size_t len, std::shared_ptr<const polx_units> u)
{
    units_cache &c = g_units;
    units_cache::entry *victim = cache_entry(h, len);
    if (!victim) {
        victim = &c.e[0];
        for (units_cache::entry &x : c.e)
            if (x.used < victim->used)
                victim = &x;
    }
    victim->hash = h;
    victim->len = len;
    victim->used = ++c.clock;
    victim->units = std::move(u);
}

/* The decoded units of data (hash h), given what the cache had of it (u:
 * NULL, its units, or its text alone) */
static std::shared_ptr<const polx_units> units_decoded(const std::string &data, uint64_t h,
                                                       std::shared_ptr<const polx_units> u)
{
    if (u && u->decoded)
        return u;
    u = u ? decode_with_text(data, *u) : decode_units(data);
    units_keep(h, data.size(), u);
    return u;
}

/* The units of data, decoded unless cached */
static std::shared_ptr<const polx_units> units_of(const std::string &data)
{
    uint64_t h = data_hash(data);
    return units_decoded(data, h, units_cached(h, data.size()));
}

/* Four code points at a time (GCC's vector extension; the compiler does not
 * vectorize the plain loops at -O2) */
typedef uint32_t v4u __attribute__((vector_size(16)));

/* Whether any lane of a comparison's result is set */
static inline bool any_set(v4u m)
{
    uint64_t h[2];
    std::memcpy(h, &m, sizeof h);
    return (h[0] | h[1]) != 0;
}

/* Whether cps[0 .. L) are at u[i ..] */
static inline bool units_at(const uint32_t *u, size_t i, const uint32_t *cps, size_t L)
{
    size_t k = 0;
    while (k < L && u[i + k] == cps[k])
        k++;
    return k == L;
}

/* Whether the code points cps[0 .. L) (L >= 1) are at consecutive positions of u */
static bool units_hold(const polx_units &u, const uint32_t *cps, size_t L)
{
    const uint32_t *v = u.v;
    if (L > u.n)
        return false;
    size_t last = u.n - L, i = 0;   /* the places it can start */
    /* four places at a time, by the first two code points: most blocks
     * hold neither */
    const size_t d = L > 1 ? 1 : 0;
    const v4u c0 = { cps[0], cps[0], cps[0], cps[0] }, c1 = { cps[d], cps[d], cps[d], cps[d] };
    for (; i + 4 <= last + 1; i += 4) {
        v4u x, y;
        std::memcpy(&x, v + i, sizeof x);
        std::memcpy(&y, v + i + d, sizeof y);
        if (any_set((v4u)(x == c0) & (v4u)(y == c1)))
            for (size_t j = i; j < i + 4; j++)
                if (units_at(v, j, cps, L))
                    return true;
    }
    for (; i <= last; i++)
        if (units_at(v, i, cps, L))
            return true;
    return false;
}

/* The decoded units of doc, read and decoded once a document */
static const polx_units &doc_units(polx_doc *doc)
{
    /* from the document's unit map (docs/schema.md): the same positions
     * Xapian's position table has when the index keeps them (polindex
     * --positions), and for every index */
    if (!doc->units || !doc->units->decoded) {
        if (!doc->data_read) {
            doc->data = doc->doc.get_data();
            doc->data_read = true;
        }
        doc->units = units_of(doc->data);
    }
    return *doc->units;
}

pol_status pol__x_doc_has_phrase(polx_doc *doc, const uint32_t *cps, size_t n, int *holds)
{
    *holds = 0;
    TRY
    *holds = n == 0 || units_hold(doc_units(doc), cps, n);
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_text(polx_doc *doc, const char **text, size_t *len)
{
    *text = nullptr;
    *len = 0;
    TRY
    if (!doc->units && doc->data_read)
        doc->units = units_cached(data_hash(doc->data), doc->data.size());
    if (doc->units && doc->units->text) {
        *text = doc->units->text;
        *len = doc->units->text_len;
    }
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_unit_spans(polx_doc *doc, size_t p0, size_t p1,
                                 pol_unitspan_cb cb, void *ctx)
{
    TRY
    const polx_units &u = doc_units(doc);
    pol_status st = pol__unitmap_spans(&u.walk, u.text, u.text_len, p0, p1, cb, ctx);
    data_check(st);
    return st;
    CATCH
}

/* v as a malloc'd array into *out, *n (NULL, 0 when empty) */
static void give_positions(const std::vector<unsigned> &v, unsigned **out, size_t *n)
{
    *out = nullptr;
    *n = 0;
    if (v.empty())
        return;
    unsigned *a = static_cast<unsigned *>(std::malloc(v.size() * sizeof *a));
    if (!a)
        throw std::bad_alloc();
    std::memcpy(a, v.data(), v.size() * sizeof *a);
    *out = a;
    *n = v.size();
}

/* The positions of code point c in u[0 .. nu) */
static void scan_one(const uint32_t *u, size_t nu, uint32_t c, std::vector<unsigned> &v)
{
    size_t i = 0;
    /* four units at a time: most blocks hold none */
    const v4u cv = { c, c, c, c };
    for (; i + 4 <= nu; i += 4) {
        v4u x;
        std::memcpy(&x, u + i, sizeof x);
        if (any_set((v4u)(x == cv)))
            for (size_t j = i; j < i + 4; j++)
                if (u[j] == c)
                    v.push_back((unsigned)(j + 1));
    }
    for (; i < nu; i++)
        if (u[i] == c)
            v.push_back((unsigned)(i + 1));
}

pol_status pol__x_doc_positions(polx_doc *doc, const char *term, size_t len, unsigned **out,
                                size_t *n)
{
    *out = nullptr;
    *n = 0;
    TRY
    const polx_units &units = doc_units(doc);
    long cp = pol__unit_cp(term, len);
    if (cp < 0)
        return POL_OK;
    std::vector<unsigned> v;
    scan_one(units.v, units.n, (uint32_t)cp, v);
    give_positions(v, out, n);
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_positions_many(polx_doc *doc, const char *const *terms, size_t nterms,
                                     unsigned **outs, size_t *ns)
{
    for (size_t t = 0; t < nterms; t++) {
        outs[t] = nullptr;
        ns[t] = 0;
    }
    TRY
    const polx_units &units = doc_units(doc);
    std::vector<std::vector<unsigned>> v(nterms);
    std::vector<uint32_t> cps(nterms);
    std::vector<size_t> slot(nterms);   /* which terms have a code point, in cps order */
    size_t ncp = 0;
    for (size_t t = 0; t < nterms; t++) {
        long cp = pol__unit_cp(terms[t], std::strlen(terms[t]));
        if (cp >= 0) {
            cps[ncp] = (uint32_t)cp;
            slot[ncp++] = t;
        }
    }
    const uint32_t *u = units.v;
    size_t nu = units.n;
    if (ncp < 4) {
        /* a scan each: a vectorized scan is about four times as fast a
         * unit as the one pass below */
        for (size_t k = 0; k < ncp; k++)
            scan_one(u, nu, cps[k], v[slot[k]]);
    } else if (ncp < 255) {
        /* one pass over the units for every term: a unit of the basic
         * plane is looked up only when its bit of a bitmap of the plane
         * is set, and then by a table from code point to term */
        static thread_local uint64_t asked[1024];
        static thread_local uint8_t first[65536];   /* a term asking it + 1 */
        std::vector<uint8_t> next(ncp, 0);          /* the next term asking it + 1 */
        struct unset {
            const uint32_t *cps;
            size_t n;
            ~unset()
            {
                for (size_t k = 0; k < n; k++)
                    if (cps[k] < 65536) {
                        asked[cps[k] >> 6] = 0;
                        first[cps[k]] = 0;
                    }
            }
        } guard{ cps.data(), ncp };
        for (size_t k = ncp; k-- > 0;)
            if (cps[k] < 65536) {
                asked[cps[k] >> 6] |= 1ull << (cps[k] & 63);
                next[k] = first[cps[k]];
                first[cps[k]] = (uint8_t)(k + 1);
            }
        for (size_t i = 0; i < nu; i++) {
            uint32_t c = u[i];
            if (c < 65536) {
                if (!(asked[c >> 6] >> (c & 63) & 1))
                    continue;
                /* a term may be asked twice: each gets it */
                for (unsigned k = first[c]; k; k = next[k - 1])
                    v[slot[k - 1]].push_back((unsigned)(i + 1));
            } else {
                for (size_t k = 0; k < ncp; k++)
                    if (cps[k] == c)
                        v[slot[k]].push_back((unsigned)(i + 1));
            }
        }
    } else {
        /* as many terms as a long question: a 4096-bit filter of the code
         * points */
        uint64_t filter[64] = { 0 };
        auto bit = [](uint32_t c) { return (c * 2654435761u) >> 20; };
        for (size_t k = 0; k < ncp; k++)
            filter[bit(cps[k]) >> 6] |= 1ull << (bit(cps[k]) & 63);
        for (size_t i = 0; i < nu; i++) {
            uint32_t c = u[i], b = bit(c);
            if (!(filter[b >> 6] >> (b & 63) & 1))
                continue;
            for (size_t k = 0; k < ncp; k++)
                if (cps[k] == c) /* a term may be asked twice: each gets it */
                    v[slot[k]].push_back((unsigned)(i + 1));
        }
    }
    try {
        for (size_t t = 0; t < nterms; t++)
            give_positions(v[t], &outs[t], &ns[t]);
    } catch (...) {
        for (size_t t = 0; t < nterms; t++) {
            std::free(outs[t]);
            outs[t] = nullptr;
            ns[t] = 0;
        }
        throw;
    }
    return POL_OK;
    CATCH
}

pol_status pol__x_doc_terms(polx_doc *doc, polx_term_cb cb, void *ctx)
{
    TRY
    for (Xapian::TermIterator i = doc->doc.termlist_begin(); i != doc->doc.termlist_end(); ++i) {
        std::string t = *i;
        if (cb(ctx, t.data(), t.size(), i.get_wdf()))
            break;
    }
    return POL_OK;
    CATCH
}

/* ---- queries ---- */

static polx_query *new_query(const Xapian::Query &q)
{
    polx_query *r = new polx_query;
    r->q = q;
    return r;
}

pol_status pol__x_query_term(polx_query **out, const char *term, size_t len, unsigned wqf, unsigned pos)
{
    *out = nullptr;
    pol_status st = check_term(term, len);
    if (st < 0)
        return st;
    TRY
    *out = new_query(Xapian::Query(std::string(term, len), wqf ? wqf : 1, pos));
    return POL_OK;
    CATCH
}

pol_status pol__x_query_combine(polx_query **out, int op, polx_query *const *subs, size_t n, unsigned window)
{
    *out = nullptr;
    if (n == 0)
        return bad_arg("no subqueries");
    for (size_t i = 0; i < n; i++)
        if (!subs[i])
            return bad_arg("null subquery");
    TRY
    Xapian::Query::op xop;
    switch (op) {
    case POLX_OP_AND: xop = Xapian::Query::OP_AND; break;
    case POLX_OP_OR: xop = Xapian::Query::OP_OR; break;
    case POLX_OP_AND_NOT: xop = Xapian::Query::OP_AND_NOT; break;
    case POLX_OP_XOR: xop = Xapian::Query::OP_XOR; break;
    case POLX_OP_AND_MAYBE: xop = Xapian::Query::OP_AND_MAYBE; break;
    case POLX_OP_FILTER: xop = Xapian::Query::OP_FILTER; break;
    case POLX_OP_NEAR: xop = Xapian::Query::OP_NEAR; break;
    case POLX_OP_PHRASE: xop = Xapian::Query::OP_PHRASE; break;
    case POLX_OP_ELITE_SET: xop = Xapian::Query::OP_ELITE_SET; break;
    case POLX_OP_SYNONYM: xop = Xapian::Query::OP_SYNONYM; break;
    case POLX_OP_MAX: xop = Xapian::Query::OP_MAX; break;
    default: return bad_arg("unknown query operator");
    }
    std::vector<Xapian::Query> v;
    v.reserve(n);
    for (size_t i = 0; i < n; i++)
        v.push_back(subs[i]->q);
    *out = new_query(Xapian::Query(xop, v.begin(), v.end(), window));
    return POL_OK;
    CATCH
}

pol_status pol__x_query_scale(polx_query **out, const polx_query *q, double factor)
{
    *out = nullptr;
    if (!(factor >= 0))
        return bad_arg("negative scale factor");
    TRY
    *out = new_query(factor == 1.0 ? q->q : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q->q, factor));
    return POL_OK;
    CATCH
}

pol_status pol__x_query_value_range(polx_query **out, unsigned slot, const char *lo, const char *hi)
{
    *out = nullptr;
    TRY
    if (lo && hi)
        *out = new_query(Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, lo, hi));
    else if (lo)
        *out = new_query(Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, lo));
    else if (hi)
        *out = new_query(Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, hi));
    else
        *out = new_query(Xapian::Query::MatchAll);
    return POL_OK;
    CATCH
}

/* The documents of a sorted list of ids (of a single local database: the ids
 * a posting source sees are those of each shard). */
class polx_docids : public Xapian::PostingSource {
    std::vector<Xapian::docid> ids;
    size_t i = 0;
    bool started = false;

  public:
    explicit polx_docids(std::vector<Xapian::docid> v) : ids(std::move(v))
    {
        set_maxweight(0);
    }
    Xapian::doccount get_termfreq_min() const override { return ids.size(); }
    Xapian::doccount get_termfreq_est() const override { return ids.size(); }
    Xapian::doccount get_termfreq_max() const override { return ids.size(); }
    void init(const Xapian::Database &) override
    {
        i = 0;
        started = false;
    }
    void next(double) override
    {
        if (started)
            ++i;
        started = true;
    }
    void skip_to(Xapian::docid did, double) override
    {
        started = true;
        while (i < ids.size() && ids[i] < did)
            ++i;
    }
    bool check(Xapian::docid did, double w) override
    {
        skip_to(did, w);
        return true;
    }
    bool at_end() const override { return started && i >= ids.size(); }
    Xapian::docid get_docid() const override { return ids[i]; }
    std::string get_description() const override { return "polx_docids"; }
};

pol_status pol__x_query_restrict(polx_query **out, const polx_query *q, const unsigned *docids, size_t n)
{
    *out = nullptr;
    TRY
    std::vector<Xapian::docid> v(docids, docids + n);
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    polx_docids *src = new polx_docids(std::move(v));
    Xapian::Query only(src->release());
    *out = new_query(Xapian::Query(Xapian::Query::OP_FILTER, q->q, only));
    return POL_OK;
    CATCH
}

/* The documents holding a phrase: its units at consecutive positions, read
 * from the documents' unit maps. Checked on the documents the rest of the
 * query brings (check()), walked from its rarest unit's postings otherwise.
 * Written here because Xapian's phrase matching reads only its own position
 * table, which the index keeps only when asked (polindex --positions). */
class polx_phrase : public Xapian::PostingSource {
  public:
    /* what the documents checked gave, per (sub-)database (its uuid and
     * revision), shared by the clones of one source: a search runs its
     * query more than once (search.c get_hits, the near copies' groups) */
    typedef std::map<std::string, std::unordered_map<Xapian::docid, bool>> memo_t;

  private:
    std::vector<uint32_t> cps;
    std::vector<std::string> terms;
    std::string bytes;              /* the phrase's UTF-8 when its units are verbatim */
    std::shared_ptr<memo_t> memo;
    std::unordered_map<Xapian::docid, bool> *known = nullptr;  /* memo's entry for db */
    std::unordered_map<Xapian::docid, bool> own;  /* for a database without a uuid */
    Xapian::Database db;            /* the (sub-)database matched */
    std::string rare;               /* the rarest unit's term */
    Xapian::PostingIterator it, end;
    Xapian::docid cur = 0;
    bool cur_ok = false;            /* cur holds the phrase (else it was checked and does not) */
    bool ended = false;
    Xapian::doccount tf = 0;

    bool holds(Xapian::docid id)
    {
        auto was = known->find(id);
        if (was != known->end())
            return was->second;
        std::string data = db.get_document(id, Xapian::DOC_ASSUME_VALID).get_data();
        uint64_t h = data_hash(data);
        std::shared_ptr<const polx_units> up = units_cached(h, data.size());
        bool found = false;
        /* a phrase of verbatim characters holds where the text has its bytes:
         * the text is enough, without decoding the units (they are when it
         * does not have them, for the phrase may still be there: across
         * punctuation, or in other forms of its characters) */
        if (!bytes.empty() && (!up || !up->decoded)) {
            if (!up) {
                auto t = std::make_shared<polx_units>();
                data_check(pol__data_text(data.data(), data.size(), &t->text, &t->text_len));
                t->decoded = false;
                units_keep(h, data.size(), t);
                up = t;
            }
            found = memmem(up->text, up->text_len, bytes.data(), bytes.size()) != nullptr;
        }
        if (!found)
            found = units_hold(*units_decoded(data, h, up), cps.data(), cps.size());
        (*known)[id] = found;
        return found;
    }
    /* to the first document from `from` on that holds the phrase */
    void walk(Xapian::docid from)
    {
        if (ended)
            return;
        it.skip_to(from);
        for (; it != end; ++it)
            if (holds(*it)) {
                cur = *it;
                cur_ok = true;
                return;
            }
        ended = true;
    }

  public:
    polx_phrase(std::vector<uint32_t> c, std::vector<std::string> t, std::shared_ptr<memo_t> m)
        : cps(std::move(c)), terms(std::move(t)), memo(std::move(m))
    {
        set_maxweight(0);
        bool verbatim = true;
        for (uint32_t cp : cps)
            verbatim = verbatim && pol__unit_verbatim(cp);
        for (size_t i = 0; verbatim && i < terms.size(); i++)
            bytes += terms[i];
    }
    PostingSource *clone() const override { return new polx_phrase(cps, terms, memo); }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    /* estimated as many as its rarest unit has, at most: Xapian checks the
     * terms of a conjunction in the order of their estimates, so the
     * reading of document data comes after every term holds */
    Xapian::doccount get_termfreq_est() const override { return tf; }
    Xapian::doccount get_termfreq_max() const override { return tf; }
    void init(const Xapian::Database &d) override
    {
        db = d;
        std::string uuid = d.get_uuid();
        own.clear();
        known = uuid.empty() ? &own : &(*memo)[uuid + "@" + std::to_string(d.get_revision())];
        tf = d.get_doccount();
        for (const std::string &t : terms) {
            Xapian::doccount f = d.get_termfreq(t);
            if (f <= tf) {
                tf = f;
                rare = t;
            }
        }
        it = d.postlist_begin(rare);
        end = d.postlist_end(rare);
        cur = 0;
        cur_ok = false;
        ended = tf == 0;
    }
    void next(double) override { walk(cur + 1); }
    void skip_to(Xapian::docid did, double) override
    {
        if (did > cur)
            walk(did);
        else if (!cur_ok)
            walk(cur + 1); /* cur was checked and does not hold it */
    }
    /* Xapian asks in increasing order; a document that does not hold the
     * phrase leaves the source at it, "indeterminate": next() goes on after it */
    bool check(Xapian::docid did, double) override
    {
        if (did < cur && cur_ok)
            return true;
        if (did == cur)
            return cur_ok;
        cur = did;
        cur_ok = holds(did);
        return cur_ok;
    }
    bool at_end() const override { return ended; }
    Xapian::docid get_docid() const override { return cur; }
    std::string get_description() const override { return "polx_phrase"; }
};

pol_status pol__x_query_phrase(polx_query **out, const char *const *terms, const size_t *lens,
                               size_t n, int own)
{
    *out = nullptr;
    if (n == 0)
        return bad_arg("no phrase units");
    TRY
    std::vector<Xapian::Query> qs;
    std::vector<std::string> ts;
    std::vector<uint32_t> cps;
    for (size_t i = 0; i < n; i++) {
        ts.emplace_back(terms[i], lens[i]);
        qs.emplace_back(ts.back(), 1, (Xapian::termpos)(i + 1));
        long cp = pol__unit_cp(terms[i], lens[i]);
        if (cp < 0)
            return bad_arg("a phrase unit is not one character");
        cps.push_back((uint32_t)cp);
    }
    if (!own) {
        *out = new_query(Xapian::Query(Xapian::Query::OP_PHRASE, qs.begin(), qs.end(), (Xapian::termcount)n));
        return POL_OK;
    }
    /* the AND of the units weighs as the phrase of them does, and the
     * phrase source keeps the documents that hold them in a row */
    polx_phrase *src = new polx_phrase(std::move(cps), std::move(ts), std::make_shared<polx_phrase::memo_t>());
    Xapian::Query check(src->release());
    if (own == 2)
        *out = new_query(check);
    else
        *out = new_query(Xapian::Query(Xapian::Query::OP_FILTER,
                                       Xapian::Query(Xapian::Query::OP_AND, qs.begin(), qs.end()), check));
    return POL_OK;
    CATCH
}

pol_status pol__x_query_match_all(polx_query **out)
{
    *out = nullptr;
    TRY
    *out = new_query(Xapian::Query::MatchAll);
    return POL_OK;
    CATCH
}

pol_status pol__x_query_match_nothing(polx_query **out)
{
    *out = nullptr;
    TRY
    *out = new_query(Xapian::Query::MatchNothing);
    return POL_OK;
    CATCH
}

int pol__x_query_empty(const polx_query *q)
{
    try {
        return q->q.empty();
    } catch (...) {
        (void)map_error();
        return 1;
    }
}

pol_status pol__x_query_describe(const polx_query *q, char **out)
{
    *out = nullptr;
    TRY
    std::string d = q->q.get_description();
    char *p = static_cast<char *>(std::malloc(d.size() + 1));
    if (!p)
        throw std::bad_alloc();
    std::memcpy(p, d.c_str(), d.size() + 1);
    *out = p;
    return POL_OK;
    CATCH
}

void pol__x_query_free(polx_query *q)
{
    try {
        delete q;
    } catch (...) {
        (void)map_error();
    }
}

/* ---- enquire ---- */

pol_status pol__x_enquire_new(polx_enquire **out, polx_db *db)
{
    *out = nullptr;
    TRY
    *out = new polx_enquire(*db->db);
    return POL_OK;
    CATCH
}

void pol__x_enquire_free(polx_enquire *e)
{
    try {
        delete e;
    } catch (...) {
        (void)map_error();
    }
}

pol_status pol__x_enquire_set_query(polx_enquire *e, const polx_query *q)
{
    TRY
    e->enq.set_query(q->q);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_bm25(polx_enquire *e, double k1, double k2, double k3, double b, double min_normlen)
{
    TRY
    e->enq.set_weighting_scheme(Xapian::BM25Weight(k1, k2, k3, b, min_normlen));
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_weight_cutoff(polx_enquire *e, double weight)
{
    TRY
    e->enq.set_cutoff(0, weight);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_collapse_key(polx_enquire *e, unsigned slot, unsigned collapse_max)
{
    TRY
    e->enq.set_collapse_key(slot, collapse_max ? collapse_max : 1);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_sort_by_value(polx_enquire *e, unsigned slot, int reverse)
{
    TRY
    e->enq.set_sort_by_value_then_relevance(slot, reverse != 0);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_sort_by_relevance_then_value(polx_enquire *e, unsigned slot, int reverse)
{
    TRY
    e->enq.set_sort_by_relevance_then_value(slot, reverse != 0);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_add_value_spy(polx_enquire *e, unsigned slot, polx_spy **out)
{
    *out = nullptr;
    TRY
    /* Match spies are reference counted once release()d: the enquire and
     * the caller's handle each hold a reference (ref/unref), so either may
     * be freed first. */
    Xapian::ValueCountMatchSpy *spy = new Xapian::ValueCountMatchSpy(slot);
    spy->release();
    spy->ref();
    polx_spy *s = new (std::nothrow) polx_spy;
    if (!s) {
        spy->unref();
        throw std::bad_alloc();
    }
    s->spy = spy;
    try {
        e->enq.add_matchspy(spy);
    } catch (...) {
        spy->unref();
        delete s;
        throw;
    }
    *out = s;
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_set_decider(polx_enquire *e, polx_accept_cb cb, void *ctx)
{
    TRY
    e->decider.reset(cb ? new polx_decider(cb, ctx) : nullptr);
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_get_mset(polx_enquire *e, unsigned first, unsigned maxitems,
                                   unsigned checkatleast, polx_mset **out)
{
    *out = nullptr;
    TRY
    polx_mset *m = new polx_mset;
    try {
        m->mset = e->enq.get_mset(first, maxitems, checkatleast, nullptr, e->decider.get());
    } catch (...) {
        delete m;
        throw;
    }
    *out = m;
    return POL_OK;
    CATCH
}

pol_status pol__x_enquire_matching_terms(polx_enquire *e, unsigned docid, polx_term_cb cb, void *ctx)
{
    TRY
    for (Xapian::TermIterator i = e->enq.get_matching_terms_begin(docid);
         i != e->enq.get_matching_terms_end(docid); ++i) {
        std::string t = *i;
        if (cb(ctx, t.data(), t.size(), 0))
            break;
    }
    return POL_OK;
    CATCH
}

/* Expansion terms: unprefixed (first byte not an ASCII capital) and of two
 * characters or more. */
class polx_expand_decider : public Xapian::ExpandDecider {
  public:
    bool operator()(const std::string &t) const override
    {
        if (t.empty() || (t[0] >= 'A' && t[0] <= 'Z'))
            return false;
        size_t chars = 0;
        for (unsigned char c : t)
            chars += (c & 0xc0) != 0x80;
        return chars >= 2;
    }
};

pol_status pol__x_enquire_eset(polx_enquire *e, const unsigned *docids, size_t n, unsigned maxterms,
                               polx_eterm_cb cb, void *ctx)
{
    TRY
    Xapian::RSet rs;
    for (size_t i = 0; i < n; i++)
        rs.add_document(docids[i]);
    polx_expand_decider dec;
    Xapian::ESet es = e->enq.get_eset(maxterms, rs, &dec);
    for (Xapian::ESetIterator i = es.begin(); i != es.end(); ++i) {
        std::string t = *i;
        if (cb(ctx, t.data(), t.size(), i.get_weight()))
            break;
    }
    return POL_OK;
    CATCH
}

/* ---- match sets ---- */

void pol__x_mset_free(polx_mset *m)
{
    try {
        delete m;
    } catch (...) {
        (void)map_error();
    }
}

pol_status pol__x_mset_pick(polx_mset **out, const polx_mset *m, const unsigned *items,
                            const unsigned *collapsed, polx_doc *const *docs, size_t n,
                            unsigned matches)
{
    *out = nullptr;
    if (m->view)
        return bad_arg("a view of a view");
    for (size_t i = 0; i < n; i++)
        if (items[i] >= m->mset.size())
            return bad_arg("mset index out of range");
    TRY
    polx_mset *v = new polx_mset;
    v->mset = m->mset;
    v->view = true;
    try {
        v->pick.assign(items, items + n);
        v->collapsed.assign(collapsed, collapsed + n);
        if (docs)
            for (size_t i = 0; i < n; i++)
                v->docs.push_back(*docs[i]);
    } catch (...) {
        delete v;
        throw;
    }
    v->matches = matches;
    *out = v;
    return POL_OK;
    CATCH
}

unsigned pol__x_mset_size(const polx_mset *m)
{
    if (m->view)
        return (unsigned)m->pick.size();
    try { return m->mset.size(); } catch (...) { (void)map_error(); return 0; }
}
pol_status pol__x_mset_termfreq(const polx_mset *m, const char *term, size_t len, unsigned *out)
{
    *out = 0;
    TRY
    /* a term of the query: from the statistics the match gathered; else
     * Xapian asks the databases */
    *out = m->mset.get_termfreq(std::string(term, len));
    return POL_OK;
    CATCH
}

pol_status pol__x_mset_termweight(const polx_mset *m, const char *term, size_t len, double *out)
{
    *out = 0;
    TRY
    *out = m->mset.get_termweight(std::string(term, len));
    return POL_OK;
    CATCH
}

unsigned pol__x_mset_matches_estimated(const polx_mset *m)
{
    if (m->view)
        return m->matches;
    try { return m->mset.get_matches_estimated(); } catch (...) { (void)map_error(); return 0; }
}
unsigned pol__x_mset_matches_lower_bound(const polx_mset *m)
{
    if (m->view)
        return m->matches;
    try { return m->mset.get_matches_lower_bound(); } catch (...) { (void)map_error(); return 0; }
}
unsigned pol__x_mset_matches_upper_bound(const polx_mset *m)
{
    if (m->view)
        return m->matches;
    try { return m->mset.get_matches_upper_bound(); } catch (...) { (void)map_error(); return 0; }
}
unsigned pol__x_mset_docid(const polx_mset *m, unsigned i)
{
    try { return *mset_item(m, i); } catch (...) { (void)map_error(); return 0; }
}
double pol__x_mset_weight(const polx_mset *m, unsigned i)
{
    try { return mset_item(m, i).get_weight(); } catch (...) { (void)map_error(); return 0; }
}
unsigned pol__x_mset_collapse_count(const polx_mset *m, unsigned i)
{
    if (m->view)
        return i < m->collapsed.size() ? (unsigned)m->collapsed[i] : 0;
    try { return m->mset[i].get_collapse_count(); } catch (...) { (void)map_error(); return 0; }
}

pol_status pol__x_mset_document(const polx_mset *m, unsigned i, polx_doc **out)
{
    *out = nullptr;
    TRY
    if (i >= (m->view ? m->pick.size() : m->mset.size()))
        return bad_arg("mset index out of range");
    if (m->view && !m->docs.empty()) {
        /* as read before: its data is not read again */
        *out = new polx_doc(m->docs[i]);
        return POL_OK;
    }
    polx_doc *d = new polx_doc;
    try {
        Xapian::MSetIterator it = mset_item(m, i);
        d->doc = it.get_document();
    } catch (...) {
        delete d;
        throw;
    }
    *out = d;
    return POL_OK;
    CATCH
}

/* ---- match spies ---- */

void pol__x_spy_free(polx_spy *s)
{
    if (!s)
        return;
    try {
        s->spy->unref();
    } catch (...) {
        (void)map_error();
    }
    delete s;
}

unsigned pol__x_spy_total(const polx_spy *s)
{
    try { return s->spy->get_total(); } catch (...) { (void)map_error(); return 0; }
}

pol_status pol__x_spy_values(const polx_spy *s, unsigned maxvalues, polx_term_cb cb, void *ctx)
{
    TRY
    for (Xapian::TermIterator i = s->spy->top_values_begin(maxvalues ? maxvalues : 1000000);
         i != s->spy->top_values_end(maxvalues ? maxvalues : 1000000); ++i) {
        std::string v = *i;
        if (cb(ctx, v.data(), v.size(), i.get_termfreq()))
            break;
    }
    return POL_OK;
    CATCH
}

} /* extern "C" */
