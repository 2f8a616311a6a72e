#!/usr/bin/env bash
# T060: --help and the man pages document every option the programs take,
# and `cmake --install` installs the man pages.
. "$TESTLIB"
# long options a program accepts, from its source's option table
accepted() { sed -n 's/^ *{ "\([a-z-]*\)", [a-z_]*argument.*/--\1/p' "$1" | grep -v -- '--colour' | sort -u; }
# long options a text mentions (man pages escape the hyphens: \-\-db)
mentioned() { sed 's/\\-/-/g' | grep -o -- '--[a-z][a-z-]*' | sort -u; }

for prog in polsearch polindex; do
    case $prog in
        polsearch) bin=$POLSEARCH; src="$SOURCE_DIR/query/polsearch.c" ;;
        polindex) bin=$POLINDEX; src="$SOURCE_DIR/indexer/polindex.c" ;;
    esac
    want=$(accepted "$src")
    expect_eq "$([ -n "$want" ] && echo yes)" "yes" "$prog: options found in the source"
    run "$bin" --help
    expect_rc 0 "$prog --help"
    expect_out "^Examples:" "$prog --help has examples"
    help=$(printf '%s\n' "$OUT" | mentioned)
    man=$(mentioned < "$SOURCE_DIR/man/$prog.1")
    for o in $want; do
        printf '%s\n' "$help" | grep -qx -- "$o" && pass || fail "$prog --help lacks $o"
        printf '%s\n' "$man" | grep -qx -- "$o" && pass || fail "man/$prog.1 lacks $o"
    done
    for o in $man; do
        printf '%s\n' "$want" | grep -qx -- "$o" && pass || fail "man/$prog.1 documents $o, which $prog does not take"
    done
    expect_eq "$(grep -c '^\.SH EXAMPLES' "$SOURCE_DIR/man/$prog.1")" 1 "man/$prog.1 has examples"
done

# cmake --install puts both man pages under share/man/man1
run cmake --install "$BUILD_DIR" --prefix "$T_DIR/inst"
expect_rc 0 "cmake --install"
for prog in polsearch polindex; do
    [ -f "$T_DIR/inst/share/man/man1/$prog.1" ] && pass || fail "$prog.1 not installed"
    [ -x "$T_DIR/inst/bin/$prog" ] && pass || fail "$prog not installed"
done
if command -v groff >/dev/null; then
    run groff -k -man -Tutf8 -ww -z "$SOURCE_DIR/man/polsearch.1" "$SOURCE_DIR/man/polindex.1"
    expect_eq "$ERR" "" "man pages format without warnings"
fi

done_testing
