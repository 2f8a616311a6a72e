#!/usr/bin/env bash
# bench/query.sh — query latency over the law corpus: 100 queries
# (bench/queries_law.txt: keywords, keyword pairs, phrases, questions), p50/p95
# in-process (bench/query_bench.c) and per whole polsearch process, next to
# `quest -f default,cjk_ngram` over tuned omindex's index of the same corpus,
# measured in the same run; starting /bin/true is the process baseline.
#
#   bash bench/query.sh [DIR]   DIR holds pol.db and omega.db (e.g. from
#                               KEEP=DIR bash bench/index.sh); without it both
#                               indexes are built first (minutes).
#   BUILD_DIR=build  CORPUS=../shared/corpus/lawrefbook
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build}
corpus=${CORPUS:-../shared/corpus/lawrefbook}
queries=bench/queries_law.txt
cmake --build "$build" --target query_bench >/dev/null
if [ -n "${1:-}" ]; then work=$1; else
    work=$(mktemp -d "${TMPDIR:-/tmp}/polsearch-qbench.XXXXXX"); trap 'rm -rf "$work"' EXIT
fi
if [ ! -d "$work/pol.db" ]; then
    "$build/polindex" --quiet --db "$work/pol.db" "$corpus"
fi
if [ ! -d "$work/omega.db" ]; then
    XAPIAN_FLUSH_THRESHOLD=500 XAPIAN_CJK_NGRAM=1 omindex --db "$work/omega.db" --url / \
        --stemmer=none -Mmd:text/plain "$(cd "$corpus" && pwd)" >/dev/null
fi
echo "$(wc -l <"$queries") queries; load $(cut -d' ' -f1-3 /proc/loadavg)"

read -r p50 p95 matched n open_ms < <("$build/query_bench" "$work/pol.db" 3 <"$queries")

# whole processes: each query run as its own process, timed from Python
wall=$(python3 - "$queries" "$build/polsearch" "$work/pol.db" "$work/omega.db" <<'PY'
import subprocess, sys, time
qfile, polsearch, poldb, omdb = sys.argv[1:5]
qs = [l.rstrip("\n") for l in open(qfile, encoding="utf-8") if l.strip()]
def lat(cmd_for):
    ms = []
    for rnd in range(3):
        for q in qs:
            t = time.perf_counter()
            subprocess.run(cmd_for(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            if rnd:  # round 0 warms the page cache
                ms.append((time.perf_counter() - t) * 1000)
    ms.sort()
    return "%.2f %.2f" % (ms[len(ms) // 2], ms[len(ms) * 95 // 100])
print(lat(lambda q: ["/bin/true"]),
      lat(lambda q: [polsearch, "--db", poldb, "-n", "10", "--color=never", q]),
      lat(lambda q: ["quest", "-d", omdb, "-f", "default,cjk_ngram", "-s", "none", "-m", "10", q]))
PY
)
read -r t50 t95 s50 s95 q50 q95 <<<"$wall"
printf '\n%-34s %9s %9s\n' "" "p50 ms" "p95 ms"
printf '%-34s %9s %9s\n' "polsearch in-process" "$p50" "$p95"
printf '%-34s %9s %9s\n' "polsearch whole process" "$s50" "$s95"
printf '%-34s %9s %9s\n' "quest -f default,cjk_ngram" "$q50" "$q95"
printf '%-34s %9s %9s\n' "/bin/true (process start)" "$t50" "$t95"
echo
echo "polsearch matched $matched of $n queries; opening the index took ${open_ms} ms"
echo "whole process p50 polsearch / quest: $(awk -v a="$s50" -v b="$q50" 'BEGIN{printf "%.2f", a/b}')×   (target ≤ 1)"
echo "in-process p95: $p95 ms   (target ≤ 2 ms)"
