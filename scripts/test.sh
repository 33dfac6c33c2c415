#!/usr/bin/env bash
# test.sh: the whole test suite (the README's test command; .ci/run runs exactly this).
#
#   bootstrap (packages) -> build presets release and asan -> ctest on both
#   -> pytest under python/ when it has tests
#   -> as root: a sweep as a real Slurm job array, merged and compared byte for byte with
#      the unsharded run (scripts/slurm/check_array_sweep.sh; skipped where Slurm cannot
#      start; FTZ_SKIP_SLURM=1 skips it).
#
# Keeps going after a failure so one run reports everything; exits non-zero if any step
# failed. The last line is "test.sh: N passed, N failed" over all test runners.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PRESETS=(release asan)
PYTHON=/usr/bin/python3 # Debian's, which has python3-protobuf and python3-pytest

SECONDS=0
passed=0
failed=0
problems=()
details=()

scripts/bootstrap.sh || { echo "test.sh: bootstrap (package install) failed"; exit 1; }

for preset in "${PRESETS[@]}"; do
  if ! scripts/bootstrap.sh "$preset"; then
    problems+=("build:$preset")
    continue
  fi
  log=build/$preset/ctest.log
  echo "test.sh: ctest --preset $preset"
  ctest --preset "$preset" --output-on-failure 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  # "100% tests passed, 0 tests failed out of 12"
  if line=$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1); then
    nfail=$(sed -E 's/.* ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$line")
    ntotal=$(sed -E 's/.* failed out of ([0-9]+).*/\1/' <<<"$line")
    passed=$((passed + ntotal - nfail))
    failed=$((failed + nfail))
    details+=("ctest $preset $((ntotal - nfail))/$ntotal")
  else
    details+=("ctest $preset: no tests")
  fi
  ((rc == 0)) || problems+=("ctest:$preset")
done

if [[ -d python && -n $(find python \( -name 'test_*.py' -o -name '*_test.py' \) -print -quit) ]]; then
  log=build/pytest.log
  mkdir -p build
  echo "test.sh: $PYTHON -m pytest python"
  FTZ_BUILD_DIR=$PWD/build/release "$PYTHON" -m pytest -q -p no:cacheprovider python 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  last=$(tail -n 1 "$log")
  np=$(grep -oE '[0-9]+ passed' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  nf=$(grep -oE '[0-9]+ failed' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  ne=$(grep -oE '[0-9]+ errors?' <<<"$last" | grep -oE '[0-9]+' || echo 0)
  passed=$((passed + np))
  failed=$((failed + nf + ne))
  details+=("pytest $np passed, $((nf + ne)) failed/errors")
  # exit 5 = no tests collected: not a failure
  ((rc == 0 || rc == 5)) || problems+=("pytest")
fi

# A sweep as a Slurm job array on a local single-node Slurm it starts (and stops) on its
# own port and directory, so a developer's running Slurm is neither used nor disturbed.
# Bounded: the check cancels the array after FTZ_SLURM_TIMEOUT, and `timeout` ends the
# whole step after 15 minutes.
if ((EUID == 0)) && [[ ${FTZ_SKIP_SLURM:-0} != 1 && -x build/release/apps/ftz ]]; then
  log=build/slurm-check.log
  echo "test.sh: scripts/slurm/check_array_sweep.sh"
  FTZ_SLURM_DIR=/var/tmp/ftz-slurm-test FTZ_SLURM_PORT=16817 FTZ_SLURM_STOP=1 \
    FTZ_SLURM_TIMEOUT=600 FTZ_SLURM_WORK=build/slurm-check \
    timeout -k 10 900 scripts/slurm/check_array_sweep.sh 2>&1 | tee "$log"
  rc=${PIPESTATUS[0]}
  case $rc in
    0) passed=$((passed + 1)); details+=("slurm array sweep: pass") ;;
    2) details+=("slurm array sweep: skipped, Slurm could not start") ;;
    *) failed=$((failed + 1)); problems+=("slurm"); details+=("slurm array sweep: FAILED ($rc)") ;;
  esac
fi

join() { local IFS=$1; shift; echo "$*"; }
if ((${#problems[@]})); then
  echo "test.sh: FAILED after ${SECONDS}s: $(join ' ' "${problems[@]}") ($(join ';' "${details[@]}"))"
else
  echo "test.sh: OK after ${SECONDS}s ($(join ';' "${details[@]}"))"
fi
echo "test.sh: $passed passed, $failed failed"
((${#problems[@]} == 0))
