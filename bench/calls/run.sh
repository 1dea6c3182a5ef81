#!/usr/bin/env bash
# Call-throughput benchmark: calls per second through a record-routing stateful proxy,
# Kamailio 5.6 (tm + rr + dispatcher, bench/calls/kamailio.cfg) vs Cluster.Edge (with one silo and its
# own Redis, bench/calls/calls.yaml), SIPp UAC -> proxy -> SIPp UAS, SIPp rate ladder.
#
#   bench/calls/run.sh [--no-build] [--only kamailio|edge] [--rates "100 200 400 ..."]
#                      [--secs 5] [--out DIR]
#
# One SIPp "call" is INVITE, 100, 180, 200, ACK, BYE, 200 (bench/calls/uac.xml, no pause between
# ACK and BYE): 7 messages through the proxy on each side. The UAC sends from 127.0.0.21 (the edge's
# mapping gateway cust-bench, authenticated by IP) to number 12025550100; one long-running SIPp UAS
# (bench/calls/uas.xml) at 127.0.0.1:5370 is the vendor of both targets (Kamailio's dispatcher set 1,
# the edge's routing gateway vendor-bench for prefix 1). Limits in calls.yaml are far above the rates,
# so admission never refuses; any answer other than 100/180/200, or a timeout, fails the call.
#
# Starts both targets and the UAS, then runs the UAC at rising rates, each step lasting --secs
# seconds (-m rate*secs); at every rate it measures kamailio, then the edge (interleaved, so both
# see the same machine noise). A target's ladder stops at the first rate whose success (successful
# calls / calls created) stays below 99.9 % after RETRIES re-runs. It prints, per target, the
# highest rate sustained at >= 99.9 % (the rate SIPp actually achieved) and the ratio edge/kamailio.
# Per step it shows the server's CPU (% of one core; for the edge: edge + silo + Redis), us of server CPU
# per answered call, the silo's and Redis' shares (silo%, redis%), the edge's grain calls per call
# (grain/call), SIPp's CPU
# (UAC + UAS), the CPU of unrelated processes (other-cpu%) and UDP receive-buffer drops at the
# server socket (srv-drop) and elsewhere (oth-drop: in practice the SIPp sockets).
# For every edge step the step directory also holds the edge's and the silo's per-thread CPU
# (threads.txt, silo-threads.txt),
# Redis INFO commandstats (redis-commandstats.txt) and the edge's /metrics before and after.
#
# Shared code: bench/lib/harness.sh (its header lists the overrides common to all ladders).
# Environment overrides:
#   EDGE_DLL     edge assembly (default Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll;
#                setting it skips the build), e.g. a build of main (SILO_DLL defaults to the silo
#                beside it):
#                dotnet build /work/main/Cluster.Edge -c Release -o /tmp/main-calls &&
#                dotnet build /work/main/Cluster.Silo -c Release -o /tmp/main-calls &&
#                EDGE_DLL=/tmp/main-calls/Cluster.Edge.dll bench/calls/run.sh
#   UAC_SCENARIO bench/calls/uac-late180.xml (default: absorbs a 180 relayed up to 20 ms after the
#                200, as a UAC should; shown as "late-180 N") or bench/calls/uac.xml (strict: such a
#                call fails; both proxies reorder 180/200 now and then, having 2+ workers)
#   EDGE_CONFIG  edge config (default bench/calls/calls.yaml; its vendor must be at the UAS address)
#   KAM_PORT (5390), EDGE_PORT (5391), REDIS_PORT (6591), METRICS_PORT (9291), SILO_PORT (11192),
#   GATEWAY_PORT (30092), ADMIN_PORT (8192),
#   SIPP_PORT_BASE (5360, the UAC), THRESHOLD (99.9), WARMUP_RATE (1000), WARMUP_SECS (15: long enough for the .NET processes to finish tiered compilation before a measured step),
#   RECV_TIMEOUT_MS (5000), READY_TIMEOUT_S (90),
#   RETRIES (1: a step below the threshold is run once more before the ladder stops; the
#   VM shows short stalls that drop packets), MAX_TRIES (5), QUIET_MAX_CPU (25: before each
#   step, wait up to QUIET_WAIT_S (120) s until unrelated processes use <= this % of one
#   core; a failed try during which they used more is marked "machine busy" and does not
#   count against RETRIES), KAM_CHILDREN (2, Kamailio UDP workers, -n), KAM_PKG_MB (16), KAM_SHM_MB (1024:
#   with 256 MB, tm ran out of shared memory at 3200 calls/s), SIPP_EXTRA (extra
#   SIPp arguments), TASKSET_SIPP / TASKSET_SERVER (CPU list for taskset -c; default unpinned)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SCENARIO=${UAC_SCENARIO:-$ROOT/bench/calls/uac-late180.xml}
UAS_SCENARIO="$ROOT/bench/calls/uas.xml"
KAM_CFG=${KAM_CFG:-$ROOT/bench/calls/kamailio.cfg}
DS_LIST="$ROOT/bench/calls/dispatcher.list"
# fixed: dispatcher.list and calls.yaml name this address, calls.yaml the UAC address
UAS_IP=127.0.0.1 UAS_PORT=5370 UAC_IP=127.0.0.21 NUMBER=12025550100

