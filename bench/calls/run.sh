#!/usr/bin/env bash
# Call-throughput benchmark: calls per second through a record-routing stateful proxy,
# Kamailio 5.6 (tm + rr + dispatcher, bench/calls/kamailio.cfg) vs Cluster.Edge (with its own Redis,
# bench/calls/calls.yaml), SIPp UAC -> proxy -> SIPp UAS, SIPp rate ladder.
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
# Per step it shows the server's CPU (% of one core; for the edge: edge + Redis), us of server CPU
# per answered call, Redis' share (redis%), the edge's grain calls per call (grain/call), SIPp's CPU
# (UAC + UAS), the CPU of unrelated processes (other-cpu%) and UDP receive-buffer drops at the
# server socket (srv-drop) and elsewhere (oth-drop: in practice the SIPp sockets).
# For every edge step the step directory also holds the edge's per-thread CPU (threads.txt),
# Redis INFO commandstats (redis-commandstats.txt) and the edge's /metrics before and after.
#
# Environment overrides:
#   EDGE_DLL     edge assembly (default Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll;
#                setting it skips the build), e.g. a build of main:
#                dotnet build /work/main/Cluster.Edge -c Release -o /tmp/edge-main-calls &&
#                EDGE_DLL=/tmp/edge-main-calls/Cluster.Edge.dll bench/calls/run.sh
#   UAC_SCENARIO bench/calls/uac-late180.xml (default: absorbs a 180 relayed up to 20 ms after the
#                200, as a UAC should; shown as "late-180 N") or bench/calls/uac.xml (strict: such a
#                call fails; both proxies reorder 180/200 now and then, having 2+ workers)
#   EDGE_CONFIG  edge config (default bench/calls/calls.yaml; its vendor must be at the UAS address)
#   KAM_PORT (5390), EDGE_PORT (5391), REDIS_PORT (6591), METRICS_PORT (9291),
#   SIPP_PORT_BASE (5360, the UAC), THRESHOLD (99.9), WARMUP_RATE (100), WARMUP_SECS (3),
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
ONLY=""
BUILD=1
OUT=""
KAM_PORT=${KAM_PORT:-5390}
EDGE_PORT=${EDGE_PORT:-5391}
REDIS_PORT=${REDIS_PORT:-6591}
METRICS_PORT=${METRICS_PORT:-9291}
SIPP_PORT_BASE=${SIPP_PORT_BASE:-5360}
THRESHOLD=${THRESHOLD:-99.9}
WARMUP_RATE=${WARMUP_RATE:-100}
WARMUP_SECS=${WARMUP_SECS:-3}
RECV_TIMEOUT_MS=${RECV_TIMEOUT_MS:-5000}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-90}
KAM_CHILDREN=${KAM_CHILDREN:-2}
KAM_PKG_MB=${KAM_PKG_MB:-16}
KAM_SHM_MB=${KAM_SHM_MB:-1024}
RETRIES=${RETRIES:-1}
MAX_TRIES=${MAX_TRIES:-5}
QUIET_MAX_CPU=${QUIET_MAX_CPU:-25}
QUIET_WAIT_S=${QUIET_WAIT_S:-120}
SIPP_EXTRA=${SIPP_EXTRA:-}
TASKSET_SIPP=${TASKSET_SIPP:-}
TASKSET_SERVER=${TASKSET_SERVER:-}
EDGE_CONFIG=${EDGE_CONFIG:-bench/calls/calls.yaml}
if [[ -n "${EDGE_DLL:-}" ]]; then EDGE_DLL_SET=1; else EDGE_DLL_SET=0; fi
EDGE_DLL=${EDGE_DLL:-Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --secs) SECS="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
case "$ONLY" in ""|kamailio|edge) ;; *) echo "--only takes kamailio or edge" >&2; exit 2 ;; esac
TARGETS="kamailio edge"
SIPP_PREFIX=""; [[ -n "$TASKSET_SIPP" ]] && SIPP_PREFIX="taskset -c $TASKSET_SIPP"
SERVER_PREFIX=""; [[ -n "$TASKSET_SERVER" ]] && SERVER_PREFIX="taskset -c $TASKSET_SERVER"
[[ -n "$ONLY" ]] && TARGETS="$ONLY"

