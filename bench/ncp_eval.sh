#!/usr/bin/env bash
# Ranking report over the ncp_policies_qa development set: polsearch (with
# its defaults, or the ranking settings given as arguments, e.g. --rank k1=1.0)
# and the Xapian CJK n-gram baseline, measured in the same run.
#   bench/ncp_eval.sh [RANKEVAL OPTIONS...]
# Needs a build (scripts/setup.sh) and python3-xapian for the baseline
# (skipped with a note when missing). BUILD_DIR picks the build (default build).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD_DIR:-$root/build}
ncp=${NCP:-$root/../shared/corpus/ncp_policies_qa}
work=$(mktemp -d "${TMPDIR:-/tmp}/ncp-eval.XXXXXX")
trap 'rm -rf "$work"' EXIT

"$build/polindex" --db "$work/db" "$ncp/docs" 2>/dev/null
"$build/bench/rankeval" --ncp "$ncp" --write-topics "$work/topics" >/dev/null
runs=()
py=""
for p in python3 /usr/bin/python3; do
    if "$p" -c 'import xapian' 2>/dev/null; then py=$p; break; fi
done
if [ -n "$py" ]; then
    mkdir "$work/xapian"
    "$py" "$root/bench/xapian_ngram_baseline.py" "$ncp/docs" "$work/topics/queries.tsv" \
        "$work/xapian.run" "$work/xapian" 2>/dev/null
    runs+=(--run "xapian-ngram=$work/xapian.run")
else
    echo "ncp_eval: python3-xapian missing: no Xapian baseline (apt-get install python3-xapian)" >&2
fi
"$build/bench/rankeval" --db "$work/db" --ncp "$ncp" "${runs[@]}" "$@"