RATES="100 200 400 800 1600 2400 3200 4000 4800 5600 6400 7200 8000 9600"
SECS=5
KAM_PORT=${KAM_PORT:-5390}
EDGE_PORT=${EDGE_PORT:-5391}
REDIS_PORT=${REDIS_PORT:-6591}
METRICS_PORT=${METRICS_PORT:-9291}
SILO_PORT=${SILO_PORT:-11192}
GATEWAY_PORT=${GATEWAY_PORT:-30092}
ADMIN_PORT=${ADMIN_PORT:-8192}
SIPP_PORT_BASE=${SIPP_PORT_BASE:-5360}
WARMUP_RATE=${WARMUP_RATE:-1000}
WARMUP_SECS=${WARMUP_SECS:-15}
RECV_TIMEOUT_MS=${RECV_TIMEOUT_MS:-5000}
KAM_PKG_MB=${KAM_PKG_MB:-16}
KAM_SHM_MB=${KAM_SHM_MB:-1024}
EDGE_CONFIG=${EDGE_CONFIG:-bench/calls/calls.yaml}
# shellcheck source=bench/lib/harness.sh
source "$ROOT/bench/lib/harness.sh"

ladder_init calls call "$@"

sipp_args() { echo "-s $NUMBER -i $UAC_IP -trace_err -error_file $1/errors.log"; }
kamailio_target() { start_kamailio kamailio "$KAM_PORT" -f "$KAM_CFG" -A "DSLIST=\"$DS_LIST\"" -m "$KAM_SHM_MB" -M "$KAM_PKG_MB"; }

start_uas() { # the vendor behind both proxies, for the whole run -> sets UAS_PID
  port_free udp "$UAS_PORT" || { echo "udp port $UAS_PORT (the UAS, named in dispatcher.list and calls.yaml) is in use" >&2; return 1; }
  $SIPP_PREFIX sipp -sf "$UAS_SCENARIO" -i "$UAS_IP" -p "$UAS_PORT" -recv_timeout 20000 \
    -buff_size 4194304 -nostdin -trace_stat -stf "$OUT/uas-stat.csv" -fd 5 >"$OUT/uas.out" 2>&1 &
  UAS_PID=$!
  STARTED_PIDS+=("$UAS_PID")
  sleep 1
  kill -0 "$UAS_PID" 2>/dev/null || { echo "SIPp UAS did not start; see $OUT/uas.out" >&2; return 1; }
}

# 180s received after the 200 (the uac-late180.xml line) and calls aborted on a late 180 (strict uac.xml)
step_note() {
  local dir=$2 late abort180 notes=""
  late=$(awk '/ACK ---------->/ {ack = 1} ack && /180 <----------/ {print $3; exit}' "$dir/sipp0.out" 2>/dev/null)
  ((${late:-0} > 0)) && notes="late-180 $late"
  abort180=$(grep -c "unexpected message.*received 'SIP/2.0 180" "$dir/errors.log" 2>/dev/null || true)
  ((${abort180:-0} > 0)) && notes="${notes:+$notes; }aborted on late 180: $abort180"
  echo "$notes"
}

harness_build
log_header "call-throughput benchmark (INVITE, 100, 180, 200, ACK, BYE, 200; SIPp UAC $UAC_IP -> proxy -> SIPp UAS $UAS_IP:$UAS_PORT)"
log "uac scenario: $SCENARIO"
log "kamailio: $KAM_CFG (tm, rr, dispatcher $DS_LIST); config $EDGE_CONFIG"
log "steps: ${SECS}s each, threshold ${THRESHOLD}%, retries: $RETRIES, rates (calls/s): $RATES"
log "kamailio children: $KAM_CHILDREN, shm ${KAM_SHM_MB} MB, sipp cpus: ${TASKSET_SIPP:-any}, server cpus: ${TASKSET_SERVER:-any}${SIPP_EXTRA:+, sipp extra: $SIPP_EXTRA}"
log_load

# ---- start every target, then interleave them step by step (same noise for both) ------
start_uas || exit 1
EXTRA_SIPP_PID=$UAS_PID
log "uas: SIPp $UAS_SCENARIO on $UAS_IP:$UAS_PORT (pid $UAS_PID)"
start_targets
run_ladder
ladder_result "achieved calls/s, 7 messages each" "calls/s" "answered call"
log "details: $OUT (per step: SIPp stats; edge steps also threads.txt, silo-threads.txt, redis-commandstats.txt, metrics-*.txt)"
