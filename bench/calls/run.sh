#!/usr/bin/env bash
# Call-throughput benchmark: calls per second through a proxy, three targets in one run, SIPp UAC ->
# proxy -> SIPp UAS, SIPp rate ladder:
#   kamailio        Kamailio 5.6 as a record-routing stateful proxy (tm + rr + dispatcher,
#                   bench/calls/kamailio.cfg)
#   kamailio-topos  the same Kamailio plus topology stripping (topos, bench/calls/kamailio-topos.cfg): each
#                   side sees only the proxy in Via/Record-Route/Contact, the nearest Kamailio peer of a
#                   B2BUA; its storage is a redis-server of its own (topos_redis, Debian package
#                   kamailio-redis-modules, installed here when missing; why Redis: see the .cfg)
#   edge            Cluster.Edge, a B2BUA that hides topology, with one silo and its own Redis
#                   (bench/calls/calls.yaml)
#
#   bench/calls/run.sh [--no-build] [--only kamailio|kamailio-topos|edge] [--rates "100 200 400 ..."]
#                      [--secs 5] [--out DIR]
#
# One SIPp "call" is INVITE, 100, 180, 200, ACK, BYE, 200 (bench/calls/uac.xml, no pause between
# ACK and BYE): 7 messages through the proxy on each side. The UAC sends from 127.0.0.21 (the edge's
# mapping gateway cust-bench, authenticated by IP) to number 12025550100; one long-running SIPp UAS
# (bench/calls/uas.xml) at 127.0.0.1:5370 is the vendor of every target (Kamailio's dispatcher set 1,
# the edge's routing gateway vendor-bench for prefix 1). Limits in calls.yaml are far above the rates,
# so admission never refuses; any answer other than 100/180/200, or a timeout, fails the call.
#
# Starts every target and the UAS, then runs the UAC at rising rates, each step lasting --secs
# seconds (-m rate*secs); at every rate it measures kamailio, then kamailio-topos, then the edge
# (interleaved, so all see the same machine noise). A target's ladder stops at the first rate whose
# success (successful calls / calls created) stays below 99.9 % after RETRIES re-runs. It prints, per
# target, the highest rate sustained at >= 99.9 % (the rate SIPp actually achieved) and its us of
# server CPU per answered call there, then for edge/kamailio and edge/kamailio-topos the ratio of those
# rates and the ratio of us per answered call at the highest step target that both passed.
# Per step (columns): target, target/s (the step's offered rate), created / ok / failed calls, success%,
# achieved/s, the server's CPU (srv-cpu%, % of one core; kamailio: its process tree; kamailio-topos:
# Kamailio + its redis-server; edge: edge + silo + Redis), us of server CPU per answered call
# (us/call), the silo's and Redis' shares of srv-cpu% (silo%: edge only; redis%: edge and
# kamailio-topos), the edge's grain calls per call (grain/call), SIPp's CPU (sipp-cpu%, UAC + UAS),
# the CPU of unrelated processes (other-cpu%), UDP receive-buffer drops at the server socket
# (srv-drop) and elsewhere (oth-drop: in practice the SIPp sockets), and notes.
# For every edge and kamailio-topos step the step directory also holds that Redis' INFO commandstats
# (redis-commandstats.txt: commands per call); for every edge step also the edge's and the silo's
# per-thread CPU (threads.txt, silo-threads.txt) and the edge's /metrics before and after.
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
#                call fails; the proxies reorder 180/200 now and then, having 2+ workers)
#   EDGE_CONFIG  edge config (default bench/calls/calls.yaml; its vendor must be at the UAS address)
#   KAM_TOPOS_CFG  kamailio-topos config (default bench/calls/kamailio-topos.cfg)
#   KAM_PORT (5390), KAM_TOPOS_PORT (5392), KAM_TOPOS_REDIS_PORT (6592, kamailio-topos' redis-server),
#   EDGE_PORT (5391), REDIS_PORT (6591, the edge's), METRICS_PORT (9291), SILO_PORT (11192),
#   GATEWAY_PORT (30092), ADMIN_PORT (8192),
#   SIPP_PORT_BASE (5360, the UAC), THRESHOLD (99.9), WARMUP_RATE (1000), WARMUP_SECS (15: long enough for the .NET processes to finish tiered compilation before a measured step),
#   RECV_TIMEOUT_MS (5000), READY_TIMEOUT_S (90),
#   RETRIES (1: a step below the threshold is run once more before the ladder stops; the
#   VM shows short stalls that drop packets), MAX_TRIES (5), QUIET_MAX_CPU (25: before each
#   step, wait up to QUIET_WAIT_S (120) s until unrelated processes use <= this % of one
#   core; a failed try during which they used more is marked "machine busy" and does not
#   count against RETRIES), KAM_CHILDREN (2, Kamailio UDP workers, -n, both Kamailios), KAM_PKG_MB (16), KAM_SHM_MB (1024:
#   with 256 MB, tm ran out of shared memory at 3200 calls/s), SIPP_EXTRA (extra
#   SIPp arguments of the UAC), UAS_EXTRA (extra SIPp arguments of the UAS, e.g. "-trace_msg -message_file
#   /tmp/uas-msg.log" to see what the vendor receives), TASKSET_SIPP / TASKSET_SERVER (CPU list for taskset -c; default unpinned)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SCENARIO=${UAC_SCENARIO:-$ROOT/bench/calls/uac-late180.xml}
UAS_SCENARIO="$ROOT/bench/calls/uas.xml"
KAM_CFG=${KAM_CFG:-$ROOT/bench/calls/kamailio.cfg}
KAM_TOPOS_CFG=${KAM_TOPOS_CFG:-$ROOT/bench/calls/kamailio-topos.cfg}
DS_LIST="$ROOT/bench/calls/dispatcher.list"
# fixed: dispatcher.list and calls.yaml name this address, calls.yaml the UAC address
UAS_IP=127.0.0.1 UAS_PORT=5370 UAC_IP=127.0.0.21 NUMBER=12025550100

