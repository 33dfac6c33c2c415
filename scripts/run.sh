#!/usr/bin/env bash
# run.sh [ARGS...]: the README's main command. Bootstraps, builds the release preset and
# runs the main job; ARGS are passed on to it.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The main job: the embedded default scenario end to end. First a real gateway on a
# loopback port with the scenario's agents trading over TCP for two simulated days
# (checked trade by trade against the in-process run), then the paired run (the policy
# and its no-floor baseline, one simulated year each) in-process: the summary table on
# the terminal, CSV files and a self-contained HTML report under out/default. ARGS go
# to `ftz sim` (e.g. a scenario file, --seed N, --out DIR).
FTZ=build/release/apps/ftz

scripts/bootstrap.sh release
if [[ ! -x $FTZ ]]; then
  echo "run.sh: $FTZ was not built" >&2
  exit 1
fi
echo "run.sh: $FTZ agents --periods 2"
"$FTZ" agents --periods 2
echo
echo "run.sh: $FTZ sim --out out/default $*"
exec "$FTZ" sim --out out/default "$@"
