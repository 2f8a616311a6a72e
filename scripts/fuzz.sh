#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan+UBSan) into build-fuzz/ and runs
# each for FUZZ_SECONDS (default 20) from seeds: the test fixtures for the
# readers and the analyzer, fuzz/seeds/query for the query parser. Findings
# are written to build-fuzz/findings/ and fail the run.
#   scripts/fuzz.sh                  every target, 20 s each
#   FUZZ_SECONDS=300 scripts/fuzz.sh fuzz_query   one target, longer
set -euo pipefail
cd "$(dirname "$0")/.."
for p in clang libclang-rt-dev; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ -n "${missing[*]:-}" ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
build=build-fuzz
CC=clang CXX=clang++ cmake -S . -B "$build" -DPOL_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
secs=${FUZZ_SECONDS:-20}
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(fuzz_analyzer fuzz_query fuzz_docdata fuzz_reader_html fuzz_reader_json
                                     fuzz_reader_jsonl fuzz_reader_csv fuzz_reader_txt)
if ! cmake --build "$build" -j"$(nproc)" --target "${targets[@]}" >"$build/build.log" 2>&1; then
    grep -E 'error|Error' "$build/build.log" | head -20 >&2
    echo "fuzz: the fuzz targets do not build (full log: $build/build.log)" >&2
    exit 1
fi
mkdir -p "$build/findings"
fx=tests/fixtures
status=0
for t in "${targets[@]}"; do
    corpus="$build/corpus/$t"
    mkdir -p "$corpus"
    case $t in
    fuzz_query) cp fuzz/seeds/query/* "$corpus/" ;;
    fuzz_docdata) cp fuzz/seeds/docdata/* "$corpus/" ;;
    fuzz_analyzer) cp "$fx"/cli/* "$fx"/docs/*.txt "$corpus/" ;;
    fuzz_reader_txt) cp "$fx"/docs/*.txt "$fx"/cli/*.txt "$corpus/" ;;
    fuzz_reader_*) find "$fx" -name "*.${t#fuzz_reader_}" -exec cp {} "$corpus/" \; ;;
    esac
    echo "fuzz: $t for ${secs}s"
    if ! "$build/fuzz/$t" -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
            -artifact_prefix="$build/findings/$t-" "$corpus" >"$build/$t.log" 2>&1; then
        echo "fuzz: $t FAILED, see $build/$t.log and $build/findings/" >&2
        tail -30 "$build/$t.log" >&2
        status=1
    else
        grep -E '^#[0-9]+.*DONE' "$build/$t.log" | tail -1 || tail -1 "$build/$t.log"
    fi
done
exit $status
