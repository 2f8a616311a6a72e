#!/usr/bin/env bash
# T072: interrupted runs and searches during indexing, over ncp_policies_qa
# of the shared corpus. polindex is killed with SIGKILL at several points of
# a run and re-run; after each kill the index opens and polsearch answers;
# after the last re-run the index holds exactly the documents of a clean run
# (same counts, same result lists). SIGINT stops after committing. A reader
# loop during indexing only ever sees a working index.
. "$TESTLIB"
SRC="$SHARED_CORPUS/ncp_policies_qa"
[ -d "$SRC" ] || { echo "FAIL: $SRC missing (the shared corpus sits beside the checkout)" >&2; exit 1; }
cd "$T_DIR"
cp -r "$SRC" docs
queries=(疫情防控 医疗物资 复工复产 口罩 "交通 运输")

# results Q DB: the paths of every matching document, sorted
results() { "$POLSEARCH" --db "$2" --json --limit 100000 "$1" | python3 -c '
import json, sys
print("\n".join(sorted(json.loads(l)["path"] for l in sys.stdin)))'; }

start=$(date +%s.%N)
run "$POLINDEX" -q --db clean docs
expect_rc 0 "clean run"
t_clean=$(echo "$(date +%s.%N) - $start" | bc)
echo "clean run: ${t_clean}s"
for q in "${queries[@]}"; do results "$q" clean >"clean.$q"; done
n=$(wc -l <"clean.疫情防控")
if [ "$n" -gt 10 ]; then pass; else fail "疫情防控 matches only $n documents of the clean run"; fi

# kill at several fractions of the clean run's time, each time re-running
for frac in 0.15 0.4 0.7; do
    delay=$(echo "$t_clean * $frac" | bc)
    "$POLINDEX" -q --db killed docs >/dev/null 2>&1 &
    pid=$!
    sleep "$delay"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    run "$POLSEARCH" --db killed --count 疫情防控
    # exit 0 (matches) or 1 (none yet); 2 would be a broken index, unless
    # the kill came before the first commit
    if [ "$RC" -le 1 ] || printf '%s' "$ERR" | grep -q "no index here\|no schema"; then pass; else fail "after SIGKILL at ${delay}s: polsearch exit $RC: $ERR"; fi
    echo "SIGKILL after ${delay}s: the index answers (${OUT:-0} documents match 疫情防控)"
done
run "$POLINDEX" -q --db killed docs
expect_rc 0 "re-run after the kills"
for q in "${queries[@]}"; do
    expect_eq "$(results "$q" killed | md5sum)" "$(md5sum <"clean.$q")" "after kills and a re-run: same results for $q"
done
expect_eq "$("$POLSEARCH" --db killed --count 疫情防控)" "$("$POLSEARCH" --db clean --count 疫情防控)" "same count"

# SIGINT: stops, says so, and what was indexed is committed
# (signalled once 300 files, more than one commit's worth, were done)
: >"$T_DIR/intr.err"
"$POLINDEX" -v --db intr docs >/dev/null 2>"$T_DIR/intr.err" &
pid=$!
while kill -0 "$pid" 2>/dev/null && [ "$(grep -c '^added ' "$T_DIR/intr.err")" -lt 300 ]; do sleep 0.05; done
kill -INT "$pid" 2>/dev/null
wait "$pid"
rc=$?
if grep -q "interrupted: committed" "$T_DIR/intr.err"; then
    expect_eq "$rc" 130 "SIGINT: exit status 130"
    n=$(grep -c '^added ' "$T_DIR/intr.err")
    echo "SIGINT after $n files: all of them committed"
    run "$POLINDEX" -v --db intr docs
    expect_rc 0 "re-run after SIGINT"
    expect_eq "$(printf '%s\n' "$ERR" | grep -c '^unchanged ')" "$n" "every file committed before SIGINT is unchanged on the re-run"
else
    # the run ended before the signal arrived
    expect_eq "$rc" 0 "run finished before SIGINT"
fi

# readers during indexing: every search succeeds (old or new state)
"$POLINDEX" -q --db live docs >/dev/null 2>&1 &
pid=$!
searches=0
bad=0
while kill -0 "$pid" 2>/dev/null; do
    "$POLSEARCH" --db live --count 疫情防控 >/dev/null 2>"$T_DIR/live.err"
    rc=$?
    searches=$((searches + 1))
    # 1: no index yet or no match yet; 2 only for "no index here" before the first commit
    if [ "$rc" -gt 1 ] && ! grep -q "no index here\|not a polsearch index" "$T_DIR/live.err"; then
        bad=$((bad + 1))
        cat "$T_DIR/live.err" >&2
    fi
done
wait "$pid"
RC=$?
expect_rc 0 "indexing with readers running"
echo "$searches searches during indexing"
expect_eq "$bad" 0 "no search failed while polindex wrote"
expect_eq "$(results 疫情防控 live | md5sum)" "$(md5sum <"clean.疫情防控")" "the index written under readers is the clean one"

done_testing
