#!/usr/bin/env bash
# Installs what the build needs from Debian (only what is missing), then
# configures and builds polsearch into build/ (or $BUILD_DIR).
#   scripts/setup.sh            release build
#   POL_SANITIZE=1 scripts/setup.sh   ASan+UBSan build (into build-asan/)
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(gcc g++ make cmake pkg-config libxapian-dev libicu-dev zlib1g-dev libdeflate-dev libxml2-dev
          libjansson-dev libcsv-dev xapian-tools python3-xapian xapian-omega
          time util-linux)  # time: peak memory in tests; util-linux: setpriv
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

build=${BUILD_DIR:-build}
args=()
if [ "${POL_SANITIZE:-0}" = 1 ]; then
    build=${BUILD_DIR:-build-asan}
    args+=(-DPOL_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug)
fi
cmake -S . -B "$build" "${args[@]}" >/dev/null
# progress lines hidden; a failed build fails here even when older binaries exist
build_rc=0
cmake --build "$build" -j"$(nproc)" >"$build/build.log" 2>&1 || build_rc=$?
grep -Ev '^\[ *[0-9]+%\]|^-- ' "$build/build.log" || true
[ "$build_rc" -eq 0 ] || { echo "setup: build failed" >&2; exit 1; }
echo "setup: built $build/polindex and $build/polsearch" >&2
