#!/usr/bin/env bash
# bench/index.sh — indexing throughput, memory and index size: polindex against
# Xapian Omega's omindex, tuned (--stemmer=none, -Mmd:text/plain,
# XAPIAN_FLUSH_THRESHOLD=500, XAPIAN_CJK_NGRAM=1), over the same corpus in the
# same run, with ratios. Also: polindex --jobs 1 against the default --jobs,
# and an incremental re-run over the unchanged corpus against the first run.
#
#   bash bench/index.sh [CORPUS_DIR]     (default: ../shared/corpus/lawrefbook)
#   BUILD_DIR=build  SKIP_JOBS1=1 (skip the --jobs 1 run)  KEEP=DIR (keep indexes there)
#
# Needs xapian-omega (omindex) and xapian-tools (xapian-compact), both in
# scripts/setup.sh, and GNU time for
# peak RSS. Long (minutes): not part of ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-../shared/corpus/lawrefbook}
build=${BUILD_DIR:-build}
polindex=$build/polindex
for tool in omindex xapian-compact /usr/bin/time "$polindex"; do
    command -v "$tool" >/dev/null || { echo "bench: $tool is missing (apt-get install xapian-omega xapian-tools time; bash scripts/setup.sh)" >&2; exit 2; }
done
[ -d "$corpus" ] || { echo "bench: no corpus at $corpus" >&2; exit 2; }
corpus=$(cd "$corpus" && pwd)
if [ -n "${KEEP:-}" ]; then work=$KEEP; mkdir -p "$work"; else
    work=$(mktemp -d "${TMPDIR:-/tmp}/polsearch-bench.XXXXXX"); trap 'rm -rf "$work"' EXIT; fi

# Input size: bytes of the files both indexers read (polindex and omindex both
# take .md here; other files are counted too since polindex reads them).
input=$(find "$corpus" -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
files=$(find "$corpus" -type f | wc -l)
cores=$(nproc)
echo "corpus: $corpus — $files files, $(awk -v b="$input" 'BEGIN{printf "%.1f", b/1e6}') MB; $cores cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

# timed NAME CMD... : runs CMD under GNU time; sets T_<NAME> (s), C_<NAME> (CPU s,
# user + system: on a shared machine the wall time swings, the CPU time less)
# and M_<NAME> (MB peak RSS)
timed() {
    local name=$1; shift
    /usr/bin/time -f '%e %M %U %S' -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err" || {
        echo "bench: $name failed:" >&2; tail -5 "$work/$name.err" >&2; exit 1; }
    read -r t m u sy <"$work/$name.time"
    printf -v "T_$name" '%s' "$t"
    printf -v "C_$name" '%s' "$(awk -v u="$u" -v s="$sy" 'BEGIN{printf "%.1f", u+s}')"
    printf -v "M_$name" '%s' "$(awk -v k="$m" 'BEGIN{printf "%.0f", k/1024}')"
}
size_mb() { du -sb "$1" | awk '{printf "%.1f", $1/1e6}'; }
mbps() { awk -v b="$input" -v t="$1" 'BEGIN{printf "%.2f", b/1e6/t}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", a/b}'; }

# 1. omindex, tuned
rm -rf "$work/omega.db" "$work/omega.compact"
XAPIAN_FLUSH_THRESHOLD=500 XAPIAN_CJK_NGRAM=1 timed omega \
    omindex --db "$work/omega.db" --url / --stemmer=none -Mmd:text/plain "$corpus"
xapian-compact "$work/omega.db" "$work/omega.compact" >/dev/null
S_omega=$(size_mb "$work/omega.compact")

# 2. polindex, default --jobs (one per core), then compacted
timed pol "$polindex" --quiet --rebuild --db "$work/pol.db" "$corpus"
timed polcompact "$polindex" --quiet --compact --db "$work/pol.db"
S_pol=$(size_mb "$work/pol.db")

# 3. incremental re-run over the unchanged corpus
timed polrerun "$polindex" --quiet --db "$work/pol.db" "$corpus"

# 4. polindex --jobs 1
if [ "${SKIP_JOBS1:-0}" != 1 ]; then
    timed pol1 "$polindex" --quiet --rebuild --jobs 1 --db "$work/pol1.db" "$corpus"
fi

in_mb=$(awk -v b="$input" 'BEGIN{printf "%.1f", b/1e6}')
printf '\n%-28s %9s %9s %9s %10s %12s\n' "" "seconds" "CPU s" "MB/s" "peak RSS" "compacted"
printf '%-28s %9s %9s %9s %7s MB %9s MB\n' "omindex (tuned)" "$T_omega" "$C_omega" "$(mbps "$T_omega")" "$M_omega" "$S_omega"
printf '%-28s %9s %9s %9s %7s MB %9s MB\n' "polindex (--jobs $cores)" "$T_pol" "$C_pol" "$(mbps "$T_pol")" "$M_pol" "$S_pol"
[ -n "${T_pol1:-}" ] && printf '%-28s %9s %9s %9s %7s MB\n' "polindex --jobs 1" "$T_pol1" "$C_pol1" "$(mbps "$T_pol1")" "$M_pol1"
printf '%-28s %9s %9s %9s %7s MB\n' "polindex re-run (unchanged)" "$T_polrerun" "$C_polrerun" "" "$M_polrerun"
printf '%-28s %9s %9s\n' "polindex --compact" "$T_polcompact" "$C_polcompact"
echo
tp=$(ratio "$T_omega" "$T_pol")
echo "throughput polindex / omindex:      ${tp}×   (target ≥ 2); CPU time omindex / polindex: $(ratio "$C_omega" "$C_pol")×"
echo "peak RSS polindex / omindex:        $(ratio "$M_pol" "$M_omega")×   (target ≤ 2)"
echo "compacted index / input ($in_mb MB): polindex $(ratio "$S_pol" "$in_mb")×, omindex $(ratio "$S_omega" "$in_mb")×   (target polindex ≤ 1.5, stored text included)"
[ -n "${T_pol1:-}" ] && echo "--jobs $cores / --jobs 1 throughput:   $(ratio "$T_pol1" "$T_pol")×   (target ≥ 1.6 with 2 jobs)"
echo "re-run / first run time:            $(awk -v a="$T_polrerun" -v b="$T_pol" 'BEGIN{printf "%.1f%%", 100*a/b}')   (target < 5%)"
