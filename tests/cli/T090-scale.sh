#!/usr/bin/env bash
# T090: indexing on several threads, shards and remote search give the same
# results as one index built on one thread; incremental re-runs; long paths.
. "$TESTLIB"
# real law cases and the criminal law, 0.56 MB: above the 256 KB from which
# --jobs 2 writes parts (the cases alone, 0.21 MB, were below it, and this
# test then never merged a part)
CASES="$SHARED_CORPUS/lawrefbook/案例" CRIMINAL="$SHARED_CORPUS/lawrefbook/刑法"
for d in "$CASES" "$CRIMINAL"; do [ -d "$d" ] || { echo "no corpus at $d" >&2; exit 1; }; done
cd "$T_DIR"
copy_cases() { rm -rf cases && cp -r "$CASES" cases && cp -r "$CRIMINAL" cases/; }
copy_cases
expect_eq "$(du -bs cases | awk '$1 > 262144 { print "above" }')" above "the corpus is large enough for parts"
QUERIES=(合同 "交通事故 赔偿" 离婚 '"人民法院"' 劳动争议)

# results of each query, as JSON lines (paths, scores, sections); hits of
# equal score come in the order of their keys, whatever order the files were
# written in (by two threads, or into shards)
results() { # DB-OPTIONS...
    for q in "${QUERIES[@]}"; do
        "$POLSEARCH" "$@" --json -n 100 "$q" || echo "exit $? for $q"
    done
}

run "$POLINDEX" --db one --jobs 1 cases
expect_rc 0 "one thread"
one_docs=$(printf '%s\n' "$ERR" | grep -Eo '[0-9]+ documents')
results --db one >one.txt
expect_eq "$(grep -c '"path"' one.txt)" "$(grep -c '"path"' one.txt | awk '$1 > 20')" "queries find documents"

run "$POLINDEX" -v --db two --jobs 2 cases
expect_rc 0 "two threads"
expect_err "$one_docs" "two threads index as many documents"
expect_err "^parts written in parallel and merged: 2$" "two threads wrote two parts"
expect_eq "$(ls -d two.part* 2>/dev/null | wc -l)" 0 "parts merged and removed"
results --db two >two.txt
expect_eq "$(md5sum <two.txt)" "$(md5sum <one.txt)" "two threads: same results as one"

# the lexicon: learned while two threads' parts are merged, it is the one
# learned after a one-thread run, and the one relearned on its own
run "$POLINDEX" --db one --lexicon
lexicon_one=$OUT
expect_out "^# [0-9]+ words: [1-9][0-9]* learned" "one thread: words learned"
run "$POLINDEX" --db two --lexicon
expect_eq "$OUT" "$lexicon_one" "two threads: the same lexicon, learned during the merge"
: >nowords.txt
run "$POLINDEX" --db two --words nowords.txt
expect_rc 0 "relearned on its own"
run "$POLINDEX" --db two --lexicon
expect_eq "$OUT" "$lexicon_one" "relearned on its own: the same lexicon"

# incremental: nothing to do, then one change, one removal
run "$POLINDEX" --db two --jobs 2 cases
expect_err "^0 added, 0 updated, [0-9]+ unchanged, 0 removed, 0 failed" "re-run changes nothing"
first=$(find cases -type f -name '*.md' | sort | head -1)
second=$(find cases -type f -name '*.md' | sort | sed -n 2p)
printf '\n补充说明：本案涉及虚构词语甲乙丙丁戊己。\n' >>"$first"
rm "$second"
run "$POLINDEX" --db two --jobs 2 cases
expect_err "^0 added, 1 updated, [0-9]+ unchanged, 1 removed, 0 failed" "one updated, one removed"
run "$POLSEARCH" --db two 甲乙丙丁戊己
expect_out "$(basename "$first")" "the change is found"
run "$POLSEARCH" --db two --json -n 100 合同
expect_no_out "$(basename "$second")" "the removed file is gone"

# --rebuild starts anew
run "$POLINDEX" --db two --jobs 2 --rebuild cases
expect_err "^[0-9]+ added, 0 updated, 0 unchanged" "rebuild adds everything again"

copy_cases

# a parallel run killed while it writes its parts: the next run (which
# merges what the killed one committed) ends with the records of a clean
# index, once each, and the same results
"$POLINDEX" --quiet --db killed --jobs 2 cases & pid=$!
for _ in $(seq 500); do   # until the parts exist (at most 5 s)
    ls -d killed.part* >/dev/null 2>&1 && break
    sleep 0.01
done
parts_seen=$(ls -d killed.part* 2>/dev/null | wc -l)
kill -KILL "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
[ "$parts_seen" -gt 0 ] && pass || fail "the killed run had written no part"
run "$POLINDEX" --db killed --jobs 2 cases
expect_rc 0 "run after a killed one"
expect_eq "$(ls -d killed.part* 2>/dev/null | wc -l)" 0 "no part left"
expect_eq "$(xapian-delve killed | grep 'number of documents')" "$(xapian-delve one | grep 'number of documents')" "as many records as a clean index"
results --db killed >killed.txt
expect_eq "$(md5sum <killed.txt)" "$(md5sum <one.txt)" "same results as a clean index"

