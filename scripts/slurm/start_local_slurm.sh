#!/usr/bin/env bash
# start_local_slurm.sh: a real single-node Slurm on this machine (Debian 12's slurm-wlm
# 22.05 and munge), to run sweeps as job arrays exactly as on a cluster. As root.
#
#   1. installs slurmctld, slurmd, slurm-client and munge if missing (apt-get);
#   2. starts munged (as the munge user) with /etc/munge/munge.key (created if missing);
#   3. writes $FTZ_SLURM_DIR/slurm.conf for this host: one node with the CPU count, memory
#      and topology `slurmd -C` reports, one partition, no accounting, no cgroups
#      (proctrack/linuxproc, task/none), so it also runs in a container or a chroot;
#      where no cgroup file system is mounted (a chroot), a cgroup.conf that names the
#      cgroup/v1 plugin, because slurmd 22.05 loads a cgroup plugin even when no other
#      plugin uses it, and its autodetection fails without /sys/fs/cgroup;
#   4. starts slurmctld and slurmd as root and waits until the node is idle.
#
# Idempotent: when the node already answers, it only prints the export line. Leaves
# /etc/slurm alone: clients find the config through SLURM_CONF, which this prints:
#   eval "$(scripts/slurm/start_local_slurm.sh)"   # sets SLURM_CONF in this shell
# Stop it with scripts/slurm/stop_local_slurm.sh (the daemons' pids are in the dir).
#
# Environment: FTZ_SLURM_DIR (default /var/tmp/ftz-slurm): config, state, logs, pids;
# FTZ_SLURM_PORT (default 6817): slurmctld's port, slurmd's is the next one; when either
# is taken (another Slurm, another checkout's test), two free ports the kernel picks;
# FTZ_SLURM_WAIT (default 60): seconds to wait for the node.
set -euo pipefail

DIR=${FTZ_SLURM_DIR:-/var/tmp/ftz-slurm}
PORT=${FTZ_SLURM_PORT:-6817}
WAIT=${FTZ_SLURM_WAIT:-60}
CONF=$DIR/slurm.conf
PACKAGES=(slurmctld slurmd slurm-client munge)

say() { echo "start_local_slurm: $*" >&2; }
die() { say "$*"; exit 1; }

((EUID == 0)) || die "run as root (slurmd and slurmctld run as root here)"

# Up: this directory's slurmctld runs (not another one now on the config's port) and the
# node answers.
node_idle() {
  [[ -s $CONF && -s $DIR/slurmctld.pid ]] && kill -0 "$(cat "$DIR/slurmctld.pid")" 2>/dev/null &&
    SLURM_CONF=$CONF timeout 10 sinfo -h -o '%T' 2>/dev/null | grep -qE '^(idle|mixed|allocated)'
}

# Prints "PORT PORT+1" when both are free here, else two free ports the kernel picks.
pick_ports() {
  /usr/bin/python3 - "$1" <<'PY'
import socket, sys

def bind(port):
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as slurmctld and slurmd do
    s.bind(("", port))
    return s

want = int(sys.argv[1])
try:
    held = [bind(want), bind(want + 1)]
except OSError:
    held = [bind(0), bind(0)]  # both held until printed: two different ports
print(*(s.getsockname()[1] for s in held))
PY
}

if node_idle; then
  echo "export SLURM_CONF=$CONF"
  exit 0
fi

# 1. Packages.
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null | grep -q '^ii' || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing ${missing[*]}"
  apt=(env DEBIAN_FRONTEND=noninteractive apt-get -q -o DPkg::Lock::Timeout=300)
  { "${apt[@]}" update && "${apt[@]}" install -y --no-install-recommends "${missing[@]}"; } \
    >"/tmp/ftz-slurm-apt.log" 2>&1 || { tail -n 30 /tmp/ftz-slurm-apt.log >&2; die "apt-get failed"; }
fi

mkdir -p "$DIR/state" "$DIR/spool"

# 2. munge: the key, then the daemon (as the munge user, as Debian's service does).
if ! munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  if [[ ! -s /etc/munge/munge.key ]]; then
    mungekey --create --keyfile=/etc/munge/munge.key
  fi
  chown munge:munge /etc/munge/munge.key && chmod 0400 /etc/munge/munge.key
  install -d -o munge -g munge -m 0755 /run/munge
  install -d -o munge -g munge -m 0700 /var/log/munge /var/lib/munge
  runuser -u munge -- /usr/sbin/munged
  for _ in $(seq 50); do munge -n 2>/dev/null | unmunge >/dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge >/dev/null || die "munged does not answer (see /var/log/munge/munged.log)"
  cp /run/munge/munged.pid "$DIR/munged.pid" 2>/dev/null || true
fi

# 3. The config: this host as the only node, as slurmd sees it. Our own daemons from an
# earlier start are stopped first, so that their ports count as free.
for pidfile in slurmctld slurmd; do
  if [[ -s $DIR/$pidfile.pid ]] && kill -0 "$(cat "$DIR/$pidfile.pid")" 2>/dev/null; then
    kill "$(cat "$DIR/$pidfile.pid")" && sleep 1
  fi
done
read -r ctld_port slurmd_port < <(pick_ports "$PORT") || die "cannot find free ports"
[[ $ctld_port == "$PORT" ]] || say "port $PORT or $((PORT + 1)) is taken: using $ctld_port and $slurmd_port"
host=$(hostname -s)
node=$(slurmd -C | head -n 1)  # NodeName=HOST CPUs=2 Boards=1 ... RealMemory=24105
[[ $node == NodeName=* ]] || die "slurmd -C printed no node line: $node"
cat >"$CONF" <<EOF
# Written by scripts/slurm/start_local_slurm.sh: a single-node cluster on $host.
ClusterName=ftz-local
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$DIR/state
SlurmdSpoolDir=$DIR/spool
SlurmctldPidFile=$DIR/slurmctld.pid
SlurmdPidFile=$DIR/slurmd.pid
SlurmctldLogFile=$DIR/slurmctld.log
SlurmdLogFile=$DIR/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=local Nodes=ALL Default=YES MaxTime=INFINITE State=UP
EOF

# slurmd reads cgroup.conf beside slurm.conf.
if stat -fc %T /sys/fs/cgroup 2>/dev/null | grep -qE '^(cgroup2fs|tmpfs)$'; then
  rm -f "$DIR/cgroup.conf"
else
  echo "CgroupPlugin=cgroup/v1  # no cgroup file system here: skip autodetection" >"$DIR/cgroup.conf"
fi

# 4. The daemons (each forks into the background and writes its pid file).
export SLURM_CONF=$CONF
slurmctld -f "$CONF" || die "slurmctld did not start (see $DIR/slurmctld.log)"
slurmd -f "$CONF" || die "slurmd did not start (see $DIR/slurmd.log)"
for _ in $(seq $((WAIT * 2))); do
  node_idle && break
  sleep 0.5
done
if ! node_idle; then
  tail -n 20 "$DIR/slurmctld.log" "$DIR/slurmd.log" >&2 || true
  die "the node is not idle after ${WAIT}s: $(sinfo -h -o '%T %E' 2>&1)"
fi
say "up: $(sinfo -h -o '%P %D node(s) %T, %c CPUs' 2>&1); config $CONF"
echo "export SLURM_CONF=$CONF"
