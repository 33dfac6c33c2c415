#!/usr/bin/env bash
# run.sh [ARGS...]: the README's main command. Bootstraps, builds the release preset and
# runs the main job; ARGS are passed on to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The main job, relative to the repo root. Change this one line to change what run.sh runs.
MAIN_JOB=(build/release/apps/ftz-replay)

scripts/bootstrap.sh release
if [[ ! -x ${MAIN_JOB[0]} ]]; then
  echo "run.sh: the main job ${MAIN_JOB[0]} was not built (does apps/CMakeLists.txt define it yet?)" >&2
  exit 1
fi
echo "run.sh: ${MAIN_JOB[*]} $*"
exec "${MAIN_JOB[@]}" "$@"
