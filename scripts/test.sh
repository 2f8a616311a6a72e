#!/usr/bin/env bash
# Sets up, builds and runs every test CI runs (extra arguments go to ctest):
#   1. the release build's ctest (build/)
#   2. the ASan+UBSan build's ctest (build-asan/)
#   3. the CLI golden tests with polindex and polsearch under valgrind memcheck
#   4. the libFuzzer targets, FUZZ_SECONDS (default 10) each (scripts/fuzz.sh)
# POL_SANITIZE=1 runs step 2 only; POL_TEST_STEPS="release asan valgrind fuzz"
# picks steps.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${POL_TEST_STEPS:-release asan valgrind fuzz}
[ "${POL_SANITIZE:-0}" = 1 ] && steps=asan
has() { case " $steps " in *" $1 "*) return 0 ;; esac; return 1; }
step() { echo "== test: $1 ($(date -u +%T))"; }

if has release || has valgrind; then
    BUILD_DIR=${BUILD_DIR:-build} POL_SANITIZE=0 scripts/setup.sh
fi
if has release; then
    step "release build: ctest"
    (cd "${BUILD_DIR:-build}" && ctest --output-on-failure -j2 "$@")
fi
if has asan; then
    step "ASan+UBSan build: ctest"
    BUILD_DIR=build-asan POL_SANITIZE=1 scripts/setup.sh
    (cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j2 -LE big "$@")
fi
if has valgrind; then
    step "CLI golden tests under valgrind memcheck"
    if ! command -v valgrind >/dev/null; then
        sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends valgrind >/dev/null
    fi
    b=$(cd "${BUILD_DIR:-build}" && pwd)
    vg="$b/valgrind"
    mkdir -p "$vg"
    for tool in polindex polsearch; do
        # memcheck errors and definite leaks exit 99, which the tests see as a wrong status
        printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --log-file=%s/%s.%%p.log %s/%s "$@"\n' \
            "$vg" "$tool" "$b" "$tool" >"$vg/$tool"
        chmod +x "$vg/$tool"
    done
    rm -f "$vg"/*.log
    POLINDEX="$vg/polindex" POLSEARCH="$vg/polsearch" FIXTURES="$PWD/tests/fixtures" \
        TESTLIB="$PWD/tests/cli/lib.sh" SHARED_CORPUS="$PWD/../shared/corpus" \
        bash tests/cli/T010-index-search.sh
    if grep -l . "$vg"/*.log 2>/dev/null; then
        cat "$vg"/*.log >&2
        echo "test: valgrind found errors (logs above)" >&2
        exit 1
    fi
fi
if has fuzz; then
    step "libFuzzer targets, ${FUZZ_SECONDS:-10} s each"
    FUZZ_SECONDS=${FUZZ_SECONDS:-10} scripts/fuzz.sh
fi
step "done"
