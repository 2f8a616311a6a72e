#!/usr/bin/env bash
# bench/query.sh — query latency over the law corpus: 100 queries
# (bench/queries_law.txt: keywords, keyword pairs, phrases, questions), p50/p95
# in-process (bench/query_bench.c) and per whole polsearch process, next to
# `quest -f default,cjk_ngram` over tuned omindex's index of the same corpus,
# measured in the same run; starting /bin/true is the process baseline. Wall
# times, and CPU times (less disturbed by the other jobs of a shared machine).
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

read -r p50 p95 matched n open_ms pc50 pc95 < <("$build/query_bench" "$work/pol.db" 3 <"$queries")
# the same without grouping near copies (--duplicates show)
read -r sp50 sp95 _ _ _ spc50 spc95 < <("$build/query_bench" "$work/pol.db" 3 show <"$queries")

# whole processes: each query run as its own process, timed from Python (wall
# time, and the CPU time the process used, which the other jobs of a shared
# machine disturb less); the three commands take turns on each query, so
# that those jobs weigh on all three alike
wall=$(python3 - "$queries" "$build/polsearch" "$work/pol.db" "$work/omega.db" <<'PY'
import os, subprocess, sys, time
qfile, polsearch, poldb, omdb = sys.argv[1:5]
qs = [l.rstrip("\n") for l in open(qfile, encoding="utf-8") if l.strip()]
cmds = [lambda q: ["/bin/true"],
        lambda q: [polsearch, "--db", poldb, "-n", "10", "--color=never", q],
        lambda q: ["quest", "-d", omdb, "-f", "default,cjk_ngram", "-s", "none", "-m", "10", q]]
wall, cpu = [[] for _ in cmds], [[] for _ in cmds]
for rnd in range(3):
    for q in qs:
        for k, cmd_for in enumerate(cmds):
            t = time.perf_counter()
            p = subprocess.Popen(cmd_for(q), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, _, ru = os.wait4(p.pid, 0)
            p.returncode = 0
            if rnd:  # round 0 warms the page cache
                wall[k].append((time.perf_counter() - t) * 1000)
                cpu[k].append((ru.ru_utime + ru.ru_stime) * 1000)
out = []
for v in wall + cpu:
    v.sort()
    out.append("%.2f %.2f" % (v[len(v) // 2], v[len(v) * 95 // 100]))
print(*out)
PY
)
read -r t50 t95 s50 s95 q50 q95 tc50 tc95 sc50 sc95 qc50 qc95 <<<"$wall"
printf '\n%-34s %9s %9s %12s %12s\n' "" "p50 ms" "p95 ms" "CPU p50 ms" "CPU p95 ms"
printf '%-34s %9s %9s %12s %12s\n' "polsearch in-process" "$p50" "$p95" "$pc50" "$pc95"
printf '%-34s %9s %9s %12s %12s\n' "  the same, --duplicates show" "$sp50" "$sp95" "$spc50" "$spc95"
printf '%-34s %9s %9s %12s %12s\n' "polsearch whole process" "$s50" "$s95" "$sc50" "$sc95"
printf '%-34s %9s %9s %12s %12s\n' "quest -f default,cjk_ngram" "$q50" "$q95" "$qc50" "$qc95"
printf '%-34s %9s %9s %12s %12s\n' "/bin/true (process start)" "$t50" "$t95" "$tc50" "$tc95"
echo
echo "polsearch matched $matched of $n queries; opening the index took ${open_ms} ms"
echo "whole process p50 polsearch / quest: $(awk -v a="$s50" -v b="$q50" 'BEGIN{printf "%.2f", a/b}')× wall, $(awk -v a="$sc50" -v b="$qc50" 'BEGIN{printf "%.2f", a/b}')× CPU   (target ≤ 1)"
echo "in-process p95: $p95 ms   (target ≤ 2 ms)"
echo "in-process p50 grouped / --duplicates show: $(awk -v a="$p50" -v b="$sp50" 'BEGIN{printf "%.2f", a/b}')× wall, $(awk -v a="$pc50" -v b="$spc50" 'BEGIN{printf "%.2f", a/b}')× CPU"
