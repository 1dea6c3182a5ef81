#!/usr/bin/env bash
# OPTIONS -> 200 benchmark: Kamailio (stateless sl) vs Cluster.Edge, SIPp rate ladder.
#
#   bench/options/run.sh [--no-build] [--only kamailio|edge] [--rates "2000 4000 ..."]
#                        [--secs 5] [--procs 1] [--out DIR]
#
# Starts both targets, then runs SIPp (bench/sipp/options_uac.xml) at rising rates, each
# step lasting --secs seconds (-m rate*secs); at every rate it measures kamailio, then the
# edge (interleaved, so both see the same machine noise). A target's ladder stops at the
# first rate whose success (successful calls / calls created) stays below 99.9 % after
# RETRIES re-runs. It prints, per target, the highest rate sustained at >= 99.9 % (the
# rate SIPp actually achieved, which is what counts when SIPp cannot keep up) and the
# ratio edge/kamailio. Per step it also shows the server's CPU (% of one core, and
# microseconds of server CPU per answered call: us/call), the SIPp
# processes' CPU, the CPU of unrelated processes (other-cpu%), and UDP receive-buffer drops at the server socket (srv-drop) and
# elsewhere (oth-drop: in practice SIPp's socket).
#
# Environment overrides:
#   EDGE_DLL     edge assembly (default Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll;
#                setting it skips the build)
#   EDGE_CONFIG  edge config (default config/demo.yaml)
#   EDGE_CMD     whole command that starts the "edge" target instead of dotnet (it must
#                listen on udp:127.0.0.1:$EDGE_PORT); used to validate the script with a
#                second Kamailio. With EDGE_CMD no "edge ready" line is awaited.
#   KAM_PORT (5090), EDGE_PORT (5091), SIPP_PORT_BASE (5160), THRESHOLD (99.9),
#   WARMUP_RATE (1000), WARMUP_SECS (3), RECV_TIMEOUT_MS (5000), READY_TIMEOUT_S (90),
#   RETRIES (1: a step below the threshold is run once more before the ladder stops; the
#   VM shows short stalls that drop packets), MAX_TRIES (5), QUIET_MAX_CPU (25: before each
#   step, wait up to QUIET_WAIT_S (120) s until unrelated processes use <= this % of one
#   core; a failed try during which they used more is marked "machine busy" and does not
#   count against RETRIES), KAM_CHILDREN (2, Kamailio UDP workers, -n), SIPP_EXTRA (extra SIPp arguments),
#   TASKSET_SIPP / TASKSET_SERVER (CPU list for taskset -c, e.g. 0 and 1; default unpinned)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
SCENARIO="$ROOT/bench/sipp/options_uac.xml"
KAM_CFG="$ROOT/bench/options/kamailio.cfg"

RATES="2000 4000 6000 8000 10000 12000 15000 20000 25000 30000 35000 40000 45000 50000 60000 70000 80000"
SECS=5
PROCS=1
ONLY=""
BUILD=1
OUT=""
KAM_PORT=${KAM_PORT:-5090}
EDGE_PORT=${EDGE_PORT:-5091}
SIPP_PORT_BASE=${SIPP_PORT_BASE:-5160}
THRESHOLD=${THRESHOLD:-99.9}
WARMUP_RATE=${WARMUP_RATE:-1000}
WARMUP_SECS=${WARMUP_SECS:-3}
RECV_TIMEOUT_MS=${RECV_TIMEOUT_MS:-5000}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-90}
KAM_CHILDREN=${KAM_CHILDREN:-2}
RETRIES=${RETRIES:-1}
MAX_TRIES=${MAX_TRIES:-5}
QUIET_MAX_CPU=${QUIET_MAX_CPU:-25}
QUIET_WAIT_S=${QUIET_WAIT_S:-120}
SIPP_EXTRA=${SIPP_EXTRA:-}
TASKSET_SIPP=${TASKSET_SIPP:-}
TASKSET_SERVER=${TASKSET_SERVER:-}
EDGE_CONFIG=${EDGE_CONFIG:-config/demo.yaml}
EDGE_CMD=${EDGE_CMD:-}
if [[ -n "${EDGE_DLL:-}" ]]; then EDGE_DLL_SET=1; else EDGE_DLL_SET=0; fi
EDGE_DLL=${EDGE_DLL:-Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll}

