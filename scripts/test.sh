#!/usr/bin/env bash
# test.sh: the whole test suite (the README's test command; .ci/run runs exactly this).
#
#   bootstrap (packages) -> build presets ci (release, warnings as errors) and asan
#   -> ctest on both -> pytest under python/ when it has tests (the client's tests, and
#      ftz.sim's in process against build/ci's extension, which must import)
#   -> a short run of each libFuzzer target (scripts/fuzz.sh)
#   -> every shell block of the README and docs, as written, against the ci build
#      (scripts/doc_test.py; long runs shortened by its directives)
#   -> as root: a sweep as a real Slurm job array, merged and compared byte for byte with
#      the unsharded run (scripts/slurm/check_array_sweep.sh; skipped where Slurm cannot
#      start; FTZ_SKIP_SLURM=1 skips it).
#
# Counts come from each runner's JUnit report (scripts/junit_summary.py), not from its
# console output. Keeps going after a failure so one run reports everything; exits
# non-zero if any step failed. The last line is "test.sh: N passed, N failed" over all
# test runners.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PRESETS=(ci asan)
PYTHON=/usr/bin/python3 # Debian's, which has python3-protobuf and python3-pytest

SECONDS=0
passed=0
failed=0
problems=()
details=()

# Adds a runner's JUnit report (`junit`) to the totals as `name`; returns non-zero when
# there is no report or it holds no test.
count_report() {
  local name=$1 junit=$2 counts np nf ns
  if ! counts=$("$PYTHON" scripts/junit_summary.py "$junit"); then
    details+=("$name: no report")
    return 1
  fi
  read -r np nf ns <<<"$counts"
  passed=$((passed + np))
  failed=$((failed + nf))
  details+=("$name $np passed, $nf failed, $ns not run")
  ((np + nf > 0))
}

scripts/bootstrap.sh || { echo "test.sh: bootstrap (package install) failed"; exit 1; }

for preset in "${PRESETS[@]}"; do
  if ! scripts/bootstrap.sh "$preset"; then
    problems+=("build:$preset")
    continue
  fi
  junit=$PWD/build/$preset/ctest-junit.xml
  rm -f "$junit"
  echo "test.sh: ctest --preset $preset"
  ctest --preset "$preset" --output-on-failure --output-junit "$junit"
  rc=$?
  count_report "ctest $preset" "$junit" || problems+=("ctest:$preset:no-tests")
  ((rc == 0)) || problems+=("ctest:$preset")
done

if [[ -d python && -n $(find python \( -name 'test_*.py' -o -name '*_test.py' \) -print -quit) ]]; then
  junit=$PWD/build/pytest-junit.xml
  mkdir -p build
  rm -f "$junit"
  echo "test.sh: $PYTHON -m pytest python"
  # The in-process tests (test_sim_*.py) use the ci build's extension, and must not skip.
  FTZ_BUILD_DIR=$PWD/build/${PRESETS[0]} FTZ_REQUIRE_NATIVE=1 "$PYTHON" -m pytest -q -p no:cacheprovider \
    --junitxml="$junit" python
  rc=$?
  # python/ has test files, so none collected (exit 5) is a failure too.
  count_report "pytest" "$junit" || problems+=("pytest:no-tests")
  ((rc == 0)) || problems+=("pytest")
fi

# The docs' commands as written (build/release in them stands for the ci build here).
# Bounded: each block has its own time limit, and `timeout` ends the step after 8 minutes.
if [[ -x build/${PRESETS[0]}/apps/ftz ]]; then
  junit=$PWD/build/doctest-junit.xml
  rm -f "$junit"
  echo "test.sh: scripts/doc_test.py (build/release = build/${PRESETS[0]})"
  FTZ_DOCTEST_BUILD=build/${PRESETS[0]} timeout -k 10 480 "$PYTHON" scripts/doc_test.py \
    --junit "$junit"
  rc=$?
  count_report "doc_test" "$junit" || problems+=("doc_test:no-tests")
  ((rc == 0)) || problems+=("doc_test")
fi

# A sweep as a Slurm job array on a local single-node Slurm it starts (and stops) in a
# directory of this checkout's own, on port 16817 or, when that is taken, free ports, so
# a developer's running Slurm (or another checkout's test) is neither used nor disturbed.
# Bounded: the check cancels the array after FTZ_SLURM_TIMEOUT, and `timeout` ends the
# whole step after 15 minutes.
if ((EUID == 0)) && [[ ${FTZ_SKIP_SLURM:-0} != 1 && -x build/${PRESETS[0]}/apps/ftz ]]; then
  log=build/slurm-check.log
  echo "test.sh: scripts/slurm/check_array_sweep.sh"
  slurm_dir=/var/tmp/ftz-slurm-test-$(printf %s "$PWD" | md5sum | cut -c1-8)
  FTZ_SLURM_DIR=$slurm_dir FTZ_SLURM_PORT=16817 FTZ_SLURM_STOP=1 \
    FTZ_SLURM_TIMEOUT=600 FTZ_SLURM_WORK=build/slurm-check FTZ_BIN=build/${PRESETS[0]}/apps/ftz \
    timeout -k 10 900 scripts/slurm/check_array_sweep.sh 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  case $rc in
    0) passed=$((passed + 1)); details+=("slurm array sweep: pass") ;;
    2) details+=("slurm array sweep: skipped, Slurm could not start") ;;
    *) failed=$((failed + 1)); problems+=("slurm"); details+=("slurm array sweep: FAILED ($rc)") ;;
  esac
fi

# The libFuzzer targets (fuzz/), a short run each (FTZ_FUZZ_SECONDS, default 20) under
# ASan and UBSan: one pass or failure per target. FTZ_SKIP_FUZZ=1 skips them.
if [[ ${FTZ_SKIP_FUZZ:-0} != 1 ]]; then
  echo "test.sh: scripts/fuzz.sh ${FTZ_FUZZ_SECONDS:-20}"
  while read -r line; do
    echo "$line"
    case $line in
      "fuzz "*": ok,"*) passed=$((passed + 1)); details+=("${line%%,*}") ;;
      "fuzz "*": FAILED"*) failed=$((failed + 1)); problems+=("${line%%:*}"); details+=("${line%%(*}") ;;
      "fuzz.sh: "*"failed"*) problems+=("fuzz:build") ;;
    esac
  done < <(scripts/fuzz.sh "${FTZ_FUZZ_SECONDS:-20}" 2>&1)
fi

join() { local IFS=$1; shift; echo "$*"; }
if ((${#problems[@]})); then
  echo "test.sh: FAILED after ${SECONDS}s: $(join ' ' "${problems[@]}") ($(join ';' "${details[@]}"))"
else
  echo "test.sh: OK after ${SECONDS}s ($(join ';' "${details[@]}"))"
fi
echo "test.sh: $passed passed, $failed failed"
((${#problems[@]} == 0))
