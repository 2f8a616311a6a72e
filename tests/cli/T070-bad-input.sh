#!/usr/bin/env bash
# T070: a folder of bad input, made at test time: empty, binary, invalid
# UTF-8, GB18030 and Big5 text, a 200 MB file, a 5 MB single line, deeply
# nested HTML, malformed JSON/CSV/JSONL, an unreadable file, symlink loops,
# names with spaces and non-UTF-8 bytes. polindex indexes what it can, reports
# each problem on one line, exits 0; exits 3 when nothing could be indexed;
# peak memory stays bounded (printed).
. "$TESTLIB"
DB="$T_DIR/db"
D="$T_DIR/bad"
mkdir "$D"
cd "$T_DIR"

# good files: real text in three encodings
cp "$FIXTURES/docs/plan_gb18030.txt" "$FIXTURES/docs/plan_big5.txt" "$FIXTURES/docs/notice_utf8.txt" "$D/"
cp "$FIXTURES/cli/plan_ecommerce.txt" "$D/name with spaces.txt"
cp "$FIXTURES/cli/support_trad.txt" "$D/$(printf 'latin1-\xe9\xff.txt')"
# bad files
: >"$D/empty.txt"
head -c 20000 /dev/urandom >"$D/binary.txt"
# a UTF-8 document with two stray bytes
{ cat "$FIXTURES"/cli/*.txt; printf '关于加强\xff管理的\x80通知\n'; cat "$FIXTURES"/cli/*.txt; } >"$D/invalid_utf8.txt"
python3 - "$D" <<'EOF'
import sys
d = sys.argv[1]
line = '一行没有换行的长文本，' * (5 * 1024 * 1024 // 30)
open(d + '/longline.txt', 'w').write(line + '长行结尾标记\n')
deep = 20000
open(d + '/nested.html', 'w').write('<html><head><title>嵌套页面</title></head><body><p>外层段落文字</p>'
    + '<div>' * deep + '深层内容' + '</div>' * deep + '</body></html>')
open(d + '/broken.json', 'w').write('{"title": "标题", "text": ')
open(d + '/rows.csv', 'w').write('title,text\n好的一行,第一行的内容\n"没有结束的引号,第二行\n')
open(d + '/rows.jsonl', 'w').write('{"title":"甲文件","text":"甲的内容"}\n{broken\n{"title":"乙文件","text":"乙的内容"}\n')
EOF
mkdir "$D/loop"
ln -s ../loop "$D/loop/self"
ln -s self.txt "$D/self.txt"
# 200 MB of real text in one file
python3 - "$D/big.txt" "$FIXTURES"/cli/*.txt <<'EOF'
import sys
chunk = b'\n'.join(open(p, 'rb').read() for p in sys.argv[2:])
chunk = chunk * (1024 * 1024 // len(chunk) + 1)
with open(sys.argv[1], 'wb') as f:
    for _ in range(200):
        f.write(chunk)
EOF

# An unreadable file. chmod 000 does not stop root, so as root polindex runs
# as nobody (setpriv) over a copy of the folder nobody may read except there.
printf '不可读的文件内容\n' >"$D/unreadable.txt"
chmod 000 "$D/unreadable.txt"
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    if command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null; then
        chmod 755 "$T_DIR" && chmod -R a+rX "$D" && chmod 000 "$D/unreadable.txt"
        # the index and the parts written beside it go to a folder nobody owns
        mkdir "$T_DIR/idx" && chown nobody "$T_DIR/idx"
        DB="$T_DIR/idx/db"
        as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
        echo "running as root: polindex runs as nobody, so the chmod 000 file is really unreadable"
    else
        echo "running as root without setpriv: the unreadable-file check is not made"
    fi
else
    echo "running as uid $(id -u): chmod 000 makes the file unreadable"
fi

# baseline: the peak memory of indexing three small files, in the same build
# (AddressSanitizer's quarantine of freed memory, 256 MB by default, kept small)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}quarantine_size_mb=8"
/usr/bin/time -f 'peak-rss-kb %M' -o "$T_DIR/rss0" "$POLINDEX" -q --db "$T_DIR/db0" "$FIXTURES/cli" >/dev/null 2>&1
rss0=$(grep -oE 'peak-rss-kb [0-9]+' "$T_DIR/rss0" | awk '{print $2}')
run /usr/bin/time -f 'peak-rss-kb %M' -o "$T_DIR/rss" "${as_user[@]}" "$POLINDEX" --db "$DB" "$D"
expect_rc 0 "something was indexed: exit 0"
rss=$(grep -oE 'peak-rss-kb [0-9]+' "$T_DIR/rss" | awk '{print $2}')
echo "polindex over the bad folder: peak RSS ${rss} kB for the whole run, the 200 MB file included; ${rss0} kB for three small files"
# The reader refuses files over 64 MiB without loading them: the whole run
# (threads reading other files at once) stays below the 200 MB file's size.
if [ "$rss" -lt 200000 ]; then pass; else fail "peak RSS ${rss} kB is not below the 200 MB file's size"; fi
expect_err "big.txt: larger than 64 MiB: not indexed" "the 200 MB file is refused with a reason"
expect_err "skipped .*empty.txt: empty file" "empty file"
expect_err "skipped .*binary.txt: binary" "binary file"
expect_err "skipped .*broken.json: not valid JSON" "malformed JSON, with the reason"
expect_err "self.txt: .*(symbolic links|loop)" "a symlink to itself"
expect_err "loop/self: symbolic link loop" "a directory symlink loop"
expect_err "rows.jsonl: line 2 is not a JSON object" "the bad JSONL line"
if [ ${#as_user[@]} -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
    expect_err "skipped .*unreadable.txt: cannot (read|open): Permission denied" "unreadable file"
fi
# one line per problem: no file is named on two lines
dups=$(printf '%s\n' "$ERR" | grep -E '^polindex: ' | sed -E 's/^polindex: (warning: |skipped )?([^:]*):.*/\2/' | sort | uniq -d)
expect_eq "$dups" "" "each problem file is reported on one line"
# every stderr line is a problem line or a summary
other=$(printf '%s\n' "$ERR" | grep -Ev '^polindex: (warning: |skipped )|^[0-9]+ added, |^lexicon: ')
expect_eq "$other" "" "nothing but problem lines and the summary on stderr"

# what could be read is searchable
run "$POLSEARCH" --db "$DB" --json 电商扶贫
expect_out '"path":"[^"]*name with spaces.txt"' "a name with spaces"
run "$POLSEARCH" --db "$DB" 对口支援
expect_rc 0 "the file with a non-UTF-8 name is indexed"
run "$POLSEARCH" --db "$DB" 长行结尾标记
expect_out "longline.txt" "the end of a 5 MB single line is found"
run "$POLSEARCH" --db "$DB" 外层段落文字
expect_out "nested.html" "deeply nested HTML: the outer text is indexed"
run "$POLSEARCH" --db "$DB" 关于加强管理的通知
expect_out "invalid_utf8.txt" "invalid UTF-8: the valid text around bad bytes is indexed"
run "$POLSEARCH" --db "$DB" 乙的内容
expect_out "rows.jsonl" "JSONL: the record after the bad line"
run "$POLSEARCH" --db "$DB" 第一行的内容
expect_out "rows.csv" "CSV: the good row"
if [ ${#as_user[@]} -gt 0 ] || [ "$(id -u)" -ne 0 ]; then
    run "$POLSEARCH" --db "$DB" 不可读的文件内容
    expect_rc 1 "the unreadable file's text is not in the index"
fi

# nothing indexable at all: a distinct status
mkdir "$T_DIR/allbad"
: >"$T_DIR/allbad/empty.txt"
head -c 5000 /dev/urandom >"$T_DIR/allbad/noise.txt"
run "$POLINDEX" --db "$T_DIR/db2" "$T_DIR/allbad"
expect_rc 3 "nothing could be indexed: exit 3"
expect_err "nothing could be indexed" "says so"

# an index in a folder that does not exist: says which and what to do
run "$POLINDEX" --db "$T_DIR/no/such/folder/db" "$T_DIR/allbad"
expect_rc 2 "index folder missing: exit 2"
expect_err "no/such/folder/db: cannot create the index: the folder it goes in does not exist; create it first" "says the folder is missing"
[ ! -e "$T_DIR/no" ] && pass || fail "nothing created"

done_testing
