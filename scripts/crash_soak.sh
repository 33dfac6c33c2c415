#!/usr/bin/env bash
# crash_soak.sh CYCLES: `ftz serve` with the journal, under load from 4 sessions, killed
# with SIGKILL at a random moment and restarted, CYCLES times. Every cycle checks
# (tests/journal/soak_client.cc): every order a client saw acknowledged is there after
# the restart (resting, or gone by its fills or a cancel), every fill it saw is there,
# no order id is given twice (within the cycle and across all cycles), no fill is
# duplicated, and the state hash equals an offline `ftz replay` of the journal.
#
# Last line: "crash soak: N cycles, 0 acked orders lost"; exits non-zero on any loss.
# Environment: FTZ_BUILD (default build/release) holds apps/ftz and
# tests/journal/ftz-soak-client; FTZ_SOAK_DIR the work directory (default: a temp dir);
# FTZ_SOAK_FSYNC the fsync mode (default batch).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CYCLES=${1:?usage: crash_soak.sh CYCLES}
BUILD=${FTZ_BUILD:-build/release}
FTZ=$BUILD/apps/ftz
SOAK=$BUILD/tests/journal/ftz-soak-client
[[ -x $FTZ && -x $SOAK ]] || { echo "crash soak: build $FTZ and $SOAK first" >&2; exit 2; }
WORK=${FTZ_SOAK_DIR:-$(mktemp -d -t ftz-soak.XXXXXX)}
JOURNAL=$WORK/journal
mkdir -p "$JOURNAL"
: > "$WORK/all-ids"
SERVER_PID=
LOAD_PID=

cleanup() {
  [[ -n $LOAD_PID ]] && kill -9 "$LOAD_PID" 2>/dev/null || true
  [[ -n $SERVER_PID ]] && kill -9 "$SERVER_PID" 2>/dev/null || true
}
trap cleanup EXIT

# Starts the server; sets SERVER_PID and PORT.
start_server() {
  local out=$WORK/serve.out
  : > "$out"
  "$FTZ" serve --builtin_market --port=0 --journal_dir="$JOURNAL" \
    --fsync="${FTZ_SOAK_FSYNC:-batch}" --resend_window=200000 --snapshot_every=200000 \
    > "$out" 2> "$WORK/serve.err" &
  SERVER_PID=$!
  for _ in $(seq 1 600); do
    if grep -q "listening on" "$out"; then
      PORT=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$out")
      return 0
    fi
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "crash soak: ftz serve did not start:" >&2
      cat "$WORK/serve.err" >&2
      exit 1
    fi
    sleep 0.05
  done
  echo "crash soak: ftz serve did not start in 30 s" >&2
  exit 1
}

kill_server() {
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

lost_total=0
for cycle in $(seq 1 "$CYCLES"); do
  start_server
  log=$WORK/cycle-$cycle.log
  : > "$log"
  "$SOAK" load "$PORT" "$log" "$cycle" 4 &
  LOAD_PID=$!
  # A random moment: 0.2 .. 1.2 s of load.
  sleep "0.$((RANDOM % 10 + 2))"
  kill_server
  wait "$LOAD_PID" 2>/dev/null || true
  LOAD_PID=

  start_server
  recovered=$(grep "recovered" "$WORK/serve.out" || true)
  check_out=$WORK/check-$cycle.out
  status=0
  "$SOAK" check "$PORT" "$log" 4 > "$check_out" || status=$?
  kill_server
  server_hash=$(sed -n 's/^state hash \([0-9a-f]*\)$/\1/p' "$check_out")
  replay_hash=$("$FTZ" replay "$JOURNAL" | sed -n 's/^state hash \([0-9a-f]*\)$/\1/p')
  awk '$1 == "ACK" { print $3 }' "$log" >> "$WORK/all-ids"
  reused=$(sort "$WORK/all-ids" | uniq -d | wc -l)
  summary=$(head -n 1 "$check_out")
  echo "cycle $cycle: $summary; server $server_hash, replay $replay_hash; ${recovered#ftz serve: }"
  lost=$(sed -n 's/^check: [0-9]* acked orders, [0-9]* fills seen, \([0-9]*\) lost.*/\1/p' "$check_out")
  lost=${lost:-1}
  lost_total=$((lost_total + lost))
  if ((status != 0)) || [[ -z $server_hash || $server_hash != "$replay_hash" ]] || ((reused > 0)); then
    echo "crash soak: cycle $cycle failed (check status $status, $reused ids reused, hashes $server_hash / $replay_hash); work dir $WORK" >&2
    echo "crash soak: $cycle cycles, $lost_total acked orders lost"
    trap - EXIT
    cleanup
    exit 1
  fi
done
echo "crash soak: $CYCLES cycles, $lost_total acked orders lost"
[[ -z ${FTZ_SOAK_DIR:-} ]] && rm -rf "$WORK"
exit 0
