#!/usr/bin/env bash
# bootstrap.sh [PRESET...]
#
# 1. Installs the Debian 12 packages in FTZ_PACKAGES that are missing (dpkg-query first;
#    apt-get update/install only when something is missing). Needs root, or sudo if present.
# 2. Configures and builds each PRESET of CMakePresets.json (release, debug, asan, tsan).
#
# Quiet by design: when nothing is missing it prints only one summary line per preset.
# Full configure/build output goes to build/<preset>/bootstrap.log; on failure the
# relevant part of it is printed and the script exits non-zero.
#
# Environment: FTZ_JOBS (default 2) build parallelism.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Every Debian package the project needs: the single list. Extend it here.
FTZ_PACKAGES=(
  ca-certificates
  build-essential g++ cmake ninja-build ccache git pkg-config
  libboost-dev libprotobuf-dev protobuf-compiler libabsl-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  python3 python3-protobuf python3-pytest python3-venv
  python3-dev python3-numpy pybind11-dev
  clang-format
)

JOBS=${FTZ_JOBS:-2}

die() { echo "bootstrap: $*" >&2; exit 1; }

missing_packages() {
  local -A ok=()
  local pkg status
  while read -r pkg status; do
    [[ $status == ii* ]] && ok[$pkg]=1
  done < <(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "${FTZ_PACKAGES[@]}" 2>/dev/null || true)
  for pkg in "${FTZ_PACKAGES[@]}"; do
    [[ -n ${ok[$pkg]:-} ]] || echo "$pkg"
  done
}

install_missing() {
  local -a missing
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]})) || return 0

  local -a sudo=()
  if ((EUID != 0)); then
    command -v sudo >/dev/null || die "not root and no sudo; install as root: apt-get install ${missing[*]}"
    sudo=(sudo)
  fi
  echo "bootstrap: installing ${#missing[@]} Debian package(s): ${missing[*]}"
  local log
  log=$(mktemp -t ftz-apt.XXXXXX)
  local -a apt=("${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600)
  if ! { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    die "apt-get failed (full log: $log)"
  fi
  rm -f "$log"
  mapfile -t missing < <(missing_packages)
  ((${#missing[@]} == 0)) || die "still missing after apt-get install: ${missing[*]}"
}

# A build folder copied or moved from another checkout keeps a CMake cache that names the
# other paths, which CMake refuses; forget that cache (the objects stay for ccache and
# ninja) so the preset configures here.
forget_foreign_cache() {
  local dir=$1 cache=$1/CMakeCache.txt
  [[ -f $cache ]] || return 0
  local home cachedir
  home=$(sed -n 's/^CMAKE_HOME_DIRECTORY:INTERNAL=//p' "$cache")
  cachedir=$(sed -n 's/^CMAKE_CACHEFILE_DIR:INTERNAL=//p' "$cache")
  if [[ $home != "$PWD" || $cachedir != "$PWD/$dir" ]]; then
    echo "bootstrap: $dir was configured for ${home:-another checkout}; configuring it again here"
    rm -rf "$cache" "$dir/CMakeFiles"
  fi
}

build_preset() {
  local preset=$1 dir=build/$1
  local log=$dir/bootstrap.log
  mkdir -p "$dir"
  forget_foreign_cache "$dir"
  SECONDS=0
  if ! { cmake --preset "$preset" && cmake --build --preset "$preset" -j "$JOBS"; } >"$log" 2>&1; then
    echo "bootstrap: preset '$preset' FAILED to configure or build (full log: $log):" >&2
    if grep -q '^FAILED:' "$log"; then
      sed -n '/^FAILED:/,$p' "$log" | head -n 200 >&2
    else
      tail -n 60 "$log" >&2
    fi
    return 1
  fi
  # Editors and clang tools look for compile_commands.json at the root.
  [[ -e compile_commands.json || -L compile_commands.json ]] ||
    ln -s "$dir/compile_commands.json" compile_commands.json 2>/dev/null || true
  local warnings
  warnings=$(grep -c 'warning:' "$log" || true)
  echo "bootstrap: preset '$preset' built in ${SECONDS}s -> $dir (${warnings} compiler warning lines; log: $log)"
}

install_missing

# ccache (found by CMakeLists.txt) keeps its cache in ~/.cache/ccache, which outlives a
# clone; hash paths relative to the checkout, and not the build directory (Debug -g),
# so a fresh clone elsewhere (CI) still hits what a developer's build cached.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}
export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}

# scripts/doc_test.py runs the docs' commands in a scratch directory whose build/ links
# to the checkout's build folders: configuring from there would point a real build at the
# scratch directory. A doc block that builds needs a replace or skip directive.
if [[ -n ${FTZ_DOCTEST:-} ]] && (($#)); then
  die "not configuring or building $* under scripts/doc_test.py (FTZ_DOCTEST is set): the docs run against an existing build"
fi

for preset in "$@"; do
  build_preset "$preset"
done
