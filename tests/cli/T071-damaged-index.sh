#!/usr/bin/env bash
# T071: damaged, locked and foreign-version indexes. Truncated or overwritten
# database files give one line naming the index and suggesting
# `polindex --rebuild` (exit 2, never a crash); a second writer is told the
# index is locked; an index of another schema or analyzer is refused with how
# to rebuild it, and --rebuild does.
. "$TESTLIB"
DB="$T_DIR/db"
cp -r "$FIXTURES/cli" "$T_DIR/docs"
cd "$T_DIR"
run "$POLINDEX" -q --db "$DB" docs
expect_rc 0 "index the fixtures"
# Xapian's position table is written only with --positions
run "$POLINDEX" -q --positions --db "$T_DIR/dbp" docs
expect_rc 0 "index the fixtures with --positions"

# one_line_error WHAT: exit 2, a single stderr line naming the copy, with the fix
one_line_error() {
    expect_rc 2 "$1: exit status"
    expect_eq "$(printf '%s\n' "$ERR" | wc -l)" 1 "$1: one line"
    expect_err "^pol(search|index): $T_DIR/dbc: .*polindex --rebuild" "$1: names the index, says to rebuild"
}

# Xapian checks block structure but keeps no checksums: damage inside the
# data of position.glass or termlist.glass can go unseen, so those files are
# only truncated here.
# Under AddressSanitizer, libxapian itself (1.4) is seen reading past a
# buffer on an overwritten docdata.glass: that case runs in the release build.
asan=0
ldd "$POLSEARCH" 2>/dev/null | grep -q libasan && asan=1
[ $asan = 1 ] && echo "ASan build: the overwritten docdata.glass case is left to the release build (a read overflow inside libxapian)"
for f in iamglass postlist.glass termlist.glass docdata.glass position.glass; do
    for how in truncate empty overwrite; do
        [ "$how" = overwrite ] && [ "$f" != iamglass ] && [ "$f" != postlist.glass ] && [ "$f" != docdata.glass ] && continue
        [ "$how" = overwrite ] && [ "$f" = docdata.glass ] && [ $asan = 1 ] && continue
        rm -rf dbc
        if [ "$f" = position.glass ]; then cp -r "$T_DIR/dbp" dbc; else cp -r "$DB" dbc; fi
        size=$(stat -c %s "dbc/$f")
        case $how in
        truncate) truncate -s $((size / 2)) "dbc/$f" ;;
        empty) : >"dbc/$f" ;;
        overwrite) python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read())
