#!/usr/bin/env bash
# Runs the softswitch on this machine: Redis (AOF on; Orleans membership and grain storage), then
# SILOS Orleans silos, then EDGES SIP edges with config/demo.yaml. Installs redis-server when missing.
# Waits for every silo's "silo ready" line and every edge's "cluster joined" line before it prints
# where everything listens; Ctrl-C stops all (edges first, then silos, which leave the cluster, then Redis).
#
#   ./run.sh                     one silo, one edge on 127.0.0.1:5060 (UDP and TCP)
#   SILOS=2 EDGES=2 ./run.sh     two silos and two edges on one machine
#
# Process i (0-based) takes the base port + i: silo i on SILO_PORT+i / GATEWAY_PORT+i with its admin
# API on ADMIN_URL's port + i; edge i on SIP_PORT+i with its metrics on METRICS_URL's port + i.
# Logs: run/silo<N>.log, run/edge<N>.log, run/redis/redis.log (N from 1). CDR files: run/cdr/.
#
# Environment overrides: CONFIG (default config/demo.yaml), SILOS (1), EDGES (1), REDIS_PORT (6379),
# SIP_ADDR (127.0.0.1), SIP_PORT (5060), ADMIN_URL (http://127.0.0.1:8080),
# METRICS_URL (http://127.0.0.1:9090), SILO_PORT (11111, silo-to-silo), GATEWAY_PORT (30000, edges'
# Orleans gateway), ADVERTISE (127.0.0.1, the address silos and edges reach a silo on),
# READY_TIMEOUT_S (120), NO_BUILD (set to skip the build).
set -euo pipefail
cd "$(dirname "$0")"

