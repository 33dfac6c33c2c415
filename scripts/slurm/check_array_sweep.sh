#!/usr/bin/env bash
# check_array_sweep.sh: runs a sweep as a real Slurm job array, merges the shards and
# checks that the result is byte-identical to the same sweep run unsharded.
#
#   1. starts the local single-node Slurm if it is not up (start_local_slurm.sh; root);
#   2. submits scripts/slurm/sweep_array.sbatch as an array of FTZ_SLURM_SHARDS tasks
#      with `sbatch --wait` (bounded by FTZ_SLURM_TIMEOUT seconds; cancelled after);
#   3. `ftz sweep merge` of the shard files;
#   4. the same sweep unsharded, then `cmp` of sweep.csv, sweep_summary.csv, sweep.html.
#
# Prints a verdict line "check_array_sweep: PASS ..." or "... FAIL ..."; exits 0 on PASS,
# 1 on FAIL, 2 when Slurm could not be started here (not root, no packages, daemons that
# do not come up: "SKIP"). Needs the release build (build/release/apps/ftz, or FTZ_BIN).
#
# Environment: FTZ_BIN, FTZ_SLURM_SHARDS (default 5), FTZ_SLURM_TIMEOUT (default 600),
# FTZ_SLURM_WORK (default: a new directory under /var/tmp), FTZ_SLURM_STOP=1 to stop the
# daemons afterwards if this script started them; FTZ_SLURM_DIR and FTZ_SLURM_PORT as for
# start_local_slurm.sh.
set -uo pipefail
trap 'exit 143' TERM INT  # so that the EXIT trap (stopping Slurm) runs on `timeout`
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD

say() { echo "check_array_sweep: $*"; }
fail() {
  say "FAIL: $*"
  exit 1
}

ftz=$(realpath -e "${FTZ_BIN:-build/release/apps/ftz}" 2>/dev/null) ||
  fail "no ftz binary (build first: cmake --preset release && cmake --build --preset release)"
shards=${FTZ_SLURM_SHARDS:-5}
timeout_s=${FTZ_SLURM_TIMEOUT:-600}
work=$(realpath -m "${FTZ_SLURM_WORK:-$(mktemp -d /var/tmp/ftz-slurm-check.XXXXXX)}")
rm -rf "$work/shards" "$work/merged" "$work/unsharded" "$work"/slurm-*.out
mkdir -p "$work"
# 3 floors x 2 tariffs x 4 seeds = 24 cells: the shards are uneven (24 = 4 x 5 + 4).
sweep_args=(--param NDPR-OX.floor.hard.price=90,110,130 --param NDPR-OX.non_member_origin.tariff_rate=0,0.25
  --param periods=20 --seeds 4)

if ! exports=$(FTZ_SLURM_WAIT=60 scripts/slurm/start_local_slurm.sh 2>"$work/start.log" </dev/null); then
  cat "$work/start.log"
  say "SKIP: could not start the local Slurm (see above)"
  exit 2
fi
cat "$work/start.log"
if grep -q "up:" "$work/start.log" && [[ ${FTZ_SLURM_STOP:-0} == 1 ]]; then
  trap '"$root"/scripts/slurm/stop_local_slurm.sh' EXIT  # started here: stopped here
fi
eval "$exports"
say "$(sinfo -h -o 'partition %P: %D node(s) %T, %c CPUs')"

say "sbatch --wait --array=0-$((shards - 1)): ${#sweep_args[@]} sweep arguments, work dir $work"
SECONDS=0
# --wait: sbatch exits when every task has ended, non-zero if any failed.
timeout "$timeout_s" sbatch --wait --parsable --array="0-$((shards - 1))" --chdir="$work" \
  --output="$work/slurm-%A_%a.out" scripts/slurm/sweep_array.sbatch \
  "$ftz" "$work/shards" "${sweep_args[@]}" >"$work/sbatch.out" 2>&1
rc=$?
job=$(head -n 1 "$work/sbatch.out" | cut -d';' -f1)
if ((rc == 124)); then
  scancel "$job" 2>/dev/null
  fail "job array $job did not finish within ${timeout_s}s (cancelled)"
fi
for f in "$work"/slurm-*.out; do sed 's/^/  /' "$f"; done
((rc == 0)) || fail "job array $job failed (sbatch exit $rc): $(cat "$work/sbatch.out")"
say "job array $job: $shards tasks done in ${SECONDS}s; shard files:"
ls -l "$work/shards" | sed 's/^/  /'

"$ftz" sweep merge --out "$work/merged" "$work"/shards/shard-*-of-"$shards".binpb >"$work/merge.log" 2>&1 ||
  { cat "$work/merge.log"; fail "merge failed"; }
"$ftz" sweep "${sweep_args[@]}" --quiet -j 2 --out "$work/unsharded" >"$work/unsharded.log" 2>&1 ||
  { cat "$work/unsharded.log"; fail "the unsharded sweep failed"; }

different=()
for f in sweep.csv sweep_summary.csv sweep.html; do
  if cmp "$work/unsharded/$f" "$work/merged/$f"; then
    say "cmp $f: identical ($(wc -c <"$work/merged/$f") bytes)"
  else
    different+=("$f")
  fi
done
((${#different[@]} == 0)) || fail "merged and unsharded differ: ${different[*]} (in $work)"
say "PASS: $shards-task Slurm job array $job merged = unsharded run, byte for byte (sweep.csv, sweep_summary.csv, sweep.html)"
