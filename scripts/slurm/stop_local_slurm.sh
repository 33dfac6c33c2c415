#!/usr/bin/env bash
# stop_local_slurm.sh: stops the daemons that start_local_slurm.sh started (slurmd,
# slurmctld, and munged if it started it), by the pids it recorded in FTZ_SLURM_DIR.
set -uo pipefail
DIR=${FTZ_SLURM_DIR:-/var/tmp/ftz-slurm}
for name in slurmd slurmctld munged; do
  pidfile=$DIR/$name.pid
  [[ -s $pidfile ]] || continue
  pid=$(cat "$pidfile")
  if kill "$pid" 2>/dev/null; then
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    echo "stop_local_slurm: stopped $name ($pid)"
  fi
  rm -f "$pidfile"
done