while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) BUILD=0; shift ;;
    --only) ONLY="$2"; shift 2 ;;
    --rates) RATES="$2"; shift 2 ;;
    --secs) SECS="$2"; shift 2 ;;
    --procs) PROCS="$2"; shift 2 ;;
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

for tool in sipp sipsak kamailio awk; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install sip-tester sipsak kamailio)" >&2; exit 2; }
done

if [[ -z "$OUT" ]]; then OUT=$(mktemp -d /tmp/bench-options.XXXXXX); fi
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
SUMMARY="$OUT/summary.txt"
: > "$SUMMARY"
log() { echo "$*" | tee -a "$SUMMARY"; }

# ---- cleanup: kill everything this script started -------------------------------------
STARTED_PIDS=()
cleanup() {
  local pid all="" i
  for pid in "${STARTED_PIDS[@]}"; do all="$all $(tree_pids "$pid" | tr '\n' ' ')"; done
  for pid in "${STARTED_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 20; i++)); do
    local alive=0
    for pid in $all; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.25
  done
  for pid in $all; do kill -KILL "$pid" 2>/dev/null || true; done
  for pid in "${STARTED_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  STARTED_PIDS=()
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers --------------------------------------------------------------------------
CLK_TCK=$(getconf CLK_TCK)

# CPU ticks (utime+stime) of a process and all its descendants.
tree_ticks() {
  local root=$1 pids p total=0 t
  pids="$root $(pgrep -P "$root" 2>/dev/null || true)"
  for p in $pids; do
    for c in $(pgrep -P "$p" 2>/dev/null || true); do pids="$pids $c"; done
  done
  for p in $(echo "$pids" | tr ' ' '\n' | sort -u); do
    [[ -r /proc/$p/stat ]] || continue
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

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

start_kamailio() { # start_kamailio PORT NAME -> sets SERVER_PID
  local port=$1 name=$2
  local run="$OUT/$name-run"
  mkdir -p "$run"
  $SERVER_PREFIX kamailio -f "$KAM_CFG" -DD -E -l "udp:127.0.0.1:$port" -n "$KAM_CHILDREN" -m 256 -M 16 \
    -P "$run/kamailio.pid" -Y "$run" >"$OUT/$name.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  wait_answering "$SERVER_PID" "$port" "$name" || { echo "$name does not answer OPTIONS on $port; see $OUT/$name.log" >&2; return 1; }
}

start_edge() { # -> sets SERVER_PID
  local i
  if [[ -n "$EDGE_CMD" ]]; then
    $SERVER_PREFIX bash -c "exec $EDGE_CMD" >"$OUT/edge.log" 2>&1 &
    SERVER_PID=$!
    STARTED_PIDS+=("$SERVER_PID")
  else
    [[ -f "$EDGE_DLL" ]] || { echo "edge assembly not found: $EDGE_DLL" >&2; return 1; }
    $SERVER_PREFIX dotnet "$EDGE_DLL" --config "$EDGE_CONFIG" --listen "udp:127.0.0.1:$EDGE_PORT" >"$OUT/edge.log" 2>&1 &
    SERVER_PID=$!
    STARTED_PIDS+=("$SERVER_PID")
    for ((i = 0; i < READY_TIMEOUT_S * 2; i++)); do
      grep -q '^edge ready' "$OUT/edge.log" && break
      kill -0 "$SERVER_PID" 2>/dev/null || { echo "edge exited during start-up; see $OUT/edge.log" >&2; return 1; }
      sleep 0.5
    done
    grep -q '^edge ready' "$OUT/edge.log" || { echo "edge printed no 'edge ready' line in ${READY_TIMEOUT_S}s" >&2; return 1; }
  fi
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

# run_step TARGET PORT RATE SECS TAG -> sets STEP_CREATED STEP_OK STEP_FAILED STEP_ACH
run_step() {
  local port=$1 rate=$2 secs=$3 tag=$4 i r m l pids=()
  local dir="$OUT/$tag"
  mkdir -p "$dir"
  for ((i = 0; i < PROCS; i++)); do
    r=$((rate / PROCS)); ((i == 0)) && r=$((r + rate % PROCS))
    m=$((r * secs)); l=$((r * 2)); ((l < 100)) && l=100
    rm -f "$dir/stat$i.csv"
    $SIPP_PREFIX sipp -sf "$SCENARIO" "127.0.0.1:$port" -i 127.0.0.1 -p $((SIPP_PORT_BASE + i)) \
      -r "$r" -rp 1000 -m "$m" -l "$l" \
      -recv_timeout "$RECV_TIMEOUT_MS" -timeout "$((secs + RECV_TIMEOUT_MS / 1000 + 10))s" \
      -buff_size 4194304 -nostdin -trace_stat -stf "$dir/stat$i.csv" -fd 200ms $SIPP_EXTRA \
      >"$dir/sipp$i.out" 2>&1 &
    pids+=($!)
    STARTED_PIDS+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  local keep=() q
  for q in "${STARTED_PIDS[@]}"; do [[ " ${pids[*]} " == *" $q "* ]] || keep+=("$q"); done
  STARTED_PIDS=("${keep[@]}")
  STEP_CREATED=0 STEP_OK=0 STEP_FAILED=0 STEP_ACH=0
  for ((i = 0; i < PROCS; i++)); do
    if [[ ! -s "$dir/stat$i.csv" ]]; then echo "SIPp $i wrote no statistics; see $dir/sipp$i.out" >&2; continue; fi
    read -r c o f a < <(parse_stat "$dir/stat$i.csv")
    STEP_CREATED=$((STEP_CREATED + c)); STEP_OK=$((STEP_OK + o))
    STEP_FAILED=$((STEP_FAILED + f)); STEP_ACH=$((STEP_ACH + a))
  done
}

# CPU ticks of every process ("pid ticks" lines), to see what else ran during a step.
snapshot() { cat /proc/[0-9]*/stat 2>/dev/null | awk '{pid = $1; sub(/^.*\) /, ""); print pid, $12 + $13}' >"$1" || true; }
# foreign_cpu BEFORE AFTER EXCLUDED_PIDS SECONDS -> % of one core used by other processes
foreign_cpu() {
  awk -v ex=" $3 " -v hz="$CLK_TCK" -v secs="$4" '
    FNR == NR { a[$1] = $2; next }
    ($1 in a) && index(ex, " " $1 " ") == 0 { d += $2 - a[$1] }
    END { printf "%.0f", (secs > 0 ? 100 * d / hz / secs : 0) }' "$1" "$2"
}
tree_pids() { local p=$1 c; echo "$p"; for c in $(pgrep -P "$p" 2>/dev/null || true); do tree_pids "$c"; done; }

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

# measure NAME PORT PID RATE TRY -> logs one step, sets STEP_PASS and STEP_ACH
measure() {
  local name=$1 port=$2 pid=$3 rate=$4 try=$5 t0 t1 c0 c1 w0 w1 sd0 sd1 ad0 ad1 cpu scpu fcpu succ uspc note
  wait_quiet "$(tree_pids "$pid" | tr '\n' ' ')"
  t0=$(tree_ticks "$pid"); children_cpu; c0=$CHILDREN_CPU
  snapshot "$OUT/.snap0"
  sd0=$(port_drops "$port"); ad0=$(all_drops); w0=$(date +%s.%N)
  run_step "$port" "$rate" "$SECS" "$name-$rate-try$try"
  w1=$(date +%s.%N); sd1=$(port_drops "$port"); ad1=$(all_drops)
  snapshot "$OUT/.snap1"
  fcpu=$(foreign_cpu "$OUT/.snap0" "$OUT/.snap1" "$$ $(tree_pids "$pid" | tr '\n' ' ')" "$(awk -v a="$w0" -v b="$w1" 'BEGIN{print b - a}')")
  t1=$(tree_ticks "$pid"); children_cpu; c1=$CHILDREN_CPU
  cpu=$(awk -v d=$((t1 - t0)) -v hz="$CLK_TCK" -v a="$w0" -v b="$w1" 'BEGIN{printf "%.0f", 100 * d / hz / (b - a)}')
  scpu=$(awk -v x="$c0" -v y="$c1" -v a="$w0" -v b="$w1" 'BEGIN{printf "%.0f", 100 * (y - x) / (b - a)}')
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
  log "$(printf '%-9s %8d %9d %9d %9d %8s %10d %8s %7s %9s %9s %9d %9d  %s' "$name" "$rate" "$STEP_CREATED" "$STEP_OK" "$STEP_FAILED" "$succ" "$STEP_ACH" "$cpu" "$uspc" "$scpu" "$fcpu" $((sd1 - sd0)) $((ad1 - ad0 - (sd1 - sd0))) "$note")"
  STEP_PASS=0
  if awk -v s="$succ" -v th="$THRESHOLD" 'BEGIN{exit !(s >= th)}'; then STEP_PASS=1; fi
}

# ---- build ----------------------------------------------------------------------------
if [[ " $TARGETS " == *" edge "* && -z "$EDGE_CMD" && $BUILD -eq 1 && $EDGE_DLL_SET -eq 0 ]]; then
  echo "building Cluster.Edge (Release)..."
  dotnet build Cluster.Edge -c Release -nologo -v q >"$OUT/build.log" 2>&1 || { tail -30 "$OUT/build.log"; exit 1; }
fi

log "OPTIONS -> 200 benchmark, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sipp -v 2>&1 | grep -o 'SIPp v[^ ,-]*' | head -1), $(kamailio -v | head -1)"
log "steps: ${SECS}s each, SIPp processes per step: $PROCS, threshold ${THRESHOLD}%, retries: $RETRIES, rates: $RATES"
log "kamailio children: $KAM_CHILDREN, sipp cpus: ${TASKSET_SIPP:-any}, server cpus: ${TASKSET_SERVER:-any}${SIPP_EXTRA:+, sipp extra: $SIPP_EXTRA}"
log "output: $OUT"
read -r LOAD1 _ < /proc/loadavg
log "load average before start: $LOAD1 (other-cpu% below = CPU of unrelated processes during each step; the benchmark wants an idle machine)"

# ---- start every target, then interleave them step by step (same noise for both) ------
declare -A PID PORT RESULT RESULT_TARGET RESULT_USPC
STEPS_TOTAL=0 STEPS_BUSY=0
ACTIVE=""
for target in $TARGETS; do
  case "$target" in
    kamailio) if start_kamailio "$KAM_PORT" kamailio; then PID[$target]=$SERVER_PID; PORT[$target]=$KAM_PORT; fi ;;
    edge) if start_edge; then PID[$target]=$SERVER_PID; PORT[$target]=$EDGE_PORT; else log "edge: not measured (does not start or answer OPTIONS)"; fi ;;
  esac
  if [[ -n "${PID[$target]:-}" ]]; then
    ACTIVE="$ACTIVE $target"; RESULT[$target]=0; RESULT_TARGET[$target]=0
    log "$target: answering on 127.0.0.1:${PORT[$target]} (pid ${PID[$target]})"
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
log "$(printf '%-9s %8s %9s %9s %9s %8s %10s %8s %7s %9s %9s %9s %9s  %s' target target/s created ok failed 'success%' achieved/s 'srv-cpu%' 'us/call' 'sipp-cpu%' 'other-cpu%' 'srv-drop' 'oth-drop' note)"
for rate in $RATES; do
  [[ -z "${ACTIVE// /}" ]] && break
  still=""
  for target in $ACTIVE; do
    fails=0 tries=0
    for ((try = 0; try < MAX_TRIES; try++)); do
      tries=$((try + 1))
      ((try > 0)) && sleep 2
      measure "$target" "${PORT[$target]}" "${PID[$target]}" "$rate" "$try"
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
      log "$target: success < ${THRESHOLD}% at ${rate}/s ($tries tries), ladder stopped"
    fi
    sleep 1
  done
  ACTIVE=$still
done
for target in "${!PID[@]}"; do stop_server "${PID[$target]}"; done

log ""
log "== result (highest rate with success >= ${THRESHOLD}%, achieved calls/s) =="
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
log "details: $OUT"