for i in range(len(b) // 4, len(b)): b[i] = (i * 131 + 7) & 255
open(p, "wb").write(b)' "dbc/$f" ;;
        esac
        run "$POLSEARCH" --db "$T_DIR/dbc" 电商扶贫
        one_line_error "search, $f $how"
        if [ "$f" != docdata.glass ] || [ "$how" != overwrite ]; then
            # polindex reads the damaged tables only when it opens them
            run "$POLINDEX" --db "$T_DIR/dbc" docs
            one_line_error "index, $f $how"
        fi
    done
done
# relearning over overwritten document data: one line, and the lexicon
# stored before is kept (it was replaced by one learned from the records
# still readable)
if [ $asan = 0 ]; then
    rm -rf dbc && cp -r "$DB" dbc
    printf '电商扶贫\n对口帮扶\n' >mywords.txt
    run "$POLINDEX" -q --db "$T_DIR/dbc" --words mywords.txt
    expect_rc 0 "relearning: words of one's own stored"
    run "$POLINDEX" --lexicon --db dbc
    lexicon_before=$OUT
    expect_out "电商扶贫" "relearning: the lexicon lists them"
    : >words.txt
    python3 -c 'import sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read())
for i in range(len(b) // 4, len(b)): b[i] = (i * 131 + 7) & 255
open(p, "wb").write(b)' dbc/docdata.glass
    run "$POLINDEX" --db "$T_DIR/dbc" --words words.txt
    one_line_error "relearning, docdata.glass overwritten"
    expect_err "stored data cannot be decoded" "relearning: says what is damaged"
    run "$POLINDEX" --lexicon --db dbc
    expect_eq "$OUT" "$lexicon_before" "relearning: the stored lexicon is kept"
    # indexing a new file relearns with the commit: the commit stays, the
    # learning stops on the damage with the same line
    mkdir -p more && printf '新增文件\n\n对口支援新疆和田地区的补充通知。\n' >more/new.txt
    run "$POLINDEX" --db "$T_DIR/dbc" more
    one_line_error "indexing, relearning over docdata.glass overwritten"
    expect_err "stored data cannot be decoded" "indexing: says what is damaged"
    run "$POLINDEX" --no-learn --db "$T_DIR/dbc" more
    expect_rc 0 "the new file was committed"
    expect_err "^0 added, 0 updated, 1 unchanged" "the new file is in the index"
fi
rm -rf dbc && cp -r "$DB" dbc && rm dbc/iamglass
run "$POLSEARCH" --db "$T_DIR/dbc" 电商扶贫
expect_rc 2 "index without its version file"
run "$POLINDEX" --rebuild -q --db "$T_DIR/dbc" docs
expect_rc 0 "--rebuild replaces a damaged index"
run "$POLSEARCH" --db "$T_DIR/dbc" 电商扶贫
expect_out "某市对口帮扶" "the rebuilt index works"

# another writer holds the lock
coproc HOLD { "$DBTOOL" hold "$DB"; }
# bash unsets HOLD and HOLD_PID once the coprocess has exited: kept here
hold_pid=$HOLD_PID hold_in=${HOLD[1]}
read -r held <&"${HOLD[0]}"
expect_eq "$held" "held" "the other writer has the index"
run "$POLINDEX" --db "$DB" docs
expect_rc 2 "locked index: exit status"
expect_err "^polindex: $DB: index is locked by another polindex" "locked index: clear message"
run "$POLSEARCH" --db "$DB" 电商扶贫
expect_rc 0 "searching a locked index works"
exec {hold_in}>&-
wait "$hold_pid"
run "$POLINDEX" -q --db "$DB" docs
expect_rc 0 "the lock is gone with its writer"

# a damaged lexicon entry: one line naming the index
rm -rf dbc && cp -r "$DB" dbc
run "$DBTOOL" setmeta dbc polsearch:lexicon-keys "not numbers"
expect_rc 0 "overwrite the lexicon's key count"
run "$POLSEARCH" --db "$T_DIR/dbc" 电商扶贫
one_line_error "damaged lexicon keys"

# another schema, another analyzer
cp -r "$DB" dbv
run "$DBTOOL" setmeta dbv polsearch:schema 999
expect_rc 0 "set a foreign schema version"
run "$POLSEARCH" --db dbv 电商扶贫
expect_rc 2 "foreign schema: search refused"
expect_err "^polsearch: dbv: index made with schema 999 .*run polindex --rebuild" "foreign schema: says how to rebuild"
run "$POLINDEX" --db dbv docs
expect_rc 2 "foreign schema: indexing refused"
expect_err "^polindex: dbv: index made with schema 999 .*run polindex --rebuild" "polindex says how to rebuild"
schema=$("$DBTOOL" getmeta "$DB" polsearch:schema)
run "$DBTOOL" setmeta dbv polsearch:schema "$schema"
run "$DBTOOL" setmeta dbv polsearch:analyzer "polsearch-cjk/0 icu/1.0"
run "$POLSEARCH" --db dbv 电商扶贫
expect_rc 2 "foreign analyzer: search refused"
expect_err "analyzer 'polsearch-cjk/0 icu/1.0'.*run polindex --rebuild" "foreign analyzer: names it, says how to rebuild"
# an index of schema 4 (its document data is format 2, with the metadata
# strings in plain, which schema 6 no longer reads) is refused, with how to
# rebuild it
expect_eq "$schema" "6" "this polindex writes schema 6"
icu=$("$DBTOOL" getmeta "$DB" polsearch:analyzer | sed 's/^[^ ]* //')
run "$DBTOOL" setmeta dbv polsearch:schema 4
run "$DBTOOL" setmeta dbv polsearch:analyzer "polsearch-cjk/3 $icu"
run "$POLSEARCH" --db dbv 电商扶贫
expect_rc 2 "schema 4 index: search refused"
expect_err "^polsearch: dbv: index made with schema 4 and analyzer 'polsearch-cjk/3 icu/.*run polindex --rebuild" "schema 4: says how to rebuild"
run "$POLINDEX" --db dbv docs
expect_rc 2 "schema 4 index: indexing refused"
expect_err "^polindex: dbv: index made with schema 4 .*writes schema 6 .*run polindex --rebuild" "schema 4: polindex says how to rebuild"
run "$POLINDEX" --rebuild -q --db dbv docs
expect_rc 0 "--rebuild over a foreign index"
run "$POLSEARCH" --db dbv 电商扶贫
expect_rc 0 "the rebuilt index is searched"
# --positions is chosen when an index is made: asked of an index made
# without it, polindex says to rebuild; an index made with it keeps it
run "$POLINDEX" --positions --db "$DB" docs
expect_rc 2 "--positions on an index made without"
expect_err "^polindex: $DB: index was made without Xapian positions .*--rebuild" "says to rebuild with them"
run "$POLINDEX" -q --db "$T_DIR/dbp" docs
expect_rc 0 "a run without --positions on an index made with it"
expect_eq "$("$DBTOOL" getmeta "$T_DIR/dbp" polsearch:positions)" "1" "the index keeps its positions"

done_testing
