#!/usr/bin/env bash
# dedup.sh — what near-duplicate detection costs at index time, and what it
# finds. Indexes each corpus folder afresh with polindex -v, which reports the
# time spent on signatures and groups (dedup.c, timed inside the indexer);
# prints that time against the whole run's wall-clock and CPU time measured
# in the same run (one thread: -j 1, so the stage is timed where it runs).
# For lawrefbook/DLC it also counts the regulations held
# twice (X.md beside X(YYYY-MM-DD).md) that end up in one group.
#   bench/dedup.sh [BUILD_DIR] [FOLDER...]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
shift || true
corpus=../shared/corpus
folders=("$@")
[ ${#folders[@]} -gt 0 ] || folders=("$corpus/ncp_policies_qa/docs" "$corpus/lawrefbook/DLC")
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dedup-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

printf '%-40s %8s %9s %9s %9s %8s %8s\n' folder MB wall_s cpu_s dedup_s "/wall" "/cpu"
for f in "${folders[@]}"; do
    db="$tmp/db"
    rm -rf "$db"
    TIMEFORMAT='%R %U %S'
    t=$( { time "$build/polindex" -v -j 1 --db "$db" "$f" 2>"$tmp/log" >/dev/null; } 2>&1 )
    read -r wall user sys <<<"$t"
    dedup=$(sed -n 's/^near-duplicate signatures and groups: \([0-9.]*\) s$/\1/p' "$tmp/log")
    mb=$(du -sm --apparent-size "$f" | cut -f1)
    awk -v f="$(basename "$(dirname "$f")")/$(basename "$f")" -v mb="$mb" -v w="$wall" -v u="$user" \
        -v s="$sys" -v d="$dedup" 'BEGIN { printf "%-40s %8s %9.1f %9.1f %9.2f %7.1f%% %7.1f%%\n",
        f, mb, w, u + s, d, 100 * d / w, 100 * d / (u + s) }'
    "$build/polindex" --db "$db" --duplicates >"$tmp/groups"
    head -1 "$tmp/groups" | sed 's/^/    /'
    if [ "$(basename "$f")" = DLC ]; then
        # X(YYYY-MM-DD).md beside X.md: same regulation, another version
        total=0 grouped=0
        while IFS= read -r v; do
            base="${v%(*}.md"
            [ -f "$base" ] || continue
            total=$((total + 1))
            gv=$(awk -v k="$v" '/^group /{g=$2} index($0, "  " k "  ") {print g}' "$tmp/groups")
            gb=$(awk -v k="$base" '/^group /{g=$2} index($0, "  " k "  ") {print g}' "$tmp/groups")
            [ -n "$gv" ] && [ "$gv" = "$gb" ] && grouped=$((grouped + 1))
        done < <(find "$(realpath "$f")" -name '*([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]).md' | sort)
        echo "    versions beside an undated copy (X.md, X(date).md): $total; grouped together: $grouped"
    fi
done
