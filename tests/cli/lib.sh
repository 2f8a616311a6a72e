# lib.sh — helpers for the CLI tests (notmuch test/T*.sh style): a scratch
# directory, expectations on exit status and output, and a closing tally.
set -u
T_PASS=0
T_FAIL=0
T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/polsearch-test.XXXXXX")
trap 'rm -rf "$T_DIR"' EXIT
export NO_COLOR=1
unset POLSEARCH_DB

pass() { T_PASS=$((T_PASS + 1)); }
fail() { T_FAIL=$((T_FAIL + 1)); echo "FAIL: $*" >&2; }

# run CMD...: runs it, keeping stdout in $OUT, stderr in $ERR, status in $RC.
run() {

    "$@" >"$T_DIR/out" 2>"$T_DIR/err"
    RC=$?
    OUT=$(cat "$T_DIR/out")
    ERR=$(cat "$T_DIR/err")
}

expect_rc() { # WANT DESCRIPTION
    if [ "$RC" -eq "$1" ]; then pass; else fail "$2: exit status $RC, want $1; stderr: $ERR"; fi
}
expect_out() { # PATTERN DESCRIPTION  (grep -E on stdout)
    if printf '%s\n' "$OUT" | grep -Eq -- "$1"; then pass; else fail "$2: stdout lacks /$1/:"; printf '%s\n' "$OUT" | head -20 >&2; fi
}
expect_no_out() {
    if printf '%s\n' "$OUT" | grep -Eq -- "$1"; then fail "$2: stdout has /$1/"; else pass; fi
}
expect_err() {
    if printf '%s\n' "$ERR" | grep -Eq -- "$1"; then pass; else fail "$2: stderr lacks /$1/: $ERR"; fi
}
expect_no_err() {
    if printf '%s\n' "$ERR" | grep -Eq -- "$1"; then fail "$2: stderr has /$1/: $ERR"; else pass; fi
}
expect_eq() { # GOT WANT DESCRIPTION
    if [ "$1" = "$2" ]; then pass; else fail "$3: got '$1', want '$2'"; fi
}
# Compares stdout with a golden file after removing machine-specific parts.
expect_golden() { # FILE DESCRIPTION
    local got="$T_DIR/golden.got"
    printf '%s\n' "$OUT" | sed -E -e "s#$T_DIR#TMP#g" -e 's/\[[0-9]+\.[0-9]+\]/[SCORE]/g' \
        -e 's/"score":[0-9.e+-]+/"score":S/g' >"$got"
    if diff -u "$1" "$got" >"$T_DIR/diff"; then pass; else fail "$2: differs from $1:"; cat "$T_DIR/diff" >&2; fi
}

done_testing() {
    echo "$T_PASS passed, $T_FAIL failed"
    [ "$T_FAIL" -eq 0 ]
}

# index_fixtures NAME: copies $FIXTURES/NAME to $T_DIR/docs, indexes it into
# $DB (= $T_DIR/db) and works in $T_DIR from then on.
DB="$T_DIR/db"
index_fixtures() {
    cp -r "$FIXTURES/$1" "$T_DIR/docs"
    cd "$T_DIR" || exit 1
    run "$POLINDEX" --db "$DB" docs
    expect_rc 0 "indexing the $1 fixtures"
}
# The titles of the hits in $OUT (text output), one per line, joined by |.
titles() { printf '%s\n' "$OUT" | sed -n 's/^[0-9]*\. \(.*\)  \[[0-9.]*\]$/\1/p' | tr '\n' '|'; }
