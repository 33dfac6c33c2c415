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
  if counts=$("$PYTHON" scripts/junit_summary.py "$junit"); then
    read -r np nf ns <<<"$counts"
    passed=$((passed + np))
    failed=$((failed + nf))
    details+=("ctest $preset $np passed, $nf failed, $ns not run")
    ((np + nf > 0)) || problems+=("ctest:$preset:no-tests")
  else
    details+=("ctest $preset: no report")
    problems+=("ctest:$preset:no-report")
  fi
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
  if counts=$("$PYTHON" scripts/junit_summary.py "$junit"); then
    read -r np nf ns <<<"$counts"
    passed=$((passed + np))
    failed=$((failed + nf))
    details+=("pytest $np passed, $nf failed/errors, $ns skipped")
  else
    details+=("pytest: no report")
    problems+=("pytest:no-report")
  fi
  # exit 5 = no tests collected: not a failure
  ((rc == 0 || rc == 5)) || problems+=("pytest")
fi

join() { local IFS=$1; shift; echo "$*"; }
if ((${#problems[@]})); then
  echo "test.sh: FAILED after ${SECONDS}s: $(join ' ' "${problems[@]}") ($(join ';' "${details[@]}"))"
else
  echo "test.sh: OK after ${SECONDS}s ($(join ';' "${details[@]}"))"
fi
echo "test.sh: $passed passed, $failed failed"
((${#problems[@]} == 0))
