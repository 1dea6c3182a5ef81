# Shared harness of the bench/*/run.sh ladders (sourced, not run): command line, process start and
# stop, CPU accounting, the SIPp step and the rate ladder. Each run.sh keeps only its scenario, its
# Kamailio invocation, its extra columns and its wording.
#
# The "edge" target is the whole softswitch on this machine: one redis-server (Orleans membership +
# grain storage), one Cluster.Silo and one Cluster.Edge. Its CPU is edge + silo + Redis together
# (srv-cpu%, us/...), against Kamailio's whole process tree, in the same invocation.
#
# A script sets before sourcing: ROOT, and its defaults (RATES, SECS, ports ...), and optionally
# ALL_TARGETS (the targets it knows, in measuring order; default "kamailio edge"; a target other than
# these two is started by the script's target_start NAME, which sets PIDS[NAME] and PORT[NAME]) and
# RATIO_BASES (the targets the edge is compared with in the result; default "kamailio"); after sourcing
# it calls harness_args "$@", harness_tools TOOL..., harness_out NAME. Overrides common to all scripts:
#   EDGE_DLL / SILO_DLL (default Cluster.Edge|Silo/bin/Release/net10.0/...; setting EDGE_DLL skips the
#   build), SILO_PORT / GATEWAY_PORT / ADMIN_PORT (the silo's Orleans ports and admin API),
#   THRESHOLD, READY_TIMEOUT_S (90), RETRIES (1), MAX_TRIES (5), QUIET_MAX_CPU (25), QUIET_WAIT_S (120),
#   KAM_CHILDREN (2), SIPP_EXTRA, TASKSET_SIPP / TASKSET_SERVER (CPU list for taskset -c).
# shellcheck shell=bash

: "${THRESHOLD:=99.9}" "${READY_TIMEOUT_S:=90}" "${RETRIES:=1}" "${MAX_TRIES:=5}"
: "${QUIET_MAX_CPU:=25}" "${QUIET_WAIT_S:=120}" "${KAM_CHILDREN:=2}" "${SIPP_EXTRA:=}" "${NAME_W:=9}"
: "${TASKSET_SIPP:=}" "${TASKSET_SERVER:=}" "${ALL_TARGETS:=kamailio edge}" "${RATIO_BASES:=kamailio}"
if [[ -n "${EDGE_DLL:-}" ]]; then EDGE_DLL_SET=1; else EDGE_DLL_SET=0; fi
: "${EDGE_DLL:=Cluster.Edge/bin/Release/net10.0/Cluster.Edge.dll}"
# SILO_DLL: by default beside EDGE_DLL when an EDGE_DLL build output holds one (dotnet build -o DIR of both)
if [[ -z "${SILO_DLL:-}" ]]; then
  SILO_DLL=Cluster.Silo/bin/Release/net10.0/Cluster.Silo.dll
  [[ $EDGE_DLL_SET -eq 1 && -f "$(dirname "$EDGE_DLL")/Cluster.Silo.dll" ]] && SILO_DLL="$(dirname "$EDGE_DLL")/Cluster.Silo.dll"
fi
BUILD=1 ONLY="" OUT=""
SIPP_PREFIX=""; [[ -n "$TASKSET_SIPP" ]] && SIPP_PREFIX="taskset -c $TASKSET_SIPP"
SERVER_PREFIX=""; [[ -n "$TASKSET_SERVER" ]] && SERVER_PREFIX="taskset -c $TASKSET_SERVER"
CLK_TCK=$(getconf CLK_TCK)