# shards: two halves searched together rank as the whole
run "$POLINDEX" --db s1 --shard 1/2 cases
expect_rc 0 "shard 1/2"
run "$POLINDEX" --db s2 --shard 2/2 cases
expect_rc 0 "shard 2/2"
n1=$(results --db s1 | grep -c '"path"')
n2=$(results --db s2 | grep -c '"path"')
[ "$n1" -gt 0 ] && [ "$n2" -gt 0 ] && pass || fail "each shard holds part of the corpus ($n1, $n2)"
results --db s1 --db s2 >shards.txt
expect_eq "$(md5sum <shards.txt)" "$(md5sum <one.txt)" "--db s1 --db s2: same results as one index"
run "$POLINDEX" --db s3 --shard 3/2 cases
expect_rc 2 "bad --shard"
expect_err "--shard wants I/N" "says what it wants"

# remote: each shard served by xapian-tcpsrv on loopback
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
pids=()
trap 'kill -KILL "${pids[@]}" 2>/dev/null; rm -rf "$T_DIR"' EXIT
serve() { # DB -> sets PORT
    for attempt in 1 2 3 4 5; do
        PORT=$(free_port)
        xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$PORT" "$1" >/dev/null 2>&1 &
        local pid=$!
        disown "$pid"   # no job notice when it is killed
        for _ in $(seq 50); do
            if python3 -c "import socket,sys; socket.create_connection(('127.0.0.1', $PORT), 1)" 2>/dev/null; then
                pids+=("$pid"); return 0
            fi
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill "$pid" 2>/dev/null
    done
    return 1
}
# xapian-tcpsrv matches phrases with Xapian's position table: shards served
# are made with --positions, and give the results of the index without it
# (its phrases checked on the unit maps)
run "$POLINDEX" -q --positions --db p1 --shard 1/2 cases
expect_rc 0 "shard 1/2 with --positions"
run "$POLINDEX" -q --positions --db p2 --shard 2/2 cases
expect_rc 0 "shard 2/2 with --positions"
serve p1 && p1=$PORT && serve p2 && p2=$PORT && serve s2 && p3=$PORT ||
    { fail "xapian-tcpsrv does not start"; done_testing; exit; }
results --remote "127.0.0.1:$p1" --remote "127.0.0.1:$p2" >remote.txt
expect_eq "$(md5sum <remote.txt)" "$(md5sum <one.txt)" "two remote shards: same results as one index"
results --db p1 --remote "127.0.0.1:$p2" >mixed.txt
expect_eq "$(md5sum <mixed.txt)" "$(md5sum <one.txt)" "a local and a remote shard: same results"
results --db p1 --db p2 >positions.txt
expect_eq "$(md5sum <positions.txt)" "$(md5sum <one.txt)" "Xapian's phrases, the unit maps' phrases: same results"
run "$POLSEARCH" --remote "127.0.0.1:$p3" 合同
expect_rc 2 "a remote index made without --positions"
expect_err "127.0.0.1:$p3: index made without Xapian positions.*--positions" "says to make it with --positions"
run "$POLSEARCH" --db s1 --remote "127.0.0.1:$p2" 合同
expect_rc 2 "a local index without positions beside a remote one"
expect_err "s1: index made without Xapian positions.*--positions" "names the local index"
kill -KILL "${pids[@]}" 2>/dev/null; pids=()
for _ in $(seq 50); do   # until the port refuses connections
    python3 -c "import socket; socket.create_connection(('127.0.0.1', $p1), 1)" 2>/dev/null || break
    sleep 0.1
done
run "$POLSEARCH" --remote "127.0.0.1:$p1" 合同
expect_rc 2 "server gone"
expect_err "127.0.0.1:$p1: cannot reach remote index" "names the server"
run "$POLSEARCH" --remote nocolon 合同
expect_rc 2 "bad --remote"
expect_err "--remote wants HOST:PORT" "says what it wants"

# a path longer than Xapian's term and key limits is indexed, updated, removed
long="$T_DIR/long"
for i in 1 2 3 4 5 6; do long="$long/很长的目录名称用来测试路径长度限制"; done
mkdir -p "$long"
printf '长路径测试文件\n\n本文件位于很深的目录之中，内容包含独特词语庚辛壬癸。\n' >"$long/文件.txt"
run "$POLINDEX" --db longdb "$T_DIR/long"
expect_err "1 added, 0 updated, 0 unchanged, 0 removed, 0 failed" "long path indexed"
run "$POLSEARCH" --db longdb 庚辛壬癸
expect_rc 0 "long path found"
printf '修改后内容包含甲子乙丑。\n' >>"$long/文件.txt"
run "$POLINDEX" --db longdb "$T_DIR/long"
expect_err "0 added, 1 updated, 0 unchanged" "long path updated"
run "$POLSEARCH" --db longdb --json 庚辛壬癸
expect_eq "$(printf '%s\n' "$OUT" | grep -c '"rank"')" 1 "old records replaced, not doubled"
rm "$long/文件.txt"
run "$POLINDEX" --db longdb "$T_DIR/long"
expect_err "0 added, 0 updated, 0 unchanged, 1 removed" "long path removed"
run "$POLSEARCH" --db longdb 庚辛壬癸
expect_rc 1 "its records are gone"

done_testing
