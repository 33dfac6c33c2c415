#!/usr/bin/env bash
# fuzz.sh [SECONDS] [TARGET...]: builds the fuzz preset (clang, libFuzzer, ASan+UBSan) and
# runs each libFuzzer target of fuzz/ for SECONDS (default 25) from its seed corpus
# fuzz/corpus/<target>/ (new inputs go to build/fuzz/corpus/<target>/, not the repo).
# Prints one line per target: runs, execs/s, coverage (cov) and features (ft). Exits
# non-zero when a build fails or a target finds a crash (its reproducer is in
# build/fuzz/artifacts/).
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SECONDS_PER=${1:-25}
shift || true
TARGETS=("$@")
((${#TARGETS[@]})) || TARGETS=(frame order_entry engine)

# clang-14, libFuzzer, and the sanitizers' runtime and headers (libclang-rt-14-dev: only a
# recommendation of clang-14, so a --no-install-recommends machine lacks it).
have() { compgen -G "$1" >/dev/null; }
if ! command -v clang++-14 >/dev/null ||
  ! have '/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a' ||
  ! have '/usr/lib/llvm-14/lib/clang/*/include/sanitizer/asan_interface.h'; then
  echo "fuzz.sh: installing clang-14, libfuzzer-14-dev and libclang-rt-14-dev"
  env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=600 install -y \
    --no-install-recommends clang-14 libfuzzer-14-dev libclang-rt-14-dev >/dev/null ||
    { echo "fuzz.sh: apt-get failed"; exit 1; }
fi
log=build/fuzz-build.log
mkdir -p build
{ cmake --preset fuzz && cmake --build --preset fuzz --target "${TARGETS[@]/#/fuzz_}"; } >"$log" 2>&1 || {
  tail -n 40 "$log"
  echo "fuzz.sh: build failed (full log: $log)"
  exit 1
}
rc=0
for t in "${TARGETS[@]}"; do
  work=build/fuzz/corpus/$t
  mkdir -p "$work" build/fuzz/artifacts
  out=build/fuzz/$t.log
  build/fuzz/fuzz/fuzz_$t -max_total_time="$SECONDS_PER" -print_final_stats=1 \
    -artifact_prefix=build/fuzz/artifacts/$t- "$work" "fuzz/corpus/$t" >"$out" 2>&1
  st=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$out" | grep -o '[0-9]*$')
  speed=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$out" | grep -o '[0-9]*$')
  last=$(grep -E '^#[0-9]+' "$out" | tail -n 1)
  cov=$(grep -o 'cov: [0-9]*' <<<"$last")
  ft=$(grep -o 'ft: [0-9]*' <<<"$last")
  if ((st == 0)); then
    echo "fuzz $t: ok, ${SECONDS_PER} s, ${runs:-?} runs, ${speed:-?} execs/s, ${cov:-cov: ?}, ${ft:-ft: ?}"
  else
    echo "fuzz $t: FAILED (exit $st): see $out and build/fuzz/artifacts/"
    grep -E 'ERROR|SUMMARY|==[0-9]+==' "$out" | head -n 5
    rc=1
  fi
done
exit $rc