CONFIG=${CONFIG:-config/demo.yaml}
SILOS=${SILOS:-1}
EDGES=${EDGES:-1}
REDIS_PORT=${REDIS_PORT:-6379}
SIP_ADDR=${SIP_ADDR:-127.0.0.1}
SIP_PORT=${SIP_PORT:-5060}
ADMIN_URL=${ADMIN_URL:-http://127.0.0.1:8080}
METRICS_URL=${METRICS_URL:-http://127.0.0.1:9090}
SILO_PORT=${SILO_PORT:-11111}
GATEWAY_PORT=${GATEWAY_PORT:-30000}
ADVERTISE=${ADVERTISE:-127.0.0.1}
READY_TIMEOUT_S=${READY_TIMEOUT_S:-120}
STATE=run

[[ "$SILOS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: SILOS must be a whole number >= 1, got '$SILOS'" >&2; exit 2; }
[[ "$EDGES" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: EDGES must be a whole number >= 1, got '$EDGES'" >&2; exit 2; }
# plus_port URL N -> the URL with its port raised by N (http://127.0.0.1:8080 1 -> http://127.0.0.1:8081)
plus_port() {
  local url=${1%/} n=$2
  [[ "$url" =~ ^(.*):([0-9]+)$ ]] || { echo "run.sh: expected a URL with a port, such as http://127.0.0.1:8080, got '$1'" >&2; exit 2; }
  echo "${BASH_REMATCH[1]}:$((BASH_REMATCH[2] + n))"
}

if ! command -v redis-server >/dev/null; then
  echo "run.sh: installing redis-server"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq redis-server >/dev/null
fi

if [[ -z "${NO_BUILD:-}" ]]; then
  echo "run.sh: building (Release)"
  dotnet build Cluster.sln -c Release -nologo -v quiet
fi

mkdir -p "$STATE/redis"
edge_pids=() silo_pids=() redis_pid="" tail_pid=""
stop_all() { # stop_all PID...: SIGTERM, then wait up to 40 s (a silo's shutdown is bounded by 30 s), then SIGKILL
  local pid i alive
  (($#)) || return 0
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 160; i++)); do
    alive=0; for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.25
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
}
stop() {
  trap - EXIT
  [[ -n "$tail_pid" ]] && { kill "$tail_pid" 2>/dev/null || true; wait "$tail_pid" 2>/dev/null || true; }
  stop_all "${edge_pids[@]}"
  stop_all "${silo_pids[@]}"
  [[ -n "$redis_pid" ]] && stop_all "$redis_pid"
  echo "run.sh: stopped"
}
trap stop EXIT
trap 'exit 130' INT TERM

# wait_line PID LOG PATTERN NAME: until LOG has a line matching PATTERN; fails naming NAME when the
# process exits or READY_TIMEOUT_S passes.
wait_line() {
  local pid=$1 log=$2 pattern=$3 name=$4 deadline=$((SECONDS + READY_TIMEOUT_S))
  while ! grep -q -- "$pattern" "$log" 2>/dev/null; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "run.sh: $name exited before '$pattern'; last lines of $log:" >&2; tail -n 15 "$log" >&2; return 1
    fi
    if ((SECONDS >= deadline)); then
      echo "run.sh: $name did not come up: no '$pattern' in $log within ${READY_TIMEOUT_S}s; last lines:" >&2; tail -n 15 "$log" >&2; return 1
    fi
    sleep 0.2
  done
}

redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$PWD/$STATE/redis" \
  --appendonly yes --save "" --daemonize no --logfile "$PWD/$STATE/redis/redis.log" &
redis_pid=$!
for _ in $(seq 1 50); do
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break
  sleep 0.1
done
redis-cli -p "$REDIS_PORT" ping >/dev/null || { echo "run.sh: redis-server did not start on port $REDIS_PORT (see $STATE/redis/redis.log)" >&2; exit 1; }

bin=Release/net10.0
logs=()
for ((i = 0; i < SILOS; i++)); do
  log="$STATE/silo$((i + 1)).log"; : >"$log"; logs+=("$log")
  dotnet "Cluster.Silo/bin/$bin/Cluster.Silo.dll" --config "$CONFIG" --redis "127.0.0.1:$REDIS_PORT" \
    --admin "$(plus_port "$ADMIN_URL" "$i")" --silo-port $((SILO_PORT + i)) --gateway-port $((GATEWAY_PORT + i)) \
    --advertise "$ADVERTISE" --cdr-dir "$STATE/cdr" >>"$log" 2>&1 &
  silo_pids+=($!)
done
for ((i = 0; i < SILOS; i++)); do
  wait_line "${silo_pids[$i]}" "$STATE/silo$((i + 1)).log" "^silo ready" "silo $((i + 1))"
done

for ((i = 0; i < EDGES; i++)); do
  log="$STATE/edge$((i + 1)).log"; : >"$log"; logs+=("$log")
  dotnet "Cluster.Edge/bin/$bin/Cluster.Edge.dll" --config "$CONFIG" --redis "127.0.0.1:$REDIS_PORT" \
    --listen "udp:$SIP_ADDR:$((SIP_PORT + i))" --listen "tcp:$SIP_ADDR:$((SIP_PORT + i))" \
    --metrics "$(plus_port "$METRICS_URL" "$i")" >>"$log" 2>&1 &
  edge_pids+=($!)
done
for ((i = 0; i < EDGES; i++)); do
  wait_line "${edge_pids[$i]}" "$STATE/edge$((i + 1)).log" "cluster joined" "edge $((i + 1))"
done

echo "run.sh: redis 127.0.0.1:$REDIS_PORT (AOF in $STATE/redis)"
for ((i = 0; i < SILOS; i++)); do
  echo "run.sh: silo $((i + 1)) (pid ${silo_pids[$i]}): silo port $((SILO_PORT + i)), gateway port $((GATEWAY_PORT + i)), admin $(plus_port "$ADMIN_URL" "$i"), log $STATE/silo$((i + 1)).log"
done
for ((i = 0; i < EDGES; i++)); do
  echo "run.sh: edge $((i + 1)) (pid ${edge_pids[$i]}): SIP udp/tcp $SIP_ADDR:$((SIP_PORT + i)), metrics $(plus_port "$METRICS_URL" "$i")/metrics, log $STATE/edge$((i + 1)).log"
done
echo "run.sh: ready: $SILOS silo(s), $EDGES edge(s); Ctrl-C stops all"

# Follow the logs from here on; stop everything when any process exits.
tail -q -n 0 -F "${logs[@]}" &
tail_pid=$!
wait -n "$redis_pid" "${silo_pids[@]}" "${edge_pids[@]}" || true
echo "run.sh: a process exited; stopping the others" >&2