RATES="100 200 400 800 1600 2400 3200 4000 4800 5600 6400 7200 8000 9600"
SECS=5
KAM_PORT=${KAM_PORT:-5390}
KAM_TOPOS_PORT=${KAM_TOPOS_PORT:-5392}
KAM_TOPOS_REDIS_PORT=${KAM_TOPOS_REDIS_PORT:-6592}
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
UAS_EXTRA=${UAS_EXTRA:-}
KAM_PKG_MB=${KAM_PKG_MB:-16}
KAM_SHM_MB=${KAM_SHM_MB:-1024}
EDGE_CONFIG=${EDGE_CONFIG:-bench/calls/calls.yaml}
ALL_TARGETS="kamailio kamailio-topos edge" RATIO_BASES="kamailio kamailio-topos"
# shellcheck source=bench/lib/harness.sh
source "$ROOT/bench/lib/harness.sh"

ladder_init calls call "$@"

sipp_args() { echo "-s $NUMBER -i $UAC_IP -trace_err -error_file $1/errors.log"; }
kamailio_target() { start_kamailio kamailio "$KAM_PORT" -f "$KAM_CFG" -A "DSLIST=\"$DS_LIST\"" -m "$KAM_SHM_MB" -M "$KAM_PKG_MB"; }

# kamailio-topos needs topos_redis (and ndb_redis), packaged apart from kamailio: install it when missing
topos_modules() {
  [[ " $TARGETS " == *" kamailio-topos "* ]] || return 0
  compgen -G "/usr/lib/*/kamailio/modules/topos_redis.so" >/dev/null && return 0
  local sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  echo "installing kamailio-redis-modules (topos_redis, for kamailio-topos)..."
  { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq kamailio-redis-modules; } >"$OUT/apt.log" 2>&1 \
    || { tail -5 "$OUT/apt.log" >&2; echo "cannot install kamailio-redis-modules: kamailio-topos will not start" >&2; }
}
# target_start kamailio-topos (the harness' hook): its redis-server first (ndb_redis connects as
# Kamailio starts), then Kamailio; the server's CPU is both.
target_start() {
  [[ "$1" == kamailio-topos ]] || return 1
  start_redis_at KAM_TOPOS_REDIS_PORT -topos || return 1
  local rpid=$NEW_REDIS_PID
  SERVER_PID=""
  if start_kamailio kamailio-topos "$KAM_TOPOS_PORT" -f "$KAM_TOPOS_CFG" -A "DSLIST=\"$DS_LIST\"" \
      -A "TOPOS_REDIS=\"name=tps;addr=127.0.0.1;port=$KAM_TOPOS_REDIS_PORT\"" -m "$KAM_SHM_MB" -M "$KAM_PKG_MB"; then
    PIDS[kamailio-topos]="$SERVER_PID $rpid"; PORT[kamailio-topos]=$KAM_TOPOS_PORT
    REDIS_OF[kamailio-topos]=$rpid; REDIS_PORT_OF[kamailio-topos]=$KAM_TOPOS_REDIS_PORT
  else
    # shellcheck disable=SC2086
    stop_pids $SERVER_PID "$rpid"; return 1
  fi
}

start_uas() { # the vendor behind every target, for the whole run -> sets UAS_PID
  port_free udp "$UAS_PORT" || { echo "udp port $UAS_PORT (the UAS, named in dispatcher.list and calls.yaml) is in use" >&2; return 1; }
  # shellcheck disable=SC2086
  $SIPP_PREFIX sipp -sf "$UAS_SCENARIO" -i "$UAS_IP" -p "$UAS_PORT" -recv_timeout 20000 \
    -buff_size 4194304 -nostdin -trace_stat -stf "$OUT/uas-stat.csv" -fd 5 $UAS_EXTRA >"$OUT/uas.out" 2>&1 &
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
topos_modules
log_header "call-throughput benchmark (INVITE, 100, 180, 200, ACK, BYE, 200; SIPp UAC $UAC_IP -> proxy -> SIPp UAS $UAS_IP:$UAS_PORT)"
log "uac scenario: $SCENARIO"
log "kamailio: $KAM_CFG (tm, rr, dispatcher $DS_LIST); kamailio-topos: $KAM_TOPOS_CFG (the same plus topos, storage redis-server on $KAM_TOPOS_REDIS_PORT); edge config $EDGE_CONFIG"
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
log "details: $OUT (per step: SIPp stats; edge and kamailio-topos steps also redis-commandstats.txt; edge steps also threads.txt, silo-threads.txt, metrics-*.txt)"
