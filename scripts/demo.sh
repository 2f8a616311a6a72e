#!/usr/bin/env bash
# Sets up, builds, indexes the default corpus (corpus/README.md) and runs
# example searches.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
corpus/fetch.sh
export POLSEARCH_DB=${POLSEARCH_DB:-demo.db}
build/polindex corpus/default
run() { echo; echo "\$ polsearch $*"; build/polsearch --limit 3 "$@" || true; }
run 电商扶贫
run 对口支援 藏区
run --sections 政府网站集约化
run '政府网站集约化试点有哪些保障措施？'
