#!/usr/bin/env bash
# Sets up, builds and runs every test (ctest). Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
build=${BUILD_DIR:-build}
[ "${POL_SANITIZE:-0}" = 1 ] && build=${BUILD_DIR:-build-asan}
cd "$build"
ctest --output-on-failure -j2 "$@"
