#!/usr/bin/env bash
# test.sh: the whole test suite (the README's test command; .ci/run runs exactly this).
#
#   bootstrap (packages) -> build presets ci (release, warnings as errors) and asan
#   -> ctest on both -> pytest under python/ when it has tests.
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
  FTZ_BUILD_DIR=$PWD/build/${PRESETS[0]} "$PYTHON" -m pytest -q -p no:cacheprovider \
    --junitxml="$junit" python
  rc=$?
  # python/ has test files, so none collected (exit 5) is a failure too.
  count_report "pytest" "$junit" || problems+=("pytest:no-tests")
  ((rc == 0)) || problems+=("pytest")
fi

join() { local IFS=$1; shift; echo "$*"; }
if ((${#problems[@]})); then
  echo "test.sh: FAILED after ${SECONDS}s: $(join ' ' "${problems[@]}") ($(join ';' "${details[@]}"))"
else
  echo "test.sh: OK after ${SECONDS}s ($(join ';' "${details[@]}"))"
fi
echo "test.sh: $passed passed, $failed failed"
((${#problems[@]} == 0))