# ---- command line ---------------------------------------------------------------------
# harness_args "$@": --no-build --only --rates --secs --out -h; a script's own flags go to its
# bench_arg FLAG [VALUE] function, which sets BENCH_SHIFT (how many words it took) or returns 1.
harness_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --no-build) BUILD=0; shift ;;
      --only) ONLY="$2"; shift 2 ;;
      --rates) RATES="$2"; shift 2 ;;
      --secs) SECS="$2"; shift 2 ;;
      --out) OUT="$2"; shift 2 ;;
      -h|--help) awk 'NR > 1 && !/^#/ {exit} NR > 1 {sub(/^# ?/, ""); print}' "$0"; exit 0 ;;
      *)
        if declare -F bench_arg >/dev/null && bench_arg "$@"; then shift "$BENCH_SHIFT"
        else echo "unknown argument: $1" >&2; exit 2; fi ;;
    esac
  done
  if [[ -n "$ONLY" && " $ALL_TARGETS " != *" $ONLY "* ]]; then
    echo "--only takes one of: $ALL_TARGETS" >&2; exit 2
  fi
  TARGETS=$ALL_TARGETS
  [[ -n "$ONLY" ]] && TARGETS="$ONLY"
  local t; NAME_W=9
  for t in $TARGETS; do ((${#t} > NAME_W)) && NAME_W=${#t}; done
  ((EDGE_DLL_SET)) && BUILD=0
  return 0
}

# ladder_init NAME PER "$@": what a SIPp ladder script (options, register, calls) does first: its
# command line, the tools, $OUT (/tmp/bench-NAME.*), PER (the request in column names: call, reg).
ladder_init() {
  local name=$1; PER=$2; shift 2
  harness_args "$@"
  harness_tools sipp sipsak kamailio awk redis-server redis-cli curl
  harness_out "$name"
}

harness_tools() { # harness_tools TOOL...: exit 2 naming the first one missing
  local tool
  for tool in "$@"; do
    command -v "$tool" >/dev/null || { echo "missing tool: $tool (apt-get install sip-tester sipsak kamailio redis-server curl)" >&2; exit 2; }
  done
}

harness_out() { # harness_out NAME: OUT (default a fresh /tmp/bench-NAME.XXXXXX), SUMMARY, log()
  if [[ -z "$OUT" ]]; then OUT=$(mktemp -d "/tmp/bench-$1.XXXXXX"); fi
  mkdir -p "$OUT"
  OUT=$(cd "$OUT" && pwd)
  SUMMARY="$OUT/summary.txt"
  : >"$SUMMARY"
}
log() { echo "$*" | tee -a "$SUMMARY"; }

harness_build() { # builds edge and silo unless --no-build, EDGE_DLL or no edge target
  [[ " $TARGETS " == *" edge "* && $BUILD -eq 1 && -z "${EDGE_CMD:-}" ]] || return 0
  echo "building Cluster.Edge and Cluster.Silo (Release)..."
  { dotnet build Cluster.Edge -c Release -nologo -v q && dotnet build Cluster.Silo -c Release -nologo -v q; } >"$OUT/build.log" 2>&1 \
    || { tail -30 "$OUT/build.log"; exit 1; }
}

# ---- processes: everything started is killed on exit, by pid, with its descendants -----
STARTED_PIDS=()
tree_pids() { local p=$1 c; echo "$p"; for c in $(pgrep -P "$p" 2>/dev/null || true); do tree_pids "$c"; done; }
forget_pids() { # forget_pids PID...: no longer killed at exit (reaped already)
  local keep=() q
  for q in "${STARTED_PIDS[@]}"; do [[ " $* " == *" $q "* ]] || keep+=("$q"); done
  STARTED_PIDS=("${keep[@]}")
}
stop_pids() { # stop_pids PID...: TERM the process trees, KILL what is left after 5 s (a silo gets 30 s)
  local all="" p i alive limit=20
  for p in "$@"; do all="$all $(tree_pids "$p" | tr '\n' ' ')"; done
  [[ " $* " == *" ${SILO_PID:-none} "* ]] && limit=120
  for p in $all; do kill -TERM "$p" 2>/dev/null || true; done
  for ((i = 0; i < limit; i++)); do
    alive=0; for p in $all; do kill -0 "$p" 2>/dev/null && alive=1; done
    ((alive)) || break; sleep 0.25
  done
  for p in $all; do kill -KILL "$p" 2>/dev/null || true; done
  for p in "$@"; do wait "$p" 2>/dev/null || true; done
  forget_pids "$@"
}
stop_pid() { stop_pids "$1"; }
harness_cleanup() {
  stop_cluster
  if ((${#STARTED_PIDS[@]})); then stop_pids "${STARTED_PIDS[@]}"; fi
  STARTED_PIDS=()
}
trap harness_cleanup EXIT
trap 'exit 130' INT TERM

# ---- CPU accounting -------------------------------------------------------------------
# CPU ticks (utime+stime) of processes and all their descendants: tree_ticks PID...
tree_ticks() {
  local p total=0 t r
  for p in $(for r in "$@"; do tree_pids "$r"; done | sort -u); do
    [[ -r /proc/$p/stat ]] || continue
    t=$(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}
pct() { awk -v d="$1" -v hz="$CLK_TCK" -v s="$2" 'BEGIN{printf "%.0f", (s > 0 ? 100 * d / hz / s : 0)}'; } # pct TICKS SECONDS -> % of a core
# CPU seconds (user+sys) of this shell's reaped children, i.e. mostly the SIPp processes.
# (/proc/stat's machine-wide idle is tick-sampled and unreliable in this VM; per-process
# times are exact.) Must run in the main shell (not in $(...) or a pipe): result in CHILDREN_CPU.
children_cpu() {
  times >"$OUT/.times"
  CHILDREN_CPU=$(awk 'NR == 2 { split($0, f, /[ms ]+/); print f[1] * 60 + f[2] + f[3] * 60 + f[4] }' "$OUT/.times")
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
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# ---- starting targets -----------------------------------------------------------------
probe() { timeout 3 sipsak -s "sip:127.0.0.1:$1" >/dev/null 2>&1; } # probe PORT -> 0 on a 2xx to OPTIONS
wait_answering() { # wait_answering PID PORT NAME
  local pid=$1 port=$2 name=$3 i
  for ((i = 0; i < READY_TIMEOUT_S * 2; i++)); do
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up" >&2; return 1; }
    probe "$port" && return 0
    sleep 0.5
  done
  return 1
}
wait_line() { # wait_line PID LOG PATTERN NAME: until LOG has a line matching PATTERN
  local pid=$1 log=$2 pattern=$3 name=$4 i
  for ((i = 0; i < READY_TIMEOUT_S * 4; i++)); do
    grep -q -- "$pattern" "$log" 2>/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { echo "$name exited during start-up; see $log" >&2; return 1; }
    sleep 0.25
  done
  echo "$name printed no '$pattern' line in ${READY_TIMEOUT_S}s; see $log" >&2
  return 1
}
port_free() { # port_free udp|tcp PORT -> 0 when nothing listens there (TCP: LISTEN only, not TIME_WAIT)
  local file=/proc/net/$1 state=""
  [[ "$1" == tcp ]] && state=0A
  ! awk -v p="$(printf ':%04X' "$2")" -v st="$state" 'NR > 1 && substr($2, length($2) - 4) == p && (st == "" || $4 == st) {found = 1} END {exit !found}' "$file"
}

# start_kamailio NAME PORT KAMAILIO-ARGS... -> SERVER_PID; runs in $OUT/NAME-run, logs to $OUT/NAME.log
start_kamailio() {
  local name=$1 port=$2; shift 2
  local run="$OUT/$name-run"
  mkdir -p "$run"
  port_free udp "$port" || { echo "udp port $port ($name) is in use (set its port variable, e.g. KAM_PORT)" >&2; return 1; }
  $SERVER_PREFIX kamailio -DD -E -l "udp:127.0.0.1:$port" -n "$KAM_CHILDREN" -P "$run/kamailio.pid" -Y "$run" "$@" >"$OUT/$name.log" 2>&1 &
  SERVER_PID=$!
  STARTED_PIDS+=("$SERVER_PID")
  wait_answering "$SERVER_PID" "$port" "$name" || { echo "$name does not answer OPTIONS on $port; see $OUT/$name.log" >&2; return 1; }
}

redis() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
# start_redis_at PORT_VAR LOGTAG -> NEW_REDIS_PID: a redis-server on 127.0.0.1:${!PORT_VAR}, logging to
# $OUT/redisLOGTAG.log (no persistence: a benchmark's Redis is thrown away)
start_redis_at() {
  local var=$1 port=${!1} i
  port_free tcp "$port" || { echo "tcp port $port is in use (set $var)" >&2; return 1; }
  $SERVER_PREFIX redis-server --bind 127.0.0.1 --port "$port" --save "" --appendonly no \
    --dir "$OUT" --logfile "$OUT/redis$2.log" --daemonize no >/dev/null 2>&1 &
  NEW_REDIS_PID=$!
  STARTED_PIDS+=("$NEW_REDIS_PID")
  for ((i = 0; i < 40; i++)); do redis-cli -h 127.0.0.1 -p "$port" PING 2>/dev/null | grep -q PONG && return 0; sleep 0.25; done
  echo "redis-server does not answer on $port; see $OUT/redis$2.log" >&2
  return 1
}
start_redis() { # start_redis [TAG] -> REDIS_PID: the edge's Redis on REDIS_PORT
  start_redis_at REDIS_PORT "${1:-}" || return 1
  REDIS_PID=$NEW_REDIS_PID
}

# start_cluster CONFIG [TAG] -> REDIS_PID SILO_PID EDGE_PID SERVER_PID (the edge) CLUSTER_PIDS
# ("edge silo redis"): Redis, then the silo (until "silo ready"), then the edge (until "cluster
# joined": it reached the silo's gateway) answering OPTIONS on EDGE_PORT. With EDGE_CMD (a whole
# command that must listen on udp:127.0.0.1:$EDGE_PORT) only that command runs.
start_cluster() {
  local config=$1 tag=${2:-}
  if [[ -n "${EDGE_CMD:-}" ]]; then
    $SERVER_PREFIX bash -c "exec $EDGE_CMD" >"$OUT/edge$tag.log" 2>&1 &
    SERVER_PID=$! EDGE_PID=$! SILO_PID="" REDIS_PID=""
    STARTED_PIDS+=("$SERVER_PID"); CLUSTER_PIDS=$SERVER_PID
    wait_answering "$SERVER_PID" "$EDGE_PORT" edge || { echo "edge does not answer OPTIONS on $EDGE_PORT; see $OUT/edge$tag.log" >&2; return 1; }
    return 0
  fi
  [[ -f "$EDGE_DLL" ]] || { echo "edge assembly not found: $EDGE_DLL" >&2; return 1; }
  [[ -f "$SILO_DLL" ]] || { echo "silo assembly not found: $SILO_DLL (set SILO_DLL)" >&2; return 1; }
  port_free udp "$EDGE_PORT" || { echo "udp port $EDGE_PORT is in use (set EDGE_PORT)" >&2; return 1; }
  local p; for p in METRICS_PORT SILO_PORT GATEWAY_PORT ADMIN_PORT; do
    port_free tcp "${!p}" || { echo "tcp port ${!p} is in use (set $p)" >&2; return 1; }
  done
  start_redis "$tag" || return 1
  $SERVER_PREFIX dotnet "$SILO_DLL" --config "$config" --redis "127.0.0.1:$REDIS_PORT" --admin "http://127.0.0.1:$ADMIN_PORT" \
    --silo-port "$SILO_PORT" --gateway-port "$GATEWAY_PORT" --advertise 127.0.0.1 --cdr-dir "$OUT/cdr$tag" >"$OUT/silo$tag.log" 2>&1 &
  SILO_PID=$!
  STARTED_PIDS+=("$SILO_PID")
  wait_line "$SILO_PID" "$OUT/silo$tag.log" '^silo ready' silo || return 1
  $SERVER_PREFIX dotnet "$EDGE_DLL" --config "$config" --redis "127.0.0.1:$REDIS_PORT" \
    --listen "udp:127.0.0.1:$EDGE_PORT" --metrics "http://127.0.0.1:$METRICS_PORT" >"$OUT/edge$tag.log" 2>&1 &
  EDGE_PID=$! SERVER_PID=$!
  STARTED_PIDS+=("$EDGE_PID")
  CLUSTER_PIDS="$EDGE_PID $SILO_PID $REDIS_PID"
  wait_line "$EDGE_PID" "$OUT/edge$tag.log" 'cluster joined' edge || return 1
  wait_answering "$EDGE_PID" "$EDGE_PORT" edge || { echo "edge does not answer OPTIONS on $EDGE_PORT; see $OUT/edge$tag.log" >&2; return 1; }
}
# stop_cluster: the edge, then the silo (it leaves the cluster, which needs Redis), then Redis
stop_cluster() {
  if [[ -n "${EDGE_PID:-}" ]]; then stop_pids "$EDGE_PID"; fi
  if [[ -n "${SILO_PID:-}" ]]; then stop_pids "$SILO_PID"; fi
  if [[ -n "${REDIS_PID:-}" ]]; then stop_pids "$REDIS_PID"; fi
  EDGE_PID="" SILO_PID="" REDIS_PID=""
}

# ---- the SIPp ladder ------------------------------------------------------------------
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

# run_step PORT RATE SECS TAG -> STEP_CREATED STEP_OK STEP_FAILED STEP_ACH. Runs PROCS (default 1)
# SIPp processes of SCENARIO, each with the script's sipp_args (scenario-specific arguments).
run_step() {
  local port=$1 rate=$2 secs=$3 tag=$4 i r m l pids=() c o f a
  local dir="$OUT/$tag" procs=${PROCS:-1}
  mkdir -p "$dir"
  for ((i = 0; i < procs; i++)); do
    r=$((rate / procs)); ((i == 0)) && r=$((r + rate % procs))
    m=$((r * secs)); l=$((r * 2)); ((l < 100)) && l=100
    rm -f "$dir/stat$i.csv"
    # shellcheck disable=SC2046,SC2086
    $SIPP_PREFIX sipp -sf "$SCENARIO" $(sipp_args "$dir") "127.0.0.1:$port" -p $((SIPP_PORT_BASE + i)) \
      -r "$r" -rp 1000 -m "$m" -l "$l" \
      -recv_timeout "$RECV_TIMEOUT_MS" -timeout "$((secs + RECV_TIMEOUT_MS / 1000 + 10))s" \
      -buff_size 4194304 -nostdin -trace_stat -stf "$dir/stat$i.csv" -fd 200ms $SIPP_EXTRA \
      >"$dir/sipp$i.out" 2>&1 &
    pids+=($!)
    STARTED_PIDS+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || true; done
  forget_pids "${pids[@]}"
  STEP_CREATED=0 STEP_OK=0 STEP_FAILED=0 STEP_ACH=0
  for ((i = 0; i < procs; i++)); do
    if [[ ! -s "$dir/stat$i.csv" ]]; then echo "SIPp $i wrote no statistics; see $dir/sipp$i.out" >&2; continue; fi
    read -r c o f a < <(parse_stat "$dir/stat$i.csv")
    STEP_CREATED=$((STEP_CREATED + c)); STEP_OK=$((STEP_OK + o))
    STEP_FAILED=$((STEP_FAILED + f)); STEP_ACH=$((STEP_ACH + a))
  done
}

# Columns of a ladder step; PER names the request ("call", "reg"): us/PER, grain/PER.
ladder_header() {
  printf "%-${NAME_W}s %8s %9s %9s %9s %8s %10s %8s %7s %7s %7s %10s %9s %10s %9s %9s  %s" target target/s created ok failed 'success%' achieved/s \
    'srv-cpu%' "us/$PER" 'silo%' 'redis%' "grain/$PER" 'sipp-cpu%' 'other-cpu%' 'srv-drop' 'oth-drop' note
}

# measure NAME PORT RATE TRY -> logs one step, sets STEP_PASS STEP_ACH STEP_USPC STEP_NOISY.
# Server CPU = the target's process trees (kamailio; edge + silo + Redis). A target with a Redis of its
# own (REDIS_OF[NAME] its pid, REDIS_PORT_OF[NAME] its port; the edge's is set by start_target) shows
# that Redis' share (redis%) and leaves its INFO commandstats in the step directory. Hooks a script may define:
# step_before NAME DIR / step_after NAME DIR (extra files), step_note NAME DIR (echo extra notes);
# EXTRA_SIPP_PID: a long-running SIPp (the calls UAS) counted as SIPp CPU, not as other CPU.
measure() {
  local name=$1 port=$2 rate=$3 try=$4 t0 t1 c0 c1 w0 w1 sd0 sd1 ad0 ad1 cpu scpu fcpu succ uspc note secs
  local pids=${PIDS[$name]} e0=0 e1=0 s0=0 s1=0 r0=0 r1=0 scpu_silo=- rcpu=- gpr=- tag="$name-$rate-try$try" dir mine extra
  local rpid=${REDIS_OF[$name]:-} rport=${REDIS_PORT_OF[$name]:-}
  dir="$OUT/$tag"; mkdir -p "$dir"
  extra=${EXTRA_SIPP_PID:-}
  if [[ -n "$extra" ]]; then kill -0 "$extra" 2>/dev/null || { echo "SIPp $extra (long-running) exited; see $OUT" >&2; exit 1; }; fi
  [[ -n "$rpid" ]] && redis-cli -h 127.0.0.1 -p "$rport" CONFIG RESETSTAT >/dev/null
  if [[ "$name" == edge && -n "${REDIS_PID:-}" ]]; then
    curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$dir/metrics-before.txt" || true
  fi
  declare -F step_before >/dev/null && step_before "$name" "$dir"
  # shellcheck disable=SC2086
  mine="$extra $(for p in $pids; do tree_pids "$p"; done | tr '\n' ' ')"
  wait_quiet "$mine"
  # shellcheck disable=SC2086
  t0=$(tree_ticks $pids); children_cpu; c0=$CHILDREN_CPU; [[ -n "$extra" ]] && e0=$(tree_ticks "$extra")
  [[ -n "$rpid" ]] && r0=$(tree_ticks "$rpid")
  if [[ "$name" == edge && -n "${REDIS_PID:-}" ]]; then
    s0=$(tree_ticks "$SILO_PID")
    thread_snapshot "$EDGE_PID" "$dir/.threads0"; thread_snapshot "$SILO_PID" "$dir/.silo-threads0"
  fi
  snapshot "$OUT/.snap0"
  sd0=$(port_drops "$port"); ad0=$(all_drops); w0=$(date +%s.%N)
  run_step "$port" "$rate" "$SECS" "$tag"
  w1=$(date +%s.%N); sd1=$(port_drops "$port"); ad1=$(all_drops)
  snapshot "$OUT/.snap1"
  secs=$(awk -v a="$w0" -v b="$w1" 'BEGIN{print b - a}')
  fcpu=$(foreign_cpu "$OUT/.snap0" "$OUT/.snap1" "$$ $mine" "$secs")
  # shellcheck disable=SC2086
  t1=$(tree_ticks $pids); children_cpu; c1=$CHILDREN_CPU; [[ -n "$extra" ]] && e1=$(tree_ticks "$extra")
  if [[ -n "$rpid" ]]; then
    r1=$(tree_ticks "$rpid"); rcpu=$(pct $((r1 - r0)) "$secs")
    redis-cli -h 127.0.0.1 -p "$rport" INFO commandstats >"$dir/redis-commandstats.txt" 2>/dev/null || true
  fi
  if [[ "$name" == edge && -n "${REDIS_PID:-}" ]]; then
    s1=$(tree_ticks "$SILO_PID")
    thread_snapshot "$EDGE_PID" "$dir/.threads1"; thread_snapshot "$SILO_PID" "$dir/.silo-threads1"
    thread_report "$dir/.threads0" "$dir/.threads1" "$secs" >"$dir/threads.txt"
    thread_report "$dir/.silo-threads0" "$dir/.silo-threads1" "$secs" >"$dir/silo-threads.txt"
    scpu_silo=$(pct $((s1 - s0)) "$secs")
    curl -s "http://127.0.0.1:$METRICS_PORT/metrics" >"$dir/metrics-after.txt" || true
    gpr=$(awk -v a="$(metric edge_grain_calls "$dir/metrics-before.txt")" -v b="$(metric edge_grain_calls "$dir/metrics-after.txt")" -v ok="$STEP_OK" \
      'BEGIN{printf "%.2f", ok ? (b - a) / ok : 0}')
  fi
  declare -F step_after >/dev/null && step_after "$name" "$dir"
  cpu=$(pct $((t1 - t0)) "$secs")
  scpu=$(awk -v x="$c0" -v y="$c1" -v u=$((e1 - e0)) -v hz="$CLK_TCK" -v s="$secs" 'BEGIN{printf "%.0f", 100 * ((y - x) + u / hz) / s}')
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
  if declare -F step_note >/dev/null; then local more; more=$(step_note "$name" "$dir"); [[ -n "$more" ]] && note="${note:+$note; }$more"; fi
  log "$(printf "%-${NAME_W}s %8d %9d %9d %9d %8s %10d %8s %7s %7s %7s %10s %9s %10s %9d %9d  %s" "$name" "$rate" "$STEP_CREATED" "$STEP_OK" "$STEP_FAILED" "$succ" "$STEP_ACH" "$cpu" "$uspc" "$scpu_silo" "$rcpu" "$gpr" "$scpu" "$fcpu" $((sd1 - sd0)) $((ad1 - ad0 - (sd1 - sd0))) "$note")"
  STEP_PASS=0
  if awk -v s="$succ" -v th="$THRESHOLD" 'BEGIN{exit !(s >= th)}'; then STEP_PASS=1; fi
}

# start_target NAME: kamailio through the script's kamailio_target (SERVER_PID, on KAM_PORT), edge as
# start_cluster EDGE_CONFIG, any other target through the script's target_start NAME; sets PIDS[NAME]
# (the pids whose trees are the server) and PORT[NAME].
start_target() {
  case "$1" in
    kamailio) if kamailio_target; then PIDS[kamailio]=$SERVER_PID; PORT[kamailio]=$KAM_PORT; fi ;;
    edge)
      if start_cluster "$EDGE_CONFIG"; then
        PIDS[edge]=$CLUSTER_PIDS; PORT[edge]=$EDGE_PORT
        if [[ -n "${REDIS_PID:-}" ]]; then REDIS_OF[edge]=$REDIS_PID; REDIS_PORT_OF[edge]=$REDIS_PORT; fi
      fi ;;
    *) target_start "$1" ;;
  esac
}

# start_targets: starts every target of TARGETS; the ones that answer are ACTIVE.
declare -A PIDS PORT RESULT RESULT_TARGET RESULT_USPC PASS_USPC REDIS_OF REDIS_PORT_OF
start_targets() {
  local target
  STEPS_TOTAL=0 STEPS_BUSY=0 ACTIVE=""
  for target in $TARGETS; do
    start_target "$target" || true
    if [[ -n "${PIDS[$target]:-}" ]]; then
      ACTIVE="$ACTIVE $target"; RESULT[$target]=0; RESULT_TARGET[$target]=0
      log "$target: answering on 127.0.0.1:${PORT[$target]} (pids ${PIDS[$target]})"
    else
      log "$target: not measured (does not start or answer OPTIONS; see the error above and $OUT/$target.log)"
    fi
  done
}

# run_ladder: warm-up of every active target, then every rate of RATES, each target in turn
# (interleaved, so all see the same machine noise); a target's ladder stops at the first rate whose
# success stays below THRESHOLD after RETRIES re-runs (tries in a busy machine do not count).
run_ladder() {
  local target rate still fails try
  for target in $ACTIVE; do
    if ((WARMUP_SECS > 0)); then
      run_step "${PORT[$target]}" "$WARMUP_RATE" "$WARMUP_SECS" "$target-warmup"
      log "$target warm-up: ${WARMUP_RATE}/s x ${WARMUP_SECS}s, ok $STEP_OK / $STEP_CREATED (not counted)"
      sleep 1
    fi
  done
  log ""
  log "$(ladder_header)"
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
        PASS_USPC["$target $rate"]=$STEP_USPC
        if ((STEP_ACH > RESULT[$target])); then RESULT[$target]=$STEP_ACH; RESULT_TARGET[$target]=$rate; RESULT_USPC[$target]=$STEP_USPC; fi
      else
        log "$target: success < ${THRESHOLD}% at ${rate}/s ($((try + 1)) tries), ladder stopped"
      fi
      sleep 1
    done
    ACTIVE=$still
  done
  for target in "${!PIDS[@]}"; do
    if [[ "$target" == edge ]]; then stop_cluster; else stop_pids ${PIDS[$target]}; fi
  done
}

# ladder_result WHAT UNIT PER_TEXT: the result block (WHAT "achieved calls/s", UNIT "calls/s",
# PER_TEXT "answered call").
ladder_result() {
  local what=$1 unit=$2 per=$3 target
  log ""
  log "== result (highest rate with success >= ${THRESHOLD}%, $what) =="
  for target in $TARGETS; do
    if [[ -n "${RESULT[$target]:-}" ]]; then
      log "$(printf "%-${NAME_W}s %8d %s (step target %d/s), server CPU %s us per %s there" "$target" "${RESULT[$target]}" "$unit" "${RESULT_TARGET[$target]}" "${RESULT_USPC[$target]:-?}" "$per")"
    else
      log "$(printf "%-${NAME_W}s not measured" "$target")"
    fi
  done
  # edge against each base: the rate ratio, and the CPU-per-request ratio at the highest step target
  # that both passed (the same offered load)
  local base rate common
  for base in $RATIO_BASES; do
    [[ -n "${RESULT[$base]:-}" && -n "${RESULT[edge]:-}" && "${RESULT[$base]}" -gt 0 ]] || continue
    log "ratio edge/$base: $(awk -v e="${RESULT[edge]}" -v k="${RESULT[$base]}" 'BEGIN{printf "%.2f", e / k}')"
    common=""
    for rate in $RATES; do
      [[ -n "${PASS_USPC["edge $rate"]:-}" && -n "${PASS_USPC["$base $rate"]:-}" ]] && common=$rate
    done
    if [[ -n "$common" ]]; then
      log "server CPU per ${per#answered } edge/$base at $common/s: $(awk -v e="${PASS_USPC["edge $common"]}" -v k="${PASS_USPC["$base $common"]}" 'BEGIN{printf "%.2f", (k > 0 ? e / k : 0)}') (${PASS_USPC["edge $common"]} / ${PASS_USPC["$base $common"]} us)"
    fi
  done
  if ((STEPS_BUSY > 0)); then
    log "warning: $STEPS_BUSY of $STEPS_TOTAL steps ran while unrelated processes used > ${QUIET_MAX_CPU}% of a core; figures are noisy (likely low)"
  fi
}

log_header() { # log_header TITLE: the lines every ladder starts with
  log "$1, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, $(sipp -v 2>&1 | grep -o 'SIPp v[^ ,-]*' | head -1), $(kamailio -v | head -1), $(redis-server --version | grep -o 'v=[^ ]*')"
  log "edge target: edge $EDGE_DLL + silo $SILO_DLL + redis-server, CPU counted together (silo% and redis% are their shares)"
}
log_load() {
  local load1 _rest
  read -r load1 _rest </proc/loadavg
  log "output: $OUT"
  log "load average before start: $load1 (other-cpu% below = CPU of unrelated processes during each step; the benchmark wants an idle machine)"
}