for tool in sipp sipsak kamailio awk redis-server redis-cli curl; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install sip-tester sipsak kamailio redis-server curl)" >&2; exit 2; }
done

if [[ -z "$OUT" ]]; then OUT=$(mktemp -d /tmp/bench-calls.XXXXXX); fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
log() { echo "$*" | tee -a "$SUMMARY"; }

# ---- cleanup: kill everything this script started -------------------------------------
STARTED_PIDS=()
cleanup() {
  local pid
  for pid in "${STARTED_PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
  done
  sleep 0.5
  for pid in "${STARTED_PIDS[@]}"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STARTED_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers --------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

# CPU ticks (utime+stime) of processes and all their descendants: tree_ticks PID...
tree_ticks() {
  local p total=0 t
  for p in $(for r in "$@"; do tree_pids "$r"; done | sort -u); do
    [[ -r /proc/$p/stat ]] || continue
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
tree_pids() { local p=$1 c; echo "$p"; for c in $(pgrep -P "$p" 2>/dev/null || true); do tree_pids "$c"; done; }

# CPU seconds (user+sys) of this shell's reaped children, i.e. mostly the SIPp processes.
# (/proc/stat's machine-wide idle is tick-sampled and unreliable in this VM; per-process
# times are exact.)
# Must run in the main shell (not in $(...) or a pipe): result in CHILDREN_CPU.
children_cpu() {
  times >"$OUT/.times"
  CHILDREN_CPU=$(awk 'NR == 2 { split($0, f, /[ms ]+/); print f[1] * 60 + f[2] + f[3] * 60 + f[4] }' "$OUT/.times")
}

probe() { # probe PORT -> 0 when the target answers OPTIONS with 2xx
  timeout 3 sipsak -s "sip:127.0.0.1:$1" >/dev/null 2>&1
}

wait_answering() { # wait_answering PID PORT NAME
  local pid=$1 port=$2 name=$3 i
  for ((i = 0; i < READY_TIMEOUT_S * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up" >&2; return 1; }
    probe "$port" && return 0
    sleep 0.5
  done
  return 1
}

port_free() { # port_free udp|tcp PORT -> 0 when nothing listens there (TCP: LISTEN only, not TIME_WAIT)
  local file=/proc/net/$1 state=""
  [[ "$1" == tcp ]] && state=0A
  ! awk -v p="$(printf ':%04X' "$2")" -v st="$state" 'NR > 1 && substr($2, length($2) - 4) == p && (st == "" || $4 == st) {found = 1} END {exit !found}' "$file"
}

start_kamailio() { # start_kamailio PORT NAME -> sets SERVER_PID
  local port=$1 name=$2
  local run="$OUT/$name-run"
  mkdir -p "$run"
  port_free udp "$port" || { echo "udp port $port is in use (set KAM_PORT)" >&2; return 1; }
  $SERVER_PREFIX kamailio -f "$KAM_CFG" -A "DSLIST=\"$DS_LIST\"" -DD -E -l "udp:127.0.0.1:$port" -n "$KAM_CHILDREN" -m "$KAM_SHM_MB" -M "$KAM_PKG_MB" \
    -P "$run/kamailio.pid" -Y "$run" >"$OUT/$name.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  wait_answering "$SERVER_PID" "$port" "$name" || { echo "$name does not answer OPTIONS on $port; see $OUT/$name.log" >&2; return 1; }
}

start_uas() { # the vendor behind both proxies, for the whole run -> sets UAS_PID
  port_free udp "$UAS_PORT" || { echo "udp port $UAS_PORT (the UAS, named in dispatcher.list and calls.yaml) is in use" >&2; return 1; }
  $SIPP_PREFIX sipp -sf "$UAS_SCENARIO" -i "$UAS_IP" -p "$UAS_PORT" -recv_timeout 20000 \
    -buff_size 4194304 -nostdin -trace_stat -stf "$OUT/uas-stat.csv" -fd 5 >"$OUT/uas.out" 2>&1 &
  UAS_PID=$!
  STARTED_PIDS+=("$UAS_PID")
  sleep 1
  kill -0 "$UAS_PID" 2>/dev/null || { echo "SIPp UAS did not start; see $OUT/uas.out" >&2; return 1; }
}

redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

start_redis() { # -> sets REDIS_PID
  local i
  port_free tcp "$REDIS_PORT" || { echo "tcp port $REDIS_PORT is in use (set REDIS_PORT)" >&2; return 1; }
  $SERVER_PREFIX redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
    --dir "$OUT" --logfile "$OUT/redis.log" --daemonize no >/dev/null 2>&1 &
  REDIS_PID=$!
  STARTED_PIDS+=("$REDIS_PID")
  for ((i = 0; i < 40; i++)); do redis PING 2>/dev/null | grep -q PONG && return 0; sleep 0.25; done
  echo "redis-server does not answer on $REDIS_PORT; see $OUT/redis.log" >&2
  return 1
}

start_edge() { # -> sets SERVER_PID (and REDIS_PID)
  local i
  [[ -f "$EDGE_DLL" ]] || { echo "edge assembly not found: $EDGE_DLL" >&2; return 1; }
  port_free udp "$EDGE_PORT" || { echo "udp port $EDGE_PORT is in use (set EDGE_PORT)" >&2; return 1; }
  port_free tcp "$METRICS_PORT" || { echo "tcp port $METRICS_PORT is in use (set METRICS_PORT)" >&2; return 1; }
  start_redis || return 1
  $SERVER_PREFIX dotnet "$EDGE_DLL" --config "$EDGE_CONFIG" --redis "127.0.0.1:$REDIS_PORT" \
    --listen "udp:127.0.0.1:$EDGE_PORT" --metrics "http://127.0.0.1:$METRICS_PORT" >"$OUT/edge.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  for ((i = 0; i < READY_TIMEOUT_S * 2; i++)); do
    grep -q '^edge ready' "$OUT/edge.log" && break
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "edge exited during start-up; see $OUT/edge.log" >&2; return 1; }
    sleep 0.5
  done
  grep -q '^edge ready' "$OUT/edge.log" || { echo "edge printed no 'edge ready' line in ${READY_TIMEOUT_S}s" >&2; return 1; }
  wait_answering "$SERVER_PID" "$EDGE_PORT" edge || { echo "edge does not answer OPTIONS on $EDGE_PORT; see $OUT/edge.log" >&2; return 1; }
}

stop_server() {
  local pid=$1 keep=() p
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 20; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  for p in "${STARTED_PIDS[@]}"; do [[ "$p" != "$pid" ]] && keep+=("$p"); done
  STARTED_PIDS=("${keep[@]}")
}

# Parse one SIPp -trace_stat CSV: prints "created ok failed achieved_rate".
# Achieved rate = calls created / time, read at the last dump taken while calls were still
# being created (dumps every 200 ms), so the drain and the receive timeout do not dilute it.
parse_stat() {
  awk -F';' '
    NR == 1 { next }
    {
      split($1, s, "\t"); split($3, c, "\t");
      t = c[3] - s[3]; created = $13 + 0;
      ok = $16 + 0; failed = $18 + 0; last_created = created;
      if (created > 0) { rows[++n] = created; times[n] = t }
    }
    END {
      ach = 0;
      for (i = n; i >= 1; i--) if (rows[i] < last_created && times[i] > 0) { ach = rows[i] / times[i]; break }
      if (ach == 0) for (i = 1; i <= n; i++) if (rows[i] == last_created && times[i] > 0) { ach = rows[i] / times[i]; break }
      printf "%d %d %d %.0f\n", last_created, ok, failed, ach
    }' "$1"
}

# run_step PORT RATE SECS TAG -> sets STEP_CREATED STEP_OK STEP_FAILED STEP_ACH
run_step() {
  local port=$1 rate=$2 secs=$3 tag=$4 m l pid
  local dir="$OUT/$tag"
  mkdir -p "$dir"
  m=$((rate * secs)); l=$((rate * 2)); ((l < 100)) && l=100
  rm -f "$dir/stat.csv"
  $SIPP_PREFIX sipp -sf "$SCENARIO" "127.0.0.1:$port" -s "$NUMBER" -i "$UAC_IP" -p "$SIPP_PORT_BASE" \
    -r "$rate" -rp 1000 -m "$m" -l "$l" \
    -recv_timeout "$RECV_TIMEOUT_MS" -timeout "$((secs + RECV_TIMEOUT_MS / 1000 + 10))s" \
    -buff_size 4194304 -nostdin -trace_stat -stf "$dir/stat.csv" -fd 200ms -trace_err -error_file "$dir/errors.log" $SIPP_EXTRA \
    >"$dir/sipp.out" 2>&1 &
  pid=$!
  STARTED_PIDS+=("$pid")
  wait "$pid" || true
  local keep=() q
  for q in "${STARTED_PIDS[@]}"; do [[ "$q" != "$pid" ]] && keep+=("$q"); done
  STARTED_PIDS=("${keep[@]}")
  STEP_CREATED=0 STEP_OK=0 STEP_FAILED=0 STEP_ACH=0
  if [[ ! -s "$dir/stat.csv" ]]; then echo "SIPp wrote no statistics; see $dir/sipp.out" >&2; return; fi
  read -r STEP_CREATED STEP_OK STEP_FAILED STEP_ACH < <(parse_stat "$dir/stat.csv")
}

# CPU ticks of every process ("pid ticks" lines), to see what else ran during a step.
snapshot() { cat /proc/[0-9]*/stat 2>/dev/null | awk '{pid = $1; sub(/^.*\) /, ""); print pid, $12 + $13}' >"$1" || true; }
# Per-thread CPU ticks of one process ("tid name ticks" lines).
thread_snapshot() {
  local t
  for t in /proc/"$1"/task/*/stat; do cat "$t" 2>/dev/null; done |
    awk '{tid = $1; name = $0; sub(/^[^(]*\(/, "", name); sub(/\) .*$/, "", name); gsub(/ /, "_", name); sub(/^.*\) /, ""); print tid, name, $12 + $13}' >"$2" || true
}
# thread_report BEFORE AFTER SECONDS -> CPU % of one core per thread name (summed over threads of that name)
thread_report() {
  awk -v hz="$CLK_TCK" -v secs="$3" '
    FNR == NR { a[$1] = $3; next }
    { d = $3 - (($1 in a) ? a[$1] : 0); by[$2] += d; n[$2]++; total += d }
    END {
      printf "%-28s %7s %8s\n", "thread name", "threads", "cpu%"; fflush();
      for (k in by) if (by[k] > 0) printf "%-28s %7d %8.1f\n", k, n[k], 100 * by[k] / hz / secs | "sort -k3 -nr";
      close("sort -k3 -nr");
      printf "%-28s %7s %8.1f\n", "TOTAL", "", 100 * total / hz / secs
    }' "$1" "$2"
}
# foreign_cpu BEFORE AFTER EXCLUDED_PIDS SECONDS -> % of one core used by other processes
foreign_cpu() {
  awk -v ex=" $3 " -v hz="$CLK_TCK" -v secs="$4" '
    FNR == NR { a[$1] = $2; next }
    ($1 in a) && index(ex, " " $1 " ") == 0 { d += $2 - a[$1] }
    END { printf "%.0f", (secs > 0 ? 100 * d / hz / secs : 0) }' "$1" "$2"
}

# wait_quiet EXCLUDED_PIDS: wait (up to QUIET_WAIT_S) until unrelated processes use less
# than QUIET_MAX_CPU % of one core over a 1 s sample.
wait_quiet() {
  local waited=0 f
  while :; do
    snapshot "$OUT/.q0"; sleep 1; snapshot "$OUT/.q1"
    f=$(foreign_cpu "$OUT/.q0" "$OUT/.q1" "$$ $1" 1)
    ((f <= QUIET_MAX_CPU)) && return 0
    ((waited == 0)) && echo "  (machine busy: other processes at ${f}% CPU; waiting up to ${QUIET_WAIT_S}s)" >&2
    waited=$((waited + 1))
    ((waited >= QUIET_WAIT_S)) && return 0
  done
}

# Receive-buffer drops: of the server's socket (by local port), and machine-wide.
port_drops() { awk -v p="$(printf ':%04X' "$1")" 'NR > 1 && substr($2, length($2) - 4) == p {d += $NF} END {print d + 0}' /proc/net/udp; }
all_drops() { awk '/^Udp:/ && $2 ~ /^[0-9]+$/ {print $6}' /proc/net/snmp; }
metric() { awk -v m="$1" '$1 == m {print $2 + 0; found = 1} END {if (!found) print 0}' "$2"; }

# measure NAME PORT RATE TRY -> logs one step, sets STEP_PASS and STEP_ACH
measure() {
  local name=$1 port=$2 rate=$3 try=$4 t0 t1 c0 c1 w0 w1 sd0 sd1 ad0 ad1 cpu scpu fcpu succ uspc note secs
  local pids=${PIDS[$name]} u0 u1 r0=0 r1=0 rcpu=- gpr=- tag="$name-$rate-try$try" dir
  dir="$OUT/$tag"; mkdir -p "$dir"
  kill -0 "$UAS_PID" 2>/dev/null || { echo "SIPp UAS exited; see $OUT/uas.out" >&2; exit 1; }
  if [[ "$name" == edge ]]; then
    redis CONFIG RESETSTAT >/dev/null
    curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$dir/metrics-before.txt" || true
  fi
  # shellcheck disable=SC2086
  wait_quiet "$UAS_PID $(for p in $pids; do tree_pids "$p"; done | tr '\n' ' ')"
  # shellcheck disable=SC2086
  t0=$(tree_ticks $pids); children_cpu; c0=$CHILDREN_CPU; u0=$(tree_ticks "$UAS_PID")
  [[ "$name" == edge ]] && { r0=$(tree_ticks "$REDIS_PID"); thread_snapshot "$EDGE_PID" "$dir/.threads0"; }
  snapshot "$OUT/.snap0"
  sd0=$(port_drops "$port"); ad0=$(all_drops); w0=$(date +%s.%N)
  run_step "$port" "$rate" "$SECS" "$tag"
  w1=$(date +%s.%N); sd1=$(port_drops "$port"); ad1=$(all_drops)
  snapshot "$OUT/.snap1"
  secs=$(awk -v a="$w0" -v b="$w1" 'BEGIN{print b - a}')
  # shellcheck disable=SC2086
  fcpu=$(foreign_cpu "$OUT/.snap0" "$OUT/.snap1" "$$ $UAS_PID $(for p in $pids; do tree_pids "$p"; done | tr '\n' ' ')" "$secs")
  # shellcheck disable=SC2086
  t1=$(tree_ticks $pids); children_cpu; c1=$CHILDREN_CPU; u1=$(tree_ticks "$UAS_PID")
  if [[ "$name" == edge ]]; then
    r1=$(tree_ticks "$REDIS_PID"); thread_snapshot "$EDGE_PID" "$dir/.threads1"
    thread_report "$dir/.threads0" "$dir/.threads1" "$secs" >"$dir/threads.txt"
    rcpu=$(awk -v d=$((r1 - r0)) -v hz="$CLK_TCK" -v s="$secs" 'BEGIN{printf "%.0f", 100 * d / hz / s}')
    redis INFO commandstats >"$dir/redis-commandstats.txt" 2>/dev/null || true
    curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$dir/metrics-after.txt" || true
    gpr=$(awk -v a="$(metric edge_grain_calls "$dir/metrics-before.txt")" -v b="$(metric edge_grain_calls "$dir/metrics-after.txt")" -v ok="$STEP_OK" \
      'BEGIN{printf "%.2f", ok ? (b - a) / ok : 0}')
  fi
  cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v s="$secs" 'BEGIN{printf "%.0f", 100 * d / hz / s}')
  scpu=$(awk -v x="$c0" -v y="$c1" -v u=$((u1 - u0)) -v hz="$CLK_TCK" -v s="$secs" 'BEGIN{printf "%.0f", 100 * ((y - x) + u / hz) / s}')
  succ=$(awk -v ok="$STEP_OK" -v c="$STEP_CREATED" 'BEGIN{printf "%.3f", c ? 100 * ok / c : 0}')
  uspc=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v ok="$STEP_OK" 'BEGIN{printf "%.1f", ok ? 1e6 * d / hz / ok : 0}')
  STEP_USPC=$uspc
  note=""
  ((try > 0)) && note="retry $try"
  STEP_NOISY=0
  STEPS_TOTAL=$((STEPS_TOTAL + 1))
  if ((fcpu > QUIET_MAX_CPU)); then STEP_NOISY=1; STEPS_BUSY=$((STEPS_BUSY + 1)); note="${note:+$note; }machine busy"; fi
  if awk -v a="$STEP_ACH" -v r="$rate" 'BEGIN{exit !(a < 0.95 * r)}'; then note="${note:+$note; }achieved < 95% of target"; fi
  if ((STEP_CREATED < rate * SECS)); then note="${note:+$note; }only $STEP_CREATED of $((rate * SECS)) created"; fi
  # 180s received after the 200 (the uac-late180.xml line) and calls aborted on a late 180 (strict uac.xml)
  local late abort180
  late=$(awk '/ACK ---------->/ {ack = 1} ack && /180 <----------/ {print $3; exit}' "$dir/sipp.out" 2>/dev/null)
  ((${late:-0} > 0)) && note="${note:+$note; }late-180 $late"
  abort180=$(grep -c "unexpected message.*received 'SIP/2.0 180" "$dir/errors.log" 2>/dev/null || true)
  ((${abort180:-0} > 0)) && note="${note:+$note; }aborted on late 180: $abort180"
  log "$(printf '%-9s %8d %9d %9d %9d %8s %10d %8s %7s %7s %9s %9s %10s %9d %9d  %s' "$name" "$rate" "$STEP_CREATED" "$STEP_OK" "$STEP_FAILED" "$succ" "$STEP_ACH" "$cpu" "$uspc" "$rcpu" "$gpr" "$scpu" "$fcpu" $((sd1 - sd0)) $((ad1 - ad0 - (sd1 - sd0))) "$note")"
  STEP_PASS=0
  if awk -v s="$succ" -v th="$THRESHOLD" 'BEGIN{exit !(s >= th)}'; then STEP_PASS=1; fi
}

# ---- build ----------------------------------------------------------------------------
if [[ " $TARGETS " == *" edge "* && $BUILD -eq 1 && $EDGE_DLL_SET -eq 0 ]]; then
  echo "building Cluster.Edge (Release)..."
  dotnet build Cluster.Edge -c Release -nologo -v q >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi


log "call-throughput benchmark (INVITE, 100, 180, 200, ACK, BYE, 200; SIPp UAC $UAC_IP -> proxy -> SIPp UAS $UAS_IP:$UAS_PORT), $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sipp -v 2>&1 | grep -o 'SIPp v[^ ,-]*' | head -1), $(kamailio -v | head -1), $(redis-server --version | grep -o 'v=[^ ]*')"
log "uac scenario: $SCENARIO"
log "kamailio: $KAM_CFG (tm, rr, dispatcher $DS_LIST); edge: $EDGE_DLL, config $EDGE_CONFIG"
log "steps: ${SECS}s each, threshold ${THRESHOLD}%, retries: $RETRIES, rates (calls/s): $RATES"
log "kamailio children: $KAM_CHILDREN, shm ${KAM_SHM_MB} MB, sipp cpus: ${TASKSET_SIPP:-any}, server cpus: ${TASKSET_SERVER:-any}${SIPP_EXTRA:+, sipp extra: $SIPP_EXTRA}"
log "output: $OUT"
read -r LOAD1 _ < /proc/loadavg
log "load average before start: $LOAD1 (other-cpu% below = CPU of unrelated processes during each step; the benchmark wants an idle machine)"

# ---- start every target, then interleave them step by step (same noise for both) ------
declare -A PIDS PORT RESULT RESULT_TARGET RESULT_USPC
STEPS_TOTAL=0 STEPS_BUSY=0
ACTIVE=""
EDGE_PID="" REDIS_PID="" UAS_PID=""
start_uas || exit 1
log "uas: SIPp $UAS_SCENARIO on $UAS_IP:$UAS_PORT (pid $UAS_PID)"
for target in $TARGETS; do
  case "$target" in
    kamailio) if start_kamailio "$KAM_PORT" kamailio; then PIDS[$target]=$SERVER_PID; PORT[$target]=$KAM_PORT; fi ;;
    edge) if start_edge; then EDGE_PID=$SERVER_PID; PIDS[$target]="$SERVER_PID $REDIS_PID"; PORT[$target]=$EDGE_PORT; fi ;;
  esac
  if [[ -n "${PIDS[$target]:-}" ]]; then
    ACTIVE="$ACTIVE $target"; RESULT[$target]=0; RESULT_TARGET[$target]=0
    log "$target: answering on 127.0.0.1:${PORT[$target]} (pids ${PIDS[$target]})"
  else
    log "$target: not measured (does not start or answer OPTIONS; see the error above and $OUT/$target.log)"
  fi
done

for target in $ACTIVE; do
  if ((WARMUP_SECS > 0)); then
    run_step "${PORT[$target]}" "$WARMUP_RATE" "$WARMUP_SECS" "$target-warmup"
    log "$target warm-up: ${WARMUP_RATE}/s x ${WARMUP_SECS}s, ok $STEP_OK / $STEP_CREATED (not counted)"
    sleep 1
  fi
done

log ""
log "$(printf '%-9s %8s %9s %9s %9s %8s %10s %8s %7s %7s %9s %9s %10s %9s %9s  %s' target target/s created ok failed 'success%' achieved/s 'srv-cpu%' 'us/call' 'redis%' 'grain/call' 'sipp-cpu%' 'other-cpu%' 'srv-drop' 'oth-drop' note)"
for rate in $RATES; do
  [[ -z "${ACTIVE// /}" ]] && break
  still=""
  for target in $ACTIVE; do
    fails=0
    for ((try = 0; try < MAX_TRIES; try++)); do
      ((try > 0)) && sleep 2
      measure "$target" "${PORT[$target]}" "$rate" "$try"
      ((STEP_PASS)) && break
      # a failure while other processes were busy does not count against RETRIES
      ((STEP_NOISY)) || fails=$((fails + 1))
      ((fails > RETRIES)) && break
      sleep 1
    done
    if ((STEP_PASS)); then
      still="$still $target"
      if ((STEP_ACH > RESULT[$target])); then RESULT[$target]=$STEP_ACH; RESULT_TARGET[$target]=$rate; RESULT_USPC[$target]=$STEP_USPC; fi
    else
      log "$target: success < ${THRESHOLD}% at ${rate}/s ($((try + 1)) tries), ladder stopped"
    fi
    sleep 1
  done
  ACTIVE=$still
done
for target in "${!PIDS[@]}"; do for p in ${PIDS[$target]}; do stop_server "$p"; done; done

log ""
log "== result (highest rate with success >= ${THRESHOLD}%, achieved calls/s, 7 messages each) =="
for target in $TARGETS; do
  if [[ -n "${RESULT[$target]:-}" ]]; then
    log "$(printf '%-9s %8d calls/s (step target %d/s), server CPU %s us per answered call there' "$target" "${RESULT[$target]}" "${RESULT_TARGET[$target]}" "${RESULT_USPC[$target]:-?}")"
  else
    log "$(printf '%-9s not measured' "$target")"
  fi
done
if [[ -n "${RESULT[kamailio]:-}" && -n "${RESULT[edge]:-}" && "${RESULT[kamailio]}" -gt 0 ]]; then
  log "ratio edge/kamailio: $(awk -v e="${RESULT[edge]}" -v k="${RESULT[kamailio]}" 'BEGIN{printf "%.2f", e / k}')"
  if [[ "${RESULT_TARGET[edge]}" == "${RESULT_TARGET[kamailio]}" ]]; then
    log "server CPU per call edge/kamailio at ${RESULT_TARGET[edge]}/s: $(awk -v e="${RESULT_USPC[edge]}" -v k="${RESULT_USPC[kamailio]}" 'BEGIN{printf "%.2f", (k > 0 ? e / k : 0)}')"
  fi
fi
if ((STEPS_BUSY > 0)); then
  log "warning: $STEPS_BUSY of $STEPS_TOTAL steps ran while unrelated processes used > ${QUIET_MAX_CPU}% of a core; figures are noisy (likely low)"
fi
log "details: $OUT (per step: SIPp stats; edge steps also threads.txt, redis-commandstats.txt, metrics-*.txt)"
